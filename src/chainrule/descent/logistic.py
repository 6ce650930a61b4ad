"""Logistic regression ``p = S(w*x + c)`` trained by any optimizer, many learning rates at once.

The loss is the mean log-loss ``L = mean(-y*log S(z) - (1-y)*log(1 - S(z)))``, ``z = w*x + c``,
computed without ``log(0)``: ``-log S(z) = softplus(-z)`` and ``-log(1 - S(z)) = softplus(z)``,
so ``L = mean(softplus(z) - y*z)`` with ``softplus(z) = logaddexp(0, z)`` (the engine's own,
:data:`chainrule.engine.ops.ARRAY`). ``S(z) = exp(z - softplus(z))`` then costs one more
pass, never overflows, and keeps its tiny values exact where ``z`` is very negative.

The gradient goes through Task 1's sigmoid rule ``S' = S(1-S)``: ``dL/dS = (S-y)/(S(1-S))``
and ``dS/dz = S(1-S)``, so ``dL/dz = S(z) - y``; hence ``dL/dw = mean((S-y)*x)`` and
``dL/dc = mean(S-y)``.

A learning rate safe by theory (for plain gradient descent): the Hessian is
``X^T diag(S(1-S)) X / n`` with ``X = [x, 1]``, and ``S(1-S) <= 1/4``, so it never exceeds
``A/4`` with ``A = X^T X / n`` (the data's raw second moments). Descent on a function whose
Hessian is below ``L`` lowers the loss every step while ``lr < 2/L``: ``safe_lr =
8/lambda_max(A)``, from any start. At the start ``w = c = 0`` (``S = 1/2`` everywhere) the
Hessian is exactly ``A/4``; near the optimum it is smaller, so runs may go faster than
``safe_lr`` there (``local_lr = 2/lambda_max(H(optimum))``); :func:`logistic_sweep`
shows where they actually stop decreasing.

The optimum itself comes from Newton's method with a backtracking line search (the
log-loss is convex); it does not exist when a threshold on x splits the two classes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from chainrule import arguments
from chainrule.budget import budgeted
from chainrule.descent import notebook
from chainrule.descent.data import Dataset
from chainrule.descent.logistic_data import labelled, separable, two_class_data
from chainrule.descent.optimizers import Optimizer, Schedule
from chainrule.descent.status import DIVERGENT, GROWTH, TOL, classify, threshold
from chainrule.descent.training import MAX_EPOCHS
from chainrule.engine.ops import ARRAY
from chainrule.errors import ConfigError

#: Runs x points evaluated at once (bounds the scratch arrays to ~16 MB each).
CHUNK_CELLS = 1 << 21
#: Most stored numbers (epochs x runs) of one call: its three histories take 24 bytes each.
MAX_CELLS = 2 * 10**7
#: Newton's method stops once the squared Newton decrement is below NEWTON_TOL (or after
#: NEWTON_STEPS); below NEWTON_CLOSE it takes full steps, the loss's change lost in rounding.
NEWTON_TOL, NEWTON_CLOSE, NEWTON_STEPS = 1e-28, 1e-12, 100


def log_loss_sums(*, x: np.ndarray, y: np.ndarray, w: np.ndarray, c: np.ndarray) -> np.ndarray:
    """``(4, runs)``: the sums over the points of ``softplus(z)``, ``y*z``, ``(S(z) - y)*x`` and
    ``S(z) - y`` for each run's ``(w, c)`` (1-D arrays): the one copy of the log-loss and its
    gradient (:func:`from_sums`), for data in memory and for chunks on disk or on a cluster.

    ``dL/dz = S(z) - y`` (see the module's docstring). Call inside ``np.errstate`` when a run
    may have left the float64 range.
    """
    sums = np.empty((4, w.size))
    size = max(1, CHUNK_CELLS // max(x.size, 1))
    for start in range(0, w.size, size):
        part = slice(start, start + size)
        z = np.multiply.outer(w[part], x)  # (k, n)
        z += c[part, None]
        r = ARRAY.softplus(z)  # (k, n)
        sums[0, part], sums[1, part] = r.sum(axis=1), z @ y
        np.subtract(z, r, out=r)  # log S(z) = z - softplus(z)
        np.exp(r, out=r)  # S(z), from the softplus already at hand
        r -= y  # dL/dz = S(z) - y
        sums[2, part] = r @ x
        sums[3, part] = r.sum(axis=1)
    return sums


def from_sums(sums: np.ndarray, n: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(L, dL/dw, dL/dc)`` from :func:`log_loss_sums` over ``n`` points."""
    return sums[0] / n - sums[1] / n, sums[2] / n, sums[3] / n


def log_loss(*, x: np.ndarray, y: np.ndarray, w: Any, c: Any) -> tuple[Any, Any, Any]:
    """``(L, dL/dw, dL/dc)`` for each run: ``w``, ``c`` have shape ``(runs,)`` (or are numbers).

    The means of :func:`log_loss_sums`. Call inside ``np.errstate`` when a run may have left
    the float64 range.
    """
    w, c = np.asarray(w, dtype=np.float64), np.asarray(c, dtype=np.float64)
    shape = np.broadcast_shapes(w.shape, c.shape)
    ws, cs = (np.broadcast_to(v, shape).ravel() for v in (w, c))
    loss, gw, gc = from_sums(log_loss_sums(x=x, y=y, w=ws, c=cs), x.size)
    return loss.reshape(shape), gw.reshape(shape), gc.reshape(shape)


@dataclass(frozen=True)
class LogisticOptimum:
    """The minimum of the log-loss, from Newton's method."""

    w: float
    c: float
    loss: float
    newton_steps: int


@dataclass(frozen=True)
class LogisticRates:
    """Learning rates of plain gradient descent on one dataset's log-loss."""

    lambda_bound: float  # lambda_max(X^T X / (4n)): no Hessian of the log-loss exceeds it
    safe_lr: float  # 2/lambda_bound: below it every gd step lowers the loss, from any start
    local_lr: float | None  # 2/lambda_max of the Hessian at the optimum (None: no optimum)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _hessian(x: np.ndarray, weight: Any) -> np.ndarray:
    """``X^T diag(weight) X / n`` for ``X = [x, 1]``: a 2x2 matrix."""
    a, b, d = np.mean(weight * x * x), np.mean(weight * x), np.mean(weight * np.ones_like(x))
    return np.array([[a, b], [b, d]])


def optimum(data: Dataset) -> LogisticOptimum | None:
    """The minimizer of the log-loss by Newton's method, or None when a threshold on x splits
    the classes (the loss then falls forever as ``|w|`` grows).

    Newton works on centred data, ``z = w*(x - mean) + c'`` (so that ``x`` far from 0 does not
    make its 2x2 systems singular), from ``w = c' = 0``; ``c = c' - w*mean``.
    """
    if separable(data):
        return None
    middle = float(np.mean(data.x))
    x, y = data.x - middle, data.y
    p = np.zeros(2)
    loss, gw, gc = log_loss(x=x, y=y, w=p[0], c=p[1])
    steps, previous = 0, math.inf
    while steps < NEWTON_STEPS:
        g = np.array([gw, gc], dtype=float)
        s = ARRAY.sigmoid(p[0] * x + p[1])
        try:
            move = np.linalg.solve(_hessian(x, s * (1 - s)), g)
        except np.linalg.LinAlgError:  # every S(1-S) but one rounded to 0: as close as it gets
            break
        decrement = float(g @ move)  # twice the decrease the step promises
        close = decrement < NEWTON_CLOSE
        if not decrement > NEWTON_TOL or (close and not decrement < previous):
            break  # converged, or down to rounding: the decrement stopped shrinking
        previous, t = decrement, 1.0
        while True:  # backtracking (Armijo) far out; close in, the full step is the right one
            new = p - t * move
            trial = log_loss(x=x, y=y, w=new[0], c=new[1])
            if close or trial[0] <= loss - 1e-4 * t * decrement or t < 1e-10:
                break
            t /= 2
        p, (loss, gw, gc) = new, trial
        steps += 1
    w, c = float(p[0]), float(p[1] - p[0] * middle)
    return LogisticOptimum(w=w, c=c, loss=float(loss), newton_steps=steps)


def learning_rates(x: np.ndarray, best: LogisticOptimum | None) -> LogisticRates:
    """The safe rate ``8/lambda_max(X^T X/n)`` and the local limit at the optimum."""
    bound = float(np.linalg.eigvalsh(_hessian(x, 0.25))[-1])
    local = None
    if best is not None:
        s = ARRAY.sigmoid(best.w * x + best.c)
        local = 2.0 / float(np.linalg.eigvalsh(_hessian(x, s * (1 - s)))[-1])
    return LogisticRates(lambda_bound=bound, safe_lr=2.0 / bound, local_lr=local)


@dataclass(frozen=True, eq=False)
class LogisticPaths:
    """Runs at several learning rates: row ``k`` is every run after ``k`` updates."""

    lrs: np.ndarray  # (runs,)
    loss: np.ndarray  # (epochs + 1, runs); NaN from a run's overflow epoch on
    w: np.ndarray  # (epochs + 1, runs)
    c: np.ndarray  # (epochs + 1, runs)
    overflow_epoch: np.ndarray  # (runs,) int; -1 for a run that stayed finite

    def end(self, j: int) -> int:
        """How many epochs of run ``j`` stayed finite (its history's length)."""
        e = int(self.overflow_epoch[j])
        return self.loss.shape[0] if e < 0 else e

    def run(self, j: int) -> LogisticPaths:
        """Run ``j`` alone, cut at its overflow."""
        end = self.end(j)
        return LogisticPaths(
            lrs=self.lrs[j : j + 1],
            loss=self.loss[:end, j : j + 1],
            w=self.w[:end, j : j + 1],
            c=self.c[:end, j : j + 1],
            overflow_epoch=self.overflow_epoch[j : j + 1],
        )


def descend_logistic(
    *,
    x: np.ndarray,
    y: np.ndarray,
    lrs: Any,
    epochs: int,
    optimizer: Optimizer,
    schedule: Schedule,
    w0: float = 0.0,
    c0: float = 0.0,
) -> LogisticPaths:
    """Every rate in ``lrs`` for ``epochs`` updates of ``optimizer``, all runs stepping at once."""
    return descend(
        lambda w, c: log_loss(x=x, y=y, w=w, c=c),
        lrs=lrs,
        epochs=epochs,
        optimizer=optimizer,
        schedule=schedule,
        w0=w0,
        c0=c0,
    )


#: ``(w, c) -> (L, dL/dw, dL/dc)``, each of shape ``(runs,)``.
LossAndGradient = Callable[[np.ndarray, np.ndarray], tuple[Any, Any, Any]]


def descend(
    loss_and_gradient: LossAndGradient,
    *,
    lrs: Any,
    epochs: int,
    optimizer: Optimizer,
    schedule: Schedule,
    w0: float = 0.0,
    c0: float = 0.0,
) -> LogisticPaths:
    """:func:`descend_logistic` with the log-loss and its gradient from ``loss_and_gradient``
    (one call per epoch: a pass over data in memory, or a reduction over chunks)."""
    lrs = np.atleast_1d(np.asarray(lrs, dtype=np.float64))  # (runs,)
    runs = lrs.size
    loss, w, c = (np.empty((epochs + 1, runs)) for _ in range(3))
    params: tuple[np.ndarray, ...] = (np.full(runs, float(w0)), np.full(runs, float(c0)))
    state = optimizer.start(params)
    overflow = np.full(runs, -1)
    with np.errstate(all="ignore"):
        for k in range(epochs + 1):
            loss[k], gw, gc = loss_and_gradient(params[0], params[1])
            w[k], c[k] = params
            bad = ~(np.isfinite(loss[k]) & np.isfinite(w[k]) & np.isfinite(c[k]))
            overflow[bad & (overflow < 0)] = k
            if k == epochs or np.all(overflow >= 0):
                break
            rate = schedule.rate(lrs, k, epochs)
            params, state = optimizer.step(params, (gw, gc), state, lr=rate, t=k + 1)
    gone = np.arange(epochs + 1)[:, None] >= np.where(overflow >= 0, overflow, epochs + 1)
    for table in (loss, w, c):
        table[gone] = np.nan
    return LogisticPaths(lrs=lrs, loss=loss, w=w, c=c, overflow_epoch=overflow)


def statuses(paths: LogisticPaths, y_var: float, best: LogisticOptimum | None, tol: float):
    """Each run's status at its last epoch (status.py's criteria, on the log-loss)."""
    gone = paths.overflow_epoch >= 0
    if best is None:  # no minimum to be within tol of: never converged
        floor, limit = 0.0, -math.inf
    else:
        floor = best.loss
        limit = threshold(mse_opt=best.loss, y_var=y_var, tol=tol)
    with np.errstate(all="ignore"):  # steps of ~1e308 overflow in the zigzag test
        return classify(
            mse=paths.loss[-3:],
            m=paths.w[-3:],
            b=paths.c[-3:],
            overflow=gone,
            limit=limit,
            mse_opt=floor,
        )


def _optimizer(value: Any) -> Optimizer:
    if isinstance(value, Optimizer):
        return value
    arguments.text("optimizer", value, error=ConfigError)
    return Optimizer(name=value)


def _schedule(value: Any) -> Schedule:
    if isinstance(value, Schedule):
        return value
    arguments.text("schedule", value, error=ConfigError)
    return Schedule(name=value)


def _settings(*, data: Any, epochs: Any, w0: Any, c0: Any, tol: Any, runs: int) -> Any:
    """The labelled data (default: the built-in set), every other setting checked."""
    data = two_class_data() if data is None else labelled(data)
    checked_plan(epochs=epochs, w0=w0, c0=c0, tol=tol, runs=runs)
    return data


def checked_plan(*, epochs: Any, w0: Any, c0: Any, tol: Any, runs: int) -> None:
    """ConfigError unless the epochs, start and tol are valid for ``runs`` runs."""
    arguments.whole("epochs", epochs, error=ConfigError, low=1, high=MAX_EPOCHS)
    if (epochs + 1) * runs > MAX_CELLS:
        raise ConfigError(
            f"{runs} runs x {epochs} epochs is more than {MAX_CELLS:.0e} stored numbers"
        )
    for name, value in (("w0", w0), ("c0", c0)):
        if abs(arguments.number(name, value, error=ConfigError)) > 1e100:
            raise ConfigError(f"{name} must be a number of size at most 1e+100, got {value:g}")
    if not arguments.is_number(tol) or not 0 < tol < 1:
        raise ConfigError(
            f"tol must be a number between 0 and 1 (relative), got {arguments.shown(tol)}"
        )


class FittedLine:
    """What a logistic run's histories give: its last epoch, final ``(w, c)``, loss, boundary."""

    w_history: np.ndarray
    c_history: np.ndarray
    history: np.ndarray  # log-loss after k updates

    @property
    def last_epoch(self) -> int:
        return len(self.history) - 1

    @property
    def w(self) -> float:
        return float(self.w_history[-1])

    @property
    def c(self) -> float:
        return float(self.c_history[-1])

    @property
    def final_loss(self) -> float:
        return float(self.history[-1])

    @property
    def boundary(self) -> float | None:
        """The x where ``p = 1/2``: ``-c/w`` (None for ``w = 0``)."""
        return None if self.w == 0 else -self.c / self.w


@dataclass(frozen=True, eq=False)
class LogisticResult(FittedLine):
    """One run of logistic regression: settings, histories (epochs ``0..last_epoch``), status."""

    lr: float
    epochs: int
    optimizer: Optimizer
    schedule: Schedule
    w0: float
    c0: float
    tol: float
    data: Any  # the Dataset, labels in y
    optimum: LogisticOptimum | None  # None: the classes are separable
    rates: LogisticRates
    w_history: np.ndarray  # (last_epoch + 1,)
    c_history: np.ndarray
    history: np.ndarray  # log-loss after k updates
    overflow_epoch: int | None
    status: str

    @property
    def accuracy(self) -> float:
        """The fraction of points on their own class's side: ``p >= 1/2`` predicts 1."""
        predicted = (self.w * self.data.x + self.c) >= 0
        return float(np.mean(predicted == (self.data.y == 1)))

    @property
    def epochs_to_tol(self) -> int | None:
        """The first epoch within ``tol`` of the minimum, if the run got there."""
        if self.optimum is None:
            return None
        y_var = float(np.var(self.data.y))
        limit = threshold(mse_opt=self.optimum.loss, y_var=y_var, tol=self.tol)
        within = np.flatnonzero(self.history - self.optimum.loss <= limit)
        return int(within[0]) if within.size else None

    def __repr__(self) -> str:
        fields = [("lr", self.lr), ("epochs", self.epochs), ("optimizer", self.optimizer.name)]
        fields += [("status", self.status), ("w", self.w), ("c", self.c)]
        fields += [("final_loss", self.final_loss), ("accuracy", self.accuracy)]
        return notebook.short_repr("LogisticResult", fields)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: settings, final numbers, status, rates, optimum, the loss history."""
        best = None if self.optimum is None else asdict(self.optimum)
        return {
            "model": "logistic",
            "lr": self.lr,
            "epochs": self.epochs,
            "optimizer": asdict(self.optimizer),
            "schedule": asdict(self.schedule),
            "w0": self.w0,
            "c0": self.c0,
            "tol": self.tol,
            "data": self.data.to_dict(),
            "w": self.w,
            "c": self.c,
            "final_loss": self.final_loss,
            "accuracy": self.accuracy,
            "boundary": self.boundary,
            "last_epoch": self.last_epoch,
            "status": self.status,
            "overflow_epoch": self.overflow_epoch,
            "epochs_to_tol": self.epochs_to_tol,
            "optimum": best,
            "rates": self.rates.to_dict(),
            "history": self.history.tolist(),
        }


@budgeted(lambda **_: "logistic regression")
def train_logistic(
    *,
    data: Any = None,
    lr: float = 1.0,
    epochs: int = 1000,
    optimizer: str | Optimizer = "gd",
    schedule: str | Schedule = "constant",
    w0: float = 0.0,
    c0: float = 0.0,
    tol: float = TOL,
    timeout: float | None = None,
) -> LogisticResult:
    """Fit ``p = S(w*x + c)`` to labelled ``data`` (default: :func:`two_class_data`) by
    ``optimizer`` (a name of :data:`~chainrule.descent.optimizers.OPTIMIZERS` or an
    :class:`Optimizer`) at rate ``lr`` under ``schedule``, within ``timeout`` seconds."""
    return train_logistic_runs(
        data=data,
        lrs=[arguments.number("lr", lr, error=ConfigError, low=0)],
        epochs=epochs,
        optimizer=optimizer,
        schedule=schedule,
        w0=w0,
        c0=c0,
        tol=tol,
        timeout=timeout,
    )[0]


@budgeted(lambda **_: "logistic regression")
def train_logistic_runs(
    *,
    data: Any = None,
    lrs: Sequence[float],
    epochs: int = 1000,
    optimizer: str | Optimizer = "gd",
    schedule: str | Schedule = "constant",
    w0: float = 0.0,
    c0: float = 0.0,
    tol: float = TOL,
    timeout: float | None = None,
) -> list[LogisticResult]:
    """:func:`train_logistic` at each rate of ``lrs``, all runs stepping at once (within
    ``timeout`` seconds)."""
    rates = _rates(lrs)
    data = _settings(data=data, epochs=epochs, w0=w0, c0=c0, tol=tol, runs=rates.size)
    opt, plan = _optimizer(optimizer), _schedule(schedule)
    best = optimum(data)
    paths = descend_logistic(
        x=data.x, y=data.y, lrs=rates, epochs=epochs, optimizer=opt, schedule=plan, w0=w0, c0=c0
    )
    results = []
    for j, lr in enumerate(rates):
        one = paths.run(j)
        results.append(
            LogisticResult(
                lr=float(lr),
                epochs=int(epochs),
                optimizer=opt,
                schedule=plan,
                w0=float(w0),
                c0=float(c0),
                tol=float(tol),
                data=data,
                optimum=best,
                rates=learning_rates(data.x, best),
                w_history=one.w[:, 0],
                c_history=one.c[:, 0],
                history=one.loss[:, 0],
                overflow_epoch=None if paths.overflow_epoch[j] < 0 else paths.end(j),
                status=str(statuses(one, float(np.var(data.y)), best, tol)[0]),
            )
        )
    return results


def _rates(lrs: Any) -> np.ndarray:
    """Positive, finite learning rates as a 1-D array, or ConfigError."""
    try:
        rates = np.atleast_1d(np.asarray(lrs, dtype=np.float64))
    except (TypeError, ValueError):
        raise ConfigError(f"lrs must be numbers, got {arguments.shown(lrs)}") from None
    if rates.ndim != 1 or rates.size == 0:
        raise ConfigError(f"lrs must be a non-empty list of numbers, got {arguments.shown(lrs)}")
    if not np.all((rates > 0) & np.isfinite(rates)):
        raise ConfigError(f"every learning rate must be positive and finite, got {rates.min():g}")
    return rates


@dataclass(frozen=True)
class ObservedBoundary:
    """Where runs stopped decreasing, against the rate that theory calls safe."""

    safe_lr: float
    local_lr: float | None
    last_decreasing: float | None  # the largest rate below first_rising whose loss never rose
    first_rising: float | None  # the smallest rate whose loss rose at some epoch

    @property
    def safe_holds(self) -> bool:
        """Whether every run below ``safe_lr`` kept decreasing (what the theory promises)."""
        return self.first_rising is None or self.safe_lr <= self.first_rising

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "safe_holds": self.safe_holds}


@dataclass(frozen=True, eq=False)
class LogisticSweep:
    """Many rates of one optimizer on one dataset: final losses, statuses, the boundary."""

    lrs: np.ndarray  # (runs,) ascending
    epochs: int
    optimizer: Optimizer
    data: Any
    rates: LogisticRates
    final_loss: np.ndarray  # (runs,) NaN for a run that overflowed
    rising: np.ndarray  # (runs,) bool: the loss rose at some epoch
    status: np.ndarray  # (runs,) status strings
    boundary: ObservedBoundary

    def to_dict(self) -> dict[str, Any]:
        return {
            "lrs": self.lrs.tolist(),
            "epochs": self.epochs,
            "optimizer": asdict(self.optimizer),
            "data": self.data.to_dict(),
            "rates": self.rates.to_dict(),
            "final_loss": [None if math.isnan(v) else v for v in self.final_loss.tolist()],
            "rising": self.rising.tolist(),
            "status": self.status.tolist(),
            "boundary": self.boundary.to_dict(),
        }


@budgeted(lambda **_: "the logistic learning-rate sweep")
def logistic_sweep(
    *,
    data: Any = None,
    lrs: Sequence[float] | np.ndarray | None = None,
    epochs: int = 200,
    optimizer: str | Optimizer = "gd",
    w0: float = 0.0,
    c0: float = 0.0,
    tol: float = TOL,
    timeout: float | None = None,
) -> LogisticSweep:
    """Run every rate of ``lrs`` (default: 61 rates from ``safe_lr/10`` to ``100*safe_lr``)
    and find where the loss stops decreasing: the observed boundary beside ``safe_lr``."""
    data = _settings(data=data, epochs=epochs, w0=w0, c0=c0, tol=tol, runs=1)
    best = optimum(data)
    limits = learning_rates(data.x, best)
    rates = np.sort(
        np.geomspace(limits.safe_lr / 10, limits.safe_lr * 100, 61) if lrs is None else _rates(lrs)
    )
    _settings(data=data, epochs=epochs, w0=w0, c0=c0, tol=tol, runs=rates.size)
    opt = _optimizer(optimizer)
    paths = descend_logistic(
        x=data.x,
        y=data.y,
        lrs=rates,
        epochs=epochs,
        optimizer=opt,
        schedule=Schedule(),
        w0=w0,
        c0=c0,
    )
    with np.errstate(invalid="ignore"):
        grew = np.any(paths.loss[1:] > paths.loss[:-1] * (1.0 + GROWTH), axis=0)
    status = statuses(paths, float(np.var(data.y)), best, tol)
    rising = grew | np.isin(status, DIVERGENT)
    first = int(np.argmax(rising)) if rising.any() else None
    return LogisticSweep(
        lrs=rates,
        epochs=int(epochs),
        optimizer=opt,
        data=data,
        rates=limits,
        final_loss=paths.loss[-1],
        rising=rising,
        status=status,
        boundary=ObservedBoundary(
            safe_lr=limits.safe_lr,
            local_lr=limits.local_lr,
            last_decreasing=None if not first else float(rates[first - 1]),
            first_rising=None if first is None else float(rates[first]),
        ),
    )
