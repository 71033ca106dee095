import LinearAlgebra
import Simulation

/// Gradient tracking: DIGing (Nedić, Olshevsky, Shi, SIAM J. Optim. 27(4), 2017,
/// doi:10.1137/16M1084316) and its adapt-then-combine form, as in NEXT
/// (Di Lorenzo & Scutari, IEEE TSIPN 2(2), 2016, doi:10.1109/TSIPN.2016.2524588).
///
/// CTA (DIGing): `Xᵏ⁺¹ = W Xᵏ − α Yᵏ`, `Yᵏ⁺¹ = W Yᵏ + ∇f(Xᵏ⁺¹) − ∇f(Xᵏ)`, `Y⁰ = ∇f(X⁰)`;
/// x and y travel packed in one message, so an iteration costs one round (2d doubles a message).
/// ATC: `Xᵏ⁺¹ = W (Xᵏ − α Yᵏ)`, `Yᵏ⁺¹ = W (Yᵏ + ∇f(Xᵏ⁺¹) − ∇f(Xᵏ))`: two rounds, since the
/// second product needs the new gradient. Both keep Σᵢ yᵢ = Σᵢ ∇fᵢ(xᵢ) because W is doubly
/// stochastic, and converge linearly for strongly convex smooth fᵢ with a small enough α.
/// ``makeState(initial:context:)`` computes Y⁰ = ∇f(X⁰) through the context, so that gradient
/// call is counted: after k iterations `gradientCalls` is k + 1.
public struct GradientTracking: DecentralizedAlgorithm {
  public typealias Variant = CombinationOrder

  public let mixing: SparseMatrix
  public let step: Double
  public let variant: Variant

  public init(mixing: SparseMatrix, step: Double, variant: Variant = .combineThenAdapt) {
    self.mixing = mixing
    self.step = step
    self.variant = variant
  }

  /// The default step: half the stability limit on quadratics whose local Hessians all equal L·I,
  /// with λₙ = λₙ(W) the smallest eigenvalue of W, ρ = max(0, −λₙ) and L the largest local
  /// smoothness constant:
  ///
  ///     CTA: α = (1 + λₙ)²/(4L),   ATC: α = min(1, (1 − ρ)²/(4ρ²))/L.
  ///
  /// Per eigenvalue λ of W, the iteration on (x, y/L) is linear with the 2×2 matrix
  /// [[λ, −αL], [λ − 1, λ − αL]] (CTA) or λ·[[1, −αL], [λ − 1, 1 − λαL]] (ATC); the Jury
  /// conditions give stability iff αL < (1 + λ)²/2 (CTA) and, for λ = −ρ < 0,
  /// αL < (1 − ρ)²/(2ρ²) (ATC), besides αL < 2 for the consensus direction λ = 1. The factor 2
  /// leaves room for heterogeneous fᵢ (the published bounds, which shrink like (1 − σ)², are far
  /// more conservative). Negative eigenvalues of W are what limits the step: CTA suffers from
  /// them quadratically, ATC only once ρ > 1/3.
  public static func defaultStep(
    smoothness: Double, smallestMixingEigenvalue: Double, variant: Variant = .combineThenAdapt
  ) -> Double {
    let lambda = smallestMixingEigenvalue
    switch variant {
    case .combineThenAdapt:
      return (1 + lambda) * (1 + lambda) / (4 * smoothness)
    case .adaptThenCombine:
      let rho = max(0, -lambda)  // ρ = 0 makes the ratio +∞, so the step is 1/L
      return min(1, (1 - rho) * (1 - rho) / (4 * rho * rho)) / smoothness
    }
  }

  public var name: String { "gradient-tracking" }
  public var parameters: [String: Double] { ["step": step] }

  public struct State: Sendable {
    public var x: Matrix
    /// The tracker: each row estimates the average gradient.
    public var y: Matrix
    /// ∇f(Xᵏ), and the gradient at the new iterate.
    public var gradient: Matrix
    var newGradient: Matrix
    var mixedX: Matrix
    var mixedY: Matrix
  }

