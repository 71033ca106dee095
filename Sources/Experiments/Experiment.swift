import Foundation
import GossipCore
import LinearAlgebra
import Mixing
import Problems
import Simulation
import Topology

/// One algorithm of an experiment, resolved and ready to run.
public struct PlannedAlgorithm: Sendable {
  public let spec: AlgorithmSpec
  public let built: BuiltAlgorithm
}

/// The outcome of one algorithm.
public struct AlgorithmResult: Sendable {
  public let label: String
  public let name: String
  public let parameters: [(key: String, value: ParameterValue)]
  public let trace: Trace
  /// Wall-clock seconds of the run (printed on stdout only; never written to the run folder).
  public let wallSeconds: Double
}

/// An experiment with everything built: the network, its mixing matrix and spectrum, the problem
/// split over the agents, the centralized optimum F*, and the algorithms with their parameters.
///
/// The agents are simulated in reverse Cuthill–McKee order, so that a gossip round reads the
/// agents' matrix almost in order (docs/performance.md): row k of every n×d matrix, of `mixing`
/// and of `problem` belongs to agent `agentOrder[k]` of the file. What is written out (network,
/// per-agent snapshots) keeps the file's numbering.
public struct Experiment: Sendable {
  public let config: ExperimentConfig
  /// The network as given, with the mixing weights as edge `weight` attributes.
  public let network: Graph
  /// The agent of `network` simulated in row k.
  public let agentOrder: [Int]
  /// `network` renumbered: node k is agent `agentOrder[k]`.
  public let simulatedNetwork: Graph
  /// The mixing matrix in the simulated numbering.
  public let mixing: SparseMatrix
  public let extremes: MixingExtremes
  /// The problem in the simulated numbering.
  public let problem: DistributedProblem
  /// Held-out samples for the test accuracy.
  public let testSet: Dataset?
  public let reference: ReferenceSolution
  public let timeModel: TimeModel
  public let runner: Runner
  public let algorithms: [PlannedAlgorithm]
  /// Warnings from reading the topology file.
  public let warnings: [Warning]
  /// Wall-clock seconds of each phase of ``prepare(_:starting:)``, in order (shown by
  /// `gossip run`, never written to the run folder, which must not depend on the machine).
  public let setupSeconds: [(phase: SetupPhase, seconds: Double)]

