import GossipCore

/// What a reader has collected from a file before it becomes a ``Graph``: nodes with their
/// names and positions, edge records (possibly repeated or self loops) with their lines.
///
/// Readers validate every node reference before calling ``addEdge(_:_:attributes:line:)``, so
/// the `Graph` initializer's preconditions cannot fire on user input.
struct TopologyDraft {
  let file: String
  /// The largest node count a file may ask for (a header or JSON list can claim any number).
  static let maximumNodeCount = 10_000_000

  private(set) var nodeCount = 0
  /// One per node when the file names its nodes; `nil` for the default names `0…n-1`.
  private(set) var names: [String]? = []
  private var positions: [Int: Position] = [:]
  var label: String?
  private var pairs: [(Int, Int)] = []
  private var attributes: [EdgeAttributes] = []
  private var firstSelfLoopLine: Int?
  var warnings: [Warning] = []

  init(file: String) { self.file = file }

  /// Adds a named node and returns its index.
  mutating func addNode(name: String, position: Position? = nil) -> Int {
    precondition(names != nil, "named and unnamed nodes cannot be mixed")
    names!.append(name)
    if let position { positions[nodeCount] = position }
    nodeCount += 1
    return nodeCount - 1
  }

  /// Declares the nodes `0..<count`, named by their index (an edge-list header).
  mutating func addUnnamedNodes(_ count: Int, line: Int?) throws {
    precondition(nodeCount == 0, "unnamed nodes are declared before any other node")
    guard count >= 0, count <= TopologyDraft.maximumNodeCount else {
      throw InputFileError(
        file: file, line: line,
        "node count \(count) is outside 0…\(TopologyDraft.maximumNodeCount)")
    }
    names = nil
    nodeCount = count
  }

  /// Names the nodes declared by ``addUnnamedNodes(_:line:)``, in index order.
  mutating func name(_ nodeNames: [String]) {
    precondition(nodeNames.count == nodeCount, "one name per node")
    names = nodeNames
  }

  /// Adds an edge record between two existing nodes; self loops and repeats are removed later.
  mutating func addEdge(_ a: Int, _ b: Int, attributes edgeAttributes: EdgeAttributes, line: Int?) {
    precondition(a >= 0 && a < nodeCount && b >= 0 && b < nodeCount, "validated node indices")
    if a == b && firstSelfLoopLine == nil { firstSelfLoopLine = line }
    pairs.append((a, b))
    attributes.append(edgeAttributes)
  }

  /// Renumbers the nodes: node `i` becomes `permutation[i]` (names and positions follow).
  mutating func renumber(_ permutation: [Int]) {
    precondition(permutation.count == nodeCount, "one new index per node")
    if let old = names {
      var renamed = old
      for (i, name) in old.enumerated() { renamed[permutation[i]] = name }
      names = renamed
    }
    positions = Dictionary(uniqueKeysWithValues: positions.map { (permutation[$0.key], $0.value) })
    pairs = pairs.map { (permutation[$0.0], permutation[$0.1]) }
  }

  /// The graph, and warnings for what was repaired.
  ///
  /// Names equal to the default `0…n-1` become `nil`, so a graph without names survives a round
  /// trip through formats that always write names.
  func finish() -> (graph: Graph, warnings: [Warning]) {
    var graph = Graph(
      nodeCount: nodeCount, edges: pairs,
      attributes: attributes.contains { !$0.isEmpty } ? attributes : nil)
    if let names, !names.indices.elementsEqual(names, by: { String($0) == $1 }) {
      graph.nodeNames = names
    }
    if !positions.isEmpty {
      graph.positions = (0..<nodeCount).map { positions[$0] }
    }
    graph.label = label
    var warnings = self.warnings
    if graph.cleanup.selfLoops > 0 {
      warnings.append(Warning(
        file: file, line: firstSelfLoopLine,
        "dropped \(graph.cleanup.selfLoops) self loop(s) (an edge from a node to itself)"))
    }
    if graph.cleanup.duplicateEdges > 0 {
      warnings.append(Warning(
        file: file,
        "collapsed \(graph.cleanup.duplicateEdges) repeated edge record(s) (a multigraph) into "
          + "single edges; each edge keeps the attributes of its first record"))
    }
    return (graph, warnings)
  }

  /// Checks an edge attribute read from the file: a finite number, non-negative (positive for
  /// `bandwidth`). `raw` is the file's text for the value, `edge` names the edge in messages;
  /// `line` is only evaluated for an error (finding it may cost a search of the text).
  func attributeValue(_ value: Double?, raw: String, key: EdgeAttributeKey, edge: String,
                      line: @autoclosure () -> Int?) throws -> Double {
    guard let value, value.isFinite, value >= 0, key != .bandwidth || value > 0 else {
      throw InputFileError(
        file: file, line: line(),
        "edge \(edge): \(key.rawValue) must be a finite \(key == .bandwidth ? "positive" : "non-negative") "
          + "number, not \(raw)")
    }
    return value
  }
}

/// The edge attributes every format reads and writes under these names.
enum EdgeAttributeKey: String, CaseIterable {
  case weight, latency, bandwidth

  var keyPath: WritableKeyPath<EdgeAttributes, Double?> {
    switch self {
    case .weight: \.weight
    case .latency: \.latency
    case .bandwidth: \.bandwidth
    }
  }

  /// The attribute's value in `record`; a key path read costs far more, per edge of a large file.
  func value(in record: EdgeAttributes) -> Double? {
    switch self {
    case .weight: record.weight
    case .latency: record.latency
    case .bandwidth: record.bandwidth
    }
  }
}

/// Helpers shared by the writers.
enum TopologyText {
  /// `value` as the shortest text that reads back to the same `Double`, always with a decimal
  /// point before any exponent (`1.0e-05`), as GML readers such as NetworkX require.
  static func number(_ value: Double) -> String {
    let text = value.description
    guard !text.contains("."), let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" })
    else { return text }
    return text[..<exponent] + ".0" + text[exponent...]
  }

  /// Whether the graph's names can serve as node identifiers: present and pairwise distinct.
  static func hasUniqueNames(_ graph: Graph) -> Bool {
    guard let names = graph.nodeNames else { return false }
    return Set(names).count == names.count
  }

  /// The lines of `text` (split at `\n`, `\r\n` or `\r`), numbered from 1.
  static func numberedLines(_ text: String) -> [(number: Int, text: Substring)] {
    text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
      .enumerated().map { ($0.offset + 1, $0.element) }
  }
}
