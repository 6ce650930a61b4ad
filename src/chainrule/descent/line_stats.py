"""The statistics a line fit needs, per chunk of data, merged exactly.

Full-batch gradient descent on ``MSE(m, b)`` sees the data only through its count, the
means of x and y, the centred co-moments ``sxx = sum((x - x_mean)**2)``,
``sxy = sum((x - x_mean)*(y - y_mean))``, ``syy`` and the smallest sum of squared
residuals any line leaves, ``rss = syy - sxy**2/sxx``. :class:`LineStats` holds them for
one chunk; :meth:`LineStats.merge` combines two chunks with the pairwise update of
Chan, Golub and LeVeque (1979)::

    d = mean_b - mean_a
    sxy = sxy_a + sxy_b + dx*dy * n_a*n_b/n

Every term stays centred, so the merge loses no digits when x sits far from zero (at
10^6, raw sums of x^2 cancel away twelve of float64's sixteen digits). ``merge`` is
associative up to rounding, so chunks can be reduced in any order or tree: one file
read in pieces, or the partitions of a Dask dataframe.

Two more things keep one pass at full precision:

* ``rss`` is never taken as ``syy - sxy**2/sxx`` on a nearly perfect fit, where that
  difference cancels (noise 1e-6 on a slope of 3 over x in [0, 10] loses 13 digits). A
  block sums its residuals about a line through a sample of it, small numbers that keep
  those digits (:func:`_block`); a merge adds the two chunks' ``rss`` and
  the residual of the chunks' own lines about the merged one, a sum of squares
  (``sxx_a*(slope_a - slope)**2 + sxx_b*(slope_b - slope)**2 + w*(dy - slope*dx)**2``,
  ``w = n_a*n_b/n``) with no cancellation.
* the means carry a low part (``x_mean + x_low`` is the mean to twice float64's
  precision), so ``dy - slope*dx`` between two chunks at x around 10^6 keeps the digits
  that a rounded mean of 10^6 would drop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.errors import DataError

#: Points per block of :meth:`LineStats.of`: a block and its centred copy stay in the
#: core's cache while the sums read them again.
BLOCK = 1 << 16
#: Points of a block whose means and slope anchor its sums (the sums then correct them).
SAMPLE = 32


@dataclass(frozen=True)
class LineStats:
    """Count, means, centred co-moments and least residual of ``(x, y)`` for a chunk (or many).

    ``rss`` is None for statistics made by hand without it; :func:`surface_from_stats`
    then takes ``syy - sxy**2/sxx``, which cancels on a nearly perfect fit.
    """

    n: int = 0
    x_mean: float = 0.0
    y_mean: float = 0.0
    sxx: float = 0.0
    sxy: float = 0.0
    syy: float = 0.0
    rss: float | None = None
    x_low: float = 0.0  # x_mean + x_low: the mean to twice float64's precision
    y_low: float = 0.0

    @property
    def slope(self) -> float:
        """The least-squares slope ``sxy/sxx`` (0 when x does not vary)."""
        return self.sxy / self.sxx if self.sxx > 0.0 else 0.0

    @property
    def intercept(self) -> float:
        """The least-squares intercept ``y_mean - slope*x_mean``, with the means' low parts."""
        slope = self.slope
        return (self.y_mean - slope * self.x_mean) + (self.y_low - slope * self.x_low)

    @classmethod
    def of(cls, x: Any, y: Any) -> LineStats:
        """The statistics of one chunk: one read of it, in blocks that stay in cache.

        No BLAS call (``np.einsum`` sums the products itself), so the pass never waits on
        BLAS threads that a busy machine has pushed off their cores.
        """
        try:
            x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        except (TypeError, ValueError):
            raise DataError("x and y must be numbers (lists or arrays)") from None
        if x.ndim != 1 or x.shape != y.shape:
            raise DataError(f"x and y must be 1-D, of equal length; got {x.shape}, {y.shape}")
        total = cls()
        scratch = np.empty((3, min(x.size, BLOCK)))
        with np.errstate(over="ignore", invalid="ignore"):  # surface_from_stats names it
            for lo in range(0, x.size, BLOCK):
                total = total.merge(_block(x[lo : lo + BLOCK], y[lo : lo + BLOCK], scratch))
        if not np.isfinite([total.x_mean, total.y_mean]).all():  # NaN or inf in, or overflow
            bad = np.flatnonzero(~(np.isfinite(x) & np.isfinite(y)))
            if bad.size:
                i = int(bad[0])
                raise DataError(f"x and y must be finite; point {i} is ({x[i]:g}, {y[i]:g})")
        return total

    def merge(self, other: LineStats) -> LineStats:
        """The statistics of both chunks together (Chan, Golub and LeVeque's update)."""
        if other.n == 0:
            return self
        if self.n == 0:
            return other
        n = self.n + other.n
        dx = (other.x_mean - self.x_mean) + (other.x_low - self.x_low)
        dy = (other.y_mean - self.y_mean) + (other.y_low - self.y_low)
        weight = self.n * other.n / n
        share = other.n / n
        sxx = self.sxx + other.sxx + dx * dx * weight
        sxy = self.sxy + other.sxy + dx * dy * weight
        rss = None
        if self.rss is not None and other.rss is not None:
            slope = sxy / sxx if sxx > 0.0 else 0.0
            off = dy - slope * dx  # how far the chunks' centres sit off the merged line
            rss = self.rss + other.rss + _spread(self, slope) + _spread(other, slope)
            rss += off * off * weight
        x_mean, x_low = _two_sum(self.x_mean, dx * share, self.x_low)
        y_mean, y_low = _two_sum(self.y_mean, dy * share, self.y_low)
        return LineStats(
            n=n,
            x_mean=x_mean,
            y_mean=y_mean,
            sxx=sxx,
            sxy=sxy,
            syy=self.syy + other.syy + dy * dy * weight,
            rss=rss,
            x_low=x_low,
            y_low=y_low,
        )


