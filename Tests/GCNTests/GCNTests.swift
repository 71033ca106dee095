import Foundation
import GossipCore
import LinearAlgebra
import Testing
import Mixing
import Topology

@testable import GCN

/// The repository's Cora folder, found from this file's location.
let coraFolder = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("datasets/cora").path

/// Cora, read once for the suite.
let cora: NodeDataset = try! CoraDataset.load(folder: coraFolder)

/// A uniformly random node → agent map that uses every agent.
func randomAssignment(nodes: Int, agents: Int, seed: UInt64) -> [Int] {
  var rng = SeededGenerator(seed: seed)
  var assignment = (0..<nodes).map { $0 % agents }
  assignment.shuffle(using: &rng)
  return assignment
}

/// θ_i = 0.3·sin(i + 1) in the flat layout, the same on every agent.
func sineWeights(_ shape: GCNShape, agents: Int) -> Matrix {
  let theta = (0..<shape.parameterCount).map { 0.3 * sin(Double($0 + 1)) }
  return Matrix(rows: agents, columns: theta.count, storage: Array(repeatElement(theta, count: agents).joined()))
}

func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
  zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

@Suite struct CoraReaderTests {
  @Test func compactCoraHasTheDocumentedSizes() {
    // Facts from /work/shared/data/cora/README.md and cora.content (49216 ones).
    #expect(cora.nodeCount == 2708)
    #expect(cora.featureCount == 1433)
    #expect(cora.classCount == 7)
    #expect(cora.graph.edgeCount == 5278)
    #expect(cora.features.storedCount == 49216)
    #expect(cora.train.count == 140 && cora.validation.count == 500 && cora.test.count == 1000)
    #expect(Set(cora.train + cora.validation + cora.test).count == 1640)
    // Planetoid's training set has 20 nodes per class.
    for c in 0..<7 { #expect(cora.train.filter { cora.labels[$0] == c }.count == 20) }
  }

  @Test func originalFormatReadsTheSameData() throws {
    // The original 1435-field TAB format for the first three compact rows.
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("cora-original-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var content = ""
    for u in 0..<3 {
      var bits = [String](repeating: "0", count: 1433)
      for k in cora.features.rowPointers[u]..<cora.features.rowPointers[u + 1] {
        bits[Int(cora.features.columnIndices[k])] = "1"
      }
      content += ([cora.nodeIDs[u]] + bits + [cora.classNames[cora.labels[u]]])
        .joined(separator: "\t") + "\n"
    }
    let ids = cora.nodeIDs
    try content.write(toFile: folder + "/cora.content", atomically: true, encoding: .utf8)
    try "\(ids[0])\t\(ids[1])\n\(ids[2])\t\(ids[1])\n".write(
      toFile: folder + "/cora.cites", atomically: true, encoding: .utf8)
    for name in ["train", "val", "test"] {
      try "\(ids[["train": 0, "val": 1, "test": 2][name]!])\n".write(
        toFile: folder + "/planetoid_\(name).txt", atomically: true, encoding: .utf8)
    }
    let small = try CoraDataset.load(folder: folder)
    #expect(small.nodeCount == 3)
    #expect(small.graph.edges == [Edge(0, 1), Edge(1, 2)])
    #expect(small.train == [0] && small.validation == [1] && small.test == [2])
    for u in 0..<3 {
      let range = cora.features.rowPointers[u]..<cora.features.rowPointers[u + 1]
      #expect(
        Array(small.features.columnIndices[small.features.rowPointers[u]..<small.features.rowPointers[u + 1]])
          == Array(cora.features.columnIndices[range]))
      #expect(small.classNames[small.labels[u]] == cora.classNames[cora.labels[u]])
    }
  }

  @Test func malformedLineIsReportedAtItsLine() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("cora-bad-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "# header\n1 A 0 5\n2 B 7 1433\n".write(
      toFile: folder + "/cora.sparse", atomically: true, encoding: .utf8)
    #expect(throws: InputFileError(file: folder + "/cora.sparse", line: 3,
                                   "'1433' is not a word index in 0..<1433")) {
      try CoraDataset.load(folder: folder)
    }
  }
}

