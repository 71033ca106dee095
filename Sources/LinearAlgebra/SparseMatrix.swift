import Foundation

/// A sparse matrix in compressed sparse row (CSR) form: the mixing matrix of a network.
///
/// Row `i` holds the entries `values[k]` at columns `columnIndices[k]` for
/// `k in rowPointers[i]..<rowPointers[i+1]`, with strictly increasing columns in each row
/// (so an entry is found by binary search and the layout of a matrix is unique).
/// `values` is mutable so that weights can be changed in place; the pattern cannot.
public struct SparseMatrix: Sendable, Hashable {
  public let rows: Int
  public let columns: Int
  /// `rows + 1` offsets into `columnIndices`/`values`, starting at 0.
  public let rowPointers: [Int]
  /// Column of each stored entry; strictly increasing within a row.
  public let columnIndices: [Int32]
  /// Value of each stored entry (stored zeros are allowed).
  public var values: [Double]

  /// Creates a CSR matrix, checking the layout.
  /// - Precondition: `rowPointers` has `rows + 1` non-decreasing entries from 0 to the number of
  ///   entries, `values` and `columnIndices` have that many entries, and the columns of each row
  ///   are strictly increasing and within `0..<columns`.
  public init(
    rows: Int, columns: Int, rowPointers: [Int], columnIndices: [Int32], values: [Double]
  ) {
    precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
    precondition(columns <= Int(Int32.max), "at most \(Int32.max) columns")
    precondition(rowPointers.count == rows + 1, "CSR needs rows + 1 = \(rows + 1) row pointers")
    precondition(rowPointers[0] == 0 && rowPointers[rows] == columnIndices.count,
                 "row pointers must run from 0 to the number of entries")
    precondition(values.count == columnIndices.count, "one value per column index")
    for i in 0..<rows {
      let start = rowPointers[i]
      let end = rowPointers[i + 1]
      precondition(start <= end, "row pointers must be non-decreasing (row \(i))")
      var previous = -1
      for k in start..<end {
        let j = Int(columnIndices[k])
        precondition(j > previous && j < columns,
                     "row \(i): columns must be strictly increasing and in 0..<\(columns)")
        previous = j
      }
    }
    self.rows = rows
    self.columns = columns
    self.rowPointers = rowPointers
    self.columnIndices = columnIndices
    self.values = values
  }

  /// The number of stored entries.
  public var storedCount: Int { columnIndices.count }

  /// Entry `(i, j)`: the stored value, or 0 when `(i, j)` is not stored. O(log(entries in row i)).
  public subscript(i: Int, j: Int) -> Double {
    storedPosition(row: i, column: j).map { values[$0] } ?? 0
  }

  /// The position in `values` of entry `(i, j)`, if it is stored. O(log(entries in row i)).
  public func storedPosition(row i: Int, column j: Int) -> Int? {
    precondition(i >= 0 && i < rows && j >= 0 && j < columns, "entry (\(i), \(j)) is out of range")
    var lo = rowPointers[i]
    var hi = rowPointers[i + 1]
    while lo < hi {
      let mid = (lo + hi) / 2
      let c = Int(columnIndices[mid])
      if c == j { return mid }
      if c < j { lo = mid + 1 } else { hi = mid }
    }
    return nil
  }

  /// The dense copy; O(rows · columns).
  public func toDense() -> Matrix {
    var dense = Matrix(rows: rows, columns: columns)
    for i in 0..<rows {
      for k in rowPointers[i]..<rowPointers[i + 1] {
        dense[i, Int(columnIndices[k])] = values[k]
      }
    }
    return dense
  }

  /// `Y = A·X` for a dense row-major `X` (`columns × d`) into `Y` (`rows × d`): one gossip round.
  ///
  /// Row `i` of `Y` is `Σ_k a_ik · (row k of X)`, O(entries · d). Rows are split over the cores
  /// (`DispatchQueue.concurrentPerform`) in contiguous blocks balanced by entries + rows when the
  /// work is large enough to pay for it; nothing is allocated. No BLAS call happens inside the
  /// parallel region, so OpenBLAS's own threads do not compete with these.
  public func multiply(_ x: Matrix, into y: inout Matrix) {
    precondition(x.rows == columns, "A is \(rows)×\(columns) but X has \(x.rows) rows")
    precondition(y.rows == rows && y.columns == x.columns,
                 "Y must be \(rows)×\(x.columns), got \(y.rows)×\(y.columns)")
    let d = x.columns
    x.storage.withUnsafeBufferPointer { xb in
      y.storage.withUnsafeMutableBufferPointer { yb in
        multiply(width: d, x: xb, y: yb)
      }
    }
  }

