import Foundation
import GossipCore

/// Tick positions for chart axes.
public enum AxisTicks {
  /// The decades `k` whose powers `10^k` bracket `[lower, upper]` (both positive): from
  /// `⌊log₁₀ lower⌋` to `⌈log₁₀ upper⌉`, so the axis starts and ends on a decade. A range inside
  /// one decade still gets two.
  public static func decades(lower: Double, upper: Double) -> ClosedRange<Int> {
    precondition(lower > 0 && upper >= lower, "decades need 0 < lower <= upper")
    // Round away tiny floating-point excess so that exactly 1e-3 gives -3, not -4.
    let low = Int(floor(log10(lower) + 1e-9))
    let high = max(Int(ceil(log10(upper) - 1e-9)), low + 1)
    return low...high
  }

  /// About `target` evenly spaced "nice" ticks (steps 1, 2, 2.5 or 5 × 10^k) covering
  /// `[lower, upper]`: the first at or below `lower`, the last at or above `upper`.
  public static func linear(lower: Double, upper: Double, target: Int = 5) -> [Double] {
    precondition(lower <= upper, "ticks need lower <= upper")
    guard upper > lower else { return [lower] }
    let rough = (upper - lower) / Double(max(target, 1))
    let magnitude = pow(10, floor(log10(rough)))
    let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough * 0.999 }!
    let first = floor(lower / step + 1e-9)
    let last = ceil(upper / step - 1e-9)
    return stride(from: first, through: last, by: 1).map { $0 * step }
  }
}

/// Convergence curves of one or more runs as a standalone SVG chart (pure Swift, no Graphviz).
///
/// Log-scale y (suboptimality, consensus error) with a tick and a `10^k` label per decade (every
/// second or third decade past 8), minor ticks at 2…9 × 10^k; linear y for accuracy; a linear x
/// with nice ticks; one `<path class="series">` per (run, algorithm), distinct in colour and
/// dash; the legend to the right of the plot. Values that cannot be drawn (missing, or not
/// positive on a log axis) break the curve.
public struct ConvergencePlot: Sendable {
  public struct Series: Sendable, Equatable {
    public var label: String
    public var points: [Point]
    /// Index into the colours (one per algorithm) and the dash patterns (one per run).
    public var color: Int
    public var dash: Int
    public init(label: String, points: [Point], color: Int, dash: Int) {
      self.label = label
      self.points = points
      self.color = color
      self.dash = dash
    }
  }

