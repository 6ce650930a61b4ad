"""Time of ``chainrule graph`` on graphs with many inputs (target: 1,000 inputs in under 2 s).

    python bench/bench_graph.py           # 50, 200 and 1,000 inputs, three shapes
    python bench/bench_graph.py --quick   # 50 and 200 inputs only

Each row runs the whole command in a fresh process (``python -m chainrule graph``,
imports included, output to /dev/null, with ``--svg`` to a temporary file) and gives
the median of three runs. The shapes are a flat sum ``x0 + x1 + ...``, a flat product
``x0*x1*...`` and a linear model ``w0*x0 + w1*x1 + ...`` (two inputs per term). Above
``chainrule.expressions.symbolic.PARTIALS_LIMIT`` nodes the symbolic partials are skipped (the
command says so), which is what keeps big graphs fast. Exit status 1 if a full run
takes 2 s or more for 1,000 inputs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_SECONDS = 2.0
TARGET_INPUTS = 1_000


def shape(kind: str, n: int) -> tuple[str, list[str]]:
    """The expression and its NAME=VALUE arguments for ``n`` inputs."""
    if kind == "sum":
        return "+".join(f"x{i}" for i in range(n)), [f"x{i}={i % 7 - 3}" for i in range(n)]
    if kind == "product":
        return "*".join(f"x{i}" for i in range(n)), [f"x{i}={1 + i % 3 / 1000}" for i in range(n)]
    half = n // 2
    text = "+".join(f"w{i}*x{i}" for i in range(half))
    return text, [f"w{i}=0.5" for i in range(half)] + [f"x{i}={i % 5}" for i in range(half)]


def run_once(text: str, values: list[str]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "chainrule", "graph", text, *values]
        command += ["--svg", os.path.join(folder, "graph.svg")]
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 and 200 inputs only")
    args = parser.parse_args()
    sizes = (50, 200) if args.quick else (50, 200, TARGET_INPUTS)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print("| shape | inputs | characters | seconds (median of 3) |")
    print("|---|---|---|---|")
    worst = 0.0
    for kind in ("sum", "product", "linear"):
        for n in sizes:
            text, values = shape(kind, n)
            if len(text) > 5_000:
                print(f"| {kind} | {n} | {len(text)} | over the 5,000-character limit |")
                continue
            seconds = statistics.median(run_once(text, values) for _ in range(3))
            print(f"| {kind} | {n} | {len(text)} | {seconds:.2f} |")
            if n == TARGET_INPUTS:
                worst = max(worst, seconds)
    if not args.quick:
        met = worst < TARGET_SECONDS
        print(f"1,000 inputs: {worst:.2f} s (target under {TARGET_SECONDS:.0f} s): {met}")
        return 0 if met else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
