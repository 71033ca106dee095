import GossipCore

/// The deterministic generators: lattices, trees, cliques and the exponential graphs.
///
/// Each builds its sorted edge list directly (the lattices sort encoded edges once) and uses
/// ``Graph/init(nodeCount:sortedUniqueEdges:attributes:cleanup:)``, so every one is O(n + m log m)
/// at worst. Degenerate sizes throw a ``ParameterError`` that names the smallest valid value.
extension Graph {
  /// The cycle C_n: `i ~ i + 1 (mod n)`. n edges, 2-regular, diameter ⌊n/2⌋.
  public static func ring(nodes n: Int) throws -> Graph {
    try checkNodeCount(n, .ring)
    return circulant(nodeCount: n, offsets: [1])
  }

  /// The circulant graph on n nodes: `i ~ i ± d (mod n)` for each d in `offsets` (each in 1..<n).
  ///
  /// Node u's larger neighbours are u + d for the offsets d of the symmetric set {d, n − d} with
  /// u + d < n, so the edges come out sorted: O(n · |offsets|), no sort.
  static func circulant(nodeCount n: Int, offsets: [Int]) -> Graph {
    let symmetric = Array(Set(offsets.flatMap { [$0, n - $0] })).sorted()
    var edges: [Edge] = []
    edges.reserveCapacity(n * symmetric.count / 2)
    for u in 0..<n {
      for d in symmetric {
        if u + d >= n { break }
        edges.append(Edge(u, u + d))
      }
    }
    return Graph(nodeCount: n, sortedUniqueEdges: edges)
  }

  /// The path P_n: `i ~ i + 1` for `i < n − 1`. n − 1 edges, diameter n − 1; n = 1 is one node.
  public static func path(nodes n: Int) throws -> Graph {
    try checkNodeCount(n, .path)
    return Graph(nodeCount: n, sortedUniqueEdges: (0..<(n - 1)).map { Edge($0, $0 + 1) })
  }

  /// The star on n nodes: node 0 (the hub) joined to 1…n−1. n − 1 edges, diameter 2 for n ≥ 3.
  ///
  /// Unlike NetworkX's `star_graph(n)` (n + 1 nodes), `nodes` counts the hub.
  public static func star(nodes n: Int) throws -> Graph {
    try checkNodeCount(n, .star)
    return Graph(nodeCount: n, sortedUniqueEdges: (1..<n).map { Edge(0, $0) })
  }

  /// The complete graph K_n: n(n − 1)/2 edges, diameter 1; n = 1 is one node.
  public static func complete(nodes n: Int) throws -> Graph {
    try checkNodeCount(n, .complete)
    try checkEdgeCount(Double(n) * Double(n - 1) / 2, .complete)
    return Graph(nodeCount: n, sortedUniqueEdges: cliqueEdges(0..<n))
  }

  /// The edges of the clique on `nodes`, sorted.
  private static func cliqueEdges(_ nodes: Range<Int>) -> [Edge] {
    var edges: [Edge] = []
    edges.reserveCapacity(nodes.count * (nodes.count - 1) / 2)
    for u in nodes {
      for v in (u + 1)..<nodes.upperBound { edges.append(Edge(u, v)) }
    }
    return edges
  }

  /// The rows × cols grid (no wrap-around); node `r · cols + c` at position (c, r).
  ///
  /// 2rc − r − c edges; diameter (r − 1) + (c − 1).
  public static func grid(rows: Int, cols: Int) throws -> Graph {
    try lattice(rows: rows, cols: cols, wraps: false)
  }

  /// The rows × cols torus (grid with wrap-around in both directions), 4-regular.
  ///
  /// Needs r, c ≥ 3 (smaller sizes would repeat edges). 2rc edges; diameter ⌊r/2⌋ + ⌊c/2⌋.
  public static func torus(rows: Int, cols: Int) throws -> Graph {
    try lattice(rows: rows, cols: cols, wraps: true)
  }

  private static func lattice(rows: Int, cols: Int, wraps: Bool) throws -> Graph {
    let kind: GeneratorKind = wraps ? .torus : .grid
    let minimum = wraps ? 3 : 1
    guard rows >= minimum && cols >= minimum else {
      throw ParameterError(
        "\(kind.rawValue) needs --rows and --cols each ≥ \(minimum), got \(rows) × \(cols)")
    }
    guard rows <= maximumGeneratedNodes / cols else {
      throw ParameterError(
        "\(kind.rawValue): \(rows) × \(cols) is too many nodes; "
          + "choose at most \(maximumGeneratedNodes)")
    }
    let n = rows * cols
    var codes: [Int] = []
    codes.reserveCapacity(2 * n)
    func add(_ a: Int, _ b: Int) { codes.append(min(a, b) * n + max(a, b)) }
    for r in 0..<rows {
      for c in 0..<cols {
        let i = r * cols + c
        if c + 1 < cols { add(i, i + 1) } else if wraps { add(i, r * cols) }
        if r + 1 < rows { add(i, i + cols) } else if wraps { add(i, c) }
      }
    }
    var g = fromEncodedEdges(nodeCount: n, codes)
    g.positions = (0..<n).map { Position(x: Double($0 % cols), y: Double($0 / cols)) }
    return g
  }

