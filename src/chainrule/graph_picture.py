"""Pictures of a traced graph: SVG drawn here (no Graphviz needed) and DOT text."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chainrule.trace import Trace


def to_svg(result: Trace) -> str:
    """Placeholder replaced in the next commit."""
    return "<svg xmlns='http://www.w3.org/2000/svg'/>"


def to_dot(result: Trace) -> str:
    """Placeholder replaced in the next commit."""
    return "digraph {}"
