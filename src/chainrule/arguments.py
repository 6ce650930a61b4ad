"""Checks of the public calls' arguments: a wrong one is a one-line error that names it.

A call from Python meets the typos the command line meets: ``train(epochs="10")``,
``derive(order=True)``, ``trace(values=None)``. Each check raises the call's own
:class:`~chainrule.errors.ChainruleError` subclass with the argument's name, what it
takes and (shortened) what it got. ``bool`` is not a number here, though Python counts
it as an int.
"""

from __future__ import annotations

import math
import os
import reprlib
from collections.abc import Collection, Mapping
from typing import Any

import numpy as np

from chainrule.errors import ChainruleError

Error = type[ChainruleError]


_SHORT = reprlib.Repr()
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxdict = 4
_SHORT.maxstring = _SHORT.maxother = 40


def shown(value: Any) -> str:
    """``repr(value)``, short (a long list is not written out), at most 40 characters."""
    text = _SHORT.repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def is_number(value: Any) -> bool:
    """An int or float (Python's or NumPy's), not a bool."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def non_finite(value: float) -> str:
    """How a number that is not finite is named: ``NaN`` or ``infinite``."""
    return "NaN" if math.isnan(value) else "infinite"


def number(name: str, value: Any, *, error: Error, low: float = -math.inf) -> float:
    """``value`` as a float: a finite number, above ``low`` if given (``0``: positive)."""
    bound = "" if low == -math.inf else f" above {low:g}"
    if not is_number(value):
        raise error(f"{name} must be a number{bound}, got {shown(value)}")
    if not math.isfinite(value):
        raise error(f"{name} must be a finite number{bound}, got {non_finite(value)}")
    if not value > low:
        raise error(f"{name} must be a number{bound}, got {shown(value)}")
    return float(value)


def whole(name: str, value: Any, *, error: Error, low: int, high: int) -> int:
    """``value`` as an int from ``low`` to ``high``."""
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    if not ok or not low <= value <= high:
        raise error(f"{name} must be a whole number from {low:,} to {high:,}, got {shown(value)}")
    return int(value)


def choice(name: str, value: Any, choices: Collection[str], *, error: Error) -> str:
    """One of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise error(f"{name} must be one of {', '.join(choices)}, got {shown(value)}")
    return value


def text(name: str, value: Any, *, error: Error) -> str:
    """A string."""
    if not isinstance(value, str):
        raise error(f"{name} must be a string, got {shown(value)}")
    return value


def path(name: str, value: Any, *, error: Error) -> str | os.PathLike[str]:
    """A file or folder name: a non-empty string or path object."""
    if not isinstance(value, (str, os.PathLike)) or not os.fspath(value):
        raise error(f"{name} must be a file path (a non-empty string or Path), got {shown(value)}")
    return value


def instance(name: str, value: Any, kind: type, what: str, *, error: Error) -> None:
    """``value`` is None (the default) or a ``kind``."""
    if value is not None and not isinstance(value, kind):
        raise error(f"{name} must be {what} or None, got {shown(value)}")


def function(name: str, value: Any, *, error: Error) -> None:
    """``value`` is None or callable."""
    if value is not None and not callable(value):
        raise error(f"{name} must be a function or None, got {shown(value)}")


def values(name: str, value: Any, *, error: Error) -> dict[str, float]:
    """A mapping of variable names to finite numbers, as floats."""
    if not isinstance(value, Mapping):
        raise error(f"{name} must map variable names to numbers, got {shown(value)}")
    out = {}
    for key, v in value.items():
        if not isinstance(key, str):
            raise error(f"{name} must map variable names to numbers; {shown(key)} is not a name")
        if not is_number(v):
            raise error(f"{name}: the value of {key} must be a number, got {shown(v)}")
        if not math.isfinite(v):
            raise error(f"{name}: the value of {key} is {non_finite(v)}")
        out[key] = float(v)
    return out


def pair(name: str, value: Any, *, error: Error) -> tuple[float, float]:
    """Two finite numbers ``(low, high)`` with ``low < high``."""
    ok = isinstance(value, (tuple, list)) and len(value) == 2 and all(map(is_number, value))
    if not ok or not (math.isfinite(value[0]) and math.isfinite(value[1])):
        raise error(f"{name} must be two finite numbers (low, high), got {shown(value)}")
    if not value[0] < value[1]:
        raise error(f"{name} must have low < high, got {shown(value)}")
    return float(value[0]), float(value[1])
