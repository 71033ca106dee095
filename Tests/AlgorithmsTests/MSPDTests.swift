import Algorithms
import Experiments
import Foundation
import GossipCore
import GossipTestSupport
import LinearAlgebra
import Mixing
import Problems
import Simulation
import Testing
import Topology

/// The L1-regression instance of the MSPD and DRS tests: datasets/l1_regression.svm (200 × 10),
/// F(x) = (1/N) Σ_s |a_sᵀx − b_s| split iid over the agents.
enum LeastDeviations {
  static let dataset = try! LIBSVM.read(
    path: TestSupport.repositoryRoot.appendingPathComponent("datasets/l1_regression.svm").path)

  /// F* and ‖x*‖, from scipy.optimize.linprog (HiGHS) on the LP min (1/N) Σ u_s,
  /// u ≥ Ax − b, u ≥ b − Ax; F* does not depend on the partition.
  static let optimum = 0.6458549548302607
  static let solutionNorm = 2.865911511192705

  /// The networks of the acceptance tests: a ring, a torus and a Topology Zoo network.
  static let networks: [Network] = Network.all.filter {
    ["ring-16", "torus-4x4", "abilene"].contains($0.name)
  }
}

/// W = I − W_mix and its extreme non-zero eigenvalues, from LAPACK on the dense matrix.
struct GossipFixture {
  let matrix: SparseMatrix
  /// [λₙ₋₁(W), λ₁(W)].
  let spectrum: ClosedRange<Double>

  init(_ network: Network) throws {
    matrix = MSPD.gossipMatrix(mixing: network.mixing)
    let values = try SymmetricEigen.eigenvalues(of: matrix.toDense())  // ascending, values[0] ≈ 0
    spectrum = values[1]...values[values.count - 1]
  }

  /// Δ̃ = 1/√γ(W).
  var mixingTime: Double { 1 / (spectrum.lowerBound / spectrum.upperBound).squareRoot() }
}

/// fᵢ scaled by c: gradients c·∇fᵢ.
struct ScaledObjectives: LocalObjectives {
  let base: any LocalObjectives
  let factor: Double

  var agentCount: Int { base.agentCount }
  var dimension: Int { base.dimension }
  var maximumLocalSmoothness: Double { factor * base.maximumLocalSmoothness }
  var strongConvexity: Double { factor * base.strongConvexity }
  var isSmooth: Bool { base.isSmooth }

  var gradientWork: Int { base.gradientWork }

  func gradients(
    rows: Range<Int>, at x: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>
  ) {
    base.gradients(rows: rows, at: x, into: g)
    for k in (rows.lowerBound * dimension)..<(rows.upperBound * dimension) { g[k] *= factor }
  }
}

@Suite struct MSPDTests {
  /// ε/(R L_ℓ) of the acceptance runs, decreasing.
  static let precisions = [0.4, 0.2, 0.1]

  struct Outcome {
    let epsilon: Double
    let error: Double
    let theorem18: Double
    let trace: Trace
    let parameters: MSPD.Parameters
  }

