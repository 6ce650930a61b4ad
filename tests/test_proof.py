"""The proof's judgement: a right derivative is never called wrong, a wrong one always is,
and a check that cannot decide says "undecided"."""

import dataclasses
import json
import math

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings

from chainrule.derivatives import derivation, proof
from chainrule.derivatives.curves import curve
from chainrule.derivatives.derivation import derive
from chainrule.derivatives.printing import MARKDOWN, TEXT, proof_notes, proof_outcome, proof_rows
from chainrule.derivatives.proof import Checks, against_sympy, check, sample_points
from chainrule.errors import DerivativeMismatchError, DomainError
from chainrule.expressions.expr import Expr, evaluate, parse, symbol, to_sympy, variables
from chainrule.words import Text
from conftest import run_cli
from strategies import expressions

x = symbol("x")
PRODUCT = "*".join(f"(x - {k})" for k in range(1, 31))


def _check(text: str, derivative: sympy.Expr, **kwargs: object) -> Checks:
    expr = parse(text)
    options: dict = {"wrt": "x", "order": 1, "at": {}, "x_range": (-8.0, 8.0), "points": 100}
    return check(expr, expr, derivative, **{**options, **kwargs})  # type: ignore[arg-type]


# --- the examples of the issue, end to end ----------------------------------------------
@pytest.mark.parametrize(
    ("expression", "order", "noisy"),
    [("cos(exp(2*x))", 1, 16), ("cos(exp(sqrt(1+x**2)))", 2, 24)],
)
def test_fast_oscillation_is_too_noisy_or_decided_never_wrong(
    capsys: pytest.CaptureFixture[str], expression: str, order: int, noisy: int
) -> None:
    code, out, err = run_cli(capsys, "derive", expression, "--order", str(order), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    checks = data["checks"]
    assert data["outcome"] == checks["outcome"] == "proved"
    assert checks["skipped"] == {proof.SKIP_NOISY: noisy}
    assert checks["points"] == 100 - noisy
    assert checks["precise_points"] > 0  # finite differences disagreed there, wrongly
    assert checks["tolerances"]["precise_digits"] == 50


def test_a_derivative_whose_float64_form_fails_is_evaluated_stably(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_cli(capsys, "derive", "log(1 + tanh(x)**2)**3", "--order", "2")
    assert (code, err) == (0, "")
    assert "\n  Outcome: proved.\n" in out
    assert "\n  Numeric agreement at 100 of 100 points of [-8, 8].\n" in out
    assert "float64" not in out


def test_an_expanded_product_that_loses_digits_in_float64_is_decided_at_high_precision() -> None:
    derivative = sympy.Poly(to_sympy(parse(PRODUCT)), x).diff(x).as_expr()
    assert len(derivative.args) == 30  # 30*x**29 - 13950*x**28 + ...: expanded
    c = _check(PRODUCT, derivative)
    assert (c.outcome, c.points, c.skipped) == ("proved", 100, {})
    assert 0 < c.precise < 100


def test_a_form_sympy_cannot_prove_equal_is_compared_at_high_precision(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the third derivative of sin(x)*cos(2*x)*tan(x/2) in two forms, which differ in
    # float64 next to the poles at +-pi; SymPy's proof of equality takes seconds
    truth = sympy.diff(sympy.sin(x) * sympy.cos(2 * x) * sympy.tan(x / 2), x, 3)
    ours = truth.rewrite(sympy.cos)
    xs = sample_points(-8.0, 8.0, 64)
    monkeypatch.setattr(proof, "same", lambda a, b: False)
    assert against_sympy(ours, truth, x, xs, np.full(64, True)) == (False, 10)
    with pytest.raises(DerivativeMismatchError, match=r"differs from sympy\.diff's"):
        against_sympy(ours + x / 10**6, truth, x, xs, np.full(64, True))


def test_a_derivative_that_overflows_in_float64_is_evaluated_at_high_precision() -> None:
    # 2*x*exp(x)/(exp(x) + 1)*(1 + exp(-x)) overflows in float64 from x = 703 on (exp(x)
    # alone from 709.78); x**2 itself is moderate there
    one = sympy.exp(x) / (sympy.exp(x) + 1) * (1 + sympy.exp(-x))
    overflows = np.isnan(curve(one * 2 * x, x)(sample_points(700.0, 720.0, 100)))
    assert overflows.sum() == 87
    stable = _check("x**2", one * 2 * x, x_range=(700.0, 720.0))
    assert (stable.outcome, stable.points, stable.precise, stable.skipped) == (
        "proved",
        100,
        87,
        {},
    )
    with pytest.raises(DerivativeMismatchError, match="at 50 digits"):
        _check("x**2", one * (2 * x + 1), x_range=(700.0, 720.0))


# --- a wrong derivative is caught; an undecidable one is undecided ------------------------
@pytest.mark.parametrize(
    ("text", "wrong", "oracle"),
    [
        ("sin(x)", sympy.cos(x) + x / 10**6, "autodiff"),
        ("cos(exp(2*x))", -sympy.exp(2 * x) * sympy.sin(sympy.exp(2 * x)), "autodiff"),
        ("x**3", 3 * x**2 + sympy.Rational(1, 10**6), "autodiff"),
    ],
)
def test_a_wrong_derivative_is_a_confirmed_mismatch(
    text: str, wrong: sympy.Expr, oracle: str
) -> None:
    with pytest.raises(DerivativeMismatchError, match=f"but {oracle} give.*at 50 digits"):
        _check(text, wrong)


def test_no_point_judged_is_undecided_not_wrong() -> None:
    # finite differences of 1e15 + sin(x) are rounding noise; autodiff alone judges nothing
    c = _check("1e15 + sin(x)", sympy.cos(x))
    assert (c.outcome, c.points, c.skipped) == ("undecided", 0, {proof.SKIP_NOISY: 100})
    assert math.isnan(c.autodiff_max_abs_error) and math.isnan(c.autodiff_max_rel_error)


def test_a_derivative_high_precision_cannot_evaluate_is_undecided() -> None:
    # an undefined function g: no value in float64 nor at 50 digits; after 5 such points
    # the others are not tried
    c = _check("sin(x)", sympy.Function("g")(x))
    assert (c.outcome, c.points, c.skipped) == ("undecided", 0, {proof.SKIP_PRECISE: 100})


def test_a_kink_on_a_check_point_is_undecided_there_not_wrong() -> None:
    # x = -1.5 is a check point; relu'(0) is 0 by convention, the central difference 1/2
    kink = sympy.Heaviside(x + sympy.Rational(3, 2), 0)
    c = _check("relu(1.5 + x)", kink, x_range=(-3.0, 3.0), points=50)
    assert (c.outcome, c.points, c.skipped) == ("proved", 49, {proof.SKIP_PRECISE: 1})


def test_a_range_outside_the_domain_is_an_error() -> None:
    with pytest.raises(DomainError, match=r"no point of \[-8, -1\] is in the domain"):
        _check("log(x)", 1 / x, x_range=(-8.0, -1.0))


@pytest.fixture(scope="module")
def undecided() -> derivation.Derivation:
    d = derive("sin(x)")
    checks = Checks(0, (-8.0, 8.0), math.nan, math.nan, math.nan, math.nan, {proof.SKIP_NOISY: 100})
    return dataclasses.replace(d, sympy_diff_agrees=None, sympy_diff_points=0, checks=checks)


def test_undecided_exits_0_with_a_clear_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    undecided: derivation.Derivation,
) -> None:
    monkeypatch.setattr(derivation, "derive", lambda *a, **k: undecided)
    code, out, err = run_cli(capsys, "derive", "sin(x)")
    assert (code, err) == (0, "")
    assert "\n  Outcome: undecided. SymPy could not prove the result equal" in out
    assert "\n  automatic differentiation  no point judged in float64\n" in out
    assert "\n  Points not judged: 100 where finite differences are too noisy to judge.\n" in out


def test_agreement_with_sympy_diff_at_high_precision_alone_is_a_proof(
    undecided: derivation.Derivation,
) -> None:
    d = dataclasses.replace(undecided, sympy_diff_points=8)
    assert d.outcome == "proved" and d.to_dict()["outcome"] == "proved"
    words = Text("en")
    assert proof_outcome(d, TEXT, words) == "Outcome: proved."
    assert dict(proof_rows(d, TEXT, words))["sympy.diff"] == (
        "equal at 8 points at 50 digits (SymPy could not prove it symbolically)"
    )


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_task1_says_undecided_in_both_languages(
    undecided: derivation.Derivation, lang: str
) -> None:
    text = Text(lang)
    rows = [f"{name}: {value}" for name, value in proof_rows(undecided, MARKDOWN, text)]
    notes = proof_notes(undecided, MARKDOWN, text)
    section = "\n\n".join([proof_outcome(undecided, MARKDOWN, text), *rows, *notes])
    noisy = text("task1.skip.noisy", count=100)
    assert text("task1.check.undecided") in section
    assert text("task1.check.skipped", reasons=noisy) in section
    assert text("task1.check.sympy_undecided") in section
    assert text("task1.check.no_errors") in section
    if lang == "uk":
        assert "undecided" not in section and "noisy" not in section


# --- sympy.diff's own derivative is never called wrong ------------------------------------
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_sympy_diffs_own_derivative_is_never_a_mismatch(expr: Expr) -> None:
    at = {n: 1.25 for n in variables(expr) if n != "x"}
    xs = sample_points(-3.0, 3.0, 50)
    try:
        evaluate(expr, {**at, "x": xs[0]})  # huge constants overflow here, not in SymPy
    except DomainError:
        assume(False)
    truth = to_sympy(expr).subs({symbol(n): sympy.Rational(v) for n, v in at.items()})
    derivative = sympy.diff(truth, x)
    try:
        c = check(expr, expr, derivative, wrt="x", order=1, at=at, x_range=(-3.0, 3.0), points=50)
    except DomainError:  # the whole range is outside the domain
        return
    assert c.points + sum(c.skipped.values()) == 50
    assert c.outcome == ("proved" if c.points else "undecided")
