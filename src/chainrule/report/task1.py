"""Task 1 of the report: the derivative step by step, from :func:`chainrule.derive`.

The mathematics is the derivation's, and so is its printer
(:mod:`chainrule.derivatives.printing`, given the report's words); this module lays the
section out and adds what is the lab's own: its name S and its claims about the sigmoid.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from chainrule.derivatives.derivation import Derivation, derive
from chainrule.derivatives.plot import plot_derivation
from chainrule.derivatives.printing import (
    MARKDOWN,
    algebra_lines,
    definition_note,
    numbered,
    proof_notes,
    proof_outcome,
    proof_rows,
    property_lines,
    result_latex,
    result_notes,
    step_line,
    sympy_note,
)
from chainrule.engine.sympy_ops import written_out
from chainrule.expressions.expr import parse, symbol, to_sympy
from chainrule.figure_files import new_figure
from chainrule.report import markdown as md
from chainrule.report.config import LabConfig, Task1Config
from chainrule.report.part import Part, figure_path
from chainrule.words import Text

#: The lab: "for x > 2 and x < -2 [the sigmoid] presses itself to the axes".
LAB_FLAT_BEYOND = 2.0


def section(config: LabConfig, text: Text) -> Part:
    """The Task 1 section for ``config.task1``."""
    task = config.task1
    x_range = tuple(task.x_range) if task.x_range is not None else None
    d = derive(
        task.expression,
        wrt=task.variable,
        x_range=x_range,  # type: ignore[arg-type]
        saturation=task.saturation,
        from_definition=True,  # the lab derives S from 1/(1 + e^{-x}), not by a "sigmoid rule"
    )
    x = d.variable
    function = MARKDOWN.expr(d.function)
    if d.recognised is not None:
        function += " = " + MARKDOWN.expr(d.recognised)
    parts = [
        f"## {text('task1.title')}",
        text("task1.intro", function=md.math(f"f({x}) = {function}")),
        f"### {text('task1.steps')}",
        *([definition_note(d, text)] if d.defined_through else []),
        text("task1.steps.text"),
        _steps(d, text),
        *_algebra(d, text),
        f"### {text('task1.result')}",
        md.display(result_latex(d)),
        *result_notes(d, MARKDOWN, text),
        *_lab_form(d, text),
        *sympy_note(d, MARKDOWN, text),
        f"### {text('task1.check')}",
        text("task1.check.text"),
        proof_outcome(d, MARKDOWN, text),
        md.table(
            [text("col.check"), text("col.result")], proof_rows(d, MARKDOWN, text), align="ll"
        ),
        *proof_notes(d, MARKDOWN, text),
        f"### {text('task1.properties')}",
        "\n".join(f"- {line}" for line in property_lines(d, MARKDOWN, text)),
        *_against_the_lab(d, text),
        f"### {text('task1.plot')}",
        md.figure(figure_path("task1-function"), text("task1.plot.alt")),
    ]
    return Part("\n\n".join(parts), {"task1-function": _figure(d, text)})


def _figure(d: Derivation, text: Text) -> Figure:
    fig = new_figure(6.4, 4.2)
    plot_derivation(d, ax=fig.add_subplot(), words=text)
    return fig


# --- steps and result -----------------------------------------------------------------
def _steps(d: Derivation, text: Text) -> str:
    lines = []
    for root in d.steps:
        for _, level, step in numbered(root):
            lines.append("   " * level + "1. " + step_line(step, MARKDOWN, words=text))
    return "\n".join(lines)


def _algebra(d: Derivation, text: Text) -> list[str]:
    """The moves from the rules' result to the function's own terms, each proven."""
    if not d.algebra:
        return []
    lines = "\n".join(f"1. {line}" for line in algebra_lines(d, MARKDOWN, text))
    return [f"### {text('algebra.title')}", text("algebra.text"), lines]


def _is_the_labs(d: Derivation) -> bool:
    """Whether the function is the lab's own (the sigmoid), however it is written."""
    lab = Task1Config()
    f = to_sympy(parse(lab.expression, variables=[lab.variable]))
    return bool(written_out(d.function) == f.subs(symbol(lab.variable), symbol(d.variable)))


def _lab_form(d: Derivation, text: Text) -> list[str]:
    """The result with the lab's name S for its sigmoid."""
    if not (d.in_own_terms and _is_the_labs(d)):
        return []
    lab = MARKDOWN.expr(d.simplified).replace(r"\sigma", "S")
    return [text("task1.lab_form", result=md.math(f"S'({d.variable}) = {lab}"))]


def _against_the_lab(d: Derivation, text: Text) -> list[str]:
    """The lab's words on the sigmoid, set against the computed properties."""
    if not _is_the_labs(d):
        return []
    p = d.properties
    confirmed = {
        "lab.smooth": not p.special_points,
        "lab.increasing": p.trend == "increasing",
        "lab.asymptotes": {float(a) for a in p.asymptotes} == {0.0, 1.0},
    }
    found = text.join([text(k) for k, ok in confirmed.items() if ok])
    missing = text.join([text(k) for k, ok in confirmed.items() if not ok])
    out = [text("task1.lab.confirms", claims=found)] if found else []
    if missing:
        out.append(text("task1.lab.refutes", claims=missing))
    boundary = max((q.x for q in p.saturation_boundary), default=float("nan"))
    out.append(
        text(
            "task1.lab.flat",
            beyond=md.number(LAB_FLAT_BEYOND),
            percent=f"{100 * d.slope_fraction(LAB_FLAT_BEYOND):.0f}",
            saturation=f"{100 * p.saturation:g}",
            boundary=md.number(boundary, 3),
        )
    )
    return [" ".join(out)]
