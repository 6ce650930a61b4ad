# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""`chainrule derive` from the command line: output formats, files, bad input."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sympy

from chainrule.cli import main
from chainrule.engine.sympy_ops import sympy_names
from chainrule.expressions.symbolic import same
from chainrule.words import RULES_UK
from conftest import run_cli


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run_cli(capsys, "derive", *argv)


def test_lab_sigmoid_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "1/(1+exp(-x))")
    assert code == 0 and err == ""
    assert out.startswith("f(x) = 1/(1 + exp(-x)) = sigmoid(x)\n")
    assert "  1. chain rule with u = 1 + exp(-x): " in out
    assert "     1.1. reciprocal rule: d/du(1/u) = -1/u**2" in out
    assert "f'(x) = exp(-x)/(1 + exp(-x))**2 = sigmoid(x)*(1 - sigmoid(x))" in out
    assert "\n  Outcome: proved.\n  sympy.diff                 equal, proven symbolically\n" in out
    assert "limits: lim x->-oo f(x) = 0; lim x->oo f(x) = 1\n" in out
    assert "horizontal asymptotes: y = 0 and y = 1\n" in out
    assert "increasing on its whole domain (f' > 0)" in out
    assert "max |f'| = 1/4 = 0.25 at x = 0" in out
    assert "|x| > 3.63689" in out


def test_json_has_the_issue_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "1/(1+exp(-x))", "--json", "--slope-at", "2")
    data = json.loads(out)
    assert code == 0
    assert {
        "expression",
        "variable",
        "derivative",
        "simplified",
        "steps",
        "checks",
        "properties",
    } <= set(data)
    assert data["variable"] == "x" and data["simplified"] == "sigmoid(x)*(1 - sigmoid(x))"
    step = data["steps"][0]
    assert {"rule", "expression", "result", "substeps"} <= set(step)
    assert {"autodiff_max_abs_error", "finite_difference_max_abs_error", "points"} <= set(
        data["checks"]
    )
    assert data["checks"]["points"] >= 50
    assert data["properties"]["limits"] == {"-oo": "0", "oo": "1"}
    assert data["properties"]["max_abs_slope_exact"] == "1/4"
    assert data["slope_fractions"]["2.0"] == pytest.approx(0.41997, abs=1e-5)
    x = sympy.Symbol("x", real=True)
    names = {**sympy_names(), "x": x}
    for key in ("derivative", "simplified"):
        assert same(
            sympy.parse_expr(data[key], local_dict=names), sympy.exp(-x) / (1 + sympy.exp(-x)) ** 2
        )


def test_markdown_has_latex(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tanh(x)", "--markdown")
    assert code == 0
    assert "$$f'(x) = 1 - \\tanh^{2}{\\left(x \\right)}$$" in out
    assert out.count("1. **") == 1  # one step: the tanh rule
    assert "**Properties**" in out


def test_order_two_shows_both_derivations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "x*sin(x)", "--order", "2")
    assert code == 0
    assert "Steps for f'(x):" in out and "Steps for f''(x):" in out
    assert "f''(x) = " in out


def test_several_variables(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "a*x**2 + b", "--wrt", "x", "--at", "a=2")
    assert code == 0
    assert "f'(x) = 2*a*x" in out
    assert "\n  The other variables are held at a = 2, b = 1.\n" in out


def test_constant_is_said_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "2*pi")
    assert code == 0
    assert "\n  The function does not depend on x, so its derivative is 0.\n" in out


