"""Speed of chainrule's engine against micrograd, PyTorch scalars and hand-written NumPy.

    python bench/bench_engine.py          # full run, a few minutes on 2 cores
    python bench/bench_engine.py --quick  # smoke run: small sizes, one repeat
    python bench/bench_engine.py --only chain --only lab_graph  # some rows only

Each engine runs in its own worker process that imports only that engine, as its
users run it: a shared process would make each library's garbage collection walk
the others' objects (torch alone brings ~150,000). The workers take turns, one
repeat each, so a burst of load from elsewhere hits every engine alike; each
figure is the median over the repeats. The garbage collector stays enabled (it
is emptied before each repeat); micrograd's closures form reference cycles, so
the collector dominates its time, and its figure with the collector disabled is
printed too. Before anything is timed, every engine's gradients are checked
against chainrule's. A peer that is not installed is skipped with a note; peers
are the ``bench`` extra. Rows and the latest table: bench/README.md. Exit status
1 if a full run misses a target.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import itertools
import math
import multiprocessing
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

SEED = 1337


# --- the engines, behind one small interface (imported in their worker only) -----
@dataclass(frozen=True)
class Engine:
    """How one library makes a leaf, a constant input and a ReLU, and reads a gradient."""

    name: str
    leaf: Callable[[float], Any]  # requires a gradient
    const: Callable[[float], Any]  # an input; micrograd has no such notion
    relu: Callable[[Any], Any]
    grad: Callable[[Any], float]
    no_grad: Any  # what zero_grad stores in .grad


def load(name: str) -> Engine:
    """Import engine ``name``; ImportError if it is not installed."""
    if name == "chainrule":
        from chainrule import Value

        return Engine(
            name,
            leaf=Value,
            const=lambda x: Value(x, requires_grad=False),
            relu=Value.relu,
            grad=lambda v: v.grad,
            no_grad=0.0,
        )
    if name == "micrograd":
        from micrograd.engine import Value as MgValue

        return Engine(
            name, leaf=MgValue, const=MgValue, relu=MgValue.relu, grad=lambda v: v.grad, no_grad=0
        )
    if name == "torch":
        import torch

        f64 = torch.float64
        return Engine(
            name,
            leaf=lambda x: torch.tensor(x, dtype=f64, requires_grad=True),
            const=lambda x: torch.tensor(x, dtype=f64),
            relu=torch.relu,
            grad=lambda v: float(v.grad),
            no_grad=None,
        )
    if name == "numpy":  # gradients written by hand: only the array workload
        return Engine(name, leaf=float, const=float, relu=abs, grad=float, no_grad=0.0)
    raise ValueError(f"unknown engine {name!r}")


# --- the workloads: each builds its graph, runs backward, returns the leaves ---------
def lab_graph(e: Engine, size: int) -> list[Any]:
    """The lab's L = (2a + b)(c - d) at a, b, c, d = 3, 4, 5, 6, leaves made in the loop."""
    a, b, c, d = e.leaf(3.0), e.leaf(4.0), e.leaf(5.0), e.leaf(6.0)
    ((2 * a + b) * (c - d)).backward()
    return [a, b, c, d]


