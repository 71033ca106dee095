import ArgumentParser
import Design
import Foundation
import GossipCore
import Topology

extension WeightDesign: ExpressibleByArgument {}

extension TopologyCommand {
  struct Design: GossipCommand {
    static let configuration = CommandConfiguration(
      abstract: "Design a consensus topology: links for a data graph, fastest-mixing weights.",
      discussion: """
        Two inputs, one of them required:

        --data-graph FILE --agents M   the nodes of a data graph (any topology file, node names
                                       kept) are split among M agents by --partition; agents
                                       that share a data edge need a link ("required links").
        --network FILE                 the links are given (the agents are the file's nodes).

        Links are then added by at most one of:
        --sparsity λ   minimize ‖C − 11ᵀ/M‖₂ + λ·Σ(weights of extra links) over all agent pairs,
                       C = Cᵀ, C1 = 1, C ≥ 0, every required link kept; larger λ, fewer links
                       (λ around 0.1–1 matters: the ℓ1 of 11ᵀ/M's extra links is about M/2).
        --budget B     add B links greedily on the Fiedler vector (Ghosh & Boyd).
        and the weights on the final links are optimized: --weights fmmc (C ≥ 0, the default)
        or fdla (signs free; the DOT then has negative weights that `--weights file` refuses).

        Output: a DOT file with nodes 0…M−1, edges with the designed `weight` and
        link="required" | "network" | "added" (added ones dashed), and a report of SLEM and
        spectral gap: Metropolis on the base links (before), Metropolis on the designed links,
        and the design (after).

          gossip topology design --data-graph datasets/cora-citations.edges --agents 10 \\
              --partition metis --sparsity 0.3 --seed 1 -o cora-10.dot
          gossip topology design --network topologies/abilene.gml --weights fmmc -o abilene-fmmc.dot
          gossip topology design --network ring.edges --budget 3 -o ring-plus-3.dot --json
        """)

    @Option(help: "A data graph (topology file) whose nodes the agents hold.")
    var dataGraph: String?
    @Option(help: "Number of agents that split the data graph (with --data-graph).")
    var agents: Int?
    @Option(help: "How to split the data graph: bfs, metis, random, or a file of `node agent` lines.")
    var partition: String = "metis"
    @Option(help: "A network whose links are given: design its weights (and --budget links).")
    var network: String?
    @Option(help: "λ of the sparse design (adds links over all agent pairs; larger is sparser).")
    var sparsity: Double?
    @Option(help: "Number of links to add greedily for algebraic connectivity.")
    var budget: Int = 0
    @Option(help: "Weights on the final links: fmmc (non-negative) or fdla (any sign).")
    var weights: WeightDesign = .fmmc
    @Option(help: "Subgradient steps of each optimization.")
    var iterations: Int = 2000
    @Option(help: "Seed of the partition (bfs, random, metis).")
    var seed: UInt64 = 0
    @Option(name: [.short, .customLong("output")], help: "The DOT file to write.")
    var output: String
    @Flag(help: "Print the report as one JSON object instead of a table.")
    var json = false

    func execute() throws {
      let (base, kind) = try baseLinks()
      let options = DesignOptions(
        weights: weights, sparsity: sparsity, budget: budget, iterations: iterations)
      let design = try TopologyDesigner.design(base: base, baseKind: kind, options: options)
      try AtomicFile.write(design.dot(), to: output)
      let report = design.report(options: options)
      if report.designed.slem >= 1 - 1e-9 {
        let remedy = sparsity != nil ? "lower --sparsity" : "add links with --sparsity λ or --budget B"
        Terminal.warn(Warning(
          "the designed links leave the agents disconnected (SLEM 1, no consensus); \(remedy)"))
      }
      if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
      } else {
        print(table(report))
      }
    }

    /// The required links of the partitioned data graph, or the given network.
    private func baseLinks() throws -> (Graph, LinkKind) {
      switch (dataGraph, network) {
      case (let data?, nil):
        guard let agents else {
          throw ParameterError("--data-graph needs --agents M, the number of agents")
        }
        let (graph, warnings) = try TopologyFile.read(path: data)
        warnings.forEach(Terminal.warn)
        var rng = SeededGenerator(seed: seed)
        let parts = try GraphPartition.assign(
          graph, agents: agents, method: PartitionMethod(parsing: partition), using: &rng)
        return (GraphPartition.requiredLinks(graph, parts: parts, agents: agents), .required)
      case (nil, let file?):
        guard agents == nil else {
          throw ParameterError("--agents goes with --data-graph; with --network the agents are its nodes")
        }
        let (graph, warnings) = try TopologyFile.read(path: file)
        warnings.forEach(Terminal.warn)
        return (graph, .network)
      default:
        throw ParameterError("give exactly one of --data-graph FILE (with --agents) and --network FILE")
      }
    }

    private func table(_ report: DesignReport) -> String {
      func row(_ name: String, _ mixing: DesignReport.Mixing) -> String {
        name.padding(toLength: 32, withPad: " ", startingAt: 0)
          + String(format: "SLEM %.6f   gap %.6f", mixing.slem, max(mixing.spectralGap, 0))
      }
      var lines = [
        "\(output): \(report.agents) agents, \(report.baseLinkCount) \(report.baseLinks) links, "
          + "\(report.addedLinks) added links (weight \(String(format: "%.4g", report.addedWeight)))"
          + (report.unusedLinks > 0 ? ", \(report.unusedLinks) network links at weight 0" : ""),
        "  " + row("Metropolis on \(report.baseLinks) links", report.metropolisOnBase),
        "  " + row("Metropolis on designed links", report.metropolisOnDesignedLinks),
        "  " + row("designed (\(report.weights.rawValue))", report.designed),
      ]
      if let sparsity = report.sparsity { lines.append("  sparsity λ = \(sparsity)") }
      if report.budget > 0 { lines.append("  budget B = \(report.budget)") }
      return lines.joined(separator: "\n")
    }
  }
}
