/// The small dense kernels of the Problems target, on raw `Double` buffers.
///
/// The data sets here are small (hundreds of samples, tens of features), so plain loops are fast
/// enough. Every dense loop of the target lives in this one file so that it can later be routed to
/// BLAS/LAPACK in one place.
enum DenseKernels {
  /// xᵀy over `count` entries.
  @inline(__always)
  static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
    var sum = 0.0
    for k in 0..<count { sum += x[k] * y[k] }
    return sum
  }

  /// y ← y + αx over `count` entries.
  @inline(__always)
  static func axpy(
    _ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int
  ) {
    for k in 0..<count { y[k] += alpha * x[k] }
  }

  /// xᵀy for two equally long slices (e.g. rows of a row-major block).
  static func dot(_ x: ArraySlice<Double>, _ y: ArraySlice<Double>) -> Double {
    precondition(x.count == y.count, "dot: lengths differ")
    return x.withUnsafeBufferPointer { xs in
      y.withUnsafeBufferPointer { ys in dot(xs.baseAddress!, ys.baseAddress!, count: xs.count) }
    }
  }

  /// y ← y + αx.
  static func axpy(_ alpha: Double, _ x: ArraySlice<Double>, _ y: inout [Double]) {
    precondition(x.count == y.count, "axpy: lengths differ")
    x.withUnsafeBufferPointer { xs in
      y.withUnsafeMutableBufferPointer {
        axpy(alpha, xs.baseAddress!, $0.baseAddress!, count: xs.count)
      }
    }
  }

  /// ‖x‖².
  static func squaredNorm(_ x: [Double]) -> Double { dot(x[...], x[...]) }

  /// The Gram matrix of the smaller side of the `rows`×`columns` row-major block `a`:
  /// `AᵀA` (columns×columns) when rows ≥ columns, else `AAᵀ` (rows×rows), each row weighted by
  /// `weights[r]` when given (`Aᵀ diag(w) A`, only in the `AᵀA` form).
  ///
  /// Both forms have the same non-zero eigenvalues, so the smaller one suffices for ‖A‖₂.
  /// O(rows·columns·min(rows, columns)).
  static func gram(
    _ a: UnsafeBufferPointer<Double>, rows: Int, columns: Int,
    weights: UnsafeBufferPointer<Double>? = nil
  ) -> [Double] {
    let base = a.baseAddress!
    if rows >= columns || weights != nil {
      var g = [Double](repeating: 0, count: columns * columns)
      g.withUnsafeMutableBufferPointer { out in
        for r in 0..<rows {
          let row = base + r * columns
          let w = weights?[r] ?? 1
          for i in 0..<columns {
            let wi = w * row[i]
            if wi == 0 { continue }
            for j in i..<columns { out[i * columns + j] += wi * row[j] }
          }
        }
        for i in 0..<columns { for j in 0..<i { out[i * columns + j] = out[j * columns + i] } }
      }
      return g
    }
    var g = [Double](repeating: 0, count: rows * rows)
    for i in 0..<rows {
      for j in i..<rows {
        let value = dot(base + i * columns, base + j * columns, count: columns)
        g[i * rows + j] = value
        g[j * rows + i] = value
      }
    }
    return g
  }

  /// The fraction of the row-major `rows` (one per label) whose ±1 label has the sign of the
  /// row's product with `x` (0 counts as +1).
  static func signAccuracy(
    rows: UnsafeBufferPointer<Double>, labels: [Double], dimension: Int, x: [Double]
  ) -> Double {
    var correct = 0
    x.withUnsafeBufferPointer { xs in
      for s in labels.indices {
        let z = dot(rows.baseAddress! + s * dimension, xs.baseAddress!, count: dimension)
        if (z >= 0 ? 1.0 : -1.0) == labels[s] { correct += 1 }
      }
    }
    return Double(correct) / Double(labels.count)
  }
}
