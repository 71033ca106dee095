import GossipCore
import LinearAlgebra

/// When a run ends: the first rule reached. At least one of `iterations`, `time`, `rounds`
/// must be set so that every run ends; `tolerance` (on F(x̄) − F*) is checked when recording.
public struct StopRule: Sendable, Equatable, Codable {
  public var iterations: Int?
  public var time: Double?
  public var rounds: Int?
  public var tolerance: Double?

  public init(iterations: Int? = nil, time: Double? = nil, rounds: Int? = nil, tolerance: Double? = nil) throws {
    guard iterations != nil || time != nil || rounds != nil else {
      throw ParameterError("stop needs iterations, time or rounds (tolerance alone might never be reached)")
    }
    if let iterations, iterations < 0 { throw ParameterError("stop.iterations must be ≥ 0, got \(iterations)") }
    if let rounds, rounds < 0 { throw ParameterError("stop.rounds must be ≥ 0, got \(rounds)") }
    if let time, !(time >= 0) { throw ParameterError("stop.time must be ≥ 0, got \(time)") }
    if let tolerance, !(tolerance > 0) { throw ParameterError("stop.tolerance must be > 0, got \(tolerance)") }
    self.iterations = iterations
    self.time = time
    self.rounds = rounds
    self.tolerance = tolerance
  }
}

/// The metrics of one recorded iteration (one row of `metrics.csv`).
public struct Record: Sendable, Equatable {
  public var iteration: Int
  public var time: Double
  public var rounds: Int
  public var messages: Int
  public var bytes: Int
  /// Per agent.
  public var gradientCalls: Int
  /// F(x̄).
  public var objective: Double
  /// F(x̄) − F*, when F* is known.
  public var suboptimality: Double?
  /// maxᵢ F(xᵢ) − F*, when observed and F* is known.
  public var worstSuboptimality: Double?
  /// (1/n) Σᵢ ‖xᵢ − x̄‖².
  public var consensusError: Double
  public var trainAccuracy: Double?
  public var testAccuracy: Double?
}

/// How a run ended.
public enum RunStatus: String, Sendable, Codable {
  /// A stop rule on iterations, time or rounds was reached.
  case completed
  /// F(x̄) − F* fell below `stop.tolerance`.
  case converged
  /// The iterates became non-finite or grew past the divergence bound; the run was stopped.
  case diverged
  /// The user interrupted the run (Ctrl-C); what was recorded is kept.
  case interrupted
}

/// Every agent's state at one recorded iteration, for pictures of the network (small networks only).
public struct AgentSnapshot: Sendable, Equatable {
  public var iteration: Int
  /// fᵢ(xᵢ).
  public var objective: [Double]
  /// ‖xᵢ − x̄‖².
  public var distanceToAverage: [Double]
}

/// The recorded history of one algorithm's run.
public struct Trace: Sendable {
  public var algorithm: String
  public var parameters: [String: Double]
  public var records: [Record]
  /// Per-agent snapshots at the recorded iterations, when the runner was asked for them.
  public var snapshots: [AgentSnapshot]
  public var status: RunStatus
  /// The last iteration performed.
  public var iterations: Int
}

/// Runs an algorithm until a stop rule, recording every `recordEvery` iterations.
///
/// Iteration 0 (the initial point) and the last iteration are always recorded, and the stop
/// rules on iterations, rounds and time are checked before every iteration (an iteration that
/// passes a rounds or time limit is completed, so a run may overshoot by less than one
/// iteration). `stop.tolerance` is checked at every record, iteration 0 included.
///
/// Divergence: every record is checked to be finite and within the growth bound of
/// ``divergenceFactor``; a run that fails either is stopped and marked ``RunStatus/diverged``.
/// Only finite records are kept: a run whose iterates overflowed between two records ends with
/// its last finite record, and ``Trace/iterations`` tells the record at which the overflow was
/// seen. (Nothing is checked between records, so an iteration costs nothing beyond the
/// algorithm's step.)
public struct Runner: Sendable {
  public var stop: StopRule
  public var recordEvery: Int
  /// F*, from the centralized reference solver.
  public var optimum: Double?
  /// Whether to keep an ``AgentSnapshot`` at every recorded iteration (n values each).
  public var snapshotAgents: Bool

  /// Growth factor past which a run counts as diverging: F(x̄) − F* (or |F(x̄)| without F*)
  /// beyond `factor · max(1, initial)`, or the consensus error beyond
  /// `factor² · max(1, initial)`.
  public static let divergenceFactor = 1e8

  public init(stop: StopRule, recordEvery: Int, optimum: Double?, snapshotAgents: Bool = false) throws {
    guard recordEvery >= 1 else { throw ParameterError("record.every must be ≥ 1, got \(recordEvery)") }
    self.stop = stop
    self.recordEvery = recordEvery
    self.optimum = optimum
    self.snapshotAgents = snapshotAgents
  }

