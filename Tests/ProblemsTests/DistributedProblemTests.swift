import GossipCore
import GossipTestSupport
import LinearAlgebra
import Problems
import Testing

/// A problem of `kind` on the data set that fits it, split over `agents` by `rule`.
func makeProblem(
  _ kind: ProblemKind, agents: Int = 6, rule: PartitionRule = .iid, seed: UInt64 = 0,
  lambda: Double? = nil
) throws -> DistributedProblem {
  let data = kind.isClassification ? Fixtures.breastCancer : Fixtures.l1Regression
  var rng = SeededGenerator(seed: seed)
  let parts = try Partition.assign(
    samples: data.sampleCount, labels: data.labels, agents: agents, rule: rule, using: &rng)
  return try DistributedProblem(
    kind: kind, dataset: data, assignment: parts,
    regularization: lambda ?? (kind.isRegularized ? 1e-2 : 0))
}

/// An n×d matrix of N(0, σ²)-ish entries (uniform on [−σ√3, σ√3]).
func randomPoints(_ rows: Int, _ columns: Int, scale: Double, using rng: inout SeededGenerator)
  -> Matrix
{
  Matrix(
    rows: rows, columns: columns,
    storage: (0..<(rows * columns)).map { _ in Double.random(in: -scale...scale, using: &rng) })
}

@Suite struct DistributedProblemTests {
  static let rules: [PartitionRule] = [.iid, .sorted, .dirichlet(alpha: 0.2)]

  @Test(arguments: ProblemKind.allCases, rules)
  func localObjectivesAverageToTheGlobalOne(kind: ProblemKind, rule: PartitionRule) throws {
    for seed in 0..<4 as Range<UInt64> {
      let problem = try makeProblem(kind, agents: 7, rule: rule, seed: seed)
      var rng = SeededGenerator(seed: 100 + seed)
      let x = randomPoints(1, problem.dimension, scale: 0.5, using: &rng).storage
      let mean = (0..<7).reduce(0.0) { $0 + problem.localObjective(agent: $1, at: x) } / 7
      #expect(TestSupport.close(mean, problem.objective(x), tolerance: 1e-12))

      // Every agent at the same x: (1/n) Σ ∇f_i(x) = ∇F(x).
      let points = Matrix(
        rows: 7, columns: problem.dimension, storage: Array((0..<7).map { _ in x }.joined()))
      var g = Matrix(rows: 7, columns: problem.dimension)
      problem.gradients(at: points, into: &g)
      let full = problem.gradient(x)
      for k in 0..<problem.dimension {
        let mean = (0..<7).reduce(0.0) { $0 + g[$1, k] } / 7
        #expect(abs(mean - full[k]) <= 1e-12 * max(1, abs(full[k])))
      }
    }
  }

