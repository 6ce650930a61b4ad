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
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chainrule.errors import ChainruleError, ConfigError, UnknownVariableError
from chainrule.expr import parse, variables


@dataclass(frozen=True)
class Task3Config:
    """Task 3: the expression traced forward and backward, and its inputs' values."""

    expression: str = "(2*a+b)*(c-d)"
    values: dict[str, float] = field(
        default_factory=lambda: {"a": 3.0, "b": 4.0, "c": 5.0, "d": 6.0}
    )

    def __post_init__(self) -> None:
        names = variables(parse(self.expression))
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
class LabConfig:
    """Everything a report is computed from; the defaults are the lab's own parameters."""

    task3: Task3Config = field(default_factory=Task3Config)


def load_config(path: str | Path) -> LabConfig:
    """Read a TOML lab configuration; raise :class:`ConfigError` naming what is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config {str(path)!r}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config {str(path)!r} is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {str(path)!r} is not valid TOML: {exc}") from None
    return config_from_dict(data)


def config_from_dict(data: Mapping[str, Any]) -> LabConfig:
    """Build a :class:`LabConfig` from parsed TOML, checking every key and type."""
    return _table(LabConfig, data, "")


def _table(cls: type, data: Mapping[str, Any], where: str) -> Any:
    hints = typing.get_type_hints(cls)
    known = [f.name for f in dataclasses.fields(cls)]
    for key in data:
        if key not in known:
            raise ConfigError(f"unknown key {_join(where, key)!r} (known here: {', '.join(known)})")
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
    scalars: list[str] = []
    nested: list[tuple[str, Any, bool]] = []
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            nested.append((f.name, value, False))
        elif isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]):
            nested.append((f.name, value, True))
        else:
            scalars.append(f"{f.name} = {_toml_value(value)}")
    if name and scalars:
        lines += ["", f"[{name}]"]
    lines += scalars
    for key, value, is_array in nested:
        full = _join(name, key)
        if not is_array:
            _write_table(value, full, lines)
            continue
        for item in value:
            lines += ["", f"[[{full}]]"]
            sub: list[str] = []
            _write_table(item, "", sub)
            lines += sub


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _toml_key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    return key if bare else json.dumps(key, ensure_ascii=False)
