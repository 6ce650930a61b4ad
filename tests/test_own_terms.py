"""Derivatives written through the function itself, found by fitting and proven by SymPy."""

import numpy as np
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.derivatives.own_terms import in_own_terms, recognise
from chainrule.engine.sympy_ops import sigmoid
from chainrule.expressions.expr import parse, symbol, to_sympy
from chainrule.expressions.math_text import text
from chainrule.expressions.symbolic import same

x = symbol("x")
SAMPLE = np.linspace(-8, 8, 64)


def own(expression: str) -> sympy.Expr | None:
    f = to_sympy(parse(expression))
    named, _ = recognise(f, x)
    return in_own_terms(sympy.diff(f, x), named, x, sample=SAMPLE, at={})


def test_recognise_a_table_function_written_out() -> None:
    assert recognise(to_sympy(parse("1/(1+exp(-x))")), x) == (sigmoid(x), sigmoid(x))
    assert recognise(to_sympy(parse("exp(x)/(1+exp(x))")), x)[0] == sigmoid(x)
    assert recognise(to_sympy(parse("1/(1+exp(-2*x+1))")), x)[0] == sigmoid(2 * x - 1)
    named, whole = recognise(to_sympy(parse("3 - 2/(1+exp(-x))")), x)
    assert named == sigmoid(x) and whole == 3 - 2 * sigmoid(x)
    tanh = to_sympy(parse("(exp(x)-exp(-x))/(exp(x)+exp(-x))"))
    assert recognise(tanh, x)[0] == sympy.tanh(x)


def test_recognise_leaves_other_functions_alone() -> None:
    f = to_sympy(parse("x**2 + 1"))
    assert recognise(f, x) == (f, f)


def test_classic_own_terms() -> None:
    assert text(own("1/(1+exp(-x))")) == "sigmoid(x)*(1 - sigmoid(x))"
    assert text(own("tanh(x)")) == "1 - tanh(x)**2"
    assert text(own("exp(x)")) == "exp(x)"
    assert text(own("tan(x)")) == "tan(x)**2 + 1"


def test_no_own_terms_where_there_are_none() -> None:
    for expression in ("x**2", "sin(x)", "log(x)", "x*exp(x)", "x", "relu(x)"):
        assert own(expression) is None, expression


def test_coefficients_free_of_x_are_kept_symbolic() -> None:
    k = symbol("k")
    f = sigmoid(k * x)
    found = in_own_terms(sympy.diff(f, x), f, x, sample=SAMPLE, at={k: sympy.Integer(2)})
    assert same(found, k * f * (1 - f))


@settings(max_examples=20, deadline=None, derandomize=True)
@given(
    st.integers(-3, 3).filter(bool),
    st.integers(-3, 3).filter(bool),
    st.integers(-3, 3),
)
def test_scaled_and_shifted_sigmoid(a: int, k: int, b: int) -> None:
    f = a / (1 + sympy.exp(-k * x)) + b
    named, _ = recognise(f, x)
    assert named == sigmoid(k * x)
    found = in_own_terms(sympy.diff(f, x), named, x, sample=SAMPLE, at={})
    assert found is not None
    assert same(found, a * k * sigmoid(k * x) * (1 - sigmoid(k * x)))
