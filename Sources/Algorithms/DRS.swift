import Foundation
import GossipCore
import LinearAlgebra
import Simulation

/// Distributed randomized smoothing, DRS (Scaman, Bach, Bubeck, Lee, Massoulié, JMLR 20(159),
/// 2019, Alg. 1 and Thm 2; after Duchi, Bartlett, Wainwright, SIAM J. Optim. 22(2), 2012,
/// doi:10.1137/110831659): the optimal centralized method when F = (1/n) Σᵢ fᵢ is L_g-Lipschitz.
///
/// Accelerated dual averaging on the Gaussian smoothing F^γ(θ) = E F(θ + γX), X ~ N(0, I):
///
///     y_t = (1 − α_t) x_t + α_t z_t
///     gᵢ = (1/K) Σ_k ∇fᵢ(y_t + γ_t X_{t,k})      same X_{t,k} on every agent (shared seed)
///     G_{t+1} = G_t + (1/(n α_t)) Σᵢ gᵢ            reduce + broadcast over a spanning tree
///     z_{t+1} = Proj_{‖z‖≤R}(−η_{t+1} G_{t+1}),  x_{t+1} = (1 − α_t) x_t + α_t z_{t+1}
///
/// with α₀ = 1, α_{t+1} = 2/(1 + √(1 + 4/α_t²)), γ_t = R d^{−1/4} α_t and
/// η_t = R α_t / (2 L_g (d^{1/4} + √((t + 1)/K))). The root's x, z, G are kept by every agent
/// (each computes the same update from the same broadcast), so no extra communication is needed:
/// per iteration K gradient calls per agent and one ``SimulationContext/treeAverage(_:into:)``
/// (time 2Δτ).
public struct DRS: DecentralizedAlgorithm {
  public struct Parameters: Sendable, Equatable {
    /// T, the iterations.
    public var iterations: Int
    /// K, the Gaussian samples per agent and iteration.
    public var samples: Int
    /// R, the radius of the ball the iterates are projected onto.
    public var radius: Double
    /// L_g, the Lipschitz constant of F.
    public var lipschitz: Double
    /// The seed every agent initializes its generator with.
    public var seed: UInt64

    public init(iterations: Int, samples: Int, radius: Double, lipschitz: Double, seed: UInt64) {
      self.iterations = iterations
      self.samples = samples
      self.radius = radius
      self.lipschitz = lipschitz
      self.seed = seed
    }
  }

  public let configuration: Parameters
  /// The constants the run reports besides T, K, R, L_g (ε, the bound, …).
  public let report: [String: Double]

  /// - Precondition: T, K ≥ 1, R > 0, L_g > 0.
  public init(_ configuration: Parameters, report: [String: Double] = [:]) {
    precondition(
      configuration.iterations >= 1 && configuration.samples >= 1,
      "DRS needs T, K ≥ 1")
    precondition(
      configuration.radius > 0 && configuration.lipschitz > 0,
      "DRS needs R > 0 and L_g > 0")
    self.configuration = configuration
    self.report = report
  }

  /// The parameters of Theorem 2: T = ⌈20 R L_g d^{1/4}/ε⌉, K = ⌈5 R L_g d^{−1/4}/ε⌉.
  public static func theoremParameters(
    epsilon: Double, radius: Double, lipschitz: Double, dimension: Int, seed: UInt64
  ) -> Parameters {
    let scale = radius * lipschitz / epsilon
    let root4: Double = pow(Double(dimension), 0.25)
    return Parameters(
      iterations: Int((20 * scale * root4).rounded(.up)),
      samples: Int((5 * scale / root4).rounded(.up)), radius: radius, lipschitz: lipschitz,
      seed: seed)
  }

  /// The bound of Theorem 2 (Duchi et al., Cor. 2.4) on E F(x_T) − min_{‖θ‖≤R} F:
  /// 10 R L_g d^{1/4}/T + 5 R L_g/√(TK).
  public static func bound(_ p: Parameters, dimension: Int) -> Double {
    let rl = p.radius * p.lipschitz
    let t = Double(p.iterations)
    let root4: Double = pow(Double(dimension), 0.25)
    return 10 * rl * root4 / t + 5 * rl / (t * Double(p.samples)).squareRoot()
  }

  /// α_{t+1} = 2/(1 + √(1 + 4/α_t²)).
  public static func nextMomentum(_ alpha: Double) -> Double {
    2 / (1 + (1 + 4 / (alpha * alpha)).squareRoot())
  }

  public var name: String { "drs" }

  public var parameters: [String: Double] {
    var values = report
    values["T"] = Double(configuration.iterations)
    values["K"] = Double(configuration.samples)
    values["radius"] = configuration.radius
    values["lipschitz"] = configuration.lipschitz
    return values
  }

