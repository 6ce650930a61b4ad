"""SymPy expressions as NumPy functions, and the few numeric searches the properties need.

Everything here is bounded: fixed grids, fixed numbers of bisection and
golden-section iterations; no SciPy needed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from fractions import Fraction
from functools import partial

import numpy as np
import sympy

from chainrule.bounded import attempt
from chainrule.ops import ARRAY, OPS
from chainrule.sympy_ops import NAMED

Curve = Callable[[np.ndarray], np.ndarray]

#: chainrule's own SymPy functions, and two NumPy lacks, as array functions.
_MODULES = [
    {name: partial(OPS[name].forward, ARRAY) for name in NAMED},
    {"erf": ARRAY.erf, "erfc": ARRAY.erfc},
    "numpy",
]


def curve(expr: sympy.Expr, x: sympy.Symbol) -> Curve:
    """``expr`` as a function of an array of ``x``: float64, NaN wherever it is undefined."""
    fn = sympy.lambdify(x, expr, modules=_MODULES)

    def call(xs: np.ndarray) -> np.ndarray:
        xs = np.asarray(xs, dtype=np.float64)
        with np.errstate(all="ignore"):
            try:
                ys = np.asarray(fn(xs))
            except NameError:  # a function NumPy lacks (DiracDelta): no numeric value
                return np.full(xs.shape, np.nan)
            if np.iscomplexobj(ys):
                ys = np.where(ys.imag == 0, ys.real, np.nan)
            ys = np.broadcast_to(ys.astype(np.float64), xs.shape).copy()
        ys[~np.isfinite(ys)] = np.nan
        return ys

    return call


def crossings(fn: Curve, lo: float, hi: float, *, n: int = 2001) -> list[float]:
    """Points in [lo, hi] where ``fn`` crosses or touches 0 on a grid, refined by bisection.

    A sign change across a pole is not a zero: after refinement the value there
    must be small compared with the values on the grid.
    """
    xs = np.linspace(lo, hi, n)
    ys = fn(xs)
    scale = float(np.nanmedian(np.abs(ys))) if np.any(np.isfinite(ys)) else 1.0
    found = [float(x) for x, y in zip(xs, ys, strict=True) if y == 0.0]
    finite = np.isfinite(ys[:-1]) & np.isfinite(ys[1:])
    for i in np.flatnonzero(finite & (np.sign(ys[:-1]) * np.sign(ys[1:]) < 0)):
        root = bisect(fn, float(xs[i]), float(xs[i + 1]))
        value = fn(np.array([root]))[0]
        if np.isfinite(value) and abs(value) <= 1e-6 * max(scale, 1e-12) + 1e-12:
            found.append(root)
    return sorted(found)


def bisect(fn: Curve, a: float, b: float, *, iterations: int = 80) -> float:
    """A sign change of ``fn`` in [a, b], to float precision."""
    fa = fn(np.array([a]))[0]
    for _ in range(iterations):
        m = 0.5 * (a + b)
        if m in (a, b):
            break
        fm = fn(np.array([m]))[0]
        if fm == 0.0:
            return m
        if np.sign(fm) == np.sign(fa):
            a, fa = m, fm
        else:
            b = m
    return 0.5 * (a + b)


def argmax(fn: Curve, a: float, b: float, *, iterations: int = 100) -> float:
    """Golden-section search for the largest value of ``fn`` on [a, b]."""
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = fn(np.array([c, d]))
    for _ in range(iterations):
        if not (b - a) > 1e-15 * max(1.0, abs(a), abs(b)):
            break
        if np.nan_to_num(fc, nan=-np.inf) >= np.nan_to_num(fd, nan=-np.inf):
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = fn(np.array([c]))[0]
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = fn(np.array([d]))[0]
    return 0.5 * (a + b)


def exact_zero(expr: sympy.Expr, x: sympy.Symbol, approx: float) -> sympy.Expr | None:
    """A closed form near ``approx`` where ``expr`` is exactly 0, proven by substitution
    (rationals, rational multiples of pi, exp of a rational, then SymPy's ``nsimplify``
    for algebraic numbers); ``None`` if none is found."""
    for guess in _closed_forms(approx):
        if guess is None or abs(float(guess) - approx) > 1e-9 * max(1.0, abs(approx)):
            continue
        value = attempt(partial(_precise, expr.subs(x, guess)), None)
        if value is None or abs(value) > 1e-20:  # a wrong guess, cheaply refuted
            continue
        if attempt(partial(_is_zero, expr.subs(x, guess)), False, seconds=2):
            return guess
    return None


def _closed_forms(approx: float) -> Iterator[sympy.Expr | None]:
    """Candidate closed forms for ``approx``, cheapest first."""
    ratio = Fraction(approx).limit_denominator(1000)
    yield sympy.Rational(ratio.numerator, ratio.denominator)
    turns = Fraction(approx / math.pi).limit_denominator(24)
    yield sympy.Rational(turns.numerator, turns.denominator) * sympy.pi
    if approx > 0:
        power = Fraction(math.log(approx)).limit_denominator(12)
        yield sympy.exp(sympy.Rational(power.numerator, power.denominator))
    yield attempt(partial(sympy.nsimplify, approx, tolerance=1e-10), None, seconds=0.5)


def _precise(value: sympy.Expr) -> complex:
    return complex(value.evalf(30))


def _is_zero(value: sympy.Expr) -> bool:
    return bool(sympy.simplify(value) == 0)
