"""Sweeps: many learning rates, each run for many epochs, all runs advancing together.

One call to :func:`~chainrule.descent.training.descend` moves every run one epoch per step in
array operations, so a sweep costs about as much as its table of MSE histories. The
epoch axis comes free: the run for the largest epoch count passes every smaller one,
so a grid column is a row of the histories.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from chainrule import arguments
from chainrule.budget import budgeted
from chainrule.descent import notebook
from chainrule.descent.data import Dataset, lab_data
from chainrule.descent.momentum_theory import lr_limit
from chainrule.descent.optimizers import (
    Optimizer,
    Schedule,
    as_optimizer,
    as_schedule,
    describe,
    is_plain,
)
from chainrule.descent.stability import Stability, stability
from chainrule.descent.status import B0, DIVERGENT, M0, STATUSES, TOL, classify, threshold
from chainrule.descent.stepping import Progress, step_paths
from chainrule.descent.surface import LossSurface
from chainrule.descent.training import (
    MAX_EPOCHS,
    check_settings,
    descend,
    one_setting,
    start_surface,
)
from chainrule.errors import ConfigError

#: Most MSE values a sweep stores (runs x (epochs + 1)); 80 MB per array at this size.
MAX_CELLS = 10**7
SPACINGS = ("log", "linear")


def lr_grid(*, start: float, stop: float, num: int, spacing: str = "log") -> np.ndarray:
    """``num`` learning rates from ``start`` to ``stop``, evenly spaced on a log or linear scale."""
    low = arguments.number("start (the first learning rate)", start, error=ConfigError, low=0.0)
    high = arguments.number("stop (the last learning rate)", stop, error=ConfigError, low=0.0)
    if not low < high:
        raise ConfigError(
            f"the first learning rate (start) must be below the last (stop): {low:g}, {high:g}"
        )
    count = arguments.whole("num (learning rates)", num, error=ConfigError, low=2, high=MAX_CELLS)
    arguments.choice("spacing", spacing, SPACINGS, error=ConfigError)
    grid = np.geomspace if spacing == "log" else np.linspace
    return grid(low, high, count)


#: The default sweep, as shares of the data's lr_max (``chainrule sweep`` and the report).
RANGE_FROM, RANGE_TO = 1e-3, 1.5


def default_range(
    lr_max: float, *, start: float | None = None, stop: float | None = None
) -> tuple[float, float]:
    """``(start, stop)`` of a sweep: each the rate given, else its default share of ``lr_max``."""
    return (
        RANGE_FROM * lr_max if start is None else start,
        RANGE_TO * lr_max if stop is None else stop,
    )


@dataclass(frozen=True)
class Boundary:
    """Where the runs started to diverge, against the predicted ``lr_max``."""

    lr_max: float  # predicted: 2/lambda_max for plain descent (see momentum_theory.lr_limit)
    last_stable: float | None  # the largest lr below first_unstable whose run did not diverge
    first_unstable: float | None  # the smallest lr whose run diverged or overflowed

    @property
    def agrees(self) -> bool:
        """Whether ``lr_max`` lies where the runs put the boundary."""
        below = self.last_stable is None or self.last_stable <= self.lr_max
        above = self.first_unstable is None or self.lr_max <= self.first_unstable
        return below and above

    def describe(self) -> str:
        limit = f"the predicted limit lr_max = {self.lr_max:.6g}"
        if self.first_unstable is None:
            return f"no run diverged; {limit} is beyond the grid"
        if self.last_stable is None:
            return f"every run diverged; {limit} is below the grid"
        verdict = "as predicted" if self.agrees else "NOT where predicted"
        return (
            f"runs diverge between lr = {self.last_stable:.6g} and {self.first_unstable:.6g};"
            f" predicted lr_max = {self.lr_max:.6g} ({verdict})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "lr_max": self.lr_max,
            "last_stable": self.last_stable,
            "first_unstable": self.first_unstable,
            "agrees": self.agrees,
        }


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Every run of a sweep: grid cells ``(lr, epochs)`` and each run's full MSE history."""

    lrs: np.ndarray  # (runs,)
    epochs: tuple[int, ...]  # the grid's epoch counts, increasing
    m0: float
    b0: float
    tol: float
    data: Dataset
    surface: LossSurface
    stability: Stability
    history: np.ndarray  # (runs, max epochs + 1): MSE after k updates; NaN after overflow
    final_mse: np.ndarray  # (runs, len(epochs)): the MSE at each grid epoch count
    m: np.ndarray  # (runs, len(epochs))
    b: np.ndarray  # (runs, len(epochs))
    status: np.ndarray  # (runs, len(epochs)) status strings
    overflow_epoch: np.ndarray  # (runs,) int; -1 where the run stayed finite
    epochs_to_tol: np.ndarray  # (runs,) int; -1 where the run never got within tol
    optimizer: Optimizer = field(default_factory=Optimizer)
    schedule: Schedule = field(default_factory=Schedule)
    # An (lr, beta) sweep: each run's beta, the grid lr-major (lrs repeat, betas cycle).
    betas: np.ndarray | None = None

    @property
    def lr_limit(self) -> float:
        """The predicted largest stable constant rate of the optimizer (at its first beta)."""
        beta = self.optimizer.beta if self.betas is None else self.betas[0]
        return float(lr_limit(self.optimizer.name, beta=beta, lambda_max=self.surface.lambda_max))

    @property
    def boundary(self) -> Boundary:
        """The divergence boundary the runs show at the largest epoch count (the first beta's)."""
        return self.boundaries()[0][1]

    def boundaries(self) -> list[tuple[float | None, Boundary]]:
        """``(beta, boundary)`` for each beta of an ``(lr, beta)`` sweep; ``[(None, boundary)]``."""
        unstable = np.isin(self.status[:, -1], DIVERGENT)
        if self.betas is None:
            return [(None, _boundary(self.lrs, unstable, self.lr_limit))]
        out: list[tuple[float | None, Boundary]] = []
        for beta in np.unique(self.betas):
            one = self.betas == beta
            limit = lr_limit(self.optimizer.name, beta=beta, lambda_max=self.surface.lambda_max)
            out.append((float(beta), _boundary(self.lrs[one], unstable[one], float(limit))))
        return out

    def best(self, count: int = 10) -> list[dict[str, Any]]:
        """The ``count`` best runs: fastest to ``tol`` first, then lowest final MSE."""
        reached = self.epochs_to_tol >= 0
        final = np.where(np.isnan(self.final_mse[:, -1]), np.inf, self.final_mse[:, -1])
        key = np.where(reached, self.epochs_to_tol, MAX_EPOCHS + 1)
        order = np.lexsort((final, key))[:count]
        return [self._run(int(i)) for i in order]

    def _run(self, i: int) -> dict[str, Any]:
        return {
            "lr": float(self.lrs[i]),
            **self._beta(i),
            "epochs_to_tol": int(self.epochs_to_tol[i]) if self.epochs_to_tol[i] >= 0 else None,
            "final_mse": _finite(self.final_mse[i, -1]),
            "status": str(self.status[i, -1]),
            "overflow_epoch": int(self.overflow_epoch[i]) if self.overflow_epoch[i] >= 0 else None,
        }

    def rows(self) -> list[dict[str, Any]]:
        """The grid, one row per ``(lr, epochs)`` cell (lr-major)."""
        return [
            {
                "lr": float(lr),
                **self._beta(i),
                "epochs": e,
                "m": _finite(self.m[i, j]),
                "b": _finite(self.b[i, j]),
                "final_mse": _finite(self.final_mse[i, j]),
                "status": str(self.status[i, j]),
            }
            for i, lr in enumerate(self.lrs)
            for j, e in enumerate(self.epochs)
        ]

    def _beta(self, i: int) -> dict[str, float]:
        """``{"beta": ...}`` of run ``i`` in an ``(lr, beta)`` sweep, else nothing."""
        return {} if self.betas is None else {"beta": float(self.betas[i])}

    def to_csv(self) -> str:
        """The grid as CSV (``lr,[beta,]epochs,m,b,final_mse,status``; empty after overflow)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        beta = [] if self.betas is None else ["beta"]
        writer.writerow(["lr", *beta, "epochs", "m", "b", "final_mse", "status"])
        for row in self.rows():
            writer.writerow(["" if v is None else v for v in row.values()])
        return out.getvalue()

    def __repr__(self) -> str:  # every run's history stays out of it
        return notebook.short_repr(
            "SweepResult",
            [
                ("runs", int(self.lrs.size)),
                ("lr_range", (float(self.lrs.min()), float(self.lrs.max()))),
                ("epochs", self.epochs),
                ("tol", self.tol),
                ("boundary", self.boundary),
            ],
        )

    def summary(self) -> list[tuple[str, str]]:
        """The grid, boundary, best run and status counts as ``(label, value)`` rows."""
        best = self.best(1)[0]
        reach = (
            f"MSE within {self.tol:g} at epoch {best['epochs_to_tol']}"
            if best["epochs_to_tol"] is not None
            else f"never within {self.tol:g}; status {best['status']}"
        )
        counts = Counter(self.status[:, -1])
        return [
            (
                "grid",
                f"{self.lrs.size} learning rates from {self.lrs.min():.4g} to"
                f" {self.lrs.max():.4g} x epochs {', '.join(map(str, self.epochs))}",
            ),
            ("data", self.data.describe()),
            ("optimizer", describe(self.optimizer, self.schedule)),
            *(
                ("boundary" if beta is None else f"boundary at beta {beta:g}", b.describe())
                for beta, b in self.boundaries()
            ),
            ("best", f"lr = {best['lr']:.6g}: {reach}"),
            (
                f"at {self.epochs[-1]} epochs",
                ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s]),
            ),
        ]

    def _repr_markdown_(self) -> str:  # Jupyter: a short summary
        return notebook.markdown("Learning-rate sweep", self.summary())

    def _repr_html_(self) -> str:  # Jupyter: the summary and the heatmap (or the region)
        from chainrule.descent.plots import plot_stability, plot_sweep

        draw = plot_sweep if self.betas is None else plot_stability
        return notebook.html("Learning-rate sweep", self.summary(), lambda ax: draw(ax, self))

    def to_dict(self, *, histories: bool = False) -> dict[str, Any]:
        """JSON-ready summary and grid; with ``histories``, every run's MSE per epoch."""
        out: dict[str, Any] = {
            "data": self.data.to_dict(),
            "m0": self.m0,
            "b0": self.b0,
            "tol": self.tol,
            "lrs": self.lrs.tolist(),
            "epochs": list(self.epochs),
            "optimizer": asdict(self.optimizer) | self._constants(),
            "schedule": asdict(self.schedule),
            "stability": self.stability.to_dict(),
            "boundary": self.boundary.to_dict(),
            "best": self.best(),
            "grid": self.rows(),
        }
        if self.betas is not None:
            out["boundaries"] = [{"beta": beta, **b.to_dict()} for beta, b in self.boundaries()]
        if histories:
            out["histories"] = [[_finite(v) for v in h] for h in self.history]
        return out

    def _constants(self) -> dict[str, Any]:
        """The optimizer's constants as JSON: an array (one per run) as a list."""
        names = ("beta", "beta1", "beta2", "eps")
        return {k: np.asarray(getattr(self.optimizer, k)).tolist() for k in names}


