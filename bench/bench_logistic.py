"""Speed of ``train_logistic`` against a hand-written NumPy loop doing the same epochs.

    python bench/bench_logistic.py           # 10**6 points, 100 epochs, 5 repeats
    python bench/bench_logistic.py --quick   # smoke run: 10**4 points, 1 repeat

Both sides run full-batch gradient descent on the mean log-loss from ``w = c = 0`` and
record the loss before every update and after the last (101 losses for 100 epochs). The
hand loop is what a student writes with NumPy's stable functions: ``z = w*x + c``,
``loss = mean(logaddexp(0, z) - y*z)``, ``p = 1/(1 + exp(-z))`` (with overflow warnings
silenced), ``w -= lr*mean((p - y)*x)``, ``c -= lr*mean(p - y)``. Their final parameters are
checked to agree before anything is timed. Figures are medians of the repeats; the target
is ``train_logistic`` within 3x of the loop (exit status 1 if a full run misses it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

from chainrule.descent.data import dataset
from chainrule.descent.logistic import train_logistic

TARGET = 3.0


def hand_loop(x: np.ndarray, y: np.ndarray, lr: float, epochs: int) -> tuple[float, float, list]:
    """The student's loop: forward, loss, gradient, update, every epoch."""
    w = c = 0.0
    history = []
    with np.errstate(over="ignore"):
        for k in range(epochs + 1):
            z = w * x + c
            history.append(float(np.mean(np.logaddexp(0.0, z) - y * z)))
            if k == epochs:
                break
            r = 1.0 / (1.0 + np.exp(-z)) - y
            w -= lr * float(np.mean(r * x))
            c -= lr * float(np.mean(r))
    return w, c, history


def median_seconds(call: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    args = parser.parse_args()
    n, repeats = (10**4, 1) if args.quick else (10**6, 5)
    epochs, lr = 100, 1.0
    rng = np.random.RandomState(7)
    label = (np.arange(n) >= n // 2).astype(np.float64)
    data = dataset(x=rng.normal(0.0, 1.0, n) + 2.0 * (label - 0.5), y=label)
    print(f"logistic regression: n = {n:,}, {epochs} epochs, lr = {lr:g}, {repeats} repeats")
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    print(f"OPENBLAS_NUM_THREADS={threads}, load average {os.getloadavg()[0]:.2f}")
    ours = train_logistic(data=data, lr=lr, epochs=epochs, timeout=600)
    w, c, history = hand_loop(data.x, data.y, lr, epochs)
    assert abs(ours.w - w) <= 1e-9 * abs(w) and abs(ours.c - c) <= 1e-9 * max(abs(c), 1e-3)
    assert np.allclose(ours.history, history, rtol=1e-12, atol=0)
    loop = median_seconds(lambda: hand_loop(data.x, data.y, lr, epochs), repeats)
    mine = median_seconds(
        lambda: train_logistic(data=data, lr=lr, epochs=epochs, timeout=600), repeats
    )
    ratio = mine / loop
    print(f"  hand-written NumPy loop  {loop:8.3f} s")
    print(f"  train_logistic           {mine:8.3f} s   ratio {ratio:.2f}x (target <= {TARGET:g}x)")
    return 0 if args.quick or ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
