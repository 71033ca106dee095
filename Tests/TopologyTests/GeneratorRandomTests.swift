import Foundation
import GossipCore
import Testing

@testable import Topology

/// The random generators: reproducibility for a seed, exact structural invariants, and statistics
/// against their expected values with tolerances in standard deviations.
@Suite struct GeneratorRandomTests {
  static let randomKinds: [(GeneratorKind, GeneratorParameters)] = [
    (.erdosRenyi, GeneratorParameters(nodes: 60, probability: 0.1)),
    (.randomRegular, GeneratorParameters(nodes: 60, degree: 3)),
    (.randomGeometric, GeneratorParameters(nodes: 60, radius: 0.2)),
    (.wattsStrogatz, GeneratorParameters(nodes: 60, probability: 0.2, degree: 4)),
    (.barabasiAlbert, GeneratorParameters(nodes: 60, degree: 2)),
  ]

  @Test(arguments: randomKinds)
  func sameSeedSameGraphOtherSeedOtherGraph(kind: GeneratorKind, parameters: GeneratorParameters)
    throws
  {
    var p = parameters
    p.seed = 11
    let first = try Graph.generate(kind, p)
    #expect(try Graph.generate(kind, p) == first)
    p.seed = 12
    #expect(try Graph.generate(kind, p) != first)
  }

  /// m ~ Binomial(N, p) with N = n(n − 1)/2 = 1,999,000, so the mean degree 2m/n has mean
  /// p(n − 1) = 19.99 and σ = 2·√(N p (1 − p))/n = 0.1407; tolerance 5σ. The pairs inside the
  /// first half of the nodes (N' = 499,500) hold Binomial(N', p) edges: mean 4995, σ = 70.3, 5σ.
  /// The degrees are Binomial(n − 1, p): variance (n − 1)p(1 − p) = 19.79; the sample variance over
  /// n nodes has σ ≈ √((2σ⁴ + σ²)/n) = 0.634 (normal-Poisson fourth moment), 5σ. Checked with 200
  /// `networkx.fast_gnp_random_graph(2000, 0.01)` graphs: mean degree 19.97 ± 0.135, degree
  /// variance 19.80 ± 0.594.
  @Test func erdosRenyiMeanDegree() throws {
    var rng = SeededGenerator(seed: 2024)
    let n = 2000
    let p = 0.01
    let g = try Graph.erdosRenyi(nodes: n, probability: p, using: &rng)
    #expect(abs(g.degreeStatistics.mean - 19.99) <= 5 * 0.1407)
    let firstHalf = g.edges.count { $0.v < n / 2 }
    #expect(abs(Double(firstHalf) - 4995) <= 5 * 70.3)
    let mean = g.degreeStatistics.mean
    let variance =
      (0..<n).map { pow(Double(g.degree(of: $0)) - mean, 2) }.reduce(0, +) / Double(n - 1)
    #expect(abs(variance - 19.79) <= 5 * 0.634)
  }

  @Test func erdosRenyiExtremeProbabilities() throws {
    var rng = SeededGenerator(seed: 1)
    #expect(try Graph.erdosRenyi(nodes: 30, probability: 0, using: &rng).edgeCount == 0)
    #expect(try Graph.erdosRenyi(nodes: 30, probability: 1, using: &rng).edgeCount == 435)
    #expect(try Graph.erdosRenyi(nodes: 1, probability: 0.5, using: &rng).edgeCount == 0)
  }

  /// Exactly k-regular and simple (edges strictly increasing with u < v), including k near (n − 1)/2
  /// (where the leftover stubs often need the switch repair), k > (n − 1)/2 (built as a complement),
  /// k = 0, and K_n (k = n − 1).
  @Test(arguments: [
    (1000, 4), (999, 2), (20_000, 3), (40, 19), (101, 50), (10, 7), (12, 6), (7, 6), (5, 0), (2, 1),
  ])
  func randomRegularIsRegularAndSimple(n: Int, k: Int) throws {
    for seed: UInt64 in 0..<3 {
      var rng = SeededGenerator(seed: seed)
      let g = try Graph.randomRegular(nodes: n, degree: k, using: &rng)
      #expect(g.nodeCount == n && g.edgeCount == n * k / 2)
      #expect((0..<n).allSatisfy { g.degree(of: $0) == k })
      #expect(zip(g.edges, g.edges.dropFirst()).allSatisfy { $0 < $1 })
      #expect(g.edges.allSatisfy { $0.u < $0.v })
    }
  }

