import Foundation
import GossipCore
import LinearAlgebra
import Synchronization

/// One problem split over n agents.
///
/// The global objective is the one the user wrote,
/// F(x) = (1/N) Σ_s loss(a_sᵀx, b_s) + (λ/2)‖x‖²,
/// and agent i, holding the samples S_i, has
/// f_i(x) = (n/N) Σ_{s∈S_i} loss(a_sᵀx, b_s) + (λ/2)‖x‖²,
/// so that (1/n) Σ_i f_i = F for every partition (agents may hold different numbers of samples).
/// Ridge, logistic and hinge use λ ≥ 0; least squares and L1 regression have λ = 0.
///
/// The samples are stored reordered by agent in one contiguous row-major block, so an agent's
/// data is a contiguous slice. Evaluations allocate nothing.
public struct DistributedProblem: Sendable {
  public let kind: ProblemKind
  /// d, the length of x (the number of features).
  public let dimension: Int
  /// n.
  public let agentCount: Int
  /// λ.
  public let regularization: Double
  /// N, the total number of samples.
  public let sampleCount: Int
  /// The data set's name.
  public let datasetName: String

  /// L of ∇F (∞ for the non-smooth kinds): c·λ_max(AᵀA)/N + λ, with c the loss's curvature
  /// bound (1 for least squares/ridge, ¼ for logistic).
  public let smoothness: Double
  /// L_i of ∇f_i: c·(n/N)·λ_max(A_iᵀA_i) + λ (∞ for the non-smooth kinds).
  public let localSmoothness: [Double]
  /// μ of F: λ_min(AᵀA)/N + λ for least squares/ridge (0 when N < d or AᵀA is singular), λ for
  /// logistic and hinge, 0 for L1 regression.
  public let strongConvexity: Double
  /// R: the Lipschitz constants below hold on the ball ‖x‖ ≤ R, which contains every minimizer.
  /// R = √(2F(0)/λ) when λ > 0 (since (λ/2)‖x*‖² ≤ F(x*) ≤ F(0)), else ∞ (global constants).
  public let lipschitzRadius: Double
  /// L_g, a Lipschitz constant of F on the ball of radius ``lipschitzRadius``.
  ///
  /// Losses with |slope| ≤ 1 (logistic, hinge, L1): (1/N)·min(Σ_s ‖a_s‖, √N·‖A‖₂) + λR.
  /// Least squares/ridge: (1/N)·‖A‖₂(‖A‖₂R + ‖b‖) + λR (∞ for least squares).
  public let lipschitz: Double
  /// L_i, Lipschitz constants of f_i on the same ball: as ``lipschitz`` with A_i, b_i and n/N
  /// in place of A, b and 1/N.
  public let localLipschitz: [Double]

  /// The samples' features reordered by agent (row-major, sampleCount × dimension).
  let rows: [Double]
  /// The labels in the same order.
  let targets: [Double]
  /// Agent i holds rows agentOffsets[i]..<agentOffsets[i + 1].
  let agentOffsets: [Int]
  /// For least squares and ridge, when they are fewer numbers than the samples: each agent's
  /// quadratic form, row i holding the upper triangle of Qᵢ = (n/N)AᵢᵀAᵢ row by row
  /// (d(d+1)/2 entries) followed by cᵢ = (n/N)Aᵢᵀbᵢ, so that ∇fᵢ(x) = Qᵢx − cᵢ + λx reads
  /// ``QuadraticForms/width`` numbers per agent instead of Nᵢ(d + 1) and does d² multiply–adds
  /// instead of 2Nᵢd. At 10 samples of 10 features: 65 numbers instead of 110.
  let quadraticForms: QuadraticForms?

