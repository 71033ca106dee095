import LinearAlgebra
import Topology

/// What the agents have sent each other so far.
public struct CommunicationCounters: Sendable, Equatable, Codable {
  /// Gossip rounds: in one round every agent sends one message to each neighbour.
  public var rounds = 0
  /// Messages sent: 2|E| per round (one per direction of every link).
  public var messages = 0
  /// Payload bytes sent: 8 bytes per `Double` in every message.
  public var bytes = 0

  public init() {}
}

/// The agents whose rows a process holds: all of them in-process, a block of them under MPI.
///
/// Row `r` of every matrix an algorithm holds is agent `self[r]`; the rows are in increasing
/// agent order, so the in-process layout is the case `indices == nil`.
public struct LocalAgents: Sendable, Equatable {
  /// n, the number of agents of the whole network.
  public let total: Int
  /// The agent of each local row, increasing; `nil` when this process holds every agent.
  public let indices: [Int]?

  public init(total: Int, indices: [Int]? = nil) {
    precondition(indices.map { zip($0, $0.dropFirst()).allSatisfy { $0 < $1 } } ?? true,
                 "local agents must be increasing")
    self.total = total
    self.indices = indices
  }

  /// The number of local rows.
  public var count: Int { indices?.count ?? total }

  /// The agent of local row `row`.
  public subscript(row: Int) -> Int { indices?[row] ?? row }
}

/// The only way agents exchange information: every exchange passes through a communicator,
/// which performs it and counts it (rounds, messages, bytes, simulated time).
///
/// Algorithms hold their agents' rows in one ``Matrix`` per quantity and call
/// ``mix(_:with:into:)`` with a global `n × n` matrix that has the network's sparsity (a mixing
/// matrix, a gossip matrix, a Laplacian): row `i` of the result needs only the rows of `i`'s
/// neighbours, so it costs one round. In-process, the matrices hold all `n` rows and a round is
/// one product; over MPI they hold the rows of ``localAgents`` and a round first exchanges the
/// halo rows, with the same algorithm code. The counters always describe the whole network.
///
/// The `…Observed` reductions serve observation (F(x̄), consensus error, snapshots) only: they
/// are free and never counted.
public protocol Communicator: AnyObject {
  /// The communication network.
  var network: Graph { get }
  /// The agents whose rows this process holds.
  var localAgents: LocalAgents { get }
  var counters: CommunicationCounters { get }
  /// Simulated time spent communicating so far (time model of Scaman et al.).
  var communicationTime: Double { get }

  /// One round: `y = m · x`, each agent sending its row of `x` to its neighbours.
  func mix(_ x: Matrix, with m: SparseMatrix, into y: inout Matrix)

  /// One round carrying two rows per message (e.g. `x` and `y` of gradient tracking, packed):
  /// `ya = m · a`, `yb = m · b`.
  func mix(_ a: Matrix, _ b: Matrix, with m: SparseMatrix, into ya: inout Matrix, _ yb: inout Matrix)

  /// AllReduce over a spanning tree: every row of `y` becomes the average of the rows of `x`.
  ///
  /// Counted as one reduce up and one broadcast down a BFS spanning tree (the centralized
  /// communication of Scaman et al., JMLR 20(159), 2019, §2): 2Δ rounds, 2(n − 1) messages of
  /// one row each, and time 2Δ·(round time), i.e. 2Δτ, with Δ the network's diameter.
  func treeAverage(_ x: Matrix, into y: inout Matrix)

  /// Observation: adds every other process's sums into `sums` (the same array on every process).
  func combineObserved(_ sums: inout [ExactSum])
  /// Observation: the largest `value` of all processes.
  func maximumObserved(_ value: Double) -> Double
  /// Observation: one value per local row from every process, as one value per agent.
  func gatherObserved(_ values: [Double]) -> [Double]
}

