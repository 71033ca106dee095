import Foundation
import GCN
import GossipCore
import LinearAlgebra
import Mixing
import Simulation
import Topology
import Yams

/// An experiment with `problem: {kind: gcn, …}`: a GCN trained on a node-classification data set
/// whose graph is split over the agents of the experiment's topology (docs/gcn.md).
///
/// Each algorithm entry (`dgd` or `gradient-tracking`) trains from the same Glorot draw with the
/// same dropout masks. With `agents: 1` the training is centralized and the topology is unused.
public struct GCNExperiment: Sendable {
  public let config: ExperimentConfig
  public let settings: GCNSettings
  public let dataset: NodeDataset
  /// The communication graph with its consensus weights as edge `weight` attributes.
  public let network: Graph
  /// The consensus matrix `C` (`M × M`).
  public let consensus: SparseMatrix
  /// Node → agent.
  public let assignment: [Int]
  public let model: DistributedGCN
  /// Data-induced agent links absent from the communication graph.
  public let missingLinks: [Edge]
  public let epochs: Int

  /// One trained algorithm.
  public struct Result: Sendable {
    public let label: String
    public let consensus: GCNConsensus
    public let records: [GCNEpochRecord]
    public let wallSeconds: Double
    /// Stopped by Ctrl-C before its last epoch (or before it started).
    public let interrupted: Bool
  }

  /// Builds the network, reads the data and partitions it.
  ///
  /// Throws ``InputFileError`` at `problem` when `agents` differs from the topology's node count
  /// (and is not 1) or an algorithm is not `dgd` / `gradient-tracking` or has parameters, at
  /// `topology` for a disconnected network; the data reader's errors otherwise.
  public static func prepare(_ config: ExperimentConfig) throws -> GCNExperiment {
    guard let settings = config.gcn else { preconditionFailure("prepare needs a kind: gcn experiment") }
    let file = config.file
    func failure(_ origin: ConfigOrigin, _ path: String, _ message: String) -> any GossipError {
      ConfigReader.error(file: file, origin: origin, path: path, message)
    }
    for (k, spec) in config.algorithms.enumerated() {
      guard GCNConsensus(rawValue: spec.name) != nil else {
        throw failure(spec.origin, "algorithms[\(k)]",
                      "a gcn problem trains with dgd or gradient-tracking, not \(spec.name)")
      }
      guard spec.parameters.isEmpty else {
        throw failure(spec.origin, "algorithms[\(k)]",
                      "a gcn algorithm takes only name and label; set learning-rate and optimizer under problem")
      }
    }
    var graph: Graph
    switch config.topology {
    case .file(let path): graph = try TopologyFile.read(path: path).graph
    case .generate(let kind, let parameters):
      do { graph = try Graph.generate(kind, parameters) } catch let error as ParameterError {
        throw failure(config.topologyOrigin, "topology", error.message)
      }
    }
    let agents = settings.agents
    if agents > 1 {
      guard graph.nodeCount == agents else {
        throw failure(config.problemOrigin, "problem.agents",
                      "agents is \(agents) but the topology has \(graph.nodeCount) nodes; make them equal (or use agents: 1 for centralized training)")
      }
    }
    let dataset = try CoraDataset.load(folder: settings.dataset)
    var rng = SeededGenerator(seed: config.seed)
    let assignment: [Int]
    do {
      assignment = try GraphPartition.assign(
        dataset.graph, agents: agents, method: settings.partition, using: &rng)
    } catch let error as ParameterError {
      throw failure(config.problemOrigin, "problem.partition", error.message)
    }
    let layout = AgentLayout(graph: dataset.graph, assignment: assignment, agents: agents)
    let consensus: SparseMatrix
    if agents == 1 {
      graph = Graph(nodeCount: 1, edges: [])
      consensus = SparseMatrix(rows: 1, columns: 1, rowPointers: [0, 1], columnIndices: [0], values: [1])
    } else {
      if settings.matchLinks {
        graph = Graph(
          nodeCount: agents,
          edgeSet: Set(graph.edges).union(layout.requiredLinks.edges))
      }
      guard graph.connectedComponents().count == 1 else {
        throw failure(config.topologyOrigin, "topology",
                      "the network is disconnected, so consensus is impossible")
      }
      do { consensus = try MixingMatrix.make(graph, rule: config.weights) } catch let error as ParameterError {
        throw failure(config.topologyOrigin, "topology.weights", error.message)
      }
      graph = graph.withEdgeAttributes(graph.edges.map { EdgeAttributes(weight: consensus[$0.u, $0.v]) })
    }
    let communication = Set(graph.edges)
    return GCNExperiment(
      config: config, settings: settings, dataset: dataset, network: graph, consensus: consensus,
      assignment: assignment,
      model: DistributedGCN(dataset: dataset, layout: layout, architecture: settings.architecture),
      missingLinks: layout.requiredLinks.edges.filter { !communication.contains($0) },
      epochs: settings.epochs ?? config.stop.iterations ?? 200)
  }

