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
  /// `partial` gets a chunk's range and returns its sum — a `Double`, or a `SIMD2<Double>` for
  /// two sums in one pass, each lane added exactly as a `Double` would be; it may also write to
  /// disjoint, chunk-owned parts of memory (it runs on several threads at once).
  public static func sum<Value: ChunkSum>(
    count: Int, chunkSize: Int = defaultChunkSize, _ partial: (Range<Int>) -> Value
  ) -> Value {
    precondition(count >= 0 && chunkSize > 0, "a non-negative count and a positive chunk size")
    let chunks = (count + chunkSize - 1) / chunkSize
    if chunks <= 1 { return chunks == 0 ? .zero : partial(0..<count) }
    var partials = [Value](repeating: .zero, count: chunks)
    partials.withUnsafeMutableBufferPointer { out in
      withoutActuallyEscaping(partial) { partial in
        WorkerPool.shared.perform(
          blocks: chunks,
          ChunkWork(partial: partial, out: out, count: count, chunkSize: chunkSize))
      }
    }
    var total = Value.zero
    for value in partials { total += value }
    return total
  }
}

/// What ``ParallelChunks/sum(count:chunkSize:_:)`` adds: a `Double`, or a `SIMD2<Double>` for
/// two sums in one pass.
public protocol ChunkSum {
  static var zero: Self { get }
  static func += (total: inout Self, value: Self)
}

extension Double: ChunkSum {}
extension SIMD2: ChunkSum where Scalar == Double {}

/// The closure and output of one ``ParallelChunks/sum(count:chunkSize:_:)``; each chunk writes only
/// its own slot, so sharing it between threads is safe. (Made escaping for the pool, the closure
/// costs one small allocation per call: these loops are long, outside the iterations.)
private struct ChunkWork<Value>: BlockLoopBody, @unchecked Sendable {
  let partial: (Range<Int>) -> Value
  let out: UnsafeMutableBufferPointer<Value>
  let count: Int
  let chunkSize: Int

  func run(block c: Int) { out[c] = partial((c * chunkSize)..<min(count, (c + 1) * chunkSize)) }
}
