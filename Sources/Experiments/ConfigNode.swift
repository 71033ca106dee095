import GossipCore
import Yams

/// Where a value of an experiment came from: a line of the file, or a `--set` override.
public enum ConfigOrigin: Sendable, Equatable {
  /// 1-based line in the experiment file.
  case line(Int)
  /// The `--set key=value` argument that put it there.
  case override(String)
}

/// A YAML value of an experiment file with its origin: the form an experiment is validated in.
///
/// Yams' `Node` is converted at once into this `Sendable` tree, so that `--set` overrides can be
/// applied before validation and every error can name the line of the offending key.
public indirect enum ConfigNode: Sendable, Equatable {
  /// A scalar's text; `plain` is false for quoted scalars (always strings, never numbers).
  case scalar(String, plain: Bool, origin: ConfigOrigin)
  case mapping([ConfigEntry], origin: ConfigOrigin)
  case sequence([ConfigNode], origin: ConfigOrigin)

  public var origin: ConfigOrigin {
    switch self {
    case .scalar(_, _, let origin), .mapping(_, let origin), .sequence(_, let origin): origin
    }
  }

  /// Whether the node is YAML null (`~`, `null` or nothing), which means "use the default".
  var isNull: Bool {
    if case .scalar(let text, true, _) = self {
      return ["", "~", "null", "Null", "NULL"].contains(text)
    }
    return false
  }
}

/// One `key: value` of a mapping.
public struct ConfigEntry: Sendable, Equatable {
  public var key: String
  /// Where the key is (its line is what errors about the key name).
  public var keyOrigin: ConfigOrigin
  public var value: ConfigNode
}

extension ConfigNode {
  /// Parses YAML (or JSON) text; `file` names it in errors.
  ///
  /// Throws ``InputFileError`` for a syntax error (with Yams' line), an empty document, an
  /// alias or a non-string key.
  public static func parse(yaml text: String, file: String) throws -> ConfigNode {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw InputFileError(file: file, line: Self.line(of: error), Self.problem(of: error))
    }
    guard let node else { throw InputFileError(file: file, line: 1, "the file is empty") }
    return try convert(node, file: file) { .line($0) }
  }

  /// Parses the value of a `--set key=value` argument as a YAML scalar (or flow collection).
  static func parse(override value: String, argument: String) throws -> ConfigNode {
    let node: Node?
    do {
      node = try Yams.compose(yaml: value)
    } catch {
      throw ParameterError("--set \(argument): the value is not valid YAML")
    }
    guard let node else { return .scalar("", plain: true, origin: .override(argument)) }
    return try convert(node, file: "--set \(argument)") { _ in .override(argument) }
  }

  private static func convert(
    _ node: Node, file: String, origin: (Int) -> ConfigOrigin
  ) throws -> ConfigNode {
    let here = origin(node.mark?.line ?? 1)
    switch node {
    case .scalar(let scalar):
      return .scalar(scalar.string, plain: scalar.style == .plain, origin: here)
    case .sequence(let sequence):
      return .sequence(
        try sequence.map { try convert($0, file: file, origin: origin) }, origin: here)
    case .mapping(let mapping):
      var entries: [ConfigEntry] = []
      for (key, value) in mapping {
        guard case .scalar(let name) = key else {
          throw InputFileError(file: file, line: key.mark?.line, "keys must be plain names")
        }
        entries.append(
          ConfigEntry(
            key: name.string, keyOrigin: origin(key.mark?.line ?? 1),
            value: try convert(value, file: file, origin: origin)))
      }
      return .mapping(entries, origin: here)
    case .alias:
      throw InputFileError(
        file: file, line: node.mark?.line, "YAML aliases are not supported; write the value out")
    }
  }

  private static func line(of error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      mark.line
    case .duplicatedKeysInMapping(_, let context): context.mark.line
    default: nil
    }
  }

  private static func problem(of error: YamlError) -> String {
    switch error {
    case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
      .composer(let context, let problem, _, _):
      "invalid YAML: \(context.map { "\($0.text) " } ?? "")\(problem)"
    case .duplicatedKeysInMapping(let duplicates, _):
      "invalid YAML: repeated keys \(duplicates.joined(separator: ", "))"
    default:
      "invalid YAML: \(error)"
    }
  }
}

extension ConfigNode {
  /// Applies `--set key=value`: `key` is a dotted path (`stop.iterations`, `algorithms.0.step`),
  /// numbers index sequences (an index equal to the length appends), missing mappings are created.
  ///
  /// Throws ``ParameterError`` when the argument has no `=`, a path component is empty, or the
  /// path crosses a scalar or indexes past the end of a sequence.
  public mutating func apply(override argument: String) throws {
    guard let equals = argument.firstIndex(of: "=") else {
      throw ParameterError("--set \(argument): expected key=value, e.g. --set stop.iterations=100")
    }
    let path = argument[..<equals].split(separator: ".", omittingEmptySubsequences: false).map(
      String.init)
    guard !path.isEmpty, path.allSatisfy({ !$0.isEmpty }) else {
      throw ParameterError(
        "--set \(argument): the key must be a dotted path such as stop.iterations")
    }
    let value = try Self.parse(
      override: String(argument[argument.index(after: equals)...]), argument: argument)
    try set(value, at: path[...], argument: argument)
  }

  private mutating func set(_ value: ConfigNode, at path: ArraySlice<String>, argument: String)
    throws
  {
    guard let head = path.first else {
      self = value
      return
    }
    let rest = path.dropFirst()
    switch self {
    case .mapping(var entries, let origin):
      if let k = entries.firstIndex(where: { $0.key == head }) {
        try entries[k].value.set(value, at: rest, argument: argument)
      } else {
        var child = ConfigNode.mapping([], origin: .override(argument))
        try child.set(value, at: rest, argument: argument)
        entries.append(ConfigEntry(key: head, keyOrigin: .override(argument), value: child))
      }
      self = .mapping(entries, origin: origin)
    case .sequence(var items, let origin):
      guard let index = Int(head), (0...items.count).contains(index) else {
        throw ParameterError(
          "--set \(argument): '\(head)' is not an index of a list of \(items.count) (use 0…\(items.count))"
        )
      }
      if index == items.count { items.append(.mapping([], origin: .override(argument))) }
      try items[index].set(value, at: rest, argument: argument)
      self = .sequence(items, origin: origin)
    case .scalar:
      if isNull {
        self = .mapping([], origin: .override(argument))
        try set(value, at: path, argument: argument)
      } else {
        throw ParameterError("--set \(argument): '\(head)' is inside a value that is not a mapping")
      }
    }
  }
}
