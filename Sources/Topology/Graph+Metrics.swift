/// Connectivity, degrees, subgraphs, distances and the diameter.
extension Graph {
  /// The connected components: their number and, for each node, the label of its component.
  ///
  /// Labels are 0..<count, numbered in the order of each component's smallest node (so node 0 is
  /// in component 0). Breadth-first search, O(n + m).
  public func connectedComponents() -> (count: Int, labels: [Int]) {
    var labels = [Int](repeating: -1, count: nodeCount)
    var queue = [Int](repeating: 0, count: nodeCount)
    var count = 0
    for start in 0..<nodeCount where labels[start] < 0 {
      labels[start] = count
      queue[0] = start
      var head = 0
      var tail = 1
      while head < tail {
        let x = queue[head]
        head += 1
        for y in neighbors(of: x) where labels[y] < 0 {
          labels[y] = count
          queue[tail] = y
          tail += 1
        }
      }
      count += 1
    }
    return (count, labels)
  }

  /// Whether every node can reach every other; true for the graphs with zero or one node.
  public var isConnected: Bool { connectedComponents().count <= 1 }

  /// The smallest, largest and mean node degree.
  public struct DegreeStatistics: Sendable, Equatable {
    public let min: Int
    public let max: Int
    /// 2m / n.
    public let mean: Double

    public init(min: Int, max: Int, mean: Double) {
      self.min = min
      self.max = max
      self.mean = mean
    }
  }

  /// The degree statistics; all zero for the graph with no nodes.
  public var degreeStatistics: DegreeStatistics {
    guard nodeCount > 0 else { return DegreeStatistics(min: 0, max: 0, mean: 0) }
    let degrees = (0..<nodeCount).map(degree(of:))
    return DegreeStatistics(
      min: degrees.min()!, max: degrees.max()!,
      mean: 2 * Double(edgeCount) / Double(nodeCount))
  }

  /// The subgraph induced by `kept`: node `kept[i]` becomes node i, and two kept nodes are joined
  /// when they are joined here.
  ///
  /// Edge attributes, positions and the label are kept. Node names are the kept nodes' names; a
  /// graph without names gets its old indices as names, so every node can be traced back, unless
  /// `kept` is `0..<k` in order (then the numbering does not change). O(n + d log d), d the total
  /// degree of the kept nodes.
  /// - Precondition: the nodes of `kept` are distinct and in `0..<nodeCount`.
  public func inducedSubgraph(nodes kept: [Int]) -> Graph {
    var newIndex = [Int](repeating: -1, count: nodeCount)
    for (i, a) in kept.enumerated() {
      precondition(a >= 0 && a < nodeCount, "node \(a) is outside 0..<\(nodeCount)")
      precondition(newIndex[a] < 0, "node \(a) is listed twice")
      newIndex[a] = i
    }
    var tagged: [(edge: Edge, source: Int)] = []
    for (i, a) in kept.enumerated() {
      for s in offsets[a]..<offsets[a + 1] {
        let j = newIndex[neighborIndices[s]]
        if j > i { tagged.append((Edge(i, j), edgeIndices[s])) }
      }
    }
    tagged.sort { $0.edge < $1.edge }
    let attributes = edgeAttributes.map { all in tagged.map { all[$0.source] } }
    var g = Graph(
      nodeCount: kept.count, sortedUniqueEdges: tagged.map(\.edge),
      attributes: attributes.flatMap { $0.contains { !$0.isEmpty } ? $0 : nil })
    if nodeNames != nil || !kept.elementsEqual(0..<kept.count) {
      g.nodeNames = kept.map(name(of:))
    }
    g.positions = positions.map { all in kept.map { all[$0] } }
    g.label = label
    return g
  }

  /// The largest connected component as a graph, and its nodes (increasing) in this graph.
  ///
  /// Of components of equal size, the one containing the smallest node wins. O(n + m log m).
  public func largestComponent() -> (graph: Graph, nodes: [Int]) {
    let (count, labels) = connectedComponents()
    var sizes = [Int](repeating: 0, count: count)
    for label in labels { sizes[label] += 1 }
    var best = 0
    for c in sizes.indices where sizes[c] > sizes[best] { best = c }
    let nodes = (0..<nodeCount).filter { labels[$0] == best }
    return (inducedSubgraph(nodes: nodes), nodes)
  }

  /// The hop distances from `source` to every node; −1 for the nodes it cannot reach. O(n + m).
  public func breadthFirstDistances(from source: Int) -> [Int] {
    precondition(source >= 0 && source < nodeCount, "node \(source) is outside 0..<\(nodeCount)")
    var search = BreadthFirstSearch(self)
    _ = search.run(from: source)
    return search.distance
  }

