"""The functions of a calculus textbook and an ML course: each op of the table against an
independent SymPy definition, its kink convention, its rule in en and uk, and a corpus
of textbook exercises against sympy.diff at 50 digits."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import sympy

from chainrule.derivatives.derivation import derive
from chainrule.derivatives.steps import derivation_steps
from chainrule.engine.ops import ARRAY, COMPOSED, OPS, SCALAR
from chainrule.engine.sympy_ops import NAMED, SYMBOLIC, cbrt, sigmoid, silu, softplus
from chainrule.engine.value import Value
from chainrule.errors import ParseError
from chainrule.expressions.expr import parse, symbol, to_sympy, to_text, variables
from chainrule.expressions.from_sympy import from_sympy
from chainrule.graph.tracing import trace
from chainrule.words import RULES_UK, Text
from conftest import run_cli

# A point inside the domain of each op added for issue 17, for each input.
POINTS = {
    "asin": (0.3,),
    "acos": (-0.4,),
    "atan": (0.7,),
    "atan2": (0.7, -1.3),
    "sinh": (0.7,),
    "cosh": (-0.7,),
    "asinh": (0.7,),
    "acosh": (1.7,),
    "atanh": (0.3,),
    "sec": (0.7,),
    "csc": (0.7,),
    "cot": (0.7,),
    "log_base": (0.7, 2.5),
    "log1p": (0.7,),
    "expm1": (0.7,),
    "cbrt": (-0.7,),
    "hypot": (0.7, -1.3),
    "erf": (0.7,),
    "erfc": (0.7,),
    "min": (0.7, -1.3),
    "max": (0.7, -1.3),
    "floor": (0.7,),
    "ceil": (0.7,),
    "sign": (-0.7,),
    "softplus": (-0.7,),
    "logsumexp": (0.7, -1.3),
    "gelu": (-0.7,),
    "silu": (-0.7,),
    "elu": (-0.7, 1.5),  # (x, alpha)
    "leaky_relu": (-0.7, 0.2),  # (x, slope)
}

_u, _v = sympy.symbols("u v", real=True)
# Each op written with SymPy's own functions only: the oracle never reads the table.
DEFINITIONS: dict[str, sympy.Expr] = {
    "asin": sympy.asin(_u),
    "acos": sympy.acos(_u),
    "atan": sympy.atan(_u),
    "atan2": sympy.atan2(_u, _v),
    "sinh": (sympy.exp(_u) - sympy.exp(-_u)) / 2,
    "cosh": (sympy.exp(_u) + sympy.exp(-_u)) / 2,
    "asinh": sympy.log(_u + sympy.sqrt(_u**2 + 1)),
    "acosh": sympy.log(_u + sympy.sqrt(_u**2 - 1)),
    "atanh": sympy.log((1 + _u) / (1 - _u)) / 2,
    "sec": 1 / sympy.cos(_u),
    "csc": 1 / sympy.sin(_u),
    "cot": sympy.cos(_u) / sympy.sin(_u),
    "log_base": sympy.log(_u) / sympy.log(_v),
    "log1p": sympy.log(1 + _u),
    "expm1": sympy.exp(_u) - 1,
    "cbrt": -((-_u) ** sympy.Rational(1, 3)),  # at the negative test point
    "hypot": sympy.sqrt(_u**2 + _v**2),
    "erf": 2
    / sympy.sqrt(sympy.pi)
    * sympy.Integral(sympy.exp(-(symbol("t") ** 2)), (symbol("t"), 0, _u)),
    "erfc": 1
    - 2
    / sympy.sqrt(sympy.pi)
    * sympy.Integral(sympy.exp(-(symbol("t") ** 2)), (symbol("t"), 0, _u)),
    "min": sympy.Piecewise((_u, _u < _v), (_v, True)),
    "max": sympy.Piecewise((_u, _u > _v), (_v, True)),
    "floor": sympy.Integer(0),  # at 0.7
    "ceil": sympy.Integer(1),  # at 0.7
    "sign": sympy.Integer(-1),  # at -0.7
    "softplus": sympy.log(1 + sympy.exp(_u)),
    "logsumexp": sympy.log(sympy.exp(_u) + sympy.exp(_v)),
    "gelu": _u * (1 + sympy.erf(_u / sympy.sqrt(2))) / 2,
    "silu": _u / (1 + sympy.exp(-_u)),
    "elu": _v * (sympy.exp(_u) - 1),  # at the negative test point
    "leaky_relu": _v * _u,  # at the negative test point
}


def _at(expr: sympy.Expr, point: tuple[float, ...]) -> sympy.Expr:
    exact = {s: sympy.Rational(repr(p)) for s, p in zip((_u, _v), point, strict=False)}
    return sympy.N(expr.subs(exact).doit(), 50)


def test_every_new_op_has_a_point_and_a_definition() -> None:
    assert set(POINTS) == set(DEFINITIONS)
    assert set(POINTS) <= set(OPS)


@pytest.mark.parametrize("name", sorted(POINTS))
def test_op_matches_its_definition_and_sympy_diff_at_50_digits(name: str) -> None:
    op, point, definition = OPS[name], POINTS[name], DEFINITIONS[name]
    xs = (_u, _v)[: op.arity]
    out = op.forward(SYMBOLIC, *xs)
    assert abs(_at(out - definition, point)) < sympy.Float(10) ** -45
    value = op.forward(SCALAR, *point)
    array = op.forward(ARRAY, *(np.array([p]) for p in point))
    assert value == pytest.approx(float(_at(definition, point)), rel=1e-14, abs=1e-15)
    assert array[0] == pytest.approx(value, rel=1e-14, abs=1e-15)
    for i, x in enumerate(xs):
        local = sympy.sympify(op.local[i](SYMBOLIC, out, *xs))
        truth = sympy.diff(definition, x)
        assert abs(_at(local - truth, point)) < sympy.Float(10) ** -45, (name, i)
        scalar_local = op.local[i](SCALAR, value, *point)
        assert float(scalar_local) == pytest.approx(float(_at(truth, point)), rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("name", sorted(POINTS))
def test_op_gradient_matches_central_differences(name: str) -> None:
    op, point = OPS[name], POINTS[name]
    for i in range(op.arity):
        inputs = [Value(p) for p in point]
        Value.apply(op, *inputs).backward()

        def f(t: float, i: int = i) -> float:
            return Value.apply(op, *(Value(t if k == i else p) for k, p in enumerate(point))).data

        h = 1e-6
        assert inputs[i].grad == pytest.approx(
            (f(point[i] + h) - f(point[i] - h)) / (2 * h), rel=1e-7, abs=1e-9
        )


def test_every_rule_is_named_in_both_languages() -> None:
    rules = {r for op in OPS.values() for r in (op.rule, *dict(op.rules).values())}
    assert rules <= set(RULES_UK)
    assert Text("uk").rule(OPS["atan"].rule) == "похідна арктангенса"
    assert OPS["log_base"].rule_for([True, False]) == "logarithm rule"
    assert OPS["log_base"].rule_for([True, True]) == "change of base rule"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("atan(x)", "inverse tangent rule"),
        ("asin(x)", "inverse sine rule"),
        ("cosh(x)", "hyperbolic cosine rule"),
        ("sec(x)", "secant rule"),
        ("log(x, 2)", "logarithm rule"),
        ("log(2, x)", "change of base rule"),
        ("erf(x)", "error function rule"),
        ("max(x, 1)", "maximum rule"),
        ("softplus(x)", "softplus rule"),
        ("gelu(x)", "GELU rule"),
        ("leaky_relu(x)", "leaky ReLU rule"),
    ],
)
def test_derivation_cites_the_rule(text: str, rule: str) -> None:
    assert derivation_steps(parse(text), "x").rule == rule
    inner = re.sub(r"\bx\b", "(3*x)", text)
    assert derivation_steps(parse(inner), "x").substeps[0].rule == rule


# --- kinks: the documented one-sided conventions ---------------------------------------
def _grads(text: str, **values: float) -> dict[str, float]:
    return trace(text, values=values).gradients


def test_kink_conventions() -> None:
    assert _grads("max(a, b)", a=1.0, b=1.0) == {"a": 0.5, "b": 0.5}
    assert _grads("min(a, b)", a=1.0, b=2.0) == {"a": 1.0, "b": 0.0}
    assert _grads("leaky_relu(a)", a=0.0) == {"a": 0.01}
    assert _grads("leaky_relu(a)", a=-2.0) == {"a": 0.01}
    assert _grads("leaky_relu(a, 0.2)", a=0.0) == {"a": 0.2}  # the given slope, left of 0
    assert _grads("leaky_relu(a, 0.2)", a=3.0) == {"a": 1.0}
    assert _grads("elu(a, 2)", a=0.0) == {"a": 2.0}  # alpha, the left slope
    assert _grads("elu(a)", a=0.0) == {"a": 1.0}  # alpha = 1: smooth at 0
    assert _grads("floor(a) + ceil(a) + sign(a)", a=1.0) == {"a": 0.0}
    assert _grads("sign(a)", a=0.0) == {"a": 0.0}
    assert _grads("clip(a, 0, 1)", a=0.5) == {"a": 1.0}
    assert _grads("clip(a, 0, 1)", a=2.0) == {"a": 0.0}
    assert _grads("clip(a, 0, 1)", a=1.0) == {"a": 0.5}  # a tie at the bound
    assert {n for n, op in OPS.items() if op.kink is not None} >= {
        "min",
        "max",
        "floor",
        "ceil",
        "sign",
        "leaky_relu",
        "cbrt",
        "asin",
        "acos",
        "acosh",
    }


def test_domains() -> None:
    t = symbol("t")
    assert OPS["asin"].domain(SCALAR, 1.5) == "a number outside [-1, 1]"
    assert OPS["acosh"].domain(SCALAR, 0.5) == "a number below 1"
    assert (
        OPS["log_base"].domain(SCALAR, 2.0, 1.0) == "a logarithm's base must be positive and not 1"
    )
    assert OPS["log_base"].condition(SYMBOLIC, t, sympy.Integer(2)) == (t > 0)
    assert OPS["atanh"].domain(SCALAR, 1.0) == "a number outside (-1, 1)"
    with pytest.raises(Exception, match="outside"):
        trace("asin(a)", values={"a": 2.0})


# --- n-ary calls -----------------------------------------------------------------------
def test_multi_argument_calls_have_one_edge_per_input() -> None:
    t = trace("hypot(a, b)", values={"a": 3.0, "b": 4.0})
    assert t.value == 5.0
    assert t.gradients == {"a": 0.6, "b": 0.8}
    assert len(t.edges) == 2
    t = trace("logsumexp(a, b, c)", values={"a": 1.0, "b": 2.0, "c": 3.0})
    assert t.value == pytest.approx(math.log(math.exp(1) + math.exp(2) + math.exp(3)), rel=1e-15)
    softmax = np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum()
    assert list(t.gradients.values()) == pytest.approx(list(softmax), rel=1e-14)
    assert to_text(parse("min(a, b, c)")) == "min(min(a, b), c)"
    assert to_text(parse("log(x, 10)")) == "log(x, 10)"
    assert to_text(parse("log10(x)")) == "log(x, 10)"


def test_composed_functions_parse_to_their_formula() -> None:
    for name, (inputs, formula) in COMPOSED.items():
        call = f"{name}({', '.join(inputs)})"
        assert parse(call) == parse(formula), name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("atan2(x)", "atan2() needs 2 arguments"),
        ("hypot(x, y, z)", "hypot() takes 2 arguments"),
        ("clip(x, 1)", "clip() needs 3 arguments"),
        ("log(x, 2, 3)", "log() takes 2 arguments"),
        ("min(x)", "min() needs 2 arguments"),
        ("ln", "'ln' is a function"),
    ],
)
def test_wrong_number_of_arguments_is_a_parse_error(text: str, message: str) -> None:
    with pytest.raises(Exception, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(text)


# --- constants -------------------------------------------------------------------------
def test_e_and_pi_are_constants_unless_given_a_value() -> None:
    assert variables(parse("e**x + E*pi")) == ["x"]
    assert variables(parse("e*a", variables=["e"])) == ["e", "a"]
    t = trace("e*a", values={"e": 2.0, "a": 1.0})
    assert t.gradients == {"e": 1.0, "a": 2.0}
    assert t.warnings == (
        "e is a variable here (it was given a value), not the constant e = 2.71828",
    )
    assert trace("E*a", values={"a": 1.0}).warnings == ()


# --- own terms -------------------------------------------------------------------------
x = symbol("x")


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("softplus(x)", sigmoid(x)),
        ("tanh(x)", 1 - sympy.tanh(x) ** 2),
        ("sinh(x)", sympy.cosh(x)),
        ("silu(x)", silu(x) + sigmoid(x) * (1 - silu(x))),
        ("atan(x)", 1 / (1 + x**2)),
    ],
)
def test_derivatives_in_own_terms(text: str, own: sympy.Expr) -> None:
    d = derive(text)
    assert sympy.simplify(d.simplified - own) == 0
    assert d.sympy_diff_agrees is True


def test_e_to_the_x_is_exp() -> None:
    d = derive("e**x")
    assert d.simplified == sympy.exp(x)
    assert d.warnings == ()
    assert derive("e*x", wrt="e").warnings != ()


# --- corpus: textbook exercises against sympy.diff at 50 digits ----------------------
CORPUS = [
    # inverse trigonometric
    "asin(2*x)",
    "acos(x**2)",
    "atan(x**2 + 1)",
    "arcsin(x/2)",
    "arctan(1/x)",
    "x*asin(x)",
    "asin(x) + acos(x)",
    "atan(exp(x))",
    "sqrt(1 - x**2)*asin(x)",
    "arccos(x/3)**2",
    "atan2(x, 2)",
    "atan2(1, x)",
    "atan2(x**2, x + 3)",
    # hyperbolic
    "sinh(3*x)",
    "cosh(x)**2 - sinh(x)**2",
    "x*cosh(x)",
    "tanh(x)*sinh(x)",
    "asinh(x**2)",
    "acosh(x + 2)",
    "atanh(x/2)",
    "sinh(x)/cosh(x)",
    "log(cosh(x))",
    # reciprocal trigonometric
    "sec(x)",
    "csc(2*x)",
    "cot(x)**2",
    "sec(x)*tan(x)",
    "x*csc(x)",
    "sec(x**2)",
    "cot(exp(x))",
    # logarithms in a base, and the careful ones
    "ln(x**2 + 1)",
    "log10(x)",
    "log2(3*x + 1)",
    "log(x, 3)",
    "log(x**2 + 1, 5)",
    "log(2, x + 3)",
    "x*log10(x)",
    "log1p(x**3)",
    "expm1(2*x)",
    "exp2(x)",
    "exp2(x**2)",
    "log(x + 3, x + 5)",
    # roots and distances
    "cbrt(x)",
    "cbrt(x**2 + 1)",
    "hypot(x, 1)",
    "hypot(x, 2*x)",
    "hypot(sin(x), cos(x))",
    # error function
    "erf(x)",
    "erf(x**2)",
    "erfc(2*x)",
    "x*erf(x)",
    "exp(-x**2)*erfc(x)",
    # pieces
    "min(x, 1)",
    "max(x**2, 2)",
    "min(x, 0, -x)",
    "max(sin(x), cos(x))",
    "clip(x, -1, 1)",
    "clip(2*x, 0, 3)",
    "floor(x) + x",
    "ceil(x)*x",
    "sign(x)*x**2",
    # activations
    "softplus(x)",
    "softplus(2*x - 1)",
    "gelu(x)",
    "gelu(x**2)",
    "silu(x)",
    "swish(2*x)",
    "elu(x)",
    "elu(x - 1)",
    "leaky_relu(x)",
    "leaky_relu(x)**2",
    "mish(x)",
    "mish(x/2)",
    "logsumexp(x, 0)",
    "logsumexp(x, 2*x, 1)",
    "logsumexp(x**2, -x)",
    # constants
    "e**x",
    "E**(2*x)",
    "pi*x**2",
    "e**(pi*x)",
]
#: Points of each exercise's domain (off every kink and jump).
CORPUS_POINTS = (0.23, 0.61, 1.37)


def _oracle(text: str) -> sympy.Expr:
    """The exercise in SymPy's own functions (softplus as log(1 + exp(x)), ...), differentiated.

    The cube roots of the corpus are of positive numbers at its points, and floor, ceil
    and sign are constant near them.
    """
    written = to_sympy(parse(text)).replace(
        lambda e: isinstance(e, cbrt), lambda e: e.args[0] ** sympy.Rational(1, 3)
    )
    own = tuple(NAMED.values())
    plain = written.replace(lambda e: isinstance(e, own), lambda e: e.rewrite(sympy.exp))
    steps = (sympy.floor, sympy.ceiling, sympy.sign)
    return sympy.diff(plain, x).replace(
        lambda e: isinstance(e, sympy.Derivative) and isinstance(e.expr, steps),
        lambda e: sympy.Integer(0),
    )


def test_floor_has_no_chain_step() -> None:
    root = derivation_steps(parse("floor(3*x)"), "x")
    assert root.rule == "step function rule"
    assert root.result == 0


def test_corpus_is_large_and_distinct() -> None:
    assert len(CORPUS) >= 60
    assert len({str(to_sympy(parse(t))) for t in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("text", CORPUS)
def test_corpus_derivative_matches_sympy_at_50_digits(text: str) -> None:
    result = derivation_steps(parse(text), "x").result
    truth = _oracle(text)
    for p in CORPUS_POINTS:
        point = sympy.Rational(repr(p))
        ours, theirs = sympy.N(result.subs(x, point), 50), sympy.N(truth.subs(x, point), 50)
        assert abs(ours - theirs) <= sympy.Float(10) ** -45 * max(1, abs(theirs)), (text, p)


def test_cli_prints_the_warning_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "graph", "e*a", "e=2", "a=1")
    assert code == 0
    assert "L = e*a = 2" in out
    assert err == (
        "chainrule: warning: e is a variable here (it was given a value), "
        "not the constant e = 2.71828\n"
    )


def test_from_sympy_reads_every_function_of_the_table() -> None:
    y = symbol("y")
    assert to_text(from_sympy(sympy.Min(x, y, 1))) == "min(min(1, x), y)"
    assert to_text(from_sympy(sympy.atan2(y, x))) == "atan2(y, x)"
    assert to_text(from_sympy(sympy.log(x + 1))) == "log(x + 1)"  # not log1p(x)
    assert to_text(from_sympy(softplus(x) * sympy.erf(x))) == "erf(x)*softplus(x)"


def test_leaky_relu_and_elu_take_an_optional_parameter() -> None:
    x = symbol("x")
    assert to_sympy(parse("leaky_relu(x)")) == to_sympy(parse("leaky_relu(x, 0.01)"))
    assert to_sympy(parse("elu(x)")) == to_sympy(parse("elu(x, 1)"))
    d = derive("elu(x, 2)", timeout=60)
    assert d.sympy_diff_agrees is True
    assert d.function.rewrite(sympy.exp) == sympy.Piecewise(
        (x, x > 0), (2 * sympy.exp(x) - 2, True)
    )
    t = trace("leaky_relu(x, 0.2)", values={"x": -1.0})
    assert ([r.op for r in t.nodes], t.value, t.gradients) == (
        ["input", "const", "leaky_relu"],
        -0.2,
        {"x": 0.2},
    )
    assert sympy.latex(to_sympy(parse("leaky_relu(x, 0.2)"))) == (
        r"\operatorname{LeakyReLU}\left(x, \frac{1}{5}\right)"
    )
    with pytest.raises(ParseError, match="leaky_relu"):
        parse("leaky_relu(x, 0.2, 3)")