  public struct State: Sendable {
    /// x_t, z_t, G_t: the same row on every agent.
    public var x: Matrix
    var z: Matrix
    var dualSum: Matrix
    /// y_t, then the averaged subgradient.
    var y: Matrix
    /// The perturbed points y_t + γ_t X_{t,k}; row i is agent i's.
    var perturbed: Matrix
    /// X_{t,k} of the last sample drawn; row i is the one agent i drew.
    public var lastSample: Matrix
    var gradient: Matrix
    var gradientSum: Matrix
    /// One generator per agent, all seeded with the shared seed.
    public var generators: [SeededGenerator]
    var alpha = 1.0
    public var iteration = 0
  }

  public func makeState(initial x0: Matrix, context: inout SimulationContext) -> State {
    let (n, d) = (x0.rows, x0.columns)
    func zeros() -> Matrix { Matrix(rows: n, columns: d) }
    return State(
      x: zeros(), z: zeros(), dualSum: zeros(), y: zeros(), perturbed: zeros(),
      lastSample: zeros(), gradient: zeros(), gradientSum: zeros(),
      generators: Array(repeating: SeededGenerator(seed: configuration.seed), count: n))
  }

  public func step(_ s: inout State, context: inout SimulationContext) {
    let (n, d) = (s.x.rows, s.x.columns)
    let count = n * d
    let alpha = s.alpha
    let k = configuration.samples
    let radius = configuration.radius
    let smoothing = radius * pow(Double(d), -0.25) * alpha
    // y_t = (1 − α_t) x_t + α_t z_t.
    s.x.storage.withUnsafeBufferPointer { x in
      s.z.storage.withUnsafeBufferPointer { z in
        s.y.storage.withUnsafeMutableBufferPointer { y in
          for e in 0..<count { y[e] = (1 - alpha) * x[e] + alpha * z[e] }
        }
      }
    }
    // gᵢ = Σ_k ∇fᵢ(y_t + γ_t X_{t,k}) (divided by K below).
    for e in 0..<count { s.gradientSum.storage[e] = 0 }
    for _ in 0..<k {
      for i in 0..<n {
        for j in 0..<d {
          s.lastSample.storage[i * d + j] = Self.standardNormal(using: &s.generators[i])
        }
      }
      s.y.storage.withUnsafeBufferPointer { y in
        s.lastSample.storage.withUnsafeBufferPointer { sample in
          s.perturbed.storage.withUnsafeMutableBufferPointer { p in
            for e in 0..<count { p[e] = y[e] + smoothing * sample[e] }
          }
        }
      }
      context.gradients(at: s.perturbed, into: &s.gradient)
      s.gradient.storage.withUnsafeBufferPointer { g in
        s.gradientSum.storage.withUnsafeMutableBufferPointer { sum in
          for e in 0..<count { sum[e] += g[e] }
        }
      }
    }
    // (1/n) Σᵢ gᵢ on every agent: reduce and broadcast over the tree.
    context.treeAverage(s.gradientSum, into: &s.y)
    let eta = Self.step(
      at: s.iteration + 1, alpha: Self.nextMomentum(alpha), configuration, dimension: d)
    let scale = 1 / (Double(k) * alpha)
    s.y.storage.withUnsafeBufferPointer { average in
      s.dualSum.storage.withUnsafeMutableBufferPointer { g in
        s.z.storage.withUnsafeMutableBufferPointer { z in
          for e in 0..<count {
            g[e] += scale * average[e]
            z[e] = -eta * g[e]
          }
        }
      }
    }
    // Projection onto ‖z‖ ≤ R (every row is the same vector).
    let norm = s.z.storage[0..<d].reduce(0) { $0 + $1 * $1 }.squareRoot()
    if norm > radius {
      let shrink = radius / norm
      for e in 0..<count { s.z.storage[e] *= shrink }
    }
    s.z.storage.withUnsafeBufferPointer { z in
      s.x.storage.withUnsafeMutableBufferPointer { x in
        for e in 0..<count { x[e] = (1 - alpha) * x[e] + alpha * z[e] }
      }
    }
    s.alpha = Self.nextMomentum(alpha)
    s.iteration += 1
  }

  /// η_t = R α_t / (2 L_g (d^{1/4} + √((t + 1)/K))).
  static func step(at t: Int, alpha: Double, _ p: Parameters, dimension: Int) -> Double {
    p.radius * alpha
      / (2 * p.lipschitz
        * (pow(Double(dimension), 0.25) + (Double(t + 1) / Double(p.samples)).squareRoot()))
  }

  /// A standard normal draw (Box–Muller, two uniforms per draw).
  static func standardNormal(using rng: inout SeededGenerator) -> Double {
    let u = Double.random(in: Double.ulpOfOne..<1, using: &rng)
    let v = Double.random(in: 0..<1, using: &rng)
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
  }

  /// x_t on every agent.
  public func estimates(_ s: State) -> Matrix { s.x }
}
