import Algorithms
import Experiments
import GossipCore
import LinearAlgebra
import Mixing
import Problems
import Simulation
import Topology

/// The least-squares instance of the algorithm-iteration benchmarks: n agents on a seeded random
/// 4-regular network (Metropolis weights), agent i holding the synthetic samples
/// `i·s ..< (i + 1)·s` (s per agent), fᵢ(x) = (n/N) Σ ½(a_sᵀx − b_s)², and X⁰ uniform in [−1, 1).
public struct LeastSquaresInstance: Sendable {
  public let network: Graph
  public let mixing: SparseMatrix
  public let dataset: Dataset
  public let problem: DistributedProblem
  public let initial: Matrix
  /// α = 0.04/L_max for dgd, extra and gradient tracking: every eigenvalue of a Metropolis matrix
  /// of a 4-regular graph is ≥ −0.6 (Gershgorin on L/5), where gradient tracking's default
  /// (1 + λₙ)²/(4L) is 0.04/L and the defaults of dgd and extra are larger.
  public let step: Double
  public let samplesPerAgent: Int

  public init(
    agents: Int, dimension: Int, samplesPerAgent: Int = 10, degree: Int = 4,
    seed: UInt64 = 0
  ) throws {
    var rng = SeededGenerator(seed: seed)
    network = try Graph.randomRegular(nodes: agents, degree: degree, using: &rng)
    mixing = try MixingMatrix.make(network, rule: .metropolis)
    dataset = try Synthetic.regression(
      samples: agents * samplesPerAgent, features: dimension, noise: 0.1, using: &rng)
    problem = try DistributedProblem(
      kind: .leastSquares, dataset: dataset,
      assignment: (0..<agents).map { Array(($0 * samplesPerAgent)..<(($0 + 1) * samplesPerAgent)) })
    var x0 = Matrix(rows: agents, columns: dimension)
    for k in x0.storage.indices { x0.storage[k] = Double.random(in: -1..<1, using: &rng) }
    initial = x0
    step = 0.04 / (problem.localSmoothness.max() ?? 1)
    self.samplesPerAgent = samplesPerAgent
  }

  /// MSPD's parameters here: M = 5 inner steps, η = n·α (so that an inner step moves θ by
  /// about α∇fᵢ, as the other methods do) and σ = 1/(1.6 η): λ₁(I − W) ≤ 1.6 by the same
  /// Gershgorin bound, so σηλ₁ ≤ 1.
  public var mspdParameters: MSPD.Parameters {
    let eta = Double(network.nodeCount) * step
    return MSPD.Parameters(
      iterations: 1_000_000, innerSteps: 5, primalStep: eta,
      dualStep: 1 / (1.6 * eta))
  }
}

/// The algorithms whose one iteration is benchmarked, with the parameters of the instance.
public enum IteratedAlgorithm: String, CaseIterable, Sendable {
  case dgd
  case extra
  case gradientTracking = "gradient-tracking"
  case mspd

  /// A run of this algorithm on `instance`, started at X⁰ (the state is built, no step taken).
  public func run(on instance: LeastSquaresInstance) throws -> IterationRun {
    switch self {
    case .dgd:
      try IterationRun(DGD(mixing: instance.mixing, schedule: .constant(instance.step)), instance)
    case .extra:
      try IterationRun(EXTRA(mixing: instance.mixing, step: instance.step), instance)
    case .gradientTracking:
      try IterationRun(GradientTracking(mixing: instance.mixing, step: instance.step), instance)
    case .mspd:
      try IterationRun(
        MSPD(
          gossip: MSPD.gossipMatrix(mixing: instance.mixing), gossipSpectrum: 0...1.6,
          parameters: instance.mspdParameters),
        instance)
    }
  }
}

/// One algorithm's state and simulation context, stepped one iteration at a time with the
/// in-process communicator, as `gossip run` does (without the runner's recording).
public final class IterationRun {
  private let stepOnce: () -> Void
  private let currentEstimates: () -> Matrix

  init<Algorithm: DecentralizedAlgorithm>(_ algorithm: Algorithm, _ instance: LeastSquaresInstance)
    throws
  {
    let timeModel = try TimeModel(tau: 1, network: instance.network)
    var context = SimulationContext(
      communicator: InProcessCommunicator(network: instance.network, timeModel: timeModel),
      objectives: ProblemObjectives(problem: instance.problem), timeModel: timeModel)
    var state = algorithm.makeState(initial: instance.initial, context: &context)
    stepOnce = { algorithm.step(&state, context: &context) }
    currentEstimates = { algorithm.estimates(state) }
  }

  /// One iteration.
  public func step() { stepOnce() }

  /// The agents' estimates, one row per agent.
  public var estimates: Matrix { currentEstimates() }
}
