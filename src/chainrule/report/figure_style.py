"""Making and saving the report's figures: one fixed style, deterministic SVG, and PNG.

Sections draw on :func:`new_figure` figures (the object API: no pyplot); the
assembler saves them with :func:`save` inside :func:`style`, which fixes matplotlib's
settings for the build, whatever the user's matplotlibrc says, and restores them after.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib
import matplotlib.style
from matplotlib.figure import Figure
from matplotlib.text import Text as Label

from chainrule.words import Text

#: Settings on top of matplotlib's defaults. The salt makes SVG ids the same on every run.
RC: dict[str, Any] = {
    "svg.hashsalt": "chainrule-report",
    "svg.fonttype": "path",  # text as outlines: the picture needs no font where it is shown
    "font.family": "DejaVu Sans",  # ships with matplotlib; has Cyrillic for --lang uk
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 100,
}

#: PNG resolution (the SVG is the primary format; the PNG is for places SVG is not).
PNG_DPI = 150


@contextmanager
def style() -> Iterator[None]:
    """Matplotlib's defaults plus :data:`RC` for the duration of the block."""
    with matplotlib.style.context(["default", RC]):
        yield


def new_figure(width: float = 6.4, height: float = 4.0) -> Figure:
    """A figure with constrained layout (labels never clipped), not tied to any pyplot state."""
    return Figure(figsize=(width, height), layout="constrained")


#: The words the library's plot helpers write (in English), and the string that says each
#: in the report's language. A pattern matches a whole label; its groups fill the string.
LABELS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"epoch", "fig.epoch"),
        (r"overflow at epoch (?P<epoch>\d+)", "fig.overflow_at"),
        (r"least-squares minimum", "fig.minimum"),
        (r"data", "fig.data"),
        (r"least squares", "fig.least_squares"),
        (r"start", "fig.start"),
        (r"optimum", "fig.optimum"),
        (r"m \(slope\)", "fig.slope"),
        (r"b \(intercept\)", "fig.intercept"),
        (r"MSE \(red: overflow\)", "fig.mse_overflow"),
        (r"learning rate", "fig.lr"),
        (r"(?P<expression>.+) and its derivative", "fig.derivative_title"),
        (r"asymptote y = (?P<value>.+)", "fig.asymptote"),
        (r"saturation: \|f'\| < (?P<percent>[\d.]+)% of peak", "fig.saturation"),
        (r"special point", "fig.special"),
    )
)


def translate(fig: Figure, text: Text) -> Figure:
    """Say every label of ``fig`` the library's helpers wrote in ``text``'s language."""
    for label in fig.findobj(Label):
        words = label.get_text()
        for pattern, key in LABELS:
            match = pattern.fullmatch(words)
            if match:
                label.set_text(text(key, **match.groupdict()))
                break
    return fig


def save(fig: Figure) -> dict[str, bytes]:
    """The figure as ``{".svg": ..., ".png": ...}``; the SVG has no date, so it is reproducible."""
    svg = io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None})
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return {".svg": svg.getvalue(), ".png": png.getvalue()}
