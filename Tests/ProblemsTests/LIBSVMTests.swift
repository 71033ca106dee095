import Foundation
import GossipCore
import GossipTestSupport
import LinearAlgebra
import Problems
import Testing

/// The bundled data sets, read once.
enum Fixtures {
  static func path(_ name: String) -> String {
    TestSupport.repositoryRoot.appendingPathComponent("datasets/\(name)").path
  }
  static let breastCancer = try! LIBSVM.read(path: path("breast_cancer.svm"))
  static let l1Regression = try! LIBSVM.read(path: path("l1_regression.svm"))
}

@Suite struct LIBSVMTests {
  @Test func readsTheBundledDataSets() {
    // Facts from datasets/README.md and numpy on the same files.
    let cancer = Fixtures.breastCancer
    #expect(
      cancer.sampleCount == 569 && cancer.featureCount == 30 && cancer.name == "breast_cancer")
    #expect(
      cancer.labels.filter { $0 == 1 }.count == 212
        && cancer.labels.filter { $0 == -1 }.count == 357)
    #expect(
      cancer.features[0, 0] == 1.0970639814699807 && cancer.features[568, 29] == -0.7512066928221901
    )
    let l1 = Fixtures.l1Regression
    #expect(l1.sampleCount == 200 && l1.featureCount == 10)
    #expect(l1.labels[0] == -3.438177 && l1.features[0, 9] == 1.600035)
  }

  @Test func missingIndicesAreZeroAndCommentsAndBlankLinesAreSkipped() throws {
    let data = try LIBSVM.parse("# header\n+1 2:3.5 # note\n\n-1 1:-2\r\n", file: "t.svm")
    #expect(data.features == Matrix(rows: 2, columns: 2, storage: [0, 3.5, -2, 0]))
    #expect(data.labels == [1, -1])
    let wider = try LIBSVM.parse("1 1:1\n", file: "t.svm", featureCount: 4)
    #expect(wider.featureCount == 4)
  }

  @Test(arguments: [
    ("1 1:2\nabc 1:2\n", 2, "label"),
    ("1 1:x\n", 1, "value"),
    ("1 0:1\n", 1, "index"),
    ("1 -3:1\n", 1, "index"),
    ("1 3:1 2:1\n", 1, "increase"),
    ("1 2:1 2:1\n", 1, "increase"),
    ("1 1:nan\n", 1, "finite"),
    ("1 1:inf\n", 1, "finite"),
    ("nan 1:1\n", 1, "label"),
    ("1 1:1\n\n1 garbage\n", 3, "INDEX:VALUE"),
    ("1 qid:3 1:1\n", 1, "index"),
    ("1 99999999999999999999999:1\n", 1, "index"),
    ("1 5:1\n", 1, "exceeds"),
  ])
  func rejectsMalformedLines(text: String, line: Int, words: String) {
    #expect {
      try LIBSVM.parse(text, file: "bad.svm", featureCount: 4)
    } throws: { error in
      guard let error = error as? InputFileError else { return false }
      return error.file == "bad.svm" && error.line == line && error.message.contains(words)
    }
  }

  @Test(arguments: ["", "\n\n", "# only a comment\n"])
  func rejectsFilesWithoutSamples(text: String) {
    #expect(throws: InputFileError.self) { try LIBSVM.parse(text, file: "empty.svm") }
  }

  @Test func rejectsBinaryGarbageWithoutCrashing() {
    var rng = SeededGenerator(seed: 5)
    for _ in 0..<50 {
      let bytes = (0..<200).map { _ in UInt8.random(in: 0...255, using: &rng) }
      let text = String(decoding: bytes, as: UTF8.self)
      #expect(throws: (any Error).self) { try LIBSVM.parse(text, file: "noise.svm") }
    }
  }

  @Test func rejectsAFileThatIsNotUTF8() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("latin1-\(ProcessInfo.processInfo.processIdentifier).svm").path
    try Data([0x31, 0x20, 0x31, 0x3A, 0xE9, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(throws: InputFileError.self) { try LIBSVM.read(path: path) }
  }

  @Test func reportsAMissingFile() {
    #expect(throws: MissingInputError.self) { try LIBSVM.read(path: "/nonexistent/nothing.svm") }
  }
}
