/// Errors and warnings that a person can act on, with the sysexits code each maps to.
///
/// Every target that reads user input throws these, so the command line can print one line
/// (`FILE:LINE: error: what is wrong`) and exit with the right code without knowing who threw.

/// The exit codes of the `gossip` tool (sysexits.h).
public enum ExitStatus: Int32, Sendable {
  case success = 0
  /// The computation failed.
  case failure = 1
  /// EX_USAGE: bad command line or parameter.
  case usage = 64
  /// EX_DATAERR: malformed input file.
  case dataError = 65
  /// EX_NOINPUT: an input file is missing or unreadable.
  case noInput = 66
  /// EX_CANTCREAT: an output cannot be written.
  case cannotCreate = 73
}

/// An error that knows which exit status it deserves.
public protocol GossipError: Error, CustomStringConvertible {
  var exitStatus: ExitStatus { get }
}

/// A malformed input file: `FILE:LINE: error: message` (exit 65).
public struct InputFileError: GossipError, Equatable {
  public var file: String
  /// 1-based line, when the reader knows it.
  public var line: Int?
  public var message: String

  public init(file: String, line: Int? = nil, _ message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var exitStatus: ExitStatus { .dataError }
  public var description: String {
    "\(file)\(line.map { ":\($0)" } ?? ""): error: \(message)"
  }
}

/// An input file that does not exist or cannot be read (exit 66).
public struct MissingInputError: GossipError, Equatable {
  public var file: String
  public var reason: String
  public init(file: String, reason: String = "no such file") {
    self.file = file
    self.reason = reason
  }
  public var exitStatus: ExitStatus { .noInput }
  public var description: String { "\(file): error: \(reason)" }
}

/// An output that cannot be written (exit 73).
public struct OutputError: GossipError, Equatable {
  public var file: String
  public var reason: String
  public init(file: String, reason: String) {
    self.file = file
    self.reason = reason
  }
  public var exitStatus: ExitStatus { .cannotCreate }
  public var description: String { "\(file): error: \(reason)" }
}

/// A parameter that cannot be used, from the command line or an API call (exit 64).
///
/// The message says what is wrong and what to choose instead, e.g.
/// `random regular graph: n·k must be even (n = 5, k = 3); choose an even n or k`.
public struct ParameterError: GossipError, Equatable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var exitStatus: ExitStatus { .usage }
  public var description: String { "error: \(message)" }
}

/// A warning about input that was accepted after a repair (a dropped self loop, a collapsed
/// repeated edge): `FILE:LINE: warning: message`.
public struct Warning: Hashable, Sendable, CustomStringConvertible {
  public var file: String?
  public var line: Int?
  public var message: String

  public init(file: String? = nil, line: Int? = nil, _ message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String {
    let location = file.map { "\($0)\(line.map { ":\($0)" } ?? ""): " } ?? ""
    return "\(location)warning: \(message)"
  }
}
