import CArpack
import COpenBLAS
import Foundation

/// A failure inside LAPACK or ARPACK, with the routine's own code and what it means.
public struct LinearAlgebraError: Error, Equatable, CustomStringConvertible {
  /// The C routine that failed, e.g. `dsyevd` or `dsaupd`.
  public var routine: String
  /// The routine's `info` code.
  public var info: Int
  public var message: String

  public init(routine: String, info: Int, _ message: String) {
    self.routine = routine
    self.info = info
    self.message = message
  }

  public var description: String { "error: \(routine) failed (info = \(info)): \(message)" }
}

/// Which end of a spectrum
/// ``SymmetricEigen/extremeEigenvalues(of:count:which:deflateOnes:tolerance:renumber:)`` computes.
public enum EigenEnd: String, Sendable, CaseIterable {
  /// The `count` largest eigenvalues.
  case largest
  /// The `count` smallest eigenvalues.
  case smallest
  /// The `count` smallest and the `count` largest eigenvalues.
  case both
}

/// Eigenvalues of real symmetric matrices: all of them for dense matrices (LAPACK), a few extreme
/// ones for large sparse matrices (ARPACK).
public enum SymmetricEigen {
  /// All eigenvalues of the dense symmetric matrix `a`, ascending (LAPACKE_dsyevd, divide and
  /// conquer).
  ///
  /// Only the upper triangle is read. O(n³) time, O(n²) memory: fine up to a few thousand rows.
  /// OpenBLAS may use its own threads here.
  /// - Throws: ``LinearAlgebraError`` when LAPACK reports `info ≠ 0` (for example a NaN entry).
  public static func eigenvalues(of a: Matrix) throws -> [Double] {
    precondition(
      a.rows == a.columns, "eigenvalues need a square matrix, got \(a.rows)×\(a.columns)")
    let n = a.rows
    guard n > 0 else { return [] }
    return try dsyevd(a, vectors: false).values
  }

  /// Workspace for the eigenvalues of many small symmetric matrices of one order, one after the
  /// other (a per-agent constant of a million agents): LAPACK's dsyevd called directly, without
  /// LAPACKE's transposed copy, workspace query and allocations on every call.
  public struct Workspace {
    public let order: Int
    private var work: [Double]
    private var integerWork: [Int32]

