import Foundation
import GossipCore
import Graphviz

/// Lays out and renders ``TopologyDrawing``s through libgvc, in this process.
public enum TopologyRenderer {
  /// The output format of `path`, from its extension (`.svg`, `.png`, `.pdf`).
  /// - Throws: ``ParameterError`` naming the supported extensions.
  public static func format(ofPath path: String) throws -> Graphviz.OutputFormat {
    let fileExtension = URL(fileURLWithPath: path).pathExtension.lowercased()
    guard let format = Graphviz.OutputFormat(rawValue: fileExtension) else {
      throw ParameterError(
        "cannot tell the image format of \(path) from its extension; end the name with .svg, "
          + ".png or .pdf")
    }
    return format
  }

  /// The image bytes of `drawing` laid out by `layout` (resolved for the graph's size) and the
  /// warnings of that resolution (a slow engine replaced by sfdp, nodes without positions).
  /// - Throws: ``ParameterError`` for `positions` on a graph without any, ``GraphvizError`` when
  ///   Graphviz fails.
  public static func render(
    _ drawing: TopologyDrawing, layout: LayoutEngine, format: Graphviz.OutputFormat
  ) throws -> (image: [UInt8], warnings: [Warning]) {
    let choice = try layout.choice(for: drawing.graph)
    let image = try Graphviz.render(dot: drawing.dot(for: choice), engine: choice.plugin,
                                    format: format)
    return (image, choice.warnings)
  }

  /// Renders `drawing` into `path` (format from the extension) atomically; returns the warnings.
  public static func write(_ drawing: TopologyDrawing, layout: LayoutEngine, to path: String)
    throws -> [Warning]
  {
    let rendered = try render(drawing, layout: layout, format: format(ofPath: path))
    try AtomicFile.write(Data(rendered.image), to: path)
    return rendered.warnings
  }
}