  /// Builds the problem; `assignment[i]` lists the sample indices of agent i.
  ///
  /// Throws ``ParameterError`` when the assignment does not use every sample exactly once or
  /// leaves an agent without samples, when λ < 0 or is given to a kind without a regularizer,
  /// or when a classification kind gets labels other than ±1.
  /// O(N·d·min(N_i, d) + n·min(N_i, d)³) for the constants.
  public init(kind: ProblemKind, dataset: Dataset, assignment: [[Int]], regularization: Double = 0)
    throws
  {
    let sampleCount = dataset.sampleCount
    let dimension = dataset.featureCount
    guard regularization >= 0, regularization.isFinite else {
      throw ParameterError(
        "\(kind.rawValue): regularization λ must be finite and ≥ 0, got \(regularization)")
    }
    guard kind.isRegularized || regularization == 0 else {
      throw ParameterError(
        "\(kind.rawValue) has no regularizer, got λ = \(regularization); choose ridge for regularized least squares or set λ = 0"
      )
    }
    if kind.isClassification, let bad = dataset.labels.firstIndex(where: { $0 != 1 && $0 != -1 }) {
      throw ParameterError(
        "\(kind.rawValue) needs labels +1/−1, but sample \(bad + 1) of \(dataset.name) has label \(dataset.labels[bad]); relabel the classes as ±1"
      )
    }
    try Self.validate(assignment, sampleCount: sampleCount)

    self.kind = kind
    self.dimension = dimension
    self.agentCount = assignment.count
    self.regularization = regularization
    self.sampleCount = sampleCount
    self.datasetName = dataset.name
    let order = assignment.flatMap { $0 }
    let rows = Self.gather(rows: order, of: dataset.features)
    self.rows = rows
    self.targets = order.map { dataset.labels[$0] }
    var offsets = [0]
    for samples in assignment { offsets.append(offsets.last! + samples.count) }
    self.agentOffsets = offsets
    quadraticForms =
      (kind == .leastSquares || kind == .ridge)
        && QuadraticForms.width(dimension) * assignment.count < sampleCount * (dimension + 1)
      ? QuadraticForms(rows: rows, targets: targets, offsets: offsets, dimension: dimension)
      : nil

    // Constants.
    let n = Double(assignment.count)
    let total = Double(sampleCount)
    let lambda = regularization
    var solver = GramEigenvalues()
    let global = try Self.spectrum(
      rows, range: 0..<sampleCount, dimension: dimension, using: &solver)
    // One small LAPACK call per agent. For many agents OpenBLAS is put on one thread (half the
    // time a call) and the agents are split over the cores: a multithreaded OpenBLAS called from
    // several threads at once spins in sched_yield. The setting is global, so small problems,
    // which gain nothing, leave it alone and stay on this thread.
    func localSpectra(_ agents: Range<Int>) throws -> [Spectrum] {
      var solver = GramEigenvalues()
      return try agents.map {
        try Self.spectrum(
          rows, range: offsets[$0]..<offsets[$0 + 1], dimension: dimension, using: &solver)
      }
    }
    let local =
      assignment.count >= 10_000
      ? try withSingleThreadedBLAS {
        try Self.parallelMap(count: assignment.count, work: sampleCount * dimension, localSpectra)
      }
      : try localSpectra(0..<assignment.count)
    let c = kind.curvatureBound
    smoothness = kind.isSmooth ? c * global.largest / total + lambda : .infinity
    localSmoothness = local.map {
      kind.isSmooth ? c * (n / total) * $0.largest + lambda : .infinity
    }
    switch kind {
    case .leastSquares, .ridge: strongConvexity = global.smallest / total + lambda
    case .logistic, .hinge: strongConvexity = lambda
    case .l1Regression: strongConvexity = 0
    }
    let valueAtZero =
      zip(targets.indices, targets).reduce(0.0) { $0 + kind.loss(0, label: $1.1) } / total
    let radius = lambda > 0 ? (2 * valueAtZero / lambda).squareRoot() : Double.infinity
    lipschitzRadius = radius
    let targets = self.targets
    func lipschitzBound(
      _ s: Spectrum, range: Range<Int>, scale: Double
    ) -> Double {
      let norm = s.largest.squareRoot()
      let regularizerPart = lambda > 0 ? lambda * radius : 0
      if kind.hasUnitSlope {
        return scale * min(s.sumOfNorms, Double(range.count).squareRoot() * norm) + regularizerPart
      }
      let targetNorm = DenseKernels.dot(targets[range], targets[range]).squareRoot()
      return scale * norm * (norm * radius + targetNorm) + regularizerPart
    }
    lipschitz = lipschitzBound(global, range: 0..<sampleCount, scale: 1 / total)
    localLipschitz = (0..<assignment.count).map {
      lipschitzBound(local[$0], range: offsets[$0]..<offsets[$0 + 1], scale: n / total)
    }
  }

