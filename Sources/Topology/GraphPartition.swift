import CMetis
import Foundation
import GossipCore
import Synchronization

/// How the nodes of a data graph are split among agents.
public enum PartitionMethod: Sendable, Equatable {
  /// Parts grown by breadth-first search from random seeds, balanced.
  case bfs
  /// A uniformly random balanced assignment.
  case random
  /// METIS multilevel k-way partitioning (few cut edges).
  case metis
  /// A file with one `node agent` pair per line.
  case file(String)

  /// Parses `bfs`, `random`, `metis`, or anything else as a path to a partition file.
  public init(parsing text: String) {
    switch text {
    case "bfs": self = .bfs
    case "random": self = .random
    case "metis": self = .metis
    default: self = .file(text)
    }
  }
}

/// Splits the nodes of a data graph among agents and derives the links the agents need.
public enum GraphPartition {
  /// Assigns every node of `graph` to one of `agents` parts: the part index of each node,
  /// in `0..<agents`, every part non-empty.
  ///
  /// - `bfs`: `agents` distinct random seeds grow their parts in turn, each claiming the next
  ///   unclaimed node of its breadth-first frontier until it holds its quota (⌈n/M⌉ or ⌊n/M⌋);
  ///   a part whose frontier runs dry restarts from a random unclaimed node. "Grown from random
  ///   seeds", Scardapane, Spinelli, Di Lorenzo, "Distributed graph convolutional networks",
  ///   arXiv:2007.06281. O(n + m).
  /// - `random`: a uniform random permutation dealt round-robin. O(n).
  /// - `metis`: `METIS_PartGraphKway` (Karypis & Kumar 1998, doi:10.1137/S1064827595287997),
  ///   seeded from `rng`; a part METIS leaves empty takes a node from the largest part.
  /// - `file`: one `node agent` pair per line (node = the graph's node name, agent in
  ///   `0..<agents`); blank lines and `#` comments are skipped; every node must appear once.
  /// - Throws: ``ParameterError`` unless `1 ≤ agents ≤ n`; for `file`, ``MissingInputError`` or
  ///   ``InputFileError`` (with the line) for an unreadable file, a bad line, a node missing or
  ///   repeated, or an empty part.
  public static func assign(
    _ graph: Graph, agents: Int, method: PartitionMethod, using rng: inout some RandomNumberGenerator
  ) throws -> [Int] {
    let n = graph.nodeCount
    guard agents >= 1, agents <= n else {
      throw ParameterError(
        "partition: cannot split \(n) nodes among \(agents) agents; choose between 1 and \(n) agents")
    }
    switch method {
    case .bfs: return grownByBreadthFirstSearch(graph, agents: agents, using: &rng)
    case .random: return randomBalanced(nodeCount: n, agents: agents, using: &rng)
    case .metis: return try metisKway(graph, agents: agents, using: &rng)
    case .file(let path): return try readPartitionFile(path, graph: graph, agents: agents)
    }
  }

  /// The agent graph: agents `i ~ j` when some data edge joins a node of part i to a node of
  /// part j, with the number of such cut edges as the edge `weight`. O(m log m).
  /// - Precondition: `parts` has one entry per node, each in `0..<agents`.
  public static func requiredLinks(_ graph: Graph, parts: [Int], agents: Int) -> Graph {
    precondition(parts.count == graph.nodeCount, "one part per node")
    precondition(parts.allSatisfy { (0..<agents).contains($0) }, "parts must lie in 0..<\(agents)")
    var cut: [Edge: Int] = [:]
    for e in graph.edges where parts[e.u] != parts[e.v] {
      cut[Edge(parts[e.u], parts[e.v]), default: 0] += 1
    }
    let links = cut.keys.sorted()
    return Graph(nodeCount: agents, sortedUniqueEdges: links,
                 attributes: links.map { EdgeAttributes(weight: Double(cut[$0]!)) })
  }

  /// Part sizes ⌈n/M⌉ for the first n mod M parts, ⌊n/M⌋ for the rest.
  private static func quotas(nodeCount n: Int, agents: Int) -> [Int] {
    (0..<agents).map { n / agents + ($0 < n % agents ? 1 : 0) }
  }

  private static func randomBalanced(
    nodeCount n: Int, agents: Int, using rng: inout some RandomNumberGenerator
  ) -> [Int] {
    var parts = [Int](repeating: 0, count: n)
    for (k, node) in Array(0..<n).shuffled(using: &rng).enumerated() { parts[node] = k % agents }
    return parts
  }

