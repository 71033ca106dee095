import GossipCore

/// Edge lists: one `u v [weight]` per line, `#` comments, blank lines ignored.
///
/// - A first data line holding one integer is the node count `n`; the nodes are then `0…n-1`,
///   isolated ones included. It may be followed by `n` lines of one token each, the node names in
///   index order; the edges then refer to those names.
/// - Without a count, node tokens are arbitrary (no spaces, no `#`) and numbered in order of first
///   appearance; a line with one token declares a node (possibly isolated). If the tokens are
///   exactly the integers `0…k` (written plainly, without sign or leading zeros) node `i` is the
///   token `i` instead, so that the usual 0-based files keep their numbering.
enum EdgeListFormat {
  static func parse(_ text: String, file: String) throws -> (graph: Graph, warnings: [Warning]) {
    var draft = TopologyDraft(file: file)
    var index: [Substring: Int] = [:]
    var hasHeader = false
    var sawData = false
    var sawEdge = false
    for (lineNumber, line) in TopologyText.numberedLines(text) {
      let content = line.prefix { $0 != "#" }
      let fields = content.split(whereSeparator: \.isWhitespace)
      if fields.isEmpty { continue }
      defer { sawData = true }
      if let bad = fields.first(where: { $0.unicodeScalars.contains(where: isUnreadable) }) {
        throw InputFileError(
          file: file, line: lineNumber,
          "the token \"\(bad.prefix(20))\" contains control or undecodable characters; "
            + "is this a text edge list?")
      }
      if !sawData, fields.count == 1, let count = Int(fields[0]) {
        try draft.addUnnamedNodes(count, line: lineNumber)
        hasHeader = true
        continue
      }
      switch fields.count {
      case 1 where hasHeader:
        guard !sawEdge else {
          throw InputFileError(
            file: file, line: lineNumber, "node names must come before the first edge")
        }
        guard index.count < draft.nodeCount else {
          throw InputFileError(
            file: file, line: lineNumber, "more node names than the node count \(draft.nodeCount)")
        }
        guard index[fields[0]] == nil else {
          throw InputFileError(file: file, line: lineNumber, "node \(fields[0]) is named twice")
        }
        index[fields[0]] = index.count
      case 1:
        _ = node(fields[0], index: &index, draft: &draft)
      case 2, 3:
        if hasHeader && !sawEdge && !index.isEmpty && index.count != draft.nodeCount {
          throw InputFileError(
            file: file, line: lineNumber,
            "\(index.count) node names given for \(draft.nodeCount) nodes; name all of them or none")
        }
        sawEdge = true
        var ends: [Int] = []
        for token in fields.prefix(2) {
          if hasHeader {
            ends.append(try headerNode(token, index: index, draft: draft, line: lineNumber))
          } else {
            ends.append(node(token, index: &index, draft: &draft))
          }
        }
        var attributes = EdgeAttributes()
        if fields.count == 3 {
          attributes.weight = try draft.attributeValue(
            Double(fields[2]), raw: "\"\(fields[2])\"", key: .weight,
            edge: "\(fields[0])–\(fields[1])", line: lineNumber)
        }
        draft.addEdge(ends[0], ends[1], attributes: attributes, line: lineNumber)
      default:
        throw InputFileError(
          file: file, line: lineNumber,
          "expected `u v [weight]`, found \(fields.count) fields")
      }
    }
    if hasHeader && !index.isEmpty {
      guard index.count == draft.nodeCount else {
        throw InputFileError(
          file: file, line: nil,
          "\(index.count) node names given for \(draft.nodeCount) nodes; name all of them or none")
      }
      draft.name(index.sorted { $0.value < $1.value }.map { String($0.key) })
    } else if !hasHeader, let order = integerOrder(index) {
      draft.renumber(order)
    }
    return draft.finish()
  }

  /// A control character, or U+FFFD (what bytes that are not UTF-8 decode to).
  private static func isUnreadable(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.generalCategory == .control || scalar == "\u{FFFD}"
  }

  /// The node a token names, added if new (no header).
  private static func node(_ token: Substring, index: inout [Substring: Int],
                           draft: inout TopologyDraft) -> Int {
    if let known = index[token] { return known }
    let new = draft.addNode(name: String(token))
    index[token] = new
    return new
  }

  /// The node a token names under a header: a declared name, or an integer in `0..<n`.
  private static func headerNode(_ token: Substring, index: [Substring: Int], draft: TopologyDraft,
                                 line: Int) throws -> Int {
    if !index.isEmpty {
      guard let node = index[token] else {
        throw InputFileError(file: draft.file, line: line, "edge refers to unknown node \(token)")
      }
      return node
    }
    guard let node = Int(token), node >= 0, node < draft.nodeCount else {
      let declared = draft.nodeCount == 0 ? "no nodes" : "the nodes 0…\(draft.nodeCount - 1)"
      throw InputFileError(
        file: draft.file, line: line,
        "edge refers to unknown node \(token) (the node count on the first line declares \(declared))")
    }
    return node
  }

  /// When the tokens are exactly `"0"…"k"`, the permutation taking each node to its integer.
  private static func integerOrder(_ index: [Substring: Int]) -> [Int]? {
    var permutation = [Int](repeating: -1, count: index.count)
    for (token, node) in index {
      guard let value = Int(token), value >= 0, value < index.count, String(value) == token else {
        return nil
      }
      permutation[node] = value
    }
    return permutation
  }

  /// The node count, the names (when the graph has names an edge list can carry: distinct, no
  /// white space, no `#`), then `u v [weight]` per edge. Latency, bandwidth, positions and the
  /// label have no place in this format and are not written.
  static func encode(_ graph: Graph) -> String {
    let names = graph.nodeNames.flatMap { names in
      TopologyText.hasUniqueNames(graph)
        && names.allSatisfy { !$0.isEmpty && !$0.contains("#") && !$0.contains(where: \.isWhitespace) }
        ? names : nil
    }
    var text = "\(graph.nodeCount)\n"
    for name in names ?? [] { text += name + "\n" }
    for (k, edge) in graph.edges.enumerated() {
      text += "\(names?[edge.u] ?? String(edge.u)) \(names?[edge.v] ?? String(edge.v))"
      if let weight = graph.attributes(ofEdge: k).weight { text += " " + TopologyText.number(weight) }
      text += "\n"
    }
    return text
  }
}
