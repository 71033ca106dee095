import Foundation
import LinearAlgebra

/// A two-layer GCN whose nodes are split over agents, each holding its own copy θ_a of the
/// weights (Scardapane, Spinelli, Di Lorenzo, arXiv 2007.06281; ALGORITHMS.md §4.2–4.3).
///
/// Layer `l` is `Z = Σ_{k=1}^{K} S^k (H Θ_k)`, evaluated by Horner's rule
/// `S(HΘ_1 + S(HΘ_2 + … + S·HΘ_K))`, so a layer costs K exchange rounds of its output width.
/// Agent `a` computes `H_{V_a}Θ_{k,a}` with its own copy, so with identical copies the result is
/// exactly the centralized GCN. Back-propagation runs the same exchanges on the gradients
/// (`S` is symmetric): `∂J/∂(HΘ_k) = S^k G_Z`. Each agent's gradient `g_a` is the exact
/// derivative of `J(θ_1, …, θ_M)` with respect to θ_a, so `Σ_a g_a = ∇J` at consensus.
/// The loss is `J = (1/|V_L|) Σ_{v∈V_L} −log softmax(Z⁽²⁾_v)_{y_v} + (λ/2)‖Θ⁽¹⁾‖²`, the decay
/// split evenly over the agents.
public struct DistributedGCN: Sendable {
  public let layout: AgentLayout
  public let shape: GCNShape
  public let architecture: GCNArchitecture
  /// Each agent's rows of the row-normalized features (Kipf & Welling's preprocessing).
  let features: [SparseMatrix]
  /// Position in the global feature CSR of each agent's first stored entry of each of its rows.
  let featureEntries: [[Int]]
  /// Each agent's class of each own node.
  let labels: [[Int]]
  /// Each agent's local rows that are training nodes.
  let trainingRows: [[Int]]
  let trainingCount: Int

  /// - Precondition: `dataset.train` is not empty.
  public init(dataset: NodeDataset, layout: AgentLayout, architecture: GCNArchitecture) {
    precondition(!dataset.train.isEmpty, "a GCN needs training nodes")
    self.layout = layout
    self.architecture = architecture
    shape = GCNShape(
      features: dataset.featureCount, hidden: architecture.hidden, classes: dataset.classCount,
      order: architecture.order)
    let x = dataset.features
    var features: [SparseMatrix] = []
    var entries: [[Int]] = []
    for nodes in layout.owned {
      var rowPointers = [0]
      var columns: [Int32] = []
      var values: [Double] = []
      var starts: [Int] = []
      for u in nodes {
        let range = x.rowPointers[u]..<x.rowPointers[u + 1]
        starts.append(range.lowerBound)
        let total = range.reduce(0) { $0 + x.values[$1] }
        columns += x.columnIndices[range]
        values += range.map { total == 0 ? 0 : x.values[$0] / total }
        rowPointers.append(columns.count)
      }
      features.append(
        SparseMatrix(
          rows: nodes.count, columns: x.columns, rowPointers: rowPointers, columnIndices: columns,
          values: values))
      entries.append(starts)
    }
    self.features = features
    featureEntries = entries
    labels = layout.owned.map { $0.map { dataset.labels[$0] } }
    let isTraining = Set(dataset.train)
    trainingRows = layout.owned.map { nodes in nodes.indices.filter { isTraining.contains(nodes[$0]) } }
    trainingCount = dataset.train.count
  }

  /// The outputs of one forward pass that back-propagation needs.
  struct ForwardPass {
    var inputs: [SparseMatrix]
    var preActivation: [Matrix]
    var hidden: [Matrix]
    var logits: [Matrix]
  }

  /// Forward pass with the agents' copies `theta` (`M × P`, row `a` is θ_a); dropout when
  /// `masks` is given.
  func forward(_ theta: Matrix, masks: DropoutMasks?, traffic: inout Traffic) -> ForwardPass {
    let m = layout.agentCount
    let inputs: [SparseMatrix] = (0..<m).map { a in
      guard let masks else { return features[a] }
      var dropped = features[a]
      var position = 0
      for (row, start) in featureEntries[a].enumerated() {
        let count = dropped.rowPointers[row + 1] - dropped.rowPointers[row]
        for t in 0..<count { dropped.values[position + t] *= masks.input[start + t] }
        position += count
      }
      return dropped
    }
    let preActivation = layer(1, theta, traffic: &traffic) { a, weights in
      var product = Matrix(rows: inputs[a].rows, columns: weights.columns)
      inputs[a].multiply(weights, into: &product)
      return product
    }
    let h = shape.hidden
    let hidden: [Matrix] = (0..<m).map { a in
      var activation = preActivation[a]
      for (row, u) in layout.owned[a].enumerated() {
        for j in 0..<h {
          let factor = masks?.hidden[u * h + j] ?? 1
          activation[row, j] = max(activation[row, j], 0) * factor
        }
      }
      return activation
    }
    let logits = layer(2, theta, traffic: &traffic) { a, weights in
      var product = Matrix(rows: hidden[a].rows, columns: weights.columns)
      Matrix.gemm(hidden[a], weights, into: &product)
      return product
    }
    return ForwardPass(inputs: inputs, preActivation: preActivation, hidden: hidden, logits: logits)
  }

