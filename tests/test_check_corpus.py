# ruff: noqa: RUF001 - learners type the minus sign and the Greek sigma
"""The learner corpus of issue 11: right answers written differently are all accepted, wrong
answers with a known slip are all refused with that slip named, and domain traps hold."""

from __future__ import annotations

import pytest

from chainrule.check.derivative import check_derivative
from chainrule.check.slips import (
    FACTOR_DROPPED,
    INNER_DROPPED,
    POWER_OFF_BY_ONE,
    PRODUCT_TERM_MISSING,
    QUOTIENT_SWAPPED,
    SIGN_LOST,
)
from chainrule.check.verdict import Verdict

INNER, SIGN, SWAP, POWER, FACTOR, PRODUCT = (
    INNER_DROPPED,
    SIGN_LOST,
    QUOTIENT_SWAPPED,
    POWER_OFF_BY_ONE,
    FACTOR_DROPPED,
    PRODUCT_TERM_MISSING,
)

# function -> (right answers, (wrong answer, the slip it comes from))
CORPUS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "x^3": (("3x^2", "3x*x", "3·x²"), (("3x^3", POWER), ("x^2", FACTOR), ("3x", POWER))),
    "3x^2 - 5x": (
        ("6x-5", "-5+6x", "6x − 5"),
        (("6x+5", SIGN), ("3x-5", FACTOR), ("2x-5", FACTOR)),
    ),
    "sin(x^2)": (("2x cos(x^2)", "cos(x^2)*2x"), (("cos(x^2)", INNER), ("x cos(x^2)", FACTOR))),
    "cos(3x)": (("-3sin(3x)", "−3 sin(3x)"), (("-sin(3x)", INNER), ("3sin(3x)", SIGN))),
    "tan(x)": (("1/cos(x)^2", "sec(x)^2", "1+tan(x)^2"), ()),
    "exp(-x)": (("-e^(-x)", "-1/e^x"), (("e^(-x)", INNER),)),
    "exp(x^2)": (("2x e^(x^2)", "2xexp(x^2)"), (("e^(x^2)", INNER), ("x e^(x^2)", FACTOR))),
    "log(x)": (("1/x", "x^(-1)", "1/abs(x)"), ()),
    "ln(x^2+1)": (("2x/(x^2+1)", "2x/(1+x²)"), (("1/(x^2+1)", INNER), ("x/(x^2+1)", FACTOR))),
    "sqrt(x)": (
        ("1/(2sqrt(x))", "0.5x^(-0.5)", "1/(2x^(1/2))"),
        (("1/sqrt(x)", FACTOR),),
    ),
    "sqrt(1-x^2)": (
        ("-x/sqrt(1-x^2)", "x/(-sqrt(1-x^2))"),
        (("x/sqrt(1-x^2)", SIGN), ("1/(2sqrt(1-x^2))", INNER)),
    ),
    "1/x": (("-1/x^2", "-x^(-2)"), (("1/x^2", SIGN), ("-1/x", POWER), ("-1/x^3", POWER))),
    "1/(1+exp(-x))": (
        ("e^(-x)/(1+e^(-x))^2", "S(x)(1-S(x))", "σ(x)(1−σ(x))", "e^x/(1+e^x)^2"),
        (("-e^(-x)/(1+e^(-x))^2", INNER), ("e^(-x)/(1+e^(-x))", POWER)),
    ),
    "sigmoid(2x)": (("2σ(2x)(1-σ(2x))", "2e^(-2x)/(1+e^(-2x))^2"), (("σ(2x)(1-σ(2x))", INNER),)),
    "tanh(2x)": (("2(1-tanh(2x)^2)", "2/cosh(2x)^2"), (("1-tanh(2x)^2", INNER),)),
    "x*exp(x)": (("e^x(1+x)", "xe^x+e^x"), (("x e^x", PRODUCT), ("e^x", PRODUCT))),
    "x^2*sin(x)": (
        ("2x sin(x) + x^2 cos(x)", "x(2sin(x)+x cos(x))"),
        (("x^2cos(x)", PRODUCT), ("2xsin(x)", PRODUCT), ("x sin(x) + x^2 cos(x)", FACTOR)),
    ),
    "sin(x)/x": (
        ("(x cos(x) - sin(x))/x^2", "cos(x)/x - sin(x)/x^2"),
        (("(sin(x) - x cos(x))/x^2", SWAP), ("(x cos(x)+sin(x))/x^2", SIGN)),
    ),
    "(x^2+1)/(x-1)": (
        ("(x^2-2x-1)/(x-1)^2", "2x/(x-1) - (x^2+1)/(x-1)^2"),
        (("(2x(x-1)+(x^2+1))/(x-1)^2", SIGN), ("((x^2+1) - 2x(x-1))/(x-1)^2", SWAP)),
    ),
    "atan(2x)": (("2/(1+4x^2)", "2(4x²+1)^(-1)"), (("1/(1+4x^2)", INNER),)),
    "asin(x)": (("1/sqrt(1-x^2)", "(1-x^2)^(-1/2)"), ()),
    "acos(x)": (("-1/sqrt(1-x^2)",), (("1/sqrt(1-x^2)", SIGN),)),
    "cosh(2x)": (("2sinh(2x)", "e^(2x)-e^(-2x)"), (("sinh(2x)", INNER),)),
    "softplus(x)": (("σ(x)", "1/(1+e^(-x))", "e^x/(1+e^x)"), ()),
    "x*log(x)": (("log(x)+1", "ln(x)+1"), (("log(x)", PRODUCT), ("1", PRODUCT))),
    "exp(sin(x))": (("cos(x)e^(sin(x))", "e^sin(x) cos(x)"), (("e^(sin(x))", INNER),)),
    "(2x+1)^5": (
        ("10(2x+1)^4", "5(2x+1)^4*2"),
        (
            ("5(2x+1)^4", INNER),
            ("10(2x+1)^5", POWER),
            ("2(2x+1)^4", FACTOR),
            ("10(2x+1)^3", POWER),
        ),
    ),
    "1/(x^2+1)": (
        ("-2x/(x^2+1)^2", "-2x(x^2+1)^(-2)"),
        (("2x/(x^2+1)^2", SIGN), ("-1/(x^2+1)^2", INNER), ("-2x/(x^2+1)", POWER)),
    ),
    "sec(x)": (("sec(x)tan(x)", "sin(x)/cos(x)^2"), ()),
    "erf(x)": (("2/sqrt(pi) e^(-x^2)", "2exp(-x^2)/sqrt(pi)"), ()),
    "exp(x)/x": (("e^x(x-1)/x^2", "e^x/x - e^x/x^2"), (("e^x(1-x)/x^2", SWAP),)),
    "cos(x)^2": (
        ("-2sin(x)cos(x)", "-sin(2x)"),
        (("2sin(x)cos(x)", SIGN), ("-sin(x)cos(x)", FACTOR), ("2cos(x)", INNER)),
    ),
    "x^2*exp(-x)": (
        ("x(2-x)e^(-x)", "2xe^(-x) - x^2e^(-x)"),
        (("2xe^(-x)+x^2e^(-x)", INNER), ("2x e^(-x)", PRODUCT)),
    ),
    "log(sigmoid(x))": (("1-σ(x)", "1/(1+e^x)"), ()),
    "sinh(x)": (("cosh(x)", "(e^x+e^(-x))/2"), ()),
    "tanh(x)": (("1-tanh(x)^2", "1/cosh(x)^2"), ()),
    "x^4 - 2x^2 + 7": (
        ("4x^3-4x", "4x(x^2-1)"),
        (
            ("4x^3+4x", SIGN),
            ("4x^4-4x", POWER),
            ("x^3-4x", FACTOR),
            ("4x^3-2x", FACTOR),
        ),
    ),
    "sin(x)cos(x)": (
        ("cos(x)^2 - sin(x)^2", "cos(2x)"),
        (("cos(x)^2 + sin(x)^2", SIGN), ("cos(x)^2", PRODUCT)),
    ),
    "log(cos(x))": (("-tan(x)", "-sin(x)/cos(x)"), (("1/cos(x)", INNER),)),
    "x^(3/2)": (("1.5sqrt(x)", "3/2 x^(1/2)"), (("1.5x^(3/2)", POWER), ("x^(1/2)", FACTOR))),
    "sqrt(x-10)": (("1/(2sqrt(x-10))", "0.5(x-10)^(-1/2)"), (("1/sqrt(x-10)", FACTOR),)),
}

