"""How a run or a sweep shows itself in Jupyter: a few lines and a small plot, not its arrays.

``TrainResult`` and ``SweepResult`` hold every epoch's MSE (a sweep, every run's), so
the dataclass's own repr would print kilobytes of numbers. Their ``__repr__``,
``_repr_markdown_`` and ``_repr_html_`` use :func:`short_repr`, and their summary rows
with :func:`markdown` and :func:`html`, instead.
"""

from __future__ import annotations

import base64
import html as escape
from collections.abc import Callable, Sequence
from typing import Any

#: The inline plot's size in inches: 20 to 50 KB of PNG.
PLOT_SIZE = (4.8, 2.6)


def short_repr(kind: str, fields: Sequence[tuple[str, Any]]) -> str:
    """``Kind(a=1, b='x')``: a one-line repr of a result, without its arrays."""
    return f"{kind}({', '.join(f'{key}={value!r}' for key, value in fields)})"


def markdown(title: str, rows: Sequence[tuple[str, str]]) -> str:
    """A bold title and a two-column Markdown table."""
    lines = [f"**{title}**", "", "| | |", "|---|---|"]
    lines += [f"| {_cell(key)} | {_cell(value)} |" for key, value in rows]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def html(title: str, rows: Sequence[tuple[str, str]], draw: Callable[[Any], object]) -> str:
    """A title, a table of ``rows`` and a small PNG that ``draw(ax)`` makes, as one HTML block."""
    cells = "".join(
        f"<tr><th style='text-align:left'>{escape.escape(key)}</th>"
        f"<td style='text-align:left'>{escape.escape(value)}</td></tr>"
        for key, value in rows
    )
    image = base64.b64encode(_png(draw)).decode("ascii")
    return (
        f"<div><strong>{escape.escape(title)}</strong><table>{cells}</table>"
        f"<img alt='{escape.escape(title)}' src='data:image/png;base64,{image}'></div>"
    )


def _png(draw: Callable[[Any], object]) -> bytes:
    from matplotlib.figure import Figure  # matplotlib loads only when a notebook shows a result

    from chainrule.figure_files import figure_bytes

    fig = Figure(figsize=PLOT_SIZE, layout="constrained")
    draw(fig.add_subplot())
    return figure_bytes(fig, "png")
