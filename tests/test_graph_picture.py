"""The graph picture: geometry of the layout, formats, languages, limits."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import chainrule.graph.tracing as tracing
from chainrule.errors import DomainError, ExpressionTooLargeError, UnsupportedFormatError
from chainrule.expressions.expr import Expr, variables
from chainrule.graph.picture import Picture, layout, render
from conftest import run_cli as run
from strategies import _grow, expressions, leaves

VALUES = {"x": 0.7, "y": -0.4, "z": 1.3}
LAB = {"a": 3.0, "b": 4.0, "c": 5.0, "d": 6.0}
Rect = tuple[float, float, float, float]


@contextmanager
def no_partials() -> Iterator[None]:
    """Trace without the symbolic partials (slow, and not part of the picture)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tracing, "symbolic_partials", lambda expr, **_: {})
        yield


def quick_trace(expression: str | Expr, values: dict[str, float]) -> tracing.Trace:
    with no_partials():
        return tracing.trace(expression, values=values)


def crosses(p: tuple[float, float], q: tuple[float, float], rect: Rect) -> bool:
    """Whether segment pq enters the open rectangle (left, top, right, bottom)."""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    left, top, right, bottom = rect
    for step, room in (
        (-dx, p[0] - left),
        (dx, right - p[0]),
        (-dy, p[1] - top),
        (dy, bottom - p[1]),
    ):
        if step == 0:
            if room <= 0:
                return False
            continue
        t = room / step
        if step < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return True


def inside(rect: Rect, by: float) -> Rect:
    return (rect[0] + by, rect[1] + by, rect[2] - by, rect[3] - by)


def check_geometry(picture: Picture) -> None:
    """No edge through a box, no label on a box, an edge or another label."""
    boxes = [(b.x, b.y, b.x + b.w, b.y + b.h) for b in picture.boxes]
    labels = [
        (e.label.x, e.label.y, e.label.x + e.label.w, e.label.y + e.label.h)
        for e in picture.edges
        if e.label is not None
    ]
    for edge in picture.edges:
        points = edge.polyline()
        own = (edge.label.x, edge.label.y) if edge.label else None
        for p, q in itertools.pairwise(points):
            for box in boxes:  # its own two boxes too: an edge only touches their sides
                assert not crosses(p, q, inside(box, 0.5)), (edge.source, edge.target, box)
            for lab in labels:
                if own != lab[:2]:
                    assert not crosses(p, q, inside(lab, 0.5)), (edge.source, edge.target, lab)
        assert points[0][0] < points[-1][0]  # left to right
    for a, b in itertools.combinations(labels + boxes, 2):
        overlap = min(a[2], b[2]) - max(a[0], b[0]) > 0 and min(a[3], b[3]) - max(a[1], b[1]) > 0
        assert not overlap, (a, b)
    for rect in labels + boxes:
        assert rect[0] >= 0 and rect[2] <= picture.width
        assert rect[1] >= 0 and rect[3] <= picture.height


@pytest.fixture(scope="module")
def lab() -> tracing.Trace:
    return quick_trace("(2*a+b)*(c-d)", LAB)


def test_lab_graph_geometry(lab: tracing.Trace) -> None:
    picture = layout(lab)
    check_geometry(picture)
    # the (c-d) -> * edge runs in a lane of its own, and every edge is labelled but the 2's
    labelled = [e for e in picture.edges if e.label is not None]
    assert len(labelled) == len(lab.edges) == 7
    assert sorted(e.label.text.text for e in labelled) == sorted(
        f"∂ {e.local:.4g}" for e in lab.edges
    )
    plus = next(r.id for r in lab.nodes if r.op == "add")
    assert [e.target for e in picture.edges if e.source == plus] == [lab.nodes[-1].id]


def test_lab_graph_has_no_crossing_edges(lab: tracing.Trace) -> None:
    edges = layout(lab).edges
    for e, f in itertools.combinations(edges, 2):
        for p, q in itertools.pairwise(e.polyline()):
            for r, s in itertools.pairwise(f.polyline()):
                assert not _segments_cross(p, q, r, s), (e.source, e.target, f.source, f.target)


