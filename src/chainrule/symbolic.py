"""Symbolic gradients: the engine's backward pass run on SymPy symbols, then simplified."""

from __future__ import annotations

import sympy

from chainrule.errors import ChainruleError
from chainrule.expr import Expr, build, symbol, to_sympy, variables

#: Above this many operations, SymPy's ``simplify`` is skipped (it can take minutes).
SIMPLIFY_LIMIT = 120


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


def symbolic_partials(expr: Expr) -> dict[str, sympy.Expr]:
    """d expr / d v for every variable v, from one symbolic backward pass over the graph.

    Each partial is simplified and checked against ``sympy.diff`` of the same
    expression; a disagreement raises (it would be a bug in the op table).
    """
    names = variables(expr)
    out, _ = build(expr, {name: symbol(name) for name in names})
    out.backward(sympy.Integer(1))
    whole = to_sympy(expr)
    leaves = {v.name: v for v in out.topo() if v.op is None and v.requires_grad}
    partials: dict[str, sympy.Expr] = {}
    for name in names:
        raw = leaves[name].grad
        partial = simplest(raw)
        if not same(partial, sympy.diff(whole, symbol(name))):
            raise ChainruleError(f"internal check failed: d/d{name} disagrees with sympy.diff")
        partials[name] = partial
    return partials
