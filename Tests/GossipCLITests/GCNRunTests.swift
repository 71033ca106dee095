import Foundation
import Testing

/// The repository's Cora folder.
private let cora = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("datasets/cora").path

private func gcnExperiment(agents: Int, nodes: Int, epochs: Int, extra: String = "") -> String {
  """
  name: gcn-small
  seed: 3
  topology: { generate: ring, nodes: \(nodes) }
  problem: { kind: gcn, dataset: \(cora), agents: \(agents), partition: random\(extra) }
  algorithms:
    - { name: dgd }
    - { name: gradient-tracking }
  stop: { iterations: \(epochs) }
  record: { every: 1 }
  """
}

private func runExperiment(_ text: String) throws -> (CLIResult, URL) {
  let dir = try CLI.temporaryDirectory()
  try text.write(to: dir.appendingPathComponent("exp.yaml"), atomically: true, encoding: .utf8)
  let result = try CLI.run(["run", "exp.yaml", "--out", "out", "--quiet"], in: dir)
  return (result, dir.appendingPathComponent("out"))
}

@Suite struct GCNRunTests {
  @Test func ringOfFourWritesMetricsAndTraffic() throws {
    let (result, run) = try runExperiment(gcnExperiment(agents: 4, nodes: 4, epochs: 3))
    #expect(result.status == 0, "\(result.stderr)")
    let lines = try String(contentsOf: run.appendingPathComponent("metrics.csv"), encoding: .utf8)
      .split(separator: "\n")
    #expect(lines.first?.hasSuffix("consensus_error,train_accuracy,test_accuracy") == true)
    #expect(lines.count == 1 + 2 * 3)
    // partition.txt names every paper once (2708 papers, a comment line first).
    let partition = try String(contentsOf: run.appendingPathComponent("partition.txt"), encoding: .utf8)
      .split(separator: "\n").dropFirst()
    #expect(partition.count == 2708 && partition.first?.hasPrefix("31336 ") == true)
    let summary = try CLI.json(String(contentsOf: run.appendingPathComponent("summary.json"), encoding: .utf8))
    let algorithms = try #require(summary["algorithms"] as? [[String: Any]])
    #expect(algorithms.count == 2)
    // P = 1433·16 + 16·7 = 23040 parameters; a ring of 4 has 8 directed links; 3 epochs.
    for (entry, doubles) in zip(algorithms, [23040, 2 * 23040]) {
      let final = try #require(entry["final"] as? [String: Any])
      let test = try #require(final["testAccuracy"] as? Double)
      #expect(test >= 0 && test <= 1)
      let traffic = try #require(entry["traffic"] as? [String: [String: Int]])
      let consensus = try #require(traffic["consensus"])
      #expect(consensus["rounds"] == 3 && consensus["messages"] == 24)
      #expect(consensus["bytes"] == 24 * 8 * doubles)
      // K = 1, two layers: 2 inference and 2 backprop rounds per epoch.
      #expect(traffic["inference"]?["rounds"] == 6 && traffic["backprop"]?["rounds"] == 6)
    }
  }

  @Test func centralizedTrainingIsTheSameForBothMethods() throws {
    // With one agent, C = [1]: dgd and gradient tracking both apply Adam to ∇J (tracking forms
    // it as y + g − g_prev, so the two agree up to rounding).
    let (result, run) = try runExperiment(gcnExperiment(agents: 1, nodes: 3, epochs: 4))
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try CLI.json(String(contentsOf: run.appendingPathComponent("summary.json"), encoding: .utf8))
    let algorithms = try #require(summary["algorithms"] as? [[String: Any]])
    let losses = algorithms.compactMap { ($0["final"] as? [String: Any])?["objective"] as? Double }
    #expect(losses.count == 2 && abs(losses[0] - losses[1]) < 1e-12)
    #expect(algorithms.allSatisfy { ($0["bytes"] as? Int) == 0 })
  }

  @Test func matchedLinksCompleteTheRing() throws {
    // A random split of Cora's 2708 nodes over 4 agents joins every pair of agents by data
    // edges, so adding the required links turns the 4-ring into K4 (6 edges).
    let (result, run) = try runExperiment(
      gcnExperiment(agents: 4, nodes: 4, epochs: 1, extra: ", match-links: true"))
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try CLI.json(String(contentsOf: run.appendingPathComponent("summary.json"), encoding: .utf8))
    let network = try #require(summary["network"] as? [String: Any])
    #expect(network["edges"] as? Int == 6 && network["missingLinks"] as? Int == 0)
  }

  @Test func agentsMustMatchTheTopology() throws {
    let (result, _) = try runExperiment(gcnExperiment(agents: 5, nodes: 4, epochs: 1))
    #expect(result.status == 65)
    #expect(result.stderr.contains("exp.yaml:4: error: problem.agents: agents is 5 but the topology has 4 nodes"))
  }

  /// Ctrl-C during GCN training: exit 130, the epochs trained so far kept, both algorithms
  /// marked interrupted (the second with no epoch).
  @Test func interruptionKeepsTheEpochsTrained() throws {
    let dir = try CLI.temporaryDirectory()
    try gcnExperiment(agents: 4, nodes: 4, epochs: 100_000_000)
      .write(to: dir.appendingPathComponent("exp.yaml"), atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = CLI.executable
    process.arguments = ["run", "exp.yaml", "--out", "out", "--quiet"]
    process.currentDirectoryURL = dir
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let config = dir.appendingPathComponent("out/config.yaml").path
    var waited = 0
    while !FileManager.default.fileExists(atPath: config) && waited < 400 {
      usleep(50_000)
      waited += 1
    }
    usleep(500_000)
    process.interrupt()
    waited = 0
    while process.isRunning && waited < 600 {
      usleep(50_000)
      waited += 1
    }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    let summary = try CLI.json(
      String(contentsOf: dir.appendingPathComponent("out/summary.json"), encoding: .utf8))
    let algorithms = try #require(summary["algorithms"] as? [[String: Any]])
    #expect(algorithms.map { $0["status"] as? String } == ["interrupted", "interrupted"])
    #expect((algorithms[0]["iterations"] as? Int ?? 0) > 0)
    #expect(algorithms[1]["iterations"] as? Int == 0)
  }
}
