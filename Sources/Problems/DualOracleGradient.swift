import GossipCore
import LinearAlgebra

/// An inexact dual oracle for smooth, strongly convex fᵢ without a closed form (logistic
/// regression; ALGORITHMS.md §3.5): every agent runs Nesterov's constant-momentum method on
///
///     u ↦ fᵢ(u) + (ρ/2)‖u‖² − ⟨zᵢ, u⟩
///
/// (μ-strongly convex and L-smooth, μ = λ + ρ, L = maxᵢ Lᵢ + ρ),
///
/// warm-started at its previous answer, until ‖∇fᵢ(u) + ρu − zᵢ‖ ≤ δ for every agent. All agents
/// step together, so one inner step is one gradient evaluation per agent.
public struct GradientDualSolver: Sendable {
  public let problem: DistributedProblem
  /// ρ, the proximal weight added to every fᵢ.
  public let proximalWeight: Double
  /// A cap on the inner steps of one answer (reached only when δ is below rounding).
  public static let maximumSteps = 100_000

  /// Throws ``ParameterError`` when the problem is not smooth or when λ + ρ = 0.
  public init(problem: DistributedProblem, proximalWeight: Double = 0) throws {
    guard problem.kind.isSmooth else {
      throw ParameterError(
        "the dual oracle needs a smooth problem; \(problem.kind.rawValue) is not")
    }
    guard problem.regularization + proximalWeight > 0 else {
      throw ParameterError(
        "the inexact dual oracle needs strongly convex fᵢ: give λ > 0 or a proximal weight")
    }
    self.problem = problem
    self.proximalWeight = proximalWeight
  }

  /// μ = λ + ρ.
  public var strongConvexity: Double { problem.regularization + proximalWeight }
  /// L = maxᵢ Lᵢ + ρ.
  public var smoothness: Double { (problem.localSmoothness.max() ?? 0) + proximalWeight }

  public struct Workspace: Sendable {
    var previous: Matrix
    var look: Matrix
    var gradient: Matrix

    public init(rows: Int, columns: Int) {
      previous = Matrix(rows: rows, columns: columns)
      look = Matrix(rows: rows, columns: columns)
      gradient = Matrix(rows: rows, columns: columns)
    }
  }

  /// Row i of `x` ← an approximate argmin of fᵢ(u) + (ρ/2)‖u‖² − ⟨zᵢ, u⟩, starting from `x`.
  ///
  /// - Parameter gradients: evaluates ∇fᵢ at every row (the caller counts the evaluations).
  /// - Returns: the inner steps taken, i.e. gradient evaluations per agent (at least 1).
  public func minimizers(
    at z: Matrix, tolerance: Double, into x: inout Matrix, workspace w: inout Workspace,
    gradients: (Matrix, inout Matrix) -> Void
  ) -> Int {
    let mu = strongConvexity
    let lipschitz = smoothness
    let momentum =
      (lipschitz.squareRoot() - mu.squareRoot()) / (lipschitz.squareRoot() + mu.squareRoot())
    let rho = proximalWeight
    let d = problem.dimension
    let count = x.storage.count
    copy(x, into: &w.previous)
    for step in 1...Self.maximumSteps {
      // look = u + β(u − u₋); g = ∇f(look) + ρ·look − z.
      x.storage.withUnsafeBufferPointer { u in
        w.previous.storage.withUnsafeBufferPointer { p in
          w.look.storage.withUnsafeMutableBufferPointer { y in
            for k in 0..<count { y[k] = u[k] + momentum * (u[k] - p[k]) }
          }
        }
      }
      gradients(w.look, &w.gradient)
      var worst = 0.0
      w.look.storage.withUnsafeBufferPointer { y in
        z.storage.withUnsafeBufferPointer { z in
          w.gradient.storage.withUnsafeMutableBufferPointer { g in
            for agent in 0..<problem.agentCount {
              var norm = 0.0
              for k in (agent * d)..<((agent + 1) * d) {
                g[k] += rho * y[k] - z[k]
                norm += g[k] * g[k]
              }
              worst = max(worst, norm)
            }
          }
        }
      }
      if worst.squareRoot() <= tolerance || step == Self.maximumSteps {
        copy(w.look, into: &x)
        return step
      }
      // u₋ ← u; u ← look − g/L.
      copy(x, into: &w.previous)
      w.look.storage.withUnsafeBufferPointer { y in
        w.gradient.storage.withUnsafeBufferPointer { g in
          x.storage.withUnsafeMutableBufferPointer { u in
            for k in 0..<count { u[k] = y[k] - g[k] / lipschitz }
          }
        }
      }
    }
    preconditionFailure("unreachable: the last step returns")
  }

  private func copy(_ a: Matrix, into b: inout Matrix) {
    a.storage.withUnsafeBufferPointer { a in
      b.storage.withUnsafeMutableBufferPointer { b in _ = b.update(fromContentsOf: a) }
    }
  }
}
