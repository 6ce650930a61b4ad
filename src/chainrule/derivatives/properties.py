"""What the lab says about the sigmoid, computed for any function: domain, limits and
horizontal asymptotes, monotonicity, the steepest slope and the saturation region.

Each claim says how it was made (:attr:`Properties.methods`): ``exact`` (SymPy:
limits, whole-domain signs, all zeros of f' on the range in closed form, checked
numerically), ``high-precision`` (mpmath where float64 underflows or overflows, so
an underflow never makes a flat stretch or a stationary point), or ``sampled`` (a
fixed grid, bisection, golden section: the grid is named when it is printed). A
count sampling cannot settle is a lower bound. Every SymPy call is bounded, so
nothing hangs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise
from typing import Any, Literal

import mpmath
import numpy as np
import sympy

from chainrule.derivatives.bounded_sympy import attempt
from chainrule.derivatives.curves import Curve, argmax, bisect, curve, exact_zero
from chainrule.derivatives.special_points import (
    DIGITS,
    Domain,
    SpecialPoint,
    Zeros,
    exact_zeros,
    precise,
    zeros,
)
from chainrule.engine.sympy_ops import written_out
from chainrule.expressions.math_text import text

#: Grid points on the range for signs and the search for the steepest slope.
GRID = 4001
#: Runs of one sign listed at most; beyond that only their number is given.
MAX_RUNS = 12
#: Places of the steepest slope listed at most.
MAX_PEAKS = 8
#: |f'| this small or large in float64 is checked at high precision (underflow, overflow).
_TINY, _HUGE = 1e-290, 1e300

Method = Literal["exact", "high-precision", "sampled"]


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
    """Properties of f and f' (numeric parts on ``x_range``).

    ``methods`` says how each claim was made: ``"exact"``, ``"high-precision"`` or
    ``"sampled"`` (on ``grid`` points of the range).
    """

    x_range: tuple[float, float]
    domain: Domain
    special_points: tuple[SpecialPoint, ...]
    limits: dict[str, sympy.Expr | None]  # "-oo"/"oo" -> limit (None: SymPy found none)
    asymptotes: tuple[sympy.Expr, ...]  # horizontal, y = value
    trend: str | None  # proven on the whole domain: "increasing", "decreasing", "constant"
    runs: tuple[Run, ...]  # where f' > 0 / < 0 / = 0 on the range
    stationary: tuple[Point, ...]  # isolated points where f' = 0 on the range
    zero_count: int  # isolated zeros of f' on the range: exact, or at least this (sampled)
    linear: bool
    peak: float | None  # max |f'| on the range; None when unbounded or beyond float64
    peak_exact: sympy.Expr | None
    peak_at: tuple[Point, ...]  # isolated points where |f'| is largest
    peak_on: tuple[tuple[Point, Point], ...]  # intervals where |f'| stays at its largest
    peak_at_edge: bool  # the largest slope is at an end of the range: no saturation then
    unbounded_near: tuple[Point, ...]  # points near which |f'| grows without bound
    saturation: float  # the fraction of the peak slope that counts as flat
    saturated: tuple[tuple[Point, Point], ...]  # intervals where |f'| < saturation * peak
    saturation_boundary: tuple[Point, ...]
    beyond_float: Point | None = None  # first grid point where |f'| exceeds float64
    growing_near: tuple[Point, ...] = ()  # |f'| grows there as far as sampling shows, unproven
    methods: dict[str, Method] = field(default_factory=dict)
    grid: int = GRID

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
            "slope_zero_count": self.zero_count,
            "linear": self.linear,
            "max_abs_slope": self.peak,
            "max_abs_slope_exact": _str(self.peak_exact),
            "max_abs_slope_at": [p.to_dict() for p in self.peak_at],
            "max_abs_slope_on": [[a.to_dict(), b.to_dict()] for a, b in self.peak_on],
            "max_abs_slope_at_range_edge": self.peak_at_edge,
            "slope_unbounded_near": [p.to_dict() for p in self.unbounded_near],
            "slope_growing_near": [p.to_dict() for p in self.growing_near],
            "slope_beyond_float64_from": (
                None if self.beyond_float is None else self.beyond_float.to_dict()
            ),
            "saturation_fraction": self.saturation,
            "saturation_region": [[a.to_dict(), b.to_dict()] for a, b in self.saturated],
            "saturation_boundary": [p.to_dict() for p in self.saturation_boundary],
            "methods": dict(self.methods),
            "grid_points": self.grid,
        }


def _str(value: sympy.Expr | None) -> str | None:
    return None if value is None else text(value)


def _limitable(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` written out, its pieces and steps through sign, whose limits SymPy takes
    (``relu(oo)`` would stay unevaluated, Piecewise limits fail at infinity)."""
    return (
        written_out(expr)
        .replace(sympy.Piecewise, _through_sign)
        .replace(sympy.Heaviside, lambda a, *h: (1 + sympy.sign(a)) / 2)
    )


