import ArgumentParser
import Dispatch
import Foundation
import GossipCore
import LinearAlgebra
import Mixing
import Topology

struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure the speed of the simulator's kernels.",
    discussion: """
      Timings are wall-clock seconds on this machine, best of several repetitions. For the side-by-side
      comparison with a numpy/scipy reference see Benchmarks/README.md (`make bench`).
      """,
    subcommands: [GossipRound.self, DGDRun.self])
}

extension BenchCommand {
  struct GossipRound: GossipCommand {
    static let configuration = CommandConfiguration(
      commandName: "gossip-round",
      abstract: "Time one gossip round Y = W·X on a seeded random regular network.",
      discussion: """
        W is the Metropolis mixing matrix of a K-regular random graph on N nodes (seed --seed), X an
        N×D matrix. Reports the best of --repetitions rounds and the memory traffic rate it implies.
        --order rcm numbers the nodes in reverse Cuthill–McKee order first, as `gossip run` does;
        --order given keeps the generator's random numbering.

          gossip bench gossip-round --nodes 100000 --dim 100 --degree 4 --json
          gossip bench gossip-round --nodes 1000000 --dim 10 --order given
        """)

    @Option(name: [.customShort("n"), .long], help: "Number of agents.")
    var nodes: Int = 100_000
    @Option(help: "Dimension of each agent's vector.")
    var dim: Int = 100
    @Option(help: "Degree of the random regular network.")
    var degree: Int = 4
    @Option(help: "Seed of the network and of X.")
    var seed: UInt64 = 0
    @Option(help: "Rounds to time (the best one is reported).")
    var repetitions: Int = 10
    @Option(help: "Node numbering: rcm (reverse Cuthill–McKee, as gossip run) or given.")
    var order: NodeOrder = .rcm
    @Flag(help: "Print one JSON object (key secondsPerRound).")
    var json = false

    func validate() throws {
      guard nodes >= 2, dim >= 1, repetitions >= 1 else {
        throw ValidationError("--nodes must be ≥ 2, --dim ≥ 1 and --repetitions ≥ 1")
      }
    }

    func execute() throws {
      var rng = SeededGenerator(seed: seed)
      let graph = try Graph.randomRegular(nodes: nodes, degree: degree, using: &rng)
      let given = try MixingMatrix.make(graph, rule: .metropolis)
      let w =
        order == .rcm ? given.symmetricallyPermuted(by: given.reverseCuthillMcKeeOrder()) : given
      var x = Matrix(rows: nodes, columns: dim)
      for k in x.storage.indices { x.storage[k] = Double.random(in: -1..<1, using: &rng) }
      var y = Matrix(rows: nodes, columns: dim)
      w.multiply(x, into: &y)  // warm-up: touches every page of y
      var best = Double.infinity
      for _ in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        w.multiply(x, into: &y)
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      }
      // Bytes a round must move at least: W (values + column indices + row pointers), X read, Y written.
      let nonzeros = w.values.count
      let bytes = Double(nonzeros * (8 + 4) + (nodes + 1) * 8 + 2 * nodes * dim * 8)
      if json {
        print("""
          {"nodes": \(nodes), "dim": \(dim), "degree": \(degree), "order": "\(order.rawValue)", \
          "nonzeros": \(nonzeros), \
          "secondsPerRound": \(best), "gigabytesPerSecond": \(bytes / best / 1e9)}
          """)
      } else {
        print(
          "gossip round, n = \(nodes), d = \(dim), degree \(degree), order \(order.rawValue): "
            + String(
              format: "%.6f s (best of %d), %.2f GB/s", best, repetitions, bytes / best / 1e9))
      }
    }
  }
}

/// How `gossip bench gossip-round` numbers the nodes.
enum NodeOrder: String, ExpressibleByArgument, CaseIterable {
  case rcm, given
}
