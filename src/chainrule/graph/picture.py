"""Pictures of a traced graph: one layout, drawn as SVG here or by matplotlib as PNG and PDF.

The layout is layered, left to right (Sugiyama's method):

1. columns: inputs on the left, every other node one column right of its deepest
   input, then moved right next to its users while it has more outputs than inputs
   (a constant sits just left of the node that uses it);
2. an edge spanning several columns gets a dummy node in each column between, so it
   runs through that column in a lane of its own, never through a box;
3. rows: barycenter sweeps, then swaps of neighbours (transpose), keeping the order
   with the fewest crossings (input ports count: ``c - d`` has ``c`` on top);
4. heights: each column as close to its neighbours' ports as its order allows
   (isotonic regression, a few sweeps each way);
5. edges: a stub out of the source, a smooth curve inside the gap between columns,
   and a straight run into the target that carries the label (the local derivative)
   on a white background. The runs into one column lie inside their target boxes'
   heights, at their own ports, so a label never covers a box, a lane or another label.

:func:`layout` computes it once; :func:`draw` paints it on a canvas: :class:`SvgCanvas`
writes SVG text, :class:`MatplotlibCanvas` gives PNG and PDF. :func:`to_dot` is Graphviz text.
"""

from __future__ import annotations

import functools
import io
import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from xml.sax.saxutils import escape

from chainrule.engine.ops import OPS
from chainrule.errors import ExpressionTooLargeError, UnsupportedFormatError


# What a picture reads of a trace (chainrule.graph.tracing's records have it): declared
# here, so that tracing can import this module and this module needs nothing of tracing.
class NodeRow(Protocol):
    """A node of the traced graph: ``op`` is an op name, ``"input"`` or ``"const"``."""

    @property
    def id(self) -> int: ...
    @property
    def op(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def inputs(self) -> tuple[int, ...]: ...
    @property
    def value(self) -> float: ...
    @property
    def grad(self) -> float | None: ...


class EdgeRow(Protocol):
    """One backward step: the local derivative of ``node`` with respect to ``input``."""

    @property
    def node(self) -> int: ...
    @property
    def input(self) -> int: ...
    @property
    def local(self) -> float: ...


class Trace(Protocol):
    """A traced expression: its text, its nodes (inputs first) and its backward edges."""

    @property
    def expression(self) -> str: ...
    @property
    def nodes(self) -> Sequence[NodeRow]: ...
    @property
    def edges(self) -> Sequence[EdgeRow]: ...


Point = tuple[float, float]
#: A path: ``("M", (p,))``, ``("L", (p,))`` or ``("C", (control1, control2, p))``.
Step = tuple[str, tuple[Point, ...]]

FORMATS = ("svg", "png", "pdf")
WORDS = ("value", "grad")
#: Largest graph drawn (nodes, and nodes plus dummies): bigger ones are not legible anyway.
MAX_NODES, MAX_ITEMS = 400, 4000

FONT = "DejaVu Sans"  # ships with matplotlib, so text is measured the same everywhere
TITLE_SIZE, TEXT_SIZE, LABEL_SIZE = 14, 12, 11  # px
LINE_STEP = 17  # px between the baselines of a box's lines
BOX_MIN_W, PAD_X = 96, 12  # a box's least width; text to its sides
PORT_GAP = 18  # between two input ports: a label's height and a little
OUT_GAP = 9  # between two output ports
LABEL_H, LABEL_PAD = 15, 4  # an edge label's background
ARROW = 8  # arrowhead length
STUB = 6  # straight start of an edge out of its source
CURVE_MIN, CURVE_MAX = 36, 110  # width of the curved part of a gap
MARGIN = 16
#: Least vertical space between two boxes, a box and a lane, two lanes.
SPACE = {(False, False): 24.0, (False, True): 14.0, (True, False): 14.0, (True, True): 9.0}
ROUNDS = 8  # crossing-reduction rounds (down and up sweeps, then transpose)
Y_ROUNDS = 12  # height-placement sweeps
PNG_DPI = 200

_FILL = {"input": "#dbeafe", "const": "#f1f5f9"}
_OP_FILL = "#fef9c3"
INK, EDGE, GRAD, LABEL_INK = "#0f172a", "#475569", "#b91c1c", "#6d28d9"


@dataclass(frozen=True)
class Text:
    """A line of text: ``anchor`` is ``"middle"`` or ``"start"``; ``y`` is its baseline."""

    x: float
    y: float
    text: str
    size: float
    colour: str = INK
    bold: bool = False
    anchor: str = "middle"


@dataclass(frozen=True)
class Box:
    """A node's box, its lines of text, and whether it is the output."""

    node: int
    x: float
    y: float
    w: float
    h: float
    fill: str
    lines: tuple[Text, ...]
    output: bool = False


@dataclass(frozen=True)
class Label:
    """An edge label: its background rectangle and its text."""

    x: float
    y: float
    w: float
    h: float
    text: Text


@dataclass(frozen=True)
class Edge:
    """An edge from ``source`` into input ``slot`` of ``target``: path, arrowhead, label."""

    source: int
    target: int
    slot: int
    path: tuple[Step, ...]
    arrow: tuple[Point, Point, Point]
    label: Label | None

    def polyline(self, pieces: int = 12) -> list[Point]:
        """The path as points, each curve cut into ``pieces`` straight pieces."""
        points: list[Point] = []
        for kind, ps in self.path:
            if kind == "C":
                p0, (c1, c2, p3) = points[-1], ps
                points += [_bezier(p0, c1, c2, p3, k / pieces) for k in range(1, pieces + 1)]
            else:
                points.append(ps[0])
        return points


@dataclass(frozen=True)
class Picture:
    """A laid-out graph, in px: what :func:`draw` paints."""

    width: float
    height: float
    title: str
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]