def _through_sign(*pieces: Any) -> sympy.Expr:
    """A Piecewise as a sum of its branches, each times the step of its condition written
    with sign (``x if x > 0 else 0`` -> ``x*(1 + sign(x))/2``). Single-point branches
    (``0 if x == 0``) go: they change no limit, but SymPy takes them as the value near
    the point. A condition not a plain comparison keeps the Piecewise."""
    kept = [(e, c) for e, c in pieces if not isinstance(c, sympy.Eq)] or list(pieces)
    out, rest = sympy.Integer(0), sympy.Integer(1)  # rest: 1 where no branch before held
    for e, c in kept:
        if c is sympy.true:
            return out + rest * e
        if isinstance(c, (sympy.StrictGreaterThan, sympy.GreaterThan)):
            step = (1 + sympy.sign(c.lhs - c.rhs)) / 2
        elif isinstance(c, (sympy.StrictLessThan, sympy.LessThan)):
            step = (1 + sympy.sign(c.rhs - c.lhs)) / 2
        else:
            break
        out, rest = out + rest * step * e, rest * (1 - step)
    return sympy.Piecewise(*kept)


# --- high precision -------------------------------------------------------------------
def settled(fn: Curve, exact_fn: Callable[[float], Any]) -> Curve:
    """``fn`` with every value float64 cannot trust (0, tiny, huge, undefined) taken again
    at high precision: an underflow keeps its sign (as the smallest float), an overflow
    becomes +-inf."""

    def call(xs: np.ndarray) -> np.ndarray:
        xs = np.asarray(xs, dtype=np.float64)
        ys = fn(xs)
        doubt = ~np.isfinite(ys) | (np.abs(ys) < _TINY) | (np.abs(ys) > _HUGE)
        for i in np.flatnonzero(doubt):
            y = exact_fn(float(xs[i]))
            if y is None:
                continue
            if y == 0:
                value = 0.0
            elif float(y) == 0.0:  # below float64: keep the sign
                value = math.copysign(5e-324, float(mpmath.sign(y)))
            elif abs(y) > mpmath.mpf(np.finfo(np.float64).max):
                value = math.copysign(math.inf, float(mpmath.sign(y)))
            else:
                value = float(y)
            ys[i] = value
        return ys

    return call


# --- the properties ---------------------------------------------------------------------
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
    limits = _limits(function, x, domain)
    asymptotes = tuple(
        dict.fromkeys(v for v in limits.values() if v is not None and v.is_real and v.is_finite)
    )
    methods: dict[str, Method] = {"limits": "exact", "asymptotes": "exact"}
    linear = not slope.has(x)
    plain = curve(slope, x)
    f1 = settled(plain, precise(slope, x))
    grid = np.linspace(lo, hi, GRID)
    values = f1(grid)
    floats = plain(grid)  # where float64 alone gives another sign, high precision decided
    high = not np.array_equal(np.sign(floats), np.sign(values), equal_nan=True)
    found = exact_zeros(slope, x, lo, hi)
    if found is not None and _confirmed(found, grid, values, special):
        stationary = tuple(
            Point(v, e) for v, e in found.points if not _near(v, special, found.intervals)
        )
        runs = _exact_runs(f1, stationary, found.intervals, special, lo, hi)
        methods["monotonicity"] = "exact"
    else:
        stationary, runs = _sampled_runs(f1, grid, values, special)
        methods["monotonicity"] = "sampled"
    if len(stationary) <= MAX_RUNS:
        stationary = tuple(
            p if p.exact is not None else Point(p.x, exact_zero(slope, x, p.x)) for p in stationary
        )
    trend = _trend((slope, *forms))
    if trend is not None:
        methods["trend"] = "exact"
    unbounded, growing = _unbounded(slope, x, f1, special, lo, hi)
    peak: float | None = None
    peak_exact = None
    peak_at: tuple[Point, ...] = ()
    at_edge = False
    saturated: tuple[tuple[Point, Point], ...] = ()
    boundary: tuple[Point, ...] = ()
    peak_on: tuple[tuple[Point, Point], ...] = ()
    beyond = np.flatnonzero(np.isinf(values))
    if unbounded:
        methods["peak"] = "exact"
    elif growing:
        methods["peak"] = "sampled"
    elif len(beyond):
        methods["peak"] = "high-precision"
    elif linear:
        peak = abs(float(slope))
        peak_exact = sympy.Abs(slope)
        peak_on = ((Point(lo), Point(hi)),)
        methods["peak"] = "exact"
    elif np.any(np.isfinite(values)):
        peak, peak_exact, peak_at, peak_on, at_edge = _peak(slope, x, f1, grid, values, special)
        exact_peak = peak_exact is not None and _peak_proven(slope, x, f1, peak, special, lo, hi)
        methods["peak"] = "exact" if exact_peak else "sampled"
        if peak > 0 and not at_edge:
            saturated, boundary = _saturation(  # solved exactly only below a proven peak
                slope, x, f1, peak, peak_exact if exact_peak else None, saturation, special, lo, hi
            )
            proven = exact_peak and all(p.exact is not None for p in boundary)
            methods["saturation"] = "exact" if proven else "sampled"
    if high:
        methods = {k: "high-precision" if v == "sampled" else v for k, v in methods.items()}
    return Properties(
        x_range=x_range,
        domain=domain,
        special_points=special,
        limits=limits,
        asymptotes=asymptotes,
        trend=trend,
        runs=runs,
        stationary=stationary,
        zero_count=len(stationary),
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
        beyond_float=(
            Point(float(grid[beyond[0]])) if len(beyond) and not (unbounded or growing) else None
        ),
        growing_near=() if unbounded else growing,
        methods=methods,
    )


