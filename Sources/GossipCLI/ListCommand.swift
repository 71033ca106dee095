import ArgumentParser
import Experiments
import Foundation
import Mixing
import Problems
import Topology

struct ListCommand: GossipCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List what GossipSim knows by name.",
    discussion: """
      gossip list algorithms   algorithms of experiment files, their parameters and defaults
      gossip list problems     problem kinds (losses) of experiment files
      gossip list generators   topology generators and their parameters
      gossip list weights      mixing-matrix weight rules and their formulas
      """)

  enum Catalog: String, ExpressibleByArgument, CaseIterable {
    case algorithms, problems, generators, weights
  }

  @Argument(help: "What to list: \(Catalog.allCases.map(\.rawValue).joined(separator: ", ")).")
  var catalog: Catalog

  func execute() throws {
    let rows: [(String, String)] =
      switch catalog {
      case .algorithms: AlgorithmRegistry.entries.map { ($0.name, $0.summary) }
      case .problems: ProblemKind.allCases.map { ($0.rawValue, $0.summary) }
      case .generators: GeneratorKind.allCases.map { ($0.rawValue, $0.summary) }
      case .weights: WeightRule.allCases.map { ($0.rawValue, $0.summary) }
      }
    let width = rows.map(\.0.count).max() ?? 0
    for (name, summary) in rows {
      print(name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + summary)
    }
  }
}
