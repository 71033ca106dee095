#!/usr/bin/env python3
"""Independent numpy/scipy GCN on Cora (Kipf & Welling, arXiv 1609.02907), for checking and timing.

Same model as the Swift `GCN` target with K = 1: Z = S relu(S X W1) W2, S = D^-1/2 (A+I) D^-1/2,
row-normalized features, softmax cross-entropy over the Planetoid training nodes,
(weight_decay/2)*||W1||^2, Adam, dropout on the input features and the hidden layer.

  python3 Benchmarks/gcn_reference.py check    # loss and gradient norms for fixed weights (test pins)
  python3 Benchmarks/gcn_reference.py check-adam   # losses of 3 Adam steps from those weights (test pins)
  python3 Benchmarks/gcn_reference.py train [epochs] [seeds] [evaluate]
      # test accuracy and time per epoch (a training step, plus an evaluation pass unless evaluate=0)
"""
import sys, time, os
import numpy as np
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "datasets", "cora")


def load():
    ids, labels, rows, cols = [], [], [], []
    for line in open(os.path.join(DATA, "cora.sparse")):
        if line.startswith("#"):
            continue
        f = line.split()
        i = len(ids)
        ids.append(f[0]); labels.append(f[1])
        for w in f[2:]:
            rows.append(i); cols.append(int(w))
    n = len(ids)
    index = {p: i for i, p in enumerate(ids)}
    classes = sorted(set(labels))
    y = np.array([classes.index(l) for l in labels])
    X = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, 1433))
    e = np.array([[index[a] for a in l.split()] for l in open(os.path.join(DATA, "cora.cites"))])
    A = sp.csr_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n))
    A = A.maximum(A.T)
    At = A + sp.eye(n)
    d = np.asarray(At.sum(1)).ravel() ** -0.5
    S = sp.diags(d) @ At @ sp.diags(d)
    X = sp.diags(1 / np.asarray(X.sum(1)).ravel()) @ X
    split = [np.array([index[l.strip()] for l in open(os.path.join(DATA, f"planetoid_{s}.txt"))])
             for s in ("train", "val", "test")]
    return S.tocsr(), X.tocsr(), y, split


def loss_grad(S, X, y, train, W1, W2, wd, rng=None, p=0.5):
    if rng is not None:
        X = X.copy(); X.data *= (rng.random(X.nnz) < 1 - p) / (1 - p)
    T1 = X @ W1
    Z1 = S @ T1
    H = np.maximum(Z1, 0)
    mask = (rng.random(H.shape) < 1 - p) / (1 - p) if rng is not None else 1.0
    Hd = H * mask
    Z2 = S @ (Hd @ W2)
    z = Z2[train]
    z = z - z.max(1, keepdims=True)
    P = np.exp(z); P /= P.sum(1, keepdims=True)
    loss = -np.mean(np.log(P[np.arange(len(train)), y[train]])) + 0.5 * wd * (W1 ** 2).sum()
    G = np.zeros_like(Z2)
    G[train] = P; G[train, y[train]] -= 1; G /= len(train)
    G2 = S @ G
    dW2 = Hd.T @ G2
    GH = (G2 @ W2.T) * mask * (Z1 > 0)
    dW1 = X.T @ (S @ GH) + wd * W1
    return loss, dW1, dW2, Z2


def check():
    S, X, y, (train, val, test) = load()
    F, h, C = 1433, 16, 7
    theta = 0.3 * np.sin(np.arange(1, F * h + h * C + 1))
    W1 = theta[:F * h].reshape(F, h); W2 = theta[F * h:].reshape(h, C)
    loss, dW1, dW2, Z2 = loss_grad(S, X, y, train, W1, W2, 5e-4)
    print(f"loss {loss:.15g}")
    print(f"|dW1| {np.linalg.norm(dW1):.15g}")
    print(f"|dW2| {np.linalg.norm(dW2):.15g}")
    print(f"logit[0] {Z2[0].tolist()}")
    print(f"dW2[0] {dW2[0].tolist()}")


def check_adam(steps=3):
    """Adam from the fixed weights of `check`, no dropout: the loss before each step."""
    S, X, y, (train, val, test) = load()
    F, h, C = 1433, 16, 7
    theta = 0.3 * np.sin(np.arange(1, F * h + h * C + 1))
    W = [theta[:F * h].reshape(F, h).copy(), theta[F * h:].reshape(h, C).copy()]
    m = [np.zeros_like(w) for w in W]; v = [np.zeros_like(w) for w in W]
    for t in range(1, steps + 1):
        loss, g1, g2, _ = loss_grad(S, X, y, train, W[0], W[1], 5e-4)
        print(f"step {t} loss {loss:.15g}")
        for k, g in enumerate((g1, g2)):
            m[k] = 0.9 * m[k] + 0.1 * g; v[k] = 0.999 * v[k] + 0.001 * g * g
            W[k] -= 0.01 * (m[k] / (1 - 0.9 ** t)) / (np.sqrt(v[k] / (1 - 0.999 ** t)) + 1e-8)
    loss, *_ = loss_grad(S, X, y, train, W[0], W[1], 5e-4)
    print(f"after {steps} steps loss {loss:.15g}")


def train(epochs=200, seeds=10, evaluate=1):
    S, X, y, (tr, va, te) = load()
    F, h, C = 1433, 16, 7
    accs, times = [], []
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        W = [rng.uniform(-1, 1, (F, h)) * np.sqrt(6 / (F + h)),
             rng.uniform(-1, 1, (h, C)) * np.sqrt(6 / (h + C))]
        m = [np.zeros_like(w) for w in W]; v = [np.zeros_like(w) for w in W]
        start = time.perf_counter()
        for t in range(1, epochs + 1):
            _, g1, g2, _ = loss_grad(S, X, y, tr, W[0], W[1], 5e-4, rng)
            for k, g in enumerate((g1, g2)):
                m[k] = 0.9 * m[k] + 0.1 * g; v[k] = 0.999 * v[k] + 0.001 * g * g
                W[k] -= 0.01 * (m[k] / (1 - 0.9 ** t)) / (np.sqrt(v[k] / (1 - 0.999 ** t)) + 1e-8)
            if evaluate:  # accuracy of every split after the step, as `gossip run` records
                Z2 = S @ (np.maximum(S @ (X @ W[0]), 0) @ W[1])
                [np.mean(Z2[s].argmax(1) == y[s]) for s in (tr, va, te)]
        times.append((time.perf_counter() - start) / epochs)
        Z2 = S @ (np.maximum(S @ (X @ W[0]), 0) @ W[1])
        accs.append(np.mean(Z2[te].argmax(1) == y[te]))
    print(f"test accuracy {np.mean(accs):.4f} ± {np.std(accs):.4f} over {seeds} seeds")
    print(f"time per epoch ({'step + evaluation' if evaluate else 'training step'}) "
          f"{np.mean(times) * 1e3:.3f} ms ± {np.std(times) * 1e3:.3f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["check"]:
        check()
    elif sys.argv[1:2] == ["check-adam"]:
        check_adam()
    else:
        train(*(int(a) for a in sys.argv[2:5]))
