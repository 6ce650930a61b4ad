# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""``chainrule check derive`` and ``chainrule.check_derivative`` / ``check_work``."""

from __future__ import annotations

import io
import json

import pytest
from tests.conftest import run_cli

import chainrule
from chainrule.check.verdict import Mistake, Verdict
from chainrule.errors import OptionError, ParseError, UnknownVariableError

LAB = "1/(1+exp(-x))"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run_cli(capsys, "check", "derive", *argv)


def test_the_issue_example_names_the_dropped_inner_derivative() -> None:
    result = chainrule.check_derivative(LAB, answer="-e^(-x)/(1+e^(-x))^2")
    assert result.verdict == Verdict.NOT_EQUIVALENT and result.exit_code == 1
    assert result.method == "numeric difference" and result.digits == 50
    inner = Mistake(
        "1.2.2",
        "chain rule",
        "the inner derivative of exp(-x), d/dx(-x) = -1, was dropped",
        "inner derivative dropped",
    )
    assert inner in result.mistakes
    assert [m.step for m in result.mistakes] == ["1.1", "1.2.2", "1.2.2.2"]  # all that fit


def test_a_right_answer_is_proven_and_gets_no_mistake() -> None:
    result = chainrule.check_derivative(LAB, answer="e^(-x)/(1+e^(-x))^2")
    assert result.verdict == Verdict.EQUIVALENT and result.exit_code == 0
    assert (result.method, result.points, result.mistakes) == ("symbolic proof", 60, ())


def test_other_variables_and_wrt() -> None:
    result = chainrule.check_derivative("a*x^2 + b", answer="2ax", wrt="x")
    assert result.verdict == Verdict.EQUIVALENT
    wrong = chainrule.check_derivative("a*x^2 + b", answer="ax", wrt="x")
    assert [m.kind for m in wrong.mistakes] == ["constant factor dropped"]
    with pytest.raises(ParseError, match="the answer: unknown name 'y' at column 2"):
        chainrule.check_derivative("x^2", answer="2y")
    with pytest.raises(UnknownVariableError, match="the answer uses y"):
        chainrule.check_derivative("x^2", answer=chainrule.parse("2*y"))


def test_unsimplified_answers_get_a_remark() -> None:
    result = chainrule.check_derivative("x^2", answer="x + x + 0*x^3 + x - x")
    assert result.verdict == Verdict.EQUIVALENT
    assert result.remarks == ("equivalent but not simplified",)


def test_undecided_when_no_point_can_be_judged() -> None:
    result = chainrule.check_derivative("x", answer="sqrt(-x^2-1)")
    assert result.verdict == Verdict.UNDECIDED and result.exit_code == 3
    assert result.method == "no usable point"


