import LinearAlgebra

/// A sum of doubles without rounding error, rounded once at the end: Shewchuk's non-overlapping
/// partials ("Adaptive precision floating-point arithmetic", Discrete Comput. Geom. 18, 1997),
/// with the correctly rounded read-out of CPython's `math.fsum`.
///
/// The value does not depend on the order of the terms, so the agents' average comes out
/// bit-identical whether one process adds all rows or several processes each add their own and
/// merge their partials (``add(partialsOf:)``): the MPI backend's observations equal the
/// in-process ones exactly.
public struct ExactSum: Sendable, Equatable {
  /// Non-zero, non-overlapping, increasing in magnitude; their exact sum is the sum so far.
  public private(set) var partials: [Double] = []
  /// The sum of the non-finite terms (and of overflowed partial sums): ±∞, NaN, or 0 if none.
  public private(set) var special = 0.0

  public init() {}

  /// Back to 0, keeping the storage (so a reused sum allocates nothing).
  public mutating func reset() {
    partials.removeAll(keepingCapacity: true)
    special = 0
  }

  public mutating func add(_ term: Double) {
    guard term.isFinite else {
      special += term
      return
    }
    var x = term
    var kept = 0
    for k in partials.indices {
      var y = partials[k]
      if abs(x) < abs(y) { swap(&x, &y) }
      let hi = x + y
      let lo = y - (hi - x)
      if lo != 0 {
        partials[kept] = lo
        kept += 1
      }
      x = hi
    }
    partials.removeSubrange(kept...)
    if !x.isFinite {
      special += x  // the finite terms overflowed: the sum is ±∞
    } else if x != 0 {
      partials.append(x)
    }
  }

  /// Adds another sum, given by its ``partials`` and ``special`` (as another process sends
  /// them), exactly.
  public mutating func add(partials: some Sequence<Double>, special: Double) {
    self.special += special
    for p in partials { add(p) }
  }

  /// The exact sum rounded to the nearest double (ties to even), or the non-finite sum.
  public var value: Double {
    if special != 0 { return special }  // true for NaN too
    var n = partials.count
    guard n > 0 else { return 0 }
    n -= 1
    var hi = partials[n]
    var lo = 0.0
    // Add from the largest partial down while the sum stays exact.
    while n > 0 {
      let x = hi
      n -= 1
      let y = partials[n]
      hi = x + y
      lo = y - (hi - x)
      if lo != 0 { break }
    }
    // Half-way cases: the partials below `lo` decide the direction of the rounding.
    if n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0)) {
      let y = lo * 2
      let x = hi + y
      if y == x - hi { hi = x }
    }
    return hi
  }

  /// The exact sum of every column of `x`'s rows, one sum per column, into `sums` (resized to
  /// `x.columns` sums if needed; a reused array allocates nothing once the partials have grown).
  public static func columnSums(of x: Matrix, into sums: inout [ExactSum]) {
    let d = x.columns
    if sums.count != d { sums = Array(repeating: ExactSum(), count: d) }
    for j in 0..<d { sums[j].reset() }
    x.storage.withUnsafeBufferPointer { xs in
      for i in 0..<x.rows {
        for j in 0..<d { sums[j].add(xs[i * d + j]) }
      }
    }
  }

  /// Every row of `y` becomes `sums / count`, the average the sums are of.
  public static func fillRows(_ y: inout Matrix, withAverage sums: [ExactSum], count: Int) {
    let d = y.columns
    precondition(sums.count == d, "one sum per column")
    y.storage.withUnsafeMutableBufferPointer { ys in
      for j in 0..<d { ys[j] = sums[j].value / Double(count) }
      for i in 1..<y.rows {
        for j in 0..<d { ys[i * d + j] = ys[j] }
      }
    }
  }
}
