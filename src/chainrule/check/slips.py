"""Typical slips, generated from chainrule's own derivation tree, never listed per function.

For each step of :func:`chainrule.derivatives.steps.derivation_steps` (numbered as
``chainrule derive`` numbers them), the slips its rule invites are applied to that
step's result alone, and the change is carried up the tree to a wrong final
derivative: the inner derivative of a chain rule dropped, a sign lost, the quotient
rule's terms swapped, the power rule's exponent not lowered (or lowered twice), a
constant factor dropped, one term of the product rule missing. An answer equal to
one of these wrong derivatives is explained by that slip.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sympy

from chainrule.derivatives.printing import numbered
from chainrule.derivatives.steps import CHAIN_RULE, CONSTANT_RULE, IDENTITY_RULE, Step
from chainrule.expressions.math_text import text

INNER_DROPPED = "inner derivative dropped"
SIGN_LOST = "sign lost"
QUOTIENT_SWAPPED = "quotient rule terms swapped"
POWER_OFF_BY_ONE = "power rule off by one"
FACTOR_DROPPED = "constant factor dropped"
PRODUCT_TERM_MISSING = "product rule term missing"
KINDS = (
    INNER_DROPPED,
    SIGN_LOST,
    QUOTIENT_SWAPPED,
    POWER_OFF_BY_ONE,
    FACTOR_DROPPED,
    PRODUCT_TERM_MISSING,
)


@dataclass(frozen=True)
class Slip:
    """One slip: at step ``label`` (its ``rule``), of ``kind``; ``values`` fill its words;
    ``wrong`` is the whole derivative the slip leads to."""

    label: str
    rule: str
    kind: str
    values: dict[str, str]
    wrong: sympy.Expr


def slips(root: Step) -> list[Slip]:
    """Every typical slip of every step of ``root``, in reading order."""
    steps = numbered(root)
    parent: dict[int, Step] = {}
    for _, _, step in steps:
        for sub in step.substeps:
            parent[id(sub)] = step
    out = []
    for label, _, step in steps:
        for kind, values, result in _variants(step):
            if result == step.result:
                continue
            wrong = _carry(step, result, parent)
            out.append(Slip(label, step.rule, kind, values, wrong))
    return out


def _variants(step: Step) -> Iterator[tuple[str, dict[str, str], sympy.Expr]]:
    """(kind, values for its words, the step's wrong result) for each slip of ``step``."""
    if step.rule in (CONSTANT_RULE, IDENTITY_RULE):
        return
    shown = {"expression": text(step.expression)}
    if step.inner is not None:
        outer, inner = step.substeps
        if inner.result != 1:
            u = outer.variable
            yield (
                INNER_DROPPED,
                {**shown, "inner": text(step.inner), "derivative": text(inner.result)},
                outer.result.subs(u, step.inner),
            )
        return
    terms = sympy.Add.make_args(step.applied) if step.applied is not None else ()
    if len(terms) > 1:
        for k, term in enumerate(terms):  # a quotient rule's minus may hide in -(x**2 + 1)
            if term.could_extract_minus_sign() or ("quotient" in step.rule and k == 1):
                flipped = [-t if j == k else t for j, t in enumerate(terms)]
                yield SIGN_LOST, shown, _evaluate(step, sympy.Add(*flipped))
        if "quotient" in step.rule:
            yield QUOTIENT_SWAPPED, shown, -step.result
        if "product" in step.rule:
            for term in terms:
                yield PRODUCT_TERM_MISSING, shown, _evaluate(step, term)
        return
    own = step.applied if step.applied is not None else step.result  # what the rule writes
    if own.could_extract_minus_sign():
        yield SIGN_LOST, shown, -step.result
    factor, rest = own.as_coeff_Mul()
    if factor.is_Rational and abs(factor) != 1 and not rest.is_number:
        values = {**shown, "factor": text(abs(factor))}
        yield FACTOR_DROPPED, values, _evaluate(step, sympy.sign(factor) * rest)
    base, exponent = step.expression.as_base_exp()
    powered = "power" in step.rule or "reciprocal" in step.rule
    if powered and step.applied is None and exponent.is_Rational and exponent != 0:
        for lowered in (exponent, exponent - 2):
            yield POWER_OFF_BY_ONE, shown, exponent * base**lowered


def _evaluate(step: Step, applied: sympy.Expr) -> sympy.Expr:
    """A written-out rule with its parts' derivatives put in."""
    done = {sympy.Derivative(sub.expression, step.variable): sub.result for sub in step.substeps}
    return sympy.sympify(applied).xreplace(done)


def _carry(step: Step, result: sympy.Expr, parent: dict[int, Step]) -> sympy.Expr:
    """The whole derivative when ``step`` gives ``result``, the rest of the tree unchanged."""
    while id(step) in parent:
        above = parent[id(step)]
        if above.rule == CHAIN_RULE:
            outer, inner = above.substeps
            if step is outer:
                result = result.subs(outer.variable, above.inner) * inner.result
            else:
                result = outer.result.subs(outer.variable, above.inner) * result
        else:
            parts = {
                sympy.Derivative(sub.expression, above.variable): result
                if sub is step
                else sub.result
                for sub in above.substeps
            }
            result = sympy.sympify(above.applied).xreplace(parts)
        step = above
    return result