def test_bad_input_is_a_one_line_error() -> None:
    with pytest.raises(
        ParseError, match=r"the answer: unknown name 'cosx'; did you mean cos\(x\)\? at column 1"
    ):
        chainrule.check_derivative("sin(x)", answer="cosx + sinx")
    with pytest.raises(OptionError, match="order"):
        chainrule.check_derivative("x", answer="1", order=0)
    with pytest.raises(OptionError, match="answer must be a string"):
        chainrule.check_derivative("x", answer=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown language"):
        chainrule.check_derivative("x", answer="1", lang="fr")


def test_markdown_renders_the_math_and_hides_the_answer() -> None:
    result = chainrule.check_derivative("sin(x^2)", answer="cos(x^2)")
    page = result._repr_markdown_()
    assert page.startswith("**not equivalent**: $$\\cos{\\left(x^{2} \\right)}$$")
    assert "chain rule, 1:" in page and "2 x" not in page
    assert "2 x \\cos" in result.to_markdown(show_answer=True)


def test_a_worked_derivation_names_the_first_wrong_line() -> None:
    work = "f'(x) = cos(x^2) * 2x\n\n# tidy up\n= 2x cos(x^2) = 2cos(x^2)x\nx cos(x^2)\n"
    result = chainrule.check_work("sin(x^2)", work=work)
    assert [(c.line, c.check.verdict.value, c.equals_previous) for c in result.lines] == [
        (1, "equivalent", None),
        (4, "equivalent", True),
        (4, "equivalent", True),
        (5, "not equivalent", False),
    ]
    assert result.first_wrong == 5 and result.exit_code == 1
    page = result._repr_markdown_()
    assert page.startswith("**not equivalent**\n\nLine 5 is the first wrong line")
    assert "- 5: $$x \\cos{\\left(x^{2} \\right)}$$ not equivalent" in page
    assert [m.kind for m in result.lines[-1].check.mistakes] == ["constant factor dropped"]
    right = chainrule.check_work("sin(x^2)", work="cos(x^2)*2x\n= 2x cos(x^2)")
    assert right.first_wrong is None and right.verdict == Verdict.EQUIVALENT
    with pytest.raises(OptionError, match="no expression"):
        chainrule.check_work("x", work="# nothing\n")


def test_cli_text_puts_the_verdict_first_and_the_answer_only_when_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, LAB, "--answer", "-e^(-x)/(1+e^(-x))^2")
    lines = out.splitlines()
    assert code == 1 and err == ""
    assert lines[0] == "not equivalent: -e^(-x)/(1+e^(-x))^2"
    assert "  - step 1.2.2 (chain rule): the inner derivative of exp(-x), d/dx(-x) = -1, " in out
    assert "exp(x)/(exp(x) + 1)**2" not in out and "--show-answer" in lines[-1]
    code, out, _ = run(capsys, LAB, "--answer", "-e^(-x)/(1+e^(-x))^2", "--show-answer")
    assert out.splitlines()[-1] == "The answer: exp(x)/(exp(x) + 1)**2"


def test_cli_json_has_the_issue_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "-x^2", "--answer", "2x", "--json")
    data = json.loads(out)
    assert code == 1
    assert {"verdict", "method", "points", "mistakes", "expected"} <= set(data)
    assert data["verdict"] == "not equivalent" and data["expected"] is None
    assert data["mistakes"] == [
        {
            "step": "1",
            "rule": "constant multiple rule",
            "description": "a sign was lost in the derivative of -x**2",
            "kind": "sign lost",
        }
    ]
    _, out, _ = run(capsys, "-x^2", "--answer", "2x", "--json", "--show-answer")
    assert json.loads(out)["expected"] == "-2*x"


def test_cli_in_ukrainian_and_second_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sin(x)", "--order", "2", "--answer", "sin(x)", "--lang", "uk")
    assert code == 1
    assert out.splitlines()[0] == "не еквівалентно: sin(x)"
    assert "  - похідна 2, крок 1 (похідна косинуса): втрачено знак у похідній cos(x)" in out


def test_cli_work_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"cos(x^2)*2x\n= x cos(x^2)\n"))
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, _ = run(capsys, "sin(x^2)", "--work", "-")
    assert code == 1
    assert out.splitlines()[:2] == [
        "not equivalent",
        "Line 2 is the first wrong line: it does not equal line 1.",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["x^2", "--answer", "2x +"], "the answer: expected a number, a name or '(' but found end"),
        (["x^2", "--work", "/nonexistent/work.txt"], "/nonexistent/work.txt: no such file"),
        (["x^2 +", "--answer", "2x"], "the function: expected a number"),
        (["x*y", "--answer", "y"], "several variables"),
        (["x", "--answer", "1", "--order", "9"], "order must be a whole number"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_cli_answer_and_work_are_exclusive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        run(capsys, "x", "--answer", "1", "--work", "-")
    assert caught.value.code == 2


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("1/0", Verdict.UNDECIDED),  # defined nowhere: nothing to judge with, no guess
        ("log(0)*x", Verdict.UNDECIDED),
        ("100000x^99999", Verdict.EQUIVALENT),  # digits after digits stay one number
    ],
)
def test_answers_defined_nowhere_or_huge(answer: str, verdict: Verdict) -> None:
    function = "x^100000" if verdict == Verdict.EQUIVALENT else "x"
    assert chainrule.check_derivative(function, answer=answer).verdict == verdict


def test_a_long_worked_derivation_is_refused() -> None:
    with pytest.raises(OptionError, match="at most 40"):
        chainrule.check_work("x", work="1\n" * 41)