  /// By symmetry between labels, a fixed pair {0, 1} is an edge of a random 3-regular graph on 10
  /// nodes with probability k/(n − 1) = 1/3. Over 300 graphs: mean 100, σ = √(300·(1/3)(2/3)) = 8.2; 5σ.
  @Test func randomRegularTreatsLabelsAlike() throws {
    var rng = SeededGenerator(seed: 5)
    var hits = 0
    for _ in 0..<300 {
      if try Graph.randomRegular(nodes: 10, degree: 3, using: &rng).hasEdge(0, 1) { hits += 1 }
    }
    #expect(abs(Double(hits) - 100) <= 5 * 8.2)
  }

  /// Edges are exactly the pairs within distance r (checked over all pairs). The expected count is
  /// n(n − 1)/2 · (πr² − 8r³/3 + r⁴/2) = 15,040.0 for n = 2000, r = 0.05; 300 simulations with
  /// numpy + scipy.spatial.cKDTree gave a standard deviation of 155; tolerance 5σ = 775.
  @Test func randomGeometricJoinsExactlyThePairsWithinTheRadius() throws {
    var rng = SeededGenerator(seed: 77)
    let n = 2000
    let r = 0.05
    let g = try Graph.randomGeometric(nodes: n, radius: r, using: &rng)
    let positions = try #require(g.positions).map { $0! }
    #expect(positions.allSatisfy { (0..<1).contains($0.x) && (0..<1).contains($0.y) })
    var within = 0
    var mismatches = 0
    for i in 0..<n {
      for j in (i + 1)..<n {
        let (dx, dy) = (positions[i].x - positions[j].x, positions[i].y - positions[j].y)
        let close = dx * dx + dy * dy <= r * r
        if close { within += 1 }
        if close != g.hasEdge(i, j) { mismatches += 1 }
      }
    }
    #expect(mismatches == 0)
    #expect(within == g.edgeCount)
    #expect(abs(Double(g.edgeCount) - 15_040.0) <= 775)
  }

  /// r ≥ √2 joins every pair of the unit square; r = 0 and a subnormal r join none.
  @Test func randomGeometricExtremeRadii() throws {
    var rng = SeededGenerator(seed: 3)
    #expect(try Graph.randomGeometric(nodes: 40, radius: 1.5, using: &rng).edgeCount == 780)
    #expect(try Graph.randomGeometric(nodes: 40, radius: 0, using: &rng).edgeCount == 0)
    #expect(try Graph.randomGeometric(nodes: 40, radius: .leastNonzeroMagnitude, using: &rng).edgeCount == 0)
  }

  /// NetworkX convention (initial star on m + 1 nodes): m(n − m) edges; checked against
  /// `networkx.barabasi_albert_graph(n, m).number_of_edges()` for (10, 1), (10, 3), (50, 5).
  /// Every later node s > m has exactly m neighbours among the nodes before it.
  @Test(arguments: [(1000, 3), (10, 1), (10, 3), (50, 5), (6, 5)])
  func barabasiAlbertEdgeCount(n: Int, m: Int) throws {
    var rng = SeededGenerator(seed: 9)
    let g = try Graph.barabasiAlbert(nodes: n, degree: m, using: &rng)
    #expect(g.edgeCount == m * (n - m))
    #expect(g.isConnected)
    for s in (m + 1)..<n { #expect(g.neighbors(of: s).count { $0 < s } == m) }
  }

  /// Rewiring keeps n·k/2 edges; p = 0 is the ring lattice. For p = 0.1 about Binomial(nk/2, p)
  /// edges are rewired: mean 200, σ = √(2000·0.1·0.9) = 13.4, so the non-lattice edges are within
  /// 6σ of 200 (a rewired edge lands back on a lattice position with probability O(k/n)).
  @Test func wattsStrogatzKeepsTheEdgeCount() throws {
    let n = 1000
    let k = 4
    func isLattice(_ e: Edge) -> Bool {
      let gap = e.v - e.u
      return gap <= k / 2 || n - gap <= k / 2
    }
    for p in [0.0, 0.1, 1.0] {
      var rng = SeededGenerator(seed: 4)
      let g = try Graph.wattsStrogatz(nodes: n, degree: k, probability: p, using: &rng)
      #expect(g.edgeCount == n * k / 2)
      let rewired = g.edges.count { !isLattice($0) }
      if p == 0 { #expect(rewired == 0) }
      if p == 0.1 { #expect(abs(Double(rewired) - 200) <= 6 * 13.4) }
    }
  }
}
