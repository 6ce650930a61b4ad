"""Points with a 0/1 label for logistic regression: a seeded two-class set, a CSV file, arrays.

The built-in set (:func:`two_class_data`) is two overlapping Gaussian classes: ``n // 2``
points of class 0 from ``N(-separation/2, 1)``, then ``n - n // 2`` of class 1 from
``N(+separation/2, 1)``, drawn in that order by ``RandomState(seed).normal``. The classes
overlap, so the log-loss has a finite minimum; the true log-odds are
``separation * x`` (slope ``separation``, intercept 0). A :class:`Dataset` holds the label
in ``y``.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from chainrule import arguments
from chainrule.descent.data import MAX_POINTS, Dataset, dataset, load_csv
from chainrule.errors import DataError

#: The built-in set's settings, the defaults of :func:`two_class_data`.
TWO_CLASS_RECIPE = {"n": 200, "separation": 2.0, "seed": 1337}


def two_class_data(*, n: int = 200, separation: float = 2.0, seed: int = 1337) -> Dataset:
    """The seeded two-class set described in the module's docstring."""
    arguments.whole("n", n, error=DataError, low=4, high=MAX_POINTS)
    gap = arguments.number("separation", separation, error=DataError, low=0)
    if gap > 100:
        raise DataError(f"separation must be at most 100, got {gap:g}")
    arguments.whole("seed", seed, error=DataError, low=0, high=2**32 - 1)
    draw = np.random.RandomState(int(seed)).normal(0.0, 1.0, int(n))  # (n,)
    half = int(n) // 2
    label = (np.arange(int(n)) >= half).astype(np.float64)
    x = draw + gap * (label - 0.5)
    recipe = {"source": "two-class", "n": int(n), "separation": gap, "seed": int(seed)}
    return labelled(dataset(x=x, y=label, recipe=recipe))


def load_labelled_csv(
    path: str | os.PathLike[str], *, sep: str | None = None, decimal: str | None = None
) -> Dataset:
    """Points from a CSV file with columns ``x`` and ``y``, ``y`` the 0/1 label.

    Read by :func:`chainrule.descent.data.load_csv` (the same separators and decimal marks).
    """
    return labelled(load_csv(path, sep=sep, decimal=decimal))


def labelled(data: Any) -> Dataset:
    """``data`` if every label is 0 or 1 and both occur; otherwise DataError naming a row."""
    arguments.instance("data", data, Dataset, "a Dataset (two_class_data, ...)", error=DataError)
    bad = np.flatnonzero((data.y != 0) & (data.y != 1))
    where = data.recipe.get("path", "data")
    if bad.size:
        k = int(bad[0])
        raise DataError(
            f"{where}: data row {k + 1} (x = {data.x[k]:g}): the label y must be 0 or 1,"
            f" got {data.y[k]:g}"
        )
    ones = int(np.count_nonzero(data.y))
    if ones in (0, data.n):
        raise DataError(
            f"{where}: every label is {int(data.y[0])}; logistic regression needs both classes"
        )
    return data


def describe(data: Dataset) -> dict[str, Any]:
    """The numbers a sentence about ``data`` needs: its source, size and class counts."""
    ones = int(np.count_nonzero(data.y))
    return {**data.to_dict(), "class0": data.n - ones, "class1": ones}


def separable(data: Dataset) -> bool:
    """Whether a threshold on x splits the classes (ties allowed): then no finite optimum."""
    x0, x1 = data.x[data.y == 0], data.x[data.y == 1]
    return bool(x0.max() <= x1.min() or x1.max() <= x0.min())
