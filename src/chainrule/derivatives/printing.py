"""The words and math of a :class:`~chainrule.derivatives.derivation.Derivation`, for every reader.

One printer per record (a step, an algebra move, the result, the proof, the properties),
its words a parameter (a :class:`~chainrule.words.Text`, so a language needs no printer of
its own) and its math a :class:`Style`: plain text for the terminal (:func:`text`),
Markdown with LaTeX math for ``derive --markdown``, Jupyter (:func:`markdown`) and the
report's Task 1, which lays the same pieces out with its own headings. The printers read a
:class:`Record`, what a derivation holds, so this module needs not import the one that
makes derivations (which imports it for ``Derivation.to_text``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import sympy

from chainrule.derivatives.algebra import MOVE_POINTS, RECOGNISE, AlgebraStep
from chainrule.derivatives.curves import PRECISION
from chainrule.derivatives.proof import (
    AUTODIFF_TOLERANCE,
    FINITE_DIFFERENCE_TOLERANCE,
    MAX_PRECISE,
    PRECISE_TOLERANCE,
    PROVED,
    SKIP_DOMAIN,
    SKIP_EDGE,
    SKIP_LIMIT,
    SKIP_NOISY,
    SKIP_OVERFLOW,
    SKIP_PRECISE,
    SKIP_SPECIAL,
    UNCERTAINTY_FACTOR,
    Checks,
)
from chainrule.derivatives.properties import Point, Properties
from chainrule.derivatives.steps import Step
from chainrule.expressions import math_text
from chainrule.words import Text

ENGLISH = Text("en")
#: Most points or intervals listed in one sentence.
MAX_LISTED = 12


class Record(Protocol):
    """What the printers read of a :class:`~chainrule.derivatives.derivation.Derivation`."""

    @property
    def variable(self) -> str: ...
    @property
    def order(self) -> int: ...
    @property
    def at(self) -> dict[str, float]: ...
    @property
    def function(self) -> sympy.Expr: ...
    @property
    def recognised(self) -> sympy.Expr | None: ...
    @property
    def derivative(self) -> sympy.Expr: ...
    @property
    def simplified(self) -> sympy.Expr: ...
    @property
    def sympy_simplified(self) -> sympy.Expr: ...
    @property
    def in_own_terms(self) -> bool: ...
    @property
    def steps(self) -> tuple[Step, ...]: ...
    @property
    def algebra(self) -> tuple[AlgebraStep, ...]: ...
    @property
    def defined_through(self) -> tuple[str, ...]: ...
    @property
    def sympy_diff_agrees(self) -> bool | None: ...
    @property
    def sympy_diff_points(self) -> int: ...
    @property
    def checks(self) -> Checks: ...
    @property
    def properties(self) -> Properties: ...
    @property
    def outcome(self) -> str: ...
    @property
    def constant(self) -> bool: ...


@dataclass(frozen=True)
class Style:
    """How math is written in one output format."""

    expr: Callable[[sympy.Expr], str]
    written_out: Callable[[sympy.Expr], str]  # a rule written out, terms in their order
    math: Callable[[str], str]  # put a formula into running text
    words: Callable[[str], str]  # plain words that may hold code-like text (x**x)
    bold: Callable[[str], str]
    approx: str
    infinity: str
    paren: Callable[[str], str]
    derivative: Callable[[str], str]  # "x" -> d/dx
    fraction: Callable[[str, str], str]  # numerator, denominator
    code: Callable[[str], str]
    limit: Callable[[str, str], str]  # variable, where it goes -> lim f
    max_slope: str
    emphasised: Callable[[str], str]  # words written with Markdown's **emphasis**


TEXT = Style(
    expr=math_text.text,
    written_out=lambda e: math_text.text(e, keep_order=True),
    math=lambda s: s,
    words=lambda s: s,
    bold=lambda s: s,
    approx="~",
    infinity="oo",
    paren=lambda s: f"({s})",
    derivative=lambda v: f"d/d{v}",
    fraction=lambda top, bottom: f"({top})/{bottom}",
    code=lambda s: s,
    limit=lambda x, where: f"lim {x}->{where} f({x})",
    max_slope="max |f'|",
    emphasised=lambda s: s.replace("**", ""),
)
MARKDOWN = Style(
    expr=math_text.latex,
    written_out=lambda e: math_text.latex(e, keep_order=True),
    math=lambda s: f"${s}$",
    words=lambda s: s.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_"),
    bold=lambda s: f"**{s}**",
    approx=r"\approx",
    infinity=r"\infty",
    paren=lambda s: rf"\left({s}\right)",
    derivative=lambda v: rf"\frac{{d}}{{d{v}}}",
    fraction=lambda top, bottom: rf"\frac{{{top}}}{{{bottom}}}",
    code=lambda s: f"`{s}`",
    limit=lambda x, where: rf"\lim_{{{x} \to {where}}} f({x})",
    max_slope=r"\max |f'|",
    emphasised=lambda s: s,
)


def prime(order: int, style: Style) -> str:
    """f', f'', f''', then f^(4)."""
    if order <= 3:
        return "f" + "'" * order
    return f"f^{{({order})}}" if style is MARKDOWN else f"f^({order})"


def number(x: float) -> str:
    return f"{x:.6g}"


def point(p: Point, style: Style) -> str:
    """A point's closed form, with its value when the closed form is not a plain number."""
    if p.exact is None:
        return number(p.x)
    exact = style.expr(p.exact)
    return exact if p.exact.is_Rational else f"{exact} {style.approx} {number(p.x)}"


