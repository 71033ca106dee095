import GossipCore
import GossipTestSupport
import LinearAlgebra
import Problems
import Testing

/// F* pinned from scipy/numpy on the bundled files (script: read each .svm into a dense numpy array A
/// and label vector b, N = number of rows).
@Suite struct ReferenceSolverTests {
  /// Agents do not change F*: solve split over 5 agents (iid) to check that too.
  func solve(_ kind: ProblemKind, lambda: Double) throws -> (DistributedProblem, ReferenceSolution)
  {
    let problem = try makeProblem(kind, agents: 5, lambda: lambda)
    return (problem, try ReferenceSolver.solve(problem))
  }

  @Test func ridgeMatchesTheNormalEquations() throws {
    // x = np.linalg.solve(A.T@A/N + lam*np.eye(p), A.T@b/N); 0.5*np.mean((A@x-b)**2) + lam/2*x@x
    // on breast_cancer.svm with λ = 1e-2 (labels ±1 as regression targets), over 5 agents.
    var rng = SeededGenerator(seed: 2)
    let cancer = Fixtures.breastCancer
    let parts = try Partition.assign(
      samples: 569, labels: cancer.labels, agents: 5, rule: .sorted, using: &rng)
    let problem = try DistributedProblem(
      kind: .ridge, dataset: cancer, assignment: parts, regularization: 1e-2)
    let solution = try ReferenceSolver.solve(problem)
    #expect(TestSupport.close(solution.objective, 0.14425206585407102, tolerance: 1e-9))
    #expect(solution.method.hasPrefix("Newton"))
  }

  @Test(arguments: [(1e-2, 0.10241656575570418), (1e-3, 0.05983977454242227)])
  func logisticMatchesScipy(lambda: Double, optimum: Double) throws {
    // f = lambda x: np.mean(np.logaddexp(0, -b*(A@x))) + lam/2*x@x; scipy.optimize.minimize(f, 0,
    // jac=..., method='BFGS', gtol=1e-13), then 20 numpy Newton steps (final ‖∇F‖ ≈ 1e-17).
    let (problem, solution) = try solve(.logistic, lambda: lambda)
    #expect(TestSupport.close(solution.objective, optimum, tolerance: 1e-9))
    let gradient = problem.gradient(solution.x)
    #expect(gradient.reduce(0.0) { $0 + $1 * $1 }.squareRoot() <= 1e-10)
    #expect(problem.accuracy(at: solution.x)! > 0.95)
  }

  @Test func l1RegressionMatchesHighs() throws {
    // scipy.optimize.linprog(c=[0]*p + [1/N]*N, A_ub=[[A, -I], [-A, -I]], b_ub=[b, -b],
    // bounds=[(None, None)]*p + [(0, None)]*N, method='highs'); np.mean(np.abs(A@x - b)).
    let (_, solution) = try solve(.l1Regression, lambda: 0)
    #expect(TestSupport.close(solution.objective, 0.6458549548302609, tolerance: 1e-9))
    #expect(solution.method.contains("GLPK"))
  }

  @Test func threeSitesGiveTheWeightedMedian() throws {
    // datasets/three_sites.svm: F(θ) = (1/96)(40|θ| + 30|θ − 1| + 26|θ − 2|), minimized by the
    // weighted median θ* = 1 (the 48th and 49th smallest labels are 1) with F* = 66/96.
    // Split sorted over 32 agents (Examples/mspd-vs-dgd.yaml), every agent holds one site.
    let data = try LIBSVM.read(path: Fixtures.path("three_sites.svm"))
    var rng = SeededGenerator(seed: 0)
    let parts = try Partition.assign(
      samples: data.sampleCount, labels: data.labels, agents: 32, rule: .sorted, using: &rng)
    #expect(parts.allSatisfy { Set($0.map { data.labels[$0] }).count == 1 })
    let problem = try DistributedProblem(kind: .l1Regression, dataset: data, assignment: parts)
    let solution = try ReferenceSolver.solve(problem)
    #expect(TestSupport.close(solution.objective, 66.0 / 96, tolerance: 1e-12))
    #expect(abs(solution.x[0] - 1) <= 1e-9)
    // min(Σ‖a_s‖, √N‖A‖₂)/N with every a_s = 1.
    #expect(TestSupport.close(problem.lipschitz, 1, tolerance: 1e-12))
  }

