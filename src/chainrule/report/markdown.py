"""Small writers of Markdown pieces: escaped text, code, math, tables and figures.

Text that comes from a configuration (names, expressions) goes through :func:`escape`
or :func:`code`, so it can never turn into markup of its own.
"""

from __future__ import annotations

import math as _math
import re
from collections.abc import Sequence

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~&])")


def number(x: float, digits: int = 6) -> str:
    """A compact number for a table or a sentence: ``-10``, ``0.25``, ``1.2e+77``, ``inf``."""
    if isinstance(x, float) and not _math.isfinite(x):
        return str(x)
    return f"{x:.{digits}g}"


def escape(text: str) -> str:
    """``text`` as literal Markdown (every punctuation mark that could be markup escaped)."""
    return _SPECIAL.sub(r"\\\1", text)


def code(text: str) -> str:
    """An inline code span holding ``text`` exactly."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    edges = text[:1] + text[-1:]
    pad = " " if "`" in edges or (edges == "  " and text.strip(" ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def math(latex: str) -> str:
    """Inline math."""
    return f"${latex}$"


def display(latex: str) -> str:
    """A display-math block."""
    return f"$$\n{latex}\n$$"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, align: str) -> str:
    """A pipe table; ``align`` has one letter per column, ``l`` or ``r``."""
    if len(align) != len(headers):
        raise ValueError("align needs one letter per column")
    rule = ["---:" if a == "r" else ":---" for a in align]
    lines = [_row(headers), _row(rule)] + [_row(r) for r in rows]
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _cell(text: str) -> str:
    """A pipe would end the cell, even inside code (GFM); escaped, it stays a pipe."""
    return text.replace("|", r"\|")


def figure(path: str, alt: str) -> str:
    """An image paragraph; ``alt`` is plain text (it becomes the picture's description)."""
    return f"![{escape(alt)}]({path})"