  /// - Parameters:
  ///   - isCancelled: polled once per iteration (Ctrl-C); a cancelled run ends
  ///     ``RunStatus/interrupted`` with its last iteration recorded.
  ///   - progress: called with every record kept (the CLI shows it on a terminal).
  public func run<Algorithm: DecentralizedAlgorithm>(
    _ algorithm: Algorithm, initial x0: Matrix, context: inout SimulationContext,
    observer: any Observer, isCancelled: () -> Bool = { false },
    progress: (Record) -> Void = { _ in }
  ) -> Trace {
    var state = algorithm.makeState(initial: x0, context: &context)
    var probe = Probe(agents: x0.rows, dimension: x0.columns)
    var trace = Trace(algorithm: algorithm.name, parameters: algorithm.parameters, records: [],
                      snapshots: [], status: .completed, iterations: 0)
    /// Records `iteration`; a non-finite record is not kept. Returns the status it calls for.
    func record(_ iteration: Int, bound: DivergenceBound?) -> (Record, RunStatus?) {
      let estimates = algorithm.estimates(state)
      let r = probe.record(iteration: iteration, estimates: estimates,
                           context: context, observer: observer, optimum: optimum)
      guard r.isFinite else { return (r, .diverged) }
      trace.records.append(r)
      if snapshotAgents {
        let communicator = context.communicator
        trace.snapshots.append(AgentSnapshot(
          iteration: iteration,
          objective: communicator.gatherObserved(observer.agentObjectives(estimates: estimates)),
          distanceToAverage: communicator.gatherObserved(probe.distances(of: estimates))))
      }
      progress(r)
      if let bound, bound.isExceeded(by: r) { return (r, .diverged) }
      if let tolerance = stop.tolerance, let s = r.suboptimality, s <= tolerance {
        return (r, .converged)
      }
      return (r, nil)
    }
    let (first, firstStatus) = record(0, bound: nil)
    let bound = DivergenceBound(first: first, factor: Self.divergenceFactor)
    trace.status = firstStatus ?? .completed
    var iteration = 0
    var recorded = 0
    while trace.status == .completed {
      if let limit = stop.iterations, iteration >= limit { break }
      if let limit = stop.rounds, context.communicator.counters.rounds >= limit { break }
      if let limit = stop.time, context.time >= limit { break }
      if isCancelled() {
        trace.status = .interrupted
        break
      }
      algorithm.step(&state, context: &context)
      iteration += 1
      if iteration % recordEvery == 0 {
        recorded = iteration
        trace.status = record(iteration, bound: bound).1 ?? .completed
      }
    }
    if recorded != iteration {
      let status = record(iteration, bound: bound).1
      if trace.status == .completed, let status { trace.status = status }
    }
    trace.iterations = iteration
    return trace
  }
}

extension Record {
  /// Whether the numbers a divergence would spoil are finite.
  var isFinite: Bool {
    objective.isFinite && consensusError.isFinite && (suboptimality?.isFinite ?? true)
      && (worstSuboptimality?.isFinite ?? true)
  }
}

/// When objective or consensus error have grown past `factor` times their initial size.
private struct DivergenceBound {
  let objectiveBound: Double
  let consensusBound: Double

  init(first: Record, factor: Double) {
    let initialGap = first.suboptimality ?? abs(first.objective)
    objectiveBound = factor * max(1, initialGap)
    consensusBound = factor * factor * max(1, first.consensusError)
  }

  func isExceeded(by r: Record) -> Bool {
    let gap = r.suboptimality ?? abs(r.objective)
    return !gap.isFinite || !r.consensusError.isFinite || gap > objectiveBound
      || r.consensusError > consensusBound
  }
}

/// The scratch space of observation, allocated once per run.
///
/// The average and the consensus error are exact sums (``ExactSum``) combined over the
/// communicator's processes, so they do not depend on how the agents are spread over processes.
private struct Probe {
  /// ‖xᵢ − x̄‖² for every local agent, with x̄ from the last ``record``.
  func distances(of x: Matrix) -> [Double] {
    let d = x.columns
    return (0..<x.rows).map { i in
      var sum = 0.0
      for j in 0..<d {
        let e = x[i, j] - average[j]
        sum += e * e
      }
      return sum
    }
  }

  var average: [Double]
  var sums: [ExactSum]
  var deviation = [ExactSum()]
  var bins = BinnedSum()

  init(agents: Int, dimension: Int) {
    average = [Double](repeating: 0, count: dimension)
    sums = [ExactSum](repeating: ExactSum(), count: dimension)
  }

  mutating func record(
    iteration: Int, estimates x: Matrix, context: SimulationContext, observer: any Observer,
    optimum: Double?
  ) -> Record {
    let communicator = context.communicator
    let n = Double(communicator.localAgents.total)
    let d = x.columns
    ExactSum.columnSums(of: x, into: &sums, using: &bins)
    communicator.combineObserved(&sums)
    for j in 0..<d { average[j] = sums[j].value / n }
    deviation[0] = ExactSum.squaredDeviations(of: x, from: average, using: &bins)
    communicator.combineObserved(&deviation)
    let consensus = deviation[0].value / n
    var observation = observer.observe(estimates: x, average: average)
    observation.worstAgentObjective = observation.worstAgentObjective.map {
      communicator.maximumObserved($0)
    }
    let counters = communicator.counters
    return Record(
      iteration: iteration, time: context.time, rounds: counters.rounds,
      messages: counters.messages, bytes: counters.bytes, gradientCalls: context.gradientCalls,
      objective: observation.objective,
      suboptimality: optimum.map { observation.objective - $0 },
      worstSuboptimality: optimum.flatMap { f in observation.worstAgentObjective.map { $0 - f } },
      consensusError: consensus, trainAccuracy: observation.trainAccuracy,
      testAccuracy: observation.testAccuracy)
  }
}
