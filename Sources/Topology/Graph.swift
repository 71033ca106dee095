/// An undirected edge `{u, v}` stored with `u < v`.
public struct Edge: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let u: Int
  public let v: Int

  /// Creates the edge `{a, b}`; the endpoints are stored in increasing order.
  public init(_ a: Int, _ b: Int) {
    precondition(a != b, "an edge needs two distinct endpoints (self loop \(a))")
    (u, v) = a < b ? (a, b) : (b, a)
  }

  public static func < (lhs: Edge, rhs: Edge) -> Bool {
    (lhs.u, lhs.v) < (rhs.u, rhs.v)
  }

  public var description: String { "\(u)–\(v)" }
}

/// Optional per-edge attributes carried by topology files.
///
/// - `weight`: a mixing weight (the off-diagonal entry of `W_mix`);
/// - `latency`: time units a message takes on this link;
/// - `bandwidth`: bytes per time unit on this link.
public struct EdgeAttributes: Hashable, Sendable {
  public var weight: Double?
  public var latency: Double?
  public var bandwidth: Double?

  public init(weight: Double? = nil, latency: Double? = nil, bandwidth: Double? = nil) {
    self.weight = weight
    self.latency = latency
    self.bandwidth = bandwidth
  }

  public static let none = EdgeAttributes()
  public var isEmpty: Bool { weight == nil && latency == nil && bandwidth == nil }
}

/// A point in the plane; for Topology Zoo files `x` is the longitude and `y` the latitude.
public struct Position: Hashable, Sendable {
  public var x: Double
  public var y: Double
  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

/// A simple undirected graph on the nodes `0..<nodeCount`: the communication network.
///
/// Stored twice, both immutable: the sorted unique edge list (`edges`, each with `u < v`) and the
/// compressed sparse row adjacency (`offsets`, `neighborIndices`), in which the neighbours of `i`
/// are `neighborIndices[offsets[i]..<offsets[i+1]]` in increasing order and `edgeIndices` gives,
/// for each CSR entry, its position in `edges`. Building costs O(m log m); `neighbors(of:)` is O(1).
///
/// Self loops and repeated edges are not representable: ``init(nodeCount:edges:attributes:)``
/// drops and counts them, so that file readers can warn about them.
public struct Graph: Hashable, Sendable {
  public let nodeCount: Int
  /// Sorted, unique, `u < v`.
  public let edges: [Edge]
  /// Parallel to `edges`; `nil` when no edge carries an attribute.
  public let edgeAttributes: [EdgeAttributes]?
  /// CSR row pointers, `nodeCount + 1` entries.
  public let offsets: [Int]
  /// CSR column indices: the neighbours of each node in increasing order.
  public let neighborIndices: [Int]
  /// For each CSR entry, the index of its edge in `edges`.
  public let edgeIndices: [Int]
  /// Node names from a file (DOT ids, GML labels, edge-list tokens); `nil` means `"0"…"n-1"`.
  public var nodeNames: [String]?
  /// Node positions (GML `Longitude`/`Latitude`, DOT `pos`); `nil` entries have none.
  public var positions: [Position?]?
  /// A name for the whole graph (GML `label`, DOT graph id), if the file has one.
  public var label: String?

  /// What ``init(nodeCount:edges:attributes:)`` dropped: readers turn these counts into warnings.
  public struct Cleanup: Hashable, Sendable {
    public var selfLoops = 0
    public var duplicateEdges = 0
    public init() {}
  }

  /// The cleanup done when this graph was built; zero for graphs built from clean input.
  public let cleanup: Cleanup

  /// Builds a graph from unordered endpoint pairs.
  ///
  /// Self loops are dropped and repeated edges collapsed (keeping the attributes of the first
  /// occurrence); both are counted in ``cleanup``.
  /// - Precondition: every endpoint is in `0..<nodeCount`.
  public init(
    nodeCount: Int, edges pairs: [(Int, Int)], attributes: [EdgeAttributes]? = nil
  ) {
    precondition(nodeCount >= 0, "node count must be non-negative")
    precondition(attributes == nil || attributes!.count == pairs.count,
                 "one attribute record per edge")
    var cleanup = Cleanup()
    var tagged: [(edge: Edge, source: Int)] = []
    tagged.reserveCapacity(pairs.count)
    for (k, (a, b)) in pairs.enumerated() {
      precondition(a >= 0 && a < nodeCount && b >= 0 && b < nodeCount,
                   "edge \(a)–\(b) has an endpoint outside 0..<\(nodeCount)")
      if a == b {
        cleanup.selfLoops += 1
        continue
      }
      tagged.append((Edge(a, b), k))
    }
    // A stable order so that the first occurrence of a repeated edge wins.
    tagged.sort { ($0.edge, $0.source) < ($1.edge, $1.source) }
    var unique: [Edge] = []
    unique.reserveCapacity(tagged.count)
    var uniqueAttributes: [EdgeAttributes] = []
    for item in tagged {
      if let last = unique.last, last == item.edge {
        cleanup.duplicateEdges += 1
        continue
      }
      unique.append(item.edge)
      if let attributes { uniqueAttributes.append(attributes[item.source]) }
    }
    let keptAttributes: [EdgeAttributes]? =
      uniqueAttributes.contains(where: { !$0.isEmpty }) ? uniqueAttributes : nil
    self.init(nodeCount: nodeCount, sortedUniqueEdges: unique, attributes: keptAttributes,
              cleanup: cleanup)
  }

