import LinearAlgebra
import Simulation

/// SSDA, the single-step dual accelerated method (Scaman, Bach, Bubeck, Lee, Massoulié, ICML 2017,
/// Alg. 1, arXiv:1702.08704) for α-strongly convex, β-smooth fᵢ with a gossip matrix W:
///
///     θₜ = ∇f*(xₜ),  yₜ₊₁ = xₜ − η W θₜ,  xₜ₊₁ = (1 + μ) yₜ₊₁ − μ yₜ,
///     η = α/λ₁(W),  μ = (√κₗ − √γ)/(√κₗ + √γ),  κₗ = β/α,  γ = λₙ₋₁(W)/λ₁(W).
///
/// It is case (a) of ``DualAccelerated`` with W̄ = W (xₜ is z̃, yₜ₊₁ is zᵏ⁺¹, and μ equals
/// (√(κχ) − 1)/(√(κχ) + 1)), so it is built as one: O(√(κₗ/γ) ln(1/ε)) rounds and oracle calls.
public enum SSDA {
  public static func make<Oracle: DualOracle>(
    oracle: Oracle, gossip: SparseMatrix, lambdaMax: Double, smallestPositiveEigenvalue: Double
  ) -> DualAccelerated<Oracle> {
    DualAccelerated(
      name: "ssda", oracle: oracle,
      interaction: .gossip(
        gossip, lambdaMax: lambdaMax, smallestPositive: smallestPositiveEigenvalue),
      method: .accelerated)
  }
}
