import Foundation
import LinearAlgebra
import Simulation

/// The communication operator of a dual method: a gossip matrix W̄ (symmetric PSD, kernel span(1),
/// the graph's sparsity; one round), or its Chebyshev polynomial P_K(W̄) (K rounds, MSDA).
public struct DualInteraction: Sendable {
  enum Operator: Sendable {
    case gossip(SparseMatrix)
    case chebyshev(ChebyshevGossip)
  }

  let operation: Operator
  /// λ₁, the largest eigenvalue of the operator (an upper bound for P_K).
  public let lambdaMax: Double
  /// λₙ₋₁, its smallest non-zero eigenvalue (a lower bound for P_K).
  public let smallestPositive: Double

  /// W̄ itself: one round per application.
  public static func gossip(_ w: SparseMatrix, lambdaMax: Double, smallestPositive: Double) -> Self
  {
    precondition(
      lambdaMax > 0 && smallestPositive > 0 && smallestPositive <= lambdaMax * (1 + 1e-12),
      "need 0 < λₙ₋₁ ≤ λ₁ (a connected network)")
    return Self(operation: .gossip(w), lambdaMax: lambdaMax, smallestPositive: smallestPositive)
  }

  /// P_K(W̄) by Chebyshev-accelerated gossip (ALGORITHMS.md §1.5), K rounds per application; its
  /// eigenvalues on 1^⊥ are taken as the ends of ``ChebyshevGossip/spectrumBounds``, which gives
  /// MSDA's step and momentum (Scaman et al. 2017).
  public static func chebyshev(_ gossip: ChebyshevGossip) -> Self {
    let bounds = gossip.spectrumBounds
    return Self(
      operation: .chebyshev(gossip), lambdaMax: bounds.upperBound,
      smallestPositive: bounds.lowerBound)
  }

  /// χ = λ₁/λₙ₋₁ = 1/γ.
  public var condition: Double { lambdaMax / smallestPositive }

  /// Rounds per application.
  public var rounds: Int {
    switch operation {
    case .gossip: 1
    case .chebyshev(let c): c.rounds
    }
  }

  /// The buffers of one application (none for a plain gossip matrix).
  func makeWorkspace(rows: Int, columns: Int) -> ChebyshevGossip.Workspace? {
    switch operation {
    case .gossip: nil
    case .chebyshev: ChebyshevGossip.Workspace(rows: rows, columns: columns)
    }
  }

  /// `y = W̄ x` or `y = P_K(W̄) x`.
  func apply(
    _ x: Matrix, into y: inout Matrix, workspace: inout ChebyshevGossip.Workspace?,
    context: SimulationContext
  ) {
    switch operation {
    case .gossip(let w):
      context.mix(x, with: w, into: &y)
    case .chebyshev(let c):
      c.apply(x, into: &y, workspace: &workspace!, context: context)
    }
  }
}

