"""Speed of chainrule's engine against micrograd, PyTorch scalars and hand-written NumPy.

    python bench/bench_engine.py          # full run, a few minutes on 2 cores
    python bench/bench_engine.py --quick  # smoke run: small sizes, one repeat

Each figure is the median of repeated runs; before each run the garbage
collector is emptied (``gc.collect()``) and then left enabled, as people run
code. micrograd's closures form reference cycles, so the collector dominates its
time: its figure with the collector disabled is printed too. Every peer runs the
same arithmetic in the same order, and the gradients are checked to agree before
anything is timed. A peer that is not installed is skipped with a note; peers
are the ``bench`` extra (``pip install -e '.[bench]'``). What each row measures
and the latest table: bench/README.md. Exit status 1 if a full run misses a target.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule import Value

try:
    import micrograd.engine as mg
    import micrograd.nn as mg_nn
except ImportError:  # pragma: no cover - depends on the bench extra
    mg = mg_nn = None
try:
    import torch
except ImportError:  # pragma: no cover - depends on the bench extra
    torch = None


# --- timing ---------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    """How long to measure: ``repeats`` runs, each looping for at least ``min_time`` s."""

    repeats: int
    min_time: float


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
        gc.collect()  # a peer's garbage is not the next measurement's cost


def measure(fn: Callable[[], object], settings: Settings, *, collect: bool = True) -> float:
    """Median seconds per call of ``fn`` (after one warm-up call)."""
    _run(fn, 1, collect)
    number = 1
    while (elapsed := _run(fn, number, collect)) < settings.min_time:
        number = max(2 * number, math.ceil(1.2 * number * settings.min_time / max(elapsed, 1e-9)))
    times = [elapsed / number]
    times += [_run(fn, number, collect) / number for _ in range(settings.repeats - 1)]
    return statistics.median(times)


def with_deep_recursion(fn: Callable[[], Any]) -> Any:
    """Call ``fn`` in a thread with a 1 GiB stack and a recursion limit of 10**7.

    micrograd's ``backward`` sorts the graph with a recursive ``build_topo``, which
    raises RecursionError on chains of a few hundred nodes at Python's defaults.
    """
    result: list[Any] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(fn())
        except BaseException as exc:
            errors.append(exc)

    old_limit, old_stack = sys.getrecursionlimit(), threading.stack_size()
    sys.setrecursionlimit(10**7)
    threading.stack_size(1 << 30)
    try:
        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)
    if errors:
        raise errors[0]
    return result[0]


# --- the engines, behind one small interface ------------------------------------
@dataclass(frozen=True)
class Engine:
    """How one library makes a leaf, a constant input and a ReLU, and reads a gradient."""

    name: str
    leaf: Callable[[float], Any]  # requires a gradient
    const: Callable[[float], Any]  # an input; micrograd has no such notion
    relu: Callable[[Any], Any]
    grad: Callable[[Any], float]
    no_grad: Any  # what zero_grad stores in .grad
    deep_recursion: bool = False  # needs with_deep_recursion on long chains


def _engines() -> tuple[Engine, list[Engine], list[str]]:
    chainrule = Engine(
        "chainrule",
        leaf=Value,
        const=lambda x: Value(x, requires_grad=False),
        relu=Value.relu,
        grad=lambda v: v.grad,
        no_grad=0.0,
    )
    peers: list[Engine] = []
    notes: list[str] = []
    if mg is not None:
        peers.append(
            Engine(
                "micrograd",
                leaf=mg.Value,
                const=mg.Value,
                relu=mg.Value.relu,
                grad=lambda v: v.grad,
                no_grad=0,
                deep_recursion=True,
            )
        )
    else:
        notes.append("micrograd is not installed: its rows are skipped")
    if torch is not None:
        f64 = torch.float64
        peers.append(
            Engine(
                "torch",
                leaf=lambda x: torch.tensor(x, dtype=f64, requires_grad=True),
                const=lambda x: torch.tensor(x, dtype=f64),
                relu=torch.relu,
                grad=lambda v: float(v.grad),
                no_grad=None,
            )
        )
    else:
        notes.append("torch is not installed: its rows are skipped")
    return chainrule, peers, notes


# --- the workloads: each builds its graph, runs backward, returns the leaves -----
def lab_graph(e: Engine) -> list[Any]:
    """The lab's L = (2a + b)(c - d) at a, b, c, d = 3, 4, 5, 6, leaves made in the loop."""
    a, b, c, d = e.leaf(3.0), e.leaf(4.0), e.leaf(5.0), e.leaf(6.0)
    ((2 * a + b) * (c - d)).backward()
    return [a, b, c, d]


