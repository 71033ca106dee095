import Testing
@testable import Topology

@Suite struct GraphTests {
  @Test func csrListsNeighboursInIncreasingOrder() {
    let g = Graph(nodeCount: 5, edges: [(3, 1), (0, 1), (1, 4), (2, 1)])
    #expect(g.edgeCount == 4)
    #expect(Array(g.neighbors(of: 1)) == [0, 2, 3, 4])
    #expect(Array(g.neighbors(of: 3)) == [1])
    for k in g.edges.indices {
      let e = g.edges[k]
      #expect(g.edgeIndex(e.u, e.v) == k)
      #expect(g.edgeIndex(e.v, e.u) == k)
    }
    #expect(!g.hasEdge(0, 2))
  }

  @Test func selfLoopsAndRepeatedEdgesAreDroppedAndCounted() {
    let g = Graph(nodeCount: 3, edges: [(0, 1), (1, 0), (2, 2), (1, 2), (0, 1)],
                  attributes: [.init(weight: 0.25), .init(weight: 0.9), .none, .none, .none])
    #expect(g.edges == [Edge(0, 1), Edge(1, 2)])
    #expect(g.cleanup.selfLoops == 1)
    #expect(g.cleanup.duplicateEdges == 2)
    #expect(g.attributes(ofEdge: 0).weight == 0.25)  // the first occurrence wins
  }
}
