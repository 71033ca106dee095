import GossipCore
import Topology

/// A Graphviz layout engine (`--layout`), with the size up to which it is safe to run.
///
/// Graphviz cannot cancel a layout, so the time is bounded by never starting a slow engine on a
/// graph too large for it: past its ``nodeLimit`` an engine falls back to `sfdp` with a warning.
/// Limits measured on this machine (debug build, random geometric graphs; docs/rendering.md):
/// circo takes 0.4 s on 60 nodes, 5.5 s on 100 and more than a minute on 200; dot 0.4 s on 200,
/// 2.9 s on 500, 38 s on 1,000; neato 0.7 s and fdp 0.5 s on 1,000 (neato 6 s on a 2,000-node
/// random regular graph); twopi and sfdp about 1 s on 2,000.
public enum LayoutEngine: String, CaseIterable, Sendable {
  /// `positions` when at least 90% of the nodes have one, `neato` up to 300 nodes, `sfdp` beyond.
  case auto
  /// Hierarchical layers (Sugiyama): for trees and DAG-like drawings, small graphs only.
  case dot
  /// Stress majorization: faithful distances, the best drawings of small and medium networks.
  case neato
  /// Force-directed (Fruchterman–Reingold).
  case fdp
  /// Multilevel force-directed (Hu, 2005): the engine for large graphs.
  case sfdp
  /// Nodes on circles: rings and biconnected blocks.
  case circo
  /// Radial layers around a centre node.
  case twopi
  /// The positions from the file (GML coordinates, DOT `pos`), as `neato -n2` does.
  case positions

  /// The largest node count this engine is run on; `nil` for no limit.
  public var nodeLimit: Int? {
    switch self {
    case .circo: 60
    case .dot: 300
    case .neato, .fdp: 1_000
    case .twopi: 2_000
    case .auto, .sfdp, .positions: nil
    }
  }

  /// The share of nodes with a file position from which `auto` draws at the positions (Topology
  /// Zoo files often miss a few coordinates: Cogentco 11 of 197).
  public static let autoPositionShare = 0.9

  /// The node count past which `auto` leaves `neato` for `sfdp`.
  public static let autoNeatoLimit = 300

  /// The engine actually run for `graph`: what was asked when it is safe, else `sfdp`.
  public struct Choice: Sendable, Equatable {
    /// The engine whose drawing the user gets.
    public var engine: LayoutEngine
    /// The libgvc plugin name (`nop2`, i.e. `neato -n2`, for positions).
    public var plugin: String
    public var warnings: [Warning]
  }

  /// Resolves `self` for `graph`.
  ///
  /// `positions` needs at least one node with a position (else ``ParameterError``); nodes
  /// without one are placed by ``TopologyDrawing`` (with a warning).
  public func choice(for graph: Graph) throws -> Choice {
    let n = graph.nodeCount
    let positioned = graph.positions?.reduce(0) { $0 + ($1 == nil ? 0 : 1) } ?? 0
    switch self {
    case .auto:
      if positioned > 0 && Double(positioned) >= LayoutEngine.autoPositionShare * Double(n) {
        return try LayoutEngine.positions.choice(for: graph)
      }
      return (n <= LayoutEngine.autoNeatoLimit ? LayoutEngine.neato : .sfdp).sized(n)
    case .positions:
      guard positioned > 0 else {
        throw ParameterError(
          "the network has no node positions (GML Longitude/Latitude or DOT pos); choose "
            + "another --layout such as auto, neato or sfdp")
      }
      let warnings = positioned == n ? [] : [Warning(
        "\(n - positioned) of \(n) nodes have no position; they are drawn at the mean of their "
          + "placed neighbours")]
      return Choice(engine: .positions, plugin: "nop2", warnings: warnings)
    default:
      return sized(n)
    }
  }

  /// The choice for an engine that ignores positions, on `n` nodes: `self` within its limit.
  private func sized(_ n: Int) -> Choice {
    if let limit = nodeLimit, n > limit {
      return Choice(
        engine: .sfdp, plugin: "sfdp",
        warnings: [Warning(
          "\(rawValue) would be too slow on \(n) nodes (limit \(limit); Graphviz layouts cannot "
            + "be interrupted); using sfdp instead")])
    }
    return Choice(engine: self, plugin: rawValue, warnings: [])
  }
}
