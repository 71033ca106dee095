import COpenBLAS

extension Matrix {
  /// `C ← α·op(A)·op(B) + β·C` with `cblas_dgemm`, where `op` transposes when asked.
  ///
  /// O(m·n·k) for `op(A)` m×k and `op(B)` k×n; `C` must be m×n (with β = 0 its entries are
  /// overwritten, so it may hold anything).
  public static func gemm(
    _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
    alpha: Double = 1, beta: Double = 0, into c: inout Matrix
  ) {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kb = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    precondition(k == kb, "inner dimensions differ: op(A) is \(m)×\(k), op(B) is \(kb)×\(n)")
    precondition(c.rows == m && c.columns == n, "C must be \(m)×\(n), got \(c.rows)×\(c.columns)")
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
      for i in c.storage.indices { c.storage[i] *= beta }
      return
    }
    a.storage.withUnsafeBufferPointer { ap in
      b.storage.withUnsafeBufferPointer { bp in
        c.storage.withUnsafeMutableBufferPointer { cp in
          cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha,
            ap.baseAddress, Int32(a.columns), bp.baseAddress, Int32(b.columns), beta,
            cp.baseAddress, Int32(n))
        }
      }
    }
  }
}

extension SparseMatrix {
  /// `Y ← Aᵀ·X` for a dense row-major `X` (`rows × d`) into `Y` (`columns × d`).
  ///
  /// A scatter over the stored entries, O(entries · d), on the calling thread.
  public func multiplyTransposed(_ x: Matrix, into y: inout Matrix) {
    precondition(x.rows == rows, "A is \(rows)×\(columns) but X has \(x.rows) rows")
    precondition(y.rows == columns && y.columns == x.columns,
                 "Y must be \(columns)×\(x.columns), got \(y.rows)×\(y.columns)")
    let d = x.columns
    x.storage.withUnsafeBufferPointer { xb in
      y.storage.withUnsafeMutableBufferPointer { yb in
        guard d > 0, let yp = yb.baseAddress else { return }
        yp.update(repeating: 0, count: yb.count)
        for i in 0..<rows {
          let xRow = xb.baseAddress! + i * d
          for k in rowPointers[i]..<rowPointers[i + 1] {
            let a = values[k]
            let yRow = yp + Int(columnIndices[k]) * d
            for t in 0..<d { yRow[t] += a * xRow[t] }
          }
        }
      }
    }
  }
}

/// Runs `body` with OpenBLAS on one thread, then restores its thread count.
///
/// For many tiny LAPACK calls (one 10×10 eigenproblem per agent) this halves the time even on the
/// calling thread alone: with its pool enabled OpenBLAS hands each call's level-2 BLAS to it
/// (measured 13 µs against 6 µs per `dsyevd` of order 10). Call it where no other thread uses
/// BLAS: the setting is global.
public func withSingleThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
  let threads = openblas_get_num_threads()
  openblas_set_num_threads(1)
  defer { openblas_set_num_threads(threads) }
  return try body()
}
