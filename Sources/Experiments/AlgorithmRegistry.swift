import Algorithms
import Foundation
import GossipCore
import LinearAlgebra
import Mixing
import Problems
import Simulation
import Topology

/// The value of an algorithm parameter: a number (a step size) or a name (a schedule, a variant).
public enum ParameterValue: Sendable, Equatable, Encodable, CustomStringConvertible {
  case number(Double)
  case name(String)

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .number(let x): try container.encode(x)
    case .name(let s): try container.encode(s)
    }
  }

  /// The text in `config.yaml`: shortest round-trip decimal for numbers.
  public var description: String {
    switch self {
    case .number(let x): x.description
    case .name(let s): s
    }
  }
}

/// A parameter an algorithm takes in experiment files.
public struct AlgorithmParameter: Sendable {
  public enum Kind: Sendable, Equatable {
    /// A finite number > 0.
    case positiveNumber
    /// One of these names.
    case choice([String])
  }

  public let key: String
  public let kind: Kind

  public init(_ key: String, _ kind: Kind) {
    self.key = key
    self.kind = kind
  }
}

/// What an algorithm's defaults are computed from: the mixing matrix, its spectrum and the problem.
public struct AlgorithmSetup: Sendable {
  public let mixing: SparseMatrix
  public let extremes: MixingExtremes
  public let problem: DistributedProblem
  public let reference: ReferenceSolution
  /// The communication network (its diameter Δ for tree communication).
  public let network: Graph
  /// τ, the round time (for parameters computed from a time budget).
  public let tau: Double

  public init(
    mixing: SparseMatrix, extremes: MixingExtremes, problem: DistributedProblem,
    reference: ReferenceSolution, network: Graph, tau: Double
  ) {
    self.mixing = mixing
    self.extremes = extremes
    self.problem = problem
    self.reference = reference
    self.network = network
    self.tau = tau
  }

  /// L_max = maxᵢ Lᵢ, the smoothness the step sizes are bounded by.
  public var smoothness: Double { problem.localSmoothness.max() ?? .infinity }

  /// The first step α₀ of a decaying subgradient schedule: ‖x*‖ / maxᵢ Gᵢ, with x* the reference
  /// solution and Gᵢ the local Lipschitz constants (the step that crosses the distance from
  /// x⁰ = 0 to x* in one step at the largest subgradient), or 1/maxᵢ Gᵢ when x* = 0.
  public var subgradientStep: Double {
    let lipschitz = problem.localLipschitz.max() ?? 1
    let norm = reference.x.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let scale = lipschitz.isFinite && lipschitz > 0 ? lipschitz : 1
    return (norm > 0 ? norm : 1) / scale
  }

  /// ‖x*‖ of the reference solution, or 1 when x* = 0: the default radius R of MSPD and DRS.
  public var referenceRadius: Double {
    let norm = reference.x.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return norm > 0 ? norm : 1
  }
}

/// An algorithm ready to run, with the parameters actually used (defaults resolved) in order.
public struct BuiltAlgorithm: Sendable {
  public let algorithm: any DecentralizedAlgorithm
  public let parameters: [(key: String, value: ParameterValue)]
  /// The iterations the algorithm is designed for (its T), when it has one: the run stops there
  /// or at the experiment's stop rule, whichever comes first.
  public var horizon: Int? = nil
}

/// One algorithm of the registry: its experiment-file name, parameters, summary and builder.
public struct AlgorithmEntry: Sendable {
  public let name: String
  /// One line for `gossip list algorithms`.
  public let summary: String
  public let parameters: [AlgorithmParameter]
  /// Why the algorithm cannot run on a non-smooth problem and what to use instead; `nil` when it can.
  public let smoothOnly: String?
  /// Why the algorithm cannot run spread over processes (`--backend mpi`); `nil` when it can.
  public var localOnly: String? = nil
  /// Builds the algorithm from the parameters given (validated against ``parameters``); throws
  /// ``ParameterError`` for values that are valid alone but not together.
  public let build: @Sendable ([String: ParameterValue], AlgorithmSetup) throws -> BuiltAlgorithm
}

/// The algorithms of experiment files, by name. Adding an algorithm is adding one entry.
public enum AlgorithmRegistry {
  static let variants = ["cta", "atc"]
  static let dualOracleIsLocal =
    "its dual oracle is not distributed yet (it solves every agent's local problem in one process)"

