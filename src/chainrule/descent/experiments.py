"""The lab's experiment table, as data, and runs of it or of a user's TOML experiments file.

An experiments file lists runs; ``data``, ``m0`` and ``b0`` at the top apply to every run
unless a run sets its own::

    data = { n = 100, noise = 1.0, seed = 1337 }   # the generator's settings, or
    # data = { csv = "points.csv" }                # a CSV file beside this one
    m0 = 0.33
    b0 = 0.48

    [[run]]
    name = "baseline"      # optional
    lr = 0.01
    epochs = 1000
    expect = { m = 2.003222509810484, b = 3.3248920388471914, final_mse = 1.0241824830839787 }

    [[run]]
    lr = 0.1
    epochs = 1000
    expect = { overflow_epoch = 199 }
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chainrule import arguments
from chainrule.budget import budgeted
from chainrule.descent.data import LAB_RECIPE, Dataset, lab_data, load_csv
from chainrule.descent.optimizers import Optimizer, Schedule, as_optimizer, as_schedule
from chainrule.descent.status import B0, M0, TOL
from chainrule.descent.training import METHODS, TrainResult, train
from chainrule.errors import BudgetExceededError, ChainruleError, ConfigError
from chainrule.safe_files import read_toml

#: A lab number is reproduced when chainrule's value is this close (relative).
RTOL = 1e-9
#: Most runs one experiments file may hold.
MAX_RUNS = 1000


@dataclass(frozen=True)
class Expected:
    """Numbers a run should reproduce: the final ``m, b, final_mse``, or its overflow epoch."""

    m: float | None = None
    b: float | None = None
    final_mse: float | None = None
    overflow_epoch: int | None = None


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
        expect=Expected(2.003222509810484, 3.3248920388471914, 1.0241824830839787),
    ),
    Experiment(
        "1",
        0.01,
        200,
        expect=Expected(2.142493733590308, 2.3986413449255664, 1.250220311528887),
    ),
    Experiment(
        "2",
        0.001,
        1000,
        expect=Expected(2.234267465666658, 1.7882820710393608, 1.6372142601852175),
    ),
    Experiment(
        "3",
        0.01,
        2000,
        expect=Expected(2.000591763571137, 3.3423883346618903, 1.0241037070031567),
    ),
    Experiment("4", 0.1, 1000, expect=Expected(overflow_epoch=199)),
    Experiment(
        "5",
        0.1,
        100,
        expect=Expected(-1.0801217418175042e77, -1.624073026895325e76, 4.0865746532122445e155),
    ),
)


@dataclass(frozen=True, eq=False)
class ExperimentRun:
    """An experiment and its run, checked against what it expected."""

    experiment: Experiment
    result: TrainResult

    @property
    def deviation(self) -> float | None:
        """Largest relative difference from the expected ``m, b, final_mse`` (None: none given)."""
        expect, r = self.experiment.expect, self.result
        if expect is None:
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
        """Whether the run matches what it expected (None: it expected nothing)."""
        expect = self.experiment.expect
        if expect is None:
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
            "expected": None if expect is None else vars(expect).copy(),
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

    def to_dict(self) -> dict[str, Any]:
        done, checked = self.reproduced
        return {
            "source": self.source,
            "rtol": RTOL,
            "reproduced": done,
            "checked": checked,
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
    """Run each experiment (by default the lab's table) and check it against its numbers
    (within ``timeout`` seconds in all; default: see :mod:`chainrule.budget`).

    ``optimizer`` and ``schedule`` (as for :func:`~chainrule.descent.training.train`) apply to
    every run; the lab's numbers are plain descent's, so another rule will not reproduce them.
    """
    _check_arguments(experiments, source, method)
    optimizer, schedule = as_optimizer(optimizer), as_schedule(schedule)
    default: Dataset | None = None
    runs = []
    for e in experiments:
        if e.data is None and default is None:
            default = lab_data()
        data = default if e.data is None else e.data
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
        runs.append(ExperimentRun(experiment=e, result=result))
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


_TOP_KEYS = {"data", "m0", "b0", "run"}
_RUN_KEYS = {"name", "lr", "epochs", "m0", "b0", "data", "expect"}
_EXPECT_KEYS = {"m", "b", "final_mse", "overflow_epoch"}


def load_experiments(path: str | Path) -> tuple[Experiment, ...]:
    """Read a TOML experiments file (see the module docstring); one-line errors name the spot."""
    where = str(path)
    doc = read_toml(path, error=ConfigError, kind="an experiments file")
    _known(doc, _TOP_KEYS, where)
    runs = doc.get("run")
    if not isinstance(runs, list) or not runs or not all(isinstance(r, dict) for r in runs):
        raise ConfigError(f"{where}: no runs; add one or more [[run]] tables with lr and epochs")
    if len(runs) > MAX_RUNS:
        raise ConfigError(f"{where}: {len(runs)} runs; at most {MAX_RUNS}")
    base = Path(path).parent
    cache: dict[tuple[tuple[str, Any], ...], Dataset] = {}
    shared = doc.get("data")
    experiments = []
    for i, run in enumerate(runs, start=1):
        name = run.get("name", str(i))
        if not isinstance(name, str) or not name:
            raise ConfigError(f"{where}: run {i}: name must be a non-empty string")
        here = f"{where}: run {i} ({name})" if "name" in run else f"{where}: run {i}"
        _known(run, _RUN_KEYS, here)
        for key in ("lr", "epochs"):
            if key not in run:
                raise ConfigError(f"{here}: missing {key}")
        spec = run.get("data", shared)
        experiments.append(
            Experiment(
                name=name,
                lr=_number(run["lr"], "lr", here),
                epochs=_whole(run["epochs"], "epochs", here),
                m0=_number(run.get("m0", doc.get("m0", M0)), "m0", here),
                b0=_number(run.get("b0", doc.get("b0", B0)), "b0", here),
                data=None if spec is None else _data(spec, base, cache, here),
                expect=_expected(run["expect"], here) if "expect" in run else None,
            )
        )
    return tuple(experiments)


def _known(table: Mapping[str, Any], keys: set[str], where: str) -> None:
    unknown = sorted(set(table) - keys)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r} (expected one of {', '.join(sorted(keys))})"
        )


def _number(value: Any, key: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: {key} must be a number, got {value!r}")
    return float(value)


def _whole(value: Any, key: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{where}: {key} must be a whole number, got {value!r}")
    return value


def _data(
    spec: Any, base: Path, cache: dict[tuple[tuple[str, Any], ...], Dataset], where: str
) -> Dataset:
    if not isinstance(spec, dict):
        raise ConfigError(
            f"{where}: data must be a table, e.g. {{ n = 100 }} or {{ csv = 'f.csv' }}"
        )
    if "csv" in spec:
        if len(spec) > 1 or not isinstance(spec["csv"], str):
            raise ConfigError(f"{where}: data = {{ csv = 'file.csv' }} takes nothing else")
        spec = {"csv": str(base / spec["csv"])}
    else:
        _known(spec, set(LAB_RECIPE), f"{where}: data")
    key = tuple(sorted(spec.items()))
    if key not in cache:
        try:
            cache[key] = load_csv(spec["csv"]) if "csv" in spec else lab_data(**spec)
        except ChainruleError as exc:
            raise ConfigError(f"{where}: {exc}") from None
    return cache[key]


def _expected(spec: Any, where: str) -> Expected:
    if not isinstance(spec, dict):
        raise ConfigError(f"{where}: expect must be a table, e.g. {{ m = 2.0, b = 3.5 }}")
    _known(spec, _EXPECT_KEYS, f"{where}: expect")
    numbers = {k: _number(spec[k], k, where) for k in ("m", "b", "final_mse") if k in spec}
    for k, v in numbers.items():
        if v == 0.0 or not math.isfinite(v):
            raise ConfigError(f"{where}: expect.{k} must be finite and non-zero, got {v!r}")
    overflow = spec.get("overflow_epoch")
    return Expected(
        **numbers,
        overflow_epoch=None if overflow is None else _whole(overflow, "overflow_epoch", where),
    )
