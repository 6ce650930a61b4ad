"""The report's optional Further section: beyond the lab's plain gradient descent (issue 15).

Off by default; ``[further] enabled = true`` in a lab configuration or ``chainrule report
--further`` turns it on. :func:`section` joins the blocks listed in :data:`BLOCKS`, each a
function ``(config, text) -> Part``. The optimizer comparison (:func:`optimizers`) is the
first; logistic regression (:func:`logistic`), the other half of issue 15, is the second,
with its words in :mod:`chainrule.words.logistic`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from chainrule.descent.logistic import logistic_sweep, train_logistic
from chainrule.descent.logistic_plots import plot_boundary, plot_log_loss
from chainrule.descent.lr_range import lr_range_test
from chainrule.descent.momentum_theory import momentum_theory
from chainrule.descent.optimizers import Optimizer, describe
from chainrule.descent.plots import plot_excess, plot_stability
from chainrule.descent.stability import predict, stability
from chainrule.descent.status import threshold
from chainrule.descent.surface import loss_surface
from chainrule.descent.sweep import SweepResult, sweep
from chainrule.descent.training import TrainResult, train
from chainrule.figure_files import new_figure
from chainrule.report import markdown as md
from chainrule.report.config import LabConfig
from chainrule.report.part import Part, figure_path
from chainrule.words import Text

#: Epochs of each compared run, and of the (lr, beta) sweep.
EPOCHS = 1000
#: Rates tried for Nesterov and Adam, which have no closed-form tuning here: each is shown
#: at the rate that reaches the tolerance first among these (log-spaced, in lr_max units).
TRIED = 100
#: The (lr, beta) grid of the stability picture.
REGION_LRS, REGION_BETAS = 60, 24


def section(config: LabConfig, text: Text) -> Part:
    """The Further section: its title, then each block of :data:`BLOCKS` in order."""
    parts = [block(config, text) for block in BLOCKS]
    figures = {name: fig for part in parts for name, fig in part.figures.items()}
    markdown = "\n\n".join([f"## {text('further.title')}", *(p.markdown for p in parts)])
    return Part(markdown, figures)


def optimizers(config: LabConfig, text: Text) -> Part:
    """Tuned momentum against the lab's descent, four optimizers' MSE, momentum's region."""
    task = config.task2
    data = task.data.dataset()
    surface = loss_surface(data)
    theory = momentum_theory(surface=surface)
    start: dict[str, Any] = {
        "data": data,
        "m0": task.m0,
        "b0": task.b0,
        "tol": task.tol,
        "epochs": EPOCHS,
    }
    limit = threshold(mse_opt=surface.mse_opt, y_var=surface.y_var, tol=task.tol)
    tuned_rule = Optimizer("momentum", beta=theory.beta_opt)
    nesterov_rule = Optimizer("nesterov", beta=theory.beta_opt)
    lr_max = stability(surface=surface).lr_max
    runs = [
        train(lr=task.lab_choice, **start),
        train(lr=theory.lr_opt, optimizer=tuned_rule, **start),
        train(
            lr=_best_rate(nesterov_rule, lr_max * np.geomspace(1e-3, 2, TRIED), start),
            optimizer=nesterov_rule,
            **start,
        ),
        train(
            lr=_best_rate(Optimizer("adam"), np.geomspace(1e-3, 1, TRIED), start),
            optimizer="adam",
            **start,
        ),
    ]
    lab = predict(
        surface=surface, lr=task.lab_choice, epochs=EPOCHS, m0=task.m0, b0=task.b0, tol=task.tol
    )
    tuned = runs[1]
    predicted = theory.epochs_to(
        surface=surface, lr=theory.lr_opt, beta=theory.beta_opt, m0=task.m0, b0=task.b0, limit=limit
    )
    region = sweep(
        data=data,
        lrs=np.geomspace(1e-2 * lr_max, 2 * lr_max, REGION_LRS),
        betas=np.linspace(0.0, 0.95, REGION_BETAS),
        optimizer="momentum",
        epochs=EPOCHS,
        m0=task.m0,
        b0=task.b0,
        tol=task.tol,
    )
    found = region.boundaries()
    share = (
        f"{tuned.epochs_to_tol / lab.epochs_to_tol:.3f}"
        if tuned.epochs_to_tol is not None and lab.epochs_to_tol
        else "-"
    )
    markdown = [
        text(
            "further.intro",
            lambda_max=md.number(theory.lambda_max, 4),
            lambda_min=md.number(theory.lambda_min, 4),
            condition=md.number(theory.condition, 4),
        ),
        text(
            "further.tuned",
            lr=md.number(theory.lr_opt, 4),
            beta=md.number(theory.beta_opt, 4),
            rate=md.number(theory.rate_opt, 4),
            gd_rate=md.number(theory.gd_rate_opt, 4),
            predicted=predicted if predicted is not None else "-",
            tol=f"{task.tol:g}",
            measured=tuned.epochs_to_tol if tuned.epochs_to_tol is not None else "-",
            lab=lab.epochs_to_tol if lab.epochs_to_tol is not None else "-",
            lab_lr=f"{task.lab_choice:g}",
            share=share,
        ),
        text("further.compare", tried=TRIED),
        _table(runs, text),
        md.figure(figure_path("further-optimizers"), text("further.fig.compare")),
        text(
            "further.region",
            runs=region.lrs.size,
            epochs=EPOCHS,
            agree=sum(b.agrees for _, b in found),
            count=len(found),
        ),
        md.figure(figure_path("further-region"), text("further.fig.region")),
    ]
    labels = [
        describe(r.optimizer, r.schedule).split(" + ")[0] + f", lr = {r.lr:.4g}" for r in runs
    ]
    return Part(
        "\n\n".join(markdown),
        {
            "further-optimizers": _one(
                lambda ax: plot_excess(
                    ax, runs, labels=labels, rates=[None, theory.rate_opt], words=text
                )
            ),
            "further-region": _one(lambda ax: plot_stability(ax, region, words=text)),
        },
    )