  public func makeState(initial x0: Matrix, context: inout SimulationContext) -> State {
    // Every buffer allocated on its own: shared ones would be copied at their first write.
    func zeros() -> Matrix { Matrix(rows: x0.rows, columns: x0.columns) }
    var gradient = zeros()
    context.gradients(at: x0, into: &gradient)  // Y⁰ = ∇f(X⁰): one counted gradient call
    return State(x: Matrix(copying: x0), y: Matrix(copying: gradient), gradient: gradient,
                 newGradient: zeros(), mixedX: zeros(), mixedY: zeros())
  }

  public func step(_ s: inout State, context: inout SimulationContext) {
    let alpha = step
    let (rows, columns) = (s.x.rows, s.x.columns)
    switch variant {
    case .combineThenAdapt:
      context.mix(s.x, s.y, with: mixing, into: &s.mixedX, &s.mixedY)
      // X ← W X − α Y, then W Y + ∇f(X) − ∇f(Xₚ), each block of agents in one go.
      s.x.storage.withUnsafeMutableBufferPointer { x in
        s.y.storage.withUnsafeBufferPointer { y in
          s.mixedX.storage.withUnsafeBufferPointer { mixedX in
            s.mixedY.storage.withUnsafeMutableBufferPointer { mixedY in
              s.gradient.storage.withUnsafeBufferPointer { g in
                s.newGradient.storage.withUnsafeMutableBufferPointer { newG in
                  context.forEachAgentBlock(
                    rows: rows, gradientCalls: 1, work: 2 * g.count,
                    CombineThenAdaptStep(
                      alpha: alpha, columns: columns, x: x, y: y, mixedX: mixedX,
                      mixedY: mixedY, gradient: g, newGradient: newG))
                }
              }
            }
          }
        }
      }
      swap(&s.y, &s.mixedY)
    case .adaptThenCombine:
      Update.difference(s.x, minus: alpha, times: s.y, into: &s.mixedX)
      context.mix(s.mixedX, with: mixing, into: &s.x)
      // Y + ∇f(X) − ∇f(Xₚ), each block of agents right after its gradients.
      s.x.storage.withUnsafeBufferPointer { x in
        s.y.storage.withUnsafeMutableBufferPointer { y in
          s.gradient.storage.withUnsafeBufferPointer { g in
            s.newGradient.storage.withUnsafeMutableBufferPointer { newG in
              context.forEachAgentBlock(
                rows: rows, gradientCalls: 1, work: g.count,
                TrackingStep(columns: columns, x: x, y: y, gradient: g, newGradient: newG))
            }
          }
        }
      }
      context.mix(s.y, with: mixing, into: &s.mixedY)
      swap(&s.y, &s.mixedY)
    }
    swap(&s.gradient, &s.newGradient)
  }

  public func estimates(_ s: State) -> Matrix { s.x }

  /// A block's share of a CTA step after the round: X ← W X − α Y, the gradients at the new X,
  /// then W Y ← W Y + ∇f(X) − ∇f(Xₚ) (the new Y).
  private struct CombineThenAdaptStep: AgentBlockStep {
    let alpha: Double
    let columns: Int
    let x: UnsafeMutableBufferPointer<Double>
    let y: UnsafeBufferPointer<Double>
    let mixedX: UnsafeBufferPointer<Double>
    let mixedY: UnsafeMutableBufferPointer<Double>
    let gradient: UnsafeBufferPointer<Double>
    let newGradient: UnsafeMutableBufferPointer<Double>

    func run(_ block: AgentBlock) {
      let entries = block.entries(columns: columns)
      Update.difference(mixedX, minus: alpha, times: y, into: x, entries: entries)
      block.gradients(at: UnsafeBufferPointer(x), into: newGradient)
      Update.add(UnsafeBufferPointer(newGradient), minus: gradient, to: mixedY, entries: entries)
    }
  }

  /// A block's share of an ATC step between its rounds: the gradients at X, then
  /// Y ← Y + ∇f(X) − ∇f(Xₚ).
  private struct TrackingStep: AgentBlockStep {
    let columns: Int
    let x: UnsafeBufferPointer<Double>
    let y: UnsafeMutableBufferPointer<Double>
    let gradient: UnsafeBufferPointer<Double>
    let newGradient: UnsafeMutableBufferPointer<Double>

    func run(_ block: AgentBlock) {
      block.gradients(at: x, into: newGradient)
      Update.add(
        UnsafeBufferPointer(newGradient), minus: gradient, to: y,
        entries: block.entries(columns: columns))
    }
  }
}
