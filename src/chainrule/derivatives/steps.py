"""Derivation steps as data: which rule, applied to what, giving what, and the sub-derivations.

:func:`derivation_steps` walks an :class:`~chainrule.expressions.expr.Expr` tree and, at each node,
takes the local derivatives and the rule's name from the one op table
(``OPS[op].local[i](SYMBOLIC, out, *args)``, ``OPS[op].rule_for(...)``). Three shapes:

* a rule that is linear in its varying inputs (sum, difference, constant multiple) or
  has several varying inputs (product, quotient, general power): the rule written out
  with the inputs' derivatives left unevaluated, each input's derivative a substep;
* a one-input rule applied straight to the variable (``exp(x)``, ``x**2``);
* the same rule applied to an inner function: a **chain rule** step whose substeps
  are the outer rule in a fresh variable ``u`` and the inner derivative.

Steps are records only; printing them is the printers' business.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from chainrule.engine.ops import OPS
from chainrule.engine.sympy_ops import SYMBOLIC
from chainrule.expressions.expr import Expr, nodes, symbol, sympy_nodes, variables
from chainrule.expressions.math_text import text

CONSTANT_RULE = "constant rule"
IDENTITY_RULE = "identity rule"
CHAIN_RULE = "chain rule"

#: Names tried, in order, for the chain rule's inner function.
_INNER_NAMES = ("u", "v", "w", "t", "s", "z")


@dataclass(frozen=True)
class Step:
    """One application of a rule: d ``expression`` / d ``variable`` = ``result``.

    ``applied`` is the rule written out with the parts' derivatives still unevaluated
    (``Derivative`` objects), ``None`` when the rule gives the result at once. For a
    chain rule, ``inner`` is the function ``u`` stands for: ``substeps[0]`` is the
    outer rule in ``u``, ``substeps[1]`` the derivative of ``inner``. ``textbook`` is
    ``applied`` over one denominator when its terms have one: the quotient rule's
    ``(u'v - uv')/v**2`` (the view a textbook prints).
    """

    rule: str
    expression: sympy.Expr
    result: sympy.Expr
    variable: sympy.Symbol
    substeps: tuple[Step, ...] = ()
    applied: sympy.Expr | None = None
    inner: sympy.Expr | None = None
    textbook: tuple[sympy.Expr, sympy.Expr] | None = None

    def walk(self) -> Iterator[Step]:
        """This step and every substep, depth first, in reading order."""
        stack = [self]
        while stack:
            step = stack.pop()
            yield step
            stack.extend(reversed(step.substeps))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data; expressions as strings SymPy can read back (with
        :func:`chainrule.engine.sympy_ops.sympy_names` for sigmoid, relu and abs)."""
        made: dict[int, dict[str, Any]] = {}
        for step in reversed(list(self.walk())):  # substeps before the step that holds them
            data: dict[str, Any] = {
                "rule": step.rule,
                "expression": text(step.expression),
                "result": text(step.result),
                "variable": str(step.variable),
            }
            if step.applied is not None:
                data["applied"] = str(step.applied)  # SymPy's Derivative(u, x), readable back
            if step.inner is not None:
                data["inner"] = text(step.inner)
            if step.textbook is not None:
                top, bottom = step.textbook
                data["textbook"] = str(top / bottom)  # Derivative(u, x): readable back
            data["substeps"] = [made[id(s)] for s in step.substeps]
            made[id(step)] = data
        return made[id(self)]


def derivation_steps(
    expr: Expr, wrt: str, *, values: Mapping[int, sympy.Expr] | None = None
) -> Step:
    """The derivation of d ``expr`` / d ``wrt``, one :class:`Step` per node that needs one;
    ``values`` are the nodes' SymPy forms if already made (:func:`sympy_nodes`)."""
    taken = set(variables(expr))
    inner_name = next((n for n in _INNER_NAMES if n not in taken), None)
    if inner_name is None:
        inner_name = next(f"u{k}" for k in range(1, len(taken) + 2) if f"u{k}" not in taken)
    deriver = _Deriver(expr, wrt, symbol(inner_name), values or sympy_nodes(expr))
    for n in nodes(expr):  # inputs first: each step finds its inputs' steps done
        deriver.done[id(n)] = deriver.step(n)
    return deriver.done[id(expr)]


