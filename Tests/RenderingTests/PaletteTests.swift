import Testing

@testable import Rendering

@Suite struct PaletteTests {
  /// The ends and the middle of viridis are matplotlib's `viridis(0)`, `viridis(1)` and
  /// `viridis(0.5)` (`matplotlib.colors.to_hex(cm.viridis(0.5))` = `#21918c`; our 10-stop
  /// interpolation lands within 2 units per channel of it).
  @Test func viridisMatchesMatplotlib() throws {
    #expect(Palette.viridis(0) == "#440154")
    #expect(Palette.viridis(1) == "#fde725")
    let middle = Palette.viridis(0.5)
    let channels = stride(from: 1, to: 7, by: 2).map {
      Int(String(Array(middle)[$0...$0 + 1]), radix: 16)!
    }
    for (value, expected) in zip(channels, [0x21, 0x91, 0x8c]) {
      #expect(abs(value - expected) <= 3, "viridis(0.5) = \(middle)")
    }
    #expect(Palette.viridis(-1) == "#440154")
    #expect(Palette.viridis(.nan) == "#440154")
  }
}
