import CGLPK
import Synchronization

/// A linear program min cᵀy subject to row bounds on Ay and column bounds on y, solved with GLPK's
/// simplex method (`glp_simplex`); the only user of `CGLPK`.
///
/// The exact rational simplex (`glp_exact`) is not used: GLPK 5.0 loads each Double into it as a
/// nearby simple rational (`set_d_eps` in glpapi07.c, relative tolerance 1e-9), so it solves a
/// perturbed LP exactly. Measured on datasets/l1_regression.svm, its vertex had F 1.7e-11
/// (relative) above the one `glp_simplex` found (0.6458549548413175 vs 0.6458549548302602;
/// scipy's HiGHS: 0.6458549548302609), and on a separable hinge problem (F* = 0) it gave
/// F = 2.8e-11 where the simplex gave 0.
struct LinearProgram {
  enum Bound {
    case free
    case lower(Double)
    case fixed(Double)
  }

  /// The cost of each column (variable).
  var costs: [Double]
  var columnBounds: [Bound]
  var rowBounds: [Bound]
  /// The constraint matrix as (row, column, value) triplets, 0-based, no repeats.
  var entries: [(row: Int, column: Int, value: Double)] = []

  /// GLPK keeps global state per thread and reports misuse by aborting; one lock keeps every call
  /// serialized, and the inputs are checked before they reach it.
  private static let lock = Mutex(())

  /// The optimal y. Throws ``SolverError`` when GLPK fails or the LP has no optimum.
  func minimize() throws -> [Double] {
    precondition(columnBounds.count == costs.count, "LinearProgram: one bound per column")
    precondition(
      entries.allSatisfy {
        (0..<rowBounds.count).contains($0.row) && (0..<costs.count).contains($0.column)
      },
      "LinearProgram: entry out of range")
    return try Self.lock.withLock { _ in
      guard let problem = glp_create_prob() else {
        throw SolverError("GLPK: cannot create a problem")
      }
      defer { glp_delete_prob(problem) }
      glp_set_obj_dir(problem, GLP_MIN)
      glp_add_rows(problem, Int32(rowBounds.count))
      glp_add_cols(problem, Int32(costs.count))
      for (i, bound) in rowBounds.enumerated() { Self.set(bound, row: Int32(i + 1), of: problem) }
      for (j, bound) in columnBounds.enumerated() {
        Self.set(bound, column: Int32(j + 1), of: problem)
        glp_set_obj_coef(problem, Int32(j + 1), costs[j])
      }
      var rowIndices: [Int32] = [0] + entries.map { Int32($0.row + 1) }
      var columnIndices: [Int32] = [0] + entries.map { Int32($0.column + 1) }
      var values: [Double] = [0] + entries.map(\.value)
      glp_load_matrix(problem, Int32(entries.count), &rowIndices, &columnIndices, &values)

      var parameters = glp_smcp()
      glp_init_smcp(&parameters)
      parameters.msg_lev = GLP_MSG_OFF
      let simplexCode = glp_simplex(problem, &parameters)
      guard simplexCode == 0 else {
        throw SolverError("GLPK glp_simplex failed: \(Self.describe(code: simplexCode))")
      }
      let status = glp_get_status(problem)
      guard status == GLP_OPT else {
        throw SolverError(
          "GLPK: the linear program has no optimal solution (\(Self.describe(status: status)))")
      }
      return (0..<costs.count).map { glp_get_col_prim(problem, Int32($0 + 1)) }
    }
  }

  private static func set(_ bound: Bound, row: Int32, of problem: OpaquePointer) {
    switch bound {
    case .free: glp_set_row_bnds(problem, row, GLP_FR, 0, 0)
    case .lower(let value): glp_set_row_bnds(problem, row, GLP_LO, value, 0)
    case .fixed(let value): glp_set_row_bnds(problem, row, GLP_FX, value, value)
    }
  }

  private static func set(_ bound: Bound, column: Int32, of problem: OpaquePointer) {
    switch bound {
    case .free: glp_set_col_bnds(problem, column, GLP_FR, 0, 0)
    case .lower(let value): glp_set_col_bnds(problem, column, GLP_LO, value, 0)
    case .fixed(let value): glp_set_col_bnds(problem, column, GLP_FX, value, value)
    }
  }

  /// GLPK's own meaning of a solver return code (glpk.h).
  private static func describe(code: Int32) -> String {
    switch code {
    case GLP_EBADB: "invalid initial basis (GLP_EBADB)"
    case GLP_ESING: "singular basis matrix (GLP_ESING)"
    case GLP_ECOND: "ill-conditioned basis matrix (GLP_ECOND)"
    case GLP_EBOUND: "incorrect bounds (GLP_EBOUND)"
    case GLP_EFAIL: "solver failure (GLP_EFAIL)"
    case GLP_EITLIM: "iteration limit exceeded (GLP_EITLIM)"
    case GLP_ETMLIM: "time limit exceeded (GLP_ETMLIM)"
    default: "return code \(code)"
    }
  }

  private static func describe(status: Int32) -> String {
    switch status {
    case GLP_INFEAS: "infeasible solution (GLP_INFEAS)"
    case GLP_NOFEAS: "no feasible solution (GLP_NOFEAS)"
    case GLP_UNBND: "unbounded (GLP_UNBND)"
    case GLP_UNDEF: "undefined (GLP_UNDEF)"
    case GLP_FEAS: "feasible, optimality not proven (GLP_FEAS)"
    default: "status \(status)"
    }
  }
}
