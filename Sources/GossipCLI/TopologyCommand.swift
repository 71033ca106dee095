import ArgumentParser
import Foundation
import GossipCore
import Mixing
import Topology

struct TopologyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "topology",
    abstract: "Generate, inspect and convert communication networks.",
    discussion: """
      Files: Graphviz DOT (.dot, .gv), Topology Zoo GML (.gml), edge lists (.edges, .txt) and
      NetworkX node-link JSON (.json); the format comes from the extension. See
      docs/topology-files.md.
      """,
    subcommands: [Generate.self, Inspect.self, Convert.self, Design.self])
}

extension TopologyFormat: ExpressibleByArgument {}
extension GeneratorKind: ExpressibleByArgument {}
extension WeightRule: ExpressibleByArgument {}
extension Spectrum.Method: ExpressibleByArgument {}

extension TopologyCommand {
  struct Generate: GossipCommand {
    static let configuration = CommandConfiguration(
      abstract: "Generate a network.",
      discussion: """
        Deterministic kinds take a size; random kinds also take --seed (same seed, same graph).
        `gossip list generators` shows every kind with its parameters.

          gossip topology generate ring --nodes 16 -o ring.edges
          gossip topology generate torus --rows 8 --cols 8 -o torus.dot
          gossip topology generate hypercube --dimension 6 -o q6.json
          gossip topology generate random-regular --nodes 1000 --degree 4 --seed 7 -o rr.edges
          gossip topology generate erdos-renyi --nodes 200 --probability 0.05 --seed 1 -o er.gml
        """)

    @Argument(help: "The kind of network (see `gossip list generators`).")
    var kind: GeneratorKind

    @Option(name: [.customShort("n"), .long], help: "Number of nodes.")
    var nodes: Int?
    @Option(help: "Rows of a grid or torus.")
    var rows: Int?
    @Option(help: "Columns of a grid or torus.")
    var cols: Int?
    @Option(help: "Dimension of a hypercube.")
    var dimension: Int?
    @Option(help: "Edge probability (erdos-renyi) or rewiring probability (watts-strogatz).")
    var probability: Double?
    @Option(help: "Degree (random-regular, watts-strogatz) or edges per new node (barabasi-albert).")
    var degree: Int?
    @Option(help: "Connection radius in the unit square (random-geometric).")
    var radius: Double?
    @Option(help: "Round t of the one-peer exponential graph sequence.")
    var round: Int?
    @Option(help: "Seed of the random generators.")
    var seed: UInt64 = 0
    @Option(name: [.short, .customLong("output")], help: "Output file; its extension picks the format. Default: an edge list on stdout.")
    var output: String?
    @Option(help: "Format of the output, overriding the extension (dot, gml, edges, json).")
    var format: TopologyFormat?

    func execute() throws {
      let parameters = GeneratorParameters(
        nodes: nodes, rows: rows, cols: cols, dimension: dimension, probability: probability,
        degree: degree, radius: radius, round: round, seed: seed)
      let graph = try Graph.generate(kind, parameters)
      try emit(graph, to: output, format: format)
    }
  }

  struct Inspect: GossipCommand {
    static let configuration = CommandConfiguration(
      abstract: "Report a network's size, connectivity and spectral properties.",
      discussion: """
        Laplacian L = D − A: λ₂ (algebraic connectivity), λ_max and χ = λ_max/λ₂. Mixing matrix
        W (--weights): SLEM = max(|λ₂(W)|, |λ_n(W)|), spectral gap 1 − SLEM and mixing time
        1/ln(1/SLEM), the rounds of gossip per e-fold reduction of the consensus error.
        For a disconnected network these describe the largest component.

          gossip topology inspect topologies/abilene.gml
          gossip topology inspect torus.dot --weights max-degree --json
        """)

    @Argument(help: "A topology file.")
    var file: String
    @Option(help: "Mixing weights (see `gossip list weights`). Default: the file's edge weights when every edge has one, else metropolis.")
    var weights: WeightRule?
    @Option(help: "Input format, overriding the extension.")
    var format: TopologyFormat?
    @Option(help: "Eigen-solver: dense (LAPACK), sparse (ARPACK) or auto (by size).")
    var method: Spectrum.Method = .auto
    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func execute() throws {
      let graph = try readTopology(file, format: format)
      let rule = weights ?? (graph.edgeCount > 0 && graph.hasAllEdgeWeights ? .file : .metropolis)
      let (report, warnings) = try NetworkReport.make(for: graph, weights: rule, method: method)
      warnings.forEach(Terminal.warn)
      if json {
        print(try report.jsonString())
      } else {
        print(report.table(title: file))
      }
    }
  }

  struct Convert: GossipCommand {
    static let configuration = CommandConfiguration(
      abstract: "Convert a network between file formats.",
      discussion: """
        Names, edge weights, latency, bandwidth and positions are kept where the target format
        has room for them.

          gossip topology convert topologies/abilene.gml -o abilene.dot
        """)

    @Argument(help: "The input topology file.")
    var input: String
    @Option(name: [.short, .customLong("output")], help: "The output file; its extension picks the format.")
    var output: String
    @Option(help: "Input format, overriding the extension.")
    var from: TopologyFormat?
    @Option(help: "Output format, overriding the extension.")
    var to: TopologyFormat?

    func execute() throws {
      try emit(try readTopology(input, format: from), to: output, format: to)
    }
  }
}

/// Reads a topology file, printing the reader's warnings.
private func readTopology(_ path: String, format: TopologyFormat?) throws -> Graph {
  let (graph, warnings) = try TopologyFile.read(path: path, format: format)
  warnings.forEach(Terminal.warn)
  return graph
}

/// Writes `graph` to `path` (atomically), or an edge list to stdout when there is no path.
private func emit(_ graph: Graph, to path: String?, format: TopologyFormat?) throws {
  if let path {
    try TopologyFile.write(graph, to: path, format: format)
  } else {
    print(TopologyFile.encode(graph, format: format ?? .edgeList), terminator: "")
  }
}

extension Graph {
  fileprivate var hasAllEdgeWeights: Bool {
    edgeAttributes?.allSatisfy { $0.weight != nil } ?? false
  }
}