def _bezier(p0: Point, c1: Point, c2: Point, p3: Point, t: float) -> Point:
    s = 1 - t
    a, b, c, d = s**3, 3 * s * s * t, 3 * s * t * t, t**3
    return (
        a * p0[0] + b * c1[0] + c * c2[0] + d * p3[0],
        a * p0[1] + b * c1[1] + c * c2[1] + d * p3[1],
    )


@functools.cache
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of ``text`` in DejaVu Sans at ``size`` px (matplotlib's font metrics)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    with warnings.catch_warnings():  # a glyph DejaVu lacks is measured as a box, silently
        warnings.simplefilter("ignore")
        width, _, _ = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def _number(x: float | None) -> str:
    if x is None:
        return "-"
    return "undefined" if x != x else f"{x:.4g}"  # NaN: a gradient undefined at the point


def _title(row: NodeRow) -> str:
    """What a box says on top: the input's name, the constant, or the operation."""
    if row.op in ("input", "const"):
        return row.label
    op = OPS[row.op]
    return op.symbol if op.symbol else op.call


def _box_words(row: NodeRow, words: tuple[str, str]) -> list[tuple[str, float, bool, str]]:
    """The lines of a box: title, value and (except for a constant) gradient."""
    lines: list[tuple[str, float, bool, str]] = [
        (_title(row), TITLE_SIZE, True, INK),
        (f"{words[0]} {_number(row.value)}", TEXT_SIZE, False, INK),
    ]
    if row.grad is not None:
        lines.append((f"{words[1]} {_number(row.grad)}", TEXT_SIZE, False, GRAD))
    return lines


# --- 1. columns and 2. dummies ------------------------------------------------------
def _columns(result: Trace) -> list[int]:
    """The column of every node."""
    column: list[int] = []
    users: list[list[int]] = [[] for _ in result.nodes]
    for r in result.nodes:  # inputs come before their users
        column.append(0 if r.op == "input" else 1 + max((column[i] for i in r.inputs), default=-1))
        for i in r.inputs:
            users[i].append(r.id)
    for r in reversed(result.nodes):  # users are placed before the nodes they use
        if r.op != "input" and len(users[r.id]) > len(r.inputs):
            column[r.id] = min(column[u] for u in users[r.id]) - 1
    return column


@dataclass
class _Graph:
    """Nodes and dummies ("items"), in layers; ``chains[k]`` are the items of edge ``k``."""

    layer: list[int]  # item -> column
    chains: list[list[int]]  # edge -> source, dummies..., target
    edges: list[tuple[int, int, int, float]]  # edge -> (source, target, slot, port)
    up: list[list[tuple[int, float, float]]]  # item -> (item left, its port, own port)
    down: list[list[tuple[int, float, float]]]  # item -> (item right, its port, own port)
    n_nodes: int

    def dummy(self, item: int) -> bool:
        return item >= self.n_nodes


def _graph(result: Trace, column: list[int]) -> _Graph:
    n = len(result.nodes)
    g = _Graph(list(column), [], [], [[] for _ in range(n)], [[] for _ in range(n)], n)
    for row in result.nodes:
        m = len(row.inputs)
        for slot, i in enumerate(row.inputs):
            port = (slot + 1) / (m + 1) - 0.5  # slot 0 on top
            chain = [i]
            for c in range(column[i] + 1, column[row.id]):
                g.layer.append(c)
                g.up.append([])
                g.down.append([])
                chain.append(len(g.layer) - 1)
            chain.append(row.id)
            for a, b in itertools.pairwise(chain):
                into = port if b == row.id else 0.0
                g.down[a].append((b, into, 0.0))
                g.up[b].append((a, 0.0, into))
            g.chains.append(chain)
            g.edges.append((i, row.id, slot, port))
    return g


# --- 3. rows ------------------------------------------------------------------------
def _initial_layers(g: _Graph, output: int) -> list[list[int]]:
    """Each layer in the order a walk from the output meets its items (first operand first)."""
    rank: dict[int, int] = {}
    stack = [output]
    while stack:  # no recursion: a deep graph must not overflow the stack
        item = stack.pop()
        if item in rank:
            continue
        rank[item] = len(rank)
        stack.extend(a for a, _, _ in reversed(g.up[item]))
    layers: list[list[int]] = [[] for _ in range(max(g.layer) + 1)]
    for item in sorted(range(len(g.layer)), key=lambda k: rank.get(k, len(rank) + k)):
        layers[g.layer[item]].append(item)
    return layers


def _crossings_between(left: list[int], g: _Graph, pos: dict[int, float]) -> int:
    """Crossings of the edges from layer ``left`` to the next one."""
    ends = sorted((pos[a], pos[b] + port) for a in left for b, port, _ in g.down[a])
    count = 0
    for k, (a1, b1) in enumerate(ends):
        for a2, b2 in ends[k + 1 :]:
            if a2 > a1 and b2 < b1:
                count += 1
    return count


def _pair_crossings(u: int, w: int, g: _Graph, pos: dict[int, float]) -> int:
    """Crossings among the edges of ``u`` and ``w`` when ``u`` is just above ``w``."""
    count = 0
    for side in (g.up, g.down):
        for a, pa, _ in side[u]:
            for b, pb, _ in side[w]:
                if pos[a] + pa > pos[b] + pb:
                    count += 1
    return count


def _order(g: _Graph, output: int) -> list[list[int]]:
    """Layers ordered for few crossings: barycenter sweeps and transposes, best kept."""
    layers = _initial_layers(g, output)
    pos = {item: float(k) for layer in layers for k, item in enumerate(layer)}

    def total() -> int:
        return sum(_crossings_between(layer, g, pos) for layer in layers[:-1])

    best, best_layers = total(), [list(layer) for layer in layers]
    for r in range(ROUNDS):
        if best == 0:
            break
        down = r % 2 == 0
        for layer in layers[1:] if down else layers[-2::-1]:
            side = g.up if down else g.down

            def key(item: int, side: list[list[tuple[int, float, float]]] = side) -> float:
                ends = side[item]
                if not ends:
                    return pos[item]
                return sum(pos[a] + port - own for a, port, own in ends) / len(ends)

            layer.sort(key=lambda item: (key(item), pos[item]))
            pos.update({item: float(k) for k, item in enumerate(layer)})
        _transpose(layers, g, pos)
        now = total()
        if now < best:
            best, best_layers = now, [list(layer) for layer in layers]
    return best_layers


def _transpose(layers: list[list[int]], g: _Graph, pos: dict[int, float]) -> None:
    """Swap neighbours in a layer while that removes crossings."""
    for _ in range(len(layers) + 4):
        better = False
        for layer in layers:
            for k in range(len(layer) - 1):
                u, w = layer[k], layer[k + 1]
                if _pair_crossings(u, w, g, pos) > _pair_crossings(w, u, g, pos):
                    layer[k], layer[k + 1] = w, u
                    pos[u], pos[w] = pos[w], pos[u]
                    better = True
        if not better:
            return


# --- 4. heights -----------------------------------------------------------------------
def _isotonic(wanted: list[float], weights: list[float], least: list[float]) -> list[float]:
    """Heights closest to ``wanted`` (weighted squares) with ``y[k+1] - y[k] >= least[k]``."""
    offset = [0.0]
    for gap in least:
        offset.append(offset[-1] + gap)
    blocks: list[list[float]] = []  # [mean, weight, count]: pool adjacent violators
    for want, off, weight in zip(wanted, offset, weights, strict=True):
        blocks.append([want - off, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, n2 = blocks.pop()
            v1, w1, n1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    flat = [v for v, _, count in blocks for _ in range(int(count))]
    return [v + off for v, off in zip(flat, offset, strict=True)]


def _heights(
    layers: list[list[int]], g: _Graph, half: dict[int, float], port: dict[tuple[int, float], float]
) -> dict[int, float]:
    """The centre height of every item."""
    least = [
        [half[a] + SPACE[(g.dummy(a), g.dummy(b))] + half[b] for a, b in itertools.pairwise(layer)]
        for layer in layers
    ]
    y: dict[int, float] = {}
    for layer, gaps in zip(layers, least, strict=True):
        y.update(zip(layer, _isotonic([0.0] * len(layer), [1.0] * len(layer), gaps), strict=True))

    def place(k: int, sides: Sequence[list[list[tuple[int, float, float]]]]) -> None:
        wanted, weights = [], []
        for item in layers[k]:
            ends = [(a, p, own) for side in sides for a, p, own in side[item]]
            if ends:
                at = [y[a] + port[(a, p)] - port[(item, own)] for a, p, own in ends]
                wanted.append(sum(at) / len(at))
                weights.append(2.0 if g.dummy(item) else 1.0)
            else:
                wanted.append(y[item])
                weights.append(0.1)
        y.update(zip(layers[k], _isotonic(wanted, weights, least[k]), strict=True))

    for r in range(Y_ROUNDS):
        if r == Y_ROUNDS - 1:
            for k in range(len(layers)):
                place(k, (g.up, g.down))
        elif r % 2 == 0:
            for k in range(1, len(layers)):
                place(k, (g.up,))
        else:
            for k in range(len(layers) - 2, -1, -1):
                place(k, (g.down,))
    return y


# --- the whole layout -------------------------------------------------------------------
def layout(result: Trace, *, words: tuple[str, str] = WORDS) -> Picture:
    """Where every box, edge and label goes, in px.

    Raises :class:`~chainrule.errors.ExpressionTooLargeError` past :data:`MAX_NODES` nodes
    or :data:`MAX_ITEMS` nodes and dummies.
    """
    rows = result.nodes
    if len(rows) > MAX_NODES:
        raise ExpressionTooLargeError(
            f"the graph has {len(rows)} nodes; a picture is drawn for at most {MAX_NODES}"
        )
    g = _graph(result, _columns(result))
    if len(g.layer) > MAX_ITEMS:
        raise ExpressionTooLargeError(
            f"the graph's long edges need {len(g.layer) - len(rows)} lanes between their ends;"
            f" a picture is drawn for at most {MAX_ITEMS - len(rows)}"
        )
    output = rows[-1].id
    layers = _order(g, output)

    texts = {r.id: _box_words(r, words) for r in rows}
    half: dict[int, float] = {item: 0.0 for item in range(len(g.layer))}
    n_out = [len(g.down[r.id]) for r in rows]
    for r in rows:
        need = [len(texts[r.id]) * LINE_STEP + 12, (len(r.inputs) - 1) * PORT_GAP + LABEL_H + 8]
        need.append((n_out[r.id] - 1) * OUT_GAP + 16)
        half[r.id] = max(need) / 2
    port: dict[tuple[int, float], float] = {(item, 0.0): 0.0 for item in range(len(g.layer))}
    for r in rows:
        m = len(r.inputs)
        for slot in range(m):
            port[(r.id, (slot + 1) / (m + 1) - 0.5)] = (slot - (m - 1) / 2) * PORT_GAP
    y = _heights(layers, g, half, port)
    top = min(y[i] - half[i] for i in y)
    y = {i: v - top + MARGIN for i, v in y.items()}

    col_w = [
        max(
            [BOX_MIN_W]
            + [
                text_width(t, size, bold) + 2 * PAD_X
                for item in layer
                if not g.dummy(item)
                for t, size, bold, _ in texts[item]
            ]
        )
        for layer in layers
    ]
    local = _locals(result)
    labels = [None if v is None else f"∂ {_number(v)}" for v in local]
    gaps = []
    for c in range(len(layers) - 1):
        widest = max(
            (
                text_width(text, LABEL_SIZE)
                for text, (_, t, _, _) in zip(labels, g.edges, strict=True)
                if text is not None and g.layer[t] == c + 1
            ),
            default=0.0,
        )
        rise = max(
            (abs(y[a] - y[b]) for a in layers[c] for b, _, _ in g.down[a]),
            default=0.0,
        )
        run = widest + 2 * LABEL_PAD + ARROW + 10
        gaps.append((STUB + min(max(rise * 0.25, CURVE_MIN), CURVE_MAX), run))
    x = [float(MARGIN)]
    for c in range(len(layers) - 1):
        x.append(x[-1] + col_w[c] + sum(gaps[c]))

    out_y = _out_ports(rows, g, y, port, half)
    edges = tuple(
        _edge(g, k, labels[k], x, col_w, gaps, y, port, out_y) for k in range(len(g.edges))
    )
    boxes = tuple(
        _box(
            r,
            x[g.layer[r.id]],
            y[r.id] - half[r.id],
            col_w[g.layer[r.id]],
            2 * half[r.id],
            texts[r.id],
            output=r.id == output,
        )
        for r in rows
    )
    width = x[-1] + col_w[-1] + MARGIN
    height = max(y[i] + half[i] for i in y) + MARGIN
    return Picture(round(width, 1), round(height, 1), result.expression, boxes, edges)


def _locals(result: Trace) -> list[float | None]:
    """The local derivative on each edge, in the order of :func:`_graph`'s edges.

    None on an edge from a constant: the backward pass asks nothing of it.
    """
    pending: dict[tuple[int, int], list[float]] = {}
    for e in result.edges:
        pending.setdefault((e.node, e.input), []).append(e.local)
    return [
        pending[(row.id, i)].pop(0) if pending.get((row.id, i)) else None
        for row in result.nodes
        for i in row.inputs
    ]


def _out_ports(
    rows: Sequence[NodeRow],
    g: _Graph,
    y: dict[int, float],
    port: dict[tuple[int, float], float],
    half: dict[int, float],
) -> dict[tuple[int, int], float]:
    """Height at which each edge (source, edge index) leaves its source: spread, in order."""
    first_hop: dict[int, list[tuple[float, int]]] = {r.id: [] for r in rows}
    for k, chain in enumerate(g.chains):
        nxt = chain[1]
        into = g.edges[k][3] if nxt == g.edges[k][1] else 0.0
        first_hop[chain[0]].append((y[nxt] + port[(nxt, into)], k))
    out: dict[tuple[int, int], float] = {}
    for source, hops in first_hop.items():
        hops.sort()
        n = len(hops)
        step = min(OUT_GAP, (2 * half[source] - 16) / (n - 1)) if n > 1 else 0.0
        for j, (_, k) in enumerate(hops):
            out[(source, k)] = y[source] + (j - (n - 1) / 2) * step
    return out


def _edge(
    g: _Graph,
    k: int,
    label: str | None,
    x: list[float],
    col_w: list[float],
    gaps: list[tuple[float, float]],
    y: dict[int, float],
    port: dict[tuple[int, float], float],
    out_y: dict[tuple[int, int], float],
) -> Edge:
    """Edge ``k``: through the lanes of its dummies, a curve in each gap, label before the end."""
    source, target, slot, into = g.edges[k]
    chain = g.chains[k]
    end_y = y[target] + port[(target, into)]
    heights = [out_y[(source, k)]] + [y[d] for d in chain[1:-1]] + [end_y]
    path: list[Step] = []
    for hop, c in enumerate(range(g.layer[source], g.layer[target])):
        x0, x1 = x[c] + col_w[c], x[c + 1]
        y0, y1 = heights[hop], heights[hop + 1]
        if hop == 0:
            path.append(("M", ((x0, y0),)))
        _, run = gaps[c]
        a, b = x0 + STUB, x1 - run
        if abs(y1 - y0) > 0.05:
            path.append(("L", ((a, y0),)))
            mid = (a + b) / 2
            path.append(("C", ((mid, y0), (mid, y1), (b, y1))))
        last = c + 1 == g.layer[target]
        path.append(("L", ((x1 - ARROW if last else x1 + col_w[c + 1], y1),)))
    tip = x[g.layer[target]]
    arrow = ((tip, end_y), (tip - ARROW, end_y - ARROW / 2), (tip - ARROW, end_y + ARROW / 2))
    return Edge(source, target, slot, tuple(_rounded(path)), arrow, _label(label, tip, end_y))


def _label(label: str | None, tip: float, y: float) -> Label | None:
    """The label's background and text, just before the arrowhead at (``tip``, ``y``)."""
    if label is None:
        return None
    w = text_width(label, LABEL_SIZE) + 2 * LABEL_PAD
    left = tip - ARROW - 3 - w
    text = Text(left + w / 2, y + LABEL_SIZE * 0.36, label, LABEL_SIZE, LABEL_INK)
    return Label(left, y - LABEL_H / 2, w, LABEL_H, text)


def _rounded(path: list[Step]) -> list[Step]:
    return [(kind, tuple((round(px, 2), round(py, 2)) for px, py in ps)) for kind, ps in path]


def _box(
    row: NodeRow,
    x: float,
    top: float,
    w: float,
    h: float,
    lines: list[tuple[str, float, bool, str]],
    *,
    output: bool,
) -> Box:
    first = top + h / 2 - (len(lines) - 1) * LINE_STEP / 2 + 5
    texts = tuple(
        Text(x + w / 2, first + k * LINE_STEP, t, size, colour, bold)
        for k, (t, size, bold, colour) in enumerate(lines)
    )
    return Box(row.id, x, top, w, h, _FILL.get(row.op, _OP_FILL), texts, output)


# --- drawing ----------------------------------------------------------------------------
class Canvas(Protocol):
    """What :func:`draw` paints on."""

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, stroke: str | None,
             width: float, radius: float) -> None: ...  # fmt: skip

    def path(self, steps: Sequence[Step], *, colour: str, width: float) -> None: ...

    def polygon(self, points: Sequence[Point], *, fill: str) -> None: ...

    def text(self, text: Text) -> None: ...


def draw(picture: Picture, canvas: Canvas) -> None:
    """Paint ``picture``: edges, then boxes, then labels on top."""
    canvas.rect(0, 0, picture.width, picture.height, fill="#ffffff", stroke=None, width=0, radius=0)
    for edge in picture.edges:
        canvas.path(edge.path, colour=EDGE, width=1.4)
        canvas.polygon(edge.arrow, fill=EDGE)
    for box in picture.boxes:
        stroke, width = ("#15803d", 2.5) if box.output else ("#334155", 1.2)
        canvas.rect(box.x, box.y, box.w, box.h, fill=box.fill, stroke=stroke, width=width, radius=8)
        for line in box.lines:
            canvas.text(line)
    for edge in picture.edges:
        if edge.label is not None:
            lab = edge.label
            canvas.rect(lab.x, lab.y, lab.w, lab.h, fill="#ffffff", stroke="#ddd6fe", width=0.8,
                        radius=3)  # fmt: skip
            canvas.text(lab.text)


def _f(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


class SvgCanvas:
    """Collects SVG elements; :meth:`svg` is the document."""

    def __init__(self, picture: Picture) -> None:
        w, h = _f(picture.width), _f(picture.height)
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" font-family="{FONT}, Verdana, sans-serif">',
            f"<title>{escape(picture.title)}</title>",
        ]

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, stroke: str | None,
             width: float, radius: float) -> None:  # fmt: skip
        line = f' stroke="{stroke}" stroke-width="{_f(width)}"' if stroke else ""
        corner = f' rx="{_f(radius)}"' if radius else ""
        self.parts.append(
            f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}"{corner} '
            f'fill="{fill}"{line}/>'
        )

    def path(self, steps: Sequence[Step], *, colour: str, width: float) -> None:
        d = " ".join(
            kind + " " + " ".join(f"{_f(px)} {_f(py)}" for px, py in ps) for kind, ps in steps
        )
        self.parts.append(
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{_f(width)}"/>'
        )

    def polygon(self, points: Sequence[Point], *, fill: str) -> None:
        xy = " ".join(f"{_f(px)},{_f(py)}" for px, py in points)
        self.parts.append(f'<polygon points="{xy}" fill="{fill}"/>')

    def text(self, text: Text) -> None:
        weight = ' font-weight="bold"' if text.bold else ""
        self.parts.append(
            f'<text x="{_f(text.x)}" y="{_f(text.y)}" font-size="{_f(text.size)}"{weight} '
            f'text-anchor="{text.anchor}" fill="{text.colour}">{escape(text.text)}</text>'
        )

    def svg(self) -> str:
        return "\n".join([*self.parts, "</svg>"]) + "\n"


