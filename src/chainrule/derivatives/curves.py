"""SymPy expressions as NumPy functions, the few numeric searches the properties need, and
values at high precision (mpmath, which ships with SymPy) where float64 cannot decide.

Everything here is bounded: fixed grids, fixed numbers of bisection and
golden-section iterations; no SciPy needed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from fractions import Fraction
from functools import partial
from typing import Any

import mpmath
import numpy as np
import sympy

from chainrule.derivatives.bounded_sympy import attempt
from chainrule.engine.ops import ARRAY, OPS
from chainrule.engine.sympy_ops import TableFunction, written_out

Curve = Callable[[np.ndarray], np.ndarray]

#: Two functions NumPy lacks, as array functions.
_ARRAY_EXTRAS = {"erf": ARRAY.erf, "erfc": ARRAY.erfc}


def _array_modules(expr: sympy.Expr) -> list[Any]:
    """What lambdify needs for ``expr`` on arrays: the op table's own array formula for each
    function chainrule keeps whole in SymPy (it is named as its op), then NumPy."""
    own = {type(f).__name__ for f in expr.atoms(TableFunction)}
    return [{name: partial(OPS[name].forward, ARRAY) for name in own}, _ARRAY_EXTRAS, "numpy"]


#: A complex float64 value whose imaginary part is below this fraction of its real part is
#: the rounding of a real value computed through I (SymPy writes some real forms that way).
IMAGINARY_ROUNDING = 1e-12
#: Digits of the high-precision values that decide what float64 cannot.
PRECISION = 50


def curve(expr: sympy.Expr, x: sympy.Symbol) -> Curve:
    """``expr`` as a function of an array of ``x``: float64, NaN wherever it is undefined."""
    fn = sympy.lambdify(x, expr, modules=_array_modules(sympy.sympify(expr)))

    def call(xs: np.ndarray) -> np.ndarray:
        xs = np.asarray(xs, dtype=np.float64)
        with np.errstate(all="ignore"):
            try:
                ys = np.asarray(fn(xs))
            except NameError:  # a function NumPy lacks (DiracDelta): no numeric value
                return np.full(xs.shape, np.nan)
            if np.iscomplexobj(ys):
                real = np.abs(ys.imag) <= IMAGINARY_ROUNDING * np.abs(ys.real)
                ys = np.where(real, ys.real, np.nan)
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
    # |expr| grows like slope * distance from the zero: a wrong guess is refuted cheaply
    # relative to that slope (exp(-x**2)*(...) is tiny everywhere near x = 6)
    step = 1e-6 * max(1.0, abs(approx))
    near = attempt(partial(_precise, expr.subs(x, sympy.Float(approx + step, 30))), None)
    slope = abs(near) / step if near is not None else 1.0
    for guess in _closed_forms(approx):
        if guess is None or abs(float(guess) - approx) > 1e-9 * max(1.0, abs(approx)):
            continue
        value = attempt(partial(_precise, expr.subs(x, guess)), None)
        if value is None or abs(value) > 1e-22 * slope:  # a wrong guess, cheaply refuted
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


def precise(expr: sympy.Expr, x: sympy.Symbol, at: float) -> mpmath.mpf | None:
    """``expr`` at ``x = at`` (the float exactly) to ``PRECISION`` digits by SymPy's ``evalf``,
    which raises its working precision where terms cancel; ``None`` unless finite and real."""
    value = expr.evalf(PRECISION, subs={x: sympy.Rational(at)})
    if not value.is_number:
        return None
    re, im = value.as_real_imag()
    if not (re.is_finite and im.is_finite):
        return None
    with mpmath.workdps(PRECISION):
        return _real(mpmath.mpc(sympy.Float(re, PRECISION), sympy.Float(im, PRECISION)))


PreciseCurve = Callable[..., "mpmath.mpf | None"]


def precise_curve(expr: sympy.Expr, x: sympy.Symbol, order: int = 0) -> PreciseCurve:
    """``expr`` (or its ``order``-th derivative by mpmath's numeric differentiation, which
    works at several times the precision with a step far below float64's) as a function of
    one float, by mpmath at ``PRECISION`` digits; ``None`` where not finite and real.
    A second argument of -1 or 1 takes one-sided differences (0: central).

    Fast, but with no guard against cancellation: :func:`precise` confirms a surprise.
    """
    fn = sympy.lambdify(x, written_out(expr), modules="mpmath")

    def call(at: float, direction: int = 0) -> mpmath.mpf | None:
        with mpmath.workdps(PRECISION):
            where = mpmath.mpf(at)
            if not order:
                return _real(mpmath.mpmathify(fn(where)))
            # a step relative to x only where |x| > 1 (never across 0 for a small x)
            value = mpmath.diff(fn, where, order, relative=abs(at) > 1, direction=direction)
            return _real(mpmath.mpmathify(value))

    return call


def _real(value: mpmath.mpc) -> mpmath.mpf | None:
    """The real part of a finite value whose imaginary part is only rounding, else ``None``."""
    rounding = mpmath.mpf(10) ** (-PRECISION // 2) * abs(value.real)
    if not mpmath.isfinite(value) or abs(value.imag) > rounding:
        return None
    return value.real
