import Foundation
import GossipCore

/// NetworkX node-link JSON (`networkx.node_link_data`), parsed with `JSONSerialization`.
///
/// `{"directed": false, "multigraph": false, "graph": {"name": …}, "nodes": [{"id": …}, …],
/// "links": [{"source": …, "target": …, "weight": …}, …]}`; `"edges"` is accepted for `"links"`.
/// Ids are integers or strings. A node's name is its `"label"` when it has one, otherwise its id;
/// `"pos": [x, y]` (or `Longitude`/`Latitude`) is its position. Links may carry `weight`,
/// `latency`, `bandwidth`.
enum NodeLinkJSONFormat {
  static func parse(_ text: String, file: String) throws -> (graph: Graph, warnings: [Warning]) {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    } catch {
      throw InputFileError(
        file: file, line: errorLine(error, in: text), "not valid JSON: \(errorDetail(error))")
    }
    guard let root = object as? [String: Any] else {
      throw InputFileError(file: file, line: 1, "expected a JSON object with \"nodes\" and \"links\"")
    }
    var draft = TopologyDraft(file: file)
    if root["directed"] as? Bool == true {
      draft.warnings.append(Warning(
        file: file, "the graph is directed; edge directions are ignored (read as undirected)"))
    }
    if let attributes = root["graph"] as? [String: Any] {
      draft.label = (attributes["name"] ?? attributes["label"]) as? String
    }
    guard let nodes = root["nodes"] as? [Any] else {
      throw InputFileError(file: file, "\"nodes\" must be a list of objects")
    }
    guard nodes.count <= TopologyDraft.maximumNodeCount else {
      throw InputFileError(file: file, "more than \(TopologyDraft.maximumNodeCount) nodes")
    }
    var index: [NodeID: Int] = [:]
    for (k, item) in nodes.enumerated() {
      let line = { elementLine(in: text, array: "nodes", element: k) }
      guard let node = item as? [String: Any], let rawID = node["id"] else {
        throw InputFileError(file: file, line: line(), "node \(k) must be an object with an \"id\"")
      }
      guard let id = NodeID(rawID) else {
        throw InputFileError(
          file: file, line: line(), "node \(k): the id must be an integer or a string")
      }
      guard index[id] == nil else {
        throw InputFileError(file: file, line: line(), "node id \(id) is used twice")
      }
      let name = node["label"] as? String ?? id.description
      index[id] = draft.addNode(
        name: name, position: try position(of: node, id: id, file: file, line: line))
    }
    let linksKey = root["links"] != nil ? "links" : "edges"
    guard let links = root[linksKey] as? [Any] else {
      throw InputFileError(file: file, "\"links\" (or \"edges\") must be a list of objects")
    }
    for (k, item) in links.enumerated() {
      let line = { elementLine(in: text, array: linksKey, element: k) }
      guard let link = item as? [String: Any] else {
        throw InputFileError(file: file, line: line(), "link \(k) must be an object")
      }
      var ends: [Int] = []
      for key in ["source", "target"] {
        guard let raw = link[key], let id = NodeID(raw) else {
          throw InputFileError(file: file, line: line(), "link \(k): \"\(key)\" must be a node id")
        }
        guard let node = index[id] else {
          throw InputFileError(file: file, line: line(), "link \(k) refers to unknown node \(id)")
        }
        ends.append(node)
      }
      var attributes = EdgeAttributes()
      for key in EdgeAttributeKey.allCases {
        guard let raw = link[key.rawValue], !(raw is NSNull) else { continue }
        attributes[keyPath: key.keyPath] = try draft.attributeValue(
          number(raw), raw: "\(raw)", key: key,
          edge: "\(draft.names?[ends[0]] ?? "")–\(draft.names?[ends[1]] ?? "")", line: line())
      }
      draft.addEdge(ends[0], ends[1], attributes: attributes, line: nil)
    }
    return draft.finish()
  }

  /// A node id: JSON integers and strings are different ids (`1` is not `"1"`).
  enum NodeID: Hashable, CustomStringConvertible {
    case integer(Int)
    case string(String)

    init?(_ value: Any) {
      if let s = value as? String {
        self = .string(s)
      } else if let n = number(value), let i = Int(exactly: n) {
        self = .integer(i)
      } else {
        return nil
      }
    }

    var description: String {
      switch self {
      case .integer(let i): String(i)
      case .string(let s): s
      }
    }
  }

  /// A JSON number (not a string, not `true`/`false`) as a `Double`.
  static func number(_ value: Any) -> Double? {
    // JSONSerialization returns NSNumber for numbers and booleans alike; a boolean's type
    // encoding is `c` (char).
    guard let n = value as? NSNumber, !(value is String), String(cString: n.objCType) != "c"
    else { return nil }
    return n.doubleValue
  }

  private static func position(of node: [String: Any], id: NodeID, file: String,
                               line: () -> Int?) throws -> Position? {
    let coordinates: [Any]
    if let pos = node["pos"] {
      guard let list = pos as? [Any] else {
        throw InputFileError(file: file, line: line(), "node \(id): \"pos\" must be a list [x, y]")
      }
      coordinates = list
    } else if let longitude = node["Longitude"], let latitude = node["Latitude"] {
      coordinates = [longitude, latitude]
    } else {
      return nil
    }
    let values = coordinates.compactMap { number($0) }
    guard coordinates.count == 2, values.count == 2, values.allSatisfy(\.isFinite) else {
      throw InputFileError(
        file: file, line: line(), "node \(id): the position must be two finite numbers")
    }
    return Position(x: values[0], y: values[1])
  }

  /// The 1-based line of a JSONSerialization error: its message gives a character offset
  /// (`around character 17`) or a line (`around line 3`).
  private static func errorLine(_ error: any Error, in text: String) -> Int? {
    let detail = errorDetail(error)
    let words = detail.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." })
    if let k = words.firstIndex(of: "line"), k + 1 < words.count, let line = Int(words[k + 1]) {
      return line
    }
    guard let k = words.firstIndex(of: "character"), k + 1 < words.count,
      let offset = Int(words[k + 1])
    else { return nil }
    let prefix = text.utf8.prefix(max(0, offset))
    return 1 + prefix.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
  }

  /// The line on which element `element` of the top-level array `array` starts, found by a
  /// scan of the (already valid) JSON text: JSONSerialization keeps no positions. O(length).
  static func elementLine(in text: String, array: String, element: Int) -> Int? {
    let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), newline = UInt8(ascii: "\n")
    let wanted = Array(array.utf8)
    var line = 1, depth = 0
    var inString = false, escaped = false, stringStart = 0
    var lastKey: ArraySlice<UInt8> = []
    var inTarget = false, awaitingElement = false, count = 0
    let bytes = Array(text.utf8)
    for (i, byte) in bytes.enumerated() {
      if byte == newline { line += 1 }
      if inString {
        if escaped {
          escaped = false
        } else if byte == backslash {
          escaped = true
        } else if byte == quote {
          inString = false
          if depth == 1 { lastKey = bytes[stringStart..<i] }
        }
        continue
      }
      if awaitingElement, byte != UInt8(ascii: " "), byte != newline, byte != UInt8(ascii: "\t"),
        byte != UInt8(ascii: "\r"), byte != UInt8(ascii: "]")
      {
        if count == element { return line }
        count += 1
        awaitingElement = false
      }
      switch byte {
      case quote:
        inString = true
        stringStart = i + 1
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        if depth == 1, byte == UInt8(ascii: "["), lastKey.elementsEqual(wanted) {
          inTarget = true
          awaitingElement = true
        }
        depth += 1
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        depth -= 1
        if depth == 1 { inTarget = false }
      case UInt8(ascii: ","):
        if inTarget, depth == 2 { awaitingElement = true }
      default:
        break
      }
    }
    return nil
  }

  private static func errorDetail(_ error: any Error) -> String {
    let nsError = error as NSError
    return nsError.userInfo[NSDebugDescriptionErrorKey] as? String ?? nsError.localizedDescription
  }

  /// Deterministic node-link JSON, one node and one link per line. Ids are the names when they
  /// are distinct, otherwise the indices (with the names as `"label"`).
  static func encode(_ graph: Graph) -> String {
    let useNamesAsIDs = TopologyText.hasUniqueNames(graph)
    func id(_ node: Int) -> String { useNamesAsIDs ? quoted(graph.name(of: node)) : String(node) }
    var text = "{\n  \"directed\": false,\n  \"multigraph\": false,\n"
    text += "  \"graph\": {\(graph.label.map { "\"name\": \(quoted($0))" } ?? "")},\n"
    text += "  \"nodes\": ["
    for node in 0..<graph.nodeCount {
      var fields = ["\"id\": \(id(node))"]
      if !useNamesAsIDs, let names = graph.nodeNames { fields.append("\"label\": \(quoted(names[node]))") }
      if let position = graph.positions?[node] {
        fields.append(
          "\"pos\": [\(TopologyText.number(position.x)), \(TopologyText.number(position.y))]")
      }
      text += (node == 0 ? "\n" : ",\n") + "    {" + fields.joined(separator: ", ") + "}"
    }
    text += graph.nodeCount == 0 ? "],\n" : "\n  ],\n"
    text += "  \"links\": ["
    for (k, edge) in graph.edges.enumerated() {
      var fields = ["\"source\": \(id(edge.u))", "\"target\": \(id(edge.v))"]
      let record = graph.attributes(ofEdge: k)
      for key in EdgeAttributeKey.allCases {
        if let value = record[keyPath: key.keyPath] {
          fields.append("\"\(key.rawValue)\": \(TopologyText.number(value))")
        }
      }
      text += (k == 0 ? "\n" : ",\n") + "    {" + fields.joined(separator: ", ") + "}"
    }
    text += graph.edgeCount == 0 ? "]\n" : "\n  ]\n"
    return text + "}\n"
  }

  /// A JSON string literal.
  private static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case _ where scalar.value < 0x20:
        result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
          + String(scalar.value, radix: 16)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