  /// Checks that `assignment` uses every sample exactly once and gives every agent a sample.
  private static func validate(_ assignment: [[Int]], sampleCount: Int) throws {
    guard !assignment.isEmpty else {
      throw ParameterError("the assignment has no agents; give at least one agent")
    }
    var seen = [Bool](repeating: false, count: sampleCount)
    for (agent, samples) in assignment.enumerated() {
      guard !samples.isEmpty else {
        throw ParameterError(
          "agent \(agent) has no samples; every agent needs at least one, use fewer agents")
      }
      for s in samples {
        guard (0..<sampleCount).contains(s) else {
          throw ParameterError(
            "agent \(agent) is assigned sample \(s), but the data set has \(sampleCount) samples")
        }
        guard !seen[s] else {
          throw ParameterError("sample \(s) is assigned to more than one agent")
        }
        seen[s] = true
      }
    }
    if let missing = seen.firstIndex(of: false) {
      throw ParameterError(
        "sample \(missing) is assigned to no agent; the assignment must use every sample once")
    }
  }

  /// The results of `body` for blocks of `0..<count` (one value per index), the blocks split over
  /// the cores; rethrows the error of the first failing block.
  private static func parallelMap<T>(
    count: Int, work: Int, _ body: (Range<Int>) throws -> [T]
  ) throws -> [T] {
    var failures = [(block: Int, error: any Error)]()
    let failuresLock = Mutex(failures)
    let results = [T?](unsafeUninitializedCapacity: count) { buffer, initialized in
      forEachBlock(count: count, work: work) { block in
        do {
          let values = try body(block)
          for (i, value) in zip(block, values) { (buffer.baseAddress! + i).initialize(to: value) }
        } catch {
          for i in block { (buffer.baseAddress! + i).initialize(to: nil) }
          failuresLock.withLock { $0.append((block.lowerBound, error)) }
        }
      }
      initialized = count
    }
    failures = failuresLock.withLock { $0 }
    if let first = failures.min(by: { $0.block < $1.block }) { throw first.error }
    return results.map { $0! }
  }

  /// What ``spectrum(_:range:dimension:)`` returns.
  typealias Spectrum = (largest: Double, smallest: Double, sumOfNorms: Double)

  /// λ_max and λ_min of A_RᵀA_R for the rows R (λ_min = 0 when |R| < d) and Σ_{s∈R} ‖a_s‖.
  /// The rows `order` of `features`, in that order, copied over the cores (10⁷ rows of a
  /// million-agent run: 800 MB, on huge pages like every large matrix: the gradients stream
  /// through them every iteration).
  private static func gather(rows order: [Int], of features: Matrix) -> [Double] {
    let d = features.columns
    guard d > 0 else { return [] }
    return Matrix(rows: order.count, columns: d) { rows in
      features.storage.withUnsafeBufferPointer { source in
        forEachBlock(count: order.count, work: order.count * d) { positions in
          for p in positions {
            (rows.baseAddress! + p * d).initialize(
              from: source.baseAddress! + order[p] * d, count: d)
          }
        }
      }
    }.storage
  }

  private static func spectrum(
    _ rows: [Double], range: Range<Int>, dimension: Int, using solver: inout GramEigenvalues
  ) throws -> Spectrum {
    try rows.withUnsafeBufferPointer { all in
      let block = UnsafeBufferPointer(
        rebasing: all[(range.lowerBound * dimension)..<(range.upperBound * dimension)])
      var gram = DenseKernels.gram(block, rows: range.count, columns: dimension)
      let eigenvalues = try solver.eigenvalues(of: &gram, order: min(range.count, dimension))
      let sumOfNorms = range.reduce(0.0) { sum, s in
        sum
          + DenseKernels.dot(
            all.baseAddress! + s * dimension, all.baseAddress! + s * dimension, count: dimension
          )
          .squareRoot()
      }
      return (
        max(eigenvalues.last ?? 0, 0),
        range.count < dimension ? 0 : max(eigenvalues.first ?? 0, 0), sumOfNorms
      )
    }
  }

  /// The number of samples agent i holds, N_i.
  public func localSampleCount(agent: Int) -> Int { agentOffsets[agent + 1] - agentOffsets[agent] }

  // MARK: Values

