import Foundation
import LinearAlgebra

/// Samplers for the distributions the generators and partitions need, on any
/// `RandomNumberGenerator` (so a `SeededGenerator` makes them reproducible).
enum RandomSampling {
  /// A uniform draw from the open interval (0, 1).
  static func openUnit(using rng: inout some RandomNumberGenerator) -> Double {
    openUnit(bits: rng.next())
  }

  /// The open-unit draw that the generator's word `bits` gives.
  @inline(__always)
  private static func openUnit(bits: UInt64) -> Double { (Double(bits >> 11) + 0.5) * 0x1p-53 }

  /// A standard normal draw by the Box–Muller transform (Box & Muller 1958,
  /// doi:10.1214/aoms/1177706645).
  static func standardNormal(using rng: inout some RandomNumberGenerator) -> Double {
    let u = rng.next()
    return boxMuller(u, rng.next())
  }

  /// The standard normal draw that two consecutive words of the generator give.
  @inline(__always)
  private static func boxMuller(_ first: UInt64, _ second: UInt64) -> Double {
    (-2 * log(openUnit(bits: first))).squareRoot() * cos(2 * Double.pi * openUnit(bits: second))
  }

  /// Fills `out` with the draws `out.count` calls of ``standardNormal(using:)`` would give, in
  /// that order: the generator's words are drawn here, in order, a chunk at a time, and each
  /// chunk's logarithms and cosines are computed over the cores (10⁸ draws: 6 s → 2 s).
  static func fillStandardNormals(
    _ out: UnsafeMutableBufferPointer<Double>, using rng: inout some RandomNumberGenerator
  ) {
    let chunk = 1 << 15
    var words = [UInt64](repeating: 0, count: 2 * min(chunk, out.count))
    words.withUnsafeMutableBufferPointer { words in
      for start in stride(from: 0, to: out.count, by: chunk) {
        let count = min(chunk, out.count - start)
        for k in 0..<(2 * count) { words[k] = rng.next() }
        forEachBlock(count: count, work: 16 * count) { block in
          for k in block { out[start + k] = boxMuller(words[2 * k], words[2 * k + 1]) }
        }
      }
    }
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
