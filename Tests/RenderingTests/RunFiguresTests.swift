import Foundation
import GossipCore
import Testing

@testable import Rendering

@Suite struct RunFiguresTests {
  /// A run folder as `gossip run` writes it gets both figures; the convergence plot falls back
  /// to the consensus error when the run recorded no suboptimality.
  @Test func writesConvergenceAndTopology() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("gossip-figures-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try "graph { a -- b; b -- c; c -- a; c -- d }\n".write(
      to: folder.appendingPathComponent("network.dot"), atomically: true, encoding: .utf8)
    try """
      algorithm,iteration,suboptimality,consensus_error
      dgd,0,,1
      dgd,10,,0.01
      gt,0,,1
      gt,10,,0.0001

      """.write(to: folder.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)
    let warnings = try RunFigures.write(runDirectory: folder, nodeCount: 4)
    #expect(warnings.isEmpty)
    let plot = try #require(SVGInspector.parse(
      try Data(contentsOf: folder.appendingPathComponent("convergence.svg"))))
    #expect(plot.paths.filter { $0["class"] == "series" }.count == 2)
    #expect(plot.texts.contains("consensus error"))
    let topology = try #require(SVGInspector.parse(
      try Data(contentsOf: folder.appendingPathComponent("topology.svg"))))
    #expect(topology.nodeGroups == 4)
  }

  /// Past the node limit only the convergence plot is drawn, and a warning says why.
  @Test func skipsTopologyOfLargeNetworks() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("gossip-figures-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try "graph { a -- b; b -- c; c -- a; c -- d }\n".write(
      to: folder.appendingPathComponent("network.dot"), atomically: true, encoding: .utf8)
    try "algorithm,iteration,suboptimality,consensus_error\ndgd,0,1,1\ndgd,10,0.1,0.01\n".write(
      to: folder.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)
    let warnings = try RunFigures.write(runDirectory: folder, nodeCount: 4, topologyNodeLimit: 3)
    #expect(warnings.map(\.message) == [
      "topology.svg not drawn: the network has 4 nodes, more than 3; gossip render draws the run "
        + "folder's network.dot, slowly"
    ])
    #expect(FileManager.default.fileExists(
      atPath: folder.appendingPathComponent("convergence.svg").path))
    #expect(!FileManager.default.fileExists(
      atPath: folder.appendingPathComponent("topology.svg").path))
  }
}
