"""The lab's parameters: the built-in defaults, and a teacher's variant read from TOML.

A configuration file may give any part of :class:`LabConfig`; what it leaves out keeps
its default. Unknown keys and wrong types are errors naming the key
(``task3.values.a: expected a number, got a string``), never silently ignored.
:func:`to_toml` writes a configuration back, so a report can carry the exact
parameters that rebuild it.
"""

from __future__ import annotations

import dataclasses
import json
import math
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chainrule.descent.conclusion import LAB_CHOICE, LAB_LRS
from chainrule.descent.data import LAB_RECIPE, Dataset, lab_data
from chainrule.descent.experiments import LAB_EXPERIMENTS, Expected, Experiment
from chainrule.descent.status import TOL
from chainrule.descent.sweep import MAX_CELLS, SPACINGS
from chainrule.descent.training import check_settings
from chainrule.errors import ChainruleError, ConfigError, UnknownVariableError
from chainrule.expressions.expr import parse, variables
from chainrule.safe_files import read_toml


@dataclass(frozen=True)
class Task1Config:
    """Task 1: the function whose derivative is taken step by step (the lab's sigmoid)."""

    expression: str = "1/(1 + e**(-x))"
    variable: str = "x"
    # Where the checks, the properties and the plot look; left out: derive()'s
    # default ([-8, 8], or the part of the domain next to its end).
    x_range: tuple[float, ...] | None = None
    saturation: float = 0.1  # |f'| below this fraction of its peak counts as flat

    def __post_init__(self) -> None:
        names = variables(parse(self.expression, variables=[self.variable]))
        if names and self.variable not in names:
            raise UnknownVariableError(
                f"variable: {self.variable} is not in the expression (its variables: "
                f"{', '.join(names)})"
            )
        if self.x_range is not None and (
            len(self.x_range) != 2 or not self.x_range[0] < self.x_range[1]
        ):
            raise ConfigError("x_range: expected two numbers [low, high] with low < high")
        if not 0 < self.saturation < 1:
            raise ConfigError("saturation: expected a fraction between 0 and 1")


def _default(cls: type, name: str) -> Any:
    return next(f.default for f in dataclasses.fields(cls) if f.name == name)


@dataclass(frozen=True)
class DataConfig:
    """Task 2's data: the lab's generator (:func:`~chainrule.descent.data.lab_data`) settings."""

    n: int = LAB_RECIPE["n"]
    slope: float = LAB_RECIPE["slope"]
    intercept: float = LAB_RECIPE["intercept"]
    noise: float = LAB_RECIPE["noise"]  # standard deviation of the Gaussian noise
    x_min: float = LAB_RECIPE["x_min"]
    x_max: float = LAB_RECIPE["x_max"]
    seed: int = LAB_RECIPE["seed"]

    def __post_init__(self) -> None:
        self.dataset()  # the generator checks its settings

    def dataset(self) -> Dataset:
        """The points."""
        return lab_data(**dataclasses.asdict(self))


@dataclass(frozen=True)
class ExperimentConfig:
    """One run of the experiment table, and the numbers the lab printed for it (if any)."""

    name: str
    lr: float
    epochs: int
    lab: Expected | None = None

    def __post_init__(self) -> None:
        if self.lab is not None:
            for key in ("m", "b", "final_mse"):
                if getattr(self.lab, key) == 0.0:
                    raise ConfigError(f"lab.{key}: must be non-zero (differences are relative)")


@dataclass(frozen=True)
class SweepConfig:
    """The learning-rate sweep of the heatmap."""

    # Learning rates from lr_from to lr_to; left out: lr_max/1000 and 1.5*lr_max of the data.
    lr_from: float | None = None
    lr_to: float | None = None
    num: int = 200
    spacing: str = "log"
    epochs: tuple[int, ...] = (10, 100, 1000, 2000)  # the grid's epoch counts

    def __post_init__(self) -> None:
        if self.spacing not in SPACINGS:
            raise ConfigError(f"spacing: expected one of {', '.join(SPACINGS)}")
        if self.num < 2:
            raise ConfigError("num: a sweep needs at least 2 learning rates")
        if not self.epochs or min(self.epochs) < 1:
            raise ConfigError("epochs: expected one or more positive epoch counts")
        if self.num * (max(self.epochs) + 1) > MAX_CELLS:
            raise ConfigError(f"num x epochs: at most {MAX_CELLS:.0e} values in a sweep")
        for key in ("lr_from", "lr_to"):
            value = getattr(self, key)
            if value is not None and not value > 0:
                raise ConfigError(f"{key}: expected a positive learning rate")
        if self.lr_from is not None and self.lr_to is not None and not self.lr_from < self.lr_to:
            raise ConfigError("lr_from must be below lr_to")


@dataclass(frozen=True)
class Task2Config:
    """Task 2: gradient descent on the lab's data, its experiments and a sweep."""

    m0: float = _default(Experiment, "m0")  # the start of every run
    b0: float = _default(Experiment, "b0")
    tol: float = TOL  # a run has converged once its MSE is this close (relative) to the minimum
    lab_lrs: tuple[float, ...] = LAB_LRS  # the learning rates the lab tried...
    lab_choice: float = LAB_CHOICE  # ...and the one it concluded was best
    data: DataConfig = field(default_factory=DataConfig)
    experiments: tuple[ExperimentConfig, ...] = tuple(
        ExperimentConfig(e.name, e.lr, e.epochs, e.expect) for e in LAB_EXPERIMENTS
    )
    sweep: SweepConfig = field(default_factory=SweepConfig)

    def __post_init__(self) -> None:
        if not self.experiments:
            raise ConfigError("experiments: expected one or more runs")
        for i, e in enumerate(self.experiments):
            try:
                check_settings(lr=e.lr, epochs=e.epochs, m0=self.m0, b0=self.b0, tol=self.tol)
            except ChainruleError as exc:
                raise ConfigError(f"experiments[{i}]: {exc}") from None
        if not self.lab_lrs or min(self.lab_lrs) <= 0 or self.lab_choice <= 0:
            raise ConfigError("lab_lrs and lab_choice: expected positive learning rates")

    def experiment(self, e: ExperimentConfig, data: Dataset) -> Experiment:
        """The run to make for ``e`` (chainrule.descent.experiments' form)."""
        return Experiment(e.name, e.lr, e.epochs, self.m0, self.b0, data=data, expect=e.lab)


