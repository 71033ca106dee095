import Foundation
import GossipCore
import GossipTestSupport
import LinearAlgebra
import Testing

/// The n×n tridiagonal Toeplitz matrix with `diagonal` and `offDiagonal`; its eigenvalues are
/// `diagonal + 2·offDiagonal·cos(kπ/(n+1))`, k = 1…n (closed form).
func tridiagonal(_ n: Int, diagonal: Double, offDiagonal: Double) -> SparseMatrix {
  var rowPointers = [0]
  var columns: [Int32] = []
  var values: [Double] = []
  for i in 0..<n {
    for j in max(0, i - 1)...min(n - 1, i + 1) {
      columns.append(Int32(j))
      values.append(i == j ? diagonal : offDiagonal)
    }
    rowPointers.append(columns.count)
  }
  return SparseMatrix(rows: n, columns: n, rowPointers: rowPointers, columnIndices: columns,
                      values: values)
}

func tridiagonalSpectrum(_ n: Int, diagonal: Double, offDiagonal: Double) -> [Double] {
  (1...n).map { diagonal + 2 * offDiagonal * cos(Double($0) * .pi / Double(n + 1)) }.sorted()
}

/// The Laplacian of the n-cycle; its eigenvalues are `2 − 2cos(2πk/n)`, k = 0…n−1.
func ringLaplacian(_ n: Int) -> SparseMatrix {
  var rowPointers = [0]
  var columns: [Int32] = []
  var values: [Double] = []
  for i in 0..<n {
    let entries = [((i + n - 1) % n, -1.0), (i, 2.0), ((i + 1) % n, -1.0)].sorted { $0.0 < $1.0 }
    for (j, value) in entries {
      columns.append(Int32(j))
      values.append(value)
    }
    rowPointers.append(columns.count)
  }
  return SparseMatrix(rows: n, columns: n, rowPointers: rowPointers, columnIndices: columns,
                      values: values)
}

func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double,
                 sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(actual.count == expected.count, sourceLocation: sourceLocation)
  for (a, e) in zip(actual, expected) {
    #expect(TestSupport.close(a, e, tolerance: tolerance), "\(a) vs \(e)",
            sourceLocation: sourceLocation)
  }
}

@Suite struct SymmetricEigenTests {
  @Test func denseEigenvaluesOfTridiagonalToeplitzMatchClosedForm() throws {
    let a = tridiagonal(60, diagonal: 3, offDiagonal: -1.5)
    let values = try SymmetricEigen.eigenvalues(of: a.toDense())
    expectClose(values, tridiagonalSpectrum(60, diagonal: 3, offDiagonal: -1.5), tolerance: 1e-12)
  }

