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
/// ``SymmetricEigen/extremeEigenvalues(of:count:which:deflateOnes:tolerance:)`` computes.
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

  /// LAPACKE_dsyevd on a copy of `a`: the eigenvalues ascending and, when `vectors`, the
  /// orthonormal eigenvectors as the columns of the returned row-major storage.
  static func dsyevd(_ a: Matrix, vectors: Bool) throws -> (values: [Double], vectors: [Double]) {
    let n = a.rows
    var work = a.storage
    var values = [Double](repeating: 0, count: n)
    let info = LAPACKE_dsyevd(
      LAPACK_ROW_MAJOR, CChar(UInt8(ascii: vectors ? "V" : "N")), CChar(UInt8(ascii: "U")),
      Int32(n), &work, Int32(n), &values)
    guard info == 0 else {
      let meaning =
        info < 0
        ? "argument \(-info) had an illegal value (LAPACKE reports a NaN entry as argument 5)"
        : "the eigenvalue algorithm did not converge (\(info) off-diagonal elements did not vanish)"
      throw LinearAlgebraError(routine: "dsyevd", info: Int(info), meaning)
    }
    return (values, work)
  }

  /// A few extreme eigenvalues of a large sparse symmetric matrix, ascending, computed with
  /// ARPACK's implicitly restarted Lanczos method (`dsaupd_c`/`dseupd_c`, reverse communication).
  ///
  /// With `deflateOnes`, the operator is restricted to the orthogonal complement of the all-ones
  /// vector (`x` is projected before and after each product), so for a Laplacian
  /// `.smallest` gives the algebraic connectivity λ₂ and not the trivial 0.
  ///
  /// No factorization is needed, not even for the smallest eigenvalues: with
  /// `R = max_i Σ_j |a_ij|` (a Gershgorin bound of the spectral radius), Lanczos runs on
  /// `B = 2R·I ± A`, whose wanted eigenvalues (the largest ones) all lie in `[R, 3R]`, and maps
  /// them back. Krylov spaces do not change under a shift, so this converges exactly as fast as
  /// on `±A`, while ARPACK's relative stopping test `residual ≤ tolerance·|θ|` becomes an absolute
  /// one: every eigenvalue is accurate to about `3·tolerance·R`, even when it is close to 0.
  /// The projected-out direction `1` is an eigenvector of `P·B·P` with eigenvalue 0 < R, so it is
  /// never among the wanted ones.
  ///
  /// Each Lanczos step costs one sparse product, O(nnz), plus O(n·ncv) reorthogonalization, with
  /// `ncv = min(dimension, max(2·count + 1, 32))` basis vectors. After 1,000 restarts without
  /// convergence (ARPACK info 1) or when no shifts could be applied (info 3) it retries once with
  /// three times the basis, then throws. Convergence slows down when the wanted eigenvalue is close
  /// to the next one relative to the spectrum's width (in a release build: λ₂ of a random 4-regular
  /// graph with 100,000 nodes in about 2 s, of a 5,000-node ring in about 1 s, while a 10,000-node
  /// ring gives up after about 25 s; see docs/spectra.md).
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
  ///   - tolerance: ARPACK's relative residual tolerance for the shifted operator (see above).
  /// - Throws: ``LinearAlgebraError`` when ARPACK fails or does not converge.
  public static func extremeEigenvalues(
    of a: SparseMatrix, count: Int, which: EigenEnd, deflateOnes: Bool = false,
    tolerance: Double = 1e-12
  ) throws -> [Double] {
    precondition(
      a.rows == a.columns, "eigenvalues need a square matrix, got \(a.rows)×\(a.columns)")
    let dimension = deflateOnes ? a.rows - 1 : a.rows
    precondition(
      count >= 1 && (which == .both ? 2 * count : count) <= dimension,
      "asked for \(count) eigenvalue(s) at \(which) end(s) of a \(dimension)-dimensional space")
    precondition(tolerance >= 0, "tolerance must be non-negative")
    let problem = ShiftedProblem(matrix: a, deflateOnes: deflateOnes)
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
/// ``SymmetricEigen/extremeEigenvalues(of:count:which:deflateOnes:tolerance:)``, where
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

  func arpackLocked(_ count: Int, sign: Double, tolerance: Double, dimension: Int) throws
    -> [Double]
  {
    arpackLock.lock()
    defer { arpackLock.unlock() }
    var basisSize = min(dimension, max(2 * count + 1, 32))
    var retried = false
    while true {
      do {
        return try arpack(count, sign: sign, tolerance: tolerance, basisSize: basisSize,
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
      dsaupd_c(&ido, "I", n32, "LA", nev, tolerance, &resid, Int32(ncv), &v, n32, &iparam, &ipntr,
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
    dseupd_c(0, "A", &select, &ritzValues, &unusedVectors, n32, 0, "I", n32, "LA", nev, tolerance,
             &resid, Int32(ncv), &v, n32, &iparam, &ipntr, &workd, &workl, Int32(lworkl), &info)
    guard info == 0 else {
      throw LinearAlgebraError(
        routine: "dseupd", info: Int(info),
        info == -14 ? "dsaupd did not find any eigenvalue to sufficient accuracy"
          : "ARPACK rejected the post-processing call (see the dseupd documentation for this code)")
    }
    return ritzValues
  }

  static func saupdError(_ info: Int, maxIterations: Int, ncv: Int) -> LinearAlgebraError {
    let message: String
    switch info {
    case 1:
      message = "no convergence after \(maxIterations) restarts with \(ncv) Lanczos vectors: the "
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