def logistic(config: LabConfig, text: Text) -> Part:
    """Logistic regression on the built-in two-class set: the fit against Newton's optimum,
    the gradient through S(1 - S), the safe rate beside the sweep's observed boundary, and the
    range test's suggested rate beside the line's lr_opt."""
    run = train_logistic(epochs=EPOCHS)
    best = run.optimum
    assert best is not None  # the built-in classes overlap, so the optimum exists
    seen = logistic_sweep().boundary
    line = lr_range_test(data=config.task2.data.dataset())
    markdown = [
        f"### {text('further.logistic.title')}",
        text(
            "further.logistic.intro",
            n=run.data.n,
            lr=f"{run.lr:g}",
            epochs=EPOCHS,
            percent=md.number(100 * run.accuracy, 4),
            w=md.number(run.w, 6),
            c=md.number(run.c, 6),
            loss=md.number(run.final_loss, 6),
            best_w=md.number(best.w, 6),
            best_c=md.number(best.c, 6),
            best_loss=md.number(best.loss, 6),
            steps=best.newton_steps,
            to_tol=run.epochs_to_tol if run.epochs_to_tol is not None else "-",
        ),
        text("further.logistic.gradient"),
        md.figure(figure_path("further-logistic-boundary"), text("further.logistic.fig.boundary")),
        md.figure(figure_path("further-logistic-loss"), text("further.logistic.fig.loss")),
        text(
            "further.logistic.rates",
            safe=md.number(seen.safe_lr, 4),
            stable=md.number(seen.last_decreasing, 4) if seen.last_decreasing else "-",
            rising=md.number(seen.first_rising, 4) if seen.first_rising else "-",
            ratio=md.number(seen.first_rising / seen.safe_lr, 3) if seen.first_rising else "-",
            local=md.number(seen.local_lr, 4) if seen.local_lr else "-",
        ),
        text(
            "further.logistic.range",
            suggested=md.number(line.suggested_lr, 4) if line.suggested_lr else "-",
            lr_opt=md.number(line.reference_lr, 4),
            ratio=md.number(line.ratio, 3) if line.ratio else "-",
            verdict=text(
                "further.logistic.range.above"
                if line.ratio and line.ratio > 1
                else "further.logistic.range.below"
            ),
        ),
    ]
    return Part(
        "\n\n".join(markdown),
        {
            "further-logistic-boundary": _one(lambda ax: plot_boundary(ax, [run], words=text)),
            "further-logistic-loss": _one(lambda ax: plot_log_loss(ax, [run], words=text)),
        },
    )


def _best_rate(rule: Optimizer, lrs: np.ndarray, start: dict[str, Any]) -> float:
    """The rate among ``lrs`` whose run under ``rule`` reaches the tolerance first."""
    found: SweepResult = sweep(lrs=lrs, optimizer=rule, **start)
    return float(found.best(1)[0]["lr"])


def _table(runs: list[TrainResult], text: Text) -> str:
    headers = [
        text("further.col.optimizer"),
        text("further.col.settings"),
        text("further.col.to_tol"),
        text("further.col.final_mse", epochs=EPOCHS),
    ]
    rows = [
        (
            r.optimizer.name,
            md.code(f"lr = {r.lr:.4g}, " + describe(r.optimizer, r.schedule)),
            str(r.epochs_to_tol)
            if r.epochs_to_tol is not None
            else text("further.never", epochs=EPOCHS),
            md.number(r.final_mse, 10),
        )
        for r in runs
    ]
    return md.table(headers, rows, align="llrr")


def _one(draw: Callable[..., object]) -> Figure:
    fig = new_figure(6.4, 4.2)
    draw(fig.add_subplot())
    return fig


#: The blocks of the section, in order: ``block(config, text) -> Part``.
BLOCKS: list[Callable[[LabConfig, Text], Part]] = [optimizers, logistic]
