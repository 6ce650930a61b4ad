"""Graph walks with an explicit stack: no recursion, so depth is limited by memory only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def postorder(root: T, children: Callable[[T], Sequence[T]]) -> list[T]:
    """Every node reachable from ``root``, each after all of its children, each once.

    The order is deterministic: children are visited in the order ``children`` gives.
    """
    order: list[T] = []
    seen: set[int] = set()
    stack: list[tuple[T, bool]] = [(root, False)]
    push = stack.append
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        push((node, True))
        for child in reversed(children(node)):
            if id(child) not in seen:
                push((child, False))
    return order
