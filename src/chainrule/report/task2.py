"""Task 2 of the report: gradient descent, from chainrule's experiments, stability, sweep
and conclusion (:mod:`chainrule.descent.experiments`, :mod:`chainrule.descent.stability`,
:mod:`chainrule.descent.sweep`, :mod:`chainrule.descent.conclusion`) and their plot helpers."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from chainrule.descent.conclusion import NEAR_OPTIMAL, Conclusion, conclude
from chainrule.descent.data import Dataset
from chainrule.descent.experiments import RTOL, ExperimentRun, ExperimentsResult, run_experiments
from chainrule.descent.plots import plot_fits, plot_mse, plot_surface, plot_sweep
from chainrule.descent.stability import Stability
from chainrule.descent.sweep import SweepResult, default_range, lr_grid, sweep
from chainrule.figure_files import new_figure
from chainrule.report import markdown as md
from chainrule.report.config import DataConfig, LabConfig, Task2Config
from chainrule.report.part import Part, figure_path
from chainrule.words import Text

LR = md.math(r"\mathrm{lr}")


@dataclass(frozen=True)
class _Computed:
    """Everything Task 2 shows, computed once."""

    data: Dataset
    runs: ExperimentsResult
    sweep: SweepResult
    conclusion: Conclusion

    @property
    def stability(self) -> Stability:
        return self.runs.runs[0].result.stability


def compute(task: Task2Config, data: Dataset | None = None) -> _Computed:
    """Run the experiments, the sweep and the conclusion's search for ``task`` (on ``data``
    instead of the generator's when given; then the lab's printed numbers are not compared)."""
    experiments = [task.experiment(e, data or task.data.dataset()) for e in task.experiments]
    if data is not None:
        experiments = [dataclasses.replace(e, expect=None) for e in experiments]
    data = experiments[0].data or task.data.dataset()
    runs = run_experiments(experiments=experiments, tol=task.tol)
    lr_max = runs.runs[0].result.stability.lr_max
    s = task.sweep
    start, stop = default_range(lr_max, start=s.lr_from, stop=s.lr_to)
    grid = lr_grid(start=start, stop=stop, num=s.num, spacing=s.spacing)
    swept = sweep(data=data, lrs=grid, epochs=s.epochs, m0=task.m0, b0=task.b0, tol=task.tol)
    conclusion = conclude(
        data=data,
        m0=task.m0,
        b0=task.b0,
        tol=task.tol,
        lab_lrs=task.lab_lrs,
        lab_choice=task.lab_choice,
    )
    return _Computed(data, runs, swept, conclusion)


def section(config: LabConfig, text: Text, data: Dataset | None = None) -> Part:
    """The Task 2 section for ``config.task2`` (on ``data`` when given)."""
    task = config.task2
    c = compute(task, data)
    labels = [_run_label(r, text) for r in c.runs.runs]
    results = [r.result for r in c.runs.runs]
    figures: dict[str, Figure] = {
        "task2-data": _one(lambda ax: plot_fits(ax, c.data, [], words=text)),
        "task2-mse-each": _mse_each(results, labels, text),
        "task2-mse-all": _one(lambda ax: plot_mse(ax, results, labels=labels, words=text)),
        "task2-fits": _one(lambda ax: plot_fits(ax, c.data, results, labels=labels, words=text)),
        "task2-surface": _one(
            lambda ax: plot_surface(ax, results[0].surface, results, labels=labels, words=text),
            7,
            5,
        ),
        "task2-sweep": _one(
            lambda ax: plot_sweep(ax, c.sweep, lab_lrs=task.lab_lrs, words=text), 7, 4.5
        ),
    }
    parts = [
        f"## {text('task2.title')}",
        text("task2.intro", m0=md.number(task.m0), b0=md.number(task.b0)),
        md.display(
            r"m \leftarrow m - \mathrm{lr}\,\frac{\partial\,\mathrm{MSE}}{\partial m},\qquad "
            r"b \leftarrow b - \mathrm{lr}\,\frac{\partial\,\mathrm{MSE}}{\partial b},\qquad "
            r"\mathrm{MSE} = \frac{1}{n}\sum_{i=1}^{n} \left(y_i - (m x_i + b)\right)^2"
        ),
        f"### {text('task2.data')}",
        _recipe(task, c, text),
        md.figure(figure_path("task2-data"), text("task2.data.alt")),
        f"### {text('task2.experiments')}",
        text("task2.experiments.text"),
        _runs_table(c.runs, text),
        _statuses(text),
        *_lab_comparison(c.runs, text),
        f"### {text('task2.mse')}",
        text("task2.mse.text"),
        md.figure(figure_path("task2-mse-each"), text("task2.mse_each.alt")),
        md.figure(figure_path("task2-mse-all"), text("task2.mse_all.alt")),
        f"### {text('task2.fits')}",
        md.figure(figure_path("task2-fits"), text("task2.fits.alt")),
        f"### {text('task2.surface')}",
        text(f"task2.surface.{c.conclusion.shape}", kappa=f"{c.stability.condition:.3g}"),
        md.figure(figure_path("task2-surface"), text("task2.surface.alt")),
        f"### {text('task2.stability')}",
        *_stability(c, text),
        f"### {text('task2.sweep')}",
        _sweep_text(c.sweep, text),
        md.figure(figure_path("task2-sweep"), text("task2.sweep.alt")),
        f"### {text('task2.conclusion')}",
        *_conclusion(task, c, text),
    ]
    return Part("\n\n".join(parts), dict(figures))


# --- figures ----------------------------------------------------------------------------
def _run_label(run: ExperimentRun, text: Text) -> str:
    e = run.experiment
    return text("task2.run", name=e.name, lr=f"{e.lr:g}", epochs=e.epochs)


def _one(draw: Callable[[Axes], object], width: float = 6.4, height: float = 4.0) -> Figure:
    fig = new_figure(width, height)
    draw(fig.add_subplot())
    return fig


def _mse_each(results: list, labels: list[str], text: Text) -> Figure:
    cols = min(3, len(results))
    rows = math.ceil(len(results) / cols)
    fig = new_figure(4.0 * cols, 3.0 * rows)
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, result, label in zip(axes.flat, results, labels, strict=False):
        plot_mse(ax, [result], labels=[label], words=text)
        ax.set_title(label, fontsize=9)
        ax.get_legend().remove()  # the title names the run
    for ax in list(axes.flat)[len(results) :]:
        ax.set_visible(False)
    return fig


# --- prose and tables -----------------------------------------------------------------------
def data_law(d: DataConfig) -> str:
    """The data's law in LaTeX: ``y = 2\\,x + 3.5 + \\mathcal{N}(0,\\, 1^2)``."""
    return (
        f"y = {md.number(d.slope)}\\,x + {md.number(d.intercept)} + "
        f"\\mathcal{{N}}(0,\\, {md.number(d.noise)}^2)"
    )


