import Foundation

/// Samplers for the distributions the generators and partitions need, on any
/// `RandomNumberGenerator` (so a `SeededGenerator` makes them reproducible).
enum RandomSampling {
  /// A uniform draw from the open interval (0, 1).
  static func openUnit(using rng: inout some RandomNumberGenerator) -> Double {
    (Double(rng.next() >> 11) + 0.5) * 0x1p-53
  }

  /// A standard normal draw by the Box–Muller transform (Box & Muller 1958,
  /// doi:10.1214/aoms/1177706645).
  static func standardNormal(using rng: inout some RandomNumberGenerator) -> Double {
    let u = openUnit(using: &rng)
    let v = openUnit(using: &rng)
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
  }

  /// The logarithm of a Gamma(shape, 1) draw, by Marsaglia & Tsang (2000,
  /// doi:10.1145/358407.358414); for shape < 1 through Gamma(shape) = Gamma(shape + 1)·U^{1/shape},
  /// kept in logarithms so that tiny shapes do not underflow to 0.
  static func logGamma(shape: Double, using rng: inout some RandomNumberGenerator) -> Double {
    precondition(shape > 0 && shape.isFinite, "logGamma: the shape must be positive and finite")
    if shape < 1 {
      return logGamma(shape: shape + 1, using: &rng) + log(openUnit(using: &rng)) / shape
    }
    let d = shape - 1.0 / 3
    let c = 1 / (9 * d).squareRoot()
    while true {
      let x = standardNormal(using: &rng)
      let v1 = 1 + c * x
      if v1 <= 0 { continue }
      let v = v1 * v1 * v1
      let u = openUnit(using: &rng)
      if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return log(d * v) }
    }
  }

  /// A draw from the symmetric Dirichlet(α, …, α) distribution on `count` categories.
  static func dirichlet(alpha: Double, count: Int, using rng: inout some RandomNumberGenerator)
    -> [Double]
  {
    let logs = (0..<count).map { _ in logGamma(shape: alpha, using: &rng) }
    let largest = logs.max() ?? 0
    let weights = logs.map { exp($0 - largest) }
    let total = weights.reduce(0, +)
    return weights.map { $0 / total }
  }
}
