"""The hostile-input table of issue 9: inputs a careless or malicious user gives, and the
outcome class a mature tool must answer each with (see tests/test_hostile.py).

Each case is a ``pytest.param`` whose id says what it tries (``derive-empty``). A CLI case
runs ``chainrule ARGV`` with the test's temporary folder as the current folder; ``setup``
makes the files it needs there first. An API case calls the library with that folder.
The expected class comes from the issue's rules, never from what the code does today;
where today's code fails a case, :data:`TODAY` says what is wrong, and the case is an
xfail (strict: once the fix lands, the XPASS asks for the id to leave the table).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import chainrule

RESULT = "result"  # exit 0 (or the documented non-zero of a shown run); the API returns
ERROR = "error"  # one line `chainrule: error: ...`, exit 2; the API raises ChainruleError
REFUSED = "refused"  # an error, given within the --timeout / timeout= budget
BOUNDED = "bounded"  # "finishes or is refused within the budget": a result or a refusal

#: CPU seconds an isolated case may use before it counts as a hang and is killed.
KILL = 20.0
#: The same for what must be refused early, before any real work (exact-arithmetic bombs).
QUICK = 5.0
#: The budget, in seconds, passed to the cases that need one (--timeout / timeout=).
BUDGET = "1"


@dataclass(frozen=True)
class Run:
    """What one CLI case did."""

    code: int
    out: str
    err: str
    killed: bool = False


Setup = Callable[[Path], Any]
Check = Callable[[Path, Run], None]


@dataclass(frozen=True)
class Cli:
    """``chainrule ARGV`` and the outcome it must have."""

    argv: tuple[str, ...]
    expect: tuple[str, ...]  # acceptable classes: one, or two where the issue allows both
    names: tuple[str, ...] = ()  # words the error line must contain
    code: int = 0  # a RESULT's exit status (1: a diverging run, shown)
    setup: Setup | None = None
    check: Check | None = None  # more assertions (on a result, unless it says otherwise)
    isolate: bool = False  # may hang or exhaust memory today: run in a killable child
    user: bool = False  # as an unprivileged user (root writes into read-only folders)
    kill: float = KILL  # seconds an isolated run may take


@dataclass(frozen=True)
class Api:
    """A library call (given the temporary folder) and the outcome it must have."""

    call: Callable[[Path], Any]
    expect: tuple[str, ...]
    names: tuple[str, ...] = ()  # words the exception's message must contain
    check: Callable[[Any], bool] | None = None  # whether a result is the right one
    isolate: bool = False
    kill: float = KILL


#: What today's code gets wrong, and the cases that show it. Each of these cases is an
#: xfail (strict): when a fix makes one pass, its XPASS fails the suite until the id
#: is taken out of this table.
# The tables are laid out by hand, one case to a line where it fits: # fmt: off/on.
# fmt: off
TODAY: dict[str, tuple[str, ...]] = {
    # expressions
    "a non-ASCII digit is read as a number (the tokenizer's \\d)": (
        "graph-fullwidth-digit", "graph-arabic-digit",
    ),
    # budget
    # honest verdicts
    # output files
    # files read
    "an endless --csv is read whole: MemoryError traceback": ("train-csv-fifo-endless",),
    "a deeply nested TOML file: RecursionError traceback": ("experiments-deeply-nested-toml",),
    # the API
    "a raw TypeError/ValueError/AttributeError, not a ChainruleError naming the argument": (
        "api-trace-value-huge-int",),
    "a value of the wrong type is accepted": (
        "api-experiments-empty", "api-value-name-int", "api-value-requires-grad-str",
    ),
}
# fmt: on

_FAILS_TODAY = {case_id: reason for reason, ids in TODAY.items() for case_id in ids}


#: Cases whose outcome today depends on the machine's load (SymPy under a wall-clock
#: limit): not strict, or a busy machine would fail the suite by chance.
LOAD_DEPENDENT = {"derive-order-2-log-tanh"}


def _marks(case_id: str) -> list[pytest.MarkDecorator]:
    reason = _FAILS_TODAY.get(case_id)
    if reason is None:
        return []
    strict = case_id not in LOAD_DEPENDENT
    return [pytest.mark.xfail(strict=strict, reason=f"issue 9: {reason}")]


def _classes(expect: str | tuple[str, ...]) -> tuple[str, ...]:
    return (expect,) if isinstance(expect, str) else expect


def cli(
    case_id: str,
    *argv: str,
    expect: str | tuple[str, ...],
    names: Sequence[str] = (),
    code: int = 0,
    setup: Setup | None = None,
    check: Check | None = None,
    isolate: bool = False,
    user: bool = False,
    kill: float = KILL,
) -> Any:
    """One CLI case as a pytest parameter."""
    case = Cli(tuple(argv), _classes(expect), tuple(names), code, setup, check, isolate, user, kill)
    return pytest.param(case, id=case_id, marks=_marks(case_id))


def api(
    case_id: str,
    call: Callable[[Path], Any],
    *,
    expect: str | tuple[str, ...],
    names: Sequence[str] = (),
    check: Callable[[Any], bool] | None = None,
    isolate: bool = False,
    kill: float = KILL,
) -> Any:
    """One API case as a pytest parameter."""
    case = Api(call, _classes(expect), tuple(names), check, isolate, kill)
    return pytest.param(case, id=case_id, marks=_marks(case_id))


# --- setting the scene ---------------------------------------------------------------
def files(**contents: str | bytes) -> Setup:
    """Files in the folder (``name_dot_ext`` keyword: ``_dot_`` stands for '.')."""

    def make(tmp: Path) -> None:
        for key, data in contents.items():
            path = tmp / key.replace("_dot_", ".")
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, str):
                path.write_text(data, encoding="utf-8")
            else:
                path.write_bytes(data)

    return make


def both(*setups: Setup) -> Setup:
    """Several setups in order; the closeable ones are closed after the run."""

    def make(tmp: Path) -> list[Any]:
        return [s(tmp) for s in setups]

    return make


def fifo(name: str) -> Setup:
    """A FIFO nobody reads or writes (an output target that must be refused)."""

    def make(tmp: Path) -> None:
        os.mkfifo(tmp / name)

    return make


class Feeder(threading.Thread):
    """Writes ``data`` into a FIFO once a reader opens it (forever if ``endless``), closes it."""

    def __init__(self, path: Path, data: bytes, *, endless: bool = False) -> None:
        super().__init__(daemon=True)
        self.path, self.data, self.endless, self.stop = path, data, endless, False

    def run(self) -> None:
        try:
            with open(self.path, "wb") as pipe:  # blocks until the command opens it
                pipe.write(self.data)
                chunk = b"1,2\n" * 16384
                while self.endless and not self.stop:
                    pipe.write(chunk)
        except OSError:  # the reader went away: expected for an endless feed
            pass

    def close(self) -> None:
        """Stop writing; release an ``open`` still waiting for a reader."""
        self.stop = True
        with contextlib.suppress(OSError):
            os.close(os.open(self.path, os.O_RDONLY | os.O_NONBLOCK))
        self.join(10)


def fed_fifo(name: str, data: str, *, endless: bool = False) -> Setup:
    """A FIFO the test feeds ``data`` into (and then closes, unless ``endless``)."""

    def make(tmp: Path) -> Feeder:
        os.mkfifo(tmp / name)
        feeder = Feeder(tmp / name, data.encode(), endless=endless)
        feeder.start()
        return feeder

    return make


def symlink(name: str, target: str, content: str | None = "old\n") -> Setup:
    """A symlink ``name`` -> ``target``; the target holds ``content`` (None: dangling)."""

    def make(tmp: Path) -> None:
        if content is not None:
            (tmp / target).write_text(content)
        (tmp / name).symlink_to(target)

    return make


def folder(name: str, mode: int = 0o755) -> Setup:
    def make(tmp: Path) -> None:
        (tmp / name).mkdir()
        (tmp / name).chmod(mode)

    return make


def existing(name: str, mode: int) -> Setup:
    """A regular file with its own mode, which a rewrite must keep."""

    def make(tmp: Path) -> None:
        (tmp / name).write_text("old\n")
        (tmp / name).chmod(mode)

    return make


def report_built(out: str) -> Setup:
    """A previous chainrule report in ``out`` (small config) with the user's notes added."""

    def make(tmp: Path) -> None:
        from chainrule.report import load_config

        config = load_config(tmp / "small.toml")
        chainrule.build_report(out=tmp / out, config=config, format="md")
        (tmp / out / "notes.txt").write_text("my answers\n")

    return make


# --- checking a result ---------------------------------------------------------------
def written(name: str, start: bytes) -> Check:
    """The file ``name`` (through a symlink too) now begins with ``start``."""

    def check(tmp: Path, run: Run) -> None:
        assert start in (tmp / name).read_bytes()[:300]

    return check


def written_through(link: str, target: str, start: bytes) -> Check:
    """``link`` is still a symlink to ``target``, and the target got the new content."""

    def check(tmp: Path, run: Run) -> None:
        assert (tmp / link).is_symlink() and os.readlink(tmp / link) == target
        assert start in (tmp / target).read_bytes()[:300]

    return check


def if_result(check: Check) -> Check:
    """``check`` for a case that may also end in an error (then the folder is unchanged)."""

    def maybe(tmp: Path, run: Run) -> None:
        if run.code != 2:
            check(tmp, run)

    return maybe


def prints(*texts: str) -> Check:
    def check(tmp: Path, run: Run) -> None:
        for text in texts:
            assert text in run.out

    return check


def absent(*texts: str) -> Check:
    """None of ``texts`` (a known false claim) is printed."""

    def check(tmp: Path, run: Run) -> None:
        for text in texts:
            assert text not in run.out, f"prints {text!r}"

    return check


def no_file(name: str) -> Check:
    def check(tmp: Path, run: Run) -> None:
        assert not os.path.lexists(tmp / name)

    return check


def all_of(*checks: Check) -> Check:
    def check(tmp: Path, run: Run) -> None:
        for c in checks:
            c(tmp, run)

    return check


def graph_json(value: float, gradients: dict[str, float | None]) -> Check:
    """``graph --json``: the value and each gradient (None: reported as undefined)."""

    def check(tmp: Path, run: Run) -> None:
        data = json.loads(run.out)
        assert data["value"] == pytest.approx(value, rel=1e-12)
        for name, want in gradients.items():
            got = data["gradients"].get(name)
            if want is None:
                assert not isinstance(got, (int, float)) or not math.isfinite(got)
            else:
                assert got == pytest.approx(want, rel=1e-12)

    return check


