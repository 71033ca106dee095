import Foundation
import GossipCore
import LinearAlgebra

/// A computation that did not succeed, with the reason (exit 1).
public struct SolverError: GossipError, Equatable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var exitStatus: ExitStatus { .failure }
  public var description: String { "error: \(message)" }
}

/// A minimizer of F found by a centralized solver, and F there.
public struct ReferenceSolution: Sendable {
  public let x: [Double]
  /// F(x), evaluated by ``DistributedProblem/objective(_:)-([Double])``.
  public let objective: Double
  /// How it was found, with the achieved accuracy.
  public let method: String
}

/// The optimal value F* of a ``DistributedProblem`` by a centralized solver, to measure the
/// suboptimality F(x̄) − F* of decentralized runs.
public enum ReferenceSolver {
  /// Solves the problem with the solver that fits its kind:
  /// - least squares, ridge, logistic: Newton's method with an Armijo backtracking line search
  ///   from x = 0, to ‖∇F‖ ≤ 1e-12 (one step solves the normal equations
  ///   (AᵀA/N + λI)x = Aᵀb/N of least squares/ridge; the second confirms it);
  /// - L1 regression: the LP min (1/N)Σ(u_s + v_s) s.t. a_sᵀx − u_s + v_s = b_s, u, v ≥ 0, with
  ///   GLPK's simplex method;
  /// - hinge with λ = 0: the LP min (1/N)Σξ_s s.t. b_s a_sᵀx + ξ_s ≥ 1, ξ ≥ 0, with GLPK;
  /// - hinge with λ > 0 (a QP, which GLPK cannot solve): dual coordinate descent (Hsieh et al.,
  ///   ICML 2008, doi:10.1145/1390156.1390208) with an active-set polish, to a duality gap
  ///   ≤ 1e-12·max(1, F).
  ///
  /// Throws ``SolverError`` when the problem has no minimizer (e.g. least squares with singular
  /// AᵀA, logistic without regularization on separable data) or GLPK fails.
  public static func solve(_ problem: DistributedProblem) throws -> ReferenceSolution {
    switch problem.kind {
    case .leastSquares, .ridge, .logistic: return try newton(problem)
    case .l1Regression: return try leastAbsoluteDeviations(problem)
    case .hinge:
      return problem.regularization > 0
        ? dualCoordinateDescent(problem) : try hingeLinearProgram(problem)
    }
  }

  // MARK: Newton

  private static let gradientTolerance = 1e-12

  private static func newton(_ problem: DistributedProblem) throws -> ReferenceSolution {
    let d = problem.dimension
    let total = Double(problem.sampleCount)
    var x = [Double](repeating: 0, count: d)
    var value = problem.objective(x)
    var gradient = problem.gradient(x)
    var gradientNorm = DenseKernels.squaredNorm(gradient).squareRoot()
    var iterations = 0
    var weights = [Double](repeating: 0, count: problem.sampleCount)
    while gradientNorm > gradientTolerance && iterations < 100 {
      iterations += 1
      problem.rows.withUnsafeBufferPointer { a in
        x.withUnsafeBufferPointer { xs in
          for s in 0..<problem.sampleCount {
            let z = DenseKernels.dot(a.baseAddress! + s * d, xs.baseAddress!, count: d)
            weights[s] = problem.kind.curvature(z, label: problem.targets[s]) / total
          }
        }
      }
      var hessian = problem.rows.withUnsafeBufferPointer { a in
        weights.withUnsafeBufferPointer {
          DenseKernels.gram(a, rows: problem.sampleCount, columns: d, weights: $0)
        }
      }
      for k in 0..<d { hessian[k * d + k] += problem.regularization }
      guard let direction = Cholesky.solve(Matrix(rows: d, columns: d, storage: hessian), gradient.map { -$0 })
      else {
        throw SolverError(
          "\(problem.kind.rawValue): the Hessian is singular, so the minimizer is not unique or does not exist; choose a regularization λ > 0 (ridge for least squares)"
        )
      }
      let slope = DenseKernels.dot(gradient[...], direction[...])
      var step = 1.0
      var candidate = x
      var candidateValue = value
      while step >= 1e-10 {
        for k in 0..<d { candidate[k] = x[k] + step * direction[k] }
        candidateValue = problem.objective(candidate)
        if candidateValue <= value + 1e-4 * step * slope { break }
        step /= 2
      }
      guard step >= 1e-10 else { break }  // rounding floor: no step decreases F any more
      x = candidate
      value = candidateValue
      gradient = problem.gradient(x)
      gradientNorm = DenseKernels.squaredNorm(gradient).squareRoot()
    }
    guard gradientNorm <= 1e-8 else {
      throw SolverError(
        "\(problem.kind.rawValue): Newton's method stopped at gradient norm \(gradientNorm) after \(iterations) iterations; the problem may have no minimizer (logistic without regularization on separable data): choose λ > 0"
      )
    }
    return ReferenceSolution(
      x: x, objective: value,
      method:
        "Newton with line search, \(iterations) iterations, gradient norm \(gradientNorm.formatted(.number.notation(.scientific).precision(.significantDigits(2))))"
    )
  }