  /// The reusable workspace gives the eigenvalues of ``SymmetricEigen/eigenvalues(of:)`` bit for
  /// bit (the same LAPACK routine on the same triangle), for several orders and many matrices in
  /// a row, and refuses a NaN entry as LAPACKE does.
  @Test(arguments: [1, 2, 10, 37])
  func workspaceEigenvaluesEqualTheAllocatingOnes(order: Int) throws {
    var rng = SeededGenerator(seed: UInt64(order))
    var workspace = SymmetricEigen.Workspace(order: order)
    for _ in 0..<20 {
      var a = Matrix(rows: order, columns: order)
      for i in 0..<order {
        for j in i..<order {
          a[i, j] = Double.random(in: -1...1, using: &rng)
          a[j, i] = a[i, j]
        }
      }
      let expected = try SymmetricEigen.eigenvalues(of: a)
      var values = [Double](repeating: .nan, count: order)
      var storage = a.storage
      try storage.withUnsafeMutableBufferPointer { a in
        try values.withUnsafeMutableBufferPointer {
          try workspace.eigenvalues(ofSymmetric: a, into: $0)
        }
      }
      #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
    }
    var bad = [Double](repeating: 1, count: order * order)
    bad[order * order - 1] = .nan
    var values = [Double](repeating: 0, count: order)
    #expect(throws: LinearAlgebraError.self) {
      try bad.withUnsafeMutableBufferPointer { a in
        try values.withUnsafeMutableBufferPointer {
          try workspace.eigenvalues(ofSymmetric: a, into: $0)
        }
      }
    }
  }

  @Test func denseEigenvaluesOfNaNThrow() {
    var a = Matrix.identity(3)
    a[1, 1] = .nan
    #expect(throws: LinearAlgebraError.self) { try SymmetricEigen.eigenvalues(of: a) }
  }

  @Test(arguments: EigenEnd.allCases)
  func arpackEndsOfTridiagonalToeplitzMatchClosedForm(which: EigenEnd) throws {
    let n = 300
    let a = tridiagonal(n, diagonal: 1, offDiagonal: 0.5)
    let exact = tridiagonalSpectrum(n, diagonal: 1, offDiagonal: 0.5)
    let values = try SymmetricEigen.extremeEigenvalues(of: a, count: 3, which: which)
    let expected: [Double] =
      switch which {
      case .largest: Array(exact.suffix(3))
      case .smallest: Array(exact.prefix(3))
      case .both: Array(exact.prefix(3) + exact.suffix(3))
      }
    expectClose(values, expected, tolerance: 1e-9)
  }

  /// `count: 1` takes the Lanczos path without reorthogonalization: both ends of a spectrum
  /// whose eigenvalues crowd at the ends (gaps O(1/n²)) still match the closed form.
  @Test(arguments: EigenEnd.allCases)
  func lanczosEndsOfTridiagonalToeplitzMatchClosedForm(which: EigenEnd) throws {
    let n = 300
    let exact = tridiagonalSpectrum(n, diagonal: 1, offDiagonal: 0.5)
    let values = try SymmetricEigen.extremeEigenvalues(
      of: tridiagonal(n, diagonal: 1, offDiagonal: 0.5), count: 1, which: which)
    let expected: [Double] =
      switch which {
      case .largest: [exact.last!]
      case .smallest: [exact.first!]
      case .both: [exact.first!, exact.last!]
      }
    expectClose(values, expected, tolerance: 1e-9)
  }

  /// With and without the renumbering (the ring's own numbering is already banded).
  @Test(arguments: [true, false])
  func deflationSkipsTheOnesVectorOfARingLaplacian(renumber: Bool) throws {
    let n = 200
    let ring = ringLaplacian(n)
    let lambda2 = 2 - 2 * cos(2 * Double.pi / Double(n))
    // λ₂ is a double eigenvalue: Lanczos from one start vector sees each eigenvalue once.
    let smallest = try SymmetricEigen.extremeEigenvalues(
      of: ring, count: 1, which: .smallest, deflateOnes: true, renumber: renumber)
    expectClose(smallest, [lambda2], tolerance: 1e-9)
    let plain = try SymmetricEigen.extremeEigenvalues(
      of: ring, count: 1, which: .smallest, renumber: renumber)
    #expect(abs(plain[0]) <= 1e-9)
    let largest = try SymmetricEigen.extremeEigenvalues(
      of: ring, count: 1, which: .largest, deflateOnes: true, renumber: renumber)
    expectClose(largest, [4], tolerance: 1e-9)  // n even: 2 − 2cos(π)
  }

  /// Three rows never reach ARPACK; the dense fallback must deflate the same way.
  @Test func tinyMatricesUseTheDenseFallback() throws {
    let path3 = SparseMatrix(
      rows: 3, columns: 3, rowPointers: [0, 2, 5, 7], columnIndices: [0, 1, 0, 1, 2, 1, 2],
      values: [1, -1, -1, 2, -1, -1, 1])
    // Path P3 Laplacian: eigenvalues 0, 1, 3.
    let deflated = try SymmetricEigen.extremeEigenvalues(
      of: path3, count: 1, which: .both, deflateOnes: true)
    expectClose(deflated, [1, 3], tolerance: 1e-12)
    let all = try SymmetricEigen.extremeEigenvalues(of: path3, count: 3, which: .largest)
    expectClose(all, [0, 1, 3], tolerance: 1e-12)
  }
}
