"""What the playground page shows, computed here once and embedded as JSON.

The page's JavaScript computes nothing of its own but the epochs of gradient descent, in
the closed form of :class:`chainrule.descent.stability.Modes` on the numbers below (another
optimizer steps each epoch, as :func:`chainrule.descent.stepping.step_paths`); momentum's
tuned setting, the graph's passes and the derivation are chainrule's, already formatted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from latex2mathml.converter import convert as latex_to_mathml

from chainrule.budget import quoted
from chainrule.derivatives.derivation import derive
from chainrule.derivatives.printing import MARKDOWN, numbered, result_latex, step_math
from chainrule.derivatives.steps import Step
from chainrule.descent.data import Dataset
from chainrule.descent.momentum_theory import momentum_theory
from chainrule.descent.optimizers import Optimizer
from chainrule.descent.stability import stability
from chainrule.descent.status import GROWTH, threshold
from chainrule.descent.surface import FLOAT_MAX, LossSurface
from chainrule.descent.training import BLOCK_CELLS, LOG_CAP, TINY, start_surface
from chainrule.engine.ops import OPS
from chainrule.errors import ExpressionTooLargeError
from chainrule.graph.picture import MAX_NODES
from chainrule.graph.tracing import trace
from chainrule.words import Text

#: Points of the data drawn under the fitted line (a larger data set is thinned evenly).
MAX_POINTS = 400
#: Points of f and f' sent to the page; the movable point moves between them.
CURVE_POINTS = 401
#: The longest run the page replays (its path is kept for every epoch): within one block
#: of :func:`chainrule.descent.training.descend`, so its numbers are the same products.
MAX_PAGE_EPOCHS = min(20_000, BLOCK_CELLS // 2)
#: Excess MSE of the contour lines, as fractions of the excess at the start.
LEVELS = (4.0, 1.0, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001)


def number(x: float) -> str:
    """A value as ``chainrule graph`` prints it: ``-2``, ``0.25``, ``1.2e+77``."""
    return f"{x:.6g}" if math.isfinite(x) else str(x)


def descent_part(
    *, data: Dataset, m0: float, b0: float, tol: float, presets: Sequence[tuple[float, int]]
) -> dict[str, Any]:
    """The loss surface's numbers, the limits, the start, the slider ranges and the data."""
    s = start_surface(data, m0=m0, b0=b0)
    limits = stability(surface=s)
    lrs = [limits.lr_max / 1000, limits.lr_max * 2, *(lr for lr, _ in presets)]
    # The window: the start, its mirror through the optimum (where zigzags reach), padded.
    dm, db = abs(m0 - s.m_opt) or 1.0, abs(b0 - s.b_opt) or 1.0
    step = max(1, data.x.size // MAX_POINTS)
    limit = threshold(mse_opt=s.mse_opt, y_var=s.y_var, tol=tol)
    return {
        "n": s.n,
        "x_mean": s.x_mean,
        "x_var": s.x_var,
        "m_opt": s.m_opt,
        "b_opt": s.b_opt,
        "mse_opt": s.mse_opt,
        "lambda_max": s.lambda_max,
        "lambda_min": s.lambda_min,
        "axis": list(s.axis),
        "lr_max": limits.lr_max,
        "lr_opt": limits.lr_opt,
        "lr_max_text": f"{limits.lr_max:.6g}",
        "limit": limit,
        "momentum": _tuned_momentum(s, m0=m0, b0=b0, limit=limit),
        "optimizer": {k: getattr(Optimizer(), k) for k in ("beta", "beta1", "beta2", "eps")},
        "tol": tol,
        "m0": m0,
        "b0": b0,
        "float_max": FLOAT_MAX,
        "log_cap": LOG_CAP,
        "tiny": TINY,
        "growth": GROWTH,
        "log_lr": [math.floor(math.log10(min(lrs))), math.ceil(math.log10(max(lrs) * 1.5))],
        "max_epochs": MAX_PAGE_EPOCHS,
        "presets": [[lr, min(epochs, MAX_PAGE_EPOCHS)] for lr, epochs in presets],
        "window": [s.m_opt - 1.3 * dm, s.m_opt + 1.3 * dm, s.b_opt - 1.3 * db, s.b_opt + 1.3 * db],
        "levels": [s.mse_opt + f * (s.mse(m0, b0) - s.mse_opt) for f in LEVELS],
        "x": data.x[::step].tolist(),
        "y": data.y[::step].tolist(),
    }


def _tuned_momentum(s: LossSurface, *, m0: float, b0: float, limit: float) -> dict[str, Any]:
    """Polyak's ``(lr, beta)`` for heavy-ball momentum, its rate and its epochs to ``limit``."""
    theory = momentum_theory(surface=s)
    return {
        "lr_opt": theory.lr_opt,
        "beta_opt": theory.beta_opt,
        "rate_opt": theory.rate_opt,
        "gd_rate_opt": theory.gd_rate_opt,
        "epochs": theory.epochs_to(
            surface=s, lr=theory.lr_opt, beta=theory.beta_opt, m0=m0, b0=b0, limit=limit
        ),
    }


def graph_part(expression: str, values: Mapping[str, float], text: Text) -> dict[str, Any]:
    """The forward and backward tables of the lab's graph, numbers formatted as the CLI does."""
    t = trace(expression, values=values)
    if len(t.nodes) > MAX_NODES:  # a table to step through, and a picture, stay readable
        raise ExpressionTooLargeError(
            f"the playground steps through graphs of at most {MAX_NODES} nodes;"
            f" {quoted(expression)} has {len(t.nodes)}"
        )
    by_id = {row.id: row for row in t.nodes}
    name = {row.id: row.label for row in t.nodes if row.op == "input"}
    return {
        "title": text(
            "pg.graph.title",
            expression=expression,
            values=", ".join(f"{k} = {number(v)}" for k, v in values.items()),
        ),
        "value": number(t.value),
        "nodes": [
            {
                "id": f"n{row.id}",
                "op": _op_text(row.op),
                "label": row.label,
                "inputs": ", ".join(f"n{i}" for i in row.inputs) or "-",
                "value": number(row.value),
            }
            for row in t.nodes
        ],
        "edges": [
            {
                "edge": f"n{e.node} -> n{e.input} ({by_id[e.input].label})",
                "upstream": number(e.upstream),
                "local": number(e.local),
                "contribution": number(e.contribution),
                "input": name.get(e.input),  # the input whose gradient this edge completes
            }
            for e in t.edges
        ],
        "gradients": [
            {
                "name": f"dL/d{k}",
                "input": k,
                "gradient": number(g),
                "partial": mathml(MARKDOWN.expr(t.partials[k])) if k in t.partials else "-",
            }
            for k, g in t.gradients.items()
        ],
        "svg": t.to_svg(words=(text("pg.graph.value"), "grad")),
    }


def _op_text(op: str) -> str:
    """A node's op as ``chainrule graph`` prints it: ``*``, ``exp()``, ``input``."""
    if op in ("input", "const"):
        return op
    return OPS[op].symbol or f"{OPS[op].call}()"


def mathml(latex: str, *, block: bool = False) -> str:
    """LaTeX as MathML, made here so that the page needs no script or font from a CDN."""
    return str(latex_to_mathml(latex, display="block" if block else "inline"))


def derivative_part(
    *, expression: str, variable: str, x_range: tuple[float, float] | None, text: Text
) -> dict[str, Any]:
    """The derivation's steps (rule names in the page's language, math as MathML), f and f'."""
    d = derive(expression, wrt=variable, x_range=x_range)
    lo, hi = d.properties.x_range
    xs = np.linspace(lo, hi, CURVE_POINTS)
    f, slope = d.numeric("function")(xs), d.numeric("first")(xs)
    function = MARKDOWN.expr(d.function)
    return {
        "function": mathml(f"f({d.variable}) = {function}"),
        "variable": d.variable,
        "steps": [
            {"number": label, "level": level, **_step(step, text)}
            for root in d.steps
            for label, level, step in numbered(root)
        ],
        "result": mathml(result_latex(d), block=True),
        "x": xs.tolist(),
        "f": [None if math.isnan(v) else float(v) for v in f],
        "slope": [None if math.isnan(v) else float(v) for v in slope],
    }


def _step(step: Step, text: Text) -> dict[str, str]:
    """One step: its rule in words, the substitution (if any) and its math, as MathML."""
    inner = ""
    if step.inner is not None:
        inner = mathml(f"{MARKDOWN.expr(step.substeps[0].variable)} = {MARKDOWN.expr(step.inner)}")
    return {"rule": text.rule(step.rule), "inner": inner, "math": mathml(step_math(step, MARKDOWN))}