    public init(order: Int) {
      precondition(order >= 1, "a workspace for matrices of order ≥ 1")
      self.order = order
      // The optimal sizes, as LAPACKE asks for them, so that dsyevd takes the same path.
      var workSize = 0.0
      var integerWorkSize: Int32 = 0
      var scratch = [Double](repeating: 0, count: order * order)
      var values = [Double](repeating: 0, count: order)
      _ = LAPACKE_dsyevd_work(
        LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "U")), Int32(order),
        &scratch, Int32(order), &values, &workSize, -1, &integerWorkSize, -1)
      work = [Double](repeating: 0, count: max(Int(workSize), 2 * order + 1))
      integerWork = [Int32](repeating: 0, count: max(Int(integerWorkSize), 1))
    }

    /// The eigenvalues, ascending, of the symmetric `order × order` matrix in `a` (overwritten),
    /// whose both triangles must be filled: the same values as ``eigenvalues(of:)`` (LAPACK gets
    /// the same triangle), without allocating.
    /// - Throws: ``LinearAlgebraError`` when LAPACK reports `info ≠ 0`.
    public mutating func eigenvalues(
      ofSymmetric a: UnsafeMutableBufferPointer<Double>,
      into values: UnsafeMutableBufferPointer<Double>
    ) throws {
      precondition(
        a.count == order * order && values.count == order,
        "an order-\(order) matrix and \(order) values")
      // As LAPACKE checks before its call (argument 5 is the matrix).
      guard a.allSatisfy(\.isFinite) else { throw SymmetricEigen.dsyevdError(-5) }
      // A full symmetric row-major matrix read column-major is itself; its upper triangle as
      // LAPACK reads it holds the same numbers as the row-major upper triangle.
      let (workCount, integerCount) = (Int32(work.count), Int32(integerWork.count))
      let info = LAPACKE_dsyevd_work(
        LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "U")), Int32(order),
        a.baseAddress, Int32(order), values.baseAddress, &work, workCount, &integerWork,
        integerCount)
      guard info == 0 else { throw SymmetricEigen.dsyevdError(info) }
    }
  }

  /// LAPACKE_dsyevd on a copy of `a`: the eigenvalues ascending and, when `vectors`, the
  /// orthonormal eigenvectors as the columns of the returned row-major storage.
  static func dsyevd(_ a: Matrix, vectors: Bool) throws -> (values: [Double], vectors: [Double]) {
    let n = a.rows
    var work = a.storage
    var values = [Double](repeating: 0, count: n)
    let info = LAPACKE_dsyevd(
      LAPACK_ROW_MAJOR, CChar(UInt8(ascii: vectors ? "V" : "N")), CChar(UInt8(ascii: "U")),
      Int32(n), &work, Int32(n), &values)
    guard info == 0 else { throw dsyevdError(info) }
    return (values, work)
  }

  static func dsyevdError(_ info: Int32) -> LinearAlgebraError {
    let meaning =
      info < 0
      ? "argument \(-info) had an illegal value (LAPACKE reports a NaN entry as argument 5)"
      : "the eigenvalue algorithm did not converge (\(info) off-diagonal elements did not vanish)"
    return LinearAlgebraError(routine: "dsyevd", info: Int(info), meaning)
  }

  /// A few extreme eigenvalues of a large sparse symmetric matrix, ascending: with `count: 1`
  /// by the Lanczos process without reorthogonalization, else with ARPACK's implicitly
  /// restarted Lanczos method (`dsaupd_c`/`dseupd_c`, reverse communication).
  ///
  /// With `deflateOnes`, the operator is restricted to the orthogonal complement of the all-ones
  /// vector (`x` is projected before and after each product), so for a Laplacian
  /// `.smallest` gives the algebraic connectivity λ₂ and not the trivial 0.
  ///
  /// `count: 1` (every caller in this package: λ₂, λₙ, λ_max) takes one Krylov space for both
  /// ends, one sparse product and a few vector operations per step, and three vectors of memory;
  /// the matrix is first renumbered in reverse Cuthill–McKee order (eigenvalues do not change),
  /// so that the products read their input almost in order, unless `renumber` is false (a matrix
  /// already in such an order: renumbering 10⁶ nodes again costs 2 s). It stops when the error bound
  /// β_k·|s_k| of each wanted end is at most `tolerance·R`, with `R = max_i Σ_j |a_ij|` (a
  /// Gershgorin bound of the spectral radius): every eigenvalue is accurate to `tolerance·R`
  /// absolute, even when it is close to 0. After 20,000 steps (10·n for small n) it throws.
  /// Measured (release, 2-core machines, docs/performance.md): λ₂ and λₙ of the Metropolis
  /// matrix of a random 4-regular graph on 10⁵ nodes in about 1 s, 10⁶ nodes (≈ 1,800 steps) in
  /// 13–18 s, the products and vector operations split over the cores.
  ///
  /// ARPACK (count ≥ 2) needs no factorization either, not even for the smallest eigenvalues:
  /// Lanczos runs on `B = 2R·I ± A`, whose wanted eigenvalues (the largest ones) all lie in
  /// `[R, 3R]`, and maps them back. Krylov spaces do not change under a shift, so this converges
  /// exactly as fast as on `±A`, while ARPACK's relative stopping test `residual ≤ tolerance·|θ|`
  /// becomes an absolute one (accurate to about `3·tolerance·R`). The projected-out direction `1`
  /// is an eigenvector of `P·B·P` with eigenvalue 0 < R, so it is never among the wanted ones.
  /// Each ARPACK step costs one sparse product, O(nnz), plus O(n·ncv) reorthogonalization, with
  /// `ncv = min(dimension, max(2·count + 1, 32))` basis vectors. After 1,000 restarts without
  /// convergence (ARPACK info 1) or when no shifts could be applied (info 3) it retries once with
  /// three times the basis, then throws. Convergence of both methods slows down when the wanted
  /// eigenvalue is close to the next one relative to the spectrum's width (long rings or paths;
  /// see docs/spectra.md).
  /// Lanczos from one start vector sees an eigenspace as one direction: a multiple eigenvalue is
  /// found once (ask for `count: 1` to get an extreme value whatever its multiplicity).
  /// Matrices with at most 3 rows, or requests for (nearly) all eigenvalues, are solved densely.
  ///
  /// ARPACK keeps state in Fortran `SAVE` variables, so calls are serialized by a lock.
  ///
  /// Reference: Lehoucq, Sorensen & Yang, *ARPACK Users' Guide*, SIAM 1998,
  /// doi:10.1137/1.9780898719628.
  /// - Parameters:
  ///   - count: how many eigenvalues at each requested end, `1...dimension` (`2·count ≤ dimension`
  ///     for `.both`), where `dimension` is `n − 1` with `deflateOnes` and `n` otherwise.
  ///   - tolerance: the accuracy relative to `R` (see above).
  ///   - renumber: whether `count: 1` renumbers the matrix in reverse Cuthill–McKee order first.
  /// - Throws: ``LinearAlgebraError`` when LAPACK or ARPACK fails, or nothing converges.
  public static func extremeEigenvalues(
    of a: SparseMatrix, count: Int, which: EigenEnd, deflateOnes: Bool = false,
    tolerance: Double = 1e-12, renumber: Bool = true
  ) throws -> [Double] {
    precondition(
      a.rows == a.columns, "eigenvalues need a square matrix, got \(a.rows)×\(a.columns)")
    let dimension = deflateOnes ? a.rows - 1 : a.rows
    precondition(
      count >= 1 && (which == .both ? 2 * count : count) <= dimension,
      "asked for \(count) eigenvalue(s) at \(which) end(s) of a \(dimension)-dimensional space")
    precondition(tolerance >= 0, "tolerance must be non-negative")
    let problem = ShiftedProblem(matrix: a, deflateOnes: deflateOnes)
    if count == 1 && dimension > 3 {
      return try problem.lanczosExtremes(which: which, tolerance: tolerance, renumber: renumber)
    }
    switch which {
    case .largest:
      return try problem.largest(count, sign: 1, tolerance: tolerance)
    case .smallest:
      return try problem.largest(count, sign: -1, tolerance: tolerance)
    case .both:
      let low = try problem.largest(count, sign: -1, tolerance: tolerance)
      let high = try problem.largest(count, sign: 1, tolerance: tolerance)
      return low + high
    }
  }
}

