"""One forward and one backward pass through an expression's graph, with every step kept.

:func:`trace` is the library call behind ``chainrule graph``: it returns the forward
table (each node's value), the backward table (each edge's upstream gradient,
local derivative and contribution), each input's gradient and its symbolic partial.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import sympy

from chainrule.expr import Expr, as_expr, build, constant_warnings, nodes, to_text
from chainrule.symbolic import symbolic_partials
from chainrule.value import Value


@dataclass(frozen=True)
class NodeRow:
    """A node of the graph: ``op`` is an op name, ``"input"`` or ``"const"``."""

    id: int
    op: str
    label: str  # the subexpression this node computes
    inputs: tuple[int, ...]
    value: float
    grad: float | None  # None for constants: nothing asks for their gradient


@dataclass(frozen=True)
class EdgeRow:
    """One step of the backward pass: ``upstream * local = contribution`` sent to ``input``."""

    node: int
    input: int
    upstream: float
    local: float
    contribution: float


@dataclass(frozen=True)
class Trace:
    """The result of :func:`trace`."""

    expression: str
    value: float
    nodes: tuple[NodeRow, ...]
    edges: tuple[EdgeRow, ...]
    gradients: dict[str, float]
    partials: dict[str, sympy.Expr]
    warnings: tuple[str, ...] = ()  # e.g. a variable named e, which is then not Euler's number

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data; partials as strings SymPy can read back."""
        return {
            "expression": self.expression,
            "value": self.value,
            "gradients": dict(self.gradients),
            "partials": {name: str(p) for name, p in self.partials.items()},
            "nodes": [{**asdict(row), "inputs": list(row.inputs)} for row in self.nodes],
            "edges": [asdict(edge) for edge in self.edges],
            "warnings": list(self.warnings),
        }

    def to_svg(self, *, words: tuple[str, str] = ("value", "grad")) -> str:
        """The graph as a standalone SVG picture (left to right; op, value, gradient).

        ``words`` label the value and the gradient in each box.
        """
        from chainrule.graph_picture import to_svg

        return to_svg(self, words=words)

    def to_dot(self) -> str:
        """The graph as Graphviz DOT text."""
        from chainrule.graph_picture import to_dot

        return to_dot(self)

    def _repr_svg_(self) -> str:  # Jupyter shows a traced graph as its picture
        return self.to_svg()


def _finite(x: Any) -> float:
    x = float(x)
    return x if math.isfinite(x) else float("nan")


def trace(expression: str | Expr, *, values: Mapping[str, float]) -> Trace:
    """Parse ``expression``, run it forward at ``values`` and backward from its output.

    Raises :class:`~chainrule.errors.ParseError`, :class:`~chainrule.errors.UnknownVariableError`
    or :class:`~chainrule.errors.DomainError` (naming the node) on bad input.
    """
    expr = as_expr(expression, variables=values.keys())
    scalars = {name: float(v) for name, v in values.items()}
    out, made = build(expr, scalars)
    edges: list[tuple[Value, int, Any, Any, Any]] = []
    out.backward(on_edge=lambda node, i, up, local, c: edges.append((node, i, up, local, c)))

    order = nodes(expr)
    ids: dict[int, int] = {}  # id(Value) -> row number
    rows: list[NodeRow] = []
    for n in order:
        v = made[id(n)]
        if id(v) in ids:
            continue  # a variable used twice is one node
        ids[id(v)] = len(rows)
        op = "input" if n.op == "var" else n.op
        rows.append(
            NodeRow(
                id=len(rows),
                op=op,
                label=to_text(n),
                inputs=tuple(ids[id(made[id(a)])] for a in n.args),
                value=_finite(v.data),
                grad=_finite(v.grad) if v.requires_grad else None,
            )
        )
    edge_rows = tuple(
        EdgeRow(
            node=ids[id(node)],
            input=ids[id(node.parents[i])],
            upstream=float(up),
            local=float(local),
            contribution=float(c),
        )
        for node, i, up, local, c in edges
    )
    inputs = {row.label: row.grad or 0.0 for row in rows if row.op == "input"}
    return Trace(
        expression=to_text(expr),
        value=float(out.data),
        nodes=tuple(rows),
        edges=edge_rows,
        gradients=inputs,
        partials=symbolic_partials(expr),
        warnings=constant_warnings(expr),
    )