def no_control_characters(tmp: Path, run: Run) -> None:
    """Nothing from a file reaches the terminal raw: no ESC, CR or other control character."""
    assert not [c for c in run.out if (ord(c) < 32 and c not in "\n") or ord(c) == 127]


def keeps_notes(tmp: Path, run: Run) -> None:
    """A rebuild keeps the user's notes beside the new report."""
    assert (tmp / "rep" / "notes.txt").read_text() == "my answers\n"
    assert (tmp / "rep" / "report.md").is_file()


def not_contradicting(tmp: Path, run: Run) -> None:
    """The size refusal gives two different numbers (not "1e+07 ... at most 1e+07")."""
    line = run.err.split("at most")
    assert len(line) == 2
    limit = line[1].split()[0].strip(":;,")
    assert limit not in line[0]


# --- inputs --------------------------------------------------------------------------
def _flat(op: str, terms: int, name: str = "x") -> str:
    return op.join([name] * terms)


def _names(count: int) -> list[str]:
    return [f"x{i}" for i in range(count)]


SUM_300 = "+".join(_names(300))
SUM_1000 = "+".join(_names(1000))
ONES_300 = [f"{n}=1" for n in _names(300)]
ONES_1000 = [f"{n}=1" for n in _names(1000)]
SINES_20 = "*".join(f"sin({k}*x)" for k in range(1, 21))
SINES_300 = "+".join(f"sin({k}*x)" for k in range(1, 301))
TOWER_30 = "x**" * 30 + "x"
LINEAR_30 = "*".join(f"(x - {k})" for k in range(1, 31))
LONG_5001 = "x+" * 2500 + "x"
PADDED_5000 = "a" + " " * 4997 + "+1"
DEEP_PARENS = "(" * 101 + "x" + ")" * 101
DEEPER_PARENS = "(" * 2000 + "x" + ")" * 2000
DEEP_CALLS = "sin(" * 101 + "x" + ")" * 101
DEEP_POWERS = "x**" * 101 + "x"
NAME_254 = "g" * 250 + ".svg"
NAME_256 = "g" * 252 + ".svg"

CSV_OK = "x,y\n1,2\n2,4\n3,7\n"
SMALL_TOML = """\
[task2]
lab_lrs = [0.001, 0.01]
lab_choice = 0.01
[task2.data]
n = 20
[[task2.experiments]]
name = "a"
lr = 0.01
epochs = 10
[task2.sweep]
num = 5
epochs = [10]
"""
TABLE = "[[task2.experiments]]\n"  # one run of a lab config's experiment table
RUN = TABLE + 'name = "a"\n'
RUN_TOML = RUN + "lr = 0.01\nepochs = 10\n"
SVG, DOT, PNG = b"<svg", b"digraph", b"\x89PNG"


# --- graph ---------------------------------------------------------------------------
# fmt: off
GRAPH = [
    cli("graph-lab-example", "graph", "(2*a+b)*(c-d)", "a=3", "b=4", "c=5", "d=6", "--json",
        expect=RESULT, check=graph_json(-10, {"a": -2, "b": -1, "c": 10, "d": -10})),
    # syntax slips
    cli("graph-empty", "graph", "", expect=ERROR),
    cli("graph-only-spaces", "graph", "   ", expect=ERROR),
    cli("graph-tab-newline", "graph", "\t\n", expect=ERROR),
    cli("graph-trailing-plus", "graph", "a+", "a=1", expect=ERROR),
    cli("graph-trailing-power", "graph", "a**", "a=1", expect=ERROR),
    cli("graph-leading-star", "graph", "*a", "a=1", expect=ERROR),
    cli("graph-double-star-star", "graph", "a****2", "a=1", expect=ERROR),
    cli("graph-unclosed-paren", "graph", "(a+1", "a=1", expect=ERROR),
    cli("graph-extra-close-paren", "graph", "a+1)", "a=1", expect=ERROR),
    cli("graph-empty-parens", "graph", "()", expect=ERROR),
    cli("graph-juxtaposed-names", "graph", "a b", "a=1", "b=2", expect=ERROR),
    cli("graph-implicit-product", "graph", "2a", "a=1", expect=ERROR),
    cli("graph-caret-power", "graph", "a^2", "a=1", expect=ERROR, names=["**"]),
    cli("graph-bare-function", "graph", "sin", expect=ERROR, names=["sin"]),
    cli("graph-call-no-argument", "graph", "sin()", expect=ERROR, names=["sin"]),
    cli("graph-call-two-arguments", "graph", "sin(a,a)", "a=1", expect=ERROR, names=["sin"]),
    cli("graph-unknown-function", "graph", "foo(a)", "a=1", expect=ERROR, names=["foo"]),
    cli("graph-assignment", "graph", "a=2", expect=ERROR),
    cli("graph-semicolon", "graph", "a;a", "a=1", expect=ERROR),
    cli("graph-double-dot-number", "graph", "1..2", expect=ERROR),
    cli("graph-hex-number", "graph", "0x10", expect=ERROR),
    cli("graph-python-call", "graph", "__import__('os').system('echo hi')", expect=ERROR),
    cli("graph-python-attribute", "graph", "().__class__", expect=ERROR),
    cli("graph-number-beyond-float64", "graph", "1e999*a", "a=1", expect=ERROR),
    cli("graph-400-digit-number", "graph", "9" * 400 + "*a", "a=1", expect=ERROR),
    # unicode and control characters
    cli("graph-greek-letter", "graph", "\u03b1+1", "\u03b1=1", expect=ERROR),
    cli("graph-unicode-minus", "graph", "a\u22121", "a=1", expect=ERROR),
    cli("graph-fullwidth-digit", "graph", "a+\uff11", "a=1", expect=ERROR),
    cli("graph-arabic-digit", "graph", "a*\u0663", "a=1", expect=ERROR),
    cli("graph-zero-width-space", "graph", "a\u200b+1", "a=1", expect=ERROR),
    cli("graph-right-to-left-override", "graph", "a\u202e+1", "a=1", expect=ERROR),
    cli("graph-nul-character", "graph", "a\x00+1", "a=1", expect=ERROR),
    cli("graph-escape-sequence", "graph", "a+\x1b[31m1", "a=1", expect=ERROR),
    cli("graph-bell-and-backspace", "graph", "a\x07\x08+1", "a=1", expect=ERROR),
    # size and nesting
    cli("graph-5001-characters", "graph", LONG_5001, "x=1", expect=ERROR),
    cli("graph-5000-characters-padded", "graph", PADDED_5000, "a=1", expect=RESULT),
    cli("graph-101-parentheses", "graph", DEEP_PARENS, "x=1", expect=ERROR),
    cli("graph-2000-parentheses", "graph", DEEPER_PARENS, "x=1", expect=ERROR),
    cli("graph-101-nested-calls", "graph", DEEP_CALLS, "x=1", expect=ERROR),
    cli("graph-101-level-power-tower", "graph", DEEP_POWERS, "x=1", expect=ERROR),
    cli("graph-flat-sum-300-variables", "graph", SUM_300, *ONES_300, "--json",
        expect=RESULT, isolate=True, check=graph_json(300, {"x0": 1, "x299": 1})),
    cli("graph-flat-product-300", "graph", _flat("*", 300, "a"), "a=1", "--json",
        expect=RESULT, isolate=True, check=graph_json(1, {"a": 300})),
    cli("graph-flat-difference-300", "graph", _flat("-", 300, "a"), "a=1", "--json",
        expect=RESULT, isolate=True, check=graph_json(-298, {"a": -298})),
    cli("graph-1000-variables", "graph", SUM_1000, *ONES_1000, "--json",
        expect=RESULT, isolate=True, check=graph_json(1000, {"x999": 1})),
    cli("graph-power-tower-30", "graph", TOWER_30, "x=1.01", "--timeout", BUDGET,
        expect=BOUNDED, isolate=True),
    # exact-arithmetic bombs
    cli("graph-bomb-2-tower", "graph", "2**2**2**2**2**2", expect=ERROR, isolate=True,
        kill=QUICK),
    cli("graph-bomb-9-9-9", "graph", "x*9**9**9", "x=1", expect=ERROR, isolate=True,
        kill=QUICK),
    cli("graph-bomb-2-tower-5", "graph", "x*2**2**2**2**2", "x=1", expect=ERROR,
        isolate=True, kill=QUICK),
    # values
    cli("graph-missing-value", "graph", "a+rate", "a=1", expect=ERROR, names=["rate"]),
    cli("graph-no-values", "graph", "rate*b", expect=ERROR, names=["rate"]),
    cli("graph-value-not-in-expression", "graph", "a+1", "a=1", "zz=2", expect=ERROR,
        names=["zz"]),
    cli("graph-value-given-twice", "graph", "rate+1", "rate=1", "rate=2", expect=ERROR,
        names=["rate"]),
    cli("graph-value-nan", "graph", "rate+1", "rate=nan", expect=ERROR, names=["rate"]),
    cli("graph-value-inf", "graph", "rate+1", "rate=inf", expect=ERROR, names=["rate"]),
    cli("graph-value-minus-inf", "graph", "rate+1", "rate=-inf", expect=ERROR,
        names=["rate"]),
    cli("graph-value-1e400", "graph", "rate+1", "rate=1e400", expect=ERROR,
        names=["rate"]),
    cli("graph-value-text", "graph", "rate+1", "rate=abc", expect=ERROR,
        names=["rate", "abc"]),
    cli("graph-value-empty", "graph", "rate+1", "rate=", expect=ERROR, names=["rate"]),
    cli("graph-value-hex", "graph", "rate+1", "rate=0x1f", expect=ERROR, names=["rate"]),
    cli("graph-value-without-name", "graph", "a+1", "=1", expect=ERROR),
    cli("graph-value-without-equals", "graph", "a+1", "a", expect=ERROR),
    cli("graph-value-bad-name", "graph", "a+1", "1a=1", expect=ERROR),
    cli("graph-value-huge-overflows", "graph", "a*a", "a=1e300", expect=ERROR),
    cli("graph-value-subnormal-reciprocal", "graph", "1/a", "a=1e-320", expect=ERROR),
    cli("graph-constant-named-as-variable", "graph", "pi*2", "pi=3", expect=RESULT),
    cli("graph-constants-only", "graph", "2*pi", "--json", expect=RESULT,
        check=graph_json(2 * math.pi, {})),
    cli("graph-leading-minus", "graph", "-a", "a=2", "--json", expect=RESULT,
        check=graph_json(-2, {"a": -1})),
    # domain errors
    cli("graph-log-negative", "graph", "log(a)", "a=-1", expect=ERROR, names=["log"]),
    cli("graph-log-zero", "graph", "log(a)", "a=0", expect=ERROR, names=["log"]),
    cli("graph-division-by-zero", "graph", "1/a", "a=0", expect=ERROR),
    cli("graph-division-by-minus-zero", "graph", "1/a", "a=-0.0", expect=ERROR),
    cli("graph-sqrt-negative", "graph", "sqrt(a)", "a=-1", expect=ERROR, names=["sqrt"]),
    cli("graph-zero-to-minus-one", "graph", "0**-1", expect=ERROR),
    cli("graph-variable-zero-to-minus-one", "graph", "a**-1", "a=0", expect=ERROR),
    cli("graph-negative-to-half", "graph", "a**0.5", "a=-1", expect=ERROR),
    cli("graph-exp-overflow", "graph", "exp(a)", "a=1000", expect=ERROR, names=["exp"]),
    # honest verdicts: a gradient that exists is given
    cli("graph-negative-base-power", "graph", "a**b", "a=-2", "b=2", "--json", expect=RESULT,
        check=graph_json(4, {"a": -4, "b": None})),
    cli("graph-sqrt-at-zero-other-input", "graph", "sqrt(a)+b", "a=0", "b=1", "--json",
        expect=RESULT, check=graph_json(1, {"a": None, "b": 1})),
    cli("graph-abs-abs", "graph", "abs(abs(a))", "a=2", "--json", expect=RESULT,
        check=graph_json(2, {"a": 1})),
    cli("graph-sqrt-of-square", "graph", "sqrt(a*a)", "a=2", "--json", expect=RESULT,
        check=graph_json(2, {"a": 1})),
    cli("graph-abs-over-self", "graph", "abs(c)/c", "c=2", "--json", expect=RESULT,
        check=graph_json(1, {"c": 0})),
    cli("graph-relu-product", "graph", "relu(a-1)*a", "a=3", "--json", expect=RESULT,
        check=graph_json(6, {"a": 5})),
    # output targets
    cli("graph-svg-new-file", "graph", "a*b", "a=1", "b=2", "--svg", "g.svg",
        expect=RESULT, check=written("g.svg", SVG)),
    cli("graph-dot-new-file", "graph", "a*b", "a=1", "b=2", "--dot", "g.dot",
        expect=RESULT, check=written("g.dot", DOT)),
    cli("graph-svg-overwrites-file", "graph", "a", "a=1", "--svg", "g.svg",
        setup=files(g_dot_svg="old\n"), expect=RESULT, check=written("g.svg", SVG)),
    cli("graph-svg-keeps-mode", "graph", "a", "a=1", "--svg", "g.svg",
        setup=existing("g.svg", 0o640), expect=RESULT, check=written("g.svg", SVG)),
    cli("graph-svg-to-stdout", "graph", "a", "a=1", "--svg", "-", expect=RESULT,
        check=all_of(prints("<svg"), no_file("-"))),
    cli("graph-dot-to-stdout", "graph", "a", "a=1", "--dot", "-", expect=RESULT,
        check=all_of(prints("digraph"), no_file("-"))),
    cli("graph-svg-through-symlink", "graph", "a", "a=1", "--svg", "link.svg",
        setup=symlink("link.svg", "real.svg"), expect=RESULT,
        check=written_through("link.svg", "real.svg", SVG)),
    cli("graph-dot-through-symlink", "graph", "a", "a=1", "--dot", "link.dot",
        setup=symlink("link.dot", "real.dot"), expect=RESULT,
        check=written_through("link.dot", "real.dot", DOT)),
    cli("graph-svg-dangling-symlink", "graph", "a", "a=1", "--svg", "link.svg",
        setup=symlink("link.svg", "new.svg", None), expect=RESULT,
        check=written_through("link.svg", "new.svg", SVG)),
    cli("graph-svg-fifo", "graph", "a", "a=1", "--svg", "pipe.svg", setup=fifo("pipe.svg"),
        expect=ERROR, names=["pipe.svg"], isolate=True),
    cli("graph-dot-fifo", "graph", "a", "a=1", "--dot", "pipe.dot", setup=fifo("pipe.dot"),
        expect=ERROR, names=["pipe.dot"], isolate=True),
    cli("graph-svg-folder", "graph", "a", "a=1", "--svg", "out", setup=folder("out"),
        expect=ERROR, names=["out"]),
    cli("graph-svg-missing-folder", "graph", "a", "a=1", "--svg", "nodir/g.svg",
        expect=ERROR, names=["nodir"]),
    cli("graph-svg-read-only-folder", "graph", "a", "a=1", "--svg", "ro/g.svg",
        setup=folder("ro", 0o555), expect=ERROR, names=["ro"], isolate=True, user=True),
    cli("graph-svg-empty-path", "graph", "a", "a=1", "--svg", "", expect=ERROR),
    cli("graph-dot-empty-path", "graph", "a", "a=1", "--dot", "", expect=ERROR),
    cli("graph-svg-png-suffix", "graph", "a", "a=1", "--svg", "g.png",
        expect=(ERROR, RESULT), check=if_result(written("g.png", PNG))),
    cli("graph-dot-svg-suffix", "graph", "a", "a=1", "--dot", "g.svg", expect=ERROR,
        names=["g.svg"]),
    cli("graph-svg-254-character-name", "graph", "a", "a=1", "--svg", NAME_254,
        expect=RESULT, check=written(NAME_254, SVG)),
    cli("graph-svg-256-character-name", "graph", "a", "a=1", "--svg", NAME_256,
        expect=ERROR),
    cli("graph-error-leaves-old-svg", "graph", "1/a", "a=0", "--svg", "g.svg",
        setup=files(g_dot_svg="old\n"), expect=ERROR),
]
# fmt: on


