"""attempt(): a SymPy call that needs too much work, or gives up, yields the default.

The allowance counts work (profile events), not seconds, so the outcome does not
depend on how busy the machine is.
"""

import cProfile
import sys
import threading
import time
from types import FrameType
from typing import Any

import pytest

from chainrule.derivatives.bounded_sympy import STEPS_PER_SECOND, attempt


def spin() -> None:
    """Work that never ends: a Python loop of C calls (two profile events each)."""
    while True:
        abs(-1)


def calls(n: int) -> str:
    for _ in range(n):
        abs(-1)
    return "done"


def test_result_when_within_the_allowance() -> None:
    assert attempt(lambda: 42, None) == 42


def test_default_when_the_work_exceeds_the_allowance() -> None:
    assert attempt(spin, "stopped", steps=10_000) == "stopped"


def test_seconds_are_converted_to_steps() -> None:
    assert attempt(lambda: calls(2_000), None, seconds=4_100 / STEPS_PER_SECOND) == "done"
    assert attempt(lambda: calls(2_000), None, seconds=3_900 / STEPS_PER_SECOND) is None


def test_the_same_work_gets_the_same_answer_every_time() -> None:
    needed = next(s for s in range(4_000, 4_100) if attempt(lambda: calls(2_000), None, steps=s))
    for _ in range(20):
        assert attempt(lambda: calls(2_000), None, steps=needed) == "done"
        assert attempt(lambda: calls(2_000), None, steps=needed - 1) is None


def test_waiting_is_not_work() -> None:
    assert attempt(lambda: time.sleep(0.05) or "slept", None, steps=50) == "slept"


def test_default_when_sympy_gives_up() -> None:
    def give_up() -> None:
        raise NotImplementedError("cannot decide")

    assert attempt(give_up, "unknown") == "unknown"


def test_a_swallowing_except_does_not_defeat_the_bound() -> None:
    def stubborn() -> str:
        try:
            spin()
        except Exception:  # SymPy has clauses like this
            spin()
        return "finished"

    assert attempt(stubborn, "stopped", steps=10_000) == "stopped"


def test_a_stop_swallowed_by_a_bare_except_is_followed_by_another() -> None:
    def stubborn() -> str:
        try:  # noqa: SIM105 (written as mpmath's bare `except:` clauses are)
            spin()
        except BaseException:
            pass
        spin()  # stopped again by the watchdog, budget.RETRY seconds later
        return "finished"

    assert attempt(stubborn, "stopped", steps=10_000) == "stopped"


def test_nested_calls_share_the_outer_bound() -> None:
    assert attempt(lambda: attempt(lambda: "inner", None, steps=1), None) == "inner"
    assert attempt(lambda: attempt(spin, "inner", steps=10**12), "outer", steps=10_000) == "outer"


def test_keyboard_interrupt_is_not_swallowed() -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        attempt(interrupted, None)


def test_a_finaliser_is_not_interrupted(capsys: pytest.CaptureFixture[str]) -> None:
    finished = []

    class Finalised:
        def __del__(self) -> None:
            calls(10_000)  # the allowance runs out in here: the stop waits until after
            finished.append(True)

    def slow() -> str:
        Finalised()  # dropped at once: __del__ runs inside the bounded call
        spin()
        return "finished"

    assert attempt(slow, "stopped", steps=1_000) == "stopped"
    assert finished == [True]
    assert "Exception ignored" not in capsys.readouterr().err


def test_the_callers_profile_function_is_restored() -> None:
    seen: list[str] = []

    def mine(frame: FrameType, event: str, arg: Any) -> None:
        seen.append(event)

    sys.setprofile(mine)
    try:
        assert attempt(spin, "stopped", steps=1_000) == "stopped"
        assert attempt(lambda: "ok", None) == "ok"
        assert sys.getprofile() is mine
    finally:
        sys.setprofile(None)
    assert seen  # it saw the calls around the bounded ones


def test_a_c_profiler_is_left_alone() -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        assert attempt(lambda: calls(100), None, steps=10) == "done"  # not counted
        assert sys.getprofile() is profiler
    finally:
        profiler.disable()


def test_the_bound_works_in_a_worker_thread() -> None:
    results: list[object] = []

    def work() -> None:
        results.append(attempt(spin, "stopped", steps=10_000))
        results.append(attempt(lambda: calls(10), None, steps=10_000))
        results.append(sys.getprofile())

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert results == ["stopped", "done", None]