def _limits(function: sympy.Expr, x: sympy.Symbol, domain: Domain) -> dict[str, sympy.Expr | None]:
    """Limits at -oo and oo, on the sides where the domain reaches (known or not refuted).

    SymPy's answer is checked at high precision far out (its limits can be wrong:
    2**x at -oo, tanh(sigmoid(x)) at oo); a complex infinity (zoo) or a refuted answer
    is taken again through x = -+1/t, t -> 0+, then on the unrewritten function. No
    answer that passes (or SymPy giving up) means no limit is claimed.
    """
    sides = {"-oo": -1, "oo": 1}
    if domain.reals is not None:
        if domain.reals.inf is not -sympy.oo:
            del sides["-oo"]
        if domain.reals.sup is not sympy.oo:
            del sides["oo"]
    f = _limitable(function)
    t = sympy.Dummy("t", positive=True)
    far = precise(function, x)
    out: dict[str, sympy.Expr | None] = {}
    for name, sign in sides.items():
        calls = (
            partial(sympy.limit, f, x, sign * sympy.oo),
            partial(sympy.limit, f.subs(x, sign / t), t, 0, "+"),
            partial(sympy.limit, function, x, sign * sympy.oo),
        )
        out[name] = None
        for call in calls:
            value = attempt(call, None, seconds=4)
            if value is None:
                break  # SymPy gave up: the other forms are no easier
            if _is_limit(value) and _approached(far, value, sign):
                out[name] = value
                break
    return out


def _is_limit(value: Any) -> bool:
    """A real number or +-oo (not zoo, not an unevaluated Limit, not AccumBounds)."""
    return (
        isinstance(value, sympy.Expr)
        and value.is_number
        and not value.has(sympy.Limit, sympy.AccumBounds, sympy.zoo, sympy.nan)
        and (value in (sympy.oo, -sympy.oo) or value.is_real is True)
    )


def _approached(fn: Callable[[float], Any], limit: sympy.Expr, sign: int) -> bool:
    """Whether f far out (x = sign * 10 ... 1000, at high precision) heads for ``limit``:
    growing for +-oo, closing in for a number. Too few values to judge (overflow even
    for mpmath) leave SymPy's answer standing."""
    values = [fn(sign * 10**k) for k in (1.0, 1.5, 2.0, 2.5, 3.0)]
    values = [v for v in values if v is not None]
    if len(values) < 2:
        return True
    if limit in (sympy.oo, -sympy.oo):
        signed = [v if limit is sympy.oo else -v for v in values]
        return signed[-1] > 0 and all(b > a or b == a == math.inf for a, b in pairwise(signed))
    target = attempt(partial(_float, limit), None)
    if target is None:
        return False
    gaps = [abs(v - target) for v in values]
    size = 1 + abs(target)
    return bool(gaps[-1] <= 1e-3 * size or (gaps[-1] <= gaps[0] / 2 and gaps[-1] <= 0.1 * size))


def _float(value: sympy.Expr) -> Any:
    return mpmath.mpf(str(value.evalf(DIGITS)))


