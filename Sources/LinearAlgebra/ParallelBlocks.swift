import Foundation

/// Below this much work (multiply–adds or element updates) ``forEachBlock(count:work:_:)`` runs
/// on the calling thread: waking the pool's threads costs a few µs.
private let minimumParallelWork = 1 << 16

/// Blocks of a parallel loop: a few per core, so that uneven blocks even out.
private let blockCount = 4 * ProcessInfo.processInfo.activeProcessorCount

/// How many blocks a loop of `count` indices and `work` multiply–adds is cut into (1: serial).
private func blocks(count: Int, work: Int) -> Int {
  work < minimumParallelWork ? 1 : min(count, blockCount)
}

/// Calls `body` with contiguous blocks of `0..<count` covering it: a few blocks per core run
/// concurrently when `work` (the whole loop's, in multiply–adds) reaches
/// 2¹⁶, one block runs on the calling thread otherwise.
///
/// The blocks depend only on `count` and `work`, never on timing, so a `body` whose every index
/// writes only its own data gives the same result however the blocks are scheduled. Concurrent
/// calls of `body` must write disjoint data; that is the caller's promise, which is why `body`
/// need not be `Sendable`. The blocks run on ``WorkerPool``; handing it the closure costs one small
/// allocation per parallel call (the box `withoutActuallyEscaping` makes), none below the
/// threshold. Loops that must allocate nothing (an algorithm's iteration) pass a
/// ``RangeLoopBody`` value instead: ``forEachBlock(count:work:body:)``.
public func forEachBlock(count: Int, work: Int, _ body: (Range<Int>) -> Void) {
  if blocks(count: count, work: work) <= 1 { return body(0..<count) }
  withoutActuallyEscaping(body) { body in
    forEachBlock(count: count, work: work, body: ClosureLoopBody(body: body))
  }
}

/// The body of a ``forEachBlock(count:work:body:)`` loop as a value holding the loop's data
/// (pointers and numbers): `run` gets one block of indices.
public protocol RangeLoopBody {
  func run(_ indices: Range<Int>)
}

/// ``forEachBlock(count:work:_:)`` with the body as a value, which the pool gets by address:
/// nothing is allocated.
public func forEachBlock<Body: RangeLoopBody>(count: Int, work: Int, body: Body) {
  let blocks = blocks(count: count, work: work)
  if blocks <= 1 { return body.run(0..<count) }
  WorkerPool.shared.perform(blocks: blocks, RangeBlocks(body: body, count: count, blocks: blocks))
}

/// A closure as a ``RangeLoopBody`` (made escaping by its caller for the duration of the loop).
private struct ClosureLoopBody: RangeLoopBody {
  let body: (Range<Int>) -> Void

  func run(_ indices: Range<Int>) { body(indices) }
}

/// Block b of `count` indices split into `blocks`; the blocks touch disjoint data (the caller's
/// promise).
private struct RangeBlocks<Body: RangeLoopBody>: BlockLoopBody, @unchecked Sendable {
  let body: Body
  let count: Int
  let blocks: Int

  func run(block b: Int) { body.run((b * count / blocks)..<((b + 1) * count / blocks)) }
}
