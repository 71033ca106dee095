import Foundation

/// Shared helpers for the test targets.
public enum TestSupport {
  /// The repository's root folder (three levels above this file).
  public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Whether `a` and `b` agree to `tolerance`, relative to the larger magnitude when above 1.
  public static func close(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
  }
}
