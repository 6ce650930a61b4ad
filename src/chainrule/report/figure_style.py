"""The report's figures: drawn and saved with chainrule's one figure writer.

Sections draw on :func:`new_figure` figures; the assembler saves them with :func:`save`
inside :func:`style` (both from :mod:`chainrule.figure_files`, as every command's pictures).
"""

from __future__ import annotations

from typing import Any

from chainrule.figure_files import FORMATS, figure_bytes, new_figure, style

__all__ = ["new_figure", "save", "style"]


def save(fig: Any) -> dict[str, bytes]:
    """The figure as ``{".svg": ..., ".png": ...}``; the SVG has no date, so it is reproducible."""
    return {f".{fmt}": figure_bytes(fig, fmt) for fmt in FORMATS}
