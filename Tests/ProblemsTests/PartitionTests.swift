import GossipCore
import Problems
import Testing

@Suite struct PartitionTests {
  static let rules: [PartitionRule] = [
    .iid, .sorted, .dirichlet(alpha: 0.3), .dirichlet(alpha: 10),
  ]

  @Test(arguments: rules)
  func everySampleGoesToExactlyOneAgentAndNoAgentIsEmpty(rule: PartitionRule) throws {
    let labels = Fixtures.breastCancer.labels
    for seed in 0..<10 as Range<UInt64> {
      var rng = SeededGenerator(seed: seed)
      for agents in [1, 2, 7, 64] {
        let parts = try Partition.assign(
          samples: labels.count, labels: labels, agents: agents, rule: rule, using: &rng)
        #expect(parts.count == agents)
        #expect(parts.allSatisfy { !$0.isEmpty && $0 == $0.sorted() })
        #expect(parts.flatMap { $0 }.sorted() == Array(0..<labels.count))
      }
    }
  }

  @Test func iidSizesDifferByAtMostOne() throws {
    var rng = SeededGenerator(seed: 1)
    let parts = try Partition.assign(
      samples: 569, labels: Fixtures.breastCancer.labels, agents: 8, rule: .iid, using: &rng)
    let sizes = parts.map(\.count)
    #expect(sizes.max()! - sizes.min()! <= 1 && sizes.reduce(0, +) == 569)
  }

  @Test func sortedGivesEveryAgentOneLabelWhenThereAreEnoughAgents() throws {
    let labels = Fixtures.breastCancer.labels
    var rng = SeededGenerator(seed: 0)
    for agents in [2, 3, 5, 8, 16] {
      let parts = try Partition.assign(
        samples: labels.count, labels: labels, agents: agents, rule: .sorted, using: &rng)
      #expect(parts.allSatisfy { Set($0.map { labels[$0] }).count == 1 }, "agents = \(agents)")
      // By hand: 357 benign get 5 agents (357/5 ≈ 71.4), 212 malignant get 3 (≈ 70.7); blocks i·m/k.
      if agents == 8 { #expect(parts.map(\.count) == [71, 71, 72, 71, 72, 70, 71, 71]) }
    }
    // One agent must hold both labels; with more labels than agents, blocks are contiguous in label order.
    let one = try Partition.assign(
      samples: 6, labels: [3, 1, 2, 1, 3, 2], agents: 2, rule: .sorted, using: &rng)
    #expect(one == [[1, 3, 2], [5, 0, 4]].map { $0.sorted() })
  }

  @Test func dirichletWithHugeAlphaMatchesIidProportions() throws {
    // α = 10⁶: the proportions are 1/n ± O(1/√(nα)), so each agent holds 212/8 = 26.5 malignant
    // samples up to rounding: at most 1 away.
    let labels = Fixtures.breastCancer.labels
    var rng = SeededGenerator(seed: 3)
    let parts = try Partition.assign(
      samples: 569, labels: labels, agents: 8, rule: .dirichlet(alpha: 1e6), using: &rng)
    for part in parts {
      let malignant = Double(part.filter { labels[$0] == 1 }.count)
      #expect(abs(malignant - 26.5) <= 1)
      #expect(abs(Double(part.count) - 569.0 / 8) <= 2)
    }
  }

  @Test func dirichletWithSmallAlphaIsSkewed() throws {
    // α = 0.05 over 8 agents: each label's mass concentrates on one or two agents, so most agents
    // hold ≥ 90% of one label (for iid the majority share is ≈ 63%). Stated tolerance: at least
    // 6 of 8 agents, on average over 10 seeds.
    let labels = Fixtures.breastCancer.labels
    var skewedAgents = 0
    for seed in 0..<10 as Range<UInt64> {
      var rng = SeededGenerator(seed: seed)
      let parts = try Partition.assign(
        samples: 569, labels: labels, agents: 8, rule: .dirichlet(alpha: 0.05), using: &rng)
      for part in parts {
        let malignant = Double(part.filter { labels[$0] == 1 }.count) / Double(part.count)
        if max(malignant, 1 - malignant) >= 0.9 { skewedAgents += 1 }
      }
    }
    #expect(skewedAgents >= 60)
  }

  @Test func rejectsImpossibleRequests() throws {
    var rng = SeededGenerator(seed: 0)
    #expect(throws: ParameterError.self) {
      try Partition.assign(samples: 3, labels: [1, 1, -1], agents: 4, rule: .iid, using: &rng)
    }
    #expect(throws: ParameterError.self) {
      try Partition.assign(samples: 3, labels: [1, 1, -1], agents: 0, rule: .iid, using: &rng)
    }
    #expect(throws: ParameterError.self) {
      try Partition.assign(samples: 3, labels: [1, 1], agents: 1, rule: .iid, using: &rng)
    }
    #expect(throws: ParameterError.self) {
      try Partition.assign(
        samples: 3, labels: [1, 1, -1], agents: 1, rule: .dirichlet(alpha: 0), using: &rng)
    }
    #expect(throws: ParameterError.self) { try PartitionRule(name: "random") }
    #expect(try PartitionRule(name: "dirichlet", alpha: 2) == .dirichlet(alpha: 2))
  }
}
