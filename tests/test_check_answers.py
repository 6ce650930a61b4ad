# ruff: noqa: RUF001 - the Unicode minus and the Ukrainian words are on purpose
"""``check graph`` and ``check train``: answer lists judged item by item, slips named (issue 11)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import chainrule
from chainrule.check.answer_lists import agrees, split_answers, truncated, written_number
from chainrule.check.verdict import Verdict
from chainrule.cli import main
from chainrule.errors import OptionError, ParseError

LAB = "(2*a+b)*(c-d)"
AT = {"a": 3, "b": 4, "c": 5, "d": 6}
ARGS = ["check", "graph", LAB, "a=3", "b=4", "c=5", "d=6", "--answer"]


def graph(answer: str, expression: str = LAB, values: dict | None = None):
    return chainrule.check_trace(expression=expression, values=values or AT, answer=answer)


def descriptions(item) -> list[str]:
    return [m.description for m in item.mistakes]


# the answer list itself


def test_split_keeps_commas_inside_parentheses_and_value_columns() -> None:
    items = split_answers("L=-10; dL/da = max(a, b)\n m=2")
    assert [(i.name, i.text, i.column) for i in items] == [
        ("L", "-10", 3),
        ("dL/da", "max(a, b)", 16),
        ("m", "2", 29),
    ]


@pytest.mark.parametrize(
    ("text", "digits", "exact"),
    [("2.0032", 5, False), ("−10", 2, True), ("0.00120", 3, False), ("1.5e-3", 2, False)],
)
def test_written_numbers_keep_their_digits(text: str, digits: int, exact: bool) -> None:
    written = written_number(text)
    assert written is not None
    assert (written.digits, written.exact) == (digits, exact)


def test_precision_is_half_a_unit_of_the_last_written_digit() -> None:
    w = written_number("2.0032")
    assert w is not None and w.value == Decimal("2.0032")
    assert agrees(w, 2.00324) and agrees(w, 2.00316)
    assert not agrees(w, 2.00326) and not agrees(w, float("nan"))
    assert truncated(w, 2.00329) and not truncated(w, 2.00311)
    exact = written_number("-2")
    assert exact is not None and agrees(exact, -2.0) and not agrees(exact, -2.4)


@given(
    st.floats(min_value=-1e300, max_value=1e300, allow_nan=False).filter(lambda t: t != 0),
    st.integers(min_value=0, max_value=9),
)
def test_a_float_rounded_to_any_digits_is_accepted_and_one_unit_off_is_not(
    true: float, places: int
) -> None:
    text = f"{true:.{places}e}"
    written = written_number(text)
    assert written is not None and written.digits == places + 1
    assert agrees(written, true)
    mantissa, exponent = text.split("e")
    step = Decimal(1).scaleb(-places)
    off = written_number(f"{Decimal(mantissa) + 2 * step}e{exponent}")
    assert off is not None and not agrees(off, true)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("", "answer is empty"),
        ("   ", "answer is empty"),
        ("L", "expected name=value at column 1"),
        ("L=", "L has no value"),
        ("=3", "no name before '='"),
        ("L=1, L=2", "L is given twice"),
    ],
)
def test_malformed_lists_are_one_line_errors(answer: str, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        split_answers(answer)


# Task 3


def test_the_lab_graph_answer_is_right_item_by_item() -> None:
    result = graph("L=-10, dL/da=-2, dL/db=-1, dL/dc=10, dL/dd=-10")
    assert result.verdict is Verdict.EQUIVALENT and result.exit_code == 0
    assert [i.verdict for i in result.items] == [Verdict.EQUIVALENT] * 5
    assert result.items[1].method == "as an exact number"


def test_a_forgotten_factor_is_named_from_the_backward_table() -> None:
    result = graph("L=-10, dL/da=-1")
    la, da = result.items
    assert la.verdict is Verdict.EQUIVALENT and da.verdict is Verdict.NOT_EQUIVALENT
    assert result.exit_code == 1
    assert descriptions(da) == [
        "the local derivative d(2*a)/d(a) = 2 was left out: the chain rule multiplies it in"
    ]
    assert da.mistakes[0].rule == "chain rule"


def test_a_lost_sign_is_named() -> None:
    (dd,) = graph("dL/dd = 10").items
    assert "the local derivative d(c - d)/d(d) = -1 has the wrong sign" in descriptions(dd)


def test_a_missing_path_is_named() -> None:
    (dx,) = graph("dL/dx = 8", "x*x*x", {"x": 2}).items  # right: 12, two of three paths: 8
    assert dx.verdict is Verdict.NOT_EQUIVALENT
    assert any("contribution along the edge" in d for d in descriptions(dx))
    assert "sum over paths" in {m.rule for m in dx.mistakes}


def test_symbolic_partials_are_proven_or_explained() -> None:
    right = graph("dL/da = 2*(c-d), dL/db = c - d, dL/dd = −(2*a + b), L = (c-d)*(b+2*a)")
    assert right.verdict is Verdict.EQUIVALENT
    assert {i.method for i in right.items} == {"symbolic proof"}
    (wrong,) = graph("dL/da = c - d").items
    assert wrong.verdict is Verdict.NOT_EQUIVALENT
    assert descriptions(wrong) == [
        "the local derivative d(2*a)/d(a) = 2 was left out: the chain rule multiplies it in"
    ]


def test_numbers_are_judged_at_the_digits_written() -> None:
    values = {"a": 1, "b": 3}
    assert graph("dL/da = 0.333", "a/b", values).verdict is Verdict.EQUIVALENT
    assert graph("dL/da = 0.33", "a/b", values).verdict is Verdict.EQUIVALENT
    assert graph("dL/da = 1/3", "a/b", values).items[0].method == "as an exact value, to 50 digits"
    wrong = graph("dL/da = 0.334", "a/b", values)
    assert wrong.verdict is Verdict.NOT_EQUIVALENT
    (cut,) = graph("dL/da = 0.3334", "a/b", {"a": 1, "b": 2.9987}).items  # 0.333478...
    assert "the digits are cut off, not rounded" in descriptions(cut)


@pytest.mark.parametrize(
    ("answer", "error", "message"),
    [
        ("dL/dz = 1", OptionError, "unknown item 'dL/dz'"),
        ("dL/da = 2*", ParseError, r"answer, dL/da: .* at column 11"),
        ("dL/da = 2*z", ParseError, "unknown name 'z'"),
    ],
)
def test_bad_graph_items_raise(answer: str, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        graph(answer)


def test_results_show_briefly_in_jupyter() -> None:
    result = graph("L=-10, dL/da=-1")
    assert repr(result) == (
        "TraceCheck('(2*a + b)*(c - d)': not equivalent; L: equivalent, dL/da: not equivalent)"
    )
    md = result._repr_markdown_()
    assert md.startswith("**`(2*a + b)*(c - d)`: not equivalent**")
    assert "- ✗ `dL/da = -1` — the local derivative d(2*a)/d(a) = 2" in md
    assert "-2" not in md  # the right value is not given away


def test_cli_graph_text_json_and_ukrainian(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ARGS, "L=-10, dL/da=-1"]) == 1
    out = capsys.readouterr().out
    assert "✗ dL/da = -1  wrong (as an exact number)" in out
    assert "n2 → n1 (chain rule): the local derivative d(2*a)/d(a) = 2" in out
    assert "Overall: wrong (1 of 2 items right)" in out and "right answer" not in out
    assert main([*ARGS, "dL/da=-1", "--show-answer"]) == 1
    assert "right answer: 2*(c - d) = -2" in capsys.readouterr().out
    assert main([*ARGS, "dL/da=-1", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "not equivalent"
    assert data["items"][0]["expected"] is None
    assert data["items"][0]["mistakes"][0]["step"] == "n2 → n1"
    assert main([*ARGS, "dL/da=-1", "--lang", "uk"]) == 1
    out = capsys.readouterr().out
    assert "неправильно" in out and "ланцюгове правило" in out
    assert "Загалом: неправильно (правильних 0 з 1)" in out


# Task 2

RIGHT = "m=2.0032, b=3.3249, mse=1.0242"


def train_check(answer: str, **settings):
    return chainrule.check_training(answer=answer, **settings)


def test_the_lab_training_answer_is_right() -> None:
    result = train_check(RIGHT + ", lr_max=0.02919, lr_opt=0.02898, status=slow, best=0.01")
    assert result.verdict is Verdict.EQUIVALENT and result.exit_code == 0
    assert result.items[0].method == "to 5 significant digits, as written"


@pytest.mark.parametrize(
    ("answer", "slip"),
    [
        ("mse=1.0241833", "this is the MSE before the last update, not after it"),
        ("m=2.0326, b=3.12975", "this is what 1/n instead of 2/n in the gradient gives"),
        ("m=2.00324", "this is what 999 epochs give: one epoch off"),
        ("b=3.32498", "this is what 1001 epochs give: one epoch off"),
        ("m=2.0164, b=3.3097", "this is what the data of seed 42 gives, not the task's"),
        ("m=2.00366, b=3.32199", "starting from m = 0.0, b = 0.0 gives, not the task's start"),
        ("lr_max=0.0146", "this is 1/lambda_max: lr_max = 2/lambda_max"),
        ("lr_max=0.0584", "this is 4/lambda_max"),
        ("lr_opt=0.0292", "this is lr_max; the fastest rate is 2/(lambda_max + lambda_min)"),
        ("b=3.3248", "the digits are cut off, not rounded"),
    ],
)
def test_each_slip_is_named(answer: str, slip: str) -> None:
    result = train_check(answer)
    assert result.verdict is Verdict.NOT_EQUIVALENT
    for item in result.items:
        assert item.verdict is Verdict.NOT_EQUIVALENT
        assert any(slip in d for d in descriptions(item)), (item, slip)


def test_a_wrong_number_matching_no_slip_names_none() -> None:
    (m,) = train_check("m=2.5").items
    assert m.verdict is Verdict.NOT_EQUIVALENT and m.mistakes == ()


def test_status_and_best_learning_rate() -> None:
    (status,) = train_check("status=diverges").items
    assert descriptions(status) == ["lr = 0.01 is below lr_max = 0.0291941: the run cannot diverge"]
    (status,) = train_check("status=converged").items
    assert "is not within tol = 1e-06" in descriptions(status)[0]
    (status,) = train_check("status=overflow", lr=0.1).items
    assert status.verdict is Verdict.EQUIVALENT
    lrs = [0.001, 0.01, 0.1]
    assert train_check("best=0.01", lrs=lrs).verdict is Verdict.EQUIVALENT
    (best,) = train_check("best=0.1", lrs=lrs).items
    assert descriptions(best) == ["lr = 0.1 diverges at these epochs"]
    (best,) = train_check("best=0.001", lrs=lrs).items
    assert descriptions(best) == [
        "lr = 0.001 gets within tol later than another candidate, or not at all"
    ]
    (best,) = train_check("best=0.02", lrs=lrs).items
    assert descriptions(best) == ["0.02 is not one of the candidates 0.001, 0.01, 0.1"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("m=abc", "m must be a number, got 'abc'"),
        ("m=nan", "m must be a number"),
        ("m=1e99999999", "'1e99999999' is far outside float64's range"),
        ("b=-0.5e-401", "is far outside float64's range"),
        ("theta=1", "unknown item 'theta'"),
        ("status=great", "status must be one of converged, slow"),
    ],
)
def test_bad_training_items_raise(answer: str, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        train_check(answer)


def test_cli_train(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "train", "--lr", "0.01", "--epochs", "1000", "--answer", RIGHT]) == 0
    assert "Overall: right (3 of 3 items right)" in capsys.readouterr().out
    assert main(["check", "train", "--answer", "mse=1.0241833", "--lang", "uk"]) == 1
    out = capsys.readouterr().out
    assert "це MSE до останнього оновлення, а не після нього" in out
    assert main(["check", "train", "--answer", "best=0.1", "--lrs", "0.01,0.1", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["items"][0]["verdict"] == "not equivalent"
    assert main(["check", "train", "--seed", "42", "--answer", "m=2.0164"]) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "train", "--answer", ""],
        ["check", "train", "--answer", "m 2"],
        ["check", "train", "--answer", "m=\x1b[2J"],
        ["check", "train", "--lrs", "0.1,x", "--answer", "best=0.1"],
        ["check", "train", "--lr", "-1", "--answer", "m=2"],
        [*ARGS, "dL/da=(("],
        ["check", "graph", "a*", "a=1", "--answer", "L=1"],
        ["check", "graph", "a*b", "a=1", "--answer", "L=1"],
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("chainrule: error: ") and captured.err.count("\n") == 1
    assert "\x1b" not in captured.err


def test_the_two_divergent_statuses_are_told_apart() -> None:
    (status,) = train_check("status=overflow", lr=0.1, epochs=100).items
    assert descriptions(status) == [
        "the MSE grows but stays within the float64 range up to epoch 100"
    ]
    (status,) = train_check("status=diverged", lr=0.1, epochs=1000).items
    assert descriptions(status) == ["the MSE leaves the float64 range at epoch 199"]


def test_bad_language_and_overlong_lists_raise() -> None:
    with pytest.raises(OptionError, match="lang must be one of en, uk, got 'fr'"):
        train_check("m=2", lang="fr")
    with pytest.raises(OptionError, match="answer is 20001 characters long; the limit is 10000"):
        graph("L=1," * 5000 + "L")


def test_a_number_written_as_a_formula_is_explained_too() -> None:
    (da,) = graph("dL/da = 1*(5-6)").items
    assert da.verdict is Verdict.NOT_EQUIVALENT
    assert descriptions(da) == [
        "the local derivative d(2*a)/d(a) = 2 was left out: the chain rule multiplies it in"
    ]
