/// How the mixing matrix `W_mix` of a graph is built from its edges (`--weights RULE`).
///
/// Every rule gives a symmetric, doubly stochastic matrix with the graph's sparsity (plus the
/// diagonal): `W_ij ≠ 0` only for edges `{i, j}` and `i = j`, and `W_ii = 1 − Σ_{j≠i} W_ij`.
/// `d_i` is the degree of node `i`, `L = D − A` the Laplacian. See `docs/spectra.md` and
/// ALGORITHMS.md §1.
public enum WeightRule: String, CaseIterable, Sendable {
  /// Metropolis–Hastings: `W_ij = 1/(1 + max(d_i, d_j))`; needs only the two degrees.
  case metropolis
  /// `W = I − L/(d_max + 1)`: one weight for every edge (`d_max + 1` keeps `λ_n > −1`).
  case maxDegree = "max-degree"
  /// `W = I − L/λ_max(L)`: eigenvalues in `[0, 1]`.
  case laplacian
  /// `W = I − α*·L` with `α* = 2/(λ_max(L) + λ₂(L))`, the constant edge weight that minimizes
  /// `‖W − 11ᵀ/n‖₂ = (λ_max − λ₂)/(λ_max + λ₂)`; needs a connected graph.
  case bestConstant = "best-constant"
  /// `W = (I + W_metropolis)/2`: eigenvalues in `[0, 1]`, so the SLEM is `λ₂(W)`.
  case lazyMetropolis = "lazy-metropolis"
  /// The edges' `weight` attributes from the topology file, `W_ii = 1 − Σ_j W_ij`.
  case file

  /// One line for `gossip list weights`, with the formula.
  public var summary: String {
    switch self {
    case .metropolis:
      "Metropolis–Hastings: W_ij = 1/(1 + max(d_i, d_j)) on each edge, W_ii = 1 − Σ_j W_ij"
    case .maxDegree:
      "max-degree: W = I − L/(d_max + 1), the same weight on every edge"
    case .laplacian:
      "Laplacian: W = I − L/λ_max(L), eigenvalues in [0, 1]"
    case .bestConstant:
      "best constant: W = I − α·L with α = 2/(λ_max(L) + λ₂(L)), the fastest single edge weight"
    case .lazyMetropolis:
      "lazy Metropolis: W = (I + W_metropolis)/2, eigenvalues in [0, 1]"
    case .file:
      "from the file: each edge's weight attribute, W_ii = 1 − Σ_j W_ij (all non-negative)"
    }
  }
}
