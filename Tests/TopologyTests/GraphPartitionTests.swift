import Foundation
import GossipCore
import Testing
@testable import Topology

@Suite struct GraphPartitionTests {
  /// Number of data edges whose endpoints lie in different parts.
  private func cutSize(_ graph: Graph, _ parts: [Int]) -> Int {
    graph.edges.count(where: { parts[$0.u] != parts[$0.v] })
  }

  private func sizes(_ parts: [Int], agents: Int) -> [Int] {
    var size = [Int](repeating: 0, count: agents)
    for p in parts { size[p] += 1 }
    return size
  }

  @Test(arguments: [PartitionMethod.bfs, .random, .metis])
  func everyMethodCoversAllNodesWithNonEmptyParts(method: PartitionMethod) throws {
    let graph = try Graph.grid(rows: 7, cols: 9)  // 63 nodes
    for agents in [1, 2, 5, 10, 63] {
      var rng = SeededGenerator(seed: 3)
      let parts = try GraphPartition.assign(graph, agents: agents, method: method, using: &rng)
      #expect(parts.count == 63)
      let size = sizes(parts, agents: agents)
      #expect(size.allSatisfy { $0 > 0 }, "\(method) M=\(agents): \(size)")
      if method != .metis {  // bfs and random are exactly balanced: 63 = 5·13 … sizes differ by ≤ 1
        #expect(size.max()! - size.min()! <= 1, "\(method) M=\(agents): \(size)")
      }
    }
  }

  @Test func sameSeedSamePartition() throws {
    let graph = try Graph.torus(rows: 6, cols: 6)
    for method in [PartitionMethod.bfs, .random, .metis] {
      var a = SeededGenerator(seed: 11)
      var b = SeededGenerator(seed: 11)
      #expect(try GraphPartition.assign(graph, agents: 4, method: method, using: &a)
              == GraphPartition.assign(graph, agents: 4, method: method, using: &b))
    }
  }

  @Test func bfsAndMetisCutFarFewerEdgesThanRandom() throws {
    // 10×10 grid, 180 edges, 4 parts of 25. A random balanced split cuts each edge with
    // probability 1 − 4·(25·24)/(100·99) ≈ 0.758, i.e. ≈ 136 edges; the optimal 4-way cut is
    // 20 (four 5×5 blocks). Grown parts are connected blobs, so they cut far fewer.
    let graph = try Graph.grid(rows: 10, cols: 10)
    var rng = SeededGenerator(seed: 1)
    let random = cutSize(graph, try GraphPartition.assign(graph, agents: 4, method: .random, using: &rng))
    let bfs = cutSize(graph, try GraphPartition.assign(graph, agents: 4, method: .bfs, using: &rng))
    let metis = cutSize(graph, try GraphPartition.assign(graph, agents: 4, method: .metis, using: &rng))
    #expect(random > 110)
    #expect(bfs < 80)
    #expect(metis >= 20 && metis <= 30)
  }

  @Test func metisSeparatesDisconnectedCliques() throws {
    // Two disjoint K5s: the only 0-cut balanced bisection puts each clique in its own part.
    var pairs: [(Int, Int)] = []
    for offset in [0, 5] {
      for i in 0..<5 { for j in (i + 1)..<5 { pairs.append((offset + i, offset + j)) } }
    }
    let graph = Graph(nodeCount: 10, edges: pairs)
    var rng = SeededGenerator(seed: 5)
    let parts = try GraphPartition.assign(graph, agents: 2, method: .metis, using: &rng)
    #expect(cutSize(graph, parts) == 0)
    #expect(Set(parts[0..<5]).count == 1 && Set(parts[5..<10]).count == 1 && parts[0] != parts[5])
  }

  @Test func tooManyOrTooFewAgentsThrow() throws {
    let graph = try Graph.path(nodes: 4)
    var rng = SeededGenerator(seed: 1)
    #expect(throws: ParameterError.self) {
      try GraphPartition.assign(graph, agents: 5, method: .bfs, using: &rng)
    }
    #expect(throws: ParameterError.self) {
      try GraphPartition.assign(graph, agents: 0, method: .random, using: &rng)
    }
  }

  @Test func requiredLinksCountCutEdges() {
    // Path 0–1–2–3–4–5 split [0,0,1,1,2,0]: cut edges 1–2 (agents 0,1), 3–4 (1,2), 4–5 (2,0).
    let path = Graph(nodeCount: 6, edges: [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)])
    let links = GraphPartition.requiredLinks(path, parts: [0, 0, 1, 1, 2, 0], agents: 3)
    #expect(links.edges == [Edge(0, 1), Edge(0, 2), Edge(1, 2)])
    #expect(links.edgeAttributes?.map(\.weight) == [1, 1, 1])
    // K4 split {0,1} | {2,3}: the four edges 0–2, 0–3, 1–2, 1–3 cross; agent 2 holds nothing
    // and needs no link.
    let k4 = Graph(nodeCount: 4, edges: [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)])
    let bisection = GraphPartition.requiredLinks(k4, parts: [0, 0, 1, 1], agents: 3)
    #expect(bisection.nodeCount == 3)
    #expect(bisection.edges == [Edge(0, 1)])
    #expect(bisection.attributes(ofEdge: 0).weight == 4)
  }

  private func withPartitionFile(_ text: String, _ body: (String) throws -> Void) throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("partition-\(UUID().uuidString).txt")
    try text.write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    try body(url.path)
  }

  @Test func partitionFileUsesNodeNames() throws {
    var graph = Graph(nodeCount: 3, edges: [(0, 1), (1, 2)])
    graph.nodeNames = ["p35", "p1033", "p2"]
    var rng = SeededGenerator(seed: 1)
    try withPartitionFile("# node agent\np2 0\np35 1\n\np1033 0  # trailing comment\n") { (path: String) throws in
      #expect(try GraphPartition.assign(graph, agents: 2, method: .file(path), using: &rng) == [1, 0, 0])
    }
  }

  @Test func partitionFileErrorsNameTheLine() throws {
    var graph = Graph(nodeCount: 3, edges: [(0, 1), (1, 2)])
    graph.nodeNames = ["a", "b", "c"]
    var rng = SeededGenerator(seed: 1)
    let cases: [(String, Int?)] = [
      ("a 0\nb 1 extra\nc 1\n", 2),   // three fields
      ("a 0\nzz 1\nc 1\n", 2),        // unknown node
      ("a 0\nb 2\nc 1\n", 2),         // agent out of range
      ("a 0\nb x\nc 1\n", 2),         // agent not an integer
      ("a 0\nb 1\na 1\n", 3),         // repeated node
      ("a 0\nb 1\n", nil),            // c missing
      ("a 0\nb 0\nc 0\n", nil),       // agent 1 empty
    ]
    for (text, line) in cases {
      try withPartitionFile(text) { (path: String) throws in
        let error = #expect(throws: InputFileError.self) {
          try GraphPartition.assign(graph, agents: 2, method: .file(path), using: &rng)
        }
        #expect(error?.line == line, "\(text.debugDescription): \(String(describing: error))")
      }
    }
    #expect(throws: MissingInputError.self) {
      try GraphPartition.assign(graph, agents: 2, method: .file("/nonexistent/partition.txt"), using: &rng)
    }
  }

  @Test func methodNamesParse() {
    #expect(PartitionMethod(parsing: "bfs") == .bfs)
    #expect(PartitionMethod(parsing: "metis") == .metis)
    #expect(PartitionMethod(parsing: "random") == .random)
    #expect(PartitionMethod(parsing: "parts.txt") == .file("parts.txt"))
  }
}