/// Serializes every use of ARPACK, whose Fortran routines keep state between calls.
private let arpackLock = NSLock()

/// The operator `P·(2R·I + sign·A)·P` of
/// ``SymmetricEigen/extremeEigenvalues(of:count:which:deflateOnes:tolerance:renumber:)``, where
/// `P = I − 11ᵀ/n` with deflation and `P = I` without.
private struct ShiftedProblem {
  let matrix: SparseMatrix
  let deflateOnes: Bool
  /// `2R`, with `R` the largest absolute row sum (1 for the zero matrix).
  let shift: Double

  init(matrix: SparseMatrix, deflateOnes: Bool) {
    self.matrix = matrix
    self.deflateOnes = deflateOnes
    var bound = 0.0
    for i in 0..<matrix.rows {
      var rowSum = 0.0
      for k in matrix.rowPointers[i]..<matrix.rowPointers[i + 1] {
        rowSum += abs(matrix.values[k])
      }
      bound = max(bound, rowSum)
    }
    shift = 2 * (bound > 0 ? bound : 1)
  }

  var n: Int { matrix.rows }

  /// The `count` largest eigenvalues of `sign·A` (on `1^⊥` with deflation), mapped back to
  /// eigenvalues of `A`, ascending.
  func largest(_ count: Int, sign: Double, tolerance: Double) throws -> [Double] {
    let dimension = deflateOnes ? n - 1 : n
    let thetas: [Double]
    if n <= 3 || count >= dimension {
      thetas = try denseLargest(count, sign: sign)
    } else {
      thetas = try arpackLocked(count, sign: sign, tolerance: tolerance, dimension: dimension)
    }
    return thetas.map { sign * ($0 - shift) }.sorted()
  }

  /// A fixed pseudo-random start vector (SplitMix64 finalizer of the index, mapped to [−1, 1)),
  /// projected when deflating, so that results do not depend on earlier ARPACK calls.
  func startVector() -> [Double] {
    var x = (0..<n).map { i -> Double in
      var z = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 &+ 0x2545_F491_4F6C_DD1D
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      return Double(z >> 11) * 0x1p-52 - 1
    }
    x.withUnsafeMutableBufferPointer { project($0) }
    return x
  }

