import ArgumentParser
import Experiments
import Foundation
import GossipCore

extension RunCommand {
  /// `gossip run` of a `problem: {kind: gcn}` experiment (docs/gcn.md).
  func executeGCN(_ config: ExperimentConfig) throws {
    let prepared = try GCNExperiment.prepare(config)
    if let warning = prepared.missingLinksWarning { Terminal.warn(warning) }
    let folder = try RunFolder.create(at: out ?? "runs/\(config.name)", force: force)
    Self.catchInterrupts()
    defer { signal(SIGINT, SIG_DFL) }
    let results = try prepared.run(into: folder, isCancelled: { Self.isInterrupted })
    // Centralized training has no network and no consensus error to draw.
    if prepared.settings.agents > 1 {
      Self.drawFigures(in: folder.path, nodeCount: prepared.settings.agents)
    }
    if !quiet {
      print(GCNExperiment.table(results))
      print("run folder: \(folder.path)")
    }
    if results.contains(where: \.interrupted) {
      Terminal.standardError("gossip: interrupted; what was recorded is in \(folder.path)")
      throw ExitCode(130)
    }
  }
}
