"""One budget of time and memory for every command and public call, in any thread.

Each public call (:func:`chainrule.derive`, ``trace``, ``train``, ``sweep``,
``run_experiments``, ``conclude``, ``build_report``) and each command runs within a
:class:`Budget`: ``timeout=`` (or ``--timeout``) sets its seconds, and the memory
allowance is ``memory_mb`` above what the process held when the call began. A call
made inside another keeps the tighter of the two. Running out raises
:class:`~chainrule.errors.BudgetExceededError`, one line naming what was too big.

How it is enforced: a watchdog thread looks at the clock and the process's memory
a few times a second; when a call's budget is spent it raises :class:`Stop` in the
thread running the call (``PyThreadState_SetAsyncExc``), at the next Python
instruction, and again every :data:`RETRY` seconds if something swallowed it. The
caller's signal handlers, alarms, timers and profile functions are never touched,
and the running call pays nothing while it is within budget. A call blocked in one
long C operation (a huge integer power) can only be stopped when it returns; such
operations are refused by size before they start.

The same machinery serves :mod:`chainrule.derivatives.bounded_sympy`: a :class:`Region` is a stretch
of one thread's work that the watchdog may stop; :func:`run_in` runs a call in one
and closes it so that nothing is raised for it afterwards.
"""

from __future__ import annotations

import ctypes
import functools
import math
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from types import FrameType
from typing import ParamSpec, TypeVar

from chainrule.errors import BudgetExceededError, OptionError

T = TypeVar("T")
P = ParamSpec("P")

#: Seconds between the watchdog's looks at memory, and between repeated stops.
RETRY = 0.1
#: How the budget message says the budget can be raised, in Python.
HINT = "(a larger timeout= allows more)"


@dataclass(frozen=True)
class Budget:
    """Seconds a call may take and megabytes it may add to the process's memory."""

    seconds: float = 60.0  # a student's laptop: the lab's report takes a few seconds
    memory_mb: float = 2048.0  # above the memory in use when the call starts

    def __post_init__(self) -> None:
        for name in ("seconds", "memory_mb"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise OptionError(f"{name} must be a number, got {value!r}")
            if not (math.isfinite(value) and value > 0):
                raise OptionError(f"{name} must be positive and finite, got {value!r}")


#: The budget of a call made outside any other.
DEFAULT = Budget()


class Stop(BaseException):
    """Raised inside a call whose region is due (not an Exception: SymPy's and
    mpmath's ``except Exception`` clauses must not swallow it)."""


class OutOfBudget(Stop):
    """The call's time or memory budget is spent."""


class Region:
    """A stretch of one thread's work that the watchdog may stop with ``stop``.

    It falls due when the clock passes ``deadline``, when the process's memory passes
    ``ceiling`` (bytes), or when its owner sets ``reason``. ``closed`` is held by the
    watchdog while it sends, and by the owner for good once the work is over.
    """

    __slots__ = (
        "ceiling",
        "closed",
        "deadline",
        "last",
        "open",
        "reason",
        "sent",
        "stop",
        "thread",
    )

    def __init__(
        self, stop: type[Stop], *, deadline: float = math.inf, ceiling: float = math.inf
    ) -> None:
        self.thread = threading.get_ident()
        self.stop = stop
        self.deadline = deadline
        self.ceiling = ceiling
        self.closed = threading.Lock()
        self.open = True  # False once the work is over: nothing may stop it any more
        self.reason = ""  # why it fell due: "time", "memory", or the owner's word
        self.sent = False
        self.last = -math.inf  # when it was last stopped


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc


def run_in(region: Region, call: Callable[[], T]) -> T:
    """``call()`` in ``region``, watched; afterwards nothing is raised for the region."""
    try:
        _watchdog.add(region)
        return call()
    finally:
        # Inline, not in a function: a stop pending for this region could otherwise
        # fire on entering that function, before the region is closed.
        region.open = False
        region.closed.acquire()  # the watchdog sends nothing for it from here on
        if region.sent:  # one sent and not yet raised is raised on entering _deliver
            try:  # noqa: SIM105 (suppress() would run Python code, where it could be raised)
                _deliver()
            except region.stop:
                pass


def _deliver() -> None:
    """Nothing: entering a Python function raises a pending asynchronous exception.

    (Withdrawing one with ``PyThreadState_SetAsyncExc(id, NULL)`` would leave CPython
    3.11's eval breaker set for good, and a profiled thread spinning.)
    """


def in_finaliser(frame: FrameType | None) -> bool:
    """Whether ``frame`` runs inside a ``__del__`` (an exception there is lost)."""
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


class _Watchdog:
    """The thread that stops regions once they fall due."""

    def __init__(self) -> None:
        self.wake = threading.Condition()
        self.regions: list[Region] = []
        self.thread: threading.Thread | None = None

    def add(self, region: Region) -> None:
        with self.wake:
            self.regions.append(region)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._run, name="chainrule-budget", daemon=True
                )
                self.thread.start()
            if region.deadline < math.inf or region.ceiling < math.inf:
                self.wake.notify()  # else it can only fall due by its owner's word: watch()

    def watch(self) -> None:
        """Look again soon: a region's owner has set its ``reason``."""
        with self.wake:
            self.wake.notify()

    def _run(self) -> None:
        with self.wake:
            while True:
                self.wake.wait(self._pause())
                self._look()

    def _pause(self) -> float | None:
        """Seconds until the next look: a deadline, a memory check or a repeat."""
        if not self.regions:
            return None
        now = time.monotonic()
        soonest = min(r.deadline if not r.reason else r.last + RETRY for r in self.regions)
        return max(0.0, min(soonest - now, RETRY))

    def _look(self) -> None:
        now = time.monotonic()
        memory = rss() if any(r.ceiling < math.inf for r in self.regions) else 0
        frames = None
        for region in list(self.regions):
            if not region.closed.acquire(blocking=False):  # its owner closed it
                self.regions.remove(region)
                continue
            try:
                if not region.reason:
                    region.reason = (
                        "time"
                        if now >= region.deadline
                        else "memory"
                        if memory > region.ceiling
                        else ""
                    )
                if region.reason and now - region.last >= RETRY:
                    frames = frames if frames is not None else sys._current_frames()
                    if not in_finaliser(frames.get(region.thread)):  # else: next look
                        exc = ctypes.py_object(region.stop)
                        _set_async_exc(ctypes.c_ulong(region.thread), exc)
                        region.sent, region.last = True, now
            finally:
                region.closed.release()


