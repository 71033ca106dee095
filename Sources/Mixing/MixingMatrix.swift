import GossipCore
import LinearAlgebra
import Topology

/// Mixing matrices and Laplacians of graphs, as CSR matrices with the graph's sparsity.
public enum MixingMatrix {
  /// Tolerance of the `file` rule: a node whose edge weights sum to at most `1 + 1e-9` is
  /// accepted (a self weight in `[−1e-9, 0)` becomes 0).
  public static let fileTolerance = 1e-9

  /// The mixing matrix `W_mix` of `graph` under `rule`: symmetric, doubly stochastic, non-zero
  /// only on edges and the diagonal.
  ///
  /// O(n + m) for the local rules; `laplacian` and `best-constant` also need `λ_max(L)` and
  /// `λ₂(L)`, computed as ``Spectrum/report(for:weights:method:)`` does with `.auto`.
  /// A graph without edges gets the identity.
  /// - Throws: ``ParameterError`` for `best-constant` on a disconnected graph and, for `file`,
  ///   when an edge has no weight, a weight is negative or not finite, or the weights at a node
  ///   sum to more than 1 (its self weight would be negative); the message names the edge or node.
  public static func make(_ graph: Graph, rule: WeightRule) throws -> SparseMatrix {
    try make(graph, rule: rule) {
      try Spectrum.laplacianEnds(of: graph, dense: Spectrum.usesDense(graph, .auto))
    }
  }

  /// ``make(_:rule:)`` with the Laplacian's `(λ₂, λ_max)` computed on demand by `laplacianEnds`,
  /// so that ``Spectrum`` computes them once.
  static func make(
    _ graph: Graph, rule: WeightRule, laplacianEnds: () throws -> LaplacianEnds
  ) throws -> SparseMatrix {
    let degree = (0..<graph.nodeCount).map { graph.degree(of: $0) }
    let edgeWeights: [Double]
    switch rule {
    case .metropolis, .lazyMetropolis:
      let scale = rule == .lazyMetropolis ? 0.5 : 1
      edgeWeights = graph.edges.map { scale / Double(1 + max(degree[$0.u], degree[$0.v])) }
    case .maxDegree:
      let weight = 1 / Double(1 + (degree.max() ?? 0))
      edgeWeights = Array(repeating: weight, count: graph.edgeCount)
    case .laplacian:
      let weight = graph.edgeCount == 0 ? 0 : 1 / (try laplacianEnds().lambdaMax)
      edgeWeights = Array(repeating: weight, count: graph.edgeCount)
    case .bestConstant:
      guard graph.isConnected else {
        throw ParameterError(
          "best-constant weights need a connected graph (λ₂(L) = 0 here); use the largest "
            + "connected component or choose another rule such as metropolis")
      }
      let ends = graph.edgeCount == 0 ? nil : try laplacianEnds()
      let weight = ends.map { 2 / ($0.lambdaMax + $0.lambda2) } ?? 0
      edgeWeights = Array(repeating: weight, count: graph.edgeCount)
    case .file:
      edgeWeights = try fileWeights(graph)
    }
    var w = assemble(graph, edgeValues: edgeWeights) { 1 - $0 }
    if rule == .file { try repairSelfWeights(&w, graph: graph) }
    return w
  }

  /// The Laplacian `L = D − A` (unweighted) as CSR: `L_ii = d_i`, `L_ij = −1` on edges.
  public static func laplacian(_ graph: Graph) -> SparseMatrix {
    assemble(graph, edgeValues: Array(repeating: -1, count: graph.edgeCount)) { -$0 }
  }

