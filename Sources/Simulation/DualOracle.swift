import LinearAlgebra

/// The dual oracle of the agents' objectives, for all agents at once (ALGORITHMS.md §3.1):
/// row i of the answer is
///
///     xᵢ(zᵢ) = ∇fᵢ*(zᵢ) = argmin_u fᵢ(u) − ⟨zᵢ, u⟩,
///
/// the gradient of the convex conjugate fᵢ* at agent i's row of `z`. Dual methods (SSDA, MSDA,
/// the dual accelerated methods of Uribe et al.) query it where primal methods query ∇fᵢ.
///
/// An oracle may answer in closed form ("dual friendly" fᵢ: quadratics) or approximately, by a
/// local inner loop of gradient steps; every local evaluation goes through the context, so it is
/// counted in `SimulationContext.gradientCalls` (a closed-form answer counts as one evaluation).
public protocol DualOracle: Sendable {
  /// The buffers of an inexact solver, allocated once per run.
  associatedtype Workspace: Sendable
  var agentCount: Int { get }
  var dimension: Int { get }
  /// μ > 0 when every fᵢ is μ-strongly convex (then ∇fᵢ* is 1/μ-Lipschitz), else 0.
  var strongConvexity: Double { get }
  /// L < ∞ when every fᵢ is L-smooth (then fᵢ* is 1/L-strongly convex), else ∞.
  var smoothness: Double { get }
  func makeWorkspace() -> Workspace
  /// Writes xᵢ(zᵢ) into row i of `x` for every agent.
  ///
  /// On entry `x` holds the previous answer, which an inexact solver uses as its warm start; it
  /// stops when ‖∇fᵢ(xᵢ) − zᵢ‖ ≤ `tolerance` for every agent. Exact oracles ignore `tolerance`.
  func minimizers(
    at z: Matrix, tolerance: Double, into x: inout Matrix, workspace: inout Workspace,
    context: inout SimulationContext)
}