@dataclass(frozen=True)
class Task3Config:
    """Task 3: the expression traced forward and backward, and its inputs' values."""

    expression: str = "(2*a+b)*(c-d)"
    values: dict[str, float] = field(
        default_factory=lambda: {"a": 3.0, "b": 4.0, "c": 5.0, "d": 6.0}
    )

    def __post_init__(self) -> None:
        names = variables(parse(self.expression, variables=self.values))
        missing = [n for n in names if n not in self.values]
        extra = [n for n in self.values if n not in names]
        if missing:
            raise UnknownVariableError(f"values: no value given for {', '.join(missing)}")
        if extra:
            raise UnknownVariableError(
                f"values: {', '.join(extra)} not in the expression (its variables: "
                f"{', '.join(names) or 'none'})"
            )


@dataclass(frozen=True)
class FurtherConfig:
    """The optional Further section (:mod:`chainrule.report.further`): off unless enabled."""

    enabled: bool = False


@dataclass(frozen=True)
class LabConfig:
    """Everything a report is computed from; the defaults are the lab's own parameters."""

    task1: Task1Config = field(default_factory=Task1Config)
    task2: Task2Config = field(default_factory=Task2Config)
    task3: Task3Config = field(default_factory=Task3Config)
    further: FurtherConfig = field(default_factory=FurtherConfig)


def load_config(path: str | Path) -> LabConfig:
    """Read a TOML lab configuration; raise :class:`ConfigError` naming what is wrong."""
    return config_from_dict(read_toml(path, error=ConfigError, kind="a configuration file"))


def config_from_dict(data: Mapping[str, Any]) -> LabConfig:
    """Build a :class:`LabConfig` from parsed TOML, checking every key and type."""
    return _table(LabConfig, data, "")


def _table(cls: type, data: Mapping[str, Any], where: str) -> Any:
    hints = typing.get_type_hints(cls)
    known = [f.name for f in dataclasses.fields(cls)]
    for key in data:
        if key not in known:
            raise ConfigError(f"unknown key {_join(where, key)!r} (known here: {', '.join(known)})")
    missing = [
        f.name
        for f in dataclasses.fields(cls)
        if f.name not in data
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ConfigError(f"{where or 'config'}: missing key {', '.join(map(repr, missing))}")
    values = {key: _convert(hints[key], data[key], _join(where, key)) for key in data}
    try:
        return cls(**values)
    except ChainruleError as exc:
        raise ConfigError(f"{where or 'config'}: {exc}") from None


def _join(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def _convert(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):  # X | None: TOML has no null
        return _convert(next(a for a in args if a is not type(None)), value, where)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table, got {_kind(value)}")
        return _table(tp, value, where)  # type: ignore[arg-type]
    if origin is tuple:
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected an array, got {_kind(value)}")
        return tuple(_convert(args[0], v, _join(where, i)) for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table, got {_kind(value)}")
        return {k: _convert(args[1], v, _join(where, k)) for k, v in value.items()}
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: expected a number, got {_kind(value)}")
        if not math.isfinite(value):
            raise ConfigError(f"{where}: expected a finite number, got {value}")
        return float(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected an integer, got {_kind(value)}")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {_kind(value)}")
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {_kind(value)}")
        return value
    raise TypeError(f"{where}: no TOML conversion for {tp!r}")  # a bug in a config class


def _kind(value: Any) -> str:
    kinds = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    kinds |= {list: "an array", dict: "a table"}
    return kinds.get(type(value), type(value).__name__)


def to_toml(config: LabConfig) -> str:
    """The configuration as TOML text that :func:`load_config` reads back to an equal one."""
    lines: list[str] = []
    _write_table(config, "", lines)
    return "\n".join(lines).strip() + "\n"


def _write_table(obj: Any, name: str, lines: list[str]) -> None:
    """``obj``'s plain values under ``[name]``, then its tables and arrays of tables."""
    scalars: list[str] = []
    nested: list[tuple[str, Any]] = []
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if value is None:
            continue  # left out: the default applies
        if dataclasses.is_dataclass(value) or _is_table_array(value):
            nested.append((f.name, value))
        else:
            scalars.append(f"{f.name} = {_toml_value(value)}")
    if name and scalars:
        lines += ["", f"[{name}]"]
    lines += scalars
    for key, value in nested:
        if dataclasses.is_dataclass(value):
            _write_table(value, _join(name, key), lines)
            continue
        for item in value:
            lines += ["", f"[[{_join(name, key)}]]"]
            lines += [
                f"{f.name} = {_toml_value(getattr(item, f.name))}"
                for f in dataclasses.fields(item)
                if getattr(item, f.name) is not None
            ]


def _is_table_array(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and dataclasses.is_dataclass(value[0])


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if dataclasses.is_dataclass(value):
        value = {k: v for k, v in dataclasses.asdict(value).items() if v is not None}  # type: ignore[arg-type]
    if isinstance(value, dict):
        items = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _toml_key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    return key if bare else json.dumps(key, ensure_ascii=False)
