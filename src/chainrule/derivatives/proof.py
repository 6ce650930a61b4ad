"""Proof of a symbolic derivative: the engine's autodiff and finite differences agree with it.

At evenly spaced points of the range (midpoints, so range ends are never used)
the symbolic derivative is compared in float64 with

* **autodiff**: the engine's backward pass through the graph of the expression
  (for a second derivative, through the graph of the first derivative);
* **finite differences**: central differences of order 4 on the function itself,
  at four step sizes, keeping the pair that agrees best; their disagreement is the
  estimate's own uncertainty.

Where a float64 check disagrees, or float64 cannot evaluate the derivative or autodiff
(an intermediate overflows though the function is finite), the point is decided at
high precision: the symbolic derivative by SymPy's ``evalf`` against mpmath's
differentiation of the function itself, both at :data:`~chainrule.derivatives.curves.PRECISION`
digits. Only a difference confirmed there raises
:class:`~chainrule.errors.DerivativeMismatchError`: a right derivative is never called
wrong. Points outside the domain, next to a named special point, or where finite
differences are too noisy to judge are counted by reason, not as failures.

The outcome is *proved* (agreement at some points, none confirmed different) or
*undecided* (no point could be judged); a check that cannot decide never says "wrong".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import mpmath
import numpy as np
import sympy

from chainrule.derivatives.bounded_sympy import attempt
from chainrule.derivatives.curves import PRECISION, PreciseCurve, curve, precise, precise_curve
from chainrule.derivatives.special_points import SpecialPoint
from chainrule.errors import DerivativeMismatchError, DomainError
from chainrule.expressions.expr import Expr, build, evaluate, symbol, to_sympy
from chainrule.expressions.symbolic import same

#: Autodiff and the symbolic result evaluate the same formulas: they agree to rounding.
AUTODIFF_TOLERANCE = 1e-8
#: Finite differences carry truncation and rounding error on top of their own estimate.
FINITE_DIFFERENCE_TOLERANCE = 1e-6
#: The allowance for a finite difference is this many times its own uncertainty on top.
UNCERTAINTY_FACTOR = 10
#: A finite-difference estimate less certain than this (relative) proves nothing.
INCONCLUSIVE = 1e-3
#: At PRECISION digits, two values closer than this (relative to max(1, |value|)) are equal.
PRECISE_TOLERANCE = 1e-20
#: Most points decided at high precision in one proof (evenly spread over those in doubt).
MAX_PRECISE = 100
#: Seconds one high-precision decision may take before the point counts as undecided.
PRECISE_SECONDS = 2.0
#: After this many points high precision could not decide, it is not tried on the rest.
MAX_UNDECIDED = 5
#: Seconds SymPy may spend proving the result equal to ``sympy.diff`` symbolically.
PROOF_SECONDS = 5.0
#: Points where the result and ``sympy.diff`` are compared at high precision when SymPy
#: cannot prove them equal (evenly spread; as many again where float64 disagrees).
SYMPY_POINTS = 8

RELATIVE_FLOOR = 1e-6
"""Relative errors skip points where |f'| is below this fraction of its largest value."""

PROVED, UNDECIDED = "proved", "undecided"

SKIP_DOMAIN = "outside the domain"
SKIP_SPECIAL = "next to a special point"
SKIP_EDGE = "finite differences would leave the domain"
SKIP_NOISY = "finite differences too noisy to judge"
SKIP_OVERFLOW = "beyond the float64 range"
SKIP_PRECISE = "not decided at high precision"
SKIP_LIMIT = f"in doubt beyond the {MAX_PRECISE} points decided at high precision"

#: The tolerances of a proof, as its JSON and its printed form give them.
TOLERANCES = {
    "autodiff": AUTODIFF_TOLERANCE,
    "finite_differences": FINITE_DIFFERENCE_TOLERANCE,
    "finite_differences_uncertainty_factor": UNCERTAINTY_FACTOR,
    "finite_differences_inconclusive": INCONCLUSIVE,
    "precise_digits": PRECISION,
    "precise": PRECISE_TOLERANCE,
}


