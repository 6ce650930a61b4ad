"""``chainrule experiments``: the experiment table of the lab (or of a lab config) reproduced."""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING, Any

from chainrule.cli.descent_args import (
    add_big_data_options,
    add_data_options,
    add_optimizer_options,
    add_output_options,
    big_data_from,
    check_plot_target,
    data_from,
    optimizer_from,
    save_plots,
)
from chainrule.cli.format import (
    ENGLISH,
    add_lang_option,
    dumps,
    printable,
    table,
    to_stdout,
)
from chainrule.cli.graph import print_warnings
from chainrule.cli.train import verdict
from chainrule.descent.conclusion import Conclusion, conclude
from chainrule.descent.data import LAB_RECIPE, Dataset
from chainrule.descent.experiments import (
    RTOL,
    ExperimentRun,
    ExperimentsResult,
    run_experiments,
)
from chainrule.descent.optimizers import is_plain
from chainrule.descent.training import METHODS
from chainrule.errors import ConfigError
from chainrule.words import Text

if TYPE_CHECKING:
    from chainrule.report.config import DataConfig

#: The source :func:`run_experiments` names when it runs the lab's own table.
LAB_SOURCE = "the lab's table"

EXAMPLES = """examples:
  chainrule experiments                    # the lab's six runs, checked against its numbers
  chainrule experiments --plot figures/
  chainrule experiments variant.toml --json
  chainrule experiments --seed 7           # other data: the lab's numbers are not compared
  chainrule experiments --lang uk
  chainrule experiments --optimizer momentum --beta 0.7   # the lab's runs with momentum

FILE is a lab config, the file of `chainrule report --config` (see examples/lab.toml);
its [task2] part is read: m0, b0, tol, the data and the runs:
  [task2.data]
  seed = 7                   # the generator's settings, or: csv = "points.csv"
  [[task2.experiments]]      # one table per run
  name = "baseline"
  lr = 0.01
  epochs = 1000
  lab = { m = 2.0032, b = 3.3249, final_mse = 1.0242 }   # optional: numbers to reproduce
  [[task2.experiments]]
  name = "too fast"
  lr = 0.1
  epochs = 1000
  lab = { overflow_epoch = 199 }
A run's `lab` numbers belong to the data they were measured on: the config's own data,
or the data whose fingerprint `lab.data` gives (--json prints each run's
data_fingerprint). The data options (--seed, --csv, ...) change the config's data; runs
on data other than their numbers' are not compared ("no expected numbers for these
data"), and a warning line says so.

Exit status: 0 when every run that has expected numbers for its data reproduces them
(also when none has), 1 when one does not, 2 for bad input. The lab's numbers are plain
gradient descent's: with another --optimizer or --schedule the table runs without them (and
without the conclusion)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "experiments",
        help="run the lab's experiment table (or a lab config's) and compare",
        description="Run the lab's six experiments (learning rates 0.01, 0.001, 0.1 for 100 to"
        " 2000 epochs) and show each run's m, b, final MSE and status next to the numbers the"
        " lab printed, reproduced to a relative 1e-9; then answer the lab's question from"
        " runs: which learning rate and how many epochs reach the optimum fastest. With FILE,"
        " a lab config, run its experiments on its data instead.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="a lab config (TOML)")
    parser.add_argument("--method", choices=METHODS, default="fast", help="as for train")
    parser.add_argument(
        "--tol", type=float, help="converged tolerance (default: the config's, 1e-06 for the lab)"
    )
    add_data_options(parser)
    add_big_data_options(parser)
    add_optimizer_options(parser)
    add_output_options(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    quiet = to_stdout(args, "plot")
    if args.plot is not None:
        check_plot_target(args.plot, fmt=args.plot_format)
    from chainrule.report.config import LabConfig, load_config  # parses with the expression code

    optimizer, schedule, _ = optimizer_from(args)
    plain = is_plain(optimizer, schedule)
    task = (load_config(args.file) if args.file else LabConfig()).task2
    big = big_data_from(args)
    data = _data(args, task.data) if big is None else big
    tol = task.tol if args.tol is None else args.tol
    table = [task.experiment(e, data) for e in task.experiments]
    if not plain or big is not None:  # numbers of plain descent on the config's own data
        table = [dataclasses.replace(e, expect=None) for e in table]
    result = run_experiments(
        experiments=table,
        source=args.file or LAB_SOURCE,
        method=args.method,
        tol=tol,
        optimizer=optimizer,
        schedule=schedule,
    )
    conclusion = (
        conclude(
            data=data,
            m0=task.m0,
            b0=task.b0,
            tol=tol,
            lab_lrs=task.lab_lrs,
            lab_choice=task.lab_choice,
        )
        if plain
        else None
    )
    if args.plot is not None:
        runs = [r.result for r in result.runs]
        labels = _labels(result.runs)
        from chainrule.descent.plots import plot_fits, plot_mse, plot_surface  # matplotlib

        save_plots(
            args.plot,
            {
                "mse": lambda ax: plot_mse(ax, runs, labels=labels),
                "fit": lambda ax: plot_fits(ax, data, runs, labels=labels),
                "surface": lambda ax: plot_surface(ax, runs[0].surface, runs, labels=labels),
            },
            fmt=args.plot_format,
        )
    text = Text(args.lang)
    if result.other_data:
        names = text.join([printable(name) for name in result.other_data])
        print_warnings((text("config.other_data.warning", names=names),))
    if args.json:
        out: dict[str, Any] = result.to_dict()
        if conclusion is not None:
            out["conclusion"] = conclusion.to_dict()
        print(dumps(out))
    elif not quiet:
        print(render(result, conclusion, text))
    done, checked = result.reproduced
    return 0 if done == checked else 1  # a run that missed its numbers fails a script


def _data(args: argparse.Namespace, given: DataConfig) -> Dataset:
    """The config's data, changed by the data options (a CSV file replaces them)."""
    settings = {k: getattr(args, k) for k in LAB_RECIPE if getattr(args, k) is not None}
    if args.csv is not None or args.csv_sep is not None or args.decimal is not None:
        return data_from(args)
    if not settings:
        return given.dataset()
    if given.csv is not None:
        flag = "--" + next(iter(settings)).replace("_", "-")
        raise ConfigError(
            f"{flag} sets generated data, but the config's data are the CSV file"
            f" {given.csv!r}; give --csv to use other points"
        )
    return dataclasses.replace(given, **settings).dataset()