def _segments_cross(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float],
                    s: tuple[float, float]) -> bool:  # fmt: skip
    def side(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    return side(p, q, r) * side(p, q, s) < 0 and side(r, s, p) * side(r, s, q) < 0


big_expressions = st.recursive(leaves, _grow, max_leaves=24)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(expressions, big_expressions))
def test_random_graph_geometry(expr: Expr) -> None:
    try:
        result = quick_trace(expr, {n: v for n, v in VALUES.items() if n in variables(expr)})
    except DomainError:
        assume(False)
        return
    check_geometry(layout(result))


@pytest.mark.parametrize(
    ("expression", "values"),
    [
        ("x*x*x - 3*x", {"x": 2.0}),
        ("a*a + a*b + a", {"a": 2.0, "b": 3.0}),
        ("a*a*a*a*a*a*a*a*a*a + b*a + a*b*a*b + sin(a)*cos(b)*a", {"a": 0.5, "b": 2.0}),
    ],
)
def test_shared_nodes_geometry(expression: str, values: dict[str, float]) -> None:
    result = quick_trace(expression, values)
    picture = layout(result)
    check_geometry(picture)
    assert len(picture.edges) == sum(len(r.inputs) for r in result.nodes)  # a*a: two edges


def test_forty_node_graph_geometry() -> None:
    expression = "+".join(f"sin(x*{k} + y)*exp(-z*{k})" for k in range(1, 6))
    result = quick_trace(expression, {"x": 0.3, "y": 0.2, "z": 0.1})
    assert len(result.nodes) >= 40
    check_geometry(layout(result))


def test_same_bytes_every_time(lab: tracing.Trace) -> None:
    again = quick_trace("(2*a+b)*(c-d)", LAB)
    assert lab.to_svg() == again.to_svg()
    for fmt in ("svg", "png", "pdf"):
        assert render(lab, fmt) == render(again, fmt)


def test_formats(lab: tracing.Trace) -> None:
    assert lab.to_picture("png").startswith(b"\x89PNG\r\n\x1a\n")
    assert lab.to_picture("pdf").startswith(b"%PDF-")
    svg = lab.to_picture("svg").decode()
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts.count("value -10") == 1 and texts.count("∂ 10") == 1
    with pytest.raises(
        UnsupportedFormatError, match=r"^a graph picture is svg, png or pdf, not 'gif'$"
    ):
        lab.to_picture("gif")


def test_words_of_another_language(lab: tracing.Trace) -> None:
    svg = lab.to_svg(words=("значення", "градієнт"))
    assert ">значення -10<" in svg and ">градієнт 1<" in svg
    assert ">value" not in svg and ">grad" not in svg


def test_too_big_to_draw() -> None:
    group = "+".join(f"x*{k}" for k in range(1, 21))
    result = quick_trace("+".join(f"({group})" for _ in range(10)), {"x": 1.0})
    n = len(result.nodes)
    assert n > 400
    message = f"the graph has {n} nodes; a picture is drawn for at most 400"
    with pytest.raises(ExpressionTooLargeError) as info:
        result.to_svg()
    assert str(info.value) == message
    assert result._repr_svg_() is None


@pytest.mark.parametrize(
    ("name", "magic"), [("g.png", b"\x89PNG"), ("g.pdf", b"%PDF"), ("g.svg", b"<svg")]
)
def test_cli_picture_by_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, magic: bytes
) -> None:
    code, out, err = run(capsys, "graph", "a*b", "a=1", "b=2", "--picture", str(tmp_path / name))
    assert (code, err) == (0, "")
    assert out.startswith("L = a*b = 2\n")
    assert (tmp_path / name).read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_cli_picture_in_ukrainian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg, picture = tmp_path / "g.svg", tmp_path / "p.svg"
    code, _, _ = run(
        capsys,
        "graph",
        "a*b",
        "a=1",
        "b=2",
        "--lang",
        "uk",
        "--svg",
        str(svg),
        "--picture",
        str(picture),
    )
    assert code == 0
    assert ">значення 2<" in svg.read_text() and ">градієнт 1<" in picture.read_text()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "g.jpg",
            "--picture: cannot write this format to a .jpg file 'G';"
            " use a name ending in .svg or .png or .pdf",
        ),
        ("g", "--picture: 'G' names no picture format; use a name ending in .svg, .png or .pdf"),
    ],
)
def test_cli_picture_needs_a_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    where = str(tmp_path / name)
    code, out, err = run(capsys, "graph", "a", "a=1", "--picture", where)
    assert (code, out) == (2, "")
    assert err == f"chainrule: error: {message.replace('G', where)}\n"
    assert list(tmp_path.iterdir()) == []
