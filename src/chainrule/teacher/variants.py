"""One fair variant per student, drawn from the template, with every expected answer.

A student's draws come from a NumPy Generator seeded with a hash of ``(seed, id)``,
so adding a student changes no one else's variant. Fairness is checked, not hoped for;
a draw that fails is drawn again from the same generator:

* Task 1 is ``amplitude * f(scale*x + shift)`` for ``f`` of the template's one family;
* Task 2's learning rates are the template's multiples of the data's ``lr_max``
  (two significant digits); at least one of them must diverge and one converge slowly
  (status ``slow``) in the given epochs, as chainrule's own runs say;
* Task 3's inputs are whole numbers (not 0) for which the value and every partial are
  whole numbers no larger than ``max_value``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from typing import Any

import numpy as np
import sympy

from chainrule.budget import budgeted
from chainrule.derivatives.bounded_sympy import attempt
from chainrule.derivatives.steps import derivation_steps
from chainrule.descent.data import Dataset, lab_data
from chainrule.descent.stability import stability
from chainrule.descent.status import DIVERGENT
from chainrule.descent.surface import loss_surface
from chainrule.descent.sweep import sweep
from chainrule.descent.training import train
from chainrule.errors import ConfigError
from chainrule.expressions.expr import build, nodes, parse, to_text, variables
from chainrule.expressions.math_text import text as math_text
from chainrule.report.config import (
    DataConfig,
    ExperimentConfig,
    LabConfig,
    Task1Config,
    Task3Config,
)
from chainrule.report.config import Student as Header
from chainrule.teacher.roster import Student
from chainrule.teacher.template import FAMILY, Template

#: Draws tried per task before the template is called unable to give a fair variant.
MAX_DRAWS = 200
#: Seconds of SymPy work for writing Task 1's answer factored, when that is shorter.
FACTOR_SECONDS = 1.0


@dataclass(frozen=True)
class Item:
    """One answer a student gives: its name on the sheet, points, and the true answer."""

    name: str  # "task1.derivative", "task2.status_1", "task3.dL/da"
    weight: float
    answer: str  # as the key shows it


@dataclass(frozen=True)
class Variant:
    """One student's lab: the config to run, the data, and what they are asked."""

    student: Student
    variant: str  # a short id printed on the hand-out, e.g. "V-3fa2c1"
    config: LabConfig
    data: Dataset
    rates: tuple[float, ...]  # Task 2's learning rates to try
    epochs: int
    task2: dict[str, Any]  # lr_max, lr_opt, m, b, mse (of the first rate), statuses, best
    task3: dict[str, float]  # "L" and "dL/d<input>"
    items: tuple[Item, ...]

    def key(self) -> dict[str, Any]:
        """What the grader needs, as plain JSON data: the tasks, the points, the answers."""
        s, t2 = self.student, self.config.task2
        return {
            "id": s.id,
            "name": s.name,
            "group": s.group,
            "lang": s.lang,
            "variant": self.variant,
            "task1": {"expression": self.config.task1.expression, "variable": "x"},
            "task2": {
                "recipe": dict(self.data.recipe),
                "x": self.data.x.tolist(),
                "y": self.data.y.tolist(),
                "m0": t2.m0,
                "b0": t2.b0,
                "tol": t2.tol,
                "rates": list(self.rates),
                "epochs": self.epochs,
            },
            "task3": {
                "expression": self.config.task3.expression,
                "values": dict(self.config.task3.values),
            },
            "items": [{"name": i.name, "weight": i.weight, "answer": i.answer} for i in self.items],
        }


@dataclass(frozen=True)
class ClassVariants:
    """The result of :func:`make_variants`: every student's variant, in roster order."""

    seed: int
    template: Template
    variants: tuple[Variant, ...]

    def key(self) -> dict[str, Any]:
        """The teacher's answer key (JSON-ready; no timestamps: a rerun is byte-identical)."""
        return {"seed": self.seed, "students": [v.key() for v in self.variants]}


