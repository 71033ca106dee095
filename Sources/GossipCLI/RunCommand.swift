import ArgumentParser
import Experiments
import Foundation
import GossipCore
import Rendering
import Simulation
import Synchronization
import Topology

/// Set by the SIGINT handler, polled by the runner once per iteration.
private let interrupted = Atomic<Bool>(false)

struct RunCommand: GossipCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run the algorithms of an experiment file and write a run folder.",
    discussion: """
      An experiment file (YAML; JSON works too) names a network, a problem split
      over its agents, the algorithms to compare and when to stop:

        name: logistic-abilene
        seed: 7
        topology: { file: topologies/abilene.gml, weights: metropolis }
        problem:
          { kind: logistic, data: datasets/breast_cancer.svm, partition: iid }
        algorithms:
          - { name: extra }         # step sizes default to safe values
          - { name: dgd, step: 0.05, schedule: constant }
          - { name: gradient-tracking }
        stop: { iterations: 2000 }
        record: { every: 10 }

        gossip run Examples/baselines-abilene.yaml
        gossip run exp.yaml --set stop.iterations=100 --set algorithms.1.step=0.1
        gossip run runs/logistic-abilene/config.yaml --out runs/again

      The run folder (default runs/NAME; --force replaces an existing one) gets
      config.yaml (the resolved experiment: running it repeats the run exactly),
      metrics.csv, agents.csv, network.dot and summary.json, written after each
      algorithm. Paths in the file are relative to the current folder if they
      exist there, else to the experiment file's folder. Ctrl-C stops the run,
      keeps what was recorded, marks it interrupted and exits with 130.

      At the end a table sums up each algorithm; a set-up of a second or more
      adds where it went (set-up 40.0 s: network 3.0, spectrum 17.3, …), and on
      a terminal the set-up phase and the iterations show on stderr meanwhile.

      --backend mpi spreads the agents over the processes of an MPI job (a gossip
      built with `swift build -c release --traits MPI`; docs/mpi.md):

        mpirun -np 4 .build/release/gossip run exp.yaml --backend mpi
      `gossip list algorithms` and `gossip list problems` show the names;
      docs/experiments.md describes every key.
      """)

  @Argument(help: "The experiment file (YAML or JSON).")
  var experiment: String

  @Option(help: "The run folder (default: runs/NAME, NAME from the experiment).")
  var out: String?

  @Option(help: "The seed, overriding the file's `seed`.")
  var seed: UInt64?

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Override a key before validation: a dotted path and a YAML value (repeatable).",
      valueName: "key=value"))
  var overrides: [String] = []

  @Flag(help: "Print nothing but errors.")
  var quiet = false

  @Flag(help: "Replace an existing run folder.")
  var force = false

  @Option(help: "Where the agents live: local (this process) or mpi (the processes of mpirun).")
  var backend: BackendName = .local

  enum BackendName: String, ExpressibleByArgument, CaseIterable {
    case local, mpi
  }

  func execute() throws {
    if backend == .mpi { return try executeMPI() }
    let config = try ExperimentConfig.load(path: experiment, overrides: overrides, seed: seed)
    if config.gcn != nil { return try executeGCN(config) }
    let showPhases = !quiet && Terminal.standardErrorIsTerminal
    let prepared = try Experiment.prepare(config) { phase in
      if showPhases { FileHandle.standardError.write(Data("\r\u{1B}[Kset-up: \(phase)…".utf8)) }
    }
    if showPhases { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    for warning in prepared.warnings { Terminal.warn(warning) }
    let folder = try RunFolder.create(at: out ?? "runs/\(config.name)", force: force)

    Self.catchInterrupts()
    defer { signal(SIGINT, SIG_DFL) }
    let results = try runExperiment(prepared, into: folder, backend: .local) { Self.isInterrupted }
    if results.contains(where: { $0.trace.status == .interrupted }) {
      Terminal.standardError("gossip: interrupted; what was recorded is in \(folder.path)")
      throw ExitCode(130)
    }
  }

  /// Runs every algorithm into `folder`, showing progress on a terminal, and prints the table.
  /// A process without a folder (an MPI process other than rank 0) computes silently.
  func runExperiment(
    _ prepared: Experiment, into folder: RunFolder?, backend: Backend,
    isCancelled: () -> Bool = { false }
  ) throws -> [AlgorithmResult] {
    let showProgress = folder != nil && !quiet && Terminal.standardErrorIsTerminal
    // At most ten progress lines a second, however often the run records.
    var lastShown = ContinuousClock.now - .seconds(1)
    let results = try prepared.run(
      into: folder, backend: backend, isCancelled: isCancelled,
      progress: { label, record in
        guard showProgress, ContinuousClock.now - lastShown >= .milliseconds(100) else { return }
        lastShown = ContinuousClock.now
        let gap = record.suboptimality.map { String(format: "%.3e", $0) } ?? "–"
        FileHandle.standardError.write(
          Data("\r\u{1B}[K\(label)  iteration \(record.iteration)  F(x̄) − F* = \(gap)".utf8))
      },
      finished: { _ in if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } },
      completing: { Self.drawFigures(in: $0, nodeCount: prepared.network.nodeCount) }
    )
    if let folder, !quiet {
      print(Self.table(results))
      if let line = Self.setupLine(prepared.setupSeconds) { print(line) }
      print("run folder: \(folder.path)")
    }
    return results
  }

  /// Writes `convergence.svg` and `topology.svg`; a figure that cannot be drawn is a warning,
  /// never a lost run.
  static func drawFigures(in directory: String, nodeCount: Int) {
    do {
      try RunFigures.write(runDirectory: URL(fileURLWithPath: directory), nodeCount: nodeCount)
        .forEach(Terminal.warn)
    } catch {
      Terminal.warn(Warning("the run's figures could not be drawn: \(error)"))
    }
  }

  /// Whether Ctrl-C has been pressed since ``catchInterrupts()``.
  static var isInterrupted: Bool { interrupted.load(ordering: .relaxed) }

  /// Installs the SIGINT handler, and unblocks SIGINT: a parent may have started this process
  /// with signals blocked (Foundation's `Process` does), which would make Ctrl-C wait forever.
  static func catchInterrupts() {
    signal(SIGINT) { _ in interrupted.store(true, ordering: .relaxed) }
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// The end-of-run table: one line per algorithm.
  /// Where a set-up of a second or more went, e.g.
  /// `set-up 41.2 s: network 4.0, spectrum 12.1, data 11.5, problem 9.7, optimum 3.9, algorithms 0.0`.
  static func setupLine(_ phases: [(phase: SetupPhase, seconds: Double)]) -> String? {
    let total = phases.reduce(0) { $0 + $1.seconds }
    guard total >= 1 else { return nil }
    let parts = phases.map { "\($0.phase) " + String(format: "%.1f", $0.seconds) }
    return "set-up " + String(format: "%.1f", total) + " s: " + parts.joined(separator: ", ")
  }

  static func table(_ results: [AlgorithmResult]) -> String {
    let header = [
      "algorithm", "status", "iterations", "rounds", "time", "F(x̄) − F*", "consensus", "wall s",
    ]
    let rows = results.map { result -> [String] in
      let last = result.trace.records.last
      return [
        result.label, result.trace.status.rawValue, String(result.trace.iterations),
        String(last?.rounds ?? 0), last.map { String(format: "%.4g", $0.time) } ?? "",
        last?.suboptimality.map { String(format: "%.3e", $0) } ?? "",
        last.map { String(format: "%.3e", $0.consensusError) } ?? "",
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
}
