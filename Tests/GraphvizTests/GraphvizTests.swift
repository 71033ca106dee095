import Testing
@testable import Graphviz

@Suite struct GraphvizVersionTests {
  @Test func reportsTheLinkedLibraryVersion() {
    // Debian 12 ships Graphviz 2.42; any release has a dotted version number.
    #expect(Graphviz.version.split(separator: ".").count >= 2)
  }
}
