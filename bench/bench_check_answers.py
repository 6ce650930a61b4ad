"""Time of ``check_trace`` and ``check_training`` (issue 11's target: each check under 1 s).

    python bench/bench_check_answers.py

Each row is the median of 5 calls in one process after a warm-up (SymPy and NumPy
already imported, as in a notebook; the CLI adds its imports, about 0.5 s), next to the
call it checks against, ``trace`` or ``train``, timed alike in the same run: the ratio
is the cost of judging. A wrong answer costs the most: its slips are replayed (Task 3) or
run (Task 2). Exit status 1 if a check takes 1 s or more.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable

import chainrule

TARGET_SECONDS = 1.0
LAB = {"expression": "(2*a+b)*(c-d)", "values": {"a": 3, "b": 4, "c": 5, "d": 6}}
SIGMOID = {"expression": "1/(1+exp(-(w*x+b)))", "values": {"w": 0.5, "x": 2, "b": -1}}


def median(call: Callable[[], object], turns: int = 5) -> float:
    call()  # warm-up: imports and caches
    times = []
    for _ in range(turns):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    rows = [
        ("graph, right numbers", LAB, "L=-10, dL/da=-2, dL/db=-1, dL/dc=10, dL/dd=-10"),
        ("graph, two wrong numbers", LAB, "L=-10, dL/da=-1, dL/dd=10"),
        ("graph, right formulas", LAB, "dL/da=2*(c-d), dL/db=c-d, dL/dc=2*a+b, dL/dd=-(2*a+b)"),
        ("graph, wrong formula", LAB, "dL/da=c-d"),
        ("sigmoid, wrong formula", SIGMOID, "dL/dw=x*exp(-(w*x+b))/(1+exp(-(w*x+b)))"),
    ]
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print("| check | seconds (median of 5) | peer | peer seconds | ratio |")
    print("|---|---|---|---|---|")
    worst = 0.0
    for name, task, answer in rows:
        seconds = median(
            lambda task=task, answer=answer: chainrule.check_trace(**task, answer=answer)
        )
        peer = median(lambda task=task: chainrule.trace(task["expression"], values=task["values"]))
        worst = max(worst, seconds)
        print(f"| {name} | {seconds:.3f} | trace | {peer:.3f} | {seconds / peer:.1f} |")
    for name, answer in (
        ("train, right", "m=2.0032, b=3.3249, mse=1.0242, status=slow"),
        ("train, wrong (all slips run)", "m=2.0326, b=3.12975, mse=1.0241833, lr_max=0.0146"),
        ("train, best of the lab's rates", "best=0.01"),
    ):
        seconds = median(lambda answer=answer: chainrule.check_training(answer=answer))
        peer = median(lambda: chainrule.train(lr=0.01, epochs=1000))
        worst = max(worst, seconds)
        print(f"| {name} | {seconds:.3f} | train | {peer:.4f} | {seconds / peer:.0f} |")
    print(f"slowest check {worst:.3f} s (target under {TARGET_SECONDS:g} s)")
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
