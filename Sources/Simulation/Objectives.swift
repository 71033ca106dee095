import LinearAlgebra

/// The agents' private objectives f₁…fₙ as algorithms see them: a first-order oracle for all
/// agents at once, plus the constants that safe default step sizes are computed from.
///
/// Row `i` of `x` is agent `i`'s iterate; row `i` of `g` receives ∇fᵢ (a subgradient for
/// non-smooth fᵢ). The global objective is F = (1/n) Σᵢ fᵢ.
public protocol LocalObjectives: Sendable {
  var agentCount: Int { get }
  var dimension: Int { get }
  /// Writes the (sub)gradients of the local rows `rows` only: ∇fᵢ at row r of `x` into row r of
  /// `g`, with i the agent of row r. `x` and `g` hold all local rows, `dimension` values each.
  /// Calls for disjoint blocks of rows may run concurrently; allocates nothing.
  func gradients(
    rows: Range<Int>, at x: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>)
  /// About the multiply–adds of one gradient evaluation of all agents: decides whether blocks of
  /// agents are evaluated in parallel (see ``forEachBlock(count:work:_:)``).
  var gradientWork: Int { get }
  /// The largest smoothness constant of the fᵢ (∞ or 0 when non-smooth is not meaningful: see `isSmooth`).
  var maximumLocalSmoothness: Double { get }
  /// Strong convexity μ of every fᵢ (0 when none is known).
  var strongConvexity: Double { get }
  var isSmooth: Bool { get }
}

extension LocalObjectives {
  /// Cheap objectives by default: their gradients are evaluated on the calling thread.
  public var gradientWork: Int { 0 }

  /// Writes every local agent's (sub)gradient, blocks of agents in parallel when the work is
  /// large; allocates nothing.
  public func gradients(at x: Matrix, into g: inout Matrix) {
    precondition(
      x.columns == dimension && g.rows == x.rows && g.columns == dimension,
      "gradients: X and G must have the same rows and \(dimension) columns, got "
        + "\(x.rows)×\(x.columns) and \(g.rows)×\(g.columns)")
    x.storage.withUnsafeBufferPointer { xs in
      g.storage.withUnsafeMutableBufferPointer { gs in
        forEachBlock(
          count: x.rows, work: gradientWork, body: GradientRows(objectives: self, x: xs, g: gs))
      }
    }
  }
}

/// ``LocalObjectives/gradients(rows:at:into:)`` on blocks of rows.
private struct GradientRows<Objectives: LocalObjectives>: RangeLoopBody {
  let objectives: Objectives
  let x: UnsafeBufferPointer<Double>
  let g: UnsafeMutableBufferPointer<Double>

  func run(_ rows: Range<Int>) { objectives.gradients(rows: rows, at: x, into: g) }
}

/// What is observed at a recorded iteration; observing is free and not counted as communication.
public struct Observation: Sendable, Equatable {
  /// F(x̄) at the agents' average.
  public var objective: Double
  /// maxᵢ F(xᵢ): the worst agent's estimate, judged by the global objective; `nil` when skipped.
  public var worstAgentObjective: Double?
  public var trainAccuracy: Double?
  public var testAccuracy: Double?

  public init(objective: Double, worstAgentObjective: Double? = nil, trainAccuracy: Double? = nil,
              testAccuracy: Double? = nil) {
    self.objective = objective
    self.worstAgentObjective = worstAgentObjective
    self.trainAccuracy = trainAccuracy
    self.testAccuracy = testAccuracy
  }
}

/// Evaluates the global objective (and accuracy, for learning problems) of the agents' estimates.
public protocol Observer: Sendable {
  /// - Parameters:
  ///   - estimates: the local agents' estimates, one row each (all agents in-process).
  ///   - average: x̄ = (1/n) Σᵢ xᵢ over all agents.
  /// - Returns: what is known at x̄, and the worst *local* agent (the runner takes the maximum
  ///   over processes).
  func observe(estimates: Matrix, average: [Double]) -> Observation
  /// fᵢ(xᵢ) for every local agent: each agent's own objective at its own estimate.
  func agentObjectives(estimates: Matrix) -> [Double]
}
