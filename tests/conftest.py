"""Shared test helpers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chainrule.cli import main


def central_difference(f: Callable[[float], float], x: float, h: float = 1e-6) -> float:
    """(f(x + h) - f(x - h)) / 2h, the oracle every derivative is checked against."""
    return (f(x + h) - f(x - h)) / (2 * h)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``chainrule ARGV...`` in-process: exit code, stdout, stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