  /// Builds a graph from edges that are already sorted and unique (the fast path for generators).
  public init(nodeCount: Int, sortedUniqueEdges edges: [Edge], attributes: [EdgeAttributes]? = nil,
              cleanup: Cleanup = Cleanup()) {
    self.nodeCount = nodeCount
    self.edges = edges
    self.edgeAttributes = attributes
    self.cleanup = cleanup
    var degree = [Int](repeating: 0, count: nodeCount)
    for e in edges {
      degree[e.u] += 1
      degree[e.v] += 1
    }
    var offsets = [Int](repeating: 0, count: nodeCount + 1)
    for i in 0..<nodeCount { offsets[i + 1] = offsets[i] + degree[i] }
    var fill = Array(offsets.dropLast())
    var neighbors = [Int](repeating: 0, count: 2 * edges.count)
    var edgeIndices = [Int](repeating: 0, count: 2 * edges.count)
    // Edges sorted by (u, v) fill each row in increasing neighbour order: for row i, all
    // neighbours j < i arrive (as e.v == i) before those j > i (as e.u == i), each group sorted.
    for (k, e) in edges.enumerated() {
      neighbors[fill[e.v]] = e.u
      edgeIndices[fill[e.v]] = k
      fill[e.v] += 1
    }
    for (k, e) in edges.enumerated() {
      neighbors[fill[e.u]] = e.v
      edgeIndices[fill[e.u]] = k
      fill[e.u] += 1
    }
    self.offsets = offsets
    self.neighborIndices = neighbors
    self.edgeIndices = edgeIndices
  }

  /// Builds a graph from a set of edges (any order, no self loops).
  public init(nodeCount: Int, edgeSet: Set<Edge>) {
    self.init(nodeCount: nodeCount, sortedUniqueEdges: edgeSet.sorted())
  }

  public var edgeCount: Int { edges.count }

  /// The neighbours of `node`, in increasing order.
  @inlinable
  public func neighbors(of node: Int) -> ArraySlice<Int> {
    neighborIndices[offsets[node]..<offsets[node + 1]]
  }

  @inlinable
  public func degree(of node: Int) -> Int { offsets[node + 1] - offsets[node] }

  /// The name of `node`: its name from the file, or its index.
  public func name(of node: Int) -> String { nodeNames?[node] ?? String(node) }

  /// Whether `{a, b}` is an edge; O(log deg(a)).
  public func hasEdge(_ a: Int, _ b: Int) -> Bool { edgeIndex(a, b) != nil }

  /// The index in `edges` of `{a, b}`, if it is an edge; O(log deg(a)).
  public func edgeIndex(_ a: Int, _ b: Int) -> Int? {
    var lo = offsets[a]
    var hi = offsets[a + 1]
    while lo < hi {
      let mid = (lo + hi) / 2
      let j = neighborIndices[mid]
      if j == b { return edgeIndices[mid] }
      if j < b { lo = mid + 1 } else { hi = mid }
    }
    return nil
  }

  /// The attributes of edge number `k` (empty when the graph has none).
  public func attributes(ofEdge k: Int) -> EdgeAttributes { edgeAttributes?[k] ?? .none }

  /// Whether any edge carries a mixing weight.
  public var hasEdgeWeights: Bool { edgeAttributes?.contains { $0.weight != nil } ?? false }

  /// A copy whose edges carry `attributes` (parallel to `edges`).
  public func withEdgeAttributes(_ attributes: [EdgeAttributes]?) -> Graph {
    precondition(attributes == nil || attributes!.count == edges.count, "one record per edge")
    var g = Graph(nodeCount: nodeCount, sortedUniqueEdges: edges,
                  attributes: attributes.flatMap { $0.contains { !$0.isEmpty } ? $0 : nil },
                  cleanup: cleanup)
    g.nodeNames = nodeNames
    g.positions = positions
    g.label = label
    return g
  }

  /// Equality compares structure, names, positions, attributes and label, not the cleanup log.
  public static func == (lhs: Graph, rhs: Graph) -> Bool {
    lhs.nodeCount == rhs.nodeCount && lhs.edges == rhs.edges
      && lhs.edgeAttributes == rhs.edgeAttributes && lhs.nodeNames == rhs.nodeNames
      && lhs.positions == rhs.positions && lhs.label == rhs.label
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(nodeCount)
    hasher.combine(edges)
  }
}
