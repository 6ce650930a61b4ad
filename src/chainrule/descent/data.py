"""The points gradient descent fits a line to: the lab's generator, the user's CSV, or arrays.

:func:`lab_data` reproduces the lab to the last digit: ``x = linspace(0, 10, 100)``,
``y = 2*x + 3.5 + RandomState(1337).normal(0, 1, 100)`` (the legacy NumPy generator
``np.random.seed(1337); np.random.normal`` that the lab used), with every number a keyword.
"""

from __future__ import annotations

import csv
import itertools
import math
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

import numpy as np

from chainrule import arguments
from chainrule.errors import DataError
from chainrule.safe_files import open_input, reading
from chainrule.words import Text

#: At most this many points (x and y take 1.6 GB of float64 at this size).
MAX_POINTS = 10**8
#: Longest line of a CSV file, in characters: a longer one (an endless stream) is refused.
MAX_LINE = 1 << 16
#: Rows parsed into float64 at a time: memory stays near the size of the parsed points.
_CHUNK = 1 << 16
#: Largest |x| or |y| accepted: beyond it the sums of squares could leave the float64 range.
MAX_MAGNITUDE = 1e100

#: The field separators and decimal marks :func:`load_csv` reads.
SEPARATORS = (",", ";", "\t")
DECIMALS = (".", ",")


#: The lab's generator settings, the defaults of :func:`lab_data`.
LAB_RECIPE: Mapping[str, Any] = {
    "n": 100,
    "slope": 2.0,
    "intercept": 3.5,
    "noise": 1.0,
    "x_min": 0.0,
    "x_max": 10.0,
    "seed": 1337,
}


@dataclass(frozen=True, eq=False)
class Dataset:
    """Points ``(x, y)`` (read-only float64 arrays) and the ``recipe`` they came from.

    The recipe is ``{"source": "lab", **settings}``, ``{"source": "csv", "path": ...}``
    or ``{"source": "arrays"}``; it is what ``to_dict`` reports instead of the points.
    """

    x: np.ndarray  # (n,)
    y: np.ndarray  # (n,)
    recipe: Mapping[str, Any] = field(default_factory=lambda: {"source": "arrays"})

    @property
    def n(self) -> int:
        return int(self.x.size)

    def describe(self, lang: str = "en") -> str:
        """One line saying what the data is, e.g. ``lab data: 100 points, y = 2*x + 3.5 + ...``."""
        r, text = self.recipe, Text(lang)
        if r["source"] == "lab":
            numbers = {k: f"{r[k]:g}" for k in ("slope", "intercept", "noise", "x_min", "x_max")}
            return text("data.lab", n=self.n, seed=r["seed"], **numbers)
        if r["source"] == "csv":
            return text("data.csv", path=r["path"], n=self.n)
        return text("data.arrays", n=self.n)

    def to_dict(self) -> dict[str, Any]:
        return {**self.recipe, "n": self.n}


def dataset(*, x: Any, y: Any, recipe: Mapping[str, Any] | None = None) -> Dataset:
    """Points from array-likes (copied), checked like a CSV file's."""
    xs, ys = _column("x", x), _column("y", y)
    arguments.instance("recipe", recipe, Mapping, "a mapping", error=DataError)
    if xs.ndim != 1 or ys.ndim != 1 or xs.size != ys.size:
        raise DataError(f"x and y must be 1-D, of equal length; got shapes {xs.shape}, {ys.shape}")
    return _checked(xs, ys, dict(recipe or {"source": "arrays"}), where="data")


def _column(name: str, values: Any) -> np.ndarray:
    """``values`` as a float64 array, or DataError naming the column."""
    try:
        if isinstance(values, (str, bytes, Mapping)):
            raise TypeError
        return np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        shown = arguments.shown(values)
        raise DataError(f"{name} must be numbers (a list or array), got {shown}") from None


