"""One forward and one backward pass through an expression's graph, with every step kept.

:func:`trace` is the library call behind ``chainrule graph``: it returns the forward
table (each node's value), the backward table (each edge's upstream gradient,
local derivative and contribution), each input's gradient and its symbolic partial.
A gradient that is undefined at the point (d/db of a**b at a < 0) is NaN, with the
reason in ``undefined``; the others are still given. Graphs of more than
:data:`~chainrule.expressions.symbolic.PARTIALS_LIMIT` nodes get no symbolic partials, and say so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import sympy

from chainrule import arguments
from chainrule.budget import budgeted, quoted
from chainrule.engine.value import Value
from chainrule.errors import DomainError, ExpressionTooLargeError, OptionError
from chainrule.expressions.expr import Expr, as_expr, build, constant_warnings, nodes, texts
from chainrule.expressions.symbolic import PARTIALS_LIMIT, symbolic_partials
from chainrule.graph import picture


@dataclass(frozen=True)
class NodeRow:
    """A node of the graph: ``op`` is an op name, ``"input"`` or ``"const"``."""

    id: int
    op: str
    label: str  # the subexpression this node computes
    inputs: tuple[int, ...]
    value: float
    grad: float | None  # None for constants: nothing asks for their gradient; NaN: undefined


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
    gradients: dict[str, float]  # NaN where undefined at the point
    partials: dict[str, sympy.Expr]  # empty when skipped
    undefined: dict[str, str] = field(default_factory=dict)  # input -> why its gradient is not
    partials_skipped: str | None = None  # why the symbolic partials were not computed
    warnings: tuple[str, ...] = ()  # e.g. a variable named e, which is then not Euler's number

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data; partials as strings SymPy can read back."""
        return {
            "expression": self.expression,
            "value": self.value,
            "gradients": dict(self.gradients),
            "partials": {name: str(p) for name, p in self.partials.items()},
            "undefined": dict(self.undefined),
            "partials_skipped": self.partials_skipped,
            "nodes": [{**asdict(row), "inputs": list(row.inputs)} for row in self.nodes],
            "edges": [asdict(edge) for edge in self.edges],
            "warnings": list(self.warnings),
        }

    def to_svg(self, *, words: tuple[str, str] = ("value", "grad")) -> str:
        """The graph as a standalone SVG picture (left to right; op, value, gradient).

        ``words`` label the value and the gradient in each box.
        """
        return picture.to_svg(self, words=words)

    def to_dot(self) -> str:
        """The graph as Graphviz DOT text."""
        return picture.to_dot(self)

    def to_picture(self, fmt: str = "svg", *, words: tuple[str, str] = ("value", "grad")) -> bytes:
        """The picture as the bytes of an ``svg``, ``png`` or ``pdf`` file."""
        return picture.render(self, fmt, words=words)

    def _repr_svg_(self) -> str | None:  # Jupyter shows a traced graph as its picture
        try:
            return self.to_svg()
        except ExpressionTooLargeError:  # too big to draw: Jupyter shows the text instead
            return None


def _finite(x: Any) -> float:
    x = float(x)
    return x if math.isfinite(x) else float("nan")


@budgeted(lambda expression, **_: f"the graph of {quoted(expression)}")
def trace(
    expression: str | Expr, *, values: Mapping[str, float], timeout: float | None = None
) -> Trace:
    """Parse ``expression``, run it forward at ``values`` and backward from its output.

    ``timeout``: seconds it may take (default: see :mod:`chainrule.budget`).
    Raises :class:`~chainrule.errors.ParseError`, :class:`~chainrule.errors.UnknownVariableError`
    or :class:`~chainrule.errors.DomainError` (naming the node) on bad input.
    """
    scalars = arguments.values("values", values, error=OptionError)
    expr = as_expr(expression, variables=scalars.keys())
    out, made = build(expr, scalars)
    order = nodes(expr)
    labels = texts(expr)
    edges: list[tuple[Value, int, Any, Any, Any]] = []
    problems: dict[str, None] = {}  # why some local derivative is undefined, in order

    def undefined(node: Value, i: int, error: DomainError) -> float:
        label = next(labels[id(n)] for n in order if made[id(n)] is node)
        problems.setdefault(f"{error}, at {label}")
        return math.nan  # every gradient downstream of this edge is undefined too

    out.backward(
        on_edge=lambda node, i, up, local, c: edges.append((node, i, up, local, c)),
        on_undefined=undefined,
    )

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
                label=labels[id(n)],
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
    inputs = {row.label: 0.0 if row.grad is None else row.grad for row in rows if row.op == "input"}
    reason = "; ".join(problems)
    skipped = None
    if len(rows) > PARTIALS_LIMIT:
        skipped = (
            f"the graph has {len(rows)} nodes; symbolic partials are computed up to "
            f"{PARTIALS_LIMIT}"
        )
    return Trace(
        expression=labels[id(expr)],
        value=float(out.data),
        nodes=tuple(rows),
        edges=edge_rows,
        gradients=inputs,
        partials={} if skipped else symbolic_partials(expr, at=scalars),
        undefined={name: reason for name, g in inputs.items() if math.isnan(g)},
        partials_skipped=skipped,
        warnings=constant_warnings(expr),
    )
