import Benchmark
import Foundation
import GCN
import GossipCore
import Graphviz
import LinearAlgebra
import Mixing
import Rendering
import Topology
import Workloads

/// The repository's root (this file is Benchmarks/Benchmarks/Kernels/Kernels.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// What a workload's setup built, kept out of the measured closure.
final class Prepared<Value> {
  var value: Value?
}

/// Registers `name`: `prepare` runs once before the warm-up, `body` is measured per iteration.
func benchmark<Value>(
  _ name: String, maxIterations: Int = 10_000, prepare: @escaping () throws -> Value,
  body: @escaping (inout Value) throws -> Void
) {
  let prepared = Prepared<Value>()
  Benchmark(
    name,
    configuration: .init(
      metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
      maxDuration: .seconds(2), maxIterations: maxIterations),
    closure: { (benchmark: Benchmark) throws in
      for _ in benchmark.scaledIterations { try body(&prepared.value!) }
    },
    setup: { prepared.value = try prepare() },
    teardown: { prepared.value = nil })
}

/// n = 10³…10⁵ by default; `GOSSIP_BENCH_MILLION=1` adds n = 10⁶ (gossip round, spectral report).
let million = ProcessInfo.processInfo.environment["GOSSIP_BENCH_MILLION"] == "1"

let benchmarks: @Sendable () -> Void = {
  // One gossip round Y = W·X: Metropolis weights, X uniform in [−1, 1); in the generator's
  // numbering ("given") and in reverse Cuthill–McKee order ("rcm"), as `gossip run` simulates.
  let tori = [1_000: (25, 40), 10_000: (100, 100), 100_000: (250, 400), 1_000_000: (1000, 1000)]
  for n in [1_000, 10_000, 100_000] + (million ? [1_000_000] : []) {
    for d in [1, 10, 100] {
      for network in ["random-regular-4", "torus"] {
        for order in ["given", "rcm"] {
          benchmark("gossip round \(network) n=\(n) d=\(d) \(order)") {
            var rng = SeededGenerator(seed: 0)
            let graph =
              network == "torus"
              ? try Graph.torus(rows: tori[n]!.0, cols: tori[n]!.1)
              : try Graph.randomRegular(nodes: n, degree: 4, using: &rng)
            var x = Matrix(rows: n, columns: d)
            for k in x.storage.indices { x.storage[k] = Double.random(in: -1..<1, using: &rng) }
            let given = try MixingMatrix.make(graph, rule: .metropolis)
            let w =
              order == "rcm"
              ? given.symmetricallyPermuted(by: given.reverseCuthillMcKeeOrder()) : given
            return (w: w, x: x, y: Matrix(rows: n, columns: d))
          } body: { round in
            round.w.multiply(round.x, into: &round.y)
          }
        }
      }
    }
  }

  // One iteration of each algorithm on least squares, 10 samples per agent.
  for algorithm in IteratedAlgorithm.allCases {
    benchmark("\(algorithm.rawValue) iteration n=10000 d=10") {
      try algorithm.run(on: LeastSquaresInstance(agents: 10_000, dimension: 10))
    } body: { run in
      run.step()
    }
  }

  // The spectral report (λ₂, λ_max of L, SLEM of W) of a random 4-regular graph (ARPACK).
  for n in [10_000, 100_000] + (million ? [1_000_000] : []) {
    benchmark("spectral report random-regular-4 n=\(n)", maxIterations: 5) {
      var rng = SeededGenerator(seed: 0)
      return try Graph.randomRegular(nodes: n, degree: 4, using: &rng)
    } body: { graph in
      blackHole(try Spectrum.report(for: graph, weights: .metropolis))
    }
    // One Lanczos run: λ₂ and λₙ of the Metropolis W, which for a 4-regular graph is I − L/5, so
    // this is the time of λ₂(L) alone (the report above runs three).
    benchmark("lambda2 random-regular-4 n=\(n)", maxIterations: 5) {
      var rng = SeededGenerator(seed: 0)
      return try MixingMatrix.make(
        try Graph.randomRegular(nodes: n, degree: 4, using: &rng), rule: .metropolis)
    } body: { w in
      blackHole(try Spectrum.mixingExtremes(of: w, method: .sparse))
    }
  }

  // One training epoch (forward, back-propagation, Adam step) of a two-layer GCN on Cora, one agent.
  benchmark("gcn epoch cora", maxIterations: 50) {
    let dataset = try CoraDataset.load(folder: repositoryRoot + "/datasets/cora")
    let layout = AgentLayout(
      graph: dataset.graph, assignment: Array(repeating: 0, count: dataset.nodeCount), agents: 1)
    let trainer = GCNTrainer(
      model: DistributedGCN(dataset: dataset, layout: layout, architecture: GCNArchitecture()),
      consensusMatrix: SparseMatrix(
        rows: 1, columns: 1, rowPointers: [0, 1], columnIndices: [0], values: [1]),
      options: GCNTrainingOptions(epochs: 1))
    var rng = SeededGenerator(seed: 0)
    return (trainer: trainer, dataset: dataset, initial: trainer.initialWeights(using: &rng))
  } body: { epoch in
    var rng = SeededGenerator(seed: 1)
    blackHole(epoch.trainer.train(from: epoch.initial, dataset: epoch.dataset, using: &rng))
  }

  // Layout (sfdp) and SVG rendering of a random 4-regular network, in-process through libgvc.
  for n in [1_000, 10_000] {
    benchmark("render sfdp svg n=\(n)", maxIterations: 5) {
      var rng = SeededGenerator(seed: 0)
      let graph = try Graph.randomRegular(nodes: n, degree: 4, using: &rng)
      return try TopologyDrawing.make(graph: graph, coloring: .degree)
    } body: { drawing in
      blackHole(try TopologyRenderer.render(drawing, layout: .sfdp, format: .svg))
    }
  }
}