  /// The d-dimensional hypercube Q_d: nodes are d-bit words, joined when they differ in one bit.
  ///
  /// 2^d nodes, d · 2^(d−1) edges, d-regular, diameter d. d is limited to 1…20 (about 10^6 nodes).
  public static func hypercube(dimension d: Int) throws -> Graph {
    guard (1...20).contains(d) else {
      throw ParameterError("hypercube needs --dimension in 1…20 (2^d nodes), got \(d)")
    }
    let n = 1 << d
    var edges: [Edge] = []
    edges.reserveCapacity(d * n / 2)
    for u in 0..<n {
      for bit in 0..<d where u & (1 << bit) == 0 { edges.append(Edge(u, u | (1 << bit))) }
    }
    edges.sort()
    return Graph(nodeCount: n, sortedUniqueEdges: edges)
  }

  /// The static exponential graph: `i ~ i ± 2^k (mod n)` for k = 0…⌊log2(n − 1)⌋.
  ///
  /// The undirected version of the graph of Ying et al., "Exponential Graph is Provably Efficient
  /// for Decentralized Deep Training", NeurIPS 2021 (arXiv:2110.13363). Offsets 2^k and n − 2^k
  /// that coincide give one edge, so for n = 2^τ every node has degree 2τ − 1.
  public static func exponential(nodes n: Int) throws -> Graph {
    try checkNodeCount(n, .exponential)
    let hops = floorLog2(n - 1) + 1
    try checkEdgeCount(Double(n) * Double(hops), .exponential)
    return circulant(nodeCount: n, offsets: (0..<hops).map { 1 << $0 })
  }

  /// The one-peer exponential graph of round t: `i ~ (i + 2^(t mod τ)) mod n`, τ = ⌈log2 n⌉,
  /// undirected.
  ///
  /// Ying et al. (arXiv:2110.13363) cycle through these τ graphs, one per round; each node has one
  /// out-peer, so as an undirected graph every node has degree 2 (degree 1 when 2^(t mod τ) = n/2).
  public static func onePeerExponential(nodes n: Int, round t: Int) throws -> Graph {
    try checkNodeCount(n, .onePeerExponential)
    guard t >= 0 else {
      throw ParameterError("one-peer-exponential needs --round ≥ 0, got \(t)")
    }
    let period = floorLog2(n - 1) + 1  // ⌈log2 n⌉ for n ≥ 2
    return circulant(nodeCount: n, offsets: [1 << (t % period)])
  }

  /// ⌊log2 x⌋ for x ≥ 1.
  private static func floorLog2(_ x: Int) -> Int { Int.bitWidth - 1 - x.leadingZeroBitCount }

  /// The complete binary tree in heap order: the children of i are 2i + 1 and 2i + 2 (when < n).
  ///
  /// n − 1 edges. With depth h = ⌊log2 n⌋ the diameter is 2h when the deepest level reaches the
  /// root's right subtree (n ≥ 2^h + 2^(h−1)) and 2h − 1 otherwise.
  public static func binaryTree(nodes n: Int) throws -> Graph {
    try checkNodeCount(n, .binaryTree)
    var edges: [Edge] = []
    edges.reserveCapacity(n - 1)
    for i in 0..<n {
      for child in stride(from: 2 * i + 1, to: min(2 * i + 3, n), by: 1) {
        edges.append(Edge(i, child))
      }
    }
    return Graph(nodeCount: n, sortedUniqueEdges: edges)
  }

  /// The barbell: a clique on nodes 0…a−1 (a = ⌊n/2⌋) and a clique on a…n−1 (⌈n/2⌉ nodes),
  /// joined by the single edge a−1 ~ a.
  ///
  /// NetworkX's `barbell_graph(m1, m2)` with m1 = ⌊n/2⌋ and no path (m2 = 0) when n is even; for
  /// odd n the second clique has one node more. The bridge makes λ₂ of the Laplacian O(1/n²): the
  /// slow-mixing example. Needs n ≥ 4 (cliques of at least 2 nodes); diameter 3.
  public static func barbell(nodes n: Int) throws -> Graph {
    try checkNodeCount(n, .barbell)
    try checkEdgeCount(Double(n) * Double(n) / 4, .barbell)
    let a = n / 2
    var edges = cliqueEdges(0..<a)
    // Sorted order: the bridge (a−1, a) follows the first clique's edges, whose last is (a−2, a−1).
    edges.append(Edge(a - 1, a))
    edges.append(contentsOf: cliqueEdges(a..<n))
    return Graph(nodeCount: n, sortedUniqueEdges: edges)
  }

  /// The Petersen graph: outer 5-cycle 0…4, inner pentagram i + 5 ~ (i + 2 mod 5) + 5, spokes i ~ i
  /// + 5.
  ///
  /// 10 nodes, 15 edges, 3-regular, girth 5, diameter 2; Laplacian spectrum {0, 2⁵, 5⁴}.
  public static func petersen() -> Graph {
    var pairs: [(Int, Int)] = []
    for i in 0..<5 {
      pairs.append((i, (i + 1) % 5))
      pairs.append((i + 5, (i + 2) % 5 + 5))
      pairs.append((i, i + 5))
    }
    return Graph(nodeCount: 10, edges: pairs)
  }
}
