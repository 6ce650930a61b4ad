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

from chainrule.descent.status import B0, M0, TOL, classify, threshold
from chainrule.descent.surface import FLOAT_MAX, LossSurface


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
    modes = _Prediction(surface, lr, m0, b0)
    limit = threshold(mse_opt=surface.mse_opt, y_var=surface.y_var, tol=tol)
    overflow = modes.overflow_epoch()
    rows = [k for k in (epochs - 2, epochs - 1, epochs) if k >= 0]
    if overflow is not None and overflow <= epochs:
        rows = [k for k in range(overflow - 3, overflow) if k >= 0]
    m, b = (v[0] for v in modes.params(modes.moves([*rows, epochs])))  # the rows, then the end
    mse = surface.mse(m, b)
    status = classify(
        mse=mse[:-1, None],
        m=m[:-1, None],
        b=b[:-1, None],
        overflow=[overflow is not None and overflow <= epochs],
        limit=limit,
        mse_opt=surface.mse_opt,
    )[0]
    return Prediction(
        lr=lr,
        epochs=epochs,
        tol=tol,
        stable=bool(lr < 2.0 / surface.lambda_max),
        rate=modes.rate,
        epochs_to_tol=modes.epochs_to(limit),
        overflow_epoch=overflow,
        final_mse=float(mse[-1]),
        status=str(status),
    )


class Modes:
    """Runs in closed form: the offset along eigenvector ``i`` is ``z_i * mu_i**k`` at epoch ``k``.

    ``mu_i = 1 - lr*lambda_i`` is never rounded: it is kept as ``log|mu_i|`` (``log1p``) and
    its sign. On ill-conditioned data (x far from 0) ``lr*lambda_min`` is near 1e-16, so
    ``1 - lr*lambda_min`` rounds to 1 and its powers would stand still while true descent
    moves. Arrays are ``(2, runs)``: a row per mode, a column per learning rate in ``lrs``;
    tables add the epochs as a last axis.
    """

    def __init__(self, surface: LossSurface, lrs: Any, m0: float, b0: float) -> None:
        self.surface = surface
        self.m0, self.b0 = m0, b0
        lam = np.array([surface.lambda_max, surface.lambda_min])[:, None]
        rate = lam * np.atleast_1d(np.asarray(lrs, dtype=float))  # (2, runs)
        with np.errstate(divide="ignore"):  # log|1 - rate|: log(rate - 1) = log1p(rate - 2)
            log_mu = np.log1p(np.where(rate < 1.0, -rate, rate - 2.0))
        self.log_mu = np.maximum(log_mu, -FLOAT_MAX)  # mu = 0: finite, so that 0*log|mu| = 0
        self.negative = rate > 1.0  # mu < 0: the mode changes sign every epoch
        self.z0 = np.array(surface.to_axes(m0, b0), dtype=float)[:, None]  # (2, 1)

    def power(self, count: int, scale: Any = None, *, cap: float = math.inf) -> np.ndarray:
        """``scale * mu**j`` for ``j = 1..count``: ``(2, runs, count)``; ``scale`` is ``(2, runs)``.

        Taken in logs, so a small ``scale`` times a power beyond float64 stays finite;
        ``|mu**j|`` above ``exp(cap)`` is taken as ``exp(cap)``.
        """
        with np.errstate(divide="ignore", over="ignore"):
            t = self.log_mu[..., None] * np.arange(1.0, count + 1.0)  # log|mu**j|
            np.minimum(t, cap, out=t)
            if scale is None:
                out = np.exp(t, out=t)
            else:
                t += np.log(np.abs(scale))[..., None]
                out = np.copysign(np.exp(t, out=t), scale[..., None], out=t)
        if self.negative.any():
            np.negative(out[..., ::2], out=out[..., ::2], where=self.negative[..., None])  # odd j
        return out

    def moves(self, k: Any) -> np.ndarray:
        """How far each mode has moved after epochs ``k`` (``(K,)``): ``z0 * (mu**k - 1)``.

        ``(2, runs, K)``, from ``expm1``, which keeps a slow mode's move exact.
        """
        k = np.asarray(k, dtype=np.int64)
        odd = (k & 1).astype(bool)
        with np.errstate(invalid="ignore", over="ignore"):
            q = np.expm1(self.log_mu[..., None] * k)  # |mu**k| - 1
            if self.negative.any():  # mu**k < 0 for odd k: mu**k - 1 = -2 - expm1(t)
                flipped = q[..., odd]
                np.subtract(-2.0, flipped, out=flipped, where=self.negative[..., None])
                q[..., odd] = flipped
            q *= self.z0[..., None]
        if not np.isfinite(q).all():  # a small z0 times mu**k beyond float64: in logs
            z = self.z0[..., None]
            with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
                far = np.copysign(np.exp(np.log(np.abs(z)) + self.log_mu[..., None] * k), z)
                far = np.where(self.negative[..., None] & odd, -far, far) - z
            lost = ~np.isfinite(q)
            q[lost] = far[lost]
        return q

    def params(self, moved: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(m, b)`` from the modes' moves (``(2, runs, K)``), each ``(runs, K)``."""
        c, s = self.surface.axis
        with np.errstate(invalid="ignore"):  # inf - inf once a run has left float64
            return self.m0 + (c * moved[0] - s * moved[1]), self.b0 + (s * moved[0] + c * moved[1])


class _Prediction(Modes):
    """One run's modes, with the searches :func:`predict` needs (pure Python)."""

    def __init__(self, surface: LossSurface, lr: float, m0: float, b0: float) -> None:
        super().__init__(surface, lr, m0, b0)
        lam = np.array([surface.lambda_max, surface.lambda_min])
        self.rate = float(np.max(np.abs(1.0 - lr * lam)))
        weight = lam / 2.0 * self.z0[:, 0] ** 2  # excess MSE of each mode at epoch 0
        self.modes = [(float(w), float(g)) for w, g in zip(weight, self.log_mu[:, 0], strict=True)]

    def log_excess(self, k: int) -> float:
        """log of the excess MSE after ``k`` epochs (called by the searches)."""
        return _log_sum(math.log(w) + (2.0 * k * g if k else 0.0) for w, g in self.modes if w > 0.0)

    def epochs_to(self, limit: float) -> int | None:
        """The first epoch whose excess MSE is at most ``limit``; None if it never is."""
        log_limit = math.log(limit)
        if self.log_excess(0) <= log_limit:
            return 0
        if any(g >= 0.0 and w > 0.0 for w, g in self.modes):
            return None
        raw = [math.log(limit / (2.0 * w)) / (2.0 * g) for w, g in self.modes if w > 0.0]
        if not all(math.isfinite(r) for r in raw):  # a rate so small (1e-320) it never gets there
            return None
        bounds = [math.ceil(r) for r in raw]
        return _first(lambda k: self.log_excess(k) <= log_limit, max([1, *bounds]))

    def overflow_epoch(self) -> int | None:
        """The first epoch whose sum of squared errors leaves the float64 range."""
        n, mse_opt = self.surface.n, self.surface.mse_opt
        growing = [(w, g) for w, g in self.modes if g > 0.0 and w > 0.0]
        if not growing:
            return None
        log_room = math.log(FLOAT_MAX / n)  # log of the largest MSE whose sum of squares fits

        floor = [math.log(mse_opt)] if mse_opt > 0.0 else []

        def over(k: int) -> bool:
            return _log_sum([self.log_excess(k), *floor]) > log_room

        w, g = max(growing, key=lambda t: t[1])
        high = math.ceil((log_room - math.log(w)) / (2.0 * g)) + 1
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