def _labels(runs: tuple[ExperimentRun, ...]) -> list[str]:
    return [
        f"{r.experiment.name}: lr={r.result.lr:g}, {r.result.epochs} epochs ({r.result.status})"
        for r in runs
    ]


def render(result: ExperimentsResult, conclusion: Conclusion | None, text: Text = ENGLISH) -> str:
    """The table, each run's verdict and the conclusion, as text."""
    checking = any(r.experiment.expect is not None for r in result.runs)
    rows = []
    for r in result.runs:
        t = r.result
        if t.overflow_epoch is None:
            numbers = [repr(t.m), repr(t.b), repr(t.final_mse)]
        else:
            numbers = [text("cli.overflow_at", epoch=t.overflow_epoch), "-", "-"]
        status = text(f"cli.status.{t.status}")
        row = [printable(r.experiment.name), f"{t.lr:g}", str(t.epochs), *numbers, status]
        if checking:
            row.append(_check(r, text))
        rows.append(row)
    headers = [
        text("cli.experiments.exp"),
        "lr",
        text("cli.col.epochs"),
        "m",
        "b",
        text("cli.col.final_mse"),
        text("cli.col.status"),
    ]
    source = text("cli.experiments.lab") if result.source == LAB_SOURCE else result.source
    data = result.runs[0].result.data.describe(text.lang)
    lines = [
        printable(text("cli.experiments.title", source=source, data=data)),
        "",
        table([*headers, text("cli.experiments.expected")] if checking else headers, rows),
        "",
    ]
    done, checked = result.reproduced
    if checked:
        lines += [
            text("cli.experiments.reproduced", done=done, checked=checked, rtol=f"{RTOL:g}"),
            "",
        ]
    lines += [f"  {printable(r.experiment.name)}: {verdict(r.result, text)}" for r in result.runs]
    if conclusion is not None:
        sentences = conclusion.sentences(text)
        lines += ["", text("cli.experiments.conclusion"), *(f"  {s}" for s in sentences)]
    return "\n".join(lines)


def _check(run: ExperimentRun, text: Text) -> str:
    if run.other_data:
        return text("config.other_data")
    if run.reproduces is None:
        return "-"
    answer = text("cli.experiments.yes" if run.reproduces else "cli.experiments.no")
    if run.deviation is None:  # an overflow epoch was expected
        return f"{answer} ({text('cli.experiments.epoch', epoch=run.result.overflow_epoch)})"
    return f"{answer} ({run.deviation:.1e})"