  /// Trains algorithm `index`; `observe` sees every epoch; `isCancelled` stops it between epochs.
  public func run(
    _ index: Int, isCancelled: () -> Bool = { false },
    observe: (GCNEpochRecord) -> Void = { _ in }
  ) -> Result {
    let spec = config.algorithms[index]
    let method = GCNConsensus(rawValue: spec.name)!
    let trainer = GCNTrainer(
      model: model, consensusMatrix: consensus,
      options: GCNTrainingOptions(
        epochs: epochs, learningRate: settings.learningRate, optimizer: settings.optimizer,
        consensus: method))
    // Weights and dropout masks from the experiment's seed: every algorithm sees the same draws.
    var rng = SeededGenerator(seed: config.seed &+ 1)
    let initial = trainer.initialWeights(using: &rng)
    var records: [GCNEpochRecord] = []
    let start = ContinuousClock.now
    _ = trainer.train(from: initial, dataset: dataset, using: &rng, isCancelled: isCancelled) {
      records.append($0)
      observe($0)
    }
    let elapsed = ContinuousClock.now - start
    return Result(
      label: spec.label, consensus: method, records: records,
      wallSeconds: elapsed.seconds,
      interrupted: records.count < epochs)
  }

  /// Trains every algorithm into `folder`: `config.yaml`, `network.dot`, `metrics.csv` (the
  /// usual columns: objective = training loss, iteration = epoch), `gcn.csv` (validation
  /// accuracy and traffic per phase), `partition.txt` (node agent) and `summary.json`, rewritten
  /// after each algorithm.
  /// Once `isCancelled` returns true the running algorithm stops after its epoch and the
  /// remaining ones are recorded as interrupted with no epochs; what was recorded is written.
  public func run(
    into folder: RunFolder, isCancelled: () -> Bool = { false },
    finished: (Result) -> Void = { _ in }
  ) throws -> [Result] {
    func path(_ name: String) -> String { (folder.writingPath as NSString).appendingPathComponent(name) }
    try AtomicFile.write(resolvedConfig(), to: path("config.yaml"))
    try TopologyFile.write(network, to: path("network.dot"), format: .dot)
    try AtomicFile.write(partitionFile(), to: path("partition.txt"))
    var results: [Result] = []
    for k in config.algorithms.indices {
      let result = run(k, isCancelled: isCancelled)
      results.append(result)
      try AtomicFile.write(Self.metrics(results, every: config.recordEvery), to: path("metrics.csv"))
      try AtomicFile.write(Self.details(results), to: path("gcn.csv"))
      try AtomicFile.write(summary(results), to: path("summary.json"))
      finished(result)
    }
    try folder.finish()
    return results
  }

  /// A warning when agents that share data edges are not neighbours in the topology.
  public var missingLinksWarning: Warning? {
    missingLinks.isEmpty
      ? nil
      : Warning(
        "\(missingLinks.count) of the \(model.layout.requiredLinks.edgeCount) agent pairs that share data edges are not linked in the topology; their inference and backprop messages are counted as if they were")
  }

