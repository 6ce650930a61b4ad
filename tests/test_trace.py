"""The trace of one forward and one backward pass, and its pictures."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import sympy

from chainrule.errors import UnknownVariableError
from chainrule.expr import symbol
from chainrule.sympy_ops import sympy_names
from chainrule.tracing import trace

LAB = {"a": 3, "b": 4, "c": 5, "d": 6}


@pytest.fixture(scope="module")
def lab():  # type: ignore[no-untyped-def]
    return trace("(2*a+b)*(c-d)", values=LAB)


def test_forward_table_in_evaluation_order(lab) -> None:  # type: ignore[no-untyped-def]
    rows = [(r.id, r.op, r.label, r.inputs, r.value) for r in lab.nodes]
    assert rows == [
        (0, "const", "2", (), 2.0),
        (1, "input", "a", (), 3.0),
        (2, "mul", "2*a", (0, 1), 6.0),
        (3, "input", "b", (), 4.0),
        (4, "add", "2*a + b", (2, 3), 10.0),
        (5, "input", "c", (), 5.0),
        (6, "input", "d", (), 6.0),
        (7, "sub", "c - d", (5, 6), -1.0),
        (8, "mul", "(2*a + b)*(c - d)", (4, 7), -10.0),
    ]
    assert [r.grad for r in lab.nodes] == [None, -2.0, -1.0, -1.0, -1.0, 10.0, -10.0, 10.0, 1.0]


def test_backward_table_edge_by_edge(lab) -> None:  # type: ignore[no-untyped-def]
    edges = [(e.node, e.input, e.upstream, e.local, e.contribution) for e in lab.edges]
    assert edges == [
        (8, 4, 1.0, -1.0, -1.0),
        (8, 7, 1.0, 10.0, 10.0),
        (7, 5, 10.0, 1.0, 10.0),
        (7, 6, 10.0, -1.0, -10.0),
        (4, 2, -1.0, 1.0, -1.0),
        (4, 3, -1.0, 1.0, -1.0),
        (2, 1, -1.0, 2.0, -2.0),
    ]


def test_lab_partials_and_gradients(lab) -> None:  # type: ignore[no-untyped-def]
    assert lab.value == -10.0
    assert lab.gradients == {"a": -2.0, "b": -1.0, "c": 10.0, "d": -10.0}
    a, b, c, d = (symbol(n) for n in "abcd")
    expected = {"a": 2 * (c - d), "b": c - d, "c": 2 * a + b, "d": -(2 * a + b)}
    for name, partial in lab.partials.items():
        assert sympy.expand(partial - expected[name]) == 0
    assert {k: str(v) for k, v in lab.partials.items()} == {
        "a": "2*(c - d)",
        "b": "c - d",
        "c": "2*a + b",
        "d": "-(2*a + b)",
    }


def test_json_partials_read_back_with_sympy(lab) -> None:  # type: ignore[no-untyped-def]
    data = lab.to_dict()
    assert set(data) >= {"expression", "value", "gradients", "partials", "nodes"}
    assert set(data["nodes"][0]) == {"id", "op", "label", "inputs", "value", "grad"}
    for name, text in data["partials"].items():
        # chainrule's own output, never user text, goes through SymPy's parser here
        parsed = sympy.parse_expr(text, local_dict={n: symbol(n) for n in "abcd"})
        assert sympy.expand(parsed - lab.partials[name]) == 0


def test_reused_variable_is_one_node_with_summed_gradient() -> None:
    result = trace("a*a*a - 3*a", values={"a": 2})
    assert [r.label for r in result.nodes if r.op == "input"] == ["a"]
    assert result.gradients == {"a": 9.0}
    assert str(result.partials["a"]) == "3*a**2 - 3"


def test_functions_partials_use_their_own_names() -> None:
    result = trace("sigmoid(w*x) + relu(x) + abs(w)", values={"w": 0.5, "x": 2.0})
    texts = {k: str(v) for k, v in result.partials.items()}
    for text in texts.values():
        expr = sympy.parse_expr(
            text, local_dict={**sympy_names(), "w": symbol("w"), "x": symbol("x")}
        )
        assert expr.free_symbols <= {symbol("w"), symbol("x")}
    assert "sigmoid(w*x)" in texts["w"]
    assert result.gradients["x"] == pytest.approx(
        0.5 * 0.7310585786300049 * (1 - 0.7310585786300049) + 1
    )


def test_missing_and_extra_values() -> None:
    with pytest.raises(UnknownVariableError, match="no value given for d"):
        trace("(2*a+b)*(c-d)", values={"a": 3, "b": 4, "c": 5})
    with pytest.raises(
        UnknownVariableError, match=r"z not in the expression \(its variables: a, b\)"
    ):
        trace("a*b", values={"a": 1, "b": 2, "z": 3})


def test_svg_is_well_formed_and_shows_every_node(lab) -> None:  # type: ignore[no-untyped-def]
    svg = lab.to_svg()
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for row in lab.nodes:
        assert f"value {row.value:.4g}" in texts
    assert texts.count("grad -10") == 1
    assert svg == trace("(2*a+b)*(c-d)", values=LAB).to_svg()  # deterministic
    assert lab._repr_svg_() == svg


def test_dot_lists_every_edge(lab) -> None:  # type: ignore[no-untyped-def]
    dot = lab.to_dot()
    assert dot.startswith("digraph chainrule {")
    for row in lab.nodes:
        for i in row.inputs:
            assert f"n{i} -> n{row.id}" in dot