  public static let entries: [AlgorithmEntry] = [
    AlgorithmEntry(
      name: "dgd",
      summary: "decentralized gradient descent (Nedić & Ozdaglar 2009): step, schedule "
        + "(constant | inverse-sqrt | inverse), variant (cta | atc); default: constant "
        + "(1 + λₙ(W))/(2L) when smooth, inverse-sqrt ‖x*‖/max Gᵢ when not",
      parameters: [
        AlgorithmParameter("step", .positiveNumber),
        AlgorithmParameter("schedule", .choice(["constant", "inverse-sqrt", "inverse"])),
        AlgorithmParameter("variant", .choice(variants)),
      ],
      smoothOnly: nil,
      build: { values, setup in
        let smooth = setup.problem.kind.isSmooth
        let scheduleName = values["schedule"]?.description ?? (smooth ? "constant" : "inverse-sqrt")
        let step: Double
        if case .number(let given)? = values["step"] {
          step = given
        } else if smooth && scheduleName == "constant" {
          step = DGD.defaultStep(
            smoothness: setup.smoothness, smallestMixingEigenvalue: setup.extremes.smallest)
        } else {
          step = smooth ? 1 / setup.smoothness : setup.subgradientStep
        }
        let schedule: StepSchedule =
          switch scheduleName {
          case "inverse-sqrt": .inverseSqrt(step)
          case "inverse": .inverse(step)
          default: .constant(step)
          }
        let variant = DGD.Variant(rawValue: values["variant"]?.description ?? "cta")!
        return BuiltAlgorithm(
          algorithm: DGD(mixing: setup.mixing, schedule: schedule, variant: variant),
          parameters: [
            ("step", .number(step)), ("schedule", .name(schedule.name)),
            ("variant", .name(variant.rawValue)),
          ])
      }),
    AlgorithmEntry(
      name: "extra",
      summary: "EXTRA, exact first-order (Shi et al. 2015): step; default (1 + λₙ(W))/(2L)",
      parameters: [AlgorithmParameter("step", .positiveNumber)],
      smoothOnly: "EXTRA corrects DGD with gradient differences, which need a smooth objective; "
        + "use dgd (schedule inverse-sqrt) on non-smooth problems",
      build: { values, setup in
        var step = EXTRA.defaultStep(
          smoothness: setup.smoothness, smallestMixingEigenvalue: setup.extremes.smallest)
        if case .number(let given)? = values["step"] { step = given }
        return BuiltAlgorithm(
          algorithm: EXTRA(mixing: setup.mixing, step: step), parameters: [("step", .number(step))])
      }),
    AlgorithmEntry(
      name: "gradient-tracking",
      summary: "gradient tracking, DIGing / NEXT (Nedić et al. 2017): step, variant (cta | atc); "
        + "default step: half the stability limit ((1 + λₙ)²/(4L) for cta)",
      parameters: [
        AlgorithmParameter("step", .positiveNumber),
        AlgorithmParameter("variant", .choice(variants)),
      ],
      smoothOnly: "gradient tracking follows the average gradient, which needs a smooth objective; "
        + "use dgd (schedule inverse-sqrt) on non-smooth problems",
      build: { values, setup in
        let variant = GradientTracking.Variant(rawValue: values["variant"]?.description ?? "cta")!
        var step = GradientTracking.defaultStep(
          smoothness: setup.smoothness, smallestMixingEigenvalue: setup.extremes.smallest,
          variant: variant)
        if case .number(let given)? = values["step"] { step = given }
        return BuiltAlgorithm(
          algorithm: GradientTracking(mixing: setup.mixing, step: step, variant: variant),
          parameters: [("step", .number(step)), ("variant", .name(variant.rawValue))])
      }),
    AlgorithmEntry(
      name: "mspd",
      summary: "multi-step primal-dual (Scaman et al. 2018/2019), optimal for non-smooth fᵢ over "
        + "gossip: epsilon (or budget: a time), radius R, lipschitz L_ℓ, iterations T, "
        + "inner-steps M, eta, sigma, accelerated (true: Chebyshev dual step, K rounds); "
        + "defaults from JMLR Alg. 3 with R = ‖x*‖, ε = RL_ℓ/10",
      parameters: scamanParameters + [
        AlgorithmParameter("inner-steps", .positiveNumber),
        AlgorithmParameter("eta", .positiveNumber),
        AlgorithmParameter("sigma", .positiveNumber),
        AlgorithmParameter("rounds", .positiveNumber),
        AlgorithmParameter("accelerated", .choice(["true", "false"])),
      ],
      smoothOnly: nil,
      build: { values, setup in try buildMSPD(values, setup) }),
    AlgorithmEntry(
      name: "drs",
      summary: "distributed randomized smoothing (Scaman et al. 2018/2019), optimal with "
        + "spanning-tree AllReduce (2Δτ per iteration): epsilon (or budget), radius R, "
        + "lipschitz L_g, iterations T, samples K, seed; defaults from JMLR Thm 2",
      parameters: scamanParameters + [
        AlgorithmParameter("samples", .positiveNumber),
        AlgorithmParameter("seed", .positiveNumber),
      ],
      smoothOnly: nil,
      build: { values, setup in try buildDRS(values, setup) }),
    AlgorithmEntry(
      name: "dual-accelerated",
      summary: "accelerated dual method (Uribe, Lee, Gasnikov, Nedić 2020): "
        + "setting (a | b | c | d; default a, or c when some fᵢ is not strongly convex), "
        + "epsilon (accuracy on F for c/d, regularization ε/(2‖x*‖²); default 1e-6), "
        + "interaction (laplacian | mixing: W̄ = I − W; default laplacian)",
      parameters: [
        AlgorithmParameter("setting", .choice(DualSetting.allCases.map(\.rawValue))),
        AlgorithmParameter("epsilon", .positiveNumber),
        AlgorithmParameter("interaction", .choice(DualSetting.interactions)),
      ],
      smoothOnly: DualSetting.needsDualOracle,
      localOnly: dualOracleIsLocal,
      build: { values, setup in
        try DualSetting.build(values, setup) { oracle, gossip, method in
          DualAccelerated(oracle: oracle, interaction: gossip.interaction, method: method)
        }
      }),
    AlgorithmEntry(
      name: "ssda",
      summary: "single-step dual accelerated (Scaman et al. 2017): the accelerated dual method, "
        + "setting a (c with epsilon when some fᵢ is not strongly convex); interaction as "
        + "dual-accelerated",
      parameters: [
        AlgorithmParameter("epsilon", .positiveNumber),
        AlgorithmParameter("interaction", .choice(DualSetting.interactions)),
      ],
      smoothOnly: DualSetting.needsDualOracle,
      localOnly: dualOracleIsLocal,
      build: { values, setup in
        try DualSetting.build(values, setup, accelerated: true) { oracle, gossip, _ in
          DualAccelerated(
            name: "ssda", oracle: oracle, interaction: gossip.interaction, method: .accelerated)
        }
      }),
    AlgorithmEntry(
      name: "msda",
      summary: "multi-step dual accelerated (Scaman et al. 2017): SSDA with K = ⌊1/√γ⌋ rounds of "
        + "Chebyshev gossip per iteration; epsilon and interaction as ssda",
      parameters: [
        AlgorithmParameter("epsilon", .positiveNumber),
        AlgorithmParameter("interaction", .choice(DualSetting.interactions)),
      ],
      smoothOnly: DualSetting.needsDualOracle,
      localOnly: dualOracleIsLocal,
      build: { values, setup in
        try DualSetting.build(values, setup, accelerated: true) { oracle, gossip, _ in
          let chebyshev = ChebyshevGossip(
            gossip: gossip.matrix, lambdaMax: gossip.lambdaMax,
            smallestPositiveEigenvalue: gossip.smallestPositive)
          return DualAccelerated(
            name: "msda", oracle: oracle, interaction: .chebyshev(chebyshev), method: .accelerated)
        }
      }),
  ]

