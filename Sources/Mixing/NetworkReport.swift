import GossipCore
import Topology

/// Everything `gossip topology inspect` reports about a network: size, connectivity, degrees,
/// diameter and the spectral numbers that bound how fast decentralized methods can go.
///
/// For a disconnected network the spectral numbers and the diameter describe its largest
/// connected component (DESIGN.md), and ``make(for:weights:method:)`` returns a warning that
/// consensus over the whole network is impossible. Encodes to the JSON of `inspect --json`.
public struct NetworkReport: Codable, Sendable, Equatable {
  public struct Degree: Codable, Sendable, Equatable {
    public var min: Int
    public var max: Int
    public var mean: Double
  }

  public struct Laplacian: Codable, Sendable, Equatable {
    /// λ₂(L), the algebraic connectivity.
    public var lambda2: Double
    /// λ_max(L).
    public var lambdaMax: Double
    /// χ = λ_max / λ₂.
    public var condition: Double
  }

  public struct MixingNumbers: Codable, Sendable, Equatable {
    /// Second largest eigenvalue modulus of the mixing matrix.
    public var slem: Double
    /// 1 − SLEM.
    public var spectralGap: Double
    /// Rounds per e-fold reduction of the consensus error, 1/ln(1/SLEM); `nil` when SLEM = 1.
    public var mixingTime: Double?
  }

  public struct Component: Codable, Sendable, Equatable {
    public var nodes: Int
    public var edges: Int
  }

  public var label: String?
  public var nodes: Int
  public var edges: Int
  public var connected: Bool
  public var components: Int
  public var degree: Degree
  /// Diameter of the (largest) connected component, in hops.
  public var diameter: Int
  /// Whether ``diameter`` is exact; on large graphs whose search budget ran out it is a lower bound.
  public var diameterExact: Bool
  public var weights: String
  /// `nil` when the (largest) component has a single node: there is nothing to mix.
  public var laplacian: Laplacian?
  public var mixing: MixingNumbers?
  /// Which eigen-solver computed the spectrum: `dense` (LAPACK) or `sparse` (ARPACK).
  public var method: String?
  /// The component the spectral numbers describe, when the network is disconnected.
  public var largestComponent: Component?

  /// Builds the report of `graph` with mixing weights from `weights`.
  public static func make(
    for graph: Graph, weights: WeightRule, method: Spectrum.Method = .auto
  ) throws -> (report: NetworkReport, warnings: [Warning]) {
    guard graph.nodeCount > 0 else { throw ParameterError("the network has no nodes") }
    var warnings: [Warning] = []
    let components = graph.connectedComponents()
    let core = components.count == 1 ? graph : graph.largestComponent().graph
    if components.count > 1 {
      warnings.append(Warning(
        "the network is disconnected (\(components.count) components): consensus over the whole "
          + "network is impossible; the diameter and spectral numbers describe the largest "
          + "component (\(core.nodeCount) of \(graph.nodeCount) nodes)"))
    }
    let stats = graph.degreeStatistics
    let diameter = core.diameter()
    var report = NetworkReport(
      label: graph.label, nodes: graph.nodeCount, edges: graph.edgeCount,
      connected: components.count == 1, components: components.count,
      degree: Degree(min: stats.min, max: stats.max, mean: stats.mean),
      diameter: diameter.value, diameterExact: diameter.exact, weights: weights.rawValue,
      largestComponent: components.count > 1
        ? Component(nodes: core.nodeCount, edges: core.edgeCount) : nil)
    if core.nodeCount >= 2 {
      let spectrum = try Spectrum.report(for: core, weights: weights, method: method)
      report.laplacian = Laplacian(
        lambda2: spectrum.lambda2, lambdaMax: spectrum.lambdaMax, condition: spectrum.condition)
      report.mixing = MixingNumbers(
        slem: spectrum.slem, spectralGap: spectrum.spectralGap,
        mixingTime: spectrum.mixingTime.isFinite ? spectrum.mixingTime : nil)
      report.method = spectrum.method
    }
    return (report, warnings)
  }
}
