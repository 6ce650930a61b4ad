"""derive(): results in the function's own terms, exact properties, variables and errors."""

import math

import numpy as np
import pytest
import sympy

from chainrule.derivatives.derivation import Derivation, derive
from chainrule.derivatives.proof import check
from chainrule.engine.sympy_ops import sigmoid, sympy_names
from chainrule.errors import (
    AmbiguousVariableError,
    ChainruleError,
    DerivativeMismatchError,
    DomainError,
    NotDifferentiableError,
    OptionError,
    ParseError,
    UnknownVariableError,
)
from chainrule.expressions.expr import parse, symbol
from chainrule.expressions.math_text import text
from chainrule.expressions.symbolic import same

x = symbol("x")


@pytest.fixture(scope="module")
def lab() -> Derivation:
    """The lab's Task 1: the sigmoid written out by hand."""
    return derive("1/(1+exp(-x))")


# --- results in the function's own terms ---------------------------------------------
def test_sigmoid_result_is_s_times_one_minus_s(lab: Derivation) -> None:
    assert text(lab.simplified) == "sigmoid(x)*(1 - sigmoid(x))"
    assert lab.in_own_terms
    assert text(lab.recognised) == "sigmoid(x)"
    assert same(lab.derivative, sympy.exp(-x) / (1 + sympy.exp(-x)) ** 2)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("tanh(x)", "1 - tanh(x)**2"),
        ("exp(x)", "exp(x)"),
        ("sigmoid(x)", "sigmoid(x)*(1 - sigmoid(x))"),
        ("exp(x)/(1 + exp(x))", "sigmoid(x)*(1 - sigmoid(x))"),
        ("(exp(x) - exp(-x))/(exp(x) + exp(-x))", "1 - tanh(x)**2"),
        ("2/(1 + exp(-x))", "2*sigmoid(x)*(1 - sigmoid(x))"),
    ],
)
def test_own_terms(expression: str, expected: str) -> None:
    d = derive(expression)
    assert text(d.simplified) == expected
    assert d.in_own_terms


def test_second_derivative_of_the_sigmoid_in_its_own_terms() -> None:
    d = derive("1/(1+exp(-x))", order=2)
    assert text(d.simplified) == "sigmoid(x)*(1 - sigmoid(x))*(1 - 2*sigmoid(x))"
    assert len(d.steps) == 2
    assert d.steps[1].rule == "product rule"  # d/dx of S*(1 - S)


def test_strings_read_back_by_sympy(lab: Derivation) -> None:
    data = lab.to_dict()
    for key in ("derivative", "simplified", "sympy_simplified"):
        back = sympy.parse_expr(data[key], local_dict={**sympy_names(), "x": x})
        assert same(back, sympy.diff(1 / (1 + sympy.exp(-x)), x))


def test_plain_result_when_there_are_no_own_terms() -> None:
    d = derive("x*exp(x)")
    assert not d.in_own_terms
    assert same(d.simplified, (x + 1) * sympy.exp(x))


# --- properties of the sigmoid, exact ----------------------------------------------
def test_sigmoid_limits_and_asymptotes_are_exact(lab: Derivation) -> None:
    p = lab.properties
    assert p.limits == {"-oo": 0, "oo": 1}
    assert all(isinstance(v, sympy.Integer) for v in p.limits.values())
    assert p.asymptotes == (0, 1)
    assert p.domain.reals is sympy.S.Reals


def test_sigmoid_peak_is_a_quarter_at_zero(lab: Derivation) -> None:
    p = lab.properties
    assert p.peak_exact == sympy.Rational(1, 4)
    assert [q.exact for q in p.peak_at] == [0]
    assert p.peak == 0.25
    assert not p.peak_at_edge


def test_sigmoid_is_increasing_everywhere(lab: Derivation) -> None:
    p = lab.properties
    assert p.trend == "increasing"
    assert [r.trend for r in p.runs] == ["increasing"]
    assert not p.linear
    assert p.differentiable


def test_sigmoid_saturation_boundary_is_exact(lab: Derivation) -> None:
    p = lab.properties
    # S'(x) = S(1 - S) = 1/40 where 4 cosh(x/2)**2 = 40, i.e. |x| = 2 acosh(sqrt(10))
    # = 2 log(3 + sqrt(10)) = log(19 + 6 sqrt(10))
    root10 = sympy.sqrt(10)
    lower, upper = p.saturation_boundary
    assert sympy.exp(upper.exact) == sympy.expand((3 + root10) ** 2)
    assert sympy.expand(sympy.exp(lower.exact) * sympy.exp(upper.exact)) == 1  # lower = -upper
    assert [(a.x, b.x) for a, b in p.saturated] == [(-8.0, lower.x), (upper.x, 8.0)]
    assert upper.x == pytest.approx(2 * math.acosh(math.sqrt(10)), abs=1e-12)
    assert upper.x == pytest.approx(3.6369, abs=1e-4)