  public static var names: [String] { entries.map(\.name) }

  public static func entry(named name: String) -> AlgorithmEntry? {
    entries.first { $0.name == name }
  }

  /// The keys MSPD and DRS share: the target precision or time budget, R, L, T.
  static let scamanParameters = [
    AlgorithmParameter("epsilon", .positiveNumber),
    AlgorithmParameter("budget", .positiveNumber),
    AlgorithmParameter("radius", .positiveNumber),
    AlgorithmParameter("lipschitz", .positiveNumber),
    AlgorithmParameter("iterations", .positiveNumber),
  ]

  static func number(_ values: [String: ParameterValue], _ key: String) -> Double? {
    if case .number(let x)? = values[key] { x } else { nil }
  }

  static func count(_ values: [String: ParameterValue], _ key: String) throws -> Int? {
    guard let x = number(values, key) else { return nil }
    guard x == x.rounded(), x <= Double(Int32.max) else {
      throw ParameterError("\(key) must be a whole number, got \(x)")
    }
    return Int(x)
  }

  /// ε from `epsilon`, else from `budget` (a simulated time B) by solving
  /// `time(ε) = a·(RL/ε)² + b·(RL/ε) = B` for RL/ε, else RL/10.
  static func precision(
    _ values: [String: ParameterValue], scale rl: Double, quadratic a: Double, linear b: Double
  ) throws -> Double {
    if values["epsilon"] != nil && values["budget"] != nil {
      throw ParameterError("give epsilon or budget, not both")
    }
    if let epsilon = number(values, "epsilon") { return epsilon }
    if let budget = number(values, "budget") {
      let ratio = (-b + (b * b + 4 * a * budget).squareRoot()) / (2 * a)
      return rl / ratio
    }
    return rl / 10
  }

