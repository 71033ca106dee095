import LinearAlgebra

/// The element-wise updates the algorithms combine their rounds and gradients with.
///
/// Each is one pass over contiguous storage with no allocation; they are the algorithms'
/// only arithmetic besides the communicator's products and the gradients. The buffer forms work
/// on a range of entries, a block of agents' rows, so that an algorithm can update each block
/// right after its gradients (``SimulationContext/forEachAgentBlock(rows:gradientCalls:work:_:)``).
enum Update {
  /// `y = a − α·b` on `entries`.
  @inline(__always)
  static func difference(
    _ a: UnsafeBufferPointer<Double>, minus alpha: Double, times b: UnsafeBufferPointer<Double>,
    into y: UnsafeMutableBufferPointer<Double>, entries: Range<Int>
  ) {
    precondition(entries.upperBound <= min(a.count, b.count, y.count), "entries out of range")
    for k in entries { y[k] = a[k] - alpha * b[k] }
  }

  /// `y += a − b` on `entries`.
  @inline(__always)
  static func add(
    _ a: UnsafeBufferPointer<Double>, minus b: UnsafeBufferPointer<Double>,
    to y: UnsafeMutableBufferPointer<Double>, entries: Range<Int>
  ) {
    precondition(entries.upperBound <= min(a.count, b.count, y.count), "entries out of range")
    for k in entries { y[k] += a[k] - b[k] }
  }

  /// `y = a − α·b`, blocks of rows in parallel when the matrices are large; allocates nothing.
  static func difference(_ a: Matrix, minus alpha: Double, times b: Matrix, into y: inout Matrix) {
    let (rows, columns) = (y.rows, y.columns)
    a.storage.withUnsafeBufferPointer { a in
      b.storage.withUnsafeBufferPointer { b in
        y.storage.withUnsafeMutableBufferPointer { y in
          forEachBlock(
            count: rows, work: y.count,
            body: DifferenceRows(a: a, alpha: alpha, b: b, y: y, columns: columns))
        }
      }
    }
  }

  /// ``difference(_:minus:times:into:entries:)`` on blocks of rows.
  private struct DifferenceRows: RangeLoopBody {
    let a: UnsafeBufferPointer<Double>
    let alpha: Double
    let b: UnsafeBufferPointer<Double>
    let y: UnsafeMutableBufferPointer<Double>
    let columns: Int

    func run(_ rows: Range<Int>) {
      difference(
        a, minus: alpha, times: b, into: y,
        entries: (rows.lowerBound * columns)..<(rows.upperBound * columns))
    }
  }
}
