import Foundation
import GossipCore
import Mixing
import Problems
import Simulation
import Topology
import Yams

/// The folder a run writes: `config.yaml`, `network.dot`, `metrics.csv`, `agents.csv` (when
/// agents are recorded) and `summary.json` (see docs/experiments.md).
///
/// Nothing is lost: every file is written through ``AtomicFile``, and the results files are
/// rewritten after each algorithm finishes, so an interrupted or crashed run keeps every finished
/// algorithm. An existing folder is never touched without `force`; with `force` the run is written
/// into a temporary sibling folder that replaces the old one in ``finish()``, so a crash leaves the
/// old folder whole (and the sibling `.NAME.partial-PID` beside it).
public struct RunFolder: Sendable {
  /// The folder the run ends up in.
  public let path: String
  /// Where the files are written while the run goes on (`path` itself unless replacing a folder).
  public let writingPath: String

  /// The header of `metrics.csv`.
  public static let metricsHeader =
    "algorithm,iteration,time,rounds,messages,bytes,gradient_calls,objective,suboptimality,"
    + "worst_suboptimality,consensus_error,train_accuracy,test_accuracy"
  /// The header of `agents.csv`.
  public static let agentsHeader = "algorithm,iteration,agent,objective,distance_to_average"

  /// Creates the folder (and its parents). Throws ``OutputError`` (73) when `path` exists and
  /// `force` is false, or when a folder cannot be created.
  public static func create(at path: String, force: Bool) throws -> RunFolder {
    let manager = FileManager.default
    let exists = manager.fileExists(atPath: path)
    if exists && !force {
      throw OutputError(
        file: path,
        reason: "the run folder exists; use --force to replace it or choose another --out")
    }
    let url = URL(fileURLWithPath: path)
    let writingPath =
      exists
      ? url.deletingLastPathComponent().appendingPathComponent(
        ".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)"
      ).path
      : path
    do {
      if manager.fileExists(atPath: writingPath) { try manager.removeItem(atPath: writingPath) }
      try manager.createDirectory(atPath: writingPath, withIntermediateDirectories: true)
    } catch {
      throw OutputError(
        file: writingPath, reason: "cannot create the folder: \(error.localizedDescription)")
    }
    return RunFolder(path: path, writingPath: writingPath)
  }

  private func file(_ name: String) -> String {
    (writingPath as NSString).appendingPathComponent(name)
  }

  /// Writes `config.yaml` and `network.dot`, before any algorithm runs.
  public func writeSetup(_ experiment: Experiment) throws {
    try AtomicFile.write(Self.resolvedConfig(experiment), to: file("config.yaml"))
    try TopologyFile.write(experiment.network, to: file("network.dot"), format: .dot)
  }

  /// Writes `metrics.csv`, `agents.csv` and `summary.json` for the algorithms finished so far.
  public func writeResults(_ experiment: Experiment, _ results: [AlgorithmResult]) throws {
    try AtomicFile.write(Self.metrics(results), to: file("metrics.csv"))
    if results.contains(where: { !$0.trace.snapshots.isEmpty }) {
      try AtomicFile.write(Self.agents(results), to: file("agents.csv"))
    }
    try AtomicFile.write(Self.summary(experiment, results), to: file("summary.json"))
  }

  /// Moves the run into place when it replaces an existing folder.
  public func finish() throws {
    guard writingPath != path else { return }
    let manager = FileManager.default
    let url = URL(fileURLWithPath: path)
    let old = url.deletingLastPathComponent().appendingPathComponent(
      ".\(url.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)"
    ).path
    guard rename(path, old) == 0, rename(writingPath, path) == 0 else {
      throw OutputError(
        file: path,
        reason:
          "cannot move the new run into place (\(String(cString: strerror(errno)))); it is in \(writingPath)"
      )
    }
    try? manager.removeItem(atPath: old)
  }

  // MARK: Contents

