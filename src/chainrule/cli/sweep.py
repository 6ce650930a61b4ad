"""``chainrule sweep``: thousands of learning rates x epoch counts, all runs at once."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np

from chainrule.cli.descent_args import (
    ProgressBar,
    add_big_data_options,
    add_data_options,
    add_optimizer_options,
    add_output_options,
    add_start_options,
    check_plot_target,
    data_from,
    optimizer_from,
    pairs,
    save_plots,
)
from chainrule.cli.format import (
    ENGLISH,
    add_lang_option,
    dumps,
    number,
    printable,
    table,
    to_stdout,
)
from chainrule.descent.momentum_theory import lr_limit
from chainrule.descent.optimizers import describe
from chainrule.descent.stability import stability
from chainrule.descent.status import STATUSES
from chainrule.descent.surface import loss_surface
from chainrule.descent.sweep import SPACINGS, Boundary, SweepResult, default_range, lr_grid, sweep
from chainrule.errors import ConfigError
from chainrule.safe_files import STDOUT, check_output, write_output
from chainrule.words import Text

EXAMPLES = """examples:
  chainrule sweep                                   # 200 rates around the data's lr_max
  chainrule sweep --lr-min 1e-4 --lr-max 0.1 --num 2000 --epochs 10,100,1000
  chainrule sweep --spacing linear --lr-min 0.02 --lr-max 0.03 --grid grid.csv
  chainrule sweep --plot heatmap.svg
  chainrule sweep --lang uk
  chainrule sweep --optimizer momentum --beta 0:0.95:40 --num 60 --epochs 1000 --plot region.svg
  chainrule sweep --optimizer adam --schedule exponential --gamma 0.999

