"""A class's template: a lab config, plus what varies between students and what each item is worth.

The TOML file is a lab config (:mod:`chainrule.report.config`; its Task 2 settings, the
start, ``tol`` and the sweep, are every variant's; Task 1's function, Task 2's data and
rates and Task 3's expression are drawn) with two more tables, both optional, every key
with a default::

    [vary.task1]  functions = ["sigmoid", "tanh", "softplus", "swish"]
                  scales = [1, 2, 3]   shifts = [-1, 0, 1]   amplitudes = [1, 2]
    [vary.task2]  slope = [1.0, 3.0]   intercept = [2.0, 5.0]   noise = [0.5, 1.5]
                  n = [50, 150]   x_min = [0.0, 0.0]   x_max = [8.0, 12.0]
                  seed = [0, 99999]   rates = [0.03, 0.5, 1.1]   epochs = 1000
    [vary.task3]  expressions = ["(2*a+b)*(c-d)", ...]   values = [-5, 5]   max_value = 100
    [weights]     derivative = 4   lr_max = 1   ...   partial = 1

``[low, high]`` pairs are ranges a variant is drawn from; ``rates`` are the lab's
learning rates as multiples of the data's ``lr_max``. Unknown keys and wrong types are
errors naming the key; every expression goes through chainrule's own parser.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from chainrule.errors import ChainruleError, ConfigError
from chainrule.expressions.expr import parse, variables
from chainrule.report.config import LabConfig, config_from_dict
from chainrule.safe_files import read_toml

#: Task 1's family, of ``u = k*x + c`` and the amplitude (``n``, or ``a`` as a factor ``2*``).
FAMILY: Mapping[str, str] = {
    "sigmoid": "{n}/(1 + e**(-({u})))",
    "tanh": "{a}tanh({u})",
    "softplus": "{a}log(1 + e**({u}))",
    "swish": "{a}({u})/(1 + e**(-({u})))",
}
#: The items of Task 2, in the order of the answer sheet (``status`` is one per rate).
TASK2_ITEMS = ("lr_max", "lr_opt", "m", "b", "mse", "status", "best")
#: Most learning rates, expressions and functions in a template (a class is not a sweep).
MAX_CHOICES = 20


@dataclass(frozen=True)
class VaryTask1:
    """Task 1's function: ``amplitude * family(scale*x + shift)``."""

    functions: tuple[str, ...] = tuple(FAMILY)
    scales: tuple[int, ...] = (1, 2, 3)  # small whole numbers keep the chain rule's factor simple
    shifts: tuple[int, ...] = (-1, 0, 1)
    amplitudes: tuple[int, ...] = (1, 2)


@dataclass(frozen=True)
class VaryTask2:
    """Task 2's data (ranges drawn from, rounded to one decimal) and the rates to try."""

    slope: tuple[float, float] = (1.0, 3.0)
    intercept: tuple[float, float] = (2.0, 5.0)
    noise: tuple[float, float] = (0.5, 1.5)
    n: tuple[int, int] = (50, 150)
    x_min: tuple[float, float] = (0.0, 0.0)
    x_max: tuple[float, float] = (8.0, 12.0)
    seed: tuple[int, int] = (0, 99_999)
    # Multiples of lr_max: one far below it (slow), one near lr_opt, one above it (diverges).
    rates: tuple[float, ...] = (0.03, 0.5, 1.1)
    epochs: int = 1000


@dataclass(frozen=True)
class VaryTask3:
    """Task 3's expression (one of these shapes) and its inputs' whole values."""

    expressions: tuple[str, ...] = (
        "(2*a+b)*(c-d)",
        "(a+2*b)*(c+d)",
        "(a*b+c)*d",
        "(a-b)*(c*d+1)",
    )
    values: tuple[int, int] = (-5, 5)  # inputs are whole numbers from this range, not 0
    max_value: int = 100  # the value and every partial are whole numbers at most this in size


@dataclass(frozen=True)
class Vary:
    task1: VaryTask1 = field(default_factory=VaryTask1)
    task2: VaryTask2 = field(default_factory=VaryTask2)
    task3: VaryTask3 = field(default_factory=VaryTask3)


@dataclass(frozen=True)
class Weights:
    """Points per item; ``status`` and ``partial`` are per rate and per input."""

    derivative: float = 4.0
    lr_max: float = 1.0
    lr_opt: float = 1.0
    m: float = 1.0
    b: float = 1.0
    mse: float = 1.0
    status: float = 1.0
    best: float = 1.0
    value: float = 1.0
    partial: float = 1.0


