#!/usr/bin/env python3
"""Reference iterations of dgd, EXTRA, gradient tracking and MSPD with numpy + scipy.sparse.

Written the way a researcher would: all agents' iterates in one n x d array X, the Metropolis
matrix W as a scipy CSR matrix, one gossip round W @ X, the local least-squares gradients
g_i = (n/N) A_i^T (A_i x_i - b_i) for all agents at once with einsum over the n x s x d array of
the agents' samples. The instance (network, data, X0, step sizes) is the one exported by
`IterationTimer --export DIR`, so the iterates can be compared with the Swift ones.

With `forms=True` the gradients come instead from each agent's quadratic form, precomputed once:
g_i = Q_i x_i - c_i with Q_i = (n/N) A_i^T A_i and c_i = (n/N) A_i^T b_i, as GossipSim does when
that is fewer numbers than the samples — the reference a researcher who thought of it would write.
"""
import json
import os

import numpy as np
import scipy.sparse as sp

from gossip_round import metropolis


class Instance:
    """The least-squares instance written by `IterationTimer --export`."""

    def __init__(self, folder, forms=False):
        with open(os.path.join(folder, "meta.json")) as f:
            self.meta = json.load(f)
        n, d, s = self.meta["agents"], self.meta["dim"], self.meta["samples"]
        read = lambda name, dtype: np.fromfile(os.path.join(folder, name), dtype=dtype)
        self.a = read("features.f64", "<f8").reshape(n, s, d)  # agent i holds samples i*s..(i+1)*s
        self.b = read("labels.f64", "<f8").reshape(n, s)
        self.w = metropolis(n, read("edges.i64", "<i8").reshape(-1, 2))
        self.x0 = read("x0.f64", "<f8").reshape(n, d)
        self.scale = n / (n * s)  # f_i = (n/N) sum of the agent's squared residuals / 2
        self.step = self.meta["step"]
        self.forms = None
        if forms:
            q = self.scale * np.einsum("isd,ise->ide", self.a, self.a)
            self.forms = (q, self.scale * np.einsum("isd,is->id", self.a, self.b))

    def gradients(self, x):
        if self.forms is not None:
            q, c = self.forms
            return np.einsum("ide,ie->id", q, x) - c
        residual = np.einsum("isd,id->is", self.a, x) - self.b
        return self.scale * np.einsum("isd,is->id", self.a, residual)

    def swift_iterates(self, folder, algorithm):
        path = os.path.join(folder, algorithm + ".f64")
        return np.fromfile(path, dtype="<f8").reshape(self.x0.shape)


class DGD:
    """Combine then adapt: X <- W X - alpha grad f(X) (Nedic & Ozdaglar 2009)."""

    def __init__(self, p):
        self.p, self.x = p, p.x0.copy()

    def step(self):
        self.x = self.p.w @ self.x - self.p.step * self.p.gradients(self.x)

    def estimate(self):
        return self.x


class EXTRA:
    """Shi et al. 2015: X1 = W X0 - a g0; X+ = X + W X - (Xp + W Xp)/2 - a (g - gp)."""

    def __init__(self, p):
        self.p, self.x, self.k = p, p.x0.copy(), 0

    def step(self):
        p = self.p
        wx, g = p.w @ self.x, p.gradients(self.x)
        if self.k == 0:
            new = wx - p.step * g
        else:
            new = self.x + wx - 0.5 * (self.xp + self.wxp) - p.step * (g - self.gp)
        self.xp, self.wxp, self.gp, self.x = self.x, wx, g, new
        self.k += 1

    def estimate(self):
        return self.x


class GradientTracking:
    """DIGing (Nedic, Olshevsky, Shi 2017): X+ = W X - a Y, Y+ = W Y + g(X+) - g(X), Y0 = g(X0)."""

    def __init__(self, p):
        self.p, self.x = p, p.x0.copy()
        self.g = p.gradients(self.x)
        self.y = self.g.copy()

    def step(self):
        p = self.p
        self.x = p.w @ self.x - p.step * self.y
        g = p.gradients(self.x)
        self.y = p.w @ self.y + g - self.g
        self.g = g

    def estimate(self):
        return self.x


class MSPD:
    """Scaman et al. 2019, Alg. 3: Y -= sigma L (2T - Tp), M subgradient steps, time average."""

    def __init__(self, p):
        self.p, self.theta, self.prev = p, p.x0.copy(), p.x0.copy()
        self.gossip = sp.identity(p.w.shape[0], format="csr") - p.w
        self.y = np.zeros_like(p.x0)
        self.average, self.t = p.x0.copy(), 0
        m = p.meta["mspd"]
        self.inner, self.eta, self.sigma = m["innerSteps"], m["primalStep"], m["dualStep"]

    def step(self):
        n = self.theta.shape[0]
        self.y -= self.sigma * (self.gossip @ (2 * self.theta - self.prev))
        centre = self.theta + self.eta * self.y
        tilde = self.theta
        for m in range(self.inner):
            g = self.p.gradients(tilde)
            tilde = m / (m + 2) * tilde - 2 / (m + 2) * (self.eta / n * g - centre)
        self.prev, self.theta = self.theta, tilde
        self.t += 1
        self.average += (self.theta - self.average) / self.t

    def estimate(self):
        return self.average


ALGORITHMS = {"dgd": DGD, "extra": EXTRA, "gradient-tracking": GradientTracking, "mspd": MSPD}
