"""The MSE of a line through the data, as an exact quadratic in ``(m, b)``, from one pass.

Full-batch gradient descent on ``MSE(m, b) = mean((y - m*x - b)**2)`` sees the data
only through five numbers::

    MSE(m, b) = mse_opt + x_var*(m - m_opt)**2 + (x_mean*(m - m_opt) + (b - b_opt))**2

(``x_var`` is the population variance of x; the last bracket is minus the mean
residual). :func:`loss_surface` gets them in one pass over x and y, from the sums
``X^T X``, ``X^T y``, ``y^T y`` (``X = [x, 1]``) taken in cache-sized blocks. Every term
above is non-negative, so the MSE has no cancellation however far from the optimum.

Raw sums lose digits when the data sit far from the origin or the fit is nearly
perfect (``y^T y`` then dwarfs the residual). The pass therefore measures that loss
and, when it could exceed four digits (or the data are small enough to make it free),
takes a second pass on the residuals of the first fit, which restores full precision.
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

#: Points per block of the pass: a block of x and y stays in cache while five sums read it.
BLOCK = 1 << 17
#: Refine when cancellation in the raw sums could cost more digits than this factor.
REFINE_ABOVE = 1e4
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
    """The exact quadratic ``MSE(m, b)`` of ``data``: one pass (two when precision needs it).

    Computed once per dataset whose arrays are read-only (as :mod:`.data` makes them): the
    answer is kept while the dataset lives, for every part of a command that asks again.
    """
    known = _SURFACES.get(data)
    if known is not None:
        return known
    if isinstance(data, SummarisedData):  # the points are not held: their statistics are
        return surface_from_stats(data.stats)
    x, y = data.x, data.y
    fit = _fit(_sums(x, y))
    if x.size <= BLOCK or fit.cancellation > REFINE_ABOVE:
        fit = _fit(_sums(x, y, x0=fit.x_mean, m=fit.m_opt, b=fit.b_opt))
    surface = fit.surface()
    if not (x.flags.writeable or y.flags.writeable):  # a Dataset made by hand may change
        _SURFACES[data] = surface
    return surface


@dataclass(frozen=True)
class _Sums:
    """Sums over the data of ``u = x - x0`` and ``r = y - (m*x + b)``."""

    n: int
    x0: float
    m: float
    b: float
    u: float
    r: float
    uu: float
    ur: float
    rr: float


def _sums(
    x: np.ndarray, y: np.ndarray, *, x0: float = 0.0, m: float = 0.0, b: float = 0.0
) -> _Sums:
    """One pass in blocks: every sum reads a block while it is still in cache."""
    n = x.size
    anchored = (x0, m, b) != (0.0, 0.0, 0.0)
    ones = np.ones(min(n, BLOCK))
    su = sr = suu = sur = srr = 0.0
    for lo in range(0, n, BLOCK):
        u, r = x[lo : lo + BLOCK], y[lo : lo + BLOCK]
        if anchored:
            u = u - x0
            r = r - (m * x0 + b)
            r -= m * u  # r = y - m*x - b
        one = ones[: u.size]
        su += float(one @ u)
        sr += float(one @ r)
        suu += float(u @ u)
        sur += float(u @ r)
        srr += float(r @ r)
    return _Sums(n, x0, m, b, su, sr, suu, sur, srr)


@dataclass(frozen=True)
class _Fit:
    n: int
    x_mean: float
    x_var: float
    m_opt: float
    b_opt: float
    mse_opt: float
    cancellation: float  # how much the raw sums' rounding is magnified in mse_opt

    def surface(self) -> LossSurface:
        return _surface(self.n, self.x_mean, self.x_var, self.m_opt, self.b_opt, self.mse_opt)


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
    if not all(
        math.isfinite(v) for v in (stats.x_mean, stats.y_mean, stats.sxx, stats.sxy, stats.syy)
    ):
        raise DataError("the data's sums of squares leave the float64 range")
    if not stats.sxx > 0.0:
        raise DataError("the x values are too close together to fit a slope")
    slope = stats.sxy / stats.sxx
    mse_opt = max(stats.syy - stats.sxy * slope, 0.0) / stats.n
    return _surface(
        stats.n,
        stats.x_mean,
        stats.sxx / stats.n,
        slope,
        stats.y_mean - slope * stats.x_mean,
        mse_opt,
    )


def _fit(s: _Sums) -> _Fit:
    """Means, variance and the least-squares line from the sums (relative to their anchor)."""
    n = s.n
    if not all(math.isfinite(v) for v in (s.u, s.r, s.uu, s.ur, s.rr)):
        raise DataError("the data's sums of squares leave the float64 range")
    u_mean, r_mean = s.u / n, s.r / n
    x_var = (s.uu - s.u * u_mean) / n
    if not x_var > 0.0:
        raise DataError("the x values are too close together to fit a slope")
    cov = (s.ur - s.u * r_mean) / n  # covariance of x and the residual r
    slope = cov / x_var  # the residual's own least-squares slope
    r_var = (s.rr - s.r * r_mean) / n
    mse_opt = max(r_var - cov * slope, 0.0)
    rms = s.rr / n
    cancellation = (rms / mse_opt if mse_opt > 0.0 else math.inf) * (s.uu / n / x_var)
    return _Fit(
        n=n,
        x_mean=s.x0 + u_mean,
        x_var=x_var,
        m_opt=s.m + slope,
        b_opt=s.b + (r_mean - slope * u_mean) - slope * s.x0,
        mse_opt=mse_opt,
        cancellation=cancellation,
    )
