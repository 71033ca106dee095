import Algorithms
import GossipCore
import LinearAlgebra
import Simulation
import Testing
import Topology

/// fᵢ(x) = (L/2)‖x − bᵢ‖²: every local Hessian is L·I, the case the default steps are derived
/// from. F is minimized by the mean of the bᵢ.
private struct IdenticalHessians: LocalObjectives, Observer {
  let curvature: Double
  let targets: Matrix
  var agentCount: Int { targets.rows }
  var dimension: Int { targets.columns }
  var maximumLocalSmoothness: Double { curvature }
  var strongConvexity: Double { curvature }
  var isSmooth: Bool { true }

  func gradients(
    rows: Range<Int>, at x: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>
  ) {
    for k in (rows.lowerBound * dimension)..<(rows.upperBound * dimension) {
      g[k] = curvature * (x[k] - targets.storage[k])
    }
  }

  func objective(_ x: [Double]) -> Double {
    var sum = 0.0
    for i in 0..<agentCount {
      for j in 0..<dimension { sum += 0.5 * curvature * (x[j] - targets[i, j]) * (x[j] - targets[i, j]) }
    }
    return sum / Double(agentCount)
  }

  var minimizer: [Double] {
    (0..<dimension).map { j in (0..<agentCount).reduce(0.0) { $0 + targets[$1, j] } / Double(agentCount) }
  }

  func observe(estimates: Matrix, average: [Double]) -> Observation {
    Observation(objective: objective(average))
  }

  func agentObjectives(estimates x: Matrix) -> [Double] { [] }
}

/// Each default step is half the exact stability limit on identical Hessians (docs/algorithms.md):
/// 0.9× the limit (1.8× the default) converges, 1.1× the limit (2.2× the default) diverges.
/// The limits are the Jury conditions of the per-eigenvalue recursions, checked independently
/// with numpy by scanning the spectral radius over λ ∈ [λₙ, 1]. On the ring of 16 λₙ = −1/3 and
/// on the 4×4 torus λₙ = −0.6 (closed forms of the Metropolis weights 1/3 and 1/5).
@Suite struct DefaultStepTests {
  static let networks = ["ring-16", "torus-4x4"].map { name in Network.all.first { $0.name == name }! }

  static func algorithms(_ network: Network, smoothness: Double, factor: Double)
    -> [any DecentralizedAlgorithm]
  {
    let lambda = network.smallestEigenvalue
    let w = network.mixing
    return [
      DGD(mixing: w, schedule: .constant(
        factor * DGD.defaultStep(smoothness: smoothness, smallestMixingEigenvalue: lambda))),
      EXTRA(mixing: w, step:
        factor * EXTRA.defaultStep(smoothness: smoothness, smallestMixingEigenvalue: lambda)),
      GradientTracking(mixing: w, step: factor * GradientTracking.defaultStep(
        smoothness: smoothness, smallestMixingEigenvalue: lambda)),
      GradientTracking(mixing: w, step: factor * GradientTracking.defaultStep(
        smoothness: smoothness, smallestMixingEigenvalue: lambda, variant: .adaptThenCombine),
        variant: .adaptThenCombine),
    ]
  }

  @Test(arguments: networks) func defaultsAreHalfTheStabilityLimit(network: Network) throws {
    let n = network.graph.nodeCount
    var rng = SeededGenerator(seed: 17)
    let random = { (rows: Int) in
      Matrix(rows: rows, columns: 2, storage: (0..<(2 * rows)).map { _ in Double.random(in: -1...1, using: &rng) })
    }
    let objectives = IdenticalHessians(curvature: 4, targets: random(n))
    let x0 = random(n)
    let optimum = objectives.objective(objectives.minimizer)
    for (factor, stable) in [(1.8, true), (2.2, false)] {
      for algorithm in Self.algorithms(network, smoothness: 4, factor: factor) {
        let timeModel = try TimeModel(tau: 0, network: network.graph)
        var context = SimulationContext(
          communicator: InProcessCommunicator(network: network.graph, timeModel: timeModel),
          objectives: objectives, timeModel: timeModel)
        let runner = try Runner(stop: StopRule(iterations: 20_000), recordEvery: 10, optimum: optimum)
        let trace = runner.run(algorithm, initial: x0, context: &context, observer: objectives)
        let label = "\(algorithm.name) \(algorithm.parameters) at \(factor)× the default"
        if stable {
          #expect(trace.status == .completed, "\(label)")
          // The exact methods also reach consensus (DGD stops at its biased fixed point).
          if algorithm.name != "dgd" {
            let first = trace.records[0]
            let last = trace.records[trace.records.count - 1]
            #expect(last.consensusError < 1e-6 * first.consensusError, "\(label)")
          }
        } else {
          #expect(trace.status == .diverged, "\(label)")
        }
      }
    }
  }
}