def _recipe(task: Task2Config, c: _Computed, text: Text) -> str:
    d = task.data
    surface = c.runs.runs[0].result.surface
    best = md.math(f"y = {md.number(surface.m_opt)}\\,x + {md.number(surface.b_opt)}")
    mse = md.number(surface.mse_opt)
    if d.csv is not None:
        return text("config.recipe_csv", n=c.data.n, file=md.code(d.csv), best=best, mse=mse)
    if c.data.recipe.get("source") != "lab":  # data given to build_report
        return text(
            "big_data.recipe",
            source=md.escape(c.data.describe(text.lang)),
            best=best,
            mse=mse,
        )
    return text(
        "task2.recipe",
        n=d.n,
        x_min=md.number(d.x_min),
        x_max=md.number(d.x_max),
        line=md.math(data_law(d)),
        seed=d.seed,
        best=best,
        mse=mse,
    )


def _status(name: str, text: Text) -> str:
    return text(f"status.{name}")


def _runs_table(runs: ExperimentsResult, text: Text) -> str:
    rows = []
    for r in runs.runs:
        t = r.result
        status = (
            text("task2.overflow_at", epoch=t.overflow_epoch)
            if t.overflow_epoch is not None
            else _status(t.status, text)
        )
        rows.append(
            (
                md.escape(r.experiment.name),
                f"{t.lr:g}",
                str(t.epochs),
                md.number(t.m),
                md.number(t.b),
                md.number(t.final_mse),
                status,
            )
        )
    headers = [text("col.experiment"), LR, text("col.epochs"), md.math("m"), md.math("b")]
    headers += [text("col.final_mse"), text("col.status")]
    return md.table(headers, rows, align="lrrrrrl")