  static func buildMSPD(_ values: [String: ParameterValue], _ setup: AlgorithmSetup) throws
    -> BuiltAlgorithm
  {
    let n = setup.problem.agentCount
    let radius = number(values, "radius") ?? setup.referenceRadius
    let local = setup.problem.localLipschitz
    let lipschitz =
      number(values, "lipschitz")
      ?? (local.reduce(0) { $0 + $1 * $1 } / Double(local.count)).squareRoot()
    guard lipschitz.isFinite else {
      throw ParameterError(
        "the local Lipschitz constants of \(setup.problem.kind.rawValue) are unbounded; give lipschitz"
      )
    }
    let gossip = MSPD.gossipMatrix(mixing: setup.mixing)
    let spectrum = (1 - setup.extremes.secondLargest)...(1 - setup.extremes.smallest)
    let mixingTime = 1 / (spectrum.lowerBound / spectrum.upperBound).squareRoot()
    let accelerated = values["accelerated"]?.description == "true"
    if values["rounds"] != nil && !accelerated {
      throw ParameterError("rounds (K) is the Chebyshev dual step's; add accelerated: true")
    }
    let chebyshev =
      accelerated
      ? ChebyshevGossip(
        gossip: gossip, lambdaMax: spectrum.upperBound,
        smallestPositiveEigenvalue: spectrum.lowerBound, rounds: try count(values, "rounds"))
      : nil
    // time(ε) ≈ T·M + T·(rounds per iteration)·τ.
    let epsilon =
      try chebyshev.map { c in
        try precision(
          values, scale: radius * lipschitz, quadratic: 16, linear: 4 * Double(c.rounds) * setup.tau
        )
      }
      ?? precision(
        values, scale: radius * lipschitz, quadratic: 4, linear: 2 * mixingTime * setup.tau)
    var p =
      chebyshev.map {
        MSPD.acceleratedParameters(
          epsilon: epsilon, radius: radius, lipschitz: lipschitz, agents: n, chebyshev: $0)
      }
      ?? MSPD.journalParameters(
        epsilon: epsilon, radius: radius, lipschitz: lipschitz, agents: n, gossipSpectrum: spectrum)
    let operatorSpectrum = chebyshev?.spectrumBounds ?? spectrum
    p.iterations = try count(values, "iterations") ?? p.iterations
    p.innerSteps = try count(values, "inner-steps") ?? p.innerSteps
    if let eta = number(values, "eta") {
      p.primalStep = eta
      p.dualStep = 1 / (eta * operatorSpectrum.upperBound)
    }
    p.dualStep = number(values, "sigma") ?? p.dualStep
    guard MSPD.satisfiesStepCondition(p, lambdaMax: operatorSpectrum.upperBound) else {
      throw ParameterError(
        "sigma·eta·λ₁ = \(p.dualStep * p.primalStep * operatorSpectrum.upperBound) > 1 breaks "
          + "the Chambolle–Pock condition; choose sigma ≤ \(1 / (p.primalStep * operatorSpectrum.upperBound))"
      )
    }
    let bound = MSPD.bound(
      p, radius: radius, lipschitz: lipschitz, agents: n, spectrum: operatorSpectrum)
    let algorithm = MSPD(
      gossip: gossip, gossipSpectrum: spectrum, parameters: p, accelerated: chebyshev,
      report: [
        "epsilon": epsilon, "radius": radius, "lipschitz": lipschitz, "bound": bound,
        "mixing-time": mixingTime,
      ])
    return BuiltAlgorithm(
      algorithm: algorithm,
      parameters: [
        ("epsilon", .number(epsilon)), ("radius", .number(radius)),
        ("lipschitz", .number(lipschitz)), ("mixing-time", .number(mixingTime)),
        ("iterations", .number(Double(p.iterations))),
        ("inner-steps", .number(Double(p.innerSteps))), ("eta", .number(p.primalStep)),
        ("sigma", .number(p.dualStep)), ("accelerated", .name(accelerated ? "true" : "false")),
        ("rounds", .number(Double(chebyshev?.rounds ?? 1))), ("bound", .number(bound)),
      ],
      horizon: p.iterations)
  }