@dataclass(frozen=True)
class Checks:
    """The numeric proof: points judged, how, and the largest float64 disagreements.

    ``points`` counts the points where the derivative was confirmed: in float64 by both
    oracles, or (``precise`` of them) at high precision. Errors are over the float64
    points (NaN if there are none); relative errors are |error| / |derivative| over the
    points where |derivative| is at least ``RELATIVE_FLOOR`` of its largest value on the
    range (next to a zero of the derivative a relative error says nothing).
    """

    points: int
    x_range: tuple[float, float]
    autodiff_max_abs_error: float
    autodiff_max_rel_error: float
    finite_difference_max_abs_error: float
    finite_difference_max_rel_error: float
    skipped: dict[str, int] = field(default_factory=dict)
    precise: int = 0

    @property
    def outcome(self) -> str:
        """``"proved"`` if some point was judged (none differs), else ``"undecided"``."""
        return PROVED if self.points else UNDECIDED

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "points": self.points,
            "precise_points": self.precise,
            "range": list(self.x_range),
            "autodiff_max_abs_error": self.autodiff_max_abs_error,
            "autodiff_max_rel_error": self.autodiff_max_rel_error,
            "finite_difference_max_abs_error": self.finite_difference_max_abs_error,
            "finite_difference_max_rel_error": self.finite_difference_max_rel_error,
            "skipped": dict(self.skipped),
            "tolerances": dict(TOLERANCES),
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
    truth: sympy.Expr | None = None,
) -> Checks:
    """Compare ``derivative`` (the ``order``-th derivative of ``function``, other
    variables at ``at``) with autodiff through ``graph`` and with finite differences;
    ``truth`` is ``function`` in SymPy if already made.

    Raises :class:`~chainrule.errors.DerivativeMismatchError` for a difference confirmed
    at high precision, and :class:`~chainrule.errors.DomainError` if the whole range is
    outside the domain.
    """
    xs = sample_points(*x_range, points)
    x = symbol(wrt)
    exact = curve(derivative, x)(xs)
    autodiff, failed = _autodiff(graph, wrt, at, xs)
    fd, fd_uncertainty, fd_reach = _finite_differences(function, wrt, at, xs, order)
    finite = defined(function, wrt, at, xs)

    skipped: Counter[str] = Counter()
    ad_abs: list[float] = []
    fd_abs: list[float] = []
    used: list[int] = []
    doubts: list[tuple[int, str, float]] = []  # (point, the check in doubt, its value)
    for k, xk in enumerate(xs):
        reach = fd_reach[k] + 1e-6 * (1 + abs(xk))
        if any(abs(xk - p.x) <= reach for p in special):
            skipped[SKIP_SPECIAL] += 1
            continue
        if math.isnan(autodiff[k]) and failed.get(k, SKIP_DOMAIN) == SKIP_DOMAIN:
            skipped[SKIP_DOMAIN] += 1
            continue
        if not finite[k]:  # the function itself is beyond float64 here: nothing to decide with
            skipped[SKIP_OVERFLOW] += 1
            continue
        if math.isnan(autodiff[k]) or not math.isfinite(exact[k]):
            doubts.append((k, "float64 evaluation", math.nan))
            continue
        scale = max(1.0, abs(exact[k]))
        if not abs(autodiff[k] - exact[k]) <= AUTODIFF_TOLERANCE * max(scale, abs(autodiff[k])):
            doubts.append((k, "autodiff", autodiff[k]))
            continue
        if math.isnan(fd[k]):
            skipped[SKIP_EDGE] += 1
            continue
        if fd_uncertainty[k] > INCONCLUSIVE * scale:
            skipped[SKIP_NOISY] += 1
            continue
        allowed = FINITE_DIFFERENCE_TOLERANCE * scale + UNCERTAINTY_FACTOR * fd_uncertainty[k]
        if not abs(fd[k] - exact[k]) <= allowed:
            doubts.append((k, "finite differences", fd[k]))
            continue
        ad_abs.append(abs(autodiff[k] - exact[k]))
        fd_abs.append(abs(fd[k] - exact[k]))
        used.append(k)

    truth = to_sympy(function) if truth is None else truth
    precise_points = _settle(doubts, xs, function, truth, derivative, wrt, order, at, skipped)
    if not used and not precise_points and skipped[SKIP_DOMAIN] == len(xs):
        raise DomainError(
            f"no point of [{x_range[0]:.6g}, {x_range[1]:.6g}] is in the domain; "
            "choose another range"
        )
    size = np.abs(exact[used])
    counted = size >= RELATIVE_FLOOR * size.max(initial=0.0)
    return Checks(
        points=len(used) + precise_points,
        x_range=x_range,
        autodiff_max_abs_error=float(max(ad_abs, default=math.nan)),
        autodiff_max_rel_error=_relative(np.array(ad_abs), size, counted),
        finite_difference_max_abs_error=float(max(fd_abs, default=math.nan)),
        finite_difference_max_rel_error=_relative(np.array(fd_abs), size, counted),
        skipped=dict(sorted(skipped.items())),
        precise=precise_points,
    )


def _settle(
    doubts: list[tuple[int, str, float]],
    xs: np.ndarray,
    function: Expr,
    truth: sympy.Expr,
    derivative: sympy.Expr,
    wrt: str,
    order: int,
    at: Mapping[str, float],
    skipped: Counter[str],
) -> int:
    """Decide the points in doubt at high precision (at most ``MAX_PRECISE``, evenly spread;
    after ``MAX_UNDECIDED`` that cannot be decided, the rest are left undecided too); count
    the others in ``skipped`` and return how many agree. A confirmed difference raises."""
    if not doubts:
        return 0
    x = symbol(wrt)
    truth = truth.subs({symbol(n): sympy.Rational(repr(v)) for n, v in at.items()})
    ours, reference = precise_curve(derivative, x), precise_curve(truth, x, order)
    chosen = _spread(doubts, MAX_PRECISE)
    if len(doubts) > len(chosen):
        skipped[SKIP_LIMIT] += len(doubts) - len(chosen)
    agree = 0
    for tried, (k, name, value) in enumerate(chosen):
        if skipped[SKIP_PRECISE] >= MAX_UNDECIDED:
            skipped[SKIP_PRECISE] += len(chosen) - tried
            break
        decide = partial(_decide, derivative, ours, reference, x, float(xs[k]))
        pair = attempt(decide, None, seconds=PRECISE_SECONDS)
        if pair is None:
            skipped[SKIP_PRECISE] += 1
        elif _close(*pair):
            agree += 1
        else:
            raise DerivativeMismatchError(
                f"the symbolic derivative {derivative} is {_show(pair[0])} at {wrt} = "
                f"{xs[k]:.6g} but {name} give(s) {value:.10g} and differentiation at "
                f"{PRECISION} digits gives {_show(pair[1])}"
            )
    return agree


