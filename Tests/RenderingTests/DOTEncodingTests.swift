import Foundation
import GossipCore
import Graphviz
import Testing
import Topology

@testable import Rendering

@Suite struct DOTEncodingTests {
  /// The encoded text, read back by libcgraph (an independent DOT parser).
  func parsed(_ drawing: TopologyDrawing, engine: LayoutEngine = .neato) throws -> DOTGraph {
    try Graphviz.parseDOT(drawing.dot(for: try engine.choice(for: drawing.graph)))
  }

  @Test func quotingEscapesQuotesBackslashesAndNewlines() {
    #expect(DOT.quoted(#"a"b\c"#) == #""a\"b\\c""#)
    #expect(DOT.quoted("two\nlines") == #""two\nlines""#)
    #expect(DOT.html("x < y & \"z\" > 0") == "x &lt; y &amp; &quot;z&quot; &gt; 0")
    #expect(DOT.number(2.5) == "2.5")
    #expect(DOT.number(3) == "3")
    #expect(DOT.number(-0.0001) == "0")
  }

  /// Node names with DOT's special characters survive libcgraph's parser. Labels and tooltips
  /// are Graphviz escStrings, kept raw by cgraph (`\\` stays two characters until drawn as one
  /// backslash; RenderOutputTests checks the drawn text).
  @Test func awkwardNamesRoundTripThroughLibcgraph() throws {
    var graph = Graph(nodeCount: 3, edges: [(0, 1), (1, 2)])
    let names = [#"say "hi""#, #"back\slash"#, "a -- b; c"]
    graph.nodeNames = names
    let drawing = try TopologyDrawing.make(graph: graph, coloring: .degree, title: #"t"i<t>le"#)
    let dot = try parsed(drawing)
    #expect(dot.nodes.map { $0.attributes["tooltip"] } == [#"say "hi""#, #"back\\slash"#, "a -- b; c"])
    #expect(dot.name == #"t"i<t>le"#)
    #expect(dot.edges.count == 2)
  }

  /// Star K_{1,4}: the centre (degree 4) gets the top of viridis, the leaves (degree 1) the
  /// bottom; a legend swatch per distinct degree.
  @Test func degreeColoursSpanViridis() throws {
    let drawing = try TopologyDrawing.make(graph: try Graph.star(nodes: 5), coloring: .degree)
    let dot = try parsed(drawing)
    let fills = dot.nodes.map { $0.attributes["fillcolor"] }
    #expect(fills.filter { $0 == "#fde725" }.count == 1)  // matplotlib viridis(1.0)
    #expect(fills.filter { $0 == "#440154" }.count == 4)  // matplotlib viridis(0.0)
    let label = drawing.titleLabel(drawing.nodeColors().legend)
    #expect(label.contains("degree 1") && label.contains("degree 4"))
  }

  /// Two components: two categorical colours, explained by two swatches.
  @Test func componentsGetCategoricalColours() throws {
    let graph = Graph(nodeCount: 4, edges: [(0, 1), (2, 3)])
    let drawing = try TopologyDrawing.make(graph: graph, coloring: .component)
    let fills = try parsed(drawing).nodes.map { $0.attributes["fillcolor"] }
    #expect(fills == [Palette.categorical[0], Palette.categorical[0], Palette.categorical[1],
                      Palette.categorical[1]])
    #expect(drawing.subtitle.contains("2 components"))
  }

  /// Lollipop: triangle 0-1-2 and tail 2-3; Metropolis weights 1/(1 + max degree) are 1/3 on
  /// {0,1} and 1/4 elsewhere, so widths are 0.8 + 3.2·w/(1/3): 4.0 and 3.2.
  @Test func edgeWidthsFollowMetropolisWeights() throws {
    let graph = Graph(nodeCount: 4, edges: [(0, 1), (0, 2), (1, 2), (2, 3)])
    let drawing = try TopologyDrawing.make(graph: graph, coloring: .degree)
    let widths = try parsed(drawing).edges.map { Double($0.attributes["penwidth"] ?? "") }
    #expect(widths == [4.0, 3.2, 3.2, 3.2])
  }

  /// Weights from the file take precedence over Metropolis.
  @Test func edgeWidthsFollowFileWeights() throws {
    let graph = Graph(nodeCount: 3, edges: [(0, 1), (1, 2)],
                      attributes: [EdgeAttributes(weight: 0.5), EdgeAttributes(weight: 0.125)])
    let drawing = try TopologyDrawing.make(graph: graph, coloring: .degree)
    #expect(drawing.edgeWeights == [0.5, 0.125])
    let widths = try parsed(drawing).edges.map { Double($0.attributes["penwidth"] ?? "") }
    #expect(widths == [4.0, 1.6])  // 0.8 + 3.2 · (0.125/0.5)
    #expect(drawing.subtitle.contains("(file)"))
  }

  /// Ring C16 with Metropolis weights 1/3: SLEM = 1/3 + (2/3)cos(2π/16), gap 0.050740.
  @Test func subtitleGivesSizeAndSpectralGap() throws {
    let drawing = try TopologyDrawing.make(graph: try Graph.ring(nodes: 16), coloring: .degree)
    #expect(drawing.subtitle == "n = 16, m = 16, spectral gap 0.0507 (metropolis)")
  }