# --- derive --------------------------------------------------------------------------
# fmt: off
DERIVE = [
    cli("derive-sigmoid", "derive", "1/(1+exp(-x))", expect=RESULT,
        check=prints("sigmoid(x)*(1 - sigmoid(x))")),
    cli("derive-empty", "derive", "", expect=ERROR),
    cli("derive-only-spaces", "derive", "  \t ", expect=ERROR),
    cli("derive-dangling-operator", "derive", "x+*2", expect=ERROR),
    cli("derive-unbalanced", "derive", "sin(x", expect=ERROR),
    cli("derive-superscript-two", "derive", "x²", expect=ERROR),
    cli("derive-control-character", "derive", "x\x07", expect=ERROR),
    cli("derive-escape-sequence", "derive", "\x1b]0;owned\x07x", expect=ERROR),
    cli("derive-5001-characters", "derive", LONG_5001, expect=ERROR),
    cli("derive-101-parentheses", "derive", DEEP_PARENS, expect=ERROR),
    cli("derive-101-level-power-tower", "derive", DEEP_POWERS, expect=ERROR),
    cli("derive-flat-sum-300", "derive", _flat("+", 300), "--json", expect=RESULT,
        isolate=True),
    cli("derive-leading-minus", "derive", "-x**2", expect=RESULT, check=prints("-2*x")),
    cli("derive-minus-h", "derive", "-h", expect=RESULT),
    cli("derive-constant", "derive", "5", expect=RESULT),
    cli("derive-constant-pi", "derive", "pi", expect=RESULT),
    # honest verdicts: a right derivative is never called wrong
    cli("derive-cos-exp", "derive", "cos(exp(2*x))", expect=RESULT),
    # about 16 s of CPU: killed only past the command's own 60 s budget
    cli("derive-30-linear-factors", "derive", LINEAR_30, expect=RESULT, isolate=True, kill=75),
    cli("derive-order-3-trig-product", "derive", "sin(x)*cos(2*x)*tan(x/2)", "--order", "3",
        expect=RESULT),
    cli("derive-order-2-cos-exp-sqrt", "derive", "cos(exp(sqrt(1+x**2)))", "--order", "2",
        expect=RESULT),
    cli("derive-order-2-log-tanh", "derive", "log(1 + tanh(x)**2)**3", "--order", "2",
        expect=RESULT),
    # honest verdicts: no false property claims (each checked against a known false one)
    cli("derive-limit-log-sigmoid", "derive", "log(sigmoid(x))", expect=RESULT,
        check=absent("zoo")),
    cli("derive-asymptote-relu-squared", "derive", "relu(x - 1)**2", expect=RESULT,
        check=absent("relu(oo)")),
    cli("derive-float64-ceiling-as-maximum", "derive", "exp(exp(exp(x)))", expect=RESULT,
        check=absent("1.79769e+308")),
    cli("derive-empty-saturation-boundary", "derive", "sin(1/x)", expect=RESULT,
        check=absent("boundary x = \n")),
    cli("derive-asymptote-swish", "derive", "x*sigmoid(x)", expect=RESULT,
        check=prints("y = 0")),
    # bounded: explosions refused early, big work within the budget
    cli("derive-bomb-2-tower", "derive", "2**2**2**2**2**2", expect=ERROR, isolate=True,
        kill=QUICK),
    cli("derive-bomb-9-9-9", "derive", "x*9**9**9", expect=ERROR, isolate=True, kill=QUICK),
    cli("derive-bomb-2-tower-5", "derive", "x*2**2**2**2**2", expect=ERROR, isolate=True,
        kill=QUICK),
    cli("derive-bomb-with-budget", "derive", "x*9**9**9", "--timeout", BUDGET,
        expect=REFUSED, isolate=True),
    cli("derive-20-sines", "derive", SINES_20, "--timeout", BUDGET, expect=BOUNDED,
        isolate=True),
    cli("derive-power-tower-30", "derive", TOWER_30, "--timeout", BUDGET, expect=BOUNDED,
        isolate=True),
    cli("derive-300-term-sum", "derive", SINES_300, "--timeout", BUDGET, expect=BOUNDED,
        isolate=True),
    cli("derive-timeout-negative", "derive", "x", "--timeout", "-1", expect=ERROR,
        names=["--timeout"]),
    cli("derive-timeout-nan", "derive", "x", "--timeout", "nan", expect=ERROR,
        names=["--timeout"]),
    # options
    cli("derive-order-0", "derive", "x", "--order", "0", expect=ERROR, names=["order"]),
    cli("derive-order-5", "derive", "x", "--order", "5", expect=ERROR, names=["order"]),
    cli("derive-order-negative", "derive", "x", "--order", "-1", expect=ERROR,
        names=["order"]),
    cli("derive-order-true", "derive", "x", "--order", "True", expect=ERROR, names=["order"]),
    cli("derive-order-fraction", "derive", "x", "--order", "1.5", expect=ERROR,
        names=["order"]),
    cli("derive-range-equal", "derive", "x", "--range", "1", "1", expect=ERROR,
        names=["range"]),
    cli("derive-range-reversed", "derive", "x", "--range", "2", "1", expect=ERROR,
        names=["range"]),
    cli("derive-range-nan", "derive", "x", "--range", "nan", "1", expect=ERROR,
        names=["range"]),
    cli("derive-range-infinite", "derive", "x", "--range", "-inf", "inf", expect=ERROR,
        names=["range"]),
    cli("derive-range-one-number", "derive", "x", "--range", "1", expect=ERROR),
    cli("derive-points-zero", "derive", "x", "--points", "0", expect=ERROR, names=["points"]),
    cli("derive-points-huge", "derive", "x", "--points", "1000000000", expect=ERROR,
        names=["points"]),
    cli("derive-points-text", "derive", "x", "--points", "many", expect=ERROR,
        names=["points"]),
    cli("derive-saturation-zero", "derive", "x", "--saturation", "0", expect=ERROR,
        names=["saturation"]),
    cli("derive-saturation-one", "derive", "x", "--saturation", "1", expect=ERROR,
        names=["saturation"]),
    cli("derive-saturation-nan", "derive", "x", "--saturation", "nan", expect=ERROR,
        names=["saturation"]),
    cli("derive-wrt-unknown", "derive", "x**2", "--wrt", "y", expect=ERROR, names=["y"]),
    cli("derive-wrt-number", "derive", "x", "--wrt", "1", expect=ERROR, names=["1"]),
    cli("derive-wrt-empty", "derive", "x", "--wrt", "", expect=ERROR),
    cli("derive-several-variables", "derive", "x*y", expect=ERROR, names=["--wrt"]),
    cli("derive-at-the-variable", "derive", "x*y", "--wrt", "x", "--at", "x=2",
        expect=ERROR, names=["x"]),
    cli("derive-at-unknown", "derive", "x*y", "--wrt", "x", "--at", "zz=2", expect=ERROR,
        names=["zz"]),
    cli("derive-at-nan", "derive", "x*y", "--wrt", "x", "--at", "y=nan", expect=ERROR,
        names=["y"]),
    cli("derive-at-text", "derive", "x*y", "--wrt", "x", "--at", "y=two", expect=ERROR,
        names=["y"]),
    cli("derive-at-twice", "derive", "x*y", "--wrt", "x", "--at", "y=1", "--at", "y=2",
        expect=ERROR, names=["y"]),
    cli("derive-slope-at-nan", "derive", "x**2", "--slope-at", "nan", expect=ERROR,
        names=["--slope-at"]),
    cli("derive-slope-at-text", "derive", "x**2", "--slope-at", "left", expect=ERROR,
        names=["--slope-at"]),
    cli("derive-slope-at-outside-domain", "derive", "log(x)", "--slope-at", "-1",
        expect=ERROR, names=["-1"]),
    cli("derive-json-and-markdown", "derive", "x", "--json", "--markdown", expect=ERROR),
    cli("derive-unknown-option", "derive", "x", "--ordre", "2", expect=ERROR,
        names=["--ordre"]),
    cli("derive-nowhere-defined", "derive", "log(-1-x**2)", expect=ERROR),
    # --plot targets
    cli("derive-plot-svg", "derive", "x**2", "--plot", "f.svg", expect=RESULT,
        check=written("f.svg", SVG)),
    cli("derive-plot-wrong-suffix", "derive", "x**2", "--plot", "f.txt", expect=ERROR,
        names=["f.txt"]),
    cli("derive-plot-no-suffix", "derive", "x**2", "--plot", "figure", expect=ERROR,
        names=["figure"]),
    cli("derive-plot-folder", "derive", "x**2", "--plot", "out.svg", setup=folder("out.svg"),
        expect=ERROR, names=["out.svg"]),
    cli("derive-plot-empty-path", "derive", "x**2", "--plot", "", expect=ERROR),
    cli("derive-plot-through-symlink", "derive", "x**2", "--plot", "link.svg",
        setup=symlink("link.svg", "real.svg"), expect=RESULT,
        check=written_through("link.svg", "real.svg", SVG)),
    cli("derive-plot-keeps-mode", "derive", "x**2", "--plot", "f.png",
        setup=existing("f.png", 0o600), expect=RESULT, check=written("f.png", PNG)),
    cli("derive-plot-fifo", "derive", "x**2", "--plot", "pipe.svg", setup=fifo("pipe.svg"),
        expect=ERROR, names=["pipe.svg"], isolate=True),
    cli("derive-error-writes-no-plot", "derive", "x+", "--plot", "f.svg", expect=ERROR),
]
# fmt: on


