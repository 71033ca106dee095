import Foundation
import LinearAlgebra
import Simulation

/// Multi-step primal-dual, MSPD (Scaman, Bach, Bubeck, Lee, Massoulié, "Optimal convergence rates
/// for convex distributed optimization in networks", JMLR 20(159), 2019, Alg. 3 and Thm 18;
/// NeurIPS 2018, arXiv:1806.00291): the optimal decentralized method for non-smooth fᵢ.
///
/// Chambolle–Pock on `min_Θ max_Λ (1/n) Σᵢ fᵢ(θᵢ) − tr(Λᵀ Θ A)`, `AAᵀ = W` a gossip matrix, with
/// the primal prox replaced by M subgradient steps of weight 2/(m + 2). In this package's layout
/// (agents are rows):
///
///     Y_{t+1} = Y_t − σ W (2Θ_t − Θ_{t−1})                     one round
///     θ̃⁰ = θᵢᵗ;  θ̃^{m+1} = (m/(m+2)) θ̃^m − (2/(m+2)) [(η/n) ∇fᵢ(θ̃^m) − η yᵢ^{t+1} − θᵢᵗ]
///     θᵢ^{t+1} = θ̃^M
///
/// The output (what ``estimates(_:)`` returns) is each agent's time average
/// θ̄ᵢ = (1/t) Σ_{s=1..t} θᵢˢ. Per iteration: M gradient calls per agent and one round, or K
/// rounds with `accelerated` (the NeurIPS dual step `σ P_K(W)(2Θ_t − Θ_{t−1})`, see
/// ``ChebyshevGossip``). The method needs `σ η λ₁ ≤ 1`, λ₁ the largest eigenvalue of the
/// operator of the dual step (W, or P_K(W)).
public struct MSPD: DecentralizedAlgorithm {
  /// The step sizes and iteration counts.
  public struct Parameters: Sendable, Equatable {
    /// T, the outer iterations (rounds of the dual step).
    public var iterations: Int
    /// M, the subgradient steps of the inner loop.
    public var innerSteps: Int
    /// η, the primal step.
    public var primalStep: Double
    /// σ, the dual step.
    public var dualStep: Double

    public init(iterations: Int, innerSteps: Int, primalStep: Double, dualStep: Double) {
      self.iterations = iterations
      self.innerSteps = innerSteps
      self.primalStep = primalStep
      self.dualStep = dualStep
    }
  }

  /// The gossip matrix W (symmetric PSD, kernel span(1)) of the plain dual step.
  public let gossip: SparseMatrix
  /// The Chebyshev dual step P_K(W) when accelerated.
  public let chebyshev: ChebyshevGossip?
  public let configuration: Parameters
  /// The extreme non-zero eigenvalues [λₙ₋₁, λ₁] of the dual step's operator (W or P_K(W)).
  public let operatorSpectrum: ClosedRange<Double>
  /// The problem constants the run reports (R, L_ℓ, ε, the bound, …), besides T, M, η, σ.
  public let report: [String: Double]

  /// - Parameters:
  ///   - gossipSpectrum: [λₙ₋₁(W), λ₁(W)].
  ///   - accelerated: K rounds of Chebyshev gossip per dual step instead of one round of W.
  /// - Precondition: σ η λ₁ ≤ 1 (λ₁ of W, or the upper bound of P_K(W)'s spectrum), T, M ≥ 1.
  public init(
    gossip: SparseMatrix, gossipSpectrum: ClosedRange<Double>, parameters: Parameters,
    accelerated: ChebyshevGossip? = nil, report: [String: Double] = [:]
  ) {
    let spectrum = accelerated?.spectrumBounds ?? gossipSpectrum
    precondition(parameters.iterations >= 1 && parameters.innerSteps >= 1, "MSPD needs T, M ≥ 1")
    precondition(
      Self.satisfiesStepCondition(parameters, lambdaMax: spectrum.upperBound),
      "MSPD needs σηλ₁ ≤ 1; got σηλ₁ = \(parameters.dualStep * parameters.primalStep * spectrum.upperBound)"
    )
    self.gossip = gossip
    self.chebyshev = accelerated
    self.configuration = parameters
    self.operatorSpectrum = spectrum
    self.report = report
  }

  /// The gossip matrix W = I − W_mix of a mixing matrix (same sparsity; the diagonal must be
  /// stored). Its non-zero spectrum is [1 − λ₂(W_mix), 1 − λₙ(W_mix)].
  public static func gossipMatrix(mixing: SparseMatrix) -> SparseMatrix {
    var w = mixing
    for k in w.values.indices { w.values[k] = -w.values[k] }
    for i in 0..<w.rows {
      guard let k = w.storedPosition(row: i, column: i) else {
        preconditionFailure("the mixing matrix has no stored diagonal entry in row \(i)")
      }
      w.values[k] += 1
    }
    return w
  }

