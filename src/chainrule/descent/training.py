"""Full-batch gradient descent for ``y = m*x + b`` on the MSE, three ways to one trajectory.

Each epoch: ``m -= lr * dMSE/dm``, ``b -= lr * dMSE/db``; the history holds the MSE
after ``k`` updates for ``k = 0..epochs``. The three methods agree to rounding:

``fast``
    The default. The MSE is an exact quadratic (:mod:`chainrule.descent.surface`), so one pass
    over the data gives everything the steps need; each epoch then costs O(1), not O(n).
    The step runs in the Hessian's eigenbasis, where ``theta -= lr * H (theta - theta_opt)``
    is ``z_i *= 1 - lr*lambda_i``: a block of epochs is the state times a table of powers,
    two multiplications per run and epoch, for every run of a sweep at once (:func:`descend`).
``autodiff``
    The general path, valid for any model: the MSE is built from chainrule's
    :class:`~chainrule.engine.value.Value` operations on the arrays and differentiated by the
    engine's backward pass, every epoch.
``loop``
    The lab's own explicit NumPy loop, kept as the reference: ``yhat = m*x + b``,
    ``dm = (-2/n)*sum(x*(y - yhat))``, ``db = (-2/n)*sum(y - yhat)``.

Another update rule or a changing rate (``optimizer=``, ``schedule=``, see
:mod:`chainrule.descent.optimizers`) has no closed form: ``fast`` then steps every epoch on
the exact quadratic (:func:`~chainrule.descent.stepping.step_paths`), while ``loop`` and
``autodiff`` hand their gradients to the same update rule.

A run stops at its ``overflow_epoch``, the first epoch whose MSE (its sum of squares,
which ``mean`` adds up first) or a parameter leaves the float64 range, and keeps its
finite history. No floating-point warning escapes.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from chainrule import arguments
from chainrule.budget import budgeted
from chainrule.descent import notebook
from chainrule.descent.data import MAX_MAGNITUDE, Dataset, lab_data
from chainrule.descent.optimizers import (
    Optimizer,
    Schedule,
    as_optimizer,
    as_schedule,
    describe,
    is_plain,
)
from chainrule.descent.stability import Modes, Prediction, Stability, predict, stability
from chainrule.descent.status import B0, M0, TOL, classify, threshold
from chainrule.descent.stepping import Paths, Progress, step_paths
from chainrule.descent.summary import SummarisedData
from chainrule.descent.surface import FLOAT_MAX, LossSurface, loss_surface
from chainrule.engine.value import Value, numpy_raises
from chainrule.errors import ConfigError, DataError, DomainError

METHODS = ("fast", "autodiff", "loop")
#: Longest run: its history takes 80 MB per stored array at this length.
MAX_EPOCHS = 10**7
#: Epochs x runs advanced per block of :func:`descend` (bounds its scratch memory to 8 MB).
BLOCK_CELLS = 1 << 18
#: :func:`descend`'s tables cap powers at ``exp(LOG_CAP)``: a run's sum of squares leaves
#: float64 before they get there, unless a growing mode's scaled offset is below ``TINY``.
LOG_CAP, TINY = 700.0, 1e-149


def descend(
    *,
    surface: LossSurface,
    lrs: Any,
    epochs: int,
    m0: float = M0,
    b0: float = B0,
    keep: Any = None,
    progress: Progress | None = None,
) -> Paths:
    """Run gradient descent at every learning rate in ``lrs`` at once, ``epochs`` updates each.

    The MSE is kept for every epoch, ``(m, b)`` for the epochs in ``keep`` (default: all).
    The state is the offset from the optimum along the Hessian's eigenvectors, scaled by
    ``sqrt(n*lambda_i/2)`` so that its squares add up to the sum of squared errors above
    the minimum. A block of epochs is the state at its start times a table of the powers
    ``mu_i**j`` (see :class:`~chainrule.descent.stability.Modes`: ``mu_i`` is never rounded, so
    slow modes of ill-conditioned data move as in exact descent); ``(m, b)`` are the start
    plus each mode's move. A run overflows at the first epoch whose sum of squared errors
    (or a kept ``m`` or ``b``) leaves float64.
    """
    lrs = np.atleast_1d(np.asarray(lrs, dtype=np.float64))  # (runs,)
    runs, n = lrs.size, surface.n
    modes = Modes(surface, lrs, m0, b0)
    lam = np.array([surface.lambda_max, surface.lambda_min])
    w = np.sqrt(n * lam / 2.0)[:, None] * modes.z0 * np.ones(runs)  # (2, runs)
    rows = np.arange(epochs + 1) if keep is None else np.unique(np.asarray(keep, dtype=int))
    # Epochs are the last axis inside, so that a single run's arrays are contiguous.
    mse = np.empty((runs, epochs + 1))
    m = np.full((runs, rows.size), np.nan)
    b = np.full((runs, rows.size), np.nan)
    mse[:, 0] = surface.mse(m0, b0)
    m[:, rows == 0], b[:, rows == 0] = m0, b0
    overflow = np.full(runs, -1)
    floor = n * surface.mse_opt
    step = min(epochs, max(1, BLOCK_CELLS // (2 * runs)))
    power = modes.power(step, cap=LOG_CAP)  # (2, runs, step): mu**j
    growing = (modes.log_mu > 0.0) & (modes.z0 != 0.0)  # (2, runs)
    scratch = np.empty_like(power)  # one block, reused: no fresh pages per block
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(1, epochs + 1, step):
            stop = min(start + step, epochs + 1)
            block = scratch[..., : stop - start]  # (axes, runs, epochs)
            if np.any(growing & (np.abs(w) < TINY)):  # so small that the cap matters: in logs
                block[...] = modes.power(stop - start, w)
            else:
                np.multiply(power[..., : stop - start], w[..., None], out=block)
            w = block[..., -1].copy()
            np.square(block, out=block)
            sse = np.add(block[0], block[1], out=block[0])  # (runs, epochs)
            sse += floor
            np.divide(sse, n, out=mse[:, start:stop])
            bad = ~(sse <= FLOAT_MAX)
            here = slice(*np.searchsorted(rows, [start, stop]))  # kept rows in this block
            if here.start < here.stop:
                m[:, here], b[:, here] = modes.params(modes.moves(rows[here]))
                bad[:, rows[here] - start] |= ~(np.isfinite(m[:, here]) & np.isfinite(b[:, here]))
            hit = (overflow < 0) & bad.any(axis=1)
            overflow[hit] = start + bad.argmax(axis=1)[hit]
            if progress is not None:
                progress(stop - 1, epochs)
            if np.all(overflow >= 0):
                mse[:, stop:] = np.nan
                break
    end = np.where(overflow >= 0, overflow, epochs + 1)[:, None]
    mse[np.arange(epochs + 1) >= end] = np.nan
    gone = rows >= end
    m[gone], b[gone] = np.nan, np.nan
    return Paths(lrs=lrs, mse=mse.T, rows=rows, m=m.T, b=b.T, overflow_epoch=overflow)


def mse_value(*, m: Value, b: Value, x: Value, y: Value) -> Value:
    """The MSE as a graph of chainrule operations: ``r = y - (m*x + b)``, ``(r*r).mean()``.

    ``r*r`` rather than ``r**2``: the same value and gradient (the product keeps both
    edges to ``r``), without the power's domain checks on every element.
    """
    r = y - (m * x + b)
    return (r * r).mean()


def lab_gradient(*, x: np.ndarray, y: np.ndarray, m: float, b: float) -> tuple[float, float]:
    """The lab's hand-derived gradient: ``(-2/n)*sum(x*(y - yhat))``, ``(-2/n)*sum(y - yhat)``."""
    n = x.size
    yhat = m * x + b
    return float((-2 / n) * np.sum(x * (y - yhat))), float((-2 / n) * np.sum(y - yhat))