  /// `x ← P x` (subtract the mean) when deflating.
  func project(_ x: UnsafeMutableBufferPointer<Double>) {
    guard deflateOnes else { return }
    var mean = 0.0
    for value in x { mean += value }
    mean /= Double(x.count)
    for i in x.indices { x[i] -= mean }
  }

  /// The `count` largest eigenvalues of the dense `P·B·P`; the eigenvalue 0 of `1` is dropped.
  func denseLargest(_ count: Int, sign: Double) throws -> [Double] {
    var b = matrix.toDense()
    for k in b.storage.indices { b.storage[k] *= sign }
    for i in 0..<n { b[i, i] += shift }
    if deflateOnes {
      // P·B·P entrywise: b_ij − rowMean_i − columnMean_j + mean (B is symmetric).
      var rowMeans = [Double](repeating: 0, count: n)
      for i in 0..<n {
        for j in 0..<n { rowMeans[i] += b[i, j] }
        rowMeans[i] /= Double(n)
      }
      let mean = rowMeans.reduce(0, +) / Double(n)
      for i in 0..<n {
        for j in 0..<n { b[i, j] += mean - rowMeans[i] - rowMeans[j] }
      }
    }
    var all = try SymmetricEigen.eigenvalues(of: b)
    if deflateOnes { all.removeFirst() }
    return Array(all.suffix(count))
  }

  /// The smallest and/or largest eigenvalue (on `1^⊥` with deflation), ascending, by the Lanczos
  /// process without reorthogonalization: one sparse product and a few vector operations per
  /// step, three vectors of memory, both ends from one Krylov space.
  ///
  /// In floating point the Lanczos vectors lose orthogonality once a Ritz value converges, which
  /// only adds spurious copies of converged values; the extreme Ritz values stay correct, and
  /// `β_k·|s_k|` (β_k the last off-diagonal, s_k the last entry of the Ritz vector of T_k) still
  /// bounds the distance to an eigenvalue (Paige 1976; Cullum & Willoughby, *Lanczos Algorithms
  /// for Large Symmetric Eigenvalue Computations*, 1985, ch. 4). Stops when that bound is at most
  /// `tolerance·R` at each wanted end (checked every ``lanczosCheckInterval`` steps), or when
  /// β_k vanishes (an invariant subspace: T_k's eigenvalues are exact).
  func lanczosExtremes(which: EigenEnd, tolerance: Double, renumber: Bool) throws -> [Double] {
    let radius = shift / 2
    // Neighbours numbered close together: the products read X almost in order.
    let matrix =
      renumber ? matrix.symmetricallyPermuted(by: matrix.reverseCuthillMcKeeOrder()) : matrix
    var previous = [Double](repeating: 0, count: n)
    var current = startVector()
    var next = [Double](repeating: 0, count: n)
    let startNorm = Self.dot(current, current).squareRoot()
    for i in 0..<n { current[i] /= startNorm }
    var alphas: [Double] = []
    var betas: [Double] = []
    var beta = 0.0
    let maxSteps = min(Self.lanczosMaxSteps, 10 * n)
    while alphas.count < maxSteps {
      matrix.multiply(current, into: &next)
      let (alpha, newBeta, mean) = orthogonalize(
        &next, against: current, previous, previousBeta: beta)
      beta = newBeta
      alphas.append(alpha)
      betas.append(beta)
      let exhausted = beta <= 1e-14 * radius
      if exhausted || alphas.count % Self.lanczosCheckInterval == 0 {
        let ends = try Self.tridiagonalEnds(alphas, betas, which: which)
        if exhausted || ends.allSatisfy({ $0.bound <= tolerance * radius }) {
          return ends.map(\.value)
        }
      }
      next.withUnsafeMutableBufferPointer { next in
        forEachBlock(count: n, work: n) { block in
          for i in block { next[i] = (next[i] - mean) / beta }
        }
      }
      swap(&previous, &current)
      swap(&current, &next)
    }
    throw LinearAlgebraError(
      routine: "lanczos", info: 1,
      "no convergence after \(maxSteps) Lanczos steps: the wanted eigenvalue is too close to its "
        + "neighbours relative to the spectrum's width (as in long rings or paths); the dense "
        + "method handles up to a few thousand nodes")
  }