  /// A run's values on a logarithmic scale: 1e-4 and 1 are the ends of viridis, 1e-2 the middle;
  /// a node without a value is grey.
  @Test func valueColoursUseTheScale() throws {
    let scale = try #require(ColorScale.fitting([1e-4, 1e-2, 1]))
    #expect(scale.isLogarithmic)
    #expect(abs(scale.position(of: 1e-2) - 0.5) < 1e-12)
    let graph = try Graph.path(nodes: 4)
    let drawing = try TopologyDrawing.make(
      graph: graph, coloring: .value(name: "distance", values: [1e-4, 1e-2, 1, nil], scale: scale))
    let fills = try parsed(drawing).nodes.map { $0.attributes["fillcolor"] }
    #expect(fills == ["#440154", Palette.viridis(0.5), "#fde725", TopologyDrawing.missingColor])
  }

  /// Labels only when they fit: inside the nodes of a small graph with short names, none on a
  /// large one.
  @Test func labelsOnlyOnSmallGraphs() throws {
    let small = try parsed(try TopologyDrawing.make(graph: try Graph.ring(nodes: 8), coloring: .degree))
    #expect(small.nodes.map { $0.attributes["label"] } == (0..<8).map { "\($0)" })
    let large = try parsed(try TopologyDrawing.make(graph: try Graph.ring(nodes: 100), coloring: .degree))
    #expect(large.nodes.allSatisfy { $0.attributes["label"] == nil && $0.attributes["xlabel"] == nil })
  }

  /// Positions: x spans 504 points, the aspect ratio is kept, and a node without a position sits
  /// at the mean of its placed neighbours (within the 2% nudge).
  @Test func positionsAreScaledAndCompleted() throws {
    var graph = try Graph.path(nodes: 3)
    graph.positions = [Position(x: 10, y: 5), nil, Position(x: 30, y: 15)]
    let drawing = try TopologyDrawing.make(graph: graph, coloring: .degree)
    let positions = drawing.scaledPositions()
    #expect(abs(positions[0].x) < 1e-9 && abs(positions[2].x - 504) < 1e-9)
    #expect(abs(positions[2].y - 252) < 1e-9)
    #expect(abs(positions[1].x - 252) <= 0.02 * 504 + 1e-9)
    #expect(abs(positions[1].y - 126) <= 0.02 * 504 + 1e-9)
    let choice = try LayoutEngine.positions.choice(for: graph)
    #expect(choice.plugin == "nop2" && choice.warnings.count == 1)
    let pos = try parsed(drawing, engine: .positions).nodes.map { $0.attributes["pos"] }
    #expect(pos[0] == "0,0" && pos[2] == "504,252")
  }
}

@Suite struct DetourTests {
  /// The generator's 8×8 torus sits on a grid: its 8 + 8 wrap-around edges (one per row and
  /// column) run through the other nodes of their row or column and must bow out; the 112
  /// lattice edges must not.
  @Test func torusWrapEdgesBowOut() throws {
    let graph = try Graph.torus(rows: 8, cols: 8)
    let drawing = try TopologyDrawing.make(graph: graph, coloring: .degree)
    let curves = drawing.detours(drawing.scaledPositions(), radius: 5)
    #expect(curves.count == 16)
    let positions = try #require(graph.positions)
    for k in curves.keys {
      let (a, b) = (positions[graph.edges[k].u]!, positions[graph.edges[k].v]!)
      #expect(abs(a.x - b.x) + abs(a.y - b.y) == 7, "edge \(graph.edges[k]) is not a wrap edge")
    }
    // Every edge carries its shape for nop2.
    let dot = try Graphviz.parseDOT(drawing.dot(for: try LayoutEngine.positions.choice(for: graph)))
    #expect(dot.edges.allSatisfy { $0.attributes["pos"]?.split(separator: " ").count == 4 })
  }
}

@Suite struct AddedLinkTests {
  /// A designed topology marks the links it added (`link=added`); they are drawn dashed.
  @Test func addedLinksOfADesignedTopologyAreDashed() throws {
    let text = """
      graph design {
        "0"; "1"; "2"; "3";
        "0" -- "1" [weight=0.5, link=required];
        "1" -- "2" [weight=0.5, link=required];
        "2" -- "3" [weight=0.5, link=required];
        "0" -- "3" [weight=0.25, link=added, style=dashed];
      }
      """
    let graph = try TopologyFile.parse(text, format: .dot, file: "design.dot").graph
    let added = try TopologyDrawing.addedLinks(inDOT: text, graph: graph)
    #expect(added == [try #require(graph.edgeIndex(0, 3))])
    var drawing = try TopologyDrawing.make(graph: graph, coloring: .degree)
    drawing.dashedEdges = added
    let dot = drawing.dot(for: try LayoutEngine.auto.choice(for: graph))
    let dashed = dot.split(separator: "\n").filter { $0.contains("--") && $0.contains("style=dashed") }
    #expect(dashed.count == 1 && dashed[0].contains("n0 -- n3"))
  }
}
