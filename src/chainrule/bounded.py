"""Bounded SymPy calls: some (limit, solve, simplify) can run for minutes on odd inputs.

:func:`attempt` runs a call under a wall-clock limit (``SIGALRM``, main thread only;
elsewhere without a limit) and turns "SymPy gave up" into a default value, so an
answer is either found quickly or honestly reported as unknown.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
D = TypeVar("D")

#: Seconds one SymPy call may take before its answer counts as unknown.
DEFAULT_SECONDS = 4.0
#: Seconds between repeated alarms once the limit has passed.
RETRY = 0.05


class _TimeUp(BaseException):
    """Raised inside a bounded call when its time is up (not an Exception: SymPy's
    ``except Exception`` clauses must not swallow it)."""


_active = False  # a bound is running: nested calls share it


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    global _active
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if _active or not usable:
        yield
        return

    def _raise(signum: int, frame: object) -> None:
        raise _TimeUp

    def _quiet(unraisable: sys.UnraisableHookArgs) -> None:
        if unraisable.exc_type is not _TimeUp:
            hook(unraisable)

    # The alarm repeats every RETRY seconds after the limit: one that lands in a
    # finaliser is swallowed there (silently, by _quiet), and the next one stops the call.
    previous, hook = signal.signal(signal.SIGALRM, _raise), sys.unraisablehook
    sys.unraisablehook = _quiet
    signal.setitimer(signal.ITIMER_REAL, seconds, RETRY)
    _active = True
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = hook
        _active = False


def attempt(call: Callable[[], T], default: D, *, seconds: float = DEFAULT_SECONDS) -> T | D:
    """``call()``, or ``default`` if it takes longer than ``seconds`` or SymPy gives up.

    Only for SymPy calls: any ``Exception`` counts as giving up (SymPy signals "cannot
    decide" with NotImplementedError, ValueError, TypeError, PolynomialError, ...).
    """
    try:
        with _time_limit(seconds):
            return call()
    except (_TimeUp, RecursionError, Exception):
        return default