@budgeted(lambda **_: "the class's variants")
def make_variants(
    *,
    roster: Sequence[Student],
    template: Template,
    seed: int = 0,
    timeout: float | None = None,
) -> ClassVariants:
    """A fair variant for each student of ``roster`` from ``template`` (see the module
    docstring); the same roster, template and ``seed`` always give the same variants.
    Raises :class:`ConfigError` if the template cannot give a fair variant."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise ConfigError(f"seed must be a whole number from 0 to 2**63 - 1, got {seed!r}")
    variants = tuple(_variant(student, template, seed) for student in roster)
    return ClassVariants(seed=seed, template=template, variants=variants)


def _variant(student: Student, template: Template, seed: int) -> Variant:
    digest = hashlib.sha256(f"chainrule-variant\0{seed}\0{student.id}".encode()).digest()
    rng = np.random.default_rng(int.from_bytes(digest[:16], "big"))
    function = _function(rng, template)
    data, rates, task2 = _task2(rng, template)
    expression, values, task3 = _task3(rng, template)
    base = template.lab
    variant = "V-" + digest.hex()[-6:]
    experiments = tuple(
        ExperimentConfig(f"lr = {lr:g}", lr, template.vary.task2.epochs) for lr in rates
    )
    recipe = {k: v for k, v in data.recipe.items() if k != "source"}
    config = replace(
        base,
        task1=Task1Config(expression=function, variable="x"),
        task2=replace(
            base.task2,
            data=DataConfig(**recipe),
            experiments=experiments,
            lab_lrs=rates,
            lab_choice=task2["best"],
        ),
        task3=Task3Config(expression=expression, values=values),
        student=Header(name=student.name, group=student.group, variant=variant),
    )
    w = template.weights
    items = [Item("task1.derivative", w.derivative, _derivative(function))]
    items += [Item(f"task2.{k}", getattr(w, k), f"{task2[k]!r}") for k in ("lr_max", "lr_opt")]
    items += [Item(f"task2.{k}", getattr(w, k), f"{task2[k]!r}") for k in ("m", "b", "mse")]
    items += [
        Item(f"task2.status_{k}", w.status, status) for k, status in enumerate(task2["status"], 1)
    ]
    items.append(Item("task2.best", w.best, f"{task2['best']:g}"))
    items += [
        Item(f"task3.{name}", w.value if name == "L" else w.partial, f"{v:g}")
        for name, v in task3.items()
    ]
    return Variant(
        student=student,
        variant=variant,
        config=config,
        data=data,
        rates=rates,
        epochs=template.vary.task2.epochs,
        task2=task2,
        task3=task3,
        items=tuple(items),
    )


def _function(rng: np.random.Generator, template: Template) -> str:
    """Task 1: ``amplitude * f(scale*x + shift)`` in chainrule's own printing, other than the
    lab's own function (its worked answer is in every lab's text), if the template allows."""
    v = template.vary.task1
    lab = to_text(parse(template.lab.task1.expression, variables=["x"]))
    for _ in range(MAX_DRAWS):
        name = v.functions[rng.integers(len(v.functions))]
        k, c, a = (int(rng.choice(choices)) for choices in (v.scales, v.shifts, v.amplitudes))
        inner = {1: "x", -1: "-x"}.get(k, f"{k}*x") + {0: ""}.get(c, f" {'+-'[c < 0]} {abs(c)}")
        body = to_text(parse(FAMILY[name].format(u=inner, n=a, a="" if a == 1 else f"{a}*")))
        if body != lab:
            break
    return body


@lru_cache(maxsize=512)
def _derivative(function: str) -> str:
    """Task 1's answer, as chainrule derives it (a class shares a few dozen functions)."""
    result = derivation_steps(parse(function), "x").result
    factored = attempt(partial(sympy.factor, result), result, seconds=FACTOR_SECONDS)
    return math_text(min((result, factored), key=sympy.count_ops))


def _task2(
    rng: np.random.Generator, template: Template
) -> tuple[Dataset, tuple[float, ...], dict[str, Any]]:
    """Data and rates for which one rate diverges and one is slow; and the true answers."""
    v, t2 = template.vary.task2, template.lab.task2
    for _ in range(MAX_DRAWS):
        numbers = {
            key: round(float(rng.uniform(*getattr(v, key))), 1)
            for key in ("slope", "intercept", "noise", "x_min", "x_max")
        }
        n = int(rng.integers(v.n[0], v.n[1] + 1))
        data = lab_data(n=n, seed=int(rng.integers(v.seed[0], v.seed[1] + 1)), **numbers)
        runs = [
            train(data=data, lr=lr, epochs=v.epochs, m0=t2.m0, b0=t2.b0, tol=t2.tol)
            for lr in _rates(data, v.rates)
        ]
        statuses = [run.status for run in runs]
        if "slow" not in statuses or not any(s in DIVERGENT for s in statuses):
            continue
        rates = tuple(run.lr for run in runs)
        best = sweep(data=data, lrs=rates, epochs=v.epochs, m0=t2.m0, b0=t2.b0, tol=t2.tol)
        limits, first = runs[0].stability, runs[0]
        answers = {
            "lr_max": limits.lr_max,
            "lr_opt": limits.lr_opt,
            "m": first.m,
            "b": first.b,
            "mse": first.final_mse,
            "status": statuses,
            "best": best.best(1)[0]["lr"],
        }
        return data, rates, answers
    raise ConfigError(
        f"vary.task2: no fair data in {MAX_DRAWS} draws (a rate must diverge and one be slow);"
        " change rates or epochs"
    )


def _rates(data: Dataset, multiples: Sequence[float]) -> list[float]:
    """The multiples of ``data``'s lr_max, at two significant digits."""
    lr_max = stability(surface=loss_surface(data)).lr_max
    return [float(f"{k * lr_max:.2g}") for k in multiples]


def _task3(
    rng: np.random.Generator, template: Template
) -> tuple[str, dict[str, float], dict[str, float]]:
    """An expression and whole inputs whose value and partials are small whole numbers."""
    v = template.vary.task3
    expression = v.expressions[rng.integers(len(v.expressions))]
    expr = parse(expression)
    names = variables(expr)
    for _ in range(MAX_DRAWS):
        values = {name: _nonzero(rng, *v.values) for name in names}
        numbers = _small_whole(expr, values, v.max_value)
        if numbers is not None:
            answers = dict(zip(["L", *(f"dL/d{name}" for name in names)], numbers, strict=True))
            return to_text(expr), values, answers
    raise ConfigError(
        f"vary.task3: no whole values for {expression!r} in {MAX_DRAWS} draws; widen values"
    )


def _nonzero(rng: np.random.Generator, low: int, high: int) -> float:
    """A whole number from ``[low, high]``, not 0 (the template's range allows another)."""
    while True:
        k = int(rng.integers(low, high + 1))
        if k:
            return float(k)


def _small_whole(expr: Any, values: dict[str, float], limit: int) -> list[float] | None:
    """The value and partials at ``values`` if all are whole and at most ``limit``; else None."""
    try:
        out, made = build(expr, values)
        out.backward()
    except ArithmeticError:  # a division by zero at these values: draw again
        return None
    leaves = {n.name: made[id(n)] for n in nodes(expr) if n.op == "var"}
    numbers = [float(out.data), *(float(leaves[name].grad) for name in variables(expr))]
    if all(np.isfinite(x) and x == round(x) and abs(x) <= limit for x in numbers):
        return numbers
    return None
