"""Speed of chainrule's gradient-descent lab against a plain NumPy loop, PyTorch and JAX.

    python bench/bench_gd.py           # full run, about a minute on 2 cores
    python bench/bench_gd.py --quick   # smoke run: small sizes, few repeats

Every figure is the median of repeated runs, all peers measured in the same run, and
every peer's results are checked against chainrule's before anything is timed. A peer
that is not installed (PyTorch, JAX: the ``bench`` extra) is skipped with a note.

1. The lab's config (n = 100, lr = 0.01, 1000 epochs, MSE history): the lab's NumPy
   loop, PyTorch (manual gradient, float64), JAX (jit + lax.scan, float64),
   ``train(method="fast")`` and ``train(method="autodiff")``.
2. n = 10**6 and 10**7, 100 epochs: the NumPy loop (run once at 10**7), one read of x
   and y (``x @ x`` and ``y @ y``) and ``train``; warm (data in cache after the last
   call) and cold (caches flushed by streaming a 64 MB buffer before each call); the
   peak memory ``train`` allocates (tracemalloc).
3. A sweep of 1000 learning rates x 1000 epochs with every run's MSE history:
   ``sweep`` against looping ``train`` over the runs, looping the NumPy loop over the
   runs (a sample of them, scaled to 1000), and JAX (vmap + jit over the rates).

Multi-threaded BLAS calls (NumPy's ``dot`` on OpenBLAS) stall when other processes
keep the cores busy, which makes figures erratic; ``OPENBLAS_NUM_THREADS=1`` gives
stable ones (every peer then computes on one core). The header prints the setting and
the load average. Exit status 1 if a full run misses a target.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from chainrule.descent.data import Dataset, lab_data
from chainrule.descent.stability import stability
from chainrule.descent.surface import loss_surface
from chainrule.descent.sweep import lr_grid, sweep
from chainrule.descent.training import train

try:
    import torch
except ImportError:  # pragma: no cover - depends on the bench extra
    torch = None
try:
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
except ImportError:  # pragma: no cover - depends on the bench extra
    jax = jnp = None

M0, B0 = 0.33, 0.48


# --- timing ---------------------------------------------------------------------
def median_time(fn: Callable[[], object], *, repeats: int, min_time: float) -> float:
    """Median seconds per call; each sample loops ``fn`` for at least ``min_time`` seconds."""
    fn()  # warm-up (and JIT compilation)
    number = 1
    while True:
        gc.collect()
        start = time.perf_counter()
        for _ in range(number):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            break
        number = max(2 * number, math.ceil(1.2 * number * min_time / max(elapsed, 1e-9)))
    samples = [elapsed / number]
    for _ in range(repeats - 1):
        gc.collect()
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


_FLUSH = np.ones(8 * 2**20)  # 64 MB: twice the last-level cache of the benchmark machine


def cold_time(fn: Callable[[], object], *, repeats: int) -> float:
    """Median seconds of single calls, each after flushing the caches."""
    fn()
    samples = []
    for _ in range(repeats):
        _FLUSH.sum()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def once(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


# --- peers ----------------------------------------------------------------------
def numpy_loop(x: np.ndarray, y: np.ndarray, lr: float, epochs: int) -> tuple[float, float, list]:
    """The lab's code: explicit gradient, MSE recorded every epoch."""
    m, b, n = M0, B0, len(x)
    history = []
    for _ in range(epochs):
        yhat = m * x + b
        history.append(np.mean((y - yhat) ** 2))
        dm = (-2 / n) * np.sum(x * (y - yhat))
        db = (-2 / n) * np.sum(y - yhat)
        m -= lr * dm
        b -= lr * db
    history.append(np.mean((y - (m * x + b)) ** 2))
    return float(m), float(b), history


def torch_loop(x: object, y: object, lr: float, epochs: int) -> tuple[float, float, list]:
    """The same loop on float64 tensors with the hand gradient (PyTorch CPU)."""
    assert torch is not None
    m = torch.tensor(M0, dtype=torch.float64)
    b = torch.tensor(B0, dtype=torch.float64)
    n = len(x)  # type: ignore[arg-type]
    history = []
    with torch.no_grad():
        for _ in range(epochs):
            r = y - (m * x + b)
            history.append(torch.mean(r * r))
            m = m - lr * (-2 / n) * torch.sum(x * r)
            b = b - lr * (-2 / n) * torch.sum(r)
        r = y - (m * x + b)
        history.append(torch.mean(r * r))
    return float(m), float(b), [float(h) for h in history]


def jax_runner(epochs: int) -> Callable[..., object]:
    """One run as jit(lax.scan) over the epochs, float64; returns (m, b, history)."""
    assert jax is not None and jnp is not None

    def run(x: object, y: object, lr: object) -> object:
        n = x.shape[0]  # type: ignore[attr-defined]

        def step(state: object, _: object) -> object:
            m, b = state  # type: ignore[misc]
            r = y - (m * x + b)
            mse = jnp.mean(r * r)
            m = m - lr * (-2 / n) * jnp.sum(x * r)
            b = b - lr * (-2 / n) * jnp.sum(r)
            return (m, b), mse

        (m, b), history = jax.lax.scan(
            step, (jnp.float64(M0), jnp.float64(B0)), None, length=epochs
        )
        r = y - (m * x + b)
        return m, b, jnp.append(history, jnp.mean(r * r))

    return run