@dataclass(frozen=True, eq=False)
class TrainResult:
    """One run: its settings, its history (epochs ``0..last_epoch``), status and context."""

    lr: float
    epochs: int
    m0: float
    b0: float
    method: str
    tol: float
    data: Dataset
    surface: LossSurface
    stability: Stability
    prediction: Prediction
    m_history: np.ndarray  # (last_epoch + 1,)
    b_history: np.ndarray
    history: np.ndarray  # MSE after k updates
    overflow_epoch: int | None  # the run stopped here; its history ends the epoch before
    status: str
    optimizer: Optimizer = field(default_factory=Optimizer)
    schedule: Schedule = field(default_factory=Schedule)

    @property
    def plain(self) -> bool:
        """Plain descent at a constant rate: ``stability`` and ``prediction`` describe the run."""
        return is_plain(self.optimizer, self.schedule)

    @property
    def last_epoch(self) -> int:
        """The last epoch with finite numbers: ``epochs``, or ``overflow_epoch - 1``."""
        return len(self.history) - 1

    @property
    def m(self) -> float:
        return float(self.m_history[-1])

    @property
    def b(self) -> float:
        return float(self.b_history[-1])

    @property
    def final_mse(self) -> float:
        return float(self.history[-1])

    @property
    def distance(self) -> float:
        """Euclidean distance of the final ``(m, b)`` from the least-squares optimum."""
        return math.hypot(self.m - self.surface.m_opt, self.b - self.surface.b_opt)

    @property
    def excess(self) -> float:
        """How far the final MSE is above the smallest possible MSE."""
        return self.final_mse - self.surface.mse_opt

    @property
    def epochs_to_tol(self) -> int | None:
        """The first epoch of this run within ``tol`` of the optimum, if it got there."""
        limit = threshold(mse_opt=self.surface.mse_opt, y_var=self.surface.y_var, tol=self.tol)
        within = np.flatnonzero(self.history - self.surface.mse_opt <= limit)
        return int(within[0]) if within.size else None

    @property
    def verdict(self) -> str:
        """One sentence on what happened and why."""
        if not self.plain and self.status != "converged":  # no closed form to explain it by
            said = {
                "overflow": f"overflow: MSE leaves float64 range at epoch {self.overflow_epoch}",
                "diverged": "diverged: the loss is growing",
                "oscillating": "oscillating: the parameters zigzag while the loss still falls",
                "slow": f"still descending: after {self.epochs} epochs the MSE is"
                f" {self.excess:.3g} above its minimum",
            }[self.status]
            return f"{said} ({describe(self.optimizer, self.schedule)}, lr = {self.lr:g})"
        lr_max = self.stability.lr_max
        if self.status == "overflow":
            return (
                f"overflow: MSE leaves float64 range at epoch {self.overflow_epoch};"
                f" lr = {self.lr:g} is above lr_max = {lr_max:.6g}, so every epoch multiplies"
                f" the error by {self.prediction.rate:.4g}"
            )
        if self.status == "diverged":
            return (
                f"diverged: the loss is growing; lr = {self.lr:g} is above lr_max = {lr_max:.6g},"
                f" so the error grows by a factor {self.prediction.rate:.6g} per epoch"
            )
        if self.status == "converged":
            return (
                f"converged: the MSE is within {self.tol:g} (relative) of its minimum"
                f" from epoch {self.epochs_to_tol} on"
            )
        needed = self.prediction.epochs_to_tol
        more = f"; about {needed} epochs reach tol {self.tol:g}" if needed is not None else ""
        if self.status == "oscillating":
            return (
                f"oscillating: the parameters zigzag across the valley (lr = {self.lr:g} is"
                f" past half of lr_max = {lr_max:.6g}), while the loss still falls{more}"
            )
        return (
            f"still descending: after {self.epochs} epochs the MSE is"
            f" {self.excess:.3g} above its minimum{more}"
        )

    def __repr__(self) -> str:  # the history's thousands of numbers stay out of it
        return notebook.short_repr(
            "TrainResult",
            [
                ("lr", self.lr),
                ("epochs", self.epochs),
                ("method", self.method),
                ("status", self.status),
                ("m", self.m),
                ("b", self.b),
                ("final_mse", self.final_mse),
                ("overflow_epoch", self.overflow_epoch),
            ],
        )

    def summary(self) -> list[tuple[str, str]]:
        """The run's settings, end point, status and verdict as ``(label, value)`` rows."""
        end = (
            f"m = {self.m:.6g}, b = {self.b:.6g}, MSE = {self.final_mse:.6g}"
            if self.overflow_epoch is None
            else f"overflow at epoch {self.overflow_epoch}"
        )
        s = self.surface
        return [
            (
                "run",
                f"lr = {self.lr:g}, {self.epochs} epochs, method {self.method},"
                f" {describe(self.optimizer, self.schedule)}",
            ),
            ("data", self.data.describe()),
            ("end", end),
            ("optimum", f"m = {s.m_opt:.6g}, b = {s.b_opt:.6g}, MSE = {s.mse_opt:.6g}"),
            ("status", self.status),
            ("verdict", self.verdict),
        ]

    def _repr_markdown_(self) -> str:  # Jupyter: a short summary
        return notebook.markdown("Gradient descent", self.summary())

    def _repr_html_(self) -> str:  # Jupyter: the summary and the MSE per epoch
        from chainrule.descent.plots import plot_mse

        return notebook.html("Gradient descent", self.summary(), lambda ax: plot_mse(ax, [self]))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: settings, final numbers, status, stability, the MSE history."""
        return {
            "lr": self.lr,
            "epochs": self.epochs,
            "m0": self.m0,
            "b0": self.b0,
            "method": self.method,
            "optimizer": asdict(self.optimizer),
            "schedule": asdict(self.schedule),
            "tol": self.tol,
            "data": self.data.to_dict(),
            "m": self.m,
            "b": self.b,
            "final_mse": self.final_mse,
            "last_epoch": self.last_epoch,
            "status": self.status,
            "overflow_epoch": self.overflow_epoch,
            "epochs_to_tol": self.epochs_to_tol,
            "optimum": {
                "m": self.surface.m_opt,
                "b": self.surface.b_opt,
                "mse": self.surface.mse_opt,
            },
            "distance": self.distance,
            "excess_mse": self.excess,
            "verdict": self.verdict,
            "stability": {**self.stability.to_dict(), "prediction": self.prediction.to_dict()},
            "history": self.history.tolist(),
        }


@budgeted(lambda **_: "gradient descent")
def train(
    *,
    data: Dataset | None = None,
    lr: float = 0.01,
    epochs: int = 1000,
    m0: float = M0,
    b0: float = B0,
    method: str = "fast",
    tol: float = TOL,
    optimizer: Optimizer | str = "gd",
    schedule: Schedule | str = "constant",
    timeout: float | None = None,
) -> TrainResult:
    """Fit ``y = m*x + b`` to ``data`` (default: the lab's) by full-batch gradient descent
    (within ``timeout`` seconds; default: see :mod:`chainrule.budget`).

    ``optimizer`` (gd, momentum, nesterov, adam) and ``schedule`` (constant, step,
    exponential, cosine) are names or :class:`~chainrule.descent.optimizers.Optimizer` /
    :class:`~chainrule.descent.optimizers.Schedule` with their constants. Every ``method``
    takes every one: ``fast`` steps on the exact quadratic (plain descent at a constant rate
    in closed form), ``loop`` and ``autodiff`` feed their gradients to the same update rule.
    """
    check_settings(lr=lr, epochs=epochs, m0=m0, b0=b0, tol=tol, data=data, method=method)
    optimizer, schedule = as_optimizer(optimizer), as_schedule(schedule)
    one_setting(optimizer, "train runs one {name}; a sweep runs several betas")
    data = lab_data() if data is None else data
    surface = start_surface(data, m0=m0, b0=b0)
    if method == "fast":
        if is_plain(optimizer, schedule):
            paths = descend(surface=surface, lrs=lr, epochs=epochs, m0=m0, b0=b0)
        else:
            paths = step_paths(
                surface=surface,
                lrs=lr,
                epochs=epochs,
                optimizer=optimizer,
                schedule=schedule,
                m0=m0,
                b0=b0,
            )
        kept = epochs + 1 if paths.overflow_epoch[0] < 0 else int(paths.overflow_epoch[0])
        m, b, mse = paths.m[:kept, 0], paths.b[:kept, 0], paths.mse[:kept, 0]
    else:
        run = _autodiff if method == "autodiff" else _loop
        m, b, mse = run(data.x, data.y, epochs, m0, b0, Rule(optimizer, schedule, float(lr)))
    overflow = None if len(mse) == epochs + 1 else len(mse)
    limit = threshold(mse_opt=surface.mse_opt, y_var=surface.y_var, tol=tol)
    status = classify(
        mse=mse[-3:, None],
        m=m[-3:, None],
        b=b[-3:, None],
        overflow=[overflow is not None],
        limit=limit,
        mse_opt=surface.mse_opt,
    )[0]
    return TrainResult(
        lr=float(lr),
        epochs=int(epochs),
        m0=float(m0),
        b0=float(b0),
        method=method,
        tol=float(tol),
        data=data,
        surface=surface,
        stability=stability(surface=surface),
        prediction=predict(surface=surface, lr=lr, epochs=epochs, m0=m0, b0=b0, tol=tol),
        m_history=m,
        b_history=b,
        history=mse,
        overflow_epoch=overflow,
        status=str(status),
        optimizer=optimizer,
        schedule=schedule,
    )


def check_settings(
    *, lr: Any, epochs: Any, m0: Any, b0: Any, tol: Any, data: Any = None, method: Any = "fast"
) -> None:
    """Raise :class:`ConfigError` (``DataError`` for ``data``) for a setting a run cannot use."""
    arguments.instance("data", data, Dataset, "a Dataset (lab_data, load_csv)", error=DataError)
    arguments.choice("method", method, METHODS, error=ConfigError)
    if isinstance(data, SummarisedData) and method != "fast":
        raise ConfigError(f"method {method} loops over the points; data read in chunks has"
                          " only their statistics: use method fast")  # fmt: skip
    if not arguments.is_number(lr) or not 0 < lr < math.inf:
        raise ConfigError(f"lr must be a positive number, got {arguments.shown(lr)}")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)):
        raise ConfigError(f"epochs must be a whole number, got {arguments.shown(epochs)}")
    if not 1 <= epochs <= MAX_EPOCHS:
        raise ConfigError(f"epochs must be from 1 to {MAX_EPOCHS:.0e}, got {epochs}")
    for name, value in (("m0", m0), ("b0", b0)):
        if not arguments.is_number(value) or not abs(float(value)) <= MAX_MAGNITUDE:
            raise ConfigError(
                f"{name} must be a number of size at most {MAX_MAGNITUDE:g},"
                f" got {arguments.shown(value)}"
            )
    if not arguments.is_number(tol) or not 0 < tol < 1:
        raise ConfigError(
            f"tol must be a number between 0 and 1 (relative), got {arguments.shown(tol)}"
        )


def one_setting(optimizer: Optimizer, message: str) -> None:
    """Raise :class:`ConfigError` (``message`` naming the constant) if a constant is an array."""
    for name in ("beta", "beta1", "beta2", "eps"):
        if np.ndim(getattr(optimizer, name)):
            raise ConfigError(message.format(name=name))


def start_surface(data: Dataset, *, m0: float, b0: float) -> LossSurface:
    """The loss surface of ``data``, if the MSE at the start ``(m0, b0)`` is within float64."""
    surface = loss_surface(data)
    if not math.isfinite(surface.mse(m0, b0)):
        raise ConfigError(f"the MSE at the start (m0={m0:g}, b0={b0:g}) leaves the float64 range")
    return surface


Histories = tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Rule:
    """An optimizer under a schedule from rate ``lr``, stepping one run's ``(m, b)``."""

    optimizer: Optimizer
    schedule: Schedule
    lr: float

    def start(self) -> Any:
        """The optimizer's state before the first step."""
        return self.optimizer.start((np.zeros(()), np.zeros(())))

    def step(
        self, m: float, b: float, grads: tuple[Any, Any], state: Any, k: int, epochs: int
    ) -> tuple[float, float, Any]:
        """Update ``k`` (0-based) of ``epochs``; plain descent is ``m - lr*dm``, ``b - lr*db``."""
        lr = self.schedule.rate(self.lr, k, epochs)
        params = (np.asarray(m, dtype=float), np.asarray(b, dtype=float))
        gradients = (np.asarray(grads[0], dtype=float), np.asarray(grads[1], dtype=float))
        (m_new, b_new), state = self.optimizer.step(params, gradients, state, lr=lr, t=k + 1)
        return float(m_new), float(b_new), state


def _loop(x: np.ndarray, y: np.ndarray, epochs: int, m0: float, b0: float, rule: Rule) -> Histories:
    """The lab's loop, stopping at the first epoch that leaves float64; its update
    ``m -= lr*dm`` is the optimizer's step (the same arithmetic for plain descent)."""
    n = x.size
    m, b = m0, b0
    state = rule.start()
    ms, bs, mses = [], [], []
    with np.errstate(all="ignore"):
        for k in range(epochs + 1):
            yhat = m * x + b
            mse = float(np.mean((y - yhat) ** 2))
            if not (math.isfinite(mse) and math.isfinite(m) and math.isfinite(b)):
                break
            ms.append(m)
            bs.append(b)
            mses.append(mse)
            if k == epochs:
                break
            dm = (-2 / n) * np.sum(x * (y - yhat))
            db = (-2 / n) * np.sum(y - yhat)
            m, b, state = rule.step(m, b, (dm, db), state, k, epochs)
    return np.array(ms, dtype=float), np.array(bs, dtype=float), np.array(mses)


def _autodiff(
    x: np.ndarray, y: np.ndarray, epochs: int, m0: float, b0: float, rule: Rule
) -> Histories:
    """The engine's way: build the MSE from Value operations, backpropagate, step."""
    xs, ys = Value(x, name="x", requires_grad=False), Value(y, name="y", requires_grad=False)
    m, b = float(m0), float(b0)
    state = rule.start()
    ms, bs, mses = [], [], []
    with numpy_raises():  # one errstate for the whole run, not one per operation
        for k in range(epochs + 1):
            if not (math.isfinite(m) and math.isfinite(b)):
                break
            mv, bv = Value(m, name="m"), Value(b, name="b")
            try:
                loss = mse_value(m=mv, b=bv, x=xs, y=ys)
            except DomainError:  # the engine refuses a result outside float64
                break
            ms.append(m)
            bs.append(b)
            mses.append(float(loss.data))
            if k == epochs:
                break
            loss.backward()
            with np.errstate(over="ignore", invalid="ignore"):  # a growing run ends above
                m, b, state = rule.step(m, b, (mv.grad, bv.grad), state, k, epochs)
    return np.array(ms), np.array(bs), np.array(mses)