  /// One Lanczos step after the product `w = A·v`: `α = vᵀw`, `w ← w − α·v − β·v_prev`, and
  /// the new `β = ‖w − m·1‖`, where `m` is the mean of `w` when deflating (0 otherwise). The
  /// caller sets `w ← (w − m)/β`: projecting off `1` after the update means rounding never lets
  /// `1` into the Krylov space, where Lanczos would amplify it into a Ritz value.
  ///
  /// Two passes over the vectors, each split over the cores in fixed chunks
  /// (``ParallelChunks``; at 10⁶ nodes serial passes cost as much as the sparse product): the
  /// second sums `w` and `w²` together, and `‖w − m·1‖² = Σw² − n·m²`, exact up to rounding
  /// since `m` is at the rounding level of `w` (`v` and `v_prev` are orthogonal to `1`).
  private func orthogonalize(
    _ w: inout [Double], against v: [Double], _ previous: [Double], previousBeta beta: Double
  ) -> (alpha: Double, beta: Double, mean: Double) {
    let n = self.n
    return w.withUnsafeMutableBufferPointer { w in
      v.withUnsafeBufferPointer { v in
        previous.withUnsafeBufferPointer { previous in
          let alpha = ParallelChunks.sum(count: n) { chunk in
            var sum = 0.0
            for i in chunk { sum += v[i] * w[i] }
            return sum
          }
          let sums = ParallelChunks.sum(count: n) { chunk in
            var (sum, squares) = (0.0, 0.0)
            for i in chunk {
              w[i] -= alpha * v[i] + beta * previous[i]
              sum += w[i]
              squares += w[i] * w[i]
            }
            return SIMD2(sum, squares)
          }
          let mean = deflateOnes ? sums[0] / Double(n) : 0
          let squares = sums[1] - Double(n) * mean * mean
          return (alpha, max(squares, 0).squareRoot(), mean)
        }
      }
    }
  }

  /// Steps between two convergence checks of ``lanczosExtremes(which:tolerance:renumber:)``.
  static let lanczosCheckInterval = 10
  /// The most Lanczos steps before giving up.
  static let lanczosMaxSteps = 20_000

  static func dot(_ x: [Double], _ y: [Double]) -> Double {
    var sum = 0.0
    for i in x.indices { sum += x[i] * y[i] }
    return sum
  }