  /// Builds everything the runs need.
  ///
  /// Throws ``InputFileError`` at the line of `topology` for a network that is disconnected or
  /// has fewer than 2 agents, at an algorithm's line for a smooth-only algorithm on a
  /// non-smooth problem, and at the relevant key for values the builders refuse;
  /// ``MissingInputError`` for unreadable files; ``SolverError`` when F* cannot be computed.
  ///
  /// `starting` is called as each phase begins (for a progress line: at 10⁶ agents the set-up
  /// takes about a minute).
  public static func prepare(
    _ config: ExperimentConfig, starting: (SetupPhase) -> Void = { _ in }
  ) throws -> Experiment {
    var clock = SetupClock()
    func begin(_ phase: SetupPhase) {
      clock.begin(phase)
      starting(phase)
    }
    let file = config.file
    func failure(_ origin: ConfigOrigin, _ path: String, _ message: String) -> any GossipError {
      ConfigReader.error(file: file, origin: origin, path: path, message)
    }
    func at<T>(_ origin: ConfigOrigin, _ path: String, _ body: () throws -> T) throws -> T {
      do { return try body() } catch let error as ParameterError {
        throw failure(origin, path, error.message)
      }
    }

    // Smooth-only algorithms on a non-smooth problem, before anything is built.
    guard let sample = config.samples else {
      preconditionFailure("Experiment.prepare needs a sample problem; GCNExperiment runs kind: gcn")
    }
    for (k, spec) in config.algorithms.enumerated() where !sample.kind.isSmooth {
      if let reason = AlgorithmRegistry.entry(named: spec.name)!.smoothOnly {
        throw failure(
          spec.origin, "algorithms[\(k)]",
          "\(spec.name) cannot run on \(sample.kind.rawValue), which is non-smooth: \(reason)")
      }
    }

    // The network.
    begin(.network)
    var graph: Graph
    var warnings: [Warning] = []
    switch config.topology {
    case .file(let path):
      (graph, warnings) = try TopologyFile.read(path: path)
    case .generate(let kind, let parameters):
      graph = try at(config.topologyOrigin, "topology") { try Graph.generate(kind, parameters) }
    }
    guard graph.nodeCount >= 2 else {
      throw failure(
        config.topologyOrigin, "topology",
        "the network has \(graph.nodeCount) node(s); decentralized optimization needs at least 2 agents"
      )
    }
    let components = graph.connectedComponents().count
    guard components == 1 else {
      throw failure(
        config.topologyOrigin, "topology",
        "the network is disconnected (\(components) connected components), so consensus is impossible; connect it or keep its largest component (gossip topology inspect shows it)"
      )
    }
    let givenMixing = try at(config.topologyOrigin, "topology.weights") {
      try MixingMatrix.make(graph, rule: config.weights)
    }
    let agentOrder = givenMixing.reverseCuthillMcKeeOrder()
    let mixing = givenMixing.symmetricallyPermuted(by: agentOrder)
    graph = graph.withEdgeAttributes(
      graph.edges.enumerated().map { k, edge in
        var attributes = graph.edgeAttributes?[k] ?? .none
        attributes.weight = givenMixing[edge.u, edge.v]
        return attributes
      })
    let simulatedNetwork = graph.inducedSubgraph(nodes: agentOrder)
    let timeModel = try at(config.networkOrigin ?? config.topologyOrigin, "network") {
      try TimeModel(tau: config.tau, network: graph, agentSpeeds: config.speeds)
    }
    begin(.spectrum)
    let extremes = try Spectrum.mixingExtremes(of: mixing, renumbered: true)

    // The problem: data, then the partition, from one generator seeded by the experiment's seed.
    begin(.data)
    var rng = SeededGenerator(seed: config.seed)
    let dataset: Dataset
    switch sample.data {
    case .file(let path):
      dataset = try LIBSVM.read(path: path)
    case .synthetic(let samples, let features, let noise, let outliers):
      dataset = try at(config.problemOrigin, "problem.synthetic") {
        sample.kind.isClassification
          ? try Synthetic.classification(
            samples: samples, features: features, labelNoise: noise, using: &rng)
          : try Synthetic.regression(
            samples: samples, features: features, noise: noise, outlierFraction: outliers,
            using: &rng)
      }
    }
    begin(.problem)
    let problem = try at(config.problemOrigin, "problem") {
      let assignment = try Partition.assign(
        samples: dataset.sampleCount, labels: dataset.labels, agents: graph.nodeCount,
        rule: sample.partition, using: &rng)
      return try DistributedProblem(
        kind: sample.kind, dataset: dataset, assignment: agentOrder.map { assignment[$0] },
        regularization: sample.regularization)
    }
    // A test sample with a feature index past the data's is a malformed line of the test file.
    let testSet = try sample.testData.map {
      try LIBSVM.read(path: $0, featureCount: dataset.featureCount)
    }
    begin(.optimum)
    let reference = try ReferenceSolver.solve(problem)
    begin(.algorithms)

    // The algorithms.
    let setup = AlgorithmSetup(
      mixing: mixing, extremes: extremes, problem: problem, reference: reference,
      network: simulatedNetwork,
      tau: config.tau)
    let algorithms = try config.algorithms.enumerated().map { k, spec in
      PlannedAlgorithm(
        spec: spec,
        built: try at(spec.origin, "algorithms[\(k)]") {
          try AlgorithmRegistry.entry(named: spec.name)!.build(spec.parameters, setup)
        })
    }
    let runner = try Runner(
      stop: config.stop, recordEvery: config.recordEvery, optimum: reference.objective,
      snapshotAgents: config.recordAgents
        ?? (graph.nodeCount <= ExperimentConfig.defaultSnapshotLimit))
    return Experiment(
      config: config, network: graph, agentOrder: agentOrder, simulatedNetwork: simulatedNetwork,
      mixing: mixing, extremes: extremes, problem: problem,
      testSet: testSet, reference: reference, timeModel: timeModel, runner: runner,
      algorithms: algorithms,
      warnings: warnings, setupSeconds: clock.finish())
  }

