import Foundation
import LinearAlgebra

/// The step rule applied to the local (DGD) or tracked (gradient tracking) direction.
public enum GCNOptimizer: String, Sendable, CaseIterable {
  /// `d = g`.
  case sgd
  /// Adam (Kingma & Ba, arXiv 1412.6980) with β₁ = 0.9, β₂ = 0.999, ε = 1e-8, per agent.
  case adam
}

/// How the agents' copies are combined over the communication graph (ALGORITHMS.md §4.4).
public enum GCNConsensus: String, Sendable, CaseIterable {
  /// Adapt-then-combine: `θ_a ← Σ_b C_ab (θ_b − α d_b)`, `d_b` from `M·g_b`.
  case dgd
  /// `θ_a ← Σ_b C_ab (θ_b − α d_b)` with `d_b` from the tracker
  /// `y_a ← Σ_b C_ab y_b + M(g_a^{t+1} − g_a^t)`, `y_a⁰ = M g_a⁰`; θ and y travel in one message.
  case gradientTracking = "gradient-tracking"
}

/// Training settings.
public struct GCNTrainingOptions: Sendable, Equatable {
  public var epochs: Int
  public var learningRate: Double
  public var optimizer: GCNOptimizer
  public var consensus: GCNConsensus

  public init(
    epochs: Int = 200, learningRate: Double = 0.01, optimizer: GCNOptimizer = .adam,
    consensus: GCNConsensus = .dgd
  ) {
    self.epochs = epochs
    self.learningRate = learningRate
    self.optimizer = optimizer
    self.consensus = consensus
  }
}

/// Communication of the three phases of training, cumulative.
public struct GCNTraffic: Sendable, Equatable {
  public var inference = Traffic()
  public var backprop = Traffic()
  public var consensus = Traffic()

  public init() {}

  public var totalBytes: Int { inference.bytes + backprop.bytes + consensus.bytes }
  public var totalMessages: Int { inference.messages + backprop.messages + consensus.messages }
  public var totalRounds: Int { inference.rounds + backprop.rounds + consensus.rounds }
}

/// What one epoch measured, after its update.
public struct GCNEpochRecord: Sendable, Equatable {
  public let epoch: Int
  /// `J` of the epoch's training pass (with dropout), summed over agents, before the update.
  public let trainLoss: Double
  public let trainAccuracy: Double
  public let validationAccuracy: Double
  public let testAccuracy: Double
  /// `(1/M) Σ_a ‖θ_a − θ̄‖²` after the update (0 for centralized training).
  public let consensusError: Double
  /// Traffic of the training protocol so far (evaluation passes are not counted).
  public let traffic: GCNTraffic
}

/// Decentralized training of a ``DistributedGCN`` over a communication graph with consensus
/// matrix `C` (symmetric, doubly stochastic, `M × M`). With M = 1 and `C = [1]` it is
/// centralized training.
public struct GCNTrainer: Sendable {
  public let model: DistributedGCN
  public let consensusMatrix: SparseMatrix
  public let options: GCNTrainingOptions

  /// - Precondition: `C` is `M × M` for the model's M agents.
  public init(model: DistributedGCN, consensusMatrix: SparseMatrix, options: GCNTrainingOptions) {
    precondition(consensusMatrix.rows == model.layout.agentCount
                 && consensusMatrix.columns == model.layout.agentCount,
                 "C must be M×M for M = \(model.layout.agentCount) agents")
    self.model = model
    self.consensusMatrix = consensusMatrix
    self.options = options
  }

  /// The copies θ⁰: one Glorot draw shared by every agent.
  public func initialWeights(using rng: inout some RandomNumberGenerator) -> Matrix {
    let theta = model.shape.glorotInitialization(using: &rng)
    let m = model.layout.agentCount
    return Matrix(
      rows: m, columns: theta.count, storage: Array((0..<m).map { _ in theta }.joined()))
  }

