import LinearAlgebra
import Topology

/// The data graph split over agents: each agent's own nodes, the boundary ("halo") nodes it
/// needs from other agents, and its block of the propagation matrix in local numbering.
///
/// The propagation matrix is Kipf & Welling's `S = D̃^{−1/2}(A + I)D̃^{−1/2}` with `D̃` the degrees
/// of `A + I` (arXiv 1609.02907, eq. 8). Agent `a` stores the rows `S_{V_a,·}` restricted to the
/// columns it can see: its own nodes (local `0..<owned.count`) followed by its halo
/// (`owned.count + position in halo`). Degrees of neighbours are assumed exchanged once at setup.
/// One multiplication by `S` is one exchange round: every agent sends each data-neighbouring agent
/// the rows that agent's halo needs.
public struct AgentLayout: Sendable {
  public let agentCount: Int
  /// Owning agent of each node.
  public let owner: [Int]
  /// Each agent's nodes, ascending.
  public let owned: [[Int]]
  /// Position of each node in its owner's `owned`.
  public let localIndex: [Int]
  /// Each agent's halo: nodes of other agents adjacent to its own, sorted by (owner, node).
  public let halo: [[Int]]
  /// Each agent's block of `S`: `owned.count × (owned.count + halo.count)`.
  public let propagation: [SparseMatrix]
  /// The data-induced agent links: `a–b` when a data edge joins a node of `a` and one of `b`.
  public let requiredLinks: Graph
  /// Messages of one exchange round: the (receiver, sender) pairs with halo rows.
  public let messagesPerExchange: Int
  /// Rows sent in one exchange round (Σ_a |halo_a|).
  public let rowsPerExchange: Int

  /// Builds the layout of `graph` under `assignment` (node → agent in `0..<agents`).
  /// - Precondition: one agent per node, each in `0..<agents`.
  public init(graph: Graph, assignment: [Int], agents: Int) {
    let n = graph.nodeCount
    precondition(assignment.count == n, "one agent per node")
    precondition(assignment.allSatisfy { $0 >= 0 && $0 < agents }, "agents are in 0..<\(agents)")
    agentCount = agents
    owner = assignment
    var owned = [[Int]](repeating: [], count: agents)
    var localIndex = [Int](repeating: 0, count: n)
    for u in 0..<n {
      localIndex[u] = owned[assignment[u]].count
      owned[assignment[u]].append(u)
    }
    let scale = (0..<n).map { 1 / (Double(graph.degree(of: $0)) + 1).squareRoot() }
    var halo = [[Int]](repeating: [], count: agents)
    var propagation: [SparseMatrix] = []
    var links: [(Int, Int)] = []
    var messages = 0
    for a in 0..<agents {
      var outside = Set<Int>()
      for u in owned[a] {
        for v in graph.neighbors(of: u) where assignment[v] != a { outside.insert(v) }
      }
      let haloNodes = outside.sorted { (assignment[$0], $0) < (assignment[$1], $1) }
      let senders = Set(haloNodes.map { assignment[$0] })
      messages += senders.count
      links += senders.map { (a, $0) }
      var haloPosition: [Int: Int] = [:]
      for (k, v) in haloNodes.enumerated() { haloPosition[v] = owned[a].count + k }
      var rowPointers = [0]
      var columns: [Int32] = []
      var values: [Double] = []
      for u in owned[a] {
        var row = [(localIndex[u], scale[u] * scale[u])]
        for v in graph.neighbors(of: u) {
          let column = assignment[v] == a ? localIndex[v] : haloPosition[v]!
          row.append((column, scale[u] * scale[v]))
        }
        row.sort { $0.0 < $1.0 }
        columns += row.map { Int32($0.0) }
        values += row.map(\.1)
        rowPointers.append(columns.count)
      }
      propagation.append(
        SparseMatrix(
          rows: owned[a].count, columns: owned[a].count + haloNodes.count,
          rowPointers: rowPointers, columnIndices: columns, values: values))
      halo[a] = haloNodes
    }
    self.owned = owned
    self.localIndex = localIndex
    self.halo = halo
    self.propagation = propagation
    requiredLinks = Graph(nodeCount: agents, edges: links)
    messagesPerExchange = messages
    rowsPerExchange = halo.reduce(0) { $0 + $1.count }
  }

  /// `S·X` computed agent by agent: each agent gathers its halo rows from their owners (one
  /// exchange round) and multiplies by its block. `blocks[a]` holds agent `a`'s rows of `X`.
  func propagate(_ blocks: [Matrix], traffic: inout Traffic) -> [Matrix] {
    let width = blocks.first?.columns ?? 0
    traffic.record(
      messages: messagesPerExchange, doubles: rowsPerExchange * width)
    return (0..<agentCount).map { a in
      let own = owned[a].count
      var extended = Matrix(rows: own + halo[a].count, columns: width)
      extended.storage.replaceSubrange(0..<(own * width), with: blocks[a].storage)
      for (k, v) in halo[a].enumerated() {
        let source = blocks[owner[v]]
        let start = localIndex[v] * width
        extended.storage.replaceSubrange(
          ((own + k) * width)..<((own + k + 1) * width),
          with: source.storage[start..<(start + width)])
      }
      var result = Matrix(rows: own, columns: width)
      propagation[a].multiply(extended, into: &result)
      return result
    }
  }
}

/// Communication of one phase: exchange rounds, point-to-point messages and bytes (8 per double).
public struct Traffic: Sendable, Equatable {
  public var rounds = 0
  public var messages = 0
  public var bytes = 0

  public init() {}

  mutating func record(messages count: Int, doubles: Int) {
    rounds += 1
    messages += count
    bytes += 8 * doubles
  }
}