def _trend(forms: tuple[sympy.Expr, ...]) -> str | None:
    """Monotonicity on the whole domain, when SymPy's assumptions prove a sign of f'."""
    for form in forms:
        trend = _sign_of(form)
        if trend is not None:
            return trend
    # 1 - tanh**2 -> cosh**-2, whose sign SymPy knows; only for small forms (simplify is slow)
    if sympy.count_ops(forms[0]) > 40:
        return None
    simplified = attempt(partial(sympy.simplify, forms[0]), None, seconds=1)
    return None if simplified is None else _sign_of(simplified)


def _sign_of(form: sympy.Expr) -> str | None:
    for trend, question in (
        ("constant", "is_zero"),
        ("increasing", "is_positive"),
        ("decreasing", "is_negative"),
    ):
        if attempt(partial(getattr, form, question), None):
            return trend
    return None


def _near(v: float, special: tuple[SpecialPoint, ...], intervals: Any = ()) -> bool:
    """Whether ``v`` is a special point or lies in one of the ``intervals``."""
    if any(abs(v - p.x) <= 1e-9 * (1 + abs(v)) for p in special):
        return True
    return any(a <= v <= b for a, b in intervals)


def _confirmed(
    found: Zeros, grid: np.ndarray, values: np.ndarray, special: tuple[SpecialPoint, ...]
) -> bool:
    """Whether SymPy's zeros account for every sign change and zero seen on the grid."""
    marks = np.array(
        sorted(
            [v for v, _ in found.points]
            + [p.x for p in special]
            + [e for i in found.intervals for e in i]
        )
    )
    signs = np.sign(values)
    for i in np.flatnonzero(signs[:-1] * signs[1:] < 0):
        a, b = grid[i], grid[i + 1]
        k = np.searchsorted(marks, a - 1e-9 * (1 + abs(a)))
        if k >= len(marks) or marks[k] > b + 1e-9 * (1 + abs(b)):
            return False
    for v in grid[values == 0]:
        near = len(marks) and np.min(np.abs(marks - v)) <= 1e-6 * (1 + abs(v))
        if not (near or _near(float(v), (), found.intervals)):
            return False
    return True


def _exact_runs(
    f1: Curve,
    stationary: tuple[Point, ...],
    intervals: tuple[tuple[float, float], ...],
    special: tuple[SpecialPoint, ...],
    lo: float,
    hi: float,
) -> tuple[Run, ...]:
    """Intervals of one sign of f' between all its zeros and special points (f' keeps its
    sign between them; the sign is read at each piece's middle)."""
    cuts = [(p.x, p.exact, True) for p in stationary] + [(p.x, p.exact, False) for p in special]
    cuts += [(e, None, False) for interval in intervals for e in interval]
    inner = sorted((c for c in cuts if lo < c[0] < hi), key=lambda c: c[0])
    bounds = [(lo, None, False), *inner, (hi, None, False)]
    pieces = []
    for (a, a_exact, a_zero), (b, b_exact, _) in pairwise(bounds):
        if not b > a:
            continue
        if any(s <= a and b <= e for s, e in intervals):
            sign = 0
        else:
            probe = f1(np.array([a + (b - a) * k / 8 for k in (4, 3, 5, 1, 7)]))
            finite = probe[np.isfinite(probe)]
            if len(finite) == 0:
                continue  # outside the domain
            sign = int(np.sign(finite[0]))
        pieces.append((Point(a, a_exact), Point(b, b_exact), sign, a_zero))
    return _joined(pieces)


def _joined(pieces: list[tuple[Point, Point, int, bool]]) -> tuple[Run, ...]:
    """Runs from pieces (start, end, sign, starts at an isolated zero); an isolated zero
    does not break a trend (x**3 at 0)."""
    runs: list[Run] = []
    for start, end, sign, at_zero in pieces:
        if runs and runs[-1].sign == sign and (at_zero or sign == 0) and runs[-1].end.x == start.x:
            start = runs.pop().start
        runs.append(Run(start, end, sign))
    return tuple(runs)


