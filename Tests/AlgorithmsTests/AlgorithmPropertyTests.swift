@testable import Algorithms
import Experiments
import GossipCore
import GossipTestSupport
import LinearAlgebra
import Mixing
import Problems
import Simulation
import Testing
import Topology

/// Facts each algorithm must satisfy exactly (to rounding), from ALGORITHMS.md §5.
@Suite struct AlgorithmPropertyTests {
  static let abilene = Network.all.first { $0.name == "abilene" }!

  /// J = 11ᵀ/n as a sparse matrix: every entry stored.
  static func averaging(_ n: Int) -> SparseMatrix {
    SparseMatrix(
      rows: n, columns: n, rowPointers: (0...n).map { $0 * n },
      columnIndices: (0..<(n * n)).map { Int32($0 % n) },
      values: [Double](repeating: 1 / Double(n), count: n * n))
  }

  @Test func averagingDGDIsCentralizedGradientDescent() throws {
    // W = J, ATC: X¹ = J(X⁰ − α∇f(X⁰)); from X⁰ = 1x⁰ᵀ every row is x⁰ − α∇F(x⁰), because
    // (1/n)Σᵢ∇fᵢ = ∇F. Three steps follow three centralized steps.
    let network = try Network("complete-8", Graph.complete(nodes: 8))
    let setup = try Setup(network)
    let d = setup.dimension
    let alpha = 0.2
    let dgd = DGD(mixing: Self.averaging(8), schedule: .constant(alpha), variant: .adaptThenCombine)
    var centralized = (0..<d).map { 0.05 * Double($0 % 5) - 0.1 }
    var x0 = setup.origin
    for i in 0..<8 { for j in 0..<d { x0[i, j] = centralized[j] } }
    var context = try setup.context()
    var state = dgd.makeState(initial: x0, context: &context)
    for _ in 0..<3 {
      dgd.step(&state, context: &context)
      let gradient = setup.problem.gradient(centralized)
      for j in 0..<d { centralized[j] -= alpha * gradient[j] }
      for i in 0..<8 {
        for j in 0..<d { #expect(abs(state.x[i, j] - centralized[j]) <= 1e-12) }
      }
    }
  }

  @Test func averagingDGDMakesAllRowsEqual() throws {
    // From different rows, one ATC step with W = J gives the row x̄⁰ − α·(1/n)Σᵢ∇fᵢ(xᵢ⁰) everywhere.
    let network = try Network("complete-8", Graph.complete(nodes: 8))
    let setup = try Setup(network)
    let d = setup.dimension
    var x0 = setup.origin
    for i in 0..<8 { for j in 0..<d { x0[i, j] = 0.01 * Double((7 * i + 3 * j) % 11) - 0.05 } }
    var gradients = setup.origin
    setup.problem.gradients(at: x0, into: &gradients)
    let alpha = 0.2
    let expected = (0..<d).map { j in
      (0..<8).reduce(0.0) { $0 + x0[$1, j] - alpha * gradients[$1, j] } / 8
    }
    let dgd = DGD(mixing: Self.averaging(8), schedule: .constant(alpha), variant: .adaptThenCombine)
    var context = try setup.context()
    var state = dgd.makeState(initial: x0, context: &context)
    dgd.step(&state, context: &context)
    for i in 0..<8 {
      for j in 0..<d { #expect(abs(state.x[i, j] - expected[j]) <= 1e-12) }
    }
  }

  /// CTA DGD fuses its step with the gradients block by block: X¹ is W X⁰ − α∇f(X⁰) bit for
  /// bit, on one thread (16 agents) and split over the cores (2,000), least squares from the
  /// agents' quadratic forms.
  @Test(arguments: [16, 2_000])
  func combineThenAdaptIsTheRoundMinusTheStepBitForBit(nodes: Int) throws {
    let graph = try Graph.ring(nodes: nodes)
    let mixing = try MixingMatrix.make(graph, rule: .metropolis)
    var rng = SeededGenerator(seed: 21)
    let data = try Synthetic.regression(samples: 10 * nodes, features: 10, noise: 0.1, using: &rng)
    let problem = try DistributedProblem(
      kind: .leastSquares, dataset: data,
      assignment: try Partition.assign(
        samples: data.sampleCount, labels: data.labels, agents: nodes, rule: .iid, using: &rng))
    let objectives = ProblemObjectives(problem: problem)
    let timeModel = try TimeModel(tau: 1, network: graph)
    var context = SimulationContext(
      communicator: InProcessCommunicator(network: graph, timeModel: timeModel),
      objectives: objectives, timeModel: timeModel)
    let x0 = Matrix(rows: nodes, columns: 10) { x in
      for k in x.indices { x[k] = Double.random(in: -1...1, using: &rng) }
    }
    let alpha = 0.3
    var (wx, g) = (Matrix(rows: nodes, columns: 10), Matrix(rows: nodes, columns: 10))
    mixing.multiply(x0, into: &wx)
    objectives.gradients(at: x0, into: &g)
    let expected = zip(wx.storage, g.storage).map { ($0 - alpha * $1).bitPattern }

    let dgd = DGD(mixing: mixing, schedule: .constant(alpha))
    var state = dgd.makeState(initial: x0, context: &context)
    dgd.step(&state, context: &context)
    #expect(state.x.storage.map(\.bitPattern) == expected)
    #expect(context.gradientCalls == 1 && context.communicator.counters.rounds == 1)
  }

  @Test func constantStepDGDStallsAtABiasLinearInTheStep() throws {
    // On the ridge problem, DGD with a constant step converges to a fixed point away from x*.
    // Its bias, the root mean square distance of the agents to x*, is O(α) for α ≪ (1 − λ₂)/L
    // (α = default/32 here; at default/4 the α² terms already show). Measured on the ring of
    // 16: 0.0108, 0.0204, 0.0371, ratios 1.90 and 1.81; the test accepts ratios 2 ± 0.3.
    let network = Network.all.first { $0.name == "ring-16" }!
    let setup = try Setup(
      network, kind: .ridge, dataset: WalshRidge.dataset,
      regularization: WalshRidge.regularization)
    let optimum = setup.problem.objective(WalshRidge.optimum)
    let base = DGD.defaultStep(
      smoothness: setup.smoothness, smallestMixingEigenvalue: network.smallestEigenvalue) / 32
    let biases = try [1.0, 2, 4].map { factor in
      let trace = try setup.run(
        DGD(mixing: network.mixing, schedule: .constant(factor * base)), optimum: optimum,
        iterations: 20_000, recordEvery: 20_000)
      let last = try #require(trace.records.last)
      // (1/n)Σ‖xᵢ − x*‖² = consensus error + ‖x̄ − x*‖², and F(x̄) − F* = ((1 + λ)/2)‖x̄ − x*‖².
      let distance = 2 * last.suboptimality! / (1 + WalshRidge.regularization)
      return (last.consensusError + distance).squareRoot()
    }
    #expect(biases[0] > 1e-4)
    #expect(biases[0] < biases[1] && biases[1] < biases[2])
    for k in 0..<2 {
      let ratio = biases[k + 1] / biases[k]
      #expect(abs(ratio - 2) <= 0.3, "bias ratio \(ratio) for α \(base * Double(1 << k))")
    }
  }

  @Test(arguments: GradientTracking.Variant.allCases)
  func trackingKeepsTheGradientSum(variant: GradientTracking.Variant) throws {
    // Σᵢ yᵢᵏ = Σᵢ ∇fᵢ(xᵢᵏ) at every iteration, because W is doubly stochastic and Y⁰ = ∇f(X⁰).
    let setup = try Setup(Self.abilene)
    let step = GradientTracking.defaultStep(
      smoothness: setup.smoothness, smallestMixingEigenvalue: Self.abilene.smallestEigenvalue,
      variant: variant)
    let tracking = GradientTracking(mixing: Self.abilene.mixing, step: step, variant: variant)
    var context = try setup.context()
    var state = tracking.makeState(initial: setup.origin, context: &context)
    var gradients = setup.origin
    for _ in 0...300 {
      setup.problem.gradients(at: state.x, into: &gradients)
      for j in 0..<setup.dimension {
        var trackerSum = 0.0
        var gradientSum = 0.0
        for i in 0..<setup.agents {
          trackerSum += state.y[i, j]
          gradientSum += gradients[i, j]
        }
        #expect(abs(trackerSum - gradientSum) <= 1e-10 * max(1, abs(gradientSum)))
      }
      tracking.step(&state, context: &context)
    }
  }

  @Test func extraFixedPointIsStationary() throws {
    // With Xᵏ = Xᵏ⁺¹ = 1x*ᵀ: Xᵏ⁺² = (I + W)1x*ᵀ − W̃1x*ᵀ − α·0 = 1x*ᵀ, since W1 = 1.
    let setup = try Setup(Self.abilene)
    let solution = try ReferenceSolver.solve(setup.problem)
    var optimal = setup.origin
    for i in 0..<setup.agents {
      for j in 0..<setup.dimension { optimal[i, j] = solution.x[j] }
    }
    let network = Self.abilene
    let extra = EXTRA(
      mixing: network.mixing,
      step: EXTRA.defaultStep(
        smoothness: setup.smoothness, smallestMixingEigenvalue: network.smallestEigenvalue))
    var context = try setup.context()
    var mixed = setup.origin
    network.mixing.multiply(optimal, into: &mixed)
    var gradient = setup.origin
    setup.problem.gradients(at: optimal, into: &gradient)
    var state = EXTRA.State(
      x: optimal, previous: optimal, next: setup.origin, mixed: setup.origin,
      previousMixed: mixed, gradient: setup.origin, previousGradient: gradient, iteration: 1)
    for _ in 0..<50 {
      extra.step(&state, context: &context)
      let deviation = zip(state.x.storage, optimal.storage).map { abs($0 - $1) }.max()!
      #expect(deviation <= 1e-10)
    }
  }

  /// Rounds, messages, bytes and gradient calls per iteration, Y⁰'s gradient included.
  @Test func everyRoundAndGradientIsCounted() throws {
    let network = Self.abilene
    let setup = try Setup(network)
    let d = Double(setup.dimension)
    let links = Double(2 * network.graph.edgeCount)
    // (algorithm, gradient calls in makeState, rounds per iteration, doubles per message)
    let cases: [(any DecentralizedAlgorithm, Int, Int, Double)] = [
      (DGD(mixing: network.mixing, schedule: .constant(0.01)), 0, 1, d),
      (EXTRA(mixing: network.mixing, step: 0.01), 0, 1, d),
      (GradientTracking(mixing: network.mixing, step: 0.01), 1, 1, 2 * d),
      (GradientTracking(mixing: network.mixing, step: 0.01, variant: .adaptThenCombine), 1, 2, d),
    ]
    for (algorithm, initialCalls, roundsPerIteration, doubles) in cases {
      try check(algorithm, setup: setup, initialCalls: initialCalls,
                roundsPerIteration: roundsPerIteration, bytesPerRound: Int(links * doubles * 8))
    }
  }

  private func check(
    _ algorithm: some DecentralizedAlgorithm, setup: Setup, initialCalls: Int,
    roundsPerIteration: Int, bytesPerRound: Int
  ) throws {
    var context = try setup.context(tau: 0.5)
    var state = algorithm.makeState(initial: setup.origin, context: &context)
    #expect(context.gradientCalls == initialCalls)
    for _ in 0..<7 { algorithm.step(&state, context: &context) }
    let counters = context.communicator.counters
    #expect(context.gradientCalls == initialCalls + 7, "\(algorithm.name)")
    #expect(counters.rounds == 7 * roundsPerIteration, "\(algorithm.name)")
    #expect(counters.bytes == 7 * roundsPerIteration * bytesPerRound, "\(algorithm.name)")
    #expect(context.time == Double(initialCalls + 7) + 0.5 * Double(7 * roundsPerIteration))
  }

  /// No step copies a buffer: copy-on-write of a shared buffer would show as a new address.
  @Test func stepsKeepTheirBuffers() throws {
    let network = Self.abilene
    let setup = try Setup(network)
    let algorithms: [any DecentralizedAlgorithm] = [
      DGD(mixing: network.mixing, schedule: .constant(0.01)),
      DGD(mixing: network.mixing, schedule: .constant(0.01), variant: .adaptThenCombine),
      EXTRA(mixing: network.mixing, step: 0.01),
      GradientTracking(mixing: network.mixing, step: 0.01),
      GradientTracking(mixing: network.mixing, step: 0.01, variant: .adaptThenCombine),
    ]
    for algorithm in algorithms { try checkBuffers(algorithm, setup: setup) }
  }

  private func checkBuffers(_ algorithm: some DecentralizedAlgorithm, setup: Setup) throws {
    var context = try setup.context()
    let x0 = setup.origin
    var state = algorithm.makeState(initial: x0, context: &context)
    let initial = bufferAddresses(state)
    #expect(initial.count == Set(initial).count, "\(algorithm.name): state buffers are shared")
    #expect(!initial.contains(address(of: x0)), "\(algorithm.name): state shares X⁰")
    for _ in 0..<4 { algorithm.step(&state, context: &context) }
    #expect(Set(bufferAddresses(state)) == Set(initial), "\(algorithm.name) copied a buffer")
  }
}

/// The base address of a matrix's buffer.
func address(of m: Matrix) -> UInt {
  m.storage.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
}

/// The buffer addresses of every ``Matrix`` stored in `value` (found by reflection).
func bufferAddresses(_ value: Any) -> [UInt] {
  Mirror(reflecting: value).children.compactMap { ($0.value as? Matrix).map(address(of:)) }
}
