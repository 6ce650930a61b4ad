"""The statistics pass of issue 16: its precision, its BLAS calls, its speed idle and under load.

    python bench/bench_stats_under_load.py               # all four parts, about 7 minutes
    python bench/bench_stats_under_load.py --quick       # smoke run: small sizes, few runs
    python bench/bench_stats_under_load.py --part load   # one part: precision, blas, pass, load

The peer ("before") is the pass as it was before issue 16, rebuilt here: raw sums
``1.x``, ``1.y``, ``x.x``, ``x.y``, ``y.y`` by ``np.dot`` over blocks of 2**17 points,
then a second pass over the residuals of that fit when its measured cancellation passed
1e4 (or the data fitted in one block). "After" is ``LineStats.of``.

1. precision: the relative error of ``mse_opt`` and ``m_opt`` against exact integer
   arithmetic on the stored floats, on 3*10**5 points at x offsets 0, 1e5, 1e6 with
   noise 1, 1e-3, 1e-6: the raw one-pass sums, before, the centred co-moments alone
   (``syy - sxy**2/sxx``), after, and after split into 7 random chunks merged in a
   random tree.
2. blas: gdb counts the calls into OpenBLAS's ``cblas_*`` entry points during the pass
   and during ``train`` (n = 10**6, 100 epochs), with ``np.dot`` as the control.
3. pass: the pass alone at n = 10**6 and 10**7, before and after, with BLAS's default
   threads and with ``OPENBLAS_NUM_THREADS=1``: medians of interleaved runs, wall clock
   and CPU time (a busy machine takes the core away during a run; CPU time does not count
   that, so it compares the work itself).
4. load: ``train`` at n = 10**6, 100 epochs, 30 runs each of before and after, taking
   turns, while two busy-loop processes started here keep the cores busy; median and
   max, with BLAS's default threads and with one.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction

import numpy as np

import chainrule.descent.training as training
from chainrule.descent.data import Dataset
from chainrule.descent.line_stats import LineStats
from chainrule.descent.surface import LossSurface, surface_from_stats

OLD_BLOCK = 1 << 17
OLD_REFINE_ABOVE = 1e4


# --- before: the np.dot pass ----------------------------------------------------------
def dot_sums(x: np.ndarray, y: np.ndarray, x0: float, m: float, b: float) -> tuple[float, ...]:
    """Sums of ``u = x - x0`` and ``r = y - m*x - b`` by ``np.dot`` in blocks (the old pass)."""
    ones = np.ones(min(x.size, OLD_BLOCK))
    anchored = (x0, m, b) != (0.0, 0.0, 0.0)
    su = sr = suu = sur = srr = 0.0
    for lo in range(0, x.size, OLD_BLOCK):
        u, r = x[lo : lo + OLD_BLOCK], y[lo : lo + OLD_BLOCK]
        if anchored:
            u = u - x0
            r = r - (m * x0 + b)
            r -= m * u
        one = ones[: u.size]
        su += float(one @ u)
        sr += float(one @ r)
        suu += float(u @ u)
        sur += float(u @ r)
        srr += float(r @ r)
    return su, sr, suu, sur, srr


def dot_fit(x: np.ndarray, y: np.ndarray, x0: float = 0.0, m: float = 0.0, b: float = 0.0):
    """``(x_mean, x_var, m_opt, b_opt, mse_opt, cancellation)`` from one ``dot_sums`` pass."""
    n = x.size
    su, sr, suu, sur, srr = dot_sums(x, y, x0, m, b)
    u_mean, r_mean = su / n, sr / n
    x_var = (suu - su * u_mean) / n
    cov = (sur - su * r_mean) / n
    slope = cov / x_var
    mse = max((srr - sr * r_mean) / n - cov * slope, 0.0)
    cancellation = (srr / n / mse if mse > 0.0 else float("inf")) * (suu / n / x_var)
    b_opt = b + (r_mean - slope * u_mean) - slope * x0
    return x0 + u_mean, x_var, m + slope, b_opt, mse, cancellation


def before_fit(x: np.ndarray, y: np.ndarray):
    """The old ``loss_surface`` numbers: one dot pass, a residual pass when it lost digits."""
    fit = dot_fit(x, y)
    if x.size <= OLD_BLOCK or fit[5] > OLD_REFINE_ABOVE:
        fit = dot_fit(x, y, fit[0], fit[2], fit[3])
    return fit


def before_surface(data: Dataset) -> LossSurface:
    """The surface ``train`` used before, built through the public ``surface_from_stats``."""
    x_mean, x_var, m, b, mse, _ = before_fit(data.x, data.y)
    n = data.n
    sxx = n * x_var
    stats = LineStats(n, x_mean, b + m * x_mean, sxx, m * sxx, n * mse + m * m * sxx, n * mse)
    return surface_from_stats(stats)


# --- 1. precision ---------------------------------------------------------------------
def exact_fit(x: np.ndarray, y: np.ndarray) -> tuple[Fraction, Fraction]:
    """``(m_opt, mse_opt)`` of the stored floats in exact integer arithmetic."""

    def scaled(values: np.ndarray) -> tuple[list[int], int]:
        ratios = [v.as_integer_ratio() for v in values.tolist()]
        shift = max(q.bit_length() - 1 for _, q in ratios)
        return [p << (shift - (q.bit_length() - 1)) for p, q in ratios], shift

    (xs, kx), (ys, ky) = scaled(x), scaled(y)
    n = len(xs)
    sx, sy = sum(xs), sum(ys)
    nsxx = n * sum(a * a for a in xs) - sx * sx  # n * sxx, scaled by 4**kx
    nsxy = n * sum(a * b for a, b in zip(xs, ys, strict=True)) - sx * sy
    nsyy = n * sum(b * b for b in ys) - sy * sy
    m = Fraction(nsxy, nsxx) * Fraction(2**kx, 2**ky)
    mse = (Fraction(nsyy) - Fraction(nsxy * nsxy, nsxx)) / (n * n) / 4**ky
    return m, mse


def rel(got: float, want: Fraction) -> float:
    """Relative error of a float against an exact value."""
    return float(abs(Fraction(got) - want) / want)


def chunked(x: np.ndarray, y: np.ndarray, rng: random.Random) -> LineStats:
    """Seven random chunks of the data, merged in a random tree (any two, either order)."""
    cuts = sorted(rng.sample(range(1, x.size), 6))
    parts = [LineStats.of(a, b) for a, b in zip(np.split(x, cuts), np.split(y, cuts), strict=True)]
    while len(parts) > 1:
        first = parts.pop(rng.randrange(len(parts)))
        parts.append(first.merge(parts.pop(rng.randrange(len(parts)))))
    return parts[0]


def precision(quick: bool) -> None:
    n = 20_000 if quick else 300_000
    rng = np.random.default_rng(16)
    print(f"1. precision: relative error against exact arithmetic, n = {n:,}")
    print(
        f"   {'offset':>6} {'noise':>6} | mse_opt: {'raw 1 pass':>10} {'before':>9} "
        f"{'co-moments':>10} {'after':>9} {'7 chunks':>9} | m_opt: {'before':>9} {'after':>9}"
    )
    for offset in (0.0, 1e5, 1e6):
        for noise in (1.0, 1e-3, 1e-6):
            x = offset + rng.uniform(0.0, 10.0, n)
            y = 3.0 * x - 2.0 * offset + rng.normal(0.0, noise, n)
            m, mse = exact_fit(x, y)
            raw, old = dot_fit(x, y), before_fit(x, y)
            after = LineStats.of(x, y)
            bare = surface_from_stats(
                LineStats(after.n, after.x_mean, after.y_mean, after.sxx, after.sxy, after.syy)
            )
            tree = surface_from_stats(chunked(x, y, random.Random(int(offset) + int(1 / noise))))
            new = surface_from_stats(after)
            print(
                f"   {offset:6.0e} {noise:6.0e} |          {rel(raw[4], mse):10.1e} "
                f"{rel(old[4], mse):9.1e} {rel(bare.mse_opt, mse):10.1e} "
                f"{rel(new.mse_opt, mse):9.1e} {rel(tree.mse_opt, mse):9.1e} |        "
                f"{rel(old[2], m):9.1e} {rel(new.m_opt, m):9.1e}"
            )


# --- 2. BLAS calls, counted by gdb ----------------------------------------------------
BLAS_CHILD = """
import sys
import numpy as np
from chainrule.descent.data import Dataset, lab_data
from chainrule.descent.line_stats import LineStats
from chainrule.descent.training import train
sys.path.insert(0, sys.argv[2])
from bench_stats_under_load import before_fit
data = lab_data(n=10**6)
fresh = Dataset(x=data.x, y=data.y)  # a new key: the surface is not cached
what = sys.argv[1]
if what == "np.dot (control)":
    data.x @ data.y
