import Foundation
import GossipCore
import Topology

/// The figures of a run folder: `convergence.svg` from `metrics.csv` and `topology.svg` from
/// `network.dot`, written by `gossip run` when it finishes.
public enum RunFigures {
  /// The largest network `topology.svg` is drawn for: the sfdp layout of 10,000 nodes takes a few
  /// seconds, of 10⁵ more than a minute, and the SVG of 10⁶ nodes would be gigabytes.
  public static let topologyNodeLimit = 10_000

  /// Writes `convergence.svg` (suboptimality against iterations, or the consensus error when
  /// the run has no suboptimality) and `topology.svg` (the network coloured by degree) into
  /// `runDirectory`; returns the warnings to print. A network of more than `topologyNodeLimit`
  /// nodes (`nodeCount`) gets no `topology.svg`, and a warning that says so.
  /// - Throws: what reading the two files, drawing and writing throw (``MissingInputError``,
  ///   ``InputFileError``, ``OutputError``, `GraphvizError`).
  public static func write(
    runDirectory: URL, nodeCount: Int, topologyNodeLimit: Int = topologyNodeLimit
  ) throws -> [Warning] {
    let metrics = try MetricsTable.read(path: runDirectory.appendingPathComponent("metrics.csv").path)
    let runs = [(name: runDirectory.lastPathComponent, metrics: metrics)]
    let plot = try (try? ConvergencePlot.make(runs: runs, x: .iterations, y: .suboptimality))
      ?? ConvergencePlot.make(runs: runs, x: .iterations, y: .consensus)
    try AtomicFile.write(plot.svg(), to: runDirectory.appendingPathComponent("convergence.svg").path)

    guard nodeCount <= topologyNodeLimit else {
      return [
        Warning(
          "topology.svg not drawn: the network has \(nodeCount) nodes, more than "
            + "\(topologyNodeLimit); gossip render draws the run folder's network.dot, slowly")
      ]
    }
    let (graph, warnings) = try TopologyFile.read(
      path: runDirectory.appendingPathComponent("network.dot").path)
    let drawing = try TopologyDrawing.make(
      graph: graph, coloring: .degree, title: graph.label ?? runDirectory.lastPathComponent)
    return warnings + (try TopologyRenderer.write(
      drawing, layout: .auto, to: runDirectory.appendingPathComponent("topology.svg").path))
  }
}