By default the rates run from lr_max/1000 to 1.5*lr_max, lr_max = 2/lambda_max of the data
(for momentum and nesterov: their own limit at the largest beta). Several betas sweep
(lr, beta): the text lists each beta's boundary, the plot is the stability region."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sweep",
        help="sweep learning rates x epochs: best runs, divergence boundary, heatmap",
        description="Run gradient descent at many learning rates at once (array operations"
        " over all runs) for the largest epoch count; every smaller count is read from the"
        " histories. Shows the best runs, where divergence began against the predicted"
        " lr_max, and the count of each status; writes the grid as CSV or JSON.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--lr-min", type=float, help="smallest learning rate (default lr_max/1000)")
    parser.add_argument("--lr-max", type=float, help="largest learning rate (default 1.5*lr_max)")
    parser.add_argument("--num", type=int, default=200, help="number of learning rates (200)")
    parser.add_argument("--spacing", choices=SPACINGS, default="log", help="default log")
    parser.add_argument(
        "--epochs",
        default="10,100,1000",
        metavar="E1,E2,...",
        help="epoch counts of the grid, comma separated (default 10,100,1000)",
    )
    parser.add_argument("--top", type=int, default=10, help="best runs to list (default 10)")
    parser.add_argument(
        "--grid",
        metavar="FILE",
        help="write the grid to FILE.csv or FILE.json (with histories); '-': CSV to stdout",
    )
    add_start_options(parser)
    add_optimizer_options(parser, betas=True)
    add_data_options(parser)
    add_big_data_options(parser)
    add_output_options(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def parse_epochs(text: str) -> list[int]:
    """``"10,100,1000"`` -> ``[10, 100, 1000]``, with a one-line error."""
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ConfigError(
            f"--epochs takes whole numbers separated by commas, got {text!r}"
        ) from None


#: The file names --grid accepts; the suffix picks the format.
GRID_SUFFIXES = (".csv", ".json")


def run(args: argparse.Namespace) -> int:
    quiet = to_stdout(args, "plot", "grid")
    if args.plot is not None:
        check_plot_target(args.plot, fmt=args.plot_format)
    if args.top < 1:
        raise ConfigError(f"--top must be at least 1, got {args.top}")
    optimizer, schedule, betas = optimizer_from(args)
    data = data_from(args)
    epochs = parse_epochs(args.epochs)
    if args.grid is not None:
        if args.grid not in ("", STDOUT) and Path(args.grid).suffix.lower() not in GRID_SUFFIXES:
            raise ConfigError(f"--grid writes .csv or .json, got {args.grid!r}")
        check_output(args.grid, option="--grid", suffixes=GRID_SUFFIXES)
    if args.lr_min is None or args.lr_max is None:
        lam = stability(surface=loss_surface(data)).lambda_max
        limit = lr_limit(optimizer.name, beta=max(betas or [optimizer.beta]), lambda_max=lam)
        lr_max = float(limit) if optimizer.name != "adam" else 2.0 / lam
        low, high = default_range(lr_max, start=args.lr_min, stop=args.lr_max)
    else:
        low, high = args.lr_min, args.lr_max
    lrs = lr_grid(start=low, stop=high, num=args.num, spacing=args.spacing)
    bar = ProgressBar("sweep")
    work = lrs.size * len(betas or [0]) * (max(epochs, default=0) + 1)
    result = sweep(
        data=data,
        lrs=lrs,
        epochs=epochs,
        m0=args.m0,
        b0=args.b0,
        tol=args.tol,
        progress=bar if ProgressBar.wanted(work) else None,
        optimizer=optimizer,
        schedule=schedule,
        betas=betas,
    )
    bar.finish()
    if args.grid is not None:
        text = (
            dumps(result.to_dict(histories=True))
            if args.grid.lower().endswith(".json")
            else result.to_csv()
        )
        write_output(args.grid, text, option="--grid", suffixes=GRID_SUFFIXES)
    if args.plot is not None:
        from chainrule.descent.conclusion import LAB_LRS
        from chainrule.descent.plots import plot_stability, plot_sweep  # matplotlib

        lab = LAB_LRS if args.csv is None else ()  # the lab's rates, on the lab's data
        words = Text(args.lang)
        panels = (
            {"region": lambda ax: plot_stability(ax, result, words=words)}
            if result.betas is not None
            else {"sweep": lambda ax: plot_sweep(ax, result, lab_lrs=lab)}
        )
        save_plots(args.plot, panels, fmt=args.plot_format)
    if not quiet:
        print(
            dumps(result.to_dict())
            if args.json
            else render(result, top=args.top, spacing=args.spacing, text=Text(args.lang))
        )
    return 0


def render(
    result: SweepResult, *, top: int = 10, spacing: str = "log", text: Text = ENGLISH
) -> str:
    """Best runs, the divergence boundary and the status counts, as text."""
    last = result.epochs[-1]
    two = result.betas is not None  # an (lr, beta) sweep
    best = table(
        [
            "lr",
            *(["beta"] if two else []),
            text("cli.col.to_tol"),
            text("cli.sweep.mse_at", epochs=last),
            text("cli.sweep.status_at", epochs=last),
        ],
        [
            (
                f"{row['lr']:.6g}",
                *([f"{row['beta']:.4g}"] if two else []),
                number(row["epochs_to_tol"]),
                number(row["final_mse"], 10),
                text(f"cli.status.{row['status']}")
                if row["overflow_epoch"] is None
                else text("cli.overflow_at", epoch=row["overflow_epoch"]),
            )
            for row in result.best(top)
        ],
    )
    counts = table(
        [text("cli.col.epochs"), *(text(f"cli.status.{s}") for s in STATUSES)],
        [
            (e, *(int(Counter(result.status[:, j])[s]) for s in STATUSES))
            for j, e in enumerate(result.epochs)
        ],
    )
    grid = text(
        "cli.sweep.grid.text",
        count=result.lrs.size // (1 if result.betas is None else np.unique(result.betas).size),
        low=f"{result.lrs.min():.4g}",
        high=f"{result.lrs.max():.4g}",
        spacing=text(f"cli.sweep.{spacing}"),
        epochs=", ".join(map(str, result.epochs)),
    )
    head = [
        (text("cli.data"), printable(result.data.describe(text.lang))),
        (text("cli.sweep.grid"), grid),
    ]
    if not (result.optimizer.name == "gd" and result.schedule.name == "constant"):
        head.append((text("optim.label"), describe(result.optimizer, result.schedule)))
    if not two:
        head.append((text("cli.sweep.boundary"), boundary_text(result.boundary, text)))
    return "\n".join(
        [
            pairs(head, indent=""),
            *(["", region_text(result, text)] if two else []),
            "",
            text("cli.sweep.best", tol=f"{result.tol:g}"),
            best,
            "",
            text("cli.sweep.counts"),
            counts,
        ]
    )


#: The formula of each optimizer's limit, as the text shows it.
FORMULAS = {
    "momentum": "2(1 + beta)/lambda_max",
    "nesterov": "2(1 + beta)/((1 + 2 beta) lambda_max)",
}


def region_text(result: SweepResult, text: Text) -> str:
    """An ``(lr, beta)`` sweep's boundary at each beta against the predicted limit."""

    def shown(value: float | None) -> str:
        return "-" if value is None else f"{value:.6g}"

    rows = [
        (
            f"{beta:.4g}",
            shown(b.last_stable),
            shown(b.first_unstable),
            f"{b.lr_max:.6g}",
            text("optim.yes" if b.agrees else "optim.no"),
        )
        for beta, b in result.boundaries()
        if beta is not None
    ]
    headers = [text(f"optim.col.{h}") for h in ("last_stable", "first_unstable", "limit", "agrees")]
    return "\n".join(
        [
            text("optim.sweep.region", formula=FORMULAS[result.optimizer.name]),
            table(["beta", *headers], rows),  # beta: a symbol, the same in every language
        ]
    )


def boundary_text(boundary: Boundary, text: Text) -> str:
    """Where the runs began to diverge, against the predicted lr_max, in ``text``'s language."""
    lr_max = f"{boundary.lr_max:.6g}"
    if boundary.first_unstable is None:
        return text("cli.sweep.boundary.none", lr_max=lr_max)
    if boundary.last_stable is None:
        return text("cli.sweep.boundary.all", lr_max=lr_max)
    return text(
        "cli.sweep.boundary.between",
        stable=f"{boundary.last_stable:.6g}",
        unstable=f"{boundary.first_unstable:.6g}",
        lr_max=lr_max,
        verdict=text("cli.sweep.as_predicted" if boundary.agrees else "cli.sweep.not_predicted"),
    )
