import Algorithms
import Experiments
import Foundation
import GossipCore
import LinearAlgebra
import Mixing
import Problems
import Simulation
import Topology

/// Ridge problems whose agents all have the same diagonal Hessian H = diag(h): agent i holds the d
/// rows √(4(hⱼ − λ))·eⱼ (so (n/N)AᵢᵀAᵢ = diag(h) − λI with N = n·d, n/N = 1/d = 1/4) and seeded
/// random targets. Then the dual's Hessian is W̄ ⊗ H⁻¹, whose extreme eigenvalues are exactly
/// λ₁(W̄)/min h and λₙ₋₁(W̄)/max h: κ = max h/min h and the rate 1 − 1/√(κχ) is attained.
/// x* = H⁻¹ meanᵢ cᵢ with cᵢ = (n/N)Aᵢᵀbᵢ, computed here from the data (closed form).
struct DiagonalRidge {
  static let regularization = 0.1
  let diagonal: [Double]
  let problem: DistributedProblem
  let optimum: [Double]
  private let linear: [Double]

  init(agents n: Int, diagonal h: [Double], seed: UInt64 = 7) throws {
    let d = h.count
    var rng = SeededGenerator(seed: seed)
    var a = Matrix(rows: n * d, columns: d)
    var b = [Double](repeating: 0, count: n * d)
    for i in 0..<n {
      for j in 0..<d {
        a[i * d + j, j] = (Double(d) * (h[j] - Self.regularization)).squareRoot()
        b[i * d + j] = Double.random(in: -2...2, using: &rng)
      }
    }
    let dataset = Dataset(features: a, labels: b, name: "diagonal-ridge")
    problem = try DistributedProblem(
      kind: .ridge, dataset: dataset,
      assignment: (0..<n).map { Array(($0 * d)..<(($0 + 1) * d)) },
      regularization: Self.regularization)
    diagonal = h
    linear = (0..<(n * d)).map { a[$0, $0 % d] * b[$0] / Double(d) }
    optimum = (0..<d).map { j in
      (0..<n).reduce(0.0) { $0 + a[$1 * d + j, j] * b[$1 * d + j] } / Double(d) / Double(n) / h[j]
    }
  }

  var kappa: Double { diagonal.max()! / diagonal.min()! }

  /// cᵢⱼ = (n/N)(Aᵢᵀbᵢ)ⱼ = aᵢⱼ bᵢⱼ / d, from the data set.
  func linearTerm(agent i: Int, feature j: Int) -> Double {
    linear[i * diagonal.count + j]
  }
}

/// A network with its Laplacian and the Laplacian's extreme non-zero eigenvalues (dense LAPACK).
struct LaplacianNetwork {
  let graph: Graph
  let laplacian: SparseMatrix
  let lambdaMax: Double
  let lambdaSmallest: Double

  init(_ graph: Graph) throws {
    self.graph = graph
    laplacian = MixingMatrix.laplacian(graph)
    let values = try SymmetricEigen.eigenvalues(of: laplacian.toDense())
    lambdaMax = values.last!
    lambdaSmallest = values[1]
  }

  var chi: Double { lambdaMax / lambdaSmallest }

  var interaction: DualInteraction {
    .gossip(laplacian, lambdaMax: lambdaMax, smallestPositive: lambdaSmallest)
  }

  func context(objectives: some LocalObjectives) throws -> SimulationContext {
    let timeModel = try TimeModel(tau: 0, network: graph)
    return SimulationContext(
      communicator: InProcessCommunicator(network: graph, timeModel: timeModel),
      objectives: objectives, timeModel: timeModel)
  }

  /// Σ_{(i,j)∈E} ‖xᵢ − xⱼ‖² = tr(XᵀW̄X): the consensus residual ‖X√W̄‖².
  func disagreement(_ x: Matrix) -> Double {
    graph.edges.reduce(0.0) { sum, e in
      sum + (0..<x.columns).reduce(0.0) { $0 + pow(x[e.u, $1] - x[e.v, $1], 2) }
    }
  }
}

/// maxᵢ ‖xᵢ − x*‖.
func largestError(_ x: Matrix, _ optimum: [Double]) -> Double {
  (0..<x.rows).map { i in
    (0..<x.columns).reduce(0.0) { $0 + pow(x[i, $1] - optimum[$1], 2) }.squareRoot()
  }.max()!
}

/// The errors maxᵢ ‖xᵢᵏ − x*‖ of `iterations` iterations of `algorithm` (index k − 1 = after k).
func errors<Oracle>(
  _ algorithm: DualAccelerated<Oracle>, network: LaplacianNetwork, objectives: some LocalObjectives,
  optimum: [Double], iterations: Int,
  inspect: (DualAccelerated<Oracle>.State) -> Void = { _ in }
) throws -> [Double] {
  var context = try network.context(objectives: objectives)
  var state = algorithm.makeState(
    initial: Matrix(rows: network.graph.nodeCount, columns: optimum.count), context: &context)
  return (0..<iterations).map { _ in
    algorithm.step(&state, context: &context)
    inspect(state)
    return largestError(algorithm.estimates(state), optimum)
  }
}

/// The per-iteration contraction of e_k ≈ C·k·qᵏ (the double root of critically damped momentum
/// at the dual's smallest eigenvalue), fitted between iterations k₁ and k₂ (1-based).
func fittedContraction(_ e: [Double], from k1: Int, to k2: Int) -> Double {
  pow((e[k2 - 1] / Double(k2)) / (e[k1 - 1] / Double(k1)), 1 / Double(k2 - k1))
}