# --- steps ------------------------------------------------------------------------
def step_line(step: Step, style: Style, *, words: Text = ENGLISH, textbook: bool = False) -> str:
    """``rule with u = inner: d/dx(expression) = written out = result``; with ``textbook``, a
    rule with a denominator written over it: ``(u'v - uv')/v**2``."""
    head = style.bold(style.words(words.rule(step.rule)))
    if step.inner is not None:
        u = style.expr(step.substeps[0].variable)
        head += " " + words("task1.with", inner=style.math(f"{u} = {style.expr(step.inner)}"))
    return f"{head}: {style.math(step_math(step, style, textbook=textbook))}"


def step_math(step: Step, style: Style, *, textbook: bool = False) -> str:
    """The formula of a step: ``d/dx(expression) = written out = result``."""
    parts = [style.derivative(str(step.variable)) + style.paren(style.expr(step.expression))]
    if textbook and step.textbook is not None:
        top, bottom = step.textbook
        parts.append(style.fraction(style.written_out(top), style.expr(bottom)))
    elif step.applied is not None:
        written = style.written_out(step.applied)
        if written != style.expr(step.result):
            parts.append(written)
    parts.append(style.expr(step.result))
    return " = ".join(parts)


# --- algebra ----------------------------------------------------------------------------
def algebra_lines(d: Record, style: Style, words: Text) -> list[str]:
    """One line per move: ``move: before = after (how it was proven)``."""
    lines = []
    for step in d.algebra:
        proof = words(f"algebra.proof.{step.proof}", points=len(MOVE_POINTS))
        both = f"{style.written_out(step.before)} = {style.written_out(step.after)}"
        lines.append(f"{style.bold(_move(step, style, words))}: {style.math(both)} ({proof})")
    return lines


def _move(step: AlgebraStep, style: Style, words: Text) -> str:
    if step.move == RECOGNISE:
        a, b = (style.expr(e) for e in step.about)
        return words("algebra.recognise", identity=style.math(f"{a} = {b}"))
    factor = style.math(style.expr(step.about[0])) if step.about else ""
    return words(f"algebra.{step.move}", factor=factor)


def definition_note(d: Record, words: Text) -> str:
    """Which functions were written through their definitions, in words."""
    return words("algebra.definition", functions=words.join(list(d.defined_through)))


