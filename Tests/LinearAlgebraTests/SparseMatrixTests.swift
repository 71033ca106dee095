import GossipCore
import GossipTestSupport
import Testing

@testable import LinearAlgebra

/// A seeded random CSR matrix in which about `emptyRowShare` of the rows have no entries.
func randomSparse(
  rows: Int, columns: Int, perRow: Int, emptyRowShare: Double, seed: UInt64
) -> SparseMatrix {
  var rng = SeededGenerator(seed: seed)
  var rowPointers = [0]
  var columnIndices: [Int32] = []
  var values: [Double] = []
  for _ in 0..<rows {
    if Double.random(in: 0..<1, using: &rng) >= emptyRowShare {
      let picked = Set((0..<perRow).map { _ in Int.random(in: 0..<columns, using: &rng) })
      for j in picked.sorted() {
        columnIndices.append(Int32(j))
        values.append(Double.random(in: -1...1, using: &rng))
      }
    }
    rowPointers.append(columnIndices.count)
  }
  return SparseMatrix(
    rows: rows, columns: columns, rowPointers: rowPointers,
    columnIndices: columnIndices, values: values)
}

func randomDense(rows: Int, columns: Int, seed: UInt64) -> Matrix {
  var rng = SeededGenerator(seed: seed)
  return Matrix(
    rows: rows, columns: columns,
    storage: (0..<(rows * columns)).map { _ in Double.random(in: -1...1, using: &rng) })
}

@Suite struct SparseMatrixTests {
  @Test func denseCopyAndEntryLookup() {
    // [[1, 0, 2], [0, 0, 0], [0, 3, 0]]
    let a = SparseMatrix(
      rows: 3, columns: 3, rowPointers: [0, 2, 2, 3], columnIndices: [0, 2, 1],
      values: [1, 2, 3])
    #expect(a.toDense().storage == [1, 0, 2, 0, 0, 0, 0, 3, 0])
    #expect(a[0, 2] == 2 && a[2, 1] == 3 && a[1, 1] == 0 && a[0, 1] == 0)
    #expect(a.storedPosition(row: 2, column: 1) == 2)
    #expect(a.storedPosition(row: 1, column: 0) == nil)
  }

