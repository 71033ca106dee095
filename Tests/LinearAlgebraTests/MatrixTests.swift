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

  @Test(arguments: [3, 1_000])
  func copyingGivesEqualEntriesInABufferOfItsOwn(rows: Int) {
    let original = Matrix(
      rows: rows, columns: 700, storage: (0..<(rows * 700)).map { Double($0) * 0.5 })
    var copy = Matrix(copying: original)
    #expect(copy == original)
    copy.storage.withUnsafeBufferPointer { c in
      original.storage.withUnsafeBufferPointer { o in #expect(c.baseAddress != o.baseAddress) }
    }
    copy[0, 0] = -1
    #expect(original[0, 0] == 0)
  }
}
