"""What the lab says about the sigmoid, computed for any function: domain, limits and
horizontal asymptotes, monotonicity, the steepest slope and the saturation region.

Exact where SymPy answers quickly (limits, whole-domain signs, closed-form points,
each checked numerically), numeric on the range otherwise (fixed grids, bisection,
golden section). Every SymPy call is bounded in time, so nothing hangs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from typing import Any

import numpy as np
import sympy

from chainrule.bounded import attempt
from chainrule.math_text import text
from chainrule.numeric import argmax, bisect, crossings, curve, exact_zero
from chainrule.special_points import Domain, SpecialPoint, zeros
from chainrule.sympy_ops import sigmoid

#: Grid points on the range for signs and the search for the steepest slope.
GRID = 4001
#: Runs of one sign listed at most; beyond that only their number is given.
MAX_RUNS = 12
#: Places of the steepest slope listed at most.
MAX_PEAKS = 8


@dataclass(frozen=True)
class Point:
    """A point of the x axis, with its closed form when one was found and proven."""

    x: float
    exact: sympy.Expr | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"x": self.x, "exact": _str(self.exact)}


@dataclass(frozen=True)
class Run:
    """An interval of the range on which f' has one sign: +1 increasing, -1 decreasing."""

    start: Point
    end: Point
    sign: int

    @property
    def trend(self) -> str:
        return {1: "increasing", -1: "decreasing", 0: "constant"}[self.sign]

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.to_dict(), "end": self.end.to_dict(), "trend": self.trend}


@dataclass(frozen=True)
class Properties:
    """Properties of f and f' (numeric parts on ``x_range``)."""

    x_range: tuple[float, float]
    domain: Domain
    special_points: tuple[SpecialPoint, ...]
    limits: dict[str, sympy.Expr | None]  # "-oo"/"oo" -> limit (None: SymPy found none)
    asymptotes: tuple[sympy.Expr, ...]  # horizontal, y = value
    trend: str | None  # proven on the whole domain: "increasing", "decreasing", "constant"
    runs: tuple[Run, ...]  # where f' > 0 / < 0 on the range
    stationary: tuple[Point, ...]  # where f' = 0 on the range
    linear: bool
    peak: float | None  # max |f'| on the range; None when |f'| is unbounded there
    peak_exact: sympy.Expr | None
    peak_at: tuple[Point, ...]  # isolated points where |f'| is largest
    peak_on: tuple[tuple[Point, Point], ...]  # intervals where |f'| stays at its largest
    peak_at_edge: bool  # the largest slope is at an end of the range: no saturation then
    unbounded_near: tuple[Point, ...]  # points near which |f'| grows without bound
    saturation: float  # the fraction of the peak slope that counts as flat
    saturated: tuple[tuple[Point, Point], ...]  # intervals where |f'| < saturation * peak
    saturation_boundary: tuple[Point, ...]

    @property
    def differentiable(self) -> bool:
        """No point of the range where the derivative is undefined."""
        return not self.special_points

    def to_dict(self) -> dict[str, Any]:
        return {
            "range": list(self.x_range),
            "domain": self.domain.text,
            "domain_conditions": [text(c) for c in self.domain.conditions],
            "special_points": [p.to_dict() for p in self.special_points],
            "limits": {side: _str(v) for side, v in self.limits.items()},
            "horizontal_asymptotes": [text(a) for a in self.asymptotes],
            "trend": self.trend,
            "monotonicity": [r.to_dict() for r in self.runs],
            "stationary_points": [p.to_dict() for p in self.stationary],
            "linear": self.linear,
            "max_abs_slope": self.peak,
            "max_abs_slope_exact": _str(self.peak_exact),
            "max_abs_slope_at": [p.to_dict() for p in self.peak_at],
            "max_abs_slope_on": [[a.to_dict(), b.to_dict()] for a, b in self.peak_on],
            "max_abs_slope_at_range_edge": self.peak_at_edge,
            "slope_unbounded_near": [p.to_dict() for p in self.unbounded_near],
            "saturation_fraction": self.saturation,
            "saturation_region": [[a.to_dict(), b.to_dict()] for a, b in self.saturated],
            "saturation_boundary": [p.to_dict() for p in self.saturation_boundary],
        }


