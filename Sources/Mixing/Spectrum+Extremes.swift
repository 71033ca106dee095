import LinearAlgebra

/// The two extreme non-unit eigenvalues of a mixing matrix, which set safe step sizes.
public struct MixingExtremes: Sendable, Equatable {
  /// λ₂(W_mix): the largest eigenvalue after the simple eigenvalue 1 of a connected network.
  public var secondLargest: Double
  /// λₙ(W_mix): the smallest eigenvalue (> −1 for every rule of ``WeightRule``).
  public var smallest: Double
  /// The SLEM `max(|λ₂|, |λₙ|)`.
  public var slem: Double { max(abs(secondLargest), abs(smallest)) }

  public init(secondLargest: Double, smallest: Double) {
    self.secondLargest = secondLargest
    self.smallest = smallest
  }
}

extension Spectrum {
  /// λ₂ and λₙ of the mixing matrix `w` of a connected network with at least 2 nodes.
  ///
  /// Dense (LAPACK `dsyevd`, all eigenvalues) up to ``denseNodeLimit`` nodes with `.auto`;
  /// above, ARPACK on `1^⊥` (the eigenvector of the eigenvalue 1 deflated), accurate to about
  /// 1e-11 absolute. Networks of at most 3 nodes always use the dense path.
  /// `renumbered`: `w` is already in reverse Cuthill–McKee order, as a run's agents are, so the
  /// sparse path need not renumber it.
  /// - Throws: ``LinearAlgebraError`` when an eigensolver fails.
  public static func mixingExtremes(
    of w: SparseMatrix, method: Method = .auto, renumbered: Bool = false
  ) throws -> MixingExtremes {
    precondition(w.rows >= 2 && w.rows == w.columns, "a mixing matrix of at least 2 nodes")
    return try mixingExtremes(
      of: w, dense: usesDense(nodeCount: w.rows, method), renumbered: renumbered)
  }

  static func mixingExtremes(of w: SparseMatrix, dense: Bool, renumbered: Bool = false) throws
    -> MixingExtremes
  {
    if dense {
      let values = try SymmetricEigen.eigenvalues(of: w.toDense())
      return MixingExtremes(secondLargest: values[values.count - 2], smallest: values[0])
    }
    let values = try SymmetricEigen.extremeEigenvalues(
      of: w, count: 1, which: .both, deflateOnes: true, renumber: !renumbered)
    return MixingExtremes(secondLargest: values.max()!, smallest: values.min()!)
  }
}
