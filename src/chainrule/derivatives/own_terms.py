"""A derivative written through the function itself: S' = S(1 - S), tanh' = 1 - tanh**2.

:func:`recognise` names a table function written out by hand (``1/(1 + exp(-x))`` is
``sigmoid(x)``), using each function's own ``rewrite(exp)`` form as the pattern.
:func:`in_own_terms` looks for the derivative as a polynomial of degree <= 3 in the
function, times a factor free of the variable: the coefficients are fitted
numerically, made exact, and the result is accepted only if SymPy proves it equal.
"""

from __future__ import annotations

import itertools
from functools import partial

import numpy as np
import sympy

from chainrule.derivatives.bounded_sympy import attempt
from chainrule.derivatives.curves import curve
from chainrule.engine.ops import FUNCTIONS, OPS
from chainrule.engine.sympy_ops import SYMBOLIC
from chainrule.expressions.symbolic import same

#: Highest power of the function tried.
MAX_DEGREE = 3

_F = sympy.Symbol("F")  # stands for the function while the polynomial is tidied


def recognise(function: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr]:
    """The table function ``g`` that ``function`` is made of, and ``function`` written
    with it: ``2/(1 + exp(-x))`` -> ``(sigmoid(x), 2*sigmoid(x))``. When ``function``
    is not ``a*g(w) + b`` for a table function ``g``, both are ``function`` itself."""
    if isinstance(function, sympy.Function):
        return function, function
    w = sympy.Wild("w")
    a, b = sympy.Wild("a", exclude=[x]), sympy.Wild("b", exclude=[x])
    forms = [function]
    inverse = attempt(partial(sympy.expand, 1 / function), None)
    if inverse is not None and inverse != 0:
        forms.append(1 / inverse)  # exp(x)/(1 + exp(x)) -> 1/(1 + exp(-x))
    for name in FUNCTIONS:
        call = OPS[name].forward(SYMBOLIC, w)
        if not isinstance(call, sympy.Function):
            continue
        written = definition(call)
        patterns = [call] if written is None else [call, written]
        for form, pattern in itertools.product(forms, patterns):
            match = form.match(a * pattern + b)
            if not match or match.get(w) is None or match.get(a, 0) == 0:
                continue
            inner = call.func(match[w])
            whole = match[a] * inner + match[b]
            if attempt(partial(same, whole, function), False):
                return inner, whole
    return function, function


def definition(call: sympy.Expr) -> sympy.Expr | None:
    """A table function's call written through ``exp`` (``sigmoid(w)`` -> ``1/(1 + exp(-w))``),
    or ``None`` if it has no such real form."""
    written = attempt(partial(call.rewrite, sympy.exp), None)
    if written is None or written == call or written.has(sympy.I):
        return None
    return written


def in_own_terms(
    derivative: sympy.Expr,
    named: sympy.Expr,
    x: sympy.Symbol,
    *,
    sample: np.ndarray,
    at: dict[sympy.Symbol, sympy.Expr],
) -> sympy.Expr | None:
    """``derivative`` as c * P(g), P a polynomial, c free of ``x``, proven equal; ``g`` is
    ``named``, the function or the table function it is made of (see :func:`recognise`).

    ``sample`` are values of ``x`` for the numeric fit and ``at`` values of the other
    symbols there. ``None`` when there is no such form (or SymPy cannot prove it).
    """
    if not named.has(x) or not derivative.has(x):
        return None
    poly = _fit(derivative.subs(at), named.subs(at), x, sample)
    if poly is None or not poly.has(_F):
        return None
    candidate = poly.subs(_F, named)
    ratio = _ratio(derivative.subs(at), candidate.subs(at), x, sample)
    if ratio is None:
        return None  # not a constant multiple of P(g): no proof worth attempting
    if abs(ratio - 1) < 1e-20 and attempt(partial(same, derivative, candidate), False):
        return _tidy(poly).xreplace({_F: named})
    factor = attempt(partial(sympy.simplify, derivative / candidate), None)
    if factor is None or factor.has(x) or factor == 0:
        return None
    if attempt(partial(same, derivative, factor * candidate), False):
        return _tidy(factor * poly).xreplace({_F: named})
    return None


def _ratio(
    derivative: sympy.Expr, candidate: sympy.Expr, x: sympy.Symbol, sample: np.ndarray
) -> complex | None:
    """derivative / candidate to 30 digits if it is the same at three sample points, else None."""
    finite = curve(candidate, x)(sample)
    points = [p for p, v in zip(sample, finite, strict=True) if np.isfinite(v) and v != 0][::7][:3]
    values = [
        attempt(
            partial(_precise, (derivative / candidate).subs(x, sympy.Rational(repr(float(p))))),
            None,
        )
        for p in points
    ]
    if len(values) < 3 or any(v is None for v in values):
        return None
    first = values[0]
    assert first is not None
    if any(abs(v - first) > 1e-20 * max(1.0, abs(first)) for v in values if v is not None):
        return None
    return first


def _precise(value: sympy.Expr) -> complex:
    return complex(value.evalf(30))


def _fit(
    derivative: sympy.Expr, function: sympy.Expr, x: sympy.Symbol, sample: np.ndarray
) -> sympy.Expr | None:
    """The lowest-degree polynomial P with exact coefficients such that f' = P(f) numerically."""
    fs = curve(function, x)(sample)
    ds = curve(derivative, x)(sample)
    keep = np.isfinite(fs) & np.isfinite(ds) & (np.abs(fs) < 1e3) & (np.abs(ds) < 1e6)
    fs, ds = fs[keep], ds[keep]
    if len(np.unique(np.round(fs, 9))) < MAX_DEGREE + 3:
        return None
    scale = max(1.0, float(np.max(np.abs(ds))))
    for degree in range(1, MAX_DEGREE + 1):
        basis = np.vander(fs, degree + 1, increasing=True)
        coefficients, *_ = np.linalg.lstsq(basis, ds, rcond=None)
        if np.max(np.abs(basis @ coefficients - ds)) > 1e-8 * scale:
            continue
        exact = [
            sympy.nsimplify(float(c), rational=True, tolerance=1e-7 * max(1.0, abs(float(c))))
            for c in coefficients
        ]
        return sum((c * _F**k for k, c in enumerate(exact)), sympy.Integer(0))
    return None


def _tidy(poly: sympy.Expr) -> sympy.Expr:
    """The shortest of the expanded and factored forms; ties go to the factored one.

    Factors read as a person writes them: ``F*(1 - F)``, not ``-F*(F - 1)``.
    """
    expanded = sympy.expand(poly)
    factored = min(
        (_flip(sympy.factor_terms(expanded)), _flip(sympy.factor(poly))), key=sympy.count_ops
    )
    # a common factor pulled out reads better even at one more operation: -2*F*(1 - F**2)
    return factored if sympy.count_ops(factored) <= sympy.count_ops(expanded) + 1 else expanded


def _flip(expr: sympy.Expr) -> sympy.Expr:
    """Turn each factor ``(F - c)`` into ``(c - F)``, keeping the sign of the product."""
    if not isinstance(expr, sympy.Mul):
        return expr
    coefficient, rest = expr.as_coeff_Mul()
    factors = []
    for f in sympy.Mul.make_args(rest):
        if isinstance(f, sympy.Add):
            constant, others = f.as_coeff_Add()
            if constant < 0 and not others.could_extract_minus_sign():
                f, coefficient = -f, -coefficient
        factors.append(f)
    return sympy.Mul(coefficient, *factors)