  @Test(arguments: [ProblemKind.leastSquares, .ridge, .logistic])
  func gradientsMatchCentralFiniteDifferences(kind: ProblemKind) throws {
    let problem = try makeProblem(kind, agents: 4)
    var rng = SeededGenerator(seed: 9)
    let x = randomPoints(4, problem.dimension, scale: 0.3, using: &rng)
    var g = Matrix(rows: 4, columns: problem.dimension)
    problem.gradients(at: x, into: &g)
    let h = 1e-6
    for agent in 0..<4 {
      let row = Array(x.storage[(agent * problem.dimension)..<((agent + 1) * problem.dimension)])
      for k in 0..<problem.dimension {
        var plus = row
        var minus = row
        plus[k] += h
        minus[k] -= h
        let difference =
          (problem.localObjective(agent: agent, at: plus)
            - problem.localObjective(agent: agent, at: minus)) / (2 * h)
        #expect(
          abs(difference - g[agent, k]) <= 1e-6 * max(1, abs(g[agent, k])), "agent \(agent), k \(k)"
        )
      }
    }
  }

  @Test(arguments: [ProblemKind.l1Regression, .hinge])
  func subgradientsSatisfyTheSubgradientInequality(kind: ProblemKind) throws {
    for lambda in kind.isRegularized ? [0, 1e-2] : [0.0] {
      let problem = try makeProblem(kind, agents: 5, lambda: lambda)
      var rng = SeededGenerator(seed: 21)
      for _ in 0..<40 {
        let x = randomPoints(5, problem.dimension, scale: 1, using: &rng)
        let y = randomPoints(5, problem.dimension, scale: 1, using: &rng)
        var g = Matrix(rows: 5, columns: problem.dimension)
        problem.gradients(at: x, into: &g)
        for agent in 0..<5 {
          let range = (agent * problem.dimension)..<((agent + 1) * problem.dimension)
          let xi = Array(x.storage[range])
          let yi = Array(y.storage[range])
          let linear = (0..<problem.dimension).reduce(0.0) { $0 + g[agent, $1] * (yi[$1] - xi[$1]) }
          let lowerBound = problem.localObjective(agent: agent, at: xi) + linear
          #expect(
            problem.localObjective(agent: agent, at: yi) >= lowerBound - 1e-12
              * max(1, abs(lowerBound)))
        }
      }
    }
  }

  /// Least squares and ridge read each agent's quadratic form (Qᵢ, cᵢ) when it is fewer numbers
  /// than the samples (3 agents here: 65 + 12 numbers against ~220) and the samples otherwise (one
  /// sample per agent); both must give (n/N)Σ_{s∈Sᵢ}(a_sᵀx − b_s)a_s + λx, computed here from the
  /// data set directly.
  @Test(arguments: [ProblemKind.leastSquares, .ridge], [3, Fixtures.l1Regression.sampleCount])
  func leastSquaresGradientsFromFormsOrSamplesMatchTheDefinition(
    kind: ProblemKind, agents: Int
  ) throws {
    let data = Fixtures.l1Regression
    let d = data.featureCount
    var rng = SeededGenerator(seed: 3)
    let parts = try Partition.assign(
      samples: data.sampleCount, labels: data.labels, agents: agents, rule: .iid, using: &rng)
    let lambda = kind == .ridge ? 0.3 : 0
    let problem = try DistributedProblem(
      kind: kind, dataset: data, assignment: parts, regularization: lambda)
    let x = randomPoints(agents, d, scale: 2, using: &rng)
    var g = Matrix(rows: agents, columns: d)
    problem.gradients(at: x, into: &g)
    let scale = Double(agents) / Double(data.sampleCount)
    for agent in [0, agents / 2, agents - 1] {
      var expected = (0..<d).map { lambda * x[agent, $0] }
      for s in parts[agent] {
        let residual = (0..<d).reduce(-data.labels[s]) { $0 + data.features[s, $1] * x[agent, $1] }
        for k in 0..<d { expected[k] += scale * residual * data.features[s, k] }
      }
      for k in 0..<d {
        #expect(
          abs(g[agent, k] - expected[k]) <= 1e-12 * max(1, abs(expected[k])),
          "agent \(agent), k \(k)")
      }
    }
  }

  /// With 10,000 agents the per-agent eigenvalue problems are split over the cores; each
  /// Lᵢ = (n/N)·λ_max(AᵢᵀAᵢ) must still be its own agent's: with 2 samples per agent, λ_max of
  /// the 2×2 matrix AᵢAᵢᵀ in closed form.
  @Test func localSmoothnessOfManyAgentsMatchesTheClosedForm() throws {
    var rng = SeededGenerator(seed: 12)
    let data = try Synthetic.regression(samples: 20_000, features: 3, noise: 0.1, using: &rng)
    let parts = (0..<10_000).map { [2 * $0, 2 * $0 + 1] }
    let problem = try DistributedProblem(kind: .leastSquares, dataset: data, assignment: parts)
    for agent in stride(from: 0, to: 10_000, by: 997) {
      func dot(_ s: Int, _ t: Int) -> Double {
        (0..<3).reduce(0.0) { $0 + data.features[s, $1] * data.features[t, $1] }
      }
      let (s, t) = (2 * agent, 2 * agent + 1)
      let (a, b, c) = (dot(s, s), dot(s, t), dot(t, t))
      let largest = (a + c) / 2 + (((a - c) / 2) * ((a - c) / 2) + b * b).squareRoot()
      #expect(
        TestSupport.close(
          problem.localSmoothness[agent], largest * 10_000 / 20_000, tolerance: 1e-12))
    }
  }

  @Test func smoothnessAndStrongConvexityMatchNumpy() throws {
    // numpy: A = breast_cancer.svm as dense, N = 569;
    //   np.linalg.eigvalsh(A.T @ A / N) → λ_max = 13.28160768225792, λ_min = 0.00013304482282110722.
    let cancer = Fixtures.breastCancer
    let one = [Array(0..<cancer.sampleCount)]
    let r = try DistributedProblem(
      kind: .ridge, dataset: cancer, assignment: one, regularization: 1e-2)
    #expect(TestSupport.close(r.smoothness, 13.28160768225792 + 1e-2, tolerance: 1e-12))
    #expect(TestSupport.close(r.strongConvexity, 0.00013304482282110722 + 1e-2, tolerance: 1e-10))
    let logistic = try DistributedProblem(
      kind: .logistic, dataset: cancer, assignment: one, regularization: 1e-3)
    #expect(TestSupport.close(logistic.smoothness, 13.28160768225792 / 4 + 1e-3, tolerance: 1e-12))
    #expect(logistic.strongConvexity == 1e-3)
    // One agent: its local constant is the global one (computed by another path, so to rounding).
    #expect(r.localSmoothness.count == 1)
    #expect(TestSupport.close(r.localSmoothness[0], r.smoothness, tolerance: 1e-12))
  }

  @Test func lipschitzConstantOfL1RegressionMatchesNumpy() throws {
    // numpy: A = l1_regression.svm, N = 200: min(Σ‖a_s‖, √N‖A‖₂)/N
    //   = min(3.1101866572007215, 1.2126814053693264) = 1.2126814053693264.
    let data = Fixtures.l1Regression
    let problem = try DistributedProblem(
      kind: .l1Regression, dataset: data, assignment: [Array(0..<200)])
    #expect(TestSupport.close(problem.lipschitz, 1.2126814053693264, tolerance: 1e-12))
    #expect(
      problem.lipschitzRadius == .infinity && problem.smoothness == .infinity
        && problem.strongConvexity == 0)
  }

  @Test(arguments: ProblemKind.allCases)
  func gradientNormsStayBelowTheLipschitzConstantsInTheBall(kind: ProblemKind) throws {
    let problem = try makeProblem(kind, agents: 6)
    guard problem.lipschitz.isFinite else {
      #expect(kind == .leastSquares)  // not Lipschitz on all of ℝᵈ
      return
    }
    let radius = min(problem.lipschitzRadius, 10)
    var rng = SeededGenerator(seed: 4)
    for _ in 0..<30 {
      var x = randomPoints(6, problem.dimension, scale: 1, using: &rng)
      for agent in 0..<6 {  // scale each row onto the sphere of the radius
        let range = (agent * problem.dimension)..<((agent + 1) * problem.dimension)
        let norm = x.storage[range].reduce(0.0) { $0 + $1 * $1 }.squareRoot()
        for k in range { x.storage[k] *= radius / norm }
      }
      var g = Matrix(rows: 6, columns: problem.dimension)
      problem.gradients(at: x, into: &g)
      for agent in 0..<6 {
        let norm = (0..<problem.dimension).reduce(0.0) { $0 + g[agent, $1] * g[agent, $1] }
          .squareRoot()
        #expect(norm <= problem.localLipschitz[agent] * (1 + 1e-12))
      }
      let mean = (0..<problem.dimension).map { k in (0..<6).reduce(0.0) { $0 + x[$1, k] } / 6 }
      let global = problem.gradient(mean)
      #expect(global.reduce(0.0) { $0 + $1 * $1 }.squareRoot() <= problem.lipschitz * (1 + 1e-12))
    }
  }

  @Test func accuracyCountsCorrectSigns() throws {
    let data = Dataset(
      features: Matrix(rows: 4, columns: 1, storage: [1, 2, -1, -3]), labels: [1, -1, -1, 1],
      name: "toy")
    let problem = try DistributedProblem(
      kind: .hinge, dataset: data, assignment: [[0, 1], [2, 3]])
    #expect(problem.accuracy(at: [1]) == 0.5)
    #expect(problem.accuracy(at: [0]) == 0.5)  // a_sᵀx = 0 predicts +1
    #expect(try makeProblem(.l1Regression).accuracy(at: [Double](repeating: 0, count: 10)) == nil)
  }

  @Test func rejectsBadInput() throws {
    let cancer = Fixtures.breastCancer
    let all = Array(0..<cancer.sampleCount)
    #expect(throws: ParameterError.self) {
      try DistributedProblem(
        kind: .leastSquares, dataset: cancer, assignment: [all], regularization: 1)
    }
    #expect(throws: ParameterError.self) {
      try DistributedProblem(kind: .ridge, dataset: cancer, assignment: [all], regularization: -1)
    }
    #expect(throws: ParameterError.self) {
      try DistributedProblem(
        kind: .logistic, dataset: Fixtures.l1Regression, assignment: [Array(0..<200)])
    }
    #expect(throws: ParameterError.self) {
      try DistributedProblem(kind: .ridge, dataset: cancer, assignment: [all, []])
    }
    #expect(throws: ParameterError.self) {
      try DistributedProblem(kind: .ridge, dataset: cancer, assignment: [Array(all.dropLast())])
    }
    #expect(throws: ParameterError.self) {
      try DistributedProblem(kind: .ridge, dataset: cancer, assignment: [all, [0]])
    }
  }
}
