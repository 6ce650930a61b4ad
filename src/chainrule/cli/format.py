"""Terminal formatting shared by the subcommands."""

from __future__ import annotations

import argparse
import json
import math
import re
from collections.abc import Sequence
from typing import Any

from chainrule.errors import OptionError
from chainrule.safe_files import STDOUT
from chainrule.words import LANGUAGES, Text

#: The commands' text in English, the default of every ``render``.
ENGLISH = Text("en")

# DEL, C1 control characters and the bidirectional marks that reorder text ...
_BEYOND_C0 = "\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")  # ... and C0 (escape, bell, newline)
_CONTROL_IN_JSON = re.compile(f"[{_BEYOND_C0}]")  # json.dumps escapes C0 itself


def printable(text: object) -> str:
    """``text`` with control characters escaped (``\\x1b``), safe to print to a terminal.

    For anything that came from a file or the command line: a hostile name must not
    move the cursor, recolour the screen or reorder what follows it.
    """
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text))


def to_stdout(args: argparse.Namespace, *options: str) -> bool:
    """Whether one of the file ``options`` (argparse names) is ``-``, standard output.

    Then the command prints nothing else; two of them, or one with ``--json``, is an error.
    """
    taken = [f"--{name}" for name in options if getattr(args, name, None) == STDOUT]
    if taken and getattr(args, "json", False):
        taken.append("--json")
    if len(taken) > 1:
        raise OptionError(f"{' and '.join(taken)} cannot both write to standard output")
    return bool(taken)


def add_lang_option(parser: argparse.ArgumentParser, *, what: str = "the text output") -> None:
    """``--lang en|uk``: the language of ``what``."""
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help=f"language of {what} (default: en)"
    )


def number(x: float | None, digits: int = 6) -> str:
    """A compact number: ``-10``, ``0.25``, ``1.2e+77``; ``-`` for None."""
    if x is None:
        return "-"
    if isinstance(x, float) and not math.isfinite(x):
        return str(x)
    return f"{x:.{digits}g}"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, indent: str = "  ") -> str:
    """Align ``rows`` under ``headers``: text columns left, numeric columns right."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    numeric = [
        all(_looks_numeric(r[i]) for r in cells[1:]) and len(cells) > 1 for i in range(len(widths))
    ]
    lines = []
    for k, row in enumerate(cells):
        parts = [
            c.rjust(w) if numeric[i] and k else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append(indent + "  ".join(parts).rstrip())
        if k == 0:
            lines.append(indent + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return text == "-"
    return True


def dumps(data: Any) -> str:
    """JSON for ``--json``: as ``json.dumps(indent=2)``, NaN/inf written as null (strict JSON),
    control characters escaped.

    Written with an explicit stack: the steps of a derivation of a long sum nest
    thousands deep, too deep for the recursive encoder of the standard library.
    """
    out: list[str] = []
    # each entry: the items still to write of one open container, its closing text
    # and its depth; a scalar or an empty container is written at once
    stack: list[tuple[Any, str, int]] = [(iter([(None, data)]), "", 0)]
    first = True
    while stack:
        items, closing, depth = stack[-1]
        item = next(items, None)
        if item is None:
            stack.pop()
            if closing:
                out.append("\n" + "  " * (depth - 1) + closing)
            first = False
            continue
        key, value = item
        if depth:
            out.append(("\n" if first else ",\n") + "  " * depth)
        if key is not None:
            out.append(json.dumps(key, ensure_ascii=False) + ": ")
        first = False
        if isinstance(value, dict) and value:
            out.append("{")
            stack.append((iter(value.items()), "}", depth + 1))
            first = True
        elif isinstance(value, (list, tuple)) and value:
            out.append("[")
            stack.append((((None, v) for v in value), "]", depth + 1))
            first = True
        else:
            out.append(_scalar(value))
    return _CONTROL_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", "".join(out))


def _scalar(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "null"
    if isinstance(value, (dict, list, tuple)):
        return "{}" if isinstance(value, dict) else "[]"
    return json.dumps(value, ensure_ascii=False)
