"""The trace of one forward and one backward pass, and its pictures."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.engine.sympy_ops import sympy_names
from chainrule.errors import DomainError, ExpressionTooLargeError, UnknownVariableError
from chainrule.expressions.expr import MAX_LENGTH, parse, symbol, variables
from chainrule.expressions.symbolic import PARTIALS_LIMIT, agree_at
from chainrule.graph.tracing import trace

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


@pytest.mark.parametrize(
    ("text", "values", "gradient", "partial"),
    [
        ("sqrt(a*a)", {"a": 2.0}, 1.0, "a/Abs(a)"),
        ("abs(abs(a))", {"a": 2.0}, 1.0, "sign(a)*sign(Abs(a))"),
        ("abs(a)/a", {"a": 3.0}, 0.0, None),
    ],
)
def test_a_check_sympy_cannot_prove_is_decided_at_the_point(
    text: str, values: dict[str, float], gradient: float, partial: str | None
) -> None:
    result = trace(text, values=values)
    assert result.gradients == {"a": gradient}
    assert partial is None or str(result.partials["a"]) == partial


def test_agree_at_decides_with_high_precision_only_where_it_can() -> None:
    a = symbol("a")
    assert agree_at(sympy.sign(a) * sympy.sign(sympy.Abs(a)), sympy.Integer(1), {a: 2.0})
    assert agree_at(sympy.sign(a), sympy.Integer(1), {a: -2.0}) is False
    assert agree_at(1 + a * 10**-30, sympy.Integer(1), {a: 1.0}) is False  # beyond float64
    assert agree_at(sympy.log(a), sympy.Integer(1), {a: -1.0}) is None  # not real there


KINKED = st.recursive(
    st.sampled_from(["a", "b", "1", "2", "-1"]),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["abs", "relu", "sqrt", "-"]), inner).map(
            lambda t: f"{t[0]}({t[1]})"
        ),
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
            lambda t: f"({t[0]}{t[1]}{t[2]})"
        ),
    ),
    max_leaves=6,
).filter(lambda text: "abs" in text or "relu" in text)


@settings(max_examples=40, deadline=None)
@given(KINKED, st.sampled_from([-2.0, -0.5, 0.0, 1.0, 2.0]), st.sampled_from([-1.0, 0.0, 3.0]))
def test_trace_never_calls_its_own_right_answer_wrong(text: str, a: float, b: float) -> None:
    expr = parse(text)
    values = {"a": a, "b": b}
    try:
        result = trace(expr, values={k: v for k, v in values.items() if k in variables(expr)})
    except DomainError:
        return  # outside the domain at this point (sqrt of a negative, 1/0): a right refusal
    for name, partial in result.partials.items():
        exact = sympy.N(partial, 30, subs={symbol(k): sympy.Rational(v) for k, v in values.items()})
        if exact.is_real and exact.is_finite:
            assert result.gradients[name] == pytest.approx(float(exact), rel=1e-9, abs=1e-12)


def test_an_undefined_gradient_is_reported_and_the_others_kept() -> None:
    result = trace("a**b", values={"a": -2.0, "b": 2.0})
    assert result.value == 4.0
    assert result.gradients["a"] == -4.0
    assert math.isnan(result.gradients["b"])
    assert result.undefined == {
        "b": "the exponent's gradient needs log of the base, which is not positive, at a**b"
    }
    assert result.to_dict()["undefined"] == result.undefined
    assert str(result.partials["b"]) == "a**b*log(a)"


def test_undefined_spreads_to_every_input_behind_it_and_no_further() -> None:
    result = trace("c*a**(b*d)", values={"a": -2.0, "b": 1.0, "c": 3.0, "d": 2.0})
    assert result.gradients["a"] == -12.0 and result.gradients["c"] == 4.0
    assert set(result.undefined) == {"b", "d"}


def test_a_huge_graph_skips_its_symbolic_partials_and_says_so() -> None:
    count = PARTIALS_LIMIT  # x0 + ... : 2*count - 1 nodes
    result = trace(
        "+".join(f"x{i}" for i in range(count)), values={f"x{i}": i for i in range(count)}
    )
    assert result.value == sum(range(count))
    assert result.gradients == {f"x{i}": 1.0 for i in range(count)}
    assert result.partials == {}
    assert result.partials_skipped == (
        f"the graph has {2 * count - 1} nodes; symbolic partials are computed up to "
        f"{PARTIALS_LIMIT}"
    )
    small = trace(
        "+".join(f"x{i}" for i in range(PARTIALS_LIMIT // 2)),
        values={f"x{i}": i for i in range(PARTIALS_LIMIT // 2)},
    )
    assert small.partials_skipped is None and len(small.partials) == PARTIALS_LIMIT // 2


def test_a_flat_chain_at_the_length_limit_traces_without_recursion() -> None:
    count = MAX_LENGTH // 5  # "x0*x1*...*x999": 4,889 characters, a tree 1,000 deep
    text = "*".join(f"x{i}" for i in range(count))
    result = trace(text, values={f"x{i}": 1.0 + (i % 2) / 1000 for i in range(count)})
    assert result.value == pytest.approx(1.001 ** (count // 2), rel=1e-12)
    assert result.gradients["x1"] == pytest.approx(result.value / 1.001, rel=1e-12)
    assert len(result.nodes) == 2 * count - 1 and len(result.edges) == 2 * count - 2
    assert result.nodes[-1].label == text
    assert "n1998" in result.to_dot()
    with pytest.raises(ExpressionTooLargeError, match="at most 400"):
        result.to_svg()  # a picture of 1,999 boxes would be unreadable: refused in one line


def test_pictures_say_undefined_where_a_gradient_is() -> None:
    result = trace("a**b", values={"a": -2.0, "b": 2.0})
    texts = [
        t.text for t in ET.fromstring(result.to_svg()).iter("{http://www.w3.org/2000/svg}text")
    ]
    assert texts.count("grad undefined") == 1 and "grad -4" in texts
    assert 'n1 [label="b\\nvalue 2\\ngrad undefined"' in result.to_dot()