  // MARK: Linear programs (GLPK)

  private static let linearProgramMethod = "linear program, GLPK simplex (glp_simplex)"

  private static func leastAbsoluteDeviations(_ problem: DistributedProblem) throws
    -> ReferenceSolution
  {
    let (d, count) = (problem.dimension, problem.sampleCount)
    // Columns: x (d, free), u (N, ≥ 0), v (N, ≥ 0). Rows: a_sᵀx − u_s + v_s = b_s.
    var program = LinearProgram(
      costs: [Double](repeating: 0, count: d)
        + [Double](repeating: 1 / Double(count), count: 2 * count),
      columnBounds: [LinearProgram.Bound](repeating: .free, count: d)
        + [LinearProgram.Bound](repeating: .lower(0), count: 2 * count),
      rowBounds: problem.targets.map { .fixed($0) })
    for s in 0..<count {
      for k in 0..<d where problem.rows[s * d + k] != 0 {
        program.entries.append((s, k, problem.rows[s * d + k]))
      }
      program.entries.append((s, d + s, -1))
      program.entries.append((s, d + count + s, 1))
    }
    let x = Array(try program.minimize().prefix(d))
    return ReferenceSolution(x: x, objective: problem.objective(x), method: linearProgramMethod)
  }

  private static func hingeLinearProgram(_ problem: DistributedProblem) throws -> ReferenceSolution
  {
    let (d, count) = (problem.dimension, problem.sampleCount)
    // Columns: x (d, free), ξ (N, ≥ 0). Rows: b_s a_sᵀx + ξ_s ≥ 1.
    var program = LinearProgram(
      costs: [Double](repeating: 0, count: d)
        + [Double](repeating: 1 / Double(count), count: count),
      columnBounds: [LinearProgram.Bound](repeating: .free, count: d)
        + [LinearProgram.Bound](repeating: .lower(0), count: count),
      rowBounds: [LinearProgram.Bound](repeating: .lower(1), count: count))
    for s in 0..<count {
      for k in 0..<d where problem.rows[s * d + k] != 0 {
        program.entries.append((s, k, problem.targets[s] * problem.rows[s * d + k]))
      }
      program.entries.append((s, d + s, 1))
    }
    let x = Array(try program.minimize().prefix(d))
    return ReferenceSolution(x: x, objective: problem.objective(x), method: linearProgramMethod)
  }

  // MARK: Hinge with λ > 0

