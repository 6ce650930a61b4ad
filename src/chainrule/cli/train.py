"""``chainrule train``: fit y = m*x + b by full-batch gradient descent and say what happened."""

from __future__ import annotations

import argparse

from chainrule.cli.descent_args import (
    add_data_options,
    add_output_options,
    add_start_options,
    check_plot_target,
    data_from,
    error_line,
    pairs,
    save_plots,
)
from chainrule.cli.format import dumps, number, printable, to_stdout
from chainrule.descent.stability import predict, stability
from chainrule.descent.training import METHODS, TrainResult, check_settings, start_surface, train

EXAMPLES = """examples:
  chainrule train                          # the lab's experiment 0: lr 0.01, 1000 epochs
  chainrule train --lr 0.1 --epochs 1000   # the lab's overflow, explained
  chainrule train --lr 0.0289 --epochs 500 --plot figures/
  chainrule train --csv points.csv --lr 0.001 --json
  chainrule train --method autodiff        # gradients from chainrule's autodiff engine

statuses: converged (within --tol of the optimum), slow (still descending),
oscillating (the parameters zigzag), diverged (the loss grows), overflow (left float64).

A learning rate above lr_max diverges: one error line on stderr before the run, the
run shown and explained all the same, and exit status 1 (bad input exits with 2)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "train",
        help="fit a line by gradient descent; report the run's status and why",
        description="Fit y = m*x + b to the lab's data (or a CSV file) by full-batch gradient"
        " descent on the MSE. Prints the final m, b and MSE, the run's status, the distance to"
        " the exact least-squares optimum, and the learning-rate limits of the data; a"
        " learning rate above the divergence limit lr_max is an error (exit status 1).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--lr", type=float, default=0.01, help="learning rate (default 0.01)")
    parser.add_argument("--epochs", type=int, default=1000, help="number of updates (default 1000)")
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="fast",
        help="fast: O(1) per epoch after one pass over the data (default); autodiff: the"
        " engine's backward pass every epoch; loop: the lab's explicit NumPy loop",
    )
    add_start_options(parser)
    add_data_options(parser)
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    quiet = to_stdout(args, "plot")
    if args.plot is not None:
        check_plot_target(args.plot, fmt=args.plot_format)
    data = data_from(args)
    check_settings(lr=args.lr, epochs=args.epochs, m0=args.m0, b0=args.b0, tol=args.tol)
    surface = start_surface(data, m0=args.m0, b0=args.b0)
    ahead = predict(surface=surface, lr=args.lr, epochs=args.epochs, m0=args.m0, b0=args.b0)
    if not ahead.stable:
        lr_max = stability(surface=surface).lr_max
        fate = (
            f"predicted overflow at epoch {ahead.overflow_epoch}"
            if ahead.overflow_epoch is not None
            else "the loss will grow"
        )
        error_line(
            f"lr = {args.lr:g} is above lr_max = {lr_max:.6g}; gradient descent diverges ({fate})"
        )
    result = train(
        data=data,
        lr=args.lr,
        epochs=args.epochs,
        m0=args.m0,
        b0=args.b0,
        method=args.method,
        tol=args.tol,
    )
    if args.plot is not None:
        from chainrule.descent.plots import plot_fits, plot_mse, plot_surface  # matplotlib

        save_plots(
            args.plot,
            {
                "mse": lambda ax: plot_mse(ax, [result]),
                "fit": lambda ax: plot_fits(ax, data, [result]),
                "surface": lambda ax: plot_surface(ax, result.surface, [result]),
            },
            fmt=args.plot_format,
        )
    if not quiet:
        print(dumps(result.to_dict()) if args.json else render(result))
    return 0 if ahead.stable else 1


def render(result: TrainResult) -> str:
    """The run as text for a terminal."""
    s, limits = result.surface, result.stability
    if result.overflow_epoch is None:
        final = [
            ("m", repr(result.m)),
            ("b", repr(result.b)),
            ("final MSE", repr(result.final_mse)),
        ]
    else:
        final = [
            ("overflow", f"MSE leaves float64 range at epoch {result.overflow_epoch}"),
            (f"at epoch {result.last_epoch}", f"m = {result.m!r}, b = {result.b!r}"),
            ("", f"MSE = {result.final_mse!r} (the last finite epoch)"),
        ]
    rows = [
        *final,
        ("status", result.status),
        ("optimum", f"m = {s.m_opt!r}, b = {s.b_opt!r}, MSE = {s.mse_opt!r}"),
        (
            "distance",
            f"{number(result.distance, 4)} in (m, b);"
            f" MSE {number(result.excess, 4)} above its minimum",
        ),
    ]
    return "\n".join(
        [
            f"data       {printable(result.data.describe())}",
            f"stability  lr_max = {limits.lr_max:.6g} (= 2/lambda_max),"
            f" lr_opt = {limits.lr_opt:.6g} (= 2/(lambda_max + lambda_min)),"
            f" condition number {limits.condition:.4g}",
            f"run        lr = {result.lr:g}, {result.epochs} epochs from m = {result.m0:g},"
            f" b = {result.b0:g} (method {result.method})",
            "",
            pairs(rows),
            "",
            f"verdict: {result.verdict}",
        ]
    )