  /// Whether σ η λ₁ ≤ 1 (to a relative 1e-12), the Chambolle–Pock step condition.
  public static func satisfiesStepCondition(_ p: Parameters, lambdaMax: Double) -> Bool {
    p.dualStep * p.primalStep * lambdaMax <= 1 + 1e-12
  }

  /// The journal parameters (Alg. 3), with Δ̃ = 1/√γ(W):
  /// T = ⌈2RL_ℓΔ̃/ε⌉, M = ⌈2RL_ℓ/(εΔ̃)⌉, η = nR/(L_ℓΔ̃), σ = 1/(ηλ₁(W)).
  public static func journalParameters(
    epsilon: Double, radius: Double, lipschitz: Double, agents: Int,
    gossipSpectrum: ClosedRange<Double>
  ) -> Parameters {
    let mixingTime = 1 / (gossipSpectrum.lowerBound / gossipSpectrum.upperBound).squareRoot()
    let scale = radius * lipschitz / epsilon
    let eta = Double(agents) * radius / (lipschitz * mixingTime)
    return Parameters(
      iterations: Int((2 * scale * mixingTime).rounded(.up)),
      innerSteps: Int((2 * scale / mixingTime).rounded(.up)),
      primalStep: eta, dualStep: 1 / (eta * gossipSpectrum.upperBound))
  }

  /// The accelerated (NeurIPS Alg. 2) parameters: T = M = ⌈4RL_ℓ/ε⌉,
  /// η = (nR/L_ℓ)(1 − c₁ᴷ)/(1 + c₁ᴷ), and the safe σ = 1/(η λ₁(P_K)) = (1/η)(1 + c₁²ᴷ)/(1 + c₁ᴷ)²
  /// (ALGORITHMS.md §2.4: the transcribed σ breaks σηλ₁ ≤ 1).
  public static func acceleratedParameters(
    epsilon: Double, radius: Double, lipschitz: Double, agents: Int, chebyshev: ChebyshevGossip
  ) -> Parameters {
    let ck: Double = pow(chebyshev.c1, Double(chebyshev.rounds))
    let eta = Double(agents) * radius / lipschitz * (1 - ck) / (1 + ck)
    let t = Int((4 * radius * lipschitz / epsilon).rounded(.up))
    return Parameters(
      iterations: t, innerSteps: t, primalStep: eta,
      dualStep: 1 / (eta * chebyshev.spectrumBounds.upperBound))
  }

  /// The error bound of JMLR App. D for any (η, σ) with σηλ₁ ≤ 1, any dual operator with
  /// non-zero spectrum in `spectrum`:
  /// (1/(2T)) (nR²/η + L_ℓ²/(n λₙ₋₁ σ)) + η L_ℓ²/(n M).
  /// With the journal parameters it equals Theorem 18's R L_ℓ (Δ̃/T + 1/(MΔ̃)).
  public static func bound(
    _ p: Parameters, radius: Double, lipschitz: Double, agents: Int,
    spectrum: ClosedRange<Double>
  ) -> Double {
    let n = Double(agents)
    let l2 = lipschitz * lipschitz
    return (n * radius * radius / p.primalStep + l2 / (n * spectrum.lowerBound * p.dualStep))
      / (2 * Double(p.iterations)) + p.primalStep * l2 / (n * Double(p.innerSteps))
  }

  public var name: String { "mspd" }

  public var parameters: [String: Double] {
    var values = report
    values["T"] = Double(configuration.iterations)
    values["M"] = Double(configuration.innerSteps)
    values["eta"] = configuration.primalStep
    values["sigma"] = configuration.dualStep
    values["K"] = Double(chebyshev?.rounds ?? 1)
    return values
  }

  public struct State: Sendable {
    /// Θ_t, one row per agent.
    public var theta: Matrix
    /// Y_t.
    public var dual: Matrix
    /// θ̄: the time averages of Θ_1…Θ_t (zero before the first iteration).
    public var average: Matrix
    /// 2Θ_t − Θ_{t−1} (Θ_{−1} = Θ_0), the dual step's input, computed by the previous iteration.
    var extrapolated: Matrix
    /// Its product with the dual step's operator, then the centre θᵢᵗ + η yᵢ of the inner loop.
    var product: Matrix
    /// θ̃ of the inner loop, Θ_{t+1} at its end.
    var tilde: Matrix
    var gradient: Matrix
    var workspace: ChebyshevGossip.Workspace?
    public var iteration = 0
  }