def _boundary(lrs: np.ndarray, unstable: np.ndarray, lr_max: float) -> Boundary:
    """Where runs at ``lrs`` (``unstable``: diverged or overflowed) begin to diverge."""
    order = np.argsort(lrs)
    lrs, unstable = lrs[order], unstable[order]
    first = float(lrs[unstable][0]) if unstable.any() else None
    below = lrs[~unstable & (lrs < first)] if first is not None else lrs
    return Boundary(
        lr_max=lr_max,
        last_stable=float(below[-1]) if below.size else None,
        first_unstable=first,
    )


@budgeted(lambda **_: "the learning-rate sweep")
def sweep(
    *,
    data: Dataset | None = None,
    lrs: Sequence[float] | np.ndarray,
    epochs: int | Sequence[int],
    m0: float = M0,
    b0: float = B0,
    tol: float = TOL,
    progress: Progress | None = None,
    optimizer: Optimizer | str = "gd",
    schedule: Schedule | str = "constant",
    betas: Sequence[float] | np.ndarray | None = None,
    timeout: float | None = None,
) -> SweepResult:
    """Run every learning rate in ``lrs`` for ``max(epochs)`` epochs, all at once.

    ``epochs`` is one epoch count or several; the grid reports each. ``optimizer`` and
    ``schedule`` as for :func:`~chainrule.descent.training.train`; ``betas`` (momentum or
    nesterov) sweeps ``(lr, beta)``: every rate at every beta, the runs lr-major.
    ``timeout``: seconds it may take (default: see :mod:`chainrule.budget`).
    """
    optimizer, schedule = as_optimizer(optimizer), as_schedule(schedule)
    one_setting(optimizer, "the optimizer's {name} must be one number; sweep betas with betas=")
    rates, counts = _check_sweep(
        data=data, lrs=lrs, epochs=epochs, m0=m0, b0=b0, tol=tol, progress=progress
    )
    grid = None
    if betas is not None:
        if optimizer.name not in ("momentum", "nesterov"):
            raise ConfigError(f"betas sweep momentum or nesterov, not {optimizer.name}")
        values = _betas(betas)
        grid = np.tile(values, rates.size)
        rates = np.repeat(rates, values.size)
        optimizer = replace(optimizer, beta=grid)  # checks each beta
        _check_cells(rates.size, counts[-1], "(lr, beta) runs")
    data = lab_data() if data is None else data
    surface = start_surface(data, m0=m0, b0=b0)
    keep = [k for e in counts for k in (e - 2, e - 1, e) if k >= 0]
    if is_plain(optimizer, schedule):
        paths = descend(
            surface=surface,
            lrs=rates,
            epochs=counts[-1],
            m0=m0,
            b0=b0,
            keep=keep,
            progress=progress,
        )
    else:
        paths = step_paths(
            surface=surface,
            lrs=rates,
            epochs=counts[-1],
            optimizer=optimizer,
            schedule=schedule,
            m0=m0,
            b0=b0,
            keep=keep,
            progress=progress,
        )
    limit = threshold(mse_opt=surface.mse_opt, y_var=surface.y_var, tol=tol)
    status = np.empty((rates.size, len(counts)), dtype=object)
    for j, e in enumerate(counts):
        last = slice(max(e - 2, 0), e + 1)
        kept = np.isin(paths.rows, range(last.start, last.stop))
        ended = (paths.overflow_epoch >= 0) & (paths.overflow_epoch <= e)
        status[:, j] = classify(
            mse=paths.mse[last],
            m=paths.m[kept],
            b=paths.b[kept],
            overflow=ended,
            limit=limit,
            mse_opt=surface.mse_opt,
        )
    at = np.searchsorted(paths.rows, counts)
    within = paths.mse - surface.mse_opt <= limit  # NaN after overflow: False
    reached = within.any(axis=0)
    return SweepResult(
        lrs=rates,
        epochs=tuple(counts),
        m0=float(m0),
        b0=float(b0),
        tol=float(tol),
        data=data,
        surface=surface,
        stability=stability(surface=surface),
        history=paths.mse.T,
        final_mse=paths.mse[counts].T,
        m=paths.m[at].T,
        b=paths.b[at].T,
        status=status,
        overflow_epoch=paths.overflow_epoch,
        epochs_to_tol=np.where(reached, within.argmax(axis=0), -1),
        optimizer=optimizer,
        schedule=schedule,
        betas=grid,
    )


