import COpenBLAS

#if canImport(Glibc)
  import Glibc
#endif

/// A dense row-major matrix of `Double`s in one contiguous buffer.
///
/// All agents' iterates live in one `Matrix` (row `i` is agent `i`), so a gossip round is one
/// sparse × dense product and BLAS can work on the buffer directly.
public struct Matrix: Hashable, Sendable {
  public let rows: Int
  public let columns: Int
  /// Row-major entries: `storage[i * columns + j]` is entry `(i, j)`.
  public var storage: [Double]

  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
    self.rows = rows
    self.columns = columns
    self.storage = Self.storage(count: rows * columns) { $0.initialize(repeating: value) }
  }

  /// A matrix whose row-major entries `initialize` writes, all of them, into fresh storage (on
  /// huge pages when large, as every new matrix).
  public init(
    rows: Int, columns: Int, initializingWith initialize: (UnsafeMutableBufferPointer<Double>) -> Void
  ) {
    precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
    self.rows = rows
    self.columns = columns
    storage = Self.storage(count: rows * columns, initialize: initialize)
  }

  /// A copy of `other` in a buffer of its own (on huge pages when large, as every new matrix).
  ///
  /// `var x = other` shares `other`'s buffer until the first write, which then copies — an
  /// allocation inside an iteration, and onto ordinary pages; state built with this owns its
  /// buffer from the start.
  public init(copying other: Matrix) {
    rows = other.rows
    columns = other.columns
    storage = other.storage.withUnsafeBufferPointer { source in
      Self.storage(count: source.count) { _ = $0.initialize(fromContentsOf: source) }
    }
  }

  public init(rows: Int, columns: Int, storage: [Double]) {
    precondition(storage.count == rows * columns,
                 "a \(rows)×\(columns) matrix needs \(rows * columns) entries, got \(storage.count)")
    self.rows = rows
    self.columns = columns
    self.storage = storage
  }

  /// The n×n identity.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m[i, i] = 1 }
    return m
  }

  @inlinable
  public subscript(i: Int, j: Int) -> Double {
    get { storage[i * columns + j] }
    set { storage[i * columns + j] = newValue }
  }
}

extension Matrix {
  /// Smallest storage, in bytes, that is put on transparent huge pages.
  static let hugePageThreshold = 4 << 20

  /// A fresh buffer of `count` entries set by `initialize`; a large one is on transparent huge
  /// pages.
  ///
  /// The 2 MB-aligned interior of the buffer is `madvise`d `MADV_HUGEPAGE` before it is first
  /// touched (numpy does the same for its arrays): with 4 KB pages the random reads of a gossip
  /// round miss the TLB on almost every row of X (docs/performance.md). Linux only; elsewhere, or
  /// when transparent huge pages are off (`/sys/kernel/mm/transparent_hugepage/enabled`), this
  /// is a plain allocation.
  static func storage(
    count: Int, initialize: (UnsafeMutableBufferPointer<Double>) -> Void
  ) -> [Double] {
    [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      #if canImport(Glibc)
        if let base = buffer.baseAddress,
          count * MemoryLayout<Double>.stride >= hugePageThreshold
        {
          let hugePage = UInt(2 << 20)
          let start = (UInt(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
          let end = UInt(bitPattern: base + count) & ~(hugePage - 1)
          if start < end {
            // Only advice: if it fails, the storage is on ordinary pages.
            _ = madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), MADV_HUGEPAGE)
          }
        }
      #endif
      initialize(buffer)
      initialized = count
    }
  }

  /// The product `self · other` with `cblas_dgemm` (OpenBLAS).
  ///
  /// O(rows · columns · other.columns). OpenBLAS runs its own thread pool here; a caller that
  /// already splits work over the cores (e.g. inside a `WorkerPool` loop) should
  /// run that region in `withSingleThreadedBLAS` so the two do not oversubscribe.
  public func multiplied(by other: Matrix) -> Matrix {
    precondition(
      columns == other.rows,
      "cannot multiply a \(rows)×\(columns) matrix by a \(other.rows)×\(other.columns) one")
    var product = Matrix(rows: rows, columns: other.columns)
    guard rows > 0, other.columns > 0, columns > 0 else { return product }
    storage.withUnsafeBufferPointer { a in
      other.storage.withUnsafeBufferPointer { b in
        product.storage.withUnsafeMutableBufferPointer { c in
          cblas_dgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(other.columns),
            Int32(columns), 1, a.baseAddress, Int32(columns), b.baseAddress, Int32(other.columns),
            0, c.baseAddress, Int32(other.columns))
        }
      }
    }
    return product
  }

  /// The transpose; O(rows · columns).
  public func transposed() -> Matrix {
    var t = Matrix(rows: columns, columns: rows)
    for i in 0..<rows {
      for j in 0..<columns { t.storage[j * rows + i] = storage[i * columns + j] }
    }
    return t
  }
}
