import Algorithms
import GossipCore
import LinearAlgebra
import Mixing
import Problems
import Simulation

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
}

/// An algorithm ready to run, with the parameters actually used (defaults resolved) in order.
public struct BuiltAlgorithm: Sendable {
  public let algorithm: any DecentralizedAlgorithm
  public let parameters: [(key: String, value: ParameterValue)]
}

/// One algorithm of the registry: its experiment-file name, parameters, summary and builder.
public struct AlgorithmEntry: Sendable {
  public let name: String
  /// One line for `gossip list algorithms`.
  public let summary: String
  public let parameters: [AlgorithmParameter]
  /// Why the algorithm cannot run on a non-smooth problem and what to use instead; `nil` when it can.
  public let smoothOnly: String?
  /// Builds the algorithm from the parameters given (validated against ``parameters``).
  public let build: @Sendable ([String: ParameterValue], AlgorithmSetup) throws -> BuiltAlgorithm
}

/// The algorithms of experiment files, by name. Adding an algorithm is adding one entry.
public enum AlgorithmRegistry {
  static let variants = ["cta", "atc"]

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
