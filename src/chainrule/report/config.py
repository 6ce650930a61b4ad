"""The lab's parameters: the built-in defaults, and a teacher's variant read from TOML.

The one file format of chainrule: ``report --config``, ``experiments``, ``playground``
(and the teacher's ``variants`` and ``grade``) all read it. A configuration file may give
any part of :class:`LabConfig`; what it leaves out keeps its default. Unknown keys and
wrong types are errors naming the key (``task3.values.a: expected a number, got a
string``), never silently ignored. :func:`to_toml` writes a configuration back, so a
report can carry the exact parameters that rebuild it.

Task 2's data are the lab's generator settings or a CSV file (relative to the
configuration file). An experiment's ``lab`` numbers belong to the data they were
measured on: ``lab.data`` is those points' fingerprint
(:func:`~chainrule.descent.experiments.fingerprint`); left out, the numbers belong to the
configuration's own data. Runs on other data are not compared with them.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
import types
import typing
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chainrule import arguments
from chainrule.descent.conclusion import LAB_CHOICE, LAB_LRS
from chainrule.descent.data import LAB_RECIPE, Dataset, lab_data, load_csv
from chainrule.descent.experiments import (
    FINGERPRINT_DIGITS,
    LAB_EXPERIMENTS,
    MAX_RUNS,
    Expected,
    Experiment,
    fingerprint,
)
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


#: Metadata of a field that is no TOML key (it comes from where the file is).
HIDDEN = {"toml": False}


@dataclass(frozen=True)
class DataConfig:
    """Task 2's data: the lab's generator (:func:`~chainrule.descent.data.lab_data`)
    settings, or a CSV file's points (:func:`~chainrule.descent.data.load_csv`)."""

    n: int = LAB_RECIPE["n"]
    slope: float = LAB_RECIPE["slope"]
    intercept: float = LAB_RECIPE["intercept"]
    noise: float = LAB_RECIPE["noise"]  # standard deviation of the Gaussian noise
    x_min: float = LAB_RECIPE["x_min"]
    x_max: float = LAB_RECIPE["x_max"]
    seed: int = LAB_RECIPE["seed"]
    # Or the points of a CSV file (then none of the generator's settings), relative to
    # ``folder``, with the names of its x and y columns.
    csv: str | None = None
    x_column: str = "x"
    y_column: str = "y"
    folder: str = field(default="", metadata=HIDDEN)  # the configuration file's folder

    def __post_init__(self) -> None:
        changed = [k for k in LAB_RECIPE if getattr(self, k) != LAB_RECIPE[k]]
        if self.csv is not None and changed:
            raise ConfigError(_both(changed))
        columns = [k for k in ("x_column", "y_column") if getattr(self, k) != k[0]]
        if self.csv is None and columns:
            raise ConfigError(f"{columns[0]}: names a column of a csv file; give csv too")
        if self.csv is None:
            object.__setattr__(self, "folder", "")  # generated data are the same anywhere
        self.dataset()  # the generator or the CSV reader checks its settings

    def dataset(self) -> Dataset:
        """The points."""
        return self._points

    @functools.cached_property
    def _points(self) -> Dataset:
        if self.csv is None:
            return lab_data(**{k: getattr(self, k) for k in LAB_RECIPE})
        if not self.csv:
            raise ConfigError("csv: expected a file name, got an empty string")
        path = Path(self.folder) / self.csv
        return load_csv(path, x=self.x_column, y=self.y_column)


def _both(settings: list[str]) -> str:
    return (
        f"csv and {', '.join(settings)}: the data are a CSV file or the generator's "
        "settings, not both"
    )


@dataclass(frozen=True)
class ExperimentConfig:
    """One run of the experiment table, and the numbers the lab printed for it (if any)."""

    name: str
    lr: float
    epochs: int
    lab: Expected | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ConfigError("name: expected the run's name, got an empty string")
        if self.lab is not None:
            for key in ("m", "b", "final_mse"):
                if getattr(self.lab, key) == 0.0:
                    raise ConfigError(f"lab.{key}: must be non-zero (differences are relative)")
            data = self.lab.data
            if data is not None and not re.fullmatch(f"[0-9a-f]{{{FINGERPRINT_DIGITS}}}", data):
                raise ConfigError(
                    f"lab.data: expected the data's fingerprint ({FINGERPRINT_DIGITS} hex"
                    f" digits, as `chainrule experiments --json` prints it), got {data!r}"
                )


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
        if len(self.experiments) > MAX_RUNS:
            raise ConfigError(f"experiments: {len(self.experiments)} runs; at most {MAX_RUNS}")
        for i, e in enumerate(self.experiments):
            try:
                check_settings(lr=e.lr, epochs=e.epochs, m0=self.m0, b0=self.b0, tol=self.tol)
            except ChainruleError as exc:
                raise ConfigError(f"experiments[{i}]: {exc}") from None
        if not self.lab_lrs or min(self.lab_lrs) <= 0 or self.lab_choice <= 0:
            raise ConfigError("lab_lrs and lab_choice: expected positive learning rates")
        # Numbers given without the fingerprint of their data belong to this config's data.
        if any(e.lab is not None and e.lab.data is None for e in self.experiments):
            own = fingerprint(self.data.dataset())
            bound = tuple(
                dataclasses.replace(e, lab=dataclasses.replace(e.lab, data=own))
                if e.lab is not None and e.lab.data is None
                else e
                for e in self.experiments
            )
            object.__setattr__(self, "experiments", bound)  # frozen: set once, here

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


