import GossipCore

/// GML (Himsolt's Graph Modelling Language) as the Internet Topology Zoo writes it.
///
/// `graph [ node [ id 3 label "Chicago" Longitude -87.6 Latitude 41.8 ] edge [ source 3 target 0 ] ]`.
/// Node ids are arbitrary integers, renumbered `0..<n` in file order; a node's name is its
/// `label` (or its id); `Longitude`/`Latitude` give `Position(x: lon, y: lat)`. Repeated edge
/// records are collapsed and self loops dropped, each with one warning; `hyperedge` nodes are
/// ordinary nodes. The tokenizer and parser are hand-written (no GML library exists for Swift),
/// iterative and linear in the file size.
enum GMLFormat {
  /// Lists nested deeper than this are rejected (Topology Zoo files nest two levels).
  static let maximumDepth = 64

  enum Value {
    case integer(Int)
    case real(Double)
    case string(String)
    case list([Entry])

    var number: Double? {
      switch self {
      case .integer(let i): Double(i)
      case .real(let x): x
      default: nil
      }
    }

    /// The value as the file wrote it, for messages.
    var text: String {
      switch self {
      case .integer(let i): String(i)
      case .real(let x): GMLFormat.number(x)
      case .string(let s): "\"\(s)\""
      case .list: "a list [ … ]"
      }
    }
  }

  struct Entry {
    var key: String
    var value: Value
    var line: Int
  }

  // MARK: Reading

  static func parse(_ text: String, file: String) throws -> (graph: Graph, warnings: [Warning]) {
    let entries = try parseEntries(text, file: file)
    guard let graphEntry = entries.first(where: { $0.key == "graph" }),
      case .list(let body) = graphEntry.value
    else {
      throw InputFileError(file: file, line: 1, "no `graph [ … ]` list found")
    }
    var draft = TopologyDraft(file: file)
    var index: [Int: (node: Int, line: Int)] = [:]
    var label: String?, network: String?
    for entry in body {
      switch (entry.key, entry.value) {
      case ("node", .list(let fields)):
        try addNode(fields, line: entry.line, to: &draft, index: &index)
      case ("directed", .integer(let flag)) where flag != 0:
        draft.warnings.append(Warning(
          file: file, line: entry.line,
          "the graph is directed; edge directions are ignored (read as undirected)"))
      case ("label", .string(let s)): label = s
      case ("Network", .string(let s)): network = s
      case ("node", _):
        throw InputFileError(file: file, line: entry.line, "`node` must be a list [ … ]")
      case ("edge", let value) where !isList(value):
        throw InputFileError(file: file, line: entry.line, "`edge` must be a list [ … ]")
      default: break
      }
    }
    draft.label = label ?? network
    for entry in body where entry.key == "edge" {
      guard case .list(let fields) = entry.value else { continue }
      try addEdge(fields, line: entry.line, to: &draft, index: index)
    }
    return draft.finish()
  }

  private static func isList(_ value: Value) -> Bool {
    if case .list = value { return true }
    return false
  }

  private static func addNode(_ fields: [Entry], line: Int, to draft: inout TopologyDraft,
                              index: inout [Int: (node: Int, line: Int)]) throws {
    let id = try integerField("id", of: "node", in: fields, line: line, file: draft.file)
    if let first = index[id] {
      throw InputFileError(
        file: draft.file, line: line, "node id \(id) is used twice (first on line \(first.line))")
    }
    let name: String
    switch fields.first(where: { $0.key == "label" })?.value {
    case .string(let s): name = s
    case .integer(let i): name = String(i)
    case .real(let x): name = TopologyText.number(x)
    case .list, nil: name = String(id)
    }
    var coordinates: [Double] = []
    for key in ["Longitude", "Latitude"] {
      guard let field = fields.first(where: { $0.key == key }) else { continue }
      guard let value = field.value.number, value.isFinite else {
        // Coordinates only place the node in drawings: a bad one is worth a warning, not a
        // refusal to read a Topology Zoo file.
        draft.warnings.append(Warning(
          file: draft.file, line: field.line,
          "node \(id): \(key) \(field.value.text) is not a finite number; the node has no position"))
        continue
      }
      coordinates.append(value)
    }
    let position = coordinates.count == 2 ? Position(x: coordinates[0], y: coordinates[1]) : nil
    index[id] = (draft.addNode(name: name, position: position), line)
  }

