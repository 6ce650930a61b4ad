"""Task 1 of the report: the derivative step by step, from :func:`chainrule.derive`.

The mathematics is the derivation's; this module says it in the report's language,
with the pieces of :mod:`chainrule.derivatives.printing` that hold no words (the math of
each step, the result line, the closed forms of points).
"""

from __future__ import annotations

import math

import sympy
from matplotlib.figure import Figure

from chainrule.derivatives import proof
from chainrule.derivatives.curves import PRECISION
from chainrule.derivatives.derivation import Derivation, derive
from chainrule.derivatives.plot import plot_derivation
from chainrule.derivatives.printing import (
    MARKDOWN,
    algebra_lines,
    definition_note,
    numbered,
    point,
    result_latex,
    step_line,
)
from chainrule.derivatives.properties import Point, Properties
from chainrule.engine.sympy_ops import sigmoid
from chainrule.expressions.expr import symbol
from chainrule.figure_files import new_figure
from chainrule.report import markdown as md
from chainrule.report.config import LabConfig
from chainrule.report.part import Part, figure_path
from chainrule.words import Text

#: The lab: "for x > 2 and x < -2 [the sigmoid] presses itself to the axes".
LAB_FLAT_BEYOND = 2.0
#: Most points or intervals listed in one sentence.
MAX_LISTED = 12


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
        *_result_notes(d, text),
        f"### {text('task1.check')}",
        *_checks(d, text),
        f"### {text('task1.properties')}",
        "\n".join(f"- {line}" for line in _properties(d, text)),
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


def _is_sigmoid(d: Derivation) -> bool:
    whole = d.recognised if d.recognised is not None else d.function
    return bool(whole == sigmoid(symbol(d.variable)))


def _result_notes(d: Derivation, text: Text) -> list[str]:
    notes = []
    if d.constant:
        notes.append(text("task1.constant", variable=md.math(d.variable)))
    if d.in_own_terms:
        through = d.recognised if d.recognised is not None else d.function
        notes.append(text("task1.own_terms", function=md.math(MARKDOWN.expr(through))))
    if _is_sigmoid(d) and d.in_own_terms:
        lab = MARKDOWN.expr(d.simplified).replace(r"\sigma", "S")
        notes.append(text("task1.lab_form", result=md.math(f"S'({d.variable}) = {lab}")))
    if MARKDOWN.expr(d.sympy_simplified) != MARKDOWN.expr(d.simplified):
        notes.append(text("task1.sympy_form", form=md.math(MARKDOWN.expr(d.sympy_simplified))))
    return notes


#: The i18n key of each reason a point of the proof was not judged.
_SKIPPED = {
    proof.SKIP_DOMAIN: "task1.skip.domain",
    proof.SKIP_SPECIAL: "task1.skip.special",
    proof.SKIP_EDGE: "task1.skip.edge",
    proof.SKIP_NOISY: "task1.skip.noisy",
    proof.SKIP_OVERFLOW: "task1.skip.overflow",
    proof.SKIP_PRECISE: "task1.skip.precise",
    proof.SKIP_LIMIT: "task1.skip.limit",
}


