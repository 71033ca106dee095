import LinearAlgebra

/// The hyperparameters of a two-layer GCN with a polynomial graph filter.
public struct GCNArchitecture: Sendable, Equatable {
  /// Width of the hidden layer (Kipf & Welling: 16).
  public var hidden: Int
  /// Filter order K: layer `l` computes `Σ_{k=1}^{K} S^k H Θ_k`; K = 1 is Kipf & Welling's GCN.
  public var order: Int
  /// Dropout probability on the input features and on the hidden layer.
  public var dropout: Double
  /// Weight decay `λ` on the first layer: `J += (λ/2)‖Θ⁽¹⁾‖²` (as in Kipf & Welling's code).
  public var weightDecay: Double

  public init(hidden: Int = 16, order: Int = 1, dropout: Double = 0.5, weightDecay: Double = 5e-4) {
    self.hidden = hidden
    self.order = order
    self.dropout = dropout
    self.weightDecay = weightDecay
  }
}

/// Where each weight matrix sits in the flat parameter vector θ:
/// `Θ⁽¹⁾_1 … Θ⁽¹⁾_K` (features × hidden each), then `Θ⁽²⁾_1 … Θ⁽²⁾_K` (hidden × classes each).
public struct GCNShape: Sendable, Equatable {
  public let features: Int
  public let hidden: Int
  public let classes: Int
  public let order: Int

  public init(features: Int, hidden: Int, classes: Int, order: Int) {
    self.features = features
    self.hidden = hidden
    self.classes = classes
    self.order = order
  }

  /// Number of parameters: `K·(F·h + h·C)`.
  public var parameterCount: Int { order * (features * hidden + hidden * classes) }
  /// Entries of the first layer (the ones under weight decay) come first.
  public var firstLayerCount: Int { order * features * hidden }

  /// Rows, columns and offset of `Θ⁽layer⁾_k` (`layer` ∈ {1, 2}, `k` ∈ 1…K).
  func block(layer: Int, power k: Int) -> (rows: Int, columns: Int, offset: Int) {
    layer == 1
      ? (features, hidden, (k - 1) * features * hidden)
      : (hidden, classes, firstLayerCount + (k - 1) * hidden * classes)
  }

  /// `Θ⁽layer⁾_k` read from row `agent` of a matrix of parameter vectors.
  func weights(_ theta: Matrix, agent: Int, layer: Int, power k: Int) -> Matrix {
    let (r, c, offset) = block(layer: layer, power: k)
    let start = agent * theta.columns + offset
    return Matrix(rows: r, columns: c, storage: Array(theta.storage[start..<(start + r * c)]))
  }

  /// Glorot–Bengio uniform initialization of every block, `U(±√(6/(fan_in + fan_out)))`, as in
  /// Kipf & Welling's code.
  public func glorotInitialization(using rng: inout some RandomNumberGenerator) -> [Double] {
    var theta: [Double] = []
    theta.reserveCapacity(parameterCount)
    for layer in 1...2 {
      for k in 1...order {
        let (r, c, _) = block(layer: layer, power: k)
        let limit = (6 / Double(r + c)).squareRoot()
        for _ in 0..<(r * c) { theta.append(Double.random(in: -limit...limit, using: &rng)) }
      }
    }
    return theta
  }
}

/// Dropout factors for one training pass, drawn in global node order so that they do not depend
/// on the partition: 0 (dropped) or `1/(1 − p)` (kept) for every stored input feature and every
/// hidden unit.
public struct DropoutMasks: Sendable {
  /// One factor per stored entry of the (global) feature matrix.
  public let input: [Double]
  /// `nodes × hidden` factors, row-major.
  public let hidden: [Double]

  public init(storedFeatures: Int, nodes: Int, hidden width: Int, rate: Double,
              using rng: inout some RandomNumberGenerator) {
    let keep = 1 - rate
    // A uniform draw in [0, 1) from the top 53 bits of the generator's output.
    func draw(_ count: Int) -> [Double] {
      (0..<count).map { _ in Double(rng.next() >> 11) * 0x1p-53 < keep ? 1 / keep : 0 }
    }
    input = draw(storedFeatures)
    hidden = draw(nodes * width)
  }
}
