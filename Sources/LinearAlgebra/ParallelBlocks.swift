import Foundation

/// Below this much work (multiply–adds or element updates) ``forEachBlock(count:work:_:)`` runs
/// on the calling thread: waking the pool's threads costs a few µs.
private let minimumParallelWork = 1 << 16

/// Blocks of a parallel loop: a few per core, so that uneven blocks even out.
private let blockCount = 4 * ProcessInfo.processInfo.activeProcessorCount

/// Calls `body` with contiguous blocks of `0..<count` covering it: a few blocks per core run
/// concurrently when `work` (the whole loop's, in multiply–adds) reaches
/// 2¹⁶, one block runs on the calling thread otherwise.
///
/// The blocks depend only on `count` and `work`, never on timing, so a `body` whose every index
/// writes only its own data gives the same result however the blocks are scheduled. Concurrent
/// calls of `body` must write disjoint data; that is the caller's promise, which is why `body`
/// need not be `Sendable`. The blocks run on ``WorkerPool``; handing it the closure costs one small
/// allocation per parallel call (the box `withoutActuallyEscaping` makes), none below the threshold.
public func forEachBlock(count: Int, work: Int, _ body: (Range<Int>) -> Void) {
  let blocks = work < minimumParallelWork ? 1 : min(count, blockCount)
  if blocks <= 1 { return body(0..<count) }
  withoutActuallyEscaping(body) { body in
    WorkerPool.shared.perform(blocks: blocks, RangeBlocks(body: body, count: count, blocks: blocks))
  }
}

/// Block b of `count` indices split into `blocks`; the blocks touch disjoint data (the caller's
/// promise).
private struct RangeBlocks: BlockLoopBody, @unchecked Sendable {
  let body: (Range<Int>) -> Void
  let count: Int
  let blocks: Int

  func run(block b: Int) { body((b * count / blocks)..<((b + 1) * count / blocks)) }
}
