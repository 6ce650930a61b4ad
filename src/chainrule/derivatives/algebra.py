"""The algebra from a function's definition to its derivative in its own terms, step by step.

Deriving ``1/(1 + exp(-x))`` by the rules gives ``exp(-x)/(1 + exp(-x))**2``; the lab's
point is that this *is* ``S(x)(1 - S(x))``. :func:`simplification` shows why as named
moves (split the fraction, recognise ``1 - S = e^{-x}/(1 + e^{-x})``, ...), each one checked:
both sides of every move, and every identity a move recognises, are proven equal.

A :data:`RECIPES` entry holds the forms a person writes for one table function; its last form
is the op table's own rule (``S(1 - S)``, ``1 - tanh**2``, ``sigmoid``, ``cosh``), so the
moves derive the rule the table cites. A function without a recipe simply has no moves.
:func:`from_definition` writes each such function through its definition, so that
``sigmoid(x)`` is derived from ``1/(1 + exp(-x))`` rather than by the "sigmoid rule".
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import sympy

from chainrule.derivatives.bounded_sympy import attempt
from chainrule.derivatives.own_terms import definition
from chainrule.engine.ops import OPS
from chainrule.engine.sympy_ops import SYMBOLIC
from chainrule.expressions.expr import Expr, nodes
from chainrule.expressions.from_sympy import from_sympy
from chainrule.expressions.math_text import text
from chainrule.expressions.symbolic import agree_at, same

#: Seconds SymPy may spend proving one move.
MOVE_SECONDS = 2.0
#: Points where a move SymPy cannot prove must agree at high precision.
MOVE_POINTS = (-2.5, -0.75, 0.5, 1.25, 3.0)

#: The moves' names (keys of their words in :mod:`chainrule.words.derivatives`).
COMMON = "common"  # bring to one fraction
SPLIT = "split"  # split a fraction into a product or a sum
DIVIDE = "divide"  # divide numerator and denominator by ``about[0]``
FACTOR = "factor"  # take out the common factor ``about[0]``
RECOGNISE = "recognise"  # recognise ``about[0] = about[1]``
MOVES = (COMMON, SPLIT, DIVIDE, FACTOR, RECOGNISE)


@dataclass(frozen=True)
class AlgebraStep:
    """One move: ``before`` = ``after`` by ``move`` (with ``about``: the identity recognised,
    or the factor divided or taken out). ``proof`` says how the equality was checked:
    ``"symbolic"`` (SymPy proved it) or ``"numeric"`` (equal at high precision at
    :data:`MOVE_POINTS`, SymPy undecided)."""

    move: str
    before: sympy.Expr
    after: sympy.Expr
    about: tuple[sympy.Expr, ...] = ()
    proof: str = "symbolic"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data; expressions as strings SymPy can read back."""
        return {
            "move": self.move,
            "before": text(self.before),
            "after": text(self.after),
            "about": [text(a) for a in self.about],
            "proof": self.proof,
        }


# --- the recipes: the forms a person writes, in order ----------------------------------------
Form = tuple[str | None, tuple[sympy.Expr, ...], sympy.Expr]  # (move, about, form)