  /// Global objective F at x (length d). O(N·d), split over the cores in chunks of samples whose
  /// partial sums add in a fixed order (``ParallelChunks``): the value does not depend on the
  /// number of cores, and up to 32,768 samples it is the plain sequential sum.
  public func objective(_ x: UnsafeBufferPointer<Double>) -> Double {
    let loss = ParallelChunks.sum(count: sampleCount) { samples in lossSum(rows: samples, at: x) }
    return loss / Double(sampleCount) + regularizerValue(x)
  }

  /// Global objective F at x.
  public func objective(_ x: [Double]) -> Double { x.withUnsafeBufferPointer { objective($0) } }

  /// f_i(x) for agent i. O(N_i·d).
  public func localObjective(agent: Int, at x: UnsafeBufferPointer<Double>) -> Double {
    precondition((0..<agentCount).contains(agent), "agent \(agent) out of range 0..<\(agentCount)")
    return Double(agentCount) / Double(sampleCount) * lossSum(rows: agentRows(agent), at: x)
      + regularizerValue(x)
  }

  /// f_i(x) for agent i.
  public func localObjective(agent: Int, at x: [Double]) -> Double {
    x.withUnsafeBufferPointer { localObjective(agent: agent, at: $0) }
  }

  // MARK: Gradients

  /// Writes ∇f_i (a subgradient for the non-smooth kinds) of agent i at row i of X into row i of
  /// G, for all agents at once. X and G are n×d; nothing is allocated. O(N·d), split over the
  /// cores in blocks of agents for large data (the result does not depend on the split).
  public func gradients(at x: Matrix, into g: inout Matrix) {
    checkShapes(x, g, rows: agentCount)
    x.storage.withUnsafeBufferPointer { xs in
      g.storage.withUnsafeMutableBufferPointer { gs in
        forEachBlock(count: agentCount, work: gradientWork) {
          gradients(rows: $0, at: xs, into: gs)
        }
      }
    }
  }

  /// Writes ∇f of agent `agents[r]` at row r of X into row r of G: the agents one process holds
  /// when a run is spread over processes. X and G have one row per entry of `agents`.
  public func gradients(at x: Matrix, into g: inout Matrix, agents: [Int]) {
    checkShapes(x, g, rows: agents.count)
    x.storage.withUnsafeBufferPointer { xs in
      g.storage.withUnsafeMutableBufferPointer { gs in
        forEachBlock(count: agents.count, work: gradientWork) {
          gradients(rows: $0, of: agents, at: xs, into: gs)
        }
      }
    }
  }

  /// The numbers one gradient evaluation of all agents reads (N·d samples, or n quadratic forms):
  /// what decides whether blocks of agents are evaluated in parallel.
  public var gradientWork: Int {
    quadraticForms.map { agentCount * $0.forms.columns } ?? sampleCount * dimension
  }

  /// Writes ∇f_r at row r of `x` into row r of `g` for the rows (agents) `rows` only; `x` and `g`
  /// hold n rows of d values. Calls for disjoint blocks of rows may run concurrently: a caller
  /// that splits the agents itself (to update each block while it is in cache) uses this.
  public func gradients(
    rows: Range<Int>, at x: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>
  ) {
    gradientKernel(rows: rows, of: 0..<agentCount, at: x, into: g)
  }

  /// As ``gradients(rows:at:into:)``, for row r holding agent `agents[r]`.
  public func gradients(
    rows: Range<Int>, of agents: [Int], at x: UnsafeBufferPointer<Double>,
    into g: UnsafeMutableBufferPointer<Double>
  ) {
    gradientKernel(rows: rows, of: agents, at: x, into: g)
  }

  /// The shared kernel, private so that each caller's collection type is specialized.
  private func gradientKernel(
    rows block: Range<Int>, of agents: some RandomAccessCollection<Int>,
    at x: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>
  ) {
    precondition(
      block.lowerBound >= 0 && block.upperBound <= agents.count
        && x.count == agents.count * dimension && g.count == x.count,
      "gradients: rows \(block) of \(agents.count)×\(dimension) buffers, got \(x.count) and "
        + "\(g.count) values")
    if let quadraticForms {
      return quadraticForms.gradients(
        rows: block, of: agents, regularization: regularization, at: x, into: g)
    }
    let scale = Double(agentCount) / Double(sampleCount)
    let rows = AgentRows(x: x, g: g)
    for row in block {
      let agent = agents[agents.index(agents.startIndex, offsetBy: row)]
      accumulateGradient(
        rows: agentRows(agent), scale: scale, at: rows.x(row, dimension),
        into: rows.g(row, dimension))
    }
  }

