"""What each section of the report hands to the assembler."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from matplotlib.figure import Figure

#: Folder of the figures, relative to report.md.
FIGURES = "figures"


@dataclass(frozen=True)
class Part:
    """A section: its Markdown, and the figures it names, by file stem.

    A figure is a matplotlib :class:`Figure` (saved as SVG and PNG), ready SVG text, or
    ready files by suffix (``{".svg": ..., ".png": ...}``).
    """

    markdown: str
    figures: dict[str, Figure | str | Mapping[str, bytes]] = field(default_factory=dict)


def figure_path(stem: str) -> str:
    """Where the Markdown finds figure ``stem`` (its SVG)."""
    return f"{FIGURES}/{stem}.svg"
