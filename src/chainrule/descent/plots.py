"""Pictures of gradient descent; each helper draws on a matplotlib ``ax`` and returns it.

No pyplot here: the caller makes the figure (:func:`chainrule.figure_files.new_figure`) and
saves it. Every word comes from ``words`` (a :class:`~chainrule.words.Text`, English by
default); run ``i`` is drawn in colour ``C{i}`` in every picture. Long histories are thinned
to a few thousand points (every early epoch is kept). A run that diverges is clipped where
it leaves the scale of the runs that converge, and says where.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

from chainrule.descent.data import Dataset
from chainrule.descent.momentum_theory import lr_limit, momentum_theory
from chainrule.descent.stability import Stability
from chainrule.descent.status import DIVERGENT
from chainrule.descent.surface import LossSurface
from chainrule.words import Text


class TrainResult(Protocol):
    """What the plots read of a run (:class:`chainrule.descent.training.TrainResult`); named
    by its fields so that the run's own Jupyter picture can draw with these helpers."""

    @property
    def lr(self) -> float: ...
    @property
    def epochs(self) -> int: ...
    @property
    def method(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def m(self) -> float: ...
    @property
    def b(self) -> float: ...
    @property
    def m0(self) -> float: ...
    @property
    def b0(self) -> float: ...
    @property
    def overflow_epoch(self) -> int | None: ...
    @property
    def last_epoch(self) -> int: ...
    @property
    def history(self) -> np.ndarray: ...
    @property
    def m_history(self) -> np.ndarray: ...
    @property
    def b_history(self) -> np.ndarray: ...
    @property
    def surface(self) -> LossSurface: ...


class SweepResult(Protocol):
    """What :func:`plot_sweep` reads of a :class:`chainrule.descent.sweep.SweepResult`."""

    @property
    def lrs(self) -> np.ndarray: ...
    @property
    def m0(self) -> float: ...
    @property
    def b0(self) -> float: ...
    @property
    def history(self) -> np.ndarray: ...
    @property
    def surface(self) -> LossSurface: ...
    @property
    def stability(self) -> Stability: ...
    @property
    def lr_limit(self) -> float: ...


class RegionSweep(Protocol):
    """What :func:`plot_stability` reads of an ``(lr, beta)`` sweep."""

    @property
    def lrs(self) -> np.ndarray: ...
    @property
    def betas(self) -> np.ndarray | None: ...
    @property
    def status(self) -> np.ndarray: ...
    @property
    def epochs_to_tol(self) -> np.ndarray: ...
    @property
    def epochs(self) -> tuple[int, ...]: ...
    @property
    def surface(self) -> LossSurface: ...
    @property
    def optimizer(self) -> Any: ...


#: Points drawn per curve; beyond it, the later epochs are thinned.
CURVE_POINTS = 2000
#: Data points drawn in a scatter plot.
SCATTER_POINTS = 5000
#: Rows (epochs) drawn in a sweep heatmap.
HEATMAP_ROWS = 400
#: Two fitted lines closer than this share of the y range everywhere are drawn as one.
SAME_LINE = 1 / 300
ENGLISH = Text("en")


def run_label(run: TrainResult, words: Text = ENGLISH) -> str:
    """``lr = 0.01, 1000 epochs (converged)``."""
    status = words(f"status.{run.status}")
    return words("fig.run", lr=f"{run.lr:g}", epochs=run.epochs, status=status)


def plot_mse(
    ax: Axes, runs: Sequence[TrainResult], *, labels: Sequence[str] = (), words: Text = ENGLISH
) -> Axes:
    """MSE per epoch on a log axis, on the scale of the runs that do not diverge.

    A diverging run is drawn until it leaves that scale, marked there with a triangle, and
    its legend entry says from which epoch and how it ended. Runs that all diverge are shown
    whole, an overflow ending with an x. The axis plots ``log10(MSE)`` and labels it in
    powers of ten: matplotlib's own log scale overflows for the ~1e307 a diverging run reaches.
    """
    calm = [r for r in runs if not _runs_away(r)]
    low, high = _log_range(calm or runs)
    longest = max((r.history.size for r in runs), default=1)
    for i, run in enumerate(runs):
        k = _thin(run.history.size)
        with np.errstate(divide="ignore"):  # an MSE of exactly 0 is -inf: off the plot
            level = np.log10(run.history[k])
        name = _label(labels, i, run, words)
        above = np.flatnonzero(level > high)
        depth = 3 - run.history.size / longest  # shorter runs on top: every run stays in sight
        if calm and _runs_away(run) and above.size:
            end = int(above[0])  # the first point off the scale: the line leaves the plot
            fate = _fate(run, words)
            label = words("fig.left_plot", name=name, epoch=int(k[end]), fate=fate)
            ax.plot(
                k[: end + 1], level[: end + 1], color=f"C{i}", lw=1.4, label=label, zorder=depth
            )
            ax.plot(k[end], high, "^", color=f"C{i}", ms=7, clip_on=False, zorder=4)
            continue
        ax.plot(k, level, color=f"C{i}", lw=1.4, label=name, zorder=depth)
        if run.overflow_epoch is not None:
            ax.plot(k[-1], level[-1], "x", color=f"C{i}", ms=8)
            right = k[-1] > 0.5 * max(k[-1], ax.get_xlim()[1])
            ax.annotate(
                words("fig.overflow_at", epoch=run.overflow_epoch),
                (k[-1], level[-1]),
                textcoords="offset points",
                xytext=(-8, -4) if right else (8, -4),
                ha="right" if right else "left",
                va="top",
                fontsize=8,
                color=f"C{i}",
            )
    minima = {run.surface.mse_opt for run in runs}
    if len(minima) == 1 and (floor := minima.pop()) > 0:
        ax.axhline(np.log10(floor), color="0.4", ls=":", lw=1, label=words("fig.minimum"))
    ax.set_ylim(low, high)
    ax.yaxis.set_major_locator(MaxNLocator(integer=high - low > 1.5))
    ax.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
    ax.set_xlabel(words("fig.epoch"))
    ax.set_ylabel("MSE")  # a symbol: the same in every language
    ax.legend(fontsize=8, loc="center right")
    return ax


def plot_fits(
    ax: Axes,
    data: Dataset,
    runs: Sequence[TrainResult],
    *,
    labels: Sequence[str] = (),
    words: Text = ENGLISH,
) -> Axes:
    """The data and each run's final line; lines that coincide share one legend entry.

    A line on top of the least-squares line is named in that line's entry; a diverging
    run's line (far off the data) is not drawn, and the legend says so.
    """
    step = max(1, data.x.size // SCATTER_POINTS)  # data.x: the points held (a sample of big data)
    ax.scatter(
        data.x[::step], data.y[::step], s=8, color="0.55", alpha=0.6, label=words("fig.data")
    )
    ends = np.array([data.x.min(), data.x.max()])
    low, high = float(data.y.min()), float(data.y.max())
    close = SAME_LINE * (high - low or 1.0)
    best = runs[0].surface if runs else None
    target = None if best is None else best.m_opt * ends + best.b_opt
    groups: list[tuple[np.ndarray, list[int]]] = []
    on_best, away = [], []
    for i, run in enumerate(runs):
        line = run.m * ends + run.b
        if _runs_away(run):
            away.append(i)
        elif target is not None and np.abs(line - target).max() < close:
            on_best.append(i)
        else:
            same = [g for g in groups if np.abs(g[0] - line).max() < close]
            if same:
                same[0][1].append(i)
            else:
                groups.append((line, [i]))
    for line, members in groups:
        name = "\n".join(_label(labels, i, runs[i], words) for i in members)
        ax.plot(ends, line, lw=1.4, color=f"C{members[0]}", label=name)
    if target is not None:
        names = "\n".join(_label(labels, i, runs[i], words) for i in on_best)
        label = words("fig.same_as_least_squares", names=names) if on_best else None
        ax.plot(ends, target, "k--", lw=1, label=label or words("fig.least_squares"))
    if away:
        names = "\n".join(_label(labels, i, runs[i], words) for i in away)
        ax.plot([], [], " ", label=words("fig.not_drawn", names=names))
    pad = 0.1 * (high - low or 1.0)
    ax.set_ylim(low - pad, high + pad)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(fontsize=8, loc="upper left")
    return ax


def plot_surface(
    ax: Axes,
    surface: LossSurface,
    runs: Sequence[TrainResult],
    *,
    labels: Sequence[str] = (),
    words: Text = ENGLISH,
    levels: int = 10,
) -> Axes:
    """Grey contours of MSE(m, b), labelled with their values, and each run's path.

    The view holds the optimum, the starts and the paths of the runs that do not diverge;
    a diverging path is dashed with x marks and stops where it leaves the view. Runs that
    share a path (the same rate and start, different lengths) are one line, one entry.
    """
    calm = [r for r in runs if not _runs_away(r)]
    m_pts = np.concatenate([[surface.m_opt], [r.m0 for r in runs], *(r.m_history for r in calm)])
    b_pts = np.concatenate([[surface.b_opt], [r.b0 for r in runs], *(r.b_history for r in calm)])
    (m_lo, m_hi), (b_lo, b_hi) = _span(m_pts), _span(b_pts)
    grid_m, grid_b = np.meshgrid(np.linspace(m_lo, m_hi, 201), np.linspace(b_lo, b_hi, 201))
    mse = surface.mse(grid_m, grid_b)
    top = float(mse.max() - surface.mse_opt)
    marks = surface.mse_opt + np.geomspace(top * 1e-4, top, levels)
    ax.contourf(grid_m, grid_b, mse, levels=[surface.mse_opt, *marks], cmap="Greys", alpha=0.15)
    lines = ax.contour(grid_m, grid_b, mse, levels=marks, colors="0.45", linewidths=0.6)
    ax.clabel(
        lines,
        np.asarray(lines.levels)[1::2],
        fmt=lambda v: f"{v:.3g}",
        fontsize=7,
        inline_spacing=2,
    )
    ax.plot([], [], color="0.45", lw=0.6, label=words("fig.contours"))
    same: dict[tuple[object, ...], list[int]] = {}  # runs on one path: one line, one entry
    for i, run in enumerate(runs):
        same.setdefault((run.lr, run.m0, run.b0, run.method, run.surface), []).append(i)
    longest = max((r.m_history.size for r in runs), default=1)
    for members in same.values():
        i = members[0]
        run = max((runs[j] for j in members), key=lambda r: r.m_history.size)
        m, b = run.m_history, run.b_history
        depth = 3 - m.size / longest  # shorter paths on top: every path stays in sight
        name = "\n".join(_label(labels, j, runs[j], words) for j in members)
        if not _runs_away(run):
            k = _thin(m.size)
            ax.plot(m[k], b[k], ".-", lw=1.0, ms=2.5, color=f"C{i}", label=name, zorder=depth)
            continue
        outside = np.flatnonzero((m < m_lo) | (m > m_hi) | (b < b_lo) | (b > b_hi))
        end = int(outside[0]) if outside.size else m.size - 1
        label = words("fig.leaves", name=name, epoch=end) if outside.size else name
        ax.plot(
            m[: end + 1],
            b[: end + 1],
            "x--",
            lw=0.9,
            ms=5,
            color=f"C{i}",
            label=label,
            zorder=depth,
        )
    ax.plot(
        [r.m0 for r in runs], [r.b0 for r in runs], "o", color="0.2", ms=5, label=words("fig.start")
    )
    ax.plot(surface.m_opt, surface.b_opt, "*", color="k", ms=11, label=words("fig.optimum"))
    ax.set_xlim(m_lo, m_hi)
    ax.set_ylim(b_lo, b_hi)
    ax.set_xlabel(words("fig.slope"))
    ax.set_ylabel(words("fig.intercept"))
    ax.grid(False)
    ax.legend(fontsize=8, loc="best")
    return ax


def plot_sweep(
    ax: Axes, result: SweepResult, *, lab_lrs: Sequence[float] = (), words: Text = ENGLISH
) -> Axes:
    """Heatmap lr x epoch -> MSE (log colour); overflowed cells red, lr_max a dashed line.

    ``lab_lrs`` (the rates the lab tried) are dotted lines; one outside the swept range is
    named at the edge it lies beyond.
    """
    epochs = result.history.shape[1] - 1
    rows = np.unique(np.geomspace(1, epochs, min(HEATMAP_ROWS, epochs)).round().astype(int))
    values = np.ma.masked_invalid(result.history[:, rows].T)  # (rows, runs)
    start = float(result.surface.mse(result.m0, result.b0))
    cmap = matplotlib.colormaps["viridis"].with_extremes(bad="#d62728", over="#f2a900")
    norm = LogNorm(vmin=max(result.surface.mse_opt, 1e-12 * start), vmax=10 * start)
    mesh = ax.pcolormesh(
        result.lrs, rows, values, cmap=cmap, norm=norm, shading="nearest", rasterized=True
    )
    ax.figure.colorbar(mesh, ax=ax, extend="max", label=words("fig.mse_colour"))
    ax.grid(False)
    box = {"boxstyle": "round,pad=0.2", "fc": "black", "ec": "none", "alpha": 0.55}
    lr_max = result.lr_limit  # 2/lambda_max for plain descent
    ax.axvline(lr_max, color="w", ls="--", lw=1.2)
    ax.annotate(
        f"lr_max = {lr_max:.4g}",  # a symbol: the same in every language
        (lr_max, 1),
        xycoords=("data", "axes fraction"),
        textcoords="offset points",
        xytext=(-4, -6),
        ha="right",
        va="top",
        color="w",
        fontsize=8,
        bbox=box,
    )
    low, high = float(result.lrs.min()), float(result.lrs.max())
    for lr in sorted(set(lab_lrs)):
        if lr > high:
            say, x, offset, ha = words("fig.lab_beyond", lr=f"{lr:g}"), 1.0, (-4, 22), "right"
        elif lr < low:
            say, x, offset, ha = words("fig.lab_below", lr=f"{lr:g}"), 0.0, (4, 22), "left"
        else:  # a line, named at the foot; the rates beyond the sweep are named above these
            ax.axvline(lr, color="w", ls=":", lw=1.2)
            say, x, offset, ha = words("fig.lab_rate", lr=f"{lr:g}"), lr, (3, 4), "left"
        ax.annotate(
            say,
            (x, 0),
            xycoords=("data" if low <= lr <= high else "axes fraction", "axes fraction"),
            textcoords="offset points",
            xytext=offset,
            ha=ha,
            va="bottom",
            color="w",
            fontsize=8,
            bbox=box,
        )
    if high / low >= 10:
        ax.set_xscale("log")
    if epochs >= 100:
        ax.set_yscale("log")
    ax.set_xlabel(words("fig.lr"))
    ax.set_ylabel(words("fig.epoch"))
    return ax


def plot_excess(
    ax: Axes,
    runs: Sequence[TrainResult],
    *,
    labels: Sequence[str] = (),
    rates: Sequence[float | None] = (),
    words: Text = ENGLISH,
) -> Axes:
    """The MSE above its minimum per epoch, on a log axis: a straight line is a constant rate.

    ``rates[i]`` (a per-epoch factor of the distance to the optimum, from theory) draws run
    ``i``'s predicted slope, ``rate**(2k)``, as a dashed line from its start.
    """
    last = 1
    for i, run in enumerate(runs):
        excess = run.history - run.surface.mse_opt
        shown = np.flatnonzero(excess > 0)
        ax.plot(shown, excess[shown], color=f"C{i}", lw=1.4, label=_label(labels, i, run, words))
        last = max(last, int(shown[-1]) if shown.size else 1)
        rate = rates[i] if i < len(rates) else None
        if rate is not None and excess[0] > 0:
            k = np.arange(run.history.size)
            line = excess[0] * rate ** (2.0 * k)
            keep = line >= np.min(excess[shown])
            ax.plot(
                k[keep],
                line[keep],
                ls="--",
                color=f"C{i}",
                lw=1.0,
                label=words("optim.fig.rate_line", rate=f"{rate:.4g}"),
            )
    ax.set_yscale("log")
    ax.set_xlim(0, last)
    ax.set_xlabel(words("fig.epoch"))
    ax.set_ylabel(words("optim.fig.excess"))
    ax.legend(fontsize=8, loc="upper right")
    return ax


#: The formula of each optimizer's limit in a picture.
LIMIT_FORMULAS = {
    "momentum": r"$2(1+\beta)/\lambda_{max}$",
    "nesterov": r"$2(1+\beta)/((1+2\beta)\lambda_{max})$",
}


def plot_stability(ax: Axes, result: RegionSweep, *, words: Text = ENGLISH) -> Axes:
    """``(lr, beta)`` -> epochs to tol (log colour; grey: stable but not there yet, red:
    diverged or overflowed), the predicted boundary as a dashed line and, for momentum,
    Polyak's tuned point as a star."""
    if result.betas is None:
        raise ValueError("plot_stability draws an (lr, beta) sweep")
    count = int(np.unique(result.betas).size)
    lrs, betas = result.lrs[::count], result.betas[:count]  # the grid is lr-major
    by_lr, by_beta = np.argsort(lrs), np.argsort(betas)
    shape = (lrs.size, count)
    unstable = np.isin(result.status[:, -1], DIVERGENT).reshape(shape)[by_lr][:, by_beta].T
    reach = result.epochs_to_tol.reshape(shape)[by_lr][:, by_beta].T.astype(float)
    values = np.ma.masked_array(np.where(reach > 0, reach, 1.0), mask=(reach < 0) | unstable)
    cmap = matplotlib.colormaps["viridis_r"].with_extremes(bad="#bbbbbb")
    x, y = lrs[by_lr], betas[by_beta]
    norm = LogNorm(vmin=1, vmax=max(result.epochs[-1], 2))  # set: every cell may be masked
    mesh = ax.pcolormesh(x, y, values, cmap=cmap, norm=norm, shading="nearest")
    ax.pcolormesh(
        x,
        y,
        np.ma.masked_array(np.ones(unstable.shape), mask=~unstable),
        cmap=matplotlib.colors.ListedColormap(["#d62728"]),
        shading="nearest",
    )
    ax.figure.colorbar(mesh, ax=ax, label=words("cli.col.to_tol"))
    name = result.optimizer.name
    line = np.linspace(float(y.min()), float(y.max()), 200)
    limit = lr_limit(name, beta=line, lambda_max=result.surface.lambda_max)
    formula = LIMIT_FORMULAS.get(name, "")
    ax.plot(limit, line, "w--", lw=1.6, label=words("optim.fig.boundary", formula=formula))
    if name == "momentum":
        tuned = momentum_theory(surface=result.surface)
        ax.plot(
            tuned.lr_opt,
            tuned.beta_opt,
            "*",
            color="w",
            mec="k",
            ms=13,
            label=words("optim.fig.tuned"),
        )
    ax.plot([], [], "s", color="#bbbbbb", label=words("optim.fig.stable"))
    ax.plot([], [], "s", color="#d62728", label=words("optim.fig.unstable"))
    ax.set_xlim(float(x.min()), float(x.max()))
    if x.max() / x.min() >= 10:
        ax.set_xscale("log")
        ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(words("fig.lr"))
    ax.set_ylabel(words("optim.fig.beta"))
    ax.grid(False)
    ax.legend(fontsize=8, loc="lower left", framealpha=0.85)
    return ax


def _runs_away(run: TrainResult) -> bool:
    return run.status in DIVERGENT


def _fate(run: TrainResult, words: Text) -> str:
    if run.overflow_epoch is not None:
        return words("fig.fate_overflow", epoch=run.overflow_epoch)
    return words("fig.fate_diverged", epoch=run.last_epoch)


def _log_range(runs: Sequence[TrainResult]) -> tuple[float, float]:
    """``log10`` limits that hold every value of ``runs`` and their minimum, padded 5%."""
    with np.errstate(divide="ignore"):
        finite = np.log10(np.concatenate([[r.surface.mse_opt, *r.history] for r in runs]))
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return -1.0, 1.0
    low, high = float(finite.min()), float(finite.max())
    pad = 0.05 * (high - low) or 0.5
    return low - pad, high + pad


def _power_of_ten(value: float, _: object) -> str:
    """A tick at ``log10(MSE) = value``: ``10^k`` on whole powers, the number elsewhere."""
    return f"$10^{{{value:g}}}$" if value == round(value) else f"{10**value:.3g}"


def _label(labels: Sequence[str], i: int, run: TrainResult, words: Text) -> str:
    return labels[i] if i < len(labels) else run_label(run, words)


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
