import Algorithms
import Foundation
import GossipCore
import LinearAlgebra
import Mixing
import Problems
import Simulation
import Testing
import Topology

@testable import Experiments

/// A separable non-smooth objective with a closed-form dual oracle, shared by every agent up to
/// its data cᵢ: fᵢ(θ) = Σⱼ s·|θⱼ − cᵢⱼ|·[l1] + ⟨gᵢ, θ⟩ + (μ/2)‖θ‖², so
/// argmin fᵢ(u) − ⟨z, u⟩ = cᵢ + soft((z − gᵢ)/μ − cᵢ, s/μ) coordinate-wise.
///
/// - Case (b) check (ALGORITHMS.md §3.3): cᵢ = 0, s = λ = 0.5, μ = 1: ½‖θ‖² + gᵢᵀθ + λ‖θ‖₁.
/// - Case (d) check (§3.4): gᵢ = 0, s = 1, μ = μ_r: ‖θ − cᵢ‖₁ + (μ_r/2)‖θ‖².
struct SoftThresholdOracle: DualOracle {
  let centers: Matrix
  let tilts: Matrix
  let absoluteWeight: Double
  let strongConvexity: Double
  var smoothness: Double { .infinity }
  var agentCount: Int { centers.rows }
  var dimension: Int { centers.columns }

  func makeWorkspace() {}

  func minimizers(
    at z: Matrix, tolerance: Double, into x: inout Matrix, workspace: inout Void,
    context: inout SimulationContext
  ) {
    let threshold = absoluteWeight / strongConvexity
    for k in 0..<x.storage.count {
      let v = (z.storage[k] - tilts.storage[k]) / strongConvexity - centers.storage[k]
      x.storage[k] = centers.storage[k] + (v > 0 ? 1 : -1) * max(abs(v) - threshold, 0)
    }
    context.countLocalEvaluations(1)
  }

  /// Σᵢ fᵢ(θ) for a common θ (the sum, Uribe's normalization).
  func sum(at theta: [Double]) -> Double {
    var total = 0.0
    for i in 0..<agentCount {
      for j in 0..<dimension {
        total +=
          absoluteWeight * abs(theta[j] - centers[i, j]) + tilts[i, j] * theta[j]
          + 0.5 * strongConvexity * theta[j] * theta[j]
      }
    }
    return total
  }
}

/// Objectives that are never called: the dual methods above only use their oracle.
private struct OracleOnly: LocalObjectives {
  let agentCount: Int
  let dimension: Int
  func gradients(
    rows: Range<Int>, at x: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>
  ) {}
  var maximumLocalSmoothness: Double { .infinity }
  var strongConvexity: Double { 0 }
  var isSmooth: Bool { false }
}

private func mean(_ x: Matrix) -> [Double] {
  (0..<x.columns).map { j in (0..<x.rows).reduce(0.0) { $0 + x[$1, j] } / Double(x.rows) }
}

private func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64, range: ClosedRange<Double>)
  -> Matrix
{
  var rng = SeededGenerator(seed: seed)
  return Matrix(
    rows: rows, columns: columns,
    storage: (0..<(rows * columns)).map { _ in Double.random(in: range, using: &rng) })
}

@Suite struct DualAcceleratedTests {
  /// Case (b), similar triangles with primal averaging, on a 12-agent ring with
  /// fᵢ = ½‖θ‖² + gᵢᵀθ + 0.5‖θ‖₁ (θ* = soft(−ḡ, 0.5), closed form): F(mean x̂) − F* and
  /// ‖X̂√W̄‖ fall ≈ 4× per doubling of N (ALGORITHMS.md §3.3 measured 3.9–4.1 with numpy).
  @Test func caseBFallsQuadratically() throws {
    let n = 12
    let d = 6
    let oracle = SoftThresholdOracle(
      centers: Matrix(rows: n, columns: d), tilts: randomMatrix(n, d, seed: 4, range: -2...2),
      absoluteWeight: 0.5, strongConvexity: 1)
    let network = try LaplacianNetwork(Graph.ring(nodes: n))
    let algorithm = DualAccelerated(oracle: oracle, interaction: network.interaction)
    #expect(algorithm.method == .similarTriangles)
    let average = mean(oracle.tilts)
    let optimum = average.map { v in (v < 0 ? 1 : -1) * max(abs(v) - 0.5, 0) }
    let best = oracle.sum(at: optimum)
    var context = try network.context(objectives: OracleOnly(agentCount: n, dimension: d))
    var state = algorithm.makeState(initial: Matrix(rows: n, columns: d), context: &context)
    var gaps = [Double]()
    var residuals = [Double]()
    var worstSum = 0.0
    for k in 1...1600 {
      algorithm.step(&state, context: &context)
      for j in 0..<d {
        worstSum = max(worstSum, abs((0..<n).reduce(0.0) { $0 + state.z[$1, j] }))
      }
      let x = algorithm.estimates(state)
      if [100, 200, 400, 800, 1600].contains(k) {
        gaps.append(oracle.sum(at: mean(x)) - best)
        residuals.append(network.disagreement(x).squareRoot())
      }
    }
    for k in 1..<gaps.count {
      #expect((3.0...5.5).contains(gaps[k - 1] / gaps[k]), "F gap \(gaps)")
      #expect((3.0...5.5).contains(residuals[k - 1] / residuals[k]), "residual \(residuals)")
    }
    #expect(gaps.allSatisfy { $0 >= 0 })
    #expect(worstSum <= 1e-10)
    #expect(context.communicator.counters.rounds == 1600 && context.gradientCalls == 1600)
  }

