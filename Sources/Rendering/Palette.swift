/// Colours that carry information: a perceptually uniform sequential scale and a categorical set.
public enum Palette {
  /// Matplotlib's viridis sampled at `k/9`, `k = 0…9` (van der Walt & Smith, 2015): uniform in
  /// lightness, readable in grey and by colour-blind readers.
  static let viridisStops: [(r: Double, g: Double, b: Double)] = [
    (0x44, 0x01, 0x54), (0x48, 0x28, 0x78), (0x3e, 0x49, 0x89), (0x31, 0x68, 0x8e),
    (0x26, 0x82, 0x8e), (0x1f, 0x9e, 0x89), (0x35, 0xb7, 0x79), (0x6e, 0xce, 0x58),
    (0xb5, 0xde, 0x2b), (0xfd, 0xe7, 0x25),
  ]

  /// Tableau 10: ten colours that stay distinct side by side (categories, plot series).
  public static let categorical: [String] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
  ]

  /// The viridis colour at `t ∈ [0, 1]` (clamped; NaN gives the low end) as `#rrggbb`,
  /// interpolated linearly between the stops.
  public static func viridis(_ t: Double) -> String {
    let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
    let scaled = clamped * Double(viridisStops.count - 1)
    let low = min(Int(scaled), viridisStops.count - 2)
    let f = scaled - Double(low)
    let a = viridisStops[low]
    let b = viridisStops[low + 1]
    return hex(a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b))
  }

  static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
    let digits = Array("0123456789abcdef")
    var text = "#"
    for channel in [r, g, b] {
      let value = Int(channel.rounded())
      text.append(digits[value / 16])
      text.append(digits[value % 16])
    }
    return text
  }
}

extension Palette {
  /// Whether white text reads better than black on `#rrggbb` (relative luminance below 0.4).
  static func isDark(_ color: String) -> Bool {
    let digits = Array(color.dropFirst())
    guard digits.count == 6 else { return false }
    let channels = stride(from: 0, to: 6, by: 2).map {
      Double(Int(String(digits[$0...$0 + 1]), radix: 16) ?? 0) / 255
    }
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2] < 0.4
  }
}