# --- train ---------------------------------------------------------------------------
CSV_FILES = files(
    ok_dot_csv=CSV_OK,
    bom_dot_csv="\ufeff" + CSV_OK,
    crlf_dot_csv=CSV_OK.replace("\n", "\r\n"),
    quoted_dot_csv='"x","y"\n"1","2"\n"2","4"\n',
    extra_dot_csv="x,y,label\n1,2,a\n2,4,b\n3,7,c\n",
    blank_dot_csv="x,y\n\n1,2\n\n2,4\n\n",
    empty_dot_csv="",
    header_dot_csv="x,y\n",
    one_dot_csv="x,y\n1,2\n",
    same_x_dot_csv="x,y\n1,2\n1,3\n",
    cell_dot_csv="x,y\n1,2\n2,two\n",
    nan_dot_csv="x,y\n1,2\n2,nan\n",
    inf_dot_csv="x,y\n1,2\ninf,4\n",
    huge_dot_csv="x,y\n1,1e308\n2,-1e308\n",
    no_y_dot_csv="x,z\n1,2\n2,4\n",
    two_x_dot_csv="x,x,y\n1,1,2\n2,2,4\n",
    ragged_dot_csv="x,y\n1,2\n2,4,6\n",
    nul_dot_csv="x,y\n1,2\n2,\x004\n",
    field_dot_csv="x,y\n1," + "1" * 200_000 + "\n2,4\n",
    binary_dot_csv=bytes(range(256)) * 4,
    latin1_dot_csv="x,y\n1,2\n2,4\n# caf\xe9\n".encode("latin-1"),
)

