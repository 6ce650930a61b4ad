"""Logistic regression on data not held in memory: every epoch a reduction over chunks.

Each epoch needs the sums over the points of ``softplus(z) - y*z``, ``(S(z) - y)*x`` and
``S(z) - y`` for every run's ``(w, c)``: :func:`~chainrule.descent.logistic.log_loss_sums`,
the one copy of the formula, applied to each chunk and added up. ``engine="local"`` reads
the files' chunks with pyarrow every epoch (memory bounded by a chunk); ``engine="dask"``
reads each partition once into a worker's memory (persisted on the cluster), then each
epoch sends the runs' ``(w, c)`` out and gets ``(3, runs)`` numbers back per partition. The
optimizer steps on the client (:func:`~chainrule.descent.logistic.descend`).

Newton's optimum and the observed sweep need the points in memory and are left out: the
status of a run then never reads "converged" (there is no minimum to be within ``tol`` of).
The safe rate ``8/lambda_max(X^T X/n)`` comes from one more reduction (the raw moments).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from chainrule import arguments
from chainrule.budget import budgeted
from chainrule.descent import big_data, dask_stats
from chainrule.descent.columns import checked, need
from chainrule.descent.logistic import (
    FittedLine,
    LogisticRates,
    _optimizer,
    _rates,
    _schedule,
    checked_plan,
    descend,
    from_sums,
    log_loss_sums,
    statuses,
)
from chainrule.descent.optimizers import Optimizer, Schedule
from chainrule.descent.status import TOL
from chainrule.errors import ConfigError, DataError

#: ``sums(x, y, *extra) -> array``: one chunk's share of a reduction.
Sums = Callable[..., np.ndarray]


def labels_checked(where: str, row: int, xs: np.ndarray, ys: np.ndarray) -> None:
    """DataError naming the row (counted from 1, after ``row`` rows) of a bad value or a label
    that is not 0 or 1."""
    checked(where, row, xs, ys)
    bad = np.flatnonzero((ys != 0) & (ys != 1))
    if bad.size:
        k = int(bad[0])
        raise DataError(
            f"{where}: row {row + k + 1} (x = {xs[k]:g}): the label y must be 0 or 1, got {ys[k]:g}"
        )


def moments(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``[n, ones, sum x, sum x^2]`` of a chunk."""
    return np.array([x.size, np.count_nonzero(y), x.sum(), x @ x], dtype=np.float64)


def log_loss_sums_of(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: np.ndarray) -> np.ndarray:
    """A chunk's :func:`log_loss_sums` (an epoch's reduction): ``(4, runs)``."""
    return log_loss_sums(x=x, y=y, w=w, c=c)


def right_counts(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: np.ndarray) -> np.ndarray:
    """A chunk's count of points on their class's side, per run: ``p >= 1/2`` predicts 1."""
    return (((np.multiply.outer(w, x) + c[:, None]) >= 0) == (y == 1)).sum(axis=1)


class LocalChunks:
    """The files read again with pyarrow for every reduction, chunk by chunk."""

    def __init__(self, path: Any, x: str, y: str, chunk_rows: int) -> None:
        self.files = big_data.data_files(path)
        self.forms = big_data._forms(self.files, x, y)
        self.chunk_rows = chunk_rows

    def chunks(self) -> Iterator[tuple[str, int, np.ndarray, np.ndarray]]:
        """``(file, rows before, x, y)`` per chunk; a file broken mid-way a DataError."""
        pa = need("pyarrow", "reading big data")
        for file, form in zip(self.files, self.forms, strict=True):
            row = 0
            try:
                for xs, ys, _ in big_data._chunks(file, form, self.chunk_rows):
                    yield file, row, xs, ys
                    row += len(xs)
            except (OSError, pa.ArrowException) as exc:
                why = big_data._first_line(exc)
                raise DataError(f"{file}: cannot read it after row {row} ({why})") from None

    def first(self) -> np.ndarray:
        """The moments, every value and label checked (the first pass)."""
        total = np.zeros(4)
        for file, row, xs, ys in self.chunks():
            labels_checked(file, row, xs, ys)
            total += moments(xs, ys)
        return total

    def reduce(self, sums: Sums, *extra: Any) -> Any:
        """``sums`` of every chunk, added in the files' order."""
        total: Any = 0.0
        for _, _, xs, ys in self.chunks():
            total = total + sums(xs, ys, *extra)
        return total


def _partition(frame: Any, file: str, index: int, decimal: str) -> tuple[np.ndarray, np.ndarray]:
    """A partition's checked x and y (on a worker, kept there)."""
    x, y = dask_stats.columns(frame, file, index, decimal)
    labels_checked(f"{file} (partition {index})", 0, x, y)
    return x, y


def _apply(pair: tuple[np.ndarray, np.ndarray], sums: Sums, *extra: Any) -> np.ndarray:
    return sums(pair[0], pair[1], *extra)


class DaskPartitions:
    """The files' partitions held in the workers' memory; each reduction one small task per
    partition, the partial sums added on the client in the partitions' order."""

    def __init__(self, stack: ExitStack, path: Any, x: str, y: str, scheduler: str | None):
        need("dask.dataframe", "engine dask")
        from dask import delayed

        files = big_data.data_files(path)
        self.client = dask_stats.connect(stack, scheduler)
        parts = dask_stats.partitions(files, big_data._forms(files, x, y))
        self.parts = self.client.compute([delayed(_partition)(*part) for part in parts])

    def first(self) -> np.ndarray:
        return self.reduce(moments)

    def reduce(self, sums: Sums, *extra: Any) -> Any:
        with dask_stats.worker_errors():
            tasks = [self.client.submit(_apply, p, sums, *extra, pure=False) for p in self.parts]
            return sum(self.client.gather(tasks), start=np.zeros(()))


