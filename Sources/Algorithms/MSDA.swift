import LinearAlgebra
import Simulation

/// MSDA, the multi-step dual accelerated method (Scaman et al., ICML 2017, Alg. 2,
/// arXiv:1702.08704): SSDA with W replaced by P_K(W), K = ⌊1/√γ⌋ rounds of Chebyshev-accelerated
/// gossip per iteration (``ChebyshevGossip``), with
///
///     η = α(1 + c₁²ᴷ)/(1 + c₁ᴷ)²,  μ = ((1 + c₁ᴷ)√κₗ − 1 + c₁ᴷ)/((1 + c₁ᴷ)√κₗ + 1 − c₁ᴷ),
///
/// SSDA's formulas with λ₁ and γ of P_K(W) taken from its spectrum bounds (ALGORITHMS.md §1.5, §5).
/// O(√κₗ ln(1/ε)) oracle calls and O(√(κₗ/γ) ln(1/ε)) rounds, the lower bound of Scaman et al.
/// When γ = 1 (complete graph with the Laplacian) P_K is W/λ₁: one round, and MSDA is SSDA.
public enum MSDA {
  public static func make<Oracle: DualOracle>(
    oracle: Oracle, gossip: SparseMatrix, lambdaMax: Double, smallestPositiveEigenvalue: Double,
    rounds: Int? = nil
  ) -> DualAccelerated<Oracle> {
    let chebyshev = ChebyshevGossip(
      gossip: gossip, lambdaMax: lambdaMax, smallestPositiveEigenvalue: smallestPositiveEigenvalue,
      rounds: rounds)
    return DualAccelerated(
      name: "msda", oracle: oracle, interaction: .chebyshev(chebyshev), method: .accelerated)
  }
}
