import Foundation
import GossipCore
import GossipTestSupport
import Testing
@testable import Topology

/// A fixture file's path (the Fixtures folder is copied into the test bundle).
func fixturePath(_ name: String) throws -> String {
  let url = URL(fileURLWithPath: name)
  return try #require(
    Bundle.module.url(
      forResource: url.deletingPathExtension().lastPathComponent,
      withExtension: url.pathExtension, subdirectory: "Fixtures")
  ).path
}

@Suite struct TopologyFileZooTests {
  /// Counts from NetworkX 3.6 (the Topology Zoo files copied from /work/shared/data/topologyzoo):
  ///   mg = nx.parse_gml(text.replace('graph [', 'graph [\n  multigraph 1', 1), label='id')
  ///   g = nx.Graph(mg); g.remove_edges_from(list(nx.selfloop_edges(g)))
  /// nodes = g.number_of_nodes(), edges = g.number_of_edges(), loops = nx.number_of_selfloops(mg),
  /// repeats = mg.number_of_edges() - loops - g.number_of_edges(). (`nx.read_gml` itself refuses
  /// the files with repeated records unless they are read as multigraphs.)
  static let zoo: [(file: String, nodes: Int, edges: Int, loops: Int, repeats: Int)] = [
    ("Abilene.gml", 11, 14, 0, 0),
    ("Bandcon.gml", 22, 28, 0, 0),
    ("Cogentco.gml", 197, 243, 0, 2),
    ("Esnet.gml", 68, 79, 0, 13),
    ("Geant2012.gml", 40, 61, 0, 0),
    ("Interoute.gml", 110, 146, 2, 10),
    ("Nsfcnet.gml", 10, 10, 0, 0),
    ("Sunet.gml", 26, 32, 0, 17),
  ]

  @Test(arguments: zoo)
  func readsEveryTopologyZooFile(_ expected: (file: String, nodes: Int, edges: Int, loops: Int, repeats: Int))
    throws
  {
    let (graph, warnings) = try TopologyFile.read(path: try fixturePath(expected.file))
    #expect(graph.nodeCount == expected.nodes)
    #expect(graph.edgeCount == expected.edges)
    #expect(graph.cleanup.selfLoops == expected.loops)
    #expect(graph.cleanup.duplicateEdges == expected.repeats)
    // One warning for all repeated records, stating the count; one for the self loops.
    let repeatWarnings = warnings.filter { $0.message.contains("repeated edge record") }
    #expect(repeatWarnings.count == (expected.repeats > 0 ? 1 : 0))
    #expect(repeatWarnings.allSatisfy { $0.message.contains("collapsed \(expected.repeats) ") })
    let loopWarnings = warnings.filter { $0.message.contains("self loop") }
    #expect(loopWarnings.count == (expected.loops > 0 ? 1 : 0))
    #expect(loopWarnings.allSatisfy { $0.message.contains("dropped \(expected.loops) ") })
    #expect(graph.nodeNames?.count == expected.nodes)
  }

  @Test func abileneMatchesTheFile() throws {
    let (graph, warnings) = try TopologyFile.read(path: try fixturePath("Abilene.gml"))
    #expect(warnings.isEmpty)
    #expect(graph.label == "Abilene")
    // nx.read_gml('Abilene.gml', label='id'): sorted edges and node labels.
    let edges = [(0, 1), (0, 2), (1, 10), (2, 9), (3, 4), (3, 6), (4, 5), (4, 6), (5, 8), (6, 7),
                 (7, 8), (7, 10), (8, 9), (9, 10)]
    #expect(graph.edges == edges.map { Edge($0.0, $0.1) })
    #expect(graph.nodeNames == [
      "New York", "Chicago", "Washington DC", "Seattle", "Sunnyvale", "Los Angeles", "Denver",
      "Kansas City", "Houston", "Atlanta", "Indianapolis",
    ])
    // Node 3 in the file: label "Seattle", Longitude -122.33207, Latitude 47.60621.
    #expect(graph.positions?[3] == Position(x: -122.33207, y: 47.60621))
    #expect(graph.positions?.allSatisfy { $0 != nil } == true)
  }

  @Test func nodesWithoutCoordinatesHaveNoPosition() throws {
    // Nsfcnet.gml: no node has Latitude/Longitude.
    let nsfcnet = try TopologyFile.read(path: try fixturePath("Nsfcnet.gml")).graph
    #expect(nsfcnet.positions == nil)
    // Esnet.gml: most nodes lack coordinates (grep -c Latitude Esnet.gml gives the others).
    let esnetText = try String(contentsOfFile: try fixturePath("Esnet.gml"), encoding: .utf8)
    let withCoordinates = esnetText.components(separatedBy: "Latitude").count - 1
    let esnet = try TopologyFile.read(path: try fixturePath("Esnet.gml")).graph
    #expect(esnet.positions?.compactMap { $0 }.count == withCoordinates)
  }

  /// The files shipped in topologies/: closed forms for the small examples (C16: n edges; K6:
  /// n(n-1)/2; Petersen: 15; 4×4 torus: 2·16; star: n-1; 3×3 grid: 2·3·2; 3-cube: 3·2²), the
  /// NetworkX counts above for the Topology Zoo copies.
  static let shipped: [(file: String, nodes: Int, edges: Int)] = [
    ("abilene.gml", 11, 14), ("geant2012.gml", 40, 61), ("cogentco.gml", 197, 243),
    ("nsfcnet.gml", 10, 10), ("sunet.gml", 26, 32), ("ring-16.edges", 16, 16),
    ("complete-6.edges", 6, 15), ("petersen.dot", 10, 15), ("torus-4x4.dot", 16, 32),
    ("star-8.json", 8, 7), ("grid-3x3.json", 9, 12), ("hypercube-3.gml", 8, 12),
  ]

  @Test func everyShippedTopologyReads() throws {
    let folder = TestSupport.repositoryRoot.appendingPathComponent("topologies")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { TopologyFormat(pathExtension: URL(fileURLWithPath: $0).pathExtension) != nil }
    #expect(Set(files) == Set(Self.shipped.map(\.file)))
    for expected in Self.shipped {
      let graph = try TopologyFile.read(path: folder.appendingPathComponent(expected.file).path).graph
      #expect(graph.nodeCount == expected.nodes, "\(expected.file)")
      #expect(graph.edgeCount == expected.edges, "\(expected.file)")
    }
    let torus = try TopologyFile.read(path: folder.appendingPathComponent("torus-4x4.dot").path).graph
    #expect(torus.edgeAttributes?.allSatisfy { $0 == EdgeAttributes(weight: 0.2, latency: 1, bandwidth: 1e6) } == true)
    #expect(torus.positions?[torus.nodeNames!.firstIndex(of: "r2c3")!] == Position(x: 3, y: 2))
  }
}
