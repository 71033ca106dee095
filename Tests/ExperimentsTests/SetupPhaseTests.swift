import Experiments
import Testing

/// `gossip run` shows which set-up phase is running and, at the end, how long each took.
@Suite struct SetupPhaseTests {
  @Test func everyPhaseIsAnnouncedAndTimedOnceInOrder() throws {
    let config = try ExperimentConfig.parse(
      """
      name: phases
      seed: 1
      topology: { generate: random-regular, nodes: 20, degree: 3 }
      problem: { kind: least-squares, synthetic: { samples: 200, features: 3 } }
      algorithms: [{ name: extra }]
      stop: { iterations: 3 }
      """, file: "phases.yaml")
    var announced: [SetupPhase] = []
    let e = try Experiment.prepare(config) { announced.append($0) }
    let all: [SetupPhase] = [.network, .spectrum, .data, .problem, .optimum, .algorithms]
    #expect(announced == all)
    #expect(e.setupSeconds.map(\.phase) == all)
    #expect(e.setupSeconds.allSatisfy { $0.seconds >= 0 && $0.seconds < 60 })
  }
}