  static func buildDRS(_ values: [String: ParameterValue], _ setup: AlgorithmSetup) throws
    -> BuiltAlgorithm
  {
    let d = setup.problem.dimension
    let radius = number(values, "radius") ?? setup.referenceRadius
    let lipschitz = number(values, "lipschitz") ?? setup.problem.lipschitz
    guard lipschitz.isFinite else {
      throw ParameterError(
        "the Lipschitz constant of \(setup.problem.kind.rawValue) is unbounded; give lipschitz")
    }
    let diameter = setup.network.diameter().value
    let root4: Double = pow(Double(d), 0.25)
    // time(ε) ≈ T·K + T·2Δτ = 100 (RL/ε)² + 40 d^{1/4} Δτ (RL/ε).
    let epsilon = try precision(
      values, scale: radius * lipschitz, quadratic: 100,
      linear: 40 * root4 * Double(diameter) * setup.tau)
    var p = DRS.theoremParameters(
      epsilon: epsilon, radius: radius, lipschitz: lipschitz, dimension: d,
      seed: UInt64(try count(values, "seed") ?? 1))
    p.iterations = try count(values, "iterations") ?? p.iterations
    p.samples = try count(values, "samples") ?? p.samples
    let bound = DRS.bound(p, dimension: d)
    return BuiltAlgorithm(
      algorithm: DRS(
        p, report: ["epsilon": epsilon, "bound": bound, "diameter": Double(diameter)]),
      parameters: [
        ("epsilon", .number(epsilon)), ("radius", .number(radius)),
        ("lipschitz", .number(lipschitz)), ("diameter", .number(Double(diameter))),
        ("iterations", .number(Double(p.iterations))), ("samples", .number(Double(p.samples))),
        ("seed", .number(Double(p.seed))), ("bound", .number(bound)),
      ],
      horizon: p.iterations)
  }
}

/// The four settings of the dual methods (ALGORITHMS.md §3.2–3.4) and how an entry is built.
enum DualSetting: String, CaseIterable {
  /// Strongly convex and smooth fᵢ: the accelerated method.
  case a
  /// Strongly convex fᵢ, smoothness not used: similar triangles with primal averaging.
  case b
  /// Smooth fᵢ, not strongly convex: the accelerated method on fᵢ + (μ_r/2)‖x‖².
  case c
  /// Convex fᵢ: similar triangles on fᵢ + (μ_r/2)‖x‖².
  case d

  static let needsDualOracle =
    "dual methods need the dual oracle argmin fᵢ(u) − ⟨z, u⟩ of smooth problems (least squares, "
    + "ridge, logistic); use dgd (schedule inverse-sqrt) on non-smooth problems"

  /// The default accuracy ε on F for the regularized settings.
  static let defaultEpsilon = 1e-6

  /// A gossip matrix with its spectrum.
  struct Gossip {
    let matrix: SparseMatrix
    let lambdaMax: Double
    let smallestPositive: Double

    /// W̄ itself, one round per iteration.
    var interaction: DualInteraction {
      .gossip(matrix, lambdaMax: lambdaMax, smallestPositive: smallestPositive)
    }
  }

  /// The gossip matrices W̄ the dual methods can communicate with.
  static let interactions = ["laplacian", "mixing"]

