import Foundation
import GossipCore
import Graphviz
import LinearAlgebra
import Mixing
import Topology

/// What the colour of a node says.
public enum NodeColoring: Sendable, Equatable {
  /// The node's degree, on a viridis bar.
  case degree
  /// The connected component, one categorical colour each.
  case component
  /// The agent that holds each node (a partition file), one colour per agent.
  case partition(agents: [Int])
  /// A number per node (a run's local objective, distance to the average) on a fixed scale, so
  /// that the frames of an animation are comparable; `nil` values are drawn grey.
  case value(name: String, values: [Double?], scale: ColorScale)
}

/// A network with everything needed to draw it: node colours and legend, edge widths, a title.
///
/// Pure Swift: ``dot(for:)`` encodes it as DOT text for Graphviz, so that the styling is tested
/// without the C library.
public struct TopologyDrawing: Sendable {
  public var graph: Graph
  public var coloring: NodeColoring
  /// The mixing weight of each edge, parallel to `graph.edges`; the edge width grows with it.
  public var edgeWeights: [Double]
  /// The first line of the title; the second gives n, m and the spectral gap.
  public var title: String
  public var subtitle: String
  /// Edges (indices into `graph.edges`) drawn dashed: the links a topology design added to the
  /// required ones (``addedLinks(inDOT:graph:)``).
  public var dashedEdges: Set<Int> = [] {
    didSet { precondition(dashedEdges.allSatisfy { $0 >= 0 && $0 < graph.edgeCount }, "edge index out of range") }
  }

  /// The largest node count drawn with labels (names inside or beside the nodes).
  public static let labelNodeLimit = 60
  /// The drawing's width in points (7 inches) for positions taken from the file.
  public static let positionWidth = 504.0

  public init(graph: Graph, coloring: NodeColoring, edgeWeights: [Double], title: String,
              subtitle: String) {
    precondition(edgeWeights.count == graph.edgeCount, "one weight per edge")
    self.graph = graph
    self.coloring = coloring
    self.edgeWeights = edgeWeights
    self.title = title
    self.subtitle = subtitle
  }

  /// The drawing of `graph` with its mixing weights (the file's `weight` attributes when every
  /// edge has one, else Metropolis–Hastings) and a subtitle with n, m and the spectral gap
  /// `1 − SLEM` of the largest connected component.
  ///
  /// Cost: the spectral report (dense up to 2,000 nodes, ARPACK beyond).
  /// - Throws: ``ParameterError`` when the file's weights do not form a mixing matrix, and what
  ///   ``Spectrum/report(for:weights:method:)`` throws.
  public static func make(graph: Graph, coloring: NodeColoring, title: String? = nil) throws
    -> TopologyDrawing
  {
    let hasWeights = graph.edgeAttributes?.allSatisfy { $0.weight != nil } ?? false
    let rule: WeightRule = hasWeights ? .file : .metropolis
    let mixing = try MixingMatrix.make(graph, rule: rule)
    let weights = graph.edges.map { mixing[$0.u, $0.v] }
    var parts = ["n = \(graph.nodeCount)", "m = \(graph.edgeCount)"]
    let (component, components) = (graph.largestComponent().graph, graph.connectedComponents().count)
    if component.nodeCount >= 2 {
      let report = try Spectrum.report(for: component, weights: rule)
      let gap = "spectral gap \(NumberLabel.compact(report.spectralGap)) (\(rule.rawValue))"
      parts.append(components > 1 ? "\(components) components; largest: \(gap)" : gap)
    }
    return TopologyDrawing(
      graph: graph, coloring: coloring, edgeWeights: weights,
      title: title ?? graph.label ?? "network", subtitle: parts.joined(separator: ", "))
  }

  /// The fill colour of every node and the legend rows `(colour, text)` or colour bar.
  func nodeColors() -> (colors: [String], legend: Legend) {
    let n = graph.nodeCount
    switch coloring {
    case .degree:
      let degrees = (0..<n).map { graph.degree(of: $0) }
      guard let low = degrees.min(), let high = degrees.max() else { return ([], .none) }
      let scale = ColorScale(lower: Double(low), upper: Double(high), isLogarithmic: false)
      let colors = degrees.map { scale.color(of: Double($0)) }
      let distinct = Set(degrees).sorted()
      if distinct.count == 1 { return (colors, .text("every node has degree \(low)")) }
      if distinct.count <= TopologyDrawing.maxSwatches {
        return (colors, .swatches(distinct.map { (scale.color(of: Double($0)), "degree \($0)") }))
      }
      return (colors, .bar(name: "degree", scale: scale))
    case .component:
      let (count, labels) = graph.connectedComponents()
      return categorical(labels, count: count, name: "component")
    case .partition(let agents):
      precondition(agents.count == n, "one agent per node")
      return categorical(agents, count: (agents.max() ?? -1) + 1, name: "agent")
    case .value(let name, let values, let scale):
      precondition(values.count == n, "one value per node")
      return (values.map { $0.map(scale.color(of:)) ?? TopologyDrawing.missingColor },
              .bar(name: name, scale: scale))
    }
  }

