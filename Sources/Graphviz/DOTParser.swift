import CGraphviz

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A DOT graph as libcgraph read it: names, direction, nodes and edges in file order, and the
/// attributes each object ends up with (its own values and the `node [...]` / `edge [...]`
/// defaults in force where it was declared; empty values and the default node label `\N` are
/// left out).
public struct DOTGraph: Sendable, Equatable {
  /// A node: its DOT id and its attributes.
  public struct Node: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public init(name: String, attributes: [String: String] = [:]) {
      self.name = name
      self.attributes = attributes
    }
  }

  /// An edge `tail -- head` (or `tail -> head` in a digraph) and its attributes.
  public struct Edge: Sendable, Equatable {
    public var tail: String
    public var head: String
    public var attributes: [String: String]
    public init(tail: String, head: String, attributes: [String: String] = [:]) {
      self.tail = tail
      self.head = head
      self.attributes = attributes
    }
  }

  /// The graph's id; `nil` for an anonymous graph.
  public var name: String?
  public var isDirected: Bool
  /// In the order the file first mentions them.
  public var nodes: [Node]
  /// In file order; a repeated edge statement in a non-strict graph gives a repeated entry.
  public var edges: [Edge]

  public init(name: String?, isDirected: Bool, nodes: [Node], edges: [Edge]) {
    self.name = name
    self.isDirected = isDirected
    self.nodes = nodes
    self.edges = edges
  }
}

/// A message from Graphviz, with the line it names (`syntax error in line 3 near 'x'`).
public struct GraphvizError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Graphviz's own message, without the `Error: ` prefix and trailing newline.
  public var message: String
  /// The 1-based line Graphviz reported, if it reported one.
  public var line: Int?

  public init(message: String, line: Int? = nil) {
    self.message = message
    self.line = line
  }

  /// Builds the error from a Graphviz message, taking the line from its `line N` phrase.
  init(graphvizMessage raw: String) {
    var text = Substring(raw)
    for prefix in ["Error: ", "Warning: "] where text.hasPrefix(prefix) {
      text = text.dropFirst(prefix.count)
    }
    message = String(text).trimmingTrailingWhitespace()
    line = GraphvizError.lineNumber(in: message)
  }

  /// The number after the word `line` in a Graphviz message, if any.
  static func lineNumber(in message: String) -> Int? {
    let words = message.split(whereSeparator: { $0 == " " || $0 == "\n" })
    guard let index = words.firstIndex(of: "line"), index + 1 < words.count else { return nil }
    return Int(words[index + 1].prefix(while: \.isNumber))
  }

  public var description: String {
    "Graphviz: \(line.map { "line \($0): " } ?? "")\(message)"
  }
}

extension String {
  fileprivate func trimmingTrailingWhitespace() -> String {
    var end = endIndex
    while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
    return String(self[..<end])
  }
}

extension Graphviz {
  /// Text libcgraph sent to ``collectMessage`` since the last ``takeMessages()``; cgraph sends
  /// each message in pieces (`Error`, `: `, the text and its newline).
  ///
  /// Only touched while ``lock`` is held (libcgraph calls the collector synchronously from inside
  /// a locked call), which is what makes this global safe.
  nonisolated(unsafe) private static var messages: [String] = []

  /// The C callback given to `agseterrf`: appends one formatted Graphviz message.
  private static let collectMessage: @convention(c) (UnsafeMutablePointer<CChar>?) -> Int32 = {
    text in
    if let text { Graphviz.messages.append(String(cString: text)) }
    return 0
  }