  /// Case (d): fᵢ = ‖θ − cᵢ‖₁ on a 9-cycle (θ* the coordinate-wise median), regularized with
  /// μ_r = ε/(2R²), R = ‖θ*‖, and run for N = ⌈4√2·√(nχ)·M·R_x/(nε)⌉ iterations, M = √d,
  /// R_x = √n·R (ALGORITHMS.md §3.4 with ε on the average F, i.e. nε on the sum).
  @Test(arguments: [0.3, 0.1])
  func caseDReachesEpsilon(epsilon: Double) throws {
    let n = 9
    let d = 4
    let centers = randomMatrix(n, d, seed: 8, range: -3...3)
    let median = (0..<d).map { j in (0..<n).map { centers[$0, j] }.sorted()[n / 2] }
    let radius = median.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let regularization = epsilon / (2 * radius * radius)
    let oracle = SoftThresholdOracle(
      centers: centers, tilts: Matrix(rows: n, columns: d), absoluteWeight: 1,
      strongConvexity: regularization)
    let unregularized = SoftThresholdOracle(
      centers: centers, tilts: Matrix(rows: n, columns: d), absoluteWeight: 1, strongConvexity: 0)
    let network = try LaplacianNetwork(Graph.ring(nodes: n))
    let algorithm = DualAccelerated(oracle: oracle, interaction: network.interaction)
    let budget = Int(
      (4 * 2.0.squareRoot() * (Double(n) * network.chi).squareRoot() * Double(d).squareRoot()
        * Double(n).squareRoot() * radius / (Double(n) * epsilon)).rounded(.up))
    var context = try network.context(objectives: OracleOnly(agentCount: n, dimension: d))
    var state = algorithm.makeState(initial: Matrix(rows: n, columns: d), context: &context)
    for _ in 0..<budget { algorithm.step(&state, context: &context) }
    let x = algorithm.estimates(state)
    let gap = (unregularized.sum(at: mean(x)) - unregularized.sum(at: median)) / Double(n)
    #expect(gap <= epsilon && gap >= 0, "gap \(gap) after \(budget) iterations")
  }

  /// Case (c): least squares on a path of 10 with 3 samples of 8 features per agent (no fᵢ is
  /// strongly convex), regularized by μ_r = ε/(2‖x*‖²); N = ⌈√(κχ)·ln(10⁴/ε)⌉ (ALGORITHMS.md §3.4).
  @Test(arguments: [1e-1, 1e-2])
  func caseCReachesEpsilon(epsilon: Double) throws {
    var rng = SeededGenerator(seed: 12)
    let dataset = try Synthetic.regression(
      samples: 30, features: 8, noise: 0.1, outlierFraction: 0, using: &rng)
    let problem = try DistributedProblem(
      kind: .leastSquares, dataset: dataset,
      assignment: (0..<10).map { [3 * $0, 3 * $0 + 1, 3 * $0 + 2] })
    #expect(ProblemDualOracle.localStrongConvexity(of: problem) == 0)
    let reference = try ReferenceSolver.solve(problem)
    let radius = reference.x.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let oracle = try ProblemDualOracle(
      problem: problem, proximalWeight: epsilon / (2 * radius * radius))
    let network = try LaplacianNetwork(Graph.path(nodes: 10))
    let algorithm = DualAccelerated(oracle: oracle, interaction: network.interaction)
    let budget = Int((algorithm.dualCondition.squareRoot() * log(1e4 / epsilon)).rounded(.up))
    var context = try network.context(objectives: ProblemObjectives(problem: problem))
    var state = algorithm.makeState(initial: Matrix(rows: 10, columns: 8), context: &context)
    for _ in 0..<budget { algorithm.step(&state, context: &context) }
    let gap = problem.objective(mean(algorithm.estimates(state))) - reference.objective
    #expect(gap <= epsilon, "gap \(gap) after \(budget) iterations")
  }

