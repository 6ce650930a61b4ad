"""Columns of numbers read from files, checked: shared by :mod:`.big_data` and :mod:`.dask_stats`.

A bad value is a :class:`DataError` naming the file and the row (counted from 1 after the
header, blank lines not counted); an optional dependency that is missing is a one-line
:class:`ConfigError` saying what to install.
"""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from chainrule.descent.data import MAX_MAGNITUDE
from chainrule.descent.line_stats import LineStats
from chainrule.errors import ConfigError, DataError

#: What to install for this module and :mod:`.dask_stats`.
INSTALL = "pip install 'chainrule[scale]'"


def need(module: str, what: str) -> ModuleType:
    """Import an optional dependency, or ConfigError saying how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ConfigError(f"{what} needs {module.split('.')[0]}: {INSTALL}") from None


@dataclass(frozen=True)
class CsvForm:
    """How one CSV file is written: separator, decimal mark and its x and y column names."""

    sep: str
    decimal: str
    x: str
    y: str


def checked(where: str, row: int, xs: np.ndarray, ys: np.ndarray) -> None:
    """DataError naming the row (counted from 1, after ``row`` rows) of the first bad value."""
    for name, values in (("x", xs), ("y", ys)):
        with np.errstate(invalid="ignore"):
            bad = ~(np.abs(values) <= MAX_MAGNITUDE)  # NaN (an empty cell too) is bad
        if bad.any():
            k = int(np.argmax(bad))
            value = values[k]
            why = (
                "is empty or not a number"
                if np.isnan(value)
                else f"is {value:g}, beyond ±{MAX_MAGNITUDE:g}"
                if np.isfinite(value)
                else f"is not finite ({value:g})"
            )
            raise DataError(f"{where}: row {row + k + 1}: {name} {why}")


def numbers(file: str, name: str, column: Any, row: int, decimal: str) -> Any:
    """A text column as float64 (a decimal comma read as a point); a bad cell named."""
    pa, pc = need("pyarrow", "reading big data"), need("pyarrow.compute", "reading big data")
    text = pc.replace_substring(column, ",", ".") if decimal == "," else column
    text = pc.utf8_trim_whitespace(text)
    try:
        return pc.cast(text, pa.float64())
    except pa.ArrowInvalid:
        k = first_bad(text, pa, pc)
        cell = shown(column[k].as_py())
        raise DataError(f"{file}: row {row + k + 1}: {name} is not a number: {cell}") from None


def first_bad(text: Any, pa: ModuleType, pc: ModuleType) -> int:
    """Index of the first cell of a text column that does not cast to float64 (bisection)."""
    lo, hi = 0, len(text)  # the first bad cell is in [lo, hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        try:
            pc.cast(text[lo:mid], pa.float64())
            lo = mid
        except pa.ArrowInvalid:
            hi = mid
    return lo


def shown(cell: Any, width: int = 40) -> str:
    text = str(cell)
    return repr(text if len(text) <= width else text[: width - 3] + "...")


def unshifted(stats: LineStats, shift: tuple[float, float] | None) -> LineStats:
    """The statistics of ``(x, y)`` from those of ``(x - shift[0], y - shift[1])``.

    Every chunk is read relative to one origin, the first row: the chunks' means then keep
    their digits (x near 10^5 holds a mean only to 1.5e-11, while x - x0 holds it to the
    digits of the spread), so their differences in :meth:`LineStats.merge` are exact to
    rounding. The centred sums do not depend on the origin.
    """
    if shift is None or stats.n == 0:
        return stats
    return dataclasses.replace(
        stats, x_mean=stats.x_mean + shift[0], y_mean=stats.y_mean + shift[1]
    )
