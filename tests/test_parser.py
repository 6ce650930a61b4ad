"""The expression parser: grammar, printing round trips, and every kind of bad input."""

from __future__ import annotations

import math
import re

import pytest
import sympy
from hypothesis import given

from chainrule import derive
from chainrule.errors import ExpressionTooLargeError, ParseError
from chainrule.expressions.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    Expr,
    constant_values,
    depth,
    evaluate,
    nesting,
    nodes,
    parse,
    symbol,
    to_sympy,
    to_text,
    variables,
)
from chainrule.expressions.symbolic import symbolic_partials
from strategies import expressions


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("(2*a+b)*(c-d)", "(2*a + b)*(c - d)"),
        ("-x**2", "-x**2"),
        ("(-x)**2", "(-x)**2"),
        ("a-(b-c)", "a - (b - c)"),
        ("a-b-c", "a - b - c"),
        ("a/(b*c)", "a/(b*c)"),
        ("x**y**z", "x**y**z"),
        ("(x**y)**z", "(x**y)**z"),
        ("2**-x", "2**(-x)"),
        ("+x", "x"),
        ("1/(1+exp(-x))", "1/(1 + exp(-x))"),
        ("  sin( x )*cos(x)  ", "sin(x)*cos(x)"),
        ("1e-3*x + .5", "1e-3*x + .5"),
    ],
)
def test_prints_with_fewest_parentheses(text: str, printed: str) -> None:
    assert str(parse(text)) == printed


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("2+3*4", {}, 14.0),
        ("2**3**2", {}, 512.0),  # right-associative, as in Python
        ("-2**2", {}, -4.0),  # ** binds tighter than unary minus
        ("(2*a+b)*(c-d)", {"a": 3, "b": 4, "c": 5, "d": 6}, -10.0),
        ("8/4/2", {}, 1.0),  # left-associative
        ("pi", {}, math.pi),
        ("e", {}, math.e),
        ("1e-3", {}, 0.001),
        ("2.5e2", {}, 250.0),
    ],
)
def test_precedence_and_values(text: str, values: dict[str, float], expected: float) -> None:
    assert evaluate(parse(text), values) == pytest.approx(expected, rel=1e-15)


def test_variables_in_order_of_appearance() -> None:
    assert variables(parse("c*b + a*c - sin(b)")) == ["c", "b", "a"]


@given(expressions)
def test_printing_round_trips(expr: Expr) -> None:
    assert parse(str(expr)) == expr


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("", "empty expression", 1),
        ("   ", "empty expression", 4),
        ("2a", "unexpected 'a'; write * for multiplication", 2),
        ("(a+b", "missing ')' for the '(' opened", 1),
        ("a+b)", "unmatched ')'", 4),
        ("a+", "expected a number, a name or '(' but found end of expression", 3),
        ("a $ b", "unexpected character '$'", 3),
        ("foo(x)", "unknown function 'foo'", 1),
        ("sin x", "'sin' is a function; call it as sin(...)", 1),
        ("sin()", "sin() needs one argument", 5),
        ("sin(x, y)", "sin() takes one argument", 6),
        ("a^2", "'^' is not a power here; write ** (as in x**2)", 2),
        ("a**", "expected a number, a name or '(' but found end of expression", 4),
        ("*a", "expected a number, a name or '(' but found '*'", 1),
        ("log(x", "missing ')' for the '(' opened", 4),
    ],
)
def test_syntax_errors_name_the_column(text: str, message: str, column: int) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert str(info.value).startswith(message)
    assert info.value.position == column - 1
    assert str(info.value).endswith(f"at column {column}")


def test_nesting_limit_is_a_clear_error() -> None:
    assert depth(parse("(" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1))) == 1
    with pytest.raises(ExpressionTooLargeError, match="nested deeper than 100 levels"):
        parse("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(ExpressionTooLargeError, match="nested deeper"):
        parse("-" * 500 + "x")
    with pytest.raises(ExpressionTooLargeError, match="nested deeper"):
        parse("**".join(["x"] * (MAX_DEPTH + 2)))  # a power tower is real nesting
    with pytest.raises(ExpressionTooLargeError, match="nested deeper"):
        parse("sin(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("x", 0),
        ("a + b - c + d", 0),
        ("a*b/c*d + e*f", 0),
        ("a - (b - c)", 1),
        ("(a + b)*c", 1),
        ("-x", 1),
        ("sin(x) + cos(y)", 1),
        ("x**y**z", 2),
        ("(a + b)**2", 1),
        ("exp(-(a + b))", 3),
    ],
)
def test_nesting_counts_only_real_nesting(text: str, level: int) -> None:
    assert nesting(parse(text)) == level


