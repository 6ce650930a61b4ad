"""Heavy-ball momentum on the MSE of a line, in theory: the best ``(lr, beta)``, rate, limits.

Along the Hessian's eigenvector ``i`` the heavy ball ``v = beta*v + g; p -= lr*v`` moves the
offset from the optimum by the recurrence ``z_{k+1} = (1 + beta - a) z_k - beta z_{k-1}``,
``a = lr*lambda_i``. Its two roots ``r`` solve ``r**2 - (1 + beta - a) r + beta = 0``, so:

* it is stable iff ``0 <= beta < 1`` and ``0 < lr < 2(1 + beta)/lambda_max`` (Jury's test);
* the per-epoch factor of the distance to the optimum is the largest ``|r|`` over both modes
  (:func:`heavy_ball_rate`); where the roots are complex it is ``sqrt(beta)``;
* it is smallest (Polyak) at ``lr = 4/(sqrt(lambda_max) + sqrt(lambda_min))**2`` and
  ``beta = ((sqrt(k) - 1)/(sqrt(k) + 1))**2`` (``k = lambda_max/lambda_min``), where it is
  ``sqrt(beta) = (sqrt(k) - 1)/(sqrt(k) + 1)``: plain descent's best is ``(k - 1)/(k + 1)``.

Nesterov's step in PyTorch's form (``p -= lr*(g + beta*v)`` with the new ``v``) has the
recurrence matrix of trace ``(1 + beta)(1 - a)`` and determinant ``beta(1 - a)``, stable
for ``lr < 2(1 + beta)/((1 + 2 beta) lambda_max)``. Adam's step is at most about ``lr`` per
parameter whatever the gradient, so no rate makes it leave float64: its limit is ``inf``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from chainrule.descent.surface import LossSurface


def lr_limit(name: str, *, beta: Any, lambda_max: float) -> Any:
    """The largest stable constant rate of optimizer ``name`` (``beta`` may be an array)."""
    beta = np.asarray(beta, dtype=float)
    if name == "gd":
        limit = np.full(beta.shape, 2.0 / lambda_max)
    elif name == "momentum":
        limit = 2.0 * (1.0 + beta) / lambda_max
    elif name == "nesterov":
        limit = 2.0 * (1.0 + beta) / ((1.0 + 2.0 * beta) * lambda_max)
    else:  # adam: bounded steps
        limit = np.full(beta.shape, math.inf)
    return float(limit) if limit.ndim == 0 else limit


def heavy_ball_rate(*, lr: Any, beta: Any, lam: Any) -> Any:
    """The per-epoch factor of one mode of curvature ``lam``: the largest root's size."""
    trace = 1.0 + np.asarray(beta, dtype=float) - np.asarray(lr, dtype=float) * lam
    disc = trace * trace - 4.0 * np.asarray(beta, dtype=float)
    real = (np.abs(trace) + np.sqrt(np.maximum(disc, 0.0))) / 2.0
    out = np.where(disc >= 0.0, real, np.sqrt(beta))
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class MomentumTheory:
    """Heavy-ball momentum on one dataset: Polyak's tuning and its rate, against plain descent."""

    lambda_max: float
    lambda_min: float
    condition: float  # lambda_max/lambda_min
    lr_opt: float  # 4/(sqrt(lambda_max) + sqrt(lambda_min))**2
    beta_opt: float  # ((sqrt(k) - 1)/(sqrt(k) + 1))**2
    rate_opt: float  # sqrt(beta_opt): the per-epoch factor at (lr_opt, beta_opt)
    gd_rate_opt: float  # plain descent's best factor, (k - 1)/(k + 1)

    def lr_limit(self, beta: Any) -> Any:
        """``2(1 + beta)/lambda_max``: larger rates diverge."""
        return lr_limit("momentum", beta=beta, lambda_max=self.lambda_max)

    def rate(self, lr: Any, beta: Any) -> Any:
        """Per-epoch factor of the distance to the optimum at ``(lr, beta)``: ``< 1`` converges."""
        big = heavy_ball_rate(lr=lr, beta=beta, lam=self.lambda_max)
        small = heavy_ball_rate(lr=lr, beta=beta, lam=self.lambda_min)
        return np.maximum(big, small) if np.ndim(big) else max(big, small)

    def epochs_to(
        self, *, surface: LossSurface, lr: float, beta: float, m0: float, b0: float, limit: float
    ) -> int | None:
        """The first epoch whose excess MSE is at most ``limit``, from the modes' recurrences
        ``z_{k+1} = (1 + beta - lr*lambda) z_k - beta z_{k-1}`` from rest; None if ``(lr, beta)``
        does not converge (or not within 20 times the epochs its rate alone needs)."""
        rate = self.rate(lr, beta)
        if not rate < 1.0:
            return None
        lam = (self.lambda_max, self.lambda_min)
        now = [float(z) for z in surface.to_axes(m0, b0)]
        before = now  # at rest: the first step is plain descent's
        excess = sum(g / 2.0 * z * z for g, z in zip(lam, now, strict=True))
        alone = math.log(limit / excess) / (2.0 * math.log(rate)) if excess > limit else 0.0
        for k in range(max(100, 20 * math.ceil(alone)) + 1):
            if excess <= limit:
                return k
            step = [
                (1.0 + beta - lr * g) * z - beta * p
                for g, z, p in zip(lam, now, before, strict=True)
            ]
            before, now = now, step
            excess = sum(g / 2.0 * z * z for g, z in zip(lam, now, strict=True))
        return None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def momentum_theory(*, surface: LossSurface) -> MomentumTheory:
    """Polyak's ``(lr, beta)`` for ``surface``, its rate, and plain descent's best beside it."""
    big, small = surface.lambda_max, surface.lambda_min
    root = math.sqrt(big / small)
    rate = (root - 1.0) / (root + 1.0)
    kappa = big / small
    return MomentumTheory(
        lambda_max=big,
        lambda_min=small,
        condition=kappa,
        lr_opt=4.0 / (math.sqrt(big) + math.sqrt(small)) ** 2,
        beta_opt=rate * rate,
        rate_opt=rate,
        gd_rate_opt=(kappa - 1.0) / (kappa + 1.0),
    )