def _spread(stats: LineStats, slope: float) -> float:
    """``sxx*(stats.slope - slope)**2``: what a chunk's residual gains on another slope."""
    gap = stats.slope - slope
    return stats.sxx * gap * gap


def _two_sum(high: float, add: float, low: float) -> tuple[float, float]:
    """``high + add + low`` as a rounded sum and what it left out (Knuth's TwoSum)."""
    total = high + add
    back = total - high
    lost = (high - (total - back)) + (add - back) + low
    rounded = total + lost  # renormalise: the low part stays below half an ulp
    return rounded, lost - (rounded - total)


def _block(x: np.ndarray, y: np.ndarray, scratch: np.ndarray) -> LineStats:
    """The statistics of one block, from its residuals about a line through a sample of it.

    ``u = x - x0`` and ``r = (y - y0) - s0*u``, where ``(x0, y0, s0)`` are the means and
    slope of :data:`SAMPLE` of its points: small numbers, whose sums keep the digits that
    ``syy - sxy**2/sxx`` would cancel on a nearly perfect fit. The sums then correct the
    line exactly (``sxx = sum(u*u) - n*mean(u)**2``, the slope by the residuals' own),
    which costs at most a bit or two while it is near the block's fit; a block where it
    is not (a sample of outliers) is read again about the line just found.
    """
    n = x.size
    u, r, t = scratch[0, :n], scratch[1, :n], scratch[2, :n]
    x0, y0, s0 = _sample_line(x, y)
    for _ in range(2):
        np.subtract(x, x0, out=u)
        np.subtract(y, y0, out=r)
        np.subtract(r, np.multiply(u, s0, out=t), out=r)
        su, sr = float(np.add.reduce(u)), float(np.add.reduce(r))
        uu, ur, rr = (float(np.einsum("i,i->", a, b)) for a, b in ((u, u), (u, r), (r, r)))
        sxx = max(uu - su * su / n, 0.0)
        sur = ur - su * sr / n
        fix = sur / sxx if sxx > 0.0 else 0.0  # the residuals' own slope
        rss = rr - sr * sr / n - sur * fix
        if su * su / n <= 0.5 * uu and rr <= 4.0 * rss:
            break
        x0, y0, s0 = x0 + su / n, y0 + (sr + s0 * su) / n, s0 + fix
    slope = s0 + fix
    rss = max(rss, 0.0)
    x_mean, x_low = _two_sum(x0, su / n, 0.0)
    y_mean, y_low = _two_sum(y0, (sr + s0 * su) / n, 0.0)
    sxy = slope * sxx
    return LineStats(n, x_mean, y_mean, sxx, sxy, rss + slope * sxy, rss, x_low, y_low)


def _sample_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Means and least-squares slope of about :data:`SAMPLE` evenly spread points."""
    step = max(1, x.size // SAMPLE)
    xs, ys = x[::step], y[::step]
    x0, y0 = float(np.add.reduce(xs)) / xs.size, float(np.add.reduce(ys)) / ys.size
    du = xs - x0
    spread = float(np.einsum("i,i->", du, du))
    slope = float(np.einsum("i,i->", du, ys - y0)) / spread if spread > 0.0 else 0.0
    return x0, y0, slope
