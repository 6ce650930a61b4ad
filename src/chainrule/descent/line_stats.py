"""The statistics a line fit needs, per chunk of data, merged exactly.

Full-batch gradient descent on ``MSE(m, b)`` sees the data only through its count, the
means of x and y and the centred co-moments ``sxx = sum((x - x_mean)**2)``,
``sxy = sum((x - x_mean)*(y - y_mean))`` and ``syy``. :class:`LineStats` holds them for
one chunk; :meth:`LineStats.merge` combines two chunks with the pairwise update of
Chan, Golub and LeVeque (1979)::

    d = mean_b - mean_a
    sxy = sxy_a + sxy_b + dx*dy * n_a*n_b/n

Every term stays centred, so the merge loses no digits when x sits far from zero (at
10^6, raw sums of x^2 cancel away twelve of float64's sixteen digits). ``merge`` is
associative up to rounding, so chunks can be reduced in any order or tree: one file
read in pieces, or the partitions of a Dask dataframe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class LineStats:
    """Count, means and centred co-moments of ``(x, y)`` for one chunk (or many merged)."""

    n: int = 0
    x_mean: float = 0.0
    y_mean: float = 0.0
    sxx: float = 0.0
    sxy: float = 0.0
    syy: float = 0.0

    @classmethod
    def of(cls, x: Any, y: Any) -> LineStats:
        """The statistics of one chunk, in two passes over it (means, then centred sums)."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        n = int(x.size)
        if n == 0:
            return cls()
        x_mean, y_mean = float(np.mean(x)), float(np.mean(y))
        u, v = x - x_mean, y - y_mean
        # the means of u and v are rounding-sized; remove them too (corrected two-pass)
        du, dv = float(np.mean(u)), float(np.mean(v))
        u -= du
        v -= dv
        return cls(
            n=n,
            x_mean=x_mean + du,
            y_mean=y_mean + dv,
            sxx=float(np.einsum("i,i->", u, u)),
            sxy=float(np.einsum("i,i->", u, v)),
            syy=float(np.einsum("i,i->", v, v)),
        )

    def merge(self, other: LineStats) -> LineStats:
        """The statistics of both chunks together (Chan, Golub and LeVeque's update)."""
        if other.n == 0:
            return self
        if self.n == 0:
            return other
        n = self.n + other.n
        dx, dy = other.x_mean - self.x_mean, other.y_mean - self.y_mean
        weight = self.n * other.n / n
        share = other.n / n
        return LineStats(
            n=n,
            x_mean=self.x_mean + dx * share,
            y_mean=self.y_mean + dy * share,
            sxx=self.sxx + other.sxx + dx * dx * weight,
            sxy=self.sxy + other.sxy + dx * dy * weight,
            syy=self.syy + other.syy + dy * dy * weight,
        )
