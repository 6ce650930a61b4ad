"""``chainrule train --model logistic``: logistic regression by any optimizer, explained."""

from __future__ import annotations

import argparse
from typing import Any

from chainrule.cli.descent_args import (
    big_data_options,
    check_plot_target,
    error_line,
    optimizer_from,
    pairs,
    save_plots,
)
from chainrule.cli.format import dumps, number, printable, table, to_stdout
from chainrule.descent.data import LAB_RECIPE, Dataset
from chainrule.descent.logistic import LogisticResult, logistic_sweep, train_logistic_runs
from chainrule.descent.logistic_data import describe, load_labelled_csv, two_class_data
from chainrule.descent.status import B0, DIVERGENT, M0
from chainrule.errors import ConfigError, OptionError
from chainrule.words import Text

#: The train options the logistic model reads from the two-class generator's settings.
TWO_CLASS_OPTIONS = ("n", "seed")
#: Above this many points the observed boundary (a sweep of 61 rates) is left out.
SWEEP_POINTS = 100_000


def logistic_data_from(args: argparse.Namespace) -> Dataset:
    """The labelled data the options describe: ``--csv FILE`` or the two-class set."""
    line_only = [
        k for k in LAB_RECIPE if k not in TWO_CLASS_OPTIONS and getattr(args, k) is not None
    ]
    if line_only:
        flag = "--" + line_only[0].replace("_", "-")
        raise ConfigError(f"{flag} sets the line's generated data; not for --model logistic")
    settings = {k: getattr(args, k) for k in TWO_CLASS_OPTIONS if getattr(args, k) is not None}
    if args.csv is not None:
        if settings:
            flag = "--" + next(iter(settings))
            raise ConfigError(f"{flag} sets generated data; it cannot be combined with --csv")
        sep = "\t" if args.csv_sep == "tab" else args.csv_sep
        return load_labelled_csv(args.csv, sep=sep, decimal=args.decimal)
    for flag, value in (("--csv-sep", args.csv_sep), ("--decimal", args.decimal)):
        if value is not None:
            raise ConfigError(f"{flag} describes a CSV file; give --csv FILE too")
    return two_class_data(**settings)


def run(args: argparse.Namespace) -> int:
    """``train --model logistic``: one run per ``--lr``, printed, plotted or as JSON."""
    text = Text(args.lang)
    quiet = to_stdout(args, "plot")
    if args.method != "fast":
        raise OptionError("--method chooses how the line is fitted; not for --model logistic")
    if (args.m0, args.b0) != (M0, B0):
        raise OptionError("--m0/--b0 start the line; logistic regression starts at w = c = 0")
    if args.print_every is not None:
        if args.print_every < 1:
            raise OptionError(f"--print-every must be at least 1, got {args.print_every}")
        if args.json:
            raise OptionError("--print-every prints text; --json already holds every loss")
    if args.plot is not None:
        check_plot_target(args.plot, fmt=args.plot_format)
    optimizer, schedule, _ = optimizer_from(args)
    settings = {"lrs": args.lr or [1.0], "epochs": args.epochs, "optimizer": optimizer}
    settings |= {"schedule": schedule, "tol": args.tol}
    if big_data_options(args):
        return run_big(args, text, settings, quiet=quiet)
    data = logistic_data_from(args)
    results = train_logistic_runs(data=data, **settings)
    gone = [r for r in results if r.status in DIVERGENT]
    for r in gone:
        error_line(f"lr = {r.lr:g}: {text(f'cli.status.{r.status}')}")
    if args.plot is not None:
        from chainrule.descent.logistic_plots import plot_boundary, plot_log_loss

        panels = {
            "boundary": lambda ax: plot_boundary(ax, results, words=text),
            "loss": lambda ax: plot_log_loss(ax, results, words=text),
        }
        save_plots(args.plot, panels, fmt=args.plot_format)
    if not quiet:
        sweep = logistic_sweep(data=data) if data.n <= SWEEP_POINTS else None
        if args.json:
            one = results[0].to_dict() if len(results) == 1 else [r.to_dict() for r in results]
            print(dumps({"runs": one, "sweep": sweep and sweep.boundary.to_dict()}))
        else:
            shown = render(results, text, sweep=sweep)
            if args.print_every is not None:
                shown += "\n\n" + render_every(results, args.print_every, text)
            print(shown)
    return 1 if gone else 0


def run_big(args: argparse.Namespace, text: Text, settings: dict[str, Any], *, quiet: bool) -> int:
    """``train --model logistic --data PATH``: each epoch a reduction over the file's chunks."""
    from chainrule.descent.logistic_big import train_logistic_file

    if args.plot is not None:
        raise OptionError("--plot draws the points; not with --data (give --json for the losses)")
    for flag in ("csv", "csv_sep", "decimal", *LAB_RECIPE):
        if getattr(args, flag, None) is not None:
            raise ConfigError(f"--{flag.replace('_', '-')} cannot be combined with --data")
    results: Any = train_logistic_file(
        path=args.data,
        x=args.x_column,
        y=args.y_column,
        engine=args.engine,
        scheduler=args.scheduler,
        **settings,
    )
    gone = [r for r in results if r.status in DIVERGENT]
    for r in gone:
        error_line(f"lr = {r.lr:g}: {text(f'cli.status.{r.status}')}")
    if not quiet:
        if args.json:
            one = results[0].to_dict() if len(results) == 1 else [r.to_dict() for r in results]
            print(dumps({"runs": one, "sweep": None}))
        else:
            shown = render(results, text)
            if args.print_every is not None:
                shown += "\n\n" + render_every(results, args.print_every, text)
            print(shown)
    return 1 if gone else 0


