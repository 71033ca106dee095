import LinearAlgebra
import Problems
import Simulation

/// The dual oracle of a ``DistributedProblem`` (ALGORITHMS.md §3.1, §3.5): exact for least squares
/// and ridge (``QuadraticDualSolver``, one local evaluation per call), an inner accelerated loop
/// for logistic regression (``GradientDualSolver``, its gradient evaluations counted).
///
/// `proximalWeight` ρ adds (ρ/2)‖u‖² to every fᵢ: the regularization μ_r of settings c and d.
public struct ProblemDualOracle: DualOracle {
  enum Solver: Sendable {
    case exact(QuadraticDualSolver)
    case inexact(GradientDualSolver)
  }

  let solver: Solver
  public let agentCount: Int
  public let dimension: Int
  public let strongConvexity: Double
  public let smoothness: Double

  /// Throws ``ParameterError`` for non-smooth problems and when the (regularized) fᵢ are not
  /// strongly convex.
  public init(problem: DistributedProblem, proximalWeight: Double = 0) throws {
    switch problem.kind {
    case .leastSquares, .ridge:
      let exact = try QuadraticDualSolver(problem: problem, proximalWeight: proximalWeight)
      solver = .exact(exact)
      strongConvexity = exact.strongConvexity
      smoothness = exact.smoothness
    default:
      let inexact = try GradientDualSolver(problem: problem, proximalWeight: proximalWeight)
      solver = .inexact(inexact)
      strongConvexity = inexact.strongConvexity
      smoothness = inexact.smoothness
    }
    agentCount = problem.agentCount
    dimension = problem.dimension
  }

  /// The local strong convexity minᵢ μᵢ of the unregularized fᵢ: λ_min of the local Hessians for
  /// least squares and ridge, λ for the other kinds (0 when a least-squares fᵢ is singular).
  public static func localStrongConvexity(of problem: DistributedProblem) -> Double {
    switch problem.kind {
    case .leastSquares, .ridge:
      (try? QuadraticDualSolver(problem: problem))?.strongConvexity ?? 0
    default:
      problem.regularization
    }
  }

  public func makeWorkspace() -> GradientDualSolver.Workspace? {
    switch solver {
    case .exact: nil
    case .inexact: GradientDualSolver.Workspace(rows: agentCount, columns: dimension)
    }
  }

  public func minimizers(
    at z: Matrix, tolerance: Double, into x: inout Matrix,
    workspace: inout GradientDualSolver.Workspace?, context: inout SimulationContext
  ) {
    switch solver {
    case .exact(let exact):
      exact.minimizers(at: z, into: &x)
      context.countLocalEvaluations(1)
    case .inexact(let inexact):
      let steps = inexact.minimizers(
        at: z, tolerance: tolerance, into: &x, workspace: &workspace!,
        gradients: { inexact.problem.gradients(at: $0, into: &$1) })
      context.countLocalEvaluations(steps)
    }
  }
}
