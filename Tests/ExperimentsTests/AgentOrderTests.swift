import Experiments
import GossipCore
import LinearAlgebra
import Problems
import Simulation
import Testing

/// `gossip run` simulates the agents in reverse Cuthill–McKee order; what it reports per agent
/// must still be in the file's numbering.
@Suite struct AgentOrderTests {
  @Test func snapshotsKeepTheFilesAgentNumbering() throws {
    let n = 40
    let config = try ExperimentConfig.parse(
      """
      name: order
      seed: 5
      topology: { generate: random-regular, nodes: \(n), degree: 3 }
      problem:
        kind: least-squares
        synthetic: { samples: 400, features: 3 }
      algorithms: [{ name: dgd }]
      stop: { iterations: 3 }
      record: { every: 1, agents: true }
      """, file: "order.yaml")
    let e = try Experiment.prepare(config)
    #expect(e.agentOrder.sorted() == Array(0..<n))
    #expect(e.agentOrder != Array(0..<n))  // a random graph is renumbered

    // The same data and partition, built in the file's numbering (the experiment's generator
    // draws the data, then the partition).
    var rng = SeededGenerator(seed: 5)
    let data = try Synthetic.regression(samples: 400, features: 3, noise: 0.1, using: &rng)
    let assignment = try Partition.assign(
      samples: 400, labels: data.labels, agents: n, rule: .iid, using: &rng)
    let given = try DistributedProblem(kind: .leastSquares, dataset: data, assignment: assignment)

    let trace = e.run(0).trace
    let first = try #require(trace.snapshots.first)
    #expect(first.iteration == 0)
    for agent in 0..<n {
      #expect(first.objective[agent] == given.localObjective(agent: agent, at: [0, 0, 0]))
    }
    // After some steps, the per-agent values still belong to the agent whose data they use:
    // agent k of the simulation is agent agentOrder[k] of the file.
    for (k, agent) in e.agentOrder.enumerated() {
      #expect(
        given.localSampleCount(agent: agent) == e.problem.localSampleCount(agent: k))
    }
    #expect(trace.snapshots.count == 4)
  }
}