@Suite struct GCNModelTests {
  @Test func lossAndGradientMatchAnIndependentNumpyGCN() {
    // Benchmarks/gcn_reference.py check (numpy/scipy, no dropout, K = 1, weight decay 5e-4,
    // θ_i = 0.3 sin(i + 1)): loss 2.20376014797847, ‖∂W1‖ 0.0188422268556478,
    // ‖∂W2‖ 0.00624995647032579, ∂W2 row 0 as pinned below.
    let model = DistributedGCN(
      dataset: cora, layout: AgentLayout(graph: cora.graph, assignment: [Int](repeating: 0, count: 2708), agents: 1),
      architecture: GCNArchitecture())
    let theta = sineWeights(model.shape, agents: 1)
    var inference = Traffic()
    var backprop = Traffic()
    let (loss, g) = model.lossAndGradients(theta, masks: nil, inference: &inference, backprop: &backprop)
    #expect(abs(loss - 2.20376014797847) < 1e-12)
    let first = Array(g.storage[0..<model.shape.firstLayerCount])
    let second = Array(g.storage[model.shape.firstLayerCount...])
    #expect(abs(first.reduce(0) { $0 + $1 * $1 }.squareRoot() - 0.0188422268556478) < 1e-14)
    #expect(abs(second.reduce(0) { $0 + $1 * $1 }.squareRoot() - 0.00624995647032579) < 1e-14)
    let row0 = [
      -0.0011937564350357932, 4.4995030160141554e-05, 0.001053670209197535,
      0.00032421120768958984, 0.0002617903013809581, 0.0002617172205805476,
      -0.0007526275339729788,
    ]
    #expect(maxDifference(Array(second[0..<7]), row0) < 1e-15)
  }

  @Test func backwardPassMatchesFiniteDifferences() {
    // A 6-node graph (path 0-1-2-3-4 plus 1-5), 4 features, 3 classes, order K = 2, dropout
    // masks fixed; central differences with h = 1e-6 agree with the analytic gradient.
    let graph = Graph(nodeCount: 6, edges: [(0, 1), (1, 2), (2, 3), (3, 4), (1, 5)])
    let columns: [[Int32]] = [[0, 2], [1], [0, 1, 3], [2, 3], [3], [0, 1, 2]]
    var pointers = [0]
    for c in columns { pointers.append(pointers.last! + c.count) }
    let features = SparseMatrix(
      rows: 6, columns: 4, rowPointers: pointers, columnIndices: columns.flatMap { $0 },
      values: (0..<pointers.last!).map { 1 + 0.1 * Double($0) })
    let data = NodeDataset(
      graph: graph, features: features, labels: [0, 1, 2, 0, 1, 2], classNames: ["a", "b", "c"],
      nodeIDs: (0..<6).map(String.init), train: [0, 2, 4, 5], validation: [1], test: [3])
    let architecture = GCNArchitecture(hidden: 3, order: 2, dropout: 0.3, weightDecay: 0.1)
    for assignment in [[0, 0, 0, 0, 0, 0], [0, 1, 1, 2, 2, 0]] {
      let agents = assignment.max()! + 1
      let model = DistributedGCN(
        dataset: data, layout: AgentLayout(graph: graph, assignment: assignment, agents: agents),
        architecture: architecture)
      var rng = SeededGenerator(seed: 7)
      let masks = DropoutMasks(storedFeatures: features.storedCount, nodes: 6, hidden: 3, rate: 0.3, using: &rng)
      var theta = Matrix(rows: agents, columns: model.shape.parameterCount)
      for i in theta.storage.indices { theta.storage[i] = Double.random(in: -1...1, using: &rng) }
      var t = Traffic()
      var u = Traffic()
      let (_, g) = model.lossAndGradients(theta, masks: masks, inference: &t, backprop: &u)
      var worst = 0.0
      for i in theta.storage.indices {
        var plus = theta
        plus.storage[i] += 1e-6
        var minus = theta
        minus.storage[i] -= 1e-6
        let numeric = (model.lossAndGradients(plus, masks: masks, inference: &t, backprop: &u).loss
          - model.lossAndGradients(minus, masks: masks, inference: &t, backprop: &u).loss) / 2e-6
        worst = max(worst, abs(numeric - g.storage[i]))
      }
      #expect(worst < 1e-8, "agents \(agents): worst gradient error \(worst)")
    }
  }
}

