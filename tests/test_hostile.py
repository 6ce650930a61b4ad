"""Issue 9's hostile-input suite: every command and the API against what a careless or
malicious user types, each case asserting its outcome class (tests/hostile_cases.py).

- RESULT: exit 0 (or the documented non-zero of a shown run); the API returns.
- ERROR: exactly one printable line ``chainrule: error: ...`` (argparse's own
  ``chainrule CMD: error: ...`` too) on stderr, exit 2, nothing on stdout, no traceback or
  warning, nothing in the folder created, changed or removed; the API raises a
  ChainruleError with a one-line message.
- REFUSED: an error within the budget the case passes (``--timeout`` / ``timeout=``).
- BOUNDED: a result or a refusal within the budget.

A case that may hang or exhaust memory today runs in a forked child (no new interpreter
to start, so it costs only its own work) with an address-space limit and a CPU-time limit
(its ``kill`` seconds, so a loaded machine does not fail it), and is killed after three
times that on the wall clock (a child blocked without using CPU): the suite can neither
hang nor swap.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import os
import re
import resource
import signal
import stat
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest

import chainrule.derivatives.derivation
import chainrule.graph.picture
import chainrule.graph.tracing
import chainrule.report
from chainrule.cli import main
from chainrule.errors import ChainruleError
from hostile_cases import (
    API,
    BOUNDED,
    DERIVE,
    ERROR,
    EXPERIMENTS,
    GENERAL,
    GRAPH,
    REFUSED,
    REPORT,
    RESULT,
    SWEEP,
    TODAY,
    TRAIN,
    Api,
    Cli,
    Run,
)

#: Address space a forked case may add to what the test process already maps.
MEMORY = 3 * 2**30
#: The unprivileged user a read-only folder is tried as, when the tests run as root.
NOBODY = 65534
#: What an error line starts with: ours, or argparse's (which names the command).
ERROR_LINE = re.compile(r"chainrule( [a-z]+)?: error: \S")
#: Temporary files a writer must not leave behind.
LEFTOVER = re.compile(r"\.(tmp|new|old)$")

CLI_CASES = [*GRAPH, *DERIVE, *TRAIN, *SWEEP, *EXPERIMENTS, *REPORT, *GENERAL]

# Loaded here, not in each forked child (nor after a child has dropped its privileges:
# then the interpreter's own library under /root may be out of reach).
WARM = (
    chainrule.derivatives.derivation,
    chainrule.graph.picture,
    chainrule.report,
    chainrule.graph.tracing,
)


# --- the folder before and after -------------------------------------------------------
def snapshot(root: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry under ``root``: its kind, mode, and content hash or link target."""
    entries: dict[str, tuple[Any, ...]] = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder, name)
            st = os.lstat(path)
            mode = stat.S_IMODE(st.st_mode)
            key = str(path.relative_to(root))
            if stat.S_ISLNK(st.st_mode):
                entries[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                entries[key] = ("file", mode, hashlib.sha256(path.read_bytes()).hexdigest())
            elif stat.S_ISDIR(st.st_mode):
                entries[key] = ("folder", mode)
            else:
                entries[key] = ("special", stat.S_IFMT(st.st_mode), mode)
    return entries


def assert_kept(before: dict[str, tuple[Any, ...]], after: dict[str, tuple[Any, ...]]) -> None:
    """A run with a result keeps every entry's kind and mode (contents may change)."""
    for key, old in before.items():
        new = after.get(key)
        assert new is not None, f"{key} was removed"
        assert new[:2] == old[:2], f"{key} was {old[:2]}, is now {new[:2]}"
    leftovers = [key for key in after.keys() - before.keys() if LEFTOVER.search(key)]
    assert not leftovers, f"temporary files left behind: {leftovers}"


# --- running a case in a killable child --------------------------------------------------
def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(body: Callable[[], int], out: int, err: int, *, kill: float, user: bool) -> NoReturn:
    """Run ``body`` with stdout/stderr on ``out``/``err`` and limits; exit with its code."""
    code = 1
    try:
        os.setpgid(0, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8")
        limit = _address_space() + MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        seconds = math.ceil(kill)
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
        if user and os.geteuid() == 0:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        code = body()
    except SystemExit as exc:  # argparse: its message is already on stderr
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException:  # what an uncaught exception would do: a traceback, exit 1
        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        os._exit(code)


def _wait(pid: int, kill: float) -> tuple[int, bool]:
    """The child's exit code, and whether it was killed (its CPU time or 3x on the clock)."""
    deadline = time.monotonic() + 3 * kill
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            return code, code < 0  # a signal: SIGXCPU from the CPU limit, or a crash
        time.sleep(0.02)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), True


def isolated(body: Callable[[], int], *, kill: float, user: bool = False) -> Run:
    """``body()`` in a forked child with a memory limit, killed if it runs too long."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # pragma: no cover (the child)
            _child(body, out.fileno(), err.fileno(), kill=kill, user=user)
        code, killed = _wait(pid, kill)
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "backslashreplace")
        return Run(code, text, err.read().decode("utf-8", "backslashreplace"), killed)


def in_process(argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> Run:
    """``chainrule ARGV`` in this process; an escaping exception becomes a traceback."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except Exception:
        out, err = capsys.readouterr()
        return Run(1, out, err + traceback.format_exc())
    out, err = capsys.readouterr()
    return Run(code, out, err)


# --- outcome classes ---------------------------------------------------------------------
def outcome(run: Run, *, code: int) -> str:
    """The class of a CLI run, or a description of what makes it none of them."""
    if run.killed:
        return "killed: a hang or a runaway"
    lines = run.err.splitlines()
    errors = [line for line in lines if ERROR_LINE.match(line)]
    if "Traceback" in run.err or "Warning" in run.err:
        return f"a traceback or warning on stderr:\n{run.err[-3000:]}"
    if not all(line.isprintable() for line in lines):
        return f"control characters on stderr: {run.err!r}"
    if run.code == 2 and lines and lines == errors and len(lines) == 1:
        return ERROR if run.out == "" else f"an error with output on stdout: {run.out[:300]!r}"
    if run.code == code and run.out.strip() and len(errors) <= int(code != 0):
        return RESULT
    return f"exit {run.code}, stderr {run.err[-600:]!r}, stdout {run.out[:300]!r}"


def acceptable(expect: tuple[str, ...]) -> set[str]:
    """Classes a run may end in: a refusal has the shape of an error."""
    classes = set()
    for e in expect:
        classes |= {REFUSED: {ERROR}, BOUNDED: {RESULT, ERROR}}.get(e, {e})
    return classes


def assert_names(message: str, names: tuple[str, ...]) -> None:
    """Each name (``a|b``: either word) appears in the message, in any case."""
    for name in names:
        words = name.lower().split("|")
        assert any(w in message.lower() for w in words), f"{message!r} does not name {name!r}"


# --- the tests ---------------------------------------------------------------------------
@pytest.mark.parametrize("case", CLI_CASES)
def test_cli(
    case: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    made = case.setup(tmp_path) if case.setup else None
    if case.user:
        tmp_path.chmod(0o755)  # the unprivileged user may enter the folder, not write in ro/
    before = snapshot(tmp_path)
    try:
        if case.isolate:
            run = isolated(lambda: main(list(case.argv)), kill=case.kill, user=case.user)
        else:
            run = in_process(case.argv, capsys)
    finally:
        for feeder in made if isinstance(made, list) else [made]:
            if hasattr(feeder, "close"):
                feeder.close()
    if "--timeout" in case.argv:  # a refusal must come from the budget, not from argparse
        assert "unrecognized arguments" not in run.err, run.err
    got = outcome(run, code=case.code)
    assert got in acceptable(case.expect), f"{got}: {run.err.strip()[-500:]}"
    after = snapshot(tmp_path)
    if got == ERROR:
        assert_names(run.err, case.names)
        assert after == before, "an error changed the folder"
    else:
        assert_kept(before, after)
    if case.check:
        case.check(tmp_path, run)


def _call(case: Api, tmp: Path) -> dict[str, Any]:
    """The API call's outcome as plain data (so a forked child can hand it back)."""
    try:
        result = case.call(tmp)
    except ChainruleError as exc:
        return {"class": ERROR, "type": type(exc).__name__, "message": str(exc)}
    except Exception as exc:
        return {"class": "raw", "type": type(exc).__name__, "message": str(exc)[:500]}
    if case.check is not None and not case.check(result):
        return {"class": "wrong result", "type": type(result).__name__, "message": repr(result)}
    return {"class": RESULT, "type": type(result).__name__, "message": ""}


def _call_isolated(case: Api, tmp: Path) -> dict[str, Any]:
    with tempfile.TemporaryFile() as box:

        def body() -> int:
            box.write(json.dumps(_call(case, tmp)).encode())
            box.flush()
            return 0

        run = isolated(body, kill=case.kill)
        box.seek(0)
        text = box.read().decode()
    if run.killed:
        return {"class": f"killed after {case.kill:g} s", "type": "", "message": ""}
    return json.loads(text) if text else {"class": "crash", "type": "", "message": run.err}


@pytest.mark.parametrize("case", API)
def test_api(case: Api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    got = _call_isolated(case, tmp_path) if case.isolate else _call(case, tmp_path)
    assert got["class"] in acceptable(case.expect), got
    if got["class"] == ERROR:
        assert "\n" not in got["message"] and got["message"].strip(), got
        assert_names(got["message"], case.names)
        assert snapshot(tmp_path) == before, "an error changed the folder"


def test_table_is_large_and_ids_unique() -> None:
    """The issue asks for at least 200 cases over every command and the API."""
    ids = [p.id for p in CLI_CASES + API]
    assert len(ids) == len(set(ids)) and len(ids) >= 200
    assert {i for group in TODAY.values() for i in group} <= set(ids)  # no stale xfail entry
    commands = {p.values[0].argv[0] for p in CLI_CASES if p.values[0].argv}
    assert {"graph", "derive", "train", "experiments", "sweep", "report"} <= commands