def numbered(step: Step, prefix: str = "") -> list[tuple[str, int, Step]]:
    """(number like ``1.2.1``, depth, step) for a step and its substeps, in reading order."""
    out: list[tuple[str, int, Step]] = []
    stack = [(step, prefix or "1", 0)]
    while stack:
        s, label, level = stack.pop()
        out.append((label, level, s))
        stack.extend(
            (sub, f"{label}.{k}", level + 1) for k, sub in reversed(list(enumerate(s.substeps, 1)))
        )
    return out


# --- result and proof ---------------------------------------------------------------
def result_line(d: Record, style: Style) -> str:
    """``f'(x) = raw = simplified``."""
    x = d.variable
    forms = [style.expr(d.derivative)]
    if d.simplified != d.derivative and style.expr(d.simplified) not in forms:
        forms.append(style.expr(d.simplified))
    return f"{prime(d.order, style)}({x}) = " + " = ".join(forms)


def result_notes(d: Record, style: Style, words: Text) -> list[str]:
    """What the simplified form is, in words (SymPy's own form apart: :func:`sympy_note`)."""
    notes = []
    if d.constant:
        notes.append(words("task1.constant", variable=style.math(d.variable)))
    if d.in_own_terms:
        through = d.recognised if d.recognised is not None else d.function
        notes.append(words("task1.own_terms", function=style.math(style.expr(through))))
    return notes


def sympy_note(d: Record, style: Style, words: Text) -> list[str]:
    """SymPy's simplification of the derivative, when it differs from chainrule's."""
    if style.expr(d.sympy_simplified) == style.expr(d.simplified):
        return []
    return [words("task1.sympy_form", form=style.math(style.expr(d.sympy_simplified)))]


def proof_outcome(d: Record, style: Style, words: Text) -> str:
    """``Outcome: proved.`` or why it is undecided."""
    key = "task1.check.proved" if d.outcome == PROVED else "task1.check.undecided"
    return style.emphasised(words(key))


def proof_rows(d: Record, style: Style, words: Text) -> list[tuple[str, str]]:
    """(check, result): ``sympy.diff``, automatic differentiation, finite differences."""
    c = d.checks
    if d.sympy_diff_agrees:
        sympy_diff = words("task1.check.proven")
    elif d.sympy_diff_points:
        sympy_diff = words("task1.check.numeric", points=d.sympy_diff_points, digits=PRECISION)
    else:
        sympy_diff = words("task1.check.sympy_undecided")
    autodiff = _errors(c.autodiff_max_abs_error, c.autodiff_max_rel_error, words)
    finite = _errors(c.finite_difference_max_abs_error, c.finite_difference_max_rel_error, words)
    return [
        (style.code("sympy.diff"), sympy_diff),
        (words("task1.check.autodiff"), autodiff),
        (words("task1.check.finite"), finite),
    ]


#: The words' key of each reason a point of the proof was not judged.
_SKIPPED = {
    SKIP_DOMAIN: "task1.skip.domain",
    SKIP_SPECIAL: "task1.skip.special",
    SKIP_EDGE: "task1.skip.edge",
    SKIP_NOISY: "task1.skip.noisy",
    SKIP_OVERFLOW: "task1.skip.overflow",
    SKIP_PRECISE: "task1.skip.precise",
    SKIP_LIMIT: "task1.skip.limit",
}