  public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
      self.x = x
      self.y = y
    }
  }

  public var series: [Series]
  public var x: PlotX
  public var y: PlotY

  public init(series: [Series], x: PlotX, y: PlotY) {
    self.series = series
    self.x = x
    self.y = y
  }

  /// The plot of `runs` (each a name, usually the run folder's, and its metrics): one series per
  /// run and algorithm, labelled by the algorithm, prefixed by the run's name when there are
  /// several runs. An algorithm keeps its colour across runs; runs differ by dash pattern (with
  /// one run, algorithms differ by both, so the figure survives grey-scale printing). Rows without an `x` or `y` value are left out; for accuracy the test column
  /// is used when any row has it.
  /// - Throws: ``ParameterError`` when no run has a value to draw for `y` against `x`.
  public static func make(runs: [(name: String, metrics: MetricsTable)], x: PlotX, y: PlotY)
    throws -> ConvergencePlot
  {
    var series: [Series] = []
    var algorithmIndex: [String: Int] = [:]
    for (runIndex, run) in runs.enumerated() {
      let column = y.columns.first { name in run.metrics.rows.contains { $0.values[name] != nil } }
      for algorithm in run.metrics.algorithms {
        let points = run.metrics.rows.lazy.filter { $0.algorithm == algorithm }.compactMap {
          row -> Point? in
          guard let column, let px = row.values[x.column], let py = row.values[column],
            px.isFinite, py.isFinite
          else { return nil }
          return Point(x: px, y: py)
        }
        let label = runs.count > 1 ? "\(run.name): \(algorithm)" : algorithm
        let color = algorithmIndex[algorithm] ?? algorithmIndex.count
        algorithmIndex[algorithm] = color
        series.append(Series(label: label, points: Array(points), color: color,
                             dash: runs.count > 1 ? runIndex : color))
      }
    }
    let plot = ConvergencePlot(series: series, x: x, y: y)
    guard plot.drawable.contains(where: { !$0.isEmpty }) else {
      throw ParameterError(
        "the metrics have no \(y.title) values against \(x.title) to plot; choose another --y "
          + "(\(PlotY.allCases.map(\.rawValue).joined(separator: ", "))) or --x")
    }
    return plot
  }

  /// Each series' points that the axes can show (`y > 0` on a log axis).
  var drawable: [[Point]] {
    series.map { $0.points.filter { !y.isLogarithmic || $0.y > 0 } }
  }

  // Geometry, in SVG user units (1/96 inch).
  static let plotWidth = 480.0
  static let plotHeight = 320.0
  static let left = 78.0
  static let top = 20.0
  static let bottom = 52.0
  static let dashes = ["", "7,3", "2,3", "9,3,2,3"]

  /// The chart as a standalone SVG document.
  public func svg() -> String {
    let points = drawable
    let all = points.joined()
    let xValues = all.map(\.x)
    let xTicks = AxisTicks.linear(lower: min(xValues.min() ?? 0, 0), upper: xValues.max() ?? 1)
    let xRange = (xTicks.first!, max(xTicks.last!, xTicks.first! + 1))
    let yAxis = verticalAxis(all.map(\.y))
    let (w, h, left, top) = (Self.plotWidth, Self.plotHeight, Self.left, Self.top)
    let legendWidth = 40 + 6.6 * Double(series.map(\.label.count).max() ?? 0)
    let width = left + w + 16 + legendWidth
    let height = top + h + Self.bottom
    func px(_ value: Double) -> Double { left + (value - xRange.0) / (xRange.1 - xRange.0) * w }
    func py(_ value: Double) -> Double { top + h - yAxis.position(value) * h }

    var out: [String] = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
        + "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\" "
        + "font-size=\"12\">",
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
      "<defs><clipPath id=\"plot-area\"><rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(w))\" "
        + "height=\"\(f(h))\"/></clipPath></defs>",
    ]
    // Grid and ticks.
    out.append("<g class=\"grid\" stroke=\"#e4e4e4\" stroke-width=\"1\">")
    for tick in xTicks { out.append(line(px(tick), top, px(tick), top + h)) }
    for tick in yAxis.major { out.append(line(left, py(tick.value), left + w, py(tick.value))) }
    out.append("</g>")
    out.append("<g class=\"ticks\" stroke=\"#333\" stroke-width=\"1\">")
    for tick in xTicks { out.append(line(px(tick), top + h, px(tick), top + h + 5)) }
    for tick in yAxis.major { out.append(line(left - 5, py(tick.value), left, py(tick.value))) }
    for value in yAxis.minor { out.append(line(left - 3, py(value), left, py(value))) }
    out.append("</g>")
    out.append("<g class=\"tick-labels\" fill=\"#222\">")
    for tick in xTicks {
      out.append("<text x=\"\(f(px(tick)))\" y=\"\(f(top + h + 18))\" text-anchor=\"middle\">"
        + "\(xml(NumberLabel.metric(tick)))</text>")
    }
    for tick in yAxis.major {
      out.append("<text x=\"\(f(left - 8))\" y=\"\(f(py(tick.value) + 4))\" text-anchor=\"end\">"
        + "\(tick.label)</text>")
    }
    out.append("</g>")
    out.append("<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(w))\" height=\"\(f(h))\" "
      + "fill=\"none\" stroke=\"#333\" stroke-width=\"1\"/>")
    out.append("<text x=\"\(f(left + w / 2))\" y=\"\(f(top + h + 42))\" text-anchor=\"middle\" "
      + "font-size=\"13\">\(xml(x.title))</text>")
    out.append("<text transform=\"translate(18 \(f(top + h / 2))) rotate(-90)\" "
      + "text-anchor=\"middle\" font-size=\"13\">\(xml(y.title))</text>")
    // Curves.
    out.append("<g clip-path=\"url(#plot-area)\" fill=\"none\" stroke-width=\"1.8\" "
      + "stroke-linejoin=\"round\">")
    for item in series {
      var d = ""
      var previous: Point? = nil
      for point in item.points {
        let usable = !y.isLogarithmic || point.y > 0
        if usable {
          d += (previous == nil ? "M" : "L") + "\(f(px(point.x))),\(f(py(point.y))) "
        }
        previous = usable ? point : nil
      }
      out.append("<path class=\"series\" data-label=\"\(xml(item.label))\" stroke=\"\(color(item.color))\""
        + dashAttribute(item.dash) + " d=\"\(d.trimmingCharacters(in: .whitespaces))\"/>")
    }
    out.append("</g>")
    // Legend.
    out.append("<g class=\"legend\">")
    for (k, item) in series.enumerated() {
      let ly = top + 10 + Double(k) * 20
      let lx = left + w + 16
      out.append("<line x1=\"\(f(lx))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 26))\" y2=\"\(f(ly))\" "
        + "stroke=\"\(color(item.color))\" stroke-width=\"1.8\"\(dashAttribute(item.dash))/>")
      out.append("<text x=\"\(f(lx + 32))\" y=\"\(f(ly + 4))\">\(xml(item.label))</text>")
    }
    out.append("</g>")
    out.append("</svg>")
    return out.joined(separator: "\n") + "\n"
  }

  /// The y axis: where a value falls in `[0, 1]`, the labelled ticks and unlabelled minor ticks.
  struct VerticalAxis {
    var position: (Double) -> Double
    var major: [(value: Double, label: String)]
    var minor: [Double]
  }

  func verticalAxis(_ values: [Double]) -> VerticalAxis {
    let lower = values.min() ?? (y.isLogarithmic ? 1e-6 : 0)
    let upper = values.max() ?? 1
    if y.isLogarithmic {
      let decades = AxisTicks.decades(lower: lower, upper: upper)
      let (a, b) = (Double(decades.lowerBound), Double(decades.upperBound))
      let every = decades.count > 16 ? 3 : (decades.count > 8 ? 2 : 1)
      let major = decades.filter { ($0 - decades.lowerBound) % every == 0 }.map {
        (pow(10, Double($0)), "10<tspan dy=\"-6\" font-size=\"9\">\($0)</tspan>")
      }
      // Minor ticks: 2…9 × 10^k on short axes, the unlabelled decades on long ones.
      let minor = every > 1
        ? decades.filter { ($0 - decades.lowerBound) % every != 0 }.map { pow(10, Double($0)) }
        : decades.dropLast().flatMap { k in (2...9).map { Double($0) * pow(10, Double(k)) } }
      return VerticalAxis(position: { (log10($0) - a) / (b - a) }, major: major, minor: minor)
    }
    let ticks = AxisTicks.linear(lower: min(lower, 0), upper: max(upper, lower + 1e-12))
    let (a, b) = (ticks.first!, max(ticks.last!, ticks.first! + 1e-12))
    return VerticalAxis(
      position: { ($0 - a) / (b - a) }, major: ticks.map { ($0, xml(NumberLabel.compact($0))) },
      minor: [])
  }

  private func color(_ k: Int) -> String { Palette.categorical[k % Palette.categorical.count] }
  private func dashAttribute(_ k: Int) -> String {
    let dash = Self.dashes[k % Self.dashes.count]
    return dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
  }
  private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> String {
    "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\"/>"
  }
  private func f(_ value: Double) -> String { DOT.number(value) }
  private func xml(_ text: String) -> String { DOT.html(text) }
}
