import Foundation

/// Writes files so that nothing is lost: to a temporary name beside the target, then renamed.
///
/// A reader never sees a half-written file, and an interrupted write leaves the old file intact.
public enum AtomicFile {
  /// Writes `data` to `path` atomically; throws ``OutputError`` (exit 73) when it cannot.
  public static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw OutputError(file: path, reason: "the folder \(directory.path) does not exist")
    }
    let temporary = directory.appendingPathComponent(
      ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
    do {
      try data.write(to: temporary)
    } catch {
      throw OutputError(file: path, reason: "cannot write: \(error.localizedDescription)")
    }
    if rename(temporary.path, url.path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw OutputError(file: path, reason: "cannot rename the temporary file into place: \(reason)")
    }
  }

  /// Writes `text` as UTF-8 to `path` atomically.
  public static func write(_ text: String, to path: String) throws {
    try write(Data(text.utf8), to: path)
  }
}
