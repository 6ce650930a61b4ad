"""Data known through its merged statistics and a small sample: what training needs of big files.

Full-batch gradient descent on a line sees the data only through
:class:`~chainrule.descent.line_stats.LineStats`, so a file of any size can be trained on
once those are read (:mod:`chainrule.descent.big_data`). :class:`SummarisedData` keeps them
with an evenly strided sample of the points (at most :data:`SAMPLE` of them) for the plots.
It is a :class:`~chainrule.descent.data.Dataset` whose ``x`` and ``y`` are that sample and
whose ``n`` is the full count, so every call that takes ``data`` takes it; the loss surface
comes from the statistics (:func:`~chainrule.descent.surface.loss_surface` dispatches), and
the methods that loop over the points themselves (``loop``, ``autodiff``) refuse it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chainrule.descent.data import Dataset
from chainrule.descent.line_stats import LineStats
from chainrule.words import Text

#: At most this many points are kept for the plots.
SAMPLE = 2000


@dataclass(frozen=True, eq=False)
class SummarisedData(Dataset):
    """Points known through ``stats`` (all of them) and ``x``, ``y`` (every k-th row)."""

    stats: LineStats = field(default_factory=LineStats)

    @property
    def n(self) -> int:
        return self.stats.n

    def describe(self, lang: str = "en") -> str:
        """``data/*.parquet: 100000000 points (statistics read in chunks; 2000 plotted)``."""
        r = self.recipe
        return Text(lang)(
            "big_data.describe", path=r["path"], n=self.n, engine=r["engine"], kept=self.x.size
        )


class Sampler:
    """Every k-th of the rows seen, in order, at most :data:`SAMPLE`: k doubles as rows come.

    The rows kept depend only on the rows' order, so a file read in chunks of any size
    gives the same sample.
    """

    def __init__(self, limit: int = SAMPLE) -> None:
        self.limit = limit
        self.step = 1
        self.seen = 0
        self.kept = 0
        self.x: list[np.ndarray] = []
        self.y: list[np.ndarray] = []

    def add(self, x: np.ndarray, y: np.ndarray) -> None:
        """Keep the rows of this chunk whose index (over all rows) is a multiple of k."""
        first = -self.seen % self.step
        self.x.append(np.array(x[first :: self.step], dtype=np.float64))
        self.y.append(np.array(y[first :: self.step], dtype=np.float64))
        self.seen += len(x)
        self.kept += self.x[-1].size
        while self.kept > self.limit:
            self._thin()

    def _thin(self) -> None:
        """Double k: keep the rows whose index is a multiple of 2k."""
        xs, ys = np.concatenate(self.x), np.concatenate(self.y)
        self.x, self.y = [xs[::2]], [ys[::2]]
        self.kept = self.x[0].size
        self.step *= 2

    def points(self) -> tuple[np.ndarray, np.ndarray]:
        """The kept rows, as read-only arrays."""
        x = np.concatenate(self.x) if self.x else np.empty(0)
        y = np.concatenate(self.y) if self.y else np.empty(0)
        x.flags.writeable = y.flags.writeable = False
        return x, y


def summarised(*, stats: LineStats, sample: Sampler, recipe: Mapping[str, Any]) -> SummarisedData:
    """The summary of data read elsewhere: its statistics, its sample, where it came from."""
    x, y = sample.points()
    return SummarisedData(x=x, y=y, recipe=dict(recipe), stats=stats)
