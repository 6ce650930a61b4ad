"""Saving matplotlib figures: format from the file name, bytes written atomically.

SVG output is reproducible: no date in the metadata and a fixed hash salt for the
ids matplotlib generates.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from chainrule.errors import UnsupportedFormatError
from chainrule.safe_files import write_output

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
    import matplotlib  # here, not at import time: the CLI starts faster without it

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "chainrule", "svg.fonttype": "path"}):
        figure.savefig(buffer, format=fmt, metadata=_METADATA[fmt], bbox_inches="tight", dpi=120)
    return buffer.getvalue()


def save_figure(figure: Any, path: str | os.PathLike[str]) -> Path | None:
    """Write the figure to ``path`` (format by extension; see :func:`.files.write_output`)."""
    fmt = figure_format(path)
    return write_output(path, figure_bytes(figure, fmt), option="figure", suffixes=(f".{fmt}",))