def chain(e: Engine, ops: int) -> list[Any]:
    """``x = x * 1.0001 + 0.1`` repeated: a chain of ``ops`` operations."""
    x0 = x = e.leaf(1.0)
    for _ in range(ops // 2):
        x = x * 1.0001 + 0.1
    x.backward()
    return [x0]


def scalar_mse(e: Engine, xs: Sequence[float], ys: Sequence[float]) -> list[Any]:
    """The MSE of the line w*x + b over the points, one scalar node per operation."""
    w, b = e.leaf(0.5), e.leaf(0.1)
    loss = sum((w * x + b - y) ** 2 for x, y in zip(xs, ys, strict=True)) * (1.0 / len(xs))
    loss.backward()
    return [w, b]


def mlp_for(e: Engine, model: Any) -> tuple[Callable[[list[Any]], Any], list[Any]]:
    """micrograd's ``model`` itself, or a copy of it (same weights) made of ``e``'s leaves."""
    if e.name == "micrograd":
        return model, model.parameters()
    layers = [
        [([e.leaf(w.data) for w in n.w], e.leaf(n.b.data)) for n in layer.neurons]
        for layer in model.layers
    ]

    def forward(x: list[Any]) -> Any:  # micrograd.nn.MLP.__call__, operation for operation
        for i, layer in enumerate(layers):
            acts = [sum((wi * xi for wi, xi in zip(w, x, strict=True)), b) for w, b in layer]
            x = [e.relu(a) for a in acts] if i != len(layers) - 1 else acts
        return x[0]

    return forward, [p for layer in layers for w, b in layer for p in [*w, b]]


def mlp_demo(
    e: Engine,
    net: tuple[Callable[[list[Any]], Any], list[Any]],
    points: Sequence[Sequence[float]],
    labels: Sequence[float],
) -> list[Any]:
    """micrograd's demo loss (SVM max-margin + L2 regularisation), zero_grad, backward."""
    forward, params = net
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


def make_moons(n: int, seed: int) -> tuple[list[list[float]], list[float]]:
    """scikit-learn's two moons (noise 0.1), labels -1 and 1, as Python floats."""
    rng = np.random.default_rng(seed)
    outer, inner = n // 2, n - n // 2
    t_out, t_in = np.linspace(0, np.pi, outer), np.linspace(0, np.pi, inner)
    x = np.concatenate([np.cos(t_out), 1 - np.cos(t_in)])
    y = np.concatenate([np.sin(t_out), 1 - np.sin(t_in) - 0.5])
    points = np.stack([x, y], axis=1) + rng.normal(scale=0.1, size=(n, 2))
    labels = [-1.0] * outer + [1.0] * inner
    return points.tolist(), labels


# --- the rows -------------------------------------------------------------------
@dataclass
class Row:
    """One line of the table: chainrule's time against one peer's."""

    workload: str
    chainrule: float  # seconds
    peer: str
    peer_time: float | None  # None when the peer is skipped
    target: float | None  # speed-up wanted (peer / chainrule), or slow-down allowed
    slower_ok: bool = False  # True: target is the most chainrule may be slower
    extra: str = ""

    @property
    def ratio(self) -> float | None:
        if self.peer_time is None:
            return None
        if self.slower_ok:
            return self.chainrule / self.peer_time
        return self.peer_time / self.chainrule

    @property
    def met(self) -> bool | None:
        if self.ratio is None or self.target is None:
            return None
        return self.ratio <= self.target if self.slower_ok else self.ratio >= self.target


def _agree(name: str, ours: Sequence[float], theirs: Sequence[float]) -> None:
    if not np.allclose(ours, theirs, rtol=1e-9, atol=1e-12):
        raise AssertionError(f"{name}: gradients disagree: {ours[:4]} vs {theirs[:4]}")


def compare(
    workload: str,
    ours: Engine,
    peers: list[Engine],
    run: Callable[[Engine], list[Any]],
    settings: Settings,
    targets: dict[str, float | None],
    deep: bool = False,
) -> list[Row]:
    """Check that every engine's gradients agree with chainrule's, then time them all."""

    def timed(e: Engine, collect: bool = True) -> float:
        def go() -> float:
            return measure(lambda: run(e), settings, collect=collect)

        return with_deep_recursion(go) if deep and e.deep_recursion else go()

    expected = [ours.grad(v) for v in run(ours)]
    mine = timed(ours)
    rows = []
    for peer in peers:
        if peer.name not in targets:
            continue
        got = (
            with_deep_recursion(lambda p=peer: run(p))
            if deep and peer.deep_recursion
            else run(peer)
        )
        _agree(f"{workload} ({peer.name})", expected, [peer.grad(v) for v in got])
        extra = ""
        if peer.name == "micrograd":
            extra = f"gc off: {fmt_time(timed(peer, collect=False))}"
        rows.append(Row(workload, mine, peer.name, timed(peer), targets[peer.name], extra=extra))
    if not rows:
        rows.append(Row(workload, mine, "-", None, None, extra="no peer installed"))
    return rows


def array_mse(n: int, settings: Settings) -> list[Row]:
    """MSE of a line over ``n`` points, Values wrapping arrays vs the gradient by hand."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0.0, 10.0, n)
    y = 2.0 * x + 3.5 + rng.normal(size=n)

    def ours() -> tuple[float, float]:
        w, b = Value(0.5), Value(0.1)
        xs, ys = Value(x, requires_grad=False), Value(y, requires_grad=False)
        ((w * xs + b - ys) ** 2).mean().backward()
        return w.grad, b.grad

    def by_hand() -> tuple[float, float]:
        w, b = 0.5, 0.1
        r = w * x + b - y
        _loss = np.mean(r**2)
        return float(2.0 * np.mean(r * x)), float(2.0 * np.mean(r))

    _agree("array MSE", ours(), by_hand())
    mine = measure(ours, settings)
    label = f"MSE of a line, {n:,} points as arrays"
    rows = [Row(label, mine, "numpy by hand", measure(by_hand, settings), 3.0, slower_ok=True)]
    if torch is not None:
        tx, ty = torch.from_numpy(x), torch.from_numpy(y)

        def with_torch() -> tuple[float, float]:
            w = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
            b = torch.tensor(0.1, dtype=torch.float64, requires_grad=True)
            ((w * tx + b - ty) ** 2).mean().backward()
            return float(w.grad), float(b.grad)  # type: ignore[arg-type]

        _agree("array MSE (torch)", ours(), with_torch())
        t = measure(with_torch, settings)
        rows.append(Row(label, mine, "torch tensors", t, None, slower_ok=True, extra="no target"))
    return rows


def big_chain(ops: int, settings: Settings) -> Row:
    """chainrule alone on a very long chain: it must finish; the time is reported."""
    engine, _, _ = _engines()
    seconds = measure(lambda: chain(engine, ops), Settings(settings.repeats, 0.0))
    return Row(
        f"chain of {ops:,} ops (x*1.0001 + 0.1)",
        seconds,
        "-",
        None,
        None,
        extra=f"{ops / seconds / 1e6:.2f} M ops/s",
    )


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
            (r.workload, fmt_time(r.chainrule), r.peer, peer_time, ratio, target, met, r.extra)
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"
        for line in lines
    ]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    args = parser.parse_args(argv)
    quick = args.quick
    settings = Settings(repeats=1, min_time=0.0) if quick else Settings(repeats=5, min_time=0.2)
    chain_ops, big_ops = (10_000, 100_000) if quick else (100_000, 1_000_000)
    mse_points, mlp_points = (200, 20) if quick else (1_000, 100)
    array_points = 100_000 if quick else 1_000_000

    ours, peers, notes = _engines()
    random.seed(1337)
    model = mg_nn.MLP(2, [16, 16, 1]) if mg_nn is not None else None
    points, labels = make_moons(mlp_points, seed=1337)
    rng = np.random.default_rng(1)
    xs = rng.uniform(0, 10, mse_points).tolist()
    ys = [2.0 * x + 3.5 + rng.normal() for x in xs]

    rows: list[Row] = []
    lab = "lab graph L=(2a+b)(c-d)"
    rows += compare(lab, ours, peers, lab_graph, settings, {"micrograd": 3, "torch": None})
    rows += compare(
        f"chain of {chain_ops:,} ops (x*1.0001 + 0.1)",
        ours,
        peers,
        lambda e: chain(e, chain_ops),
        settings,
        {"micrograd": 10, "torch": None},
        deep=True,
    )
    rows.append(big_chain(big_ops, settings))
    rows += compare(
        f"scalar MSE, {mse_points:,} points",
        ours,
        peers,
        lambda e: scalar_mse(e, xs, ys),
        settings,
        {"micrograd": 5, "torch": 10},
        deep=True,
    )
    if model is not None:
        nets = {e.name: mlp_for(e, model) for e in [ours, *peers]}
        rows += compare(
            f"micrograd demo MLP 2-16-16-1, {mlp_points} points",
            ours,
            peers,
            lambda e: mlp_demo(e, nets[e.name], points, labels),
            settings,
            {"micrograd": 5, "torch": 10},
        )
    else:
        notes.append("the MLP row needs micrograd's MLP for its initial weights: skipped")
    rows += array_mse(array_points, settings)

    print(table(rows))
    versions = [f"Python {sys.version.split()[0]}", f"numpy {np.__version__}"]
    versions += [f"torch {torch.__version__}"] if torch is not None else []
    print("\n" + ", ".join(versions) + ("; --quick: small sizes, one repeat" if quick else ""))
    for note in notes:
        print(f"note: {note}")
    missed = [r for r in rows if r.met is False]
    for r in missed:
        print(f"target missed: {r.workload} vs {r.peer}")
    return 1 if missed and not quick else 0


if __name__ == "__main__":
    sys.exit(main())
