"""The MSE of a line through the data, as an exact quadratic in ``(m, b)``, from one pass.

Full-batch gradient descent on ``MSE(m, b) = mean((y - m*x - b)**2)`` sees the data
only through five numbers::

    MSE(m, b) = mse_opt + x_var*(m - m_opt)**2 + (x_mean*(m - m_opt) + (b - b_opt))**2

(``x_var`` is the population variance of x; the last bracket is minus the mean
residual). :func:`loss_surface` gets them in one pass over x and y: the mergeable
statistics of :class:`~chainrule.descent.line_stats.LineStats`, block by block, centred,
with the least residual summed directly on a nearly perfect fit, so that neither x far
from the origin nor a tiny residual costs digits. :func:`surface_from_stats` builds the
same surface from statistics merged from chunks (a file read in pieces, a Dask
dataframe's partitions). Every term above is non-negative, so the MSE has no
cancellation however far from the optimum.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from chainrule.descent.data import Dataset
from chainrule.descent.line_stats import LineStats
from chainrule.descent.summary import SummarisedData
from chainrule.errors import DataError

#: The float64 limit an MSE's sum of squares must stay under (see :meth:`LossSurface.mse`).
FLOAT_MAX = float(np.finfo(np.float64).max)
#: Each live dataset's surface, computed once (see :func:`loss_surface`).
_SURFACES: weakref.WeakKeyDictionary[Dataset, LossSurface] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class LossSurface:
    """``MSE(m, b)`` for one dataset: its minimum, its curvature, its eigen-axes."""

    n: int
    x_mean: float
    x_var: float  # population variance of x, > 0
    m_opt: float  # the least-squares line (closed form)
    b_opt: float
    mse_opt: float  # the smallest MSE any line reaches
    lambda_max: float  # eigenvalues of the Hessian H = (2/n) [[sum x^2, sum x], [sum x, n]]
    lambda_min: float
    axis: tuple[float, float]  # unit eigenvector of lambda_max, in (m, b) coordinates

    @property
    def hessian(self) -> np.ndarray:
        """``H = (2/n) [[sum x^2, sum x], [sum x, n]]``, the same at every ``(m, b)``."""
        a = 2.0 * (self.x_var + self.x_mean**2)
        c = 2.0 * self.x_mean
        return np.array([[a, c], [c, 2.0]])

    @property
    def y_var(self) -> float:
        """Variance of y: the MSE of the best horizontal line."""
        return self.mse_opt + self.x_var * self.m_opt**2

    def mse(self, m: Any, b: Any) -> Any:
        """MSE at ``(m, b)`` (floats or arrays) as ``mean((y - m*x - b)**2)`` computes it.

        ``mean`` adds the squares before dividing by n, so the result is ``inf`` as soon
        as that sum of squares leaves the float64 range, even while the MSE itself would
        still fit; this is where the lab's run with lr = 0.1 overflowed (epoch 199).
        """
        dm = np.subtract(m, self.m_opt)
        with np.errstate(over="ignore", invalid="ignore"):
            e = self.x_mean * dm + (np.subtract(b, self.b_opt))
            along = math.sqrt(self.n * self.x_var) * dm
            across = math.sqrt(self.n) * e
            sse = self.n * self.mse_opt + along * along + across * across
            out = np.where(sse <= FLOAT_MAX, sse / self.n, np.inf)
        return float(out) if out.ndim == 0 else out

    def gradient(self, m: Any, b: Any) -> tuple[Any, Any]:
        """``(dMSE/dm, dMSE/db)`` at ``(m, b)``; equals ``(-2/n) * (sum(x*r), sum(r))``."""
        dm = np.subtract(m, self.m_opt)
        e = self.x_mean * dm + np.subtract(b, self.b_opt)
        return 2.0 * (self.x_var * dm + self.x_mean * e), 2.0 * e

    def to_axes(self, m: Any, b: Any) -> tuple[Any, Any]:
        """Offsets from the optimum along the Hessian's eigenvectors (lambda_max first)."""
        c, s = self.axis
        dm, db = np.subtract(m, self.m_opt), np.subtract(b, self.b_opt)
        return c * dm + s * db, -s * dm + c * db

    def from_axes(self, z_max: Any, z_min: Any) -> tuple[Any, Any]:
        """``(m, b)`` from eigen-axis offsets; the inverse of :meth:`to_axes`."""
        c, s = self.axis
        return self.m_opt + (c * z_max - s * z_min), self.b_opt + (s * z_max + c * z_min)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["axis"] = list(self.axis)
        return out


def loss_surface(data: Dataset) -> LossSurface:
    """The exact quadratic ``MSE(m, b)`` of ``data``, from one pass (:meth:`LineStats.of`).

    Computed once per dataset whose arrays are read-only (as :mod:`.data` makes them): the
    answer is kept while the dataset lives, for every part of a command that asks again.
    """
    known = _SURFACES.get(data)
    if known is not None:
        return known
    if isinstance(data, SummarisedData):  # the points are not held: their statistics are
        return surface_from_stats(data.stats)
    surface = surface_from_stats(LineStats.of(data.x, data.y))
    if not (data.x.flags.writeable or data.y.flags.writeable):  # a Dataset made by hand may change
        _SURFACES[data] = surface
    return surface


def _surface(
    n: int, x_mean: float, x_var: float, m_opt: float, b_opt: float, mse_opt: float
) -> LossSurface:
    """The surface with its minimum at ``(m_opt, b_opt)``; the Hessian's eigen-axes from x."""
    a = 2.0 * (x_var + x_mean**2)  # H = [[a, c], [c, 2]]
    c = 2.0 * x_mean
    lambda_max = (a + 2.0) / 2.0 + math.hypot((a - 2.0) / 2.0, c)
    lambda_min = 4.0 * x_var / lambda_max  # det(H) = 4*x_var, without cancellation
    angle = 0.5 * math.atan2(2.0 * c, a - 2.0)
    return LossSurface(
        n=n,
        x_mean=x_mean,
        x_var=x_var,
        m_opt=m_opt,
        b_opt=b_opt,
        mse_opt=mse_opt,
        lambda_max=lambda_max,
        lambda_min=lambda_min,
        axis=(math.cos(angle), math.sin(angle)),
    )


def surface_from_stats(stats: LineStats) -> LossSurface:
    """The exact quadratic ``MSE(m, b)`` of the data that ``stats`` summarise (merged chunks)."""
    if stats.n < 2:
        raise DataError("a line needs at least 2 points")
    slope = stats.slope
    rss = stats.syy - stats.sxy * slope if stats.rss is None else stats.rss
    numbers = (stats.x_mean, stats.y_mean, stats.sxx, stats.sxy, stats.syy, rss, stats.intercept)
    if not all(math.isfinite(v) for v in numbers):
        raise DataError("the data's sums of squares leave the float64 range")
    if not stats.sxx > 0.0:
        raise DataError("the x values are too close together to fit a slope")
    return _surface(
        stats.n,
        stats.x_mean,
        stats.sxx / stats.n,
        slope,
        stats.intercept,
        max(rss, 0.0) / stats.n,
    )
