import Foundation
import GossipCore
import Mixing
import Problems
import Simulation
import Topology

/// The version of GossipSim, written into every run folder and printed by `gossip --version`.
public enum GossipSimVersion {
  public static let current = "0.1.0"
}

/// Where the network comes from.
public enum TopologySource: Sendable, Equatable {
  /// A topology file, at the path as resolved (see ``ExperimentConfig/resolvePath(_:experimentFile:)``).
  case file(String)
  /// A generator with its parameters (the seed defaults to the experiment's).
  case generate(GeneratorKind, GeneratorParameters)
}

/// Where the samples come from.
public enum DataSource: Sendable, Equatable {
  /// A LIBSVM file, at the path as resolved.
  case file(String)
  /// Gaussian synthetic data (``Synthetic``): regression for least squares, ridge and L1
  /// regression (`noise` is the target noise), classification otherwise (`noise` is the label
  /// flip probability); `outliers` is the fraction of gross errors (regression only).
  case synthetic(samples: Int, features: Int, noise: Double, outliers: Double)
}

/// The problem of an experiment: an objective over data samples split among the agents, or
/// distributed GCN training on a node data set (docs/gcn.md).
public enum ProblemSpec: Sendable {
  case samples(SampleProblem)
  case gcn(GCNSettings)
}

/// `problem:` for the objectives of ``ProblemKind``: F(x) = mean loss over the samples (+ λ/2‖x‖²).
public struct SampleProblem: Sendable, Equatable {
  public var kind: ProblemKind
  public var data: DataSource
  /// A LIBSVM file of held-out samples for the test accuracy (classification only), resolved.
  public var testData: String?
  public var partition: PartitionRule
  public var regularization: Double
}

extension ExperimentConfig {
  /// The sample problem; `nil` for a GCN experiment.
  public var samples: SampleProblem? {
    if case .samples(let problem) = problem { problem } else { nil }
  }

  /// The GCN settings; `nil` for a sample problem.
  public var gcn: GCNSettings? {
    if case .gcn(let settings) = problem { settings } else { nil }
  }
}

/// One entry of `algorithms:`.
public struct AlgorithmSpec: Sendable, Equatable {
  /// The registry name (`dgd`, `extra`, …).
  public var name: String
  /// The column value in `metrics.csv`: `label:` if given, else the name, with `-2`, `-3`, …
  /// appended to repeated names.
  public var label: String
  /// The parameters given in the file (defaults are resolved when the problem is known).
  public var parameters: [String: ParameterValue]
  /// Where the entry is, for errors found later (a non-smooth problem).
  public var origin: ConfigOrigin
}

/// A validated experiment file: every key checked, paths resolved, defaults that need no
/// computation filled in. Defaults that depend on the problem (step sizes) are resolved by
/// ``Experiment/prepare(_:)``.
public struct ExperimentConfig: Sendable {
  public var file: String
  public var name: String
  public var seed: UInt64
  public var topology: TopologySource
  public var weights: WeightRule
  public var topologyOrigin: ConfigOrigin
  /// Where `network:` and `problem:` are, for errors found when they are built.
  public var networkOrigin: ConfigOrigin?
  public var problemOrigin: ConfigOrigin
  public var tau: Double
  public var speeds: [Double]?
  public var problem: ProblemSpec
  public var algorithms: [AlgorithmSpec]
  public var stop: StopRule
  public var recordEvery: Int
  /// `nil`: snapshots when the network has at most ``defaultSnapshotLimit`` agents.
  public var recordAgents: Bool?

  /// Networks up to this size record every agent's state by default (`record.agents`).
  public static let defaultSnapshotLimit = 1000
  /// `record.every` when not given.
  public static let defaultRecordEvery = 10
  /// `problem.regularization` for ridge, logistic and hinge when not given.
  public static let defaultRegularization = 0.01
  /// `synthetic.noise` for regression and classification when not given.
  public static let defaultRegressionNoise = 0.1
  public static let defaultLabelNoise = 0.05

  static let topLevelKeys = [
    "name", "seed", "topology", "network", "problem", "algorithms", "stop", "record", "version",
  ]
  static let generatorKeys = [
    "generate", "weights", "seed", "nodes", "rows", "cols", "dimension", "probability", "degree",
    "radius", "round",
  ]

