"""SymPy back to an :class:`~chainrule.expressions.expr.Expr`, so a derivative can be derived again.

Only what the op table can express converts: numbers, ``pi``, ``e``, symbols, sums,
products, quotients, powers and the table's functions. Anything else (SymPy's ``sign``
and ``Heaviside`` from abs and relu, ``gamma``) raises
:class:`~chainrule.errors.NotDifferentiableError` naming it.
"""

from __future__ import annotations

import math
from functools import cache

import sympy

from chainrule.engine.ops import CALLABLE, OPS
from chainrule.engine.sympy_ops import SYMBOLIC
from chainrule.errors import NotDifferentiableError
from chainrule.expressions.expr import Expr, const, node, var


@cache
def _function_ops() -> dict[type, str]:
    """SymPy function class -> op name, read from the table (sqrt is a power in SymPy).

    Only a function applied to the inputs themselves counts: log1p(t) is log(t + 1),
    a log, but not the table's log.
    """
    probes = sympy.symbols("t0:3")  # no assumptions, so Abs(t) and relu(t) stay unevaluated
    table: dict[type, str] = {}
    for name in CALLABLE:
        inputs = probes[: OPS[name].arity]
        made = OPS[name].forward(SYMBOLIC, *inputs)
        if made.args == inputs:  # Min and Max are not sympy.Function
            table.setdefault(type(made), name)
    return table


def _number(value: sympy.Expr) -> Expr:
    if value is sympy.pi:
        return const(math.pi, "pi")
    if value is sympy.E:
        return const(math.e, "e")
    if value.is_Integer:
        n = int(value)
        return node("neg", const(float(-n))) if n < 0 else const(float(n))
    if value.is_Rational:
        p, q = value.as_numer_denom()
        quotient = node("div", const(float(abs(p))), const(float(q)))
        return node("neg", quotient) if p < 0 else quotient
    if value.is_Float:
        x = float(value)
        return node("neg", const(-x)) if x < 0 else const(x)
    raise NotDifferentiableError(f"cannot turn the number {value} into an expression")


def from_sympy(expr: sympy.Expr) -> Expr:
    """An :class:`Expr` computing the same as ``expr`` with the ops of the table."""
    return _get(expr, {})


def _convert(e: sympy.Basic, done: dict[sympy.Basic, Expr]) -> Expr:
    if e.is_Symbol:
        return var(e.name)
    if (e.is_number and not e.args) or e in (sympy.pi, sympy.E):
        return _number(e)
    if isinstance(e, sympy.Add):
        terms = e.as_ordered_terms()
        out = _get(terms[0], done)
        for term in terms[1:]:
            if term.could_extract_minus_sign():
                out = node("sub", out, _get(-term, done))
            else:
                out = node("add", out, _get(term, done))
        return out
    if isinstance(e, sympy.Mul):
        if e.as_coeff_Mul()[0].is_negative:
            return node("neg", _get(-e, done))
        numer, denom = _fraction(e)
        if denom != 1:
            return node("div", _get(numer, done), _get(denom, done))
        factors = e.as_ordered_factors()
        out = _get(factors[0], done)
        for factor in factors[1:]:
            out = node("mul", out, _get(factor, done))
        return out
    if isinstance(e, sympy.Pow):
        base, exponent = e.args
        if exponent == sympy.Rational(1, 2):
            return node("sqrt", _get(base, done))
        if exponent.is_negative and exponent.is_number:
            return node("div", const(1.0), _get(base ** (-exponent), done))
        return node("pow", _get(base, done), _get(exponent, done))
    if type(e) in _function_ops():
        name = _function_ops()[type(e)]
        first, *rest = (_get(a, done) for a in e.args)
        if not rest:
            return node(name, first)
        for arg in rest:  # Min(a, b, c) is min(min(a, b), c)
            first = node(name, first, arg)
        return first
    name = type(e).__name__
    raise NotDifferentiableError(
        f"{e} uses {name}, which is not an op of chainrule's table, so it cannot be "
        "differentiated step by step"
    )


def _fraction(e: sympy.Mul) -> tuple[sympy.Expr, sympy.Expr]:
    """Numerator and denominator as written: only negative powers move down (exp(-x) stays)."""
    up: list[sympy.Expr] = []
    down: list[sympy.Expr] = []
    for f in sympy.Mul.make_args(e):
        if f.is_Rational and not f.is_Integer:
            up.append(sympy.Integer(f.p))
            down.append(sympy.Integer(f.q))
        elif f.is_Pow and f.exp.is_number and f.exp.is_negative:
            down.append(f.base ** (-f.exp))
        else:
            up.append(f)
    return sympy.Mul(*up), sympy.Mul(*down)


def _get(e: sympy.Expr, done: dict[sympy.Basic, Expr]) -> Expr:
    """The conversion of a subexpression that is not literally among ``e``'s parts."""
    if e not in done:
        for sub in sympy.postorder_traversal(e):
            if sub not in done:
                done[sub] = _convert(sub, done)
    return done[e]
