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

  /// The eigenvalues of the symmetric m×m matrix `s` (row-major), ascending, by the cyclic Jacobi
  /// method (Golub & Van Loan, *Matrix Computations*, 4th ed., §8.5).
  ///
  /// Accurate to a few ulps of ‖S‖; O(m³) per sweep, usually under ten sweeps.
  static func symmetricEigenvalues(_ s: [Double], order m: Int) -> [Double] {
    precondition(s.count == m * m, "symmetricEigenvalues: need an m×m matrix")
    var a = s
    for _ in 0..<60 {
      var offDiagonal = 0.0
      var diagonal = 0.0
      for i in 0..<m {
        diagonal += a[i * m + i] * a[i * m + i]
        for j in (i + 1)..<max(i + 1, m) { offDiagonal += a[i * m + j] * a[i * m + j] }
      }
      if offDiagonal <= 1e-32 * diagonal || offDiagonal == 0 { break }
      for p in 0..<m {
        for q in (p + 1)..<max(p + 1, m) {
          let apq = a[p * m + q]
          if apq == 0 { continue }
          let theta = (a[q * m + q] - a[p * m + p]) / (2 * apq)
          let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
          let c = 1 / (t * t + 1).squareRoot()
          let sn = t * c
          for k in 0..<m {
            let akp = a[k * m + p]
            let akq = a[k * m + q]
            a[k * m + p] = c * akp - sn * akq
            a[k * m + q] = sn * akp + c * akq
          }
          for k in 0..<m {
            let apk = a[p * m + k]
            let aqk = a[q * m + k]
            a[p * m + k] = c * apk - sn * aqk
            a[q * m + k] = sn * apk + c * aqk
          }
        }
      }
    }
    return (0..<m).map { a[$0 * m + $0] }.sorted()
  }

  /// Solves S x = rhs for a symmetric positive definite m×m `s` by Cholesky factorization
  /// (S = LLᵀ), or returns nil when S is not numerically positive definite. O(m³/3).
  static func choleskySolve(_ s: [Double], order m: Int, _ rhs: [Double]) -> [Double]? {
    precondition(s.count == m * m && rhs.count == m, "choleskySolve: sizes do not match")
    var l = s
    for j in 0..<m {
      var d = l[j * m + j]
      for k in 0..<j { d -= l[j * m + k] * l[j * m + k] }
      guard d > 0, d.isFinite else { return nil }
      let ljj = d.squareRoot()
      l[j * m + j] = ljj
      for i in (j + 1)..<max(j + 1, m) {
        var v = l[i * m + j]
        for k in 0..<j { v -= l[i * m + k] * l[j * m + k] }
        l[i * m + j] = v / ljj
      }
    }
    var y = rhs
    for i in 0..<m {
      for k in 0..<i { y[i] -= l[i * m + k] * y[k] }
      y[i] /= l[i * m + i]
    }
    for i in stride(from: m - 1, through: 0, by: -1) {
      for k in (i + 1)..<max(i + 1, m) { y[i] -= l[k * m + i] * y[k] }
      y[i] /= l[i * m + i]
    }
    return y
  }
}