@dataclass(frozen=True, eq=False)
class LogisticFileResult(FittedLine):
    """One run of logistic regression on big data: settings, histories, status, accuracy."""

    lr: float
    epochs: int
    optimizer: Optimizer
    schedule: Schedule
    tol: float
    path: str
    engine: str
    n: int
    ones: int  # points labelled 1
    rates: LogisticRates  # local_lr is None: it needs Newton's optimum
    w_history: np.ndarray  # (last_epoch + 1,)
    c_history: np.ndarray
    history: np.ndarray  # log-loss after k updates
    overflow_epoch: int | None
    status: str
    accuracy: float  # at the last epoch, by the same reduction as the loss

    #: What :class:`~chainrule.descent.logistic.LogisticResult` has and big data has not:
    #: runs start at ``w = c = 0``; Newton's optimum needs the points in memory.
    w0, c0, optimum, epochs_to_tol = 0.0, 0.0, None, None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: settings, final numbers, status, rates, the loss history."""
        return {
            "model": "logistic",
            "lr": self.lr,
            "epochs": self.epochs,
            "optimizer": asdict(self.optimizer),
            "schedule": asdict(self.schedule),
            "tol": self.tol,
            "data": {"source": "file", "path": self.path, "engine": self.engine, "n": self.n},
            "w": self.w,
            "c": self.c,
            "final_loss": self.final_loss,
            "accuracy": self.accuracy,
            "boundary": self.boundary,
            "last_epoch": self.last_epoch,
            "status": self.status,
            "overflow_epoch": self.overflow_epoch,
            "optimum": None,
            "rates": self.rates.to_dict(),
            "history": self.history.tolist(),
        }


@budgeted(lambda **_: "logistic regression on big data")
def train_logistic_file(
    *,
    path: str | os.PathLike[str],
    x: str = "x",
    y: str = "y",
    engine: str = "local",
    scheduler: str | None = None,
    lrs: Sequence[float] = (1.0,),
    epochs: int = 1000,
    optimizer: str | Optimizer = "gd",
    schedule: str | Schedule = "constant",
    tol: float = TOL,
    chunk_rows: int = big_data.CHUNK_ROWS,
    timeout: float | None = None,
) -> list[LogisticFileResult]:
    """Logistic regression ``p = S(w*x + c)`` on the labelled points of a CSV or Parquet file
    (a folder, a glob) at each rate of ``lrs``, every epoch a reduction over its chunks
    (``engine="local"``) or over a Dask cluster's partitions (``engine="dask"``, the cluster
    at ``scheduler`` or a local one), within ``timeout`` seconds."""
    arguments.choice("engine", engine, big_data.ENGINES, error=ConfigError)
    big_data._check_columns(x, y)
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
        raise ConfigError(f"chunk_rows must be a positive whole number, got {chunk_rows!r}")
    if scheduler is not None and engine != "dask":
        raise ConfigError("scheduler is a Dask scheduler's address; it needs engine='dask'")
    rates = _rates(lrs)
    checked_plan(epochs=epochs, w0=0.0, c0=0.0, tol=tol, runs=rates.size)
    opt, plan = _optimizer(optimizer), _schedule(schedule)
    need("pyarrow", "reading big data")
    with ExitStack() as stack:
        source: LocalChunks | DaskPartitions = (
            DaskPartitions(stack, path, x, y, scheduler)
            if engine == "dask"
            else LocalChunks(path, x, y, chunk_rows)
        )
        n, ones, sx, sxx = source.first()
        where = str(path)
        if ones in (0, n):
            raise DataError(
                f"{where}: {int(n)} rows, {int(ones)} labelled 1;"
                " logistic regression needs both classes"
            )
        bound = float(np.linalg.eigvalsh(np.array([[sxx, sx], [sx, n]]) / (4 * n))[-1])
        limits = LogisticRates(lambda_bound=bound, safe_lr=2.0 / bound, local_lr=None)
        paths = descend(
            lambda w, c: from_sums(source.reduce(log_loss_sums_of, w, c), n),
            lrs=rates,
            epochs=epochs,
            optimizer=opt,
            schedule=plan,
        )
        ends = [paths.end(j) for j in range(rates.size)]
        last = np.array([paths.w[max(e - 1, 0), j] for j, e in enumerate(ends)])
        lastc = np.array([paths.c[max(e - 1, 0), j] for j, e in enumerate(ends)])
        with np.errstate(all="ignore"):
            right = source.reduce(right_counts, last, lastc)
    results = []
    for j, lr in enumerate(rates):
        one = paths.run(j)
        results.append(
            LogisticFileResult(
                lr=float(lr),
                epochs=int(epochs),
                optimizer=opt,
                schedule=plan,
                tol=float(tol),
                path=where,
                engine=engine,
                n=int(n),
                ones=int(ones),
                rates=limits,
                w_history=one.w[:, 0],
                c_history=one.c[:, 0],
                history=one.loss[:, 0],
                overflow_epoch=None if paths.overflow_epoch[j] < 0 else paths.end(j),
                status=str(statuses(one, math.nan, None, tol)[0]),
                accuracy=float(right[j] / n),
            )
        )
    return results
