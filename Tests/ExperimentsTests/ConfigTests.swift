import Experiments
import Foundation
import GossipCore
import GossipTestSupport
import Mixing
import Problems
import Simulation
import Testing
import Topology

/// A small valid experiment; line numbers below refer to this text.
private let valid = """
  name: small
  seed: 3
  topology: { generate: ring, nodes: 6 }
  problem: { kind: logistic, synthetic: { samples: 60, features: 4 } }
  algorithms:
    - { name: extra }
    - { name: dgd, step: 0.05, schedule: constant, variant: atc }
  stop: { iterations: 20 }
  """

/// The error that parsing `text` (with `overrides`) throws.
private func parseError(_ text: String, overrides: [String] = []) -> (any Error)? {
  do {
    _ = try ExperimentConfig.parse(text, file: "exp.yaml", overrides: overrides)
    return nil
  } catch {
    return error
  }
}

@Suite struct ExperimentConfigTests {
  @Test func defaultsAreFilledIn() throws {
    let c = try ExperimentConfig.parse(valid, file: "exp.yaml")
    #expect(c.name == "small")
    #expect(c.seed == 3)
    #expect(c.weights == .metropolis)
    #expect(c.tau == 1)
    #expect(c.speeds == nil)
    #expect(c.samples?.partition == .iid)
    #expect(c.samples?.regularization == ExperimentConfig.defaultRegularization)
    #expect(c.recordEvery == ExperimentConfig.defaultRecordEvery)
    #expect(c.recordAgents == nil)
    #expect(c.stop.iterations == 20)
    #expect(c.algorithms.map(\.label) == ["extra", "dgd"])
    #expect(
      c.algorithms[1].parameters == [
        "step": .number(0.05), "schedule": .name("constant"), "variant": .name("atc"),
      ])
    // The generator's seed defaults to the experiment's.
    guard case .generate(.ring, let parameters) = c.topology else {
      Issue.record("expected a generated ring")
      return
    }
    #expect(parameters.nodes == 6 && parameters.seed == 3)
  }

  @Test func jsonIsAcceptedAsYAML() throws {
    let json = """
      {"name": "j", "topology": {"generate": "ring", "nodes": 5},
       "problem": {"kind": "ridge", "synthetic": {"samples": 20, "features": 3}},
       "algorithms": [{"name": "extra", "step": 0.1}], "stop": {"iterations": 7}}
      """
    let c = try ExperimentConfig.parse(json, file: "exp.json")
    #expect(c.name == "j" && c.stop.iterations == 7 && c.samples?.kind == .ridge)
    #expect(c.algorithms[0].parameters["step"] == .number(0.1))
  }

  @Test func repeatedNamesGetNumberedLabels() throws {
    let text = valid.replacingOccurrences(of: "- { name: extra }", with: "- { name: dgd }")
    let c = try ExperimentConfig.parse(text, file: "exp.yaml")
    #expect(c.algorithms.map(\.label) == ["dgd", "dgd-2"])
  }

  @Test func unknownKeyNamesPathLineAndKnownKeys() {
    let text = valid.replacingOccurrences(of: "step: 0.05", with: "stepp: 0.05")
    let error = parseError(text) as? InputFileError
    #expect(error?.line == 7)
    #expect(
      error?.description
        == "exp.yaml:7: error: algorithms[1].stepp: unknown key; known keys: name, label, step, schedule, variant"
    )
  }

  @Test func wrongTypeSaysWhatWasExpected() {
    let text = valid.replacingOccurrences(of: "iterations: 20", with: "iterations: \"many\"")
    let error = parseError(text) as? InputFileError
    #expect(error?.line == 8)
    #expect(error?.message == "stop.iterations: expected an integer")
    let step =
      parseError(valid.replacingOccurrences(of: "step: 0.05", with: "step: fast"))
      as? InputFileError
    #expect(step?.message == "algorithms[1].step: expected a number")
  }

  @Test func unknownNamesListTheKnownOnes() {
    let algorithm =
      parseError(valid.replacingOccurrences(of: "name: extra", with: "name: admm"))
      as? InputFileError
    #expect(algorithm?.line == 6)
    #expect(
      algorithm?.message
        == "algorithms[0].name: unknown algorithm 'admm'; known: dgd, extra, gradient-tracking, "
        + "mspd, drs, dual-accelerated, ssda, msda")
    let kind =
      parseError(valid.replacingOccurrences(of: "kind: logistic", with: "kind: lasso"))
      as? InputFileError
    #expect(kind?.line == 4)
    #expect(
      kind?.message
        == "problem.kind: unknown value 'lasso'; known: least-squares, ridge, logistic, l1-regression, hinge"
    )
    let weights =
      parseError(valid.replacingOccurrences(of: "nodes: 6 }", with: "nodes: 6, weights: uniform }"))
      as? InputFileError
    #expect(
      weights?.message
        == "topology.weights: unknown value 'uniform'; known: metropolis, max-degree, laplacian, best-constant, lazy-metropolis, file"
    )
    let partition =
      parseError(
        valid.replacingOccurrences(of: "features: 4 }", with: "features: 4 }, partition: random"))
      as? InputFileError
    #expect(
      partition?.message
        == "problem.partition: unknown value 'random'; known: iid, sorted, dirichlet")
  }

  @Test func yamlSyntaxErrorGivesTheLine() {
    let text = valid.replacingOccurrences(
      of: "stop: { iterations: 20 }", with: "stop: { iterations: 20")
    let error = parseError(text) as? InputFileError
    #expect(error != nil)
    #expect(error?.message.hasPrefix("invalid YAML") == true)
    // libyaml reports an unclosed flow mapping at the end of the document: past line 8.
    #expect((error?.line ?? 0) >= 8)
  }

  @Test func missingExperimentFileIsExit66() {
    #expect(throws: MissingInputError.self) {
      try ExperimentConfig.load(path: "/nonexistent/exp.yaml")
    }
  }

  @Test func missingDataFileIsExit66() {
    let text = valid.replacingOccurrences(
      of: "synthetic: { samples: 60, features: 4 }", with: "data: no-such-data.svm")
    #expect(throws: MissingInputError.self) {
      try ExperimentConfig.parse(text, file: "/tmp/exp.yaml")
    }
  }

  @Test func overridesApplyBeforeValidation() throws {
    let c = try ExperimentConfig.parse(
      valid, file: "exp.yaml",
      overrides: [
        "stop.iterations=100", "algorithms.1.step=0.1", "problem.regularization=1e-3", "seed=9",
        "network.tau=2.5", "algorithms.2={name: gradient-tracking, variant: atc}",
      ])
    #expect(c.stop.iterations == 100)
    #expect(c.algorithms[1].parameters["step"] == .number(0.1))
    #expect(c.samples?.regularization == 1e-3)
    #expect(c.seed == 9)
    #expect(c.tau == 2.5)
    #expect(c.algorithms.map(\.name) == ["extra", "dgd", "gradient-tracking"])
    #expect(c.algorithms[2].parameters["variant"] == .name("atc"))
  }

  @Test func wrongOverridesNameTheArgument() {
    let type = parseError(valid, overrides: ["stop.iterations=many"]) as? ParameterError
    #expect(type?.message == "--set stop.iterations=many: stop.iterations: expected an integer")
    #expect(parseError(valid, overrides: ["stop.iterations"]) is ParameterError)
    let index = parseError(valid, overrides: ["algorithms.5.step=1"]) as? ParameterError
    #expect(index?.message.contains("not an index of a list of 2") == true)
  }

  @Test func stopNeedsAnEnd() {
    let error =
      parseError(valid.replacingOccurrences(of: "iterations: 20", with: "tolerance: 1e-6"))
      as? InputFileError
    #expect(error?.line == 8)
    #expect(error?.message.hasPrefix("stop: stop needs iterations, time or rounds") == true)
  }

  @Test func pathsResolveFromTheCurrentFolderThenTheExperimentFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "exp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let data = folder.appendingPathComponent("beside-only.svm")
    try "1 1:1\n-1 1:-1\n".write(to: data, atomically: true, encoding: .utf8)
    let experiment = folder.appendingPathComponent("exp.yaml").path
    #expect(
      try ExperimentConfig.resolvePath("beside-only.svm", experimentFile: experiment) == data.path)
    // An absolute path, and a path that exists from the current folder, are kept as given.
    #expect(try ExperimentConfig.resolvePath(data.path, experimentFile: "x/exp.yaml") == data.path)
    let cwd = FileManager.default.currentDirectoryPath
    let here = try #require(try FileManager.default.contentsOfDirectory(atPath: cwd).first)
    #expect(try ExperimentConfig.resolvePath(here, experimentFile: experiment) == here)
  }
}

