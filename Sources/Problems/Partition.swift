import GossipCore

/// How samples are split over agents.
public enum PartitionRule: Sendable, Hashable {
  /// A uniformly random split into near-equal parts (sizes differ by at most 1).
  case iid
  /// Samples sorted by label and cut into contiguous blocks, so that agents see few labels
  /// (one label each whenever there are at least as many agents as distinct labels).
  case sorted
  /// Label-skewed: for each label, Dirichlet(α) proportions say how its samples are shared
  /// among agents (Hsu, Qi & Brown 2019, arXiv:1909.06335). α → ∞ approaches iid proportions,
  /// small α gives each agent few labels.
  case dirichlet(alpha: Double)

  /// Parses `iid`, `sorted` or `dirichlet` (with `alpha`, default 0.5).
  public init(name: String, alpha: Double = 0.5) throws {
    switch name {
    case "iid": self = .iid
    case "sorted": self = .sorted
    case "dirichlet":
      guard alpha > 0, alpha.isFinite else {
        throw ParameterError("dirichlet partition: alpha must be positive and finite, got \(alpha)")
      }
      self = .dirichlet(alpha: alpha)
    default:
      throw ParameterError("unknown partition '\(name)'; choose iid, sorted or dirichlet")
    }
  }

  /// The name used in experiment files: `iid`, `sorted` or `dirichlet`.
  public var name: String {
    switch self {
    case .iid: "iid"
    case .sorted: "sorted"
    case .dirichlet: "dirichlet"
    }
  }
}

/// Splits sample indices over agents.
public enum Partition {
  /// The sample indices of each agent (ascending within an agent); every sample goes to exactly
  /// one agent and every agent gets at least one sample.
  ///
  /// Throws ``ParameterError`` for fewer samples than agents, no agents, a label count that is
  /// not `samples`, a non-finite label, or a non-positive Dirichlet α.
  /// - `sorted`: distinct labels ascending; with n ≥ C labels, each label gets k_c ≥ 1 agents
  ///   (each further agent goes to the label with the most samples per agent), and a label's
  ///   samples are cut into k_c near-equal blocks, so every agent holds one label. With n < C,
  ///   the label-sorted order is cut into n near-equal blocks. No randomness.
  /// - `dirichlet(α)`: for each label, p ~ Dir(α·1_n); its samples (shuffled) are shared in
  ///   proportion to p (largest-remainder rounding). An agent left empty then takes one sample
  ///   from the agent holding the most. O(N + C·n).
  // Specialized for the command line's generator: unspecialized, each draw and each swap of
  // a shuffle goes through a witness table (10⁷ samples: data 7.9 → 5.2 s, partition and
  // problem 11.1 → 9.4 s).
  @_specialize(exported:true,where Generator == SeededGenerator)
  public static func assign<Generator: RandomNumberGenerator>(
    samples: Int, labels: [Double], agents: Int, rule: PartitionRule,
    using rng: inout Generator
  ) throws -> [[Int]] {
    guard agents >= 1 else {
      throw ParameterError("partition: need at least 1 agent, got \(agents)")
    }
    guard labels.count == samples else {
      throw ParameterError("partition: \(samples) samples but \(labels.count) labels")
    }
    guard labels.allSatisfy(\.isFinite) else {
      throw ParameterError("partition: labels must be finite numbers")
    }
    guard samples >= agents else {
      throw ParameterError(
        "partition: \(agents) agents but only \(samples) samples; every agent needs a sample, choose at most \(samples) agents"
      )
    }
    switch rule {
    case .iid:
      var order = Array(0..<samples)
      order.shuffle(using: &rng)
      var parts = cut(order, into: agents)
      for agent in parts.indices { parts[agent].sort() }
      return parts
    case .sorted:
      return sortedBlocks(labels: labels, agents: agents).map { $0.sorted() }
    case .dirichlet(let alpha):
      guard alpha > 0, alpha.isFinite else {
        throw ParameterError("dirichlet partition: alpha must be positive and finite, got \(alpha)")
      }
      return dirichletSplit(labels: labels, agents: agents, alpha: alpha, using: &rng)
    }
  }

  /// Sample indices grouped by distinct label, labels ascending, indices ascending.
  private static func classes(_ labels: [Double]) -> [[Int]] {
    Dictionary(grouping: labels.indices, by: { labels[$0] }).sorted { $0.key < $1.key }.map(\.value)
  }

  /// `items` cut into `parts` contiguous blocks whose sizes differ by at most 1.
  private static func cut(_ items: [Int], into parts: Int) -> [[Int]] {
    (0..<parts).map { part in
      Array(items[(part * items.count / parts)..<((part + 1) * items.count / parts)])
    }
  }

  private static func sortedBlocks(labels: [Double], agents: Int) -> [[Int]] {
    let groups = classes(labels)
    guard agents >= groups.count else { return cut(groups.flatMap { $0 }, into: agents) }
    var agentsPerClass = [Int](repeating: 1, count: groups.count)
    for _ in groups.count..<agents {
      // The label with the most samples per agent that can still take one more agent.
      var best = -1
      for c in groups.indices where agentsPerClass[c] < groups[c].count {
        if best < 0
          || groups[c].count * agentsPerClass[best] > groups[best].count * agentsPerClass[c]
        {
          best = c
        }
      }
      agentsPerClass[best] += 1
    }
    return groups.indices.flatMap { cut(groups[$0], into: agentsPerClass[$0]) }
  }

  private static func dirichletSplit(
    labels: [Double], agents: Int, alpha: Double, using rng: inout some RandomNumberGenerator
  ) -> [[Int]] {
    var parts = [[Int]](repeating: [], count: agents)
    for var members in classes(labels) {
      members.shuffle(using: &rng)
      let proportions = RandomSampling.dirichlet(alpha: alpha, count: agents, using: &rng)
      let exact = proportions.map { $0 * Double(members.count) }
      var counts = exact.map { Int($0.rounded(.down)) }
      let byRemainder = (0..<agents).sorted {
        exact[$0] - Double(counts[$0]) > exact[$1] - Double(counts[$1])
      }
      for agent in byRemainder.prefix(members.count - counts.reduce(0, +)) { counts[agent] += 1 }
      var start = 0
      for agent in 0..<agents {
        parts[agent].append(contentsOf: members[start..<(start + counts[agent])])
        start += counts[agent]
      }
    }
    for empty in parts.indices where parts[empty].isEmpty {
      let richest = parts.indices.max { parts[$0].count < parts[$1].count }!
      parts[empty].append(parts[richest].removeLast())
    }
    return parts.map { $0.sorted() }
  }
}
