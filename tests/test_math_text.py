"""Printing results: d/dx(...), abs(...), factors before sums, rules in their own order."""

import sympy

from chainrule.engine.sympy_ops import sigmoid
from chainrule.expressions.expr import symbol
from chainrule.expressions.math_text import latex, text

x = symbol("x")


def test_derivatives_print_as_d_dx() -> None:
    assert text(sympy.Derivative(sympy.sin(x), x)) == "d/dx(sin(x))"
    assert text(sympy.Derivative(sympy.sin(x), x, 2)) == "d^2/dx^2(sin(x))"
    assert latex(sympy.Derivative(x**2, x)) == r"\frac{d}{d x} x^{2}"


def test_function_names_of_the_parser() -> None:
    assert text(sympy.Abs(x)) == "abs(x)"
    assert text(sympy.Ne(sympy.cos(x), 0)) == "cos(x) != 0"


def test_factors_before_sums() -> None:
    s = sigmoid(x)
    assert text(s * (1 - s)) == "sigmoid(x)*(1 - sigmoid(x))"
    assert text(-2 * sympy.tanh(x) * (1 - sympy.tanh(x) ** 2)) == "-2*tanh(x)*(1 - tanh(x)**2)"
    assert latex(s * (1 - s)) == r"\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)"
    assert text(x**2 * (x + 1) / (x - 1)) == "x**2*(x + 1)/(x - 1)"  # fractions left to SymPy


def test_written_out_rule_keeps_its_order() -> None:
    u = sympy.Derivative(x**3, x)
    v = sympy.Derivative(3 * x, x)
    rule = sympy.Add(u, -v, evaluate=False)
    assert text(rule, keep_order=True) == "d/dx(x**3) - d/dx(3*x)"
    assert text(rule) == "-d/dx(3*x) + d/dx(x**3)"