def _big(result: Any) -> bool:
    return not isinstance(result, LogisticResult)


def data_line(data: Dataset, text: Text) -> str:
    """One line saying what the labelled data is."""
    numbers = describe(data)
    source = numbers["source"]
    if source == "two-class":
        numbers["half"] = f"{numbers['separation'] / 2:g}"
    key = source if source in ("two-class", "csv") else "arrays"
    return printable(text(f"logistic.data.{key}", **numbers))


def render(results: list[LogisticResult], text: Text, *, sweep: Any = None) -> str:
    """The runs as text: the data and its rates, then one run's numbers or a table."""
    first = results[0]
    start = {
        "epochs": first.epochs,
        "optimizer": first.optimizer.name,
        "schedule": first.schedule.name,
        "w0": f"{first.w0:g}",
        "c0": f"{first.c0:g}",
    }
    rates = first.rates
    heading = [
        (text("cli.data"), _data_text(first, text)),
        (
            text("logistic.rates"),
            text(
                "logistic.rates.text",
                safe=f"{rates.safe_lr:.6g}",
                local=number(rates.local_lr),
            ),
        ),
        (
            text("logistic.observed"),
            text("logistic.big.skipped") if _big(first) else observed_text(sweep, text),
        ),
        (
            text("logistic.run"),
            text("logistic.run.text", lr=f"{first.lr:g}", **start)
            if len(results) == 1
            else text("logistic.runs.text", count=len(results), **start),
        ),
    ]
    best = first.optimum
    optimum = (
        text("logistic.big.skipped")
        if _big(first)
        else text("logistic.optimum.none")
        if best is None
        else text(
            "logistic.optimum.text",
            w=repr(best.w),
            c=repr(best.c),
            loss=repr(best.loss),
            steps=best.newton_steps,
        )
    )
    if len(results) == 1:
        body = pairs([*_numbers(first, text), (text("logistic.optimum"), optimum)])
    else:
        rows = [
            (
                f"{r.lr:g}",
                number(r.w, 10),
                number(r.c, 10),
                number(r.final_loss, 10),
                f"{100 * r.accuracy:.1f}%",
                _status(r, text),
                number(r.epochs_to_tol),
            )
            for r in results
        ]
        headers = ["lr", "w", "c", text("logistic.loss"), text("logistic.accuracy")]
        headers += [text("cli.col.status"), text("cli.col.to_tol")]
        body = table(headers, rows) + "\n\n" + pairs([(text("logistic.optimum"), optimum)])
    return "\n".join([pairs(heading, indent=""), "", body])


def _data_text(result: Any, text: Text) -> str:
    """The data line: the labelled Dataset's, or the big file's."""
    if not _big(result):
        return data_line(result.data, text)
    counts = {"class0": result.n - result.ones, "class1": result.ones, "n": result.n}
    return printable(text("logistic.data.file", path=result.path, engine=result.engine, **counts))


def _status(result: LogisticResult, text: Text) -> str:
    if result.overflow_epoch is not None:
        return text("logistic.overflow", epoch=result.overflow_epoch)
    return text(f"cli.status.{result.status}")


def _numbers(r: Any, text: Text) -> list[tuple[str, str]]:
    n = r.n if _big(r) else r.data.n
    right = round(r.accuracy * n)
    boundary = (
        text("logistic.boundary.none")
        if r.boundary is None
        else text("logistic.boundary.text", x=f"{r.boundary:.6g}")
    )
    return [
        ("w", repr(r.w)),
        ("c", repr(r.c)),
        (text("logistic.loss"), repr(r.final_loss)),
        (
            text("logistic.accuracy"),
            text(
                "logistic.accuracy.text",
                percent=f"{100 * r.accuracy:.1f}",
                right=right,
                n=n,
            ),
        ),
        (text("logistic.boundary"), boundary),
        (text("cli.col.status"), _status(r, text)),
        (text("cli.col.to_tol"), number(r.epochs_to_tol)),
    ]


def observed_text(sweep: Any, text: Text) -> str:
    """Where the sweep's gd runs stopped decreasing, against the safe rate."""
    if sweep is None:
        return text("logistic.observed.skipped", limit=SWEEP_POINTS)
    b = sweep.boundary
    if b.first_rising is None:
        return text("logistic.observed.none", top=f"{sweep.lrs[-1]:.4g}")
    if b.last_decreasing is None:
        return text("logistic.observed.all", low=f"{sweep.lrs[0]:.4g}")
    return text(
        "logistic.observed.between",
        stable=f"{b.last_decreasing:.4g}",
        rising=f"{b.first_rising:.4g}",
        count=sweep.lrs.size,
        epochs=sweep.epochs,
        verdict=text("logistic.observed.safe" if b.safe_holds else "logistic.observed.unsafe"),
    )


def render_every(results: list[LogisticResult], every: int, text: Text) -> str:
    """The log-loss at epoch 0, ``every``, 2*``every``, ... and the last, one column per run."""
    last = results[0].epochs
    epochs = sorted({*range(0, last + 1, every), last})
    columns = [text("logistic.every.col", lr=f"{r.lr:g}") for r in results]
    rows = [
        (k, *(repr(float(r.history[k])) if k < len(r.history) else "-" for r in results))
        for k in epochs
    ]
    return "\n".join(
        [text("logistic.every", every=every), table([text("cli.col.epoch"), *columns], rows)]
    )
