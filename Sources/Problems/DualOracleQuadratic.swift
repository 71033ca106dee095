import GossipCore
import LinearAlgebra

/// The exact dual oracle of least squares and ridge (ALGORITHMS.md §3.1): agent i has
/// fᵢ(u) = ½uᵀHᵢu − cᵢᵀu + const with Hᵢ = (n/N)AᵢᵀAᵢ + λI and cᵢ = (n/N)Aᵢᵀbᵢ, plus an optional
/// proximal term (ρ/2)‖u‖² (the regularization of ALGORITHMS.md §3.4), so
///
///     xᵢ(z) = argmin_u fᵢ(u) + (ρ/2)‖u‖² − ⟨z, u⟩ = (Hᵢ + ρI)⁻¹(cᵢ + z).
///
/// (Hᵢ + ρI)⁻¹ is computed once per agent (d Cholesky solves, O(d⁴/3)) and every answer is then one
/// d×d product per agent, O(n·d²).
public struct QuadraticDualSolver: Sendable {
  public let problem: DistributedProblem
  /// ρ, the proximal weight added to every fᵢ.
  public let proximalWeight: Double
  /// minᵢ λ_min(Hᵢ) + ρ: the strong convexity of every regularized fᵢ.
  public let strongConvexity: Double
  /// maxᵢ λ_max(Hᵢ) + ρ: the smoothness of every regularized fᵢ.
  public let smoothness: Double
  /// (Hᵢ + ρI)⁻¹, row-major d×d blocks, agent after agent.
  let inverses: [Double]
  /// cᵢ = (n/N)Aᵢᵀbᵢ, d entries per agent.
  let linearTerms: [Double]
  /// Hᵢ + ρI counts as singular when λ_min ≤ 1e-13·λ_max.
  public static let conditionLimit = 1e-13

  /// Throws ``ParameterError`` when the problem is not least squares or ridge, or when some
  /// Hᵢ + ρI is (numerically, ``conditionLimit``) singular (least squares with fewer local samples than features and ρ = 0: give
  /// ρ > 0, i.e. the regularized settings c/d).
  public init(problem: DistributedProblem, proximalWeight: Double = 0) throws {
    guard problem.kind == .leastSquares || problem.kind == .ridge else {
      throw ParameterError(
        "the closed-form dual oracle needs least squares or ridge, not \(problem.kind.rawValue)")
    }
    let d = problem.dimension
    let scale = Double(problem.agentCount) / Double(problem.sampleCount)
    var inverses = [Double]()
    var linearTerms = [Double]()
    inverses.reserveCapacity(problem.agentCount * d * d)
    var smallest = Double.infinity
    var largest = 0.0
    for agent in 0..<problem.agentCount {
      var hessian = Matrix(rows: d, columns: d)
      var linear = [Double](repeating: 0, count: d)
      for s in problem.agentRows(agent) {
        let row = problem.rows[(s * d)..<((s + 1) * d)]
        for j in 0..<d {
          let aj = row[row.startIndex + j]
          linear[j] += scale * aj * problem.targets[s]
          for k in 0..<d { hessian[j, k] += scale * aj * row[row.startIndex + k] }
        }
      }
      for j in 0..<d { hessian[j, j] += problem.regularization + proximalWeight }
      let eigenvalues = try SymmetricEigen.eigenvalues(of: hessian)
      smallest = min(smallest, eigenvalues.first ?? 0)
      largest = max(largest, eigenvalues.last ?? 0)
      // Below this condition number the inverse carries no correct digit.
      let numericallySingular = smallest <= Self.conditionLimit * largest
      for j in 0..<d {
        var unit = [Double](repeating: 0, count: d)
        unit[j] = 1
        guard !numericallySingular, let column = Cholesky.solve(hessian, unit) else {
          throw ParameterError(
            "agent \(agent)'s least-squares objective is not strongly convex (fewer samples than features); use setting c or d, which add a proximal term"
          )
        }
        // H⁻¹ is symmetric: its j-th column is its j-th row.
        inverses.append(contentsOf: column)
      }
      linearTerms.append(contentsOf: linear)
    }
    self.problem = problem
    self.proximalWeight = proximalWeight
    self.strongConvexity = smallest
    self.smoothness = largest
    self.inverses = inverses
    self.linearTerms = linearTerms
  }

  /// Row i of `x` ← (Hᵢ + ρI)⁻¹(cᵢ + zᵢ). Allocates nothing.
  public func minimizers(at z: Matrix, into x: inout Matrix) {
    let d = problem.dimension
    precondition(
      z.rows == problem.agentCount && z.columns == d && x.rows == z.rows
        && x.columns == d, "the dual oracle needs n×d matrices")
    inverses.withUnsafeBufferPointer { h in
      linearTerms.withUnsafeBufferPointer { c in
        z.storage.withUnsafeBufferPointer { z in
          x.storage.withUnsafeMutableBufferPointer { x in
            for agent in 0..<problem.agentCount {
              let block = agent * d * d
              let offset = agent * d
              for j in 0..<d {
                var sum = 0.0
                for k in 0..<d { sum += h[block + j * d + k] * (c[offset + k] + z[offset + k]) }
                x[offset + j] = sum
              }
            }
          }
        }
      }
    }
  }
}
