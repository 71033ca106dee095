import Foundation
import GossipCore

/// The topology file formats GossipSim reads and writes (docs/topology-files.md).
public enum TopologyFormat: String, CaseIterable, Sendable {
  /// Graphviz DOT (`.dot`, `.gv`), read through libcgraph.
  case dot
  /// GML as written by the Internet Topology Zoo (`.gml`).
  case gml
  /// Whitespace-separated `u v [weight]` lines (`.edges`, `.txt`).
  case edgeList = "edges"
  /// NetworkX node-link JSON (`.json`).
  case json

  /// The format a file extension (without the dot, any case) stands for.
  public init?(pathExtension: String) {
    switch pathExtension.lowercased() {
    case "dot", "gv": self = .dot
    case "gml": self = .gml
    case "edges", "txt": self = .edgeList
    case "json": self = .json
    default: return nil
    }
  }

  /// The format of `path`, from its extension; throws ``ParameterError`` naming the known ones.
  public static func infer(fromPath path: String) throws -> TopologyFormat {
    let fileExtension = URL(fileURLWithPath: path).pathExtension
    guard let format = TopologyFormat(pathExtension: fileExtension) else {
      let found = fileExtension.isEmpty ? "has no extension" : "has the extension .\(fileExtension)"
      throw ParameterError(
        "cannot tell the topology format of \(path): it \(found); use .dot or .gv, .gml, "
          + ".edges or .txt, or .json, or give the format (dot, gml, edges, json) explicitly")
    }
    return format
  }
}

/// Reading and writing topology files in every ``TopologyFormat``.
///
/// Readers never trap on malformed input: they throw ``InputFileError`` with the line at fault
/// (exit 65) and return ``Warning``s for what they repaired (repeated edges collapsed, self loops
/// dropped, a digraph read as undirected). Writers produce text their reader turns back into an
/// equal ``Graph`` (as far as the format can carry names, attributes and positions).
public enum TopologyFile {
  /// Reads a file; format from the extension unless given.
  ///
  /// Throws ``MissingInputError`` (66) when the file cannot be read, ``ParameterError`` (64) for
  /// an unknown extension, ``InputFileError`` (65) for malformed content. A file that is not
  /// UTF-8 is read as ISO Latin-1, with a warning.
  public static func read(path: String, format: TopologyFormat? = nil) throws -> (
    graph: Graph, warnings: [Warning]
  ) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw MissingInputError(file: path)
    }
    guard !isDirectory.boolValue else {
      throw MissingInputError(file: path, reason: "is a folder, not a topology file")
    }
    let resolved = try format ?? TopologyFormat.infer(fromPath: path)
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw MissingInputError(file: path, reason: "cannot read: \(error.localizedDescription)")
    }
    var warnings: [Warning] = []
    let text: String
    if let utf8 = String(data: data, encoding: .utf8) {
      text = utf8
    } else {
      // Every byte sequence is Latin-1 text, so this always succeeds.
      text = String(decoding: data.map { UInt16($0) }, as: UTF16.self)
      warnings.append(Warning(file: path, "the file is not UTF-8 text; it was read as ISO Latin-1"))
    }
    let parsed = try parse(text, format: resolved, file: path)
    return (parsed.graph, warnings + parsed.warnings)
  }

  /// Parses `text` in `format`; `file` names the source in errors and warnings.
  public static func parse(_ text: String, format: TopologyFormat, file: String) throws -> (
    graph: Graph, warnings: [Warning]
  ) {
    switch format {
    case .dot: try DOTFormat.parse(text, file: file)
    case .gml: try GMLFormat.parse(text, file: file)
    case .edgeList: try EdgeListFormat.parse(text, file: file)
    case .json: try NodeLinkJSONFormat.parse(text, file: file)
    }
  }

  /// The text of `graph` in `format`.
  public static func encode(_ graph: Graph, format: TopologyFormat) -> String {
    switch format {
    case .dot: DOTFormat.encode(graph)
    case .gml: GMLFormat.encode(graph)
    case .edgeList: EdgeListFormat.encode(graph)
    case .json: NodeLinkJSONFormat.encode(graph)
    }
  }

  /// Writes `graph` to `path` atomically (``AtomicFile``); format from the extension unless given.
  ///
  /// Throws ``OutputError`` (73) when the file cannot be written, ``ParameterError`` (64) for an
  /// unknown extension.
  public static func write(_ graph: Graph, to path: String, format: TopologyFormat? = nil) throws {
    let resolved = try format ?? TopologyFormat.infer(fromPath: path)
    try AtomicFile.write(encode(graph, format: resolved), to: path)
  }
}
