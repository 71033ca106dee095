import Foundation
import Topology

/// The numbers of a design, for the report and `--json`.
public struct DesignReport: Codable, Sendable, Equatable {
  /// SLEM `‖W − 11ᵀ/M‖₂` and spectral gap `1 − SLEM` of one matrix.
  public struct Mixing: Codable, Sendable, Equatable {
    public var slem: Double
    public var spectralGap: Double
    public init(slem: Double) {
      self.slem = slem
      spectralGap = 1 - slem
    }
  }

  public var agents: Int
  /// `required` (from a data graph) or `network` (a given network).
  public var baseLinks: String
  /// Links of the base: required links or network links.
  public var baseLinkCount: Int
  /// Links the design added (`--sparsity` or `--budget`).
  public var addedLinks: Int
  /// Σ of the added links' weights (the ℓ1 term without λ).
  public var addedWeight: Double
  /// Network links whose designed weight is 0 (FMMC may switch links off).
  public var unusedLinks: Int
  public var weights: WeightDesign
  public var sparsity: Double?
  public var budget: Int
  /// Metropolis weights on the base links ("before").
  public var metropolisOnBase: Mixing
  /// Metropolis weights on the designed links.
  public var metropolisOnDesignedLinks: Mixing
  /// The designed weights ("after").
  public var designed: Mixing
}

extension TopologyDesign {
  /// The report of this design made with `options`.
  public func report(options: DesignOptions) -> DesignReport {
    let graph = linkWeights.graph
    let added = kinds.indices.filter { kinds[$0] == .added }
    return DesignReport(
      agents: graph.nodeCount,
      baseLinks: kinds.contains(.network) ? LinkKind.network.rawValue : LinkKind.required.rawValue,
      baseLinkCount: kinds.count(where: { $0 != .added }),
      addedLinks: added.count,
      addedWeight: added.reduce(0) { $0 + linkWeights.weights[$1] },
      unusedLinks: kinds.indices.count(where: { kinds[$0] == .network && linkWeights.weights[$0] == 0 }),
      weights: options.weights, sparsity: options.sparsity, budget: options.budget,
      metropolisOnBase: .init(slem: baseMetropolisFactor),
      metropolisOnDesignedLinks: .init(slem: supportMetropolisFactor),
      designed: .init(slem: convergenceFactor))
  }

  /// The design as DOT: nodes `0`…`M−1`, one edge per link with its designed `weight` and
  /// `link="required"|"network"|"added"` (added links also `style="dashed"`), and each agent's
  /// self weight as the node attribute `self_weight`. Numbers are written in Swift's shortest
  /// round-trip form.
  public func dot() -> String {
    let graph = linkWeights.graph
    let selfWeights = linkWeights.selfWeights
    var text = "graph design {\n"
    for node in 0..<graph.nodeCount {
      text += "  \"\(node)\" [self_weight=\"\(selfWeights[node])\"];\n"
    }
    for (k, e) in graph.edges.enumerated() {
      let style = kinds[k] == .added ? ", style=\"dashed\"" : ""
      text += "  \"\(e.u)\" -- \"\(e.v)\" [weight=\"\(linkWeights.weights[k])\", link=\"\(kinds[k].rawValue)\"\(style)];\n"
    }
    return text + "}\n"
  }
}
