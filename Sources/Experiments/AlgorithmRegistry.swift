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
  public let build: @Sendable ([String: ParameterValue], AlgorithmSetup) -> BuiltAlgorithm
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
  ]

  public static var names: [String] { entries.map(\.name) }

  public static func entry(named name: String) -> AlgorithmEntry? {
    entries.first { $0.name == name }
  }
}
