import LinearAlgebra
import Problems
import Simulation

/// A ``DistributedProblem`` as the simulation sees it: the agents' first-order oracle
/// (``LocalObjectives``) and the evaluation of their estimates (``Observer``).
public struct ProblemObjectives: LocalObjectives, Observer {
  public let problem: DistributedProblem
  /// Held-out samples for the test accuracy of classification problems.
  public let testSet: Dataset?
  /// The agents whose rows the matrices hold (all of them in-process).
  public let agents: LocalAgents

  /// Above this many sample evaluations, maxᵢ F(xᵢ) is not observed (it costs n·N·d per record).
  public static let worstAgentBudget = 50_000_000

  public init(problem: DistributedProblem, testSet: Dataset? = nil, agents: LocalAgents? = nil) {
    self.problem = problem
    self.testSet = testSet
    self.agents = agents ?? LocalAgents(total: problem.agentCount)
  }

  public var agentCount: Int { problem.agentCount }
  public var dimension: Int { problem.dimension }
  public var maximumLocalSmoothness: Double { problem.localSmoothness.max() ?? .infinity }
  public var strongConvexity: Double { problem.strongConvexity }
  public var isSmooth: Bool { problem.kind.isSmooth }

  public var gradientWork: Int { problem.gradientWork }

  public func gradients(
    rows: Range<Int>, at x: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>
  ) {
    if let indices = agents.indices {
      problem.gradients(rows: rows, of: indices, at: x, into: g)
    } else {
      problem.gradients(rows: rows, at: x, into: g)
    }
  }

  public func observe(estimates x: Matrix, average: [Double]) -> Observation {
    let d = x.columns
    var worst: Double?
    // Judged by the whole network's size, so that every process decides alike.
    if problem.agentCount * problem.sampleCount * d <= Self.worstAgentBudget {
      worst = x.storage.withUnsafeBufferPointer { xs in
        (0..<x.rows).map { i in
          problem.objective(UnsafeBufferPointer(rebasing: xs[(i * d)..<((i + 1) * d)]))
        }.max()
      }
    }
    return Observation(
      objective: problem.objective(average), worstAgentObjective: worst,
      trainAccuracy: problem.accuracy(at: average),
      testAccuracy: testSet.flatMap { $0.accuracy(of: average) })
  }

  public func agentObjectives(estimates x: Matrix) -> [Double] {
    x.storage.withUnsafeBufferPointer { xs in
      (0..<x.rows).map { i in
        problem.localObjective(
          agent: agents[i],
          at: UnsafeBufferPointer(rebasing: xs[(i * x.columns)..<((i + 1) * x.columns)]))
      }
    }
  }
}