  /// Checks that `w` is a mixing matrix for `graph`: square of the graph's size, finite, non-zero
  /// only on edges and the diagonal, symmetric and with rows summing to 1, both within `tolerance`.
  ///
  /// Symmetric with unit row sums means doubly stochastic; signs are not checked (best-constant
  /// weights can have negative self weights). O(n + m log d_max).
  /// - Throws: ``ParameterError`` naming the first offending node or pair of nodes.
  public static func validate(_ w: SparseMatrix, against graph: Graph, tolerance: Double) throws {
    let n = graph.nodeCount
    guard w.rows == n, w.columns == n else {
      throw ParameterError(
        "the mixing matrix is \(w.rows)×\(w.columns) but the graph has \(n) nodes; "
          + "build it from this graph")
    }
    for i in 0..<n {
      var rowSum = 0.0
      for k in w.rowPointers[i]..<w.rowPointers[i + 1] {
        let j = Int(w.columnIndices[k])
        let value = w.values[k]
        let pair = "(\(graph.name(of: i)), \(graph.name(of: j)))"
        guard value.isFinite else {
          throw ParameterError("the mixing weight at \(pair) is \(value); weights must be finite")
        }
        if i != j && value != 0 && !graph.hasEdge(i, j) {
          throw ParameterError(
            "the mixing matrix has weight \(value) at \(pair), which is not an edge of the graph; "
              + "only edges and the diagonal may be non-zero")
        }
        if i != j && abs(value - w[j, i]) > tolerance {
          throw ParameterError(
            "the mixing matrix is not symmetric: \(value) at \(pair) but \(w[j, i]) at the "
              + "transposed position; give both directions of an edge the same weight")
        }
        rowSum += value
      }
      guard abs(rowSum - 1) <= tolerance else {
        throw ParameterError(
          "the mixing weights of node \(graph.name(of: i)) sum to \(rowSum), not 1; "
            + "a mixing matrix must be doubly stochastic")
      }
    }
  }

  /// The CSR matrix with `edgeValues[k]` at both positions of edge `k` and, on the diagonal,
  /// `diagonal(sum of the row's off-diagonal values)`. O(n + m).
  static func assemble(
    _ graph: Graph, edgeValues: [Double], diagonal: (Double) -> Double
  ) -> SparseMatrix {
    let n = graph.nodeCount
    var rowPointers = [Int](repeating: 0, count: n + 1)
    var columns: [Int32] = []
    var values: [Double] = []
    columns.reserveCapacity(n + 2 * graph.edgeCount)
    values.reserveCapacity(n + 2 * graph.edgeCount)
    for i in 0..<n {
      let row = graph.offsets[i]..<graph.offsets[i + 1]
      let diagonalValue = diagonal(row.reduce(0) { $0 + edgeValues[graph.edgeIndices[$1]] })
      var diagonalPlaced = false
      // Neighbours come in increasing order: the diagonal goes before the first larger one.
      for k in row {
        let j = graph.neighborIndices[k]
        if !diagonalPlaced && j > i {
          columns.append(Int32(i))
          values.append(diagonalValue)
          diagonalPlaced = true
        }
        columns.append(Int32(j))
        values.append(edgeValues[graph.edgeIndices[k]])
      }
      if !diagonalPlaced {
        columns.append(Int32(i))
        values.append(diagonalValue)
      }
      rowPointers[i + 1] = columns.count
    }
    return SparseMatrix(rows: n, columns: n, rowPointers: rowPointers, columnIndices: columns,
                        values: values)
  }

  /// The `weight` attribute of every edge, checked: present, finite, non-negative.
  static func fileWeights(_ graph: Graph) throws -> [Double] {
    try graph.edges.indices.map { k in
      let edge = graph.edges[k]
      let name = "\(graph.name(of: edge.u))–\(graph.name(of: edge.v))"
      guard let weight = graph.attributes(ofEdge: k).weight else {
        throw ParameterError(
          "edge \(name) has no weight; with --weights file every edge needs a weight attribute "
            + "(or choose a rule such as metropolis)")
      }
      guard weight.isFinite, weight >= 0 else {
        throw ParameterError(
          "edge \(name) has weight \(weight); mixing weights must be finite and non-negative")
      }
      return weight
    }
  }

  /// Rejects a node whose edge weights sum to more than `1 + fileTolerance` (a negative self
  /// weight) and sets self weights in `[−fileTolerance, 0)` to 0.
  static func repairSelfWeights(_ w: inout SparseMatrix, graph: Graph) throws {
    for i in 0..<graph.nodeCount {
      let k = w.storedPosition(row: i, column: i)!  // `assemble` stores every diagonal entry
      let selfWeight = w.values[k]
      guard selfWeight >= -fileTolerance else {
        throw ParameterError(
          "the weights of the edges at node \(graph.name(of: i)) sum to \(1 - selfWeight) > 1, "
            + "so its self weight would be \(selfWeight); the weights at each node must sum to at "
            + "most 1")
      }
      w.values[k] = max(selfWeight, 0)
    }
  }
}

/// The two ends of a Laplacian's non-trivial spectrum.
struct LaplacianEnds {
  /// `λ₂(L)`, the algebraic connectivity.
  var lambda2: Double
  /// `λ_max(L)`.
  var lambdaMax: Double
}