  /// cgraph's `aaglex_destroy`: flex's `yylex_destroy` for the DOT scanner, which resets the
  /// scanner's global state (input buffer, start condition).
  ///
  /// cgraph does not reset its scanner between reads: after some failures (an unterminated
  /// comment, "memory exhausted" on deep nesting) the next read continues in the stale state and
  /// fails on valid text. The function is exported by libcgraph but not declared in its headers,
  /// so it is looked up at run time; `nil` if a future libcgraph drops it.
  private static let resetScanner: (@convention(c) () -> Int32)? = {
    guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "aaglex_destroy") else {
      return nil
    }
    return unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)
  }()

  /// Resets cgraph's DOT scanner and numbers the next text's lines from 1; lock held.
  static func prepareScanner() {
    _ = resetScanner?()
    agreadline(1)  // cgraph's line counter is global
  }

  /// Returns and clears the collected messages, one per line; call with the lock held.
  private static func takeMessages() -> [String] {
    defer { messages.removeAll() }
    return messages.joined().split(separator: "\n").map(String.init)
  }

  /// Parses DOT text with libcgraph (`agmemread`).
  ///
  /// Graphviz's error messages are captured (`agseterrf`) instead of printed; a text Graphviz
  /// rejects throws ``GraphvizError`` carrying its message and the line it names. Warnings that
  /// do not stop the parse are dropped. Cost: linear in the text (cgraph's dictionaries).
  ///
  /// ```swift
  /// let g = try Graphviz.parseDOT("graph G { a -- b [weight=2] }")
  /// // g.edges == [DOTGraph.Edge(tail: "a", head: "b", attributes: ["weight": "2"])]
  /// ```
  public static func parseDOT(_ text: String) throws -> DOTGraph {
    guard !text.utf8.contains(0) else {
      throw GraphvizError(message: "the text contains a NUL byte")
    }
    return try withLock {
      try capturingMessages { try parseLocked(text) }
    }
  }

  /// Runs `body` with Graphviz's error messages routed to ``takeMessages()`` instead of stderr;
  /// call with the lock held.
  static func capturingMessages<T>(_ body: () throws -> T) throws -> T {
    let previousHandler = agseterrf(collectMessage)
    let previousLevel = agseterr(AGERR)
    defer {
      agseterr(previousLevel)
      agseterrf(previousHandler)
    }
    _ = takeMessages()
    return try body()
  }

  /// The first captured Graphviz message as an error, or `fallback` when Graphviz said nothing;
  /// call with the lock held, inside ``capturingMessages(_:)``.
  static func messageError(or fallback: String) -> GraphvizError {
    takeMessages().first.map { GraphvizError(graphvizMessage: $0) }
      ?? GraphvizError(message: fallback)
  }

  /// The body of ``parseDOT(_:)``: lock held, messages captured.
  private static func parseLocked(_ text: String) throws -> DOTGraph {
    prepareScanner()
    let parsed = text.withCString { agmemread($0) }
    let errors = takeMessages()
    guard let graph = parsed else {
      throw errors.first.map { GraphvizError(graphvizMessage: $0) }
        ?? GraphvizError(message: "no graph found (is the text empty, or a comment not closed?)")
    }
    defer { agclose(graph) }
    if let first = errors.first { throw GraphvizError(graphvizMessage: first) }
    return read(graph)
  }

  /// Copies a parsed cgraph graph into a `DOTGraph`; call with the lock held.
  private static func read(_ graph: UnsafeMutablePointer<Agraph_t>) -> DOTGraph {
    let nodeSymbols = symbols(graph, kind: AGNODE)
    let edgeSymbols = symbols(graph, kind: AGEDGE)
    var nodes: [DOTGraph.Node] = []
    var edges: [(sequence: UInt32, edge: DOTGraph.Edge)] = []
    var node = agfstnode(graph)
    while let n = node {
      let object = UnsafeMutableRawPointer(n)
      nodes.append(DOTGraph.Node(name: name(of: object), attributes: attributes(of: object, nodeSymbols)))
      var edge = agfstout(graph, n)
      while let e = edge {
        // An out-edge is followed in memory by its in-edge twin, whose `node` is the tail
        // (cgraph's AGOUT2IN; the agtail/aghead macros do not import into Swift).
        let tail = name(of: UnsafeMutableRawPointer((e + 1).pointee.node))
        let head = name(of: UnsafeMutableRawPointer(e.pointee.node))
        let attributes = attributes(of: UnsafeMutableRawPointer(e), edgeSymbols)
        edges.append((UInt32(e.pointee.base.tag.seq),
                      DOTGraph.Edge(tail: tail, head: head, attributes: attributes)))
        edge = agnxtout(graph, e)
      }
      node = agnxtnode(graph, n)
    }
    edges.sort { $0.sequence < $1.sequence }
    let graphName = agnameof(graph).map { String(cString: $0) }
    return DOTGraph(
      // cgraph names anonymous graphs `%N`, which a DOT id cannot start with unquoted.
      name: graphName.flatMap { $0.hasPrefix("%") || $0.isEmpty ? nil : $0 },
      isDirected: agisdirected(graph) != 0,
      nodes: nodes, edges: edges.map(\.edge))
  }

  private static func symbols(_ graph: UnsafeMutablePointer<Agraph_t>, kind: Int32)
    -> [(name: String, symbol: UnsafeMutablePointer<Agsym_t>)]
  {
    var result: [(String, UnsafeMutablePointer<Agsym_t>)] = []
    var symbol = agnxtattr(graph, kind, nil)
    while let s = symbol {
      result.append((String(cString: s.pointee.name), s))
      symbol = agnxtattr(graph, kind, s)
    }
    return result
  }

  private static func attributes(
    of object: UnsafeMutableRawPointer,
    _ symbols: [(name: String, symbol: UnsafeMutablePointer<Agsym_t>)]
  ) -> [String: String] {
    var result: [String: String] = [:]
    for (name, symbol) in symbols {
      guard let value = agxget(object, symbol) else { continue }
      let text = String(cString: value)
      // `\N` is Graphviz's placeholder for "the node's name", the default node label.
      if !text.isEmpty && !(name == "label" && text == "\\N") { result[name] = text }
    }
    return result
  }

  private static func name(of object: UnsafeMutableRawPointer) -> String {
    agnameof(object).map { String(cString: $0) } ?? ""
  }
}