# fmt: off
TRAIN = [
    cli("train-default", "train", expect=RESULT, check=prints("status")),
    cli("train-diverging-shown", "train", "--lr", "0.1", expect=RESULT, code=1,
        check=prints("overflow")),
    cli("train-lr-1e308-shown", "train", "--lr", "1e308", expect=RESULT, code=1),
    cli("train-lr-zero", "train", "--lr", "0", expect=ERROR, names=["lr"]),
    cli("train-lr-negative", "train", "--lr", "-0.5", expect=ERROR, names=["lr"]),
    cli("train-lr-nan", "train", "--lr", "nan", expect=ERROR, names=["lr"]),
    cli("train-lr-inf", "train", "--lr", "inf", expect=ERROR, names=["lr"]),
    cli("train-lr-text", "train", "--lr", "fast", expect=ERROR, names=["lr"]),
    cli("train-lr-comma-decimal", "train", "--lr", "0,01", expect=ERROR, names=["lr"]),
    cli("train-epochs-zero", "train", "--epochs", "0", expect=ERROR, names=["epochs"]),
    cli("train-epochs-negative", "train", "--epochs", "-5", expect=ERROR, names=["epochs"]),
    cli("train-epochs-huge", "train", "--epochs", "10" + "0" * 30, expect=ERROR,
        names=["epochs"]),
    cli("train-epochs-fraction", "train", "--epochs", "1.5", expect=ERROR, names=["epochs"]),
    cli("train-epochs-nan", "train", "--epochs", "nan", expect=ERROR, names=["epochs"]),
    cli("train-m0-nan", "train", "--m0", "nan", expect=ERROR, names=["m0"]),
    cli("train-b0-huge", "train", "--b0", "1e300", expect=ERROR, names=["b0"]),
    cli("train-tol-zero", "train", "--tol", "0", expect=ERROR, names=["tol"]),
    cli("train-tol-one", "train", "--tol", "1", expect=ERROR, names=["tol"]),
    cli("train-method-unknown", "train", "--method", "adam", expect=ERROR, names=["method"]),
    cli("train-method-autodiff", "train", "--method", "autodiff", "--epochs", "20",
        expect=RESULT),
    cli("train-method-loop", "train", "--method", "loop", "--epochs", "20", expect=RESULT),
    cli("train-unknown-option", "train", "--learning-rate", "0.1", expect=ERROR,
        names=["--learning-rate"]),
    # generated data
    cli("train-n-one", "train", "--n", "1", expect=ERROR, names=["n"]),
    cli("train-n-text", "train", "--n", "ten", expect=ERROR, names=["n"]),
    cli("train-n-1e8-within-budget", "train", "--n", "100000000", "--timeout", BUDGET,
        expect=BOUNDED, isolate=True),
    cli("train-epochs-1e7-within-budget", "train", "--epochs", "10000000", "--method",
        "loop", "--timeout", BUDGET, expect=BOUNDED, isolate=True),
    cli("train-noise-negative", "train", "--noise", "-1", expect=ERROR, names=["noise"]),
    cli("train-noise-nan", "train", "--noise", "nan", expect=ERROR, names=["noise"]),
    cli("train-slope-inf", "train", "--slope", "inf", expect=ERROR, names=["slope"]),
    cli("train-x-range-empty", "train", "--x-min", "5", "--x-max", "5", expect=ERROR),
    cli("train-seed-negative", "train", "--seed", "-1", expect=ERROR, names=["seed"]),
    cli("train-seed-2-32", "train", "--seed", str(2**32), expect=ERROR, names=["seed"]),
    # --csv files
    cli("train-csv-ok", "train", "--csv", "ok.csv", setup=CSV_FILES, expect=RESULT),
    cli("train-csv-utf8-bom", "train", "--csv", "bom.csv", setup=CSV_FILES, expect=RESULT),
    cli("train-csv-crlf", "train", "--csv", "crlf.csv", setup=CSV_FILES, expect=RESULT),
    cli("train-csv-quoted", "train", "--csv", "quoted.csv", setup=CSV_FILES, expect=RESULT),
    cli("train-csv-extra-column", "train", "--csv", "extra.csv", setup=CSV_FILES,
        expect=RESULT),
    cli("train-csv-blank-lines", "train", "--csv", "blank.csv", setup=CSV_FILES,
        expect=RESULT),
    cli("train-csv-missing", "train", "--csv", "missing.csv", expect=ERROR,
        names=["missing.csv"]),
    cli("train-csv-folder", "train", "--csv", "data", setup=folder("data"), expect=ERROR,
        names=["data"]),
    cli("train-csv-empty", "train", "--csv", "empty.csv", setup=CSV_FILES, expect=ERROR,
        names=["empty.csv"]),
    cli("train-csv-header-only", "train", "--csv", "header.csv", setup=CSV_FILES,
        expect=ERROR, names=["header.csv"]),
    cli("train-csv-one-point", "train", "--csv", "one.csv", setup=CSV_FILES, expect=ERROR,
        names=["one.csv"]),
    cli("train-csv-same-x", "train", "--csv", "same_x.csv", setup=CSV_FILES, expect=ERROR,
        names=["same_x.csv"]),
    cli("train-csv-text-cell", "train", "--csv", "cell.csv", setup=CSV_FILES, expect=ERROR,
        names=["cell.csv", "two"]),
    cli("train-csv-nan-cell", "train", "--csv", "nan.csv", setup=CSV_FILES, expect=ERROR,
        names=["nan.csv"]),
    cli("train-csv-inf-cell", "train", "--csv", "inf.csv", setup=CSV_FILES, expect=ERROR,
        names=["inf.csv"]),
    cli("train-csv-huge-values", "train", "--csv", "huge.csv", setup=CSV_FILES,
        expect=ERROR, names=["huge.csv"]),
    cli("train-csv-no-y-column", "train", "--csv", "no_y.csv", setup=CSV_FILES, expect=ERROR,
        names=["no_y.csv"]),
    cli("train-csv-two-x-columns", "train", "--csv", "two_x.csv", setup=CSV_FILES,
        expect=ERROR, names=["two_x.csv"]),
    cli("train-csv-ragged-row", "train", "--csv", "ragged.csv", setup=CSV_FILES,
        expect=ERROR, names=["ragged.csv"]),
    cli("train-csv-nul-byte", "train", "--csv", "nul.csv", setup=CSV_FILES, expect=ERROR,
        names=["nul.csv"]),
    cli("train-csv-200k-character-field", "train", "--csv", "field.csv", setup=CSV_FILES,
        expect=ERROR, names=["field.csv"]),
    cli("train-csv-binary", "train", "--csv", "binary.csv", setup=CSV_FILES, expect=ERROR,
        names=["binary.csv"]),
    cli("train-csv-latin1", "train", "--csv", "latin1.csv", setup=CSV_FILES, expect=ERROR,
        names=["latin1.csv"]),
    cli("train-csv-fifo-fed", "train", "--csv", "pipe.csv",
        setup=fed_fifo("pipe.csv", CSV_OK), expect=RESULT),
    cli("train-csv-fifo-endless", "train", "--csv", "pipe.csv",
        setup=fed_fifo("pipe.csv", "x,y\n", endless=True), expect=ERROR, names=["pipe.csv"],
        isolate=True),
    cli("train-csv-with-generator-option", "train", "--csv", "ok.csv", "--n", "5",
        setup=CSV_FILES, expect=ERROR, names=["--n"]),
    # --plot targets
    cli("train-plot-wrong-suffix", "train", "--plot", "fig.txt", expect=ERROR,
        names=[".txt"]),
    cli("train-plot-missing-folder", "train", "--plot", "nodir/fig.svg", expect=ERROR,
        names=["nodir"]),
    cli("train-plot-empty-path", "train", "--plot", "", expect=ERROR),
    cli("train-plot-format-pdf", "train", "--plot-format", "pdf", expect=ERROR,
        names=["pdf"]),
    cli("train-plot-fifo", "train", "--epochs", "5", "--plot", "pipe.svg",
        setup=fifo("pipe.svg"), expect=ERROR, names=["pipe.svg"], isolate=True),
    cli("train-plot-through-symlink", "train", "--epochs", "5", "--plot", "link.svg",
        setup=symlink("link.svg", "real.svg"), expect=RESULT,
        check=written_through("link.svg", "real.svg", SVG)),
    cli("train-json", "train", "--epochs", "5", "--json", expect=RESULT,
        check=lambda tmp, run: json.loads(run.out)),
]
# fmt: on


# --- sweep ---------------------------------------------------------------------------
# fmt: off
SWEEP = [
    cli("sweep-small", "sweep", "--num", "20", "--epochs", "10,100", expect=RESULT,
        check=prints("Runs by status")),
    cli("sweep-num-one", "sweep", "--num", "1", expect=ERROR, names=["1"]),
    cli("sweep-num-zero", "sweep", "--num", "0", expect=ERROR),
    cli("sweep-num-negative", "sweep", "--num", "-3", expect=ERROR),
    cli("sweep-num-text", "sweep", "--num", "lots", expect=ERROR, names=["--num"]),
    cli("sweep-num-1e7", "sweep", "--num", "10000000", expect=ERROR, isolate=True),
    cli("sweep-size-message", "sweep", "--num", "10000", "--epochs", "1000", expect=ERROR,
        check=not_contradicting),
    cli("sweep-lr-reversed", "sweep", "--lr-min", "0.1", "--lr-max", "0.01", expect=ERROR),
    cli("sweep-lr-equal", "sweep", "--lr-min", "0.01", "--lr-max", "0.01", expect=ERROR),
    cli("sweep-lr-negative", "sweep", "--lr-min", "-1", "--lr-max", "0.01", expect=ERROR),
    cli("sweep-lr-nan", "sweep", "--lr-min", "nan", "--lr-max", "0.01", expect=ERROR),
    cli("sweep-lr-inf", "sweep", "--lr-min", "0.01", "--lr-max", "inf", expect=ERROR),
    cli("sweep-epochs-text", "sweep", "--epochs", "ten", expect=ERROR, names=["epochs"]),
    cli("sweep-epochs-empty", "sweep", "--epochs", "", expect=ERROR, names=["epoch"]),
    cli("sweep-epochs-commas-only", "sweep", "--epochs", ",,", expect=ERROR,
        names=["epoch"]),
    cli("sweep-epochs-zero", "sweep", "--epochs", "0", expect=ERROR, names=["epochs"]),
    cli("sweep-epochs-negative", "sweep", "--epochs", "10,-10", expect=ERROR,
        names=["epochs"]),
    cli("sweep-epochs-fraction", "sweep", "--epochs", "10.5", expect=ERROR, names=["epochs"]),
    cli("sweep-epochs-too-many-values", "sweep", "--num", "2", "--epochs", "10000000",
        expect=ERROR),
    cli("sweep-epochs-spaces", "sweep", "--num", "5", "--epochs", " 10 , 20", expect=RESULT),
    cli("sweep-top-zero", "sweep", "--top", "0", expect=ERROR, names=["--top"]),
    cli("sweep-spacing-unknown", "sweep", "--spacing", "cubic", expect=ERROR,
        names=["cubic"]),
    cli("sweep-m0-nan", "sweep", "--m0", "nan", expect=ERROR, names=["m0"]),
    cli("sweep-tol-negative", "sweep", "--tol", "-1", expect=ERROR, names=["tol"]),
    cli("sweep-csv-missing", "sweep", "--csv", "gone.csv", expect=ERROR,
        names=["gone.csv"]),
    cli("sweep-grid-csv", "sweep", "--num", "5", "--epochs", "10", "--grid", "g.csv",
        expect=RESULT, check=written("g.csv", b"lr")),
    cli("sweep-grid-json", "sweep", "--num", "5", "--epochs", "10", "--grid", "g.json",
        expect=RESULT, check=written("g.json", b"{")),
    cli("sweep-grid-wrong-suffix", "sweep", "--grid", "g.txt", expect=ERROR,
        names=["g.txt"]),
    cli("sweep-grid-missing-folder", "sweep", "--grid", "nodir/g.csv", expect=ERROR,
        names=["nodir"]),
    cli("sweep-grid-folder", "sweep", "--num", "5", "--epochs", "10", "--grid", "g.csv",
        setup=folder("g.csv"), expect=ERROR, names=["g.csv"]),
    cli("sweep-grid-empty-path", "sweep", "--num", "5", "--epochs", "10", "--grid", "",
        expect=ERROR),
    cli("sweep-grid-to-stdout", "sweep", "--num", "5", "--epochs", "10", "--grid", "-",
        expect=RESULT, check=all_of(prints("lr"), no_file("-"))),
    cli("sweep-grid-through-symlink", "sweep", "--num", "5", "--epochs", "10", "--grid",
        "link.csv", setup=symlink("link.csv", "real.csv"), expect=RESULT,
        check=written_through("link.csv", "real.csv", b"lr")),
    cli("sweep-grid-keeps-mode", "sweep", "--num", "5", "--epochs", "10", "--grid", "g.csv",
        setup=existing("g.csv", 0o604), expect=RESULT, check=written("g.csv", b"lr")),
    cli("sweep-grid-fifo", "sweep", "--num", "5", "--epochs", "10", "--grid", "pipe.csv",
        setup=fifo("pipe.csv"), expect=ERROR, names=["pipe.csv"], isolate=True),
    cli("sweep-grid-254-character-name", "sweep", "--num", "5", "--epochs", "10", "--grid",
        "g" * 250 + ".csv", expect=RESULT, check=written("g" * 250 + ".csv", b"lr")),
    cli("sweep-plot-wrong-suffix", "sweep", "--plot", "h.jpg", expect=ERROR, names=[".jpg"]),
]
# fmt: on


# --- experiments ---------------------------------------------------------------------
def toml(text: str) -> Setup:
    return files(runs_dot_toml=text)


def many_runs(count: int, epochs: int) -> str:
    return f"{RUN}lr = 0.01\nepochs = {epochs}\n" * count


