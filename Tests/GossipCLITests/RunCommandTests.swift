import Foundation
import GossipTestSupport
import Testing

/// A small experiment: 6 agents on a random 3-regular graph, synthetic logistic regression.
private func smallExperiment(_ extra: String = "") -> String {
  """
  name: small
  seed: 4
  topology: { generate: random-regular, nodes: 6, degree: 3 }
  problem: { kind: logistic, synthetic: { samples: 60, features: 4 }, partition: iid }
  algorithms:
    - { name: extra }
    - { name: dgd, step: 0.05 }
  stop: { iterations: 50 }
  record: { every: 5 }
  \(extra)
  """
}

/// Writes `text` as `exp.yaml` in a fresh folder; returns the folder.
private func experimentFolder(_ text: String) throws -> URL {
  let dir = try CLI.temporaryDirectory()
  try text.write(to: dir.appendingPathComponent("exp.yaml"), atomically: true, encoding: .utf8)
  return dir
}

private func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

private func summary(_ run: URL) throws -> [String: Any] {
  try CLI.json(read(run.appendingPathComponent("summary.json")))
}

private func algorithms(_ run: URL) throws -> [[String: Any]] {
  try summary(run)["algorithms"] as? [[String: Any]] ?? []
}

private let header =
  "algorithm,iteration,time,rounds,messages,bytes,gradient_calls,objective,suboptimality,"
  + "worst_suboptimality,consensus_error,train_accuracy,test_accuracy"

/// Checks a finished run folder: every file, the CSV shapes and the summary's keys.
private func checkRunFolder(_ run: URL, algorithmCount: Int) throws {
  for file in ["config.yaml", "metrics.csv", "summary.json", "network.dot"] {
    #expect(
      FileManager.default.fileExists(atPath: run.appendingPathComponent(file).path), "\(file)")
  }
  let lines = try read(run.appendingPathComponent("metrics.csv")).split(separator: "\n")
  #expect(lines.first.map(String.init) == header)
  #expect(lines.count > algorithmCount)
  #expect(
    lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 13 })
  let s = try summary(run)
  for key in ["name", "seed", "version", "reference", "network", "problem", "algorithms"] {
    #expect(s[key] != nil, "summary.json lacks \(key)")
  }
  let network = try #require(s["network"] as? [String: Any])
  for key in ["nodes", "edges", "weights", "lambda2", "slem"] {
    #expect(network[key] != nil, "\(key)")
  }
  let problem = try #require(s["problem"] as? [String: Any])
  for key in ["kind", "samples", "dimension", "agents"] { #expect(problem[key] != nil, "\(key)") }
  let entries = try algorithms(run)
  #expect(entries.count == algorithmCount)
  for entry in entries {
    for key in [
      "name", "status", "iterations", "rounds", "messages", "bytes", "time", "gradientCalls",
      "parameters", "final",
    ] {
      #expect(entry[key] != nil, "algorithm lacks \(key)")
    }
    let final = try #require(entry["final"] as? [String: Any])
    for key in ["objective", "suboptimality", "consensusError"] {
      #expect(final[key] != nil, "\(key)")
    }
  }
}

@Suite struct RunCommandTests {
  @Test func writesTheRunFolder() throws {
    let dir = try experimentFolder(smallExperiment())
    let result = try CLI.run(["run", "exp.yaml"], in: dir)
    #expect(result.status == 0, "\(result.stderr)")
    let run = dir.appendingPathComponent("runs/small")
    try checkRunFolder(run, algorithmCount: 2)
    #expect(result.stdout.contains("run folder: runs/small"))
    // Iterations 0, 5, …, 50 of two algorithms.
    let rows = try read(run.appendingPathComponent("metrics.csv")).split(separator: "\n").count - 1
    #expect(rows == 2 * 11)
    // 6 agents at every recorded iteration of both algorithms.
    let agents = try read(run.appendingPathComponent("agents.csv")).split(separator: "\n")
    #expect(agents.first == "algorithm,iteration,agent,objective,distance_to_average")
    #expect(agents.count - 1 == 2 * 11 * 6)
    // 3-regular on 6 nodes: 9 edges, 18 messages per round of 4 doubles.
    let entries = try algorithms(run)
    #expect(entries[0]["messages"] as? Int == 50 * 18)
    #expect(entries[0]["bytes"] as? Int == 50 * 18 * 4 * 8)
  }

