import GossipCore
import LinearAlgebra
import Mixing
import Simulation
import Testing
import Topology

/// The runner on fᵢ(x) = ½‖x − bᵢ‖² over a ring of 6 agents, d = 2, from X = 0.
@Suite struct RunnerTests {
  static let graph = try! Graph.ring(nodes: 6)
  static let objectives = Quadratics(agents: 6, dimension: 2)
  static let metropolis = try! MixingMatrix.make(graph, rule: .metropolis)

  /// J = 11ᵀ/6: with it, x̄ follows centralized gradient descent on F.
  static let averaging = SparseMatrix(
    rows: 6, columns: 6, rowPointers: (0...6).map { $0 * 6 },
    columnIndices: (0..<36).map { Int32($0 % 6) }, values: [Double](repeating: 1.0 / 6, count: 36))

  static func context(tau: Double = 0) throws -> SimulationContext {
    let timeModel = try TimeModel(tau: tau, network: graph)
    return SimulationContext(
      communicator: InProcessCommunicator(network: graph, timeModel: timeModel),
      objectives: objectives, timeModel: timeModel)
  }

  func run(
    _ stop: StopRule, every: Int = 1, step: Double = 0.5, mixing: SparseMatrix = metropolis,
    tau: Double = 0, snapshots: Bool = false, isCancelled: () -> Bool = { false }
  ) throws -> Trace {
    var context = try Self.context(tau: tau)
    let runner = try Runner(
      stop: stop, recordEvery: every, optimum: Self.objectives.optimum, snapshotAgents: snapshots)
    return runner.run(
      GradientStepAndMix(mixing: mixing, step: step), initial: Matrix(rows: 6, columns: 2),
      context: &context, observer: Self.objectives, isCancelled: isCancelled)
  }

  @Test func stopsAfterTheIterationsAndRecordsEveryK() throws {
    let trace = try run(StopRule(iterations: 10), every: 3)
    #expect(trace.status == .completed)
    #expect(trace.iterations == 10)
    #expect(trace.records.map(\.iteration) == [0, 3, 6, 9, 10])
    #expect(trace.records.map(\.rounds) == [0, 3, 6, 9, 10])
    #expect(trace.records.map(\.gradientCalls) == [0, 3, 6, 9, 10])
    #expect(trace.records.map(\.messages) == [0, 3, 6, 9, 10].map { $0 * 12 })
    // At X = 0: F(0) = (1/6)Σᵢ ½‖bᵢ‖², consensus error 0.
    let first = trace.records[0]
    #expect(abs(first.objective - Self.objectives.globalObjective([0, 0])) <= 1e-12)
    #expect(first.consensusError == 0)
    #expect(abs(first.suboptimality! - (first.objective - Self.objectives.optimum)) <= 1e-12)
  }

  @Test func stopsAtTheRoundLimit() throws {
    let trace = try run(StopRule(rounds: 7), every: 5)
    #expect(trace.iterations == 7)
    #expect(trace.records.last?.rounds == 7)
    #expect(trace.records.map(\.iteration) == [0, 5, 7])
  }

  @Test func stopsAtTheTimeLimit() throws {
    // One gradient (1) and one round (τ = 0.5) per iteration: time 6 after 4 iterations.
    let trace = try run(StopRule(time: 6), tau: 0.5)
    #expect(trace.iterations == 4)
    #expect(trace.records.last?.time == 6)
  }

  @Test func convergesToTheTolerance() throws {
    // With W = J and α = 0.5, x̄ − x* halves every iteration and F(x̄) − F* = ½‖x̄ − x*‖²
    // falls by 4, so 1e-8 is reached after about 20 iterations, well before 100.
    let trace = try run(StopRule(iterations: 100, tolerance: 1e-8), every: 2,
                        mixing: Self.averaging)
    #expect(trace.status == .converged)
    #expect(trace.iterations < 100)
    let last = try #require(trace.records.last)
    #expect(last.iteration == trace.iterations)
    #expect(last.suboptimality! <= 1e-8)
    #expect(trace.records.dropLast().allSatisfy { $0.suboptimality! > 1e-8 })
  }

  @Test func aHugeStepDiverges() throws {
    let trace = try run(StopRule(iterations: 1000), step: 1e6)
    #expect(trace.status == .diverged)
    #expect(trace.iterations < 1000)
    #expect(trace.records.allSatisfy { $0.objective.isFinite && $0.consensusError.isFinite })
  }

  @Test func overflowBetweenRecordsDivergesWithFiniteRecords() throws {
    // Records every 1000 iterations, but |x| grows ~1e6 per iteration and overflows near
    // iteration 52: the record at 1000 is not finite, so the run stops there and keeps only
    // the finite record of iteration 0.
    let trace = try run(StopRule(iterations: 5000), every: 1000, step: 1e6)
    #expect(trace.status == .diverged)
    #expect(trace.iterations == 1000)
    #expect(trace.records.map(\.iteration) == [0])
  }

  @Test func cancellationInterrupts() throws {
    var polls = 0
    let trace = try run(StopRule(iterations: 100), every: 10) {
      polls += 1
      return polls > 5
    }
    #expect(trace.status == .interrupted)
    #expect(trace.iterations == 5)
    #expect(trace.records.map(\.iteration) == [0, 5])
  }

  @Test func snapshotsDescribeEveryAgent() throws {
    let trace = try run(StopRule(iterations: 4), every: 2, snapshots: true)
    #expect(trace.snapshots.map(\.iteration) == [0, 2, 4])
    for (snapshot, record) in zip(trace.snapshots, trace.records) {
      #expect(snapshot.objective.count == 6 && snapshot.distanceToAverage.count == 6)
      // (1/n)Σ‖xᵢ − x̄‖² is the consensus error.
      let mean = snapshot.distanceToAverage.reduce(0, +) / 6
      #expect(abs(mean - record.consensusError) <= 1e-12 * max(1, mean))
    }
    // At X = 0 agent i sees fᵢ(0) = ½‖bᵢ‖².
    let expected = (0..<6).map { Self.objectives.localObjective($0, [0, 0]) }
    #expect(zip(trace.snapshots[0].objective, expected).allSatisfy { abs($0 - $1) <= 1e-12 })
  }

  @Test func invalidRulesThrow() {
    #expect(throws: ParameterError.self) { try StopRule(tolerance: 1e-3) }
    #expect(throws: ParameterError.self) { try StopRule(iterations: -1) }
    #expect(throws: ParameterError.self) { try StopRule(rounds: -1) }
    #expect(throws: ParameterError.self) { try StopRule(time: .nan) }
    #expect(throws: ParameterError.self) { try StopRule(iterations: 1, tolerance: 0) }
    #expect(throws: ParameterError.self) {
      try Runner(stop: StopRule(iterations: 1), recordEvery: 0, optimum: nil)
    }
  }
}