  private func checkShapes(_ x: Matrix, _ g: Matrix, rows: Int) {
    precondition(
      x.rows == rows && x.columns == dimension,
      "gradients: X must be \(rows)×\(dimension), got \(x.rows)×\(x.columns)")
    precondition(
      g.rows == rows && g.columns == dimension,
      "gradients: G must be \(rows)×\(dimension), got \(g.rows)×\(g.columns)")
  }

  /// Writes ∇F(x) (a subgradient for the non-smooth kinds) into `g`. O(N·d).
  public func gradient(
    at x: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>
  ) {
    accumulateGradient(rows: 0..<sampleCount, scale: 1 / Double(sampleCount), at: x, into: g)
  }

  /// ∇F(x) (a subgradient for the non-smooth kinds).
  public func gradient(_ x: [Double]) -> [Double] {
    var g = [Double](repeating: 0, count: dimension)
    x.withUnsafeBufferPointer { xs in
      g.withUnsafeMutableBufferPointer { gradient(at: xs, into: $0) }
    }
    return g
  }

  /// Classification accuracy of sign(a_sᵀx) (+1 when a_sᵀx ≥ 0) over all samples, for logistic
  /// and hinge; nil for the regression kinds.
  public func accuracy(at x: [Double]) -> Double? {
    guard kind.isClassification else { return nil }
    precondition(x.count == dimension, "accuracy: x must have length \(dimension)")
    return rows.withUnsafeBufferPointer { a in
      DenseKernels.signAccuracy(rows: a, labels: targets, dimension: dimension, x: x)
    }
  }

  // MARK: Shared kernels

  func agentRows(_ agent: Int) -> Range<Int> { agentOffsets[agent]..<agentOffsets[agent + 1] }

  private func regularizerValue(_ x: UnsafeBufferPointer<Double>) -> Double {
    precondition(x.count == dimension, "x must have length \(dimension), got \(x.count)")
    guard regularization > 0 else { return 0 }
    return 0.5 * regularization * DenseKernels.dot(x.baseAddress!, x.baseAddress!, count: dimension)
  }

  /// Σ_{s∈rows} loss(a_sᵀx, b_s).
  private func lossSum(rows range: Range<Int>, at x: UnsafeBufferPointer<Double>) -> Double {
    precondition(x.count == dimension, "x must have length \(dimension), got \(x.count)")
    return rows.withUnsafeBufferPointer { a in
      var sum = 0.0
      for s in range {
        let z = DenseKernels.dot(a.baseAddress! + s * dimension, x.baseAddress!, count: dimension)
        sum += kind.loss(z, label: targets[s])
      }
      return sum
    }
  }

  /// g ← scale·Σ_{s∈rows} slope(a_sᵀx, b_s)·a_s + λx.
  private func accumulateGradient(
    rows range: Range<Int>, scale: Double, at x: UnsafeBufferPointer<Double>,
    into g: UnsafeMutableBufferPointer<Double>
  ) {
    precondition(
      x.count == dimension && g.count == dimension, "x and g must have length \(dimension)")
    let gp = g.baseAddress!
    let xp = x.baseAddress!
    for k in 0..<dimension { gp[k] = regularization * xp[k] }
    rows.withUnsafeBufferPointer { a in
      targets.withUnsafeBufferPointer { b in
        for s in range {
          let row = a.baseAddress! + s * dimension
          let z = DenseKernels.dot(row, xp, count: dimension)
          let coefficient = scale * kind.slope(z, label: b[s])
          if coefficient != 0 { DenseKernels.axpy(coefficient, row, gp, count: dimension) }
        }
      }
    }
  }
}

/// The eigenvalues of full symmetric Gram matrices, one LAPACK workspace per order, reused (a
/// million agents' 10×10 matrices on two cores: 3.8 s, against 4.5 s with LAPACKE's allocating call).
private struct GramEigenvalues {
  private var workspaces: [Int: SymmetricEigen.Workspace] = [:]