  /// Throws at the line of the first algorithm that cannot run spread over processes
  /// (``AlgorithmEntry/localOnly``): refused, never run wrongly.
  public func checkRunsOverProcesses() throws {
    for (k, planned) in algorithms.enumerated() {
      let name = planned.spec.name
      if let reason = AlgorithmRegistry.entry(named: name)!.localOnly {
        throw ConfigReader.error(
          file: config.file, origin: planned.spec.origin, path: "algorithms[\(k)]",
          "\(name) cannot run with --backend mpi: \(reason); run it with --backend local")
      }
    }
  }

  /// Runs algorithm `index` from x⁰ = 0 on a fresh communicator of `backend`.
  public func run(
    _ index: Int, backend: Backend = .local, isCancelled: () -> Bool = { false },
    progress: (Record) -> Void = { _ in }
  ) -> AlgorithmResult {
    let planned = algorithms[index]
    let communicator = backend.makeCommunicator(simulatedNetwork, timeModel)
    let agents = communicator.localAgents
    let objectives = ProblemObjectives(problem: problem, testSet: testSet, agents: agents)
    var context = SimulationContext(
      communicator: communicator, objectives: objectives, timeModel: timeModel)
    var runner = runner
    if let horizon = planned.built.horizon {
      runner.stop.iterations = min(runner.stop.iterations ?? horizon, horizon)
    }
    let start = ContinuousClock.now
    var trace = runner.run(
      planned.built.algorithm, initial: Matrix(rows: agents.count, columns: problem.dimension),
      context: &context, observer: objectives, isCancelled: isCancelled, progress: progress)
    let elapsed = ContinuousClock.now - start
    trace.algorithm = planned.spec.label
    trace.snapshots = trace.snapshots.map { snapshot in
      var given = snapshot
      for (k, agent) in agentOrder.enumerated() {
        given.objective[agent] = snapshot.objective[k]
        given.distanceToAverage[agent] = snapshot.distanceToAverage[k]
      }
      return given
    }
    return AlgorithmResult(
      label: planned.spec.label, name: planned.spec.name, parameters: planned.built.parameters,
      trace: trace,
      wallSeconds: elapsed.seconds)
  }
}

/// Where the agents of a run live: all in this process (``local``), or spread over processes
/// (the MPI backend of the `MPITransport` target, built with the package trait `MPI`).
public struct Backend: Sendable {
  /// A fresh communicator (zero counters) for one algorithm's run.
  public let makeCommunicator: @Sendable (Graph, TimeModel) -> any Communicator

  public init(makeCommunicator: @escaping @Sendable (Graph, TimeModel) -> any Communicator) {
    self.makeCommunicator = makeCommunicator
  }

  public static let local = Backend { InProcessCommunicator(network: $0, timeModel: $1) }
}

/// The phases of ``Experiment/prepare(_:starting:)``.
public enum SetupPhase: String, Sendable {
  /// Reading or generating the network, its mixing matrix and the agents' order.
  case network
  /// λ₂ and λₙ of the mixing matrix.
  case spectrum
  /// Reading or generating the data set.
  case data
  /// Splitting the data over the agents and the per-agent constants.
  case problem
  /// The centralized optimum F*.
  case optimum
  /// The algorithms' parameters.
  case algorithms
}

/// Wall-clock time per set-up phase; a phase entered twice adds up.
private struct SetupClock {
  private var current: (phase: SetupPhase, since: ContinuousClock.Instant)?
  private var seconds: [(phase: SetupPhase, seconds: Double)] = []

  mutating func begin(_ phase: SetupPhase) {
    stop()
    current = (phase, .now)
  }

  mutating func finish() -> [(phase: SetupPhase, seconds: Double)] {
    stop()
    return seconds
  }

  private mutating func stop() {
    guard let (phase, since) = current else { return }
    let value = since.duration(to: .now).seconds
    if let k = seconds.firstIndex(where: { $0.phase == phase }) {
      seconds[k].seconds += value
    } else {
      seconds.append((phase, value))
    }
    current = nil
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
