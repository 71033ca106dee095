/// Sums over `0..<count` computed by the cores, with results that do not depend on them.
///
/// The range is cut into chunks of a fixed size; each chunk's partial sum is computed by one
/// thread (chunks run concurrently when there are several), and the partial sums are added in
/// chunk order. The rounding therefore depends only on the chunk size — the same value on one
/// core, two cores or a cluster node — which is what the reports and the byte-identical MPI runs
/// need. Used for the long reductions outside the gossip round: the Lanczos vector operations
/// and the global objective over all samples.
public enum ParallelChunks {
  /// Entries per chunk: large enough that a chunk costs far more than handing it to a thread.
  public static let defaultChunkSize = 1 << 15

  /// `Σ_c partial(chunk c)` over the chunks of `0..<count`, in chunk order.
  ///
  /// `partial` gets a chunk's range and returns its sum; it may also write to disjoint,
  /// chunk-owned parts of memory (it runs on several threads at once).
  public static func sum(
    count: Int, chunkSize: Int = defaultChunkSize, _ partial: (Range<Int>) -> Double
  ) -> Double {
    precondition(count >= 0 && chunkSize > 0, "a non-negative count and a positive chunk size")
    let chunks = (count + chunkSize - 1) / chunkSize
    if chunks <= 1 { return chunks == 0 ? 0 : partial(0..<count) }
    var partials = [Double](repeating: 0, count: chunks)
    partials.withUnsafeMutableBufferPointer { out in
      withoutActuallyEscaping(partial) { partial in
        WorkerPool.shared.perform(
          blocks: chunks,
          ChunkWork(partial: partial, out: out, count: count, chunkSize: chunkSize))
      }
    }
    var total = 0.0
    for value in partials { total += value }
    return total
  }
}

/// The closure and output of one ``ParallelChunks/sum(count:chunkSize:_:)``; each chunk writes only
/// its own slot, so sharing it between threads is safe. (Made escaping for the pool, the closure
/// costs one small allocation per call: these loops are long, outside the iterations.)
private struct ChunkWork: BlockLoopBody, @unchecked Sendable {
  let partial: (Range<Int>) -> Double
  let out: UnsafeMutableBufferPointer<Double>
  let count: Int
  let chunkSize: Int

  func run(block c: Int) { out[c] = partial((c * chunkSize)..<min(count, (c + 1) * chunkSize)) }
}
