import Testing
import LinearAlgebra

@Suite struct MatrixTests {
  @Test func identityIsRowMajorAndContiguous() {
    let m = Matrix.identity(3)
    #expect(m.storage == [1, 0, 0, 0, 1, 0, 0, 0, 1])
    #expect(m[2, 2] == 1 && m[0, 2] == 0)
  }
}