@Suite struct ExperimentPreparationTests {
  @Test func disconnectedNetworkIsRefused() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "exp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // Two triangles and no link between them.
    try "0 1\n1 2\n0 2\n3 4\n4 5\n3 5\n".write(
      to: folder.appendingPathComponent("two.edges"), atomically: true, encoding: .utf8)
    // A block mapping: the error points at the `topology` key (line 3), not at its first entry.
    let text = valid.replacingOccurrences(
      of: "{ generate: ring, nodes: 6 }", with: "\n  file: two.edges")
    let config = try ExperimentConfig.parse(
      text, file: folder.appendingPathComponent("exp.yaml").path)
    do {
      _ = try Experiment.prepare(config)
      Issue.record("a disconnected network was accepted")
    } catch let error as InputFileError {
      #expect(error.line == 3)
      #expect(error.message.contains("2 connected components"))
      #expect(error.message.contains("consensus is impossible"))
    }
  }

  @Test func smoothOnlyAlgorithmsRefuseNonSmoothProblems() throws {
    let config = try ExperimentConfig.parse(
      valid.replacingOccurrences(of: "kind: logistic", with: "kind: hinge"), file: "exp.yaml")
    do {
      _ = try Experiment.prepare(config)
      Issue.record("extra was accepted on hinge")
    } catch let error as InputFileError {
      #expect(error.line == 6)
      #expect(error.message.contains("extra cannot run on hinge, which is non-smooth"))
      #expect(error.message.contains("use dgd"))
    }
  }

  /// Petersen graph with Metropolis weights: 3-regular, so W = (I + A)/4 with A's eigenvalues
  /// 3, 1, −2 (networkx/numpy: eigvalsh gives −0.25 ×4, 0.5 ×5, 1): λ₂ = 1/2, λₙ = −1/4.
  @Test func defaultStepsUseTheSpectrumOfTheMixingMatrix() throws {
    let text = valid.replacingOccurrences(
      of: "{ generate: ring, nodes: 6 }", with: "{ generate: petersen }"
    )
    .replacingOccurrences(of: "step: 0.05, ", with: "")
    let e = try Experiment.prepare(
      try ExperimentConfig.parse(
        text, file: "exp.yaml", overrides: ["algorithms.2={name: gradient-tracking}"]))
    #expect(abs(e.extremes.secondLargest - 0.5) < 1e-12)
    #expect(abs(e.extremes.smallest + 0.25) < 1e-12)
    let lMax = try #require(e.problem.localSmoothness.max())
    let steps = e.algorithms.map { planned -> Double in
      guard
        case .number(let step)? = planned.built.parameters.first(where: { $0.key == "step" })?.value
      else { return .nan }
      return step
    }
    // With λₙ = −1/4 (docs/algorithms.md): EXTRA min(1 + λₙ, (5 + 3λₙ)/8)/L = 0.53125/L;
    // DGD (1 + λₙ)/(2L) = 0.375/L; gradient tracking (cta) (1 + λₙ)²/(4L) = 0.140625/L.
    let expected = [0.53125 / lMax, 0.375 / lMax, 0.140625 / lMax]
    #expect(zip(steps, expected).allSatisfy { TestSupport.close($0, $1, tolerance: 1e-12) })
  }
}

@Suite struct AlgorithmRegistryTests {
  @Test func namesAndParameters() {
    #expect(
      AlgorithmRegistry.names
        == ["dgd", "extra", "gradient-tracking", "mspd", "drs", "dual-accelerated", "ssda", "msda"])
    let keys = AlgorithmRegistry.entries.map { $0.parameters.map(\.key) }
    let scaman = ["epsilon", "budget", "radius", "lipschitz", "iterations"]
    #expect(
      keys == [
        ["step", "schedule", "variant"], ["step"], ["step", "variant"],
        scaman + ["inner-steps", "eta", "sigma", "rounds", "accelerated"],
        scaman + ["samples", "seed"],
        ["setting", "epsilon", "interaction"], ["epsilon", "interaction"],
        ["epsilon", "interaction"],
      ])
    #expect(AlgorithmRegistry.entry(named: "dgd")?.smoothOnly == nil)
    #expect(AlgorithmRegistry.entry(named: "extra")?.smoothOnly != nil)
    #expect(AlgorithmRegistry.entries.allSatisfy { !$0.summary.isEmpty })
  }
}
