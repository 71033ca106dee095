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
    self.storage = [Double](repeating: value, count: rows * columns)
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
