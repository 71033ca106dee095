import Foundation

/// The body of a loop that ``WorkerPool`` runs in parallel: `run(block:)` is called once for each
/// block, concurrently, on whichever of the pool's threads is free.
///
/// A value type with the loop's data, rather than a closure: a closure handed to other threads
/// must be made escaping (`withoutActuallyEscaping` allocates a box for it on every call), while
/// a value is passed by address and its type as a metatype, which allocates nothing.
public protocol BlockLoopBody: Sendable {
  func run(block: Int)
}

/// A fixed set of threads, started on first use, that run the blocks of a parallel loop.
///
/// `perform(blocks:_:)` does what `DispatchQueue.concurrentPerform(iterations:execute:)` does,
/// without allocating (concurrentPerform makes 3 mallocs per call): a gossip round or an
/// algorithm iteration calls it every round and must allocate nothing. The calling thread runs
/// blocks too; blocks are handed out one at a time to whichever thread is free, and the call
/// returns when all have finished. Which thread runs a block is not fixed, so a block's result
/// must not depend on it. A call made while the pool is busy — from inside a block, or from
/// another thread at the same time — runs its blocks one after the other on the calling thread.
public final class WorkerPool: @unchecked Sendable {
  /// The pool of the process: one thread per core available to it, counting the caller.
  public static let shared = WorkerPool(threads: ProcessInfo.processInfo.activeProcessorCount)

  /// Threads that run blocks, the calling thread included.
  public let threadCount: Int

  /// Guards every variable below; workers wait on it for work, the caller for the last block.
  private let condition = NSCondition()
  /// The loop being run: the address of its body (on the caller's stack) and the body's type.
  private var loop: (body: UnsafeRawPointer, type: any BlockLoopBody.Type)?
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
      Thread {
        Thread.current.name = "WorkerPool"  // shown by top and perf (Linux: at most 15 bytes)
        self.work()
      }.start()
    }
  }

  /// Calls `body.run(block: b)` for every `b` in `0..<blocks`, concurrently on the pool's
  /// threads, and returns when all calls have returned.
  public func perform<Body: BlockLoopBody>(blocks: Int, _ body: Body) {
    guard blocks > 1, threadCount > 1 else {
      for b in 0..<blocks { body.run(block: b) }
      return
    }
    condition.lock()
    guard loop == nil else {
      condition.unlock()
      for b in 0..<blocks { body.run(block: b) }
      return
    }
    withUnsafePointer(to: body) { body in
      loop = (UnsafeRawPointer(body), Body.self)
      blockCount = blocks
      nextBlock = 0
      unfinished = blocks
      generation &+= 1
      condition.broadcast()
      runBlocks()
      while unfinished > 0 { condition.wait() }
      loop = nil
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
    while nextBlock < blockCount, let loop {
      let block = nextBlock
      nextBlock += 1
      condition.unlock()
      Self.run(loop.type, at: loop.body, block: block)
      condition.lock()
      unfinished -= 1
      if unfinished == 0 { condition.broadcast() }
    }
  }

  private static func run<Body: BlockLoopBody>(
    _: Body.Type, at body: UnsafeRawPointer, block: Int
  ) {
    body.assumingMemoryBound(to: Body.self).pointee.run(block: block)
  }
}
