import LinearAlgebra
import Topology

/// A decentralized algorithm with explicit state, in the style of Optax: ``makeState(initial:context:)``
/// then repeated ``step(_:context:)``. No class hides the state, so runs can be checkpointed,
/// composed and replayed, and the same code runs in-process and over MPI.
///
/// An algorithm touches the network only through `context.mix(…)` and the objectives only through
/// `context.gradients(…)`, so every round and every gradient call is counted.
public protocol DecentralizedAlgorithm: Sendable {
  associatedtype State: Sendable
  /// The name used in experiment files and reports.
  var name: String { get }
  /// The parameters actually used (defaults resolved), for the run's report.
  var parameters: [String: Double] { get }
  func makeState(initial x0: Matrix, context: inout SimulationContext) -> State
  /// One iteration; allocates nothing.
  func step(_ state: inout State, context: inout SimulationContext)
  /// The agents' current estimates, one row per agent (what is observed and reported).
  func estimates(_ state: State) -> Matrix
}

/// What an algorithm may use during a run, with the accounting of every use.
public struct SimulationContext {
  public let communicator: any Communicator
  public let objectives: any LocalObjectives
  public let timeModel: TimeModel
  /// Local gradient evaluations per agent so far.
  public private(set) var gradientCalls = 0
  /// Simulated computation time so far.
  public private(set) var computationTime = 0.0

  public init(communicator: any Communicator, objectives: any LocalObjectives, timeModel: TimeModel) {
    precondition(communicator.network.nodeCount == objectives.agentCount,
                 "the network has \(communicator.network.nodeCount) agents, the objectives \(objectives.agentCount)")
    self.communicator = communicator
    self.objectives = objectives
    self.timeModel = timeModel
  }

  /// Every agent evaluates its local (sub)gradient at its row of `x`: one call per agent.
  public mutating func gradients(at x: Matrix, into g: inout Matrix) {
    objectives.gradients(at: x, into: &g)
    gradientCalls += 1
    computationTime += timeModel.gradientTime
  }

  /// Runs `step` on contiguous blocks of the local agents' rows `0..<rows` covering them, of at
  /// most ``agentBlockRows`` rows, concurrently over the cores when the work is large, and counts
  /// `calls` gradient calls per agent, which `step` makes for its block through
  /// ``AgentBlock/gradients(at:into:)``.
  ///
  /// This lets an algorithm fuse its element-wise updates with its gradients: a block's rows are
  /// updated right after their gradients, while in cache, and the whole step is one parallel
  /// loop instead of one per pass. `step` must write only its block's rows (each agent's update
  /// reads and writes only its own rows), so the result does not depend on the split.
  /// `work` is the element-wise work besides the gradients (e.g. rows × columns × passes).
  /// Nothing is allocated: `step` is a value, passed to the worker threads by address.
  public mutating func forEachAgentBlock(
    rows: Int, gradientCalls calls: Int, work: Int, _ step: some AgentBlockStep
  ) {
    countLocalEvaluations(calls)
    forEachBlock(
      count: rows, work: calls * objectives.gradientWork + work,
      body: AgentBlocks(step: step, objectives: objectives))
  }

  /// The most agents ``forEachAgentBlock(rows:gradientCalls:work:_:)`` hands out at once: their
  /// samples and rows stay in the cache while an algorithm passes over them several times (the M
  /// inner steps of MSPD).
  static let agentBlockRows = 64

  /// Counts `calls` local evaluations per agent made without ``gradients(at:into:)``, such as a
  /// closed-form dual oracle ∇fᵢ*(zᵢ), which costs one evaluation in the time model.
  public mutating func countLocalEvaluations(_ calls: Int) {
    precondition(calls >= 0, "a negative number of evaluations")
    gradientCalls += calls
    computationTime += Double(calls) * timeModel.gradientTime
  }

  /// One round: `y = m · x`.
  public func mix(_ x: Matrix, with m: SparseMatrix, into y: inout Matrix) {
    communicator.mix(x, with: m, into: &y)
  }

  /// One round carrying two rows per message.
  public func mix(_ a: Matrix, _ b: Matrix, with m: SparseMatrix, into ya: inout Matrix, _ yb: inout Matrix) {
    communicator.mix(a, b, with: m, into: &ya, &yb)
  }

  /// Every row of `y` becomes the average of the rows of `x`, by reduce and broadcast over a
  /// spanning tree: 2Δ rounds, time 2Δτ (see ``Communicator/treeAverage(_:into:)``).
  public func treeAverage(_ x: Matrix, into y: inout Matrix) {
    communicator.treeAverage(x, into: &y)
  }

  /// n, the number of agents of the whole network (the matrices hold only the local agents'
  /// rows when the run is spread over processes).
  public var agentCount: Int { communicator.localAgents.total }

  /// Simulated time: computation plus communication.
  public var time: Double { computationTime + communicator.communicationTime }
}

/// One block's share of an algorithm's step, as a value holding the step's data (buffers of its
/// state, the step size): what ``SimulationContext/forEachAgentBlock(rows:gradientCalls:work:_:)``
/// runs on each block of agents. A value rather than a closure, because a closure handed to the
/// worker threads is boxed on every call, and an iteration allocates nothing.
public protocol AgentBlockStep {
  func run(_ block: AgentBlock)
}

/// A range of rows cut into ``AgentBlock``s of at most ``SimulationContext/agentBlockRows`` rows.
private struct AgentBlocks<Step: AgentBlockStep>: RangeLoopBody {
  let step: Step
  let objectives: any LocalObjectives

  func run(_ rows: Range<Int>) {
    let size = SimulationContext.agentBlockRows
    for start in stride(from: rows.lowerBound, to: rows.upperBound, by: size) {
      step.run(AgentBlock(rows: start..<min(start + size, rows.upperBound), objectives: objectives))
    }
  }
}

/// A block of the local agents' rows, handed out by
/// ``SimulationContext/forEachAgentBlock(rows:gradientCalls:work:_:)``.
public struct AgentBlock {
  /// The local rows of the block.
  public let rows: Range<Int>
  let objectives: any LocalObjectives

  /// The block's agents evaluate their (sub)gradients at their rows of `x` into the same rows of
  /// `g`; `x` and `g` hold all local rows. Counted by the loop that handed out the block.
  public func gradients(
    at x: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>
  ) {
    objectives.gradients(rows: rows, at: x, into: g)
  }

  /// The block's entries in a row-major matrix with `columns` columns.
  public func entries(columns: Int) -> Range<Int> {
    (rows.lowerBound * columns)..<(rows.upperBound * columns)
  }
}
