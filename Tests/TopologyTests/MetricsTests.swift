import GossipCore
import Testing

@testable import Topology

/// Components, degrees, induced subgraphs, distances and the diameter against brute force.
@Suite struct MetricsTests {
  /// Places `parts` side by side: the nodes of part k follow those of parts 0..<k.
  private func disjointUnion(_ parts: [Graph]) -> Graph {
    var pairs: [(Int, Int)] = []
    var shift = 0
    for part in parts {
      pairs += part.edges.map { ($0.u + shift, $0.v + shift) }
      shift += part.nodeCount
    }
    return Graph(nodeCount: shift, edges: pairs)
  }

  @Test func componentsOfADisjointUnion() throws {
    // ring 0…4, path 5…7, isolated 8, K4 9…12.
    let g = try disjointUnion([
      .ring(nodes: 5), .path(nodes: 3), .path(nodes: 1), .complete(nodes: 4),
    ])
    let (count, labels) = g.connectedComponents()
    #expect(count == 4)
    #expect(labels == [0, 0, 0, 0, 0, 1, 1, 1, 2, 3, 3, 3, 3])
    #expect(!g.isConnected)
    #expect(try Graph.ring(nodes: 5).isConnected)
    #expect(Graph(nodeCount: 1, edges: []).isConnected)
  }

  @Test func largestComponentPrefersTheSmallestNodeOnTies() throws {
    // path 0…2, ring 3…7, ring 8…12: the rings tie; the one holding node 3 wins.
    let g = try disjointUnion([.path(nodes: 3), .ring(nodes: 5), .ring(nodes: 5)])
    let (largest, nodes) = g.largestComponent()
    #expect(nodes == [3, 4, 5, 6, 7])
    #expect(largest.edges == (try Graph.ring(nodes: 5)).edges)
    #expect(largest.nodeNames == ["3", "4", "5", "6", "7"])
  }

