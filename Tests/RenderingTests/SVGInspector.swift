import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses an SVG document with Foundation's XMLParser and records what the tests look at.
final class SVGInspector: NSObject, XMLParserDelegate {
  /// `class` attribute and `id` of every `<g>`.
  private(set) var groups: [(id: String, cssClass: String)] = []
  /// Attributes of every `<path>`.
  private(set) var paths: [[String: String]] = []
  /// The text of every `<text>` element (with its `<tspan>` children), in order.
  private(set) var texts: [String] = []
  /// The text of every `<tspan>` (the exponents of `10^k` tick labels).
  private(set) var tspans: [String] = []
  private var textDepth = 0
  private var tspanText: String? = nil
  private var currentText = ""

  /// Parses `data`; `nil` when it is not well-formed XML.
  static func parse(_ data: Data) -> SVGInspector? {
    let inspector = SVGInspector()
    let parser = XMLParser(data: data)
    parser.delegate = inspector
    return parser.parse() ? inspector : nil
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    switch name {
    case "g": groups.append((attributes["id"] ?? "", attributes["class"] ?? ""))
    case "path": paths.append(attributes)
    case "text":
      textDepth += 1
      currentText = ""
    case "tspan": tspanText = ""
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if textDepth > 0 { currentText += string }
    tspanText? += string
  }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if name == "tspan", let text = tspanText {
      tspans.append(text)
      tspanText = nil
    }
    if name == "text" {
      textDepth -= 1
      texts.append(currentText)
    }
  }

  /// Graphviz's node groups: `<g id="nodeK" class="node">`.
  var nodeGroups: Int {
    groups.filter { $0.cssClass == "node" && $0.id.hasPrefix("node") }.count
  }
}
