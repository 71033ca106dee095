import LinearAlgebra
import Mixing
import Simulation
import Topology

/// fᵢ(x) = ½‖x − bᵢ‖², row i of `targets` is bᵢ: F = (1/n)Σfᵢ is minimized by the mean of the bᵢ,
/// with F* = (1/n)Σᵢ ½‖mean − bᵢ‖².
struct Quadratics: LocalObjectives, Observer {
  let targets: Matrix
  var agentCount: Int { targets.rows }
  var dimension: Int { targets.columns }
  var maximumLocalSmoothness: Double { 1 }
  var strongConvexity: Double { 1 }
  var isSmooth: Bool { true }

  /// b_ij = i − 2j + 0.5·(i mod 3).
  init(agents: Int, dimension: Int) {
    var b = Matrix(rows: agents, columns: dimension)
    for i in 0..<agents {
      for j in 0..<dimension { b[i, j] = Double(i) - 2 * Double(j) + 0.5 * Double(i % 3) }
    }
    targets = b
  }

  func gradients(
    rows: Range<Int>, at x: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>
  ) {
    for k in (rows.lowerBound * dimension)..<(rows.upperBound * dimension) {
      g[k] = x[k] - targets.storage[k]
    }
  }

  var minimizer: [Double] {
    (0..<dimension).map { j in (0..<agentCount).reduce(0.0) { $0 + targets[$1, j] } / Double(agentCount) }
  }

  var optimum: Double { globalObjective(minimizer) }

  func localObjective(_ i: Int, _ x: [Double]) -> Double {
    (0..<dimension).reduce(0.0) { $0 + 0.5 * (x[$1] - targets[i, $1]) * (x[$1] - targets[i, $1]) }
  }

  func globalObjective(_ x: [Double]) -> Double {
    (0..<agentCount).reduce(0.0) { $0 + localObjective($1, x) } / Double(agentCount)
  }

  func observe(estimates: Matrix, average: [Double]) -> Observation {
    Observation(objective: globalObjective(average))
  }

  func agentObjectives(estimates x: Matrix) -> [Double] {
    (0..<agentCount).map { i in localObjective(i, (0..<dimension).map { x[i, $0] }) }
  }
}

/// Xᵏ⁺¹ = W Xᵏ − α∇f(Xᵏ): the smallest algorithm to drive the runner (one round, one gradient).
struct GradientStepAndMix: DecentralizedAlgorithm {
  let mixing: SparseMatrix
  let step: Double
  var name: String { "gradient-step-and-mix" }
  var parameters: [String: Double] { ["step": step] }

  struct State: Sendable {
    var x: Matrix
    var mixed: Matrix
    var gradient: Matrix
  }

  func makeState(initial x0: Matrix, context: inout SimulationContext) -> State {
    State(x: x0, mixed: Matrix(rows: x0.rows, columns: x0.columns),
          gradient: Matrix(rows: x0.rows, columns: x0.columns))
  }

  func step(_ s: inout State, context: inout SimulationContext) {
    context.gradients(at: s.x, into: &s.gradient)
    context.mix(s.x, with: mixing, into: &s.mixed)
    for k in 0..<s.x.storage.count { s.x.storage[k] = s.mixed.storage[k] - step * s.gradient.storage[k] }
  }

  func estimates(_ s: State) -> Matrix { s.x }
}
