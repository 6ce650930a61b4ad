"""``chainrule lr-range``: the learning-rate range test and the rate it suggests."""

from __future__ import annotations

import argparse

from chainrule.cli.descent_args import (
    add_data_options,
    add_output_options,
    check_plot_target,
    data_from,
    pairs,
    save_plots,
)
from chainrule.cli.format import ENGLISH, add_lang_option, dumps, number, printable, to_stdout
from chainrule.cli.train_logistic import data_line, logistic_data_from
from chainrule.descent.lr_range import BLOWUP, MODELS, RangeTest, lr_range_test
from chainrule.words import Text

EXAMPLES = """examples:
  chainrule lr-range                                # the lab's line, 1e-6 up to 10
  chainrule lr-range --model logistic --plot range.svg
  chainrule lr-range --lr-min 1e-5 --lr-max 1 --steps 200 --json

The rate grows geometrically, one full-batch step per rate, until the loss passes
4 times its smallest value. The suggestion is the steepest fall of the smoothed loss
against log(lr); it is shown beside lr_opt (line) or the safe rate (logistic)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lr-range",
        help="learning-rate range test: raise the rate every step; suggest one",
        description="One gradient-descent run whose learning rate grows geometrically from"
        " --lr-min to --lr-max, recording the loss before every step. Suggests the rate where"
        " the smoothed loss falls fastest, and compares it with the rate theory prefers.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--model", choices=MODELS, default="line", help="default line")
    parser.add_argument("--lr-min", type=float, default=1e-6, help="first rate (default 1e-6)")
    parser.add_argument("--lr-max", type=float, default=10.0, help="last rate (default 10)")
    parser.add_argument("--steps", type=int, default=100, help="number of steps (default 100)")
    add_data_options(parser)
    add_output_options(parser)
    add_lang_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    quiet = to_stdout(args, "plot")
    if args.plot is not None:
        check_plot_target(args.plot, fmt=args.plot_format)
    data = data_from(args) if args.model == "line" else logistic_data_from(args)
    result = lr_range_test(
        data=data, model=args.model, lr_min=args.lr_min, lr_max=args.lr_max, steps=args.steps
    )
    text = Text(args.lang)
    if args.plot is not None:
        from chainrule.descent.logistic_plots import plot_range  # matplotlib

        panels = {"lr_range": lambda ax: plot_range(ax, result, words=text)}
        save_plots(args.plot, panels, fmt=args.plot_format)
    if not quiet:
        print(dumps(result.to_dict()) if args.json else render(result, text))
    return 0


def render(result: RangeTest, text: Text = ENGLISH) -> str:
    """The test's data, suggestion and blow-up as text."""
    data = (
        data_line(result.data, text)
        if result.model == "logistic"
        else printable(result.data.describe(text.lang))
    )
    suggested = (
        text("range.suggested.none")
        if result.suggested_lr is None
        else text(
            "range.suggested.text",
            lr=f"{result.suggested_lr:.4g}",
            reference=result.reference,
            ref=f"{result.reference_lr:.4g}",
            ratio=number(result.ratio, 3),
        )
    )
    blowup = (
        text("range.blowup.none", lr=f"{result.lrs[-1]:.4g}")
        if result.blowup_lr is None
        else text("range.blowup.text", lr=f"{result.blowup_lr:.4g}", times=f"{BLOWUP:g}")
    )
    heading = text(
        "range.heading",
        model=result.model,
        count=result.lrs.size,
        low=f"{result.lrs[0]:.3g}",
        high=f"{result.lrs[-1]:.3g}",
    )
    rows = [
        (text("cli.data"), data),
        (text("range.suggested"), suggested),
        (text("range.blowup"), blowup),
    ]
    return "\n".join([heading, "", pairs(rows)])
