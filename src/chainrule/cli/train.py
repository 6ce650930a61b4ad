"""``chainrule train``: fit y = m*x + b by full-batch gradient descent and say what happened."""

from __future__ import annotations

import argparse
import itertools
import math

from chainrule.cli.descent_args import (
    add_big_data_options,
    add_data_options,
    add_optimizer_options,
    add_output_options,
    add_start_options,
    check_plot_target,
    data_from,
    error_line,
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
from chainrule.descent.optimizers import Optimizer, describe
from chainrule.descent.stability import predict, stability
from chainrule.descent.training import METHODS, TrainResult, check_settings, start_surface, train
from chainrule.errors import OptionError
from chainrule.words import Text

EXAMPLES = """examples:
  chainrule train                          # the lab's experiment 0: lr 0.01, 1000 epochs
  chainrule train --lr 0.1 --epochs 1000   # the lab's overflow, explained
  chainrule train --lr 0.0289 --epochs 500 --plot figures/
  chainrule train --csv points.csv --lr 0.001 --json
  chainrule train --lr 0.001,0.01,0.1 --print-every 100   # the lab's three rates side by side
  chainrule train --csv points.csv --csv-sep ";" --decimal ","   # a spreadsheet's CSV
  chainrule train --lang uk                # the text in Ukrainian
  chainrule train --method autodiff        # gradients from chainrule's autodiff engine
  chainrule train --optimizer momentum --lr 0.0496 --beta 0.711   # Polyak's tuning: 85 epochs
  chainrule train --optimizer adam --lr 0.1 --schedule cosine
  chainrule train --model logistic --plot boundary.svg   # logistic regression, two classes
  chainrule train --model logistic --csv labels.csv --lr 0.5,2 --print-every 100

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
        " learning rate above the divergence limit lr_max is an error (exit status 1)."
        " Several learning rates (--lr 0.001,0.01,0.1) give one run each, side by side.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--lr",
        type=learning_rates,
        metavar="LR[,LR...]",
        help="learning rate, or several separated by commas: one run each (default 0.01;"
        " 1 for --model logistic)",
    )
    parser.add_argument(
        "--model",
        choices=("line", "logistic"),
        default="line",
        help="line: y = m*x + b on the MSE (default); logistic: p = S(w*x + c) on the"
        " log-loss, x and a 0/1 label y (built-in: a seeded two-class set)",
    )
    parser.add_argument("--epochs", type=int, default=1000, help="number of updates (default 1000)")
    parser.add_argument(
        "--print-every",
        type=int,
        metavar="N",
        help="also print the MSE every N epochs (epoch 0, N, 2N, ... and the last), as the"
        " lab's loop does",
    )
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="fast",
        help="fast: O(1) per epoch after one pass over the data (default); autodiff: the"
        " engine's backward pass every epoch; loop: the lab's explicit NumPy loop",
    )
    add_start_options(parser)
    add_optimizer_options(parser)
    add_data_options(parser)
    add_big_data_options(parser)
    add_output_options(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


#: Most learning rates one ``train`` call runs (a sweep is the tool for more).
MAX_RATES = 20


def learning_rates(text: str) -> list[float]:
    """``--lr``: ``"0.01"`` or ``"0.001,0.01,0.1"``, with a one-line error."""
    parts = [part.strip() for part in text.split(",")]
    try:
        rates = [float(part) for part in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a learning rate or several separated by commas, got {text.strip()!r}"
        ) from None
    for whole, fraction in itertools.pairwise(parts):  # "0,01": a decimal comma
        if whole == "0" and fraction.isdigit():
            raise argparse.ArgumentTypeError(
                f"{text.strip()!r} has a learning rate of 0; commas separate rates, so write"
                f" the decimal point as '.': {whole}.{fraction}"
            )
    if len(rates) > MAX_RATES:
        raise argparse.ArgumentTypeError(
            f"at most {MAX_RATES} learning rates, got {len(rates)}; 'chainrule sweep' runs more"
        )
    return rates


def run(args: argparse.Namespace) -> int:
    if args.model == "logistic":
        from chainrule.cli import train_logistic

        return train_logistic.run(args)
    args.lr = args.lr or [0.01]
    text = Text(args.lang)
    quiet = to_stdout(args, "plot")
    if args.print_every is not None:
        if args.print_every < 1:
            raise OptionError(f"--print-every must be at least 1, got {args.print_every}")
        if args.json:
            raise OptionError("--print-every prints text; --json already holds every MSE")
    if args.plot is not None:
        check_plot_target(args.plot, fmt=args.plot_format)
    optimizer, schedule, _ = optimizer_from(args)
    data = data_from(args)
    for lr in args.lr:
        check_settings(lr=lr, epochs=args.epochs, m0=args.m0, b0=args.b0, tol=args.tol)
    surface = start_surface(data, m0=args.m0, b0=args.b0)
    stable = True
    for lr in args.lr:
        if optimizer.name != "gd" or schedule.name != "constant":
            limit = _limit(optimizer, surface.lambda_max)
            if schedule.name == "constant" and not lr < limit:
                stable = False
                error_line(
                    text(
                        "optim.above", lr=f"{lr:g}", optimizer=optimizer.name, limit=f"{limit:.6g}"
                    )
                )
            continue
        ahead = predict(surface=surface, lr=lr, epochs=args.epochs, m0=args.m0, b0=args.b0)
        if not ahead.stable:
            stable = False
            fate = (
                text("cli.train.fate.overflow", epoch=ahead.overflow_epoch)
                if ahead.overflow_epoch is not None
                else text("cli.train.fate.grows")
            )
            lr_max = stability(surface=surface).lr_max
            error_line(text("cli.train.above", lr=f"{lr:g}", lr_max=f"{lr_max:.6g}", fate=fate))
    results = [
        train(
            data=data,
            lr=lr,
            epochs=args.epochs,
            m0=args.m0,
            b0=args.b0,
            method=args.method,
            tol=args.tol,
            optimizer=optimizer,
            schedule=schedule,
        )
        for lr in args.lr
    ]
    if args.plot is not None:
        from chainrule.descent.plots import plot_fits, plot_mse, plot_surface  # matplotlib

        save_plots(
            args.plot,
            {
                "mse": lambda ax: plot_mse(ax, results),
                "fit": lambda ax: plot_fits(ax, data, results),
                "surface": lambda ax: plot_surface(ax, results[0].surface, results),
            },
            fmt=args.plot_format,
        )
    if not quiet:
        if args.json:
            one = len(results) == 1
            print(dumps(results[0].to_dict() if one else [r.to_dict() for r in results]))
        else:
            shown = render(results[0], text) if len(results) == 1 else render_many(results, text)
            if args.print_every is not None:
                shown += "\n\n" + render_every(results, args.print_every, text)
            print(shown)
    return 0 if stable else 1


def render(result: TrainResult, text: Text = ENGLISH) -> str:
    """The run as text for a terminal."""
    s = result.surface
    if result.overflow_epoch is None:
        final = [
            ("m", repr(result.m)),
            ("b", repr(result.b)),
            (text("cli.col.final_mse"), repr(result.final_mse)),
        ]
    else:
        final = [
            (
                text("cli.status.overflow"),
                text("cli.train.overflow.text", epoch=result.overflow_epoch),
            ),
            (
                text("cli.train.at_epoch", epoch=result.last_epoch),
                f"m = {result.m!r}, b = {result.b!r}",
            ),
            ("", text("cli.train.last_finite", mse=repr(result.final_mse))),
        ]
    rows = [
        *final,
        (text("cli.col.status"), text(f"cli.status.{result.status}")),
        (text("cli.train.optimum"), f"m = {s.m_opt!r}, b = {s.b_opt!r}, MSE = {s.mse_opt!r}"),
        (
            text("cli.train.distance"),
            text(
                "cli.train.distance.text",
                distance=number(result.distance, 4),
                excess=number(result.excess, 4),
            ),
        ),
    ]
    return "\n".join(
        [
            _heading(
                result, text, text("cli.train.run.text", lr=f"{result.lr:g}", **_start(result))
            ),
            "",
            pairs(rows),
            "",
            text("cli.train.verdict", verdict=verdict(result, text)),
        ]
    )


def render_many(results: list[TrainResult], text: Text) -> str:
    """Runs at several learning rates: one table, then each run's verdict."""
    first = results[0]
    rows = [
        (
            f"{r.lr:g}",
            *(
                (repr(r.m), repr(r.b), repr(r.final_mse))
                if r.overflow_epoch is None
                else (text("cli.overflow_at", epoch=r.overflow_epoch), "-", "-")
            ),
            text(f"cli.status.{r.status}"),
            number(r.epochs_to_tol),
        )
        for r in results
    ]
    headers = ["lr", "m", "b", text("cli.col.final_mse"), text("cli.col.status")]
    return "\n".join(
        [
            _heading(first, text, text("cli.train.runs.text", count=len(results), **_start(first))),
            "",
            table([*headers, text("cli.col.to_tol")], rows),
            "",
            text("cli.train.verdicts"),
            *(f"  lr = {r.lr:g}: {verdict(r, text)}" for r in results),
        ]
    )


def _start(result: TrainResult) -> dict[str, str]:
    method = result.method
    if not result.plain:
        method += ", " + describe(result.optimizer, result.schedule)
    return {
        "epochs": str(result.epochs),
        "m0": f"{result.m0:g}",
        "b0": f"{result.b0:g}",
        "method": method,
    }


def _limit(optimizer: Optimizer, lambda_max: float) -> float:
    """The optimizer's largest stable constant rate on data whose Hessian has ``lambda_max``."""
    return float(lr_limit(optimizer.name, beta=optimizer.beta, lambda_max=lambda_max))


def _heading(result: TrainResult, text: Text, run_line: str) -> str:
    """The data, its learning-rate limits and the run(s), as aligned lines."""
    limits = result.stability
    return pairs(
        [
            (text("cli.data"), printable(result.data.describe(text.lang))),
            (
                text("cli.train.stability"),
                text(
                    "cli.train.stability.text",
                    lr_max=f"{limits.lr_max:.6g}",
                    lr_opt=f"{limits.lr_opt:.6g}",
                    condition=f"{limits.condition:.4g}",
                ),
            ),
            (text("cli.train.run"), run_line),
        ],
        indent="",
    )


def render_every(results: list[TrainResult], every: int, text: Text) -> str:
    """The MSE at epoch 0, ``every``, 2*``every``, ... and the last epoch, one column per run."""
    last = max(r.epochs for r in results)
    epochs = sorted({*range(0, last + 1, every), last})
    columns = [text("cli.train.every.col", lr=f"{r.lr:g}") for r in results]
    rows = [
        (k, *(repr(float(r.history[k])) if k < len(r.history) else "-" for r in results))
        for k in epochs
    ]
    notes = [
        f"  lr = {r.lr:g}: {text('cli.overflow_at', epoch=r.overflow_epoch)}"
        for r in results
        if r.overflow_epoch is not None
    ]
    return "\n".join(
        [
            text("cli.train.every", every=every),
            table([text("cli.col.epoch"), *columns], rows),
            *notes,
        ]
    )


def verdict(result: TrainResult, text: Text) -> str:
    """One sentence on what happened and why, in ``text``'s language."""
    if not result.plain:
        return _optimizer_verdict(result, text)
    lr, lr_max = f"{result.lr:g}", f"{result.stability.lr_max:.6g}"
    rate = result.prediction.rate
    if result.status == "overflow":
        return text(
            "cli.verdict.overflow",
            epoch=result.overflow_epoch,
            lr=lr,
            lr_max=lr_max,
            rate=f"{rate:.4g}",
        )
    if result.status == "diverged":
        return text("cli.verdict.diverged", lr=lr, lr_max=lr_max, rate=f"{rate:.6g}")
    if result.status == "converged":
        return text("cli.verdict.converged", tol=f"{result.tol:g}", epoch=result.epochs_to_tol)
    needed = result.prediction.epochs_to_tol
    more = (
        text("cli.verdict.more", epochs=needed, tol=f"{result.tol:g}") if needed is not None else ""
    )
    if result.status == "oscillating":
        return text("cli.verdict.oscillating", lr=lr, lr_max=lr_max, more=more)
    return text("cli.verdict.slow", epochs=result.epochs, excess=f"{result.excess:.3g}", more=more)


def _optimizer_verdict(result: TrainResult, text: Text) -> str:
    """The verdict of a run that is not plain descent at a constant rate (no closed form)."""
    if result.status == "converged":
        return text("cli.verdict.converged", tol=f"{result.tol:g}", epoch=result.epochs_to_tol)
    limit = _limit(result.optimizer, result.surface.lambda_max)
    note = (
        text("optim.limit", optimizer=result.optimizer.name, limit=f"{limit:.6g}")
        if math.isfinite(limit)
        else ""
    )
    return text(
        f"optim.verdict.{result.status}",
        epoch=result.overflow_epoch,
        epochs=result.epochs,
        excess=f"{result.excess:.3g}",
        limit=note,
    )