def _piece(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` kept whole inside a product (``1/(1 + e^{-x}) * e^{-x}/(1 + e^{-x})``)."""
    return sympy.UnevaluatedExpr(expr)


def _plus(*terms: sympy.Expr) -> sympy.Expr:
    """A sum in the order written (the printers keep a top-level sum's order)."""
    return sympy.Add(*terms, evaluate=False)


def _call(name: str, x: sympy.Symbol) -> sympy.Expr:
    return sympy.sympify(OPS[name].forward(SYMBOLIC, x))


def _sigmoid(x: sympy.Symbol) -> list[Form]:
    e, s = sympy.exp(-x), _call("sigmoid", x)
    d = 1 + e
    return [
        (None, (), e / d**2),
        (SPLIT, (), _piece(1 / d) * _piece(e / d)),
        (RECOGNISE, (s, 1 / d), s * _piece(e / d)),
        (RECOGNISE, (1 - s, e / d), s * (1 - s)),
    ]


def _tanh(x: sympy.Symbol) -> list[Form]:
    p, q = sympy.exp(x) - sympy.exp(-x), sympy.exp(x) + sympy.exp(-x)
    t = _call("tanh", x)
    return [
        (None, (), (q**2 - p**2) / q**2),
        (SPLIT, (), _plus(1, -(p**2) / q**2)),
        (RECOGNISE, (t, p / q), _plus(1, -(t**2))),
    ]


def _softplus(x: sympy.Symbol) -> list[Form]:
    e, s = sympy.exp(x), _call("sigmoid", x)
    return [
        (None, (), e / (1 + e)),
        (DIVIDE, (e,), 1 / (1 + sympy.exp(-x))),
        (RECOGNISE, (s, 1 / (1 + sympy.exp(-x))), s),
    ]


def _hyperbolic(sign: int, other: str) -> Callable[[sympy.Symbol], list[Form]]:
    """sinh' = cosh and cosh' = sinh: (e^x +- e^-x)/2 derived term by term."""

    def forms(x: sympy.Symbol) -> list[Form]:
        half, e, m = sympy.Rational(1, 2), sympy.exp(x), sympy.exp(-x)
        pair = half * _piece(e + sign * m)
        return [
            (None, (), half * e + sign * half * m),
            (FACTOR, (half,), pair),
            (RECOGNISE, (_call(other, x), pair), _call(other, x)),
        ]

    return forms


def _silu(x: sympy.Symbol) -> list[Form]:
    e, s, f = sympy.exp(-x), _call("sigmoid", x), _call("silu", x)
    d = 1 + e
    return [
        (None, (), 1 / d + x * e / d**2),
        (SPLIT, (), _plus(1 / d, x * _piece(1 / d) * _piece(e / d))),
        (RECOGNISE, (s, 1 / d), _plus(s, x * s * _piece(e / d))),
        (RECOGNISE, (1 - s, e / d), _plus(s, x * s * (1 - s))),
        (RECOGNISE, (f, x * s), _plus(s, f * (1 - s))),
    ]


#: Table function -> its forms in a variable, from the derivative of its definition to
#: the op table's rule.
RECIPES: dict[str, Callable[[sympy.Symbol], list[Form]]] = {
    "sigmoid": _sigmoid,
    "tanh": _tanh,
    "softplus": _softplus,
    "sinh": _hyperbolic(1, "cosh"),
    "cosh": _hyperbolic(-1, "sinh"),
    "silu": _silu,
}


def simplification(
    derivative: sympy.Expr, named: sympy.Expr, x: sympy.Symbol
) -> tuple[AlgebraStep, ...]:
    """The moves from ``derivative`` (the rules' result) to the rule of ``named``, a table
    function of ``x`` itself (``sigmoid(x)``), each proven; ``()`` when there is no recipe,
    the derivative already is the rule's form, or a move cannot be proven."""
    name = type(named).__name__
    if name not in RECIPES or named.args != (x,):
        return ()
    forms = RECIPES[name](x)
    rule = sympy.sympify(OPS[name].local[0](SYMBOLIC, named, x))
    if derivative == rule or sympy.expand(derivative - rule) == 0:
        return ()  # the rules already gave the rule's form (derived by the op's own rule)
    _, _, start = forms[0]
    moves = [] if derivative == start else [AlgebraStep(COMMON, derivative, start)]
    moves += [
        AlgebraStep(move or COMMON, before, after, about)
        for (_, _, before), (move, about, after) in itertools.pairwise(forms)
    ]
    proven = []
    for step in moves:
        proof = _proof(step.before, step.after, x)
        if proof is None or (
            step.move == RECOGNISE and _proof(step.about[0], step.about[1], x) is None
        ):
            return ()
        proven.append(AlgebraStep(step.move, step.before, step.after, step.about, proof))
    return tuple(proven)


def _proof(a: sympy.Expr, b: sympy.Expr, x: sympy.Symbol) -> str | None:
    """``"symbolic"`` or ``"numeric"`` if ``a`` equals ``b``, else ``None``."""
    a, b = a.doit(), b.doit()
    if attempt(partial(same, a, b), False, seconds=MOVE_SECONDS):
        return "symbolic"
    agree = [attempt(partial(agree_at, a, b, {x: p}), None) for p in MOVE_POINTS]
    return "numeric" if all(agree) else None


def from_definition(expr: Expr) -> Expr:
    """``expr`` with each call of a function that has a recipe (sigmoid, tanh, softplus, sinh,
    cosh, silu) replaced by its definition through ``exp``."""
    done: dict[int, Expr] = {}
    for n in nodes(expr):
        args = tuple(done[id(a)] for a in n.args)
        written = _definition_tree(n.op) if len(args) == 1 else None
        if written is None:
            done[id(n)] = Expr(n.op, args, n.name, n.value)
        else:
            done[id(n)] = _put(written, args[0])
    return done[id(expr)]


_W = "w"  # the variable of a definition's tree


def _definition_tree(op: str) -> Expr | None:
    if op not in RECIPES:
        return None
    written = definition(_call(op, sympy.Symbol(_W)))
    return None if written is None else from_sympy(written)


def _put(tree: Expr, argument: Expr) -> Expr:
    """``tree`` with its variable replaced by ``argument``."""
    done: dict[int, Expr] = {}
    for n in nodes(tree):
        if n.op == "var":
            done[id(n)] = argument
        else:
            done[id(n)] = Expr(n.op, tuple(done[id(a)] for a in n.args), n.name, n.value)
    return done[id(tree)]