def _str(value: sympy.Expr | None) -> str | None:
    return None if value is None else text(value)


def _solvable(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with the sigmoid written out, which SymPy's solvers can invert."""
    return expr.replace(sigmoid, lambda a: 1 / (1 + sympy.exp(-a)))


def properties(
    function: sympy.Expr,
    slope: sympy.Expr,
    x: sympy.Symbol,
    *,
    domain: Domain,
    special: tuple[SpecialPoint, ...],
    x_range: tuple[float, float],
    saturation: float,
    forms: tuple[sympy.Expr, ...] = (),
) -> Properties:
    """Properties of ``function`` (f) and ``slope`` (f'), both in ``x`` alone.

    ``forms`` are other expressions of f' (raw, simplified) tried where SymPy's
    answer depends on the form (signs, solving).
    """
    lo, hi = x_range
    all_forms = (slope, *forms)
    limits = _limits(function, x, domain)
    asymptotes = tuple(
        dict.fromkeys(v for v in limits.values() if v is not None and v.is_real and v.is_finite)
    )
    linear = not slope.has(x)
    f1 = curve(slope, x)
    grid = np.linspace(lo, hi, GRID)
    values = f1(grid)
    zeros_of_slope = [] if linear else crossings(f1, lo, hi)
    zeros_of_slope = [
        v for v in zeros_of_slope if all(abs(v - p.x) > 1e-9 * (1 + abs(v)) for p in special)
    ]
    closed = len(zeros_of_slope) <= MAX_RUNS  # closed forms only for a few points
    stationary = tuple(
        Point(v, exact_zero(slope, x, v) if closed else None) for v in zeros_of_slope
    )
    runs = _runs(f1, grid, values, stationary, special)
    unbounded = _unbounded(slope, x, f1, special, lo, hi)
    peak: float | None = None
    peak_exact = None
    peak_at: tuple[Point, ...] = ()
    at_edge = False
    saturated: tuple[tuple[Point, Point], ...] = ()
    boundary: tuple[Point, ...] = ()
    peak_on: tuple[tuple[Point, Point], ...] = ()
    if linear:
        peak = abs(float(slope))
        peak_exact = sympy.Abs(slope)
        peak_on = ((Point(lo), Point(hi)),)
    elif not unbounded and np.any(np.isfinite(values)):
        peak, peak_exact, peak_at, peak_on, at_edge = _peak(slope, x, f1, grid, values, special)
        if peak > 0 and not at_edge:
            saturated, boundary = _saturation(
                slope, x, f1, peak, peak_exact, saturation, special, lo, hi
            )
    return Properties(
        x_range=x_range,
        domain=domain,
        special_points=special,
        limits=limits,
        asymptotes=asymptotes,
        trend=_trend(all_forms),
        runs=runs,
        stationary=stationary,
        linear=linear,
        peak=peak,
        peak_exact=peak_exact,
        peak_at=peak_at,
        peak_on=peak_on,
        peak_at_edge=at_edge,
        unbounded_near=unbounded,
        saturation=saturation,
        saturated=saturated,
        saturation_boundary=boundary,
    )


def _limits(function: sympy.Expr, x: sympy.Symbol, domain: Domain) -> dict[str, sympy.Expr | None]:
    """Limits at -oo and oo, on the sides where the domain reaches (known or not refuted)."""
    sides = {"-oo": -sympy.oo, "oo": sympy.oo}
    if domain.reals is not None:
        if domain.reals.inf is not -sympy.oo:
            del sides["-oo"]
        if domain.reals.sup is not sympy.oo:
            del sides["oo"]
    out: dict[str, sympy.Expr | None] = {}
    for name, where in sides.items():
        value = attempt(partial(sympy.limit, function, x, where), None, seconds=2)
        if isinstance(value, sympy.Expr) and value.has(sympy.AccumBounds):
            value = None  # oscillates: no limit
        out[name] = value if isinstance(value, sympy.Expr) and not value.has(sympy.Limit) else None
    return out


def _trend(forms: tuple[sympy.Expr, ...]) -> str | None:
    """Monotonicity on the whole domain, when SymPy's assumptions prove a sign of f'."""
    # 1 - tanh**2 -> cosh**-2, whose sign SymPy knows; only for small forms (simplify is slow)
    small = sympy.count_ops(forms[0]) <= 40
    simplified = attempt(partial(sympy.simplify, forms[0]), None, seconds=1) if small else None
    for form in (*forms, *([simplified] if simplified is not None else [])):
        for trend, question in (
            ("constant", "is_zero"),
            ("increasing", "is_positive"),
            ("decreasing", "is_negative"),
        ):
            if attempt(partial(getattr, form, question), None):
                return trend
    return None


def _runs(
    f1: Any,
    grid: np.ndarray,
    values: np.ndarray,
    stationary: tuple[Point, ...],
    special: tuple[SpecialPoint, ...],
) -> tuple[Run, ...]:
    """Intervals of one sign of f', split at zeros, special points and gaps of the domain."""
    cuts = sorted(
        [(p.x, p.exact, True) for p in stationary] + [(p.x, p.exact, False) for p in special]
    )
    lo, hi = float(grid[0]), float(grid[-1])
    bounds = [(lo, None, False), *[c for c in cuts if lo < c[0] < hi], (hi, None, False)]
    runs: list[Run] = []
    for (a, a_exact, a_zero), (b, b_exact, _) in pairwise(bounds):
        inside = (grid > a) & (grid < b)
        signs = np.sign(values[inside])
        signs = signs[np.isfinite(signs)]
        if len(signs) == 0:
            continue  # outside the domain
        sign = int(np.sign(np.median(signs)))
        start, end = Point(a, a_exact), Point(b, b_exact)
        if runs and runs[-1].sign == sign and a_zero and runs[-1].end.x == a:
            start = runs.pop().start  # an isolated zero does not break a trend (x**3 at 0)
        runs.append(Run(start, end, sign))
    return tuple(runs)


def _unbounded(
    slope: sympy.Expr,
    x: sympy.Symbol,
    f1: Any,
    special: tuple[SpecialPoint, ...],
    lo: float,
    hi: float,
) -> tuple[Point, ...]:
    """Special points next to which |f'| grows without bound (1/x at 0, sqrt at 0).

    A numeric probe picks the candidates (|f'| still growing 1e-10 away from the
    point); SymPy's one-sided limit confirms each.
    """
    found = []
    for p in special:
        for direction in (-1, 1):
            if not lo <= p.x + direction * 1e-4 <= hi:
                continue
            probe = np.abs(f1(p.x + direction * np.array([1e-4, 1e-7, 1e-10])))
            growing = not np.all(np.isfinite(probe)) or (
                probe[2] > 2 * probe[0] and probe[2] > probe[1] > probe[0]
            )
            if not growing:
                continue
            where = p.exact if p.exact is not None else sympy.Float(p.x)
            side = "+" if direction > 0 else "-"
            value = attempt(partial(sympy.limit, slope, x, where, side), None)
            if isinstance(value, sympy.Expr) and value.is_infinite:
                found.append(Point(p.x, p.exact))
                break
        if len(found) >= MAX_PEAKS:
            break
    return tuple(found)


def _peak(
    slope: sympy.Expr,
    x: sympy.Symbol,
    f1: Any,
    grid: np.ndarray,
    values: np.ndarray,
    special: tuple[SpecialPoint, ...],
) -> tuple[float, sympy.Expr | None, tuple[Point, ...], tuple[tuple[Point, Point], ...], bool]:
    """Largest |f'| on the grid's range: its value (and closed form), the isolated points
    where it is reached, the intervals where |f'| stays at it, and whether it is at an end."""
    size = np.abs(values)
    top = float(np.nanmax(size))
    near = np.flatnonzero(size >= top * (1 - 1e-9))
    blocks = np.split(near, np.flatnonzero(np.diff(near) > 1) + 1)
    second = sympy.diff(slope, x)
    f2 = curve(second, x)
    places: list[Point] = []
    plateaus: list[tuple[Point, Point]] = []
    at_edge = False
    last = len(grid) - 1
    for block in blocks:
        if len(block) >= 5:  # |f'| constant at its peak over an interval (relu, abs)
            reach = 2 * float(grid[1] - grid[0])
            start = _snap(float(grid[block[0]]), special, reach)
            plateaus.append((start, _snap(float(grid[block[-1]]), special, reach)))
            continue
        i = int(block[len(block) // 2])
        if i in (0, last):
            at_edge = True
            places.append(Point(float(grid[i])))
            continue
        a, b = float(grid[i - 1]), float(grid[i + 1])
        curvature = f2(np.array([a, b]))
        if np.all(np.isfinite(curvature)) and curvature[0] * curvature[1] < 0:
            where = bisect(f2, a, b)
        else:
            where = argmax(lambda t: np.abs(f1(t)), a, b)
        places.append(
            Point(where, exact_zero(second, x, where) if len(places) < MAX_PEAKS else None)
        )
    peak = max([top, *(float(np.abs(f1(np.array([p.x])))[0]) for p in places)])
    peak_exact = None
    if places and places[0].exact is not None:
        where = places[0].exact
        candidate = attempt(partial(sympy.simplify, sympy.Abs(slope.subs(x, where))), None)
        if (
            candidate is not None
            and candidate.is_number
            and abs(float(candidate) - peak) <= 1e-9 * max(1.0, peak)
        ):
            peak_exact = candidate
    return peak, peak_exact, tuple(places[:MAX_PEAKS]), tuple(plateaus[:MAX_PEAKS]), at_edge


def _snap(value: float, special: tuple[SpecialPoint, ...], reach: float) -> Point:
    """The special point within ``reach`` of ``value`` (a plateau of |f'| ending at a kink)."""
    near = [p for p in special if abs(p.x - value) <= reach]
    return Point(near[0].x, near[0].exact) if near else Point(value)


def _saturation(
    slope: sympy.Expr,
    x: sympy.Symbol,
    f1: Any,
    peak: float,
    peak_exact: sympy.Expr | None,
    fraction: float,
    special: tuple[SpecialPoint, ...],
    lo: float,
    hi: float,
) -> tuple[tuple[tuple[Point, Point], ...], tuple[Point, ...]]:
    """Intervals of the range where |f'| < fraction * peak, and their inner boundaries
    (where |f'| crosses the level, or jumps across it at a special point: relu at 0)."""
    level = fraction * peak
    target = level if peak_exact is None else sympy.Rational(str(fraction)) * peak_exact
    found = [
        Point(value, exact)
        for sign in (1, -1)
        for value, exact in zeros(_solvable(slope) - sign * target, x, lo, hi)
    ]
    jumps = [Point(p.x, p.exact) for p in special if lo < p.x < hi]
    edges = sorted([Point(lo), *found, *jumps, Point(hi)], key=lambda p: p.x)
    intervals: list[tuple[Point, Point]] = []
    for a, b in pairwise(edges):
        size = np.abs(f1(np.linspace(a.x, b.x, 7)[1:-1]))
        if not (b.x > a.x and np.all(np.isfinite(size)) and np.all(size < level)):
            continue
        if intervals and intervals[-1][1].x == a.x:
            a = intervals.pop()[0]  # one flat stretch across a crossing that only touches
        intervals.append((a, b))
    inner = {p.x: p for a, b in intervals for p in (a, b) if lo < p.x < hi}
    return tuple(intervals), tuple(inner[v] for v in sorted(inner))


def slope_fraction(slope_curve: Any, peak: float, where: float) -> float:
    """|f'(where)| as a fraction of the peak slope."""
    value = float(np.abs(slope_curve(np.array([where], dtype=np.float64)))[0])
    return value / peak if peak and math.isfinite(value) else math.nan
