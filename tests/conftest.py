"""Shared test helpers."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from hypothesis import settings

from chainrule.cli import main

# The suite draws the same examples on every run, so CI never fails by chance; set
# HYPOTHESIS_PROFILE=explore to search afresh (that is how y/y at y = 1e-8 was found).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def central_difference(f: Callable[[float], float], x: float, h: float = 1e-6) -> float:
    """(f(x + h) - f(x - h)) / 2h, the oracle every derivative is checked against."""
    return (f(x + h) - f(x - h)) / (2 * h)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``chainrule ARGV...`` in-process: exit code, stdout, stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