  /// The registry's `dual-accelerated` and `ssda` on the breast-cancer logistic problem
  /// (λ = 1e-2) split label-sorted over a ring of 8 with Metropolis weights (W̄ = I − W): the
  /// agents' estimates reach the centralized optimum F* (pinned in Fixtures, scipy + Newton).
  @Test(arguments: ["dual-accelerated", "ssda"])
  func logisticOnASortedSplitReachesTheOptimum(name: String) throws {
    let graph = try Graph.ring(nodes: 4)
    var rng = SeededGenerator(seed: 3)
    let assignment = try Partition.assign(
      samples: Fixtures.breastCancer.sampleCount, labels: Fixtures.breastCancer.labels,
      agents: 4, rule: .sorted, using: &rng)
    let problem = try DistributedProblem(
      kind: .logistic, dataset: Fixtures.breastCancer, assignment: assignment,
      regularization: 1e-2)
    let mixing = try MixingMatrix.make(graph, rule: .metropolis)
    let setup = AlgorithmSetup(
      mixing: mixing, extremes: try Spectrum.mixingExtremes(of: mixing), problem: problem,
      reference: try ReferenceSolver.solve(problem), network: graph, tau: 1)
    let built = try AlgorithmRegistry.entry(named: name)!.build([:], setup)
    let network = try LaplacianNetwork(graph)
    let objectives = ProblemObjectives(problem: problem)
    let (gap, calls) = try Self.worstGap(
      built.algorithm, network: network, objectives: objectives, iterations: 450)
    #expect(gap <= 1e-10, "\(name): maxᵢ F(xᵢ) − F* = \(gap), \(calls) gradient calls")
  }

  /// maxᵢ F(xᵢ) − F* after `iterations`, and the gradient calls per agent.
  static func worstGap(
    _ algorithm: some DecentralizedAlgorithm, network: LaplacianNetwork,
    objectives: ProblemObjectives, iterations: Int
  ) throws -> (Double, Int) {
    var context = try network.context(objectives: objectives)
    let problem = objectives.problem
    var state = algorithm.makeState(
      initial: Matrix(rows: problem.agentCount, columns: problem.dimension), context: &context)
    for _ in 0..<iterations { algorithm.step(&state, context: &context) }
    let x = algorithm.estimates(state)
    let worst = (0..<x.rows).map { i in
      problem.objective((0..<x.columns).map { x[i, $0] })
    }.max()!
    return (worst - Fixtures.logisticOptimum, context.gradientCalls)
  }

  /// Case (c) through the registry: unregularized logistic regression (λ = 0, so no fᵢ is
  /// strongly convex and the setting resolves to c) on synthetic noisy labels, 4 agents on a ring;
  /// the registry regularizes by μ_r = ε/(2‖x*‖²) and N = ⌈√(κχ)·ln(10⁴/ε)⌉ iterations reach
  /// F(mean x) − F* ≤ ε, F* from the reference solver (Newton).
  @Test(arguments: [1e-2, 1e-4])
  func logisticCaseCReachesEpsilon(epsilon: Double) throws {
    var rng = SeededGenerator(seed: 21)
    let dataset = try Synthetic.classification(
      samples: 200, features: 5, labelNoise: 0.2, using: &rng)
    let assignment = try Partition.assign(
      samples: 200, labels: dataset.labels, agents: 4, rule: .iid, using: &rng)
    let problem = try DistributedProblem(
      kind: .logistic, dataset: dataset, assignment: assignment, regularization: 0)
    let graph = try Graph.ring(nodes: 4)
    let mixing = try MixingMatrix.make(graph, rule: .metropolis)
    let reference = try ReferenceSolver.solve(problem)
    let setup = AlgorithmSetup(
      mixing: mixing, extremes: try Spectrum.mixingExtremes(of: mixing), problem: problem,
      reference: reference, network: graph, tau: 1)
    let built = try AlgorithmRegistry.entry(named: "dual-accelerated")!.build(
      ["epsilon": .number(epsilon)], setup)
    let radius = reference.x.reduce(0) { $0 + $1 * $1 }.squareRoot()
    #expect(built.parameters.first { $0.key == "setting" }?.value == .name("c"))
    let regularization = try #require(built.parameters.first { $0.key == "regularization" })
    #expect(regularization.value == .number(epsilon / (2 * radius * radius)))
    let algorithm = try #require(built.algorithm as? DualAccelerated<ProblemDualOracle>)
    let budget = Int((algorithm.dualCondition.squareRoot() * log(1e4 / epsilon)).rounded(.up))
    var context = try LaplacianNetwork(graph).context(
      objectives: ProblemObjectives(problem: problem))
    var state = algorithm.makeState(initial: Matrix(rows: 4, columns: 5), context: &context)
    for _ in 0..<budget { algorithm.step(&state, context: &context) }
    let gap = problem.objective(mean(algorithm.estimates(state))) - reference.objective
    #expect(gap <= epsilon && gap > -1e-12, "gap \(gap) after \(budget) iterations")
  }

