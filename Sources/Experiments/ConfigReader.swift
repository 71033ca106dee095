import Foundation
import GossipCore

/// Reads typed values out of a ``ConfigNode`` mapping, with errors that name the key path and the
/// line: `exp.yaml:12: error: algorithms[1].stepp: unknown key; known keys: name, step`.
///
/// A value from the file that is wrong is an ``InputFileError`` (exit 65); a value from a
/// `--set` override is a ``ParameterError`` (exit 64) that quotes the override.
struct ConfigReader {
  /// The experiment file, for error messages.
  let file: String
  /// The key path of this mapping (`""` at the top, `algorithms[1]`, `problem.synthetic`).
  let path: String
  let entries: [ConfigEntry]
  let origin: ConfigOrigin

  init(file: String, path: String, node: ConfigNode) throws {
    self.file = file
    self.path = path
    self.origin = node.origin
    guard case .mapping(let entries, _) = node else {
      throw Self.error(
        file: file, origin: node.origin, path: path, "expected a mapping of keys to values")
    }
    self.entries = entries
  }

  static func error(file: String, origin: ConfigOrigin, path: String, _ message: String)
    -> any GossipError
  {
    let subject = path.isEmpty ? message : "\(path): \(message)"
    switch origin {
    case .line(let line): return InputFileError(file: file, line: line, subject)
    case .override(let argument): return ParameterError("--set \(argument): \(subject)")
    }
  }

  /// An error about the mapping itself (at its line).
  func error(_ message: String) -> any GossipError {
    Self.error(file: file, origin: origin, path: path, message)
  }

  /// An error about `key` (at the key's line, or the mapping's when the key is absent).
  func error(_ key: String, _ message: String) -> any GossipError {
    Self.error(file: file, origin: origin(of: key), path: keyPath(key), message)
  }

  /// Where `key` is: the `--set` that gave its value, else the key's line (the mapping's line
  /// when the key is absent).
  func origin(of key: String) -> ConfigOrigin {
    guard let entry = entries.first(where: { $0.key == key }) else { return origin }
    if case .override = entry.value.origin { return entry.value.origin }
    return entry.keyOrigin
  }

  func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  /// Refuses keys outside `known`.
  func checkKeys(_ known: [String]) throws {
    for entry in entries where !known.contains(entry.key) {
      throw Self.error(
        file: file, origin: entry.keyOrigin, path: keyPath(entry.key),
        "unknown key; known keys: \(known.joined(separator: ", "))")
    }
  }

  /// The value of `key`, `nil` when absent or null.
  func node(_ key: String) -> ConfigNode? {
    guard let value = entries.first(where: { $0.key == key })?.value, !value.isNull else {
      return nil
    }
    return value
  }

  func has(_ key: String) -> Bool { node(key) != nil }

  func required(_ key: String) throws -> ConfigNode {
    guard let value = node(key) else { throw error("missing key '\(key)'") }
    return value
  }

  func mapping(_ key: String) throws -> ConfigReader? {
    guard let value = node(key) else { return nil }
    return try ConfigReader(file: file, path: keyPath(key), node: value)
  }

  func sequence(_ key: String) throws -> [ConfigNode]? {
    guard let value = node(key) else { return nil }
    guard case .sequence(let items, _) = value else { throw error(key, "expected a list") }
    return items
  }

  func string(_ key: String) throws -> String? {
    guard let value = node(key) else { return nil }
    guard case .scalar(let text, _, _) = value else { throw error(key, "expected a string") }
    return text
  }

  func integer(_ key: String) throws -> Int? {
    guard let value = node(key) else { return nil }
    guard case .scalar(let text, true, _) = value,
      let number = Int(text.replacingOccurrences(of: "_", with: ""))
    else { throw error(key, "expected an integer") }
    return number
  }

  /// A finite number (YAML `1e-3`, `0.5`, `3`).
  func number(_ key: String) throws -> Double? {
    guard let value = node(key) else { return nil }
    guard case .scalar(let text, true, _) = value, let number = Double(text), number.isFinite else {
      throw error(key, "expected a number")
    }
    return number
  }

  func positiveNumber(_ key: String) throws -> Double? {
    guard let number = try number(key) else { return nil }
    guard number > 0 else { throw error(key, "must be > 0, got \(number)") }
    return number
  }

  /// A list of finite numbers > 0.
  func positiveNumbers(_ key: String) throws -> [Double]? {
    guard let items = try sequence(key) else { return nil }
    return try items.enumerated().map { index, item in
      guard case .scalar(let text, true, _) = item, let x = Double(text), x.isFinite, x > 0 else {
        throw Self.error(
          file: file, origin: item.origin, path: "\(keyPath(key))[\(index)]",
          "expected a number > 0")
      }
      return x
    }
  }

  func boolean(_ key: String) throws -> Bool? {
    guard let value = node(key) else { return nil }
    guard case .scalar(let text, true, _) = value else {
      throw error(key, "expected true or false")
    }
    switch text {
    case "true", "True", "TRUE", "yes": return true
    case "false", "False", "FALSE", "no": return false
    default: throw error(key, "expected true or false")
    }
  }

  func seed(_ key: String) throws -> UInt64? {
    guard let value = node(key) else { return nil }
    guard case .scalar(let text, true, _) = value, let seed = UInt64(text) else {
      throw error(key, "expected a non-negative integer seed")
    }
    return seed
  }

  /// One of `names`.
  func choice(_ key: String, from names: [String]) throws -> String? {
    guard let text = try string(key) else { return nil }
    guard names.contains(text) else {
      throw error(key, "unknown value '\(text)'; known: \(names.joined(separator: ", "))")
    }
    return text
  }

  /// Runs `body`, turning a ``ParameterError`` it throws into an error at `key`.
  func at<T>(_ key: String?, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let failure as ParameterError {
      throw key.map { error($0, failure.message) } ?? error(failure.message)
    }
  }
}