  /// Reads an experiment file, applies `overrides` (`key=value`, in order), and validates.
  ///
  /// Throws ``MissingInputError`` (66) when the file cannot be read, ``InputFileError`` (65)
  /// with the line and key path for a wrong key or value, ``ParameterError`` (64) for a wrong
  /// override. Data and topology paths must exist (66 otherwise).
  public static func load(path: String, overrides: [String] = [], seed: UInt64? = nil) throws
    -> ExperimentConfig
  {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      !isDirectory.boolValue,
      let data = FileManager.default.contents(atPath: path)
    else {
      throw MissingInputError(
        file: path,
        reason: isDirectory.boolValue ? "is a folder, not an experiment file" : "no such file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputFileError(file: path, "not UTF-8 text; expected a YAML experiment file")
    }
    return try parse(text, file: path, overrides: overrides, seed: seed)
  }

  /// ``load(path:overrides:seed:)`` on text; relative paths are resolved against `file`'s folder.
  public static func parse(
    _ text: String, file: String, overrides: [String] = [], seed: UInt64? = nil
  )
    throws -> ExperimentConfig
  {
    var root = try ConfigNode.parse(yaml: text, file: file)
    for argument in overrides { try root.apply(override: argument) }
    if let seed { try root.apply(override: "seed=\(seed)") }
    return try ExperimentConfig(root: root, file: file)
  }

  init(root: ConfigNode, file: String) throws {
    self.file = file
    let top = try ConfigReader(file: file, path: "", node: root)
    try top.checkKeys(Self.topLevelKeys)
    guard let name = try top.string("name"), !name.isEmpty else {
      throw top.error("missing key 'name' (the run's name; the default run folder is runs/NAME)")
    }
    guard !name.contains("/") else { throw top.error("name", "must not contain '/'") }
    self.name = name
    seed = try top.seed("seed") ?? 0

    // Topology.
    guard let topology = try top.mapping("topology") else {
      throw top.error("missing key 'topology', e.g. topology: { file: topologies/abilene.gml }")
    }
    topologyOrigin = top.origin(of: "topology")
    let weightNames = WeightRule.allCases.map(\.rawValue)
    weights = WeightRule(
      rawValue: try topology.choice("weights", from: weightNames) ?? "metropolis")!
    if topology.has("file") == topology.has("generate") {
      throw topology.error("give either 'file' (a topology file) or 'generate' (a generator kind)")
    }
    if let path = try topology.string("file") {
      try topology.checkKeys(["file", "weights"])
      self.topology = .file(try Self.resolvePath(path, experimentFile: file))
    } else {
      try topology.checkKeys(Self.generatorKeys)
      let kindName = try topology.choice("generate", from: GeneratorKind.allCases.map(\.rawValue))!
      let parameters = GeneratorParameters(
        nodes: try topology.integer("nodes"), rows: try topology.integer("rows"),
        cols: try topology.integer("cols"), dimension: try topology.integer("dimension"),
        probability: try topology.number("probability"), degree: try topology.integer("degree"),
        radius: try topology.number("radius"), round: try topology.integer("round"),
        seed: try topology.seed("seed") ?? seed)
      self.topology = .generate(GeneratorKind(rawValue: kindName)!, parameters)
    }

    // Network.
    let network = try top.mapping("network")
    networkOrigin = network.map { _ in top.origin(of: "network") }
    try network?.checkKeys(["tau", "speeds"])
    tau = try network?.number("tau") ?? 1
    guard tau >= 0 else { throw network!.error("tau", "must be ≥ 0, got \(tau)") }
    speeds = try network?.positiveNumbers("speeds")

    // Problem.
    guard let problem = try top.mapping("problem") else {
      throw top.error(
        "missing key 'problem', e.g. problem: { kind: logistic, data: datasets/breast_cancer.svm }")
    }
    problemOrigin = top.origin(of: "problem")
    if try problem.string("kind") == "gcn" {
      self.problem = .gcn(try GCNSettings(problem, experimentFile: file))
    } else {
      let kind: ProblemKind
      let data: DataSource
      try problem.checkKeys([
        "kind", "data", "synthetic", "test", "partition", "alpha", "regularization",
      ])
      guard let kindName = try problem.choice("kind", from: ProblemKind.allCases.map(\.rawValue))
      else {
        throw problem.error(
          "missing key 'kind'; known: \(ProblemKind.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      kind = ProblemKind(rawValue: kindName)!
      if problem.has("data") == problem.has("synthetic") {
        throw problem.error(
          "give either 'data' (a LIBSVM file) or 'synthetic' (samples, features, …)")
      }
      if let path = try problem.string("data") {
        data = .file(try Self.resolvePath(path, experimentFile: file))
      } else {
        let synthetic = try problem.mapping("synthetic")!
        let regression = !kind.isClassification
        try synthetic.checkKeys(
          regression
            ? ["samples", "features", "noise", "outliers"] : ["samples", "features", "noise"])
        guard let samples = try synthetic.integer("samples"),
          let features = try synthetic.integer("features")
        else {
          throw synthetic.error("needs 'samples' and 'features'")
        }
        data = .synthetic(
          samples: samples, features: features,
          noise: try synthetic.number("noise")
            ?? (regression ? Self.defaultRegressionNoise : Self.defaultLabelNoise),
          outliers: try synthetic.number("outliers") ?? 0)
      }
      if problem.has("test") && !kind.isClassification {
        throw problem.error(
          "test", "a test set gives a test accuracy, which only logistic and hinge have")
      }
      let testData = try problem.string("test").map {
        try Self.resolvePath($0, experimentFile: file)
      }
      let partitionName =
        try problem.choice("partition", from: ["iid", "sorted", "dirichlet"]) ?? "iid"
      if problem.has("alpha") && partitionName != "dirichlet" {
        throw problem.error("alpha", "only the dirichlet partition takes alpha")
      }
      let alpha = try problem.number("alpha") ?? 0.5
      let partition = try problem.at("alpha") {
        try PartitionRule(name: partitionName, alpha: alpha)
      }
      let lambda = try problem.number("regularization")
      if let lambda, !kind.isRegularized, lambda != 0 {
        throw problem.error(
          "regularization", "\(kind.rawValue) has no regularizer; remove the key or choose ridge")
    }
      let regularization = lambda ?? (kind.isRegularized ? Self.defaultRegularization : 0)
      guard regularization >= 0 else { throw problem.error("regularization", "must be ≥ 0") }
      self.problem = .samples(
        SampleProblem(
          kind: kind, data: data, testData: testData, partition: partition,
          regularization: regularization))
    }

    // Algorithms.
    guard let items = try top.sequence("algorithms"), !items.isEmpty else {
      throw top.error(
        "missing key 'algorithms' (a list such as [{ name: extra }]); known algorithms: \(AlgorithmRegistry.names.joined(separator: ", "))"
      )
    }
    var specs: [AlgorithmSpec] = []
    for (index, item) in items.enumerated() {
      let entry = try ConfigReader(file: file, path: "algorithms[\(index)]", node: item)
      guard let name = try entry.string("name") else {
        throw entry.error(
          "missing key 'name'; known algorithms: \(AlgorithmRegistry.names.joined(separator: ", "))"
        )
      }
      guard let algorithm = AlgorithmRegistry.entry(named: name) else {
        throw entry.error(
          "name",
          "unknown algorithm '\(name)'; known: \(AlgorithmRegistry.names.joined(separator: ", "))")
      }
      try entry.checkKeys(["name", "label"] + algorithm.parameters.map(\.key))
      var values: [String: ParameterValue] = [:]
      for parameter in algorithm.parameters {
        switch parameter.kind {
        case .positiveNumber:
          if let x = try entry.positiveNumber(parameter.key) { values[parameter.key] = .number(x) }
        case .choice(let names):
          if let s = try entry.choice(parameter.key, from: names) {
            values[parameter.key] = .name(s)
          }
        }
      }
      specs.append(
        AlgorithmSpec(
          name: name, label: try entry.string("label") ?? "", parameters: values,
          origin: item.origin))
    }
    algorithms = try Self.labelled(specs, file: file)

    // Stop and record.
    guard let stop = try top.mapping("stop") else {
      throw top.error("missing key 'stop', e.g. stop: { iterations: 1000 }")
    }
    try stop.checkKeys(["iterations", "time", "rounds", "tolerance"])
    let iterations = try stop.integer("iterations")
    let time = try stop.number("time")
    let rounds = try stop.integer("rounds")
    let tolerance = try stop.number("tolerance")
    self.stop = try stop.at(nil) {
      try StopRule(iterations: iterations, time: time, rounds: rounds, tolerance: tolerance)
    }
    let record = try top.mapping("record")
    try record?.checkKeys(["every", "agents"])
    recordEvery = try record?.integer("every") ?? Self.defaultRecordEvery
    guard recordEvery >= 1 else { throw record!.error("every", "must be ≥ 1, got \(recordEvery)") }
    recordAgents = try record?.boolean("agents")
  }

  /// Labels: given ones kept, repeated names numbered (`dgd`, `dgd-2`); labels must be unique.
  private static func labelled(_ specs: [AlgorithmSpec], file: String) throws -> [AlgorithmSpec] {
    var result = specs
    var seen: [String: Int] = [:]
    for k in result.indices where result[k].label.isEmpty {
      let name = result[k].name
      seen[name, default: 0] += 1
      let count = seen[name]!
      result[k].label = count == 1 ? name : "\(name)-\(count)"
    }
    var used: Set<String> = []
    for (k, spec) in result.enumerated() {
      guard used.insert(spec.label).inserted else {
        throw ConfigReader.error(
          file: file, origin: spec.origin, path: "algorithms[\(k)].label",
          "'\(spec.label)' names two algorithms; give each a different label")
      }
    }
    return result
  }

  /// A path from an experiment file: as given if it exists relative to the current directory
  /// (or is absolute), else relative to the experiment file's folder. Throws
  /// ``MissingInputError`` (66) when it exists in neither place.
  public static func resolvePath(_ path: String, experimentFile: String) throws -> String {
    let manager = FileManager.default
    if path.hasPrefix("/") || manager.fileExists(atPath: path) {
      guard manager.fileExists(atPath: path) else { throw MissingInputError(file: path) }
      return path
    }
    let folder = (experimentFile as NSString).deletingLastPathComponent
    let beside = folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    guard manager.fileExists(atPath: beside) else {
      throw MissingInputError(
        file: path,
        reason:
          "no such file (looked in the current folder and in \(folder.isEmpty ? "." : folder))")
    }
    return beside
  }
}