def proof_notes(d: Record, style: Style, words: Text) -> list[str]:
    """The proof's points, those not judged, its tolerances and the other variables."""
    c = d.checks
    lo, hi = c.x_range
    out = [
        words(
            "task1.check.points",
            points=c.points,
            total=c.points + sum(c.skipped.values()),
            range=style.math(f"[{number(lo)}, {number(hi)}]"),
        )
    ]
    if c.precise:
        out.append(words("task1.check.precise", count=c.precise, digits=PRECISION))
    if c.skipped:
        reasons = [words(_SKIPPED[why], count=n, limit=MAX_PRECISE) for why, n in c.skipped.items()]
        out.append(words("task1.check.skipped", reasons=words.join(reasons)))
    out.append(
        words(
            "task1.check.tolerances",
            autodiff=f"{AUTODIFF_TOLERANCE:g}",
            finite=f"{FINITE_DIFFERENCE_TOLERANCE:g}",
            factor=UNCERTAINTY_FACTOR,
            digits=PRECISION,
            precise=f"{PRECISE_TOLERANCE:g}",
        )
    )
    if d.at:
        values = ", ".join(f"{k} = {number(v)}" for k, v in d.at.items())
        out.append(words("task1.check.at", values=style.math(values)))
    return out


def _errors(absolute: float, relative: float, words: Text) -> str:
    if math.isnan(absolute):  # no point agreed in float64
        return words("task1.check.no_errors")
    return words("task1.check.errors", abs=f"{absolute:.2g}", rel=f"{relative:.2g}")


# --- properties -------------------------------------------------------------------
def property_lines(d: Record, style: Style, words: Text) -> list[str]:
    """One line per property, in the order the lab lists them: ``domain: ...``."""
    p = d.properties
    x = d.variable
    m, e = style.math, style.expr
    lines = [words("prop.domain", domain=_domain(p, style, words))]
    if p.limits:
        limits = [_limit(x, side, value, style, words) for side, value in p.limits.items()]
        lines.append(words("prop.limits", limits="; ".join(limits)))
        asymptotes = [m(f"y = {e(a)}") for a in p.asymptotes]
        lines.append(words("prop.asymptotes", asymptotes=words.join(asymptotes) or words("none")))
    lines.append(words("prop.monotonicity", trend=_monotonicity(p, x, style, words)))
    lines.append(words("prop.linear" if p.linear else "prop.nonlinear"))
    lines.append(words("prop.peak", peak=_peak(p, x, style, words)))
    region = _saturation(p, x, style, words)
    lines.append(words("prop.saturation", percent=f"{100 * p.saturation:g}", region=region))
    if p.special_points:
        listed = [_at(x, Point(s.x, s.exact), style) for s in p.special_points[:MAX_LISTED]]
        if words.lang == "en":  # the reasons are the derivation's own (English) words
            listed = [
                f"{where} ({'; '.join(s.reasons)})"
                for where, s in zip(listed, p.special_points, strict=False)
            ]
        lines.append(words("prop.special", points=", ".join(listed)))
    else:
        lines.append(words("prop.no_special"))
    return lines


def _domain(p: Properties, style: Style, words: Text) -> str:
    if style is MARKDOWN:
        return style.math(p.domain.latex)
    if p.domain.reals is sympy.S.Reals:
        return words("domain.reals")
    if p.domain.reals is None:
        conditions = [style.expr(c) for c in p.domain.conditions]
        return words("domain.where", conditions=words.join(conditions))
    return p.domain.text  # intervals: (0, oo) U ...


def _at(x: str, p: Point, style: Style) -> str:
    return style.math(f"{x} = {point(p, style)}")


def _interval(a: Point, b: Point, style: Style) -> str:
    return style.math(f"[{point(a, style)}, {point(b, style)}]")


def _limit(x: str, side: str, value: sympy.Expr | None, style: Style, words: Text) -> str:
    head = style.limit(x, style.infinity if side == "oo" else "-" + style.infinity)
    if value is None:
        return words("prop.no_limit", limit=style.math(head))
    return style.math(f"{head} = {style.expr(value)}")


def how(p: Properties, claim: str, style: Style, words: Text) -> str:
    """How a claim was made, in words: `` (exact)``, `` (sampled at 4001 points on [-8, 8])``;
    nothing for a claim not made."""
    method = p.methods.get(claim)
    if method is None:
        return ""
    lo, hi = p.x_range
    where = style.math(f"[{number(lo)}, {number(hi)}]")
    return " " + words(f"how.{method}", points=p.grid, range=where)


