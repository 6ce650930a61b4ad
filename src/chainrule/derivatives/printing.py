"""The words and math of a :class:`~chainrule.derivatives.derivation.Derivation`, for two readers.

One set of sentences, two styles: plain text for the terminal (:func:`text`) and
Markdown with LaTeX math for reports and Jupyter (:func:`markdown`). The printers read a
:class:`Record`, what a derivation holds, so this module needs not import the one that
makes derivations (which imports it for ``Derivation.to_text``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import sympy

from chainrule.derivatives.algebra import MOVE_POINTS, RECOGNISE, AlgebraStep
from chainrule.derivatives.curves import PRECISION
from chainrule.derivatives.proof import (
    AUTODIFF_TOLERANCE,
    FINITE_DIFFERENCE_TOLERANCE,
    PRECISE_TOLERANCE,
    UNCERTAINTY_FACTOR,
    UNDECIDED,
    Checks,
)
from chainrule.derivatives.properties import Point, Properties
from chainrule.derivatives.steps import Step
from chainrule.expressions import math_text
from chainrule.words import Text

ENGLISH = Text("en")


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


def result_notes(d: Record, style: Style) -> list[str]:
    """What the simplified form is, in words."""
    notes = []
    if d.constant:
        notes.append(
            f"{style.math(style.expr(d.function))} does not depend on {style.math(d.variable)}, "
            "so its derivative is 0."
        )
    if d.in_own_terms:
        through = d.recognised if d.recognised is not None else d.function
        notes.append(
            "The simplified form is written through the function itself, "
            f"{style.math(style.expr(through))}."
        )
    if style.expr(d.sympy_simplified) != style.expr(d.simplified):
        notes.append(
            f"SymPy's simplification alone gives {style.math(style.expr(d.sympy_simplified))}."
        )
    return notes


def proof_lines(d: Record, style: Style) -> list[tuple[str, str]]:
    """(name, description) of the proof: its outcome, each check, points and tolerances."""
    c = d.checks
    lo, hi = c.x_range
    points = f"{c.points} of [{number(lo)}, {number(hi)}]"
    if c.precise:
        points += f", {c.precise} of them decided at {PRECISION} digits"
    lines = [
        ("outcome", outcome(d)),
        ("sympy.diff", _sympy_diff(d)),
        ("autodiff", _errors(c.autodiff_max_abs_error, c.autodiff_max_rel_error)),
        (
            "finite differences",
            _errors(c.finite_difference_max_abs_error, c.finite_difference_max_rel_error),
        ),
        ("points", points),
    ]
    if c.skipped:
        lines.append(("skipped", ", ".join(f"{n} {why}" for why, n in c.skipped.items())))
    lines.append(
        (
            "tolerances",
            f"autodiff {AUTODIFF_TOLERANCE:g}, finite differences "
            f"{FINITE_DIFFERENCE_TOLERANCE:g} + {UNCERTAINTY_FACTOR}x own uncertainty "
            f"(relative to max(1, |f'|)); {PRECISION} digits: {PRECISE_TOLERANCE:g}",
        )
    )
    if d.at:
        values = ", ".join(f"{k} = {number(v)}" for k, v in d.at.items())
        lines.append(("other variables", f"held at {values}"))
    return lines


def outcome(d: Record) -> str:
    """``proved: how`` or ``undecided: why``, in one line."""
    c = d.checks
    if d.outcome == UNDECIDED:
        return (
            "undecided: SymPy could not prove it equal to sympy.diff, and no point could be judged"
        )
    how = []
    if d.sympy_diff_agrees:
        how.append("equal to sympy.diff symbolically")
    if c.points:
        how.append(
            f"numeric agreement at {c.points} of {c.points + sum(c.skipped.values())} points"
        )
    elif d.sympy_diff_points:
        how.append(f"equal to sympy.diff at {d.sympy_diff_points} points at {PRECISION} digits")
    return "proved: " + "; ".join(how)


def _sympy_diff(d: Record) -> str:
    if d.sympy_diff_agrees:
        return "equal, proven symbolically"
    if d.sympy_diff_points:
        return (
            f"equal at {d.sympy_diff_points} points at {PRECISION} digits "
            "(SymPy could not prove it symbolically)"
        )
    return "undecided (SymPy could not prove it symbolically, and no point could be compared)"


def _errors(absolute: float, relative: float) -> str:
    if absolute != absolute:  # NaN: no point agreed in float64
        return "no point judged in float64"
    return f"max abs error {absolute:.2g}, max rel error {relative:.2g}"


# --- properties -------------------------------------------------------------------
def property_lines(d: Record, style: Style) -> list[tuple[str, str]]:
    """(name, description) of each property, in the order the lab lists them."""
    p = d.properties
    m, e = style.math, style.expr
    x = d.variable
    lines = [("domain", _domain(p, style))]
    if p.limits:
        lines.append(
            ("limits", "; ".join(_limit(x, side, v, style) for side, v in p.limits.items()))
        )
        asymptotes = ", ".join(m(f"y = {e(a)}") for a in p.asymptotes)
        lines.append(("horizontal asymptotes", asymptotes or "none"))
    lines.append(("monotonicity", _monotonicity(p, style, x)))
    lines.append(
        ("shape", "linear (f' is constant)" if p.linear else "nonlinear (f' is not constant)")
    )
    lines.append(("steepest slope", _peak(p, style, x)))
    lines.append((f"saturation ({_percent(p.saturation)} of peak)", _saturation(p, style, x)))
    special = "; ".join(
        f"{m(f'{x} = ' + point(Point(s.x, s.exact), style))}: {style.words(', '.join(s.reasons))}"
        for s in p.special_points[:12]
    )
    if len(p.special_points) > 12:
        special += f"; and {len(p.special_points) - 12} more"
    lines.append(("special points", special or "none (differentiable on the whole range)"))
    return lines


def _percent(fraction: float) -> str:
    return f"{100 * fraction:g}%"


def _domain(p: Properties, style: Style) -> str:
    if style is MARKDOWN:
        return style.math(p.domain.latex)
    return p.domain.text


def _limit(x: str, side: str, value: sympy.Expr | None, style: Style) -> str:
    where = style.infinity if side == "oo" else "-" + style.infinity
    if style is MARKDOWN:
        head = rf"\lim_{{{x} \to {where}}} f({x})"
        return (
            style.math(f"{head} = {style.expr(value)}")
            if value is not None
            else (style.math(head) + " does not exist or is unknown")
        )
    head = f"{x} -> {where}: "
    return head + (style.expr(value) if value is not None else "no limit found")


def how(p: Properties, claim: str) -> str:
    """How a claim was made, in words: `` (exact)``, `` (sampled at 4001 points on [-8, 8])``."""
    method = p.methods.get(claim)
    if method is None:
        return ""
    if method == "exact":
        return " (exact)"
    lo, hi = p.x_range
    grid = f"{p.grid} points on [{number(lo)}, {number(hi)}]"
    if method == "high-precision":
        return f" (sampled at {grid}, at high precision where float64 underflows or overflows)"
    return f" (sampled at {grid})"


def _monotonicity(p: Properties, style: Style, x: str) -> str:
    m = style.math
    if p.trend is not None:
        sign = {"increasing": "> 0", "decreasing": "< 0", "constant": "= 0"}[p.trend]
        return p.trend + " on its whole domain (" + m("f' " + sign) + ")"
    if len(p.runs) > 12:
        trends = {r.trend for r in p.runs}
        if len(trends) == 1:
            return f"{trends.pop()} on each piece of the range" + how(p, "monotonicity")
        if p.methods.get("monotonicity") == "exact":
            return f"f' = 0 at exactly {p.zero_count} points of the range" + how(p, "monotonicity")
        return f"f' changes sign at least {p.zero_count} times on the range" + how(
            p, "monotonicity"
        )
    runs = ", ".join(
        f"{r.trend} on {m(f'[{point(r.start, style)}, {point(r.end, style)}]')}" for r in p.runs
    )
    if p.stationary:
        zeros = ", ".join(point(s, style) for s in p.stationary[:12])
        runs += f" (f' = 0 at {m(f'{x} = {zeros}')})"
    return runs + how(p, "monotonicity")


def _peak(p: Properties, style: Style, x: str) -> str:
    m = style.math
    if p.unbounded_near:
        near = ", ".join(point(q, style) for q in p.unbounded_near)
        return f"unbounded: |f'| grows without bound near {m(f'{x} = {near}')} (exact)"
    if p.growing_near:
        near = ", ".join(point(q, style) for q in p.growing_near[:12])
        return (
            f"not claimed: |f'| keeps growing towards {m(f'{x} = {near}')} as far as sampling "
            "shows (no limit proven)"
        )
    if p.beyond_float is not None:
        start = m(f"{x} = {point(p.beyond_float, style)}")
        return f"beyond float64: |f'| > 1.8e308 from {start} on" + how(p, "peak")
    if p.peak is None:
        return "unknown (no finite values on the range)"
    value = number(p.peak)
    if p.peak_exact is not None and p.peak_exact.is_number:
        exact = style.expr(p.peak_exact)
        value = exact if exact == value else f"{exact} = {value}"
    if p.linear:
        return f"max |f'| = {m(value)} everywhere"
    where = [m(f"{x} = {point(q, style)}") for q in p.peak_at]
    where += [m(f"[{point(a, style)}, {point(b, style)}]") for a, b in p.peak_on]
    text = f"max |f'| = {m(value)} at " + ", ".join(where)
    if p.peak_at_edge:
        text += " (an end of the range: |f'| keeps growing beyond it)"
    return text + how(p, "peak")


def _saturation(p: Properties, style: Style, x: str) -> str:
    m = style.math
    if not p.saturated:
        if p.peak_at_edge or p.unbounded_near or p.growing_near or p.linear or not p.peak:
            return "none (|f'| has no peak inside the range)"
        return "none on the range" + how(p, "saturation")
    lo, hi = p.x_range
    parts = []
    ends = [(a.x, b.x) for a, b in p.saturated]
    if len(ends) == 2 and ends[0][0] == lo and ends[1][1] == hi and lo == -hi:
        inner, outer = ends[0][1], ends[1][0]
        if abs(inner + outer) <= 1e-9 * max(1.0, abs(outer)):
            parts.append(m(f"|{x}| > {number(outer)}"))  # symmetric: the sigmoid's |x| > 3.64
    for a, b in [] if parts else p.saturated:
        if a.x == lo and b.x == hi:
            parts.append("the whole range")
        elif a.x == lo:
            parts.append(m(f"{x} < {number(b.x)}"))
        elif b.x == hi:
            parts.append(m(f"{x} > {number(a.x)}"))
        else:
            parts.append(m(f"{number(a.x)} < {x} < {number(b.x)}"))
    boundary = ", ".join(point(q, style) for q in p.saturation_boundary[:12])
    out = f"|f'| < {_percent(p.saturation)} of its peak for " + " and ".join(parts[:12])
    out += f" on {m(f'[{number(lo)}, {number(hi)}]')}"
    if boundary:
        out += f"; boundary {m(f'{x} = {boundary}')}"
    return out + how(p, "saturation")


# --- plain text -------------------------------------------------------------------
def _aligned(rows: list[tuple[str, str]]) -> list[str]:
    width = max(len(name) for name, _ in rows)
    return [f"  {name.ljust(width)}  {value}" for name, value in rows]


def text(d: Record, *, words: Text = ENGLISH, textbook: bool = False) -> str:
    """The whole derivation as plain text for a terminal; ``textbook`` writes a rule with a
    denominator over it (the quotient rule as ``(u'v - uv')/v**2``)."""
    x = d.variable
    function = TEXT.expr(d.function)
    if d.recognised is not None:
        function += " = " + TEXT.expr(d.recognised)
    lines = [f"f({x}) = {function}", ""]
    if d.defined_through:
        lines += [definition_note(d, words), ""]
    for k, root in enumerate(d.steps, 1):
        title = "Steps:" if d.order == 1 else f"Steps for derivative {k}:"
        lines.append(title)
        for label, level, step in numbered(root):
            line = step_line(step, TEXT, words=words, textbook=textbook)
            lines.append("  " + "   " * level + f"{label}. {line}")
        lines.append("")
    if d.algebra:
        lines.append(words("algebra.title") + ":")
        lines += [f"  {k}. {line}" for k, line in enumerate(algebra_lines(d, TEXT, words), 1)]
        lines.append("")
    lines += ["Result:", "  " + result_line(d, TEXT)]
    lines += ["  " + note for note in result_notes(d, TEXT)]
    lines += ["", "Proof:", *_aligned(proof_lines(d, TEXT))]
    lines += ["", "Properties (f and f'):", *_aligned(property_lines(d, TEXT))]
    return "\n".join(lines) + "\n"


# --- Markdown ---------------------------------------------------------------------
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
    out = [f"{s.bold('Function')}: $f({x}) = {f}$", ""]
    if d.defined_through:
        out += [definition_note(d, words), ""]
    for k, root in enumerate(d.steps, 1):
        title = "Steps" if d.order == 1 else f"Steps for {s.math(prime(k, s) + f'({x})')}"
        out += [s.bold(title), ""]
        for _, level, step in numbered(root):
            out.append("   " * level + "1. " + step_line(step, s, words=words, textbook=textbook))
        out.append("")
    if d.algebra:
        out += [s.bold(words("algebra.title")), "", words("algebra.text"), ""]
        out += [f"1. {line}" for line in algebra_lines(d, s, words)] + [""]
    out += [s.bold("Result"), "", f"$${result_latex(d)}$$", ""]
    notes = list(result_notes(d, s))
    out += [*notes, ""] if notes else []
    out += [s.bold("Proof"), ""]
    out += [f"- {name}: {value}" for name, value in proof_lines(d, s)] + [""]
    out += [s.bold("Properties"), ""]
    out += [f"- {name}: {value}" for name, value in property_lines(d, s)]
    return "\n".join(out) + "\n"
