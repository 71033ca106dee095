import Testing
import LinearAlgebra

@Suite struct WorkerPoolTests {
  /// Runs `blocks` blocks through the shared pool, each adding 1 to its own slot (and, if
  /// `nested`, running an inner loop of 3 blocks from inside the block); returns the slots.
  static func runCounts(blocks: Int, nested: Bool = false) -> [Int] {
    let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(blocks, 1) * 4)
    defer { counts.deallocate() }
    counts.initialize(repeating: 0)
    let slots = UncheckedSlots(base: counts.baseAddress!)
    WorkerPool.shared.perform(blocks: blocks) { b in
      slots.base[4 * b] += 1
      if nested {
        WorkerPool.shared.perform(blocks: 3) { inner in slots.base[4 * b + 1 + inner] += 1 }
      }
    }
    return Array(counts)
  }

  @Test(arguments: [0, 1, 2, 7, 64])
  func everyBlockRunsOnce(blocks: Int) {
    let counts = Self.runCounts(blocks: blocks)
    #expect((0..<blocks).allSatisfy { counts[4 * $0] == 1 })
  }

  @Test func aLoopInsideABlockRunsOnTheCallingThread() {
    let counts = Self.runCounts(blocks: 8, nested: true)
    #expect(counts.allSatisfy { $0 == 1 })
  }

  @Test func concurrentCallersAllFinish() async {
    await withTaskGroup(of: [Int].self) { group in
      for _ in 0..<4 { group.addTask { Self.runCounts(blocks: 16) } }
      for await counts in group { #expect((0..<16).allSatisfy { counts[4 * $0] == 1 }) }
    }
  }
}

/// Each block writes only its own slots, so sharing the pointer across threads is safe.
private struct UncheckedSlots: @unchecked Sendable {
  let base: UnsafeMutablePointer<Int>
}