  static func quadraticMean(_ values: [Double]) -> Double {
    (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
  }

  /// Runs MSPD (journal parameters) for every precision on `network`.
  static func journalRuns(_ network: Network) throws -> [Outcome] {
    let setup = try Setup(
      network, kind: .l1Regression, dataset: LeastDeviations.dataset,
      regularization: 0)
    let gossip = try GossipFixture(network)
    let radius = LeastDeviations.solutionNorm
    let lipschitz = quadraticMean(setup.problem.localLipschitz)
    return try precisions.map { ratio in
      let epsilon = ratio * radius * lipschitz
      let p = MSPD.journalParameters(
        epsilon: epsilon, radius: radius, lipschitz: lipschitz, agents: setup.agents,
        gossipSpectrum: gossip.spectrum)
      let algorithm = MSPD(gossip: gossip.matrix, gossipSpectrum: gossip.spectrum, parameters: p)
      let trace = try setup.run(
        algorithm, optimum: LeastDeviations.optimum, iterations: p.iterations,
        recordEvery: p.iterations)
      // Theorem 18: R L_ℓ (Δ̃/T + 1/(M Δ̃)).
      let delta = gossip.mixingTime
      let theorem18 =
        radius * lipschitz * (delta / Double(p.iterations) + 1 / (Double(p.innerSteps) * delta))
      return Outcome(
        epsilon: epsilon, error: try #require(trace.records.last?.suboptimality),
        theorem18: theorem18, trace: trace, parameters: p)
    }
  }

  @Test(arguments: LeastDeviations.networks)
  func journalReachesEpsilonUnderTheorem18(network: Network) throws {
    let outcomes = try Self.journalRuns(network)
    for o in outcomes {
      #expect(o.error <= o.epsilon, "ε = \(o.epsilon)")
      #expect(o.error <= o.theorem18, "ε = \(o.epsilon)")
      // Counters: T rounds, T·M gradient calls per agent, time T·M + T·τ (τ = 0 here).
      let last = try #require(o.trace.records.last)
      #expect(last.iteration == o.parameters.iterations)
      #expect(last.rounds == o.parameters.iterations)
      #expect(last.gradientCalls == o.parameters.iterations * o.parameters.innerSteps)
    }
    for (a, b) in zip(outcomes, outcomes.dropFirst()) { #expect(b.error < a.error) }
  }

  @Test(arguments: LeastDeviations.networks)
  func acceleratedReachesEpsilon(network: Network) throws {
    let setup = try Setup(
      network, kind: .l1Regression, dataset: LeastDeviations.dataset,
      regularization: 0)
    let gossip = try GossipFixture(network)
    let chebyshev = ChebyshevGossip(
      gossip: gossip.matrix, lambdaMax: gossip.spectrum.upperBound,
      smallestPositiveEigenvalue: gossip.spectrum.lowerBound)
    let radius = LeastDeviations.solutionNorm
    let lipschitz = Self.quadraticMean(setup.problem.localLipschitz)
    var errors: [Double] = []
    for ratio in Self.precisions {
      let epsilon = ratio * radius * lipschitz
      let p = MSPD.acceleratedParameters(
        epsilon: epsilon, radius: radius, lipschitz: lipschitz, agents: setup.agents,
        chebyshev: chebyshev)
      let algorithm = MSPD(
        gossip: gossip.matrix, gossipSpectrum: gossip.spectrum, parameters: p,
        accelerated: chebyshev)
      let trace = try setup.run(
        algorithm, optimum: LeastDeviations.optimum, iterations: p.iterations,
        recordEvery: p.iterations)
      let last = try #require(trace.records.last)
      let error = try #require(last.suboptimality)
      #expect(error <= epsilon)
      #expect(
        error
          <= MSPD.bound(
            p, radius: radius, lipschitz: lipschitz, agents: setup.agents,
            spectrum: chebyshev.spectrumBounds))
      #expect(last.rounds == p.iterations * chebyshev.rounds)
      #expect(last.gradientCalls == p.iterations * p.innerSteps)
      errors.append(error)
    }
    for (a, b) in zip(errors, errors.dropFirst()) { #expect(b < a) }
  }

  /// Time = T·M + T·τ (journal) and T·M + T·K·τ (Chebyshev), with τ = 0.7.
  @Test func timeSeparatesComputationFromCommunication() throws {
    let network = LeastDeviations.networks[0]
    let setup = try Setup(
      network, kind: .l1Regression, dataset: LeastDeviations.dataset,
      regularization: 0)
    let gossip = try GossipFixture(network)
    let chebyshev = ChebyshevGossip(
      gossip: gossip.matrix, lambdaMax: gossip.spectrum.upperBound,
      smallestPositiveEigenvalue: gossip.spectrum.lowerBound)
    let tau = 0.7
    for accelerated in [nil, chebyshev] {
      let lambdaMax = accelerated?.spectrumBounds.upperBound ?? gossip.spectrum.upperBound
      let p = MSPD.Parameters(
        iterations: 13, innerSteps: 5, primalStep: 2,
        dualStep: 1 / (2 * lambdaMax))
      var context = try setup.context(tau: tau)
      let algorithm = MSPD(
        gossip: gossip.matrix, gossipSpectrum: gossip.spectrum, parameters: p,
        accelerated: accelerated)
      var state = algorithm.makeState(initial: setup.origin, context: &context)
      for _ in 0..<13 { algorithm.step(&state, context: &context) }
      let rounds = 13 * (accelerated?.rounds ?? 1)
      #expect(context.gradientCalls == 65)
      #expect(context.communicator.counters.rounds == rounds)
      #expect(abs(context.time - (65 + Double(rounds) * tau)) <= 1e-12 * context.time)
    }
  }

  /// σηλ₁ = 1 exactly with the journal σ, and ≤ 1 with the accelerated (safe) σ, where λ₁(P_K)
  /// is the largest eigenvalue of the dense P_K(W) (P_K applied to the identity).
  @Test(arguments: LeastDeviations.networks)
  func stepConditionHolds(network: Network) throws {
    let gossip = try GossipFixture(network)
    let n = network.graph.nodeCount
    let journal = MSPD.journalParameters(
      epsilon: 0.1, radius: 2, lipschitz: 3, agents: n, gossipSpectrum: gossip.spectrum)
    #expect(abs(journal.dualStep * journal.primalStep * gossip.spectrum.upperBound - 1) <= 1e-12)

    let chebyshev = ChebyshevGossip(
      gossip: gossip.matrix, lambdaMax: gossip.spectrum.upperBound,
      smallestPositiveEigenvalue: gossip.spectrum.lowerBound)
    let accelerated = MSPD.acceleratedParameters(
      epsilon: 0.1, radius: 2, lipschitz: 3, agents: n, chebyshev: chebyshev)
    var identity = Matrix(rows: n, columns: n)
    for i in 0..<n { identity[i, i] = 1 }
    var pk = Matrix(rows: n, columns: n)
    var workspace = ChebyshevGossip.Workspace(rows: n, columns: n)
    let timeModel = try TimeModel(tau: 0, network: network.graph)
    let setup = try Setup(
      network, kind: .l1Regression, dataset: LeastDeviations.dataset,
      regularization: 0)
    let context = SimulationContext(
      communicator: InProcessCommunicator(network: network.graph, timeModel: timeModel),
      objectives: setup.objectives, timeModel: timeModel)
    chebyshev.apply(identity, into: &pk, workspace: &workspace, context: context)
    let lambdaMax = try SymmetricEigen.eigenvalues(of: pk).last!
    let product = accelerated.dualStep * accelerated.primalStep * lambdaMax
    #expect(product <= 1 + 1e-12)
    // The transcribed σ = (1/η)(1 + c₁²ᴷ)/(1 − c₁ᴷ)² would exceed 1 (ALGORITHMS.md §2.4).
    let ck = Foundation.pow(chebyshev.c1, Double(chebyshev.rounds))
    #expect((1 + ck * ck) / ((1 - ck) * (1 - ck)) * lambdaMax > 1)
  }

  /// Building MSPD with σηλ₁ > 1 is a programmer error (precondition).
  @Test func constructionRefusesALargeDualStep() async throws {
    await #expect(processExitsWith: .failure) {
      let network = try Network("ring-8", Graph.ring(nodes: 8))
      let gossip = try GossipFixture(network)
      _ = MSPD(
        gossip: gossip.matrix, gossipSpectrum: gossip.spectrum,
        parameters: MSPD.Parameters(
          iterations: 1, innerSteps: 1, primalStep: 1, dualStep: 1.01 / gossip.spectrum.upperBound))
    }
  }

  /// Scale invariance (ALGORITHMS.md §2.4 check 3): with every fᵢ scaled by c, η → η/c and
  /// σ → cσ, the primal iterates Θ_t are the same (Y scales by c).
  @Test func scalingTheObjectivesLeavesThePrimalIteratesUnchanged() throws {
    let network = LeastDeviations.networks[2]
    let setup = try Setup(
      network, kind: .l1Regression, dataset: LeastDeviations.dataset,
      regularization: 0)
    let gossip = try GossipFixture(network)
    let c = 7.5
    let p = MSPD.journalParameters(
      epsilon: 0.3, radius: 2.9, lipschitz: 1.5, agents: setup.agents,
      gossipSpectrum: gossip.spectrum)
    var scaled = p
    scaled.primalStep /= c
    scaled.dualStep *= c
    let timeModel = try TimeModel(tau: 0, network: network.graph)
    func thetas(_ q: MSPD.Parameters, _ objectives: any LocalObjectives) -> [Matrix] {
      var context = SimulationContext(
        communicator: InProcessCommunicator(network: network.graph, timeModel: timeModel),
        objectives: objectives, timeModel: timeModel)
      let algorithm = MSPD(gossip: gossip.matrix, gossipSpectrum: gossip.spectrum, parameters: q)
      var state = algorithm.makeState(initial: setup.origin, context: &context)
      return (0..<20).map { _ in
        algorithm.step(&state, context: &context)
        return state.theta
      }
    }
    let original = thetas(p, setup.objectives)
    let rescaled = thetas(scaled, ScaledObjectives(base: setup.objectives, factor: c))
    for (a, b) in zip(original, rescaled) {
      let scale = a.storage.map(abs).max()!
      #expect(scale > 0)
      for k in a.storage.indices { #expect(abs(a.storage[k] - b.storage[k]) <= 1e-11 * scale) }
    }
  }

  /// What the runner observes is the running mean of Θ_1…Θ_t (Alg. 3's output), not Θ_t.
  @Test func estimatesAreTheTimeAverages() throws {
    let network = LeastDeviations.networks[1]
    let setup = try Setup(
      network, kind: .l1Regression, dataset: LeastDeviations.dataset,
      regularization: 0)
    let gossip = try GossipFixture(network)
    let p = MSPD.journalParameters(
      epsilon: 0.5, radius: 2.9, lipschitz: 1.5, agents: setup.agents,
      gossipSpectrum: gossip.spectrum)
    let algorithm = MSPD(gossip: gossip.matrix, gossipSpectrum: gossip.spectrum, parameters: p)
    var context = try setup.context()
    var state = algorithm.makeState(initial: setup.origin, context: &context)
    var sum = [Double](repeating: 0, count: setup.agents * setup.dimension)
    for t in 1...12 {
      algorithm.step(&state, context: &context)
      for k in sum.indices { sum[k] += state.theta.storage[k] }
      let estimates = algorithm.estimates(state)
      let scale = sum.map { abs($0) / Double(t) }.max()!
      for k in sum.indices {
        #expect(abs(estimates.storage[k] - sum[k] / Double(t)) <= 1e-13 * scale)
      }
    }
    #expect(algorithm.estimates(state).storage != state.theta.storage)
  }

  /// The registry reports the bound and refuses σηλ₁ > 1 given by the user (a ParameterError,
  /// not a trap).
  @Test func registryEntryReportsTheBoundAndRefusesUnsafeSteps() throws {
    let network = LeastDeviations.networks[0]
    let setup = try Setup(
      network, kind: .l1Regression, dataset: LeastDeviations.dataset,
      regularization: 0)
    let algorithmSetup = AlgorithmSetup(
      mixing: network.mixing, extremes: try Spectrum.mixingExtremes(of: network.mixing),
      problem: setup.problem, reference: try ReferenceSolver.solve(setup.problem),
      network: network.graph, tau: 1)
    let entry = try #require(AlgorithmRegistry.entry(named: "mspd"))
    let built = try entry.build(["epsilon": .number(0.5)], algorithmSetup)
    let reported = Dictionary(uniqueKeysWithValues: built.parameters.map { ($0.key, $0.value) })
    let gossip = try GossipFixture(network)
    let lipschitz = Self.quadraticMean(setup.problem.localLipschitz)
    let t = (2 * LeastDeviations.solutionNorm * lipschitz * gossip.mixingTime / 0.5).rounded(.up)
    #expect(reported["iterations"] == .number(t))
    #expect(built.horizon == Int(t))
    guard case .number(let bound)? = reported["bound"] else { Issue.record("no bound"); return }
    #expect(bound > 0 && bound <= 0.5 * (1 + 1e-6))
    #expect(throws: ParameterError.self) {
      try entry.build(["eta": .number(1), "sigma": .number(10)], algorithmSetup)
    }
  }

  /// The paper's point on Examples/mspd-vs-dgd.yaml: the weighted median of three sites
  /// (datasets/three_sites.svm, θ* = 1, F* = 66/96, R = 1) sorted over a 32-node path, so that
  /// the agents at the two ends pull apart with subgradients ±1. MSPD with its journal parameters
  /// for ε = 0.01 stays within ε from round R_M on (R_M = 560 when written, of T = 4 086). DGD
  /// with α₀/√t steps, for every α₀ of Examples/mspd-vs-dgd.py's grid around its best (0.03,
  /// which settles after 5 930 rounds), is still above ε at some round after 5·R_M: with τ
  /// large, MSPD's time to ε is over 5× shorter.
  @Test func beatsTheSubgradientMethodOnAPathWithTheSitesAtTheEnds() throws {
    let network = try Network("path-32", Graph.path(nodes: 32))
    let sites = try LIBSVM.read(
      path: TestSupport.repositoryRoot.appendingPathComponent("datasets/three_sites.svm").path)
    let setup = try Setup(
      network, kind: .l1Regression, dataset: sites, regularization: 0, rule: .sorted)
    let optimum = 66.0 / 96
    let epsilon = 0.01
    let gossip = try GossipFixture(network)
    let lipschitz = Self.quadraticMean(setup.problem.localLipschitz)
    let p = MSPD.journalParameters(
      epsilon: epsilon, radius: 1, lipschitz: lipschitz, agents: setup.agents,
      gossipSpectrum: gossip.spectrum)
    let mspd = try setup.run(
      MSPD(gossip: gossip.matrix, gossipSpectrum: gossip.spectrum, parameters: p),
      optimum: optimum, iterations: p.iterations)
    // The first record from which F(x̄) − F* stays ≤ ε to the end of the run.
    let settled = try #require(
      mspd.records.indices.first { k in
        mspd.records[k...].allSatisfy { ($0.suboptimality ?? .infinity) <= epsilon }
      })
    let rounds = mspd.records[settled].rounds
    #expect(rounds <= p.iterations / 4)
    let final = try #require(mspd.records.last?.suboptimality)
    #expect(
      final
        <= MSPD.bound(
          p, radius: 1, lipschitz: lipschitz, agents: setup.agents, spectrum: gossip.spectrum))
    for step in [0.01, 0.015, 0.02, 0.03, 0.05, 0.1] {
      let dgd = try setup.run(
        DGD(mixing: network.mixing, schedule: .inverseSqrt(step)), optimum: optimum,
        iterations: 12 * rounds)
      #expect(
        dgd.records.contains {
          $0.rounds >= 5 * rounds && ($0.suboptimality ?? 0) > epsilon
        }, "α₀ = \(step)")
    }
  }
}
