"""Saving matplotlib figures: format from the file name, bytes written atomically.

SVG output is reproducible: no date in the metadata and a fixed hash salt for the
ids matplotlib generates.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import matplotlib

from chainrule.errors import UnsupportedFormatError
from chainrule.files import atomic_write

FORMATS = ("svg", "png")

_METADATA = {"svg": {"Date": None}, "png": {"Software": None}}


def figure_format(path: str | os.PathLike[str]) -> str:
    """``"svg"`` or ``"png"`` from the file's extension; anything else is an error."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UnsupportedFormatError(
            f"cannot write a picture to {str(path)!r}: use a file name ending in .svg or .png"
        )
    return suffix


def figure_bytes(figure: Any, fmt: str) -> bytes:
    """The figure rendered as ``fmt`` (svg or png)."""
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "chainrule", "svg.fonttype": "path"}):
        figure.savefig(buffer, format=fmt, metadata=_METADATA[fmt], bbox_inches="tight", dpi=120)
    return buffer.getvalue()


def save_figure(figure: Any, path: str | os.PathLike[str]) -> Path:
    """Write the figure to ``path`` (format by extension), all at once or not at all."""
    fmt = figure_format(path)
    return atomic_write(path, figure_bytes(figure, fmt))