def _statuses(text: Text) -> str:
    names = ("converged", "slow", "oscillating", "diverged", "overflow")
    return "\n".join(f"- {_status(n, text)}: {text(f'status.{n}.means')}" for n in names)


def _lab_comparison(runs: ExperimentsResult, text: Text) -> list[str]:
    rows = []
    for r in runs.runs:
        expect = r.experiment.expect
        if expect is None or r.other_data:
            continue
        t = r.result
        name = md.escape(r.experiment.name)
        if expect.overflow_epoch is not None:
            ours = t.overflow_epoch
            rows.append(
                (
                    name,
                    text("col.overflow_epoch"),
                    "-" if ours is None else str(ours),
                    str(expect.overflow_epoch),
                    "-" if ours is None else str(ours - expect.overflow_epoch),
                )
            )
        for key, ours_value in (("m", t.m), ("b", t.b), ("final_mse", t.final_mse)):
            lab = getattr(expect, key)
            if lab is None:
                continue
            difference = abs(ours_value - lab) / abs(lab)
            quantity = text("col.final_mse") if key == "final_mse" else md.math(key)
            rows.append((name, quantity, repr(ours_value), repr(lab), f"{difference:.2g}"))
    names = text.join([md.escape(n) for n in runs.other_data])
    other = [text("config.other_data.report", names=names)]
    if not rows:
        return other if runs.other_data else [text("task2.lab.none")]
    done, checked = runs.reproduced
    headers = [text("col.experiment"), text("col.quantity"), "chainrule", text("col.lab")]
    headers.append(text("col.diff"))
    summary = text("task2.lab.summary", done=done, checked=checked, rtol=f"{RTOL:g}")
    failed = [md.escape(r.experiment.name) for r in runs.runs if r.reproduces is False]
    out = [text("task2.lab.text"), md.table(headers, rows, align="llrrr"), summary]
    if failed:
        out.append(text("task2.lab.failed", names=text.join(failed)))
    return out + (other if runs.other_data else [])


def _stability(c: _Computed, text: Text) -> list[str]:
    s = c.stability
    rows = [
        (md.math(r"\lambda_{\max}"), text("stab.lambda_max"), md.number(s.lambda_max)),
        (md.math(r"\lambda_{\min}"), text("stab.lambda_min"), md.number(s.lambda_min)),
        (
            md.math(r"\kappa = \lambda_{\max}/\lambda_{\min}"),
            text("stab.kappa"),
            md.number(s.condition),
        ),
        (
            md.math(r"\mathrm{lr}_{\max} = 2/\lambda_{\max}"),
            text("stab.lr_max"),
            md.number(s.lr_max),
        ),
        (
            md.math(r"\mathrm{lr}_{\mathrm{opt}} = 2/(\lambda_{\max} + \lambda_{\min})"),
            text("stab.lr_opt"),
            md.number(s.lr_opt),
        ),
        (md.math(r"(\kappa - 1)/(\kappa + 1)"), text("stab.rate_opt"), md.number(s.rate_opt)),
    ]
    headers = [text("col.quantity"), text("col.meaning"), text("col.value")]
    limits = md.table(headers, rows, align="llr")
    predicted = []
    agree = 0
    for r in c.runs.runs:
        t, p = r.result, r.result.prediction
        agree += p.status == t.status
        overflow = (
            p.overflow_epoch
            if p.overflow_epoch is not None and p.overflow_epoch <= t.epochs
            else None
        )
        predicted.append(
            (
                md.escape(r.experiment.name),
                f"{t.lr:g}",
                f"{t.lr / s.lr_max:.3g}",
                md.number(p.rate),
                f"{_status(p.status, text)} / {_status(t.status, text)}",
                f"{_maybe(p.epochs_to_tol)} / {_maybe(t.epochs_to_tol)}",
                f"{_maybe(overflow)} / {_maybe(t.overflow_epoch)}",
            )
        )
    headers = [text("col.experiment"), LR, md.math(r"\mathrm{lr}/\mathrm{lr}_{\max}")]
    headers += [text(f"col.{k}") for k in ("rate", "status_pair", "tol_pair", "overflow_pair")]
    table = md.table(headers, predicted, align="lrrrlrr")
    return [
        text("task2.stability.text"),
        limits,
        text("task2.stability.runs"),
        table,
        text("task2.stability.agree", agree=agree, total=len(c.runs.runs)),
    ]