def _checks(d: Derivation, text: Text) -> list[str]:
    c = d.checks
    if d.sympy_diff_agrees:
        sympy_diff = text("task1.check.proven")
    elif d.sympy_diff_points:
        sympy_diff = text("task1.check.numeric", points=d.sympy_diff_points, digits=PRECISION)
    else:
        sympy_diff = text("task1.check.sympy_undecided")
    rows = [
        (md.code("sympy.diff"), sympy_diff),
        (
            text("task1.check.autodiff"),
            _errors(c.autodiff_max_abs_error, c.autodiff_max_rel_error, text),
        ),
        (
            text("task1.check.finite"),
            _errors(c.finite_difference_max_abs_error, c.finite_difference_max_rel_error, text),
        ),
    ]
    lo, hi = c.x_range
    out = [
        text("task1.check.text"),
        text("task1.check.proved" if d.outcome == proof.PROVED else "task1.check.undecided"),
        md.table([text("col.check"), text("col.result")], rows, align="ll"),
        text(
            "task1.check.points",
            points=c.points,
            total=c.points + sum(c.skipped.values()),
            range=md.math(f"[{md.number(lo)}, {md.number(hi)}]"),
        ),
    ]
    if c.precise:
        out.append(text("task1.check.precise", count=c.precise, digits=PRECISION))
    if c.skipped:
        reasons = [
            text(_SKIPPED[why], count=n, limit=proof.MAX_PRECISE) for why, n in c.skipped.items()
        ]
        out.append(text("task1.check.skipped", reasons=text.join(reasons)))
    out.append(
        text(
            "task1.check.tolerances",
            autodiff=f"{proof.AUTODIFF_TOLERANCE:g}",
            finite=f"{proof.FINITE_DIFFERENCE_TOLERANCE:g}",
            factor=proof.UNCERTAINTY_FACTOR,
            digits=PRECISION,
            precise=f"{proof.PRECISE_TOLERANCE:g}",
        )
    )
    if d.at:
        values = ", ".join(f"{k} = {md.number(v)}" for k, v in d.at.items())
        out.append(text("task1.check.at", values=md.math(values)))
    return out


def _errors(absolute: float, relative: float, text: Text) -> str:
    if math.isnan(absolute):  # no point agreed in float64
        return text("task1.check.no_errors")
    return text("task1.check.errors", abs=f"{absolute:.2g}", rel=f"{relative:.2g}")


# --- properties ---------------------------------------------------------------------------
def _properties(d: Derivation, text: Text) -> list[str]:
    p = d.properties
    x = d.variable
    lines = [text("prop.domain", domain=md.math(p.domain.latex))]
    if p.limits:
        limits = [_limit(x, side, value, text) for side, value in p.limits.items()]
        lines.append(text("prop.limits", limits="; ".join(limits)))
        asymptotes = [md.math(f"y = {MARKDOWN.expr(a)}") for a in p.asymptotes]
        lines.append(text("prop.asymptotes", asymptotes=text.join(asymptotes) or text("none")))
    lines.append(text("prop.monotonicity", trend=_monotonicity(p, x, text)))
    lines.append(text("prop.linear" if p.linear else "prop.nonlinear"))
    lines.append(text("prop.peak", peak=_peak(p, x, text)))
    lines.append(
        text("prop.saturation", percent=f"{100 * p.saturation:g}", region=_saturation(p, x, text))
    )
    if p.special_points:
        listed = [_at(x, Point(s.x, s.exact)) for s in p.special_points[:MAX_LISTED]]
        if text.lang == "en":  # the reasons are the derivation's own (English) words
            listed = [
                f"{where} ({'; '.join(s.reasons)})"
                for where, s in zip(listed, p.special_points, strict=False)
            ]
        lines.append(text("prop.special", points=", ".join(listed)))
    else:
        lines.append(text("prop.no_special"))
    return lines


def _at(x: str, p: Point) -> str:
    return md.math(f"{x} = {point(p, MARKDOWN)}")


def _limit(x: str, side: str, value: sympy.Expr | None, text: Text) -> str:
    where = r"\infty" if side == "oo" else r"-\infty"
    head = rf"\lim_{{{x} \to {where}}} f({x})"
    if value is None:
        return text("prop.no_limit", limit=md.math(head))
    return md.math(f"{head} = {MARKDOWN.expr(value)}")


def _interval(a: Point, b: Point) -> str:
    return md.math(f"[{point(a, MARKDOWN)}, {point(b, MARKDOWN)}]")


def _how(p: Properties, claim: str, text: Text) -> str:
    """How a claim was made, in words (nothing for a claim not made)."""
    method = p.methods.get(claim)
    if method is None:
        return ""
    lo, hi = p.x_range
    where = md.math(f"[{md.number(lo)}, {md.number(hi)}]")
    return " " + text(f"how.{method}", points=p.grid, range=where)