  private static func grownByBreadthFirstSearch(
    _ graph: Graph, agents: Int, using rng: inout some RandomNumberGenerator
  ) -> [Int] {
    let n = graph.nodeCount
    let quota = quotas(nodeCount: n, agents: agents)
    var parts = [Int](repeating: -1, count: n)
    // Unclaimed nodes in random order: seeds and restarts are drawn from its tail.
    var unclaimed = Array(0..<n).shuffled(using: &rng)
    var size = [Int](repeating: 0, count: agents)
    var frontier = [[Int]](repeating: [], count: agents)
    var head = [Int](repeating: 0, count: agents)
    // Position in the CSR neighbour list of the frontier node at `head`: a node is in one frontier
    // only, so every CSR entry is looked at once and growing costs O(n + m).
    var cursor = [Int](repeating: 0, count: agents)
    func nextRandomUnclaimed() -> Int {
      while let node = unclaimed.popLast() { if parts[node] < 0 { return node } }
      preconditionFailure("fewer unclaimed nodes than unfilled quota")
    }
    func claim(_ node: Int, for part: Int) {
      parts[node] = part
      size[part] += 1
      if frontier[part].isEmpty || head[part] == frontier[part].count { cursor[part] = graph.offsets[node] }
      frontier[part].append(node)
    }
    for part in 0..<agents { claim(nextRandomUnclaimed(), for: part) }
    var claimed = agents
    while claimed < n {
      for part in 0..<agents where size[part] < quota[part] {
        var next: Int?
        while next == nil && head[part] < frontier[part].count {
          let node = frontier[part][head[part]]
          if cursor[part] < graph.offsets[node + 1] {
            let neighbor = graph.neighborIndices[cursor[part]]
            cursor[part] += 1
            if parts[neighbor] < 0 { next = neighbor }
          } else {
            head[part] += 1
            if head[part] < frontier[part].count {
              cursor[part] = graph.offsets[frontier[part][head[part]]]
            }
          }
        }
        claim(next ?? nextRandomUnclaimed(), for: part)
        claimed += 1
      }
    }
    return parts
  }

  /// METIS (its GKlib random generator) keeps global state: concurrent calls from two threads
  /// interleave their random streams, so the same seed could give different partitions.
  private static let metisLock = Mutex(())

  private static func metisKway(
    _ graph: Graph, agents: Int, using rng: inout some RandomNumberGenerator
  ) throws -> [Int] {
    let n = graph.nodeCount
    guard agents > 1 else { return [Int](repeating: 0, count: n) }
    var vertexCount = idx_t(n)
    var constraints: idx_t = 1
    var partCount = idx_t(agents)
    var xadj = graph.offsets.map { idx_t($0) }
    var adjncy = graph.neighborIndices.map { idx_t($0) }
    var options = [idx_t](repeating: 0, count: Int(METIS_NOPTIONS))
    METIS_SetDefaultOptions(&options)
    options[Int(METIS_OPTION_SEED.rawValue)] = idx_t(truncatingIfNeeded: rng.next() & 0x7fff_ffff)
    options[Int(METIS_OPTION_NUMBERING.rawValue)] = 0
    var objective: idx_t = 0
    var result = [idx_t](repeating: 0, count: n)
    if adjncy.isEmpty { adjncy = [0] }  // METIS reads the pointer even when there are no edges
    let status = metisLock.withLock { _ in
      METIS_PartGraphKway(
        &vertexCount, &constraints, &xadj, &adjncy, nil, nil, nil, &partCount, nil, nil,
        &options, &objective, &result)
    }
    guard status == METIS_OK.rawValue else {
      throw ParameterError("METIS failed (status \(status)) on \(n) nodes into \(agents) parts; try --partition bfs")
    }
    var parts = result.map { Int($0) }
    fillEmptyParts(&parts, agents: agents)
    return parts
  }

  /// Moves one node from the currently largest part into each empty part.
  private static func fillEmptyParts(_ parts: inout [Int], agents: Int) {
    var members = [[Int]](repeating: [], count: agents)
    for (node, part) in parts.enumerated() { members[part].append(node) }
    for empty in members.indices where members[empty].isEmpty {
      let largest = members.indices.max { members[$0].count < members[$1].count }!
      let node = members[largest].removeLast()
      parts[node] = empty
      members[empty].append(node)
    }
  }

  private static func readPartitionFile(_ path: String, graph: Graph, agents: Int) throws -> [Int] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw MissingInputError(file: path)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputFileError(file: path, "not UTF-8 text")
    }
    var nodeByName: [String: Int] = [:]
    for node in 0..<graph.nodeCount { nodeByName[graph.name(of: node)] = node }
    var parts = [Int](repeating: -1, count: graph.nodeCount)
    var lineNumberOf = [Int](repeating: 0, count: graph.nodeCount)
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = index + 1
      let content = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
      let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      if fields.isEmpty { continue }
      guard fields.count == 2 else {
        throw InputFileError(file: path, line: line,
                             "expected `node agent`, found \(fields.count) field(s)")
      }
      guard let node = nodeByName[String(fields[0])] else {
        throw InputFileError(file: path, line: line, "node `\(fields[0])` is not in the data graph")
      }
      guard let agent = Int(fields[1]), (0..<agents).contains(agent) else {
        throw InputFileError(file: path, line: line,
                             "agent `\(fields[1])` is not an integer in 0...\(agents - 1)")
      }
      guard parts[node] < 0 else {
        throw InputFileError(file: path, line: line,
                             "node `\(fields[0])` was already assigned on line \(lineNumberOf[node])")
      }
      parts[node] = agent
      lineNumberOf[node] = line
    }
    if let missing = parts.firstIndex(of: -1) {
      let count = parts.count(where: { $0 < 0 })
      throw InputFileError(file: path, "\(count) node(s) of the data graph have no agent, e.g. `\(graph.name(of: missing))`")
    }
    var used = [Bool](repeating: false, count: agents)
    for part in parts { used[part] = true }
    if let empty = used.firstIndex(of: false) {
      throw InputFileError(file: path, "agent \(empty) has no node; every agent 0...\(agents - 1) needs one")
    }
    return parts
  }
}
