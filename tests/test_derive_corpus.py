"""A corpus of expressions: each derivative equals sympy.diff, every step is a true
derivative of its own expression, and autodiff and finite differences agree."""

import numpy as np
import pytest
import sympy

from chainrule.derivatives.derivation import Derivation, derive
from chainrule.derivatives.proof import sample_points
from chainrule.expressions.expr import parse, symbol, to_sympy
from chainrule.expressions.symbolic import same

CORPUS = [
    # polynomials
    "x",
    "3*x + 2",
    "x**2",
    "x*x*x - 3*x",
    "(2*x + 1)**5",
    "x**4/4 - x**2 + 0.5",
    "(x - 1)*(x + 2)*(x - 3)",
    # rational functions
    "1/x",
    "1/(1 + x**2)",
    "(x + 1)/(x - 1)",
    "x/(x**2 + 1)",
    "2*x**-3",
    # roots and powers
    "sqrt(x)",
    "sqrt(1 - x**2)",
    "x**0.5 + x**1.5",
    "x**(1/3)",
    # exponentials and logarithms
    "exp(-x**2)",
    "2**x",
    "log(x**2 + 1)",
    "x*log(x)",
    "log(log(x))",
    "exp(x)/(1 + exp(x))",
    # trigonometric and hyperbolic
    "cos(2*x + 1)",
    "tan(x)",
    "sin(x)**2 + cos(x)**2",
    "(exp(x) - exp(-x))/(exp(x) + exp(-x))",
    # activations
    "1/(1+exp(-x))",
    "sigmoid(2*x - 1)",
    "relu(x - 1) + abs(x + 1)",
    # products of transcendental functions
    "x*sin(x)",
    "exp(x)*sin(x)",
    "sin(x)*cos(x)*exp(-x)",
    "x**2*exp(-x)*log(x + 10)",
    # general powers
    "x**x",
    "x**sin(x)",
    "(x**2 + 1)**x",
    # nested chains
    "sin(cos(tan(x)))",
    "exp(sin(x**2))",
    "log(1 + exp(-x))",
    "sqrt(log(x**2 + 2))",
    "tanh(sigmoid(3*x))",
    "1/(1 + exp(-(2*x + 1)))",
]

#: A few at order 2: the second derivative's steps start from the first's result.
SECOND_ORDER = ["1/(1+exp(-x))", "x*sin(x)", "x**x", "(x + 1)/(x - 1)", "tanh(sigmoid(3*x))"]

x = symbol("x")


def test_corpus_is_large_and_distinct() -> None:
    assert len(CORPUS) >= 40
    assert len({str(to_sympy(parse(t))) for t in CORPUS}) == len(CORPUS)


def _check(text: str, order: int) -> None:
    d = derive(text, order=order)
    truth = sympy.diff(to_sympy(parse(text)), x, order)
    assert same(d.derivative, truth)
    assert same(d.simplified, truth)
    for root in d.steps:
        for step in root.walk():
            assert same(sympy.diff(step.expression, step.variable), step.result), step.rule
    c = d.checks
    assert c.points >= 50
    assert c.autodiff_max_abs_error <= 1e-8 * max(1.0, _largest(d))
    assert c.finite_difference_max_rel_error <= 1e-3


def _largest(d: Derivation) -> float:
    """Largest |derivative| at the check points: errors are judged against it."""
    values = d.numeric("derivative")(sample_points(*d.checks.x_range, d.checks.points))
    return float(np.nanmax(np.abs(values)))


@pytest.mark.parametrize("text", CORPUS)
def test_first_derivative(text: str) -> None:
    _check(text, 1)


@pytest.mark.parametrize("text", SECOND_ORDER)
def test_second_derivative(text: str) -> None:
    _check(text, 2)
