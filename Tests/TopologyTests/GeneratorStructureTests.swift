import GossipCore
import Testing

@testable import Topology

/// The deterministic generators against closed forms: node and edge counts, degree sequences,
/// diameters and defining adjacency rules.
@Suite struct GeneratorStructureTests {
  /// Every degree of `g`, sorted.
  private func degrees(_ g: Graph) -> [Int] { (0..<g.nodeCount).map(g.degree(of:)).sorted() }

  @Test(arguments: [3, 4, 5, 10, 11])
  func ringIsTheCycle(n: Int) throws {
    let g = try Graph.ring(nodes: n)
    #expect(g.nodeCount == n && g.edgeCount == n)
    #expect(degrees(g) == Array(repeating: 2, count: n))
    for i in 0..<n { #expect(g.hasEdge(i, (i + 1) % n)) }
    #expect(g.diameter() == (n / 2, true))
  }

  @Test(arguments: [1, 2, 3, 9])
  func pathHasDiameterNMinusOne(n: Int) throws {
    let g = try Graph.path(nodes: n)
    #expect(g.nodeCount == n && g.edgeCount == n - 1)
    for i in 0..<(n - 1) { #expect(g.hasEdge(i, i + 1)) }
    #expect(g.diameter() == (n - 1, true))
  }

  @Test(arguments: [3, 4, 8])
  func starHasOneHubAndDiameterTwo(n: Int) throws {
    let g = try Graph.star(nodes: n)
    #expect(g.edgeCount == n - 1)
    #expect(degrees(g) == Array(repeating: 1, count: n - 1) + [n - 1])
    #expect(g.degree(of: 0) == n - 1)
    #expect(g.diameter() == (2, true))
  }

  @Test(arguments: [1, 2, 5, 12])
  func completeHasAllPairs(n: Int) throws {
    let g = try Graph.complete(nodes: n)
    #expect(g.edgeCount == n * (n - 1) / 2)
    #expect(degrees(g) == Array(repeating: n - 1, count: n))
    #expect(g.diameter() == (n == 1 ? 0 : 1, true))
  }

  @Test(arguments: [(1, 1), (1, 5), (2, 3), (4, 4), (3, 7)])
  func gridCountsAndDiameter(rows: Int, cols: Int) throws {
    let g = try Graph.grid(rows: rows, cols: cols)
    #expect(g.nodeCount == rows * cols)
    #expect(g.edgeCount == 2 * rows * cols - rows - cols)
    #expect(g.diameter() == (rows + cols - 2, true))
    // Node r·cols + c sits at (c, r) and is joined to its right and lower neighbours.
    for r in 0..<rows {
      for c in 0..<cols {
        let i = r * cols + c
        #expect(g.positions?[i] == Position(x: Double(c), y: Double(r)))
        if c + 1 < cols { #expect(g.hasEdge(i, i + 1)) }
        if r + 1 < rows { #expect(g.hasEdge(i, i + cols)) }
      }
    }
  }

  @Test(arguments: [(3, 3), (3, 4), (4, 6), (5, 7)])
  func torusIsFourRegularWithClosedFormDiameter(rows: Int, cols: Int) throws {
    let g = try Graph.torus(rows: rows, cols: cols)
    #expect(g.nodeCount == rows * cols && g.edgeCount == 2 * rows * cols)
    #expect(degrees(g) == Array(repeating: 4, count: rows * cols))
    #expect(g.diameter() == (rows / 2 + cols / 2, true))
  }

  @Test(arguments: [1, 2, 3, 6])
  func hypercubeJoinsWordsThatDifferInOneBit(d: Int) throws {
    let g = try Graph.hypercube(dimension: d)
    #expect(g.nodeCount == 1 << d)
    #expect(g.edgeCount == d << (d - 1))
    #expect(degrees(g) == Array(repeating: d, count: 1 << d))
    #expect(g.edges.allSatisfy { ($0.u ^ $0.v).nonzeroBitCount == 1 })
    #expect(g.diameter() == (d, true))
  }

  /// For n = 2^τ the offsets ±1, ±2, …, ±2^(τ−1) are 2τ − 1 distinct residues (2^(τ−1) = −2^(τ−1)).
  @Test(arguments: [2, 4, 8, 16])
  func exponentialGraphOnPowerOfTwo(n: Int) throws {
    let tau = n.trailingZeroBitCount
    let g = try Graph.exponential(nodes: n)
    #expect(degrees(g) == Array(repeating: 2 * tau - 1, count: n))
    #expect(g.edgeCount == n * (2 * tau - 1) / 2)
  }

  /// Hand-computed offsets: n = 12: {±1, ±2, ±4, ±8} mod 12 = {1, 2, 4, 8, 10, 11};
  /// n = 10: {±1, ±2, ±4, ±8} mod 10 = {1, 2, 4, 6, 8, 9}; n = 5: {±1, ±2, ±4} mod 5 = {1, 2, 3, 4}.
  @Test(arguments: [(12, [1, 2, 4, 8, 10, 11]), (10, [1, 2, 4, 6, 8, 9]), (5, [1, 2, 3, 4])])
  func exponentialGraphOffsets(n: Int, offsets: [Int]) throws {
    let g = try Graph.exponential(nodes: n)
    for i in 0..<n {
      #expect(Array(g.neighbors(of: i)) == offsets.map { (i + $0) % n }.sorted())
    }
  }

  /// n = 8 (τ = 3): offset 1 is the 8-cycle, offset 2 two 4-cycles, offset 4 a perfect matching,
  /// and round 3 repeats round 0. n = 6 (τ = 3), round 2: offset 4, i.e. the two triangles {0,2,4}, {1,3,5}.
  @Test(arguments: [
    (8, 0, 8, 1, 2), (8, 1, 8, 2, 2), (8, 2, 4, 4, 1), (8, 3, 8, 1, 2), (6, 2, 6, 2, 2),
    (2, 0, 1, 1, 1),
  ])
  func onePeerExponentialRounds(n: Int, round: Int, edges: Int, components: Int, degree: Int) throws
  {
    let g = try Graph.onePeerExponential(nodes: n, round: round)
    #expect(g.edgeCount == edges)
    #expect(g.connectedComponents().count == components)
    #expect(degrees(g) == Array(repeating: degree, count: n))
  }

  /// Depth h = ⌊log2 n⌋; diameter 2h when the last level reaches the root's right subtree
  /// (n ≥ 2^h + 2^(h−1)), else 2h − 1. Hand-checked: n = 5 → 3 (3–1–0–2), n = 6 → 4 (3–1–0–2–5).
  @Test(arguments: [(1, 0), (2, 1), (3, 2), (5, 3), (6, 4), (7, 4), (15, 6), (16, 7)])
  func binaryTreeIsAHeap(n: Int, diameter: Int) throws {
    let g = try Graph.binaryTree(nodes: n)
    #expect(g.edgeCount == n - 1)
    #expect(g.isConnected)
    for i in 1..<max(1, n) { #expect(g.hasEdge(i, (i - 1) / 2)) }
    #expect(g.diameter() == (diameter, true))
  }

  /// Cliques of ⌊n/2⌋ and ⌈n/2⌉ nodes: C(a,2) + C(b,2) + 1 edges, diameter 3.
  @Test(arguments: [(4, 3), (7, 10), (10, 21)])
  func barbellIsTwoCliquesAndABridge(n: Int, edges: Int) throws {
    let g = try Graph.barbell(nodes: n)
    let a = n / 2
    #expect(g.edgeCount == edges)
    #expect(g.hasEdge(a - 1, a))
    let left = g.inducedSubgraph(nodes: Array(0..<a))
    let right = g.inducedSubgraph(nodes: Array(a..<n))
    #expect(left.edgeCount == a * (a - 1) / 2)
    #expect(right.edgeCount == (n - a) * (n - a - 1) / 2)
    #expect(g.diameter() == (3, true))
  }

  /// The Petersen graph is the strongly regular graph srg(10, 3, 0, 1): adjacent nodes share no
  /// neighbour (no triangles), non-adjacent nodes share exactly one (no 4-cycles, diameter 2),
  /// hence girth 5.
  @Test func petersenIsStronglyRegular() {
    let g = Graph.petersen()
    #expect(g.nodeCount == 10 && g.edgeCount == 15)
    #expect(degrees(g) == Array(repeating: 3, count: 10))
    for a in 0..<10 {
      for b in (a + 1)..<10 {
        let common = Set(g.neighbors(of: a)).intersection(g.neighbors(of: b)).count
        #expect(common == (g.hasEdge(a, b) ? 0 : 1), "nodes \(a), \(b)")
      }
    }
    #expect(g.diameter() == (2, true))
  }

  @Test func generateDispatchesByKind() throws {
    #expect(
      try Graph.generate(.torus, GeneratorParameters(rows: 3, cols: 4))
        == Graph.torus(rows: 3, cols: 4))
    #expect(try Graph.generate(.petersen, GeneratorParameters()) == Graph.petersen())
    #expect(
      try Graph.generate(.onePeerExponential, GeneratorParameters(nodes: 8))
        == Graph.onePeerExponential(nodes: 8, round: 0))
    #expect(GeneratorKind(rawValue: "erdos-renyi") == .erdosRenyi)
    // Random kinds draw from SeededGenerator(seed: p.seed).
    var rng = SeededGenerator(seed: 5)
    #expect(
      try Graph.generate(.erdosRenyi, GeneratorParameters(nodes: 50, probability: 0.1, seed: 5))
        == Graph.erdosRenyi(nodes: 50, probability: 0.1, using: &rng))
  }

  /// `gossip list generators` prints the summaries: each names every parameter its generator takes.
  @Test(arguments: GeneratorKind.allCases)
  func summaryNamesTheParameters(kind: GeneratorKind) {
    for name in kind.parameterNames { #expect(kind.summary.contains("--\(name)")) }
  }
}
