import Foundation
import GossipCore
import LinearAlgebra
import Testing
import Topology
@testable import Design

@Suite struct TopologyDesignerTests {
  /// The required links of a 160-node small-world data graph (Watts–Strogatz) split among 8 agents.
  private func requiredLinks() throws -> Graph {
    var rng = SeededGenerator(seed: 2)
    let data = try Graph.wattsStrogatz(nodes: 160, degree: 4, probability: 0.05, using: &rng)
    let parts = try GraphPartition.assign(data, agents: 8, method: .metis, using: &rng)
    return GraphPartition.requiredLinks(data, parts: parts, agents: 8)
  }

  private func design(_ base: Graph, _ kind: LinkKind = .required, sparsity: Double? = nil,
                      budget: Int = 0, weights: WeightDesign = .fmmc) throws -> TopologyDesign {
    try TopologyDesigner.design(
      base: base, baseKind: kind,
      options: DesignOptions(weights: weights, sparsity: sparsity, budget: budget, iterations: 800))
  }

  @Test func sparseDesignKeepsRequiredLinksAndIsAConsensusMatrix() throws {
    let required = try requiredLinks()
    #expect(required.edgeCount < 28, "some agent pairs must be free for extra links")
    for lambda in [0.0, 0.3, 0.6, 5] {
      let result = try design(required, sparsity: lambda)
      let graph = result.linkWeights.graph
      for e in required.edges {
        let k = try #require(graph.edgeIndex(e.u, e.v), "required link \(e) missing at λ = \(lambda)")
        #expect(result.kinds[k] == .required)
        #expect(result.linkWeights.weights[k] > 0)
      }
      #expect(result.kinds.count(where: { $0 == .required }) == required.edgeCount)
      expectConsensusMatrix(result.linkWeights.matrix, nonNegative: true)
      // Designed weights start from Metropolis on the same links and keep the best iterate.
      #expect(result.convergenceFactor <= result.supportMetropolisFactor + 1e-12)
      #expect(abs(try result.linkWeights.convergenceFactor() - result.convergenceFactor) < 1e-12)
    }
  }

  @Test func gapShrinksAsSparsityGrows() throws {
    // A path of 8 agents as required links: λ = 0 may add every missing link (C → 11ᵀ/M, gap 1);
    // a large λ adds none and gives the path's FMMC, SLEM cos(π/8) (Boyd, Diaconis & Xiao 2004).
    let path = try Graph.path(nodes: 8)
    var previous: (gap: Double, added: Int)?
    for lambda in [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 2] {
      let result = try design(path, sparsity: lambda)
      let gap = 1 - result.convergenceFactor
      let added = result.kinds.count(where: { $0 == .added })
      if let previous {
        #expect(gap <= previous.gap + 1e-3, "λ = \(lambda): gap \(gap) after \(previous.gap)")
        #expect(added <= previous.added, "λ = \(lambda): \(added) links after \(previous.added)")
      }
      previous = (gap, added)
      if lambda == 0 { #expect(gap > 0.99) }
      if lambda == 2 {
        #expect(added == 0)
        #expect(abs(result.convergenceFactor - cos(Double.pi / 8)) < 1e-3)
      }
    }
  }

  @Test func budgetClosesThePathIntoARing() throws {
    // P_n's Fiedler vector is cos(π(i + 1/2)/n): its extremes are the two ends, so the first greedy
    // link joins them (Ghosh & Boyd 2006), and the FMMC of the ring C_6 has SLEM
    // (1 + cos(π/3))/(3 − cos(π/3)) = 0.6 (uniform weights, see FastestMixingTests).
    let path = try Graph.path(nodes: 6)
    #expect(try EdgeBudget.greedyFiedler(path, budget: 1) == [Edge(0, 5)])
    let result = try design(path, .network, budget: 1)
    #expect(result.kinds.count(where: { $0 == .added }) == 1)
    #expect(abs(result.convergenceFactor - 0.6) < 1e-3)
    #expect(result.convergenceFactor <= result.supportMetropolisFactor)
    #expect(throws: ParameterError.self) { try EdgeBudget.greedyFiedler(path, budget: 11) }
  }

  @Test func greedyLinksConnectComponentsFirst() throws {
    // Two disjoint triangles: λ₂ = 0 and the Fiedler vector separates them, so the link crosses.
    let twoTriangles = Graph(nodeCount: 6, edges: [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)])
    let added = try EdgeBudget.greedyFiedler(twoTriangles, budget: 1)
    #expect(added.count == 1 && added[0].u < 3 && added[0].v >= 3)
  }

  @Test func invalidOptionsThrow() throws {
    let path = try Graph.path(nodes: 5)
    #expect(throws: ParameterError.self) { try design(path, sparsity: -1) }
    #expect(throws: ParameterError.self) { try design(path, sparsity: 0.5, budget: 1) }
    #expect(throws: ParameterError.self) { try design(Graph(nodeCount: 1, edges: [])) }
  }

  @Test func dotMarksRequiredAndAddedLinks() throws {
    let path = try Graph.path(nodes: 4)
    let result = try design(path, budget: 1)
    let (graph, _) = try TopologyFile.parse(result.dot(), format: .dot, file: "design.dot")
    #expect(graph.nodeCount == 4)
    #expect(graph.edges == result.linkWeights.graph.edges)
    for k in graph.edges.indices {
      #expect(graph.attributes(ofEdge: k).weight == result.linkWeights.weights[k])
    }
    let text = result.dot()
    #expect(text.components(separatedBy: "link=\"required\"").count - 1 == 3)
    #expect(text.contains("\"0\" -- \"3\" [weight=") && text.contains("link=\"added\", style=\"dashed\""))
  }
}