  private static func addEdge(_ fields: [Entry], line: Int, to draft: inout TopologyDraft,
                              index: [Int: (node: Int, line: Int)]) throws {
    var ends: [Int] = []
    for key in ["source", "target"] {
      let id = try integerField(key, of: "edge", in: fields, line: line, file: draft.file)
      guard let node = index[id]?.node else {
        let fieldLine = fields.first { $0.key == key }?.line ?? line
        throw InputFileError(file: draft.file, line: fieldLine, "edge refers to unknown node \(id)")
      }
      ends.append(node)
    }
    var attributes = EdgeAttributes()
    for key in EdgeAttributeKey.allCases {
      guard let field = fields.first(where: { $0.key == key.rawValue }) else { continue }
      let value: Double? =
        if case .string(let s) = field.value { Double(s) } else { field.value.number }
      attributes[keyPath: key.keyPath] = try draft.attributeValue(
        value, raw: field.value.text, key: key,
        edge: "\(draft.names?[ends[0]] ?? String(ends[0]))–\(draft.names?[ends[1]] ?? String(ends[1]))",
        line: field.line)
    }
    draft.addEdge(ends[0], ends[1], attributes: attributes, line: line)
  }

  private static func integerField(_ key: String, of object: String, in fields: [Entry],
                                   line: Int, file: String) throws -> Int {
    guard let field = fields.first(where: { $0.key == key }) else {
      throw InputFileError(file: file, line: line, "\(object) has no `\(key)`")
    }
    guard case .integer(let id) = field.value else {
      throw InputFileError(
        file: file, line: field.line,
        "\(object) \(key) must be an integer, not \(field.value.text)")
    }
    return id
  }

  /// The top-level `key value` entries of a GML text, lists parsed into nested entries.
  static func parseEntries(_ text: String, file: String) throws -> [Entry] {
    var tokenizer = Tokenizer(bytes: Array(text.utf8), file: file)
    // The open lists: each with its key, the line of its `[` and the entries so far.
    var stack: [(key: String, line: Int, entries: [Entry])] = [("", 0, [])]
    var lastLine = 1
    while let token = try tokenizer.next() {
      lastLine = token.line
      switch token.kind {
      case .close:
        guard stack.count > 1 else {
          throw InputFileError(file: file, line: token.line, "`]` without a matching `[`")
        }
        let list = stack.removeLast()
        stack[stack.count - 1].entries.append(
          Entry(key: list.key, value: .list(list.entries), line: list.line))
      case .key(let key):
        guard let valueToken = try tokenizer.next() else {
          throw InputFileError(file: file, line: token.line, "`\(key)` has no value")
        }
        switch valueToken.kind {
        case .open:
          guard stack.count <= maximumDepth else {
            throw InputFileError(
              file: file, line: valueToken.line, "lists are nested deeper than \(maximumDepth) levels")
          }
          stack.append((key, token.line, []))
        case .value(let value):
          stack[stack.count - 1].entries.append(Entry(key: key, value: value, line: token.line))
        case .key(let other):
          throw InputFileError(
            file: file, line: valueToken.line, "`\(key)` has no value (found the key `\(other)`)")
        case .close:
          throw InputFileError(file: file, line: valueToken.line, "`\(key)` has no value (found `]`)")
        }
      case .open, .value:
        throw InputFileError(
          file: file, line: token.line, "expected a key (a word such as `node`), found \(token.kind)")
      }
    }
    if stack.count > 1 {
      let open = stack[stack.count - 1]
      throw InputFileError(
        file: file, line: lastLine,
        "the list `\(open.key) [` opened on line \(open.line) is not closed (missing `]`)")
    }
    return stack[0].entries
  }

