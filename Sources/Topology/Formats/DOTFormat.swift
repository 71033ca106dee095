import Foundation
import GossipCore
import Graphviz

/// Graphviz DOT files, parsed by libcgraph (``Graphviz/parseDOT(_:)``), never by hand.
///
/// A node's name is its `label` attribute when it has one, otherwise its DOT id. Edge attributes
/// `weight`, `latency`, `bandwidth` are numbers; node `pos="x,y"` (optionally ending in `!`) is a
/// position. A `digraph` is read as undirected, with a warning.
enum DOTFormat {
  static func parse(_ text: String, file: String) throws -> (graph: Graph, warnings: [Warning]) {
    let dot: DOTGraph
    do {
      dot = try Graphviz.parseDOT(text)
    } catch let error as GraphvizError {
      throw InputFileError(file: file, line: error.line, error.message)
    }
    var draft = TopologyDraft(file: file)
    draft.label = dot.name
    if dot.isDirected {
      draft.warnings.append(Warning(
        file: file, "the graph is a digraph; edge directions are ignored (read as undirected)"))
    }
    var index: [String: Int] = [:]
    for node in dot.nodes {
      let position = try node.attributes["pos"].map { raw in
        guard let position = parsePosition(raw) else {
          throw InputFileError(
            file: file, line: lineContaining([node.name, "pos"], in: text),
            "node \(node.name): pos must be \"x,y\" with finite numbers, not \"\(raw)\"")
        }
        return position
      }
      index[node.name] = draft.addNode(name: node.attributes["label"] ?? node.name,
                                       position: position)
    }
    for edge in dot.edges {
      let description = "\(edge.tail)–\(edge.head)"
      var attributes = EdgeAttributes()
      for key in EdgeAttributeKey.allCases {
        guard let raw = edge.attributes[key.rawValue] else { continue }
        attributes[keyPath: key.keyPath] = try draft.attributeValue(
          Double(raw), raw: "\"\(raw)\"", key: key, edge: description,
          line: lineContaining([edge.tail, edge.head, key.rawValue], in: text)
            ?? lineContaining([edge.tail, edge.head], in: text))
      }
      // cgraph creates every node an edge names, so both ends are known.
      guard let tail = index[edge.tail], let head = index[edge.head] else {
        preconditionFailure("cgraph reported an edge to an undeclared node")
      }
      draft.addEdge(tail, head, attributes: attributes, line: nil)
    }
    return draft.finish()
  }

  /// `"x,y"` or `"x,y!"` (Graphviz's pinned position) with finite coordinates.
  private static func parsePosition(_ raw: String) -> Position? {
    let text = raw.hasSuffix("!") ? raw.dropLast() : Substring(raw)
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count == 2,
      let x = Double(parts[0].trimmingCharacters(in: .whitespaces)),
      let y = Double(parts[1].trimmingCharacters(in: .whitespaces)),
      x.isFinite, y.isFinite
    else { return nil }
    return Position(x: x, y: y)
  }

  /// The first line containing every needle: cgraph does not keep the line of each object, so
  /// this locates it for error messages (best effort).
  private static func lineContaining(_ needles: [String], in text: String) -> Int? {
    TopologyText.numberedLines(text).first { line in
      needles.allSatisfy { line.text.contains($0) }
    }?.number
  }

  /// `graph "label" { "a"; "b"; "a" -- "b" [weight="0.5"] }`: every node declared first, in
  /// index order, so that isolated nodes and the numbering survive. Names that are not distinct
  /// are written as `label` attributes of index ids.
  static func encode(_ graph: Graph) -> String {
    let useNamesAsIDs = TopologyText.hasUniqueNames(graph)
    // Each id quoted once: a million-node network writes 3·10⁶ of them.
    let ids = (0..<graph.nodeCount).map { quoted(useNamesAsIDs ? graph.name(of: $0) : String($0)) }
    var text = "graph \(graph.label.map { quoted($0) + " " } ?? ""){\n"
    text.reserveCapacity(32 * (graph.nodeCount + 2 * graph.edgeCount))
    for node in 0..<graph.nodeCount {
      var attributes: [String] = []
      if !useNamesAsIDs, let names = graph.nodeNames {
        attributes.append("label=\(quoted(names[node]))")
      }
      if let position = graph.positions?[node] {
        attributes.append(
          "pos=\(quoted("\(TopologyText.number(position.x)),\(TopologyText.number(position.y))"))")
      }
      text += "  \(ids[node])\(list(attributes));\n"
    }
    for (k, edge) in graph.edges.enumerated() {
      text += "  "
      text += ids[edge.u]
      text += " -- "
      text += ids[edge.v]
      // Appended piece by piece (numbers need no escaping): the edges are most of a large file.
      let record = graph.attributes(ofEdge: k)
      var separator = " ["
      for key in EdgeAttributeKey.allCases {
        guard let value = key.value(in: record) else { continue }
        text += separator
        text += key.rawValue
        text += "=\""
        text += TopologyText.number(value)
        text += "\""
        separator = ", "
      }
      text += separator == " [" ? ";\n" : "];\n"
    }
    return text + "}\n"
  }

  private static func list(_ attributes: [String]) -> String {
    attributes.isEmpty ? "" : " [" + attributes.joined(separator: ", ") + "]"
  }

  /// A DOT double-quoted string (`"` escaped as `\"`).
  ///
  /// Most ids and numbers contain no `"`: those skip Foundation's `replacingOccurrences`, which
  /// costs microseconds a call — 10 s for the 3·10⁶ strings of a million-node network.
  private static func quoted(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + text + "\"" }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
