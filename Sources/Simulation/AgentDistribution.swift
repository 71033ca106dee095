import GossipCore
import Topology

/// How the agents are spread over processes, seen from one process: the agents it owns, and the
/// halo — the rows it must receive from, and send to, each neighbouring process for one round.
///
/// Agents keep their global numbers (the mixing matrices are not permuted), so a process's rows
/// are its agents in increasing order and a round sums every row in the same order as in-process:
/// the results are bit-identical. What the partition chooses is only *which* agents a process
/// owns; METIS k-way keeps the cut, hence the halo, small.
public struct AgentDistribution: Sendable {
  /// One neighbouring process and the rows exchanged with it each round.
  public struct Neighbour: Sendable, Equatable {
    public let process: Int
    /// The local rows it needs (agents of this process with a neighbour there), increasing.
    public let sendRows: [Int]
    /// The number of its agents this process needs; their rows are halo rows
    /// `haloStart..<haloStart + receiveCount`, in increasing agent order.
    public let receiveCount: Int
    public let haloStart: Int
  }

  public let processCount: Int
  public let process: Int
  /// The process of every agent.
  public let owner: [Int32]
  public let localAgents: LocalAgents
  /// The neighbouring processes, in increasing order.
  public let neighbours: [Neighbour]
  /// The number of halo rows (agents of other processes adjacent to this one's).
  public let haloCount: Int
  /// Links from this process's agents to other processes' agents.
  public let cutLinks: Int
  /// Where agent `j`'s row is: local row `slot[j]` if ≥ 0, halo row `−1 − slot[j]` otherwise;
  /// `Int32.min` for agents neither local nor in the halo.
  public let slot: [Int32]
  /// The local and halo agents together, increasing: the rows a round multiplies from. Their
  /// order is the agents' order, so a local row of a matrix keeps its columns' order and sums in
  /// the same order as in-process.
  public let extendedCount: Int
  /// The extended row of each local row.
  public let extendedRowOfLocal: [Int]
  /// The extended row of each halo row.
  public let extendedRowOfHalo: [Int]

  /// - Parameter owner: the process of every agent, each in `0..<processCount`; every process
  ///   owns at least one agent.
  public init(network: Graph, owner: [Int], process: Int, processCount: Int) {
    let n = network.nodeCount
    precondition(owner.count == n && (0..<processCount).contains(process), "one owner per agent")
    let agents = (0..<n).filter { owner[$0] == process }
    precondition(!agents.isEmpty, "process \(process) owns no agent")
    var slot = [Int32](repeating: .min, count: n)
    for (row, agent) in agents.enumerated() { slot[agent] = Int32(row) }
    // Who needs what, with repetitions: (process, agent) pairs to receive, (process, row) to send.
    var receive: [(process: Int, agent: Int)] = []
    var send: [(process: Int, row: Int)] = []
    for (row, agent) in agents.enumerated() {
      for j in network.neighbors(of: agent) where owner[j] != process {
        receive.append((owner[j], j))
        send.append((owner[j], row))
      }
    }
    func grouped(_ pairs: [(Int, Int)]) -> [Int: [Int]] {
      var groups: [Int: [Int]] = [:]
      for (p, k) in pairs { groups[p, default: []].append(k) }
      return groups.mapValues { Array(Set($0)).sorted() }
    }
    let receiving = grouped(receive.map { ($0.process, $0.agent) })
    let sending = grouped(send.map { ($0.process, $0.row) })
    var neighbours: [Neighbour] = []
    var haloCount = 0
    for p in receiving.keys.sorted() {
      let needed = receiving[p]!
      for (h, agent) in needed.enumerated() { slot[agent] = -1 - Int32(haloCount + h) }
      neighbours.append(
        Neighbour(
          process: p, sendRows: sending[p]!, receiveCount: needed.count, haloStart: haloCount))
      haloCount += needed.count
    }
    self.processCount = processCount
    self.process = process
    self.owner = owner.map { Int32($0) }
    localAgents = LocalAgents(total: n, indices: agents)
    self.neighbours = neighbours
    self.haloCount = haloCount
    cutLinks = receive.count
    // Local rows (slot ≥ 0) and halo rows (slot < 0) merged in agent order.
    let present = (0..<n).filter { slot[$0] != .min }
    var ofLocal = [Int](repeating: 0, count: agents.count)
    var ofHalo = [Int](repeating: 0, count: haloCount)
    for (e, agent) in present.enumerated() {
      let s = Int(slot[agent])
      if s >= 0 { ofLocal[s] = e } else { ofHalo[-1 - s] = e }
    }
    extendedCount = present.count
    extendedRowOfLocal = ofLocal
    extendedRowOfHalo = ofHalo
    self.slot = slot
  }

  /// The process of every agent: METIS k-way parts of the network (few cut links, balanced),
  /// deterministic for a given seed so that every process computes the same owners.
  /// - Throws: ``ParameterError`` when there are more processes than agents.
  public static func owners(of network: Graph, processes: Int, seed: UInt64) throws -> [Int] {
    guard processes > 1 else { return [Int](repeating: 0, count: network.nodeCount) }
    guard processes <= network.nodeCount else {
      throw ParameterError(
        "\(processes) MPI processes for \(network.nodeCount) agents: "
          + "use at most one process per agent"
      )
    }
    var rng = SeededGenerator(seed: seed)
    return try GraphPartition.assign(network, agents: processes, method: .metis, using: &rng)
  }

  /// Values sent by this process in one round of `doublesPerMessage` values per message.
  public func doublesSentPerRound(doublesPerMessage: Int) -> Int {
    neighbours.reduce(0) { $0 + $1.sendRows.count } * doublesPerMessage
  }
}