  public func makeState(initial x0: Matrix, context: inout SimulationContext) -> State {
    let (n, d) = (x0.rows, x0.columns)
    return State(
      theta: Matrix(copying: x0), dual: Matrix(rows: n, columns: d),
      average: Matrix(copying: x0),
      extrapolated: Matrix(rows: n, columns: d, storage: x0.storage.map { 2 * $0 - $0 }),
      product: Matrix(rows: n, columns: d), tilde: Matrix(rows: n, columns: d),
      gradient: Matrix(rows: n, columns: d),
      workspace: chebyshev.map { _ in ChebyshevGossip.Workspace(rows: n, columns: d) })
  }

  public func step(_ s: inout State, context: inout SimulationContext) {
    let (rows, columns) = (s.theta.rows, s.theta.columns)
    let count = s.theta.storage.count
    let sigma = configuration.dualStep
    let eta = configuration.primalStep
    let etaOverN = eta / Double(context.agentCount)
    let innerSteps = configuration.innerSteps
    // The dual step's product W (2Θ_t − Θ_{t−1}), one round (or K, accelerated).
    if let chebyshev {
      chebyshev.apply(s.extrapolated, into: &s.product, workspace: &s.workspace!, context: context)
    } else {
      context.mix(s.extrapolated, with: gossip, into: &s.product)
    }
    // Then the agents' own work, one block of agents at a time while its rows and samples are in
    // the cache: the dual step Y −= σ W(2Θ_t − Θ_{t−1}), the M subgradient steps on
    // (η/n) fᵢ(θ) + ½‖θ − (θᵢᵗ + η yᵢ)‖² from θ̃⁰ = θᵢᵗ (the centre θᵢᵗ + η yᵢ replaces the product
    // in `product`), the time average θ̄ ← θ̄ + (θ̃^M − θ̄)/(t + 1) and the next dual step's input
    // 2θ̃^M − θᵢᵗ.
    let inverse = 1 / Double(s.iteration + 1)
    s.theta.storage.withUnsafeBufferPointer { theta in
      s.dual.storage.withUnsafeMutableBufferPointer { y in
        s.product.storage.withUnsafeMutableBufferPointer { product in
          s.tilde.storage.withUnsafeMutableBufferPointer { tilde in
            s.gradient.storage.withUnsafeMutableBufferPointer { g in
              s.average.storage.withUnsafeMutableBufferPointer { average in
                s.extrapolated.storage.withUnsafeMutableBufferPointer { extrapolated in
                  context.forEachAgentBlock(
                    rows: rows, gradientCalls: innerSteps, work: (innerSteps + 3) * count,
                    BlockStep(
                      innerSteps: innerSteps, sigma: sigma, eta: eta, etaOverN: etaOverN,
                      inverse: inverse, columns: columns, theta: theta, dual: y,
                      product: product, tilde: tilde, gradient: g, average: average,
                      extrapolated: extrapolated))
                }
              }
            }
          }
        }
      }
    }
    swap(&s.theta, &s.tilde)  // Θ_{t+1} ← θ̃^M
    s.iteration += 1
  }

  /// The time averages θ̄ᵢ, the output of Alg. 3 (the raw iterates are `State.theta`).
  public func estimates(_ s: State) -> Matrix { s.average }

  /// A block's share of an iteration after the dual step's round (see ``step(_:context:)``).
  private struct BlockStep: AgentBlockStep {
    let innerSteps: Int
    let sigma: Double
    let eta: Double
    let etaOverN: Double
    /// 1/(t + 1), the weight of the new iterate in the time average.
    let inverse: Double
    let columns: Int
    let theta: UnsafeBufferPointer<Double>
    let dual: UnsafeMutableBufferPointer<Double>
    let product: UnsafeMutableBufferPointer<Double>
    let tilde: UnsafeMutableBufferPointer<Double>
    let gradient: UnsafeMutableBufferPointer<Double>
    let average: UnsafeMutableBufferPointer<Double>
    let extrapolated: UnsafeMutableBufferPointer<Double>

    func run(_ block: AgentBlock) {
      let entries = block.entries(columns: columns)
      let (y, g) = (dual, gradient)
      for k in entries {
        y[k] -= sigma * product[k]
        product[k] = theta[k] + eta * y[k]
        tilde[k] = theta[k]
      }
      for m in 0..<innerSteps {
        block.gradients(at: UnsafeBufferPointer(tilde), into: g)
        let keep = Double(m) / Double(m + 2)
        let weight = 2 / Double(m + 2)
        for k in entries {
          tilde[k] = keep * tilde[k] - weight * (etaOverN * g[k] - product[k])
        }
      }
      for k in entries {
        average[k] += inverse * (tilde[k] - average[k])
        extrapolated[k] = 2 * tilde[k] - theta[k]
      }
    }
  }
}
