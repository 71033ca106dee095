import ArgumentParser
import Foundation
import GossipCore
import Rendering

extension PlotX: ExpressibleByArgument {}
extension PlotY: ExpressibleByArgument {}

struct PlotCommand: GossipCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot",
    abstract: "Plot convergence curves of one or more runs as an SVG figure.",
    discussion: """
      Reads RUN_DIR/metrics.csv of every run folder and draws one curve per run and
      algorithm: suboptimality and consensus error on a log scale, accuracy on a linear one,
      against iterations, simulated time, communication rounds or bytes sent.

        gossip plot runs/mspd-vs-dgd -o fig.svg
        gossip plot runs/ring runs/torus --x rounds --y consensus -o consensus.svg
      """)

  @Argument(help: "Run folders, each holding a metrics.csv.")
  var runs: [String]

  @Option(name: [.short, .customLong("output")], help: "The SVG file to write.")
  var output: String

  @Option(help: "Horizontal axis: iterations, time, rounds or bytes.")
  var x: PlotX = .iterations

  @Option(help: "Vertical axis: suboptimality, consensus or accuracy.")
  var y: PlotY = .suboptimality

  func validate() throws {
    if runs.isEmpty { throw ValidationError("give at least one run folder") }
    if URL(fileURLWithPath: output).pathExtension.lowercased() != "svg" {
      throw ValidationError("plots are SVG: end the output name with .svg")
    }
  }

  func execute() throws {
    let tables = try runs.map { folder in
      let url = URL(fileURLWithPath: folder)
      return (name: url.lastPathComponent,
              metrics: try MetricsTable.read(path: url.appendingPathComponent("metrics.csv").path))
    }
    let plot = try ConvergencePlot.make(runs: tables, x: x, y: y)
    for series in plot.series where series.points.isEmpty {
      Terminal.warn(Warning("\(series.label) has no \(y.rawValue) values against \(x.rawValue)"))
    }
    try AtomicFile.write(plot.svg(), to: output)
  }
}