  /// `laplacian` (default, ALGORITHMS.md §3.1): the Laplacian L = D − A of the network (read from
  /// the mixing matrix's off-diagonal pattern), λ₁ and λₙ₋₁ by LAPACK (ARPACK above
  /// ``Spectrum/denseNodeLimit`` nodes). `mixing`: W̄ = I − W_mix, with λ₁(W̄) = 1 − λₙ(W_mix) and
  /// λₙ₋₁(W̄) = 1 − λ₂(W_mix) (ALGORITHMS.md §0), from the spectrum already computed.
  /// Both are symmetric PSD with kernel span(1) and the network's sparsity.
  static func gossip(from setup: AlgorithmSetup, interaction: String) throws -> Gossip {
    let w = setup.mixing
    let laplacian = interaction != "mixing"
    var pointers = [0]
    var columns = [Int32]()
    var values = [Double]()
    for i in 0..<w.rows {
      var entries = (w.rowPointers[i]..<w.rowPointers[i + 1]).compactMap {
        k -> (column: Int, value: Double)? in
        let j = Int(w.columnIndices[k])
        if laplacian { return j == i || w.values[k] == 0 ? nil : (j, -1) }
        return (j, -w.values[k])
      }
      if let diagonal = entries.firstIndex(where: { $0.column == i }) {
        entries[diagonal].value += 1
      } else if laplacian {
        entries.append((i, Double(entries.count)))
        entries.sort { $0.column < $1.column }
      } else {
        entries.append((i, 1))
        entries.sort { $0.column < $1.column }
      }
      columns.append(contentsOf: entries.map { Int32($0.column) })
      values.append(contentsOf: entries.map(\.value))
      pointers.append(columns.count)
    }
    let matrix = SparseMatrix(
      rows: w.rows, columns: w.columns, rowPointers: pointers, columnIndices: columns,
      values: values)
    guard laplacian else {
      return Gossip(
        matrix: matrix, lambdaMax: 1 - setup.extremes.smallest,
        smallestPositive: 1 - setup.extremes.secondLargest)
    }
    if w.rows <= Spectrum.denseNodeLimit {
      let values = try SymmetricEigen.eigenvalues(of: matrix.toDense())
      return Gossip(matrix: matrix, lambdaMax: values.last!, smallestPositive: values[1])
    }
    let largest = try SymmetricEigen.extremeEigenvalues(of: matrix, count: 1, which: .largest)
    let smallest = try SymmetricEigen.extremeEigenvalues(
      of: matrix, count: 1, which: .smallest, deflateOnes: true)
    return Gossip(matrix: matrix, lambdaMax: largest[0], smallestPositive: smallest[0])
  }

  /// Resolves the setting (given, or a/c from the problem's local strong convexity; a/b on
  /// fᵢ that are not strongly convex become c/d), the regularization μ_r = ε/(2R²) with
  /// R = ‖x*‖ (1 when x* = 0) for c/d (at least 1e-12·L), and builds the oracle and the algorithm.
  ///
  /// ε is an accuracy on the average F = (1/n)Σfᵢ: the regularization moves F at x* by at most
  /// μ_r R²/2 = ε/4 (on the sum Σfᵢ of Uribe et al., nε/4).
  static func build(
    _ values: [String: ParameterValue], _ setup: AlgorithmSetup, accelerated: Bool = false,
    make: (ProblemDualOracle, Gossip, DualAccelerated<ProblemDualOracle>.Method)
      -> DualAccelerated<ProblemDualOracle>
  ) throws -> BuiltAlgorithm {
    let stronglyConvex = ProblemDualOracle.localStrongConvexity(of: setup.problem) > 0
    var setting = values["setting"].flatMap { DualSetting(rawValue: $0.description) } ?? .a
    if !stronglyConvex && setting == .a { setting = .c }
    if !stronglyConvex && setting == .b { setting = .d }
    let regularized = setting == .c || setting == .d
    var epsilon = defaultEpsilon
    if case .number(let given)? = values["epsilon"] { epsilon = given }
    let radius = setup.reference.x.reduce(0) { $0 + $1 * $1 }.squareRoot()
    // μ_r is kept above 1e-12·L so that the regularized fᵢ stay numerically invertible.
    let proximalWeight =
      regularized
      ? max(epsilon / (2 * (radius > 0 ? radius * radius : 1)), 1e-12 * setup.smoothness) : 0
    let oracle = try ProblemDualOracle(problem: setup.problem, proximalWeight: proximalWeight)
    let method: DualAccelerated<ProblemDualOracle>.Method =
      setting == .a || setting == .c ? .accelerated : .similarTriangles
    let interaction = values["interaction"]?.description ?? "laplacian"
    let algorithm = make(oracle, try gossip(from: setup, interaction: interaction), method)
    var parameters: [(key: String, value: ParameterValue)] = [("interaction", .name(interaction))]
    if !accelerated { parameters.append(("setting", .name(setting.rawValue))) }
    if regularized {
      parameters += [("epsilon", .number(epsilon)), ("regularization", .number(proximalWeight))]
    }
    parameters += [
      ("step", .number(1 / algorithm.dualSmoothness)), ("momentum", .number(algorithm.momentum)),
      ("rounds-per-iteration", .number(Double(algorithm.interaction.rounds))),
    ]
    return BuiltAlgorithm(algorithm: algorithm, parameters: parameters)
  }
}
