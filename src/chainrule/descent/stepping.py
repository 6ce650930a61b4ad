"""Runs of any optimizer and schedule on the exact quadratic, every run of a sweep at once.

Plain descent at a constant rate has a closed form (:func:`~chainrule.descent.training.descend`);
momentum, Nesterov, Adam and changing rates do not, so :func:`step_paths` takes the steps one
epoch at a time, for all runs together: the gradient comes from
:meth:`~chainrule.descent.surface.LossSurface.gradient` in O(1) per run and the update from
:class:`~chainrule.descent.optimizers.Optimizer`, both on ``(runs,)`` arrays. Runs differ by
learning rate and, through the optimizer's array constants, by ``beta`` (an ``(lr, beta)``
sweep flattens its grid into runs). :class:`Paths`, the record of such runs, is shared
with the closed form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.descent.optimizers import Optimizer, Schedule
from chainrule.descent.surface import LossSurface

#: ``progress(done, total)``: epochs advanced so far, of ``total``.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, eq=False)
class Paths:
    """Runs at several learning rates: row ``k`` is every run after ``k`` updates."""

    lrs: np.ndarray  # (runs,)
    mse: np.ndarray  # (epochs + 1, runs); NaN from a run's overflow epoch on
    rows: np.ndarray  # (kept,) the epochs whose parameters were kept
    m: np.ndarray  # (kept, runs); NaN from a run's overflow epoch on
    b: np.ndarray  # (kept, runs)
    overflow_epoch: np.ndarray  # (runs,) int; -1 for a run that stayed finite


#: Epochs between two calls of ``progress``.
REPORT_EVERY = 256


def step_paths(
    *,
    surface: LossSurface,
    lrs: Any,
    epochs: int,
    optimizer: Optimizer,
    schedule: Schedule,
    m0: float,
    b0: float,
    keep: Any = None,
    progress: Progress | None = None,
) -> Paths:
    """Run ``optimizer`` under ``schedule`` at every rate in ``lrs``, ``epochs`` updates each.

    As :func:`~chainrule.descent.training.descend`: the MSE of every epoch, ``(m, b)`` of the
    epochs in ``keep`` (default: all), and each run's overflow epoch (its sum of squared
    errors or a parameter left float64), after which the run's numbers are NaN.
    """
    constants = (optimizer.beta, optimizer.beta1, optimizer.beta2, optimizer.eps)
    lrs = np.asarray(lrs, dtype=np.float64)
    runs = np.broadcast_shapes(np.shape(np.atleast_1d(lrs)), *map(np.shape, constants))
    lrs = np.broadcast_to(lrs, runs).astype(np.float64)  # (runs,)
    rows = np.arange(epochs + 1) if keep is None else np.unique(np.asarray(keep, dtype=int))
    mse = np.full((epochs + 1, lrs.size), np.nan)
    m_kept = np.full((rows.size, lrs.size), np.nan)
    b_kept = np.full((rows.size, lrs.size), np.nan)
    m, b = np.full(lrs.size, float(m0)), np.full(lrs.size, float(b0))
    mse[0] = surface.mse(m0, b0)
    m_kept[rows == 0], b_kept[rows == 0] = m0, b0
    overflow = np.full(lrs.size, -1)
    state = optimizer.start((m, b))
    slot = {int(k): i for i, k in enumerate(rows)}
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(1, epochs + 1):
            grads = surface.gradient(m, b)
            lr = schedule.rate(lrs, t - 1, epochs)
            (m, b), state = optimizer.step((m, b), grads, state, lr=lr, t=t)
            mse[t] = surface.mse(m, b)  # inf once the sum of squares leaves float64
            bad = ~(np.isfinite(mse[t]) & np.isfinite(m) & np.isfinite(b)) & (overflow < 0)
            overflow[bad] = t
            if t in slot:
                m_kept[slot[t]], b_kept[slot[t]] = m, b
            if progress is not None and (t % REPORT_EVERY == 0 or t == epochs):
                progress(t, epochs)
            if np.all(overflow >= 0):
                break
    ended = overflow >= 0
    after = np.arange(epochs + 1)[:, None] >= np.where(ended, overflow, epochs + 1)
    mse[after] = np.nan
    gone = rows[:, None] >= np.where(ended, overflow, epochs + 1)
    m_kept[gone], b_kept[gone] = np.nan, np.nan
    return Paths(lrs=lrs, mse=mse, rows=rows, m=m_kept, b=b_kept, overflow_epoch=overflow)
