import Foundation

/// A fixed set of threads, started on first use, that run the blocks of a parallel loop.
///
/// `perform(blocks:_:)` does what `DispatchQueue.concurrentPerform(iterations:execute:)` does,
/// without its allocations (3 mallocs per call): a gossip round or an algorithm iteration calls it
/// every round and must allocate nothing. The calling thread runs blocks too; blocks are handed
/// out one at a time to whichever thread is free, and the call returns when all have finished.
/// Which thread runs a block is not fixed, so a block's result must not depend on it. A call made
/// while the pool is busy — from inside a block, or from another thread at the same time — runs
/// its blocks one after the other on the calling thread.
public final class WorkerPool: @unchecked Sendable {
  /// The pool of the process: one thread per core available to it, counting the caller.
  public static let shared = WorkerPool(threads: ProcessInfo.processInfo.activeProcessorCount)

  /// Threads that run blocks, the calling thread included.
  public let threadCount: Int

  /// Guards every variable below; workers wait on it for work, the caller for the last block.
  private let condition = NSCondition()
  /// The loop being run; nil when the pool is idle.
  private var body: ((Int) -> Void)?
  private var blockCount = 0
  /// The next block to hand out.
  private var nextBlock = 0
  /// Blocks handed out or not, that have not finished yet.
  private var unfinished = 0
  /// Counts the loops run, so that a worker that wakes up knows whether there is a new one.
  private var generation = 0

  private init(threads: Int) {
    threadCount = max(1, threads)
    for _ in 1..<threadCount {
      let worker = Thread { self.work() }
      worker.name = "LinearAlgebra.WorkerPool"
      worker.start()
    }
  }

  /// Calls `body(b)` for every `b` in `0..<blocks`, concurrently on the pool's threads, and
  /// returns when all calls have returned.
  public func perform(blocks: Int, _ body: (Int) -> Void) {
    guard blocks > 1, threadCount > 1 else {
      for b in 0..<blocks { body(b) }
      return
    }
    condition.lock()
    guard self.body == nil else {
      condition.unlock()
      for b in 0..<blocks { body(b) }
      return
    }
    withoutActuallyEscaping(body) { body in
      self.body = body
      blockCount = blocks
      nextBlock = 0
      unfinished = blocks
      generation &+= 1
      condition.broadcast()
      runBlocks()
      while unfinished > 0 { condition.wait() }
      self.body = nil
    }
    condition.unlock()
  }

  /// A worker thread: sleeps until a loop is posted, runs blocks of it, sleeps again.
  private func work() {
    var seen = 0
    condition.lock()
    while true {
      while generation == seen { condition.wait() }
      seen = generation
      runBlocks()
    }
  }

  /// Runs blocks of the current loop until none is left to hand out; called and returns with the
  /// lock held, which it releases while a block runs.
  private func runBlocks() {
    while nextBlock < blockCount {
      let block = nextBlock
      nextBlock += 1
      condition.unlock()
      run(block)
      condition.lock()
      unfinished -= 1
      if unfinished == 0 { condition.broadcast() }
    }
  }

  /// Runs one block. A function of its own so that its copy of `body` is released when it
  /// returns, before the block counts as finished: `withoutActuallyEscaping` checks that no copy
  /// outlives the loop. `body` is only set and cleared while no block runs.
  private func run(_ block: Int) {
    body!(block)
  }
}
