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

/// The only way agents exchange information: every exchange passes through a communicator,
/// which performs it and counts it (rounds, messages, bytes, simulated time).
///
/// Algorithms hold all agents' rows in one `n × d` ``Matrix`` and call ``mix(_:with:into:)`` with a
/// matrix that has the network's sparsity (a mixing matrix, a gossip matrix, a Laplacian): row `i`
/// of the result needs only the rows of `i`'s neighbours, so it costs one round. The in-process
/// implementation multiplies directly; an MPI implementation exchanges halo rows first, with the
/// same algorithm code.
public protocol Communicator: AnyObject {
  /// The communication network.
  var network: Graph { get }
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
}

/// All agents in this process: a round is one parallel sparse × dense product.
public final class InProcessCommunicator: Communicator {
  public let network: Graph
  public let timeModel: TimeModel
  public private(set) var counters = CommunicationCounters()
  public private(set) var communicationTime = 0.0
  /// The last round time computed, by message size: algorithms send messages of one size.
  private var lastRoundTime: (bytesPerMessage: Int, time: Double)?

  public init(network: Graph, timeModel: TimeModel) {
    self.network = network
    self.timeModel = timeModel
  }

  public func mix(_ x: Matrix, with m: SparseMatrix, into y: inout Matrix) {
    checkShape(m)
    m.multiply(x, into: &y)
    count(doublesPerMessage: x.columns)
  }

  public func mix(
    _ a: Matrix, _ b: Matrix, with m: SparseMatrix, into ya: inout Matrix, _ yb: inout Matrix
  ) {
    checkShape(m)
    m.multiply(a, into: &ya)
    m.multiply(b, into: &yb)
    count(doublesPerMessage: a.columns + b.columns)
  }

  public func treeAverage(_ x: Matrix, into y: inout Matrix) {
    precondition(x.rows == network.nodeCount && y.rows == x.rows && y.columns == x.columns,
                 "tree averaging needs one row per agent (\(network.nodeCount)) in x and y")
    let n = x.rows
    let d = x.columns
    x.storage.withUnsafeBufferPointer { xs in
      y.storage.withUnsafeMutableBufferPointer { ys in
        for j in 0..<d { ys[j] = 0 }
        for i in 0..<n {
          for j in 0..<d { ys[j] += xs[i * d + j] }
        }
        for j in 0..<d { ys[j] /= Double(n) }
        for i in 1..<n {
          for j in 0..<d { ys[i * d + j] = ys[j] }
        }
      }
    }
    let messages = 2 * (n - 1)
    let bytesPerMessage = 8 * d
    counters.rounds += 2 * diameter
    counters.messages += messages
    counters.bytes += messages * bytesPerMessage
    communicationTime += 2 * Double(diameter) * timeModel.roundTime(bytesPerMessage: bytesPerMessage)
  }

  /// Δ, the network's diameter (hops), computed at the first tree operation.
  public private(set) lazy var diameter: Int = network.diameter().value

  private func checkShape(_ m: SparseMatrix) {
    precondition(m.rows == network.nodeCount && m.columns == network.nodeCount,
                 "a \(m.rows)×\(m.columns) matrix cannot mix \(network.nodeCount) agents")
  }

  private func count(doublesPerMessage: Int) {
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
}
