"""Pictures of logistic regression and the range test; each helper draws on ``ax`` and returns it.

No pyplot here (see :mod:`chainrule.descent.plots`); every word comes from ``words``; run
``i`` is drawn in colour ``C{i}``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from chainrule.descent.logistic import LogisticResult
from chainrule.descent.lr_range import RangeTest
from chainrule.engine.ops import ARRAY
from chainrule.words import Text

ENGLISH = Text("en")


def plot_boundary(ax: Axes, runs: Sequence[LogisticResult], *, words: Text = ENGLISH) -> Axes:
    """The two classes at heights 0 and 1 (a little jitter apart), each run's S curve
    ``p = S(w*x + c)`` and its decision boundary ``x = -c/w`` as a dashed line."""
    data = runs[0].data
    jitter = np.random.RandomState(0).uniform(-0.04, 0.04, data.n)  # (n,) seeded: same picture
    for label, colour in ((0, "0.35"), (1, "0.65")):
        mine = data.y == label
        ax.scatter(
            data.x[mine],
            data.y[mine] + jitter[mine],
            s=10,
            alpha=0.5,
            color=colour,
            marker="o" if label == 0 else "s",
            label=words("logistic.figure.class", label=label),
        )
    grid = np.linspace(data.x.min(), data.x.max(), 400)  # (400,)
    for i, run in enumerate(runs):
        with np.errstate(all="ignore"):
            curve = ARRAY.sigmoid(run.w * grid + run.c)
        ax.plot(
            grid,
            curve,
            color=f"C{i}",
            lw=1.6,
            label=words("logistic.figure.curve", lr=f"{run.lr:g}"),
        )
        if run.boundary is not None and grid[0] <= run.boundary <= grid[-1]:
            ax.axvline(
                run.boundary,
                color=f"C{i}",
                ls="--",
                lw=1,
                label=words("logistic.figure.line", x=f"{run.boundary:.4g}"),
            )
    ax.axhline(0.5, color="0.6", lw=0.6, ls=":")
    ax.set_ylim(-0.1, 1.1)
    ax.set_xlabel("x")
    ax.set_ylabel("p")
    ax.set_title(words("logistic.figure.boundary"))
    ax.legend(fontsize=8, loc="center right")
    return ax


def plot_log_loss(ax: Axes, runs: Sequence[LogisticResult], *, words: Text = ENGLISH) -> Axes:
    """Each run's log-loss above the minimum from Newton's method per epoch, on a log scale
    (the log-loss itself when the classes are separable and there is no minimum)."""
    best = runs[0].optimum
    floor = 0.0 if best is None else best.loss
    for i, run in enumerate(runs):
        excess = run.history - floor
        shown = np.where(excess > 0, excess, np.nan)  # rounding below the minimum: off the plot
        ax.plot(np.arange(shown.size), shown, color=f"C{i}", lw=1.4, label=f"lr {run.lr:g}")
    ax.set_yscale("log")
    ax.set_xlabel(words("fig.epoch"))
    ax.set_ylabel(
        words("logistic.loss")
        if best is None
        else words("logistic.figure.excess", loss=f"{best.loss:.6g}")
    )
    ax.set_title(words("logistic.figure.loss"))
    ax.legend(fontsize=8, loc="upper right")
    return ax


def plot_range(ax: Axes, test: RangeTest, *, words: Text = ENGLISH) -> Axes:
    """The loss (and its smoothed curve) against the rate on a log axis, with the suggested
    rate and the rate theory prefers as vertical lines."""
    shown = test.losses[:-1] if test.blowup_lr is not None else test.losses  # not the blow-up
    ax.plot(test.lrs, test.losses, color="C0", lw=1, alpha=0.5, label=words("range.figure.loss"))
    ax.plot(test.lrs, test.smoothed, color="C0", lw=1.8, label=words("range.figure.smoothed"))
    if test.suggested_lr is not None:
        ax.axvline(
            test.suggested_lr,
            color="C1",
            ls="--",
            label=words("range.figure.suggested", lr=f"{test.suggested_lr:.3g}"),
        )
    ax.axvline(
        test.reference_lr,
        color="C2",
        ls=":",
        label=words(
            "range.figure.reference", reference=test.reference, lr=f"{test.reference_lr:.3g}"
        ),
    )
    ax.set_xscale("log")
    ax.set_ylim(bottom=0, top=1.1 * float(np.max(shown)))
    ax.set_xlabel("lr")
    ax.set_ylabel(words("range.figure.loss"))
    ax.set_title(words("range.figure.title"))
    ax.legend(fontsize=8, loc="upper left")
    return ax