def learning_rates(name: str, value: Any) -> np.ndarray:
    """``value`` (a number, or a list or 1-D array of numbers) as positive float64 rates."""
    if arguments.is_number(value):
        value = [value]
    if isinstance(value, np.ndarray) and value.ndim == 1 and value.dtype.kind in "iuf":
        rates = value.astype(np.float64)
    elif isinstance(value, (list, tuple)) and all(map(arguments.is_number, value)):
        rates = np.array(value, dtype=np.float64)
    else:
        raise ConfigError(
            f"{name} must be a list or 1-D array of numbers, got {arguments.shown(value)}"
        )
    if not rates.size:
        raise ConfigError(f"{name} must hold at least one learning rate")
    bad = np.flatnonzero(~((rates > 0) & np.isfinite(rates)))
    if bad.size:
        i = int(bad[0])
        raise ConfigError(f"{name}[{i}]: lr must be a positive number, got {float(rates[i])!r}")
    return rates


def _check_sweep(
    *, data: Any, lrs: Any, epochs: Any, m0: Any, b0: Any, tol: Any, progress: Any
) -> tuple[np.ndarray, list[int]]:
    """The rates and the sorted epoch counts of a sweep, once every setting is checked."""
    arguments.function("progress", progress, error=ConfigError)
    rates = learning_rates("lrs", lrs)
    many = isinstance(epochs, (list, tuple, np.ndarray))
    items = list(np.ravel(epochs)) if many else [epochs]
    whole = (isinstance(e, (int, np.integer)) and not isinstance(e, bool) for e in items)
    if not items or not all(whole):
        raise ConfigError(
            f"epochs must be a whole number or a list of them, got {arguments.shown(epochs)}"
        )
    counts = sorted({int(e) for e in items})
    for e in (counts[0], counts[-1]):
        check_settings(lr=float(rates[0]), epochs=e, m0=m0, b0=b0, tol=tol, data=data)
    _check_cells(rates.size, counts[-1])
    return rates, counts


def _check_cells(runs: int, epochs: int, what: str = "learning rates") -> None:
    """Raise :class:`ConfigError` if ``runs`` runs of ``epochs`` epochs store too many values."""
    cells = runs * (epochs + 1)
    if cells > MAX_CELLS:
        raise ConfigError(
            f"{runs:,} {what} x {epochs + 1:,} epochs (0 to {epochs:,})"
            f" need {cells:,} stored values; at most {MAX_CELLS:,}: fewer rates or epochs"
        )


def _betas(value: Any) -> np.ndarray:
    """``value`` (a list or 1-D array of numbers, at least one) as float64 betas."""
    if isinstance(value, np.ndarray) and value.ndim == 1 and value.dtype.kind in "iuf":
        betas = value.astype(np.float64)
    elif isinstance(value, (list, tuple)) and all(map(arguments.is_number, value)):
        betas = np.array(value, dtype=np.float64)
    else:
        raise ConfigError(
            f"betas must be a list or 1-D array of numbers, got {arguments.shown(value)}"
        )
    if not betas.size:
        raise ConfigError("betas must hold at least one beta")
    return betas


def _finite(value: Any) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None
