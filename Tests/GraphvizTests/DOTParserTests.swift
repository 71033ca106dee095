import Testing
@testable import Graphviz

@Suite struct DOTParserTests {
  @Test func readsNodesEdgesAndAttributesInFileOrder() throws {
    let text = """
      graph "Tiny net" {
        node [shape=box]
        c [pos="1,2"]
        a; b
        b -- c [weight=0.5, latency=3]
        a -- b
        c -- a [bandwidth="1e6"]
      }
      """
    let g = try Graphviz.parseDOT(text)
    #expect(g.name == "Tiny net")
    #expect(!g.isDirected)
    #expect(g.nodes.map(\.name) == ["c", "a", "b"])
    #expect(g.nodes[0].attributes == ["shape": "box", "pos": "1,2"])
    #expect(g.nodes[1].attributes == ["shape": "box"])
    #expect(g.edges == [
      DOTGraph.Edge(tail: "b", head: "c", attributes: ["weight": "0.5", "latency": "3"]),
      DOTGraph.Edge(tail: "a", head: "b"),
      DOTGraph.Edge(tail: "c", head: "a", attributes: ["bandwidth": "1e6"]),
    ])
  }

  @Test func reportsDirectionAndAnonymousGraphs() throws {
    let g = try Graphviz.parseDOT("digraph { x -> y; y -> x }")
    #expect(g.isDirected)
    #expect(g.name == nil)
    #expect(g.edges.map { [$0.tail, $0.head] } == [["x", "y"], ["y", "x"]])
  }

  @Test func syntaxErrorCarriesGraphvizMessageAndLine() throws {
    let text = "graph G {\n  a -- b\n  b -- -- c\n}\n"
    let error = try #require(throws: GraphvizError.self) { try Graphviz.parseDOT(text) }
    #expect(error.line == 3)
    #expect(error.message.contains("syntax error"))
    // The parser state is reset: the next good text parses, and a later error names its own line.
    #expect(try Graphviz.parseDOT("graph { a -- b }").edges.count == 1)
    let second = try #require(throws: GraphvizError.self) {
      try Graphviz.parseDOT("graph {\n a\n b\n c\n d -- \n}")
    }
    #expect(second.line == 6)
  }

  @Test func rejectsTextWithoutAGraph() throws {
    let empty = try #require(throws: GraphvizError.self) { try Graphviz.parseDOT("") }
    #expect(empty.message.contains("no graph"))
    #expect(throws: GraphvizError.self) { try Graphviz.parseDOT("hello") }
    #expect(throws: GraphvizError.self) { try Graphviz.parseDOT("graph { a \0 b }") }
  }

  @Test(arguments: [
    "/* a comment that is never closed\ngraph { a -- b }",
    "graph {" + String(repeating: "{", count: 20_000),  // the parser's stack overflows
    "graph { a [label=<<b>unclosed HTML ] }",
    "graph { a [label=\"unclosed string ] }",
  ])
  func aFailedReadDoesNotSpoilTheNextOne(_ bad: String) throws {
    // cgraph leaves its scanner in the failed read's state (inside a comment, an HTML string,
    // or at the end of a dead buffer) unless it is reset before every read.
    #expect(throws: GraphvizError.self) { try Graphviz.parseDOT(bad) }
    let good = try Graphviz.parseDOT("graph {\n x -- y -- z\n}")
    #expect(good.edges.count == 2)
  }

  @Test func concurrentParsesAreSerializedByTheLock() async throws {
    // Unserialized, concurrent agmemread calls corrupt cgraph's global lexer state and crash.
    let counts = try await withThrowingTaskGroup(of: Int.self) { group in
      for k in 0..<16 {
        group.addTask {
          let ring = (0..<50).map { "n\($0) -- n\(($0 + 1) % 50)" }.joined(separator: "\n")
          let good = try Graphviz.parseDOT("graph R\(k) {\n\(ring)\n}")
          if k % 2 == 0 { _ = try? Graphviz.parseDOT("graph {\n a -- \n") }
          return good.edges.count
        }
      }
      return try await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(counts == Array(repeating: 50, count: 16))
  }
}
