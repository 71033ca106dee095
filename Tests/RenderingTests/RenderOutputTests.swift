import Foundation
import GossipCore
import GossipTestSupport
import Graphviz
import Testing
import Topology

@testable import Rendering

/// Layout and rendering through libgvc, in process.
@Suite struct RenderOutputTests {
  @Test func svgHoldsOneNodeGroupPerNode() throws {
    let graph = try Graph.torus(rows: 4, cols: 5)
    let drawing = try TopologyDrawing.make(graph: graph, coloring: .degree)
    let image = try TopologyRenderer.render(drawing, layout: .neato, format: .svg).image
    let svg = try #require(SVGInspector.parse(Data(image)), "the SVG is not well-formed XML")
    #expect(svg.nodeGroups == 20)
    #expect(svg.groups.filter { $0.cssClass == "edge" }.count == 40)
  }

  /// Abilene at its coordinates: 11 node groups, names drawn beside the nodes (the label of
  /// the escaped name is drawn as written).
  @Test func abileneAtItsCoordinates() throws {
    let path = TestSupport.repositoryRoot.appendingPathComponent("topologies/abilene.gml").path
    var graph = try TopologyFile.read(path: path).graph
    graph.nodeNames![0] = #"back\slash "q""#
    let drawing = try TopologyDrawing.make(graph: graph, coloring: .degree)
    let rendered = try TopologyRenderer.render(drawing, layout: .auto, format: .svg)
    #expect(rendered.warnings.isEmpty)
    let svg = try #require(SVGInspector.parse(Data(rendered.image)))
    #expect(svg.nodeGroups == 11)
    #expect(svg.texts.contains(#"back\slash "q""#))
    #expect(svg.texts.contains("Abilene"))
  }

  @Test func pngAndPdfHaveTheirMagicBytes() throws {
    let drawing = try TopologyDrawing.make(graph: try Graph.ring(nodes: 6), coloring: .degree)
    let png = try TopologyRenderer.render(drawing, layout: .circo, format: .png).image
    #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    let pdf = try TopologyRenderer.render(drawing, layout: .circo, format: .pdf).image
    #expect(Array(pdf.prefix(5)) == Array("%PDF-".utf8))
  }

  /// `auto` on 2,000 nodes picks sfdp and finishes (about 1 s in a debug build here; not timed).
  @Test func autoOnTwoThousandNodesFinishes() throws {
    var rng = SeededGenerator(seed: 5)
    let graph = try Graph.randomRegular(nodes: 2_000, degree: 3, using: &rng)
    let drawing = try TopologyDrawing.make(graph: graph, coloring: .degree)
    let rendered = try TopologyRenderer.render(drawing, layout: .auto, format: .svg)
    let svg = try #require(SVGInspector.parse(Data(rendered.image)))
    #expect(svg.nodeGroups == 2_000)
    #expect(rendered.warnings.isEmpty)
  }

  /// circo on 61 nodes would risk minutes: sfdp draws it instead, with a warning.
  @Test func slowEngineOnLargeGraphFallsBackWithAWarning() throws {
    let drawing = try TopologyDrawing.make(graph: try Graph.ring(nodes: 61), coloring: .degree)
    let rendered = try TopologyRenderer.render(drawing, layout: .circo, format: .svg)
    #expect(rendered.warnings.count == 1)
    #expect(rendered.warnings.first?.message.contains("using sfdp") == true)
    #expect(SVGInspector.parse(Data(rendered.image))?.nodeGroups == 61)
  }

  @Test func formatComesFromTheExtension() throws {
    #expect(try TopologyRenderer.format(ofPath: "a/b.SVG") == .svg)
    #expect(try TopologyRenderer.format(ofPath: "b.pdf") == .pdf)
    #expect(throws: ParameterError.self) { try TopologyRenderer.format(ofPath: "b.jpg") }
  }
}

@Suite struct LayoutEngineTests {
  @Test func autoChoosesBySizeAndPositions() throws {
    #expect(try LayoutEngine.auto.choice(for: try Graph.ring(nodes: 300)).engine == .neato)
    #expect(try LayoutEngine.auto.choice(for: try Graph.ring(nodes: 301)).engine == .sfdp)
    var placed = try Graph.path(nodes: 10)
    placed.positions = (0..<10).map { $0 == 0 ? nil : Position(x: Double($0), y: 0) }
    let choice = try LayoutEngine.auto.choice(for: placed)
    #expect(choice.engine == .positions && choice.plugin == "nop2" && choice.warnings.count == 1)
  }

  @Test func enginesWithinTheirLimitsRunAsAsked() throws {
    for engine in [LayoutEngine.dot, .neato, .fdp, .sfdp, .circo, .twopi] {
      let choice = try engine.choice(for: try Graph.ring(nodes: 20))
      #expect(choice.engine == engine && choice.plugin == engine.rawValue && choice.warnings.isEmpty)
    }
    #expect(try LayoutEngine.neato.choice(for: try Graph.ring(nodes: 1_001)).engine == .sfdp)
    #expect(try LayoutEngine.dot.choice(for: try Graph.ring(nodes: 300)).engine == .dot)
  }

  @Test func positionsNeedSomePositions() throws {
    #expect(throws: ParameterError.self) {
      try LayoutEngine.positions.choice(for: try Graph.ring(nodes: 5))
    }
  }
}
