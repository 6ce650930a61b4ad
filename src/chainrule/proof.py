"""Proof of a symbolic derivative: the engine's autodiff and finite differences agree with it.

At evenly spaced points of the range (midpoints, so range ends are never used)
the symbolic derivative is compared with

* **autodiff**: the engine's backward pass through the graph of the expression
  (for a second derivative, through the graph of the first derivative);
* **finite differences**: central differences of order 4 on the function itself,
  at four step sizes, keeping the pair that agrees best; their disagreement is the
  estimate's own uncertainty.

Points outside the domain, next to a named special point, or where differences
are too noisy to judge are skipped and counted by reason. A disagreement beyond
tolerance raises :class:`~chainrule.errors.DerivativeMismatchError`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from chainrule.errors import DerivativeMismatchError, DomainError
from chainrule.expr import Expr, build, evaluate
from chainrule.numeric import curve
from chainrule.special_points import SpecialPoint

#: Autodiff and the symbolic result evaluate the same formulas: they agree to rounding.
AUTODIFF_TOLERANCE = 1e-8
#: Finite differences carry truncation and rounding error on top of their own estimate.
FINITE_DIFFERENCE_TOLERANCE = 1e-6
#: A finite-difference estimate less certain than this (relative) proves nothing.
INCONCLUSIVE = 1e-3

#: Relative errors skip points where |f'| is below this fraction of its largest value.
RELATIVE_FLOOR = 1e-6

SKIP_DOMAIN = "outside the domain"
SKIP_SPECIAL = "next to a special point"
SKIP_EDGE = "finite differences would leave the domain"
SKIP_NOISY = "finite differences too noisy to judge"
SKIP_OVERFLOW = "beyond the float64 range"


@dataclass(frozen=True)
class Checks:
    """Largest disagreements between the symbolic derivative and the two numeric oracles.

    Relative errors are |error| / |derivative| over the points where |derivative| is at
    least ``RELATIVE_FLOOR`` of its largest value on the range (next to a zero of the
    derivative a relative error says nothing).
    """

    points: int  # points where both checks ran
    x_range: tuple[float, float]
    autodiff_max_abs_error: float
    autodiff_max_rel_error: float
    finite_difference_max_abs_error: float
    finite_difference_max_rel_error: float
    skipped: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "points": self.points,
            "range": list(self.x_range),
            "autodiff_max_abs_error": self.autodiff_max_abs_error,
            "autodiff_max_rel_error": self.autodiff_max_rel_error,
            "finite_difference_max_abs_error": self.finite_difference_max_abs_error,
            "finite_difference_max_rel_error": self.finite_difference_max_rel_error,
            "skipped": dict(self.skipped),
        }


def sample_points(lo: float, hi: float, n: int) -> np.ndarray:
    """``n`` midpoints of equal cells of [lo, hi]."""
    return lo + (hi - lo) * (np.arange(n) + 0.5) / n


def check(
    function: Expr,
    graph: Expr,
    derivative: sympy.Expr,
    *,
    wrt: str,
    order: int,
    at: Mapping[str, float],
    x_range: tuple[float, float],
    points: int,
    special: Sequence[SpecialPoint] = (),
) -> Checks:
    """Compare ``derivative`` (the ``order``-th derivative of ``function``, other
    variables at ``at``) with autodiff through ``graph`` and with finite differences."""
    xs = sample_points(*x_range, points)
    x = sympy.Symbol(wrt, real=True)
    exact = curve(derivative, x)(xs)
    autodiff, failed = _autodiff(graph, wrt, at, xs)
    fd, fd_uncertainty, fd_reach = _finite_differences(function, wrt, at, xs, order)

    skipped: Counter[str] = Counter()
    ad_abs: list[float] = []
    fd_abs: list[float] = []
    used: list[int] = []
    for k, xk in enumerate(xs):
        reach = fd_reach[k] + 1e-6 * (1 + abs(xk))
        if any(abs(xk - p.x) <= reach for p in special):
            skipped[SKIP_SPECIAL] += 1
            continue
        if math.isnan(autodiff[k]):
            skipped[failed.get(k, SKIP_DOMAIN)] += 1
            continue
        if not math.isfinite(exact[k]):
            skipped[SKIP_OVERFLOW] += 1
            continue
        if math.isnan(fd[k]):
            skipped[SKIP_EDGE] += 1
            continue
        scale = max(1.0, abs(exact[k]))
        if fd_uncertainty[k] > INCONCLUSIVE * scale:
            skipped[SKIP_NOISY] += 1
            continue
        for name, value, allowed, errors in (
            ("autodiff", autodiff[k], AUTODIFF_TOLERANCE * max(scale, abs(autodiff[k])), ad_abs),
            (
                "finite differences",
                fd[k],
                FINITE_DIFFERENCE_TOLERANCE * scale + 10 * fd_uncertainty[k],
                fd_abs,
            ),
        ):
            error = abs(value - exact[k])
            if not error <= allowed:
                raise DerivativeMismatchError(
                    f"the symbolic derivative {derivative} is {exact[k]:.10g} at {wrt} = "
                    f"{xk:.6g} but {name} give(s) {value:.10g}"
                )
            errors.append(error)
        used.append(k)
    if not used:
        raise DomainError(
            f"no point of [{x_range[0]:.6g}, {x_range[1]:.6g}] could be checked "
            f"({_reasons(skipped)}); choose another range"
        )
    size = np.abs(exact[used])
    counted = size >= RELATIVE_FLOOR * size.max()
    return Checks(
        points=len(used),
        x_range=x_range,
        autodiff_max_abs_error=float(max(ad_abs)),
        autodiff_max_rel_error=_relative(np.array(ad_abs), size, counted),
        finite_difference_max_abs_error=float(max(fd_abs)),
        finite_difference_max_rel_error=_relative(np.array(fd_abs), size, counted),
        skipped=dict(sorted(skipped.items())),
    )


def _relative(errors: np.ndarray, size: np.ndarray, counted: np.ndarray) -> float:
    """Largest |error| / |f'| over the counted points (0 when f' is 0 everywhere)."""
    keep = counted & (size > 0)
    return float(np.max(errors[keep] / size[keep])) if np.any(keep) else 0.0


def _reasons(skipped: Counter[str]) -> str:
    return ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items())) or "none"


def _autodiff(
    graph: Expr, wrt: str, at: Mapping[str, float], xs: np.ndarray
) -> tuple[np.ndarray, dict[int, str]]:
    """d graph / d wrt by the engine's backward pass (NaN where the graph is undefined),
    and why each such point failed."""
    try:
        return _backward(graph, wrt, at, xs), {}
    except DomainError:  # some point is outside the domain: find which, one by one
        out = np.full(xs.shape, np.nan)
        why: dict[int, str] = {}
        for k, xk in enumerate(xs):
            try:
                out[k] = _backward(graph, wrt, at, np.array([xk]))[0]
            except DomainError as exc:  # the engine says "overflowed" for float64 overflow
                why[k] = SKIP_OVERFLOW if "overflowed" in str(exc) else SKIP_DOMAIN
        return out, why


def _backward(graph: Expr, wrt: str, at: Mapping[str, float], xs: np.ndarray) -> np.ndarray:
    out, _ = build(graph, {**at, wrt: xs}, strict=False)
    out.backward()
    leaf = next((v for v in out.topo() if v.op is None and v.name == wrt), None)
    grad = np.zeros(xs.shape) if leaf is None else np.broadcast_to(leaf.grad, xs.shape)
    return np.where(np.isfinite(grad), grad, np.nan)


def _weights(order: int) -> tuple[np.ndarray, np.ndarray]:
    """Offsets and weights of the central difference of ``order`` with error O(h**4)."""
    half = (order + 1) // 2 + 1
    offsets = np.arange(-half, half + 1, dtype=np.float64)
    powers = np.vander(offsets, len(offsets), increasing=True).T
    rhs = np.zeros(len(offsets))
    rhs[order] = math.factorial(order)
    return offsets, np.linalg.solve(powers, rhs)


def _finite_differences(
    function: Expr, wrt: str, at: Mapping[str, float], xs: np.ndarray, order: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Estimate, its uncertainty and the stencil's reach at each point (NaN: not computable)."""
    offsets, weights = _weights(order)
    base = np.finfo(np.float64).eps ** (1.0 / (order + 4))
    h0 = base * np.maximum(1.0, np.abs(xs))
    steps = h0[:, None] / 2.0 ** np.arange(4)  # (points, 4)
    where = xs[:, None, None] + steps[:, :, None] * offsets  # (points, 4, stencil)
    values = _values(function, wrt, at, where)
    estimates = (values @ weights) / steps**order  # (points, 4)
    gaps = np.abs(np.diff(estimates, axis=1))  # (points, 3)
    with np.errstate(all="ignore"):
        best = np.nanargmin(np.where(np.isnan(gaps), np.inf, gaps), axis=1)
    rows = np.arange(len(xs))
    estimate = estimates[rows, best + 1]
    uncertainty = gaps[rows, best]
    bad = ~np.isfinite(estimate) | ~np.isfinite(uncertainty)
    estimate[bad] = np.nan
    uncertainty[bad] = np.inf
    return estimate, uncertainty, steps[:, 0] * offsets[-1]


def _values(function: Expr, wrt: str, at: Mapping[str, float], where: np.ndarray) -> np.ndarray:
    """The function at every point of ``where`` by the engine; NaN for points whose whole
    stencil cannot be evaluated."""
    try:
        return np.broadcast_to(evaluate(function, {**at, wrt: where}), where.shape).copy()
    except DomainError:
        out = np.full(where.shape, np.nan)
        for k in range(where.shape[0]):
            with suppress(DomainError):
                out[k] = np.broadcast_to(evaluate(function, {**at, wrt: where[k]}), where[k].shape)
        return out