_watchdog = _Watchdog()


def watch() -> None:
    """Tell the watchdog that a region has fallen due by its owner's word (its ``reason``)."""
    _watchdog.watch()


def _after_fork() -> None:  # the child has no watchdog thread, and maybe a held lock
    global _watchdog
    _watchdog = _Watchdog()


os.register_at_fork(after_in_child=_after_fork)


def rss() -> int:
    """The process's resident memory in bytes (its peak where /proc is missing)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


@dataclass(frozen=True)
class _Active:
    """The budget a thread (or task) is running within, and what its message quotes."""

    deadline: float  # time.monotonic() by which the call must be done
    ceiling: float  # bytes of resident memory the process may reach
    seconds: float
    memory_mb: float
    hint: str  # how to raise it: HINT, or the command's option

    def tighter(self, other: _Active | None) -> _Active:
        """Each limit from whichever of the two is tighter."""
        if other is None:
            return self
        soon = self if self.deadline <= other.deadline else other
        low = self if self.ceiling <= other.ceiling else other
        return _Active(soon.deadline, low.ceiling, soon.seconds, low.memory_mb, other.hint)


_active: ContextVar[_Active | None] = ContextVar("chainrule_budget", default=None)


def within(
    limit: Budget | float | None,
    call: Callable[[], T],
    *,
    what: Callable[[], str],
    hint: str = HINT,
) -> T:
    """``call()`` within ``limit``: a :class:`Budget`, a number of seconds (with the default
    memory allowance), or None for the enclosing budget (outside any, :data:`DEFAULT`).

    ``what()`` names the work for the error message: "the derivative of 'x**x**x'";
    ``hint`` says how to allow more (calls made inside keep the outermost hint).
    """
    outer = _active.get()
    if limit is None and outer is not None:
        active = outer
    else:
        budget = limit if isinstance(limit, Budget) else _budget(limit)
        mine = _Active(
            time.monotonic() + budget.seconds,
            rss() + budget.memory_mb * 2**20,
            budget.seconds,
            budget.memory_mb,
            hint,
        )
        active = mine.tighter(outer)
    region = Region(OutOfBudget, deadline=active.deadline, ceiling=active.ceiling)
    token = _active.set(active)
    profile = sys.getprofile()  # a stop landing inside a counted SymPy call may drop it
    try:
        return run_in(region, call)
    except OutOfBudget:
        late = time.monotonic() >= active.deadline
        if region.reason == "memory" or not (region.reason or late):
            message = f"{what()} needed more than {active.memory_mb:g} MB of memory"
        else:
            message = f"{what()} did not finish within {active.seconds:g} s {active.hint}"
        raise BudgetExceededError(message) from None
    finally:
        _active.reset(token)
        if sys.getprofile() is not profile:  # the region is closed: nothing can interrupt this
            sys.setprofile(profile)


def _budget(timeout: object) -> Budget:
    """The budget of ``timeout=``: a positive, finite number of seconds (None: the default)."""
    if timeout is None:
        return DEFAULT
    try:
        return Budget(seconds=timeout, memory_mb=DEFAULT.memory_mb)  # type: ignore[arg-type]
    except OptionError:
        raise OptionError(
            f"timeout must be a positive, finite number of seconds, got {timeout!r}"
        ) from None


def budgeted(what: Callable[..., str]) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Run a public call within its ``timeout=`` keyword; ``what(*args, **kwargs)`` names it."""

    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(func)
        def call(*args: P.args, **kwargs: P.kwargs) -> T:
            return within(
                kwargs.get("timeout"),  # type: ignore[arg-type]
                lambda: func(*args, **kwargs),
                what=lambda: what(*args, **kwargs),
            )

        return call

    return decorate


def quoted(expression: object, limit: int = 40) -> str:
    """``'sin(x)*sin(2*x)*sin(3*x)*sin(4*x)*sin(5*...'``: an expression, short, for a message."""
    text = " ".join(str(expression).split())
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
