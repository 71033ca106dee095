import ArgumentParser
import Foundation
import GossipCore

/// A subcommand whose errors become one readable line on stderr and a sysexits exit code.
///
/// Commands implement `execute()`; `run()` maps every ``GossipError`` (a malformed file, a
/// missing input, a bad parameter, an unwritable output) to its `ExitStatus`, so no command
/// repeats that mapping and no error escapes as a stack trace.
protocol GossipCommand: ParsableCommand {
  func execute() throws
}

extension GossipCommand {
  mutating func run() throws {
    do {
      try execute()
    } catch let error as ExitCode {
      throw error
    } catch let error as ValidationError {
      throw error
    } catch let error as CleanExit {
      throw error
    } catch {
      throw ExitCode(Terminal.report(error))
    }
  }
}

/// Where the tool's messages go: results on stdout, warnings and errors on stderr.
enum Terminal {
  /// `FILE:LINE: error: …` as it is (editors jump to it); any other message as `gossip: error: …`.
  static func error(_ message: String) {
    if message.contains(": error: ") {
      standardError(message)
    } else {
      standardError("gossip: " + (message.hasPrefix("error: ") ? message : "error: \(message)"))
    }
  }

  /// Prints `error` as one line and returns its exit status: a ``GossipError``'s own, or 1 for
  /// a failure inside a computation (a LAPACK or ARPACK error, say).
  static func report(_ error: any Error) -> Int32 {
    if let error = error as? any GossipError {
      Terminal.error(error.description)
      return error.exitStatus.rawValue
    }
    Terminal.error("\(error)")
    return ExitStatus.failure.rawValue
  }

  static func warn(_ warning: Warning) {
    standardError(warning.file == nil ? "gossip: \(warning)" : "\(warning)")
  }

  static func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  /// Whether stderr is a terminal (progress is shown only there).
  static var standardErrorIsTerminal: Bool { isatty(2) != 0 }
}
