import GossipTestSupport
import Mixing
import Testing
import Topology

/// Spectral numbers of three Topology Zoo networks, pinned from numpy/networkx.
///
/// Computed with python 3.11, numpy 2.4, networkx 3.6 by this script (it also wrote
/// ZooEdgeLists.swift from the same `edges`):
/// ```python
/// import networkx as nx, numpy as np
/// for name in ["Abilene", "Geant2012", "Cogentco"]:
///     text = open(f"/work/shared/data/topologyzoo/{name}.gml").read().replace("graph [", "graph [ multigraph 1", 1)
///     G = nx.Graph(nx.parse_gml(text, label='id'))  # multigraph 1: Cogentco repeats edges; nx.Graph collapses them
///     G.remove_edges_from(list(nx.selfloop_edges(G)))
///     lcc = max(nx.connected_components(G), key=len)
///     order = [v for v in G.nodes if v in lcc]          # file order of node ids
///     index = {v: k for k, v in enumerate(order)}
///     H = G.subgraph(lcc)
///     L = nx.laplacian_matrix(H, nodelist=order).toarray().astype(float)
///     ev = np.linalg.eigvalsh(L)
///     n, deg = len(order), L.diagonal()
///     W = np.zeros((n, n))
///     for u, v in H.edges:
///         i, j = index[u], index[v]
///         W[i, j] = W[j, i] = 1 / (1 + max(deg[i], deg[j]))
///     W += np.diag(1 - W.sum(axis=1))
///     w = np.linalg.eigvalsh(W)
///     slem = max(abs(w[-2]), abs(w[0]))
///     edges = sorted(tuple(sorted((index[u], index[v]))) for u, v in H.edges)
///     print(name, n, len(edges), repr(ev[1]), repr(ev[-1]), repr(slem))
/// ```
/// All three networks are connected (one component each).
@Suite struct ZooSpectraTests {
  struct Pin: CustomTestStringConvertible, Sendable {
    let name: String
    let network: (nodes: Int, endpoints: [Int])
    let edgeCount: Int
    let lambda2: Double
    let lambdaMax: Double
    let metropolisSLEM: Double
    var testDescription: String { name }

    var graph: Graph {
      let pairs = stride(from: 0, to: network.endpoints.count, by: 2).map {
        (network.endpoints[$0], network.endpoints[$0 + 1])
      }
      return Graph(nodeCount: network.nodes, edges: pairs)
    }
  }

  static let pins: [Pin] = [
    Pin(name: "Abilene", network: ZooEdgeLists.abilene, edgeCount: 14,
        lambda2: 0.323805585292873, lambdaMax: 5.349518040394117,
        metropolisSLEM: 0.9184536902409832),
    Pin(name: "Geant2012", network: ZooEdgeLists.geant2012, edgeCount: 61,
        lambda2: 0.13950642786521372, lambdaMax: 11.344835264452392,
        metropolisSLEM: 0.9788343964811548),
    Pin(name: "Cogentco", network: ZooEdgeLists.cogentco, edgeCount: 243,
        lambda2: 0.008653222462698416, lambdaMax: 10.37745160505348,
        metropolisSLEM: 0.9983270100373871),
  ]

  @Test(arguments: pins, [Spectrum.Method.dense, .sparse])
  func spectrumMatchesNetworkX(pin: Pin, method: Spectrum.Method) throws {
    let graph = pin.graph
    #expect(graph.edgeCount == pin.edgeCount)
    let report = try Spectrum.report(for: graph, weights: .metropolis, method: method)
    #expect(TestSupport.close(report.lambda2, pin.lambda2, tolerance: 1e-9),
            "λ₂ = \(report.lambda2)")
    #expect(TestSupport.close(report.lambdaMax, pin.lambdaMax, tolerance: 1e-9),
            "λ_max = \(report.lambdaMax)")
    #expect(TestSupport.close(report.slem, pin.metropolisSLEM, tolerance: 1e-9),
            "SLEM = \(report.slem)")
  }

  /// Metropolis weights written into the edges' `weight` attributes, read back by the `file` rule.
  @Test(arguments: pins)
  func fileWeightsReproduceTheMetropolisSLEM(pin: Pin) throws {
    let graph = pin.graph
    let weights = graph.edges.map {
      EdgeAttributes(weight: 1 / Double(1 + max(graph.degree(of: $0.u), graph.degree(of: $0.v))))
    }
    let report = try Spectrum.report(for: graph.withEdgeAttributes(weights), weights: .file)
    #expect(TestSupport.close(report.slem, pin.metropolisSLEM, tolerance: 1e-9),
            "SLEM = \(report.slem)")
  }
}
