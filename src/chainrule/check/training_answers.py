"""Task 2 answers: a run's m, b and MSE, lr_max, lr_opt, its status and the best learning rate.

Numbers are judged at the precision the learner wrote. A wrong number is compared with
the common slips, each computed by running chainrule's training on the slipped
variant: the MSE before the last update, 1/n instead of 2/n in the gradient (the same
run at half the learning rate), one epoch off, another seed of the data, another start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.budget import budgeted
from chainrule.check.answer_lists import (
    AnswerItem,
    Written,
    agrees,
    split_answers,
    truncated,
    written_number,
)
from chainrule.check.item_checks import ItemCheck, markdown, overall, words
from chainrule.check.verdict import Mistake, Verdict
from chainrule.descent.data import Dataset, lab_data
from chainrule.descent.experiments import LAB_EXPERIMENTS
from chainrule.descent.status import B0, DIVERGENT, M0, TOL
from chainrule.descent.sweep import learning_rates, sweep
from chainrule.descent.training import TrainResult, check_settings, train
from chainrule.errors import OptionError
from chainrule.words import Text

#: Seeds a learner may have used instead of the task's.
SEEDS = (0, 1, 42, 123, 1234, 2024)
#: Starts a learner may have used instead of the task's.
STARTS = ((0.0, 0.0), (1.0, 1.0))
#: Item names, and what a learner may call them.
NAMES = {
    "m": "m",
    "slope": "m",
    "w": "m",
    "b": "b",
    "intercept": "b",
    "mse": "mse",
    "final_mse": "mse",
    "loss": "mse",
    "lr_max": "lr_max",
    "lr_opt": "lr_opt",
    "status": "status",
    "best": "best",
    "best_lr": "best",
}
STATUSES = ("converged", "slow", "oscillating", "diverged", "overflow")
#: What a learner may write for a status.
STATUS_WORDS = {
    "converges": "converged",
    "convergence": "converged",
    "descending": "slow",
    "still descending": "slow",
    "oscillates": "oscillating",
    "diverges": "diverged",
    "divergence": "diverged",
    "overflowed": "overflow",
}


@dataclass(frozen=True)
class TrainingCheck:
    """The result of :func:`check_training`: the verdict on the list and on each item."""

    lr: float
    epochs: int
    data: Dataset
    verdict: Verdict
    items: tuple[ItemCheck, ...]

    @property
    def exit_code(self) -> int:
        return self.verdict.exit_code

    def to_dict(self) -> dict[str, Any]:
        return {
            "lr": self.lr,
            "epochs": self.epochs,
            "data": self.data.to_dict(),
            "verdict": str(self.verdict),
            "items": [item.to_dict() for item in self.items],
        }

    def __repr__(self) -> str:
        marks = ", ".join(f"{i.name}: {i.verdict}" for i in self.items)
        return f"TrainingCheck(lr={self.lr:g}, epochs={self.epochs}: {self.verdict}; {marks})"

    def _repr_markdown_(self) -> str:
        return markdown(f"lr = {self.lr:g}, {self.epochs} epochs", self.verdict, self.items)


@budgeted(lambda **_: "the check of the training answers")
def check_training(
    *,
    answer: str,
    lr: float = 0.01,
    epochs: int = 1000,
    data: Dataset | None = None,
    m0: float = M0,
    b0: float = B0,
    tol: float = TOL,
    lrs: Sequence[float] | None = None,
    lang: str = "en",
    timeout: float | None = None,
) -> TrainingCheck:
    """Judge ``answer`` (``"m=2.0032, b=3.3249, mse=1.0242"``; also ``lr_max``, ``lr_opt``,
    ``status`` and ``best``) for the run :func:`~chainrule.descent.training.train` makes with
    these settings. ``best`` is the fastest of ``lrs`` (default: the lab's experiments' rates)
    to reach ``tol``. ``lang``: ``"en"`` or ``"uk"``. ``timeout``: seconds.
    """
    text = words(lang)
    check_settings(lr=lr, epochs=epochs, m0=m0, b0=b0, tol=tol, data=data)
    items = split_answers(answer)
    candidates = None if lrs is None else learning_rates("lrs", lrs)
    data = lab_data() if data is None else data
    judge = _Judge(train(data=data, lr=lr, epochs=epochs, m0=m0, b0=b0, tol=tol), text)
    judge.candidates = candidates
    checked = tuple(judge.item(item) for item in items)
    return TrainingCheck(
        lr=float(lr), epochs=int(epochs), data=data, verdict=overall(checked), items=checked
    )


def _values(run: TrainResult) -> dict[str, float]:
    return {"m": run.m, "b": run.b, "mse": run.final_mse}


class _Judge:
    """One run, and its slipped variants run on demand."""

    def __init__(self, run: TrainResult, text: Text) -> None:
        self.run, self.text = run, text
        self.candidates: np.ndarray | None = None
        self._variants: list[tuple[Mistake, dict[str, float]]] | None = None

    def item(self, item: AnswerItem) -> ItemCheck:
        name = NAMES.get(item.name.lower())
        if name is None:
            known = ", ".join(dict.fromkeys(NAMES.values()))
            raise OptionError(f"answer: unknown item {item.name!r}; the items are {known}")
        if name == "status":
            return self._status(item)
        written = written_number(item.text)
        if written is None:
            raise OptionError(
                f"answer: {item.name} must be a number, got {item.text[:40]!r}"
                f" (column {item.column})"
            )
        if name == "best":
            return self._best(item, written)
        limits = self.run.stability
        rights = {**_values(self.run), "lr_max": limits.lr_max, "lr_opt": limits.lr_opt}
        right = rights[name]
        ok = agrees(written, right)
        mistakes: tuple[Mistake, ...] = ()
        if not ok:
            slips = self._limit_slips(name) if name.startswith("lr_") else self._run_slips(name)
            mistakes = tuple(m for m, value in slips if agrees(written, value))
            if truncated(written, right):
                mistakes += (self._mistake("truncated", "ca.slip.truncated"),)
        method = self.text("ca.method.digits", digits=written.judged)
        if written.exact:
            method = self.text("ca.method.exact")
        verdict = Verdict.EQUIVALENT if ok else Verdict.NOT_EQUIVALENT
        return ItemCheck(item.name, item.text, verdict, method, f"{right!r}", mistakes)

    def _mistake(self, rule: str, key: str, **values: Any) -> Mistake:
        """A slip; its step is the part of the lab it is in, the same as its rule's name."""
        part = self.text(f"ca.rule.{rule}")
        return Mistake(part, part, self.text(key, **values))

    def _limit_slips(self, name: str) -> list[tuple[Mistake, float]]:
        """``lr_max`` or ``lr_opt`` as the usual slips of their formulas give them."""
        big, small = self.run.stability.lambda_max, self.run.stability.lambda_min
        if name == "lr_max":
            wrong = {
                "lr_max_two": 1 / big,
                "lr_max_half_gradient": 4 / big,
                "lr_max_min": 2 / small,
            }
        else:
            wrong = {"lr_opt_two": 1 / (big + small), "lr_opt_max": 2 / big}
        return [(self._mistake("stability", f"ca.slip.{k}"), v) for k, v in wrong.items()]

    def _run_slips(self, name: str) -> list[tuple[Mistake, float]]:
        """Each slipped variant's value of ``m``, ``b`` or ``mse``."""
        if self._variants is None:
            self._variants = list(self._slipped_runs())
        return [(mistake, values[name]) for mistake, values in self._variants if name in values]

    def _slipped_runs(self) -> Any:
        """(mistake, values) of every variant: each is a run of chainrule's own training."""
        run = self.run
        settings: dict[str, Any] = {
            "data": run.data,
            "lr": run.lr,
            "epochs": run.epochs,
            "m0": run.m0,
        }
        settings |= {"b0": run.b0, "tol": run.tol}
        if len(run.history) >= 2 and run.overflow_epoch is None:
            before = {"mse": float(run.history[-2])}
            yield self._mistake("mse", "ca.slip.mse_before"), before
        again: Callable[..., dict[str, float]] = lambda **change: _values(
            train(**(settings | change))
        )
        yield self._mistake("gradient", "ca.slip.half_gradient"), again(lr=run.lr / 2)
        for epochs in (run.epochs - 1, run.epochs + 1):
            if epochs >= 1:
                mistake = self._mistake("epochs", "ca.slip.epochs", epochs=epochs)
                yield mistake, again(epochs=epochs)
        recipe = dict(run.data.recipe)
        if recipe.pop("source") == "lab":
            seed = recipe.pop("seed")
            for other in SEEDS:
                if other != seed:
                    data = lab_data(**recipe, seed=other)
                    mistake = self._mistake("data", "ca.slip.seed", seed=other)
                    yield mistake, again(data=data)
        for m0, b0 in STARTS:
            if (m0, b0) != (run.m0, run.b0):
                mistake = self._mistake("start", "ca.slip.init", m0=m0, b0=b0)
                yield mistake, again(m0=m0, b0=b0)

    def _status(self, item: AnswerItem) -> ItemCheck:
        said = item.text.strip().lower()
        said = STATUS_WORDS.get(said, said)
        if said not in STATUSES:
            raise OptionError(
                f"answer: status must be one of {', '.join(STATUSES)}, got {item.text[:40]!r}"
            )
        run, right = self.run, self.run.status
        ok = said == right
        mistakes = () if ok else (self._status_mistake(said),)
        verdict = Verdict.EQUIVALENT if ok else Verdict.NOT_EQUIVALENT
        return ItemCheck(
            item.name, item.text, verdict, self.text("ca.method.word"), run.status, mistakes
        )

    def _status_mistake(self, said: str) -> Mistake:
        run = self.run
        numbers = {"lr": f"{run.lr:g}", "lr_max": f"{run.stability.lr_max:.6g}"}
        unstable = run.status in DIVERGENT
        if (said in DIVERGENT) != unstable:
            key = "status_unstable" if unstable else "status_stable"
            return self._mistake("status", f"ca.slip.{key}", **numbers)
        if said in DIVERGENT:  # both diverge: whether the MSE left float64 tells them apart
            key = "status_overflow" if run.status == "overflow" else "status_finite"
            epoch = run.overflow_epoch if run.overflow_epoch is not None else run.epochs
            return self._mistake("status", f"ca.slip.{key}", epoch=epoch)
        if "converged" in (said, run.status):
            key = "status_converged" if run.status == "converged" else "status_not_converged"
            return self._mistake("status", f"ca.slip.{key}", tol=f"{run.tol:g}")
        return self._mistake("status", "ca.slip.status_zigzag")

    def _best(self, item: AnswerItem, written: Written) -> ItemCheck:
        """The candidate that reaches ``tol`` first (then: the lowest final MSE)."""
        run = self.run
        lrs = self.candidates
        if lrs is None:
            lrs = np.unique([e.lr for e in LAB_EXPERIMENTS])
        result = sweep(data=run.data, lrs=lrs, epochs=run.epochs, m0=run.m0, b0=run.b0, tol=run.tol)
        ranked = result.best(len(lrs))
        right = ranked[0]["lr"]
        ok = agrees(written, right)
        mistakes: tuple[Mistake, ...] = ()
        if not ok:
            chosen = [r for r in ranked if agrees(written, r["lr"])]
            if not chosen:
                listed = ", ".join(f"{lr:g}" for lr in lrs)
                key, values = "best_not_candidate", {"lr": item.text, "candidates": listed}
            elif chosen[0]["status"] in DIVERGENT:
                key, values = "best_diverges", {"lr": f"{chosen[0]['lr']:g}"}
            else:
                key, values = "best_slower", {"lr": f"{chosen[0]['lr']:g}"}
            mistakes = (self._mistake("best", f"ca.slip.{key}", **values),)
        method = self.text("ca.method.digits", digits=written.judged)
        verdict = Verdict.EQUIVALENT if ok else Verdict.NOT_EQUIVALENT
        return ItemCheck(item.name, item.text, verdict, method, f"{right:g}", mistakes)
