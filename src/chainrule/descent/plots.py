"""Pictures of gradient descent; each helper draws on a matplotlib ``ax`` and returns it.

No pyplot here: the caller makes the figure (``matplotlib.figure.Figure``) and saves it.
Long histories are thinned to a few thousand points (every early epoch is kept).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.ticker import FuncFormatter, MaxNLocator

from chainrule.descent.data import Dataset
from chainrule.descent.surface import LossSurface
from chainrule.descent.sweep import SweepResult
from chainrule.descent.training import TrainResult

#: Points drawn per curve; beyond it, the later epochs are thinned.
CURVE_POINTS = 2000
#: Data points drawn in a scatter plot.
SCATTER_POINTS = 5000
#: Rows (epochs) drawn in a sweep heatmap.
HEATMAP_ROWS = 400


def run_label(run: TrainResult) -> str:
    """``lr=0.01, 1000 epochs (slow)``."""
    return f"lr={run.lr:g}, {run.epochs} epochs ({run.status})"


def plot_mse(ax: Axes, runs: Sequence[TrainResult], *, labels: Sequence[str] = ()) -> Axes:
    """MSE per epoch on a log axis; a run that overflowed ends with an x where it left float64.

    The axis plots ``log10(MSE)`` and labels it in powers of ten: matplotlib's own log
    scale overflows for the ~1e307 values a diverging run reaches.
    """
    for i, run in enumerate(runs):
        k = _thin(len(run.history))
        level = np.log10(run.history[k])
        (line,) = ax.plot(k, level, lw=1.2, label=_label(labels, i, run))
        if run.overflow_epoch is not None:
            ax.plot(k[-1], level[-1], "x", color=line.get_color(), ms=8)
            ax.annotate(
                f"overflow at epoch {run.overflow_epoch}",
                (k[-1], level[-1]),
                textcoords="offset points",
                xytext=(-6, -12),
                ha="right",
                fontsize=8,
                color=line.get_color(),
            )
    minima = {run.surface.mse_opt for run in runs}
    if len(minima) == 1 and (floor := minima.pop()) > 0:
        ax.axhline(np.log10(floor), color="0.4", ls=":", lw=1, label="least-squares minimum")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"$10^{{{v:g}}}$"))
    ax.set_xlabel("epoch")
    ax.set_ylabel("MSE")
    ax.legend(fontsize=8)
    return ax


def plot_fits(
    ax: Axes, data: Dataset, runs: Sequence[TrainResult], *, labels: Sequence[str] = ()
) -> Axes:
    """The data and each run's final line (an overflowed run: its last finite line)."""
    step = max(1, data.n // SCATTER_POINTS)
    ax.scatter(data.x[::step], data.y[::step], s=8, color="0.55", alpha=0.6, label="data")
    ends = np.array([data.x.min(), data.x.max()])
    for i, run in enumerate(runs):
        ax.plot(ends, run.m * ends + run.b, lw=1.2, label=_label(labels, i, run))
    if runs:
        best = runs[0].surface
        ax.plot(ends, best.m_opt * ends + best.b_opt, "k--", lw=1, label="least squares")
    low, high = float(data.y.min()), float(data.y.max())
    pad = 0.1 * (high - low or 1.0)
    ax.set_ylim(low - pad, high + pad)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(fontsize=8)
    return ax


def plot_surface(
    ax: Axes,
    surface: LossSurface,
    runs: Sequence[TrainResult],
    *,
    labels: Sequence[str] = (),
    levels: int = 12,
) -> Axes:
    """Contours of MSE(m, b) with each run's path: zigzags and escapes are visible."""
    calm = [r for r in runs if r.status not in ("diverged", "overflow")]
    m_pts = np.concatenate([[surface.m_opt], [r.m0 for r in runs], *(r.m_history for r in calm)])
    b_pts = np.concatenate([[surface.b_opt], [r.b0 for r in runs], *(r.b_history for r in calm)])
    (m_lo, m_hi), (b_lo, b_hi) = _span(m_pts), _span(b_pts)
    grid_m, grid_b = np.meshgrid(np.linspace(m_lo, m_hi, 201), np.linspace(b_lo, b_hi, 201))
    excess = surface.mse(grid_m, grid_b) - surface.mse_opt
    top = float(excess.max())
    marks = surface.mse_opt + np.geomspace(top * 1e-5, top, levels)
    ax.contour(
        grid_m, grid_b, surface.mse(grid_m, grid_b), levels=marks, cmap="viridis", linewidths=0.7
    )
    box = (m_lo - 100 * (m_hi - m_lo), m_hi + 100 * (m_hi - m_lo))
    box_b = (b_lo - 100 * (b_hi - b_lo), b_hi + 100 * (b_hi - b_lo))
    for i, run in enumerate(runs):
        m, b = run.m_history, run.b_history
        outside = np.flatnonzero((m < box[0]) | (m > box[1]) | (b < box_b[0]) | (b > box_b[1]))
        end = int(outside[0]) + 1 if outside.size else m.size  # a path stops once far away
        k = _thin(end)
        ax.plot(m[k], b[k], ".-", lw=0.8, ms=2.5, label=_label(labels, i, run))
    ax.plot([r.m0 for r in runs], [r.b0 for r in runs], "o", color="0.2", ms=5, label="start")
    ax.plot(surface.m_opt, surface.b_opt, "*", color="k", ms=11, label="optimum")
    ax.set_xlim(m_lo, m_hi)
    ax.set_ylim(b_lo, b_hi)
    ax.set_xlabel("m (slope)")
    ax.set_ylabel("b (intercept)")
    ax.legend(fontsize=8)
    return ax


def plot_sweep(ax: Axes, result: SweepResult) -> Axes:
    """Heatmap lr x epoch -> MSE (log colour); overflowed cells red, lr_max a dashed line."""
    epochs = result.history.shape[1] - 1
    rows = np.unique(np.geomspace(1, epochs, min(HEATMAP_ROWS, epochs)).round().astype(int))
    values = np.ma.masked_invalid(result.history[:, rows].T)  # (rows, runs)
    start = float(result.surface.mse(result.m0, result.b0))
    cmap = matplotlib.colormaps["viridis"].with_extremes(bad="#d62728", over="#f2a900")
    norm = LogNorm(vmin=max(result.surface.mse_opt, 1e-12 * start), vmax=10 * start)
    mesh = ax.pcolormesh(
        result.lrs, rows, values, cmap=cmap, norm=norm, shading="nearest", rasterized=True
    )
    ax.figure.colorbar(mesh, ax=ax, extend="max", label="MSE (red: overflow)")
    ax.axvline(result.stability.lr_max, color="w", ls="--", lw=1.2)
    ax.annotate(
        f"lr_max = {result.stability.lr_max:.4g}",
        (result.stability.lr_max, rows[-1]),
        textcoords="offset points",
        xytext=(-4, -12),
        ha="right",
        color="w",
        fontsize=8,
    )
    if result.lrs.max() / result.lrs.min() >= 10:
        ax.set_xscale("log")
    if epochs >= 100:
        ax.set_yscale("log")
    ax.set_xlabel("learning rate")
    ax.set_ylabel("epoch")
    return ax


def _label(labels: Sequence[str], i: int, run: TrainResult) -> str:
    return labels[i] if i < len(labels) else run_label(run)


def _thin(count: int) -> np.ndarray:
    """Indices ``0..count-1``: all of them, or the first half of the budget and a sample."""
    if count <= CURVE_POINTS:
        return np.arange(count)
    head = np.arange(CURVE_POINTS // 2)
    tail = np.linspace(CURVE_POINTS // 2, count - 1, CURVE_POINTS // 2).round().astype(int)
    return np.unique(np.concatenate([head, tail]))


def _span(values: np.ndarray) -> tuple[float, float]:
    low, high = float(np.min(values)), float(np.max(values))
    pad = 0.15 * (high - low) or 0.5 * (abs(high) or 1.0)
    return low - pad, high + pad
