import LinearAlgebra
import Simulation

/// EXTRA: an exact first-order algorithm for decentralized consensus optimization
/// (Shi, Ling, Wu, Yin, SIAM J. Optim. 25(2), 2015, doi:10.1137/14096668X).
///
/// `X¹ = W X⁰ − α ∇f(X⁰)`, then
/// `Xᵏ⁺² = (I + W) Xᵏ⁺¹ − W̃ Xᵏ − α (∇f(Xᵏ⁺¹) − ∇f(Xᵏ))` with `W̃ = (I + W)/2`.
/// `W Xᵏ` is kept from the previous iteration, so each iteration costs one round and one gradient.
/// Converges exactly for α < (1 + λₙ(W))/L (linearly under strong convexity).
public struct EXTRA: DecentralizedAlgorithm {
  public let mixing: SparseMatrix
  public let step: Double

  public init(mixing: SparseMatrix, step: Double) {
    self.mixing = mixing
    self.step = step
  }

  /// The default step min(1 + λₙ, (5 + 3λₙ)/8)/L, with λₙ = λₙ(W) the smallest eigenvalue of W
  /// and L the largest local smoothness constant.
  ///
  /// (5 + 3λₙ)/(8L) is half the stability limit (5 + 3λₙ)/(4L) of EXTRA on quadratics whose local
  /// Hessians all equal L·I (per eigenvalue λ of W the recursion
  /// x⁺⁺ = (1 + λ − αL) x⁺ − ((1 + λ)/2 − αL) x is stable iff αL < (5 + 3λ)/4); the factor 2
  /// leaves room for heterogeneous fᵢ. It is capped at (1 + λₙ)/L = 2λ_min(W̃)/L, the bound under
  /// which Shi et al. (2015, Thm 3.3) prove convergence; the cap binds only when λₙ < −0.6.
  /// On Metropolis weights (λₙ ≈ −0.2…−0.35) this is about 0.5/L, where the former (1 + λₙ)/(2L)
  /// gave about 0.33/L and took 1.5× as many iterations (docs/algorithms.md).
  public static func defaultStep(smoothness: Double, smallestMixingEigenvalue: Double) -> Double {
    let lambda = smallestMixingEigenvalue
    return min(1 + lambda, (5 + 3 * lambda) / 8) / smoothness
  }

  public var name: String { "extra" }
  public var parameters: [String: Double] { ["step": step] }

  public struct State: Sendable {
    /// Xᵏ⁺¹, Xᵏ and the next iterate being built.
    public var x: Matrix
    var previous: Matrix
    var next: Matrix
    /// W Xᵏ⁺¹ and W Xᵏ.
    var mixed: Matrix
    var previousMixed: Matrix
    /// ∇f(Xᵏ⁺¹) and ∇f(Xᵏ).
    var gradient: Matrix
    var previousGradient: Matrix
    var iteration = 0
  }

  public func makeState(initial x0: Matrix, context: inout SimulationContext) -> State {
    // Every buffer allocated on its own: shared ones would be copied at their first write.
    func zeros() -> Matrix { Matrix(rows: x0.rows, columns: x0.columns) }
    return State(x: Matrix(copying: x0), previous: zeros(), next: zeros(), mixed: zeros(),
                 previousMixed: zeros(), gradient: zeros(), previousGradient: zeros())
  }

  public func step(_ s: inout State, context: inout SimulationContext) {
    context.mix(s.x, with: mixing, into: &s.mixed)
    let alpha = step
    let (rows, columns) = (s.x.rows, s.x.columns)
    let first = s.iteration == 0
    // Each block of agents takes its step right after its gradients, while they are in cache.
    s.x.storage.withUnsafeBufferPointer { x in
      s.previous.storage.withUnsafeBufferPointer { previous in
        s.mixed.storage.withUnsafeBufferPointer { mixed in
          s.previousMixed.storage.withUnsafeBufferPointer { previousMixed in
            s.previousGradient.storage.withUnsafeBufferPointer { previousGradient in
              s.gradient.storage.withUnsafeMutableBufferPointer { g in
                s.next.storage.withUnsafeMutableBufferPointer { next in
                  context.forEachAgentBlock(
                    rows: rows, gradientCalls: 1, work: g.count,
                    BlockStep(
                      first: first, alpha: alpha, columns: columns, x: x, previous: previous,
                      mixed: mixed, previousMixed: previousMixed,
                      previousGradient: previousGradient, gradient: g, next: next))
                }
              }
            }
          }
        }
      }
    }
    // Rotate the buffers: (previous, x, next) ← (x, next, previous); no copies.
    swap(&s.previous, &s.x)
    swap(&s.x, &s.next)
    swap(&s.previousMixed, &s.mixed)
    swap(&s.previousGradient, &s.gradient)
    s.iteration += 1
  }

  public func estimates(_ s: State) -> Matrix { s.x }

  /// A block's share of a step: its gradients at X, then the first step `next = W X − α G` or
  /// a later one (`secondOrderUpdate`).
  private struct BlockStep: AgentBlockStep {
    let first: Bool
    let alpha: Double
    let columns: Int
    let x: UnsafeBufferPointer<Double>
    let previous: UnsafeBufferPointer<Double>
    let mixed: UnsafeBufferPointer<Double>
    let previousMixed: UnsafeBufferPointer<Double>
    let previousGradient: UnsafeBufferPointer<Double>
    let gradient: UnsafeMutableBufferPointer<Double>
    let next: UnsafeMutableBufferPointer<Double>

    func run(_ block: AgentBlock) {
      let entries = block.entries(columns: columns)
      block.gradients(at: x, into: gradient)
      let g = UnsafeBufferPointer(gradient)
      if first {
        Update.difference(mixed, minus: alpha, times: g, into: next, entries: entries)
      } else {
        EXTRA.secondOrderUpdate(
          x: x, previous: previous, mixed: mixed, previousMixed: previousMixed, gradient: g,
          previousGradient: previousGradient, step: alpha, into: next, entries: entries)
      }
    }
  }

  /// `next = X + W X − (Xₚ + W Xₚ)/2 − α (G − Gₚ)` on `entries`, with p the previous iterate.
  @inline(__always)
  fileprivate static func secondOrderUpdate(
    x: UnsafeBufferPointer<Double>, previous xp: UnsafeBufferPointer<Double>,
    mixed wx: UnsafeBufferPointer<Double>, previousMixed wxp: UnsafeBufferPointer<Double>,
    gradient g: UnsafeBufferPointer<Double>, previousGradient gp: UnsafeBufferPointer<Double>,
    step alpha: Double, into out: UnsafeMutableBufferPointer<Double>, entries: Range<Int>
  ) {
    precondition(
      entries.upperBound
        <= min(x.count, xp.count, wx.count, wxp.count, g.count, gp.count, out.count),
      "entries out of range")
    for k in entries {
      out[k] = x[k] + wx[k] - 0.5 * (xp[k] + wxp[k]) - alpha * (g[k] - gp[k])
    }
  }
}