elif what == "before: the dot pass":
    before_fit(data.x, data.y)
elif what == "after: LineStats.of":
    LineStats.of(data.x, data.y)
elif what == "after: train, 100 epochs":
    train(data=fresh, epochs=100)
"""
BLAS_CASES = (
    "nothing (imports, data)",
    "np.dot (control)",
    "before: the dot pass",
    "after: LineStats.of",
    "after: train, 100 epochs",
)


def blas_calls() -> None:
    print("2. calls into OpenBLAS (gdb breakpoints on every cblas_* entry point)")
    import numpy.linalg  # noqa: F401  (the library is loaded with numpy)

    libs = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs")
    found = [f for f in os.listdir(libs) if "openblas" in f] if os.path.isdir(libs) else []
    if not found or subprocess.run(["which", "gdb"], capture_output=True).returncode:
        print("   skipped: needs gdb and numpy's bundled OpenBLAS")
        return
    names = subprocess.run(
        ["nm", "-D", "--defined-only", os.path.join(libs, found[0])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    symbols = sorted({line.split()[-1] for line in names.splitlines() if "cblas_" in line})
    with tempfile.TemporaryDirectory() as tmp:
        script, commands = os.path.join(tmp, "child.py"), os.path.join(tmp, "gdb.txt")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(BLAS_CHILD)
        lines = ["set breakpoint pending on", "set pagination off"]
        for symbol in symbols:
            lines += [f"break {symbol}", "commands", "silent", "continue", "end"]
        lines += ["run", "info breakpoints"]
        with open(commands, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        here = os.path.dirname(os.path.abspath(__file__))
        for case in BLAS_CASES:
            out = subprocess.run(
                [
                    "gdb",
                    "-q",
                    "-batch",
                    "-x",
                    commands,
                    "--args",
                    sys.executable,
                    script,
                    case,
                    here,
                ],
                capture_output=True,
                text=True,
                timeout=600,
            ).stdout
            hits = [int(h) for h in re.findall(r"already hit (\d+) time", out)]
            where = sorted(set(re.findall(r"<(\w*cblas_\w+)", out)) & set(_hit_names(out)))
            print(f"   {case:28s} {sum(hits):4d} calls {' '.join(where)}")


def _hit_names(info: str) -> list[str]:
    """The breakpoint names that ``info breakpoints`` reports as hit."""
    names, last = [], ""
    for line in info.splitlines():
        found = re.search(r"<(\w+)", line)
        if found and "breakpoint" in line:
            last = found.group(1)
        if "already hit" in line:
            names.append(last)
    return names


# --- 3. the pass alone, and 4. train under load ------------------------------------------
TIMING_CHILD = """
import statistics, sys, time
sys.path.insert(0, sys.argv[1])
import bench_stats_under_load as bench
print(bench.timing_child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
"""


def timing_child(part: str, n: int, runs: int) -> str:
    """Medians and maxima (ms) of before and after taking turns, as one line of numbers."""
    from chainrule.descent.data import lab_data

    data = lab_data(n=n)
    if part == "pass":
        steps: dict[str, Callable[[], object]] = {
            "before": lambda: before_fit(data.x, data.y),
            "after": lambda: LineStats.of(data.x, data.y),
        }
    else:
        real = training.loss_surface

        def train_with(surface: Callable[[Dataset], LossSurface]) -> object:
            training.loss_surface = surface
            try:  # a new Dataset each run: its surface is not cached
                return training.train(data=Dataset(x=data.x, y=data.y), epochs=100)
            finally:
                training.loss_surface = real

        steps = {"before": lambda: train_with(before_surface), "after": lambda: train_with(real)}
    times: dict[str, list[float]] = {name: [] for name in steps}
    cpu: dict[str, list[float]] = {name: [] for name in steps}
    for step in steps.values():
        step()  # warm-up
    for turn in range(runs):
        for name in sorted(steps, reverse=bool(turn % 2)):  # each goes first every other turn
            step = steps[name]
            time.sleep(0.01)  # start on a fresh time slice, not at the end of the other's
            start, start_cpu = time.perf_counter(), time.process_time()
            step()
            times[name].append(1e3 * (time.perf_counter() - start))
            cpu[name].append(1e3 * (time.process_time() - start_cpu))
    return " ".join(
        f"{statistics.median(times[k]):.3f} {max(times[k]):.3f} {statistics.median(cpu[k]):.3f}"
        for k in steps
    )


def timed_children(part: str, n: int, runs: int) -> dict[str, list[float]]:
    """``timing_child`` with BLAS's default threads and with one, each in a fresh process."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = {}
    for label, threads in (("default BLAS threads", None), ("OPENBLAS_NUM_THREADS=1", "1")):
        env = dict(os.environ)
        env.pop("OPENBLAS_NUM_THREADS", None)
        if threads:
            env["OPENBLAS_NUM_THREADS"] = threads
        line = subprocess.run(
            [sys.executable, "-c", TIMING_CHILD, here, part, str(n), str(runs)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout.split()
        out[label] = [float(v) for v in line]
    return out


def report(rows: dict[str, list[float]]) -> None:
    """Wall-clock median and max, and CPU time (all the process's threads), before and after."""
    print(
        f"   {'':24s} {'before: median':>15} {'max':>9} {'CPU':>9} {'after: median':>15}"
        f" {'max':>9} {'CPU':>9}  ratio"
    )
    for label, (b_med, b_max, b_cpu, a_med, a_max, a_cpu) in rows.items():
        print(
            f"   {label:24s} {b_med:12.2f} ms {b_max:6.1f} ms {b_cpu:6.2f} ms"
            f" {a_med:12.2f} ms {a_max:6.1f} ms {a_cpu:6.2f} ms"
            f"  median {b_med / a_med:.2f}x, max {b_max / a_max:.2f}x, CPU {b_cpu / a_cpu:.2f}x"
        )


def pass_speed(quick: bool) -> None:
    runs = 5 if quick else 15
    for n in (10**5,) if quick else (10**6, 10**7):
        print(f"3. the pass alone, n = {n:,}, {runs} turns, load average {os.getloadavg()[0]:.1f}")
        report(timed_children("pass", n, runs))


def under_load(quick: bool) -> None:
    runs, n = (5, 10**5) if quick else (30, 10**6)
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        time.sleep(0.5)
        print(
            f"4. train, n = {n:,}, 100 epochs, {runs} turns, 2 busy loops running,"
            f" load average {os.getloadavg()[0]:.1f}"
        )
        report(timed_children("load", n, runs))
    finally:
        for process in busy:
            process.kill()
            process.wait()


PARTS = {"precision": precision, "blas": lambda quick: blas_calls(), "pass": pass_speed}
PARTS["load"] = under_load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs")
    parser.add_argument("--part", action="append", choices=sorted(PARTS))
    args = parser.parse_args()
    print(
        f"numpy {np.__version__}, {os.cpu_count()} cores, OPENBLAS_NUM_THREADS="
        f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
    )
    for name in args.part or list(PARTS):
        PARTS[name](args.quick)


if __name__ == "__main__":
    main()
