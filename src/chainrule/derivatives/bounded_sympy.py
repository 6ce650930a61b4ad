"""Bounded SymPy calls: some (limit, solve, simplify) can run for minutes on odd inputs.

:func:`attempt` runs a call with an allowance of work and turns "SymPy gave up" or
"the allowance ran out" into a default value, so an answer is either found or
honestly reported as unknown. The allowance counts work, not seconds: a profile
function on the calling thread (for the call's duration only; the caller's own is
put back) counts Python calls and returns, so the same input gets the same answer
on a busy machine and an idle one. The call also stays within the overall budget
(:mod:`chainrule.budget`).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

from chainrule import budget
from chainrule.budget import Region, Stop, in_finaliser, run_in

T = TypeVar("T")
D = TypeVar("D")

#: The allowance, in seconds of a typical machine, one SymPy call gets by default.
DEFAULT_SECONDS = 4.0
#: Profile events (calls and returns) per second of SymPy work while they are counted,
#: measured on the project's 2-core machine; turns ``seconds=`` into a count of steps.
#: (SymPy's assumptions are tried in a random order, so a call's count varies by about
#: 1% from one process to the next: an answer can change only for work that close to
#: its allowance.)
STEPS_PER_SECOND = 6_000_000


class OutOfSteps(Stop):
    """Raised inside a bounded call whose allowance of steps is spent."""


_counting = threading.local()  # a bounded call is running in this thread: nested ones share it


def attempt(
    call: Callable[[], T],
    default: D,
    *,
    seconds: float = DEFAULT_SECONDS,
    steps: int | None = None,
) -> T | D:
    """``call()``, or ``default`` if SymPy gives up or the work exceeds the allowance.

    The allowance is ``steps`` profile events, or by default ``seconds`` worth of them
    on a typical machine (:data:`STEPS_PER_SECOND`); nested calls share the outer
    allowance. Only for SymPy calls: any ``Exception`` counts as giving up (SymPy
    signals "cannot decide" with NotImplementedError, ValueError, TypeError,
    PolynomialError, ...).
    """
    allowance = round(seconds * STEPS_PER_SECOND) if steps is None else steps
    try:
        return _counted(call, allowance)
    except (OutOfSteps, RecursionError, Exception):
        return default


def _counted(call: Callable[[], T], allowance: int) -> T:
    """``call()`` with a profile function that stops it after ``allowance`` events."""
    previous = sys.getprofile()
    if getattr(_counting, "active", False) or not (previous is None or callable(previous)):
        return call()  # the outer bound counts; or a C profiler (cProfile) is not ours to move
    region = Region(OutOfSteps)
    left = allowance

    def count(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal left
        left -= 1
        if left < 0 and region.open and not in_finaliser(frame):
            # Raising removes this function; the watchdog repeats the stop (every
            # budget.RETRY seconds) if something swallows this one.
            region.reason, region.last = "steps", time.monotonic()
            budget.watch()
            raise OutOfSteps

    def counted() -> T:
        sys.setprofile(count)
        return call()

    _counting.active = True
    try:
        result = run_in(region, counted)
    finally:
        try:
            sys.setprofile(previous)
        finally:
            _counting.active = False
    if region.reason:  # the allowance ran out in a nested call that gave up: so does this one
        raise OutOfSteps
    return result