  struct Token {
    enum Kind: CustomStringConvertible {
      case key(String), value(Value), open, close
      var description: String {
        switch self {
        case .key(let k): "the key `\(k)`"
        case .value(let v): "the value \(v.text)"
        case .open: "`[`"
        case .close: "`]`"
        }
      }
    }
    var kind: Kind
    var line: Int
  }

  /// Splits GML text into keys, numbers, strings and brackets; `#` starts a comment line.
  struct Tokenizer {
    let bytes: [UInt8]
    let file: String
    var position = 0
    var line = 1

    init(bytes: [UInt8], file: String) {
      self.bytes = bytes
      self.file = file
    }

    mutating func next() throws -> Token? {
      skipSpaceAndComments()
      guard position < bytes.count else { return nil }
      let start = position, byte = bytes[position]
      switch byte {
      case UInt8(ascii: "["):
        position += 1
        return Token(kind: .open, line: line)
      case UInt8(ascii: "]"):
        position += 1
        return Token(kind: .close, line: line)
      case UInt8(ascii: "\""):
        return try string()
      case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return try number()
      case _ where isWordStart(byte):
        skipWord()
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        // NetworkX writes non-finite reals as the words NAN and INF.
        if let special = Tokenizer.nonFinite[word] { return Token(kind: .value(.real(special)), line: line) }
        return Token(kind: .key(word), line: line)
      default:
        let shown = byte < 0x80 && byte >= 0x20 ? "`\(Character(UnicodeScalar(byte)))`"
          : "the byte 0x\(String(byte, radix: 16))"
        throw InputFileError(file: file, line: line, "unexpected character \(shown)")
      }
    }

    static let nonFinite: [String: Double] = ["NAN": .nan, "INF": .infinity]

    private mutating func skipWord() {
      while position < bytes.count, isWordStart(bytes[position]) || isDigit(bytes[position]) {
        position += 1
      }
    }

    private mutating func skipSpaceAndComments() {
      while position < bytes.count {
        switch bytes[position] {
        case UInt8(ascii: "\n"):
          line += 1
          position += 1
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
          position += 1
        case UInt8(ascii: "#"):
          while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
        default:
          return
        }
      }
    }

    /// A double-quoted string (may span lines; HTML entities such as `&quot;` decoded).
    private mutating func string() throws -> Token {
      let startLine = line
      position += 1
      let start = position
      while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
        if bytes[position] == UInt8(ascii: "\n") { line += 1 }
        position += 1
      }
      guard position < bytes.count else {
        throw InputFileError(file: file, line: startLine, "the string starting here is not closed")
      }
      let text = String(decoding: bytes[start..<position], as: UTF8.self)
      position += 1
      return Token(kind: .value(.string(GMLFormat.decodeEntities(text))), line: startLine)
    }

    /// An integer or a real: `[+-]?digits[.digits][(e|E)[+-]digits]`, also `.5`, `-INF`.
    private mutating func number() throws -> Token {
      let start = position
      let negative = bytes[position] == UInt8(ascii: "-")
      _ = skip(anyOf: "+-")
      if position < bytes.count, bytes[position] == UInt8(ascii: "I") {
        let wordStart = position
        skipWord()
        guard String(decoding: bytes[wordStart..<position], as: UTF8.self) == "INF" else {
          throw InputFileError(file: file, line: line, "malformed number `\(text(from: start))`")
        }
        return Token(kind: .value(.real(negative ? -.infinity : .infinity)), line: line)
      }
      skipDigits()
      var isInteger = true
      if skip(anyOf: ".") {
        isInteger = false
        skipDigits()
      }
      if skip(anyOf: "eE") {
        isInteger = false
        _ = skip(anyOf: "+-")
        skipDigits()
      }
      let text = text(from: start)
      if isInteger, let integer = Int(text) { return Token(kind: .value(.integer(integer)), line: line) }
      // Integers too large for Int are kept as reals; a node id then fails "must be an integer".
      guard let real = Double(text), position >= bytes.count || !isWordStart(bytes[position]) else {
        throw InputFileError(file: file, line: line, "malformed number `\(text)`")
      }
      guard real.isFinite else {
        throw InputFileError(file: file, line: line, "the number `\(text)` is out of range")
      }
      return Token(kind: .value(.real(real)), line: line)
    }

