"""Task 3 answers: a graph's value and partials, judged item by item against :func:`trace`.

A wrong partial is explained from the backward table: the backward pass is replayed
with one edge changed at a time (its local derivative left out, its sign flipped, or
its contribution missing), numerically and on symbols, and every change that gives
the learner's answer is named.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from chainrule.budget import budgeted, quoted
from chainrule.check.answer_lists import (
    AnswerItem,
    agrees,
    split_answers,
    truncated,
    written_number,
)
from chainrule.check.item_checks import ItemCheck, markdown, overall, words
from chainrule.check.verdict import Mistake, Verdict
from chainrule.errors import OptionError, ParseError
from chainrule.expressions.expr import as_expr, build, symbol, to_sympy
from chainrule.expressions.learner import parse_learner
from chainrule.expressions.symbolic import DIGITS, agree_at, same
from chainrule.graph.tracing import Trace, trace
from chainrule.words import Text

#: Points (besides the learner's own) where an unproven formula is compared.
POINTS = 6
_PARTIAL = re.compile(r"(?:d|∂)(?:L|f|y)?/(?:d|∂)([A-Za-z_][A-Za-z_0-9]*)")
_VALUE_NAMES = ("L", "f", "y", "value")
_UNDEFINED = ("undefined", "nan", "none")
_VERDICTS = {True: Verdict.EQUIVALENT, False: Verdict.NOT_EQUIVALENT, None: Verdict.UNDECIDED}
#: How one edge of the backward pass can be slipped: the key of its words and the new local.
SLIPS: dict[str, Callable[[Any], Any]] = {
    "dropped": lambda local: 1,
    "sign": lambda local: -local,
    "missing": lambda local: 0,
}


@dataclass(frozen=True)
class TraceCheck:
    """The result of :func:`check_trace`: the verdict on the whole list and on each item."""

    expression: str
    values: dict[str, float]
    verdict: Verdict
    items: tuple[ItemCheck, ...]
    trace: Trace

    @property
    def exit_code(self) -> int:
        return self.verdict.exit_code

    def to_dict(self) -> dict[str, Any]:
        return {
            "expression": self.expression,
            "values": dict(self.values),
            "verdict": str(self.verdict),
            "items": [item.to_dict() for item in self.items],
        }

    def __repr__(self) -> str:
        marks = ", ".join(f"{i.name}: {i.verdict}" for i in self.items)
        return f"TraceCheck({self.expression!r}: {self.verdict}; {marks})"

    def _repr_markdown_(self) -> str:
        return markdown(f"`{self.expression}`", self.verdict, self.items)


Edge = tuple[Hashable, Hashable, Any]  # (node, input, local derivative), in backward order


def replay(edges: Sequence[Edge], *, changed: int | None = None, slip: str = "") -> dict:
    """Every node's gradient from the backward table, with edge ``changed`` slipped."""
    grads: dict[Hashable, Any] = {}
    for k, (node, parent, local) in enumerate(edges):
        if not grads:
            grads[node] = 1  # the first edge leaves the output
        if k == changed:
            local = SLIPS[slip](local)
        grads[parent] = grads.get(parent, 0) + grads.get(node, 0) * local
    return grads


@budgeted(lambda expression, **_: f"the check of the graph of {quoted(expression)}")
def check_trace(
    *,
    expression: str,
    values: Mapping[str, float],
    answer: str,
    lang: str = "en",
    timeout: float | None = None,
) -> TraceCheck:
    """Judge ``answer`` (``"L=-10, dL/da=-2"`` or ``dL/da = 2*(c-d)``) for ``expression`` at
    ``values``, each item separately; a wrong partial names the backward-pass slips that
    give it. ``lang``: ``"en"`` or ``"uk"`` for the descriptions. ``timeout``: seconds.
    Raises OptionError for a malformed list, ParseError for a formula that is not one.
    """
    text = words(lang)
    items = split_answers(answer)
    result = trace(expression, values=values)
    judge = _Judge(result, as_expr(expression, variables=values.keys()), text)
    checked = tuple(judge.item(item) for item in items)
    return TraceCheck(
        expression=result.expression,
        values={name: float(v) for name, v in values.items()},
        verdict=overall(checked),
        items=checked,
        trace=result,
    )