@Suite struct DistributedGCNTests {
  /// Forward logits and summed gradients for identical copies under `assignment`.
  func evaluate(_ assignment: [Int], agents: Int, order: Int, masks: DropoutMasks)
    -> (logits: [Double], gradient: [Double], loss: Double)
  {
    let model = DistributedGCN(
      dataset: cora, layout: AgentLayout(graph: cora.graph, assignment: assignment, agents: agents),
      architecture: GCNArchitecture(order: order))
    let theta = sineWeights(model.shape, agents: agents)
    var t = Traffic()
    var u = Traffic()
    let (loss, g) = model.lossAndGradients(theta, masks: masks, inference: &t, backprop: &u)
    var sum = [Double](repeating: 0, count: g.columns)
    for a in 0..<agents { for i in 0..<g.columns { sum[i] += g[a, i] } }
    return (model.logits(theta).storage, sum, loss)
  }

  @Test(arguments: [1, 2])
  func distributedForwardAndGradientEqualCentralized(order: Int) {
    var rng = SeededGenerator(seed: 3)
    let masks = DropoutMasks(
      storedFeatures: cora.features.storedCount, nodes: 2708, hidden: 16, rate: 0.5, using: &rng)
    let central = evaluate([Int](repeating: 0, count: 2708), agents: 1, order: order, masks: masks)
    for agents in [5, 20] {
      let split = evaluate(
        randomAssignment(nodes: 2708, agents: agents, seed: UInt64(agents)), agents: agents,
        order: order, masks: masks)
      #expect(maxDifference(split.logits, central.logits) < 1e-10)
      #expect(maxDifference(split.gradient, central.gradient) < 1e-10)
      #expect(abs(split.loss - central.loss) < 1e-10)
    }
  }

  @Test func exchangeCountsOnAPath() {
    // Path 0-1-2-3 with agents {0,1} and {2,3}: each agent needs one row of the other.
    let layout = AgentLayout(
      graph: Graph(nodeCount: 4, edges: [(0, 1), (1, 2), (2, 3)]), assignment: [0, 0, 1, 1],
      agents: 2)
    #expect(layout.halo == [[2], [1]])
    #expect(layout.messagesPerExchange == 2 && layout.rowsPerExchange == 2)
    #expect(layout.requiredLinks.edges == [Edge(0, 1)])
    // S = D̃^{-1/2}(A+I)D̃^{-1/2}: entry (1,2) = 1/√(3·3).
    #expect(abs(layout.propagation[0][1, 2] - 1.0 / 3) < 1e-15)
  }
}

@Suite struct GCNTrainingTests {
  func trainer(agents: Int, consensus: SparseMatrix, options: GCNTrainingOptions, order: Int = 1)
    -> GCNTrainer
  {
    let assignment = agents == 1
      ? [Int](repeating: 0, count: 2708) : randomAssignment(nodes: 2708, agents: agents, seed: 11)
    let model = DistributedGCN(
      dataset: cora, layout: AgentLayout(graph: cora.graph, assignment: assignment, agents: agents),
      architecture: GCNArchitecture(order: order))
    return GCNTrainer(model: model, consensusMatrix: consensus, options: options)
  }

  /// The dense `M × M` matrix with every entry `1/M`.
  func averaging(_ m: Int) -> SparseMatrix {
    SparseMatrix(
      rows: m, columns: m, rowPointers: (0...m).map { $0 * m },
      columnIndices: (0..<(m * m)).map { Int32($0 % m) },
      values: [Double](repeating: 1 / Double(m), count: m * m))
  }

