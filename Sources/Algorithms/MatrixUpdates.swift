import LinearAlgebra

/// The element-wise updates the algorithms combine their rounds and gradients with.
///
/// Each is one pass over contiguous storage with no allocation; they are the algorithms'
/// only arithmetic besides the communicator's products.
enum Update {
  /// A copy of `m` in a buffer of its own.
  ///
  /// `var x = m` shares `m`'s buffer until the first write, which would then copy (allocate)
  /// inside an iteration; state built with this owns its buffers from the start.
  static func ownedCopy(_ m: Matrix) -> Matrix {
    Matrix(rows: m.rows, columns: m.columns, storage: m.storage.withUnsafeBufferPointer { Array($0) })
  }

  /// `y = a − α·b`.
  @inlinable
  static func difference(_ a: Matrix, minus alpha: Double, times b: Matrix, into y: inout Matrix) {
    let count = y.storage.count
    a.storage.withUnsafeBufferPointer { a in
      b.storage.withUnsafeBufferPointer { b in
        y.storage.withUnsafeMutableBufferPointer { y in
          for k in 0..<count { y[k] = a[k] - alpha * b[k] }
        }
      }
    }
  }

  /// `y += a − b`.
  @inlinable
  static func add(_ a: Matrix, minus b: Matrix, to y: inout Matrix) {
    let count = y.storage.count
    a.storage.withUnsafeBufferPointer { a in
      b.storage.withUnsafeBufferPointer { b in
        y.storage.withUnsafeMutableBufferPointer { y in
          for k in 0..<count { y[k] += a[k] - b[k] }
        }
      }
    }
  }
}
