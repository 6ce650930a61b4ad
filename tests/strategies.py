"""Hypothesis strategies for random expressions."""

from __future__ import annotations

from hypothesis import strategies as st

from chainrule.engine.ops import CONSTANTS, FUNCTIONS
from chainrule.expressions.expr import Expr, const, var

BINARY = ("add", "sub", "mul", "div", "pow")

leaves = st.one_of(
    st.sampled_from(["x", "y", "z"]).map(var),
    st.integers(min_value=0, max_value=9).map(lambda k: const(float(k), str(k))),
    st.sampled_from(["0.5", "1.5", "2.25", "1e-1"]).map(lambda t: const(float(t), t)),
    st.sampled_from(sorted(CONSTANTS)).map(lambda t: const(CONSTANTS[t], t)),
)


def _grow(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    unary = st.tuples(st.sampled_from((*FUNCTIONS, "neg")), children).map(
        lambda t: Expr(t[0], (t[1],))
    )
    binary = st.tuples(st.sampled_from(BINARY), children, children).map(
        lambda t: Expr(t[0], (t[1], t[2]))
    )
    return unary | binary


expressions = st.recursive(leaves, _grow, max_leaves=8)
