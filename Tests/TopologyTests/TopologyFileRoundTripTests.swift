import Foundation
import GossipCore
import Testing
@testable import Topology

@Suite struct TopologyFileRoundTripTests {
  /// A graph using everything the formats can carry: names with spaces, quotes and `&`, an
  /// isolated node, all three edge attributes (some missing), positions (one missing), a label.
  static func richGraph() -> Graph {
    var g = Graph(
      nodeCount: 6, edges: [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)],
      attributes: [
        EdgeAttributes(weight: 0.1, latency: 2, bandwidth: 1e9),
        EdgeAttributes(weight: 1e-5),
        EdgeAttributes(weight: 0.3333333333333333, latency: 0),
        EdgeAttributes(),
        EdgeAttributes(bandwidth: 12.5),
      ])
    g.nodeNames = ["New York", "Chicago", "say \"hi\"", "A&B", "lonely", "x#1"]
    g.positions = [Position(x: -74.00597, y: 40.71427), Position(x: 0, y: -1.5), nil,
                   Position(x: 1e-7, y: 123456.789), Position(x: 3, y: 4), Position(x: -0.0, y: 2)]
    g.label = "Test \"net\""
    return g
  }

  static let formats = TopologyFormat.allCases

  @Test(arguments: formats)
  func richGraphSurvivesWhatTheFormatCarries(_ format: TopologyFormat) throws {
    let g = Self.richGraph()
    let text = TopologyFile.encode(g, format: format)
    let (back, warnings) = try TopologyFile.parse(text, format: format, file: "rt.\(format.rawValue)")
    #expect(warnings.isEmpty)
    if format == .edgeList {
      // Edge lists carry only weights, and names only when they are tokens (here "New York" is
      // not): structure and weights survive, names fall back to 0…n-1.
      let expected = Graph(nodeCount: 6, sortedUniqueEdges: g.edges,
                           attributes: g.edgeAttributes!.map { EdgeAttributes(weight: $0.weight) })
      #expect(back == expected)
    } else {
      #expect(back == g)
    }
  }

  @Test(arguments: formats)
  func tokenNamesAndWeightsSurvive(_ format: TopologyFormat) throws {
    var g = Graph(nodeCount: 5, edges: [(4, 0), (0, 2), (2, 4), (1, 3)],
                  attributes: [.init(weight: 0.25), .init(weight: 0.5), .init(weight: 0.125),
                               .init(weight: 3)])
    g.nodeNames = ["e", "7", "c", "3", "a"]  // integer-like names, not in increasing order
    let back = try TopologyFile.parse(TopologyFile.encode(g, format: format), format: format,
                                      file: "t").graph
    #expect(back == g)
  }

  @Test(arguments: formats)
  func unnamedGraphWithIsolatedNodesSurvives(_ format: TopologyFormat) throws {
    let g = Graph(nodeCount: 7, edges: [(0, 5), (5, 2), (2, 0)])
    let back = try TopologyFile.parse(TopologyFile.encode(g, format: format), format: format,
                                      file: "t").graph
    #expect(back == g)
    #expect(back.nodeNames == nil)
  }

  @Test(arguments: [TopologyFormat.dot, .gml, .json])
  func repeatedNamesSurvive(_ format: TopologyFormat) throws {
    // Topology Zoo labels are not unique; DOT and JSON then use index ids with a label.
    var g = Graph(nodeCount: 3, edges: [(0, 1), (1, 2)])
    g.nodeNames = ["Paris", "Paris", "Lyon"]
    let back = try TopologyFile.parse(TopologyFile.encode(g, format: format), format: format,
                                      file: "t").graph
    #expect(back == g)
  }

  @Test(arguments: formats)
  func emptyGraphSurvives(_ format: TopologyFormat) throws {
    let g = Graph(nodeCount: 0, edges: [])
    let back = try TopologyFile.parse(TopologyFile.encode(g, format: format), format: format,
                                      file: "t").graph
    #expect(back == g)
  }

  @Test func zooFilesSurviveEveryFormat() throws {
    for file in ["Geant2012.gml", "Interoute.gml"] {
      let zoo = try TopologyFile.read(path: try fixturePath(file)).graph
      for format in [TopologyFormat.dot, .gml, .json] {
        let back = try TopologyFile.parse(TopologyFile.encode(zoo, format: format), format: format,
                                          file: "t").graph
        #expect(back == zoo, "\(file) through \(format)")
      }
    }
  }

  @Test func writeThenReadThroughFilesInfersTheFormat() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("gossip-topology-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let g = Self.richGraph()
    for name in ["g.dot", "g.gv", "g.gml", "g.json"] {
      let path = folder.appendingPathComponent(name).path
      try TopologyFile.write(g, to: path)
      #expect(try TopologyFile.read(path: path).graph == g, "\(name)")
    }
    // An explicit format overrides the extension.
    let path = folder.appendingPathComponent("g.data").path
    try TopologyFile.write(g, to: path, format: .gml)
    #expect(try TopologyFile.read(path: path, format: .gml).graph == g)
    #expect(throws: ParameterError.self) { try TopologyFile.read(path: path) }
    #expect(throws: OutputError.self) {
      try TopologyFile.write(g, to: folder.appendingPathComponent("missing/g.dot").path)
    }
  }
}

