import Foundation

/// The caches of the machine, as Linux describes them in sysfs.
enum CacheSize {
  /// Bytes of the last-level cache of the first core (the largest level listed under
  /// `/sys/devices/system/cpu/cpu0/cache`), or 32 MiB when sysfs does not say. Read once.
  ///
  /// sysfs rather than `sysconf(_SC_LEVEL3_CACHE_SIZE)`: under a hypervisor glibc's answer can
  /// be far from the cache the guest has (256 MiB reported against 32 MiB on one machine here).
  static let lastLevel: Int = {
    var best: (level: Int, bytes: Int)?
    for index in 0..<8 {
      let folder = "/sys/devices/system/cpu/cpu0/cache/index\(index)/"
      guard let level = read(folder + "level").flatMap({ Int($0) }),
        let bytes = read(folder + "size").flatMap(bytes(of:))
      else { continue }
      if best == nil || level > best!.level { best = (level, bytes) }
    }
    return best?.bytes ?? 32 << 20
  }()

  private static func read(_ path: String) -> String? {
    (try? String(contentsOfFile: path, encoding: .utf8))?
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// "32768K", "2M" or "512" (bytes).
  static func bytes(of size: String) -> Int? {
    let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
    guard let last = size.last else { return nil }
    if let unit = units[last] { return Int(size.dropLast()).map { $0 * unit } }
    return Int(size)
  }
}
