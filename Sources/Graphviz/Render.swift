import CGraphviz

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Graphviz {
  /// The output formats GossipSim renders, each with the libgvc device that writes it.
  public enum OutputFormat: String, Sendable, CaseIterable {
    /// Scalable vector graphics from Graphviz's core plugin (`libgvplugin_core`).
    case svg
    /// A bitmap through cairo (`libgvplugin_pango`, shipped with Debian's `libgvc6`).
    case png
    /// A vector document through cairo (`libgvplugin_pango`).
    case pdf

    /// The `-T` name given to `gvRenderData`: the cairo devices for PNG and PDF (anti-aliased,
    /// with real fonts) rather than the gd one a bare `png` may pick.
    var device: String {
      switch self {
      case .svg: "svg"
      case .png: "png:cairo"
      case .pdf: "pdf:cairo"
      }
    }
  }

  /// Lays out DOT text with a Graphviz engine and renders it, in this process (no `dot` binary).
  ///
  /// Runs `gvContext`, `agmemread`, `gvLayout`, `gvRenderData`, then frees in reverse order, all
  /// under ``withLock(_:)``. `engine` is a libgvc layout plugin name (`dot`, `neato`, `fdp`,
  /// `sfdp`, `circo`, `twopi`, or `nop` for "use the `pos` attributes as given", `neato -n`).
  /// Graphviz has no way to cancel a layout: callers choose an engine that is fast enough for
  /// the graph's size (the `Rendering` target does).
  ///
  /// - Throws: ``GraphvizError`` with Graphviz's message when the text does not parse, the
  ///   engine or the format is not installed, or the layout or the rendering fails.
  public static func render(dot text: String, engine: String, format: OutputFormat) throws
    -> [UInt8]
  {
    guard !text.utf8.contains(0) else {
      throw GraphvizError(message: "the text contains a NUL byte")
    }
    return try withLock {
      try capturingMessages {
        guard let context = gvContext() else {
          throw GraphvizError(message: "cannot create a Graphviz context (out of memory?)")
        }
        defer { gvFreeContext(context) }
        try requirePlugin(context, kind: "layout", name: engine,
                          hint: "the layout plugins come with Debian's libgvc6")
        try requirePlugin(context, kind: "device", name: format.device,
                          hint: format == .svg
                            ? "the SVG renderer comes with Debian's libgvc6"
                            : "PNG and PDF come from the cairo plugin in Debian's libgvc6")
        prepareScanner()
        guard let graph = text.withCString({ agmemread($0) }) else {
          throw messageError(or: "the DOT text holds no graph")
        }
        defer { agclose(graph) }
        guard gvLayout(context, graph, engine) == 0 else {
          throw messageError(or: "the \(engine) layout failed")
        }
        defer { gvFreeLayout(context, graph) }
        return try renderData(context, graph, device: format.device)
      }
    }
  }

  /// `gvRenderData` and `gvFreeRenderData`; the one place that knows the length is an
  /// `unsigned int` in Graphviz 2.42/2.43 (newer releases use `size_t`). Call with the lock held.
  private static func renderData(
    _ context: OpaquePointer, _ graph: UnsafeMutablePointer<Agraph_t>, device: String
  ) throws -> [UInt8] {
    var result: UnsafeMutablePointer<CChar>? = nil
    var length: UInt32 = 0
    let status = gvRenderData(context, graph, device, &result, &length)
    defer { if let result { gvFreeRenderData(result) } }
    guard status == 0, let result else {
      throw messageError(or: "rendering as \(device) failed")
    }
    return result.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
      Array(UnsafeBufferPointer(start: $0, count: Int(length)))
    }
  }

  /// Throws when libgvc has no plugin `name` of `kind` (`layout`, `device`); lock held.
  private static func requirePlugin(
    _ context: OpaquePointer, kind: String, name: String, hint: String
  ) throws {
    var count: Int32 = 0
    guard let list = gvPluginList(context, kind, &count, nil) else {
      throw GraphvizError(message: "Graphviz lists no \(kind) plugins; \(hint)")
    }
    var names: [String] = []
    for index in 0..<Int(count) {
      if let entry = list[index] {
        names.append(String(cString: entry))
        free(entry)
      }
    }
    free(list)
    // gvPluginList names the types (`png`), not the packages (`png:cairo`) that provide them.
    let type = name.split(separator: ":").first.map(String.init) ?? name
    let found = names.contains(type)
    guard found else {
      throw GraphvizError(
        message: "no \(kind) plugin \"\(name)\" (it has: "
          + "\(names.joined(separator: ", "))); \(hint)")
    }
  }
}