# fmt: off
EXPERIMENTS = [
    cli("experiments-lab-table", "experiments", expect=RESULT, check=prints("Reproduced 6 of 6")),
    cli("experiments-file", "experiments", "runs.toml", setup=toml(RUN_TOML), expect=RESULT),
    cli("experiments-expectation-missed", "experiments", "runs.toml",
        setup=toml(RUN_TOML + "lab = { m = 123.0 }\n"), expect=RESULT, code=1),
    cli("experiments-missing-file", "experiments", "none.toml", expect=ERROR,
        names=["none.toml"]),
    cli("experiments-folder", "experiments", "runs", setup=folder("runs"), expect=ERROR,
        names=["runs"]),
    cli("experiments-empty-file-is-the-lab", "experiments", "runs.toml", setup=toml(""),
        expect=RESULT, check=prints("Reproduced 6 of 6")),
    cli("experiments-binary-file", "experiments", "runs.toml",
        setup=files(runs_dot_toml=bytes(range(256))), expect=ERROR, names=["runs.toml"]),
    cli("experiments-not-utf8", "experiments", "runs.toml",
        setup=files(runs_dot_toml="# \xe9t\xe9\n".encode("latin-1") + RUN_TOML.encode()),
        expect=ERROR, names=["runs.toml"]),
    cli("experiments-malformed-toml", "experiments", "runs.toml", setup=toml("[[run]\nlr = "),
        expect=ERROR, names=["runs.toml"]),
    cli("experiments-deeply-nested-toml", "experiments", "runs.toml",
        setup=toml("x = " + "[" * 100_000), expect=ERROR, names=["runs.toml"]),
    cli("experiments-missing-lr", "experiments", "runs.toml",
        setup=toml(RUN + "epochs = 10\n"), expect=ERROR, names=["lr"]),
    cli("experiments-lr-text", "experiments", "runs.toml",
        setup=toml(RUN + 'lr = "0.01"\nepochs = 10\n'), expect=ERROR, names=["lr"]),
    cli("experiments-lr-nan", "experiments", "runs.toml",
        setup=toml(RUN + "lr = nan\nepochs = 10\n"), expect=ERROR, names=["lr"]),
    cli("experiments-lr-inf", "experiments", "runs.toml",
        setup=toml(RUN + "lr = inf\nepochs = 10\n"), expect=ERROR, names=["lr"]),
    cli("experiments-epochs-float", "experiments", "runs.toml",
        setup=toml(RUN + "lr = 0.01\nepochs = 10.0\n"), expect=ERROR, names=["epochs"]),
    cli("experiments-epochs-bool", "experiments", "runs.toml",
        setup=toml(RUN + "lr = 0.01\nepochs = true\n"), expect=ERROR, names=["epochs"]),
    cli("experiments-epochs-huge", "experiments", "runs.toml",
        setup=toml(RUN + "lr = 0.01\nepochs = 9223372036854775807\n"), expect=ERROR,
        names=["epochs"]),
    cli("experiments-unknown-key", "experiments", "runs.toml",
        setup=toml(RUN_TOML + "momentum = 0.9\n"), expect=ERROR, names=["momentum"]),
    cli("experiments-empty-name", "experiments", "runs.toml",
        setup=toml(TABLE + 'name = ""\nlr = 0.01\nepochs = 10\n'), expect=ERROR,
        names=["name"]),
    cli("experiments-escape-sequence-name", "experiments", "runs.toml",
        setup=toml(TABLE + 'name = "\\u001b]0;owned\\u0007\\u001b[2J\\r"\nlr = 0.01\n'
                   "epochs = 10\n"),
        expect=RESULT, check=no_control_characters),
    cli("experiments-escape-sequence-in-error", "experiments", "runs.toml",
        setup=toml(TABLE + 'name = "\\u001b[2J"\nlr = -1\nepochs = 10\n'), expect=ERROR),
    cli("experiments-data-csv-missing", "experiments", "runs.toml",
        setup=toml('[task2.data]\ncsv = "gone.csv"\n' + RUN_TOML), expect=ERROR,
        names=["gone.csv"]),
    cli("experiments-data-not-table", "experiments", "runs.toml",
        setup=toml('[task2]\ndata = "lab"\n' + RUN_TOML), expect=ERROR, names=["data"]),
    cli("experiments-data-bad-n", "experiments", "runs.toml",
        setup=toml("[task2.data]\nn = 1\n" + RUN_TOML), expect=ERROR, names=["n"]),
    cli("experiments-expect-zero", "experiments", "runs.toml",
        setup=toml(RUN_TOML + "lab = { m = 0.0 }\n"), expect=ERROR, names=["m"]),
    cli("experiments-1001-runs", "experiments", "runs.toml", setup=toml(many_runs(1001, 1)),
        expect=ERROR, names=["1001"]),
    cli("experiments-heavy-runs-within-budget", "experiments", "runs.toml", "--timeout",
        BUDGET, setup=toml(many_runs(50, 10_000_000)), expect=BOUNDED, isolate=True),
    cli("experiments-fifo-fed", "experiments", "runs.toml",
        setup=fed_fifo("runs.toml", RUN_TOML), expect=RESULT),
    cli("experiments-method-unknown", "experiments", "--method", "sgd", expect=ERROR,
        names=["sgd"]),
    cli("experiments-tol-zero", "experiments", "--tol", "0", expect=ERROR, names=["tol"]),
    cli("experiments-plot-wrong-suffix", "experiments", "--plot", "p.gif", expect=ERROR,
        names=[".gif"]),
    cli("experiments-old-form-file", "experiments", "runs.toml",
        setup=toml("[[run]]\nlr = 0.01\nepochs = 10\nexpect = { m = 2.0 }\n"), expect=ERROR,
        names=["run", "task2.experiments"]),
    cli("experiments-csv-and-generator", "experiments", "runs.toml",
        setup=files(runs_dot_toml='[task2.data]\ncsv = "p.csv"\nseed = 7\n',
                    p_dot_csv="x,y\n0,1\n1,3\n"), expect=ERROR, names=["csv", "seed"]),
    cli("experiments-other-seed-not-compared", "experiments", "--seed", "7", expect=RESULT,
        check=prints("no expected numbers for these data")),
    cli("experiments-seed-over-a-csv", "experiments", "runs.toml", "--seed", "7",
        setup=files(runs_dot_toml='[task2.data]\ncsv = "p.csv"\n', p_dot_csv="x,y\n0,1\n1,3\n"),
        expect=ERROR, names=["--seed", "p.csv"]),
    cli("experiments-bad-fingerprint", "experiments", "runs.toml",
        setup=toml(RUN_TOML + 'lab = { m = 2.0, data = "../../etc/passwd" }\n'), expect=ERROR,
        names=["lab.data"]),
]
# fmt: on


# --- report --------------------------------------------------------------------------
def config(text: str) -> Setup:
    return files(lab_dot_toml=text)


# fmt: off
REPORT = [
    cli("report-rebuild-keeps-notes", "report", "--config", "small.toml", "--out", "rep",
        "--format", "md", setup=both(files(small_dot_toml=SMALL_TOML), report_built("rep")),
        expect=(RESULT, ERROR), names=["notes.txt"], check=if_result(keeps_notes)),
    cli("report-out-is-a-file", "report", "--out", "taken", setup=files(taken="x\n"),
        expect=ERROR, names=["taken"]),
    cli("report-out-foreign-folder", "report", "--out", "mine",
        setup=files(**{"mine/notes.txt": "x\n"}),
        expect=ERROR, names=["mine"]),
    cli("report-out-current-folder", "report", "--out", ".", expect=ERROR),
    cli("report-out-empty-path", "report", "--out", "", expect=ERROR),
    cli("report-out-fifo", "report", "--out", "pipe", setup=fifo("pipe"), expect=ERROR,
        names=["pipe"]),
    cli("report-lang-unknown", "report", "--lang", "fr", expect=ERROR, names=["fr"]),
    cli("report-format-unknown", "report", "--format", "docx", expect=ERROR, names=["docx"]),
    cli("report-config-missing", "report", "--config", "none.toml", expect=ERROR,
        names=["none.toml"]),
    cli("report-config-folder", "report", "--config", "conf", setup=folder("conf"),
        expect=ERROR, names=["conf"]),
    cli("report-config-binary", "report", "--config", "lab.toml",
        setup=files(lab_dot_toml=b"\x00\xff" * 64), expect=ERROR, names=["lab.toml"]),
    cli("report-config-malformed", "report", "--config", "lab.toml",
        setup=config("[task1\nexpression = "), expect=ERROR, names=["lab.toml"]),
    cli("report-config-unknown-key", "report", "--config", "lab.toml",
        setup=config("[task1]\nfunction = 'x'\n"), expect=ERROR, names=["function"]),
    cli("report-config-wrong-type", "report", "--config", "lab.toml",
        setup=config("[task2]\ntol = 'small'\n"), expect=ERROR, names=["tol"]),
    cli("report-config-bad-expression", "report", "--config", "lab.toml",
        setup=config("[task1]\nexpression = '1/(1+'\n"), expect=ERROR),
    cli("report-config-variable-not-in-expression", "report", "--config", "lab.toml",
        setup=config("[task1]\nexpression = 'x**2'\nvariable = 'y'\n"), expect=ERROR,
        names=["y"]),
    cli("report-config-task3-missing-value", "report", "--config", "lab.toml",
        setup=config("[task3]\nexpression = 'a*b'\nvalues = { a = 1.0 }\n"), expect=ERROR,
        names=["b"]),
    cli("report-config-task3-nan-value", "report", "--config", "lab.toml",
        setup=config("[task3]\nexpression = 'a'\nvalues = { a = nan }\n"), expect=ERROR,
        names=["a"]),
    cli("report-config-sweep-too-big", "report", "--config", "lab.toml",
        setup=config("[task2.sweep]\nnum = 100000\nepochs = [1000]\n"), expect=ERROR),
    cli("report-config-bomb", "report", "--config", "lab.toml", "--out", "rep", "--timeout",
        BUDGET, setup=config("[task1]\nexpression = 'x*9**9**9'\n"), expect=REFUSED,
        isolate=True),
    cli("report-config-20-sines", "report", "--config", "lab.toml", "--out", "rep",
        "--timeout", BUDGET, setup=config(f"[task1]\nexpression = '{SINES_20}'\n"),
        expect=BOUNDED, isolate=True),
]
# fmt: on


# --- the command itself ----------------------------------------------------------------
# fmt: off
GENERAL = [
    cli("cli-no-command", expect=ERROR),
    cli("cli-unknown-command", "plot", expect=ERROR, names=["plot"]),
    cli("cli-version", "--version", expect=RESULT, check=prints("chainrule")),
    cli("cli-help", "--help", expect=RESULT, check=prints("graph", "derive", "report")),
]
# fmt: on


