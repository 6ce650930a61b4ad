"""A function and its derivative on shared axes: asymptotes dashed, saturation shaded.

:func:`plot_derivation` draws on an ``ax`` it is given and returns it, its words from
``words`` (English by default); making and saving figures is left to the caller
(:mod:`chainrule.figure_files`). A long expression is wrapped in the title and called
``f(x)`` in the legend, so nothing is cropped.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule.derivatives.printing import TEXT, prime
from chainrule.words import Text

if TYPE_CHECKING:
    from chainrule.derivatives.derivation import Derivation

#: Points per curve.
SAMPLES = 1201
#: Characters per title line, title lines, and the longest expression named in the legend.
TITLE_WIDTH, TITLE_LINES, LEGEND_WIDTH = 60, 3, 32


def _clip_limits(curves: list[np.ndarray]) -> tuple[float, float] | None:
    """y limits that keep the picture readable next to a pole (1/x, tan), else None."""
    values = np.concatenate([c[np.isfinite(c)] for c in curves])
    if values.size == 0:
        return None
    low, high = np.percentile(values, [10, 90])
    spread = max(float(high - low), 1e-12)
    if float(values.max() - values.min()) <= 6 * spread:
        return None
    return float(low - spread), float(high + spread)


def _broken(xs: np.ndarray, ys: np.ndarray, cuts: list[float]) -> np.ndarray:
    """``ys`` with NaN at the samples nearest each cut, so lines do not jump across poles."""
    ys = ys.copy()
    for cut in cuts:
        ys[int(np.argmin(np.abs(xs - cut)))] = np.nan
    return ys


def plot_derivation(derivation: Derivation, *, ax: Any, words: Text | None = None) -> Any:
    """Draw f, f' (and the requested higher derivative) of ``derivation`` on ``ax``."""
    words = words or Text()
    p = derivation.properties
    lo, hi = p.x_range
    x = derivation.variable
    xs = np.linspace(lo, hi, SAMPLES)
    cuts = [s.x for s in p.special_points]
    function = TEXT.expr(derivation.function)
    curves = [
        ("function", function if len(function) <= LEGEND_WIDTH else f"f({x})", "-", 2.0),
        ("first", f"{prime(1, TEXT)}({x})", "-", 1.6),
    ]
    if derivation.order > 1:
        curves.append(("derivative", f"{prime(derivation.order, TEXT)}({x})", "-.", 1.4))
    drawn = []
    for which, label, style, width in curves:
        ys = _broken(xs, derivation.numeric(which)(xs), cuts)
        drawn.append(ys)
        ax.plot(xs, ys, linestyle=style, linewidth=width, label=label)
    for y in p.asymptotes:
        ax.axhline(
            float(y),
            color="0.35",
            linestyle="--",
            linewidth=1.0,
            label=words("fig.asymptote", value=TEXT.expr(y)),
        )
    shade = words("fig.saturation", percent=f"{100 * p.saturation:g}")
    for k, (a, b) in enumerate(p.saturated):
        ax.axvspan(
            a.x, b.x, color="tab:orange", alpha=0.12, linewidth=0, label=shade if k == 0 else None
        )
    for k, s in enumerate(p.special_points):
        mark = words("fig.special") if k == 0 else None
        ax.axvline(s.x, color="tab:red", linestyle=":", linewidth=1.0, label=mark)
    limits = _clip_limits(drawn)
    if limits is not None:
        ax.set_ylim(*limits)
    ax.set_xlim(lo, hi)
    ax.axhline(0.0, color="0.8", linewidth=0.8, zorder=0)
    ax.set_xlabel(x)
    ax.set_ylabel("y")
    title = words("fig.derivative_title", expression=function)
    ax.set_title(
        "\n".join(textwrap.wrap(title, TITLE_WIDTH, max_lines=TITLE_LINES, placeholder=" …")),
        fontsize="medium",
    )
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax
