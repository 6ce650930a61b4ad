"""``chainrule graph`` from the command line."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from chainrule.cli import main
from chainrule.cli.format import dumps
from conftest import run_cli as run


def test_lab_example_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "graph", "(2*a+b)*(c-d)", "a=3", "b=4", "c=5", "d=6")
    assert code == 0 and err == ""
    assert out.startswith("L = (2*a + b)*(c - d) = -10\n")
    assert "  n8 -> n4 (2*a + b)         1     -1            -1" in out
    assert "  dL/da      3        -2  2*(c - d)" in out
    assert "  dL/dd      6       -10  -(2*a + b)" in out


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "graph", "x*x*x - 3*x", "x=2", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["value"] == 2.0
    assert data["gradients"] == {"x": 9.0}
    assert data["partials"] == {"x": "3*x**2 - 3"}


def test_pictures_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg, dot = tmp_path / "g.svg", tmp_path / "g.dot"
    code, _, _ = run(capsys, "graph", "a*b", "a=1", "b=2", "--svg", str(svg), "--dot", str(dot))
    assert code == 0
    assert svg.read_text().startswith("<svg")
    assert dot.read_text().startswith("digraph")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.dot", "g.svg"]  # no temp files left


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["a+"], "expected a number, a name or '(' but found end of expression at column 3"),
        (["foo(a)", "a=1"], "unknown function 'foo'"),
        (["a*b", "a=1"], "no value given for b"),
        (["a", "a=1", "b=2"], "b not in the expression (its variables: a)"),
        (["a", "a"], "expected NAME=VALUE, got 'a'"),
        (["a", "a=x"], "value of a is not a number: 'x'"),
        (["a", "a=nan"], "value of a must be finite, got 'nan'"),
        (["a", "a=1", "a=2"], "a is given twice"),
        (["log(a)", "a=0"], "log of a non-positive number in log, at log(a)"),
        (["1/(a-b)", "a=1", "b=1"], "division by zero in div, at 1/(a - b)"),
        (["sqrt(a)", "a=-1"], "sqrt of a negative number in sqrt, at sqrt(a)"),
        (["(" * 200 + "a" + ")" * 200, "a=1"], "nested deeper than 100 levels"),
        (["x*9**9**9", "x=1"], "pow overflowed the float64 range, at 9**9**9"),
        (["x + 1e-200*1e-200", "x=1"], "the constant 1e-200*1e-200 (about 10**-400) is beyond"),
        (["a", "a=1", "--svg", "/nonexistent-dir/g.svg"], "does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "graph", *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("chainrule: error: ")
    assert message in err


def test_console_entry_point_runs_as_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "chainrule", "graph", "log(x)", "x=-1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == "chainrule: error: log of a non-positive number in log, at log(x)\n"
    assert "Traceback" not in done.stderr


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["graph", "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    assert 'chainrule graph "(2*a+b)*(c-d)" a=3 b=4 c=5 d=6' in out


def test_expression_starting_with_minus(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "graph", "-x**2+1", "x=-2")
    assert code == 0
    assert out.startswith("L = -x**2 + 1 = -3\n")
    code, _, err = run(capsys, "graph", "-x+", "x=1")
    assert code == 2
    assert err == (
        "chainrule: error: expected a number, a name or '(' but found end of expression"
        " at column 4\n"
    )


def test_written_files_follow_the_umask(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    old = os.umask(0o022)
    try:
        run(capsys, "graph", "a", "a=1", "--svg", str(tmp_path / "g.svg"))
    finally:
        os.umask(old)
    assert (tmp_path / "g.svg").stat().st_mode & 0o777 == 0o644


def test_svg_to_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "graph", "a", "a=1", "--svg", str(tmp_path))
    assert code == 2
    assert err == (
        f"chainrule: error: --svg: '{tmp_path}' is a folder, not a regular file;"
        " refusing to replace it\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_undefined_gradient_is_said_and_the_others_given(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "graph", "a**b", "a=-2", "b=2")
    assert code == 0 and err == ""
    assert out.startswith("L = a**b = 4\n")
    assert "  n2 -> n1 (b)         1  undefined  undefined" in out
    assert "  dL/da     -2  -4         a**(b - 1)*b" in out
    assert "  dL/db      2  undefined  a**b*log(a)" in out
    assert out.endswith(
        "dL/db is undefined here: the exponent's gradient needs log of the base, "
        "which is not positive, at a**b\n"
    )
    code, out, _ = run(capsys, "graph", "a**b", "a=-2", "b=2", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["gradients"] == {"a": -4.0, "b": None}
    assert list(data["undefined"]) == ["b"] and data["partials_skipped"] is None


def test_a_thousand_inputs_in_a_flat_sum(capsys: pytest.CaptureFixture[str]) -> None:
    count = 1000  # "x0+x1+...+x999": 4,889 characters; flat, so not "nested"
    values = [f"x{i}={i % 7 - 3}" for i in range(count)]
    code, out, err = run(capsys, "graph", "+".join(f"x{i}" for i in range(count)), *values)
    assert code == 0 and err == ""
    assert "  dL/dx999      2         1  skipped" in out
    assert out.endswith(
        "Symbolic partials skipped: the graph has 1999 nodes; symbolic partials are "
        "computed up to 60.\n"
    )


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        (["graph", "-h", "h=2"], "L = -h = -2\n"),
        (["derive", "-h", "--wrt", "h"], "f(h) = -h\n"),
        (["derive", "--", "-h"], "f(h) = -h\n"),
        (["derive", "-h*x", "--wrt", "x"], "f(x) = -h*x\n"),
    ],
)
def test_minus_h_with_more_words_is_the_expression(
    capsys: pytest.CaptureFixture[str], argv: list[str], start: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 0 and err == ""
    assert out.startswith(start)


@pytest.mark.parametrize("command", ["graph", "derive"])
def test_minus_h_alone_is_the_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "-h"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert out.startswith(f"usage: chainrule {command} [-h]")
    assert "-h alone is the help" in out


def test_json_is_the_standard_librarys_layout_and_null_for_nan() -> None:
    data = {"a": [1, 2.5, {"b": [], "c": {}}, "é\n"], "n": math.nan, "t": (True, None, -0.0)}
    assert dumps(data) == json.dumps({**data, "n": None}, indent=2, ensure_ascii=False)
    assert dumps([]) == "[]" and dumps(math.inf) == "null"


def test_json_of_a_long_flat_sum_has_every_step(capsys: pytest.CaptureFixture[str]) -> None:
    count = 400  # the steps nest 400 deep: the JSON, 800 (the recursive encoder fails)
    code, out, err = run(capsys, "derive", "+".join(["x"] * count), "--json")
    assert code == 0 and err == ""
    assert out.count('"rule": "sum rule"') == count - 1
    assert '"simplified": "400"' in out