# --- the Python API --------------------------------------------------------------------
def _alarm_kept(tmp: Path) -> bool:
    """derive leaves a caller's SIGALRM handler and running timer as they were."""
    fired: list[int] = []

    def handler(signum: int, frame: object) -> None:
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, 1000.0)
    try:
        chainrule.derive("sin(x)/x")
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        return remaining > 900 and signal.getsignal(signal.SIGALRM) is handler and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _in_thread(call: Callable[[], Any]) -> Any:
    """``call()`` in a worker thread; its exception re-raised here."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["result"]


def _pickled(tmp: Path) -> tuple[float, list[float]]:
    a, b = chainrule.Value(2.0, name="a"), chainrule.Value(3.0, name="b")
    out = a * b
    out.backward()
    again = pickle.loads(pickle.dumps(out))
    return again.data, [p.grad for p in again.parents]


def _exact_descent(data: Any, lr: float, epochs: int, m0: float, b0: float) -> list[float]:
    """(m, b) after ``epochs`` steps of gradient descent on the MSE, in 60-digit arithmetic.

    The steps are affine, theta <- A theta + lr*c with A = I - lr*H, so theta_k =
    theta* + A**k (theta_0 - theta*).
    """
    import mpmath

    with mpmath.workdps(60):
        xs = [mpmath.mpf(float(v)) for v in data.x]
        ys = [mpmath.mpf(float(v)) for v in data.y]
        sx, sy, n = mpmath.fsum(xs), mpmath.fsum(ys), len(xs)
        sxx = mpmath.fsum(v * v for v in xs)
        sxy = mpmath.fsum(a * b for a, b in zip(xs, ys, strict=True))
        hessian = mpmath.matrix([[sxx, sx], [sx, n]]) * (mpmath.mpf(2) / n)
        c = mpmath.matrix([sxy, sy]) * (mpmath.mpf(2) / n)
        optimum = mpmath.lu_solve(hessian, c)
        step = mpmath.eye(2) - mpmath.mpf(lr) * hessian
        theta = optimum + step**epochs * (mpmath.matrix([m0, b0]) - optimum)
        return [float(theta[0]), float(theta[1])]


def _offset_drift(tmp: Path) -> float:
    """Relative error of the fast path's (m, b) against exact descent, x in [1e4, 1e4 + 1]."""
    x = 1e4 + np.linspace(0, 1, 200)
    y = 2 * x + 3 + np.random.RandomState(0).normal(0, 1, 200)
    rows = "".join(f"{float(a)!r},{float(b)!r}\n" for a, b in zip(x, y, strict=True))
    (tmp / "offset.csv").write_text("x,y\n" + rows)
    data = C.load_csv(tmp / "offset.csv")
    lr = 0.5 * C.train(data=data, lr=1e-12, epochs=1).stability.lr_max
    fast = C.train(data=data, lr=lr, epochs=100_000)
    m, b = _exact_descent(data, lr, 100_000, fast.m0, fast.b0)
    return max(abs(fast.m - m) / abs(m), abs(fast.b - b) / abs(b))


def _report(tmp: Path, **kwargs: Any) -> Any:
    return chainrule.build_report(**{"out": tmp / "rep", **kwargs})


C = chainrule
NAN, INF = math.nan, math.inf

