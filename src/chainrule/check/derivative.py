# ruff: noqa: RUF002 - learners type the Greek sigma
"""The library call behind ``chainrule check derive``: judge a learner's derivative.

:func:`check_derivative` derives the task's function by chainrule's own steps, judges
the learner's answer against the result (:mod:`chainrule.check.judge`), and, when the
answer is wrong, names every typical slip of a single step that leads to exactly that
answer (:mod:`chainrule.check.slips`). :func:`check_work` judges a worked derivation
line by line and names the first wrong line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

import numpy as np
import sympy

from chainrule import arguments
from chainrule.budget import budgeted, quoted
from chainrule.check.judge import Judgement, judge, others, values_at
from chainrule.check.slips import Slip, slips
from chainrule.check.verdict import Mistake, Verdict
from chainrule.derivatives.bounded_sympy import attempt
from chainrule.derivatives.derivation import MAX_NODES
from chainrule.derivatives.derivation import _variable as chosen_variable
from chainrule.derivatives.settings import MAX_ORDER
from chainrule.derivatives.steps import Step, derivation_steps
from chainrule.engine.sympy_ops import sigmoid as sigmoid_function
from chainrule.errors import (
    ExpressionTooLargeError,
    NotDifferentiableError,
    OptionError,
    UnknownVariableError,
)
from chainrule.expressions.expr import Expr, nodes, symbol, to_sympy, variables
from chainrule.expressions.from_sympy import from_sympy
from chainrule.expressions.learner import parse_learner
from chainrule.expressions.math_text import text
from chainrule.expressions.symbolic import DIGITS, agree_at, simplest
from chainrule.words import Text

#: Answers with more than this many operations beyond the simplest form's get a remark.
UNSIMPLIFIED_MARGIN = 2
#: Seconds of SymPy work for simplifying the expected derivative.
SIMPLIFY_SECONDS = 2.0
#: Most expressions of a worked derivation checked (each takes up to about a second).
MAX_WORK_ITEMS = 40
#: A slip's wrong derivative matches the answer to this relative tolerance in float64.
SLIP_TOLERANCE = 1e-7


@dataclass(frozen=True)
class DerivativeCheck:
    """The result of :func:`check_derivative`.

    ``method`` says how the verdict was reached (``"symbolic proof"``, ``"numeric
    agreement"``, ``"numeric difference"``, ``"no usable point"``) at ``points`` points
    (``digits``: the precision a float64 doubt is settled with); ``mistakes`` are the
    slips that lead to exactly this answer (empty when it is right, or when no single slip
    explains it); ``remarks`` state domain-confined equality and unsimplified forms.
    """

    expression: str
    answer: str
    variable: str
    order: int
    verdict: Verdict
    method: str
    points: int
    mistakes: tuple[Mistake, ...]
    derivative: sympy.Expr  # the right derivative, as derived (factored if shorter)
    remarks: tuple[str, ...] = ()
    where: float | None = None
    digits: int = DIGITS
    lang: str = "en"
    answer_expr: sympy.Expr = field(default=sympy.Integer(0), repr=False, compare=False)

    @property
    def exit_code(self) -> int:
        return self.verdict.exit_code

    @cached_property
    def expected(self) -> sympy.Expr:
        """The right derivative in its shortest form (SymPy's work bounded), computed only
        when asked for: a learner sees it only with ``--show-answer``."""
        shortest = partial(simplest, self.derivative)
        return attempt(shortest, self.derivative, seconds=SIMPLIFY_SECONDS)

    def how(self) -> str:
        """How the verdict was reached, in the result's language."""
        where = "-" if self.where is None else f"{self.where:.6g}"
        return Text(self.lang)(
            f"check.method.{self.method}",
            points=self.points,
            digits=self.digits,
            x=self.variable,
            where=where,
        )

    def to_dict(self, *, show_answer: bool = True) -> dict[str, Any]:
        """Plain JSON-ready data; ``expected`` is None unless ``show_answer``."""
        return {
            "verdict": self.verdict.value,
            "method": self.method,
            "points": self.points,
            "digits": self.digits,
            "where": self.where,
            "how": self.how(),
            "mistakes": [
                {"step": m.step, "rule": m.rule, "description": m.description, "kind": m.kind}
                for m in self.mistakes
            ],
            "remarks": list(self.remarks),
            "expected": text(self.expected) if show_answer else None,
            "expression": self.expression,
            "answer": self.answer,
            "variable": self.variable,
            "order": self.order,
        }

    def to_markdown(self, *, show_answer: bool = False) -> str:
        """The verdict, the answer in LaTeX, the mistakes and remarks, as Markdown."""
        words = Text(self.lang)
        lines = [
            f"**{words('check.verdict.' + self.verdict.value)}**: "
            f"$${sympy.latex(self.answer_expr)}$$",
            "",
            self.how(),
        ]
        lines += [f"- {words.rule(m.rule)}, {m.step}: {m.description}" for m in self.mistakes]
        lines += [f"- {remark}" for remark in self.remarks]
        if show_answer:
            lines.append(f"\n$${sympy.latex(self.expected)}$$")
        return "\n".join(lines) + "\n"

    def _repr_markdown_(self) -> str:  # Jupyter renders the math
        return self.to_markdown()


@budgeted(lambda expression, **_: f"checking the derivative of {quoted(expression)}")
def check_derivative(
    expression: str | Expr,
    *,
    answer: str | Expr,
    wrt: str | None = None,
    order: int = 1,
    sigmoid: Sequence[str] = ("S",),
    lang: str = "en",
    timeout: float | None = None,
) -> DerivativeCheck:
    """Judge ``answer`` as the ``order``-th derivative of ``expression`` by ``wrt``.

    Both may be written as learners write (``2x``, ``e^(-x)``, ``σ(x)``; see
    :mod:`chainrule.expressions.learner`); ``sigmoid`` names the sigmoid may go by
    (``S(x)``) when the task's function is the sigmoid. ``lang`` is the language of the
    descriptions (``"en"`` or ``"uk"``); ``timeout`` the seconds it may take.

    Raises :class:`~chainrule.errors.ParseError` (with the column and a suggestion) and
    the other :class:`~chainrule.errors.ChainruleError` subclasses on bad input.
    """
    task = _Task.make(expression, wrt, order, sigmoid, lang)
    return task.check(answer)


@dataclass(frozen=True)
class LineCheck:
    """One line of a worked derivation: its text and its check against the derivative."""

    line: int
    text: str
    check: DerivativeCheck
    equals_previous: bool | None  # None for the first line, or when it could not be told


@dataclass(frozen=True)
class WorkCheck:
    """The result of :func:`check_work`: each line's check, and the first wrong line."""

    expression: str
    variable: str
    order: int
    lines: tuple[LineCheck, ...]
    first_wrong: int | None  # its line number (1-based, as in the file)
    verdict: Verdict  # of the last line
    lang: str = "en"

    @property
    def exit_code(self) -> int:
        return self.verdict.exit_code

    @property
    def wrong(self) -> LineCheck | None:
        return next((c for c in self.lines if c.line == self.first_wrong), None)

    def to_markdown(self) -> str:
        """The verdict, then each line's verdict with its math, as Markdown."""
        words = Text(self.lang)
        lines = [f"**{words('check.verdict.' + self.verdict.value)}**", ""]
        if self.first_wrong is not None:
            why = words("check.work.not_derivative")
            lines += [words("check.work.first_wrong", line=self.first_wrong, why=why), ""]
        for c in self.lines:
            verdict = words("check.verdict." + c.check.verdict.value)
            lines.append(f"- {c.line}: $${sympy.latex(c.check.answer_expr)}$$ {verdict}")
        return "\n".join(lines) + "\n"

    def _repr_markdown_(self) -> str:  # Jupyter renders the math
        return self.to_markdown()

    def to_dict(self, *, show_answer: bool = True) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "first_wrong": self.first_wrong,
            "lines": [
                {
                    "line": c.line,
                    "text": c.text,
                    "equals_previous": c.equals_previous,
                    **c.check.to_dict(show_answer=show_answer),
                }
                for c in self.lines
            ],
            "expression": self.expression,
            "variable": self.variable,
            "order": self.order,
        }


@budgeted(lambda expression, **_: f"checking the work on {quoted(expression)}")
def check_work(
    expression: str | Expr,
    *,
    work: str,
    wrt: str | None = None,
    order: int = 1,
    sigmoid: Sequence[str] = ("S",),
    lang: str = "en",
    timeout: float | None = None,
) -> WorkCheck:
    """Judge a worked derivation of the derivative of ``expression``, line by line.

    ``work`` holds one expression per line, or a chain ``a = b = c``; a leading label
    such as ``f'(x) =``, ``y' =`` or ``d/dx(...) =`` is skipped, as are blank lines and
    ``#`` comments. Each expression must equal the derivative (so each equals the one
    before); the first that does not is named with its likely mistakes. Right lines that
    go nowhere are fine. The verdict is the last line's.
    """
    arguments.text("work", work, error=OptionError)
    task = _Task.make(expression, wrt, order, sigmoid, lang)
    items = _work_items(work)
    if not items:
        raise OptionError("the work has no expression in it")
    if len(items) > MAX_WORK_ITEMS:
        raise OptionError(
            f"the work has {len(items)} expressions; at most {MAX_WORK_ITEMS} are checked"
        )
    checks: list[LineCheck] = []
    first_wrong = None
    for number, item in items:
        result = task.check(item)
        before = checks[-1].check if checks else None
        equal: bool | None = None  # two wrong lines may or may not equal each other
        pair = {result.verdict, before.verdict} if before is not None else set()
        if Verdict.EQUIVALENT in pair and Verdict.UNDECIDED not in pair:
            equal = len(pair) == 1
        checks.append(LineCheck(number, item, result, equal))
        if first_wrong is None and result.verdict == Verdict.NOT_EQUIVALENT:
            first_wrong = number
    return WorkCheck(
        expression=task.text,
        variable=task.wrt,
        order=order,
        lines=tuple(checks),
        first_wrong=first_wrong,
        verdict=checks[-1].check.verdict,
        lang=lang,
    )


def _work_items(work: str) -> list[tuple[int, str]]:
    """(line number, expression) for each expression of a worked derivation."""
    items: list[tuple[int, str]] = []
    for number, line in enumerate(work.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("=")]
        if len(parts) > 1 and ("'" in parts[0] or "d/d" in parts[0] or not parts[0]):
            parts = parts[1:]  # f'(x) = ..., d/dx(...) = ..., or "= ..." continuing
        items.extend((number, p) for p in parts if p)
    return items


@dataclass(frozen=True)
class _Task:
    """The derivative asked for: the function, its steps, the expected result."""

    text: str
    function: Expr
    wrt: str
    order: int
    at: dict[str, float]
    steps: Step
    expected: sympy.Expr
    names: frozenset[str]
    sigmoid: tuple[str, ...]
    lang: str

    @cached_property
    def factored(self) -> sympy.Expr:
        """The expected derivative, factored when that is shorter (cheap, unlike simplify)."""
        factored = attempt(partial(sympy.factor, self.expected), self.expected)
        return min((self.expected, factored), key=sympy.count_ops)

    @cached_property
    def is_sigmoid(self) -> bool:
        """Whether the task uses the sigmoid, or is the sigmoid written out (``1/(1+exp(-x))``,
        told at three points with 50 digits), so that ``S(x)`` may name it."""
        if any(n.op == "sigmoid" for n in nodes(self.function)):
            return True
        x = symbol(self.wrt)
        whole, sigmoid = to_sympy(self.function), sigmoid_function(x)
        return all(agree_at(whole, sigmoid, {x: at}) for at in (-1.7, 0.3, 2.9))

    @classmethod
    def make(
        cls, expression: str | Expr, wrt: str | None, order: int, sigmoid: Sequence[str], lang: str
    ) -> _Task:
        Text(lang)  # an unknown language fails first
        if wrt is not None:
            arguments.text("wrt", wrt, error=OptionError)
        if isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= MAX_ORDER:
            raise OptionError(
                f"the order must be a whole number from 1 to {MAX_ORDER}, got {order!r}"
            )
        names = tuple(arguments.text("sigmoid", s, error=OptionError) for s in sigmoid)
        function = (
            expression
            if isinstance(expression, Expr)
            else parse_learner(expression, what="the function")
        )
        variable = chosen_variable(function, wrt)
        whole = to_sympy(function)
        steps = derivation_steps(function, variable)
        graph = function
        for k in range(2, order + 1):
            graph = _again(steps.result, k)
            steps = derivation_steps(graph, variable)
        return cls(
            text=text(whole) if isinstance(expression, Expr) else expression,
            function=function,
            wrt=variable,
            order=order,
            at=others(variables(function), variable),
            steps=steps,
            expected=steps.result,
            names=frozenset({*variables(function), variable}),
            sigmoid=names,
            lang=lang,
        )

    def check(self, answer: str | Expr) -> DerivativeCheck:
        if isinstance(answer, Expr):
            given = answer
        else:
            arguments.text("answer", answer, error=OptionError)
            squeezed = "".join(answer.split())
            named = any(f"{name}(" in squeezed for name in self.sigmoid)
            sigmoid = self.sigmoid if named and self.is_sigmoid else ()
            given = parse_learner(answer, variables=self.names, sigmoid=sigmoid, what="the answer")
        extra = sorted(set(variables(given)) - self.names)
        if extra:
            raise UnknownVariableError(
                f"the answer uses {', '.join(extra)}, which {self.text} does not have"
            )
        judged = judge(given, self.expected, function=self.function, wrt=self.wrt, at=self.at)
        words = Text(self.lang)
        mistakes: tuple[Mistake, ...] = ()
        if judged.verdict == Verdict.NOT_EQUIVALENT:
            mistakes = tuple(self._mistake(s) for s in self._matching(judged))
        remarks = []
        mine = to_sympy(given)
        if judged.answer_undefined and judged.verdict == Verdict.EQUIVALENT:
            xs = judged.xs
            expected = self.expected.subs(self._at_sympy())
            inside = np.isfinite(values_at(expected, symbol(self.wrt), xs))
            gaps = xs[inside & np.isnan(judged.answer_values)]
            where = f"{gaps[0]:.3g}" if gaps.size else "-"
            remarks.append(
                words("check.remark.domain", count=judged.answer_undefined, x=self.wrt, where=where)
            )
        written = sum(1 for n in nodes(given) if not n.is_leaf)  # as typed, not as SymPy has it
        if (
            judged.verdict == Verdict.EQUIVALENT
            and written > sympy.count_ops(self.factored) + UNSIMPLIFIED_MARGIN
        ):
            remarks.append(words("check.remark.unsimplified"))
        return DerivativeCheck(
            expression=self.text,
            answer=answer if isinstance(answer, str) else text(mine),
            variable=self.wrt,
            order=self.order,
            verdict=judged.verdict,
            method=judged.method,
            points=judged.points,
            mistakes=mistakes,
            derivative=self.factored,
            remarks=tuple(remarks),
            where=judged.where,
            lang=self.lang,
            answer_expr=mine,
        )

    def _at_sympy(self) -> dict[sympy.Symbol, sympy.Expr]:
        return {symbol(n): sympy.Rational(repr(v)) for n, v in self.at.items()}

    def _matching(self, judged: Judgement) -> list[Slip]:
        """The slips whose wrong derivative equals the answer at every usable point."""
        xs = judged.xs[judged.usable]
        given = judged.answer_values[judged.usable]
        if xs.size == 0:
            return []
        found = []
        seen: set[tuple[str, str]] = set()
        for slip in slips(self.steps):
            key = (slip.label, slip.kind)
            if key in seen:
                continue
            wrong = values_at(slip.wrong.subs(self._at_sympy()), symbol(self.wrt), xs)
            scale = np.maximum(1.0, np.abs(given))
            if np.all(np.abs(wrong - given) <= SLIP_TOLERANCE * scale):
                seen.add(key)
                found.append(slip)
        return found

    def _mistake(self, slip: Slip) -> Mistake:
        words = Text(self.lang)
        description = words(f"check.slip.{slip.kind}", **slip.values)
        return Mistake(slip.label, words.rule(slip.rule), description, slip.kind)


def _again(previous: sympy.Expr, order: int) -> Expr:
    """The previous derivative as an expression to derive again."""
    form = attempt(partial(simplest, previous), previous, seconds=SIMPLIFY_SECONDS)
    try:
        expr = from_sympy(form)
    except NotDifferentiableError as exc:
        raise NotDifferentiableError(f"cannot take derivative {order}: {exc}") from None
    if len(nodes(expr)) > MAX_NODES:
        raise ExpressionTooLargeError(
            f"derivative {order - 1} has {len(nodes(expr))} operations "
            f"(the limit is {MAX_NODES}); order {order} is out of reach"
        )
    return expr