  /// The eigenvalues of the `order × order` `gram` (overwritten), ascending.
  mutating func eigenvalues(of gram: inout [Double], order: Int) throws -> [Double] {
    var values = [Double](repeating: 0, count: order)
    try gram.withUnsafeMutableBufferPointer { a in
      try values.withUnsafeMutableBufferPointer { v in
        try workspaces[order, default: SymmetricEigen.Workspace(order: order)]
          .eigenvalues(ofSymmetric: a, into: v)
      }
    }
    return values
  }
}

/// Row i of the agents' n×d matrices X and G as buffers.
private struct AgentRows {
  let x: UnsafeBufferPointer<Double>
  let g: UnsafeMutableBufferPointer<Double>

  func x(_ row: Int, _ d: Int) -> UnsafeBufferPointer<Double> {
    UnsafeBufferPointer(rebasing: x[(row * d)..<((row + 1) * d)])
  }

  func g(_ row: Int, _ d: Int) -> UnsafeMutableBufferPointer<Double> {
    UnsafeMutableBufferPointer(rebasing: g[(row * d)..<((row + 1) * d)])
  }
}

/// The agents' quadratic forms of least squares and ridge (``DistributedProblem/quadraticForms``):
/// one row per agent, the upper triangle of Qᵢ = (n/N)AᵢᵀAᵢ row by row, then cᵢ = (n/N)Aᵢᵀbᵢ.
struct QuadraticForms: Sendable {
  let dimension: Int
  /// agentCount × ``width(_:)``, on huge pages when large: the gradients stream through it.
  let forms: Matrix

  /// The numbers per agent: d(d+1)/2 for Qᵢ and d for cᵢ.
  static func width(_ dimension: Int) -> Int { dimension * (dimension + 1) / 2 + dimension }

  /// Forms of the agents holding the samples `offsets[i]..<offsets[i + 1]` of the row-major
  /// `rows` (d features each) and `targets`; built over the cores, O(N·d²/2).
  init(rows: [Double], targets: [Double], offsets: [Int], dimension d: Int) {
    dimension = d
    let agents = offsets.count - 1
    let width = Self.width(d)
    let scale = Double(agents) / Double(offsets[agents])
    forms = Matrix(rows: agents, columns: width) { out in
      rows.withUnsafeBufferPointer { a in
        forEachBlock(count: agents, work: offsets[agents] * width) { block in
          for agent in block {
            let form = out.baseAddress! + agent * width
            form.initialize(repeating: 0, count: width)
            for s in offsets[agent]..<offsets[agent + 1] {
              let sample = a.baseAddress! + s * d
              var k = 0
              for i in 0..<d {
                for j in i..<d {
                  form[k] += sample[i] * sample[j]
                  k += 1
                }
              }
              DenseKernels.axpy(targets[s], sample, form + k, count: d)
            }
            for k in 0..<width { form[k] *= scale }
          }
        }
      }
    }
  }

  /// Row r of `g` ← Qᵢx − cᵢ + λx at row r of `x`, with i = `agents[r]`, for the rows `block`;
  /// d² multiply–adds over d(d+1)/2 + d numbers per agent. About 700 instructions per agent at
  /// d = 10, as many as the same loop in C (gcc -O2).
  func gradients(
    rows block: Range<Int>, of agents: some RandomAccessCollection<Int>, regularization: Double,
    at x: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>
  ) {
    let d = dimension
    let width = forms.columns
    forms.storage.withUnsafeBufferPointer { all in
      for row in block {
        let agent = agents[agents.index(agents.startIndex, offsetBy: row)]
        let q = all.baseAddress! + agent * width
        let c = q + d * (d + 1) / 2
        let xp = x.baseAddress! + row * d
        let gp = g.baseAddress! + row * d
        for i in 0..<d { gp[i] = regularization * xp[i] - c[i] }
        // Row i of the upper triangle gives (Qx)ᵢ's entries j ≥ i and, by symmetry, adds
        // Q_ij·x_i to (Qx)_j for j > i.
        // A walking pointer, not an index into q: the index's overflow checks made up a third
        // of the kernel's instructions (callgrind).
        var qij = q
        for i in 0..<d {
          let xi = xp[i]
          var sum = qij.pointee * xi
          qij += 1
          for j in (i + 1)..<d {
            sum += qij.pointee * xp[j]
            gp[j] += qij.pointee * xi
            qij += 1
          }
          gp[i] += sum
        }
      }
    }
  }
}