def _maybe(value: int | None) -> str:
    return "-" if value is None else str(value)


def _sweep_text(result: SweepResult, text: Text) -> str:
    b = result.boundary
    lrs = result.lrs
    head = text(
        "task2.sweep.text",
        num=lrs.size,
        lr_from=md.number(float(lrs.min()), 4),
        lr_to=md.number(float(lrs.max()), 4),
        epochs=max(result.epochs),
    )
    lr_max = md.number(b.lr_max)
    if b.first_unstable is None:
        tail = text("task2.sweep.none_diverged", lr_max=lr_max)
    elif b.last_stable is None:
        tail = text("task2.sweep.all_diverged", lr_max=lr_max)
    else:
        tail = text(
            "task2.sweep.boundary" if b.agrees else "task2.sweep.boundary_off",
            stable=md.number(b.last_stable),
            unstable=md.number(b.first_unstable),
            lr_max=lr_max,
        )
    return f"{head} {tail}"


def _conclusion(task: Task2Config, c: _Computed, text: Text) -> list[str]:
    lines = c.conclusion.sentences(text)
    return ["\n".join(f"- {line}" for line in lines), *_verdict(task, c, text)]


def _verdict(task: Task2Config, c: _Computed, text: Text) -> list[str]:
    """Where chainrule agrees with the lab's conclusion and where it does not."""
    k = c.conclusion
    agree = []
    disagree = []
    too_big = [o for o in k.lab_rates if o.lr >= k.lr_max]
    if too_big:
        rates = text.join([md.number(o.lr, 4) for o in too_big])
        agree.append(text("verdict.too_big", rates=rates, lr_max=md.number(k.lr_max, 4)))
    lab_runs = [r.result for r in c.runs.runs if r.experiment.lr == task.lab_choice]
    need = k.lab_choice.epochs_to_tol
    if lab_runs and need is not None:
        short = text.join([str(e) for e in sorted({r.epochs for r in lab_runs if r.epochs < need})])
        enough = text.join(
            [str(e) for e in sorted({r.epochs for r in lab_runs if r.epochs >= need})]
        )
        key = (
            "verdict.epochs"
            if short and enough
            else "verdict.epochs_" + ("short" if short else "enough")
        )
        lr = md.number(task.lab_choice, 4)
        agree.append(text(key, lr=lr, need=need, short=short, enough=enough))
    choice = md.number(task.lab_choice, 4)
    if k.lab_pick_best_of_its_rates:
        agree.append(text("verdict.best_of_its_rates", choice=choice))
    else:
        disagree.append(text("verdict.not_best_of_its_rates", choice=choice))
    if k.speedup is not None and k.speedup > NEAR_OPTIMAL:
        disagree.append(
            text(
                "verdict.not_optimal",
                choice=choice,
                best=md.number(k.best.lr, 4),
                speedup=f"{k.speedup:.1f}",
            )
        )
    elif k.speedup is not None:
        agree.append(text("verdict.optimal", choice=choice))
    parts = [text("verdict.head", choice=choice)]
    if agree:
        parts += [text("verdict.agrees"), "\n".join(f"- {point}" for point in agree)]
    if disagree:
        parts += [text("verdict.disagrees"), "\n".join(f"- {point}" for point in disagree)]
    return parts