def _monotonicity(p: Properties, x: str, style: Style, words: Text) -> str:
    if p.trend is not None:
        sign = {"increasing": "> 0", "decreasing": "< 0", "constant": "= 0"}[p.trend]
        return words(f"trend.{p.trend}.everywhere", sign=style.math(f"f' {sign}"))
    method = how(p, "monotonicity", style, words)
    if len(p.runs) > MAX_LISTED:
        trends = {r.trend for r in p.runs}
        if len(trends) == 1:
            return words(f"trend.{trends.pop()}.pieces") + method
        exact = p.methods.get("monotonicity") == "exact"
        key = "trend.zeros.exact" if exact else "trend.zeros.at_least"
        return words(key, count=p.zero_count) + method
    runs = [words(f"trend.{r.trend}.on", interval=_interval(r.start, r.end, style)) for r in p.runs]
    out = ", ".join(runs)
    if p.stationary:
        zeros = ", ".join(point(s, style) for s in p.stationary[:MAX_LISTED])
        out += " " + words("trend.stationary", points=style.math(f"{x} = {zeros}"))
    return out + method


def _peak(p: Properties, x: str, style: Style, words: Text) -> str:
    m = style.math
    if p.unbounded_near:
        near = ", ".join(point(q, style) for q in p.unbounded_near[:MAX_LISTED])
        return words("peak.unbounded", points=m(f"{x} = {near}")) + how(p, "peak", style, words)
    if p.growing_near:
        near = ", ".join(point(q, style) for q in p.growing_near[:MAX_LISTED])
        return words("peak.growing", points=m(f"{x} = {near}"))
    if p.beyond_float is not None:
        start = m(f"{x} = {point(p.beyond_float, style)}")
        return words("peak.beyond", start=start) + how(p, "peak", style, words)
    if p.peak is None:
        return words("peak.unknown")
    value = number(p.peak)
    if p.peak_exact is not None and p.peak_exact.is_number:
        exact = style.expr(p.peak_exact)
        value = exact if exact == value else f"{exact} = {value}"
    if p.linear:
        return words("peak.everywhere", value=m(f"{style.max_slope} = {value}"))
    where = [_at(x, q, style) for q in p.peak_at[:MAX_LISTED]]
    where += [_interval(a, b, style) for a, b in p.peak_on[:MAX_LISTED]]
    out = words("peak.at", value=m(f"{style.max_slope} = {value}"), where=words.join(where))
    if p.peak_at_edge:
        out += " " + words("peak.edge")
    return out + how(p, "peak", style, words)


def _saturation(p: Properties, x: str, style: Style, words: Text) -> str:
    m = style.math
    if not p.saturated:
        if p.peak_at_edge or p.unbounded_near or p.growing_near or p.linear or not p.peak:
            return words("sat.no_peak")
        return words("sat.none") + how(p, "saturation", style, words)
    lo, hi = p.x_range
    pieces = [(a.x, b.x) for a, b in p.saturated]
    method = how(p, "saturation", style, words)
    if len(pieces) == 2 and pieces[0][0] == lo and pieces[1][1] == hi:
        left, right = pieces[0][1], pieces[1][0]
        if abs(left + right) <= 1e-9 * (1 + abs(right)):  # symmetric: the sigmoid's |x| > 3.64
            return m(f"|{x}| > {number(right)}") + method
    regions = []
    for a, b in pieces:
        if a == lo and b == hi:
            regions.append(words("sat.whole"))
        elif a == lo:
            regions.append(m(f"{x} < {number(b)}"))
        elif b == hi:
            regions.append(m(f"{x} > {number(a)}"))
        else:
            regions.append(m(f"{number(a)} < {x} < {number(b)}"))
    return words.join(regions[:MAX_LISTED]) + method