# --- report ---------------------------------------------------------------------
@dataclass
class Target:
    what: str
    value: float
    rule: str  # ">= 20", "<= 3" or "< 1"

    @property
    def met(self) -> bool:
        op, bound = self.rule.split()
        checks = {">=": self.value >= float(bound), "<=": self.value <= float(bound)}
        return checks.get(op, self.value < float(bound))


def line(name: str, seconds: float, note: str = "") -> None:
    print(f"   {name:46s} {seconds * 1e3:10.3f} ms   {note}".rstrip())


def close(a: object, b: object, rtol: float = 1e-9) -> bool:
    """Equal to ``rtol`` where finite, and finite in the same places."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape or not np.array_equal(np.isfinite(a), np.isfinite(b)):
        return False
    finite = np.isfinite(a)
    return bool(np.allclose(a[finite], b[finite], rtol=rtol, atol=0))


# --- the three cases ---------------------------------------------------------------
def lab_config(repeats: int, min_time: float, targets: list[Target]) -> None:
    data = lab_data()
    x, y = data.x, data.y
    lr, epochs = 0.01, 1000
    ours = train(data=data, lr=lr, epochs=epochs)

    def timed(fn: Callable[[], object]) -> float:
        return median_time(fn, repeats=repeats, min_time=min_time)

    peers: list[tuple[str, float]] = []
    m, b, history = numpy_loop(x, y, lr, epochs)
    assert close([m, b], [ours.m, ours.b]) and close(history, ours.history)
    loop_time = timed(lambda: numpy_loop(x, y, lr, epochs))
    peers.append(("NumPy loop (the lab's code)", loop_time))
    if torch is not None:
        tx, ty = torch.from_numpy(np.array(x)), torch.from_numpy(np.array(y))
        m, b, history = torch_loop(tx, ty, lr, epochs)
        assert close([m, b], [ours.m, ours.b]) and close(history, ours.history)
        name = f"PyTorch {torch.__version__}, manual gradient"
        peers.append((name, timed(lambda: torch_loop(tx, ty, lr, epochs))))
    jax_time = None
    if jax is not None:
        run = jax.jit(jax_runner(epochs))
        jx, jy = jnp.asarray(x), jnp.asarray(y)
        m, b, history = run(jx, jy, lr)
        assert close([float(m), float(b)], [ours.m, ours.b])
        assert close(np.asarray(history), ours.history)
        jax_time = timed(lambda: run(jx, jy, lr)[2].block_until_ready())
        peers.append((f"JAX {jax.__version__} jit + lax.scan", jax_time))
    auto = train(data=data, lr=lr, epochs=epochs, method="autodiff")
    assert close(auto.history, ours.history)
    fast_time = timed(lambda: train(data=data, lr=lr, epochs=epochs))
    auto_time = timed(lambda: train(data=data, lr=lr, epochs=epochs, method="autodiff"))

    print("1. The lab's config: n = 100, lr = 0.01, 1000 epochs, MSE every epoch")
    for name, seconds in peers:
        line(name, seconds, f"fast is {seconds / fast_time:6.1f}x faster")
    line("chainrule train, method fast", fast_time)
    line("chainrule train, method autodiff", auto_time, f"{auto_time / loop_time:.2f}x the loop")
    for missing, module in (("PyTorch", torch), ("JAX", jax)):
        if module is None:
            print(f"   ({missing} not installed: its row is skipped)")
    targets.append(
        Target("lab config: NumPy loop time / fast time", loop_time / fast_time, ">= 20")
    )
    if jax_time is not None:
        targets.append(Target("lab config: fast time / JAX jit time", fast_time / jax_time, "< 1"))
    targets.append(
        Target("lab config: autodiff time / NumPy loop time", auto_time / loop_time, "<= 3")
    )


def large(n: int, repeats: int, targets: list[Target]) -> None:
    data: Dataset = lab_data(n=n)
    x, y = data.x, data.y
    epochs = 100
    loop_time, (m, b, history) = once(lambda: numpy_loop(x, y, 0.01, epochs))
    ours = train(data=data, epochs=epochs)
    agree = close([m, b], [ours.m, ours.b]) and close(history, ours.history)
    assert agree, "the fast path and the NumPy loop disagree"

    def read() -> object:
        return x @ x, y @ y

    warm_read = median_time(read, repeats=repeats, min_time=0.05)
    warm_fast = median_time(lambda: train(data=data, epochs=epochs), repeats=repeats, min_time=0.05)
    cold_read = cold_time(read, repeats=max(repeats, 5))
    cold_fast = cold_time(lambda: train(data=data, epochs=epochs), repeats=max(repeats, 5))
    tracemalloc.start()
    train(data=data, epochs=epochs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = x.nbytes + y.nbytes
    print(f"2. n = {n:.0e}, 100 epochs (x and y: {size / 2**20:.0f} MB)")
    line("NumPy loop (the lab's code), one run", loop_time, f"{loop_time / warm_fast:.0f}x train")
    line("one read of x and y (x@x, y@y), warm", warm_read, f"train: {warm_fast / warm_read:.2f}x")
    line("one read of x and y (x@x, y@y), cold", cold_read, f"train: {cold_fast / cold_read:.2f}x")
    line("chainrule train, warm", warm_fast)
    line("chainrule train, cold", cold_fast)
    print(f"   peak memory train() allocates: {peak / 2**20:.2f} MB ({peak / size:.2%} of x and y)")
    print(f"   m, b and every epoch's MSE equal the loop's to 1e-9: {agree}")
    targets.append(
        Target(f"n = {n:.0e}: NumPy loop time / train time", loop_time / warm_fast, ">= 100")
    )
    targets.append(
        Target(f"n = {n:.0e}: train / one read of x, y (cold)", cold_fast / cold_read, "<= 3")
    )
    targets.append(
        Target(f"n = {n:.0e}: train / one read of x, y (warm)", warm_fast / warm_read, "<= 3")
    )


def sweeps(repeats: int, min_time: float, targets: list[Target], *, runs: int, sample: int) -> None:
    data = lab_data()
    lr_max = stability(surface=loss_surface(data)).lr_max
    lrs = lr_grid(start=lr_max / 1000, stop=1.5 * lr_max, num=runs)
    epochs = 1000
    ours = sweep(data=data, lrs=lrs, epochs=[epochs])
    sweep_time = median_time(
        lambda: sweep(data=data, lrs=lrs, epochs=[epochs]), repeats=repeats, min_time=min_time
    )
    train_time, _ = once(lambda: [train(data=data, lr=float(lr), epochs=epochs) for lr in lrs])
    picks = np.linspace(0, runs - 1, sample).round().astype(int)
    with np.errstate(all="ignore"):  # the rates above lr_max overflow in the NumPy loop
        for i in picks[:3]:
            assert close(numpy_loop(data.x, data.y, float(lrs[i]), epochs)[2], ours.history[i])
        numpy_time, _ = once(
            lambda: [numpy_loop(data.x, data.y, float(lrs[i]), epochs) for i in picks]
        )
    numpy_time *= runs / sample
    print(f"3. Sweep: {runs} learning rates x {epochs} epochs, every run's MSE history")
    line(
        f"NumPy loop over the runs ({sample} timed, scaled)",
        numpy_time,
        f"sweep is {numpy_time / sweep_time:.0f}x faster",
    )
    line(
        "chainrule train looped over the runs",
        train_time,
        f"sweep is {train_time / sweep_time:.1f}x faster",
    )
    if jax is not None:
        run = jax.jit(jax.vmap(jax_runner(epochs), in_axes=(None, None, 0)))
        jx, jy, jl = jnp.asarray(data.x), jnp.asarray(data.y), jnp.asarray(lrs)
        history = np.asarray(run(jx, jy, jl)[2])
        finite = np.isfinite(ours.history)
        assert np.allclose(history[finite], ours.history[finite], rtol=1e-9, atol=0)
        jax_time = median_time(
            lambda: run(jx, jy, jl)[2].block_until_ready(), repeats=repeats, min_time=min_time
        )
        line(
            "JAX vmap + jit over the rates",
            jax_time,
            f"sweep is {jax_time / sweep_time:.1f}x faster",
        )
        targets.append(Target("sweep time / JAX vmap+jit time", sweep_time / jax_time, "<= 1"))
    else:
        print("   (JAX not installed: its row is skipped)")
    line("chainrule sweep", sweep_time)
    targets.append(
        Target("sweep: looping train time / sweep time", train_time / sweep_time, ">= 20")
    )
    targets.append(
        Target("sweep: looping NumPy time / sweep time", numpy_time / sweep_time, ">= 20")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small sizes, few repeats")
    args = parser.parse_args()
    repeats, min_time = (3, 0.02) if args.quick else (7, 0.2)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__},"
        f" OPENBLAS_NUM_THREADS={threads}, {os.cpu_count()} cores, load average {load:.2f}"
    )
    targets: list[Target] = []
    lab_config(repeats, min_time, targets)
    for n in (10**5,) if args.quick else (10**6, 10**7):
        large(n, repeats, targets)
    sweeps(
        repeats,
        min_time,
        targets,
        runs=100 if args.quick else 1000,
        sample=10 if args.quick else 50,
    )
    print("Targets:")
    for t in targets:
        print(f"   {'PASS' if t.met else 'MISS'}  {t.what:46s} {t.value:9.2f}  (target {t.rule})")
    return 0 if args.quick or all(t.met for t in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