    /// Steps over the next byte if it is one of `characters` (ASCII).
    private mutating func skip(anyOf characters: String) -> Bool {
      guard position < bytes.count, characters.utf8.contains(bytes[position]) else { return false }
      position += 1
      return true
    }

    private func text(from start: Int) -> String {
      String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func skipDigits() {
      while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func isWordStart(_ byte: UInt8) -> Bool {
      (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
        || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
    }
  }

  /// Decodes the HTML character references GML writers use inside strings
  /// (`&quot;` `&amp;` `&lt;` `&gt;` `&apos;` `&#N;` `&#xH;`); anything else is kept as written.
  static func decodeEntities(_ text: String) -> String {
    guard text.contains("&") else { return text }
    let named: [Substring: Character] = ["quot": "\"", "amp": "&", "lt": "<", "gt": ">", "apos": "'"]
    var result = ""
    var rest = Substring(text)
    while let ampersand = rest.firstIndex(of: "&") {
      result += rest[..<ampersand]
      let afterAmpersand = rest.index(after: ampersand)
      guard let semicolon = rest[afterAmpersand...].prefix(10).firstIndex(of: ";") else {
        result.append("&")
        rest = rest[afterAmpersand...]
        continue
      }
      let name = rest[afterAmpersand..<semicolon]
      var decoded: Character? = named[name]
      if decoded == nil, name.hasPrefix("#") {
        let digits = name.dropFirst()
        let code = digits.hasPrefix("x") || digits.hasPrefix("X")
          ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        decoded = code.flatMap(UnicodeScalar.init).map(Character.init)
      }
      if let decoded {
        result.append(decoded)
        rest = rest[rest.index(after: semicolon)...]
      } else {
        result.append("&")
        rest = rest[afterAmpersand...]
      }
    }
    return result + rest
  }

  // MARK: Writing

  /// Topology-Zoo-compatible GML: graph `label`, nodes `id`/`label`/`Longitude`/`Latitude`,
  /// edges `source`/`target` and the attributes `weight`, `latency`, `bandwidth`.
  static func encode(_ graph: Graph) -> String {
    var text = "graph [\n"
    if let label = graph.label { text += "  label \(quoted(label))\n" }
    for node in 0..<graph.nodeCount {
      text += "  node [\n    id \(node)\n    label \(quoted(graph.name(of: node)))\n"
      if let position = graph.positions?[node] {
        text += "    Longitude \(number(position.x))\n"
        text += "    Latitude \(number(position.y))\n"
      }
      text += "  ]\n"
    }
    for (k, edge) in graph.edges.enumerated() {
      text += "  edge [\n    source \(edge.u)\n    target \(edge.v)\n"
      let record = graph.attributes(ofEdge: k)
      for key in EdgeAttributeKey.allCases {
        if let value = record[keyPath: key.keyPath] {
          text += "    \(key.rawValue) \(number(value))\n"
        }
      }
      text += "  ]\n"
    }
    return text + "]\n"
  }

  /// A GML real; non-finite values as NetworkX writes them (`NAN`, `INF`, `-INF`).
  static func number(_ value: Double) -> String {
    if value.isNaN { return "NAN" }
    if value.isInfinite { return value < 0 ? "-INF" : "INF" }
    return TopologyText.number(value)
  }

  /// A GML string: `&` and `"` written as `&amp;` and `&quot;`.
  private static func quoted(_ text: String) -> String {
    var result = "\""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result + "\""
  }
}
