import GossipCore
import LinearAlgebra
import Mixing
import Simulation
import Testing
import Topology

@Suite struct CommunicatorTests {
  /// The Petersen graph: 10 nodes, 15 edges, 3-regular, so Metropolis weights are all 1/4.
  static let petersen = Graph.petersen()

  @Test func countsRoundsMessagesAndBytes() throws {
    let graph = Self.petersen
    let w = try MixingMatrix.make(graph, rule: .metropolis)
    let communicator = InProcessCommunicator(
      network: graph, timeModel: try TimeModel(tau: 1, network: graph))
    let d = 3
    var x = Matrix(rows: 10, columns: d)
    for i in 0..<10 { for j in 0..<d { x[i, j] = Double(i * d + j) } }
    var y = Matrix(rows: 10, columns: d)
    for _ in 0..<4 { communicator.mix(x, with: w, into: &y) }
    #expect(communicator.counters.rounds == 4)
    #expect(communicator.counters.messages == 4 * 2 * 15)
    #expect(communicator.counters.bytes == 4 * 2 * 15 * 8 * d)
    // y_i = x_i/4 + Σ_{j∼i} x_j/4.
    for i in 0..<10 {
      for j in 0..<d {
        let expected = (x[i, j] + graph.neighbors(of: i).reduce(0.0) { $0 + x[$1, j] }) / 4
        #expect(abs(y[i, j] - expected) <= 1e-12)
      }
    }
  }

  @Test func aPackedPairIsOneRoundOfTwiceTheSize() throws {
    let graph = Self.petersen
    let w = try MixingMatrix.make(graph, rule: .metropolis)
    let communicator = InProcessCommunicator(
      network: graph, timeModel: try TimeModel(tau: 1, network: graph))
    let a = Matrix(rows: 10, columns: 2, repeating: 1)
    let b = Matrix(rows: 10, columns: 2, repeating: 3)
    var ya = Matrix(rows: 10, columns: 2)
    var yb = Matrix(rows: 10, columns: 2)
    communicator.mix(a, b, with: w, into: &ya, &yb)
    #expect(communicator.counters.rounds == 1)
    #expect(communicator.counters.messages == 30)
    #expect(communicator.counters.bytes == 30 * 8 * 4)
    #expect(communicator.communicationTime == 1)
    // W is doubly stochastic: constants are kept.
    #expect(ya.storage.allSatisfy { abs($0 - 1) <= 1e-15 })
    #expect(yb.storage.allSatisfy { abs($0 - 3) <= 1e-15 })
  }
}

@Suite struct TimeModelTests {
  @Test func timeIsGradientsOverTheSlowestSpeedPlusRoundsTimesTau() throws {
    let graph = try Graph.ring(nodes: 3)
    let objectives = Quadratics(agents: 3, dimension: 2)
    let timeModel = try TimeModel(tau: 0.3, network: graph, agentSpeeds: [1, 0.5, 2])
    #expect(timeModel.gradientTime == 2)
    var context = SimulationContext(
      communicator: InProcessCommunicator(network: graph, timeModel: timeModel),
      objectives: objectives, timeModel: timeModel)
    let x = Matrix(rows: 3, columns: 2)
    var g = Matrix(rows: 3, columns: 2)
    let w = try MixingMatrix.make(graph, rule: .metropolis)
    for _ in 0..<3 { context.gradients(at: x, into: &g) }
    for _ in 0..<4 { context.mix(x, with: w, into: &g) }
    #expect(context.gradientCalls == 3)
    #expect(abs(context.time - (3 * 2 + 4 * 0.3)) <= 1e-12)
  }

  @Test func aRoundLastsAsLongAsItsSlowestLink() throws {
    // Path 0–1–2: link 0–1 has latency 2 and bandwidth 100, link 1–2 only bandwidth 10 (τ = 1).
    let graph = Graph(nodeCount: 3, sortedUniqueEdges: [Edge(0, 1), Edge(1, 2)],
                      attributes: [EdgeAttributes(latency: 2, bandwidth: 100),
                                   EdgeAttributes(bandwidth: 10)])
    let model = try TimeModel(tau: 1, network: graph)
    #expect(abs(model.roundTime(bytesPerMessage: 80) - max(2 + 0.8, 1 + 8)) <= 1e-12)
    #expect(abs(model.roundTime(bytesPerMessage: 8) - max(2 + 0.08, 1 + 0.8)) <= 1e-12)
    let communicator = InProcessCommunicator(network: graph, timeModel: model)
    let w = try MixingMatrix.make(graph, rule: .metropolis)
    var y = Matrix(rows: 3, columns: 10)
    communicator.mix(Matrix(rows: 3, columns: 10), with: w, into: &y)
    communicator.mix(Matrix(rows: 3, columns: 10), with: w, into: &y)
    #expect(abs(communicator.communicationTime - 18) <= 1e-12)
  }

  @Test func invalidNumbersThrow() throws {
    let ring = try Graph.ring(nodes: 3)
    for speeds in [[1.0, 0, 1], [1, -1, 1], [1, .nan, 1], [1, .infinity, 1], [1, 1]] {
      #expect(throws: ParameterError.self) { try TimeModel(tau: 1, network: ring, agentSpeeds: speeds) }
    }
    for tau in [-1.0, .nan, .infinity] {
      #expect(throws: ParameterError.self) { try TimeModel(tau: tau, network: ring) }
    }
    for attributes in [EdgeAttributes(latency: -1), EdgeAttributes(latency: .nan),
                       EdgeAttributes(bandwidth: 0), EdgeAttributes(bandwidth: -5),
                       EdgeAttributes(bandwidth: .infinity)] {
      let graph = ring.withEdgeAttributes([attributes, .none, .none])
      #expect(throws: ParameterError.self) { try TimeModel(tau: 1, network: graph) }
    }
  }
}
