import Foundation
import LinearAlgebra
import Topology

/// The spectral numbers that govern how fast gossip averages on a graph
/// (`gossip topology inspect`).
///
/// Encoded as JSON by the command line; `mixingTime` is `+∞` when `slem = 1`, which a
/// `JSONEncoder` writes only with a `nonConformingFloatEncodingStrategy`.
public struct SpectralReport: Sendable, Codable, Equatable {
  /// Algebraic connectivity `λ₂(L)`: the smallest non-zero Laplacian eigenvalue (Fiedler value).
  public var lambda2: Double
  /// The largest Laplacian eigenvalue `λ_max(L)`.
  public var lambdaMax: Double
  /// Condition number of the Laplacian as a gossip matrix: `χ = λ_max/λ₂`.
  public var condition: Double
  /// Second largest eigenvalue modulus of `W_mix`: `max(|λ₂(W)|, |λ_n(W)|)`, the factor by which
  /// `x ← W x` shrinks the distance to the average per round (asymptotically).
  public var slem: Double
  /// `1 − slem`.
  public var spectralGap: Double
  /// Rounds per e-fold reduction of the consensus error: `1/ln(1/slem)`
  /// (∞ if `slem = 1`, 0 if `slem = 0`); about `1/spectralGap` when the gap is small.
  public var mixingTime: Double
  /// `"dense"` (LAPACK, all eigenvalues) or `"sparse"` (ARPACK, extreme ones): the path used.
  public var method: String

  public init(lambda2: Double, lambdaMax: Double, slem: Double, method: String) {
    self.lambda2 = lambda2
    self.lambdaMax = lambdaMax
    self.condition = lambdaMax / lambda2
    self.slem = slem
    self.spectralGap = 1 - slem
    self.mixingTime = slem <= 0 ? 0 : (slem >= 1 ? .infinity : 1 / log(1 / slem))
    self.method = method
  }
}

/// Spectral analysis of a connected graph and its mixing matrix.
public enum Spectrum {
  /// How eigenvalues are computed.
  public enum Method: String, Sendable, CaseIterable {
    /// Dense up to ``Spectrum/denseNodeLimit`` nodes, sparse above.
    case auto
    /// All eigenvalues with LAPACK `dsyevd`: O(n³) time, O(n²) memory.
    case dense
    /// The extreme eigenvalues with ARPACK (Lanczos): O(m) per iteration, O(n) memory.
    case sparse
  }

  /// The largest graph that `.auto` analyses densely (about a second of `dsyevd`).
  public static let denseNodeLimit = 2_000

  /// The spectral report of a connected graph with the mixing matrix of `weights`.
  ///
  /// Dense: all eigenvalues of `L` and of `W_mix`; `λ₂` and `λ_max` are the second smallest and
  /// the largest of `L`, the SLEM is the larger modulus of the second largest and the smallest of
  /// `W_mix` (the largest is the simple eigenvalue 1 of a connected graph).
  /// Sparse (ARPACK): `λ_max(L)`, then `λ₂(L)` as the smallest eigenvalue of `L` on `1^⊥`, then
  /// both ends of `W_mix` on `1^⊥`; accurate to about 1e-11 absolute (see
  /// ``SymmetricEigen/extremeEigenvalues(of:count:which:deflateOnes:tolerance:renumber:)``).
  /// Graphs of at most 3 nodes always use the dense path.
  /// - Precondition: `graph` is connected with at least 2 nodes (pass the largest component of a
  ///   disconnected graph).
  /// - Throws: what ``MixingMatrix/make(_:rule:)`` throws, and ``LinearAlgebraError`` when an
  ///   eigensolver fails.
  public static func report(for graph: Graph, weights: WeightRule, method: Method = .auto) throws
    -> SpectralReport
  {
    precondition(graph.nodeCount >= 2, "a spectral report needs at least 2 nodes")
    precondition(graph.isConnected,
                 "a spectral report needs a connected graph; pass its largest component")
    let dense = usesDense(graph, method)
    let laplacian = MixingMatrix.laplacian(graph)
    // L and W share the graph's pattern: one reverse Cuthill–McKee order serves the three
    // Lanczos runs (eigenvalues do not depend on the numbering).
    let order = dense ? nil : laplacian.reverseCuthillMcKeeOrder()
    let ends = try laplacianEnds(of: order.map(laplacian.symmetricallyPermuted) ?? laplacian,
                                 dense: dense, renumbered: !dense)
    let w = try MixingMatrix.make(graph, rule: weights) { ends }
    let slem = try mixingExtremes(
      of: order.map(w.symmetricallyPermuted) ?? w, dense: dense, renumbered: !dense
    ).slem
    return SpectralReport(lambda2: ends.lambda2, lambdaMax: ends.lambdaMax, slem: slem,
                          method: dense ? "dense" : "sparse")
  }

  /// Whether `method` means the dense path for `graph`.
  static func usesDense(_ graph: Graph, _ method: Method) -> Bool {
    usesDense(nodeCount: graph.nodeCount, method)
  }

  static func usesDense(nodeCount: Int, _ method: Method) -> Bool {
    switch method {
    case .dense: true
    case .sparse: nodeCount <= 3
    case .auto: nodeCount <= denseNodeLimit
    }
  }

  /// `λ₂(L)` (0 for a disconnected graph) and `λ_max(L)` of a graph with at least 2 nodes.
  static func laplacianEnds(of graph: Graph, dense: Bool) throws -> LaplacianEnds {
    try laplacianEnds(of: MixingMatrix.laplacian(graph), dense: dense)
  }

  /// The same from the Laplacian itself; `renumbered`: it is already in reverse Cuthill–McKee
  /// order, so the sparse path need not renumber it.
  static func laplacianEnds(of laplacian: SparseMatrix, dense: Bool, renumbered: Bool = false)
    throws -> LaplacianEnds
  {
    if dense {
      let values = try SymmetricEigen.eigenvalues(of: laplacian.toDense())
      return LaplacianEnds(lambda2: values[1], lambdaMax: values[values.count - 1])
    }
    let lambdaMax = try SymmetricEigen.extremeEigenvalues(
      of: laplacian, count: 1, which: .largest, renumber: !renumbered)
    let lambda2 = try SymmetricEigen.extremeEigenvalues(
      of: laplacian, count: 1, which: .smallest, deflateOnes: true, renumber: !renumbered)
    return LaplacianEnds(lambda2: lambda2[0], lambdaMax: lambdaMax[0])
  }
}
