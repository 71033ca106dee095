import LinearAlgebra
import Simulation

/// Decentralized gradient descent / the decentralized subgradient method
/// (Nedić & Ozdaglar, IEEE TAC 54(1), 2009, doi:10.1109/TAC.2008.2009515).
///
/// Combine-then-adapt (CTA): `Xᵏ⁺¹ = W Xᵏ − αₖ ∇f(Xᵏ)`.
/// Adapt-then-combine (ATC): `Xᵏ⁺¹ = W (Xᵏ − αₖ ∇f(Xᵏ))`.
/// One round and one gradient per iteration. With a constant step it converges only to an
/// O(α/(1−λ₂(W))) neighbourhood of the optimum; exact convergence needs decaying steps.
public struct DGD: DecentralizedAlgorithm {
  public typealias Variant = CombinationOrder

  public let mixing: SparseMatrix
  public let schedule: StepSchedule
  public let variant: Variant

  public init(mixing: SparseMatrix, schedule: StepSchedule, variant: Variant = .combineThenAdapt) {
    self.mixing = mixing
    self.schedule = schedule
    self.variant = variant
  }

  /// The default constant step (1 + λₙ(W))/(2L): half the stability limit (1 + λₙ(W))/L.
  public static func defaultStep(smoothness: Double, smallestMixingEigenvalue: Double) -> Double {
    (1 + smallestMixingEigenvalue) / (2 * smoothness)
  }

  public var name: String { "dgd" }
  public var parameters: [String: Double] { ["step": schedule.initial] }

  public struct State: Sendable {
    public var x: Matrix
    var scratch: Matrix
    var gradient: Matrix
    var iteration = 0
  }

  public func makeState(initial x0: Matrix, context: inout SimulationContext) -> State {
    State(x: Update.ownedCopy(x0), scratch: Matrix(rows: x0.rows, columns: x0.columns),
          gradient: Matrix(rows: x0.rows, columns: x0.columns))
  }

  public func step(_ s: inout State, context: inout SimulationContext) {
    let alpha = schedule.step(at: s.iteration)
    context.gradients(at: s.x, into: &s.gradient)
    switch variant {
    case .combineThenAdapt:
      context.mix(s.x, with: mixing, into: &s.scratch)  // W X
      Update.difference(s.scratch, minus: alpha, times: s.gradient, into: &s.x)
    case .adaptThenCombine:
      Update.difference(s.x, minus: alpha, times: s.gradient, into: &s.scratch)
      context.mix(s.scratch, with: mixing, into: &s.x)
    }
    s.iteration += 1
  }

  public func estimates(_ s: State) -> Matrix { s.x }
}
