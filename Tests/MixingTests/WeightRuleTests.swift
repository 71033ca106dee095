import Foundation
import GossipCore
import GossipTestSupport
import LinearAlgebra
import Mixing
import Testing
import Topology

/// The rules that need nothing but the graph.
let structuralRules = WeightRule.allCases.filter { $0 != .file }

/// All eigenvalues of `w` (dense LAPACK), ascending.
func eigenvalues(_ w: SparseMatrix) throws -> [Double] {
  try SymmetricEigen.eigenvalues(of: w.toDense())
}

@Suite struct WeightRuleTests {
  /// Property test over seeded random graphs (some of them disconnected for the rules that allow
  /// it): symmetric, rows and columns summing to 1, zero off the edges and the diagonal.
  @Test(arguments: 1...12)
  func everyRuleIsSymmetricDoublyStochasticWithGraphSparsity(seed: Int) throws {
    var rng = SeededGenerator(seed: UInt64(seed))
    let n = Int.random(in: 2...40, using: &rng)
    let connected = Fixture.randomConnected(n, p: Double.random(in: 0...0.3, using: &rng),
                                            seed: UInt64(seed))
    let sparse = Graph(nodeCount: n, edges: connected.edges.filter { _ in
      Bool.random(using: &rng)
    }.map { ($0.u, $0.v) })
    for graph in [connected, sparse] {
      for rule in structuralRules where rule != .bestConstant || graph == connected {
        let w = try MixingMatrix.make(graph, rule: rule).toDense()
        for i in 0..<n {
          var rowSum = 0.0
          for j in 0..<n {
            rowSum += w[i, j]
            #expect(w[i, j] == w[j, i], "\(rule): not symmetric at (\(i), \(j))")
            if i != j && !graph.hasEdge(i, j) {
              #expect(w[i, j] == 0, "\(rule): weight on the non-edge (\(i), \(j))")
            }
          }
          #expect(abs(rowSum - 1) <= 1e-12, "\(rule): row \(i) sums to \(rowSum)")
        }
        if rule != .bestConstant {  // the other rules are also non-negative
          #expect(w.storage.allSatisfy { $0 >= 0 }, "\(rule) has a negative entry")
        }
        try MixingMatrix.validate(
          try MixingMatrix.make(graph, rule: rule), against: graph, tolerance: 1e-12)
      }
    }
  }

  @Test func metropolisWeightsAreOneOverOnePlusTheLargerDegree() throws {
    let graph = Fixture.randomConnected(30, p: 0.15, seed: 5)
    let w = try MixingMatrix.make(graph, rule: .metropolis)
    for e in graph.edges {
      let larger = max(graph.neighbors(of: e.u).count, graph.neighbors(of: e.v).count)
      let expected = 1 / Double(1 + larger)
      #expect(w[e.u, e.v] == expected && w[e.v, e.u] == expected)
    }
  }

  /// ALGORITHMS.md §1.3: ‖W − 11ᵀ/n‖₂ = (λ_max − λ₂)/(λ_max + λ₂), with the closed-form λ's.
  @Test(arguments: Fixture.families.filter {
    ["hypercube Q6", "torus 7×9", "Petersen", "path 50"].contains($0.name)
  })
  func bestConstantContractionMatchesClosedForm(family: Fixture.Family) throws {
    let w = try MixingMatrix.make(family.graph, rule: .bestConstant).toDense()
    let n = family.graph.nodeCount
    var centered = w
    for k in centered.storage.indices { centered.storage[k] -= 1 / Double(n) }
    let values = try SymmetricEigen.eigenvalues(of: centered)
    let norm = max(abs(values.first!), abs(values.last!))
    let (lambda2, lambdaMax) = (family.spectrum[1], family.spectrum.last!)
    let contraction = (lambdaMax - lambda2) / (lambdaMax + lambda2)
    #expect(TestSupport.close(norm, contraction, tolerance: 1e-10), "\(norm) vs \(contraction)")
  }

  /// Laplacian and max-degree rules are `I − L/c`, so their eigenvalues are `1 − λ_k(L)/c`.
  @Test func laplacianAndMaxDegreeSpectraFollowTheLaplacianSpectrum() throws {
    for family in Fixture.families {
      let spectrum = family.spectrum
      let dMax = Double((0..<family.graph.nodeCount).map { family.graph.degree(of: $0) }.max()!)
      for (rule, scale) in [(WeightRule.laplacian, spectrum.last!), (.maxDegree, dMax + 1)] {
        let expected = spectrum.map { 1 - $0 / scale }.sorted()
        let actual = try eigenvalues(try MixingMatrix.make(family.graph, rule: rule))
        let worst = zip(actual, expected).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-10, "\(family.name), \(rule): largest eigenvalue error \(worst)")
      }
    }
  }

  @Test func lazyMetropolisEigenvaluesAreTheMetropolisOnesMovedHalfwayToOne() throws {
    for seed in 1...4 {
      let graph = Fixture.randomConnected(25, p: 0.2, seed: UInt64(seed))
      let metropolis = try eigenvalues(try MixingMatrix.make(graph, rule: .metropolis))
      let lazy = try eigenvalues(try MixingMatrix.make(graph, rule: .lazyMetropolis))
      let worst = zip(lazy, metropolis.map { (1 + $0) / 2 }).map { abs($0 - $1) }.max()!
      #expect(worst <= 1e-12)
    }
  }

  @Test func bestConstantRejectsADisconnectedGraph() {
    let twoEdges = Graph(nodeCount: 4, edges: [(0, 1), (2, 3)])
    #expect(throws: ParameterError.self) { try MixingMatrix.make(twoEdges, rule: .bestConstant) }
  }

  @Test func aGraphWithoutEdgesGetsTheIdentity() throws {
    let lonely = Graph(nodeCount: 3, edges: [])
    for rule in structuralRules where rule != .bestConstant {
      #expect(try MixingMatrix.make(lonely, rule: rule).toDense() == Matrix.identity(3))
    }
  }

  @Test func laplacianHasDegreesOnTheDiagonalAndMinusOneOnEdges() {
    let l = MixingMatrix.laplacian(Fixture.star(4)).toDense()
    #expect(l.storage == [3, -1, -1, -1, -1, 1, 0, 0, -1, 0, 1, 0, -1, 0, 0, 1])
  }
}

