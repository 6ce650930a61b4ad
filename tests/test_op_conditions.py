"""The op table's symbolic domain conditions and kinks agree with its numeric domain checks."""

import math

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.engine.ops import OPS, SCALAR
from chainrule.engine.sympy_ops import SYMBOLIC

VALUES = st.sampled_from([-2.5, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, math.pi / 2])


@pytest.mark.parametrize("name", [n for n, op in OPS.items() if op.condition is not None])
@settings(derandomize=True)
@given(a=VALUES, b=VALUES)
def test_condition_matches_the_numeric_domain(name: str, a: float, b: float) -> None:
    op = OPS[name]
    inputs = (a, b)[: op.arity]
    exact = [sympy.nsimplify(v, [sympy.pi]) for v in inputs]
    holds = bool(op.condition(SYMBOLIC, *exact))
    assert op.domain is not None
    numeric_ok = op.domain(SCALAR, *inputs) is None
    if name in ("tan", "sec") and inputs[0] == math.pi / 2:
        numeric_ok = False  # cos(pi/2) is 6e-17 in floats: the numeric check cannot see it
    assert holds == numeric_ok


def test_pow_condition_depends_on_the_exponent() -> None:
    a = sympy.Symbol("a", real=True)
    cond = OPS["pow"].condition
    assert cond(SYMBOLIC, a, sympy.Integer(2)) is sympy.true
    assert cond(SYMBOLIC, a, sympy.Integer(-1)) == sympy.Ne(a, 0)
    assert cond(SYMBOLIC, a, sympy.Rational(1, 2)) == (a >= 0)
    assert cond(SYMBOLIC, a, sympy.Rational(-1, 2)) == (a > 0)
    assert cond(SYMBOLIC, a, a) == (a > 0)


def test_kinks() -> None:
    t = sympy.Symbol("t", real=True)
    assert {n for n, op in OPS.items() if op.kink is not None} == {
        *("sqrt", "relu", "abs", "pow", "asin", "acos", "atan2", "acosh", "cbrt", "hypot"),
        *("min", "max", "floor", "ceil", "sign", "leaky_relu", "elu"),
    }
    assert OPS["elu"].kink(SYMBOLIC, t, sympy.Integer(1)) is None  # alpha = 1: smooth
    assert OPS["elu"].kink(SYMBOLIC, t, sympy.Integer(2)) == t
    assert OPS["max"].kink(SYMBOLIC, t, sympy.Integer(1)) == t - 1
    assert OPS["atan2"].kink(SYMBOLIC, t, sympy.Integer(-1)) == t**2  # the cut, x < 0
    assert OPS["abs"].kink(SYMBOLIC, t) == t
    assert OPS["pow"].kink(SYMBOLIC, t, sympy.Rational(1, 3)) == t
    assert OPS["pow"].kink(SYMBOLIC, t, sympy.Integer(2)) is None
    assert OPS["pow"].kink(SYMBOLIC, t, sympy.Rational(3, 2)) is None


def test_rule_names_by_varying_inputs() -> None:
    assert OPS["div"].rule_for([False, True]) == "reciprocal rule"
    assert OPS["div"].rule_for([True, False]) == "constant multiple rule"
    assert OPS["div"].rule_for([True, True]) == "quotient rule"
    assert OPS["pow"].rule_for([True, True]) == "general power rule (u**v)"
    assert OPS["exp"].rule_for([True]) == "exponential rule"
