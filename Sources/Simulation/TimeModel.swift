import GossipCore
import Topology

/// Simulated time (Scaman et al., JMLR 20(159), 2019, §2): a local gradient costs one unit on a
/// unit-speed agent, a round of communication costs τ.
///
/// Agents work synchronously: an iteration's computation lasts as long as the slowest agent's
/// (`1/min speed` per gradient), and a round as long as its slowest link. A link with a `latency`
/// attribute takes that latency instead of τ, plus `bytes / bandwidth` when it has a `bandwidth`.
/// Computation and communication are added, not overlapped (a conservative, simple model).
public struct TimeModel: Sendable, Equatable {
  /// Time of one round on a link without a `latency` attribute.
  public let tau: Double
  /// Time of one gradient evaluation on the slowest agent.
  public let gradientTime: Double
  /// Per-link latency and bandwidth from the topology file, parallel to `Graph.edges`.
  private let links: [(latency: Double, bandwidth: Double?)]

  /// - Parameters:
  ///   - tau: the round time τ ≥ 0 of links without a latency of their own.
  ///   - network: its edges' `latency` and `bandwidth` attributes are used when present.
  ///   - agentSpeeds: gradients per time unit of each agent (default: all 1).
  public init(tau: Double, network: Graph, agentSpeeds: [Double]? = nil) throws {
    guard tau.isFinite, tau >= 0 else { throw ParameterError("network.tau must be ≥ 0, got \(tau)") }
    if let agentSpeeds {
      guard agentSpeeds.count == network.nodeCount else {
        throw ParameterError(
          "network.speeds has \(agentSpeeds.count) entries; the network has \(network.nodeCount) agents")
      }
      guard let slowest = agentSpeeds.min(), slowest > 0, agentSpeeds.allSatisfy(\.isFinite) else {
        throw ParameterError("network.speeds must be positive and finite")
      }
      gradientTime = 1 / slowest
    } else {
      gradientTime = 1
    }
    for (k, attributes) in (network.edgeAttributes ?? []).enumerated() {
      let edge = network.edges[k]
      if let latency = attributes.latency, !(latency.isFinite && latency >= 0) {
        throw ParameterError("link \(network.name(of: edge.u))–\(network.name(of: edge.v)): latency must be ≥ 0, got \(latency)")
      }
      if let bandwidth = attributes.bandwidth, !(bandwidth.isFinite && bandwidth > 0) {
        throw ParameterError("link \(network.name(of: edge.u))–\(network.name(of: edge.v)): bandwidth must be > 0, got \(bandwidth)")
      }
    }
    self.tau = tau
    self.links = network.edgeAttributes.map { attributes in
      attributes.map { (latency: $0.latency ?? tau, bandwidth: $0.bandwidth) }
    } ?? []
  }

  /// Time of one round in which every message carries `bytesPerMessage` bytes.
  public func roundTime(bytesPerMessage: Int) -> Double {
    guard !links.isEmpty else { return tau }
    let bytes = Double(bytesPerMessage)
    var slowest = 0.0
    for link in links {
      slowest = max(slowest, link.latency + (link.bandwidth.map { bytes / $0 } ?? 0))
    }
    return slowest
  }

  public static func == (lhs: TimeModel, rhs: TimeModel) -> Bool {
    lhs.tau == rhs.tau && lhs.gradientTime == rhs.gradientTime
      && lhs.links.elementsEqual(rhs.links) { $0.latency == $1.latency && $0.bandwidth == $1.bandwidth }
  }
}
