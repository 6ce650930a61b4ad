"""The expression parser: grammar, printing round trips, and every kind of bad input."""

from __future__ import annotations

import math

import pytest
from hypothesis import given

from chainrule.errors import ExpressionTooLargeError, ParseError
from chainrule.expr import MAX_DEPTH, MAX_LENGTH, Expr, depth, evaluate, parse, variables
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
        parse("+".join(["x"] * (MAX_DEPTH + 1)))


def test_length_limit_is_a_clear_error() -> None:
    with pytest.raises(ExpressionTooLargeError, match=f"the limit is {MAX_LENGTH}"):
        parse("x" * (MAX_LENGTH + 1))


def test_text_is_never_evaluated_as_python() -> None:
    for attack in ("__import__('os').system('true')", "x.__class__", "lambda: 0", "[x]"):
        with pytest.raises(ParseError):
            parse(attack)
