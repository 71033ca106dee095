import Foundation

/// A map from numbers to viridis colours, linear or logarithmic, with the labels of its bar.
public struct ColorScale: Sendable, Equatable {
  public var lower: Double
  public var upper: Double
  /// Colours by `log10(value)`; values at or below zero take the lowest colour.
  public var isLogarithmic: Bool

  public init(lower: Double, upper: Double, isLogarithmic: Bool) {
    precondition(lower <= upper, "a colour scale needs lower <= upper")
    precondition(!isLogarithmic || lower > 0, "a logarithmic colour scale needs positive bounds")
    self.lower = lower
    self.upper = upper
    self.isLogarithmic = isLogarithmic
  }

  /// The scale spanning the finite values: logarithmic over the positive ones when none is
  /// negative and the positive ones span more than two decades (distances to the average do;
  /// zeros then take the lowest colour), linear otherwise. `nil` without values.
  public static func fitting(_ values: some Sequence<Double>) -> ColorScale? {
    var lower = Double.infinity
    var upper = -Double.infinity
    var lowestPositive = Double.infinity
    for value in values where value.isFinite {
      lower = min(lower, value)
      upper = max(upper, value)
      if value > 0 { lowestPositive = min(lowestPositive, value) }
    }
    guard lower <= upper else { return nil }
    if lower >= 0 && lowestPositive.isFinite && upper / lowestPositive > 100 {
      return ColorScale(lower: lowestPositive, upper: upper, isLogarithmic: true)
    }
    return ColorScale(lower: lower, upper: upper, isLogarithmic: false)
  }

  /// Where `value` falls, in `[0, 1]` (0.5 when the scale is a single point).
  public func position(of value: Double) -> Double {
    let (a, b, x) = isLogarithmic
      ? (log10(lower), log10(upper), value > 0 ? log10(value) : -Double.infinity)
      : (lower, upper, value)
    guard b > a else { return 0.5 }
    return min(max((x - a) / (b - a), 0), 1)
  }

  /// The colour of `value` as `#rrggbb`.
  public func color(of value: Double) -> String { Palette.viridis(position(of: value)) }

  /// The values at the `count` evenly spaced swatches of a colour bar, low to high.
  func swatchValues(count: Int) -> [Double] {
    (0..<count).map { k in
      let t = count == 1 ? 0.5 : Double(k) / Double(count - 1)
      return isLogarithmic
        ? pow(10, log10(lower) + t * (log10(upper) - log10(lower)))
        : lower + t * (upper - lower)
    }
  }
}

/// Short labels for numbers on legends and axes: `0.25`, `1200`, `3.1e-5`, `2.5M`.
enum NumberLabel {
  /// `compact`, but with k, M, G, T suffixes from 10,000 on (byte counts on an axis).
  static func metric(_ value: Double) -> String {
    let magnitude = abs(value)
    guard magnitude >= 1e4 else { return compact(value) }
    let (scale, suffix) = magnitude >= 1e12 ? (1e12, "T") : magnitude >= 1e9 ? (1e9, "G")
      : magnitude >= 1e6 ? (1e6, "M") : (1e3, "k")
    return compact(value / scale) + suffix
  }

  static func compact(_ value: Double) -> String {
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e-3 && magnitude < 1e5 {
      var text = String(format: "%.3g", value)
      if text.contains("e") { text = String(format: "%.0f", value) }
      return text
    }
    return String(format: "%.2g", value).replacingOccurrences(of: "e+0", with: "e")
      .replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+", with: "e")
  }
}