# --- the whole derivation, in either style -----------------------------------------
def _aligned(rows: list[tuple[str, str]]) -> list[str]:
    width = max(len(name) for name, _ in rows)
    return [f"  {name.ljust(width)}  {value}" for name, value in rows]


def text(d: Record, *, words: Text = ENGLISH, textbook: bool = False) -> str:
    """The whole derivation as plain text for a terminal; ``textbook`` writes a rule with a
    denominator over it (the quotient rule as ``(u'v - uv')/v**2``)."""
    s = TEXT
    x = d.variable
    function = s.expr(d.function)
    if d.recognised is not None:
        function += " = " + s.expr(d.recognised)
    lines = [f"f({x}) = {function}", ""]
    if d.defined_through:
        lines += [definition_note(d, words), ""]
    for k, root in enumerate(d.steps, 1):
        lines.append(_steps_title(d, k, s, words) + ":")
        for label, level, step in numbered(root):
            line = step_line(step, s, words=words, textbook=textbook)
            lines.append("  " + "   " * level + f"{label}. {line}")
        lines.append("")
    if d.algebra:
        lines.append(words("algebra.title") + ":")
        lines += [f"  {k}. {line}" for k, line in enumerate(algebra_lines(d, s, words), 1)]
        lines.append("")
    lines += [words("task1.result") + ":", "  " + result_line(d, s)]
    lines += ["  " + note for note in result_notes(d, s, words) + sympy_note(d, s, words)]
    lines += ["", words("derive.proof") + ":", "  " + proof_outcome(d, s, words)]
    lines += _aligned(proof_rows(d, s, words))
    lines += ["  " + note for note in proof_notes(d, s, words)]
    lines += ["", words("derive.properties") + ":"]
    lines += ["  " + line for line in property_lines(d, s, words)]
    return "\n".join(lines) + "\n"


def _steps_title(d: Record, k: int, style: Style, words: Text) -> str:
    """``Steps``, or with several derivatives the one these steps take (``f''(x)``)."""
    if d.order == 1:
        return words("derive.steps")
    return words("derive.steps.of", derivative=style.math(prime(k, style) + f"({d.variable})"))


def result_latex(d: Record) -> str:
    """The result as one LaTeX formula: ``f'(x) = raw = simplified``."""
    return result_line(d, MARKDOWN)


def markdown(d: Record, *, words: Text = ENGLISH, textbook: bool = False) -> str:
    """The whole derivation as Markdown with LaTeX math (``textbook``: see :func:`text`)."""
    s = MARKDOWN
    x = d.variable
    f = s.expr(d.function)
    if d.recognised is not None:
        f += " = " + s.expr(d.recognised)
    out = [f"{s.bold(words('derive.function'))}: $f({x}) = {f}$", ""]
    if d.defined_through:
        out += [definition_note(d, words), ""]
    for k, root in enumerate(d.steps, 1):
        out += [s.bold(_steps_title(d, k, s, words)), ""]
        for _, level, step in numbered(root):
            out.append("   " * level + "1. " + step_line(step, s, words=words, textbook=textbook))
        out.append("")
    if d.algebra:
        out += [s.bold(words("algebra.title")), "", words("algebra.text"), ""]
        out += [f"1. {line}" for line in algebra_lines(d, s, words)] + [""]
    out += [s.bold(words("task1.result")), "", f"$${result_latex(d)}$$", ""]
    notes = result_notes(d, s, words) + sympy_note(d, s, words)
    out += [*notes, ""] if notes else []
    out += [s.bold(words("derive.proof")), "", proof_outcome(d, s, words), ""]
    out += [f"- {name}: {value}" for name, value in proof_rows(d, s, words)] + [""]
    out += [*proof_notes(d, s, words), ""]
    out += [s.bold(words("task1.properties")), ""]
    out += [f"- {line}" for line in property_lines(d, s, words)]
    return "\n".join(out) + "\n"
