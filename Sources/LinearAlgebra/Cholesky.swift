import COpenBLAS

/// Linear systems with a symmetric positive definite matrix, by Cholesky factorization.
public enum Cholesky {
  /// Solves `A x = b` for a symmetric positive definite `A` (LAPACKE_dposv: A = LLᵀ, then two
  /// triangular solves), or returns `nil` when `A` is not numerically positive definite.
  ///
  /// Only the upper triangle of `A` is read. O(n³/3).
  public static func solve(_ a: Matrix, _ b: [Double]) -> [Double]? {
    precondition(a.rows == a.columns && b.count == a.rows,
                 "Cholesky.solve needs an n×n matrix and n right-hand side entries")
    let n = a.rows
    guard n > 0 else { return [] }
    var factor = a.storage
    var x = b
    let info = LAPACKE_dposv(
      LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "U")), Int32(n), 1, &factor, Int32(n), &x, 1)
    // info > 0: the leading minor of that order is not positive definite; info < 0 means a NaN
    // or a bad argument. Either way the system has no trustworthy solution.
    guard info == 0, x.allSatisfy(\.isFinite) else { return nil }
    return x
  }
}
