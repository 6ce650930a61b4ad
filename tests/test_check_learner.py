# ruff: noqa: RUF001 - learners type the minus sign, the Greek sigma and the like
"""Learner syntax: parsed by chainrule's own parser, with the learner's columns in errors."""

from __future__ import annotations

import pytest

from chainrule.errors import ParseError
from chainrule.expressions.expr import parse
from chainrule.expressions.learner import parse_learner


@pytest.mark.parametrize(
    ("learner", "chainrule"),
    [
        ("2x", "2*x"),
        ("x(1-x)", "x*(1 - x)"),
        ("(x+1)(x-1)", "(x + 1)*(x - 1)"),
        ("3x^2 + 2x", "3*x**2 + 2*x"),
        ("e^(-x)/(1+e^(-x))^2", "e**(-x)/(1 + e**(-x))**2"),
        ("e^-x", "e**(-x)"),
        ("−2x²", "-2*x**2"),
        ("2 × x ÷ 3", "2*x/3"),
        ("σ(x)(1−σ(x))", "sigmoid(x)*(1 - sigmoid(x))"),
        ("2sin(x)cos(x)", "2*sin(x)*cos(x)"),
        ("2xsin(x)", "2*x*sin(x)"),
        ("ln(x)", "log(x)"),
        ("2 x", "2*x"),
        ("(x+1)2", "(x + 1)*2"),
    ],
)
def test_learner_syntax_reads_as_chainrule_syntax(learner: str, chainrule: str) -> None:
    assert parse_learner(learner, variables=["x"]) == parse(chainrule)


def test_a_sigmoid_name_counts_only_when_given() -> None:
    assert parse_learner("S(x)", variables=["x"], sigmoid=["S"]) == parse("sigmoid(x)")
    with pytest.raises(ParseError, match="unknown function 'S'"):
        parse_learner("S(x)", variables=["x"])


def test_words_made_of_the_task_variables_are_products() -> None:
    assert parse_learner("xy + 2ab", variables=["x", "y", "a", "b"]) == parse("x*y + 2*a*b")


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("sinx", "unknown name 'sinx'; did you mean sin(x)?", 1),
        ("2xcosx", "unknown name 'xcosx'; did you mean x*cos(x)?", 2),
        ("x^2 + sni(x)", "unknown function 'sni'; did you mean sin?", 7),
        ("(x+1", "missing ')' for the '(' opened", 1),
        ("2x +* 3", "expected a number, a name or '(' but found '*'", 5),
        ("x − $", "unexpected character '$'", 5),
        ("cos x", "'cos' is a function; call it as cos(...)", 1),
        ("x 2", "unexpected '2'; write * for multiplication", 3),
    ],
)
def test_typos_get_the_learners_column_and_a_suggestion(
    text: str, message: str, column: int
) -> None:
    with pytest.raises(ParseError) as caught:
        parse_learner(text, variables=["x"], what="the answer")
    assert str(caught.value) == f"the answer: {message} at column {column}"
    assert caught.value.position == column - 1 and caught.value.text == text


def test_nothing_is_evaluated() -> None:
    with pytest.raises(ParseError, match="unknown function '__import__'"):
        parse_learner("__import__(x)", variables=["x"])
    with pytest.raises(ParseError):
        parse_learner("x.real", variables=["x"])
