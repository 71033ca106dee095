import Foundation
import GossipCore
import LinearAlgebra
import Testing
import Topology
@testable import Design

/// Checks that `w` is symmetric with unit row sums (and non-negative when `nonNegative`) to 1e-12.
func expectConsensusMatrix(_ w: Matrix, nonNegative: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
  for i in 0..<w.rows {
    var rowSum = 0.0
    for j in 0..<w.columns {
      rowSum += w[i, j]
      #expect(w[i, j] == w[j, i], sourceLocation: sourceLocation)
      if nonNegative { #expect(w[i, j] >= -1e-12, "W[\(i),\(j)] = \(w[i, j])", sourceLocation: sourceLocation) }
    }
    #expect(abs(rowSum - 1) < 1e-12, "row \(i) sums to \(rowSum)", sourceLocation: sourceLocation)
  }
}

@Suite struct FastestMixingTests {
  private func optimize(_ graph: Graph, _ design: WeightDesign, iterations: Int = 3000) throws -> LinkWeights {
    try TopologyDesigner.optimizeWeights(
      on: graph, design: design, floors: Array(repeating: 0, count: graph.edgeCount),
      iterations: iterations)
  }

  @Test(arguments: [WeightDesign.fdla, .fmmc])
  func completeGraphReachesTheAverageInOneStep(design: WeightDesign) throws {
    // On K_n the optimum is W = 11ᵀ/n, ‖W − J‖₂ = 0 (Xiao & Boyd 2004).
    let designed = try optimize(try Graph.complete(nodes: 7), design, iterations: 50)
    #expect(try designed.convergenceFactor() < 1e-12)
  }

  @Test(arguments: [4, 6, 10])
  func pathMatchesTheFastestMixingChain(nodes n: Int) throws {
    // Boyd, Diaconis & Xiao, "Fastest mixing Markov chain on a graph", SIAM Review 46 (2004),
    // doi:10.1137/S0036144503423264: on the path P_n the FMMC has all edge weights 1/2 and
    // SLEM cos(π/n). The subgradient method gets within 1e-3 in 3000 steps.
    let designed = try optimize(try Graph.path(nodes: n), .fmmc)
    #expect(abs(try designed.convergenceFactor() - cos(Double.pi / Double(n))) < 1e-3)
    for weight in designed.weights { #expect(abs(weight - 0.5) < 0.01) }
    expectConsensusMatrix(designed.matrix, nonNegative: true)
  }

  @Test(arguments: [4, 5, 6])
  func pathFDLAOptimum(nodes n: Int) throws {
    // FDLA optimum on P_4, P_5, P_6, computed once with scipy 1.17 (Nelder–Mead on
    // ‖W(w) − J‖₂ over the n − 1 edge weights, 100–200 random starts in [−0.2, 1], xatol 1e-12):
    // 0.707106781186547, 0.809016994374947, 0.866025403786522, i.e. cos(π/n) as for the FMMC.
    let pinned = [4: 0.707106781186547, 5: 0.809016994374947, 6: 0.866025403786522]
    let designed = try optimize(try Graph.path(nodes: n), .fdla)
    #expect(abs(try designed.convergenceFactor() - pinned[n]!) < 1e-3)
  }

  @Test(arguments: [WeightDesign.fdla, .fmmc])
  func evenRingMatchesTheUniformOptimum(design: WeightDesign) throws {
    // Ring C_n, n even: the problem is invariant under rotations and reflections and convex, so
    // some optimum has one weight w on every edge; W = I − wL has eigenvalues
    // 1 − 2w(1 − cos(2πk/n)), the SLEM is max(1 − 2w(1 − cos(2π/n)), 4w − 1), minimized at
    // w = 1/(3 − cos(2π/n)) with value (1 + cos(2π/n))/(3 − cos(2π/n)) (0.744521 for n = 8).
    let n = 8
    let c = cos(2 * Double.pi / Double(n))
    let designed = try optimize(try Graph.ring(nodes: n), design)
    #expect(abs(try designed.convergenceFactor() - (1 + c) / (3 - c)) < 1e-3)
  }

  @Test func neverWorseThanMetropolis() throws {
    var rng = SeededGenerator(seed: 4)
    let graphs = [
      try Graph.erdosRenyi(nodes: 15, probability: 0.25, using: &rng),
      try Graph.barbell(nodes: 10),
      try Graph.star(nodes: 9),
      try Graph.grid(rows: 3, cols: 4),
    ]
    for graph in graphs where graph.isConnected {
      let metropolis = try LinkWeights.metropolis(graph).convergenceFactor()
      for design in WeightDesign.allCases {
        let designed = try optimize(graph, design, iterations: 300)
        let factor = try designed.convergenceFactor()
        #expect(factor <= metropolis + 1e-12, "\(design): \(factor) > Metropolis \(metropolis)")
        expectConsensusMatrix(designed.matrix, nonNegative: design == .fmmc)
      }
    }
  }

  @Test func eigenvectorsOfThePathLaplacian() throws {
    // P_n's Laplacian: λ_k = 2 − 2cos(πk/n), eigenvector (cos(πk(i + 1/2)/n))_i, k = 0…n−1.
    let n = 7
    let laplacian = try Graph.path(nodes: n)
    var l = Matrix(rows: n, columns: n)
    for e in laplacian.edges {
      l[e.u, e.v] = -1
      l[e.v, e.u] = -1
      l[e.u, e.u] += 1
      l[e.v, e.v] += 1
    }
    let eigen = try SymmetricEigen.decomposition(of: l)
    for k in 0..<n {
      #expect(abs(eigen.values[k] - (2 - 2 * cos(Double.pi * Double(k) / Double(n)))) < 1e-12)
      let expected = (0..<n).map { cos(Double.pi * Double(k) * (Double($0) + 0.5) / Double(n)) }
      let norm = expected.reduce(0) { $0 + $1 * $1 }.squareRoot()
      let v = eigen.vector(k)
      let alignment = zip(v, expected).reduce(0) { $0 + $1.0 * $1.1 } / norm
      #expect(abs(abs(alignment) - 1) < 1e-10, "eigenvector \(k)")
    }
  }
}