def chain(e: Engine, size: int) -> list[Any]:
    """``x = x * 1.0001 + 0.1`` repeated: a chain of ``size`` operations."""
    x0 = x = e.leaf(1.0)
    for _ in range(size // 2):
        x = x * 1.0001 + 0.1
    x.backward()
    return [x0]


def line_points(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Points near y = 2x + 3.5, as in the lab's gradient descent experiments."""
    rng = np.random.default_rng(1)
    x = rng.uniform(0.0, 10.0, size)
    return x, 2.0 * x + 3.5 + rng.normal(size=size)


def scalar_mse(e: Engine, size: int, xs: list[float], ys: list[float]) -> list[Any]:
    """The MSE of the line w*x + b over the points, one scalar node per operation."""
    w, b = e.leaf(0.5), e.leaf(0.1)
    loss = sum((w * x + b - y) ** 2 for x, y in zip(xs, ys, strict=True)) * (1.0 / len(xs))
    loss.backward()
    return [w, b]


def make_moons(n: int) -> tuple[list[list[float]], list[float]]:
    """scikit-learn's two moons (noise 0.1), labels -1 and 1, as Python floats."""
    rng = np.random.default_rng(SEED)
    outer, inner = n // 2, n - n // 2
    t_out, t_in = np.linspace(0, np.pi, outer), np.linspace(0, np.pi, inner)
    x = np.concatenate([np.cos(t_out), 1 - np.cos(t_in)])
    y = np.concatenate([np.sin(t_out), 1 - np.sin(t_in) - 0.5])
    points = np.stack([x, y], axis=1) + rng.normal(scale=0.1, size=(n, 2))
    return points.tolist(), [-1.0] * outer + [1.0] * inner


def mlp_weights() -> list[list[tuple[list[float], float]]]:
    """micrograd's ``MLP(2, [16, 16, 1])`` initial weights after ``random.seed(SEED)``."""
    random.seed(SEED)
    sizes = [2, 16, 16, 1]
    return [
        [([random.uniform(-1, 1) for _ in range(nin)], 0.0) for _ in range(nout)]
        for nin, nout in itertools.pairwise(sizes)
    ]


def mlp_model(e: Engine) -> tuple[Callable[[list[Any]], Any], list[Any]]:
    """micrograd's own ``MLP``, or the same network (same weights) of ``e``'s leaves."""
    weights = mlp_weights()
    if e.name == "micrograd":
        from micrograd.nn import MLP

        random.seed(SEED)
        model = MLP(2, [16, 16, 1])
        same = [
            [([w.data for w in n.w], n.b.data) for n in layer.neurons] for layer in model.layers
        ]
        assert same == weights, "micrograd's MLP no longer starts from these weights"
        return model, model.parameters()
    layers = [[([e.leaf(w) for w in ws], e.leaf(b)) for ws, b in layer] for layer in weights]

    def forward(x: list[Any]) -> Any:  # micrograd.nn.MLP.__call__, operation for operation
        for i, layer in enumerate(layers):
            acts = [sum((wi * xi for wi, xi in zip(w, x, strict=True)), b) for w, b in layer]
            x = [e.relu(a) for a in acts] if i != len(layers) - 1 else acts
        return x[0]

    return forward, [p for layer in layers for w, b in layer for p in [*w, b]]


def mlp_demo(
    e: Engine,
    size: int,
    model: tuple[Callable[[list[Any]], Any], list[Any]],
    points: list[list[float]],
    labels: list[float],
) -> list[Any]:
    """micrograd's demo loss (SVM max-margin + L2 regularisation), zero_grad, backward."""
    forward, params = model
    inputs = [[e.const(v) for v in row] for row in points]
    scores = [forward(x) for x in inputs]
    losses = [e.relu(1 + -yi * si) for yi, si in zip(labels, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in params)
    total = data_loss + reg_loss
    for p in params:
        p.grad = e.no_grad
    total.backward()
    return params


def array_mse(e: Engine, size: int, x: np.ndarray, y: np.ndarray) -> list[Any]:
    """MSE of the line w*x + b over arrays of points, and its gradient."""
    if e.name == "numpy":  # by hand: d/dw = 2 mean(r x), d/db = 2 mean(r)
        w, b = 0.5, 0.1
        r = w * x + b - y
        _loss = np.mean(r**2)
        return [float(2.0 * np.mean(r * x)), float(2.0 * np.mean(r))]
    if e.name == "torch":
        import torch

        x, y = torch.from_numpy(x), torch.from_numpy(y)
    else:
        x, y = e.const(x), e.const(y)
    w, b = e.leaf(0.5), e.leaf(0.1)
    ((w * x + b - y) ** 2).mean().backward()
    return [w, b]


def prepare(e: Engine, workload: str, size: int) -> Callable[[], list[Any]]:
    """The workload as a call without arguments; its data are made here, untimed."""
    if workload == "scalar_mse":
        x, y = line_points(size)
        xs, ys = x.tolist(), y.tolist()
        return lambda: scalar_mse(e, size, xs, ys)
    if workload == "mlp_demo":
        model = mlp_model(e)
        points, labels = make_moons(size)
        return lambda: mlp_demo(e, size, model, points, labels)
    if workload == "array_mse":
        x, y = line_points(size)
        return lambda: array_mse(e, size, x, y)
    run = {"lab_graph": lab_graph, "chain": chain}[workload]
    return lambda: run(e, size)


# --- timing, in the workers ---------------------------------------------------------
def _run(fn: Callable[[], object], number: int, collect: bool) -> float:
    gc.collect()
    if not collect:
        gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


def _serve(name: str, conn: Connection) -> None:
    """A worker: load one engine, then answer ("grads"|"time", workload, size, ...) requests."""
    try:
        engine = load(name)
    except ImportError as exc:
        conn.send(f"{name} is not installed ({exc}): its rows are skipped")
        return
    conn.send(None)
    prepared: dict[tuple[str, int], Callable[[], list[Any]]] = {}
    while (request := conn.recv()) is not None:
        kind, workload, size, number, collect = request
        key = (workload, size)
        if key not in prepared:
            prepared[key] = prepare(engine, workload, size)
        fn = prepared[key]
        if kind == "grads":  # read back outside the timed loop
            conn.send([engine.grad(leaf) for leaf in fn()])
        else:
            conn.send(_run(fn, number, collect))


def _worker(name: str, conn: Connection) -> None:
    if name != "micrograd":
        _serve(name, conn)
        return
    # micrograd's backward sorts the graph with a recursive build_topo, which raises
    # RecursionError on chains of a few hundred nodes at Python's defaults: give it
    # a recursion limit of 10**7 on a thread with a 1 GiB stack.
    sys.setrecursionlimit(10**7)
    threading.stack_size(1 << 30)
    thread = threading.Thread(target=_serve, args=(name, conn))
    thread.start()
    thread.join()


class Worker:
    """One engine in its own process."""

    def __init__(self, name: str) -> None:
        self.name = name
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(name, child), daemon=True)
        self.process.start()
        self.skipped: str | None = self.conn.recv()

    def ask(
        self, kind: str, workload: str, size: int, number: int = 1, collect: bool = True
    ) -> Any:
        self.conn.send((kind, workload, size, number, collect))
        return self.conn.recv()

    def close(self) -> None:
        if self.skipped is None:
            self.conn.send(None)
        self.process.join()


@dataclass(frozen=True)
class Settings:
    """How long to measure: ``repeats`` turns, each looping for at least ``min_time`` s."""

    repeats: int
    min_time: float


def measure(
    runs: dict[str, tuple[Worker, bool]], workload: str, size: int, settings: Settings
) -> dict[str, list[float]]:
    """Seconds per call for each named (worker, gc enabled), one list entry per turn."""
    numbers = {}
    for label, (worker, collect) in runs.items():
        worker.ask("time", workload, size, 1, collect)  # warm up
        number = 1
        while (elapsed := worker.ask("time", workload, size, number, collect)) < settings.min_time:
            number = max(2 * number, math.ceil(1.2 * number * settings.min_time / elapsed))
        numbers[label] = number
    times: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(settings.repeats):
        for label, (worker, collect) in runs.items():
            elapsed = worker.ask("time", workload, size, numbers[label], collect)
            times[label].append(elapsed / numbers[label])
    return times


# --- the rows -------------------------------------------------------------------------
@dataclass
class Row:
    """One line of the table: chainrule's time against one peer's (medians over the turns)."""

    workload: str
    chainrule: float  # seconds
    peer: str = "-"
    peer_time: float | None = None  # None when there is no peer
    ratio: float | None = None  # median over the turns of peer / chainrule (or its inverse)
    target: float | None = None  # speed-up wanted, or the slow-down allowed
    slower_ok: bool = False  # True: ratio and target are how much slower chainrule is
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.ratio is None or self.target is None:
            return None
        return self.ratio <= self.target if self.slower_ok else self.ratio >= self.target


@dataclass(frozen=True)
class Spec:
    """A workload and its targets, by peer (None: shown for information)."""

    title: str
    workload: str
    size: int
    targets: dict[str, float | None]
    slower_ok: bool = False


def run_row(spec: Spec, workers: dict[str, Worker], settings: Settings) -> list[Row]:
    """Check the peers' gradients against chainrule's, time everyone, make the rows."""
    ours = workers["chainrule"]
    peers = [workers[p] for p in spec.targets if workers[p].skipped is None]
    expected = ours.ask("grads", spec.workload, spec.size)
    for peer in peers:
        got = peer.ask("grads", spec.workload, spec.size)
        if not np.allclose(expected, got, rtol=1e-9, atol=1e-12):
            raise AssertionError(f"{spec.title}: {peer.name}'s gradients disagree with chainrule's")
    runs = {"chainrule": (ours, True)} | {p.name: (p, True) for p in peers}
    if "micrograd" in runs:
        runs["micrograd, gc off"] = (workers["micrograd"], False)
    if not spec.targets:  # chainrule alone, on a graph too big to loop over
        settings = Settings(settings.repeats, 0.0)
    times = measure(runs, spec.workload, spec.size, settings)
    mine = statistics.median(times["chainrule"])
    if not spec.targets:
        speed = f"{spec.size / mine / 1e6:.2f} M ops/s"
        return [Row(spec.title, mine, note=speed)]
    if not peers:
        return [Row(spec.title, mine, note="no peer installed")]
    rows = []
    for peer in peers:
        # Turn by turn, chainrule and the peer ran back to back: compare within a turn.
        pairs = zip(times["chainrule"], times[peer.name], strict=True)
        ratios = [ours / theirs if spec.slower_ok else theirs / ours for ours, theirs in pairs]
        target = spec.targets[peer.name]
        note = "for information" if target is None else ""
        if peer.name == "micrograd":
            note = f"gc off: {fmt_time(statistics.median(times['micrograd, gc off']))}"
        theirs = statistics.median(times[peer.name])
        ratio = statistics.median(ratios)
        rows.append(Row(spec.title, mine, peer.name, theirs, ratio, target, spec.slower_ok, note))
    return rows


# --- the table ---------------------------------------------------------------------
def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table (readable as plain text too)."""
    head = ("workload", "chainrule", "peer", "peer time", "ratio", "target", "met", "note")
    lines = [head]
    for r in rows:
        word = "slower" if r.slower_ok else "faster"
        ratio = "-" if r.ratio is None else f"{r.ratio:.1f}x {word}"
        sign = "<=" if r.slower_ok else ">="
        target = "-" if r.target is None else f"{sign} {r.target:g}x"
        met = {None: "-", True: "yes", False: "NO"}[r.met]
        peer_time = "-" if r.peer_time is None else fmt_time(r.peer_time)
        lines.append(
            (r.workload, fmt_time(r.chainrule), r.peer, peer_time, ratio, target, met, r.note)
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"
        for line in lines
    ]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


WORKLOADS = ("lab_graph", "chain", "scalar_mse", "mlp_demo", "array_mse")


def specs(quick: bool) -> list[Spec]:
    chain_ops, big_ops = (10_000, 100_000) if quick else (100_000, 1_000_000)
    mse_points, mlp_points = (200, 20) if quick else (1_000, 100)
    array_points = 100_000 if quick else 1_000_000
    both = {"micrograd": 5.0, "torch": 10.0}
    return [
        Spec("lab graph L=(2a+b)(c-d)", "lab_graph", 4, {"micrograd": 3.0, "torch": None}),
        Spec(f"chain of {chain_ops:,} ops", "chain", chain_ops, {"micrograd": 10, "torch": None}),
        Spec(f"chain of {big_ops:,} ops", "chain", big_ops, {}),
        Spec(f"scalar MSE, {mse_points:,} points", "scalar_mse", mse_points, both),
        Spec(f"micrograd demo MLP, {mlp_points} points", "mlp_demo", mlp_points, both),
        Spec(
            f"MSE of a line, {array_points:,} points as arrays",
            "array_mse",
            array_points,
            {"numpy": 3.0, "torch": None},
            slower_ok=True,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    parser.add_argument(
        "--only",
        action="append",
        choices=WORKLOADS,
        metavar="WORKLOAD",
        help=f"run only this workload (repeatable): {', '.join(WORKLOADS)}",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    chosen = [s for s in specs(quick) if args.only is None or s.workload in args.only]
    settings = Settings(repeats=1, min_time=0.02) if quick else Settings(repeats=7, min_time=0.2)
    workers = {name: Worker(name) for name in ("chainrule", "micrograd", "torch", "numpy")}
    if workers["chainrule"].skipped:
        print(workers["chainrule"].skipped, file=sys.stderr)
        return 2
    try:
        rows = [row for spec in chosen for row in run_row(spec, workers, settings)]
    finally:
        for worker in workers.values():
            worker.close()

    print(table(rows))
    versions = [f"Python {sys.version.split()[0]}"]
    for name in ("numpy", "micrograd", "torch"):
        if workers[name].skipped is None:
            versions.append(f"{name} {importlib.metadata.version(name)}")
    print("\n" + ", ".join(versions) + "; chain: x = x*1.0001 + 0.1 repeated")
    if quick:
        print("--quick: small sizes, one repeat; the ratios are rough")
    for worker in workers.values():
        if worker.skipped:
            print(f"note: {worker.skipped}")
    missed = [r for r in rows if r.met is False]
    for r in missed:
        print(f"target missed: {r.workload} vs {r.peer}")
    return 1 if missed and not quick else 0


if __name__ == "__main__":
    sys.exit(main())
