"""Where an expression is defined, and the points of a range that need naming.

Both come from the op table: each op's ``condition`` (log needs ``x > 0``) and
``kink`` (abs has a corner where its input is 0). The domain over the real line is
SymPy's answer when it can give one and a numeric spot check agrees; conditions on
periodic functions (where SymPy's ``solveset`` answers for one period only) are kept
as conditions. Points inside a range are found exactly where SymPy can, numerically
(sign changes, bisection) where it cannot, and exact answers are checked numerically.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import mpmath
import numpy as np
import sympy

from chainrule.derivatives.bounded_sympy import attempt
from chainrule.derivatives.curves import crossings, curve
from chainrule.engine.ops import OPS
from chainrule.engine.sympy_ops import SYMBOLIC, sigmoid, written_out
from chainrule.errors import DomainError
from chainrule.expressions.expr import Expr, nodes, sympy_nodes, to_text
from chainrule.expressions.math_text import latex, text

#: Half-width of the default range, as in the lab's plots of the sigmoid.
HALF_WIDTH = 8.0
#: Digits of the high-precision evaluations (mpmath) where float64 cannot answer.
DIGITS = 40
#: Zeros in closed form enumerated at most (a family like log(pi/2 + k*pi)).
MAX_ZEROS = 100_000
#: Members of a family of zeros given with their closed forms at most.
MAX_CLOSED = 1000

_PERIODIC = (sympy.sin, sympy.cos, sympy.tan)


@dataclass(frozen=True)
class Domain:
    """The conditions the expression's ops impose, and the set they give when known."""

    conditions: tuple[sympy.Basic, ...]
    reals: sympy.Set | None  # over the real line; None when SymPy cannot be trusted here

    @property
    def text(self) -> str:
        if self.reals is not None:
            return set_text(self.reals)
        return "x with " + " and ".join(text(c) for c in self.conditions)

    @property
    def latex(self) -> str:
        if self.reals is sympy.S.Reals:
            return r"\mathbb{R}"
        if self.reals is not None:
            return latex(self.reals)
        return r" \wedge ".join(latex(c) for c in self.conditions)


@dataclass(frozen=True)
class SpecialPoint:
    """A point of the range where the function or its derivative is undefined."""

    x: float
    exact: sympy.Expr | None
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        exact = None if self.exact is None else text(self.exact)
        return {"x": self.x, "exact": exact, "reasons": list(self.reasons)}


def set_text(s: sympy.Set) -> str:
    """A set of reals in interval notation: ``(0, oo)``, ``(-oo, 0) U (0, oo)``."""
    if s is sympy.S.Reals:
        return "all real numbers"
    if isinstance(s, sympy.Interval):
        left = "(" if s.left_open or s.start.is_infinite else "["
        right = ")" if s.right_open or s.end.is_infinite else "]"
        return f"{left}{text(s.start)}, {text(s.end)}{right}"
    if isinstance(s, sympy.Union):
        return " U ".join(set_text(a) for a in s.args)
    if isinstance(s, sympy.FiniteSet):
        return "{" + ", ".join(text(a) for a in s.args) + "}"
    return str(s)


def _conditions(
    expr: Expr, x: sympy.Symbol, at: dict[sympy.Symbol, Any], values: Mapping[int, sympy.Expr]
) -> list[tuple[Expr, Any]]:
    """(node, condition in x) for every op that restricts its inputs, duplicates dropped."""
    found: list[tuple[Expr, Any]] = []
    seen: set[sympy.Basic] = set()
    for n in nodes(expr):
        op = OPS.get(n.op)
        if op is None or op.condition is None:
            continue
        condition = sympy.sympify(op.condition(SYMBOLIC, *(values[id(a)] for a in n.args)))
        condition = condition.subs(at)
        if condition is sympy.false:
            raise DomainError(f"{to_text(n)} is undefined for every value of {x}")
        if condition is sympy.true or condition in seen:
            continue
        seen.add(condition)
        found.append((n, condition))
    return found


def domain(
    expr: Expr,
    x: sympy.Symbol,
    at: dict[sympy.Symbol, Any],
    *,
    values: Mapping[int, sympy.Expr] | None = None,
) -> Domain:
    """The domain of ``expr`` in ``x`` (other symbols at the values ``at``)."""
    conditions = tuple(c for _, c in _conditions(expr, x, at, values or sympy_nodes(expr)))
    if not conditions:
        return Domain((), sympy.S.Reals)
    if any(c.has(*_PERIODIC) for c in conditions):
        return Domain(conditions, None)
    solved = attempt(partial(_solve_all, conditions, x), None)
    if not isinstance(solved, sympy.Set) or solved.has(sympy.ConditionSet):
        return Domain(conditions, None)
    if not _agrees(solved, sympy.And(*conditions), x):
        return Domain(conditions, None)
    return Domain(conditions, solved)


