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
public struct GradientTracking: DecentralizedAlgorithm {
  public enum Variant: String, Sendable, CaseIterable {
    case combineThenAdapt = "cta"
    case adaptThenCombine = "atc"
  }

  public let mixing: SparseMatrix
  public let step: Double
  public let variant: Variant

  public init(mixing: SparseMatrix, step: Double, variant: Variant = .combineThenAdapt) {
    self.mixing = mixing
    self.step = step
    self.variant = variant
  }

  /// The default step (1 − σ)/(2L) with σ the SLEM of W: the theory's bounds are far more
  /// conservative (they shrink like (1 − σ)²), practice tolerates c/L with c up to about 0.5 on
  /// well-connected networks; scaling by the spectral gap keeps poorly connected ones stable.
  public static func defaultStep(smoothness: Double, slem: Double) -> Double {
    (1 - slem) / (2 * smoothness)
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
    let zero = Matrix(rows: x0.rows, columns: x0.columns)
    var gradient = zero
    context.gradients(at: x0, into: &gradient)
    return State(x: x0, y: gradient, gradient: gradient, newGradient: zero, mixedX: zero,
                 mixedY: zero)
  }

  public func step(_ s: inout State, context: inout SimulationContext) {
    switch variant {
    case .combineThenAdapt:
      context.mix(s.x, s.y, with: mixing, into: &s.mixedX, &s.mixedY)
      Update.difference(s.mixedX, minus: step, times: s.y, into: &s.x)
      context.gradients(at: s.x, into: &s.newGradient)
      Update.add(s.newGradient, minus: s.gradient, to: &s.mixedY)
      swap(&s.y, &s.mixedY)
    case .adaptThenCombine:
      Update.difference(s.x, minus: step, times: s.y, into: &s.mixedX)
      context.mix(s.mixedX, with: mixing, into: &s.x)
      context.gradients(at: s.x, into: &s.newGradient)
      Update.add(s.newGradient, minus: s.gradient, to: &s.y)
      context.mix(s.y, with: mixing, into: &s.mixedY)
      swap(&s.y, &s.mixedY)
    }
    swap(&s.gradient, &s.newGradient)
  }

  public func estimates(_ s: State) -> Matrix { s.x }
}
