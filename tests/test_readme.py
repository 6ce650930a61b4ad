"""The README as written: its Python runs, its names exist, its commands give what it shows."""

from __future__ import annotations

import builtins
import importlib
import inspect
import math
import re
import shlex
import shutil
import webbrowser
from pathlib import Path

import pytest

import chainrule
from chainrule.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```(\w+)\n(.*?)^```", README, re.S | re.M)
PYTHON = [code for lang, code in BLOCKS if lang == "python"]
#: ``$ chainrule ...`` lines of the console blocks, each with the output shown under it.
COMMANDS = [
    (line[2:], shown)
    for lang, code in BLOCKS
    if lang == "console"
    for line, shown in re.findall(r"^(\$ chainrule .*)\n((?:(?!\$ ).*\n)*)", code, re.M)
]
#: Commands whose text the README shows in full or in part (derive's is only run: its
#: steps are the derivation task's to word).
COMPARED = ("graph", "train", "sweep", "experiments", "check")
#: A check's exit status follows its verdict, the first words of its output.
VERDICTS = {"not equivalent": 1, "undecided": 3}
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_the_readme_has_what_these_tests_read() -> None:
    assert len(PYTHON) >= 1
    assert {shlex.split(c)[1] for c, _ in COMMANDS} >= {"graph", "derive", "experiments", "train"}


@pytest.mark.parametrize("code", PYTHON)
def test_python_blocks_run_as_written(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # build_report is run by test_report; here its call only has to bind (6 s saved).
    calls = []
    real = inspect.signature(chainrule.build_report)
    monkeypatch.setattr(chainrule, "build_report", lambda **kw: calls.append(real.bind(**kw)))
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})  # the README's own code, not user input
    assert len(calls) == code.count("chainrule.build_report(")
    out = capsys.readouterr().out
    for comment in re.findall(r"print\(.*\)\s+# (.*)", code):  # what a print is said to show
        assert comment in out


def test_python_block_comments_state_the_values() -> None:
    """The values the API tour's comments promise, computed."""
    t = chainrule.trace("(2*a+b)*(c-d)", values={"a": 3, "b": 4, "c": 5, "d": 6})
    assert t.gradients == {"a": -2.0, "b": -1.0, "c": 10.0, "d": -10.0}
    assert str(t.partials["a"]) == "2*(c - d)"
    assert "# {'a': -2.0, 'b': -1.0, 'c': 10.0, 'd': -10.0}" in README
    assert len(repr(chainrule.train(lr=0.01, epochs=1000))) < 300  # no history in the repr


@pytest.mark.parametrize("name", sorted(set(re.findall(r"`(chainrule(?:\.\w+)+)", README))))
def test_dotted_names_exist(name: str) -> None:
    parts = name.split(".")
    for k in range(len(parts), 0, -1):  # the longest importable prefix, then attributes
        try:
            found = importlib.import_module(".".join(parts[:k]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[k:]:
            found = getattr(found, attribute)
        return
    pytest.fail(f"{name} names nothing")


def test_listed_plot_helpers_exist() -> None:
    from chainrule.descent import plots

    listed = re.search(r"`plot_mse`.*?in\s+`chainrule\.descent\.plots`", README, re.S)
    assert listed is not None
    for name in re.findall(r"`(plot_\w+)`", listed.group()):
        assert callable(getattr(plots, name))


def test_error_classes_named_are_importable() -> None:
    for name in set(re.findall(r"`(\w+Error)`", README)) - set(dir(builtins)):
        assert issubclass(getattr(chainrule, name), chainrule.ChainruleError), name
    assert {"DataError", "ConfigError"} <= set(chainrule.__all__)


@pytest.mark.parametrize("command, shown", COMMANDS, ids=[c for c, _ in COMMANDS])
def test_commands_give_what_the_readme_shows(
    command: str,
    shown: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(webbrowser, "open", lambda url: True)  # --open: no browser here
    words = shlex.split(command, comments=True)
    for name in words:  # the README's example files, as a reader has them
        if (EXAMPLES / name).is_file():
            shutil.copy(EXAMPLES / name, tmp_path / name)
    code = main(words[1:])
    out, err = capsys.readouterr()
    above = [line for line in err.splitlines() if "is above lr_max" in line]
    verdict = next((c for v, c in VERDICTS.items() if out.startswith(v)), 0)
    assert code == (1 if above else verdict), err
    assert len(err.splitlines()) == len(above)  # nothing on stderr but the lr_max warning
    if words[1] not in COMPARED:
        return
    actual = [line.rstrip() for line in out.splitlines() if line.strip()]
    expected = [line.rstrip() for line in shown.splitlines() if line.strip()]
    at, skip = 0, True  # the shown text may start anywhere in the output
    for line in expected:  # in order; "..." stands for lines left out
        if line.strip() == "...":
            skip = True
            continue
        while skip and at < len(actual) and not _same(line, actual[at]):
            at += 1
        assert at < len(actual) and _same(line, actual[at]), f"README line differs: {line!r}"
        at, skip = at + 1, False


def _same(shown: str, actual: str) -> bool:
    """Equal word for word, numbers equal to 12 significant digits (the last bits of a
    float64 sum depend on the machine's NumPy build)."""
    a, b = shown.split(), actual.split()
    return len(a) == len(b) and all(x == y or _close(x, y) for x, y in zip(a, b, strict=True))


def _close(x: str, y: str) -> bool:
    try:
        return math.isclose(float(x), float(y), rel_tol=1e-12)
    except ValueError:
        return False