@pytest.mark.parametrize("sep", ["+", "-", "*", "/"])
def test_a_flat_chain_as_long_as_the_length_limit_is_not_nesting(sep: str) -> None:
    count = MAX_LENGTH // 7  # "x0 + x1 + ... + x713", as printed: just under 5,000 characters
    text = sep.join(f"x{i}" for i in range(count))
    expr = parse(text)
    assert depth(expr) == count and nesting(expr) == 0
    assert to_text(expr).replace(" ", "") == text
    assert parse(to_text(expr)) == expr
    values = {f"x{i}": 1.0 + i % 3 for i in range(count)}
    assert math.isfinite(evaluate(expr, values)) or sep == "*"
    assert str(to_sympy(expr)).count("x") == count


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("2**2**2**2**2**2", "the constant 2**2**2**2**2 (about 10**19728) is beyond"),
        ("x*9**9**9", "the constant 9**9**9 (about 10**369693100) is beyond"),
        ("x*2**2**2**2**2", "the constant 2**2**2**2**2 (about 10**19728) is beyond"),
        ("x*2**1100", "the constant 2**1100 (about 10**331) is beyond the float64 range"),
        ("x*0.5**(10**9)", "the constant 0.5**10**9 (about 10**-301029996) is beyond"),
        ("x + 1e-200*1e-200", "the constant 1e-200*1e-200 (about 10**-400) is beyond"),
        ("x*exp(1000)", "the constant exp(1000) is beyond the float64 range"),
        ("x*1.0000001**10**6", "the constant 1.0000001**10**6 would take about 14000000 digits"),
        ("x*1e-5000", "the constant 1e-5000 has more than 1000 digits"),
    ],
)
def test_constants_too_large_to_compute_exactly_are_refused_first(text: str, named: str) -> None:
    with pytest.raises(ExpressionTooLargeError, match="^" + re.escape(named)):
        to_sympy(parse(text))
    with pytest.raises(ExpressionTooLargeError, match=re.escape(named)):
        symbolic_partials(parse(f"({text})*y"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2**2**2**2**2**2", "the constant 2**2**2**2**2 (about 10**19728) is beyond"),
        ("x*9**9**9", "the constant 9**9**9 (about 10**369693100) is beyond"),
        ("x*2**2**2**2**2", "the constant 2**2**2**2**2 (about 10**19728) is beyond"),
        ("x**(10**10)", "the exponent 10**10 in x**10**10 is too large to work with exactly"),
        ("x**(2**2**2**2)", "the exponent 2**2**2**2 in x**2**2**2**2 is too large"),
    ],
)
def test_derive_refuses_exploding_constants_at_once(text: str, message: str) -> None:
    with pytest.raises(ExpressionTooLargeError, match="^" + re.escape(message)):
        derive(text)


def test_constants_within_range_are_computed_exactly() -> None:
    assert to_sympy(parse("x*2**1000")) == sympy.Integer(2) ** 1000 * symbol("x")
    assert to_sympy(parse("x*(1/3)**600")) == symbol("x") / sympy.Integer(3) ** 600
    assert to_sympy(parse("+".join(["0.1"] * 990) + "+x")) == symbol("x") + 99
    expr = parse("log(-1) + 2**10*x")
    computed = {to_text(n): v for n in nodes(expr) if (v := constant_values(expr).get(id(n)))}
    assert computed == {"1": 1.0, "-1": -1.0, "2": 2.0, "10": 10.0, "2**10": 1024.0}  # no log(-1)


def test_length_limit_is_a_clear_error() -> None:
    with pytest.raises(ExpressionTooLargeError, match=f"the limit is {MAX_LENGTH}"):
        parse("x" * (MAX_LENGTH + 1))


def test_text_is_never_evaluated_as_python() -> None:
    for attack in ("__import__('os').system('true')", "x.__class__", "lambda: 0", "[x]"):
        with pytest.raises(ParseError):
            parse(attack)