  /// The end-of-run table: one line per algorithm.
  public static func table(_ results: [Result]) -> String {
    let header = ["algorithm", "epochs", "train loss", "val acc", "test acc", "MB sent", "wall s"]
    let rows = results.map { result -> [String] in
      let last = result.records.last
      return [
        result.label, String(result.records.count),
        last.map { String(format: "%.4f", $0.trainLoss) } ?? "",
        last.map { String(format: "%.4f", $0.validationAccuracy) } ?? "",
        last.map { String(format: "%.4f", $0.testAccuracy) } ?? "",
        last.map { String(format: "%.2f", Double($0.traffic.totalBytes) / 1e6) } ?? "",
        String(format: "%.2f", result.wallSeconds),
      ]
    }
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max()! }
    return all.map { row in
      row.indices.map { row[$0] + String(repeating: " ", count: widths[$0] - row[$0].count) }
        .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n")
  }

  /// The partition as `node agent` lines (node = paper id): `partition: FILE` and
  /// `gossip topology design --partition FILE` read it back.
  func partitionFile() -> String {
    "# node agent: the partition of \(settings.dataset) over \(settings.agents) agents\n"
      + assignment.enumerated().map { "\(dataset.graph.name(of: $0.offset)) \($0.element)\n" }
      .joined()
  }

  /// Records kept in `metrics.csv`: every `every`-th epoch and the last.
  static func kept(_ records: [GCNEpochRecord], every: Int) -> [GCNEpochRecord] {
    records.filter { $0.epoch % every == 0 || $0.epoch == records.count }
  }

