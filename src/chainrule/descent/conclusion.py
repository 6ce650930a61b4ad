"""The lab's question answered from runs: which learning rate and how many epochs, and why.

:func:`conclude` sweeps learning rates up to the divergence limit (plus the lab's own
rates), finds the run that gets within the tolerance of the optimum in the fewest
epochs, and sets that against the lab's conclusion that lr = 0.01 is best.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from chainrule import arguments
from chainrule.budget import budgeted
from chainrule.descent.data import Dataset, lab_data
from chainrule.descent.stability import predict, stability
from chainrule.descent.status import B0, M0, TOL
from chainrule.descent.surface import loss_surface
from chainrule.descent.sweep import MAX_CELLS, SweepResult, learning_rates, sweep
from chainrule.descent.training import MAX_EPOCHS, check_settings
from chainrule.errors import ConfigError
from chainrule.words import Text

#: The learning rates the lab tried, and the one it concluded was best.
LAB_LRS = (0.001, 0.01, 0.1)
LAB_CHOICE = 0.01
#: Learning rates tried between lr_max/1000 and lr_max (log spaced) by default,
#: then around the best of them (linearly spaced).
GRID = 300
ZOOM = 101
#: The lab's choice counts as the fastest when the best rate is at most this much faster.
NEAR_OPTIMAL = 1.1
#: Below this condition number the loss surface is nearly round; from the second, a long
#: narrow valley (a rate small enough for the steep direction crawls along the flat one).
ROUND, VALLEY = 2.0, 10.0
ENGLISH = Text("en")


@dataclass(frozen=True)
class Outcome:
    """How one learning rate did: epochs to the tolerance (run and theory), final status."""

    lr: float
    epochs: int  # the length of its run
    epochs_to_tol: int | None  # from the run; None if it did not get there
    predicted: int | None  # from the stability analysis; None if never
    status: str  # at the end of the run
    overflow_epoch: int | None

    def describe(self, words: Text = ENGLISH) -> str:
        """``lr = 0.01 gets there at epoch 1437``, or why it does not."""
        lr = f"{self.lr:.4g}"
        if self.epochs_to_tol is not None:
            return words("outcome.reaches", lr=lr, epochs=self.epochs_to_tol)
        if self.overflow_epoch is not None:
            return words("outcome.overflows", lr=lr, epoch=self.overflow_epoch)
        if self.status == "diverged":
            return words("outcome.diverges", lr=lr)
        status = words(f"status.{self.status}")
        if self.predicted is not None:
            return words(
                "outcome.short_theory",
                lr=lr,
                horizon=self.epochs,
                status=status,
                predicted=self.predicted,
            )
        return words("outcome.short", lr=lr, horizon=self.epochs, status=status)


@dataclass(frozen=True)
class Conclusion:
    """The answer, as data; :meth:`sentences` says it in words."""

    tol: float
    horizon: int  # epochs each run of the search's grid was given
    runs: int  # runs made: the grid, the zoom around its best, the lab's rates
    best: Outcome
    lab_choice: Outcome
    lab_rates: tuple[Outcome, ...]
    lr_opt_run: Outcome
    lr_max: float
    lr_opt: float
    condition: float

    @property
    def speedup(self) -> float | None:
        """How many times more epochs the lab's choice needs than the best rate."""
        if self.lab_choice.epochs_to_tol is None or not self.best.epochs_to_tol:
            return None
        return self.lab_choice.epochs_to_tol / self.best.epochs_to_tol

    @property
    def lab_pick_best_of_its_rates(self) -> bool:
        """Whether the lab's choice is the fastest of the rates the lab tried."""
        ranks = [(o.epochs_to_tol is None, o.epochs_to_tol or 0, o.lr) for o in self.lab_rates]
        return min(ranks)[2] == self.lab_choice.lr and self.lab_choice.epochs_to_tol is not None

    @property
    def shape(self) -> str:
        """``"round"``, ``"valley"`` (a long narrow one) or ``"oval"``, by the condition number."""
        if self.condition < ROUND:
            return "round"
        return "valley" if self.condition >= VALLEY else "oval"

    def sentences(self, words: Text = ENGLISH) -> list[str]:
        """The conclusion in a few plain sentences, each computed from the runs."""
        best, lab = self.best, self.lab_choice
        out = [
            words(
                "concl.best",
                runs=self.runs,
                horizon=self.horizon,
                tol=f"{self.tol:g}",
                lr=f"{best.lr:.4g}",
                epochs=best.epochs_to_tol,
            )
        ]
        if self.speedup is not None and self.speedup > NEAR_OPTIMAL:
            speedup = f"{self.speedup:.1f}"
            lr, epochs = f"{lab.lr:.4g}", lab.epochs_to_tol
            out.append(words("concl.lab_choice", lr=lr, epochs=epochs, speedup=speedup))
        elif self.speedup is not None:
            out.append(
                words("concl.lab_choice_as_fast", lr=f"{lab.lr:.4g}", epochs=lab.epochs_to_tol)
            )
        else:
            out.append(words("concl.lab_choice_short", outcome=lab.describe(words)))
        others = "; ".join(o.describe(words) for o in self.lab_rates if o.lr != lab.lr)
        if others:
            if self.lab_pick_best_of_its_rates:
                key = "concl.lab_pick_right"
            elif all(o.epochs_to_tol is None for o in self.lab_rates):
                key = "concl.lab_pick_none"
            else:
                key = "concl.lab_pick_wrong"
            out.append(words(key, others=others))
        share = f"{100 * best.lr / self.lr_max:.1f}"
        limits = [words("concl.limits", lr_max=f"{self.lr_max:.4g}", share=share)]
        opt = self.lr_opt_run
        if opt.epochs_to_tol is not None:
            limits.append(
                words("concl.lr_opt", lr_opt=f"{self.lr_opt:.4g}", epochs=opt.epochs_to_tol)
            )
        else:
            limits.append(
                words("concl.lr_opt_short", lr_opt=f"{self.lr_opt:.4g}", horizon=opt.epochs)
            )
        kappa = f"{self.condition:.3g}"
        limits.append(words(f"concl.{self.shape}", kappa=kappa, epochs=best.epochs_to_tol))
        out.append(" ".join(limits))
        return out

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["speedup"] = self.speedup
        out["lab_pick_best_of_its_rates"] = self.lab_pick_best_of_its_rates
        out["shape"] = self.shape
        out["sentences"] = self.sentences()
        return out


