import Algorithms
import Experiments
import Foundation
import LinearAlgebra
import Problems
import Simulation
import Testing
import Topology

/// Case (a) of the dual accelerated method = SSDA (ALGORITHMS.md §3.2, §3.9 tests 5–7, 11, 12).
@Suite struct SSDATests {
  /// H = diag(1, 2.5, 5, 10): κ = 10.
  static let diagonal = [1.0, 2.5, 5, 10]

  @Test func ringContractsAtTheDualRate() throws {
    let ridge = try DiagonalRidge(agents: 20, diagonal: Self.diagonal)
    let network = try LaplacianNetwork(Graph.ring(nodes: 20))
    // χ(ring 20) = (2 − 2cos(2π·10/20))/(2 − 2cos(2π/20)) = 40.86
    // (closed form, ALGORITHMS.md §3.7).
    #expect(abs(network.chi - 4 / (2 - 2 * cos(2 * Double.pi / 20))) < 1e-9)
    let oracle = try ProblemDualOracle(problem: ridge.problem)
    #expect(abs(oracle.strongConvexity - 1) < 1e-12 && abs(oracle.smoothness - 10) < 1e-12)
    let algorithm = SSDA.make(
      oracle: oracle, gossip: network.laplacian, lambdaMax: network.lambdaMax,
      smallestPositiveEigenvalue: network.lambdaSmallest)
    let q = 1 - 1 / (ridge.kappa * network.chi).squareRoot()
    var worstSum = 0.0
    let e = try errors(
      algorithm, network: network, objectives: ProblemObjectives(problem: ridge.problem),
      optimum: ridge.optimum, iterations: 700
    ) { state in
      for j in 0..<4 {
        worstSum = max(worstSum, abs((0..<20).reduce(0.0) { $0 + state.z[$1, j] }))
      }
    }
    let rate = fittedContraction(e, from: 100, to: 400)
    #expect(abs((1 - rate) / (1 - q) - 1) <= 0.05)
    #expect(e.min()! <= 1e-10)
    #expect(worstSum <= 1e-10)
  }

  @Test func completeGraphHasTheCentralizedDualRate() throws {
    let ridge = try DiagonalRidge(agents: 8, diagonal: Self.diagonal)
    let network = try LaplacianNetwork(Graph.complete(nodes: 8))
    // The Laplacian of K₈ has every non-zero eigenvalue 8: χ = 1, q = 1 − 1/√κ.
    #expect(abs(network.chi - 1) < 1e-12)
    let algorithm = DualAccelerated(
      oracle: try ProblemDualOracle(problem: ridge.problem), interaction: network.interaction)
    let e = try errors(
      algorithm, network: network, objectives: ProblemObjectives(problem: ridge.problem),
      optimum: ridge.optimum, iterations: 60)
    let q = 1 - 1 / ridge.kappa.squareRoot()
    let rate = fittedContraction(e, from: 10, to: 40)
    #expect(abs((1 - rate) / (1 - q) - 1) <= 0.05)
  }

  /// Scaman et al.'s SSDA recursion written out densely here, with its own closed-form oracle
  /// θᵢ = H⁻¹(cᵢ + xᵢ): xₜ₊₁ = (1 + μ)yₜ₊₁ − μyₜ, yₜ₊₁ = xₜ − η L θₜ, η = α/λ₁,
  /// μ = (√κ − √γ)/(√κ + √γ).
  @Test func caseAIsSSDAIterateByIterate() throws {
    let n = 10
    let ridge = try DiagonalRidge(agents: n, diagonal: Self.diagonal, seed: 9)
    // A ring of 10 with one chord, as in ALGORITHMS.md §3.9 test 6.
    let graph = Graph(
      nodeCount: n, edges: (0..<n).map { ($0, ($0 + 1) % n) } + [(0, 5)])
    let network = try LaplacianNetwork(graph)
    let algorithm = DualAccelerated(
      oracle: try ProblemDualOracle(problem: ridge.problem), interaction: network.interaction)
    let d = Self.diagonal.count
    let problem = ridge.problem
    let linear: [[Double]] = (0..<n).map { i in
      (0..<d).map { j in ridge.linearTerm(agent: i, feature: j) }
    }
    let laplacian = network.laplacian.toDense()
    let alpha = Self.diagonal.min()!
    let kappa = ridge.kappa
    let gamma = network.lambdaSmallest / network.lambdaMax
    let eta = alpha / network.lambdaMax
    let mu = (kappa.squareRoot() - gamma.squareRoot()) / (kappa.squareRoot() + gamma.squareRoot())
    var x = Matrix(rows: n, columns: d)
    var y = Matrix(rows: n, columns: d)
    var context = try network.context(objectives: ProblemObjectives(problem: problem))
    var state = algorithm.makeState(initial: Matrix(rows: n, columns: d), context: &context)
    var largest = 0.0
    for _ in 0..<50 {
      var theta = Matrix(rows: n, columns: d)
      for i in 0..<n {
        for j in 0..<d { theta[i, j] = (linear[i][j] + x[i, j]) / Self.diagonal[j] }
      }
      algorithm.step(&state, context: &context)
      for i in 0..<n { for j in 0..<d { largest = max(largest, abs(state.x[i, j] - theta[i, j])) } }
      let mixed = laplacian.multiplied(by: theta)
      var next = Matrix(rows: n, columns: d)
      for k in 0..<(n * d) { next.storage[k] = x.storage[k] - eta * mixed.storage[k] }
      for k in 0..<(n * d) { x.storage[k] = (1 + mu) * next.storage[k] - mu * y.storage[k] }
      y = next
    }
    #expect(largest <= 1e-12)
    #expect(context.communicator.counters.rounds == 50)
    #expect(context.gradientCalls == 50)
  }