  static let missingColor = "#d0d0d0"
  /// The most legend entries shown as swatches; more become a colour bar.
  static let maxSwatches = 8

  /// Categories `0..<count`: the ten Tableau colours with a swatch each, or viridis by index
  /// with a bar when there are more.
  private func categorical(_ labels: [Int], count: Int, name: String)
    -> (colors: [String], legend: Legend)
  {
    if count == 1 { return (labels.map { _ in Palette.categorical[0] }, .text("one \(name)")) }
    if count <= Palette.categorical.count {
      let rows = (0..<count).map { (Palette.categorical[$0], "\(name) \($0)") }
      return (labels.map { Palette.categorical[$0] }, .swatches(rows))
    }
    let scale = ColorScale(lower: 0, upper: Double(count - 1), isLogarithmic: false)
    return (labels.map { scale.color(of: Double($0)) }, .bar(name: name, scale: scale))
  }

  /// What explains the colours under the title.
  enum Legend {
    case none
    case text(String)
    case swatches([(color: String, text: String)])
    case bar(name: String, scale: ColorScale)
  }

  /// The width of an edge with mixing weight `w`, relative to the heaviest edge.
  func penWidth(_ weight: Double, heaviest: Double) -> Double {
    let n = graph.nodeCount
    let (thinnest, widest) =
      n <= TopologyDrawing.labelNodeLimit ? (0.8, 4.0) : (n <= LayoutEngine.autoNeatoLimit ? (0.4, 2.0) : (0.3, 1.2))
    guard heaviest > 0 else { return thinnest }
    return thinnest + (widest - thinnest) * max(weight, 0) / heaviest
  }

