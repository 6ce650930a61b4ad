"""Time of each ``chainrule check derive`` judgement for the lab's functions (target: < 1 s).

    python bench/bench_check.py           # every row, median of 3 runs each
    python bench/bench_check.py --quick   # one run each

In one warm process (SymPy imported once, as in a notebook or a second command), each
row times ``check_derivative`` on a right answer and on a wrong one (whose slips are
then searched), and ``derive`` of the same function as the peer measured in the same
run: the ratio shows what judging costs next to deriving. ``check_work`` is timed on a
three-line worked derivation. Exit status 1 if a full run has a check of 1 s or more.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import chainrule
from chainrule.expressions.learner import parse_learner

TARGET_SECONDS = 1.0

# (function, a right answer, a wrong answer): Task 1's sigmoid and the lab's other functions
ROWS = [
    ("1/(1+exp(-x))", "e^(-x)/(1+e^(-x))^2", "-e^(-x)/(1+e^(-x))^2"),
    ("1/(1+exp(-x))", "S(x)(1-S(x))", "e^(-x)/(1+e^(-x))"),
    ("tanh(x)", "1-tanh(x)^2", "1+tanh(x)^2"),
    ("x^2*sin(x)", "2x sin(x) + x^2 cos(x)", "x^2 cos(x)"),
    ("sin(x)/x", "(x cos(x) - sin(x))/x^2", "(sin(x) - x cos(x))/x^2"),
    ("log(1+exp(x))", "e^x/(1+e^x)", "1/(1+e^x)"),
    ("sqrt(1-x^2)", "-x/sqrt(1-x^2)", "x/sqrt(1-x^2)"),
    ("(2x+1)^5", "10(2x+1)^4", "5(2x+1)^4"),
    ("(m*x+b-y)^2", "2x(mx+b-y)", "2(mx+b-y)"),
]
WORK = "f'(x) = -(1+e^(-x))^(-2) * (-e^(-x))\n= e^(-x)/(1+e^(-x))^2\n= -e^(-x)/(1+e^(-x))^2\n"


def timed(call: Callable[..., object], runs: int, *args: object, **kwargs: object) -> float:
    """Median seconds of ``call(*args, **kwargs)`` over ``runs`` runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run per row")
    runs = 1 if parser.parse_args().quick else 3
    chainrule.check_derivative("x^2", answer="2x")  # imports and SymPy's caches, once
    slowest = 0.0
    print(f"{'function':<18} {'right s':>8} {'wrong s':>8} {'derive s':>9} {'check/derive':>13}")
    for function, right, wrong in ROWS:
        wrt = "m" if "m*x" in function else None
        good = timed(chainrule.check_derivative, runs, function, answer=right, wrt=wrt)
        bad = timed(chainrule.check_derivative, runs, function, answer=wrong, wrt=wrt)
        peer = timed(chainrule.derive, runs, parse_learner(function), wrt=wrt)
        slowest = max(slowest, good, bad)
        ratio = max(good, bad) / peer
        print(f"{function:<18} {good:8.3f} {bad:8.3f} {peer:9.3f} {ratio:13.2f}")
    work = timed(chainrule.check_work, runs, "1/(1+exp(-x))", work=WORK)
    slowest = max(slowest, work / 3)
    print(f"check_work, 3 lines: {work:.3f} s ({work / 3:.3f} s a line)")
    print(f"slowest check: {slowest:.3f} s (target < {TARGET_SECONDS:g} s)")
    return 1 if runs > 1 and slowest >= TARGET_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
