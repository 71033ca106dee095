import Foundation
import LinearAlgebra
import Simulation

/// Chebyshev-accelerated gossip, `AccGossip(X, W, K)` (Scaman, Bach, Bubeck, Lee, Massoulié,
/// ICML 2017, Alg. 2, arXiv:1702.08704): K rounds that compute `P_K(W) X` with
///
///     P_K(W) = I − T_K(c₂ (I − c₃ W)) / T_K(c₂),
///     c₁ = (1 − √γ)/(1 + √γ),  c₂ = (1 + γ)/(1 − γ),  c₃ = 2/((1 + γ) λ₁(W)),
///
/// where W is a gossip matrix (symmetric PSD, kernel span(1)), γ = λₙ₋₁(W)/λ₁(W) its normalized
/// eigengap and T_K the Chebyshev polynomial. P_K(W) is again a gossip matrix, with eigengap
/// ≥ ((1 − c₁ᴷ)/(1 + c₁ᴷ))²: with K = ⌊1/√γ⌋ rounds it mixes in O(1) iterations where W needs 1/γ.
///
/// The recursion, in this package's layout (agents are rows, so products are `W X`):
/// X₀ = X, X₁ = c₂ (X − c₃ W X), X_{k+1} = 2c₂ (X_k − c₃ W X_k) − X_{k−1},
/// a₀ = 1, a₁ = c₂, a_{k+1} = 2c₂ a_k − a_{k−1}; result X₀ − X_K / a_K.
/// When γ = 1 (e.g. the Laplacian of a complete graph) c₂ is infinite and the result is
/// `W X / λ₁(W)`, one round, which already equals the projection onto 1^⊥.
public struct ChebyshevGossip: Sendable {
  public let gossip: SparseMatrix
  /// λ₁(W), the largest eigenvalue.
  public let lambdaMax: Double
  /// γ = λₙ₋₁(W)/λ₁(W).
  public let eigengap: Double
  /// K, the rounds per application (1 when γ = 1, whatever was asked).
  public let rounds: Int
  let c2: Double
  let c3: Double

  /// - Parameters:
  ///   - rounds: K; default ⌊1/√γ⌋ (at least 1).
  public init(gossip: SparseMatrix, lambdaMax: Double, smallestPositiveEigenvalue: Double,
              rounds: Int? = nil) {
    precondition(lambdaMax > 0 && smallestPositiveEigenvalue > 0
                   && smallestPositiveEigenvalue <= lambdaMax * (1 + 1e-12),
                 "need 0 < λₙ₋₁ ≤ λ₁ (a connected network), got \(smallestPositiveEigenvalue), \(lambdaMax)")
    let gamma = min(1, smallestPositiveEigenvalue / lambdaMax)
    self.gossip = gossip
    self.lambdaMax = lambdaMax
    self.eigengap = gamma
    precondition(rounds.map { $0 >= 1 } ?? true, "Chebyshev gossip needs K ≥ 1 rounds")
    self.rounds = Self.isComplete(eigengap: gamma)
      ? 1 : rounds ?? Swift.max(1, Int((1 / gamma.squareRoot()).rounded(.down)))
    c2 = (1 + gamma) / (1 - gamma)
    c3 = 2 / ((1 + gamma) * lambdaMax)
  }

  /// Whether γ is 1 to machine precision, where the recursion degenerates.
  var isComplete: Bool { Self.isComplete(eigengap: eigengap) }

  private static func isComplete(eigengap: Double) -> Bool { eigengap > 1 - 1e-12 }

  /// c₁ = (1 − √γ)/(1 + √γ).
  public var c1: Double { (1 - eigengap.squareRoot()) / (1 + eigengap.squareRoot()) }

  /// The interval that holds the non-zero eigenvalues of P_K(W) (ALGORITHMS.md §1.5):
  /// [(1 − c₁ᴷ)²/(1 + c₁²ᴷ), (1 + c₁ᴷ)²/(1 + c₁²ᴷ)].
  public var spectrumBounds: ClosedRange<Double> {
    let ck: Double = pow(c1, Double(rounds))
    let denominator: Double = 1 + ck * ck
    let lower: Double = (1 - ck) * (1 - ck) / denominator
    let upper: Double = (1 + ck) * (1 + ck) / denominator
    return lower...upper
  }

  /// The buffers of one application, allocated once per run.
  public struct Workspace: Sendable {
    var previous: Matrix
    var current: Matrix
    var product: Matrix

    public init(rows: Int, columns: Int) {
      // Three buffers of their own: shared ones would be copied at their first write.
      previous = Matrix(rows: rows, columns: columns)
      current = Matrix(rows: rows, columns: columns)
      product = Matrix(rows: rows, columns: columns)
    }
  }

  /// `out = P_K(W) · x`: K rounds (one when γ = 1), no gradient, no allocation.
  public func apply(
    _ x: Matrix, into out: inout Matrix, workspace w: inout Workspace, context: SimulationContext
  ) {
    if isComplete {
      context.mix(x, with: gossip, into: &out)
      scale(&out, by: 1 / lambdaMax)
      return
    }
    // X₁ = c₂ (X − c₃ W X); X₀ = X.
    context.mix(x, with: gossip, into: &w.product)
    combine(x, w.product, scale: c2, subtractingPrevious: false, into: &w.current)
    copy(x, into: &w.previous)
    var a0 = 1.0
    var a1 = c2
    for _ in 1..<rounds {
      // X_{k+1} = 2c₂ (X_k − c₃ W X_k) − X_{k−1}, written over X_{k−1}.
      context.mix(w.current, with: gossip, into: &w.product)
      combine(w.current, w.product, scale: 2 * c2, subtractingPrevious: true, into: &w.previous)
      swap(&w.previous, &w.current)
      (a0, a1) = (a1, 2 * c2 * a1 - a0)
    }
    // out = X₀ − X_K / a_K.
    let inverse = 1 / a1
    let count = out.storage.count
    x.storage.withUnsafeBufferPointer { x0 in
      w.current.storage.withUnsafeBufferPointer { xk in
        out.storage.withUnsafeMutableBufferPointer { o in
          for k in 0..<count { o[k] = x0[k] - inverse * xk[k] }
        }
      }
    }
  }

  /// `y = s·(a − c₃·wa)`, minus the old `y` when `subtractingPrevious`.
  private func combine(
    _ a: Matrix, _ wa: Matrix, scale s: Double, subtractingPrevious: Bool, into y: inout Matrix
  ) {
    let count = y.storage.count
    let c3 = c3
    a.storage.withUnsafeBufferPointer { a in
      wa.storage.withUnsafeBufferPointer { wa in
        y.storage.withUnsafeMutableBufferPointer { y in
          if subtractingPrevious {
            for k in 0..<count { y[k] = s * (a[k] - c3 * wa[k]) - y[k] }
          } else {
            for k in 0..<count { y[k] = s * (a[k] - c3 * wa[k]) }
          }
        }
      }
    }
  }

  private func copy(_ x: Matrix, into y: inout Matrix) {
    x.storage.withUnsafeBufferPointer { source in
      y.storage.withUnsafeMutableBufferPointer { target in
        _ = target.update(fromContentsOf: source)
      }
    }
  }

  private func scale(_ y: inout Matrix, by s: Double) {
    y.storage.withUnsafeMutableBufferPointer { y in
      for k in y.indices { y[k] *= s }
    }
  }
}
