import COpenBLAS
import LinearAlgebra
import Testing

@Suite struct ParallelChunksTests {
  /// Values whose sum depends on the order of the additions: 1e16 + 1 rounds to 1e16, so a
  /// plain sum loses every 1, while chunks of 1s add up before they meet 1e16.
  static func terms(_ count: Int) -> [Double] {
    (0..<count).map { i in i == 0 ? 1e16 : 1 }
  }

  @Test func addsTheChunksPartialSumsInChunkOrder() {
    let values = Self.terms(1_000)
    let chunk = 7
    // The reference: each chunk summed left to right, then the partial sums left to right.
    var expected = 0.0
    for start in stride(from: 0, to: values.count, by: chunk) {
      var partial = 0.0
      for v in values[start..<min(values.count, start + chunk)] { partial += v }
      expected += partial
    }
    var plain = 0.0
    for v in values { plain += v }
    #expect(plain != expected)  // the test would not notice a plain sum otherwise
    for _ in 0..<20 {
      let sum = ParallelChunks.sum(count: values.count, chunkSize: chunk) { range in
        var partial = 0.0
        for i in range { partial += values[i] }
        return partial
      }
      #expect(sum.bitPattern == expected.bitPattern)
    }
  }

  /// Two sums in one pass: each lane is exactly the sum of its own terms.
  @Test func pairsAddEachLaneAsItsOwnSum() {
    let values = Self.terms(1_000)
    let single = ParallelChunks.sum(count: values.count, chunkSize: 7) { range in
      var partial = 0.0
      for i in range { partial += values[i] }
      return partial
    }
    let squares = ParallelChunks.sum(count: values.count, chunkSize: 7) { range in
      var partial = 0.0
      for i in range { partial += values[i] * values[i] }
      return partial
    }
    let pair = ParallelChunks.sum(count: values.count, chunkSize: 7) { range in
      var partial = SIMD2<Double>.zero
      for i in range { partial += SIMD2(values[i], values[i] * values[i]) }
      return partial
    }
    #expect(pair[0].bitPattern == single.bitPattern)
    #expect(pair[1].bitPattern == squares.bitPattern)
    #expect(ParallelChunks.sum(count: 0) { _ in SIMD2<Double>(1, 1) } == .zero)
  }

  @Test func oneChunkIsThePlainSumAndNoChunkIsZero() {
    let values = Self.terms(100)
    var plain = 0.0
    for v in values { plain += v }
    let sum = ParallelChunks.sum(count: values.count, chunkSize: 100) { range in
      var partial = 0.0
      for i in range { partial += values[i] }
      return partial
    }
    #expect(sum.bitPattern == plain.bitPattern)
    #expect(ParallelChunks.sum(count: 0) { _ in 1 } == 0)
  }

  /// `forEachBlock` (the loop of the gradients and fused updates): every index exactly once,
  /// in parallel above the work threshold and on the calling thread below it.
  @Test(arguments: [10, 1 << 20])
  func forEachBlockVisitsEveryIndexOnce(work: Int) {
    var visits = [Int](repeating: 0, count: 10_007)
    visits.withUnsafeMutableBufferPointer { visits in
      forEachBlock(count: visits.count, work: work) { block in
        for i in block { visits[i] += 1 }
      }
    }
    #expect(visits.allSatisfy { $0 == 1 })
  }

  @Test func singleThreadedBLASRestoresTheThreadCount() {
    let before = openblas_get_num_threads()
    let inside = withSingleThreadedBLAS { openblas_get_num_threads() }
    #expect(inside == 1)
    #expect(openblas_get_num_threads() == before)
  }
}