  /// `Σ_k S^k T_k` by Horner's rule with `T_k = transform(a, Θ_{k,a})` per agent: K rounds.
  private func layer(
    _ index: Int, _ theta: Matrix, traffic: inout Traffic,
    transform: (Int, Matrix) -> Matrix
  ) -> [Matrix] {
    let m = layout.agentCount
    func term(_ k: Int) -> [Matrix] {
      (0..<m).map { transform($0, shape.weights(theta, agent: $0, layer: index, power: k)) }
    }
    var sum = term(shape.order)
    for k in stride(from: shape.order - 1, through: 1, by: -1) {
      let next = term(k)
      sum = layout.propagate(sum, traffic: &traffic)
      for a in 0..<m {
        for i in sum[a].storage.indices { sum[a].storage[i] += next[a].storage[i] }
      }
    }
    return layout.propagate(sum, traffic: &traffic)
  }

  /// The loss `J` (summed over agents) and each agent's gradient `g_a` (row `a`), with the
  /// traffic of the forward (inference) and backward (backprop) passes.
  public func lossAndGradients(
    _ theta: Matrix, masks: DropoutMasks?, inference: inout Traffic, backprop: inout Traffic
  ) -> (loss: Double, gradients: Matrix) {
    precondition(theta.rows == layout.agentCount && theta.columns == shape.parameterCount,
                 "θ must be \(layout.agentCount)×\(shape.parameterCount)")
    let m = layout.agentCount
    let pass = forward(theta, masks: masks, traffic: &inference)
    var gradients = Matrix(rows: m, columns: shape.parameterCount)
    var loss = 0.0

    // Softmax cross-entropy on the training rows.
    let c = shape.classes
    let logitGradients: [Matrix] = (0..<m).map { a in
      var g = Matrix(rows: pass.logits[a].rows, columns: c)
      for row in trainingRows[a] {
        let z = (0..<c).map { pass.logits[a][row, $0] }
        let top = z.max()!
        let exps = z.map { exp($0 - top) }
        let total = exps.reduce(0, +)
        loss -= (z[labels[a][row]] - top - log(total)) / Double(trainingCount)
        for j in 0..<c {
          g[row, j] = (exps[j] / total - (j == labels[a][row] ? 1 : 0)) / Double(trainingCount)
        }
      }
      return g
    }

    // Second layer: ∂Θ⁽²⁾_k = Hᵀ S^k G_Z, ∂H = Σ_k (S^k G_Z) Θ⁽²⁾_kᵀ.
    let h = shape.hidden
    var hiddenGradients = (0..<m).map { Matrix(rows: pass.hidden[$0].rows, columns: h) }
    var powered = logitGradients
    for k in 1...shape.order {
      powered = layout.propagate(powered, traffic: &backprop)
      for a in 0..<m {
        let weights = shape.weights(theta, agent: a, layer: 2, power: k)
        var blockGradient = Matrix(rows: h, columns: c)
        Matrix.gemm(pass.hidden[a], transposeA: true, powered[a], into: &blockGradient)
        write(blockGradient, into: &gradients, agent: a, layer: 2, power: k)
        Matrix.gemm(powered[a], weights, transposeB: true, beta: 1, into: &hiddenGradients[a])
      }
    }

    // Through dropout and ReLU.
    for a in 0..<m {
      for (row, u) in layout.owned[a].enumerated() {
        for j in 0..<h {
          let factor = masks?.hidden[u * h + j] ?? 1
          hiddenGradients[a][row, j] *= pass.preActivation[a][row, j] > 0 ? factor : 0
        }
      }
    }

    // First layer: ∂Θ⁽¹⁾_k = X̃ᵀ S^k G_Z, plus weight decay λ/M · Θ⁽¹⁾ per agent.
    powered = hiddenGradients
    for k in 1...shape.order {
      powered = layout.propagate(powered, traffic: &backprop)
      for a in 0..<m {
        var blockGradient = Matrix(rows: shape.features, columns: h)
        pass.inputs[a].multiplyTransposed(powered[a], into: &blockGradient)
        write(blockGradient, into: &gradients, agent: a, layer: 1, power: k)
      }
    }
    let decay = architecture.weightDecay / Double(m)
    for a in 0..<m {
      let row = a * shape.parameterCount
      for i in row..<(row + shape.firstLayerCount) {
        let w = theta.storage[i]
        loss += 0.5 * decay * w * w
        gradients.storage[i] += decay * w
      }
    }
    return (loss, gradients)
  }

  private func write(
    _ block: Matrix, into gradients: inout Matrix, agent: Int, layer: Int, power k: Int
  ) {
    let offset = agent * gradients.columns + shape.block(layer: layer, power: k).offset
    gradients.storage.replaceSubrange(offset..<(offset + block.storage.count), with: block.storage)
  }

  /// The predicted class of every node (global order), each agent using its own copy.
  public func predictions(_ theta: Matrix) -> [Int] {
    var ignored = Traffic()
    let pass = forward(theta, masks: nil, traffic: &ignored)
    var predicted = [Int](repeating: 0, count: layout.owner.count)
    for a in 0..<layout.agentCount {
      for (row, u) in layout.owned[a].enumerated() {
        var best = 0
        for j in 1..<shape.classes where pass.logits[a][row, j] > pass.logits[a][row, best] {
          best = j
        }
        predicted[u] = best
      }
    }
    return predicted
  }

  /// The logits of every node (global order, `nodes × classes`) without dropout.
  public func logits(_ theta: Matrix) -> Matrix {
    var ignored = Traffic()
    let pass = forward(theta, masks: nil, traffic: &ignored)
    var result = Matrix(rows: layout.owner.count, columns: shape.classes)
    for a in 0..<layout.agentCount {
      for (row, u) in layout.owned[a].enumerated() {
        for j in 0..<shape.classes { result[u, j] = pass.logits[a][row, j] }
      }
    }
    return result
  }
}