#: The longest student name, group or variant the report's header takes.
MAX_FIELD = 200


def header_field(name: str, value: Any) -> str:
    """A student's name, group or variant: one line of at most :data:`MAX_FIELD`
    printable characters, stripped; else :class:`ConfigError` naming ``name``."""
    arguments.text(name, value, error=ConfigError)
    value = value.strip()
    if len(value) > MAX_FIELD:
        raise ConfigError(f"{name} is longer than {MAX_FIELD} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in value):
        raise ConfigError(f"{name} must be one line of printable text, got {value!r}")
    return str(value)


@dataclass(frozen=True)
class Student:
    """Who hands the report in; each field is printed as given, or left blank to fill in."""

    name: str = ""
    group: str = ""
    variant: str = ""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            object.__setattr__(self, f.name, header_field(f.name, getattr(self, f.name)))


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
    student: Student = field(default_factory=Student)  # the report's header (blank: by hand)


def load_config(path: str | Path) -> LabConfig:
    """Read a TOML lab configuration; raise :class:`ConfigError` naming what is wrong.

    A CSV file named by ``task2.data.csv`` is read relative to the configuration's folder.
    """
    doc = read_toml(path, error=ConfigError, kind="a configuration file")
    try:
        return config_from_dict(doc, folder=Path(path).parent)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


#: The top-level keys of the old experiments files (before the one lab format).
_OLD_FORM = ("run", "data", "m0", "b0")


def config_from_dict(data: Mapping[str, Any], *, folder: str | Path = "") -> LabConfig:
    """Build a :class:`LabConfig` from parsed TOML, checking every key and type
    (``folder``: where a relative ``task2.data.csv`` is; default: the current folder)."""
    old = [key for key in _OLD_FORM if key in data]
    if old:
        raise ConfigError(
            f"{old[0]!r} at the top is the old experiments file form; a lab config holds"
            " the runs as [[task2.experiments]] (name, lr, epochs, lab = {...} for expect)"
            " and data, m0, b0 under [task2] (see examples/lab.toml)"
        )
    return _table(LabConfig, data, "", {"folder": str(folder)})


def _table(cls: type, data: Mapping[str, Any], where: str, hidden: Mapping[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    known = [f.name for f in _fields(cls)]
    for key in data:
        if key not in known:
            raise ConfigError(f"unknown key {_join(where, key)!r} (known here: {', '.join(known)})")
    missing = [
        f.name
        for f in _fields(cls)
        if f.name not in data
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ConfigError(f"{where or 'config'}: missing key {', '.join(map(repr, missing))}")
    if cls is DataConfig and "csv" in data and (both := [k for k in LAB_RECIPE if k in data]):
        raise ConfigError(f"{where}: {_both(both)}")
    values = {key: _convert(hints[key], data[key], _join(where, key), hidden) for key in data}
    values |= {f.name: hidden[f.name] for f in dataclasses.fields(cls) if f.metadata == HIDDEN}
    try:
        return cls(**values)
    except ChainruleError as exc:
        raise ConfigError(f"{where or 'config'}: {exc}") from None


def _fields(obj: Any) -> list[dataclasses.Field]:
    """The fields of a config class (or object) that are TOML keys."""
    return [f for f in dataclasses.fields(obj) if f.metadata != HIDDEN]


def _join(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def _convert(tp: Any, value: Any, where: str, hidden: Mapping[str, Any]) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):  # X | None: TOML has no null
        return _convert(next(a for a in args if a is not type(None)), value, where, hidden)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table, got {_kind(value)}")
        return _table(tp, value, where, hidden)  # type: ignore[arg-type]
    if origin is tuple:
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected an array, got {_kind(value)}")
        return tuple(_convert(args[0], v, _join(where, i), hidden) for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table, got {_kind(value)}")
        return {k: _convert(args[1], v, _join(where, k), hidden) for k, v in value.items()}
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
    for f in _fields(obj):
        value = getattr(obj, f.name)
        if value is None or value == "" or f.name in _unused(obj):
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


def _unused(obj: Any) -> tuple[str, ...]:
    """The fields of ``obj`` its TOML leaves out: a CSV file's data have no generator."""
    if isinstance(obj, DataConfig):
        return tuple(LAB_RECIPE) if obj.csv is not None else ("x_column", "y_column")
    return ()


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
