"""``chainrule experiments``: the lab's experiment table reproduced, or a user's TOML file run."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from chainrule.cli.descent_args import (
    add_big_data_options,
    add_output_options,
    big_data_from,
    check_plot_target,
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
from chainrule.cli.train import verdict
from chainrule.descent.conclusion import Conclusion, conclude
from chainrule.descent.experiments import (
    LAB_EXPERIMENTS,
    RTOL,
    ExperimentRun,
    ExperimentsResult,
    load_experiments,
    run_experiments,
)
from chainrule.descent.status import TOL
from chainrule.descent.training import METHODS
from chainrule.words import Text

#: The source :func:`run_experiments` names when it runs the lab's own table.
LAB_SOURCE = "the lab's table"

EXAMPLES = """examples:
  chainrule experiments                    # the lab's six runs, checked against its numbers
  chainrule experiments --plot figures/
  chainrule experiments my-runs.toml --json
  chainrule experiments --lang uk

An experiments file (TOML) lists runs; data, m0 and b0 at the top apply to all of them:
  data = { n = 100, noise = 1.0 }    # generator settings, or { csv = "points.csv" }
  [[run]]
  lr = 0.01
  epochs = 1000
  expect = { m = 2.003222509810484 }   # optional: numbers to reproduce (rel. 1e-9)
  [[run]]
  name = "too fast"
  lr = 0.1
  epochs = 1000
  expect = { overflow_epoch = 199 }

Exit status: 0 when every run reproduces what it expects, 1 when one does not,
2 for bad input."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "experiments",
        help="run the lab's experiment table (or a TOML file of runs) and compare",
        description="Run the lab's six experiments (learning rates 0.01, 0.001, 0.1 for 100 to"
        " 2000 epochs) and show each run's m, b, final MSE and status next to the numbers the"
        " lab printed, reproduced to a relative 1e-9; then answer the lab's question from"
        " runs: which learning rate and how many epochs reach the optimum fastest. With FILE,"
        " run the experiments listed there instead.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="a TOML experiments file")
    parser.add_argument("--method", choices=METHODS, default="fast", help="as for train")
    parser.add_argument(
        "--tol", type=float, default=TOL, help=f"converged tolerance (default {TOL:g})"
    )
    add_big_data_options(parser)
    add_output_options(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    quiet = to_stdout(args, "plot")
    if args.plot is not None:
        check_plot_target(args.plot, fmt=args.plot_format)
    data = big_data_from(args)
    experiments = load_experiments(args.file) if args.file else LAB_EXPERIMENTS
    if data is not None:  # every run on --data; the lab's printed numbers are not its
        experiments = tuple(replace(e, data=data, expect=None) for e in experiments)
    result = run_experiments(
        experiments=list(experiments),
        source=args.file or LAB_SOURCE,
        method=args.method,
        tol=args.tol,
    )
    conclusion = None if args.file else conclude(data=data, tol=args.tol)
    if args.plot is not None:
        runs = [r.result for r in result.runs]
        data = runs[0].data
        same = [r for r in runs if r.data is data]
        from chainrule.descent.plots import plot_fits, plot_mse, plot_surface  # matplotlib

        save_plots(
            args.plot,
            {
                "mse": lambda ax: plot_mse(ax, runs, labels=_labels(result.runs)),
                "fit": lambda ax: plot_fits(ax, data, same, labels=_labels(result.runs, data)),
                "surface": lambda ax: plot_surface(
                    ax, same[0].surface, same, labels=_labels(result.runs, data)
                ),
            },
            fmt=args.plot_format,
        )
    if args.json:
        out: dict[str, Any] = result.to_dict()
        if conclusion is not None:
            out["conclusion"] = conclusion.to_dict()
        print(dumps(out))
    elif not quiet:
        print(render(result, conclusion, Text(args.lang)))
    done, checked = result.reproduced
    return 0 if done == checked else 1  # a run that missed its `expect` fails a script


def _labels(runs: tuple[ExperimentRun, ...], data: object = None) -> list[str]:
    return [
        f"{r.experiment.name}: lr={r.result.lr:g}, {r.result.epochs} epochs ({r.result.status})"
        for r in runs
        if data is None or r.result.data is data
    ]


def render(result: ExperimentsResult, conclusion: Conclusion | None, text: Text = ENGLISH) -> str:
    """The table, each run's verdict and the conclusion, as text."""
    checking = any(r.reproduces is not None for r in result.runs)
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
    if checking:
        done, checked = result.reproduced
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
    if run.reproduces is None:
        return "-"
    answer = text("cli.experiments.yes" if run.reproduces else "cli.experiments.no")
    if run.deviation is None:  # an overflow epoch was expected
        return f"{answer} ({text('cli.experiments.epoch', epoch=run.result.overflow_epoch)})"
    return f"{answer} ({run.deviation:.1e})"
