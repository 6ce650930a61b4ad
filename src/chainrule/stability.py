"""Stability before training: which learning rates converge, how fast, and what a run will do.

For the MSE of a line the Hessian ``H = (2/n) [[sum x^2, sum x], [sum x, n]]`` is the
same everywhere, and one gradient-descent step multiplies the offset from the optimum
along H's eigenvector ``i`` by ``1 - lr*lambda_i``. Hence:

* descent converges iff ``lr < lr_max = 2/lambda_max``;
* the slowest of the two factors is smallest at ``lr_opt = 2/(lambda_max + lambda_min)``,
  where both equal ``(kappa - 1)/(kappa + 1)`` (``kappa`` the condition number);
* after ``k`` epochs the excess MSE is ``sum_i (lambda_i/2) * z_i**2 * (1 - lr*lambda_i)**(2k)``
  (``z_i`` the initial offsets along the eigenvectors), which :func:`predict` solves for
  the epochs to a tolerance or to overflow, and evaluates to predict a run's status.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from chainrule.status import B0, M0, TOL, classify, threshold
from chainrule.surface import FLOAT_MAX, LossSurface


@dataclass(frozen=True)
class Stability:
    """The learning-rate limits of one dataset (they do not depend on the start)."""

    lambda_max: float
    lambda_min: float
    lr_max: float  # 2/lambda_max: larger learning rates diverge
    lr_opt: float  # 2/(lambda_max + lambda_min): the fastest convergence
    condition: float  # lambda_max/lambda_min
    rate_opt: float  # the per-epoch contraction at lr_opt, (kappa - 1)/(kappa + 1)

    def rate(self, lr: float) -> float:
        """Per-epoch factor of the distance to the optimum (its slowest mode): ``< 1`` converges."""
        return max(abs(1.0 - lr * self.lambda_max), abs(1.0 - lr * self.lambda_min))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def stability(*, surface: LossSurface) -> Stability:
    """``lr_max``, ``lr_opt`` and the condition number of ``surface``'s Hessian."""
    big, small = surface.lambda_max, surface.lambda_min
    kappa = big / small
    return Stability(
        lambda_max=big,
        lambda_min=small,
        lr_max=2.0 / big,
        lr_opt=2.0 / (big + small),
        condition=kappa,
        rate_opt=(kappa - 1.0) / (kappa + 1.0),
    )


@dataclass(frozen=True)
class Prediction:
    """What theory says a run will do, before it runs."""

    lr: float
    epochs: int
    tol: float
    stable: bool  # lr < lr_max
    rate: float  # per-epoch contraction (> 1: growth) of the distance to the optimum
    epochs_to_tol: int | None  # first epoch within tol of the optimum; None if never
    overflow_epoch: int | None  # first epoch whose MSE leaves float64; None if never
    final_mse: float  # the MSE after `epochs` updates (inf once it overflowed)
    status: str  # the status the run will end with

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def predict(
    *,
    surface: LossSurface,
    lr: float,
    epochs: int,
    m0: float = M0,
    b0: float = B0,
    tol: float = TOL,
) -> Prediction:
    """Predict a run of ``epochs`` updates at ``lr`` from ``(m0, b0)`` from the modes alone."""
    modes = _Modes(surface, lr, m0, b0)
    limit = threshold(mse_opt=surface.mse_opt, y_var=surface.y_var, tol=tol)
    overflow = modes.overflow_epoch()
    rows = [k for k in (epochs - 2, epochs - 1, epochs) if k >= 0]
    if overflow is not None and overflow <= epochs:
        rows = [k for k in range(overflow - 3, overflow) if k >= 0]
    m, b = modes.params(np.array(rows))
    mse = surface.mse(m, b)
    status = classify(
        mse=mse[:, None],
        m=m[:, None],
        b=b[:, None],
        overflow=[overflow is not None and overflow <= epochs],
        limit=limit,
        mse_opt=surface.mse_opt,
    )[0]
    return Prediction(
        lr=lr,
        epochs=epochs,
        tol=tol,
        stable=bool(lr < 2.0 / surface.lambda_max),
        rate=float(np.max(np.abs(modes.mu))),
        epochs_to_tol=modes.epochs_to(limit),
        overflow_epoch=overflow,
        final_mse=float(surface.mse(*modes.params(np.array([epochs])))[0]),
        status=str(status),
    )


class _Modes:
    """The run in closed form: offsets ``z_i * mu_i**k`` along the Hessian's eigenvectors."""

    def __init__(self, surface: LossSurface, lr: float, m0: float, b0: float) -> None:
        self.surface = surface
        self.lam = np.array([surface.lambda_max, surface.lambda_min])
        self.mu = 1.0 - lr * self.lam
        self.z = np.array(surface.to_axes(m0, b0), dtype=float)
        weight = self.lam / 2.0 * self.z**2  # excess MSE of each mode at epoch 0
        self.modes = [(float(w), float(mu)) for w, mu in zip(weight, self.mu, strict=True)]

    def params(self, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        with np.errstate(over="ignore", invalid="ignore"):
            z = self.z * np.power(self.mu, k[:, None].astype(float))
        return self.surface.from_axes(z[:, 0], z[:, 1])

    def log_excess(self, k: int) -> float:
        """log of the excess MSE after ``k`` epochs (pure Python: called by the searches)."""
        return _log_sum(
            math.log(w) + (2.0 * k * math.log(abs(mu)) if k else 0.0)
            for w, mu in self.modes
            if w > 0.0 and (mu != 0.0 or k == 0)
        )

    def epochs_to(self, limit: float) -> int | None:
        """The first epoch whose excess MSE is at most ``limit``; None if it never is."""
        log_limit = math.log(limit)
        if self.log_excess(0) <= log_limit:
            return 0
        if any(abs(mu) >= 1.0 and w > 0.0 for w, mu in self.modes):
            return None
        bounds = [
            math.ceil(math.log(limit / (2.0 * w)) / (2.0 * math.log(abs(mu))))
            for w, mu in self.modes
            if w > 0.0 and mu != 0.0
        ]
        return _first(lambda k: self.log_excess(k) <= log_limit, max([1, *bounds]))

    def overflow_epoch(self) -> int | None:
        """The first epoch whose sum of squared errors leaves the float64 range."""
        n, mse_opt = self.surface.n, self.surface.mse_opt
        growing = [(w, abs(mu)) for w, mu in self.modes if abs(mu) > 1.0 and w > 0.0]
        if not growing:
            return None
        log_room = math.log(FLOAT_MAX / n)  # log of the largest MSE whose sum of squares fits

        floor = [math.log(mse_opt)] if mse_opt > 0.0 else []

        def over(k: int) -> bool:
            return _log_sum([self.log_excess(k), *floor]) > log_room

        w, mu = max(growing, key=lambda t: t[1])
        high = math.ceil((log_room - math.log(w)) / (2.0 * math.log(mu))) + 1
        return _first(over, max(high, 1))


def _log_sum(logs: Iterable[float]) -> float:
    """``log(sum(exp(t) for t in logs))`` without overflow; ``-inf`` for no terms."""
    terms = [t for t in logs if t > -math.inf]
    if not terms:
        return -math.inf
    top = max(terms)
    return top + math.log(sum(math.exp(t - top) for t in terms))


def _first(ok: Callable[[int], bool], high: int) -> int:
    """The smallest ``k`` in ``[0, high]`` with ``ok(k)``, for a predicate false then true."""
    low = 0
    while low < high:
        mid = (low + high) // 2
        if ok(mid):
            high = mid
        else:
            low = mid + 1
    return low