class _Deriver:
    """One step per node, from the steps of its inputs (no recursion: a flat chain is deep)."""

    def __init__(
        self, expr: Expr, wrt: str, u: sympy.Symbol, values: Mapping[int, sympy.Expr]
    ) -> None:
        self.x = symbol(wrt)
        self.u = u
        self.value = values
        self.done: dict[int, Step] = {}  # the step of each node, by id, inputs first
        self.varies: set[int] = set()  # nodes whose subtree uses the variable
        for n in nodes(expr):
            if (n.op == "var" and n.name == wrt) or any(id(a) in self.varies for a in n.args):
                self.varies.add(id(n))

    def step(self, n: Expr) -> Step:
        shown = self.value[id(n)]
        if id(n) not in self.varies:
            return Step(CONSTANT_RULE, shown, sympy.Integer(0), self.x)
        if n.op == "var":
            return Step(IDENTITY_RULE, shown, sympy.Integer(1), self.x)
        op = OPS[n.op]
        args = [self.value[id(a)] for a in n.args]
        varying = [id(a) in self.varies for a in n.args]
        rule = op.rule_for(varying)
        out = self.value[id(n)]
        local = [
            sympy.sympify(op.local[i](SYMBOLIC, out, *args)) if v else sympy.Integer(0)
            for i, v in enumerate(varying)
        ]
        if sum(varying) == 1 and any(loc.has(self.x) for loc in local):
            i = varying.index(True)
            if n.args[i].op == "var":
                return Step(rule, shown, local[i], self.x)
            return self.chain(n, i, rule, local[i])
        return self.written_out(n, rule, local)

    def written_out(self, n: Expr, rule: str, local: list[sympy.Expr]) -> Step:
        """A rule that needs each varying input's derivative (sum, product, quotient, ...)."""
        op = OPS[n.op]
        args = [self.value[id(a)] for a in n.args]
        # in a sum, constant terms get their own (zero) step, as a person writes "0 + ..."
        sum_like = all(
            sympy.sympify(f(SYMBOLIC, self.value[id(n)], *args)).is_number for f in op.local
        )
        listed = [i for i, a in enumerate(n.args) if id(a) in self.varies or sum_like]
        substeps = tuple(self.done[id(n.args[i])] for i in listed)
        by_index = dict(zip(listed, substeps, strict=True))
        terms = [
            local[i] * sympy.Derivative(args[i], self.x)
            for i in listed
            if id(n.args[i]) in self.varies
        ]
        # a sum is kept in the rule's order: d/dx(u) - d/dx(v), not SymPy's sorted order
        applied = sympy.Add(*terms, evaluate=False) if len(terms) > 1 else terms[0]
        result = sympy.Add(
            *(local[i] * by_index[i].result for i in listed if id(n.args[i]) in self.varies)
        )
        textbook = _over_one_denominator(
            [(local[i], args[i]) for i in listed if id(n.args[i]) in self.varies], self.x
        )
        return Step(rule, self.value[id(n)], result, self.x, substeps, applied, None, textbook)

    def chain(self, n: Expr, i: int, rule: str, local: sympy.Expr) -> Step:
        """f(g(x)): the outer rule in u, then g'(x), multiplied."""
        op = OPS[n.op]
        with_u = [self.u if j == i else self.value[id(a)] for j, a in enumerate(n.args)]
        outer_value = op.forward(SYMBOLIC, *with_u)
        outer = Step(
            rule,
            outer_value,
            sympy.sympify(op.local[i](SYMBOLIC, outer_value, *with_u)),
            self.u,
        )
        inner = self.value[id(n.args[i])]
        inner_step = self.done[id(n.args[i])]
        return Step(
            CHAIN_RULE,
            self.value[id(n)],
            local * inner_step.result,
            self.x,
            (outer, inner_step),
            applied=local * sympy.Derivative(inner, self.x),
            inner=inner,
        )


def _over_one_denominator(
    terms: list[tuple[sympy.Expr, sympy.Expr]], x: sympy.Symbol
) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(numerator, denominator) of sum(local * d/dx(input)) over the locals' common
    denominator, the numerator's terms in the rule's order: ``(v*d/dx(u) - u*d/dx(v), v**2)``;
    ``None`` for one term or no denominator with the variable."""
    if len(terms) < 2:
        return None
    parts = [sympy.fraction(local) for local, _ in terms]
    powers: dict[sympy.Expr, int] = {}
    for _, denominator in parts:
        for base, exponent in denominator.as_powers_dict().items():
            if not exponent.is_Integer:
                return None  # x**(x - 1) is no denominator a textbook writes
            powers[base] = max(powers.get(base, 0), int(exponent))
    common = sympy.Mul(*(b**e for b, e in powers.items()))
    if not common.has(x):
        return None
    numerator = []
    for (top, denominator), (_, value) in zip(parts, terms, strict=True):
        have = denominator.as_powers_dict()
        widen = sympy.Mul(*(b ** (e - have.get(b, 0)) for b, e in powers.items()))
        negative = top.could_extract_minus_sign()  # the sign in front: - u*v', not (-u)*v'
        term = (-top if negative else top) * widen * sympy.Derivative(value, x)
        numerator.append(sympy.Mul(-1, term, evaluate=False) if negative else term)
    return sympy.Add(*numerator, evaluate=False), common