  @Test func doublyStochasticMixingKeepsTheMeanStep() throws {
    // For any doubly stochastic C, mean_a θ_a¹ = θ⁰ − α·mean_a(M g_a) = θ⁰ − α∇J from identical
    // copies; with the Metropolis ring on 5 agents the copies themselves differ.
    let ring = try MixingMatrix.make(
      Graph(nodeCount: 5, edges: [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0)]), rule: .metropolis)
    let options = GCNTrainingOptions(epochs: 1, learningRate: 0.5, optimizer: .sgd)
    var noDropout = GCNArchitecture()
    noDropout.dropout = 0
    func model(_ agents: Int) -> DistributedGCN {
      DistributedGCN(
        dataset: cora,
        layout: AgentLayout(
          graph: cora.graph,
          assignment: agents == 1
            ? [Int](repeating: 0, count: 2708) : randomAssignment(nodes: 2708, agents: agents, seed: 2),
          agents: agents),
        architecture: noDropout)
    }
    var rng = SeededGenerator(seed: 1)
    let central = GCNTrainer(model: model(1), consensusMatrix: averaging(1), options: options)
      .train(from: sineWeights(model(1).shape, agents: 1), dataset: cora, using: &rng)
    let split = GCNTrainer(model: model(5), consensusMatrix: ring, options: options)
      .train(from: sineWeights(model(5).shape, agents: 5), dataset: cora, using: &rng)
    let p = central.columns
    let mean = (0..<p).map { i in (0..<5).reduce(0.0) { $0 + split[$1, i] } / 5 }
    #expect(maxDifference(mean, central.storage) < 1e-12)
    #expect(maxDifference(Array(split.storage[0..<p]), central.storage) > 1e-6)
  }

  @Test func centralizedAdamMatchesNumpy() {
    // Benchmarks/gcn_reference.py check-adam (numpy Adam, lr 0.01, no dropout, weight decay
    // 5e-4, from θ_i = 0.3 sin(i + 1)): the loss before each of 3 steps, then after them.
    let model = DistributedGCN(
      dataset: cora,
      layout: AgentLayout(graph: cora.graph, assignment: [Int](repeating: 0, count: 2708), agents: 1),
      architecture: GCNArchitecture(dropout: 0))
    let trainer = GCNTrainer(
      model: model, consensusMatrix: averaging(1), options: GCNTrainingOptions(epochs: 3))
    var rng = SeededGenerator(seed: 5)
    var losses: [Double] = []
    let theta = trainer.train(
      from: sineWeights(model.shape, agents: 1), dataset: cora, using: &rng,
      observe: { losses.append($0.trainLoss) })
    let expected = [2.20376014797847, 2.18013516727267, 2.15769141824194]
    #expect(maxDifference(losses, expected) < 1e-12)
    var t = Traffic()
    var u = Traffic()
    let after = model.lossAndGradients(theta, masks: nil, inference: &t, backprop: &u).loss
    #expect(abs(after - 2.1362661822674) < 1e-12)
  }

  @Test(arguments: [GCNConsensus.dgd, .gradientTracking])
  func exactAveragingWithSGDIsCentralizedGradientDescent(consensus: GCNConsensus) {
    // With C = 11ᵀ/M and identical copies, θ⁺ = mean_b(θ − α M g_b) = θ − α∇J: centralized GD
    // (ALGORITHMS.md §4.7 check 4, with the local direction scaled by M). Tracking keeps
    // y_a = mean_b M g_b = ∇J, the same update.
    let options = GCNTrainingOptions(epochs: 4, learningRate: 0.5, optimizer: .sgd, consensus: consensus)
    let central = trainer(agents: 1, consensus: averaging(1), options: options)
    let split = trainer(agents: 5, consensus: averaging(5), options: options)
    var rng = SeededGenerator(seed: 1)
    let start = central.initialWeights(using: &rng)
    var rngCentral = SeededGenerator(seed: 2)
    var rngSplit = SeededGenerator(seed: 2)
    var centralRecords: [GCNEpochRecord] = []
    var splitRecords: [GCNEpochRecord] = []
    let thetaCentral = central.train(
      from: start, dataset: cora, using: &rngCentral, observe: { centralRecords.append($0) })
    let startSplit = Matrix(rows: 5, columns: start.columns, storage: Array(repeatElement(start.storage, count: 5).joined()))
    let thetaSplit = split.train(
      from: startSplit, dataset: cora, using: &rngSplit, observe: { splitRecords.append($0) })
    for a in 0..<5 {
      #expect(maxDifference(Array(thetaSplit.storage[(a * start.columns)..<((a + 1) * start.columns)]),
                            thetaCentral.storage) < 1e-10)
    }
    for (c, s) in zip(centralRecords, splitRecords) { #expect(abs(c.trainLoss - s.trainLoss) < 1e-10) }
    // Rounds per epoch: 2·K·L = 4 data rounds (2 inference, 2 backprop) and 1 consensus round;
    // 5 agents fully connected send 20 consensus messages of P doubles (2P with tracking).
    let last = splitRecords.last!.traffic
    #expect(last.inference.rounds == 8 && last.backprop.rounds == 8 && last.consensus.rounds == 4)
    let p = split.model.shape.parameterCount
    #expect(last.consensus.messages == 80)
    #expect(last.consensus.bytes == 80 * 8 * p * (consensus == .gradientTracking ? 2 : 1))
  }
}
