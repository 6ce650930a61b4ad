"""attempt(): a SymPy call that takes too long, or gives up, yields the default."""

import time

import pytest

from chainrule.bounded import attempt


def test_result_when_in_time() -> None:
    assert attempt(lambda: 42, None) == 42


def test_default_when_too_slow() -> None:
    start = time.perf_counter()
    assert attempt(lambda: time.sleep(5), "late", seconds=0.1) == "late"
    assert time.perf_counter() - start < 2


def test_default_when_sympy_gives_up() -> None:
    def give_up() -> None:
        raise NotImplementedError("cannot decide")

    assert attempt(give_up, "unknown") == "unknown"


def test_a_swallowing_except_does_not_defeat_the_bound() -> None:
    def stubborn() -> str:
        try:
            time.sleep(5)
        except Exception:  # SymPy has clauses like this
            time.sleep(5)
        return "finished"

    start = time.perf_counter()
    assert attempt(stubborn, "stopped", seconds=0.1) == "stopped"
    assert time.perf_counter() - start < 2


def test_nested_calls_share_the_outer_bound() -> None:
    assert attempt(lambda: attempt(lambda: "inner", None, seconds=0.5), None) == "inner"


def test_keyboard_interrupt_is_not_swallowed() -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        attempt(interrupted, None)


def test_an_alarm_swallowed_by_a_finaliser_is_followed_by_another(
    capsys: pytest.CaptureFixture[str],
) -> None:
    class Finalised:
        def __del__(self) -> None:
            time.sleep(0.3)  # the first alarm lands here and is lost

    def slow() -> str:
        Finalised()  # dropped at once: __del__ runs inside the bounded call
        time.sleep(5)
        return "finished"

    start = time.perf_counter()
    assert attempt(slow, "stopped", seconds=0.1) == "stopped"
    assert time.perf_counter() - start < 2
    assert "Exception ignored" not in capsys.readouterr().err
