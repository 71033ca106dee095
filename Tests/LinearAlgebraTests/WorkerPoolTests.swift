import LinearAlgebra
import Testing

@Suite struct WorkerPoolTests {
  /// Adds 1 to slot `4b` for each block `b` and, if `nested`, runs an inner loop of 3 blocks from
  /// inside each block that adds 1 to slots `4b + 1 ... 4b + 3`. Each block writes only its own
  /// slots, so sharing the pointer across threads is safe.
  struct Count: BlockLoopBody, @unchecked Sendable {
    let slots: UnsafeMutablePointer<Int>
    let nested: Bool

    func run(block: Int) {
      if nested {
        WorkerPool.shared.perform(blocks: 3, Inner(slots: slots + 4 * block + 1))
      }
      slots[4 * block] += 1
    }
  }

  struct Inner: BlockLoopBody, @unchecked Sendable {
    let slots: UnsafeMutablePointer<Int>
    func run(block: Int) { slots[block] += 1 }
  }

  /// The slots after running `blocks` blocks of ``Count`` through the shared pool.
  static func counts(blocks: Int, nested: Bool = false) -> [Int] {
    let slots = UnsafeMutableBufferPointer<Int>.allocate(capacity: 4 * blocks)
    defer { slots.deallocate() }
    slots.initialize(repeating: 0)
    if let base = slots.baseAddress {
      WorkerPool.shared.perform(blocks: blocks, Count(slots: base, nested: nested))
    }
    return Array(slots)
  }

  @Test(arguments: [0, 1, 2, 7, 64])
  func everyBlockRunsOnce(blocks: Int) {
    let counts = Self.counts(blocks: blocks)
    #expect((0..<blocks).allSatisfy { counts[4 * $0] == 1 })
  }

  @Test func aLoopInsideABlockRunsOnTheCallingThread() {
    #expect(Self.counts(blocks: 8, nested: true).allSatisfy { $0 == 1 })
  }

  @Test func concurrentCallersAllFinish() async {
    await withTaskGroup(of: [Int].self) { group in
      for _ in 0..<4 { group.addTask { Self.counts(blocks: 16) } }
      for await counts in group { #expect((0..<16).allSatisfy { counts[4 * $0] == 1 }) }
    }
  }
}