  /// `metrics.csv`: one row per recorded iteration of every algorithm.
  public static func metrics(_ results: [AlgorithmResult]) -> String {
    var lines = [metricsHeader]
    for result in results {
      for r in result.trace.records {
        let fields: [String] = [
          result.label, String(r.iteration), r.time.description, String(r.rounds),
          String(r.messages), String(r.bytes), String(r.gradientCalls), r.objective.description,
          cell(r.suboptimality), cell(r.worstSuboptimality), r.consensusError.description,
          cell(r.trainAccuracy), cell(r.testAccuracy),
        ]
        lines.append(fields.joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `agents.csv`: fᵢ(xᵢ) and ‖xᵢ − x̄‖² of every agent at every recorded iteration.
  public static func agents(_ results: [AlgorithmResult]) -> String {
    var lines = [agentsHeader]
    for result in results {
      for snapshot in result.trace.snapshots {
        for agent in snapshot.objective.indices {
          lines.append(
            "\(result.label),\(snapshot.iteration),\(agent),\(snapshot.objective[agent].description),"
              + snapshot.distanceToAverage[agent].description)
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func cell(_ x: Double?) -> String { x?.description ?? "" }

  /// `summary.json`: sorted keys, non-finite numbers as null.
  public static func summary(_ experiment: Experiment, _ results: [AlgorithmResult]) throws -> Data
  {
    let e = experiment
    let summary = Summary(
      name: e.config.name, seed: e.config.seed, version: GossipSimVersion.current,
      reference: .init(objective: JSONNumber(e.reference.objective), method: e.reference.method),
      network: .init(
        nodes: e.network.nodeCount, edges: e.network.edgeCount, weights: e.config.weights.rawValue,
        lambda2: JSONNumber(e.extremes.secondLargest), lambdaN: JSONNumber(e.extremes.smallest),
        slem: JSONNumber(e.extremes.slem), tau: JSONNumber(e.config.tau)),
      problem: SampleProblemInfo(
        kind: e.problem.kind.rawValue, data: e.problem.datasetName, samples: e.problem.sampleCount,
        dimension: e.problem.dimension, agents: e.problem.agentCount,
        regularization: JSONNumber(e.problem.regularization),
        smoothness: JSONNumber(e.problem.localSmoothness.max() ?? .infinity),
        strongConvexity: JSONNumber(e.problem.strongConvexity)),
      algorithms: results.map { result in
        let last = result.trace.records.last
        return AlgorithmSummary(
          name: result.label, algorithm: result.name, status: result.trace.status.rawValue,
          iterations: result.trace.iterations, rounds: last?.rounds ?? 0,
          messages: last?.messages ?? 0, bytes: last?.bytes ?? 0,
          time: JSONNumber(last?.time ?? 0), gradientCalls: last?.gradientCalls ?? 0,
          parameters: Dictionary(
            uniqueKeysWithValues: result.parameters.map { ($0.key, $0.value) }),
          final: last.map {
            AlgorithmSummary.Final(
              objective: JSONNumber($0.objective),
              suboptimality: $0.suboptimality.map(JSONNumber.init),
              consensusError: JSONNumber($0.consensusError), trainAccuracy: $0.trainAccuracy,
              testAccuracy: $0.testAccuracy)
          })
      })
    return try summary.encoded()
  }

  /// The fully resolved experiment as YAML: `gossip run config.yaml` repeats the run.
  public static func resolvedConfig(_ e: Experiment) throws -> String {
    let c = e.config
    func scalar(_ text: String) -> Node { Node(text) }
    func number(_ x: Double) -> Node { Node(x.description) }
    func flow(_ pairs: [(String, Node)]) -> Node {
      Node(pairs.map { (Node($0.0), $0.1) }, .implicit, .flow)
    }
    var topology: [(String, Node)]
    switch c.topology {
    case .file(let path): topology = [("file", scalar(path))]
    case .generate(let kind, let p):
      topology = [("generate", scalar(kind.rawValue))]
      let given: [(String, String?)] = [
        ("nodes", p.nodes.map(String.init)), ("rows", p.rows.map(String.init)),
        ("cols", p.cols.map(String.init)), ("dimension", p.dimension.map(String.init)),
        ("probability", p.probability?.description), ("degree", p.degree.map(String.init)),
        ("radius", p.radius?.description), ("round", p.round.map(String.init)),
      ]
      topology += given.compactMap { key, value in value.map { (key, scalar($0)) } }
      topology.append(("seed", scalar(String(p.seed))))
    }
    topology.append(("weights", scalar(c.weights.rawValue)))
    var network = [("tau", number(c.tau))]
    if let speeds = c.speeds {
      network.append(("speeds", Node(speeds.map(number), .implicit, .flow)))
    }
    // `resolvedConfig` is written for sample problems; GCN runs write their own (GCNExperiment).
    guard let s = c.samples else { preconditionFailure("resolvedConfig needs a sample problem") }
    var problem = [("kind", scalar(s.kind.rawValue))]
    switch s.data {
    case .file(let path): problem.append(("data", scalar(path)))
    case .synthetic(let samples, let features, let noise, let outliers):
      var synthetic = [
        ("samples", scalar(String(samples))), ("features", scalar(String(features))),
        ("noise", number(noise)),
      ]
      if !s.kind.isClassification { synthetic.append(("outliers", number(outliers))) }
      problem.append(("synthetic", flow(synthetic)))
    }
    if let test = s.testData { problem.append(("test", scalar(test))) }
    problem.append(("partition", scalar(s.partition.name)))
    if case .dirichlet(let alpha) = s.partition { problem.append(("alpha", number(alpha))) }
    if s.kind.isRegularized { problem.append(("regularization", number(s.regularization))) }
    let algorithms = e.algorithms.map { planned in
      flow(
        [("name", scalar(planned.spec.name)), ("label", scalar(planned.spec.label))]
          + planned.built.parameters.map { ($0.key, scalar($0.value.description)) })
    }
    var stop: [(String, Node)] = []
    if let x = c.stop.iterations { stop.append(("iterations", scalar(String(x)))) }
    if let x = c.stop.time { stop.append(("time", number(x))) }
    if let x = c.stop.rounds { stop.append(("rounds", scalar(String(x)))) }
    if let x = c.stop.tolerance { stop.append(("tolerance", number(x))) }
    let record = [
      ("every", scalar(String(c.recordEvery))),
      ("agents", scalar(String(e.runner.snapshotAgents))),
    ]
    let root: [(String, Node)] = [
      ("version", scalar(GossipSimVersion.current)), ("name", scalar(c.name)),
      ("seed", scalar(String(c.seed))), ("topology", flow(topology)), ("network", flow(network)),
      ("problem", flow(problem)), ("algorithms", Node(algorithms, .implicit, .block)),
      ("stop", flow(stop)), ("record", flow(record)),
    ]
    return try Yams.serialize(
      node: Node(root.map { (Node($0.0), $0.1) }, .implicit, .block), width: -1, allowUnicode: true)
  }
}

/// A number in `summary.json`: non-finite values are written as null.
struct JSONNumber: Encodable {
  var value: Double
  init(_ value: Double) { self.value = value }
  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
  }
}

/// `summary.json` of every run: `problem` describes the sample problem (``Summary/SampleProblemInfo``)
/// or the GCN settings (a string dictionary); GCN runs add the network's required/missing links
/// and the traffic per phase.
struct Summary<ProblemInfo: Encodable>: Encodable {
  struct Reference: Encodable {
    var objective: JSONNumber
    var method: String
  }
  struct Network: Encodable {
    var nodes: Int
    var edges: Int
    var weights: String
    /// λ₂ and λₙ of the mixing matrix.
    var lambda2: JSONNumber
    var lambdaN: JSONNumber
    var slem: JSONNumber
    var tau: JSONNumber
    /// GCN: agent pairs that share data edges, and those of them the topology lacks.
    var requiredLinks: Int? = nil
    var missingLinks: Int? = nil
  }
  var name: String
  var seed: UInt64
  var version: String
  var reference: Reference
  var network: Network
  var problem: ProblemInfo
  var algorithms: [AlgorithmSummary]

  /// Pretty-printed with sorted keys, so the same run gives the same bytes.
  func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self) + Data("\n".utf8)
  }
}

/// `problem` in the `summary.json` of a sample problem.
struct SampleProblemInfo: Encodable {
  var kind: String
  var data: String
  var samples: Int
  var dimension: Int
  var agents: Int
  var regularization: JSONNumber
  var smoothness: JSONNumber
  var strongConvexity: JSONNumber
}

struct AlgorithmSummary: Encodable {
  struct Final: Encodable {
    var objective: JSONNumber
    var suboptimality: JSONNumber?
    var consensusError: JSONNumber
    var trainAccuracy: Double?
    var validationAccuracy: Double? = nil
    var testAccuracy: Double?
  }
  /// Rounds, messages and bytes of one phase of a GCN run.
  struct Phase: Encodable {
    var rounds: Int
    var messages: Int
    var bytes: Int
  }
  var name: String
  var algorithm: String
  var status: String
  var iterations: Int
  var rounds: Int
  var messages: Int
  var bytes: Int
  var time: JSONNumber
  var gradientCalls: Int
  var parameters: [String: ParameterValue]
  /// GCN: traffic per phase (inference, backprop, consensus).
  var traffic: [String: Phase]? = nil
  /// The last record; absent for an algorithm that never started.
  var final: Final?
}
