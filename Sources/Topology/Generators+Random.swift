import Foundation
import GossipCore

/// The random generators; the semantics follow NetworkX's generators of the same names.
///
/// Each draws one 64-bit seed from the `rng` it is given and runs a ``SeededGenerator`` from it, so
/// the same seed gives the same graph and the hot loops run on a concrete generator whatever the
/// caller passes (through an unspecialized generic one they were 3–5 times slower).
extension Graph {
  /// The Erdős–Rényi graph G(n, p): each of the n(n − 1)/2 pairs is an edge with probability p.
  ///
  /// Geometric skipping (Batagelj & Brandes, "Efficient generation of large random networks",
  /// Phys. Rev. E 71, 036113, 2005, doi:10.1103/PhysRevE.71.036113): the gap to the next edge in
  /// the pair order is geometric, so the cost is O(n + m) and the edges come out sorted.
  /// Mean degree p(n − 1). NetworkX's `fast_gnp_random_graph`.
  public static func erdosRenyi(
    nodes n: Int, probability p: Double, using rng: inout some RandomNumberGenerator
  ) throws -> Graph {
    try checkNodeCount(n, .erdosRenyi)
    try checkProbability(p, .erdosRenyi)
    let expectedEdges = p * Double(n) * Double(n - 1) / 2
    // Six standard deviations above the mean: the realized count stays below it but for ~10⁻⁹.
    try checkEdgeCount(expectedEdges + 6 * expectedEdges.squareRoot(), .erdosRenyi)
    if p == 1 { return try complete(nodes: n) }
    var random = SeededGenerator(seed: rng.next())
    var edges: [Edge] = []
    guard p > 0 else { return Graph(nodeCount: n, sortedUniqueEdges: edges) }
    edges.reserveCapacity(Int(expectedEdges + 6 * expectedEdges.squareRoot()) + 1)
    let logQ = log1p(-p)
    let pairCount = Double(n) * Double(n)
    // Walk the pairs (u, v), u < v, in sorted order; each step skips a geometric number of pairs.
    var u = 0
    var v = 0
    while true {
      let r = Double.random(in: 0..<1, using: &random)
      v += 1 + Int(min(log1p(-r) / logQ, pairCount))
      while v >= n && u < n - 1 {
        u += 1
        v -= n - u - 1  // row u holds the pairs (u, u + 1)…(u, n − 1)
      }
      if u >= n - 1 { break }
      edges.append(Edge(u, v))
    }
    return Graph(nodeCount: n, sortedUniqueEdges: edges)
  }

  /// A random k-regular simple graph on n nodes (each node has exactly k neighbours).
  ///
  /// The pairing model with repairs, as NetworkX's `random_regular_graph` (after Steger & Wormald,
  /// "Generating random regular graphs quickly", Combin. Probab. Comput. 8, 1999,
  /// doi:10.1017/S0963548399003867): shuffle the n·k stubs and pair them; the self loops and
  /// repeated pairs (O(k²) of them in expectation) are shuffled and paired again. Where NetworkX
  /// starts over when no valid pair is left among them, this switches one random edge {x, y} into
  /// {a, x}, {b, y} (a McKay–Wormald switching), which keeps dense cases fast. For k > (n − 1)/2 it
  /// returns the complement of a random (n − 1 − k)-regular graph. Needs 0 ≤ k < n and n·k even.
  /// O(n·k log(n·k)): under a second for n = 10^6, k = 4 in release.
  public static func randomRegular(
    nodes n: Int, degree k: Int, using rng: inout some RandomNumberGenerator
  ) throws -> Graph {
    try checkNodeCount(n, .randomRegular)
    guard k >= 0 && k < n else {
      throw ParameterError(
        "random-regular needs 0 ≤ --degree < --nodes, got k = \(k), n = \(n); choose a smaller k")
    }
    guard (n * k) % 2 == 0 else {
      throw ParameterError(
        "random-regular: n·k must be even (n = \(n), k = \(k)); choose an even n or k")
    }
    try checkEdgeCount(Double(n) * Double(k) / 2, .randomRegular)
    var random = SeededGenerator(seed: rng.next())
    if 2 * k > n - 1 {
      return try randomRegular(nodes: n, degree: n - 1 - k, using: &random).complement()
    }
    while true {
      if let g = pairStubs(nodes: n, degree: k, using: &random) { return g }
    }
  }