def test_lab_saturation_claim_leaves_42_percent_of_the_slope(lab: Derivation) -> None:
    s2 = 1 / (1 + math.exp(-2))
    assert lab.slope_fraction(2.0) == pytest.approx(4 * s2 * (1 - s2), rel=1e-12)
    assert lab.slope_fraction(2.0) == pytest.approx(0.42, abs=0.005)


def test_saturation_fraction_is_an_option() -> None:
    p = derive("sigmoid(x)", saturation=0.05).properties
    # S(1 - S) = 1/80 where cosh(x/2)**2 = 20
    assert p.saturation_boundary[1].x == pytest.approx(2 * math.acosh(math.sqrt(20)), rel=1e-12)


def test_tanh_properties() -> None:
    p = derive("tanh(x)").properties
    assert p.limits == {"-oo": -1, "oo": 1}
    assert p.peak_exact == 1
    assert p.trend == "increasing"
    assert p.saturation_boundary[1].x == pytest.approx(math.atanh(math.sqrt(0.9)), rel=1e-12)


# --- other shapes ------------------------------------------------------------------------
def test_polynomial_monotonicity_and_edge_peak() -> None:
    p = derive("x**3 - 3*x").properties
    assert [(r.trend, r.start.x, r.end.x) for r in p.runs] == [
        ("increasing", -8.0, -1.0),
        ("decreasing", -1.0, 1.0),
        ("increasing", 1.0, 8.0),
    ]
    assert [s.exact for s in p.stationary] == [-1, 1]
    assert p.peak_at_edge and p.saturated == ()
    assert p.limits == {"-oo": -sympy.oo, "oo": sympy.oo}
    assert p.asymptotes == ()


def test_isolated_zero_of_the_slope_keeps_one_trend() -> None:
    p = derive("x**3").properties
    assert [(r.trend, r.start.x, r.end.x) for r in p.runs] == [("increasing", -8.0, 8.0)]


def test_log_domain_range_and_unbounded_slope() -> None:
    d = derive("log(x)")
    p = d.properties
    assert p.domain.reals == sympy.Interval.open(0, sympy.oo)
    assert d.checks.x_range == (0.0, 8.0)
    assert [(s.exact, s.reasons) for s in p.special_points] == [
        (0, ("log(x) is undefined here (it needs x > 0)",))
    ]
    assert [q.exact for q in p.unbounded_near] == [0]
    assert p.peak is None
    assert "-oo" not in p.limits and p.limits["oo"] == sympy.oo


@pytest.mark.parametrize(
    ("expression", "where", "reason"),
    [
        ("abs(x)", 0, "abs(x) is not differentiable here (abs'(0) is taken as 0)"),
        ("relu(x - 1)", 1, "relu(x - 1) is not differentiable here (relu'(0) is taken as 0)"),
        ("1/x", 0, "1/x is undefined here (it needs x != 0)"),
        ("sqrt(x)", 0, "sqrt(x) is not differentiable here (sqrt'(0) is infinite)"),
    ],
)
def test_special_points_are_named(expression: str, where: int, reason: str) -> None:
    p = derive(expression).properties
    assert [(s.exact, s.reasons) for s in p.special_points] == [(where, (reason,))]
    assert not p.differentiable


def test_tan_poles_are_special_and_its_domain_stays_a_condition() -> None:
    p = derive("tan(x)").properties
    assert p.domain.reals is None  # SymPy answers periodic conditions for one period only
    assert p.domain.text == "x with cos(x) != 0"
    poles = [s.exact for s in p.special_points]
    assert poles == [k * sympy.pi / 2 for k in (-5, -3, -1, 1, 3, 5)]


def test_constant_expression_has_derivative_zero() -> None:
    d = derive("2 + 3")
    assert d.constant and d.derivative == 0 and d.simplified == 0
    assert d.variable == "x"
    assert [s.rule for s in d.steps[0].walk()] == ["constant rule"]
    assert d.properties.trend == "constant"


def test_linear_function() -> None:
    p = derive("2*x + 1").properties
    assert p.linear and p.peak == 2 and p.saturated == ()


# --- variables --------------------------------------------------------------------
def test_other_variables_are_symbolic_constants() -> None:
    d = derive("a*x**2 + b", wrt="x", at={"a": 2})
    a = symbol("a")
    assert same(d.simplified, 2 * a * x)
    assert d.at == {"a": 2.0, "b": 1.0}  # b defaults to 1
    assert d.properties.peak == pytest.approx(32.0)  # |2*a*x| at x = 8, a = 2


def test_parameterised_sigmoid_keeps_its_own_terms() -> None:
    d = derive("sigmoid(k*x)", wrt="x", at={"k": 3})
    k = symbol("k")
    assert same(d.simplified, k * sigmoid(k * x) * (1 - sigmoid(k * x)))
    assert d.in_own_terms
    assert d.properties.peak_exact == sympy.Rational(3, 4)