  @Test func sameSeedGivesIdenticalFilesAndAnotherSeedDoesNot() throws {
    let dir = try experimentFolder(smallExperiment())
    for (out, seed) in [("a", "4"), ("b", "4"), ("c", "5")] {
      let result = try CLI.run(
        ["run", "exp.yaml", "--out", out, "--seed", seed, "--quiet"], in: dir)
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
    let metrics = { (run: String) in
      try Data(contentsOf: dir.appendingPathComponent("\(run)/metrics.csv"))
    }
    #expect(try metrics("a") == metrics("b"))
    #expect(try metrics("a") != metrics("c"))
    let summaries = { (run: String) in
      try Data(contentsOf: dir.appendingPathComponent("\(run)/summary.json"))
    }
    #expect(try summaries("a") == summaries("b"))
  }

  @Test func resolvedConfigReproducesTheRun() throws {
    let dir = try experimentFolder(smallExperiment())
    #expect(try CLI.run(["run", "exp.yaml", "--out", "first", "--quiet"], in: dir).status == 0)
    let again = try CLI.run(["run", "first/config.yaml", "--out", "second", "--quiet"], in: dir)
    #expect(again.status == 0, "\(again.stderr)")
    for file in ["metrics.csv", "config.yaml", "summary.json"] {
      #expect(
        try Data(contentsOf: dir.appendingPathComponent("first/\(file)"))
          == Data(contentsOf: dir.appendingPathComponent("second/\(file)")), "\(file)")
    }
  }

