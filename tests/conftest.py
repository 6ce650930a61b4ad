"""Shared test helpers."""

from __future__ import annotations

from collections.abc import Callable


def central_difference(f: Callable[[float], float], x: float, h: float = 1e-6) -> float:
    """(f(x + h) - f(x - h)) / 2h, the oracle every derivative is checked against."""
    return (f(x + h) - f(x - h)) / (2 * h)