RIGHT = [(f, a) for f, (rights, _) in CORPUS.items() for a in rights]
WRONG = [(f, a, kind) for f, (_, wrongs) in CORPUS.items() for a, kind in wrongs]


def test_the_corpus_is_as_large_as_the_issue_asks() -> None:
    assert len(CORPUS) >= 30
    assert len(RIGHT) >= 60 and len(WRONG) >= 60
    assert len(RIGHT) + len(WRONG) + len(TRAPS) + len(SECOND) >= 150


@pytest.mark.parametrize(("function", "answer"), RIGHT)
def test_right_answers_written_differently_are_accepted(function: str, answer: str) -> None:
    result = check_derivative(function, answer=answer)
    assert result.verdict == Verdict.EQUIVALENT, (result.method, result.where)
    assert result.mistakes == ()


@pytest.mark.parametrize(("function", "answer", "kind"), WRONG)
def test_wrong_answers_are_refused_with_their_slip_named(
    function: str, answer: str, kind: str
) -> None:
    result = check_derivative(function, answer=answer)
    assert result.verdict == Verdict.NOT_EQUIVALENT
    assert kind in {m.kind for m in result.mistakes}


# Domain traps: (function, answer, verdict, whether a domain remark is made)
TRAPS = [
    ("x^2/2", "sqrt(x)^2", Verdict.EQUIVALENT, True),  # equal only where x >= 0: said so
    ("log(x^2)", "2exp(-log(x))", Verdict.EQUIVALENT, True),
    ("log(x^2)", "2/x", Verdict.EQUIVALENT, False),
    ("log(x)", "1/abs(x)", Verdict.EQUIVALENT, False),  # equal on the whole domain, x > 0
    ("log(abs(x))", "1/abs(x)", Verdict.NOT_EQUIVALENT, False),  # differs for x < 0
    ("abs(x)", "1", Verdict.NOT_EQUIVALENT, False),
    ("sqrt(x-10)", "1/(2sqrt(x-10))", Verdict.EQUIVALENT, False),  # domain beyond [-8, 8]
    ("log(-x-20)", "1/(x+20)", Verdict.EQUIVALENT, False),
    ("asin(x)", "1/sqrt(1+x^2)", Verdict.NOT_EQUIVALENT, False),  # only [-1, 1] is sampled
    ("sqrt(x)", "1/(2sqrt(abs(x)))", Verdict.EQUIVALENT, False),
    ("x", "1 + 1e-12", Verdict.NOT_EQUIVALENT, False),  # float64 alone would call it equal
    ("exp(x)", "e^x + 1e-30*x", Verdict.NOT_EQUIVALENT, False),
]


@pytest.mark.parametrize(("function", "answer", "verdict", "remark"), TRAPS)
def test_domain_traps(function: str, answer: str, verdict: Verdict, remark: bool) -> None:
    result = check_derivative(function, answer=answer)
    assert result.verdict == verdict
    assert any("undefined" in r for r in result.remarks) == remark


SECOND = [
    ("x^3", "6x", Verdict.EQUIVALENT),
    ("sin(x)", "-sin(x)", Verdict.EQUIVALENT),
    ("sin(x)", "sin(x)", Verdict.NOT_EQUIVALENT),
    ("exp(2x)", "4e^(2x)", Verdict.EQUIVALENT),
    ("x^3", "3x^2", Verdict.NOT_EQUIVALENT),
]


@pytest.mark.parametrize(("function", "answer", "verdict"), SECOND)
def test_second_derivatives(function: str, answer: str, verdict: Verdict) -> None:
    assert check_derivative(function, answer=answer, order=2).verdict == verdict