  /// The diameter (the largest hop distance between two nodes) of a connected graph.
  ///
  /// iFUB (Crescenzi, Grossi, Habib, Lanzi, Marino, "On computing the diameter of real-world
  /// undirected graphs", Theor. Comput. Sci. 514, 2013, doi:10.1016/j.tcs.2012.09.018): sweeps pick
  /// a central node u and a lower bound; then the eccentricities of the nodes farthest from u,
  /// level by level, raise the lower bound while the upper bound 2·(level − 1) falls, until they
  /// meet. Exact. The sweeps are two double sweeps (a → b, the farthest node from a, and back), the
  /// second started from the node closest to both ends of the first; u is the node whose largest
  /// distance to the four sweep ends is smallest. A handful of BFS suffice on graphs with a core
  /// and tails, grids and trees; graphs whose nodes all have about the same eccentricity (cycles,
  /// tori, expanders) need about n.
  ///
  /// `searchBudget` bounds the work in node-plus-edge visits (each BFS costs n + 2m). When it runs
  /// out, the result is the best lower bound so far with `exact == false`.
  /// - Precondition: the graph is connected and has at least one node.
  public func diameter(searchBudget: Int = 200_000_000) -> (value: Int, exact: Bool) {
    precondition(nodeCount > 0 && isConnected, "the diameter is defined for connected graphs only")
    var search = BreadthFirstSearch(self)
    let maximumSearches = Swift.max(8, searchBudget / (nodeCount + 2 * edgeCount))
    var lower = 0
    // For each node, its largest distance to the sweep ends so far (a lower bound on its
    // eccentricity).
    var sweepDistance = [Int](repeating: 0, count: nodeCount)
    func run(from source: Int, isSweepEnd: Bool) -> Int {
      let (eccentricity, farthest) = search.run(from: source)
      lower = Swift.max(lower, eccentricity)
      if isSweepEnd {
        for x in 0..<nodeCount {
          sweepDistance[x] = Swift.max(sweepDistance[x], search.distance[x])
        }
      }
      return farthest
    }
    func mostCentral() -> Int {
      sweepDistance.indices.min { sweepDistance[$0] < sweepDistance[$1] }!
    }
    var start = (0..<nodeCount).max { degree(of: $0) < degree(of: $1) }!
    for _ in 0..<2 {
      let a = run(from: start, isSweepEnd: false)
      let b = run(from: a, isSweepEnd: true)
      _ = run(from: b, isSweepEnd: true)
      start = mostCentral()
    }
    let u = start
    _ = run(from: u, isSweepEnd: false)
    var searches = 7
    let order = Array(search.queue)
    let depth = search.distance
    var level = depth[order[nodeCount - 1]]
    var upper = 2 * level
    var levelEnd = nodeCount
    while upper > lower {
      var levelStart = levelEnd
      while levelStart > 0 && depth[order[levelStart - 1]] == level { levelStart -= 1 }
      for x in order[levelStart..<levelEnd] {
        guard searches < maximumSearches else { return (lower, false) }
        _ = run(from: x, isSweepEnd: false)
        searches += 1
      }
      if lower > 2 * (level - 1) { return (lower, true) }
      upper = 2 * (level - 1)
      level -= 1
      levelEnd = levelStart
    }
    return (lower, true)
  }
}

/// A breadth-first search whose buffers are reused from one source to the next.
private struct BreadthFirstSearch {
  let graph: Graph
  /// Hop distance from the last source; −1 for the nodes it did not reach.
  var distance: [Int]
  /// The nodes reached from the last source, in the order they were reached (by distance).
  var queue: [Int] = []

  init(_ graph: Graph) {
    self.graph = graph
    distance = [Int](repeating: -1, count: graph.nodeCount)
    queue.reserveCapacity(graph.nodeCount)
  }

  /// Searches from `source`; returns its eccentricity (within its component) and the last node
  /// reached.
  mutating func run(from source: Int) -> (eccentricity: Int, farthest: Int) {
    for x in queue { distance[x] = -1 }
    queue.removeAll(keepingCapacity: true)
    distance[source] = 0
    queue.append(source)
    graph.offsets.withUnsafeBufferPointer { offsets in
      graph.neighborIndices.withUnsafeBufferPointer { neighbors in
        distance.withUnsafeMutableBufferPointer { distance in
          var head = 0
          while head < queue.count {
            let x = queue[head]
            head += 1
            let next = distance[x] + 1
            for s in offsets[x]..<offsets[x + 1] {
              let y = neighbors[s]
              if distance[y] < 0 {
                distance[y] = next
                queue.append(y)
              }
            }
          }
        }
      }
    }
    let farthest = queue[queue.count - 1]
    return (distance[farthest], farthest)
  }
}
