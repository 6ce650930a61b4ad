"""Symbolic gradients: the engine's backward pass run on SymPy symbols, then simplified."""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from chainrule.errors import ChainruleError
from chainrule.expressions.expr import Expr, build, symbol, to_sympy, variables

#: Above this many operations, SymPy's ``simplify`` is skipped (it can take minutes).
SIMPLIFY_LIMIT = 120
#: Above this many nodes, a graph's symbolic partials are not computed: simplifying and
#: checking them grows faster than the graph (a product of 50 inputs takes seconds).
PARTIALS_LIMIT = 60


def simplest(expr: sympy.Expr) -> sympy.Expr:
    """The shortest of ``expr``, its factored and its simplified form."""
    candidates = [sympy.factor(expr), expr]
    if sympy.count_ops(expr) <= SIMPLIFY_LIMIT:
        candidates.append(sympy.simplify(expr))
    best = min(candidates, key=sympy.count_ops)  # ties keep the factored form
    if isinstance(best, sympy.Add) and all(t.could_extract_minus_sign() for t in best.args):
        return sympy.Mul(-1, -best, evaluate=False)  # -(2*a + b), as a person writes it
    return best


def same(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Whether two expressions are equal, proven by simplification or SymPy's ``equals``."""
    difference = a - b
    if difference == 0 or sympy.powsimp(sympy.expand(difference)) == 0:
        return True  # cheap, and enough for most results of the product and chain rules
    if sympy.simplify(difference) == 0:
        return True
    return bool(difference.rewrite(sympy.exp).equals(0))


#: Digits of the high-precision evaluation that settles a check SymPy cannot prove.
DIGITS = 50


def agree_at(a: sympy.Expr, b: sympy.Expr, point: Mapping[sympy.Symbol, float]) -> bool | None:
    """Whether ``a`` and ``b`` agree at ``point``, evaluated with :data:`DIGITS` digits.

    None when it cannot be told there: either side is undefined or not a real number.
    """
    at = {name: sympy.Rational(value) for name, value in point.items()}  # the float, exactly
    left, right = (sympy.N(e, DIGITS, subs=at) for e in (a, b))
    if not (left.is_real and right.is_real and left.is_finite and right.is_finite):
        return None
    return bool(abs(left - right) <= sympy.Float(10) ** (10 - DIGITS) * max(1, abs(left)))


def symbolic_partials(
    expr: Expr, *, at: Mapping[str, float] | None = None
) -> dict[str, sympy.Expr]:
    """d expr / d v for every variable v, from one symbolic backward pass over the graph.

    Each partial is simplified and checked against ``sympy.diff`` of the same
    expression; a disagreement raises (it would be a bug in the op table). Where SymPy
    cannot prove the two equal (forms with Abs, sign or Heaviside), the check is
    decided at the point ``at`` with :data:`DIGITS` digits: only a difference found
    there raises.
    """
    names = variables(expr)
    out, _ = build(expr, {name: symbol(name) for name in names})
    out.backward(sympy.Integer(1))
    whole = to_sympy(expr)
    leaves = {v.name: v for v in out.topo() if v.op is None and v.requires_grad}
    point = None if at is None else {symbol(name): at[name] for name in names}
    partials: dict[str, sympy.Expr] = {}
    for name in names:
        raw = leaves[name].grad
        partial = simplest(raw)
        exact = sympy.diff(whole, symbol(name))
        if not same(partial, exact) and (point is None or agree_at(partial, exact, point) is False):
            raise ChainruleError(f"internal check failed: d/d{name} disagrees with sympy.diff")
        partials[name] = partial
    return partials
