import GossipCore
import Topology

/// How a link of a designed topology came about.
public enum LinkKind: String, Sendable, Codable {
  /// Needed because agents share data edges (kept with a positive weight).
  case required
  /// A link of the given network (`--network`); its weight may be designed to 0.
  case network
  /// Added by the design (`--sparsity` or `--budget`).
  case added
}

/// What to design.
public struct DesignOptions: Sendable, Equatable {
  /// The weights on the final links.
  public var weights: WeightDesign = .fmmc
  /// λ of the sparse consensus design over all agent pairs; `nil` for none.
  public var sparsity: Double?
  /// Links to add greedily for algebraic connectivity (Ghosh & Boyd).
  public var budget = 0
  /// Subgradient steps of each optimization.
  public var iterations = 2000
  /// Required links keep at least `min(requiredWeightFloor, w_metropolis/2)`, so they stay in the
  /// support (`w_metropolis` of the link on the final links; the halving keeps the floors at an
  /// agent below 1/2 in sum).
  public var requiredWeightFloor = 0.01
  /// Added links of the sparse design with a weight below this are dropped.
  public var pruneThreshold = 1e-4

  public init(
    weights: WeightDesign = .fmmc, sparsity: Double? = nil, budget: Int = 0, iterations: Int = 2000
  ) {
    self.weights = weights
    self.sparsity = sparsity
    self.budget = budget
    self.iterations = iterations
  }
}

/// A designed consensus topology over `M` agents: links, weights and their kinds.
public struct TopologyDesign: Sendable {
  /// The agent graph (required or network links plus added ones) with the designed weights.
  public var linkWeights: LinkWeights
  /// Parallel to `linkWeights.graph.edges`.
  public var kinds: [LinkKind]
  /// `‖W − 11ᵀ/M‖₂` of the designed matrix.
  public var convergenceFactor: Double
  /// The same for Metropolis weights on the base links (required links or the network).
  public var baseMetropolisFactor: Double
  /// The same for Metropolis weights on the designed links.
  public var supportMetropolisFactor: Double
}

/// Designs consensus matrices: better weights for fixed links, and links for a data graph.
public enum TopologyDesigner {
  /// Designs a consensus matrix over the agents of `base`.
  ///
  /// 1. Links: the links of `base` (kind `baseKind`), plus, with `--sparsity λ`, the extra links of
  ///    the sparse design ``sparseSupport(required:sparsity:options:)``, or, with `--budget B`, B
  ///    links chosen greedily on the Fiedler vector (``EdgeBudget/greedyFiedler(_:budget:)``).
  /// 2. Weights on those links by ``optimizeWeights(on:design:floors:iterations:)``, from
  ///    Metropolis weights, with floors on required and added links so that they stay links.
  /// - Throws: ``ParameterError`` for a negative sparsity, a budget out of range, both at once,
  ///   or a base with fewer than 2 agents.
  public static func design(base: Graph, baseKind: LinkKind, options: DesignOptions) throws
    -> TopologyDesign
  {
    let m = base.nodeCount
    guard m >= 2 else {
      throw ParameterError("a topology design needs at least 2 agents, got \(m)")
    }
    guard options.iterations >= 1 else {
      throw ParameterError("--iterations \(options.iterations): choose at least 1")
    }
    if let lambda = options.sparsity, !(lambda >= 0 && lambda.isFinite) {
      throw ParameterError("--sparsity \(lambda): choose a finite λ ≥ 0")
    }
    if options.sparsity != nil && options.budget > 0 {
      throw ParameterError("--sparsity and --budget both add links; choose one of them")
    }
    var added: [Edge] = []
    if let lambda = options.sparsity {
      added = try sparseSupport(required: base, sparsity: lambda, options: options)
    } else if options.budget > 0 {
      added = try EdgeBudget.greedyFiedler(base, budget: options.budget)
    }
    let addedSet = Set(added)
    let support = Graph(nodeCount: m, edgeSet: Set(base.edges).union(addedSet))
    let kinds = support.edges.map { addedSet.contains($0) ? LinkKind.added : baseKind }
    let metropolis = LinkWeights.metropolis(support)
    let floors = zip(kinds, metropolis.weights).map { kind, weight in
      kind == .network ? 0 : min(options.requiredWeightFloor, weight / 2)
    }
    let designed = try optimizeWeights(
      on: support, design: options.weights, floors: floors, iterations: options.iterations)
    return TopologyDesign(
      linkWeights: designed, kinds: kinds,
      convergenceFactor: try designed.convergenceFactor(),
      baseMetropolisFactor: try LinkWeights.metropolis(base).convergenceFactor(),
      supportMetropolisFactor: try metropolis.convergenceFactor())
  }

