import GossipCore

/// The topology generators, by the name used on the command line and in experiment files.
public enum GeneratorKind: String, CaseIterable, Sendable {
  case ring, path, star, complete, grid, torus, hypercube
  case erdosRenyi = "erdos-renyi"
  case randomRegular = "random-regular"
  case randomGeometric = "random-geometric"
  case wattsStrogatz = "watts-strogatz"
  case barabasiAlbert = "barabasi-albert"
  case exponential
  case onePeerExponential = "one-peer-exponential"
  case binaryTree = "binary-tree"
  case barbell, petersen

  /// One line for `gossip list generators`: what the graph is and which parameters it takes.
  public var summary: String {
    switch self {
    case .ring: "cycle C_n (--nodes ≥ 3)"
    case .path: "path P_n (--nodes ≥ 1)"
    case .star: "star: node 0 joined to all others (--nodes ≥ 2)"
    case .complete: "complete graph K_n (--nodes ≥ 1)"
    case .grid: "rows × cols grid, no wrap-around (--rows, --cols ≥ 1)"
    case .torus: "rows × cols grid with wrap-around (--rows, --cols ≥ 3)"
    case .hypercube: "hypercube Q_d on 2^d nodes (--dimension 1…20)"
    case .erdosRenyi: "G(n, p) random graph (--nodes, --probability, --seed)"
    case .randomRegular: "uniform-ish random k-regular simple graph (--nodes, --degree, --seed)"
    case .randomGeometric:
      "random geometric graph in the unit square (--nodes, --radius, --seed)"
    case .wattsStrogatz:
      "ring lattice with k neighbours, edges rewired with probability p "
        + "(--nodes, --degree, --probability, --seed)"
    case .barabasiAlbert:
      "preferential attachment, m edges per new node (--nodes, --degree m, --seed)"
    case .exponential: "static exponential graph i ~ i ± 2^k (--nodes ≥ 2)"
    case .onePeerExponential:
      "one-peer exponential graph of round t: i ~ i + 2^(t mod ⌈log2 n⌉) (--nodes ≥ 2, --round t)"
    case .binaryTree: "complete binary tree in heap order (--nodes ≥ 1)"
    case .barbell: "two cliques of ⌊n/2⌋ and ⌈n/2⌉ nodes joined by one edge (--nodes ≥ 4)"
    case .petersen: "the Petersen graph (no parameters)"
    }
  }

  /// The parameters this generator reads (besides `seed`), by their command-line names.
  var parameterNames: Set<String> {
    switch self {
    case .ring, .path, .star, .complete, .exponential, .binaryTree, .barbell: ["nodes"]
    case .grid, .torus: ["rows", "cols"]
    case .hypercube: ["dimension"]
    case .erdosRenyi: ["nodes", "probability"]
    case .randomRegular, .barabasiAlbert: ["nodes", "degree"]
    case .randomGeometric: ["nodes", "radius"]
    case .wattsStrogatz: ["nodes", "degree", "probability"]
    case .onePeerExponential: ["nodes", "round"]
    case .petersen: []
    }
  }
}

extension GeneratorKind {
  /// The smallest `--nodes` the generator accepts (1 for the generators that take no `--nodes`).
  var minimumNodes: Int {
    switch self {
    case .ring, .wattsStrogatz: 3
    case .star, .exponential, .onePeerExponential, .barabasiAlbert: 2
    case .barbell: 4
    case .path, .complete, .binaryTree, .erdosRenyi, .randomRegular, .randomGeometric, .grid,
      .torus, .hypercube, .petersen:
      1
    }
  }
}

/// The parameters of a generator; each generator reads the ones it needs and rejects the others.
public struct GeneratorParameters: Sendable, Hashable {
  public var nodes: Int?
  public var rows: Int?
  public var cols: Int?
  public var dimension: Int?
  public var probability: Double?
  public var degree: Int?
  public var radius: Double?
  /// The round `t` of a time-varying topology (one-peer exponential); 0 when not given.
  public var round: Int?
  /// The seed of the `SeededGenerator` that the random generators use.
  public var seed: UInt64

  public init(
    nodes: Int? = nil, rows: Int? = nil, cols: Int? = nil, dimension: Int? = nil,
    probability: Double? = nil, degree: Int? = nil, radius: Double? = nil, round: Int? = nil,
    seed: UInt64 = 0
  ) {
    self.nodes = nodes
    self.rows = rows
    self.cols = cols
    self.dimension = dimension
    self.probability = probability
    self.degree = degree
    self.radius = radius
    self.round = round
    self.seed = seed
  }

  /// The names of the parameters that are set (without `seed`, which every generator accepts).
  var givenNames: Set<String> {
    var names: Set<String> = []
    if nodes != nil { names.insert("nodes") }
    if rows != nil { names.insert("rows") }
    if cols != nil { names.insert("cols") }
    if dimension != nil { names.insert("dimension") }
    if probability != nil { names.insert("probability") }
    if degree != nil { names.insert("degree") }
    if radius != nil { names.insert("radius") }
    if round != nil { names.insert("round") }
    return names
  }
}

extension Graph {
  /// The largest graphs the generators build: beyond these, memory (48 bytes per edge) runs out.
  static let maximumGeneratedNodes = 50_000_000
  static let maximumGeneratedEdges = 100_000_000