  /// ALGORITHMS.md §3.6 / §3.9 test 12: path of 30, κ = 50, χ = 364, K = ⌊√χ⌋ = 19; the spec's
  /// numpy check needed 2142 plain iterations and 144 Chebyshev ones to reach 1e-8.
  @Test func msdaNeedsFarFewerIterations() throws {
    let ridge = try DiagonalRidge(agents: 30, diagonal: [1, 5, 20, 50])
    let network = try LaplacianNetwork(Graph.path(nodes: 30))
    // χ(path 30) = (2 − 2cos(29π/30))/(2 − 2cos(π/30)) (closed form, ALGORITHMS.md §3.7).
    #expect(
      abs(network.chi / ((2 - 2 * cos(29 * Double.pi / 30)) / (2 - 2 * cos(Double.pi / 30))) - 1)
        < 1e-9)
    let oracle = try ProblemDualOracle(problem: ridge.problem)
    let objectives = ProblemObjectives(problem: ridge.problem)
    func iterationsTo(_ algorithm: DualAccelerated<ProblemDualOracle>, _ limit: Int) throws -> Int?
    {
      let e = try errors(
        algorithm, network: network, objectives: objectives, optimum: ridge.optimum,
        iterations: limit)
      return e.firstIndex { $0 <= 1e-8 }.map { $0 + 1 }
    }
    let ssda = SSDA.make(
      oracle: oracle, gossip: network.laplacian, lambdaMax: network.lambdaMax,
      smallestPositiveEigenvalue: network.lambdaSmallest)
    let msda = MSDA.make(
      oracle: oracle, gossip: network.laplacian, lambdaMax: network.lambdaMax,
      smallestPositiveEigenvalue: network.lambdaSmallest)
    #expect(msda.interaction.rounds == 19)
    let plain = try #require(try iterationsTo(ssda, 4000))
    let chebyshev = try #require(try iterationsTo(msda, 400))
    #expect(plain >= 10 * chebyshev)
    // χ(P_K) ≤ ((1 + c₁ᴷ)/(1 − c₁ᴷ))² (ALGORITHMS.md §1.5).
    #expect(msda.interaction.condition < 2.5)
    var context = try network.context(objectives: objectives)
    var state = msda.makeState(initial: Matrix(rows: 30, columns: 4), context: &context)
    for _ in 0..<7 { msda.step(&state, context: &context) }
    #expect(context.communicator.counters.rounds == 7 * 19)
    #expect(context.gradientCalls == 7)
  }

  /// γ = 1 (K₆ with its Laplacian): P_K(W) = W/λ₁, one round, and MSDA takes SSDA's steps.
  @Test func msdaOnACompleteGraphIsSSDA() throws {
    let ridge = try DiagonalRidge(agents: 6, diagonal: Self.diagonal)
    let network = try LaplacianNetwork(Graph.complete(nodes: 6))
    let oracle = try ProblemDualOracle(problem: ridge.problem)
    let objectives = ProblemObjectives(problem: ridge.problem)
    let args = (network.laplacian, network.lambdaMax, network.lambdaSmallest)
    let plain = try errors(
      SSDA.make(
        oracle: oracle, gossip: args.0, lambdaMax: args.1, smallestPositiveEigenvalue: args.2),
      network: network, objectives: objectives, optimum: ridge.optimum, iterations: 30)
    let multi = try errors(
      MSDA.make(
        oracle: oracle, gossip: args.0, lambdaMax: args.1, smallestPositiveEigenvalue: args.2),
      network: network, objectives: objectives, optimum: ridge.optimum, iterations: 30)
    for (a, b) in zip(plain, multi) { #expect(abs(a - b) <= 1e-12) }
  }
}
