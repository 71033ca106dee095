import GCN
import GossipCore
import Topology

/// The `problem:` of a GCN experiment (`kind: gcn`): node classification on a citation graph
/// split over the agents (docs/gcn.md).
public struct GCNSettings: Sendable, Equatable {
  /// The data folder, resolved (`dataset: cora` is the repository's `datasets/cora`).
  public var dataset: String
  /// Number of agents: the topology's node count, or 1 for centralized training.
  public var agents: Int
  public var partition: PartitionMethod
  public var architecture: GCNArchitecture
  public var learningRate: Double
  public var optimizer: GCNOptimizer
  /// Epochs; `nil` means `stop.iterations`.
  public var epochs: Int?
  /// Add the data-induced agent links to the communication graph (`match-links: true`), so that
  /// every pair of agents that exchanges boundary rows is also linked for consensus
  /// (ALGORITHMS.md §4.1).
  public var matchLinks: Bool

  static let keys = [
    "kind", "dataset", "agents", "partition", "hidden", "order", "dropout", "weight-decay",
    "learning-rate", "optimizer", "epochs", "match-links",
  ]

  /// Reads the keys of a `kind: gcn` problem mapping (defaults: Kipf & Welling's settings).
  init(_ problem: ConfigReader, experimentFile: String) throws {
    try problem.checkKeys(Self.keys)
    guard let name = try problem.string("dataset") else {
      throw problem.error("missing key 'dataset' (cora, or a folder with cora.sparse or cora.content)")
    }
    dataset = try ExperimentConfig.resolvePath(
      name == "cora" ? "datasets/cora" : name, experimentFile: experimentFile)
    guard let agents = try problem.integer("agents"), agents >= 1 else {
      throw problem.error("agents", "give the number of agents (the topology's nodes, or 1 for centralized)")
    }
    self.agents = agents
    let partitionName = try problem.string("partition") ?? "bfs"
    let method = PartitionMethod(parsing: partitionName)
    if case .file(let path) = method {
      partition = .file(try ExperimentConfig.resolvePath(path, experimentFile: experimentFile))
    } else {
      partition = method
    }
    let defaults = GCNArchitecture()
    let hidden = try problem.integer("hidden") ?? defaults.hidden
    guard hidden >= 1 else { throw problem.error("hidden", "must be ≥ 1, got \(hidden)") }
    let order = try problem.integer("order") ?? defaults.order
    guard order >= 1 else { throw problem.error("order", "the filter order K must be ≥ 1, got \(order)") }
    let dropout = try problem.number("dropout") ?? defaults.dropout
    guard dropout >= 0 && dropout < 1 else {
      throw problem.error("dropout", "must be in [0, 1), got \(dropout)")
    }
    let decay = try problem.number("weight-decay") ?? defaults.weightDecay
    guard decay >= 0 else { throw problem.error("weight-decay", "must be ≥ 0, got \(decay)") }
    architecture = GCNArchitecture(hidden: hidden, order: order, dropout: dropout, weightDecay: decay)
    learningRate = try problem.positiveNumber("learning-rate") ?? 0.01
    optimizer = GCNOptimizer(
      rawValue: try problem.choice("optimizer", from: GCNOptimizer.allCases.map(\.rawValue)) ?? "adam")!
    epochs = try problem.integer("epochs")
    if let epochs, epochs < 1 { throw problem.error("epochs", "must be ≥ 1, got \(epochs)") }
    matchLinks = try problem.boolean("match-links") ?? false
  }
}