  /// The wanted extreme eigenvalues of the tridiagonal T_k (diagonal `alphas`, off-diagonal
  /// `betas` without its last entry), ascending, each with its error bound β_k·|s_k|
  /// (LAPACKE_dstevx: bisection and inverse iteration for one eigenpair).
  static func tridiagonalEnds(_ alphas: [Double], _ betas: [Double], which: EigenEnd) throws
    -> [(value: Double, bound: Double)]
  {
    let k = alphas.count
    let indices: [Int] =
      switch which {
      case .smallest: [1]
      case .largest: [k]
      case .both: k == 1 ? [1] : [1, k]
      }
    return try indices.map { index in
      var diagonal = alphas
      var offDiagonal = Array(betas.prefix(k - 1)) + [0]
      var found: Int32 = 0
      var value = [Double](repeating: 0, count: k)
      var vector = [Double](repeating: 0, count: k)
      var failed = [Int32](repeating: 0, count: k)
      let info = LAPACKE_dstevx(
        LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "I")), Int32(k), &diagonal,
        &offDiagonal, 0, 0, Int32(index), Int32(index), 0, &found, &value, &vector, Int32(k),
        &failed)
      guard info == 0, found == 1 else {
        throw LinearAlgebraError(
          routine: "dstevx", info: Int(info), "the tridiagonal eigenvalue solver failed")
      }
      return (value[0], abs(betas[k - 1] * vector[k - 1]))
    }
  }

  func arpackLocked(_ count: Int, sign: Double, tolerance: Double, dimension: Int) throws
    -> [Double]
  {
    arpackLock.lock()
    defer { arpackLock.unlock() }
    var basisSize = min(dimension, max(2 * count + 1, 32))
    var retried = false
    while true {
      do {
        return try arpack(
          count, sign: sign, tolerance: tolerance, basisSize: basisSize,
          maxIterations: 1000)
      } catch let error as LinearAlgebraError
        where (error.info == 1 || error.info == 3) && !retried
      {
        // A longer Lanczos basis per restart: a higher-degree filter polynomial.
        basisSize = min(dimension, 3 * basisSize)
        retried = true
      }
    }
  }

  /// One run of `dsaupd`/`dseupd` ("LA": largest algebraic) on `P·B·P`.
  func arpack(_ count: Int, sign: Double, tolerance: Double, basisSize ncv: Int, maxIterations: Int)
    throws -> [Double]
  {
    let nev = Int32(count)
    let n32 = Int32(n)
    var ido: Int32 = 0
    var info: Int32 = 1  // 1: start from `resid` (ARPACK's own random start depends on earlier calls)
    var resid = startVector()
    var v = [Double](repeating: 0, count: n * ncv)
    var iparam = [Int32](repeating: 0, count: 11)
    iparam[0] = 1  // exact shifts
    iparam[2] = Int32(clamping: maxIterations)
    iparam[6] = 1  // mode 1: standard problem A·x = λ·x
    var ipntr = [Int32](repeating: 0, count: 14)
    var workd = [Double](repeating: 0, count: 3 * n)
    let lworkl = ncv * (ncv + 8)
    var workl = [Double](repeating: 0, count: lworkl)
    var input = [Double](repeating: 0, count: n)
    var product = [Double](repeating: 0, count: n)

    while true {
      dsaupd_c(
        &ido, "I", n32, "LA", nev, tolerance, &resid, Int32(ncv), &v, n32, &iparam, &ipntr,
        &workd, &workl, Int32(lworkl), &info)
      guard ido == -1 || ido == 1 else { break }
      let from = Int(ipntr[0]) - 1
      let to = Int(ipntr[1]) - 1
      for i in 0..<n { input[i] = workd[from + i] }
      input.withUnsafeMutableBufferPointer { project($0) }
      matrix.multiply(input, into: &product)
      for i in 0..<n { product[i] = shift * input[i] + sign * product[i] }
      product.withUnsafeMutableBufferPointer { project($0) }
      for i in 0..<n { workd[to + i] = product[i] }
    }
    guard info == 0 else {
      throw Self.saupdError(Int(info), maxIterations: maxIterations, ncv: ncv)
    }
    let converged = Int(iparam[4])
    guard converged >= count else {
      throw LinearAlgebraError(
        routine: "dsaupd", info: 1,
        "only \(converged) of \(count) eigenvalues converged in \(maxIterations) restarts "
          + "(ncv = \(ncv))")
    }

    var ritzValues = [Double](repeating: 0, count: count)
    var select = [Int32](repeating: 0, count: ncv)
    var unusedVectors = [Double](repeating: 0, count: 1)
    dseupd_c(
      0, "A", &select, &ritzValues, &unusedVectors, n32, 0, "I", n32, "LA", nev, tolerance,
      &resid, Int32(ncv), &v, n32, &iparam, &ipntr, &workd, &workl, Int32(lworkl), &info)
    guard info == 0 else {
      throw LinearAlgebraError(
        routine: "dseupd", info: Int(info),
        info == -14
          ? "dsaupd did not find any eigenvalue to sufficient accuracy"
          : "ARPACK rejected the post-processing call (see the dseupd documentation for this code)")
    }
    return ritzValues
  }

  static func saupdError(_ info: Int, maxIterations: Int, ncv: Int) -> LinearAlgebraError {
    let message: String
    switch info {
    case 1:
      message =
        "no convergence after \(maxIterations) restarts with \(ncv) Lanczos vectors: the "
        + "wanted eigenvalue is too close to its neighbours relative to the spectrum's width "
        + "(as in long rings or paths); the dense method handles up to a few thousand nodes"
    case 3:
      message = "no shifts could be applied during a restart (ncv = \(ncv) is too small)"
    case -9999:
      message = "could not build a Lanczos factorization"
    case -8:
      message = "the LAPACK eigenvalue routine dsteqr failed inside ARPACK"
    case -9:
      message = "the starting vector is zero"
    default:
      message = "illegal argument or internal error (see the dsaupd documentation for this code)"
    }
    return LinearAlgebraError(routine: "dsaupd", info: info, message)
  }
}