/// Accelerated gradient methods on the dual of the consensus problem
/// min Σᵢ fᵢ(θᵢ) s.t. Θ√W̄ = 0 (Uribe, Lee, Gasnikov, Nedić, arXiv:1809.00710, "A dual approach
/// for optimal algorithms in distributed optimization over networks"; ALGORITHMS.md §3), run in
/// the coordinates Z = Y√W̄ where a dual gradient step is one product with W̄, i.e. one round.
///
/// Rows are agents. Σᵢ zᵢ = 0 at every iterate (1ᵀW̄ = 0). Each iteration is one dual-oracle call
/// xᵢ = argmin fᵢ(u) − ⟨zᵢ, u⟩ per agent and one application of the interaction operator.
///
/// - ``Method/accelerated`` (case a, and c after regularization): Nesterov's constant-momentum
///   method with L_φ = λ₁/μ, μ_φ = λₙ₋₁/L, step 1/L_φ and β = (√(κχ) − 1)/(√(κχ) + 1),
///   κ = L/μ, χ = λ₁/λₙ₋₁:
///   z̃ = zᵏ + β(zᵏ − zᵏ⁻¹), xᵏ = ∇f*(z̃), zᵏ⁺¹ = z̃ − (μ/λ₁) W̄ xᵏ. The estimates are xᵏ; the dual
///   error falls like (1 − 1/√(κχ))ᵏ. This is SSDA (Scaman et al. 2017) exactly; with P_K(W̄) it
///   is MSDA.
/// - ``Method/similarTriangles`` (case b, and d after regularization): the similar-triangles
///   method, aₖ = (1 + √(1 + 4L_φAₖ))/(2L_φ), Aₖ₊₁ = Aₖ + aₖ, z̃ = (a u + Aₖ v)/Aₖ₊₁,
///   x = ∇f*(z̃), u ← u − a W̄ x, v ← (a u + Aₖ v)/Aₖ₊₁; the estimates are the primal averages
///   x̂ = Σ aⱼxⱼ/Aₖ, with F(x̂) − F* and the consensus residual O(L_φ R_y²/k²).
///
/// Normalization: the method minimizes the sum Σᵢ fᵢ (Uribe) whose minimizer is that of the
/// average F = (1/n)Σᵢ fᵢ of this package; μ and L are those of each fᵢ, not of F.
public struct DualAccelerated<Oracle: DualOracle>: DecentralizedAlgorithm {
  public enum Method: String, Sendable {
    case accelerated
    case similarTriangles = "similar-triangles"
  }

  public let name: String
  public let oracle: Oracle
  public let interaction: DualInteraction
  public let method: Method
  /// L_φ = λ₁/μ: the smoothness of the dual.
  public let dualSmoothness: Double
  /// β, the momentum of ``Method/accelerated`` (0 for similar triangles).
  public let momentum: Double

  /// - Parameter method: default ``Method/accelerated`` when the oracle's fᵢ are smooth, else
  ///   ``Method/similarTriangles``.
  /// - Precondition: the oracle's fᵢ are strongly convex (μ > 0), and smooth for `.accelerated`.
  public init(
    name: String = "dual-accelerated", oracle: Oracle, interaction: DualInteraction,
    method: Method? = nil
  ) {
    let mu = oracle.strongConvexity
    precondition(mu > 0, "dual methods need strongly convex fᵢ; regularize them (settings c/d)")
    let method = method ?? (oracle.smoothness.isFinite ? .accelerated : .similarTriangles)
    precondition(
      method == .similarTriangles || oracle.smoothness.isFinite,
      "the accelerated dual method needs smooth fᵢ; use similar triangles")
    self.name = name
    self.oracle = oracle
    self.interaction = interaction
    self.method = method
    dualSmoothness = interaction.lambdaMax / mu
    if method == .accelerated {
      let root = (oracle.smoothness / mu * interaction.condition).squareRoot()
      momentum = (root - 1) / (root + 1)
    } else {
      momentum = 0
    }
  }

  /// κχ = (L/μ)(λ₁/λₙ₋₁) = L_φ/μ_φ, the condition number of the dual.
  public var dualCondition: Double {
    oracle.smoothness / oracle.strongConvexity * interaction.condition
  }

  /// 1 − 1/√(κχ): the guaranteed contraction per iteration of ``Method/accelerated``.
  public var contraction: Double { 1 - 1 / dualCondition.squareRoot() }

  public var parameters: [String: Double] {
    var p = ["step": 1 / dualSmoothness, "rounds-per-iteration": Double(interaction.rounds)]
    if method == .accelerated { p["momentum"] = momentum }
    return p
  }

  public struct State: Sendable {
    /// zᵏ (accelerated) or u (similar triangles).
    public internal(set) var z: Matrix
    /// zᵏ⁻¹ (accelerated) or v (similar triangles).
    var other: Matrix
    /// The oracle's point z̃.
    var look: Matrix
    /// xᵏ = ∇f*(z̃): the latest oracle answer.
    public internal(set) var x: Matrix
    var mixed: Matrix
    /// x̂, the primal average (similar triangles).
    var average: Matrix
    /// Aₖ (similar triangles).
    var weight = 0.0
    var iteration = 0
    var oracleWorkspace: Oracle.Workspace
    var gossipWorkspace: ChebyshevGossip.Workspace?
  }