def lab_data(
    *,
    n: int = 100,
    slope: float = 2.0,
    intercept: float = 3.5,
    noise: float = 1.0,
    x_min: float = 0.0,
    x_max: float = 10.0,
    seed: int = 1337,
) -> Dataset:
    """The lab's data: ``n`` evenly spaced x, ``y = slope*x + intercept`` plus Gaussian noise."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 2 <= n <= MAX_POINTS:
        raise DataError(f"n must be an integer from 2 to {MAX_POINTS:.0e}, got {n!r}")
    numbers = {"slope": slope, "intercept": intercept, "noise": noise, "x_min": x_min}
    numbers["x_max"] = x_max
    for name, value in numbers.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
            raise DataError(f"{name} must be a number, got {value!r}")
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            raise DataError(f"{name} must be finite and at most {MAX_MAGNITUDE:g}, got {value!r}")
    if noise < 0:
        raise DataError(f"noise must be >= 0, got {noise!r}")
    if not x_min < x_max:
        raise DataError(f"x_min must be below x_max, got {x_min!r} and {x_max!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise DataError(f"seed must be an integer from 0 to 2**32 - 1, got {seed!r}")
    x = np.linspace(float(x_min), float(x_max), int(n))
    # The lab's expression, in the lab's order of operations (the last digit depends on it).
    y = slope * x + intercept + np.random.RandomState(int(seed)).normal(0, noise, int(n))
    recipe = {"source": "lab", "n": int(n), "slope": float(slope), "intercept": float(intercept)}
    recipe |= {"noise": float(noise), "x_min": float(x_min), "x_max": float(x_max)}
    recipe["seed"] = int(seed)
    return _checked(x, y, recipe, where="lab data")


def load_csv(
    path: str | os.PathLike[str],
    *,
    sep: str | None = None,
    decimal: str | None = None,
    x: str = "x",
    y: str = "y",
) -> Dataset:
    """Points from a CSV file with a header naming columns ``x`` and ``y`` (others ignored;
    ``x``, ``y``: other names for the two columns, matched ignoring case).

    ``sep`` separates the fields: ``","``, ``";"`` or a tab, found from the header when
    None. ``decimal`` is ``"."`` or ``","`` (as spreadsheets in a Ukrainian or German
    locale write, with ``;`` between fields); when None, ``","`` if the fields are not
    separated by commas, where ``"1.5"`` still reads as well as ``"1,5"``.
    The file is read as a stream: at most :data:`MAX_POINTS` points, lines of at most
    :data:`MAX_LINE` characters; peak memory is about twice the parsed points.
    """
    where = str(arguments.path("path", path, error=DataError))
    if sep is not None and (not isinstance(sep, str) or sep not in SEPARATORS):
        raise DataError(f"sep must be ',', ';' or a tab, got {arguments.shown(sep)}")
    if decimal is not None:
        arguments.choice("decimal", decimal, DECIMALS, error=DataError)
    if sep is not None and sep == decimal:
        raise DataError(f"sep and decimal are both {sep!r}; a number could not be told apart")
    columns = (_column_name("x", x), _column_name("y", y))
    if columns[0] == columns[1]:
        raise DataError(f"x and y name the same column {x!r}")
    with (
        reading(where, error=DataError, kind="a CSV file"),
        open_input(path, error=DataError, encoding="utf-8-sig") as handle,
    ):
        xs, ys, form = _read_csv(handle, where, sep=sep, decimal=decimal, columns=columns)
    recipe = {"source": "csv", "path": where}
    if form != (",", "."):
        recipe |= {"sep": form[0], "decimal": form[1]}
    if columns != ("x", "y"):
        recipe |= {"x": columns[0], "y": columns[1]}
    return _checked(xs, ys, recipe, where=where)


def _column_name(which: str, name: Any) -> str:
    """A column name for :func:`load_csv`, as the header is compared: stripped, lower case."""
    arguments.text(which, name, error=DataError)
    if not name.strip():
        raise DataError(f"{which} must name a column, got {name!r}")
    return str(name.strip().lower())


def _lines(handle: IO[str], where: str) -> Iterator[str]:
    """The lines of ``handle``, each read with a length cap."""
    number = 0
    while line := handle.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE:
            raise DataError(f"{where}: line {number} is longer than {MAX_LINE} characters")
        yield line


def _read_csv(
    handle: IO[str],
    where: str,
    *,
    sep: str | None,
    decimal: str | None,
    columns: tuple[str, str],
) -> tuple[np.ndarray, np.ndarray, tuple[str, str]]:
    """The x and y columns, parsed ``_CHUNK`` rows at a time, and the separator and mark."""
    stream = _lines(handle, where)
    first = next(stream, None)
    wanted = " and ".join(columns)
    if first is None:
        raise DataError(f"{where}: empty file; expected a header line {','.join(columns)!r}")
    if sep is None:  # the separator that splits the header into columns named x and y
        sep = next((s for s in SEPARATORS if _names(first.split(s), columns) >= 2), ",")
    if decimal is None:
        decimal = "," if sep != "," else "."
    reader = csv.reader(itertools.chain([first], stream), delimiter=sep)
    header = next(reader)
    names = [name.strip().lower() for name in header]
    if _names(names, columns) != 2:
        raise DataError(
            f"{where}: line 1: expected a header naming columns {wanted} once each,"
            f" got {sep.join(header)!r}"
        )
    ix, iy = names.index(columns[0]), names.index(columns[1])
    lines: list[int] = []
    cells: tuple[list[str], list[str]] = ([], [])
    parts: tuple[list[np.ndarray], list[np.ndarray]] = ([], [])
    done = 0  # rows already in ``parts``

    def flush() -> None:
        for column, part, name in zip(cells, parts, "xy", strict=True):
            part.append(_numbers(column, name, lines, where, decimal))
            column.clear()
        lines.clear()

    for row in reader:
        if not any(cell.strip() for cell in row):
            continue  # blank line
        if len(row) != len(header):
            raise DataError(
                f"{where}: line {reader.line_num}: {len(row)} fields, the header has {len(header)}"
            )
        lines.append(reader.line_num)
        cells[0].append(row[ix])
        cells[1].append(row[iy])
        if len(lines) == _CHUNK:
            done += _CHUNK
            flush()
        if done + len(lines) > MAX_POINTS:
            raise DataError(f"{where}: more than {MAX_POINTS:.0e} points; that is the limit")
    flush()
    x = np.concatenate(parts[0])
    parts[0].clear()  # before y is joined: only one column is ever held twice
    return x, np.concatenate(parts[1]), (sep, decimal)


def _names(cells: list[str], columns: tuple[str, str]) -> int:
    """How many of ``columns`` ``cells`` name once each (2: a header :func:`load_csv` reads)."""
    names = [cell.strip().strip('"').lower() for cell in cells]
    return sum(names.count(name) == 1 for name in columns)


def _numbers(cells: list[str], name: str, lines: list[int], where: str, decimal: str) -> np.ndarray:
    """One column as float64 (``decimal``: the decimal mark); the first bad cell named with
    its line."""
    read = [cell.replace(",", ".") for cell in cells] if decimal == "," else cells
    try:
        values = np.array(read, dtype=np.float64)
    except ValueError:
        for cell, line in zip(cells, lines, strict=True):
            try:
                float(np.array(cell.replace(",", ".") if decimal == "," else cell, np.float64))
            except ValueError:
                raise DataError(
                    f"{where}: line {line}: {name} is not a number: {_shown(cell)}"
                ) from None
        raise DataError(f"{where}: column {name} is not numeric") from None
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        k = int(bad[0])
        raise DataError(f"{where}: line {lines[k]}: {name} is not finite: {_shown(cells[k])}")
    return values


def _shown(cell: str, width: int = 40) -> str:
    """A cell quoted for an error message, cut to ``width`` characters."""
    return repr(cell if len(cell) <= width else cell[: width - 3] + "...")


def _checked(x: np.ndarray, y: np.ndarray, recipe: dict[str, Any], *, where: str) -> Dataset:
    if x.size < 2:
        raise DataError(f"{where}: {x.size} point(s); a line needs at least two")
    if x.size > MAX_POINTS:
        raise DataError(f"{where}: {x.size} points; at most {MAX_POINTS:.0e} are supported")
    for name, values in (("x", x), ("y", y)):
        if not np.all(np.isfinite(values)):
            raise DataError(f"{where}: {name} has a value that is not finite")
        if max(values.max(), -values.min()) > MAX_MAGNITUDE:  # no |values| copy
            raise DataError(f"{where}: {name} has a value beyond ±{MAX_MAGNITUDE:g}")
    if x.min() == x.max():
        raise DataError(f"{where}: fewer than two distinct x values (every x is {x[0]:g})")
    x.flags.writeable = False
    y.flags.writeable = False
    return Dataset(x=x, y=y, recipe=recipe)