# fmt: off
API = [
    # derive
    api("api-derive-ok", lambda t: C.derive("x**3"), expect=RESULT,
        check=lambda r: str(r.derivative) == "3*x**2"),
    api("api-derive-expression-none", lambda t: C.derive(None), expect=ERROR,
        names=["expression"]),
    api("api-derive-expression-int", lambda t: C.derive(3), expect=ERROR,
        names=["expression"]),
    api("api-derive-expression-bytes", lambda t: C.derive(b"x"), expect=ERROR,
        names=["expression"]),
    api("api-derive-order-bool", lambda t: C.derive("x", order=True), expect=ERROR,
        names=["order"]),
    api("api-derive-order-float", lambda t: C.derive("x", order=2.0), expect=ERROR,
        names=["order"]),
    api("api-derive-order-str", lambda t: C.derive("x", order="2"), expect=ERROR,
        names=["order"]),
    api("api-derive-order-none", lambda t: C.derive("x", order=None), expect=ERROR,
        names=["order"]),
    api("api-derive-wrt-int", lambda t: C.derive("x", wrt=1), expect=ERROR, names=["wrt"]),
    api("api-derive-at-list", lambda t: C.derive("x*y", wrt="x", at=[1]), expect=ERROR,
        names=["at"]),
    api("api-derive-at-str-value", lambda t: C.derive("x*y", wrt="x", at={"y": "2"}),
        expect=ERROR, names=["y"]),
    api("api-derive-at-none-value", lambda t: C.derive("x*y", wrt="x", at={"y": None}),
        expect=ERROR, names=["y"]),
    api("api-derive-at-bool-value", lambda t: C.derive("x*y", wrt="x", at={"y": True}),
        expect=ERROR, names=["y"]),
    api("api-derive-x-range-str", lambda t: C.derive("x", x_range="ab"), expect=ERROR,
        names=["range"]),
    api("api-derive-x-range-three", lambda t: C.derive("x", x_range=(1, 2, 3)),
        expect=ERROR, names=["range"]),
    api("api-derive-x-range-none-item", lambda t: C.derive("x", x_range=(None, 1)),
        expect=ERROR, names=["range"]),
    api("api-derive-points-bool", lambda t: C.derive("x", points=True), expect=ERROR,
        names=["points"]),
    api("api-derive-points-str", lambda t: C.derive("x", points="100"), expect=ERROR,
        names=["points"]),
    api("api-derive-saturation-str", lambda t: C.derive("x", saturation="0.1"),
        expect=ERROR, names=["saturation"]),
    api("api-derive-saturation-none", lambda t: C.derive("x", saturation=None),
        expect=ERROR, names=["saturation"]),
    api("api-derive-saturation-bool", lambda t: C.derive("x", saturation=True),
        expect=ERROR, names=["saturation"]),
    api("api-derive-points-none", lambda t: C.derive("x", points=None), expect=ERROR,
        names=["points"]),
    api("api-derive-x-range-bool", lambda t: C.derive("x", x_range=True), expect=ERROR,
        names=["range"]),
    api("api-derive-bomb-with-budget", lambda t: C.derive("x*9**9**9", timeout=1),
        expect=REFUSED, isolate=True),
    api("api-derive-20-sines-with-budget", lambda t: C.derive(SINES_20, timeout=1),
        expect=BOUNDED, isolate=True),
    api("api-derive-budget-in-worker-thread",
        lambda t: _in_thread(lambda: C.derive("2**2**2**2**2**2", timeout=1)),
        expect=REFUSED, isolate=True),
    api("api-derive-keeps-caller-alarm", _alarm_kept, expect=RESULT,
        check=lambda kept: kept is True),
    # trace
    api("api-trace-ok", lambda t: C.trace("a*b", values={"a": 2, "b": 3}), expect=RESULT,
        check=lambda r: r.nodes[-1].value == 6),
    api("api-trace-values-none", lambda t: C.trace("a", values=None), expect=ERROR,
        names=["values"]),
    api("api-trace-values-list", lambda t: C.trace("a", values=[1]), expect=ERROR,
        names=["values"]),
    api("api-trace-values-pairs", lambda t: C.trace("a", values=(("a", 1),)), expect=ERROR,
        names=["values"]),
    api("api-trace-value-numeric-str", lambda t: C.trace("speed", values={"speed": "3"}),
        expect=ERROR, names=["speed"]),
    api("api-trace-value-text", lambda t: C.trace("speed", values={"speed": "fast"}),
        expect=ERROR, names=["speed"]),
    api("api-trace-value-none", lambda t: C.trace("speed", values={"speed": None}),
        expect=ERROR, names=["speed"]),
    api("api-trace-value-bool", lambda t: C.trace("speed*2", values={"speed": True}),
        expect=ERROR, names=["speed"]),
    api("api-trace-value-complex", lambda t: C.trace("speed", values={"speed": 1j}),
        expect=ERROR, names=["speed"]),
    api("api-trace-value-huge-int", lambda t: C.trace("speed", values={"speed": 10**400}),
        expect=ERROR, names=["speed"]),
    api("api-trace-value-nan", lambda t: C.trace("speed+1", values={"speed": NAN}),
        expect=ERROR, names=["speed", "nan|finite"]),
    api("api-trace-value-inf", lambda t: C.trace("speed*2", values={"speed": INF}),
        expect=ERROR, names=["speed", "inf|finite"]),
    api("api-trace-value-missing", lambda t: C.trace("speed*time", values={"speed": 1}),
        expect=ERROR, names=["time"]),
    api("api-trace-key-not-str", lambda t: C.trace("a", values={1: 2, "a": 1}),
        expect=ERROR, names=["1"]),
    api("api-trace-expression-none", lambda t: C.trace(None, values={}), expect=ERROR,
        names=["expression"]),
    api("api-trace-bomb", lambda t: C.trace("x*9**9**9", values={"x": 1.0}), expect=ERROR,
        isolate=True, kill=QUICK),
    # train
    api("api-train-ok", lambda t: C.train(epochs=10), expect=RESULT,
        check=lambda r: r.epochs == 10 and len(r.history) == 11),
    api("api-train-fast-path-on-offset-data", _offset_drift, expect=RESULT,
        check=lambda error: error <= 1e-9),
    api("api-train-data-str", lambda t: C.train(data="lab"), expect=ERROR, names=["data"]),
    api("api-train-data-list", lambda t: C.train(data=[(1, 2), (2, 4)]), expect=ERROR,
        names=["data"]),
    api("api-train-lr-str", lambda t: C.train(lr="0.01"), expect=ERROR, names=["lr"]),
    api("api-train-lr-none", lambda t: C.train(lr=None), expect=ERROR, names=["lr"]),
    api("api-train-lr-bool", lambda t: C.train(lr=True), expect=ERROR, names=["lr"]),
    api("api-train-epochs-bool", lambda t: C.train(epochs=True), expect=ERROR,
        names=["epochs"]),
    api("api-train-epochs-float", lambda t: C.train(epochs=10.0), expect=ERROR,
        names=["epochs"]),
    api("api-train-epochs-str", lambda t: C.train(epochs="10"), expect=ERROR,
        names=["epochs"]),
    api("api-train-epochs-none", lambda t: C.train(epochs=None), expect=ERROR,
        names=["epochs"]),
    api("api-train-method-none", lambda t: C.train(method=None), expect=ERROR,
        names=["method"]),
    api("api-train-tol-none", lambda t: C.train(tol=None), expect=ERROR, names=["tol"]),
    api("api-train-m0-str", lambda t: C.train(m0="0"), expect=ERROR, names=["m0"]),
    api("api-train-b0-nan", lambda t: C.train(b0=NAN), expect=ERROR, names=["b0"]),
    api("api-train-b0-bool", lambda t: C.train(b0=True), expect=ERROR, names=["b0"]),
    api("api-train-m0-none", lambda t: C.train(m0=None), expect=ERROR, names=["m0"]),
    api("api-train-tol-bool", lambda t: C.train(tol=True), expect=ERROR, names=["tol"]),
    api("api-train-method-bool", lambda t: C.train(method=True), expect=ERROR,
        names=["method"]),
    api("api-train-heavy-with-budget",
        lambda t: C.train(epochs=10_000_000, method="autodiff", timeout=1), expect=BOUNDED,
        isolate=True),
    # sweep and lr_grid
    api("api-sweep-ok", lambda t: C.sweep(lrs=[0.01, 0.02], epochs=10), expect=RESULT,
        check=lambda r: r.status.shape == (2, 1)),
    api("api-sweep-epochs-str", lambda t: C.sweep(lrs=[0.01, 0.02], epochs="10"),
        expect=ERROR, names=["epochs"]),
    api("api-sweep-epochs-bool", lambda t: C.sweep(lrs=[0.01, 0.02], epochs=True),
        expect=ERROR, names=["epochs"]),
    api("api-sweep-epochs-float", lambda t: C.sweep(lrs=[0.01, 0.02], epochs=10.0),
        expect=ERROR, names=["epochs"]),
    api("api-sweep-epochs-none", lambda t: C.sweep(lrs=[0.01, 0.02], epochs=None),
        expect=ERROR, names=["epochs"]),
    api("api-sweep-epochs-empty", lambda t: C.sweep(lrs=[0.01, 0.02], epochs=[]),
        expect=ERROR, names=["epoch"]),
    api("api-sweep-lrs-str", lambda t: C.sweep(lrs="0.01", epochs=10), expect=ERROR,
        names=["lrs"]),
    api("api-sweep-lrs-none", lambda t: C.sweep(lrs=None, epochs=10), expect=ERROR,
        names=["lrs"]),
    api("api-sweep-lrs-text-items", lambda t: C.sweep(lrs=["a", "b"], epochs=10),
        expect=ERROR, names=["lrs"]),
    api("api-sweep-lrs-nan", lambda t: C.sweep(lrs=[NAN, 0.01], epochs=10), expect=ERROR,
        names=["lr"]),
    api("api-sweep-data-str", lambda t: C.sweep(data="lab", lrs=[0.01], epochs=10),
        expect=ERROR, names=["data"]),
    api("api-sweep-tol-str", lambda t: C.sweep(lrs=[0.01], epochs=10, tol="1e-6"),
        expect=ERROR, names=["tol"]),
    api("api-sweep-m0-none", lambda t: C.sweep(lrs=[0.01], epochs=10, m0=None),
        expect=ERROR, names=["m0"]),
    api("api-sweep-b0-str", lambda t: C.sweep(lrs=[0.01], epochs=10, b0="0"),
        expect=ERROR, names=["b0"]),
    api("api-sweep-epochs-zero-in-list", lambda t: C.sweep(lrs=[0.01], epochs=[0, 10]),
        expect=ERROR, names=["epochs"]),
    api("api-sweep-lrs-bool-item", lambda t: C.sweep(lrs=[True, 0.5], epochs=10),
        expect=ERROR, names=["lr"]),
    api("api-sweep-progress-int", lambda t: C.sweep(lrs=[0.01], epochs=10, progress=1),
        expect=ERROR, names=["progress"]),
    api("api-lr-grid-num-bool", lambda t: C.lr_grid(start=0.01, stop=0.1, num=True),
        expect=ERROR, names=["num"]),
    api("api-lr-grid-start-str", lambda t: C.lr_grid(start="0.01", stop=0.1, num=5),
        expect=ERROR, names=["start"]),
    api("api-lr-grid-reversed", lambda t: C.lr_grid(start=0.1, stop=0.01, num=5),
        expect=ERROR),
    api("api-lr-grid-stop-none", lambda t: C.lr_grid(start=0.01, stop=None, num=5),
        expect=ERROR, names=["stop"]),
    api("api-lr-grid-num-none", lambda t: C.lr_grid(start=0.01, stop=0.1, num=None),
        expect=ERROR),
    api("api-lr-grid-num-str", lambda t: C.lr_grid(start=0.01, stop=0.1, num="5"),
        expect=ERROR),
    api("api-lr-grid-spacing-none",
        lambda t: C.lr_grid(start=0.01, stop=0.1, num=5, spacing=None), expect=ERROR,
        names=["spacing"]),
    # experiments
    api("api-experiments-lab", lambda t: C.run_experiments(), expect=RESULT,
        check=lambda r: r.reproduced == (6, 6)),
    api("api-experiments-str", lambda t: C.run_experiments(experiments="lab"), expect=ERROR,
        names=["experiments"]),
    api("api-experiments-none", lambda t: C.run_experiments(experiments=None), expect=ERROR,
        names=["experiments"]),
    api("api-experiments-ints", lambda t: C.run_experiments(experiments=[1]), expect=ERROR,
        names=["experiments"]),
    api("api-experiments-empty", lambda t: C.run_experiments(experiments=[]), expect=ERROR,
        names=["experiments"]),
    api("api-experiments-method", lambda t: C.run_experiments(method="sgd"), expect=ERROR,
        names=["sgd"]),
    api("api-experiments-tol-str", lambda t: C.run_experiments(tol="1e-6"), expect=ERROR,
        names=["tol"]),
    # build_report
    api("api-report-config-dict", lambda t: _report(t, config={"task1": {}}), expect=ERROR,
        names=["config"]),
    api("api-report-config-str", lambda t: _report(t, config="lab.toml"), expect=ERROR,
        names=["config"]),
    api("api-report-out-none", lambda t: C.build_report(out=None), expect=ERROR,
        names=["out"]),
    api("api-report-out-int", lambda t: C.build_report(out=7), expect=ERROR, names=["out"]),
    api("api-report-lang-unknown", lambda t: _report(t, lang="xx"), expect=ERROR,
        names=["xx"]),
    api("api-report-lang-none", lambda t: _report(t, lang=None), expect=ERROR,
        names=["lang"]),
    api("api-report-format-unknown", lambda t: _report(t, format="docx"), expect=ERROR,
        names=["docx"]),
    api("api-report-progress-int", lambda t: _report(t, progress=1), expect=ERROR,
        names=["progress"]),
    # data and parsing
    api("api-load-csv-none", lambda t: C.load_csv(None), expect=ERROR),
    api("api-load-csv-int", lambda t: C.load_csv(3), expect=ERROR),
    api("api-load-csv-missing", lambda t: C.load_csv(t / "gone.csv"), expect=ERROR,
        names=["gone.csv"]),
    api("api-lab-data-n-str", lambda t: C.lab_data(n="5"), expect=ERROR, names=["n"]),
    api("api-lab-data-n-float", lambda t: C.lab_data(n=5.0), expect=ERROR, names=["n"]),
    api("api-lab-data-seed-bool", lambda t: C.lab_data(seed=True), expect=ERROR,
        names=["seed"]),
    api("api-lab-data-slope-str", lambda t: C.lab_data(slope="2"), expect=ERROR,
        names=["slope"]),
    api("api-lab-data-noise-none", lambda t: C.lab_data(noise=None), expect=ERROR,
        names=["noise"]),
    api("api-lab-data-x-min-bool", lambda t: C.lab_data(x_min=True), expect=ERROR,
        names=["x_min"]),
    api("api-parse-none", lambda t: C.parse(None), expect=ERROR),
    api("api-parse-bytes", lambda t: C.parse(b"x+1"), expect=ERROR),
    api("api-parse-int", lambda t: C.parse(3), expect=ERROR),
    api("api-parse-empty", lambda t: C.parse(""), expect=ERROR),
    api("api-conclude-tol-str", lambda t: C.conclude(tol="small"), expect=ERROR,
        names=["tol"]),
    api("api-conclude-data-str", lambda t: C.conclude(data="lab"), expect=ERROR,
        names=["data"]),
    api("api-conclude-m0-none", lambda t: C.conclude(m0=None), expect=ERROR, names=["m0"]),
    api("api-conclude-lab-lrs-none", lambda t: C.conclude(lab_lrs=None), expect=ERROR,
        names=["lab_lrs"]),
    api("api-conclude-lab-choice-str", lambda t: C.conclude(lab_choice="0.01"), expect=ERROR,
        names=["lab_choice"]),
    # Value
    api("api-value-ok", lambda t: C.Value(2.0) * C.Value(3.0), expect=RESULT,
        check=lambda v: v.data == 6.0),
    api("api-value-pickle", _pickled, expect=RESULT, check=lambda r: r == (6.0, [3.0, 2.0])),
    api("api-value-str", lambda t: C.Value("abc"), expect=ERROR),
    api("api-value-none", lambda t: C.Value(None), expect=ERROR),
    api("api-value-object", lambda t: C.Value(object()), expect=ERROR),
    api("api-value-list-of-str", lambda t: C.Value(["a", "b"]), expect=ERROR),
    api("api-value-dict", lambda t: C.Value({"a": 1}), expect=ERROR),
    api("api-value-name-int", lambda t: C.Value(1.0, name=3), expect=ERROR, names=["name"]),
    api("api-value-requires-grad-str", lambda t: C.Value(1.0, requires_grad="no"),
        expect=ERROR, names=["requires_grad"]),
    api("api-value-nan-named", lambda t: C.Value(NAN) * 2, expect=ERROR, names=["nan|finite"]),
    api("api-value-inf-named", lambda t: C.Value(INF) * 2, expect=ERROR, names=["inf|finite"]),
    api("api-value-log-negative", lambda t: C.Value(-1.0).log(), expect=ERROR,
        names=["log"]),
    api("api-value-division-by-zero", lambda t: C.Value(1.0) / 0, expect=ERROR),
    api("api-value-zero-to-minus-one", lambda t: C.Value(0.0) ** -1, expect=ERROR),
]
# fmt: on