  /// One attempt of the repaired pairing model; `nil` (start again) in the rare case that no switch
  /// is found for stubs that cannot be paired.
  private static func pairStubs(
    nodes n: Int, degree k: Int, using rng: inout SeededGenerator
  ) -> Graph? {
    var stubs = [Int](repeating: 0, count: n * k)
    for i in 0..<(n * k) { stubs[i] = i / k }
    stubs.shuffle(using: &rng)
    var codes: [Int] = []
    codes.reserveCapacity(n * k / 2)
    var leftover: [Int] = []
    for t in stride(from: 0, to: stubs.count, by: 2) {
      let (a, b) = (stubs[t], stubs[t + 1])
      if a == b {
        leftover.append(contentsOf: [a, b])
      } else {
        codes.append(min(a, b) * n + max(a, b))
      }
    }
    codes.sort()
    var unique = 0
    for code in codes {
      if unique > 0 && codes[unique - 1] == code {
        leftover.append(contentsOf: [code / n, code % n])
      } else {
        codes[unique] = code
        unique += 1
      }
    }
    codes.removeLast(codes.count - unique)
    // The repairs are few: hash sets for them, a binary search in the sorted first pairing.
    var repairs = Set<Int>()
    var switchedOut = Set<Int>()
    func code(_ a: Int, _ b: Int) -> Int { min(a, b) * n + max(a, b) }
    func isEdge(_ a: Int, _ b: Int) -> Bool {
      let c = code(a, b)
      return repairs.contains(c) || (sortedContains(codes, c) && !switchedOut.contains(c))
    }
    /// Gives stubs a and b a place by a switch: a random first-pairing edge {x, y} with a ≁ x,
    /// b ≁ y becomes {a, x}, {b, y}; the degrees of x and y do not change.
    func switchIn(_ a: Int, _ b: Int) -> Bool {
      guard !codes.isEmpty else { return false }
      for _ in 0..<256 {
        let c = codes[Int.random(in: 0..<codes.count, using: &rng)]
        guard !switchedOut.contains(c) else { continue }
        let (x, y) = Bool.random(using: &rng) ? (c / n, c % n) : (c % n, c / n)
        if x == a || x == b || y == a || y == b || isEdge(a, x) || isEdge(b, y) { continue }
        switchedOut.insert(c)
        repairs.insert(code(a, x))
        repairs.insert(code(b, y))
        return true
      }
      return false
    }
    while !leftover.isEmpty {
      leftover.shuffle(using: &rng)
      var failed: [Int] = []
      for t in stride(from: 0, to: leftover.count, by: 2) {
        let (a, b) = (leftover[t], leftover[t + 1])
        if a != b && !isEdge(a, b) {
          repairs.insert(code(a, b))
        } else {
          failed.append(contentsOf: [a, b])
        }
      }
      if !failed.isEmpty {
        let candidates = Array(Set(failed)).sorted()
        let pairable = candidates.indices.contains { i in
          candidates[(i + 1)...].contains { !isEdge(candidates[i], $0) }
        }
        if !pairable {
          guard switchIn(failed[0], failed[1]) else { return nil }
          failed.removeFirst(2)
        }
      }
      leftover = failed
    }
    if !switchedOut.isEmpty { codes.removeAll { switchedOut.contains($0) } }
    codes.append(contentsOf: repairs)
    return fromEncodedEdges(nodeCount: n, codes)
  }

