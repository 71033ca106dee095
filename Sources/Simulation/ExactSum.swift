import LinearAlgebra
import Synchronization

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
    let count = partials.count
    // In place: the partials that stay non-zero move down, `x` becomes the sum above them.
    let kept = partials.withUnsafeMutableBufferPointer { p in
      var kept = 0
      for k in 0..<count {
        var y = p[k]
        if abs(x) < abs(y) { swap(&x, &y) }
        let hi = x + y
        let lo = y - (hi - x)
        if lo != 0 {
          p[kept] = lo
          kept += 1
        }
        x = hi
      }
      return kept
    }
    if !x.isFinite {
      special += x  // the finite terms overflowed: the sum is ±∞
      partials.removeLast(count - kept)
    } else if x == 0 {
      partials.removeLast(count - kept)
    } else if kept < count {
      partials[kept] = x
      partials.removeLast(count - kept - 1)
    } else {
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
  /// `x.columns` sums if needed), adding through `bins`.
  ///
  /// The rows are taken in blocks of about 32,768 entries, column by column within a block, so
  /// each block is read from memory once (column by column over all rows would read all of `x`
  /// once per column); the blocks' sums are merged exactly, so the result is the same. From
  /// ``parallelTerms`` entries on, blocks of rows are summed over the cores, each with bins of
  /// its own, and merged exactly (at 10⁶ agents × 10: 30 ms → 15 ms a record).
  public static func columnSums(
    of x: Matrix, into sums: inout [ExactSum], using bins: inout BinnedSum
  ) {
    let d = x.columns
    if sums.count != d { sums = Array(repeating: ExactSum(), count: d) }
    for j in 0..<d { sums[j].reset() }
    x.storage.withUnsafeBufferPointer { xs in
      guard xs.count >= parallelTerms else {
        return addColumns(of: xs, width: d, rows: 0..<x.rows, into: &sums, using: &bins)
      }
      let merged = Mutex(sums)
      forEachBlock(count: x.rows, work: xs.count) { rows in
        var bins = BinnedSum()
        var block = [ExactSum](repeating: ExactSum(), count: d)
        addColumns(of: xs, width: d, rows: rows, into: &block, using: &bins)
        merged.withLock { sums in
          for j in 0..<d { sums[j].add(partials: block[j].partials, special: block[j].special) }
        }
      }
      sums = merged.withLock { $0 }
    }
  }

  /// The exact Σᵢ ‖xᵢ − average‖² over the rows of `x` (the consensus error times n), adding
  /// through `bins`; over the cores from ``parallelTerms`` entries on, as ``columnSums(of:into:using:)``.
  public static func squaredDeviations(
    of x: Matrix, from average: [Double], using bins: inout BinnedSum
  ) -> ExactSum {
    let d = x.columns
    precondition(average.count == d, "one average per column")
    func add(_ xs: UnsafeBufferPointer<Double>, rows: Range<Int>, to bins: inout BinnedSum) {
      average.withUnsafeBufferPointer { average in
        let first = rows.lowerBound * d
        bins.add(count: rows.count * d) { k in
          let e = xs[first + k] - average[k % d]
          return e * e
        }
      }
    }
    return x.storage.withUnsafeBufferPointer { xs in
      guard xs.count >= parallelTerms else {
        var sum = ExactSum()
        add(xs, rows: 0..<x.rows, to: &bins)
        bins.move(into: &sum)
        return sum
      }
      let merged = Mutex(ExactSum())
      forEachBlock(count: x.rows, work: xs.count) { rows in
        var bins = BinnedSum()
        var block = ExactSum()
        add(xs, rows: rows, to: &bins)
        bins.move(into: &block)
        merged.withLock { $0.add(partials: block.partials, special: block.special) }
      }
      return merged.withLock { $0 }
    }
  }

  /// From this many terms on, the sums over a matrix are split over the cores (each block then
  /// allocates its own 16 KB of bins).
  static let parallelTerms = 1 << 20

  /// Adds the columns of `rows` of the row-major `xs` (`width` columns) into `sums`.
  private static func addColumns(
    of xs: UnsafeBufferPointer<Double>, width d: Int, rows: Range<Int>,
    into sums: inout [ExactSum], using bins: inout BinnedSum
  ) {
    let blockRows = max(1, 32_768 / max(d, 1))
    var block = ExactSum()
    for start in stride(from: rows.lowerBound, to: rows.upperBound, by: blockRows) {
      let end = min(rows.upperBound, start + blockRows)
      for j in 0..<d {
        bins.add(count: end - start) { xs[(start + $0) * d + j] }
        bins.move(into: &block)
        sums[j].add(partials: block.partials, special: block.special)
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

/// Many terms summed exactly, fast: each finite term's 53-bit significand is added, as an
/// integer, to the bin of its exponent, and every 1024 terms (before a bin can overflow) the
/// bins move into an ``ExactSum`` as exact doubles. The result is the exact sum, as if every term
/// had been added to the ``ExactSum`` (about 3 ns a term instead of 30).
public struct BinnedSum: Sendable {
  /// Σ significands of the terms with each exponent bit pattern (0 = subnormal).
  private var bins = [Int64](repeating: 0, count: 2047)
  private var lowest = Int.max
  private var highest = Int.min
  private var pending = 0
  private var sum = ExactSum()

  public init() {}

  @inline(__always)
  public mutating func add(_ term: Double) { add(count: 1) { _ in term } }

  /// Adds `term(0)`, …, `term(count − 1)`. Many terms at once run faster than one at a time: the
  /// bins and their range stay in registers for up to 1024 terms.
  @inline(__always)
  public mutating func add(count: Int, _ term: (Int) -> Double) {
    var k = 0
    while k < count {
      let batch = min(count - k, Self.flushInterval - pending)
      var (low, high) = (lowest, highest)
      bins.withUnsafeMutableBufferPointer { bins in
        for t in k..<(k + batch) {
          let term = term(t)
          guard term.isFinite else {
            sum.add(term)
            continue
          }
          let e = Int(term.exponentBitPattern)
          var m = Int64(term.significandBitPattern)
          if e != 0 { m |= 1 << 52 }
          // Below 2^53 each, at most 1024 of them: a bin cannot overflow before the flush.
          bins[e] &+= term.sign == .minus ? -m : m
          low = min(low, e)
          high = max(high, e)
        }
      }
      (lowest, highest) = (low, high)
      pending += batch
      k += batch
      if pending == Self.flushInterval { flush() }
    }
  }

  /// Terms between two flushes of the bins into the exact sum.
  private static let flushInterval = 1024

  /// Moves the sum so far into `target` (replacing it) and starts again from 0.
  public mutating func move(into target: inout ExactSum) {
    flush()
    swap(&sum, &target)
    sum.reset()
  }

  /// Bin e holds b · 2^(max(e, 1) − 1075); b = hi · 2^32 + lo with |hi|, lo < 2^32, so both
  /// parts are exact doubles (short of overflow past 1e300, where the sum is ±∞ anyway).
  private mutating func flush() {
    pending = 0  // also when every pending term was non-finite and no bin was used
    guard lowest <= highest else { return }
    for e in lowest...highest where bins[e] != 0 {
      let b = bins[e]
      bins[e] = 0
      let scale = max(e, 1) - 1075
      sum.add(Double(b >> 32) * Double(sign: .plus, exponent: scale + 32, significand: 1))
      sum.add(Double(b & 0xFFFF_FFFF) * Double(sign: .plus, exponent: scale, significand: 1))
    }
    lowest = .max
    highest = .min
  }
}