def _solve_all(conditions: tuple[sympy.Basic, ...], x: sympy.Symbol) -> sympy.Set:
    return sympy.Intersection(*(sympy.solveset(c, x, sympy.S.Reals) for c in conditions))


def _agrees(solved: sympy.Set, condition: sympy.Basic, x: sympy.Symbol) -> bool:
    """Whether SymPy's set and the conditions agree on a grid of points (a spot check)."""
    relational = attempt(partial(solved.as_relational, x), None)
    if relational is None:
        return False
    xs = np.linspace(-3 * HALF_WIDTH, 3 * HALF_WIDTH, 1201) + 1e-3  # off the round numbers
    inside = curve(relational, x)(xs)
    holds = curve(condition, x)(xs)
    holds = np.where(np.isnan(holds), 0.0, holds)
    return bool(np.array_equal(inside == 1.0, holds == 1.0))


def default_range(d: Domain) -> tuple[float, float]:
    """[-8, 8], cut to the domain where it covers at least half of it; else the stretch of
    the domain next to its finite end (log(x - 10): [10, 18])."""
    if d.reals is None or d.reals.is_empty:
        return (-HALF_WIDTH, HALF_WIDTH)
    lo, hi = float(d.reals.inf), float(d.reals.sup)
    cut = (max(lo, -HALF_WIDTH), min(hi, HALF_WIDTH))
    if cut[1] - cut[0] >= HALF_WIDTH:
        return cut
    if math.isinf(hi):
        return (lo, lo + HALF_WIDTH)
    if math.isinf(lo):
        return (hi - HALF_WIDTH, hi)
    return (lo, hi) if hi > lo else (lo - HALF_WIDTH, lo + HALF_WIDTH)


def special_points(
    expr: Expr,
    x: sympy.Symbol,
    at: dict[sympy.Symbol, Any],
    lo: float,
    hi: float,
    *,
    values: Mapping[int, sympy.Expr] | None = None,
) -> tuple[SpecialPoint, ...]:
    """Points of [lo, hi] where an op is undefined (log at 0) or has no derivative (abs at 0);
    ``values`` are the nodes' SymPy forms if already made."""
    values = values or sympy_nodes(expr)
    found: list[tuple[float, sympy.Expr | None, str]] = []
    for n, condition in _conditions(expr, x, at, values):
        if not isinstance(condition, (sympy.StrictGreaterThan, sympy.StrictLessThan, sympy.Ne)):
            continue  # a closed condition (x >= 0) holds at its own boundary
        reason = f"{text(values[id(n)])} is undefined here (it needs {text(condition)})"
        edge = condition.lhs - condition.rhs
        found += [(v, e, reason) for v, e in zeros(edge, x, lo, hi)]
    for n in nodes(expr):
        op = OPS.get(n.op)
        if op is None or op.kink is None:
            continue
        kink = op.kink(SYMBOLIC, *(values[id(a)] for a in n.args))
        if kink is None or not kink.subs(at).has(x):
            continue
        note = f" ({op.note})" if op.note else ""
        reason = f"{text(values[id(n)])} is not differentiable here{note}"
        found += [(v, e, reason) for v, e in zeros(kink.subs(at), x, lo, hi)]
    return _merge(found)


def zeros(
    g: sympy.Expr, x: sympy.Symbol, lo: float, hi: float, *, solve: bool = True
) -> list[tuple[float, sympy.Expr | None]]:
    """Zeros of ``g`` in [lo, hi]: exact ones SymPy finds (checked numerically; not
    asked when ``solve`` is false), plus numeric ones it missed."""
    fn = curve(g, x)
    exact: list[tuple[float, sympy.Expr | None]] = []
    found = exact_zeros(g, x, lo, hi) if solve and _worth_solving(g, x) else None
    for value, root in found.points if found is not None else ():
        if abs(fn(np.array([value]))[0]) <= 1e-9 * (1 + abs(value)):
            exact.append((value, root))
    numeric = [
        (v, None)
        for v in crossings(fn, lo, hi)
        if all(abs(v - e) > 1e-7 * (1 + abs(v)) for e, _ in exact)
    ]
    return sorted(exact + numeric, key=lambda p: p[0])