  @Test func hingeWithoutRegularizationMatchesHighs() throws {
    // linprog(c=[0]*p + [1/N]*N, A_ub=[-(b[:,None]*A), -I], b_ub=-1, x free, ξ ≥ 0, method='highs');
    // np.mean(np.maximum(0, 1 - b*(A@x))).
    let (_, solution) = try solve(.hinge, lambda: 0)
    #expect(TestSupport.close(solution.objective, 0.01350650884331654, tolerance: 1e-9))
  }

  @Test func regularizedHingeMatchesACertifiedDualSolution() throws {
    // Dual of the SVM with C = 1/(λN): L-BFGS-B on max Σα − ½αᵀQα, 0 ≤ α ≤ C (Q = ZZᵀ, Z = b∘A),
    // then solve for the free α on the margin with numpy; w = Zᵀα; the duality gap
    // F(w) − λ·D(α) = 1.4e-17 certifies F* = 0.06755770620781286 (λ = 1e-2).
    let (_, solution) = try solve(.hinge, lambda: 1e-2)
    #expect(TestSupport.close(solution.objective, 0.06755770620781286, tolerance: 1e-9))
    #expect(solution.method.contains("dual coordinate descent"))
  }

  @Test func leastSquaresMatchesLstsq() throws {
    // x = np.linalg.lstsq(A, b) on l1_regression.svm; 0.5*np.mean((A@x - b)**2).
    let (_, solution) = try solve(.leastSquares, lambda: 0)
    #expect(TestSupport.close(solution.objective, 3.0140918286922487, tolerance: 1e-9))
  }

  @Test func separableDataHasZeroHingeAndLogisticInfimum() throws {
    // Labels are signs of a linear function (no noise), so some x has b_s a_sᵀx ≥ 1 for all s.
    var rng = SeededGenerator(seed: 12)
    let data = try Synthetic.classification(samples: 60, features: 4, labelNoise: 0, using: &rng)
    let parts = try Partition.assign(
      samples: 60, labels: data.labels, agents: 3, rule: .iid, using: &rng)
    let hinge = try DistributedProblem(kind: .hinge, dataset: data, assignment: parts)
    let hingeSolution = try ReferenceSolver.solve(hinge)
    #expect(abs(hingeSolution.objective) <= 1e-12, "\(hingeSolution)")
    // Logistic without λ has no minimizer here (F → 0 along x_true); Newton follows the ray until
    // ‖∇F‖ ≤ 1e-12, where F is within 1e-10 of the infimum 0.
    let logistic = try DistributedProblem(kind: .logistic, dataset: data, assignment: parts)
    #expect(try ReferenceSolver.solve(logistic).objective <= 1e-10)
  }

  @Test func leastSquaresWithDependentFeaturesStillFindsTheOptimalValue() throws {
    // Column 2 = 2 × column 1, so only the fit along u = (1, 2, 3, −1) matters: by hand,
    // t = uᵀb/uᵀu = 11/15, ‖b − tu‖² = 14/15, F* = (14/15)/(2·4) = 7/60. The rounded Hessian is
    // barely positive definite; Newton still lands on a minimizer.
    let features = Matrix(rows: 4, columns: 2, storage: [1, 2, 2, 4, 3, 6, -1, -2])
    let data = Dataset(features: features, labels: [1, 2, 2, 0], name: "dependent")
    let problem = try DistributedProblem(
      kind: .leastSquares, dataset: data, assignment: [[0, 1], [2, 3]])
    #expect(
      TestSupport.close(try ReferenceSolver.solve(problem).objective, 7.0 / 60, tolerance: 1e-12))
    #expect(problem.strongConvexity <= 1e-12)
  }
}
