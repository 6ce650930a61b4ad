"""Is a learner's expression equal to the right one? Three outcomes, each with how it was told.

The answer is compared with the expected expression only at points inside both
domains: where the task's function, the expected expression and the answer *as the
learner wrote it* (evaluated by the engine, so ``sqrt(x)**2`` is undefined for x < 0
even though SymPy would write it ``x``) all have finite values. A float64 disagreement
is confirmed at :data:`~chainrule.expressions.symbolic.DIGITS` digits before it counts:
a right answer is never called wrong for rounding. Agreement is then proven
symbolically when SymPy can (within a bounded allowance), else confirmed at a few
points at high precision. With too few points to judge, the verdict is undecided.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

import numpy as np
import sympy

from chainrule.check.verdict import Verdict
from chainrule.derivatives.bounded_sympy import attempt
from chainrule.derivatives.curves import curve
from chainrule.derivatives.proof import defined, sample_points
from chainrule.derivatives.special_points import default_range, domain
from chainrule.expressions.expr import Expr, symbol, to_sympy
from chainrule.expressions.symbolic import agree_at, same

SYMBOLIC_PROOF = "symbolic proof"
NUMERIC_AGREEMENT = "numeric agreement"
NUMERIC_DIFFERENCE = "numeric difference"
NO_POINTS = "no usable point"

#: Two float64 values closer than this (relative to max(1, |value|)) agree.
TOLERANCE = 1e-9
#: Fewest points inside both domains for a numeric verdict.
MIN_POINTS = 3
#: Points confirmed at high precision when SymPy cannot prove an agreement.
PRECISE_POINTS = 6
#: Allowance, in seconds of SymPy work, for the symbolic proof.
PROOF_SECONDS = 0.5
#: Allowance for one high-precision evaluation.
POINT_SECONDS = 0.5
#: Fewest sample points inside the function's domain before the sample moves into it.
MIN_INSIDE = 12
#: How far sample points are moved off round numbers, as a fraction of the half-width.
SHIFT = 0.0123 / 8
#: Values of the other variables (not the one differentiated by): plain, not special.
OTHER_VALUES = (1.3, 0.7, 2.1, 1.9, 0.4, 1.6)


def sample(lo: float = -8.0, hi: float = 8.0) -> np.ndarray:
    """Where expressions are compared: [lo, hi], near its middle, and the unit interval
    (asin's domain), shifted off the simple numbers where functions have special points."""
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    wide = sample_points(lo, hi, 40)
    unit = sample_points(max(lo, mid - 1), min(hi, mid + 1), 16)
    small = sample_points(mid, mid + half / 40, 4)
    return np.concatenate([wide, unit, small]) + SHIFT * half * np.array([1.0, -0.7] * 30)


@dataclass(frozen=True)
class Judgement:
    """The verdict, how it was reached, at how many points (of ``xs``), and where the
    domains differ."""

    verdict: Verdict
    method: str
    points: int
    where: float | None  # a point of confirmed difference
    answer_undefined: int  # sample points where the answer alone has no value
    usable: np.ndarray  # the sample points inside every domain
    answer_values: np.ndarray  # the answer at the sample points (NaN: undefined)
    xs: np.ndarray  # the sample points


def others(names: list[str], wrt: str) -> dict[str, float]:
    """Values for the variables other than ``wrt``."""
    rest = [n for n in names if n != wrt]
    return {n: OTHER_VALUES[k % len(OTHER_VALUES)] for k, n in enumerate(rest)}


def judge(
    answer: Expr,
    expected: sympy.Expr,
    *,
    function: Expr,
    wrt: str,
    at: Mapping[str, float],
) -> Judgement:
    """Judge ``answer`` against ``expected`` (a function of ``wrt``; others at ``at``)."""
    x = symbol(wrt)
    substitution = {symbol(n): sympy.Rational(repr(v)) for n, v in at.items()}
    xs = sample()
    if np.sum(defined(function, wrt, dict(at), xs)) < MIN_INSIDE:  # sqrt(x - 10): move there
        xs = sample(*default_range(domain(function, x, substitution)))
    truth = expected.subs(substitution)
    mine = to_sympy(answer).subs(substitution)
    exact = values_at(truth, x, xs)
    given = np.full(xs.shape, np.nan)
    answer_ok = defined(answer, wrt, dict(at), xs)
    given[answer_ok] = values_at(mine, x, xs[answer_ok])
    inside = defined(function, wrt, dict(at), xs) & np.isfinite(exact)
    usable = inside & answer_ok & np.isfinite(given)
    missing = int(np.sum(inside & ~answer_ok))
    base = usable.copy()
    close = np.abs(given - exact) <= TOLERANCE * np.maximum(1.0, np.abs(exact))
    points = 0
    for k in np.flatnonzero(usable):
        if close[k]:
            points += 1
            continue
        told = _precise(mine, truth, x, float(xs[k]))
        if told is False:
            return Judgement(
                Verdict.NOT_EQUIVALENT,
                NUMERIC_DIFFERENCE,
                1,
                float(xs[k]),
                missing,
                base,
                given,
                xs,
            )
        if told is None:
            usable[k] = False
        else:
            points += 1
    if points < MIN_POINTS:
        return Judgement(Verdict.UNDECIDED, NO_POINTS, points, None, missing, base, given, xs)
    if attempt(partial(same, mine, truth), False, seconds=PROOF_SECONDS):
        return Judgement(Verdict.EQUIVALENT, SYMBOLIC_PROOF, points, None, missing, base, given, xs)
    chosen = np.flatnonzero(usable)
    chosen = chosen[np.linspace(0, len(chosen) - 1, min(PRECISE_POINTS, len(chosen))).astype(int)]
    confirmed = [_precise(mine, truth, x, float(xs[k])) for k in chosen]
    if False in confirmed:  # float64 agreed to 1e-9 but 50 digits tell them apart
        k = chosen[confirmed.index(False)]
        return Judgement(
            Verdict.NOT_EQUIVALENT, NUMERIC_DIFFERENCE, 1, float(xs[k]), missing, base, given, xs
        )
    if not any(confirmed):
        return Judgement(Verdict.UNDECIDED, NO_POINTS, 0, None, missing, base, given, xs)
    return Judgement(Verdict.EQUIVALENT, NUMERIC_AGREEMENT, points, None, missing, base, given, xs)


def values_at(expr: sympy.Expr, x: sympy.Symbol, xs: np.ndarray) -> np.ndarray:
    """``expr`` at ``xs`` in float64, NaN where undefined (everywhere, for ``1/0``)."""
    if not xs.size or expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return np.full(xs.shape, np.nan)
    return curve(expr, x)(xs)


def _precise(a: sympy.Expr, b: sympy.Expr, x: sympy.Symbol, at: float) -> bool | None:
    """Whether ``a`` and ``b`` agree at ``x = at`` with DIGITS digits (None: cannot tell)."""
    return attempt(partial(agree_at, a, b, {x: at}), None, seconds=POINT_SECONDS)
