"""``chainrule graph``: one forward and one backward pass, every step shown."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from chainrule.cli.format import ENGLISH, dumps, number, table, to_stdout
from chainrule.engine.ops import OPS
from chainrule.errors import ChainruleError, UnsupportedFormatError
from chainrule.safe_files import STDOUT, check_output, write_output
from chainrule.words import LANGUAGES, Text

if TYPE_CHECKING:
    from chainrule.graph.tracing import Trace

EXAMPLES = """examples:
  chainrule graph "(2*a+b)*(c-d)" a=3 b=4 c=5 d=6
  chainrule graph "sigmoid(w*x + b)" w=0.5 x=2 b=-1 --svg graph.svg
  chainrule graph "(2*a+b)*(c-d)" a=3 b=4 c=5 d=6 --picture graph.pdf --lang uk
  chainrule graph "x*x*x - 3*x" x=2 --json
  chainrule graph -h h=2           (the expression -h: -h alone is the help)"""


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
    parser.add_argument(
        "--svg", metavar="FILE", help="write a picture of the graph (SVG; '-': standard output)"
    )
    parser.add_argument(
        "--picture",
        metavar="FILE",
        help="write a picture of the graph, its format named by the suffix: .svg, .png or .pdf"
        " ('-': SVG to standard output)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="language of the text and the picture (default: en)",
    )
    parser.add_argument(
        "--dot", metavar="FILE", help="write the graph as Graphviz DOT text (.dot, .gv or '-')"
    )
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


#: The file names each output option accepts.
SUFFIXES = {"svg": (".svg",), "dot": (".dot", ".gv"), "picture": (".svg", ".png", ".pdf")}


def picture_format(path: str) -> str:
    """The format ``--picture`` writes to ``path``: its suffix, or SVG for standard output."""
    suffix = Path(path).suffix.lower()
    if path == STDOUT:
        return "svg"
    if suffix not in SUFFIXES["picture"]:
        raise UnsupportedFormatError(
            f"--picture: {path!r} names no picture format; use a name ending in .svg, .png or .pdf"
        )
    return suffix[1:]


def run(args: argparse.Namespace) -> int:
    from chainrule.graph.tracing import trace  # SymPy loads here, not for every command

    quiet = to_stdout(args, *SUFFIXES)
    for name, suffixes in SUFFIXES.items():  # a bad file name fails before any work
        if getattr(args, name) is not None:
            check_output(getattr(args, name), option=f"--{name}", suffixes=suffixes)
    fmt = None if args.picture is None else picture_format(args.picture)
    result = trace(args.expression, values=parse_assignments(args.values))
    text = Text(args.lang)
    words = (text("graph.value"), text("graph.grad"))
    if args.svg is not None:
        write_output(args.svg, result.to_svg(words=words), option="--svg", suffixes=SUFFIXES["svg"])
    if fmt is not None:
        data = result.to_picture(fmt, words=words)
        write_output(args.picture, data, option="--picture", suffixes=SUFFIXES["picture"])
    if args.dot is not None:
        write_output(args.dot, result.to_dot(), option="--dot", suffixes=SUFFIXES["dot"])
    if not quiet:
        print(dumps(result.to_dict()) if args.json else render(result, text))
    print_warnings(result.warnings)
    return 0


def print_warnings(warnings: tuple[str, ...]) -> None:
    """Each warning of a result on stderr, one line each."""
    for warning in warnings:
        print(f"chainrule: warning: {warning}", file=sys.stderr)


def _op_text(op: str, text: Text) -> str:
    if op in ("input", "const"):
        return text(f"cli.graph.op.{op}")
    entry = OPS[op]
    return entry.symbol if entry.symbol else f"{entry.call}()"


def _defined(x: float, text: Text) -> str:
    """A gradient's number, or "undefined" for NaN (trace's mark of an undefined derivative)."""
    return text("cli.graph.undefined") if math.isnan(x) else number(x)


def render(result: Trace, text: Text = ENGLISH) -> str:
    """The trace as text for a terminal, in ``text``'s language."""
    by_id = {row.id: row for row in result.nodes}
    forward = table(
        [text(f"cli.graph.{k}") for k in ("node", "op", "inputs", "computes", "value")],
        [
            (
                f"n{row.id}",
                _op_text(row.op, text),
                ", ".join(f"n{i}" for i in row.inputs) or "-",
                row.label,
                number(row.value),
            )
            for row in result.nodes
        ],
    )
    backward = table(
        [text(f"cli.graph.{k}") for k in ("edge", "upstream", "local", "contribution")],
        [
            (
                f"n{e.node} -> n{e.input} ({by_id[e.input].label})",
                _defined(e.upstream, text),
                _defined(e.local, text),
                _defined(e.contribution, text),
            )
            for e in result.edges
        ],
    )
    value_of = {r.label: r.value for r in result.nodes if r.op == "input"}
    gradients = table(
        [text(f"cli.graph.{k}") for k in ("input", "value", "gradient", "partial")],
        [
            (
                f"dL/d{name}",
                number(value_of[name]),
                _defined(grad, text),
                str(result.partials[name])
                if name in result.partials
                else text("cli.graph.skipped"),
            )
            for name, grad in result.gradients.items()
        ],
    )
    notes = [
        text("cli.graph.undefined_here", name=name, why=why)
        for name, why in result.undefined.items()
    ]
    if result.partials_skipped:
        notes.append(text("cli.graph.partials_skipped", why=result.partials_skipped))
    return "\n".join(
        [
            f"L = {result.expression} = {number(result.value)}",
            "",
            text("cli.graph.forward"),
            forward,
            "",
            text("cli.graph.backward"),
            backward,
            "",
            text("cli.graph.gradients"),
            gradients,
            *notes,
        ]
    )