  @Test func existingFolderNeedsForce() throws {
    let dir = try experimentFolder(smallExperiment())
    let run = dir.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
    try "keep".write(to: run.appendingPathComponent("marker"), atomically: true, encoding: .utf8)
    let refused = try CLI.run(["run", "exp.yaml", "--out", "out"], in: dir)
    #expect(refused.status == 73)
    #expect(refused.stderr.contains("--force"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: run.path) == ["marker"])
    let forced = try CLI.run(["run", "exp.yaml", "--out", "out", "--force", "--quiet"], in: dir)
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("marker").path))
    try checkRunFolder(run, algorithmCount: 2)
    // Nothing is left beside the folder.
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["exp.yaml", "out"])
  }

  @Test func divergingAlgorithmIsMarkedAndTheOthersContinue() throws {
    let dir = try experimentFolder(smallExperiment())
    let result = try CLI.run(
      [
        "run", "exp.yaml", "--set", "algorithms.1.step=1e6", "--set", "problem.kind=ridge",
        "--quiet",
      ],
      in: dir)
    #expect(result.status == 0, "\(result.stderr)")
    let entries = try algorithms(dir.appendingPathComponent("runs/small"))
    #expect(entries.map { $0["status"] as? String } == ["completed", "diverged"])
    #expect((entries[1]["iterations"] as? Int ?? 50) < 50)
  }

  @Test func exitCodes() throws {
    let dir = try experimentFolder(smallExperiment())
    #expect(try CLI.run(["run", "exp.yaml", "--bogus"], in: dir).status == 64)
    #expect(try CLI.run(["run", "exp.yaml", "--set", "stop"], in: dir).status == 64)
    #expect(try CLI.run(["run", "missing.yaml"], in: dir).status == 66)
    let bad = try CLI.run(["run", "exp.yaml", "--set", "algorithms.0.stepp=1"], in: dir)
    #expect(bad.status == 64)
    try smallExperiment("stop: { iterations: many }").replacingOccurrences(
      of: "stop: { iterations: 50 }\n", with: ""
    )
    .write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
    let malformed = try CLI.run(["run", "bad.yaml"], in: dir)
    #expect(malformed.status == 65)
    #expect(malformed.stderr.contains("bad.yaml:9: error: stop.iterations: expected an integer"))
    try smallExperiment().replacingOccurrences(
      of: "synthetic: { samples: 60, features: 4 }", with: "data: gone.svm"
    )
    .write(to: dir.appendingPathComponent("nodata.yaml"), atomically: true, encoding: .utf8)
    #expect(try CLI.run(["run", "nodata.yaml"], in: dir).status == 66)
  }

  /// Ridge regression (λ = 0.1) on datasets/l1_regression.svm (200 × 10) on the Petersen graph.
  /// F* = 3.4150766618371473, from numpy: x = solve(AᵀA/N + λI, Aᵀb/N),
  /// F* = ‖Ax − b‖²/(2N) + (λ/2)‖x‖².
  @Test func extraReachesTheCentralizedOptimum() throws {
    let data = TestSupport.repositoryRoot.appendingPathComponent("datasets/l1_regression.svm").path
    let dir = try experimentFolder(
      """
      name: ridge
      topology: { generate: petersen }
      problem: { kind: ridge, data: \(data), regularization: 0.1 }
      algorithms: [{ name: extra }]
      stop: { iterations: 1500 }
      record: { every: 100 }
      """)
    let result = try CLI.run(["run", "exp.yaml", "--quiet"], in: dir)
    #expect(result.status == 0, "\(result.stderr)")
    let s = try summary(dir.appendingPathComponent("runs/ridge"))
    let fStar = 3.4150766618371473
    let reference = try #require((s["reference"] as? [String: Any])?["objective"] as? Double)
    #expect(abs(reference - fStar) <= 1e-12 * fStar)
    let final = try #require(
      try algorithms(dir.appendingPathComponent("runs/ridge"))[0]["final"] as? [String: Any])
    let objective = try #require(final["objective"] as? Double)
    #expect(abs(objective - fStar) <= 1e-8 * fStar)
  }

  /// Logistic regression (λ = 0.1) on breast_cancer.svm: numpy's Newton method gives
  /// F* = 0.2098724307503274 and x* classifies 555 of the 569 samples right (smallest margin
  /// |aᵀx*| = 0.002). The test set here is the training data, so both accuracies are 555/569.
  @Test func accuraciesOnATestSet() throws {
    let root = TestSupport.repositoryRoot
    let dir = try CLI.temporaryDirectory()
    let result = try CLI.run([
      "run", root.appendingPathComponent("Examples/extra-logistic.yaml").path,
      "--set", "problem.test=\(root.appendingPathComponent("datasets/breast_cancer.svm").path)",
      "--out", dir.appendingPathComponent("run").path, "--quiet",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let s = try summary(dir.appendingPathComponent("run"))
    let reference = try #require((s["reference"] as? [String: Any])?["objective"] as? Double)
    #expect(abs(reference - 0.2098724307503274) <= 1e-12)
    let final = try #require(
      try algorithms(dir.appendingPathComponent("run"))[0]["final"] as? [String: Any])
    // JSONSerialization may parse a number 1 ulp off, hence the tolerance.
    #expect(abs((final["trainAccuracy"] as? Double ?? 0) - 555.0 / 569) < 1e-12)
    #expect(abs((final["testAccuracy"] as? Double ?? 0) - 555.0 / 569) < 1e-12)
  }

  @Test func everyExampleRuns() throws {
    let examples = TestSupport.repositoryRoot.appendingPathComponent("Examples")
    let files = try FileManager.default.contentsOfDirectory(atPath: examples.path)
      .filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(files.count >= 4)
    let dir = try CLI.temporaryDirectory()
    for file in files {
      let out = dir.appendingPathComponent(file).path
      let result = try CLI.run([
        "run", examples.appendingPathComponent(file).path, "--set", "stop.iterations=30", "--out",
        out,
        "--quiet",
      ])
      #expect(result.status == 0, "\(file): \(result.stderr)")
      let entries = try algorithms(URL(fileURLWithPath: out))
      #expect(!entries.isEmpty)
      #expect(
        entries.allSatisfy { ["completed", "converged"].contains($0["status"] as? String) },
        "\(file)")
      try checkRunFolder(URL(fileURLWithPath: out), algorithmCount: entries.count)
    }
  }

  /// Examples/scale/million-agents.yaml (10⁶ agents, minutes in a release build), scaled down
  /// to 1,000 agents: it stays a valid experiment, and DGD closes most of the gap to F*.
  @Test func theMillionAgentExampleRunsScaledDown() throws {
    let file = TestSupport.repositoryRoot.appendingPathComponent(
      "Examples/scale/million-agents.yaml")
    let out = try CLI.temporaryDirectory().appendingPathComponent("million").path
    let result = try CLI.run([
      "run", file.path, "--set", "topology.nodes=1000", "--set",
      "problem.synthetic.samples=10000", "--set", "stop.iterations=300", "--out", out, "--quiet",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let entries = try algorithms(URL(fileURLWithPath: out))
    #expect(entries.map { $0["status"] as? String } == ["completed"])
    try checkRunFolder(URL(fileURLWithPath: out), algorithmCount: 1)
    let gaps = try read(URL(fileURLWithPath: out).appendingPathComponent("metrics.csv"))
      .split(separator: "\n").dropFirst()
      .map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[8])! }
    #expect(gaps.last! < 1e-3 * gaps.first!)
  }

  @Test func listsAlgorithmsAndProblems() throws {
    let algorithms = try CLI.run(["list", "algorithms"])
    #expect(algorithms.status == 0)
    #expect(
      algorithms.stdout.split(separator: "\n").compactMap {
        $0.split(separator: " ").first.map(String.init)
      }
        == ["dgd", "extra", "gradient-tracking", "mspd", "drs", "dual-accelerated", "ssda", "msda"])
    let problems = try CLI.run(["list", "problems"])
    #expect(
      problems.stdout.split(separator: "\n").compactMap {
        $0.split(separator: " ").first.map(String.init)
      }
        == ["least-squares", "ridge", "logistic", "l1-regression", "hinge"])
  }

  /// Ctrl-C during a long run: exit 130, the running algorithm `interrupted` with what it
  /// recorded, the next one `interrupted` with 0 iterations.
  @Test func interruptionKeepsWhatWasRecorded() throws {
    let dir = try experimentFolder(smallExperiment())
    let process = Process()
    process.executableURL = CLI.executable
    process.arguments = [
      "run", "exp.yaml", "--set", "stop.iterations=100000000", "--set", "record.every=1000",
      "--quiet",
    ]
    process.currentDirectoryURL = dir
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait until the run has started (config.yaml is written before the first algorithm).
    let config = dir.appendingPathComponent("runs/small/config.yaml").path
    var waited = 0
    while !FileManager.default.fileExists(atPath: config) && waited < 200 {
      usleep(50_000)
      waited += 1
    }
    usleep(500_000)
    process.interrupt()
    // A run that ignores the interrupt fails the test instead of hanging it.
    waited = 0
    while process.isRunning && waited < 600 {
      usleep(50_000)
      waited += 1
    }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    let run = dir.appendingPathComponent("runs/small")
    let entries = try algorithms(run)
    #expect(entries.map { $0["status"] as? String } == ["interrupted", "interrupted"])
    #expect((entries[0]["iterations"] as? Int ?? 0) > 0)
    #expect(entries[1]["iterations"] as? Int == 0)
    let metrics = try read(run.appendingPathComponent("metrics.csv")).split(separator: "\n")
    #expect(metrics.count > 2)
  }
}
