import CGraphviz
import Synchronization

/// The one door to Graphviz (libcgraph, libgvc).
///
/// Graphviz keeps global state and is not thread-safe: concurrent parses or layouts crash inside
/// libcgraph. Every call into the C library in this module runs inside ``withLock(_:)``.
public enum Graphviz {
  static let lock = Mutex(())

  /// Runs `body` while holding the process-wide Graphviz lock.
  public static func withLock<T>(_ body: () throws -> T) rethrows -> T {
    try lock.withLock { _ in try body() }
  }

  /// The version of the Graphviz library this binary runs with, e.g. `"2.42.2"`.
  public static var version: String {
    withLock {
      guard let context = gvContext() else { return "unknown" }
      defer { gvFreeContext(context) }
      return gvcVersion(context).map { String(cString: $0) } ?? "unknown"
    }
  }
}