/// The accounting every communicator shares, so that all backends count alike.
public struct CommunicationAccount: Sendable {
  public let network: Graph
  public let timeModel: TimeModel
  public private(set) var counters = CommunicationCounters()
  public private(set) var communicationTime = 0.0
  /// The last round time computed, by message size: algorithms send messages of one size.
  private var lastRoundTime: (bytesPerMessage: Int, time: Double)?
  /// Δ, the network's diameter (hops), computed at the first tree operation.
  public private(set) lazy var diameter: Int = network.diameter().value

  public init(network: Graph, timeModel: TimeModel) {
    self.network = network
    self.timeModel = timeModel
  }

  /// One round of messages of `doublesPerMessage` values on every link, both ways.
  public mutating func countRound(doublesPerMessage: Int) {
    let messages = 2 * network.edgeCount
    let bytesPerMessage = 8 * doublesPerMessage
    counters.rounds += 1
    counters.messages += messages
    counters.bytes += messages * bytesPerMessage
    if lastRoundTime?.bytesPerMessage != bytesPerMessage {
      lastRoundTime = (bytesPerMessage, timeModel.roundTime(bytesPerMessage: bytesPerMessage))
    }
    communicationTime += lastRoundTime!.time
  }

  /// A reduce and a broadcast of rows of `doublesPerMessage` values over a spanning tree.
  public mutating func countTreeAverage(doublesPerMessage: Int) {
    let messages = 2 * (network.nodeCount - 1)
    let bytesPerMessage = 8 * doublesPerMessage
    counters.rounds += 2 * diameter
    counters.messages += messages
    counters.bytes += messages * bytesPerMessage
    communicationTime += 2 * Double(diameter) * timeModel.roundTime(bytesPerMessage: bytesPerMessage)
  }

  /// Checks that `m` is a global `n × n` matrix.
  public func checkShape(_ m: SparseMatrix) {
    precondition(m.rows == network.nodeCount && m.columns == network.nodeCount,
                 "a \(m.rows)×\(m.columns) matrix cannot mix \(network.nodeCount) agents")
  }
}

/// All agents in this process: a round is one parallel sparse × dense product.
public final class InProcessCommunicator: Communicator {
  private var account: CommunicationAccount
  /// The column sums of ``treeAverage(_:into:)``, kept so that an iteration allocates nothing.
  private var treeSums: [ExactSum] = []
  private var bins = BinnedSum()
  public var network: Graph { account.network }
  public var timeModel: TimeModel { account.timeModel }
  public var localAgents: LocalAgents { LocalAgents(total: network.nodeCount) }
  public var counters: CommunicationCounters { account.counters }
  public var communicationTime: Double { account.communicationTime }

  public init(network: Graph, timeModel: TimeModel) {
    account = CommunicationAccount(network: network, timeModel: timeModel)
  }

  public func mix(_ x: Matrix, with m: SparseMatrix, into y: inout Matrix) {
    account.checkShape(m)
    m.multiply(x, into: &y)
    account.countRound(doublesPerMessage: x.columns)
  }

  public func mix(
    _ a: Matrix, _ b: Matrix, with m: SparseMatrix, into ya: inout Matrix, _ yb: inout Matrix
  ) {
    account.checkShape(m)
    m.multiply(a, b, into: &ya, &yb)
    account.countRound(doublesPerMessage: a.columns + b.columns)
  }

  /// The average is an exact sum, as over MPI, so that both backends agree to the last bit.
  public func treeAverage(_ x: Matrix, into y: inout Matrix) {
    precondition(x.rows == network.nodeCount && y.rows == x.rows && y.columns == x.columns,
                 "tree averaging needs one row per agent (\(network.nodeCount)) in x and y")
    ExactSum.columnSums(of: x, into: &treeSums, using: &bins)
    ExactSum.fillRows(&y, withAverage: treeSums, count: x.rows)
    account.countTreeAverage(doublesPerMessage: x.columns)
  }

  /// One process holds every agent: the observations are already complete.
  public func combineObserved(_ sums: inout [ExactSum]) {}
  public func maximumObserved(_ value: Double) -> Double { value }
  public func gatherObserved(_ values: [Double]) -> [Double] { values }
}