  /// Trains for `options.epochs` epochs from `initial`, drawing dropout masks from `rng`;
  /// `observe` sees every epoch's record. Stops before the next epoch once `isCancelled` returns
  /// true (Ctrl-C). Returns the final copies.
  public func train(
    from initial: Matrix, dataset: NodeDataset, using rng: inout some RandomNumberGenerator,
    isCancelled: () -> Bool = { false }, observe: (GCNEpochRecord) -> Void = { _ in }
  ) -> Matrix {
    let m = model.layout.agentCount
    let p = model.shape.parameterCount
    // Off-diagonal stored entries of C: one message per directed link and round.
    let agentLinks = (0..<m).reduce(0) { count, a in
      count + (consensusMatrix.rowPointers[a]..<consensusMatrix.rowPointers[a + 1]).filter {
        Int(consensusMatrix.columnIndices[$0]) != a
      }.count
    }
    var theta = initial
    var traffic = GCNTraffic()
    var firstMoment = Matrix(rows: m, columns: p)
    var secondMoment = Matrix(rows: m, columns: p)
    var tracker = Matrix(rows: m, columns: p)
    var mixedTracker = Matrix(rows: m, columns: p)
    var previousGradient = Matrix(rows: m, columns: p)
    let (beta1, beta2, epsilon) = (0.9, 0.999, 1e-8)
    for epoch in stride(from: 1, through: options.epochs, by: 1) {
      if isCancelled() { break }
      let masks = DropoutMasks(
        storedFeatures: dataset.features.storedCount, nodes: dataset.nodeCount,
        hidden: model.shape.hidden, rate: model.architecture.dropout, using: &rng)
      let (loss, rawGradient) = model.lossAndGradients(
        theta, masks: masks, inference: &traffic.inference, backprop: &traffic.backprop)
      var gradient = rawGradient
      for i in gradient.storage.indices { gradient.storage[i] *= Double(m) }

      var direction: Matrix
      switch options.consensus {
      case .dgd:
        direction = gradient
      case .gradientTracking:
        if epoch == 1 {
          tracker = gradient
        } else {
          for i in tracker.storage.indices {
            tracker.storage[i] = mixedTracker.storage[i] + gradient.storage[i]
              - previousGradient.storage[i]
          }
        }
        previousGradient = gradient
        direction = tracker
      }
      if options.optimizer == .adam {
        let correction1 = 1 - pow(beta1, Double(epoch))
        let correction2 = 1 - pow(beta2, Double(epoch))
        for i in direction.storage.indices {
          let g = direction.storage[i]
          firstMoment.storage[i] = beta1 * firstMoment.storage[i] + (1 - beta1) * g
          secondMoment.storage[i] = beta2 * secondMoment.storage[i] + (1 - beta2) * g * g
          direction.storage[i] = (firstMoment.storage[i] / correction1)
            / ((secondMoment.storage[i] / correction2).squareRoot() + epsilon)
        }
      }
      var local = theta
      for i in local.storage.indices {
        local.storage[i] -= options.learningRate * direction.storage[i]
      }
      consensusMatrix.multiply(local, into: &theta)
      if options.consensus == .gradientTracking {
        consensusMatrix.multiply(tracker, into: &mixedTracker)
      }
      let doublesPerMessage = options.consensus == .gradientTracking ? 2 * p : p
      traffic.consensus.record(messages: agentLinks, doubles: agentLinks * doublesPerMessage)
      observe(evaluate(theta, dataset: dataset, epoch: epoch, loss: loss, traffic: traffic))
    }
    return theta
  }

  /// Accuracies of the copies `theta` (each agent predicting its own nodes) and their spread.
  func evaluate(
    _ theta: Matrix, dataset: NodeDataset, epoch: Int, loss: Double, traffic: GCNTraffic
  ) -> GCNEpochRecord {
    let predicted = model.predictions(theta)
    func accuracy(_ nodes: [Int]) -> Double {
      nodes.isEmpty
        ? 0 : Double(nodes.filter { predicted[$0] == dataset.labels[$0] }.count) / Double(nodes.count)
    }
    return GCNEpochRecord(
      epoch: epoch, trainLoss: loss, trainAccuracy: accuracy(dataset.train),
      validationAccuracy: accuracy(dataset.validation), testAccuracy: accuracy(dataset.test),
      consensusError: Self.consensusError(theta), traffic: traffic)
  }

  /// `(1/M) Σ_a ‖θ_a − θ̄‖²`.
  static func consensusError(_ theta: Matrix) -> Double {
    let (m, p) = (theta.rows, theta.columns)
    var mean = [Double](repeating: 0, count: p)
    for a in 0..<m { for i in 0..<p { mean[i] += theta.storage[a * p + i] / Double(m) } }
    var sum = 0.0
    for a in 0..<m {
      for i in 0..<p {
        let d = theta.storage[a * p + i] - mean[i]
        sum += d * d
      }
    }
    return sum / Double(m)
  }
}
