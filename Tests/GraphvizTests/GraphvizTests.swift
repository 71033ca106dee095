import Testing
@testable import Graphviz

@Suite struct GraphvizVersionTests {
  @Test func reportsTheLinkedLibraryVersion() {
    // Debian 12 ships Graphviz 2.42; any release has a dotted version number.
    #expect(Graphviz.version.split(separator: ".").count >= 2)
  }
}

@Suite struct GraphvizRenderTests {
  @Test func rendersSVGInProcess() throws {
    let svg = String(decoding: try Graphviz.render(dot: "graph { a -- b }", engine: "neato",
                                                   format: .svg), as: UTF8.self)
    #expect(svg.contains("<svg") && svg.contains("class=\"node\""))
  }

  @Test func syntaxErrorsBecomeErrorsWithTheLine() {
    #expect(throws: GraphvizError.self) {
      try Graphviz.render(dot: "graph {\n a -- \n}", engine: "dot", format: .svg)
    }
    do {
      _ = try Graphviz.render(dot: "graph {\n a -- \n}", engine: "dot", format: .svg)
    } catch let error as GraphvizError {
      #expect(error.line == 3)
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func unknownEngineIsAnErrorNamingTheInstalledOnes() {
    do {
      _ = try Graphviz.render(dot: "graph { a }", engine: "nosuch", format: .svg)
      Issue.record("no error")
    } catch let error as GraphvizError {
      #expect(error.message.contains("nosuch") && error.message.contains("neato"))
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  /// Parsing still works after a render (the scanner and line counter are reset per text).
  @Test func parseAfterRender() throws {
    _ = try? Graphviz.render(dot: "graph { /* unterminated", engine: "dot", format: .svg)
    #expect(try Graphviz.parseDOT("graph { x -- y }").edges.count == 1)
  }
}