  /// Starts from Z = 0 (the dual's start; the primal x⁰ only warm-starts an inexact oracle).
  public func makeState(initial x0: Matrix, context: inout SimulationContext) -> State {
    func zeros() -> Matrix { Matrix(rows: x0.rows, columns: x0.columns) }
    return State(
      z: zeros(), other: zeros(), look: zeros(), x: Matrix(copying: x0), mixed: zeros(),
      average: zeros(), oracleWorkspace: oracle.makeWorkspace(),
      gossipWorkspace: interaction.makeWorkspace(rows: x0.rows, columns: x0.columns))
  }

  public func step(_ s: inout State, context: inout SimulationContext) {
    switch method {
    case .accelerated: acceleratedStep(&s, context: &context)
    case .similarTriangles: similarTrianglesStep(&s, context: &context)
    }
    s.iteration += 1
  }

  public func estimates(_ s: State) -> Matrix { method == .accelerated ? s.x : s.average }

  /// The accuracy asked of an inexact oracle at iteration k: the outer method's own rate,
  /// (1 − 1/√(κχ))ᵏ or 1/(k + 1)³, floored at 1e-13.
  private func oracleTolerance(_ k: Int) -> Double {
    let rate = method == .accelerated ? pow(contraction, Double(k)) : pow(Double(k + 1), -3)
    return max(1e-13, rate)
  }

  private func acceleratedStep(_ s: inout State, context: inout SimulationContext) {
    // z̃ = z + β(z − z₋).
    Self.combine(s.z, 1 + momentum, s.other, -momentum, into: &s.look)
    oracle.minimizers(
      at: s.look, tolerance: oracleTolerance(s.iteration), into: &s.x,
      workspace: &s.oracleWorkspace, context: &context)
    interaction.apply(s.x, into: &s.mixed, workspace: &s.gossipWorkspace, context: context)
    // z₋ ← z̃ − (1/L_φ) W̄ x, then swap: z is the new iterate, z₋ the old one.
    Update.difference(s.look, minus: 1 / dualSmoothness, times: s.mixed, into: &s.other)
    swap(&s.z, &s.other)
  }

  private func similarTrianglesStep(_ s: inout State, context: inout SimulationContext) {
    let lipschitz = dualSmoothness
    let a = (1 + (1 + 4 * lipschitz * s.weight).squareRoot()) / (2 * lipschitz)
    let next = s.weight + a
    let (fresh, kept) = (a / next, s.weight / next)
    // z̃ = (a u + A v)/A₊.
    Self.combine(s.z, fresh, s.other, kept, into: &s.look)
    oracle.minimizers(
      at: s.look, tolerance: oracleTolerance(s.iteration), into: &s.x,
      workspace: &s.oracleWorkspace, context: &context)
    interaction.apply(s.x, into: &s.mixed, workspace: &s.gossipWorkspace, context: context)
    // u ← u − a W̄ x; v ← (a u + A v)/A₊; x̂ ← (A x̂ + a x)/A₊.
    Update.difference(s.z, minus: a, times: s.mixed, into: &s.look)
    swap(&s.z, &s.look)
    Self.combine(s.z, fresh, s.other, kept, into: &s.look)
    swap(&s.other, &s.look)
    Self.combine(s.x, fresh, s.average, kept, into: &s.look)
    swap(&s.average, &s.look)
    s.weight = next
  }

  /// `y = α a + β b`.
  private static func combine(
    _ a: Matrix, _ alpha: Double, _ b: Matrix, _ beta: Double, into y: inout Matrix
  ) {
    let count = y.storage.count
    a.storage.withUnsafeBufferPointer { a in
      b.storage.withUnsafeBufferPointer { b in
        y.storage.withUnsafeMutableBufferPointer { y in
          for k in 0..<count { y[k] = alpha * a[k] + beta * b[k] }
        }
      }
    }
  }
}
