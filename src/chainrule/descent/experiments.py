"""The lab's experiment table, as data, and runs of it checked against expected numbers.

Expected numbers were measured on some data: :attr:`Expected.data` holds the
:func:`fingerprint` of those points, and a run on other points is not compared with them
(:attr:`ExperimentRun.other_data`). A lab configuration (:mod:`chainrule.report.config`)
is the file form of an experiment table.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule import arguments
from chainrule.budget import budgeted
from chainrule.descent.data import Dataset, lab_data
from chainrule.descent.optimizers import Optimizer, Schedule, as_optimizer, as_schedule
from chainrule.descent.status import B0, M0, TOL
from chainrule.descent.training import METHODS, TrainResult, train
from chainrule.errors import BudgetExceededError, ChainruleError, ConfigError

#: A lab number is reproduced when chainrule's value is this close (relative).
RTOL = 1e-9
#: Most runs one experiment table may hold.
MAX_RUNS = 1000
#: Hex digits of a :func:`fingerprint`.
FINGERPRINT_DIGITS = 16
#: The fingerprint of the lab's data (:func:`~chainrule.descent.data.lab_data` with its
#: defaults): the data the lab's printed numbers were measured on.
LAB_DATA = "b3426b1614f152f5"


def fingerprint(data: Dataset) -> str:
    """A short hash of the points (x, then y, as little-endian float64): equal points, equal
    fingerprint, whether generated or read from a CSV file."""
    digest = hashlib.sha256()
    for column in (data.x, data.y):
        digest.update(np.ascontiguousarray(column, dtype="<f8").data)
    return digest.hexdigest()[:FINGERPRINT_DIGITS]


@dataclass(frozen=True)
class Expected:
    """Numbers a run should reproduce: the final ``m, b, final_mse``, or its overflow epoch."""

    m: float | None = None
    b: float | None = None
    final_mse: float | None = None
    overflow_epoch: int | None = None
    # The fingerprint of the data these numbers were measured on (None: the run's own data).
    data: str | None = None


@dataclass(frozen=True, eq=False)
class Experiment:
    """One run to make: ``lr`` for ``epochs`` from ``(m0, b0)`` on ``data`` (None: the lab's)."""

    name: str
    lr: float
    epochs: int
    m0: float = M0
    b0: float = B0
    data: Dataset | None = None
    expect: Expected | None = None


#: The lab's six experiments and the numbers its report printed.
LAB_EXPERIMENTS: tuple[Experiment, ...] = (
    Experiment(
        "0",
        0.01,
        1000,
        expect=Expected(2.003222509810484, 3.3248920388471914, 1.0241824830839787, data=LAB_DATA),
    ),
    Experiment(
        "1",
        0.01,
        200,
        expect=Expected(2.142493733590308, 2.3986413449255664, 1.250220311528887, data=LAB_DATA),
    ),
    Experiment(
        "2",
        0.001,
        1000,
        expect=Expected(2.234267465666658, 1.7882820710393608, 1.6372142601852175, data=LAB_DATA),
    ),
    Experiment(
        "3",
        0.01,
        2000,
        expect=Expected(2.000591763571137, 3.3423883346618903, 1.0241037070031567, data=LAB_DATA),
    ),
    Experiment("4", 0.1, 1000, expect=Expected(overflow_epoch=199, data=LAB_DATA)),
    Experiment(
        "5",
        0.1,
        100,
        expect=Expected(
            -1.0801217418175042e77, -1.624073026895325e76, 4.0865746532122445e155, data=LAB_DATA
        ),
    ),
)


@dataclass(frozen=True, eq=False)
class ExperimentRun:
    """An experiment and its run, checked against what it expected."""

    experiment: Experiment
    result: TrainResult
    data_fingerprint: str = ""  # of the run's data ("": not known, taken as matching)

    @property
    def other_data(self) -> bool:
        """Whether the expected numbers were measured on other data than the run's (then
        they are not compared)."""
        expect = self.experiment.expect
        if expect is None or expect.data is None or not self.data_fingerprint:
            return False
        return expect.data != self.data_fingerprint

    @property
    def deviation(self) -> float | None:
        """Largest relative difference from the expected ``m, b, final_mse`` (None: none
        given, or given for other data)."""
        expect, r = self.experiment.expect, self.result
        if expect is None or self.other_data:
            return None
        pairs = [(expect.m, r.m), (expect.b, r.b), (expect.final_mse, r.final_mse)]
        wanted = [(want, got) for want, got in pairs if want is not None]
        if not wanted:
            return None
        if r.overflow_epoch is not None:
            return math.inf  # numbers were expected, the run overflowed
        return max(abs(got - want) / abs(want) for want, got in wanted)

    @property
    def reproduces(self) -> bool | None:
        """Whether the run matches what it expected (None: it expected nothing, or nothing
        for these data)."""
        expect = self.experiment.expect
        if expect is None or self.other_data:
            return None
        if (
            expect.overflow_epoch is not None
            and expect.overflow_epoch != self.result.overflow_epoch
        ):
            return False
        deviation = self.deviation
        return deviation is None or deviation <= RTOL

    def to_dict(self) -> dict[str, Any]:
        e = self.experiment
        expect = e.expect
        return {
            "name": e.name,
            **self.result.to_dict(),
            "data_fingerprint": self.data_fingerprint,
            "expected": None if expect is None else vars(expect).copy(),
            "expected_for_other_data": self.other_data,
            "deviation": self.deviation,
            "reproduces": self.reproduces,
        }


@dataclass(frozen=True, eq=False)
class ExperimentsResult:
    """Every run of an experiments table, in order."""

    source: str  # "the lab's table" or the file's path
    runs: tuple[ExperimentRun, ...]

    @property
    def reproduced(self) -> tuple[int, int]:
        """How many runs matched what they expected, of how many expected something."""
        checked = [r.reproduces for r in self.runs if r.reproduces is not None]
        return sum(checked), len(checked)

    @property
    def other_data(self) -> tuple[str, ...]:
        """The names of the runs whose expected numbers belong to other data (not compared)."""
        return tuple(r.experiment.name for r in self.runs if r.other_data)

    def to_dict(self) -> dict[str, Any]:
        done, checked = self.reproduced
        return {
            "source": self.source,
            "rtol": RTOL,
            "reproduced": done,
            "checked": checked,
            "not_compared": list(self.other_data),  # expected numbers for other data
            "runs": [r.to_dict() for r in self.runs],
        }


@budgeted(lambda **_: "the experiments")
def run_experiments(
    *,
    experiments: Sequence[Experiment] = LAB_EXPERIMENTS,
    source: str = "the lab's table",
    method: str = "fast",
    tol: float = TOL,
    optimizer: Optimizer | str = "gd",
    schedule: Schedule | str = "constant",
    timeout: float | None = None,
) -> ExperimentsResult:
    """Run each experiment (by default the lab's table) and check it against its numbers,
    unless they were measured on other data (within ``timeout`` seconds in all; default: see
    :mod:`chainrule.budget`).

    ``optimizer`` and ``schedule`` (as for :func:`~chainrule.descent.training.train`) apply to
    every run; the lab's numbers are plain descent's, so another rule will not reproduce them.
    """
    _check_arguments(experiments, source, method)
    optimizer, schedule = as_optimizer(optimizer), as_schedule(schedule)
    default: Dataset | None = None
    prints: dict[int, str] = {}  # id(data) -> its fingerprint, made once per dataset
    runs = []
    for e in experiments:
        data = e.data
        if data is None:
            data = default = lab_data() if default is None else default
        try:
            result = train(
                data=data,
                lr=e.lr,
                epochs=e.epochs,
                m0=e.m0,
                b0=e.b0,
                method=method,
                tol=tol,
                optimizer=optimizer,
                schedule=schedule,
            )
        except BudgetExceededError:
            raise
        except ChainruleError as exc:
            raise ConfigError(f"experiment {e.name}: {exc}") from None
        if id(data) not in prints:
            prints[id(data)] = fingerprint(data)
        runs.append(ExperimentRun(experiment=e, result=result, data_fingerprint=prints[id(data)]))
    return ExperimentsResult(source=source, runs=tuple(runs))


def _check_arguments(experiments: Any, source: Any, method: Any) -> None:
    """:func:`run_experiments`' arguments of the right kind, or ConfigError naming one."""
    runs = isinstance(experiments, (list, tuple))
    if not runs or not all(isinstance(e, Experiment) for e in experiments):
        raise ConfigError(
            f"experiments must be a list of Experiment, got {arguments.shown(experiments)}"
        )
    arguments.text("source", source, error=ConfigError)
    arguments.choice("method", method, METHODS, error=ConfigError)