def test_derivative_with_respect_to_another_variable() -> None:
    d = derive("x*y**2", wrt="y")
    assert same(d.simplified, 2 * x * symbol("y"))


# --- errors -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"expression": "a*x"}, AmbiguousVariableError),
        ({"expression": "x**2", "wrt": "y"}, UnknownVariableError),
        ({"expression": "x**2", "wrt": "2x"}, UnknownVariableError),
        ({"expression": "a*x", "wrt": "x", "at": {"x": 1}}, UnknownVariableError),
        ({"expression": "a*x", "wrt": "x", "at": {"c": 1}}, UnknownVariableError),
        ({"expression": "a*x", "wrt": "x", "at": {"a": math.inf}}, OptionError),
        ({"expression": "x", "order": 0}, OptionError),
        ({"expression": "x", "order": 5}, OptionError),
        ({"expression": "x", "points": 10}, OptionError),
        ({"expression": "x", "saturation": 1.5}, OptionError),
        ({"expression": "x", "x_range": (3.0, 3.0)}, OptionError),
        ({"expression": "x", "x_range": (0.0, math.nan)}, OptionError),
        ({"expression": "x +"}, ParseError),
        ({"expression": "log(-1) + x"}, DomainError),
        ({"expression": "log(x)", "x_range": (-8.0, -1.0)}, DomainError),
        ({"expression": "abs(x)", "order": 2}, NotDifferentiableError),
        ({"expression": "relu(x)", "order": 2}, NotDifferentiableError),
    ],
)
def test_bad_input(kwargs: dict, error: type[ChainruleError]) -> None:
    expression = kwargs.pop("expression")
    with pytest.raises(error):
        derive(expression, **kwargs)


def test_error_messages_name_the_problem() -> None:
    with pytest.raises(UnknownVariableError, match=r"y is not a variable of x\*\*2"):
        derive("x**2", wrt="y")
    with pytest.raises(AmbiguousVariableError, match=r"several variables \(a, x\)"):
        derive("a*x")
    with pytest.raises(NotDifferentiableError, match="sign"):
        derive("abs(x)", order=2)


def test_a_wrong_derivative_is_an_error_not_a_footnote() -> None:
    expr = parse("x**3")
    wrong = 3 * x**2 + sympy.Rational(1, 10**6)
    with pytest.raises(DerivativeMismatchError, match="autodiff"):
        check(expr, expr, wrong, wrt="x", order=1, at={}, x_range=(-2.0, 2.0), points=50)


def test_finite_differences_alone_catch_a_wrong_derivative() -> None:
    # autodiff of the "graph" x**3 + x agrees with 3*x**2 + 1, but the function is x**3
    with pytest.raises(DerivativeMismatchError, match="finite differences"):
        check(
            parse("x**3"),
            parse("x**3 + x"),
            3 * x**2 + 1,
            wrt="x",
            order=1,
            at={},
            x_range=(-2.0, 2.0),
            points=50,
        )


def test_checks_skip_points_outside_the_domain() -> None:
    d = derive("sqrt(x)", x_range=(-4.0, 4.0))
    assert d.checks.points == 50 and d.checks.skipped == {"outside the domain": 50}


def test_checks_use_the_requested_number_of_points() -> None:
    d = derive("sin(x)", points=64)
    assert d.checks.points == 64
    assert d.checks.autodiff_max_abs_error < 1e-14
    assert d.checks.finite_difference_max_abs_error < 1e-8


def test_numeric_view_of_the_results(lab: Derivation) -> None:
    xs = np.array([-1.0, 0.0, 2.0])
    s = 1 / (1 + np.exp(-xs))
    np.testing.assert_allclose(lab.numeric("function")(xs), s, rtol=1e-15)
    np.testing.assert_allclose(lab.numeric("first")(xs), s * (1 - s), rtol=1e-14)


def test_derive_converts_the_expression_to_sympy_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10: the steps, the domain, the special points and the proof share one conversion."""
    import chainrule.derivatives.derivation as derivation_module
    import chainrule.derivatives.proof as proof_module
    import chainrule.derivatives.special_points as special_module
    import chainrule.derivatives.steps as steps_module
    from chainrule.expressions import expr as expr_module

    converted: list[str] = []

    def counted(expr: expr_module.Expr) -> dict[int, sympy.Expr]:
        converted.append(expr_module.to_text(expr))
        return expr_module.sympy_nodes(expr)

    for module in (derivation_module, steps_module, special_module):
        monkeypatch.setattr(module, "sympy_nodes", counted)
    monkeypatch.setattr(proof_module, "to_sympy", lambda e: counted(e)[id(e)])
    derive("log(x)/(1 + exp(-x))")
    assert converted == ["log(x)/(1 + exp(-x))"]