  /// Shapes: d = 1 and d > 1, tiny and large enough to be split over the cores, with empty rows.
  @Test(arguments: [
    (rows: 7, columns: 5, perRow: 2, width: 1),
    (rows: 7, columns: 5, perRow: 3, width: 4),
    (rows: 1, columns: 9, perRow: 4, width: 2),
    (rows: 3_000, columns: 2_000, perRow: 8, width: 1),
    (rows: 3_000, columns: 2_000, perRow: 8, width: 1 << 4),
    (rows: 2_000, columns: 40_000, perRow: 60, width: 1),
    // Rows of up to 20 entries: several passes (groups of at most 8) over a row of Y; odd widths.
    (rows: 300, columns: 200, perRow: 20, width: 3),
    (rows: 1_000, columns: 800, perRow: 12, width: 33),
  ])
  func productEqualsDenseBLASProduct(rows: Int, columns: Int, perRow: Int, width: Int) {
    let a = randomSparse(
      rows: rows, columns: columns, perRow: perRow, emptyRowShare: 0.2,
      seed: UInt64(rows * 31 + width))
    let x = randomDense(rows: columns, columns: width, seed: UInt64(columns + width))
    let expected = a.toDense().multiplied(by: x)  // cblas_dgemm
    var y = Matrix(rows: rows, columns: width, repeating: .nan)
    a.multiply(x, into: &y)
    let worst = zip(y.storage, expected.storage).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= 1e-12, "largest difference \(worst)")
    if width == 1 {
      var yVector = [Double](repeating: .nan, count: rows)
      a.multiply(x.storage, into: &yVector)
      let worstVector = zip(yVector, expected.storage).map { abs($0 - $1) }.max() ?? 0
      #expect(worstVector <= 1e-12, "largest difference \(worstVector)")
    }
  }

  /// The documented summation order: each entry of a row of Y is `((0 + a₁x₁) + a₂x₂) + …` over
  /// the row's entries in CSR order, exactly (no reassociation, no fused multiply–add), whatever
  /// the width, the number of entries in the row (1 to 20 here) and the split over the cores.
  @Test(arguments: [1, 2, 7, 16, 37])
  func productSumsEachRowInCSROrder(width: Int) {
    let a = randomSparse(
      rows: 2_000, columns: 500, perRow: 20, emptyRowShare: 0.1,
      seed: UInt64(width))
    let x = randomDense(rows: 500, columns: width, seed: UInt64(7 * width))
    var y = Matrix(rows: 2_000, columns: width, repeating: .nan)
    a.multiply(x, into: &y)
    var mismatches = 0
    for i in 0..<a.rows {
      for t in 0..<width {
        var sum = 0.0
        for k in a.rowPointers[i]..<a.rowPointers[i + 1] {
          sum += a.values[k] * x[Int(a.columnIndices[k]), t]
        }
        if y[i, t].bitPattern != sum.bitPattern { mismatches += 1 }
      }
    }
    #expect(mismatches == 0)
  }

  /// Two products in one pass give, bit for bit, what two separate products give (the CSR order
  /// of ``productSumsEachRowInCSROrder(width:)`` for each), small and split over the cores.
  @Test(arguments: [(rows: 9, width: 1), (rows: 9, width: 3), (rows: 4_000, width: 10)])
  func pairedProductsEqualSeparateProducts(rows: Int, width: Int) {
    let a = randomSparse(rows: rows, columns: rows, perRow: 6, emptyRowShare: 0.1, seed: 5)
    let xa = randomDense(rows: rows, columns: width, seed: 6)
    let xb = randomDense(rows: rows, columns: width, seed: 7)
    var (ya, yb) = (Matrix(rows: rows, columns: width), Matrix(rows: rows, columns: width))
    a.multiply(xa, xb, into: &ya, &yb)
    var (expectedA, expectedB) = (
      Matrix(rows: rows, columns: width), Matrix(rows: rows, columns: width)
    )
    a.multiply(xa, into: &expectedA)
    a.multiply(xb, into: &expectedB)
    #expect(ya.storage.map(\.bitPattern) == expectedA.storage.map(\.bitPattern))
    #expect(yb.storage.map(\.bitPattern) == expectedB.storage.map(\.bitPattern))
    #expect(ya != yb)
  }

  /// Prefetching the rows of X (on for a large X of short rows) changes no result: forced on and
  /// off, single and paired products are the same bits, serial and split over the cores.
  @Test(arguments: [
    (rows: 9, width: 1), (rows: 5_000, width: 1), (rows: 5_000, width: 10),
    (rows: 2_000, width: 40),
  ])
  func prefetchingChangesNoResult(rows: Int, width: Int) {
    let a = randomSparse(rows: rows, columns: rows, perRow: 6, emptyRowShare: 0.1, seed: 8)
    let xa = randomDense(rows: rows, columns: width, seed: 9)
    let xb = randomDense(rows: rows, columns: width, seed: 10)
    func products(prefetching: Bool) -> [[UInt64]] {
      var (ya, yb) = (Matrix(rows: rows, columns: width), Matrix(rows: rows, columns: width))
      xa.storage.withUnsafeBufferPointer { xa in
        xb.storage.withUnsafeBufferPointer { xb in
          ya.storage.withUnsafeMutableBufferPointer { ya in
            yb.storage.withUnsafeMutableBufferPointer { yb in
              a.multiply(width: width, x: xa, y: ya, second: (xb, yb), prefetching: prefetching)
            }
          }
        }
      }
      return [ya.storage.map(\.bitPattern), yb.storage.map(\.bitPattern)]
    }
    var expected = Matrix(rows: rows, columns: width)
    a.multiply(xa, into: &expected)
    #expect(products(prefetching: true) == products(prefetching: false))
    #expect(products(prefetching: true)[0] == expected.storage.map(\.bitPattern))
  }

  @Test func prefetchingIsForShortRowsOfAMatrixLargerThanTheCache() {
    let large = CacheSize.lastLevel  // entries: 8 bytes each, so 8 × the cache
    #expect(SparseMatrix.prefetches(width: 10, entries: large))
    #expect(!SparseMatrix.prefetches(width: 100, entries: large))
    #expect(!SparseMatrix.prefetches(width: 10, entries: 1_000))
    #expect(CacheSize.bytes(of: "32768K") == 32 << 20)
    #expect(CacheSize.bytes(of: "2M") == 2 << 20)
    #expect(CacheSize.bytes(of: "512") == 512)
    #expect(CacheSize.bytes(of: "") == nil)
    #expect(CacheSize.bytes(of: "12Q") == nil)
  }

  @Test func allEmptyRowsGiveZeros() {
    let a = SparseMatrix(
      rows: 4, columns: 2, rowPointers: [0, 0, 0, 0, 0], columnIndices: [],
      values: [])
    var y = Matrix(rows: 4, columns: 3, repeating: 7)
    a.multiply(Matrix(rows: 2, columns: 3, repeating: 1), into: &y)
    #expect(y.storage.allSatisfy { $0 == 0 })
  }

  @Test func denseProductAndTransposeMatchHandComputedValues() {
    let a = Matrix(rows: 2, columns: 3, storage: [1, 2, 3, 4, 5, 6])
    let b = Matrix(rows: 3, columns: 2, storage: [7, 8, 9, 10, 11, 12])
    #expect(a.multiplied(by: b).storage == [58, 64, 139, 154])
    #expect(a.transposed().storage == [1, 4, 2, 5, 3, 6])
  }
}
