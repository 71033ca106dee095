import Algorithms
import Foundation
import LinearAlgebra
import Mixing
import Simulation
import Testing
import Topology

/// Objectives that are never called: Chebyshev gossip only communicates.
private struct NoObjectives: LocalObjectives {
  let agentCount: Int
  var dimension: Int { 1 }
  func gradients(
    rows: Range<Int>, at x: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>
  ) {}
  var maximumLocalSmoothness: Double { 0 }
  var strongConvexity: Double { 0 }
  var isSmooth: Bool { true }
}

/// ALGORITHMS.md §1.5, with W the Laplacian of a ring of 20 (eigenvalues 2 − 2cos(2πk/20)).
@Suite struct ChebyshevGossipTests {
  static let n = 20
  static let ring = try! Graph.ring(nodes: n)
  static let lambdaMax = 4.0
  static let lambdaSmallest = 2 - 2 * cos(2 * Double.pi / Double(n))

  /// P_K = P_K(W)·I, built by one application to the identity, and the rounds it took.
  static func polynomial(_ gossip: ChebyshevGossip, graph: Graph) throws -> (Matrix, Int) {
    let timeModel = try TimeModel(tau: 1, network: graph)
    let context = SimulationContext(
      communicator: InProcessCommunicator(network: graph, timeModel: timeModel),
      objectives: NoObjectives(agentCount: graph.nodeCount), timeModel: timeModel)
    var workspace = ChebyshevGossip.Workspace(rows: graph.nodeCount, columns: graph.nodeCount)
    var p = Matrix(rows: graph.nodeCount, columns: graph.nodeCount)
    gossip.apply(.identity(graph.nodeCount), into: &p, workspace: &workspace, context: context)
    let once = context.communicator.counters.rounds
    gossip.apply(.identity(graph.nodeCount), into: &p, workspace: &workspace, context: context)
    #expect(context.communicator.counters.rounds == 2 * once)
    return (p, once)
  }

  @Test func acceleratedGossipMatrixHasTheSpectrumOfTheTheory() throws {
    let gossip = ChebyshevGossip(
      gossip: MixingMatrix.laplacian(Self.ring), lambdaMax: Self.lambdaMax,
      smallestPositiveEigenvalue: Self.lambdaSmallest)
    // γ = 0.0245 and K = ⌊1/√γ⌋ = 6 (ALGORITHMS.md §1.5, numpy).
    #expect(abs(gossip.eigengap - 0.0245) < 5e-5)
    #expect(gossip.rounds == 6)
    let (p, rounds) = try Self.polynomial(gossip, graph: Self.ring)
    #expect(rounds == 6)
    let n = Self.n
    for i in 0..<n {
      var rowSum = 0.0
      for j in 0..<n {
        #expect(abs(p[i, j] - p[j, i]) <= 1e-12)
        rowSum += p[i, j]
      }
      #expect(abs(rowSum) <= 1e-12)
    }
    let eigenvalues = try SymmetricEigen.eigenvalues(of: p)
    #expect(abs(eigenvalues[0]) <= 1e-12)
    let bounds = gossip.spectrumBounds
    for value in eigenvalues.dropFirst() {
      #expect(value >= bounds.lowerBound - 1e-12 && value <= bounds.upperBound + 1e-12)
    }
    let gamma = eigenvalues[1] / eigenvalues[n - 1]
    let ck = pow(gossip.c1, Double(gossip.rounds))
    #expect(gamma >= (1 - ck) * (1 - ck) / ((1 + ck) * (1 + ck)))
    // numpy on the same ring: γ(P_6) = 0.5460, bound 0.5448 (ALGORITHMS.md §6).
    #expect(abs(gamma - 0.5460) < 1e-4)
  }

  @Test func oneRoundIsTheScaledGossipMatrix() throws {
    // P_1(W) = I − c₂(I − c₃W)/c₂ = c₃W with c₃ = 2/((1 + γ)λ₁).
    let laplacian = MixingMatrix.laplacian(Self.ring)
    let gossip = ChebyshevGossip(
      gossip: laplacian, lambdaMax: Self.lambdaMax,
      smallestPositiveEigenvalue: Self.lambdaSmallest, rounds: 1)
    let gamma = Self.lambdaSmallest / Self.lambdaMax
    let c3 = 2 / ((1 + gamma) * Self.lambdaMax)
    let (p, rounds) = try Self.polynomial(gossip, graph: Self.ring)
    #expect(rounds == 1)
    let w = laplacian.toDense()
    for k in 0..<p.storage.count { #expect(abs(p.storage[k] - c3 * w.storage[k]) <= 1e-12) }
  }

  @Test func completeGraphNeedsOneRound() throws {
    // The Laplacian of K₆ has eigenvalues 0 and 6 (γ = 1): the result is W/λ₁ = I − 11ᵀ/6.
    let complete = try Graph.complete(nodes: 6)
    let gossip = ChebyshevGossip(
      gossip: MixingMatrix.laplacian(complete), lambdaMax: 6, smallestPositiveEigenvalue: 6,
      rounds: 3)
    #expect(gossip.rounds == 1)
    let (p, rounds) = try Self.polynomial(gossip, graph: complete)
    #expect(rounds == 1)
    for i in 0..<6 {
      for j in 0..<6 { #expect(abs(p[i, j] - ((i == j ? 1 : 0) - 1.0 / 6)) <= 1e-12) }
    }
    #expect(gossip.spectrumBounds == 1...1)
  }

  @Test func workspaceBuffersAreNotCopied() throws {
    let gossip = ChebyshevGossip(
      gossip: MixingMatrix.laplacian(Self.ring), lambdaMax: Self.lambdaMax,
      smallestPositiveEigenvalue: Self.lambdaSmallest)
    let timeModel = try TimeModel(tau: 1, network: Self.ring)
    let context = SimulationContext(
      communicator: InProcessCommunicator(network: Self.ring, timeModel: timeModel),
      objectives: NoObjectives(agentCount: Self.n), timeModel: timeModel)
    var workspace = ChebyshevGossip.Workspace(rows: Self.n, columns: 3)
    let initial = bufferAddresses(workspace)
    #expect(Set(initial).count == 3)
    let x = Matrix(rows: Self.n, columns: 3, repeating: 1)
    var out = Matrix(rows: Self.n, columns: 3)
    let outAddress = address(of: out)
    gossip.apply(x, into: &out, workspace: &workspace, context: context)
    #expect(Set(bufferAddresses(workspace)) == Set(initial))
    #expect(address(of: out) == outAddress)
  }
}
