import GossipCore
import LinearAlgebra

/// Seeded generators of synthetic data sets with Gaussian features.
public enum Synthetic {
  /// A regression data set for least squares / ridge / L1 regression:
  /// `a_s ~ N(0, I_p)`, `x_true ~ N(0, I_p)`, `b_s = a_sᵀx_true + noise·ε_s` with `ε_s ~ N(0, 1)`;
  /// then `round(outlierFraction·N)` samples chosen at random get an extra `outlierScale·N(0, 1)`
  /// gross error (which makes least squares and L1 regression disagree).
  public static func regression(
    samples: Int, features: Int, noise: Double, outlierFraction: Double = 0,
    outlierScale: Double = 10,
    using rng: inout some RandomNumberGenerator
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
    var targets = (0..<samples).map { s in
      DenseKernels.dot(a.storage[(s * features)..<((s + 1) * features)], truth[...]) + noise
        * RandomSampling.standardNormal(using: &rng)
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
  public static func classification(
    samples: Int, features: Int, labelNoise: Double, using rng: inout some RandomNumberGenerator
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
    Matrix(
      rows: rows, columns: columns,
      storage: (0..<(rows * columns)).map { _ in RandomSampling.standardNormal(using: &rng) })
  }
}