def _monotonicity(p: Properties, x: str, text: Text) -> str:
    if p.trend is not None:
        sign = {"increasing": "> 0", "decreasing": "< 0", "constant": "= 0"}[p.trend]
        return text(f"trend.{p.trend}.everywhere", sign=md.math(f"f' {sign}"))
    how = _how(p, "monotonicity", text)
    if len(p.runs) > MAX_LISTED:
        trends = {r.trend for r in p.runs}
        if len(trends) == 1:
            return text(f"trend.{trends.pop()}.pieces") + how
        exact = p.methods.get("monotonicity") == "exact"
        return (
            text("trend.zeros.exact" if exact else "trend.zeros.at_least", count=p.zero_count) + how
        )
    runs = [text(f"trend.{r.trend}.on", interval=_interval(r.start, r.end)) for r in p.runs]
    out = ", ".join(runs)
    if p.stationary:
        zeros = ", ".join(point(s, MARKDOWN) for s in p.stationary[:MAX_LISTED])
        out += " " + text("trend.stationary", points=md.math(f"{x} = {zeros}"))
    return out + how


def _peak(p: Properties, x: str, text: Text) -> str:
    if p.unbounded_near:
        near = ", ".join(point(q, MARKDOWN) for q in p.unbounded_near[:MAX_LISTED])
        return text("peak.unbounded", points=md.math(f"{x} = {near}")) + _how(p, "peak", text)
    if p.growing_near:
        near = ", ".join(point(q, MARKDOWN) for q in p.growing_near[:MAX_LISTED])
        return text("peak.growing", points=md.math(f"{x} = {near}"))
    if p.beyond_float is not None:
        start = md.math(f"{x} = {point(p.beyond_float, MARKDOWN)}")
        return text("peak.beyond", start=start) + _how(p, "peak", text)
    if p.peak is None:
        return text("peak.unknown")
    value = md.number(p.peak)
    if p.peak_exact is not None and p.peak_exact.is_number:
        exact = MARKDOWN.expr(p.peak_exact)
        value = exact if exact == value else f"{exact} = {value}"
    if p.linear:
        return text("peak.everywhere", value=md.math(f"\\max |f'| = {value}"))
    where = [_at(x, q) for q in p.peak_at[:MAX_LISTED]]
    where += [_interval(a, b) for a, b in p.peak_on[:MAX_LISTED]]
    out = text("peak.at", value=md.math(f"\\max |f'| = {value}"), where=text.join(where))
    if p.peak_at_edge:
        out += " " + text("peak.edge")
    return out + _how(p, "peak", text)


def _saturation(p: Properties, x: str, text: Text) -> str:
    if not p.saturated:
        if p.peak_at_edge or p.unbounded_near or p.growing_near or p.linear or not p.peak:
            return text("sat.no_peak")
        return text("sat.none") + _how(p, "saturation", text)
    lo, hi = p.x_range
    pieces = [(a.x, b.x) for a, b in p.saturated]
    how = _how(p, "saturation", text)
    if len(pieces) == 2 and pieces[0][0] == lo and pieces[1][1] == hi:
        left, right = pieces[0][1], pieces[1][0]
        if abs(left + right) <= 1e-9 * (1 + abs(right)):  # symmetric: |x| > c
            return md.math(f"|{x}| > {md.number(right)}") + how
    regions = []
    for a, b in pieces:
        if a == lo and b == hi:
            regions.append(text("sat.whole"))
        elif a == lo:
            regions.append(md.math(f"{x} < {md.number(b)}"))
        elif b == hi:
            regions.append(md.math(f"{x} > {md.number(a)}"))
        else:
            regions.append(md.math(f"{md.number(a)} < {x} < {md.number(b)}"))
    return text.join(regions[:MAX_LISTED]) + how


def _against_the_lab(d: Derivation, text: Text) -> list[str]:
    """The lab's words on the sigmoid, set against the computed properties."""
    if not _is_sigmoid(d):
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
