"""``chainrule graph``: one forward and one backward pass, every step shown."""

from __future__ import annotations

import argparse
import math
import sys
from typing import TYPE_CHECKING

from chainrule.cli.format import dumps, number, table
from chainrule.errors import ChainruleError
from chainrule.files import atomic_write
from chainrule.ops import OPS

if TYPE_CHECKING:
    from chainrule.tracing import Trace

EXAMPLES = """examples:
  chainrule graph "(2*a+b)*(c-d)" a=3 b=4 c=5 d=6
  chainrule graph "sigmoid(w*x + b)" w=0.5 x=2 b=-1 --svg graph.svg
  chainrule graph "x*x*x - 3*x" x=2 --json"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "graph",
        help="forward and backward pass through an expression's computation graph",
        description="Parse EXPRESSION into a computation graph, evaluate it at the given "
        "values, backpropagate from the output, and show every node's value and gradient, "
        "every backward step, and each input's symbolic partial derivative.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("expression", help='the expression, e.g. "(2*a+b)*(c-d)"')
    parser.add_argument(
        "values", nargs="*", metavar="NAME=VALUE", help="a value for every variable, e.g. a=3"
    )
    parser.add_argument("--svg", metavar="FILE", help="write a picture of the graph (SVG)")
    parser.add_argument("--dot", metavar="FILE", help="write the graph as Graphviz DOT text")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.set_defaults(run=run)


def parse_assignments(items: list[str]) -> dict[str, float]:
    """``["a=3", "b=-1.5"]`` -> ``{"a": 3.0, "b": -1.5}``, with one-line errors."""
    values: dict[str, float] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ChainruleError(f"expected NAME=VALUE, got {item!r}")
        try:
            value = float(text)
        except ValueError:
            raise ChainruleError(f"value of {name} is not a number: {text!r}") from None
        if not math.isfinite(value):
            raise ChainruleError(f"value of {name} must be finite, got {text!r}")
        if name in values:
            raise ChainruleError(f"{name} is given twice")
        values[name] = value
    return values


def run(args: argparse.Namespace) -> int:
    from chainrule.tracing import trace  # SymPy loads here, not for every command

    result = trace(args.expression, values=parse_assignments(args.values))
    if args.svg:
        atomic_write(args.svg, result.to_svg())
    if args.dot:
        atomic_write(args.dot, result.to_dot())
    print(dumps(result.to_dict()) if args.json else render(result))
    print_warnings(result.warnings)
    return 0


def print_warnings(warnings: tuple[str, ...]) -> None:
    """Each warning of a result on stderr, one line each."""
    for warning in warnings:
        print(f"chainrule: warning: {warning}", file=sys.stderr)


def _op_text(op: str) -> str:
    if op in ("input", "const"):
        return op
    entry = OPS[op]
    return entry.symbol if entry.symbol else f"{entry.call}()"


def render(result: Trace) -> str:
    """The trace as text for a terminal."""
    by_id = {row.id: row for row in result.nodes}
    forward = table(
        ["node", "op", "inputs", "computes", "value"],
        [
            (
                f"n{row.id}",
                _op_text(row.op),
                ", ".join(f"n{i}" for i in row.inputs) or "-",
                row.label,
                number(row.value),
            )
            for row in result.nodes
        ],
    )
    backward = table(
        ["edge", "upstream", "local", "contribution"],
        [
            (
                f"n{e.node} -> n{e.input} ({by_id[e.input].label})",
                number(e.upstream),
                number(e.local),
                number(e.contribution),
            )
            for e in result.edges
        ],
    )
    gradients = table(
        ["input", "value", "gradient", "symbolic partial"],
        [
            (
                f"dL/d{name}",
                number(next(r.value for r in result.nodes if r.label == name)),
                number(grad),
                str(result.partials[name]),
            )
            for name, grad in result.gradients.items()
        ],
    )
    return "\n".join(
        [
            f"L = {result.expression} = {number(result.value)}",
            "",
            "Forward pass (inputs before the nodes that use them):",
            forward,
            "",
            "Backward pass (each edge: upstream gradient x local derivative = contribution):",
            backward,
            "",
            "Gradients (contributions summed per node):",
            gradients,
        ]
    )