@Suite struct TopologyFileFormatTests {
  @Test func extensionsMapToFormats() throws {
    #expect(TopologyFormat(pathExtension: "GV") == .dot)
    #expect(TopologyFormat(pathExtension: "txt") == .edgeList)
    #expect(try TopologyFormat.infer(fromPath: "a/b.c/net.edges") == .edgeList)
    let error = try #require(throws: ParameterError.self) {
      try TopologyFormat.infer(fromPath: "net.xml")
    }
    #expect(error.message.contains(".gml"))
  }

  @Test func missingFileIsMissingInput() throws {
    let error = try #require(throws: MissingInputError.self) {
      try TopologyFile.read(path: "/nonexistent/abilene.gml")
    }
    #expect(error.exitStatus == .noInput)
  }

  @Test func networkxNodeLinkJSON() throws {
    // Written by nx.node_link_data(P, edges='links'): the Petersen graph relabelled p0…p9, edge
    // {pi, pj} weighted (i + j)/10, node pi at pos [i, i²], graph name "Petersen".
    let (g, warnings) = try TopologyFile.read(path: try fixturePath("networkx-petersen.json"))
    #expect(warnings.isEmpty)
    #expect(g.label == "Petersen")
    #expect(g.nodeNames == (0..<10).map { "p\($0)" })
    #expect(g.edgeCount == 15)
    #expect((0..<10).allSatisfy { g.degree(of: $0) == 3 })
    for (k, e) in g.edges.enumerated() {
      #expect(g.attributes(ofEdge: k).weight == Double(e.u + e.v) / 10)
    }
    #expect(g.positions?[7] == Position(x: 7, y: 49))
  }

  @Test func networkxGMLWithEntitiesAndWeights() throws {
    // nx.write_gml(cycle_graph(['a b', 'c', 'd"e', 'f'])) with weights 0.25, 0.5, 0.75, 1.0 on
    // the edges in networkx's order (a b–c, a b–f, c–d"e, d"e–f); the quote is written `&#34;`.
    let g = try TopologyFile.read(path: try fixturePath("networkx-cycle.gml")).graph
    #expect(g.nodeNames == ["a b", "c", "d\"e", "f"])
    #expect(g.edges == [Edge(0, 1), Edge(0, 3), Edge(1, 2), Edge(2, 3)])
    #expect(g.edgeAttributes?.map(\.weight) == [0.25, 0.5, 0.75, 1.0])
  }

  @Test func networkxEdgeListKeepsIntegerNumbering() throws {
    // nx.write_edgelist(nx.karate_club_graph(), data=False): 34 nodes, 78 edges, and node 33
    // has degree 17, node 0 degree 16 (networkx).
    let g = try TopologyFile.read(path: try fixturePath("networkx-karate.edges")).graph
    #expect(g.nodeCount == 34)
    #expect(g.edgeCount == 78)
    #expect(g.nodeNames == nil)
    #expect(g.degree(of: 33) == 17)
    #expect(g.degree(of: 0) == 16)
  }

  @Test func edgeListRules() throws {
    // A header gives isolated nodes; tokens that are not 0…k are numbered by first appearance.
    let header = try TopologyFile.parse("# ring plus two\n5\n0 1\n1 2 # comment\n\n2 0\n",
                                        format: .edgeList, file: "h.edges").graph
    #expect(header.nodeCount == 5)
    #expect(header.edges == [Edge(0, 1), Edge(0, 2), Edge(1, 2)])
    let named = try TopologyFile.parse("b a 2.5\n1 b\r\nz\n", format: .edgeList, file: "n.txt").graph
    #expect(named.nodeNames == ["b", "a", "1", "z"])
    #expect(named.edges == [Edge(0, 1), Edge(0, 2)])
    #expect(named.edgeAttributes?.map(\.weight) == [2.5, nil])
    let integers = try TopologyFile.parse("2 1\n1 0\n", format: .edgeList, file: "i.edges").graph
    #expect(integers.nodeNames == nil)
    #expect(integers.edges == [Edge(0, 1), Edge(1, 2)])
  }

  @Test func digraphIsReadUndirectedWithAWarning() throws {
    let (g, warnings) = try TopologyFile.parse(
      "digraph { a -> b; b -> a; b -> c; c -> c }", format: .dot, file: "d.dot")
    #expect(g.edges == [Edge(0, 1), Edge(1, 2)])
    #expect(g.nodeNames == ["a", "b", "c"])
    #expect(warnings.count == 3)  // digraph, one repeated edge, one self loop
    #expect(warnings.contains { $0.message.contains("digraph") })
  }

  @Test func gmlNodeIdsAreRenumberedInFileOrder() throws {
    let text = """
      graph [
        node [ id 40 label "x" ]
        node [ id -3 ]
        node [ id 7 hyperedge 1 Longitude 5 Latitude -2.5 ]
        edge [ source 7 target 40 ]
        edge [ source -3 target 7 id 99 ]
        Network "N"
      ]
      """
    let g = try TopologyFile.parse(text, format: .gml, file: "g.gml").graph
    #expect(g.nodeNames == ["x", "-3", "7"])
    #expect(g.edges == [Edge(0, 2), Edge(1, 2)])
    #expect(g.positions == [nil, nil, Position(x: 5, y: -2.5)])
    #expect(g.label == "N")
  }

  @Test func gmlCoordinatesThatAreNotNumbersAreWarnings() throws {
    let text = """
      graph [
        node [ id 0 Longitude "east" Latitude 3 ]
        node [ id 1 Longitude NAN Latitude 1 ]
        node [ id 2 Longitude -INF Latitude 1 ]
        node [ id 3 Longitude 1 ]
      ]
      """
    let (g, warnings) = try TopologyFile.parse(text, format: .gml, file: "c.gml")
    #expect(g.nodeCount == 4)
    #expect(g.positions == nil)
    #expect(warnings.map(\.line) == [2, 3, 4])
  }

  @Test func latin1FileIsReadWithAWarning() throws {
    let folder = FileManager.default.temporaryDirectory
    let path = folder.appendingPathComponent("latin1-\(UUID().uuidString).edges").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    // "München Zürich" in ISO 8859-1: ü is the single byte 0xFC, which is not UTF-8.
    let bytes: [UInt8] = Array("M".utf8) + [0xFC] + Array("nchen Z".utf8) + [0xFC] + Array("rich\n".utf8)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let (g, warnings) = try TopologyFile.read(path: path)
    #expect(g.nodeNames == ["München", "Zürich"])
    #expect(warnings.count == 1)
    #expect(warnings.first?.message.contains("Latin-1") == true)
  }

  @Test func jsonAcceptsEdgesAndMixedIds() throws {
    let text = """
      {"directed": true, "nodes": [{"id": 1}, {"id": "1"}, {"id": 0, "label": "zero"}],
       "edges": [{"source": 1, "target": "1", "latency": 4}, {"source": 0, "target": 1}]}
      """
    let (g, warnings) = try TopologyFile.parse(text, format: .json, file: "j.json")
    #expect(g.nodeNames == ["1", "1", "zero"])
    #expect(g.edges == [Edge(0, 1), Edge(0, 2)])
    #expect(g.edgeAttributes?.map(\.latency) == [4, nil])
    #expect(warnings.count == 1)
  }
}
