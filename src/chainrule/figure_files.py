"""The one figure writer: a fixed style, figures that lay themselves out, files written atomically.

Every picture chainrule writes (``derive --plot``, ``train/sweep/experiments --plot``,
the report) is drawn inside :func:`style` on a :func:`new_figure` and turned into bytes by
:func:`figure_bytes`: the same settings and resolution everywhere, whatever the user's
matplotlibrc says. SVG output is reproducible: no date in the metadata and a fixed hash
salt for the ids matplotlib generates.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from chainrule.errors import UnsupportedFormatError
from chainrule.safe_files import write_output

FORMATS = ("svg", "png")

#: Settings on top of matplotlib's defaults. The salt makes SVG ids the same on every run.
RC: dict[Any, Any] = {
    "svg.hashsalt": "chainrule",
    "svg.fonttype": "path",  # text as outlines: the picture needs no font where it is shown
    "font.family": "DejaVu Sans",  # ships with matplotlib; has Cyrillic for --lang uk
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 100,
}

#: PNG resolution (the SVG is the primary format; the PNG is for places SVG is not).
PNG_DPI = 150

_METADATA: dict[str, dict[str, None]] = {"svg": {"Date": None}, "png": {"Software": None}}


@contextmanager
def style() -> Iterator[None]:
    """Matplotlib's defaults plus :data:`RC` while figures are drawn and saved."""
    import matplotlib.style  # here, not at import time: the CLI starts faster without it

    with matplotlib.style.context(["default", RC]):
        yield


def new_figure(width: float = 6.4, height: float = 4.0) -> Any:
    """A figure with constrained layout (labels never clipped), not tied to any pyplot state."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def figure_format(path: str | os.PathLike[str]) -> str:
    """``"svg"`` or ``"png"`` from the file's extension; anything else is an error."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UnsupportedFormatError(
            f"cannot write a picture to {str(path)!r}: use a file name ending in .svg or .png"
        )
    return suffix


def figure_bytes(figure: Any, fmt: str) -> bytes:
    """The figure rendered as ``fmt`` (svg or png) with :data:`RC` and :data:`PNG_DPI`."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        figure.savefig(buffer, format=fmt, metadata=_METADATA[fmt], dpi=PNG_DPI)
    return buffer.getvalue()


def save_figure(
    figure: Any, path: str | os.PathLike[str], *, option: str = "figure"
) -> Path | None:
    """Write the figure to ``path`` (format by extension; see :func:`.safe_files.write_output`)."""
    fmt = figure_format(path)
    return write_output(path, figure_bytes(figure, fmt), option=option, suffixes=(f".{fmt}",))