class _Judge:
    """Everything one answer list is judged against."""

    def __init__(self, result: Trace, expr: Any, text: Text) -> None:
        self.result, self.expr, self.text = result, expr, text
        self.names = list(result.gradients)
        self.rows = {row.id: row for row in result.nodes}
        self.inputs = {row.label: row.id for row in result.nodes if row.op == "input"}
        self.edges: list[Edge] = [(e.node, e.input, e.local) for e in result.edges]
        self.point = {symbol(name): self.rows[i].value for name, i in self.inputs.items()}

    def item(self, item: AnswerItem) -> ItemCheck:
        """The verdict on one item, or OptionError for a name the graph has not."""
        match = _PARTIAL.fullmatch(item.name)
        if item.name in _VALUE_NAMES:
            wrt = None
        elif match and match.group(1) in self.inputs:
            wrt = match.group(1)
        else:
            known = ", ".join(["L", *(f"dL/d{n}" for n in self.names)])
            raise OptionError(f"answer: unknown item {item.name!r}; this graph has {known}")
        right = self.result.value if wrt is None else self.result.gradients[wrt]
        shown = f"{right:.10g}"
        if wrt is not None and wrt in self.result.partials:
            shown = f"{self.result.partials[wrt]} = {right:.10g}"
        if item.text.strip().lower() in _UNDEFINED:
            verdict = Verdict.EQUIVALENT if math.isnan(right) else Verdict.NOT_EQUIVALENT
            return ItemCheck(item.name, item.text, verdict, self.text("ca.method.undefined"), shown)
        written = written_number(item.text)
        if written is not None:
            ok = agrees(written, right)
            method = self.text("ca.method.digits", digits=written.judged)
            if written.exact:
                method = self.text("ca.method.exact")
            mistakes: tuple[Mistake, ...] = ()
            if not ok:
                mistakes = self._numeric_slips(wrt, lambda v: agrees(written, v))
                if truncated(written, right):
                    mistakes += (self._mistake("digits", "truncated", "ca.slip.truncated"),)
            verdict = Verdict.EQUIVALENT if ok else Verdict.NOT_EQUIVALENT
            return ItemCheck(item.name, item.text, verdict, method, shown, mistakes)
        return self._formula(item, wrt, shown)

    def _formula(self, item: AnswerItem, wrt: str | None, shown: str) -> ItemCheck:
        try:
            answer = parse_learner(item.text, variables=self.inputs)
        except ParseError as exc:  # the column within the whole answer list
            why = str(exc).rsplit(" at column ", 1)[0]
            where = item.column - 1 + exc.position
            raise ParseError(
                f"answer, {item.name}: {why}", text=item.text, position=where
            ) from None
        mine = to_sympy(answer)
        if wrt is None:
            right: sympy.Expr = to_sympy(self.expr)
        elif wrt in self.result.partials:
            right = self.result.partials[wrt]
        else:  # too big for symbolic partials: judged at the point only
            right = sympy.Float(self.result.gradients[wrt], 17)
        symbolic = wrt is None or wrt in self.result.partials
        if not mine.free_symbols:  # a number written as a formula: the value at the point
            right = right.subs({s: sympy.Rational(v) for s, v in self.point.items()})
        verdict, method, points = self._compare(mine, right, symbolic=symbolic)
        mistakes: tuple[Mistake, ...] = ()
        if verdict is Verdict.NOT_EQUIVALENT and mine.free_symbols and wrt is not None:
            mistakes = self._symbolic_slips(wrt, mine)
        elif verdict is Verdict.NOT_EQUIVALENT:  # a number: the slips' values at the point
            value = sympy.Float(mine, DIGITS)
            mistakes = self._numeric_slips(wrt, lambda v: abs(value - v) <= 1e-9 * max(1, abs(v)))
        return ItemCheck(item.name, item.text, verdict, method, shown, mistakes, points)

    def _compare(self, mine: Any, right: Any, *, symbolic: bool) -> tuple[Verdict, str, int]:
        """Equal by proof, different at a point, or agreeing at enough points."""
        if not (mine.free_symbols or right.free_symbols):  # two numbers, to 50 digits
            told = agree_at(mine, right, {})
            return _VERDICTS[told], self.text("ca.method.value"), 1
        if symbolic and same(mine, right):
            return Verdict.EQUIVALENT, self.text("ca.method.proof"), 0
        points = self._points() if symbolic else [self.point]
        told_all = [agree_at(mine, right, p) for p in points]
        if False in told_all:
            at = points[told_all.index(False)]
            where = ", ".join(f"{s}={v:.6g}" for s, v in at.items())
            return Verdict.NOT_EQUIVALENT, self.text("ca.method.differs", point=where), 1
        agreed = told_all.count(True)
        verdict = Verdict.EQUIVALENT if agreed >= POINTS else Verdict.UNDECIDED
        return verdict, self.text("ca.method.numeric", points=agreed), agreed

    def _points(self) -> list[dict[sympy.Symbol, float]]:
        """The learner's point, then :data:`POINTS` more around it (fixed seed: repeatable)."""
        rng = np.random.default_rng(20261201)
        out = [self.point]
        for _ in range(POINTS + 2):
            out.append({s: v + rng.normal() * max(1.0, abs(v)) for s, v in self.point.items()})
        return out

    def _mistake(self, step: str, rule: str, key: str, **values: Any) -> Mistake:
        return Mistake(step, self.text(f"ca.rule.{rule}"), self.text(key, **values))

    def _edge_mistake(self, k: int, slip: str) -> Mistake:
        e = self.result.edges[k]
        rule = "sum" if slip == "missing" else "chain"
        return self._mistake(
            f"n{e.node} → n{e.input}",
            rule,
            f"ca.slip.{slip}",
            node=self.rows[e.node].label,
            input=self.rows[e.input].label,
            local=f"{e.local:.6g}",
        )

    def _numeric_slips(self, wrt: str | None, fits: Callable[[float], bool]) -> tuple[Mistake, ...]:
        """Each one-edge slip of the backward table whose gradient of ``wrt`` the answer fits."""
        if wrt is None:
            return ()
        found = []
        right = self.result.gradients[wrt]
        for k in range(len(self.edges)):
            for slip in SLIPS:
                value = float(replay(self.edges, changed=k, slip=slip).get(self.inputs[wrt], 0.0))
                if value != right and fits(value):
                    found.append(self._edge_mistake(k, slip))
        return tuple(found)

    def _symbolic_slips(self, wrt: str, mine: Any) -> tuple[Mistake, ...]:
        """As :meth:`_numeric_slips`, on symbols: the slipped partial equal to the answer."""
        names = {n: symbol(n) for n in self.names}
        out, _ = build(self.expr, names)
        edges: list[Edge] = []
        out.backward(
            sympy.Integer(1),
            on_edge=lambda node, i, up, local, c: edges.append(
                (id(node), id(node.parents[i]), local)
            ),
        )
        if len(edges) != len(self.edges):  # not the numeric table's shape: nothing to name
            return ()
        leaf = next(id(v) for v in out.topo() if v.op is None and getattr(v, "name", "") == wrt)
        right = self.result.partials.get(wrt)
        points = self._points()[:3]
        found = []
        for k in range(len(edges)):
            for slip in SLIPS:
                value = sympy.Integer(0) + replay(edges, changed=k, slip=slip).get(leaf, 0)
                if right is not None and value == right:
                    continue
                if all(agree_at(mine, value, p) for p in points):
                    found.append(self._edge_mistake(k, slip))
        return tuple(found)