def test_special_points_are_named_in_the_output(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "abs(x) + log(x + 9)")
    assert "x = 0 (abs(x) is not differentiable here (abs'(0) is taken as 0))" in out
    _, out, _ = run(capsys, "log(x)", "--range", "-1", "4")
    assert "x = 0 (log(x) is undefined here (it needs x > 0))" in out
    assert "Points not judged: 20 outside the domain." in out


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_plot_writes_a_valid_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    target = tmp_path / f"sigmoid.{suffix}"
    code, _, err = run(capsys, "1/(1+exp(-x))", "--plot", str(target))
    assert code == 0 and err == ""
    data = target.read_bytes()
    if suffix == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_svg_is_reproducible(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    run(capsys, "tanh(x)", "--plot", str(first))
    run(capsys, "tanh(x)", "--plot", str(second))
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["x +"], "expected a number, a name or '(' but found end of expression at column 4"),
        (["x**2", "--wrt", "y"], "y is not a variable of x**2 (its variables: x)"),
        (["a*x"], "a*x has several variables (a, x); choose one to differentiate by (--wrt)"),
        (["x", "--order", "9"], "the order must be a whole number from 1 to 4, got 9"),
        (
            ["x", "--range", "2", "1"],
            "the range needs two finite numbers, low < high; got 2.0, 1.0",
        ),
        (["x", "--at", "y"], "expected NAME=VALUE, got 'y'"),
        (["abs(x)", "--order", "2"], None),
        (
            ["x", "--plot", "out.jpg"],
            "cannot write a picture to 'out.jpg': use a file name ending in .svg or .png",
        ),
        (
            ["x", "--plot", "/no/such/folder/out.svg"],
            "--plot: folder '/no/such/folder' does not exist",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str | None
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("chainrule: error: ")
    if message is not None:
        assert err == f"chainrule: error: {message}\n"


def test_bad_extension_fails_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(capsys, "x", "--plot", str(tmp_path / "out.pdf"))
    assert code == 2 and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["1e400*x"], "the number 1e400 is beyond the float64 range at column 1"),
        (["x**123456789"], "the exponent 123456789 in x**123456789 is too large"),
        (["x**x**x**x", "--order", "4"], "derivative 3 has 208 operations (the limit is 150)"),
    ],
)
def test_inputs_too_large_to_finish_are_refused(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["derive", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_markdown_of_powers_of_sigmoid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["derive", "sigmoid(x)**2", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert r"\left(\sigma\left(x\right)\right)^{2}" in out
    assert main(["derive", "1/(1+exp(-x))", "--order", "2", "--markdown"]) == 0


#: Words of the English output that must not be left over in another language's.
ENGLISH = (
    "Steps", "Simplification", "Result", "Proof", "Properties", "Function", "Outcome",
    "rule", "with", "recognise", "split", "proven", "sympy.diff alone", "automatic",
    "finite differences", "Numeric", "Tolerances", "not judged", "domain", "real numbers",
    "limits", "asymptotes", "none", "monotonicity", "increasing", "shape", "nonlinear",
    "steepest", "slope", "saturation", "special points", "exact", "sampled", "peak",
    "derived", "definitions", "simplified", "SymPy's",
)  # fmt: skip


@pytest.mark.parametrize("form", [(), ("--from-definition",), ("--markdown",)])
def test_derive_in_ukrainian_leaves_no_english_words(
    capsys: pytest.CaptureFixture[str], form: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "sigmoid(x)", "--lang", "uk", "--slope-at", "2", *form)
    assert (code, err) == (0, "")
    rule = RULES_UK["exponential rule" if form else "sigmoid rule"]
    if form == ("--from-definition",):
        assert "Виведено з означень: sigmoid записано через exp" in out
        assert "Спрощення:" in out and "впізнаємо 1 - sigmoid(x) = exp(-x)/(1 + exp(-x))" in out
    elif form == ("--markdown",):
        rule = RULES_UK["sigmoid rule"]
        assert "**Кроки**" in out and "**Доведення**" in out and "- область визначення: $" in out
    else:
        assert "\nКроки:\n" in out and "\nРезультат:\n" in out and "\nДоведення:\n" in out
        assert "\nВластивості (f і f'):\n  область визначення: усі дійсні числа\n" in out
    assert rule in out and "Висновок: " in out and "|f'| становить 42% від найбільшого" in out
    left = [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", out)]
    assert left == []


def test_derive_json_is_the_same_in_any_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "tanh(x)", "--json", "--lang", "uk") == run(capsys, "tanh(x)", "--json")
