import Algorithms
import Foundation
import GossipCore
import GossipTestSupport
import LinearAlgebra
import Problems
import Simulation
import Testing
import Topology

@Suite struct DRSTests {
  /// ε/(R L_g) of the acceptance runs, decreasing.
  static let precisions = [0.4, 0.2, 0.1]

  static func setup(_ network: Network) throws -> Setup {
    try Setup(network, kind: .l1Regression, dataset: LeastDeviations.dataset, regularization: 0)
  }

  @Test(arguments: LeastDeviations.networks)
  func reachesEpsilonWithExactCounters(network: Network) throws {
    let setup = try Self.setup(network)
    let radius = LeastDeviations.solutionNorm
    let lipschitz = setup.problem.lipschitz
    let diameter = network.graph.diameter().value
    let tau = 0.3
    var errors: [Double] = []
    for ratio in Self.precisions {
      let epsilon = ratio * radius * lipschitz
      let p = DRS.theoremParameters(
        epsilon: epsilon, radius: radius, lipschitz: lipschitz, dimension: setup.dimension,
        seed: 17)
      var context = try setup.context(tau: tau)
      let runner = try Runner(
        stop: StopRule(iterations: p.iterations), recordEvery: p.iterations,
        optimum: LeastDeviations.optimum)
      let trace = runner.run(
        DRS(p), initial: setup.origin, context: &context,
        observer: AverageObjective(problem: setup.problem))
      let last = try #require(trace.records.last)
      let error = try #require(last.suboptimality)
      #expect(error <= epsilon)
      #expect(error <= DRS.bound(p, dimension: setup.dimension))
      // Counters: K gradient calls and one reduce + broadcast (2Δ rounds, 2Δτ) per iteration.
      let t = p.iterations
      #expect(last.gradientCalls == t * p.samples)
      #expect(last.rounds == t * 2 * diameter)
      #expect(last.messages == t * 2 * (setup.agents - 1))
      let expected = Double(t) * (Double(p.samples) + 2 * Double(diameter) * tau)
      #expect(abs(last.time - expected) <= 1e-12 * expected)
      #expect(last.consensusError <= 1e-25)  // identical rows, up to the rounding of x̄
      errors.append(error)
    }
    for (a, b) in zip(errors, errors.dropFirst()) { #expect(b < a) }
  }

  /// Theorem 2's T and K: for ε/(RL_g) = 0.1 and d = 10 (d^{1/4} = 1.7783):
  /// T = ⌈200 · 1.7783⌉ = 356, K = ⌈50 / 1.7783⌉ = 29.
  @Test func theoremParametersFollowTheFormulas() {
    let p = DRS.theoremParameters(epsilon: 0.1 * 6, radius: 2, lipschitz: 3, dimension: 10, seed: 1)
    #expect(p.iterations == 356)
    #expect(p.samples == 29)
  }

  /// Every agent draws the same X_{t,k}: the generators stay equal and the sample rows are
  /// bitwise identical; another seed gives other samples.
  @Test func agentsDrawIdenticalSamples() throws {
    let network = LeastDeviations.networks[2]
    let setup = try Self.setup(network)
    func lastSamples(seed: UInt64) throws -> Matrix {
      let p = DRS.Parameters(iterations: 5, samples: 3, radius: 3, lipschitz: 1, seed: seed)
      let algorithm = DRS(p)
      var context = try setup.context()
      var state = algorithm.makeState(initial: setup.origin, context: &context)
      for _ in 0..<4 {
        algorithm.step(&state, context: &context)
        #expect(Set(state.generators).count == 1)
        let d = state.lastSample.columns
        let first = Array(state.lastSample.storage[0..<d])
        for i in 1..<state.lastSample.rows {
          #expect(Array(state.lastSample.storage[(i * d)..<((i + 1) * d)]) == first)
        }
      }
      return state.lastSample
    }
    let a = try lastSamples(seed: 5)
    let b = try lastSamples(seed: 6)
    #expect(a.storage != b.storage)
    // Standard normal draws: not all zero, finite.
    #expect(a.storage.allSatisfy(\.isFinite) && a.storage.contains { $0 != 0 })
  }

  /// α_{t+1}² = (1 − α_{t+1}) α_t² (the defining identity of the momentum sequence).
  @Test func momentumSatisfiesItsIdentity() {
    var alpha = 1.0
    for _ in 0..<50 {
      let next = DRS.nextMomentum(alpha)
      #expect(abs(next * next - (1 - next) * alpha * alpha) <= 1e-15)
      alpha = next
    }
  }
}

@Suite struct TreeAverageTests {
  /// On a 4×4 torus (diameter 4, 15 tree edges), with τ = 0.5 and d = 3: every row becomes the
  /// average; 2Δ = 8 rounds, 30 messages of 24 bytes, time 2Δτ = 4.
  @Test func averagesAndCountsOneReduceAndOneBroadcast() throws {
    let graph = try Graph.torus(rows: 4, cols: 4)
    let timeModel = try TimeModel(tau: 0.5, network: graph)
    let communicator = InProcessCommunicator(network: graph, timeModel: timeModel)
    var x = Matrix(rows: 16, columns: 3)
    for i in 0..<16 {
      for j in 0..<3 { x[i, j] = Double(i * (j + 1)) }
    }
    var y = Matrix(rows: 16, columns: 3)
    communicator.treeAverage(x, into: &y)
    for i in 0..<16 {
      // mean of i·(j + 1) over i = 0…15 is 7.5 (j + 1).
      for j in 0..<3 { #expect(abs(y[i, j] - 7.5 * Double(j + 1)) <= 1e-14) }
    }
    #expect(communicator.counters.rounds == 8)
    #expect(communicator.counters.messages == 30)
    #expect(communicator.counters.bytes == 30 * 24)
    #expect(communicator.communicationTime == 4)
  }
}