@dataclass(frozen=True)
class Template:
    """The base lab config, what varies, and the weights."""

    lab: LabConfig = field(default_factory=LabConfig)
    vary: Vary = field(default_factory=Vary)
    weights: Weights = field(default_factory=Weights)


def load_template(path: str | Path) -> Template:
    """Read a template TOML file; :class:`ConfigError` naming the key that is wrong."""
    return template_from_dict(read_toml(path, error=ConfigError, kind="a template"))


def template_from_dict(data: Mapping[str, Any]) -> Template:
    """A :class:`Template` from parsed TOML, every key and type checked."""
    rest = {k: v for k, v in data.items() if k not in ("vary", "weights")}
    vary = _table(Vary, data.get("vary", {}), "vary")
    weights = _table(Weights, data.get("weights", {}), "weights")
    template = Template(lab=config_from_dict(rest), vary=vary, weights=weights)
    _check(template)
    return template


def _table(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table")
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"unknown key '{where}.{key}' (known here: {', '.join(known)})")
        default = getattr(cls(), key)
        name = f"{where}.{key}"
        if isinstance(default, (VaryTask1, VaryTask2, VaryTask3)):
            values[key] = _table(type(default), value, name)
        elif isinstance(default, tuple):
            values[key] = tuple(
                _scalar(type(default[0]), v, f"{name}[{i}]")
                for i, v in enumerate(_array(value, name))
            )
        else:
            values[key] = _scalar(type(default), value, name)
    return cls(**values)


def _array(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{where}: expected a non-empty array")
    if len(value) > MAX_CHOICES:
        raise ConfigError(f"{where}: at most {MAX_CHOICES} entries, got {len(value)}")
    return value


def _scalar(kind: type, value: Any, where: str) -> Any:
    if kind is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: expected a number")
    if kind is int and not isinstance(value, int):
        raise ConfigError(f"{where}: expected a whole number, got {value}")
    if not math.isfinite(value) or abs(value) > 1e6:
        raise ConfigError(f"{where}: expected a finite number of size at most 1e6, got {value}")
    return kind(value)


def _check(template: Template) -> None:
    """Ranges ordered, names known, expressions parsed: what the drawing relies on."""
    t1, t2, t3 = template.vary.task1, template.vary.task2, template.vary.task3
    for name in t1.functions:
        if name not in FAMILY:
            raise ConfigError(
                f"vary.task1.functions: unknown function {name!r} (known: {', '.join(FAMILY)})"
            )
    if 0 in t1.scales or 0 in t1.amplitudes:
        raise ConfigError("vary.task1: scales and amplitudes must not be 0")
    for key in ("slope", "intercept", "noise", "n", "x_min", "x_max", "seed"):
        _range(getattr(t2, key), f"vary.task2.{key}")
    _range(t3.values, "vary.task3.values")
    if t2.noise[0] < 0 or t2.n[0] < 10 or t2.n[1] > 10_000 or t2.seed[0] < 0:
        raise ConfigError("vary.task2: noise >= 0, n from 10 to 10000 and seed >= 0 are required")
    if t2.x_max[0] <= t2.x_min[1]:
        raise ConfigError("vary.task2: every x_max must be above every x_min")
    if t2.seed[1] >= 2**32:
        raise ConfigError("vary.task2.seed: at most 2**32 - 1")
    if min(t2.rates) <= 0 or not 1 <= t2.epochs <= 100_000:
        raise ConfigError("vary.task2: rates must be positive and epochs from 1 to 100000")
    if t3.values == (0, 0) or t3.max_value < 1:
        raise ConfigError("vary.task3: values must allow a number other than 0, max_value >= 1")
    for w in fields(Weights):
        if getattr(template.weights, w.name) < 0:
            raise ConfigError(f"weights.{w.name}: must be >= 0")
    for k, text in enumerate(t3.expressions):
        try:
            names = variables(parse(text))
        except ChainruleError as exc:
            raise ConfigError(f"vary.task3.expressions[{k}]: {exc}") from None
        if not names:
            raise ConfigError(f"vary.task3.expressions[{k}]: has no input to vary")


def _range(pair: tuple[Any, ...], where: str) -> None:
    if len(pair) != 2 or pair[0] > pair[1]:
        raise ConfigError(f"{where}: expected [low, high] with low <= high")
