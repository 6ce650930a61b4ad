"""The budget: every public call and command finishes or is refused within its time and
memory, in any thread, leaving the caller's signals, timers and profile function alone."""

import concurrent.futures
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from chainrule import cli, derive
from chainrule.budget import Budget, within
from chainrule.cli import main
from chainrule.errors import BudgetExceededError, OptionError
from chainrule.report import LabConfig, build_report
from chainrule.report.config import Task1Config

SINES = "*".join(f"sin({k}*x)" for k in range(1, 21))
TOWER = "**".join(["x"] * 30)
# 300 terms in 30 parenthesised groups: a flat chain of 300 still counts as nesting here.
SUM = "+".join(
    "(" + "+".join(f"x**{k}/{k}" for k in range(g, g + 10)) + ")" for g in range(1, 301, 10)
)


def spin() -> None:
    while True:
        abs(-1)


def finishes_or_is_refused(call: Any, seconds: float) -> object:
    """The call's result, or its BudgetExceededError; either way within the budget."""
    start = time.monotonic()
    try:
        outcome: object = call()
    except BudgetExceededError as exc:
        outcome = exc
    assert time.monotonic() - start < seconds + 5  # the stop comes within a moment
    return outcome


@pytest.mark.parametrize("expression", [SINES, TOWER, SUM], ids=["sines", "tower", "sum"])
def test_heavy_derivatives_finish_or_are_refused(expression: str) -> None:
    outcome = finishes_or_is_refused(lambda: derive(expression, timeout=2), 2)
    if isinstance(outcome, BudgetExceededError):
        assert str(outcome).startswith(f"the derivative of {expression[:37]!r}"[:-1])
        assert "did not finish within 2 s" in str(outcome)


def test_a_report_of_a_heavy_function_finishes_or_is_refused(tmp_path: Path) -> None:
    config = LabConfig(task1=Task1Config(expression=SINES))
    outcome = finishes_or_is_refused(
        lambda: build_report(out=tmp_path / "r", config=config, format="md", timeout=3), 3
    )
    if isinstance(outcome, BudgetExceededError):
        assert str(outcome).startswith("report: Task 1: the derivative of 'sin(1*x)*sin(2*x)")
        assert not (tmp_path / "r").exists()  # nothing written


def test_the_budget_works_in_worker_threads() -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            derive(TOWER, timeout=1)
        except BudgetExceededError as exc:
            errors.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(within, 0.5, spin, what=lambda: "spinning") for _ in range(2)]
        failures = [f.exception(30) for f in futures]
    assert len(errors) == 1
    assert all(isinstance(e, BudgetExceededError) for e in failures)
    assert str(failures[0]) == (
        "spinning did not finish within 0.5 s (a larger timeout= allows more)"
    )


def test_the_callers_alarm_timer_and_handler_are_untouched() -> None:
    def handler(signum: int, frame: object) -> None:
        raise AssertionError("the caller's alarm went off during the test")

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, 500.0)
    try:
        with pytest.raises(BudgetExceededError):
            derive(TOWER, timeout=1)
        assert derive("x**2").sympy_diff_agrees
        assert signal.getsignal(signal.SIGALRM) is handler
        remaining, interval = signal.getitimer(signal.ITIMER_REAL)
        assert 400 < remaining <= 500 and interval == 0
        assert signal.alarm(0) > 400  # the same timer, seen through alarm()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_callers_profile_function_is_restored() -> None:
    def mine(frame: FrameType, event: str, arg: Any) -> None:
        pass

    derive("1/(1+exp(-x))")  # warm: the stop then often lands inside a counted SymPy call
    try:
        for _ in range(3):
            sys.setprofile(mine)
            with pytest.raises(BudgetExceededError):
                derive(TOWER, timeout=1)
            assert sys.getprofile() is mine
    finally:
        sys.setprofile(None)


def test_nothing_is_raised_after_a_refusal() -> None:
    with pytest.raises(BudgetExceededError):
        within(0.2, spin, what=lambda: "spinning")
    end = time.monotonic() + 0.5  # several of the watchdog's repeats
    while time.monotonic() < end:
        abs(-1)


def test_a_call_inside_another_keeps_the_tighter_budget() -> None:
    with pytest.raises(BudgetExceededError, match=r"^the derivative of .* within 1 s \(use"):
        within(1, lambda: derive(TOWER, timeout=30), what=lambda: "outer", hint="(use it)")
    with pytest.raises(BudgetExceededError, match=r"^inner did not finish within 0.5 s"):
        within(30, lambda: within(0.5, spin, what=lambda: "inner"), what=lambda: "outer")


def test_memory_is_bounded() -> None:
    def grow() -> None:
        kept = []
        while True:
            kept.append(bytearray(2**20))
            time.sleep(0.001)

    with pytest.raises(BudgetExceededError, match=r"^growing needed more than 64 MB of memory$"):
        within(Budget(seconds=30, memory_mb=64), grow, what=lambda: "growing")


@pytest.mark.parametrize("bad", [0, -1.5, float("nan"), float("inf"), "10", True])
def test_a_bad_timeout_is_a_one_line_error(bad: object) -> None:
    with pytest.raises(OptionError, match=r"^timeout must be a positive, finite number"):
        derive("x", timeout=bad)  # type: ignore[arg-type]
    with pytest.raises(OptionError):
        Budget(seconds=bad)  # type: ignore[arg-type]


COMMANDS = [command.__name__.rpartition(".")[2].replace("_", "-") for command in cli.COMMANDS]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_timeout(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--timeout SECONDS" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main([command, "--timeout", "-5"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err == (
        f"chainrule {command}: error: argument --timeout: expected a positive number of "
        f"seconds, got '-5' (see 'chainrule {command} --help')\n"
    )


def test_the_cli_refuses_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["derive", TOWER, "--timeout", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("chainrule: error: the derivative of 'x**x**x")
    assert err.endswith("did not finish within 1 s (use --timeout SECONDS to allow more)\n")
    assert err.count("\n") == 1
