import GossipCore
import LinearAlgebra

/// Seeded generators of synthetic data sets with Gaussian features.
public enum Synthetic {
  /// A regression data set for least squares / ridge / L1 regression:
  /// `a_s ~ N(0, I_p)`, `x_true ~ N(0, I_p)`, `b_s = a_sᵀx_true + noise·ε_s` with `ε_s ~ N(0, 1)`;
  /// then `round(outlierFraction·N)` samples chosen at random get an extra `outlierScale·N(0, 1)`
  /// gross error (which makes least squares and L1 regression disagree).
  // Specialized for the command line's generator: unspecialized, each draw and each swap of
  // a shuffle goes through a witness table (10⁷ samples: data 7.9 → 5.2 s, partition and
  // problem 11.1 → 9.4 s).
  @_specialize(exported:true,where Generator == SeededGenerator)
  public static func regression<Generator: RandomNumberGenerator>(
    samples: Int, features: Int, noise: Double, outlierFraction: Double = 0,
    outlierScale: Double = 10,
    using rng: inout Generator
  ) throws -> Dataset {
    try validateShape(samples: samples, features: features)
    guard noise >= 0, noise.isFinite, outlierScale >= 0, outlierScale.isFinite else {
      throw ParameterError("synthetic regression: noise and outlier scale must be finite and ≥ 0")
    }
    guard (0...1).contains(outlierFraction) else {
      throw ParameterError(
        "synthetic regression: outlier fraction must be in [0, 1], got \(outlierFraction)")
    }
    let a = gaussianMatrix(rows: samples, columns: features, using: &rng)
    let truth = (0..<features).map { _ in RandomSampling.standardNormal(using: &rng) }
    var targets = [Double](unsafeUninitializedCapacity: samples) { noiseDraws, initialized in
      RandomSampling.fillStandardNormals(noiseDraws, using: &rng)
      initialized = samples
    }
    for s in 0..<samples {
      targets[s] =
        DenseKernels.dot(a.storage[(s * features)..<((s + 1) * features)], truth[...]) + noise
        * targets[s]
    }
    let outlierCount = Int((outlierFraction * Double(samples)).rounded())
    var order = Array(0..<samples)
    order.shuffle(using: &rng)
    for s in order.prefix(outlierCount) {
      targets[s] += outlierScale * RandomSampling.standardNormal(using: &rng)
    }
    return Dataset(features: a, labels: targets, name: "synthetic-regression")
  }

  /// A binary classification data set for logistic regression / SVM: `a_s ~ N(0, I_p)`,
  /// `w_true ~ N(0, I_p)`, label `sign(a_sᵀw_true)` (+1 on ties), then each label flipped with
  /// probability `labelNoise`. With `labelNoise = 0` the classes are separable by a hyperplane
  /// through the origin.
  @_specialize(exported:true,where Generator == SeededGenerator)
  public static func classification<Generator: RandomNumberGenerator>(
    samples: Int, features: Int, labelNoise: Double, using rng: inout Generator
  ) throws -> Dataset {
    try validateShape(samples: samples, features: features)
    guard (0...0.5).contains(labelNoise) else {
      throw ParameterError(
        "synthetic classification: label noise must be in [0, 0.5], got \(labelNoise)")
    }
    let a = gaussianMatrix(rows: samples, columns: features, using: &rng)
    let truth = (0..<features).map { _ in RandomSampling.standardNormal(using: &rng) }
    let labels = (0..<samples).map { s -> Double in
      let margin = DenseKernels.dot(a.storage[(s * features)..<((s + 1) * features)], truth[...])
      let label: Double = margin >= 0 ? 1 : -1
      return RandomSampling.openUnit(using: &rng) < labelNoise ? -label : label
    }
    return Dataset(features: a, labels: labels, name: "synthetic-classification")
  }

  private static func validateShape(samples: Int, features: Int) throws {
    guard samples >= 1, features >= 1 else {
      throw ParameterError(
        "synthetic data: need at least 1 sample and 1 feature, got \(samples)×\(features)")
    }
  }

  private static func gaussianMatrix(
    rows: Int, columns: Int, using rng: inout some RandomNumberGenerator
  ) -> Matrix {
    Matrix(rows: rows, columns: columns) { RandomSampling.fillStandardNormals($0, using: &rng) }
  }
}
