/// Step sizes αₖ of a first-order method, k = 0, 1, 2, … the iteration.
public enum StepSchedule: Sendable, Equatable {
  /// αₖ = α.
  case constant(Double)
  /// αₖ = α₀/√(k+1): the decentralized subgradient method's schedule (Nedić & Ozdaglar 2009).
  case inverseSqrt(Double)
  /// αₖ = α₀/(k+1).
  case inverse(Double)

  @inlinable
  public func step(at k: Int) -> Double {
    switch self {
    case .constant(let a): a
    case .inverseSqrt(let a): a / Double(k + 1).squareRoot()
    case .inverse(let a): a / Double(k + 1)
    }
  }

  /// α (or α₀).
  public var initial: Double {
    switch self {
    case .constant(let a), .inverseSqrt(let a), .inverse(let a): a
    }
  }

  /// The name used in experiment files: `constant`, `inverse-sqrt`, `inverse`.
  public var name: String {
    switch self {
    case .constant: "constant"
    case .inverseSqrt: "inverse-sqrt"
    case .inverse: "inverse"
    }
  }
}

/// The order of the local step and the mixing in one iteration (names used in experiment files).
public enum CombinationOrder: String, Sendable, CaseIterable {
  /// Combine-then-adapt: mix the current iterates, then take the local step.
  case combineThenAdapt = "cta"
  /// Adapt-then-combine: take the local step, then mix its result.
  case adaptThenCombine = "atc"
}
