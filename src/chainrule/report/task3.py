"""Task 3 of the report: one forward and one backward pass, from :func:`chainrule.trace`."""

from __future__ import annotations

import sympy

from chainrule.engine.ops import OPS
from chainrule.errors import ReportError
from chainrule.expressions.expr import parse, symbol, to_sympy
from chainrule.graph.picture import render
from chainrule.graph.tracing import Trace, trace
from chainrule.report import markdown as md
from chainrule.report.config import LabConfig
from chainrule.report.part import Part, figure_path
from chainrule.words import Text

LOSS = r"\mathcal{L}"

#: Largest relative difference at which a symbolic partial and a gradient agree.
AGREEMENT = 1e-9


def section(config: LabConfig, text: Text) -> Part:
    """The Task 3 section for ``config.task3``."""
    task = config.task3
    result = trace(task.expression, values=task.values)
    if result.partials_skipped:  # the section compares each gradient with its partial
        raise ReportError(str(result.partials_skipped))
    for name, why in result.undefined.items():
        raise ReportError(f"the gradient by {name} is undefined at the given values: {why}")
    whole = f"{LOSS} = {sympy.latex(to_sympy(parse(task.expression)))}"
    values = text.join(
        [md.math(f"{_latex_name(k)} = {md.number(v)}") for k, v in task.values.items()]
    )
    parts = [
        f"## {text('task3.title')}",
        text("task3.intro", expression=md.math(whole), values=values),
        f"### {text('task3.graph')}",
        md.figure(figure_path("task3-graph"), text("task3.graph.alt")),
        f"### {text('task3.forward')}",
        text("task3.forward.text"),
        _forward_table(result, text),
        text("task3.forward.result", result=md.math(f"{LOSS} = {md.number(result.value)}")),
        f"### {text('task3.backward')}",
        text("task3.backward.text"),
        _backward_table(result, text),
        f"### {text('task3.gradients')}",
        text("task3.gradients.text"),
        *_gradients(result, task.values, text),
    ]
    words = (text("graph.value"), text("graph.grad"))
    graph = {f".{fmt}": render(result, fmt, words=words) for fmt in ("svg", "png")}
    return Part("\n\n".join(parts), {"task3-graph": graph})


def _latex_name(name: str) -> str:
    return sympy.latex(symbol(name))


def _node(i: int) -> str:
    return f"n_{{{i}}}"


def _op(op: str, text: Text) -> str:
    if op in ("input", "const"):
        return text(f"op.{op}")
    return md.code(OPS[op].symbol or op)


def _forward_table(result: Trace, text: Text) -> str:
    rows = [
        (
            md.math(_node(row.id)),
            _op(row.op, text),
            md.math(", ".join(_node(i) for i in row.inputs)) if row.inputs else "",
            md.code(row.label),
            md.number(row.value),
        )
        for row in result.nodes
    ]
    headers = [text(f"col.{c}") for c in ("node", "operation", "inputs", "computes", "value")]
    return md.table(headers, rows, align="llllr")


def _backward_table(result: Trace, text: Text) -> str:
    by_id = {row.id: row for row in result.nodes}
    rows = [
        (
            md.math(rf"{_node(e.node)} \to {_node(e.input)}")
            + f" ({md.code(by_id[e.input].label)})",
            text.rule(OPS[by_id[e.node].op].rule),
            md.number(e.upstream),
            md.number(e.local),
            md.number(e.contribution),
        )
        for e in result.edges
    ]
    headers = [text(f"col.{c}") for c in ("step", "rule", "upstream", "local", "contribution")]
    return md.table(headers, rows, align="llrrr")


def _gradients(result: Trace, values: dict[str, float], text: Text) -> list[str]:
    at = {symbol(name): sympy.Float(v) for name, v in values.items()}
    rows = []
    differences: dict[str, float] = {}
    for name, gradient in result.gradients.items():
        partial = result.partials[name]
        evaluated = float(partial.subs(at).evalf())
        differences[name] = abs(evaluated - gradient)
        rows.append(
            (
                md.math(rf"\frac{{\partial {LOSS}}}{{\partial {_latex_name(name)}}}"),
                md.number(values[name]),
                md.math(sympy.latex(partial)),
                md.number(evaluated),
                md.number(gradient),
            )
        )
    headers = [text(f"col.{c}") for c in ("input", "value", "symbolic")]
    headers += [text("col.symbolic_value"), text("col.backward")]
    table = md.table(headers, rows, align="lrlrr")
    wrong = [
        md.math(_latex_name(name))
        for name, d in differences.items()
        if not d <= AGREEMENT * max(1.0, abs(result.gradients[name]))
    ]
    if wrong:
        return [table, text("task3.disagree", names=text.join(wrong))]
    largest = max(differences.values(), default=0.0)
    return [table, text("task3.agree", difference=md.number(largest))]
