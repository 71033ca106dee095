import GossipCore
import LinearAlgebra
import Mixing
import Topology

/// Greedy edge addition for algebraic connectivity.
public enum EdgeBudget {
  /// Adds `budget` links to `graph` one at a time, each the non-edge `{i, j}` with the largest
  /// `(v_i − v_j)²` for the current Fiedler vector `v` (the unit eigenvector of λ₂ of the Laplacian),
  /// the first-order increase of λ₂ from adding that edge.
  ///
  /// Ghosh & Boyd, "Growing well-connected graphs", 45th IEEE CDC 2006,
  /// doi:10.1109/CDC.2006.377282. Each addition costs one dense eigendecomposition, O(n³), and a
  /// scan of the non-edges, O(n²). Ties go to the smallest `(i, j)`.
  /// - Returns: the links added, in the order chosen.
  /// - Throws: ``ParameterError`` when `budget` is negative or exceeds the number of non-edges.
  public static func greedyFiedler(_ graph: Graph, budget: Int) throws -> [Edge] {
    let n = graph.nodeCount
    let nonEdges = n * (n - 1) / 2 - graph.edgeCount
    guard budget >= 0, budget <= nonEdges else {
      throw ParameterError(
        "--budget \(budget): the \(n)-agent graph has \(nonEdges) missing links; choose a budget in 0...\(nonEdges)")
    }
    var edges = Set(graph.edges)
    var added: [Edge] = []
    for _ in 0..<budget {
      let current = Graph(nodeCount: n, edgeSet: edges)
      let fiedler = try SymmetricEigen.decomposition(of: MixingMatrix.laplacian(current).toDense())
        .vector(1)
      var best: (gain: Double, edge: Edge)?
      for i in 0..<n {
        for j in (i + 1)..<n where !current.hasEdge(i, j) {
          let gain = (fiedler[i] - fiedler[j]) * (fiedler[i] - fiedler[j])
          if best == nil || gain > best!.gain { best = (gain, Edge(i, j)) }
        }
      }
      edges.insert(best!.edge)
      added.append(best!.edge)
    }
    return added
  }
}
