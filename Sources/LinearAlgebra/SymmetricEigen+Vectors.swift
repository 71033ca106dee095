import COpenBLAS

/// Eigenvalues and orthonormal eigenvectors of a dense symmetric matrix.
public struct SymmetricDecomposition: Sendable, Equatable {
  /// Ascending.
  public var values: [Double]
  /// Column `k` is a unit eigenvector for `values[k]`.
  public var vectors: Matrix

  /// The eigenvector of `values[k]` as an array.
  public func vector(_ k: Int) -> [Double] {
    (0..<vectors.rows).map { vectors[$0, k] }
  }
}

extension SymmetricEigen {
  /// All eigenvalues (ascending) and orthonormal eigenvectors of the dense symmetric matrix `a`
  /// (LAPACKE_dsyevd with job `V`, divide and conquer).
  ///
  /// Only the upper triangle is read. O(n³) time, O(n²) memory.
  /// - Throws: ``LinearAlgebraError`` when LAPACK reports `info ≠ 0` (for example a NaN entry).
  public static func decomposition(of a: Matrix) throws -> SymmetricDecomposition {
    precondition(
      a.rows == a.columns, "eigenvectors need a square matrix, got \(a.rows)×\(a.columns)")
    let n = a.rows
    guard n > 0 else { return SymmetricDecomposition(values: [], vectors: a) }
    let (values, vectors) = try dsyevd(a, vectors: true)
    return SymmetricDecomposition(values: values, vectors: Matrix(rows: n, columns: n, storage: vectors))
  }
}