  /// Builds the graph of kind `kind` from `p`, drawing random choices from `SeededGenerator(seed:
  /// p.seed)`.
  ///
  /// A missing parameter, a parameter the generator does not take, or a value out of range throws a
  /// ``ParameterError`` that says what to pass, e.g. `torus needs --rows and --cols (each ≥ 3)`.
  ///
  /// ```swift
  /// let g = try Graph.generate(.torus, GeneratorParameters(rows: 8, cols: 8))
  /// ```
  public static func generate(_ kind: GeneratorKind, _ p: GeneratorParameters) throws -> Graph {
    let unused = p.givenNames.subtracting(kind.parameterNames).sorted()
    if !unused.isEmpty {
      let takes = kind.parameterNames.sorted().map { "--\($0)" }.joined(separator: ", ")
      throw ParameterError(
        "\(kind.rawValue) does not take \(unused.map { "--\($0)" }.joined(separator: ", ")); "
          + (takes.isEmpty ? "it takes no parameters" : "it takes \(takes)"))
    }
    func nodes() throws -> Int {
      guard let n = p.nodes else {
        throw ParameterError("\(kind.rawValue) needs --nodes (n ≥ \(kind.minimumNodes))")
      }
      return n
    }
    func need<T>(_ value: T?, _ flag: String, _ hint: String) throws -> T {
      guard let value else { throw ParameterError("\(kind.rawValue) needs --\(flag) (\(hint))") }
      return value
    }
    var rng = SeededGenerator(seed: p.seed)
    switch kind {
    case .ring: return try ring(nodes: nodes())
    case .path: return try path(nodes: nodes())
    case .star: return try star(nodes: nodes())
    case .complete: return try complete(nodes: nodes())
    case .exponential: return try exponential(nodes: nodes())
    case .binaryTree: return try binaryTree(nodes: nodes())
    case .barbell: return try barbell(nodes: nodes())
    case .petersen: return petersen()
    case .grid, .torus:
      let bound = kind == .grid ? 1 : 3
      guard let rows = p.rows, let cols = p.cols else {
        throw ParameterError("\(kind.rawValue) needs --rows and --cols (each ≥ \(bound))")
      }
      return try kind == .grid ? grid(rows: rows, cols: cols) : torus(rows: rows, cols: cols)
    case .hypercube:
      return try hypercube(dimension: need(p.dimension, "dimension", "1…20"))
    case .onePeerExponential:
      return try onePeerExponential(nodes: nodes(), round: p.round ?? 0)
    case .erdosRenyi:
      return try erdosRenyi(
        nodes: nodes(), probability: need(p.probability, "probability", "in [0, 1]"), using: &rng)
    case .randomRegular:
      return try randomRegular(
        nodes: nodes(), degree: need(p.degree, "degree", "0 ≤ k < n, n·k even"), using: &rng)
    case .randomGeometric:
      return try randomGeometric(
        nodes: nodes(), radius: need(p.radius, "radius", "≥ 0, in unit-square lengths"),
        using: &rng)
    case .wattsStrogatz:
      return try wattsStrogatz(
        nodes: nodes(), degree: need(p.degree, "degree", "even k, 2 ≤ k < n"),
        probability: need(p.probability, "probability", "rewiring probability in [0, 1]"),
        using: &rng)
    case .barabasiAlbert:
      return try barabasiAlbert(
        nodes: nodes(), degree: need(p.degree, "degree", "edges per new node m, 1 ≤ m < n"),
        using: &rng)
    }
  }

  /// Throws unless `n` is at least `kind.minimumNodes` and at most ``maximumGeneratedNodes``.
  static func checkNodeCount(_ n: Int, _ kind: GeneratorKind) throws {
    guard n >= kind.minimumNodes else {
      throw ParameterError("\(kind.rawValue) needs --nodes ≥ \(kind.minimumNodes), got \(n)")
    }
    guard n <= maximumGeneratedNodes else {
      throw ParameterError(
        "\(kind.rawValue): --nodes \(n) is too many; choose at most \(maximumGeneratedNodes)")
    }
  }

  /// Throws when a graph of `edges` edges would not fit in memory.
  static func checkEdgeCount(_ edges: Double, _ kind: GeneratorKind) throws {
    guard edges <= Double(maximumGeneratedEdges) else {
      throw ParameterError(
        "\(kind.rawValue): about \(Int(edges.rounded())) edges is too many (at most "
          + "\(maximumGeneratedEdges)); choose fewer nodes or a smaller degree")
    }
  }

  /// Throws unless `p` is a probability.
  static func checkProbability(_ p: Double, _ kind: GeneratorKind) throws {
    guard p >= 0 && p <= 1 else {
      throw ParameterError("\(kind.rawValue): --probability must be in [0, 1], got \(p)")
    }
  }

  /// Builds a graph from edges `{u, v}` encoded as `u · n + v` with `u < v`, in any order and
  /// possibly repeated: sorts, removes repeats, decodes. O(m log m), no hashing.
  static func fromEncodedEdges(nodeCount n: Int, _ codes: [Int]) -> Graph {
    var codes = codes
    codes.sort()
    var edges: [Edge] = []
    edges.reserveCapacity(codes.count)
    var previous = -1
    for code in codes where code != previous {
      edges.append(Edge(code / n, code % n))
      previous = code
    }
    return Graph(nodeCount: n, sortedUniqueEdges: edges)
  }
}
