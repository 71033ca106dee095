import Algorithms
import Foundation
import Testing
import Experiments
import GossipCore
import GossipTestSupport
import LinearAlgebra
import Mixing
import Problems
import Simulation
import Topology

/// The bundled data set and topologies, read once.
enum Fixtures {
  static let breastCancer = try! LIBSVM.read(
    path: TestSupport.repositoryRoot.appendingPathComponent("datasets/breast_cancer.svm").path)

  /// F* of the breast-cancer logistic problem with λ = 1e-2, pinned in
  /// Tests/ProblemsTests/ReferenceSolverTests.swift (scipy BFGS then numpy Newton, ‖∇F‖ ≈ 1e-17).
  static let logisticOptimum = 0.10241656575570418

  static func topologyFile(_ name: String) throws -> Graph {
    try TopologyFile.read(
      path: TestSupport.repositoryRoot.appendingPathComponent("topologies/\(name)").path
    ).graph
  }
}

/// A connected network with its Metropolis mixing matrix and the spectral numbers the default
/// steps need (all eigenvalues of the dense W with LAPACK).
struct Network: CustomTestStringConvertible, Sendable {
  let name: String
  let graph: Graph
  let mixing: SparseMatrix
  /// λₙ(W), the smallest eigenvalue.
  let smallestEigenvalue: Double
  /// max(|λ₂(W)|, |λₙ(W)|).
  let slem: Double

  init(_ name: String, _ graph: Graph) throws {
    self.name = name
    self.graph = graph
    mixing = try MixingMatrix.make(graph, rule: .metropolis)
    let values = try SymmetricEigen.eigenvalues(of: mixing.toDense())
    smallestEigenvalue = values[0]
    slem = max(abs(values[values.count - 2]), abs(values[0]))
  }

  var testDescription: String { "\(name) (n = \(graph.nodeCount))" }

  /// The topologies of the convergence tests: two real networks, a ring, a torus and G(n, p).
  static let all: [Network] = {
    var rng = SeededGenerator(seed: 11)
    return try! [
      Network("abilene", Fixtures.topologyFile("abilene.gml")),
      Network("geant2012", Fixtures.topologyFile("geant2012.gml")),
      Network("ring-16", Graph.ring(nodes: 16)),
      Network("torus-4x4", Graph.torus(rows: 4, cols: 4)),
      Network("erdos-renyi-20-0.3", Graph.erdosRenyi(nodes: 20, probability: 0.3, using: &rng)),
    ]
  }()
}

/// A problem split over the agents of a network (iid unless told), with its simulation context.
struct Setup {
  let network: Network
  let problem: DistributedProblem
  let objectives: ProblemObjectives

  init(_ network: Network, kind: ProblemKind = .logistic, dataset: Dataset = Fixtures.breastCancer,
       regularization: Double = 1e-2, rule: PartitionRule = .iid, seed: UInt64 = 3) throws {
    var rng = SeededGenerator(seed: seed)
    let parts = try Partition.assign(
      samples: dataset.sampleCount, labels: dataset.labels, agents: network.graph.nodeCount,
      rule: rule, using: &rng)
    self.network = network
    problem = try DistributedProblem(
      kind: kind, dataset: dataset, assignment: parts, regularization: regularization)
    objectives = ProblemObjectives(problem: problem)
  }

  var smoothness: Double { objectives.maximumLocalSmoothness }
  var agents: Int { problem.agentCount }
  var dimension: Int { problem.dimension }

  func context(tau: Double = 0) throws -> SimulationContext {
    let timeModel = try TimeModel(tau: tau, network: network.graph)
    return SimulationContext(
      communicator: InProcessCommunicator(network: network.graph, timeModel: timeModel),
      objectives: objectives, timeModel: timeModel)
  }

  /// X = 0.
  var origin: Matrix { Matrix(rows: agents, columns: dimension) }

  /// Runs `algorithm` from X = 0 until F(x̄) − F* ≤ `tolerance` (when given) or `iterations`.
  func run(
    _ algorithm: some DecentralizedAlgorithm, optimum: Double, tolerance: Double? = nil,
    iterations: Int, recordEvery: Int = 10
  ) throws -> Trace {
    var context = try context()
    let runner = try Runner(
      stop: StopRule(iterations: iterations, tolerance: tolerance), recordEvery: recordEvery,
      optimum: optimum)
    return runner.run(
      algorithm, initial: origin, context: &context, observer: AverageObjective(problem: problem))
  }
}

/// Observes F(x̄) only (the worst agent's objective would cost n evaluations of F per record).
struct AverageObjective: Observer {
  let problem: DistributedProblem

  func observe(estimates: Matrix, average: [Double]) -> Observation {
    Observation(objective: problem.objective(average))
  }

  func agentObjectives(estimates x: Matrix) -> [Double] {
    x.storage.withUnsafeBufferPointer { xs in
      (0..<x.rows).map { i in
        problem.localObjective(
          agent: i, at: UnsafeBufferPointer(rebasing: xs[(i * x.columns)..<((i + 1) * x.columns)]))
      }
    }
  }
}

/// A ridge problem whose optimum has a closed form: the columns of A (64 × 4, entries ±1) are
/// Walsh functions, (A)_sj = (−1)^popcount(s & 2^j), so AᵀA = N·I and
/// x* = (AᵀA/N + λI)⁻¹ Aᵀb/N = Aᵀb/(N(1 + λ)).
/// The targets are b = A·(1, −2, 3, 0.5) plus seeded noise, so the agents' local minimizers differ.
enum WalshRidge {
  static let samples = 64
  static let features = 4
  static let regularization = 0.1

  static let dataset: Dataset = {
    var rng = SeededGenerator(seed: 5)
    let truth = [1.0, -2, 3, 0.5]
    var a = Matrix(rows: samples, columns: features)
    var b = [Double](repeating: 0, count: samples)
    for s in 0..<samples {
      for j in 0..<features {
        a[s, j] = (s & (1 << j)).nonzeroBitCount == 0 ? 1 : -1
        b[s] += a[s, j] * truth[j]
      }
      b[s] += Double.random(in: -1...1, using: &rng)
    }
    return Dataset(features: a, labels: b, name: "walsh-ridge")
  }()

  /// Aᵀb/(N(1 + λ)).
  static let optimum: [Double] = (0..<features).map { j in
    (0..<samples).reduce(0.0) { $0 + dataset.features[$1, j] * dataset.labels[$1] }
      / (Double(samples) * (1 + regularization))
  }
}
