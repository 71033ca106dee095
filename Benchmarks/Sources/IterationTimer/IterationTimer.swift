import Algorithms
import ArgumentParser
import Dispatch
import Foundation
import GossipCore
import LinearAlgebra
import Problems
import Topology
import Workloads

/// Times one iteration of dgd, extra, gradient tracking and mspd on the least-squares instance
/// and prints one JSON object; with `--export`, also writes the instance and the iterates after
/// `--check` iterations, so that Benchmarks/compare.py runs its numpy references on the same
/// data and checks they compute the same thing.
@main
struct IterationTimer: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "iteration-timer",
    abstract: "Seconds per iteration of the decentralized algorithms, as JSON.")

  @Option(help: "Number of agents.")
  var agents = 10_000
  @Option(help: "Dimension of x.")
  var dim = 10
  @Option(help: "Samples per agent.")
  var samples = 10
  @Option(help: "Iterations to time (the best and the median are reported).")
  var iterations = 20
  @Option(help: "Seed of the network, the data and X⁰.")
  var seed: UInt64 = 0
  @Option(help: "Iterations after which the exported iterates are taken.")
  var check = 5
  @Option(help: "Folder to write the instance and the iterates into (raw little-endian arrays).")
  var export: String?

  func validate() throws {
    guard agents >= 5, dim >= 1, samples >= 1, iterations >= 1, check >= 1 else {
      throw ValidationError(
        "--agents must be ≥ 5; --dim, --samples, --iterations and --check must be ≥ 1")
    }
  }

  /// Errors a person can act on (an export folder that cannot be written) as one line on stderr
  /// and their sysexits code.
  func run() throws {
    do {
      try measure()
    } catch let error as any GossipError {
      FileHandle.standardError.write(Data((error.description + "\n").utf8))
      throw ExitCode(error.exitStatus.rawValue)
    }
  }

  private func measure() throws {
    let instance = try LeastSquaresInstance(
      agents: agents, dimension: dim, samplesPerAgent: samples, seed: seed)
    if let export { try write(instance, to: export) }
    var timings: [String] = []
    for algorithm in IteratedAlgorithm.allCases {
      let run = try algorithm.run(on: instance)
      run.step()  // warm-up: first touches of the buffers, EXTRA's different first step
      var seconds: [Double] = []
      for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        run.step()
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      }
      seconds.sort()
      timings.append(
        "\"\(algorithm.rawValue)\": {\"best\": \(seconds[0]), "
          + "\"median\": \(seconds[seconds.count / 2])}")
    }
    print(
      """
      {"agents": \(agents), "dim": \(dim), "samples": \(samples), "iterations": \(iterations), \
      "secondsPerIteration": {\(timings.joined(separator: ", "))}}
      """)
  }

  /// meta.json, features.f64 (N×d, agent by agent), labels.f64, edges.i64 (m×2), x0.f64 and
  /// `<algorithm>.f64`, the estimates after `check` iterations.
  private func write(_ instance: LeastSquaresInstance, to folder: String) throws {
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw OutputError(
        file: folder, reason: "cannot create the folder (\(error.localizedDescription))")
    }
    func save(_ values: [some BitwiseCopyable], _ name: String) throws {
      let data = values.withUnsafeBytes { Data($0) }
      try AtomicFile.write(data, to: folder + "/" + name)
    }
    try save(instance.dataset.features.storage, "features.f64")
    try save(instance.dataset.labels, "labels.f64")
    try save(instance.network.edges.flatMap { [Int64($0.u), Int64($0.v)] }, "edges.i64")
    try save(instance.initial.storage, "x0.f64")
    for algorithm in IteratedAlgorithm.allCases {
      let run = try algorithm.run(on: instance)
      for _ in 0..<check { run.step() }
      try save(run.estimates.storage, algorithm.rawValue + ".f64")
    }
    let p = instance.mspdParameters
    let meta = """
      {"agents": \(agents), "dim": \(dim), "samples": \(samples), "check": \(check), \
      "step": \(instance.step), "mspd": {"innerSteps": \(p.innerSteps), \
      "primalStep": \(p.primalStep), "dualStep": \(p.dualStep)}}
      """
    try AtomicFile.write(Data(meta.utf8), to: folder + "/meta.json")
  }
}
