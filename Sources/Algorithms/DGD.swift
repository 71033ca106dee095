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
    State(x: Matrix(copying: x0), scratch: Matrix(rows: x0.rows, columns: x0.columns),
          gradient: Matrix(rows: x0.rows, columns: x0.columns))
  }

  public func step(_ s: inout State, context: inout SimulationContext) {
    let alpha = schedule.step(at: s.iteration)
    let (rows, columns) = (s.x.rows, s.x.columns)
    if variant == .combineThenAdapt {
      context.mix(s.x, with: mixing, into: &s.scratch)  // W X
    }
    // Each block of agents takes its step right after its gradients, while they are in cache.
    s.x.storage.withUnsafeMutableBufferPointer { x in
      s.scratch.storage.withUnsafeMutableBufferPointer { scratch in
        s.gradient.storage.withUnsafeMutableBufferPointer { g in
          context.forEachAgentBlock(
            rows: rows, gradientCalls: 1, work: g.count,
            BlockStep(
              variant: variant, alpha: alpha, columns: columns, x: x, scratch: scratch, g: g))
        }
      }
    }
    if variant == .adaptThenCombine {
      context.mix(s.scratch, with: mixing, into: &s.x)
    }
    s.iteration += 1
  }

  public func estimates(_ s: State) -> Matrix { s.x }

  /// A block's share of a step: its gradients at X, then X ← W X − α ∇f(X) (CTA; `scratch`
  /// holds W X) or scratch ← X − α ∇f(X) (ATC; mixed after the loop).
  private struct BlockStep: AgentBlockStep {
    let variant: Variant
    let alpha: Double
    let columns: Int
    let x: UnsafeMutableBufferPointer<Double>
    let scratch: UnsafeMutableBufferPointer<Double>
    let g: UnsafeMutableBufferPointer<Double>

    func run(_ block: AgentBlock) {
      let entries = block.entries(columns: columns)
      block.gradients(at: UnsafeBufferPointer(x), into: g)
      switch variant {
      case .combineThenAdapt:
        Update.difference(
          UnsafeBufferPointer(scratch), minus: alpha, times: UnsafeBufferPointer(g), into: x,
          entries: entries)
      case .adaptThenCombine:
        Update.difference(
          UnsafeBufferPointer(x), minus: alpha, times: UnsafeBufferPointer(g), into: scratch,
          entries: entries)
      }
    }
  }
}