  /// Fastest-mixing weights on the links of `graph`, from Metropolis weights.
  ///
  /// `fdla` minimizes `‖W − J‖₂` over weights of any sign (floors ignored); `fmmc` adds `W ≥ 0`
  /// with `w_e ≥ floors[e] ≥ 0`. Projected subgradient (``ProjectedSubgradient``), keeping the best
  /// iterate, so the result is never worse than Metropolis. O(iterations · M³).
  public static func optimizeWeights(
    on graph: Graph, design: WeightDesign, floors: [Double], iterations: Int
  ) throws -> LinkWeights {
    let method = ProjectedSubgradient(
      lowerBounds: design == .fmmc ? floors : Array(repeating: -.infinity, count: graph.edgeCount),
      costs: Array(repeating: 0, count: graph.edgeCount),
      stochastic: design == .fmmc, iterations: iterations)
    return try method.minimize(from: .metropolis(graph))
  }

  /// The extra links of the sparse consensus design: over all agent pairs, minimize
  /// `‖C − 11ᵀ/M‖₂ + λ Σ_{extra links} C_ab` subject to `C = Cᵀ`, `C1 = 1`, `C ≥ 0` and
  /// `C_ab ≥ min(floor, w_metropolis/2)` on the required links (ALGORITHMS.md §4.5, after
  /// Scardapane et al., "Distributed graph convolutional networks", arXiv:2007.06281, §IV;
  /// `C ≥ 0` makes the ℓ1 term linear). Projected subgradient from Metropolis weights on the
  /// required links plus a chain of links joining their connected components; the extra links
  /// whose weight ends above `pruneThreshold` are returned.
  /// O(iterations · M³).
  public static func sparseSupport(required: Graph, sparsity lambda: Double, options: DesignOptions)
    throws -> [Edge]
  {
    let m = required.nodeCount
    var pairs: [Edge] = []
    pairs.reserveCapacity(m * (m - 1) / 2)
    for i in 0..<m { for j in (i + 1)..<m { pairs.append(Edge(i, j)) } }
    let complete = Graph(nodeCount: m, sortedUniqueEdges: pairs)
    let metropolis = LinkWeights.metropolis(required)
    var floors = [Double](repeating: 0, count: pairs.count)
    var isExtra = [Bool](repeating: true, count: pairs.count)
    for (k, e) in required.edges.enumerated() {
      let index = complete.edgeIndex(e.u, e.v)!
      floors[index] = min(options.requiredWeightFloor, metropolis.weights[k] / 2)
      isExtra[index] = false
    }
    // Start from Metropolis weights on the required links plus a chain through their connected
    // components: with k components the SLEM stays 1 until k − 1 links join them, which the
    // subgradient (one eigenvector at a time) would find only slowly.
    let components = required.connectedComponents()
    let representatives = (0..<components.count).map { components.labels.firstIndex(of: $0)! }
    let bridges = zip(representatives, representatives.dropFirst()).map { Edge($0, $1) }
    let connected = LinkWeights.metropolis(
      Graph(nodeCount: m, edgeSet: Set(required.edges).union(bridges)))
    var start = [Double](repeating: 0, count: pairs.count)
    for (k, e) in connected.graph.edges.enumerated() {
      start[complete.edgeIndex(e.u, e.v)!] = connected.weights[k]
    }
    let costs = isExtra.map { $0 ? lambda : 0 }
    let method = ProjectedSubgradient(
      lowerBounds: floors, costs: costs, stochastic: true, iterations: options.iterations)
    let best = try method.minimize(
      from: LinkWeights(graph: complete, weights: method.project(start, graph: complete)))
    return pairs.indices
      .filter { isExtra[$0] && best.weights[$0] > options.pruneThreshold }
      .map { pairs[$0] }
  }
}