  /// The DOT text Graphviz lays out with `layout`: nodes `n0…`, named by a label or tooltip,
  /// filled by ``coloring``; edges as wide as their weight; the title and legend as an HTML-like
  /// graph label at the top. With the `positions` engine, file positions are scaled to
  /// ``positionWidth`` points (`pos="x,y"`) and every edge gets its shape (`pos` of a Bézier),
  /// which the `nop2` engine (`neato -n2`) keeps as they are.
  public func dot(for layout: LayoutEngine.Choice) -> String {
    let n = graph.nodeCount
    let (colors, legend) = nodeColors()
    let names = (0..<n).map { graph.name(of: $0) }
    let showLabels = n <= TopologyDrawing.labelNodeLimit
    let insideLabels = showLabels && names.allSatisfy { $0.count <= 3 }
    let large = n > LayoutEngine.autoNeatoLimit
    var lines = ["graph \(DOT.quoted(title)) {"]
    lines.append(
      "  graph [label=<\(titleLabel(legend))>, labelloc=t, fontname=\"Helvetica\", fontsize=12, "
        + "bgcolor=white, pad=0.25, outputorder=edgesfirst, splines=false, "
        + "overlap=\(showLabels ? "false" : "true"), forcelabels=true, size=\"\(large ? 10 : 7.5),\(large ? 10 : 7.5)\""
        + "]")
    let width = insideLabels ? 0.32 : (large ? 0.05 : (showLabels ? 0.18 : (n <= 100 ? 0.12 : 0.08)))
    lines.append(
      "  node [shape=circle, style=filled, fixedsize=true, width=\(width), penwidth=\(large ? 0.3 : 0.6), "
        + "color=\"#333333\", fontname=\"Helvetica\", fontsize=\(insideLabels ? 10 : 9), label=\"\"]")
    lines.append("  edge [color=\"\(large ? "#00000059" : "#555555b0")\"]")
    let pinned = layout.engine == .positions ? scaledPositions() : nil
    for node in 0..<n {
      var attributes = ["fillcolor=\(DOT.quoted(colors[node]))", "tooltip=\(DOT.quoted(names[node]))"]
      if insideLabels {
        attributes.append("label=\(DOT.quoted(names[node]))")
        if Palette.isDark(colors[node]) { attributes.append("fontcolor=white") }
      } else if showLabels {
        attributes.append("xlabel=\(DOT.quoted(names[node]))")
      }
      if let position = pinned?[node] {
        attributes.append("pos=\(DOT.quoted("\(DOT.number(position.x)),\(DOT.number(position.y))"))")
      }
      lines.append("  n\(node) [\(attributes.joined(separator: ", "))]")
    }
    let heaviest = edgeWeights.max() ?? 0
    // Clearance: the node radius (inches to points) and a little.
    let curves = pinned.map { detours($0, radius: width * 36 + 1) } ?? [:]
    for (k, edge) in graph.edges.enumerated() {
      var attributes = ["penwidth=\(DOT.number(penWidth(edgeWeights[k], heaviest: heaviest)))"]
      if dashedEdges.contains(k) { attributes.append("style=dashed") }
      // `nop2` draws the edge shapes given: straight edges are degenerate Béziers (the end
      // points twice).
      if let pinned {
        let (a, b) = (pinned[edge.u], pinned[edge.v])
        let points = (curves[k] ?? [a, a, b, b]).map { "\(DOT.number($0.x)),\(DOT.number($0.y))" }
        attributes.append("pos=\(DOT.quoted(points.joined(separator: " ")))")
      }
      lines.append("  n\(edge.u) -- n\(edge.v) [\(attributes.joined(separator: ", "))]")
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The edges that a DOT file written by `gossip topology design` marks `link=added`, as indices
  /// into `graph.edges` (`graph` read from the same text: its nodes are the file's, in file order).
  public static func addedLinks(inDOT text: String, graph: Graph) throws -> Set<Int> {
    let dot = try Graphviz.parseDOT(text)
    let index = Dictionary(dot.nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    var added: Set<Int> = []
    for edge in dot.edges where edge.attributes["link"] == "added" {
      if let u = index[edge.tail], let v = index[edge.head], u != v,
        u < graph.nodeCount, v < graph.nodeCount, let k = graph.edgeIndex(u, v)
      {
        added.insert(k)
      }
    }
    return added
  }

  /// For each edge (by index) whose straight segment passes over a node other than its ends,
  /// a cubic Bézier `[start, control, control, end]` whose control points sit 12% of its length
  /// to one side, so that it does not hide behind that node (a torus's wrap-around edges lie on its
  /// rows). `radius` is the clearance in points. O(n·m): used up to ``detourNodeLimit`` nodes.
  func detours(_ positions: [Position], radius: Double) -> [Int: [Position]] {
    guard graph.nodeCount <= TopologyDrawing.detourNodeLimit else { return [:] }
    var result: [Int: [Position]] = [:]
    for (k, edge) in graph.edges.enumerated() {
      let (a, b) = (positions[edge.u], positions[edge.v])
      let (dx, dy) = (b.x - a.x, b.y - a.y)
      let length2 = dx * dx + dy * dy
      guard length2 > 0 else { continue }
      let blocked = positions.indices.contains { node in
        guard node != edge.u && node != edge.v else { return false }
        let p = positions[node]
        let t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2
        guard t > 0 && t < 1 else { return false }
        let (ex, ey) = (a.x + t * dx - p.x, a.y + t * dy - p.y)
        return ex * ex + ey * ey < radius * radius
      }
      guard blocked else { continue }
      // Perpendicular (−dy, dx) scaled to a fifth of the length.
      let (ox, oy) = (-dy * 0.12, dx * 0.12)
      result[k] = [a, Position(x: a.x + dx / 3 + ox, y: a.y + dy / 3 + oy),
                   Position(x: a.x + 2 * dx / 3 + ox, y: a.y + 2 * dy / 3 + oy), b]
    }
    return result
  }

  /// The largest graph whose hidden edges get ``detours(_:radius:)``.
  public static let detourNodeLimit = 1_000

  /// File positions mapped to points (`x` or `y` spans ``positionWidth``, aspect ratio kept),
  /// with every node that has none placed by ``completedPositions()``.
  func scaledPositions() -> [Position] {
    let positions = completedPositions()
    guard let minX = positions.map(\.x).min(), let maxX = positions.map(\.x).max(),
      let minY = positions.map(\.y).min(), let maxY = positions.map(\.y).max()
    else { return positions }
    let span = max(maxX - minX, maxY - minY)
    let width = TopologyDrawing.positionWidth * (graph.nodeCount > LayoutEngine.autoNeatoLimit ? 1.5 : 1)
    let scale = span > 0 ? width / span : 1
    return positions.map { Position(x: ($0.x - minX) * scale, y: ($0.y - minY) * scale) }
  }

  /// The file positions, with each node that has none put at the mean of its placed neighbours
  /// (breadth first from the placed nodes, so a chain of unplaced nodes hangs off its anchor),
  /// nudged by a small node-dependent offset so that two such nodes do not coincide. Nodes
  /// that no path links to a placed node go on a row under the drawing. O(n + m).
  func completedPositions() -> [Position] {
    let n = graph.nodeCount
    var positions = graph.positions ?? Array(repeating: nil, count: n)
    let known = positions.compactMap { $0 }
    let xs = known.map(\.x)
    let ys = known.map(\.y)
    let (minX, maxX) = (xs.min() ?? 0, xs.max() ?? 1)
    let minY = ys.min() ?? 0
    let nudge = 0.02 * max(maxX - minX, (ys.max() ?? 1) - minY, 1e-9)
    var queue = (0..<n).filter { positions[$0] == nil && graph.neighbors(of: $0).contains {
      positions[$0] != nil
    } }
    var head = 0
    var queued = Set(queue)
    while head < queue.count {
      let node = queue[head]
      head += 1
      let placed = graph.neighbors(of: node).compactMap { positions[$0] }
      let angle = Double(node) * 2.399963  // the golden angle spreads successive nodes around
      positions[node] = Position(
        x: placed.map(\.x).reduce(0, +) / Double(placed.count) + nudge * cos(angle),
        y: placed.map(\.y).reduce(0, +) / Double(placed.count) + nudge * sin(angle))
      for next in graph.neighbors(of: node) where positions[next] == nil && !queued.contains(next) {
        queued.insert(next)
        queue.append(next)
      }
    }
    let stranded = (0..<n).filter { positions[$0] == nil }
    for (k, node) in stranded.enumerated() {
      let t = stranded.count == 1 ? 0.5 : Double(k) / Double(stranded.count - 1)
      positions[node] = Position(x: minX + t * (maxX - minX), y: minY - 4 * nudge)
    }
    return positions.map { $0! }
  }

  /// The HTML-like label: bold title, the subtitle, and the legend.
  func titleLabel(_ legend: Legend) -> String {
    var rows = ["<TR><TD COLSPAN=\"40\"><B>\(DOT.html(title))</B></TD></TR>",
                "<TR><TD COLSPAN=\"40\"><FONT POINT-SIZE=\"10\">\(DOT.html(subtitle))</FONT></TD></TR>"]
    switch legend {
    case .none: break
    case .text(let words):
      rows.append("<TR><TD><FONT POINT-SIZE=\"9\">\(DOT.html(words))</FONT></TD></TR>")
    case .swatches(let entries):
      // One cell: a coloured square (U+25A0) before each entry, so entries stay together.
      let items = entries.map { color, text in
        "<FONT COLOR=\"\(color)\" POINT-SIZE=\"12\">\u{25A0}</FONT> \(DOT.html(text))"
      }
      rows.append("<TR><TD><FONT POINT-SIZE=\"9\">\(items.joined(separator: "   "))</FONT></TD></TR>")
    case .bar(let name, let scale):
      let swatches = scale.swatchValues(count: 24).map {
        "<TD BGCOLOR=\"\(scale.color(of: $0))\" WIDTH=\"8\" HEIGHT=\"10\" FIXEDSIZE=\"TRUE\"></TD>"
      }
      let ends = (NumberLabel.compact(scale.lower), NumberLabel.compact(scale.upper))
      let kind = scale.isLogarithmic ? " (log scale)" : ""
      rows.append(
        "<TR><TD><FONT POINT-SIZE=\"9\">\(DOT.html(name))\(kind): \(DOT.html(ends.0)) </FONT></TD>"
          + swatches.joined() + "<TD><FONT POINT-SIZE=\"9\"> \(DOT.html(ends.1))</FONT></TD></TR>")
    }
    // Each row is its own table so that a row's cell count does not widen the others.
    let tables = rows.map {
      "<TR><TD><TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">\($0)</TABLE></TD></TR>"
    }
    return "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">\(tables.joined())</TABLE>"
  }
}

/// DOT lexical helpers.
enum DOT {
  /// A DOT double-quoted string: `"` and `\` escaped, newlines as `\n`.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for character in text {
      switch character {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": break
      default: result.append(character)
      }
    }
    return result + "\""
  }

  /// Text inside an HTML-like label: `&`, `<`, `>`, `"` as entities.
  static func html(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }

  /// A number with at most 3 decimals, without trailing zeros.
  static func number(_ value: Double) -> String {
    var text = String(format: "%.3f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }
}