def _solvable(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with the table's functions written out (a piecewise op as a Piecewise) and
    the step as a Piecewise: forms SymPy's solvers can invert and split."""
    return written_out(expr).replace(
        sympy.Heaviside, lambda a, *h: sympy.Piecewise((0, a <= 0), (1, True))
    )


#: Largest |argument| mpmath's exp and trigonometric functions are given: beyond it they
#: would need millions of digits of ln 2 or pi (exp(exp(exp(exp(8)))) would never end).
_MP_REACH = mpmath.mpf(10) ** 30


def _mp_exp(a: Any) -> Any:
    """exp at high precision: +inf above the reach, a positive tiny number below it."""
    if a > _MP_REACH:
        return mpmath.inf
    if a < -_MP_REACH:
        return mpmath.ldexp(1, -(10**30))
    return mpmath.exp(a)


def _mp_periodic(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``f`` at high precision, undefined (not computed) for arguments beyond the reach."""

    def call(a: Any) -> Any:
        if abs(a) > _MP_REACH:
            raise ValueError("argument beyond the reach of high precision")
        return f(a)

    return call


def _mp_step(a: Any, h: Any = 0.5) -> Any:
    return mpmath.mpf(0) if a < 0 else mpmath.mpf(1) if a > 0 else mpmath.mpf(h)


_MP_MODULES = [
    {
        "exp": _mp_exp,
        "sin": _mp_periodic(mpmath.sin),
        "cos": _mp_periodic(mpmath.cos),
        "tan": _mp_periodic(mpmath.tan),
        "Heaviside": _mp_step,
    },
    "mpmath",
]


#: What mpmath raises where a value is undefined or too large even for it (MemoryError:
#: an exponent it refuses to hold, raised at once).
_UNDEFINED = (ValueError, ZeroDivisionError, TypeError, OverflowError, NameError, MemoryError)


def _stable(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` without the cancellations no fixed precision survives far out:
    1 - sigmoid(a) as sigmoid(-a), 1 - tanh(a)**2 as 1/cosh(a)**2."""
    a = sympy.Wild("a")
    expr = expr.replace(1 - sigmoid(a), sigmoid(-a))
    return expr.replace(1 - sympy.tanh(a) ** 2, 1 / sympy.cosh(a) ** 2)


def precise(expr: sympy.Expr, x: sympy.Symbol) -> Callable[[float], Any]:
    """``expr`` at one point with ``DIGITS`` digits (mpmath: no underflow, no overflow);
    ``None`` where it is undefined or not real."""
    fn = sympy.lambdify(x, written_out(_stable(expr)), modules=_MP_MODULES)

    def call(v: float) -> Any:
        with mpmath.workdps(DIGITS):
            try:
                y = fn(mpmath.mpf(v))
            except (
                ValueError,
                ZeroDivisionError,
                TypeError,
                OverflowError,
                NameError,
                MemoryError,
            ):
                return None
            if isinstance(y, mpmath.mpc):
                if y.imag and abs(y.imag) > abs(y.real) * mpmath.mpf(10) ** (5 - DIGITS):
                    return None
                y = y.real
            return None if mpmath.isnan(y) else y  # +-inf: beyond even mpmath's reach

    return call


@dataclass(frozen=True)
class Zeros:
    """All zeros of an expression on [lo, hi]: isolated points and whole intervals."""

    points: tuple[tuple[float, sympy.Expr | None], ...]  # (x, closed form)
    intervals: tuple[tuple[float, float], ...]


def exact_zeros(expr: sympy.Expr, x: sympy.Symbol, lo: float, hi: float) -> Zeros | None:
    """Every zero of ``expr`` on [lo, hi] from SymPy's ``solveset`` over the reals (families
    like log(pi/2 + k*pi) counted through their index), or ``None`` when SymPy does not
    answer in a form that can be enumerated."""
    if _dense(expr):
        return None
    solved = attempt(partial(sympy.solveset, _solvable(expr), x, sympy.S.Reals), None, seconds=1)
    if not isinstance(solved, sympy.Set):
        return None
    found = _collect(solved, lo, hi)
    if found is None:
        return None
    points, intervals = found
    points = sorted(points, key=lambda p: p[0])
    unique = [p for k, p in enumerate(points) if k == 0 or p[0] - points[k - 1][0] > 1e-12]
    return Zeros(tuple(unique), tuple(sorted(intervals)))


def _dense(expr: sympy.Expr) -> bool:
    """Whether solving would build a polynomial of huge degree: exp(1000000*x) is one in
    exp(x) of degree 10**6 to SymPy."""
    for e in expr.atoms(sympy.exp, sympy.Pow):
        power = e.args[0] if isinstance(e, sympy.exp) else e.exp
        coefficient = power.as_coeff_Mul()[0]
        if coefficient.is_Rational and max(abs(coefficient.p), coefficient.q) > 1000:
            return True
    return False


def _collect(
    s: sympy.Set, lo: float, hi: float
) -> tuple[list[tuple[float, sympy.Expr | None]], list[tuple[float, float]]] | None:
    """Points and intervals of ``s`` inside [lo, hi]; ``None`` for a set not understood."""
    if s.is_empty:
        return [], []
    if isinstance(s, sympy.FiniteSet):
        points = []
        for root in s.args:
            value = complex(root.evalf(DIGITS))
            if value.imag == 0 and lo <= value.real <= hi:
                points.append((value.real, root if sympy.count_ops(root) <= 20 else None))
        return points, []
    if isinstance(s, sympy.Interval):
        a, b = max(float(s.start), lo), min(float(s.end), hi)
        return ([], [(a, b)]) if a < b else ([(a, None)] if a == b else [], [])
    if isinstance(s, sympy.ImageSet):
        family = _family(s, lo, hi)
        return None if family is None else (family, [])
    if isinstance(s, sympy.Union):
        points, intervals = [], []
        for part in s.args:
            found = _collect(part, lo, hi)
            if found is None:
                return None
            points += found[0]
            intervals += found[1]
        return points, intervals
    if isinstance(s, sympy.Complement) and isinstance(s.args[1], sympy.FiniteSet):
        found = _collect(s.args[0], lo, hi)
        removed = {float(v) for v in s.args[1].args if v.is_real}
        return None if found is None else ([p for p in found[0] if p[0] not in removed], found[1])
    if isinstance(s, sympy.Intersection):
        inside = [a for a in s.args if isinstance(a, sympy.Interval)]
        others = [a for a in s.args if not isinstance(a, sympy.Interval)]
        if len(others) == 1:
            start = max([lo, *(float(a.start) for a in inside)])
            end = min([hi, *(float(a.end) for a in inside)])
            return _collect(others[0], start, end)
    return None


def _family(
    s: sympy.ImageSet, lo: float, hi: float
) -> list[tuple[float, sympy.Expr | None]] | None:
    """The members of {g(n) : n integer} in [lo, hi], when g is monotone there: the n
    with g(n) in [lo, hi] are the integers between g^-1(lo) and g^-1(hi)."""
    if len(s.lamda.variables) != 1 or s.base_sets[0] is not sympy.S.Integers:
        return None
    n, g = s.lamda.variables[0], s.lamda.expr
    y = sympy.Dummy("y", real=True)
    inverse = attempt(partial(sympy.solve, g - y, n), None, seconds=1)
    if not isinstance(inverse, list) or len(inverse) != 1:
        return None
    index = curve(inverse[0], y)(np.linspace(lo, hi, 4001))
    steps = np.diff(index)
    if not (np.all(np.isfinite(index)) and (np.all(steps > 0) or np.all(steps < 0))):
        return None  # g^-1 has a pole or turns on the range: not counted this way
    ends = [precise(inverse[0], y)(v) for v in (lo, hi)]
    if any(e is None or not mpmath.isfinite(e) for e in ends):
        return None
    first, last = int(mpmath.ceil(min(ends))), int(mpmath.floor(max(ends)))
    if last - first + 1 > MAX_ZEROS:
        return None
    ns = np.arange(first, last + 1, dtype=np.float64)
    values = curve(g, n)(ns)
    if not np.all(np.isfinite(values)):
        return None
    closed = last - first < MAX_CLOSED
    return [
        (float(v), g.subs(n, int(k)) if closed else None)
        for k, v in zip(ns, values, strict=True)
        if lo <= v <= hi
    ]


def _worth_solving(g: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether SymPy may find short closed-form zeros: not for piecewise constants
    (Heaviside, sign) nor for polynomials beyond degree 2 (radicals nobody reads)."""
    if g.has(sympy.Heaviside, sympy.sign):
        return False
    if g.is_rational_function(x):
        degree = attempt(partial(_degree, g, x), None, seconds=1)
        return degree is not None and degree <= 2
    return True


def _degree(g: sympy.Expr, x: sympy.Symbol) -> int:
    return int(sympy.Poly(sympy.fraction(sympy.together(g))[0], x).degree())


def _merge(found: list[tuple[float, sympy.Expr | None, str]]) -> tuple[SpecialPoint, ...]:
    points: list[SpecialPoint] = []
    for value, exact, reason in sorted(found, key=lambda p: p[0]):
        last = points[-1] if points else None
        if last is not None and abs(last.x - value) <= 1e-9 * (1 + abs(value)):
            if reason not in last.reasons:
                points[-1] = SpecialPoint(last.x, last.exact or exact, (*last.reasons, reason))
            continue
        points.append(SpecialPoint(value, exact, (reason,)))
    return tuple(points)