  /// `y = A·x` (matrix × vector); the `d = 1` case of ``multiply(_:into:)-(Matrix,_)``.
  public func multiply(_ x: [Double], into y: inout [Double]) {
    precondition(x.count == columns, "A is \(rows)×\(columns) but x has \(x.count) entries")
    precondition(y.count == rows, "y must have \(rows) entries, got \(y.count)")
    x.withUnsafeBufferPointer { xb in
      y.withUnsafeMutableBufferPointer { yb in
        multiply(width: 1, x: xb, y: yb)
      }
    }
  }

  /// Below this many multiply–adds a product runs on the calling thread.
  static let parallelWorkThreshold = 1 << 16
  /// Row blocks of a parallel product: a few per core, so that uneven blocks even out.
  static let parallelBlockCount = 4 * ProcessInfo.processInfo.activeProcessorCount

  /// The shared kernel: `x` is `columns × width`, `y` is `rows × width`, both row-major.
  func multiply(
    width d: Int, x: UnsafeBufferPointer<Double>, y: UnsafeMutableBufferPointer<Double>
  ) {
    guard rows > 0, d > 0 else { return }
    let work = (storedCount + rows) * d
    let blocks = work < Self.parallelWorkThreshold ? 1 : min(rows, Self.parallelBlockCount)
    rowPointers.withUnsafeBufferPointer { rp in
      columnIndices.withUnsafeBufferPointer { ci in
        values.withUnsafeBufferPointer { va in
          let kernel = RowBlockKernel(
            rowPointers: rp, columnIndices: ci, values: va, x: x, y: y, rows: rows, width: d,
            blocks: blocks)
          if blocks == 1 {
            kernel.run(block: 0)
          } else {
            DispatchQueue.concurrentPerform(iterations: blocks) { kernel.run(block: $0) }
          }
        }
      }
    }
  }
}

/// The row-block worker of ``SparseMatrix/multiply(_:into:)-(Matrix,_)``.
///
/// Each block writes a disjoint range of rows of `y`, so the blocks can run concurrently.
private struct RowBlockKernel: @unchecked Sendable {
  let rowPointers: UnsafeBufferPointer<Int>
  let columnIndices: UnsafeBufferPointer<Int32>
  let values: UnsafeBufferPointer<Double>
  let x: UnsafeBufferPointer<Double>
  let y: UnsafeMutableBufferPointer<Double>
  let rows: Int
  let width: Int
  let blocks: Int

  /// The first row of `block`: the least `r` with `rowPointers[r] + r ≥ block · total / blocks`,
  /// so every block gets about the same number of entries plus rows.
  func firstRow(of block: Int) -> Int {
    if block >= blocks { return rows }
    let total = rowPointers[rows] + rows
    let target = block * total / blocks
    var lo = 0
    var hi = rows
    while lo < hi {
      let mid = (lo + hi) / 2
      if rowPointers[mid] + mid < target { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  func run(block: Int) {
    let start = firstRow(of: block)
    let end = firstRow(of: block + 1)
    guard start < end else { return }
    if width == 1 {
      for i in start..<end {
        var sum = 0.0
        for k in rowPointers[i]..<rowPointers[i + 1] {
          sum += values[k] * x[Int(columnIndices[k])]
        }
        y[i] = sum
      }
      return
    }
    // Rows exist and width > 0, so `y` is not empty; `x` is not empty when a row has entries.
    let yp = y.baseAddress!
    for i in start..<end {
      let yRow = yp + i * width
      yRow.update(repeating: 0, count: width)
      for k in rowPointers[i]..<rowPointers[i + 1] {
        let a = values[k]
        let xRow = x.baseAddress! + Int(columnIndices[k]) * width
        for t in 0..<width { yRow[t] += a * xRow[t] }
      }
    }
  }
}