def _sampled_runs(
    f1: Curve, grid: np.ndarray, values: np.ndarray, special: tuple[SpecialPoint, ...]
) -> tuple[tuple[Point, ...], tuple[Run, ...]]:
    """Zeros of f' and intervals of one sign as the grid shows them: sign changes refined
    by bisection (not across poles), isolated zeros, and stretches where f' is 0."""
    signs = np.sign(values)
    finite = values[np.isfinite(values)]
    scale = float(np.median(np.abs(finite))) if len(finite) else 1.0
    reach = 2 * float(grid[1] - grid[0])
    stationary: list[Point] = []
    for i in np.flatnonzero(signs[:-1] * signs[1:] < 0):
        root = bisect(f1, float(grid[i]), float(grid[i + 1]))
        value = f1(np.array([root]))[0]
        if np.isfinite(value) and abs(value) <= 1e-6 * max(scale, 1e-12) + 1e-12:
            stationary.append(Point(root))
    last = len(grid) - 1
    zero = signs == 0
    flat_edges: list[float] = []
    for i in np.flatnonzero(zero):
        left, right = i > 0 and zero[i - 1], i < last and zero[i + 1]
        if not left and not right:
            stationary.append(Point(float(grid[i])))
        elif left != right:
            flat_edges.append(float(grid[i]))
    stationary = [p for p in sorted(stationary, key=lambda p: p.x) if not _near(p.x, special)]
    lo, hi = float(grid[0]), float(grid[-1])
    cuts = [(p.x, None, True) for p in stationary] + [(p.x, p.exact, False) for p in special]
    cuts += [
        (e, None, False)
        for e in flat_edges
        if not _near(e, special) and all(abs(e - p.x) > reach for p in special)
    ]
    inner = sorted((c for c in cuts if lo < c[0] < hi), key=lambda c: c[0])
    bounds = [(lo, None, False), *inner, (hi, None, False)]
    pieces = []
    for (a, a_exact, a_zero), (b, b_exact, _) in pairwise(bounds):
        inside = signs[(grid > a) & (grid < b)]
        inside = inside[np.isfinite(inside)]
        if len(inside):
            sign = int(np.sign(np.median(inside)))
            pieces.append((Point(a, a_exact), Point(b, b_exact), sign, a_zero))
    return tuple(stationary), _joined(pieces)


def _unbounded(
    slope: sympy.Expr,
    x: sympy.Symbol,
    f1: Curve,
    special: tuple[SpecialPoint, ...],
    lo: float,
    hi: float,
) -> tuple[tuple[Point, ...], tuple[Point, ...]]:
    """Special points next to which |f'| grows without bound (1/x at 0, sqrt at 0,
    -cos(1/x)/x**2 at 0 though it oscillates), and those where it only seems to.

    A numeric probe picks the candidates (the largest |f'| on a few points 1e-10 away
    still above those 1e-4 away); SymPy's one-sided limit confirms each (an infinite
    limit, or bounds that reach infinity). A candidate SymPy cannot confirm (no closed
    form of the point, no answer) is returned in the second tuple.
    """
    found: list[Point] = []
    seen: list[Point] = []
    spread = np.array([1.0, 1.13, 1.29, 1.41, 1.57, 1.73, 1.97])
    for p in special:
        growing = False
        for direction in (-1, 1):
            if not lo <= p.x + direction * 1e-4 <= hi:
                continue
            far, mid, near = (
                np.abs(f1(p.x + direction * scale * spread)) for scale in (1e-4, 1e-7, 1e-10)
            )
            if np.all(np.isfinite(near)) and not (
                np.max(near) > 2 * np.max(far) and np.max(near) > np.max(mid) > np.max(far)
            ):
                continue
            growing = True
            if p.exact is None:
                break
            side = "+" if direction > 0 else "-"
            value = attempt(partial(sympy.limit, _limitable(slope), x, p.exact, side), None)
            if isinstance(value, sympy.Expr) and (
                value.is_infinite or value.has(sympy.oo, -sympy.oo, sympy.zoo)
            ):
                found.append(Point(p.x, p.exact))
                break
        if growing and (not found or found[-1].x != p.x):
            seen.append(Point(p.x, p.exact))
        if len(found) >= MAX_PEAKS or len(seen) >= MAX_PEAKS:
            break
    return tuple(found), tuple(seen)


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
        if not abs(f1(np.array([where]))[0]) >= size[i]:
            where = float(grid[i])  # a peak narrower than the search: the grid point stays
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
        for value, exact in zeros(
            written_out(slope) - sign * target, x, lo, hi, solve=peak_exact is not None
        )
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


def _peak_proven(
    slope: sympy.Expr,
    x: sympy.Symbol,
    f1: Curve,
    peak: float,
    special: tuple[SpecialPoint, ...],
    lo: float,
    hi: float,
) -> bool:
    """Whether ``peak`` is max |f'| for certain: no special point on the range, and
    |f'| at every zero of f'' (all known exactly) and at both ends is at most it."""
    if any(lo <= p.x <= hi for p in special):
        return False
    critical = exact_zeros(sympy.diff(slope, x), x, lo, hi)
    if critical is None or critical.intervals:
        return False
    places = np.array([lo, hi, *(v for v, _ in critical.points)])
    return bool(np.all(np.abs(f1(places)) <= peak * (1 + 1e-9)))