def _check_arguments(
    data: Any, m0: Any, b0: Any, tol: Any, lab_lrs: Any, lab_choice: Any
) -> list[float]:
    """The lab's rates, once :func:`conclude`'s arguments are checked (an error names one)."""
    arguments.number("lab_choice", lab_choice, error=ConfigError, low=0.0)
    check_settings(lr=lab_choice, epochs=1, m0=m0, b0=b0, tol=tol, data=data)
    return [float(lr) for lr in learning_rates("lab_lrs", lab_lrs)]


@budgeted(lambda **_: "the conclusion's runs")
def conclude(
    *,
    data: Dataset | None = None,
    m0: float = M0,
    b0: float = B0,
    tol: float = TOL,
    lab_lrs: Sequence[float] = LAB_LRS,
    lab_choice: float = LAB_CHOICE,
    timeout: float | None = None,
) -> Conclusion:
    """Sweep rates up to ``lr_max``, run the lab's rates, and report the fastest to ``tol``.

    Each run gets enough epochs for what theory says it needs (at most
    :data:`~chainrule.descent.training.MAX_EPOCHS`); the answer is read from the runs. ``timeout``:
    seconds it may take (default: see :mod:`chainrule.budget`).
    """
    lab_lrs = _check_arguments(data, m0, b0, tol, lab_lrs, lab_choice)
    data = lab_data() if data is None else data
    surface = loss_surface(data)
    limits = stability(surface=surface)

    def needs(lr: float) -> int:
        """Epochs that cover what theory predicts for ``lr`` (1000 at least)."""
        k = predict(surface=surface, lr=lr, epochs=1, m0=m0, b0=b0, tol=tol).epochs_to_tol
        return min(MAX_EPOCHS, max(1000, int(1.25 * (k or 0)) + 1))

    horizon = needs(limits.lr_opt)
    count = max(2, min(GRID, MAX_CELLS // (horizon + 1) - 1))
    grid = np.geomspace(limits.lr_max / 1000, limits.lr_max, count)
    rates = np.unique(np.append(grid, limits.lr_opt))
    result = sweep(data=data, lrs=rates, epochs=[horizon], m0=m0, b0=b0, tol=tol)
    best = _fastest(result)
    if best is None:
        raise ConfigError(
            f"no learning rate gets within tol {tol:g} of the optimum in {horizon} epochs"
        )
    # Zoom in: the best rate lies between the neighbours of the best grid point.
    low, high = rates[max(best - 1, 0)], rates[min(best + 1, rates.size - 1)]
    zoom_lrs = np.linspace(low, high, max(2, min(ZOOM, MAX_CELLS // (horizon + 1))))
    zoom = sweep(data=data, lrs=zoom_lrs, epochs=[horizon], m0=m0, b0=b0, tol=tol)
    fastest = _fastest(zoom)
    assert fastest is not None  # the zoom contains the best grid point

    def run(lr: float) -> Outcome:
        return _outcome(sweep(data=data, lrs=[lr], epochs=[needs(lr)], m0=m0, b0=b0, tol=tol), 0)

    lab = {lr: run(lr) for lr in dict.fromkeys([*lab_lrs, lab_choice])}
    return Conclusion(
        tol=tol,
        horizon=horizon,
        runs=rates.size + zoom.lrs.size + len(lab),
        best=_outcome(zoom, fastest),
        lab_choice=lab[lab_choice],
        lab_rates=tuple(lab[lr] for lr in lab_lrs),
        lr_opt_run=_outcome(result, int(np.searchsorted(rates, limits.lr_opt))),
        lr_max=limits.lr_max,
        lr_opt=limits.lr_opt,
        condition=limits.condition,
    )


def _fastest(result: SweepResult) -> int | None:
    """The run that got within tol first (the larger lr on a tie); None if none did."""
    reached = result.epochs_to_tol >= 0
    if not reached.any():
        return None
    first = result.epochs_to_tol[reached].min()
    return int(np.flatnonzero(reached & (result.epochs_to_tol == first))[-1])


def _outcome(result: SweepResult, i: int) -> Outcome:
    lr = float(result.lrs[i])
    theory = predict(
        surface=result.surface, lr=lr, epochs=1, m0=result.m0, b0=result.b0, tol=result.tol
    )
    reached, overflow = int(result.epochs_to_tol[i]), int(result.overflow_epoch[i])
    return Outcome(
        lr=lr,
        epochs=result.epochs[-1],
        epochs_to_tol=reached if reached >= 0 else None,
        predicted=theory.epochs_to_tol,
        status=str(result.status[i, -1]),
        overflow_epoch=overflow if overflow >= 0 else None,
    )
