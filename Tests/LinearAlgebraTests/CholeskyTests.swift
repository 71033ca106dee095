import LinearAlgebra
import Testing

@Suite struct CholeskyTests {
  @Test func solvesTheHilbertSystemWithItsKnownSolution() throws {
    // H₃ = [1/(i+j+1)] with b = H₃·(1, 1, 1) = (11/6, 13/12, 47/60): the solution is (1, 1, 1).
    let h = Matrix(rows: 3, columns: 3, storage: [1, 1.0 / 2, 1.0 / 3, 1.0 / 2, 1.0 / 3, 1.0 / 4,
                                                  1.0 / 3, 1.0 / 4, 1.0 / 5])
    let x = try #require(Cholesky.solve(h, [11.0 / 6, 13.0 / 12, 47.0 / 60]))
    for value in x { #expect(abs(value - 1) < 1e-12) }
  }

  @Test func refusesAMatrixThatIsNotPositiveDefinite() {
    // Eigenvalues 3 and −1.
    let a = Matrix(rows: 2, columns: 2, storage: [1, 2, 2, 1])
    #expect(Cholesky.solve(a, [1, 1]) == nil)
  }
}
