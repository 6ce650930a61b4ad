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
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import sympy

from chainrule.bounded import attempt
from chainrule.errors import DomainError
from chainrule.expr import Expr, nodes, sympy_nodes, to_text
from chainrule.math_text import latex, text
from chainrule.numeric import crossings, curve
from chainrule.ops import OPS
from chainrule.sympy_ops import SYMBOLIC

#: Half-width of the default range, as in the lab's plots of the sigmoid.
HALF_WIDTH = 8.0

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


def _conditions(expr: Expr, x: sympy.Symbol, at: dict[sympy.Symbol, Any]) -> list[tuple[Expr, Any]]:
    """(node, condition in x) for every op that restricts its inputs, duplicates dropped."""
    values = sympy_nodes(expr)
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


def domain(expr: Expr, x: sympy.Symbol, at: dict[sympy.Symbol, Any]) -> Domain:
    """The domain of ``expr`` in ``x`` (other symbols at the values ``at``)."""
    conditions = tuple(c for _, c in _conditions(expr, x, at))
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
    expr: Expr, x: sympy.Symbol, at: dict[sympy.Symbol, Any], lo: float, hi: float
) -> tuple[SpecialPoint, ...]:
    """Points of [lo, hi] where an op is undefined (log at 0) or has no derivative (abs at 0)."""
    values = sympy_nodes(expr)
    found: list[tuple[float, sympy.Expr | None, str]] = []
    for n, condition in _conditions(expr, x, at):
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
    g: sympy.Expr, x: sympy.Symbol, lo: float, hi: float
) -> list[tuple[float, sympy.Expr | None]]:
    """Zeros of ``g`` in [lo, hi]: exact ones SymPy finds (checked numerically), plus
    numeric ones it missed."""
    fn = curve(g, x)
    exact: list[tuple[float, sympy.Expr | None]] = []
    solved = None
    if _worth_solving(g, x):
        solved = attempt(partial(sympy.solveset, g, x, sympy.Interval(lo, hi)), None, seconds=1)
    if isinstance(solved, sympy.FiniteSet):
        for root in solved.args:
            value = float(root) if root.is_real else math.nan
            if math.isfinite(value) and abs(fn(np.array([value]))[0]) <= 1e-9 * (1 + abs(value)):
                # a closed form longer than a line (roots of a quartic) helps nobody
                exact.append((value, root if sympy.count_ops(root) <= 20 else None))
    numeric = [
        (v, None)
        for v in crossings(fn, lo, hi)
        if all(abs(v - e) > 1e-7 * (1 + abs(v)) for e, _ in exact)
    ]
    return sorted(exact + numeric, key=lambda p: p[0])


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
