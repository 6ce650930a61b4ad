"""Pictures of a traced graph: an SVG drawn here (no Graphviz binary needed) and DOT text.

The layout is layered, left to right: every node sits one column right of its
deepest input, constants sit just left of the node that uses them, and the rows
of each column are ordered by the mean row of their neighbours (a few sweeps of
the barycenter heuristic), which keeps edges short and crossings few.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from chainrule.ops import OPS

if TYPE_CHECKING:
    from chainrule.tracing import NodeRow, Trace

BOX_W, BOX_H = 150, 62  # node box, px
GAP_X, GAP_Y = 70, 26  # space between columns and between rows
MARGIN = 20
SWEEPS = 4

_FILL = {"input": "#dbeafe", "const": "#f1f5f9"}
_OP_FILL = "#fef9c3"


def _number(x: float | None) -> str:
    return "-" if x is None else f"{x:.4g}"


def _title(row: NodeRow) -> str:
    """What a box says on top: the input's name, the constant, or the operation."""
    if row.op in ("input", "const"):
        return row.label
    op = OPS[row.op]
    return op.symbol if op.symbol else op.call


def layout(result: Trace) -> dict[int, tuple[int, int]]:
    """Column and row of every node, by id."""
    rows = result.nodes
    column: dict[int, int] = {}
    users: dict[int, list[int]] = {r.id: [] for r in rows}
    for r in rows:  # inputs come before their users
        column[r.id] = 1 + max((column[i] for i in r.inputs), default=-1)
        for i in r.inputs:
            users[i].append(r.id)
    for r in rows:  # pull constants next to their first user
        if r.op == "const" and users[r.id]:
            column[r.id] = min(column[u] for u in users[r.id]) - 1
    columns: dict[int, list[int]] = {}
    for r in rows:
        columns.setdefault(column[r.id], []).append(r.id)
    neighbours = {r.id: list(r.inputs) + users[r.id] for r in rows}
    position = {n: k for ids in columns.values() for k, n in enumerate(ids)}
    for _ in range(SWEEPS):
        for c in sorted(columns):
            ids = columns[c]
            ids.sort(key=lambda n: _barycenter(n, neighbours[n], position))
            position.update({n: k for k, n in enumerate(ids)})
    return {n: (column[n], position[n]) for n in column}


def _barycenter(node: int, neighbours: list[int], position: dict[int, int]) -> float:
    if not neighbours:
        return float(position[node])
    return sum(position[n] for n in neighbours) / len(neighbours)


def to_svg(result: Trace, *, words: tuple[str, str] = ("value", "grad")) -> str:
    """A standalone SVG of the graph: each box shows op, value and gradient.

    ``words`` label the value and the gradient in each box (a report in another
    language passes its own).
    """
    value_word, grad_word = words
    places = layout(result)
    tallest = max(
        sum(1 for c, _ in places.values() if c == col) for col in {c for c, _ in places.values()}
    )
    height_px = 2 * MARGIN + tallest * BOX_H + (tallest - 1) * GAP_Y
    width_px = 2 * MARGIN + (max(c for c, _ in places.values()) + 1) * (BOX_W + GAP_X) - GAP_X
    counts = {c: sum(1 for cc, _ in places.values() if cc == c) for c, _ in places.values()}

    def corner(node: int) -> tuple[float, float]:
        c, k = places[node]
        column_height = counts[c] * BOX_H + (counts[c] - 1) * GAP_Y
        top = (height_px - column_height) / 2
        return MARGIN + c * (BOX_W + GAP_X), top + k * (BOX_H + GAP_Y)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_px}" height="{height_px:.0f}" '
        f'viewBox="0 0 {width_px} {height_px:.0f}" font-family="DejaVu Sans, Arial, sans-serif">',
        f"<title>{escape(result.expression)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#475569"/></marker></defs>',
    ]
    local = {(e.node, e.input): e.local for e in result.edges}
    for row in result.nodes:
        seen: dict[int, int] = {}
        for slot, i in enumerate(row.inputs):
            seen[i] = seen.get(i, 0) + 1
            x1, y1 = corner(i)
            x2, y2 = corner(row.id)
            start = (x1 + BOX_W, y1 + BOX_H / 2)
            offset = (slot - (len(row.inputs) - 1) / 2) * 14
            end = (x2, y2 + BOX_H / 2 + offset)
            mid = (start[0] + end[0]) / 2
            out.append(
                f'<path d="M {start[0]:.1f} {start[1]:.1f} C {mid:.1f} {start[1]:.1f} '
                f'{mid:.1f} {end[1]:.1f} {end[0]:.1f} {end[1]:.1f}" fill="none" '
                'stroke="#475569" stroke-width="1.4" marker-end="url(#arrow)"/>'
            )
            if (row.id, i) in local and seen[i] == 1:
                out.append(
                    f'<text x="{mid:.1f}" y="{(start[1] + end[1]) / 2 - 4:.1f}" font-size="10" '
                    f'text-anchor="middle" fill="#7c3aed">'
                    f"∂ {escape(_number(local[(row.id, i)]))}</text>"
                )
    output_id = result.nodes[-1].id
    for row in result.nodes:
        x, y = corner(row.id)
        fill = _FILL.get(row.op, _OP_FILL)
        stroke = "#15803d" if row.id == output_id else "#334155"
        width = 2.5 if row.id == output_id else 1.2
        out.append(f"<g><title>{escape(row.label)}</title>")
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="8" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
        )
        lines = [
            (f"{_title(row)}", 14, "bold", "#0f172a"),
            (f"{value_word} {_number(row.value)}", 12, "normal", "#0f172a"),
            (f"{grad_word} {_number(row.grad)}", 12, "normal", "#b91c1c"),
        ]
        for k, (text, size, weight, colour) in enumerate(lines):
            out.append(
                f'<text x="{x + BOX_W / 2:.1f}" y="{y + 18 + k * 17:.1f}" font-size="{size}" '
                f'font-weight="{weight}" text-anchor="middle" fill="{colour}">'
                f"{escape(text)}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def to_dot(result: Trace) -> str:
    """Graphviz DOT text of the graph (render with ``dot -Tsvg`` where Graphviz exists)."""
    lines = [
        "digraph chainrule {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
        f'  label="{_dot_escape(result.expression)}";',
    ]
    for row in result.nodes:
        fill = _FILL.get(row.op, _OP_FILL)
        text = f"{_title(row)}\\nvalue {_number(row.value)}\\ngrad {_number(row.grad)}"
        lines.append(f'  n{row.id} [label="{_dot_escape(text)}", fillcolor="{fill}"];')
    local = {(e.node, e.input): e.local for e in result.edges}
    for row in result.nodes:
        for i in dict.fromkeys(row.inputs):
            label = f' [label="∂ {_number(local[(row.id, i)])}"]' if (row.id, i) in local else ""
            lines.append(f"  n{i} -> n{row.id}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_escape(text: str) -> str:
    return text.replace('"', '\\"')