  /// Whether the sorted array `values` contains `value`; O(log count).
  private static func sortedContains(_ values: [Int], _ value: Int) -> Bool {
    var lo = 0
    var hi = values.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if values[mid] == value { return true }
      if values[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return false
  }

  /// The complement graph: the same nodes, joined exactly when they are not joined here. O(n²).
  func complement() -> Graph {
    var edges: [Edge] = []
    edges.reserveCapacity(nodeCount * (nodeCount - 1) / 2 - edgeCount)
    for u in 0..<nodeCount {
      var next = offsets[u]
      let end = offsets[u + 1]
      for v in (u + 1)..<max(u + 1, nodeCount) {
        while next < end && neighborIndices[next] < v { next += 1 }
        if next < end && neighborIndices[next] == v { continue }
        edges.append(Edge(u, v))
      }
    }
    return Graph(nodeCount: nodeCount, sortedUniqueEdges: edges)
  }

  /// The random geometric graph: n points uniform in the unit square, joined when at Euclidean
  /// distance ≤ r; the points are kept in ``positions``.
  ///
  /// Points are bucketed in a grid of cells of side ≥ r, so only neighbouring cells are compared:
  /// O(n + m) expected. Expected edge count n(n − 1)/2 · (πr² − 8r³/3 + r⁴/2) for r ≤ 1 (the
  /// boundary-corrected probability that two uniform points are within r). Penrose, *Random
  /// Geometric Graphs*, Oxford University Press, 2003. NetworkX's `random_geometric_graph`.
  public static func randomGeometric(
    nodes n: Int, radius r: Double, using rng: inout some RandomNumberGenerator
  ) throws -> Graph {
    try checkNodeCount(n, .randomGeometric)
    guard r >= 0 && r.isFinite else {
      throw ParameterError("random-geometric needs a finite --radius ≥ 0, got \(r)")
    }
    try checkEdgeCount(Double(n) * Double(n - 1) / 2 * min(1, Double.pi * r * r), .randomGeometric)
    var random = SeededGenerator(seed: rng.next())
    var xs = [Double](repeating: 0, count: n)
    var ys = [Double](repeating: 0, count: n)
    for i in 0..<n {
      xs[i] = Double.random(in: 0..<1, using: &random)
      ys[i] = Double.random(in: 0..<1, using: &random)
    }
    // side × side cells of width 1/side ≥ r, and no more cells than about n.
    let side = max(1, Int(min(r > 0 ? 1 / r : .infinity, Double(n).squareRoot() + 1)))
    func cell(_ t: Double) -> Int { min(Int(t * Double(side)), side - 1) }
    var cellStart = [Int](repeating: 0, count: side * side + 1)
    for i in 0..<n { cellStart[cell(ys[i]) * side + cell(xs[i]) + 1] += 1 }
    for c in 0..<(side * side) { cellStart[c + 1] += cellStart[c] }
    var fill = cellStart
    var members = [Int](repeating: 0, count: n)
    for i in 0..<n {
      let c = cell(ys[i]) * side + cell(xs[i])
      members[fill[c]] = i
      fill[c] += 1
    }
    let r2 = r * r
    var codes: [Int] = []
    // Each unordered pair of cells once: the cell itself and four of its eight neighbours.
    let forward = [(0, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]
    for cy in 0..<side {
      for cx in 0..<side {
        let c = cy * side + cx
        for (dx, dy) in forward {
          let (nx, ny) = (cx + dx, cy + dy)
          guard nx >= 0 && nx < side && ny < side else { continue }
          let d = ny * side + nx
          for s in cellStart[c]..<cellStart[c + 1] {
            let i = members[s]
            for t in (d == c ? s + 1 : cellStart[d])..<cellStart[d + 1] {
              let j = members[t]
              let (ex, ey) = (xs[i] - xs[j], ys[i] - ys[j])
              if ex * ex + ey * ey <= r2 { codes.append(min(i, j) * n + max(i, j)) }
            }
          }
        }
      }
    }
    var g = fromEncodedEdges(nodeCount: n, codes)
    g.positions = (0..<n).map { Position(x: xs[$0], y: ys[$0]) }
    return g
  }

  /// The Watts–Strogatz small-world graph: the ring lattice where each node is joined to its k/2
  /// nearest neighbours on each side, then each lattice edge (u, u + j) is rewired with probability
  /// p to (u, w), w uniform among the nodes that are not u and not already joined to u.
  ///
  /// Watts & Strogatz, "Collective dynamics of 'small-world' networks", Nature 393, 1998,
  /// doi:10.1038/30918; the rewiring order of NetworkX's `watts_strogatz_graph`. Rewiring keeps
  /// the edge count n·k/2. Needs an even k with 2 ≤ k < n and p in [0, 1].
  public static func wattsStrogatz(
    nodes n: Int, degree k: Int, probability p: Double,
    using rng: inout some RandomNumberGenerator
  ) throws -> Graph {
    try checkNodeCount(n, .wattsStrogatz)
    guard k >= 2 && k < n && k % 2 == 0 else {
      throw ParameterError(
        "watts-strogatz needs an even --degree k with 2 ≤ k < n (k/2 neighbours on each side), "
          + "got k = \(k), n = \(n)")
    }
    try checkProbability(p, .wattsStrogatz)
    try checkEdgeCount(Double(n) * Double(k) / 2, .wattsStrogatz)
    // Rewiring needs edge look-ups, insertions and removals: a hash set of encoded edges.
    var edgeSet = Set<Int>(minimumCapacity: n * k / 2)
    func code(_ a: Int, _ b: Int) -> Int { min(a, b) * n + max(a, b) }
    for j in 1...(k / 2) {
      for u in 0..<n { edgeSet.insert(code(u, (u + j) % n)) }
    }
    var degree = [Int](repeating: k, count: n)
    var random = SeededGenerator(seed: rng.next())
    for j in 1...(k / 2) {
      for u in 0..<n where Double.random(in: 0..<1, using: &random) < p {
        let v = (u + j) % n
        var w = Int.random(in: 0..<n, using: &random)
        var saturated = false
        while w == u || edgeSet.contains(code(u, w)) {
          w = Int.random(in: 0..<n, using: &random)
          if degree[u] >= n - 1 {
            saturated = true
            break
          }
        }
        if saturated { continue }
        edgeSet.remove(code(u, v))
        edgeSet.insert(code(u, w))
        degree[v] -= 1
        degree[w] += 1
      }
    }
    return fromEncodedEdges(nodeCount: n, Array(edgeSet))
  }

  /// The Barabási–Albert preferential-attachment graph: start from the star on m + 1 nodes, then
  /// each new node joins m distinct existing nodes chosen with probability proportional to degree.
  ///
  /// Barabási & Albert, "Emergence of scaling in random networks", Science 286, 1999,
  /// doi:10.1126/science.286.5439.509; NetworkX's `barabasi_albert_graph` (initial star), so the
  /// edge count is m + (n − m − 1)·m = m(n − m). Needs 1 ≤ m < n. O(n·m).
  public static func barabasiAlbert(
    nodes n: Int, degree m: Int, using rng: inout some RandomNumberGenerator
  ) throws -> Graph {
    try checkNodeCount(n, .barabasiAlbert)
    guard m >= 1 && m < n else {
      throw ParameterError(
        "barabasi-albert needs 1 ≤ --degree m < --nodes (m edges per new node), "
          + "got m = \(m), n = \(n)")
    }
    try checkEdgeCount(Double(m) * Double(n - m), .barabasiAlbert)
    var codes = Array(1...m)  // the star 0 ~ 1…m, encoded 0 · n + leaf
    // Each node appears once per unit of degree, so a uniform pick is a degree-weighted pick.
    var repeated = [Int](repeating: 0, count: m) + Array(1...m)
    repeated.reserveCapacity(2 * m * (n - m))
    var chosenBy = [Int](repeating: -1, count: n)
    var random = SeededGenerator(seed: rng.next())
    var targets: [Int] = []
    for source in (m + 1)..<n {
      targets.removeAll(keepingCapacity: true)
      while targets.count < m {
        let x = repeated[Int.random(in: 0..<repeated.count, using: &random)]
        if chosenBy[x] != source {
          chosenBy[x] = source
          targets.append(x)
        }
      }
      for t in targets { codes.append(t * n + source) }
      repeated.append(contentsOf: targets)
      repeated.append(contentsOf: repeatElement(source, count: m))
    }
    return fromEncodedEdges(nodeCount: n, codes)
  }
}