  static func metrics(_ results: [Result], every: Int) -> String {
    var lines = [RunFolder.metricsHeader]
    for result in results {
      for r in kept(result.records, every: every) {
        let t = r.traffic
        lines.append(
          [result.label, String(r.epoch), String(t.totalRounds), String(t.totalRounds),
           String(t.totalMessages), String(t.totalBytes), String(r.epoch), r.trainLoss.description,
           "", "", r.consensusError.description, r.trainAccuracy.description,
           r.testAccuracy.description].joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func details(_ results: [Result]) -> String {
    var lines = [
      "algorithm,epoch,train_loss,train_accuracy,validation_accuracy,test_accuracy,"
        + "inference_rounds,inference_messages,inference_bytes,backprop_rounds,backprop_messages,"
        + "backprop_bytes,consensus_rounds,consensus_messages,consensus_bytes"
    ]
    for result in results {
      for r in result.records {
        let t = r.traffic
        let fields: [String] = [
          result.label, String(r.epoch), r.trainLoss.description, r.trainAccuracy.description,
          r.validationAccuracy.description, r.testAccuracy.description,
        ] + [t.inference, t.backprop, t.consensus].flatMap {
          [String($0.rounds), String($0.messages), String($0.bytes)]
        }
        lines.append(fields.joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `summary.json` in the schema of every run (docs/experiments.md), with the GCN settings under
  /// `problem`, the traffic per phase under each algorithm's `traffic`, and the validation
  /// accuracy under `final`. There is no reference optimum (non-convex), so `reference.objective`
  /// and `final.suboptimality` are null; `final.objective` is the training loss.
  func summary(_ results: [Result]) throws -> Data {
    let s = settings
    let extremes = network.nodeCount >= 2 ? try? Spectrum.mixingExtremes(of: consensus) : nil
    let body = Summary(
      name: config.name, seed: config.seed, version: GossipSimVersion.current,
      reference: .init(objective: JSONNumber(.nan), method: "none (non-convex training)"),
      network: .init(
        nodes: network.nodeCount, edges: network.edgeCount, weights: config.weights.rawValue,
        lambda2: JSONNumber(extremes?.secondLargest ?? .nan),
        lambdaN: JSONNumber(extremes?.smallest ?? .nan), slem: JSONNumber(extremes?.slem ?? .nan),
        tau: JSONNumber(config.tau), requiredLinks: model.layout.requiredLinks.edgeCount,
        missingLinks: missingLinks.count),
      problem: [
        "kind": "gcn", "data": s.dataset, "samples": String(dataset.nodeCount),
        "dimension": String(model.shape.parameterCount), "agents": String(s.agents),
        "partition": Self.partitionName(s.partition), "hidden": String(s.architecture.hidden),
        "order": String(s.architecture.order), "dropout": s.architecture.dropout.description,
        "weightDecay": s.architecture.weightDecay.description,
        "learningRate": s.learningRate.description, "optimizer": s.optimizer.rawValue,
        "matchLinks": String(s.matchLinks),
      ],
      algorithms: results.map { result in
        let last = result.records.last
        let traffic = last?.traffic ?? GCNTraffic()
        func phase(_ t: Traffic) -> AlgorithmSummary.Phase {
          AlgorithmSummary.Phase(rounds: t.rounds, messages: t.messages, bytes: t.bytes)
        }
        return AlgorithmSummary(
          name: result.label, algorithm: result.consensus.rawValue,
          status: result.interrupted ? "interrupted" : "completed",
          iterations: result.records.count, rounds: traffic.totalRounds,
          messages: traffic.totalMessages, bytes: traffic.totalBytes,
          time: JSONNumber(Double(traffic.totalRounds)), gradientCalls: result.records.count,
          parameters: [
            "learning-rate": .number(s.learningRate), "optimizer": .name(s.optimizer.rawValue),
          ],
          traffic: [
            "inference": phase(traffic.inference), "backprop": phase(traffic.backprop),
            "consensus": phase(traffic.consensus),
          ],
          final: last.map {
            AlgorithmSummary.Final(
              objective: JSONNumber($0.trainLoss), suboptimality: JSONNumber(.nan),
              consensusError: JSONNumber($0.consensusError), trainAccuracy: $0.trainAccuracy,
              validationAccuracy: $0.validationAccuracy, testAccuracy: $0.testAccuracy)
          })
      })
    return try body.encoded()
  }

  static func partitionName(_ method: PartitionMethod) -> String {
    switch method {
    case .bfs: "bfs"
    case .random: "random"
    case .metis: "metis"
    case .file(let path): path
    }
  }

  /// The experiment as run, as YAML: `gossip run config.yaml` repeats it.
  func resolvedConfig() throws -> String {
    let s = settings
    var topology: [String: Any] = ["weights": config.weights.rawValue]
    switch config.topology {
    case .file(let path): topology["file"] = path
    case .generate(let kind, let p):
      topology["generate"] = kind.rawValue
      topology["seed"] = Int(p.seed)
      if let nodes = p.nodes { topology["nodes"] = nodes }
      if let degree = p.degree { topology["degree"] = degree }
      if let probability = p.probability { topology["probability"] = probability }
      if let rows = p.rows { topology["rows"] = rows }
      if let cols = p.cols { topology["cols"] = cols }
      if let dimension = p.dimension { topology["dimension"] = dimension }
      if let radius = p.radius { topology["radius"] = radius }
      if let round = p.round { topology["round"] = round }
    }
    let root: [String: Any] = [
      "version": GossipSimVersion.current, "name": config.name, "seed": Int(config.seed),
      "topology": topology,
      "problem": [
        "kind": "gcn", "dataset": s.dataset, "agents": s.agents,
        "partition": Self.partitionName(s.partition), "hidden": s.architecture.hidden,
        "order": s.architecture.order, "dropout": s.architecture.dropout,
        "weight-decay": s.architecture.weightDecay, "learning-rate": s.learningRate,
        "optimizer": s.optimizer.rawValue, "epochs": epochs, "match-links": s.matchLinks,
      ] as [String: Any],
      "algorithms": config.algorithms.map { ["name": $0.name, "label": $0.label] },
      "stop": ["iterations": epochs], "record": ["every": config.recordEvery],
    ]
    return try Yams.dump(object: root, width: -1, allowUnicode: true, sortKeys: true)
  }
}
