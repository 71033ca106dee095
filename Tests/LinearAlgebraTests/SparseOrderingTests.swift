import LinearAlgebra
import Testing

@Suite struct SparseOrderingTests {
  /// The largest |i − j| over the stored entries.
  func bandwidth(_ a: SparseMatrix) -> Int {
    var widest = 0
    for i in 0..<a.rows {
      for k in a.rowPointers[i]..<a.rowPointers[i + 1] {
        widest = max(widest, abs(i - Int(a.columnIndices[k])))
      }
    }
    return widest
  }

  /// A path numbered in a scrambled order, plus a separate triangle: reverse Cuthill–McKee
  /// numbers each part consecutively from one end, so the path gets bandwidth 1 again.
  @Test func reverseCuthillMcKeeRestoresAScrambledPath() {
    let n = 40
    // Node p of the path is called label[p]; 7 is coprime to 40, so this is a permutation.
    let label = (0..<n).map { ($0 * 7 + 3) % n }
    var rowsOfEntries = [[(Int, Double)]](repeating: [], count: n + 3)
    for p in 0..<n {
      rowsOfEntries[label[p]].append((label[p], 2))
      if p > 0 { rowsOfEntries[label[p]].append((label[p - 1], Double(-p))) }
      if p < n - 1 { rowsOfEntries[label[p]].append((label[p + 1], Double(-p - 1))) }
    }
    for (i, j) in [(n, n + 1), (n + 1, n + 2), (n, n + 2)] {
      rowsOfEntries[i].append((j, 1))
      rowsOfEntries[j].append((i, 1))
    }
    var pointers = [0]
    var columns: [Int32] = []
    var values: [Double] = []
    for row in rowsOfEntries {
      for (j, v) in row.sorted(by: { $0.0 < $1.0 }) {
        columns.append(Int32(j))
        values.append(v)
      }
      pointers.append(columns.count)
    }
    let a = SparseMatrix(
      rows: n + 3, columns: n + 3, rowPointers: pointers, columnIndices: columns, values: values)
    #expect(bandwidth(a) > 10)

    let order = a.reverseCuthillMcKeeOrder()
    #expect(order.sorted() == Array(0..<(n + 3)))
    let b = a.symmetricallyPermuted(by: order)
    #expect(bandwidth(b) == 2)  // the path: 1; the triangle: 2
    for k in 0..<b.rows {
      for l in 0..<b.columns { #expect(b[k, l] == a[order[k], order[l]]) }
    }
    // The path's positions follow the path from one end to the other.
    let pathPositions = label.map { order.firstIndex(of: $0)! }
    let steps = zip(pathPositions, pathPositions.dropFirst()).map { $1 - $0 }
    #expect(steps.allSatisfy { $0 == 1 } || steps.allSatisfy { $0 == -1 })
  }
}