  @Test func degreeStatisticsOfAStar() throws {
    #expect(
      try Graph.star(nodes: 5).degreeStatistics
        == Graph.DegreeStatistics(min: 1, max: 4, mean: 8.0 / 5))
    #expect(
      Graph(nodeCount: 0, edges: []).degreeStatistics
        == Graph.DegreeStatistics(min: 0, max: 0, mean: 0))
  }

  @Test func inducedSubgraphKeepsNamesPositionsAttributesAndLabel() {
    var g = Graph(
      nodeCount: 4, edges: [(0, 1), (1, 3), (0, 3), (2, 3)],
      attributes: [.init(weight: 0.1), .init(latency: 2), .init(bandwidth: 5), .none])
    g.nodeNames = ["a", "b", "c", "d"]
    g.positions = [Position(x: 0, y: 0), nil, Position(x: 2, y: 2), Position(x: 3, y: 3)]
    g.label = "example"
    let h = g.inducedSubgraph(nodes: [3, 1, 0])
    // New numbering: d → 0, b → 1, a → 2; kept edges b–d (0–1), a–d (0–2), a–b (1–2).
    #expect(h.nodeCount == 3)
    #expect(h.edges == [Edge(0, 1), Edge(0, 2), Edge(1, 2)])
    #expect(h.edgeAttributes == [.init(latency: 2), .init(bandwidth: 5), .init(weight: 0.1)])
    #expect(h.nodeNames == ["d", "b", "a"])
    #expect(h.positions == [Position(x: 3, y: 3), nil, Position(x: 0, y: 0)])
    #expect(h.label == "example")
    // Only the edge without attributes left: the attributes are dropped altogether.
    #expect(g.inducedSubgraph(nodes: [2, 3]).edgeAttributes == nil)
  }

  @Test func inducedSubgraphOnAPrefixKeepsTheNumbering() throws {
    let g = try Graph.ring(nodes: 6)
    #expect(g.inducedSubgraph(nodes: Array(0..<6)) == g)
    #expect(g.inducedSubgraph(nodes: [0, 1, 2]).nodeNames == nil)
  }

  @Test func breadthFirstDistancesMarkUnreachableNodes() throws {
    let g = try disjointUnion([.path(nodes: 4), .path(nodes: 2)])
    #expect(g.breadthFirstDistances(from: 1) == [1, 0, 1, 2, -1, -1])
    #expect(try Graph.ring(nodes: 7).breadthFirstDistances(from: 0) == [0, 1, 2, 3, 3, 2, 1])
  }

  /// All-pairs shortest paths by Floyd–Warshall (independent of breadth-first search).
  private func floydWarshallDiameter(_ g: Graph) -> Int {
    let n = g.nodeCount
    let infinity = Int.max / 4
    var d = [Int](repeating: infinity, count: n * n)
    for i in 0..<n { d[i * n + i] = 0 }
    for e in g.edges {
      d[e.u * n + e.v] = 1
      d[e.v * n + e.u] = 1
    }
    for k in 0..<n {
      for i in 0..<n {
        for j in 0..<n where d[i * n + k] + d[k * n + j] < d[i * n + j] {
          d[i * n + j] = d[i * n + k] + d[k * n + j]
        }
      }
    }
    return d.max()!
  }

  /// iFUB against Floyd–Warshall on 300 seeded random graphs (largest components of G(n, p) with
  /// n = 2…40 and mean degree from 1 to 6, so many are trees, long paths or dense).
  @Test func diameterMatchesFloydWarshallOnRandomGraphs() throws {
    var rng = SeededGenerator(seed: 31)
    for trial in 0..<300 {
      let n = Int.random(in: 2...40, using: &rng)
      let p = min(1, Double.random(in: 1...6, using: &rng) / Double(n - 1))
      let g = try Graph.erdosRenyi(nodes: n, probability: p, using: &rng).largestComponent().graph
      let (value, exact) = g.diameter()
      #expect(exact)
      #expect(value == floydWarshallDiameter(g), "trial \(trial): n = \(n), p = \(p)")
    }
  }

  /// iFUB against the maximum over all-pairs BFS on medium graphs of several shapes.
  @Test func diameterMatchesAllPairsBreadthFirstSearch() throws {
    var rng = SeededGenerator(seed: 8)
    let graphs: [Graph] = [
      try Graph.randomGeometric(nodes: 400, radius: 0.08, using: &rng).largestComponent().graph,
      try Graph.barabasiAlbert(nodes: 500, degree: 1, using: &rng),
      try Graph.wattsStrogatz(nodes: 400, degree: 2, probability: 0.05, using: &rng)
        .largestComponent().graph,
      try Graph.randomRegular(nodes: 500, degree: 3, using: &rng),
      try Graph.grid(rows: 7, cols: 40),
    ]
    for g in graphs {
      let allPairs = (0..<g.nodeCount).map { g.breadthFirstDistances(from: $0).max()! }.max()!
      #expect(g.diameter() == (allPairs, true))
    }
  }

  /// On grids and trees iFUB certifies the diameter with a handful of BFS: a budget of 8 searches
  /// (each costs n + 2m visits) suffices, where all-pairs BFS needs n. Closed forms: r + c − 2 for
  /// the grids; 2⌊log2 n⌋ = 18 for the binary tree on 1000 nodes (1000 ≥ 2⁹ + 2⁸).
  @Test(arguments: [
    (try Graph.grid(rows: 30, cols: 40), 68), (try Graph.grid(rows: 10, cols: 90), 98),
    (try Graph.binaryTree(nodes: 1000), 18),
  ])
  func diameterOfGridsAndTreesNeedsFewSearches(g: Graph, diameter: Int) {
    #expect(g.diameter(searchBudget: 8 * (g.nodeCount + 2 * g.edgeCount)) == (diameter, true))
  }

  /// With too small a budget, the result is a lower bound flagged inexact (a 200-cycle needs ~n/2 BFS).
  @Test func diameterOutOfBudgetIsALowerBound() throws {
    let g = try Graph.ring(nodes: 200)
    let (value, exact) = g.diameter(searchBudget: 0)
    #expect(!exact)
    #expect(value <= 100 && value >= 1)
  }
}