@Suite struct FileWeightTests {
  func withWeights(_ graph: Graph, _ weights: [Double?]) -> Graph {
    graph.withEdgeAttributes(weights.map { EdgeAttributes(weight: $0) })
  }

  @Test func validFileWeightsAreUsedAsGiven() throws {
    // Petersen is 3-regular: weight 1/4 everywhere is Metropolis; a zero weight is allowed.
    let petersen = Fixture.petersen()
    var weights = [Double?](repeating: 0.25, count: petersen.edgeCount)
    weights[0] = 0
    let w = try MixingMatrix.make(withWeights(petersen, weights), rule: .file)
    try MixingMatrix.validate(w, against: petersen, tolerance: 1e-15)
    let e = petersen.edges[0]
    #expect(w[e.u, e.v] == 0 && w[e.u, e.u] == 0.5)
    let f = petersen.edges[5]
    #expect(w[f.u, f.v] == 0.25)
  }

  @Test func weightsSummingToOneUpToRoundingGiveAZeroSelfWeight() throws {
    // A triangle with 0.5 + 0.5000000000001 at a node: accepted within 1e-9, self weight 0.
    let triangle = Fixture.ring(3)
    let weighted = withWeights(triangle, [0.5, 0.5 + 1e-13, 0.5 - 1e-13])
    let w = try MixingMatrix.make(weighted, rule: .file)
    #expect((0..<3).allSatisfy { w[$0, $0] >= 0 })
    try MixingMatrix.validate(w, against: triangle, tolerance: 1e-9)
  }

  @Test func missingWeightIsRejectedNamingTheEdge() throws {
    var graph = withWeights(Fixture.path(3), [0.5, nil])
    graph.nodeNames = ["a", "b", "c"]
    let error = try #require(throws: ParameterError.self) {
      try MixingMatrix.make(graph, rule: .file)
    }
    #expect(error.message.contains("b–c"), "\(error.message)")
  }

  @Test func weightsSummingPastOneAreRejectedNamingTheNode() throws {
    var graph = withWeights(Fixture.star(3), [0.6, 0.6])
    graph.nodeNames = ["hub", "x", "y"]
    let error = try #require(throws: ParameterError.self) {
      try MixingMatrix.make(graph, rule: .file)
    }
    #expect(error.message.contains("node hub"), "\(error.message)")
  }

  @Test(arguments: [-0.1, Double.nan, Double.infinity])
  func negativeOrNonFiniteWeightsAreRejected(weight: Double) {
    let graph = withWeights(Fixture.path(3), [0.5, weight])
    #expect(throws: ParameterError.self) { try MixingMatrix.make(graph, rule: .file) }
  }
}

@Suite struct ValidationTests {
  let path = Fixture.path(3)

  func matrix(_ rows: [[Double]]) -> SparseMatrix {
    var rowPointers = [0]
    var columns: [Int32] = []
    var values: [Double] = []
    for row in rows {
      for (j, value) in row.enumerated() where value != 0 {
        columns.append(Int32(j))
        values.append(value)
      }
      rowPointers.append(columns.count)
    }
    return SparseMatrix(rows: rows.count, columns: rows.count, rowPointers: rowPointers,
                        columnIndices: columns, values: values)
  }

  @Test func acceptsAMixingMatrix() throws {
    try MixingMatrix.validate(matrix([[0.5, 0.5, 0], [0.5, 0.25, 0.25], [0, 0.25, 0.75]]),
                              against: path, tolerance: 1e-12)
  }

  @Test func rejectsAWeightOffTheGraph() {
    #expect(throws: ParameterError.self) {
      try MixingMatrix.validate(matrix([[0.5, 0.25, 0.25], [0.25, 0.5, 0.25], [0.25, 0.25, 0.5]]),
                                against: path, tolerance: 1e-12)
    }
  }

  @Test func rejectsAnAsymmetricMatrix() {
    #expect(throws: ParameterError.self) {
      try MixingMatrix.validate(matrix([[0.5, 0.5, 0], [0.4, 0.35, 0.25], [0, 0.25, 0.75]]),
                                against: path, tolerance: 1e-12)
    }
  }

  @Test func rejectsAnEntryWhoseTransposeIsNotStored() {
    // (1, 0) is stored and (0, 1) is not: rows still sum to 1.
    let lopsided = SparseMatrix(
      rows: 3, columns: 3, rowPointers: [0, 1, 3, 5], columnIndices: [0, 0, 1, 1, 2],
      values: [1, 0.5, 0.5, 0.5, 0.5])
    #expect(throws: ParameterError.self) {
      try MixingMatrix.validate(lopsided, against: path, tolerance: 1e-12)
    }
  }

  @Test func rejectsRowsNotSummingToOne() throws {
    let error = try #require(throws: ParameterError.self) {
      try MixingMatrix.validate(matrix([[0.5, 0.5, 0], [0.5, 0.25, 0.25], [0, 0.25, 0.7]]),
                                against: path, tolerance: 1e-12)
    }
    #expect(error.message.contains("node 2"))
  }
}