def against_sympy(
    ours: sympy.Expr,
    truth: sympy.Expr,
    x: sympy.Symbol,
    xs: np.ndarray,
    usable: np.ndarray,
    at: Mapping[sympy.Symbol, sympy.Expr] | None = None,
) -> tuple[bool, int]:
    """Whether ``ours`` equals ``truth`` (sympy.diff's) symbolically and, if SymPy cannot
    prove it, at how many points of ``xs`` they agree at high precision (other variables
    at ``at``).

    The high-precision points are evenly spread over ``xs`` plus those where the float64
    values disagree, only where ``usable`` (the function is finite there in float64).
    Raises :class:`~chainrule.errors.DerivativeMismatchError` for a confirmed difference.
    """
    if attempt(partial(same, ours, truth), False, seconds=PROOF_SECONDS):
        return True, 0
    ours, truth = ours.subs(at or {}), truth.subs(at or {})
    a, b = curve(ours, x)(xs), curve(truth, x)(xs)
    close = np.abs(a - b) <= 1e-9 * np.maximum(1.0, np.abs(b))
    differ = np.flatnonzero(usable & ~close & (np.isfinite(a) | np.isfinite(b)))
    spread = [int(k) for k in _spread(list(np.flatnonzero(usable)), SYMPY_POINTS)]
    agree = 0
    for k in dict.fromkeys(spread + [int(k) for k in _spread(list(differ), SYMPY_POINTS)]):
        pair = attempt(partial(_both, ours, truth, x, float(xs[k])), None, seconds=PRECISE_SECONDS)
        if pair is None:
            continue
        if not _close(*pair):
            raise DerivativeMismatchError(
                f"the step-by-step derivative {ours} differs from sympy.diff's {truth}: at "
                f"{x} = {xs[k]:.6g} they are {_show(pair[0])} and {_show(pair[1])} at "
                f"{PRECISION} digits"
            )
        agree += 1
    return False, agree


def defined(function: Expr, wrt: str, at: Mapping[str, float], xs: np.ndarray) -> np.ndarray:
    """Where the engine evaluates ``function`` in float64 without overflow (so its value
    at high precision is of moderate size too)."""
    return np.isfinite(_values(function, wrt, at, xs[:, None])[:, 0])


def _decide(
    derivative: sympy.Expr, ours: PreciseCurve, reference: PreciseCurve, x: sympy.Symbol, at: float
) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    """The symbolic derivative and the function's derivative at ``at``, at high precision;
    ``None`` if either has no value there. A disagreement is confirmed by ``evalf``, which
    guards against cancellation, and stands only where the function is differentiable
    (equal one-sided derivatives: at a kink the central one is their mean)."""
    truth = reference(at)
    if truth is None:
        return None
    fast = attempt(partial(ours, at), None)  # e.g. a function mpmath lacks: use evalf
    if fast is not None and _close(fast, truth):
        return fast, truth
    value = precise(derivative, x, at)
    if value is None:
        return None
    left, right = reference(at, -1), reference(at, 1)
    if left is None or right is None or not _close(left, right):
        return None
    return value, truth


def _both(
    ours: sympy.Expr, truth: sympy.Expr, x: sympy.Symbol, at: float
) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    a, b = precise(ours, x, at), precise(truth, x, at)
    return None if a is None or b is None else (a, b)


def _close(a: mpmath.mpf, b: mpmath.mpf) -> bool:
    return bool(abs(a - b) <= PRECISE_TOLERANCE * max(1, abs(b)))


def _show(value: mpmath.mpf) -> str:
    return mpmath.nstr(value, 15)


def _spread(items: list[Any], n: int) -> list[Any]:
    """At most ``n`` of ``items``, evenly spread, in order."""
    if len(items) <= n:
        return list(items)
    return [items[i] for i in np.linspace(0, len(items) - 1, n).round().astype(int)]


def _relative(errors: np.ndarray, size: np.ndarray, counted: np.ndarray) -> float:
    """Largest |error| / |f'| over the counted points (0 when f' is 0 everywhere, NaN
    when there are no points)."""
    if not errors.size:
        return math.nan
    keep = counted & (size > 0)
    return float(np.max(errors[keep] / size[keep])) if np.any(keep) else 0.0


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
