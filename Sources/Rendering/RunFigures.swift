import Foundation
import GossipCore
import Topology

/// The figures of a run folder: `convergence.svg` from `metrics.csv` and `topology.svg` from
/// `network.dot`, written by `gossip run` when it finishes.
public enum RunFigures {
  /// Writes `convergence.svg` (suboptimality against iterations, or the consensus error when
  /// the run has no suboptimality) and `topology.svg` (the network coloured by degree) into
  /// `runDirectory`; returns the warnings to print.
  /// - Throws: what reading the two files, drawing and writing throw (``MissingInputError``,
  ///   ``InputFileError``, ``OutputError``, `GraphvizError`).
  public static func write(runDirectory: URL) throws -> [Warning] {
    let metrics = try MetricsTable.read(path: runDirectory.appendingPathComponent("metrics.csv").path)
    let runs = [(name: runDirectory.lastPathComponent, metrics: metrics)]
    let plot = try (try? ConvergencePlot.make(runs: runs, x: .iterations, y: .suboptimality))
      ?? ConvergencePlot.make(runs: runs, x: .iterations, y: .consensus)
    try AtomicFile.write(plot.svg(), to: runDirectory.appendingPathComponent("convergence.svg").path)

    let (graph, warnings) = try TopologyFile.read(
      path: runDirectory.appendingPathComponent("network.dot").path)
    let drawing = try TopologyDrawing.make(
      graph: graph, coloring: .degree, title: graph.label ?? runDirectory.lastPathComponent)
    return warnings + (try TopologyRenderer.write(
      drawing, layout: .auto, to: runDirectory.appendingPathComponent("topology.svg").path))
  }
}