class MatplotlibCanvas:
    """Draws on a matplotlib figure whose units are the picture's px (1 px = 1 pt)."""

    def __init__(self, picture: Picture) -> None:
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(picture.width / 72, picture.height / 72), dpi=72)
        self.axes = self.figure.add_axes((0, 0, 1, 1))
        self.axes.set_xlim(0, picture.width)
        self.axes.set_ylim(picture.height, 0)
        self.axes.set_axis_off()
        self.z = 0.0

    def _next(self) -> float:
        self.z += 1
        return self.z

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, stroke: str | None,
             width: float, radius: float) -> None:  # fmt: skip
        from matplotlib.patches import FancyBboxPatch

        style = f"round,pad=0,rounding_size={radius}" if radius else "square,pad=0"
        self.axes.add_patch(
            FancyBboxPatch((x, y), w, h, boxstyle=style, facecolor=fill,
                           edgecolor=stroke or "none", linewidth=width, zorder=self._next())
        )  # fmt: skip

    def path(self, steps: Sequence[Step], *, colour: str, width: float) -> None:
        from matplotlib.patches import PathPatch
        from matplotlib.path import Path

        codes = {"M": [Path.MOVETO], "L": [Path.LINETO], "C": [Path.CURVE4] * 3}
        vertices = [p for _, ps in steps for p in ps]
        kinds = [c for kind, _ in steps for c in codes[kind]]
        self.axes.add_patch(
            PathPatch(Path(vertices, kinds), facecolor="none", edgecolor=colour, linewidth=width,
                      capstyle="butt", zorder=self._next())
        )  # fmt: skip

    def polygon(self, points: Sequence[Point], *, fill: str) -> None:
        from matplotlib.patches import Polygon

        self.axes.add_patch(
            Polygon(points, closed=True, facecolor=fill, edgecolor="none", zorder=self._next())
        )

    def text(self, text: Text) -> None:
        self.axes.text(
            text.x, text.y, text.text, fontsize=text.size, color=text.colour,
            fontweight="bold" if text.bold else "normal", fontfamily=FONT,
            ha="center" if text.anchor == "middle" else "left", va="baseline", zorder=self._next(),
        )  # fmt: skip

    def save(self, fmt: str) -> bytes:
        buffer = io.BytesIO()
        metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"CreationDate": None}
        self.figure.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=metadata)
        return buffer.getvalue()


def to_svg(result: Trace, *, words: tuple[str, str] = WORDS) -> str:
    """A standalone SVG of the graph: each box shows op, value and gradient.

    ``words`` label the value and the gradient in each box (a report in another
    language passes its own).
    """
    picture = layout(result, words=words)
    canvas = SvgCanvas(picture)
    draw(picture, canvas)
    return canvas.svg()


def render(result: Trace, fmt: str = "svg", *, words: tuple[str, str] = WORDS) -> bytes:
    """The picture as the bytes of an ``svg``, ``png`` or ``pdf`` file."""
    if fmt not in FORMATS:
        raise UnsupportedFormatError(
            f"a graph picture is {', '.join(FORMATS[:-1])} or {FORMATS[-1]}, not {fmt!r}"
        )
    if fmt == "svg":
        return to_svg(result, words=words).encode("utf-8")
    import matplotlib.style

    picture = layout(result, words=words)
    with matplotlib.style.context("default"), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a glyph DejaVu lacks: drawn as a box
        canvas = MatplotlibCanvas(picture)
        draw(picture, canvas)
        return canvas.save(fmt)


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