  /// The inner loop of the inexact oracle (ALGORITHMS.md §3.5) against the closed form on the
  /// same ridge problem: ‖x − x_exact‖ ≤ δ/μ for a gradient tolerance δ, and the steps it reports
  /// are the gradient evaluations it made.
  @Test func innerLoopMatchesTheClosedForm() throws {
    let ridge = try DiagonalRidge(agents: 5, diagonal: [1, 2.5, 5, 10])
    let exact = try QuadraticDualSolver(problem: ridge.problem, proximalWeight: 0.5)
    let inexact = try GradientDualSolver(problem: ridge.problem, proximalWeight: 0.5)
    #expect(abs(inexact.strongConvexity - 0.6) < 1e-15)
    let z = randomMatrix(5, 4, seed: 30, range: -1...1)
    var expected = Matrix(rows: 5, columns: 4)
    exact.minimizers(at: z, into: &expected)
    var x = Matrix(rows: 5, columns: 4)
    var workspace = GradientDualSolver.Workspace(rows: 5, columns: 4)
    var evaluations = 0
    let tolerance = 1e-10
    let steps = inexact.minimizers(
      at: z, tolerance: tolerance, into: &x, workspace: &workspace,
      gradients: {
        evaluations += 1; ridge.problem.gradients(at: $0, into: &$1)
      })
    #expect(steps == evaluations && steps > 1)
    // The regularized fᵢ are (1 + 0.5)-strongly convex: the error is at most δ/1.5.
    for i in 0..<5 {
      let error = (0..<4).reduce(0.0) { $0 + pow(x[i, $1] - expected[i, $1], 2) }.squareRoot()
      #expect(error <= tolerance / 1.5)
    }
    // A warm start at the answer stops after one evaluation.
    let again = inexact.minimizers(
      at: z, tolerance: tolerance, into: &x, workspace: &workspace,
      gradients: { ridge.problem.gradients(at: $0, into: &$1) })
    #expect(again == 1)
  }

  /// The registry's interaction matrices on a ring of 12: the Laplacian (λ₁ = 4,
  /// λₙ₋₁ = 2 − 2cos(2π/12), closed form) by default, I − W_mix with `interaction: mixing`
  /// (Metropolis on a ring: W = I − L/3, so λ(I − W) = λ(L)/3).
  @Test func registryInteractions() throws {
    let graph = try Graph.ring(nodes: 12)
    let ridge = try DiagonalRidge(agents: 12, diagonal: [1, 2, 3, 4])
    let mixing = try MixingMatrix.make(graph, rule: .metropolis)
    let setup = AlgorithmSetup(
      mixing: mixing, extremes: try Spectrum.mixingExtremes(of: mixing), problem: ridge.problem,
      reference: try ReferenceSolver.solve(ridge.problem), network: graph, tau: 1)
    let smallest = 2 - 2 * cos(2 * Double.pi / 12)
    for (interaction, scale) in [("laplacian", 1.0), ("mixing", 1.0 / 3)] {
      let built = try AlgorithmRegistry.entry(named: "ssda")!.build(
        ["interaction": .name(interaction)], setup)
      let algorithm = try #require(built.algorithm as? DualAccelerated<ProblemDualOracle>)
      #expect(abs(algorithm.interaction.lambdaMax - 4 * scale) < 1e-12)
      #expect(abs(algorithm.interaction.smallestPositive - smallest * scale) < 1e-12)
      #expect(abs(algorithm.oracle.strongConvexity - 1) < 1e-12)
      #expect(abs(algorithm.oracle.smoothness - 4) < 1e-12)
    }
  }
}
