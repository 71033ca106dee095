import Testing
import LinearAlgebra

@Suite struct MatrixTests {
  @Test func identityIsRowMajorAndContiguous() {
    let m = Matrix.identity(3)
    #expect(m.storage == [1, 0, 0, 0, 1, 0, 0, 0, 1])
    #expect(m[2, 2] == 1 && m[0, 2] == 0)
  }

  @Test func largeStorageOnHugePagesHoldsTheRepeatedValue() {
    let m = Matrix(rows: 1_000, columns: 700, repeating: 2.5)  // 5.6 MB: madvised
    #expect(m.storage.count == 700_000 && m.storage.allSatisfy { $0 == 2.5 })
  }
}