  /// F = λ·P with the SVM primal P(w) = ½‖w‖² + C Σ max(0, 1 − b_s wᵀa_s), C = 1/(λN), whose
  /// dual is max D(α) = Σα_s − ½‖Σ α_s b_s a_s‖² over 0 ≤ α ≤ C, with w = Σ α_s b_s a_s.
  private static func dualCoordinateDescent(_ problem: DistributedProblem) -> ReferenceSolution {
    let (d, count) = (problem.dimension, problem.sampleCount)
    let lambda = problem.regularization
    let bound = 1 / (lambda * Double(count))
    let a = problem.rows
    let b = problem.targets
    func row(_ s: Int) -> ArraySlice<Double> { a[(s * d)..<((s + 1) * d)] }
    let diagonal = (0..<count).map { DenseKernels.dot(row($0), row($0)) }
    var alpha = [Double](repeating: 0, count: count)
    var w = [Double](repeating: 0, count: d)
    var order = Array(0..<count)
    var rng = SeededGenerator(seed: 2008)
    var best = (x: w, gap: Double.infinity)
    var epochs = 0
    while epochs < 20_000 {
      order.shuffle(using: &rng)
      a.withUnsafeBufferPointer { ap in
        w.withUnsafeMutableBufferPointer { wp in
          for s in order {
            let row = ap.baseAddress! + s * d
            let old = alpha[s]
            let new: Double
            if diagonal[s] == 0 {
              new = bound  // the dual objective is increasing in α_s
            } else {
              let g = b[s] * DenseKernels.dot(row, wp.baseAddress!, count: d) - 1
              new = min(max(old - g / diagonal[s], 0), bound)
            }
            if new != old {
              alpha[s] = new
              DenseKernels.axpy((new - old) * b[s], row, wp.baseAddress!, count: d)
            }
          }
        }
      }
      epochs += 1
      guard epochs % 10 == 0 else { continue }
      let gap = dualityGap(problem, alpha: alpha, w: w, bound: bound)
      if gap < best.gap { best = (w, gap) }
      if gap <= 1e-6 * max(1, problem.objective(w)),
        let polished = polish(problem, alpha: alpha, bound: bound)
      {
        let polishedGap = dualityGap(problem, alpha: polished.alpha, w: polished.w, bound: bound)
        if polishedGap < best.gap { best = (polished.w, polishedGap) }
      }
      if best.gap <= 1e-12 * max(1, problem.objective(best.x)) { break }
    }
    return ReferenceSolution(
      x: best.x, objective: problem.objective(best.x),
      method:
        "dual coordinate descent (Hsieh et al. 2008) with active-set polish, \(epochs) epochs, duality gap \(best.gap.formatted(.number.notation(.scientific).precision(.significantDigits(2))))"
    )
  }

  /// λ·(P(w) − D(α)) ≥ F(w) − F*, in the units of F.
  private static func dualityGap(
    _ problem: DistributedProblem, alpha: [Double], w: [Double], bound: Double
  ) -> Double {
    let lambda = problem.regularization
    let dual = alpha.reduce(0, +) - 0.5 * DenseKernels.squaredNorm(w)
    return max(0, problem.objective(w) - lambda * dual)
  }

  /// With the samples at a bound (α = 0 or C) taken as final, the free ones (0 < α < C) lie on
  /// the margin, b_f wᵀa_f = 1: solve (Z_F Z_Fᵀ) α_F = 1 − Z_F w_B for z_f = b_f a_f. Nil when
  /// that system is singular or its solution leaves the box.
  private static func polish(
    _ problem: DistributedProblem, alpha: [Double], bound: Double
  ) -> (alpha: [Double], w: [Double])? {
    let d = problem.dimension
    let a = problem.rows
    let b = problem.targets
    func row(_ s: Int) -> ArraySlice<Double> { a[(s * d)..<((s + 1) * d)] }
    let free = alpha.indices.filter { alpha[$0] > 0 && alpha[$0] < bound }
    guard !free.isEmpty, free.count <= d else { return nil }
    var wBound = [Double](repeating: 0, count: d)
    for s in alpha.indices where alpha[s] > 0 && !(alpha[s] < bound) {
      DenseKernels.axpy(alpha[s] * b[s], row(s), &wBound)
    }
    let m = free.count
    var system = [Double](repeating: 0, count: m * m)
    var rhs = [Double](repeating: 0, count: m)
    for (i, f) in free.enumerated() {
      rhs[i] = 1 - b[f] * DenseKernels.dot(row(f), wBound[...])
      for (j, g) in free.enumerated() {
        system[i * m + j] = b[f] * b[g] * DenseKernels.dot(row(f), row(g))
      }
    }
    guard let solution = Cholesky.solve(Matrix(rows: m, columns: m, storage: system), rhs),
      solution.allSatisfy({ $0 >= 0 && $0 <= bound })
    else { return nil }
    var polished = alpha
    var w = wBound
    for (i, f) in free.enumerated() {
      polished[f] = solution[i]
      DenseKernels.axpy(solution[i] * b[f], row(f), &w)
    }
    return (polished, w)
  }
}
