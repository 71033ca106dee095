import Foundation

/// The loss of a problem. With z = aᵀx and label b, the per-sample losses are
/// least squares ½(z − b)², logistic log(1 + e^{−bz}), L1 |z − b|, hinge max(0, 1 − bz).
public enum ProblemKind: String, CaseIterable, Sendable {
  case leastSquares = "least-squares"
  case ridge
  case logistic
  case l1Regression = "l1-regression"
  case hinge

  /// One line for `gossip list problems`.
  public var summary: String {
    switch self {
    case .leastSquares: "least squares: (1/2N) Σ (a_sᵀx − b_s)²"
    case .ridge: "ridge regression: (1/2N) Σ (a_sᵀx − b_s)² + (λ/2)‖x‖²"
    case .logistic: "logistic regression, labels ±1: (1/N) Σ log(1 + exp(−b_s a_sᵀx)) + (λ/2)‖x‖²"
    case .l1Regression: "least absolute deviations (non-smooth): (1/N) Σ |a_sᵀx − b_s|"
    case .hinge: "linear SVM, labels ±1 (non-smooth): (1/N) Σ max(0, 1 − b_s a_sᵀx) + (λ/2)‖x‖²"
    }
  }

  /// Whether the loss has a Lipschitz gradient.
  public var isSmooth: Bool {
    switch self {
    case .leastSquares, .ridge, .logistic: true
    case .l1Regression, .hinge: false
    }
  }

  /// Whether the kind takes the regularization λ (least squares and L1 regression have λ = 0).
  public var isRegularized: Bool {
    switch self {
    case .ridge, .logistic, .hinge: true
    case .leastSquares, .l1Regression: false
    }
  }

  /// Whether labels must be ±1.
  public var isClassification: Bool { self == .logistic || self == .hinge }

  /// An upper bound on the loss's second derivative in z (∞ for the non-smooth kinds).
  var curvatureBound: Double {
    switch self {
    case .leastSquares, .ridge: 1
    case .logistic: 0.25
    case .l1Regression, .hinge: .infinity
    }
  }

  /// Whether |∂loss/∂z| ≤ 1 everywhere (labels ±1 for the classification kinds).
  var hasUnitSlope: Bool { self != .leastSquares && self != .ridge }

  /// The loss at z = aᵀx for label b.
  @inline(__always)
  func loss(_ z: Double, label b: Double) -> Double {
    switch self {
    case .leastSquares, .ridge:
      let r = z - b
      return 0.5 * r * r
    case .logistic:
      let m = b * z
      return m > 0 ? log1p(exp(-m)) : -m + log1p(exp(m))
    case .l1Regression: return abs(z - b)
    case .hinge: return max(0, 1 - b * z)
    }
  }

  /// ∂loss/∂z at z for label b; at a kink, the subgradient 0 (L1 at z = b) or −b·[bz < 1] (hinge).
  @inline(__always)
  func slope(_ z: Double, label b: Double) -> Double {
    switch self {
    case .leastSquares, .ridge: return z - b
    case .logistic: return -b / (1 + exp(b * z))
    case .l1Regression: return z > b ? 1 : (z < b ? -1 : 0)
    case .hinge: return b * z < 1 ? -b : 0
    }
  }

  /// ∂²loss/∂z² at z for label b (smooth kinds only).
  @inline(__always)
  func curvature(_ z: Double, label b: Double) -> Double {
    switch self {
    case .leastSquares, .ridge: return 1
    case .logistic:
      let sigma = 1 / (1 + exp(-b * z))
      return sigma * (1 - sigma)
    case .l1Regression, .hinge: preconditionFailure("the \(rawValue) loss has no second derivative")
    }
  }
}
