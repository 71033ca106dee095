import CPrefetch
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
    precondition(
      rowPointers[0] == 0 && rowPointers[rows] == columnIndices.count,
      "row pointers must run from 0 to the number of entries")
    precondition(values.count == columnIndices.count, "one value per column index")
    for i in 0..<rows {
      let start = rowPointers[i]
      let end = rowPointers[i + 1]
      precondition(start <= end, "row pointers must be non-decreasing (row \(i))")
      var previous = -1
      for k in start..<end {
        let j = Int(columnIndices[k])
        precondition(
          j > previous && j < columns,
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
  /// Row `i` of `Y` is `Σ_k a_ik · (row k of X)`, summed in CSR order (so the result does not
  /// depend on the number of cores), O(entries · d). Up to 8 entries of a row are combined in one
  /// pass over its row of `Y` (docs/performance.md explains why). Rows are split over the cores
  /// (``WorkerPool``) in contiguous blocks balanced by entries + rows when the work is large
  /// enough to pay for it; nothing is allocated. No BLAS call happens inside the parallel region,
  /// so OpenBLAS's own threads do not compete with these.
  public func multiply(_ x: Matrix, into y: inout Matrix) {
    checkProductShapes(x, y)
    let d = x.columns
    x.storage.withUnsafeBufferPointer { xb in
      y.storage.withUnsafeMutableBufferPointer { yb in
        multiply(width: d, x: xb, y: yb)
      }
    }
  }

  /// `Ya = A·Xa` and `Yb = A·Xb` in one parallel pass: each block of rows of A is applied to
  /// `Xa`, then, while it is still in the cache, to `Xb` (gradient tracking mixes x and y every
  /// iteration). The results are those of two calls of ``multiply(_:into:)-(Matrix,_)``.
  public func multiply(_ xa: Matrix, _ xb: Matrix, into ya: inout Matrix, _ yb: inout Matrix) {
    checkProductShapes(xa, ya)
    checkProductShapes(xb, yb)
    precondition(xa.columns == xb.columns, "both products need the same number of columns")
    let d = xa.columns
    xa.storage.withUnsafeBufferPointer { a in
      xb.storage.withUnsafeBufferPointer { b in
        ya.storage.withUnsafeMutableBufferPointer { ya in
          yb.storage.withUnsafeMutableBufferPointer { yb in
            multiply(width: d, x: a, y: ya, second: (b, yb))
          }
        }
      }
    }
  }

  private func checkProductShapes(_ x: Matrix, _ y: Matrix) {
    precondition(x.rows == columns, "A is \(rows)×\(columns) but X has \(x.rows) rows")
    precondition(
      y.rows == rows && y.columns == x.columns,
      "Y must be \(rows)×\(x.columns), got \(y.rows)×\(y.columns)")
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
  static let parallelBlockCount = 4 * WorkerPool.shared.threadCount

  /// The shared kernel: `x` is `columns × width`, `y` is `rows × width`, both row-major; so are
  /// `second`'s, multiplied block after block with the first. `prefetching` overrides
  /// ``prefetches(width:entries:)`` (tests check that it changes no result).
  func multiply(
    width d: Int, x: UnsafeBufferPointer<Double>, y: UnsafeMutableBufferPointer<Double>,
    second: (x: UnsafeBufferPointer<Double>, y: UnsafeMutableBufferPointer<Double>)? = nil,
    prefetching: Bool? = nil
  ) {
    guard rows > 0, d > 0 else { return }
    let work = (storedCount + rows) * d * (second == nil ? 1 : 2)
    let blocks = work < Self.parallelWorkThreshold ? 1 : min(rows, Self.parallelBlockCount)
    rowPointers.withUnsafeBufferPointer { rp in
      columnIndices.withUnsafeBufferPointer { ci in
        values.withUnsafeBufferPointer { va in
          let kernel = RowBlockKernel(
            rowPointers: rp, columnIndices: ci, values: va, x: x, y: y, second: second,
            rows: rows, width: d, blocks: blocks,
            prefetching: prefetching ?? Self.prefetches(width: d, entries: x.count))
          WorkerPool.shared.perform(blocks: blocks, kernel)
        }
      }
    }
  }
}

extension SparseMatrix {
  /// Whether a product with `x` of `entries` numbers in rows of `width` prefetches the rows of
  /// `x` it reads (software prefetch, ``RowBlockKernel/prefetchDistance`` rows of W ahead): when
  /// the rows are short — the hardware prefetchers stream long ones — and `x` takes more than
  /// half the last-level cache, which it shares with `y` and W. When `x` stays in the cache the
  /// extra instructions only cost (10⁵ nodes, d = 10: 1.22 → 1.5 ms a round); on a 32 MB cache
  /// the gain starts between 16 MB of `x` (3.4 ms a round either way) and 24 MB (8–10 → 6.3 ms).
  static func prefetches(width: Int, entries: Int) -> Bool {
    let bytes = MemoryLayout<Double>.stride
    return width * bytes <= RowBlockKernel.prefetchedRowBytes
      && entries * bytes > CacheSize.lastLevel / 2
  }
}

/// The row-block worker of ``SparseMatrix/multiply(_:into:)-(Matrix,_)``.
///
/// Each block writes a disjoint range of rows of `y`, so the blocks can run concurrently.
private struct RowBlockKernel: BlockLoopBody, @unchecked Sendable {
  let rowPointers: UnsafeBufferPointer<Int>
  let columnIndices: UnsafeBufferPointer<Int32>
  let values: UnsafeBufferPointer<Double>
  let x: UnsafeBufferPointer<Double>
  let y: UnsafeMutableBufferPointer<Double>
  let second: (x: UnsafeBufferPointer<Double>, y: UnsafeMutableBufferPointer<Double>)?
  let rows: Int
  let width: Int
  let blocks: Int
  /// Whether the rows of `x` are prefetched (``SparseMatrix/prefetches(width:entries:)``).
  let prefetching: Bool

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
    multiply(rows: start..<end, x: x, y: y)
    if let second { multiply(rows: start..<end, x: second.x, y: second.y) }
  }

  private func multiply(
    rows range: Range<Int>, x: UnsafeBufferPointer<Double>, y: UnsafeMutableBufferPointer<Double>
  ) {
    if width == 1 {
      for i in range {
        if prefetching, i + Self.prefetchDistance < range.upperBound {
          prefetchRows(readBy: i + Self.prefetchDistance, of: x)
        }
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
    for i in range {
      if prefetching, i + Self.prefetchDistance < range.upperBound {
        prefetchRows(readBy: i + Self.prefetchDistance, of: x)
      }
      let yRow = yp + i * width
      let rowEnd = rowPointers[i + 1]
      var k = rowPointers[i]
      guard k < rowEnd else {
        yRow.update(repeating: 0, count: width)
        continue
      }
      // The first group writes the row of y, the later ones (rows with > 8 entries) add to it.
      var count = min(Self.maximumGroupSize, rowEnd - k)
      combine(entries: k..<(k + count), of: x, into: yRow) { _ in 0 }
      k += count
      while k < rowEnd {
        count = min(Self.maximumGroupSize, rowEnd - k)
        combine(entries: k..<(k + count), of: x, into: yRow) { yRow[$0] }
        k += count
      }
    }
  }

  /// Most entries of a row handled in one pass over its row of `y`.
  static let maximumGroupSize = 8

  /// How many rows of W ahead the rows of `x` are requested (software prefetch). On a random
  /// graph whose X outgrows the cache, the rows a row of W reads are scattered in memory and each
  /// read waits for DRAM; the hardware prefetchers follow long rows of `x` but not short ones.
  /// 10⁶ nodes, d = 10, on a 32 MB L3: 45 → 25–32 ms a round (docs/performance.md).
  static let prefetchDistance = 8
  /// Rows of `x` up to this many bytes are prefetched; longer ones the hardware streams itself.
  static let prefetchedRowBytes = 256
  static let cacheLineBytes = 64

  /// Asks for every cache line of the rows of `x` that row `i` of W reads; changes no result.
  @inline(__always)
  private func prefetchRows(readBy i: Int, of x: UnsafeBufferPointer<Double>) {
    let rowBytes = UInt(width * MemoryLayout<Double>.stride)
    let lineMask = ~UInt(Self.cacheLineBytes - 1)
    for k in rowPointers[i]..<rowPointers[i + 1] {
      let start = UInt(bitPattern: x.baseAddress! + Int(columnIndices[k]) * width)
      var line = start & lineMask
      while line <= (start + rowBytes - 1) & lineMask {
        gossip_prefetch(UnsafeRawPointer(bitPattern: line))
        line += UInt(Self.cacheLineBytes)
      }
    }
  }

  /// `yRow[t] = start(t) + Σ_k values[k] · x[columnIndices[k], t]` over the 1 to 8 entries
  /// `group`, added left to right in CSR order.
  ///
  /// The result is bit-identical to adding one entry at a time into a zeroed row, but `yRow` is
  /// written once per group instead of once per entry, and the group's rows of `x`
  /// stream in together, each through its own load instruction (which the hardware prefetcher
  /// follows); this is what makes the kernel fast when `x` does not fit in the cache.
  @inline(__always)
  private func combine(
    entries group: Range<Int>, of x: UnsafeBufferPointer<Double>,
    into yRow: UnsafeMutablePointer<Double>,
    start: (Int) -> Double
  ) {
    let xp = x.baseAddress!
    let k = group.lowerBound
    func a(_ j: Int) -> Double { values[k + j] }
    func row(_ j: Int) -> UnsafePointer<Double> { xp + Int(columnIndices[k + j]) * width }
    switch group.count {
    case 1:
      let (a0, x0) = (a(0), row(0))
      for t in 0..<width { yRow[t] = start(t) + a0 * x0[t] }
    case 2:
      let (a0, x0, a1, x1) = (a(0), row(0), a(1), row(1))
      for t in 0..<width { yRow[t] = start(t) + a0 * x0[t] + a1 * x1[t] }
    case 3:
      let (a0, x0, a1, x1, a2, x2) = (a(0), row(0), a(1), row(1), a(2), row(2))
      for t in 0..<width { yRow[t] = start(t) + a0 * x0[t] + a1 * x1[t] + a2 * x2[t] }
    case 4:
      let (a0, x0, a1, x1, a2, x2) = (a(0), row(0), a(1), row(1), a(2), row(2))
      let (a3, x3) = (a(3), row(3))
      for t in 0..<width {
        yRow[t] = start(t) + a0 * x0[t] + a1 * x1[t] + a2 * x2[t] + a3 * x3[t]
      }
    case 5:
      let (a0, x0, a1, x1, a2, x2) = (a(0), row(0), a(1), row(1), a(2), row(2))
      let (a3, x3, a4, x4) = (a(3), row(3), a(4), row(4))
      for t in 0..<width {
        yRow[t] = start(t) + a0 * x0[t] + a1 * x1[t] + a2 * x2[t] + a3 * x3[t] + a4 * x4[t]
      }
    case 6:
      let (a0, x0, a1, x1, a2, x2) = (a(0), row(0), a(1), row(1), a(2), row(2))
      let (a3, x3, a4, x4, a5, x5) = (a(3), row(3), a(4), row(4), a(5), row(5))
      for t in 0..<width {
        yRow[t] =
          start(t) + a0 * x0[t] + a1 * x1[t] + a2 * x2[t] + a3 * x3[t] + a4 * x4[t]
          + a5 * x5[t]
      }
    case 7:
      let (a0, x0, a1, x1, a2, x2) = (a(0), row(0), a(1), row(1), a(2), row(2))
      let (a3, x3, a4, x4, a5, x5) = (a(3), row(3), a(4), row(4), a(5), row(5))
      let (a6, x6) = (a(6), row(6))
      for t in 0..<width {
        yRow[t] =
          start(t) + a0 * x0[t] + a1 * x1[t] + a2 * x2[t] + a3 * x3[t] + a4 * x4[t]
          + a5 * x5[t] + a6 * x6[t]
      }
    default:
      precondition(group.count == 8, "a group has 1 to 8 entries")
      let (a0, x0, a1, x1, a2, x2) = (a(0), row(0), a(1), row(1), a(2), row(2))
      let (a3, x3, a4, x4, a5, x5) = (a(3), row(3), a(4), row(4), a(5), row(5))
      let (a6, x6, a7, x7) = (a(6), row(6), a(7), row(7))
      for t in 0..<width {
        yRow[t] =
          start(t) + a0 * x0[t] + a1 * x1[t] + a2 * x2[t] + a3 * x3[t] + a4 * x4[t]
          + a5 * x5[t] + a6 * x6[t] + a7 * x7[t]
      }
    }
  }
}
