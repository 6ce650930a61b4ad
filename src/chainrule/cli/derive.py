"""``chainrule derive``: a derivative step by step, proven, described and drawn."""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING

from chainrule.cli.format import add_lang_option, dumps
from chainrule.cli.graph import parse_assignments, print_warnings
from chainrule.derivatives.settings import (
    DEFAULT_AT,
    DEFAULT_POINTS,
    DEFAULT_SATURATION,
    MAX_ORDER,
)
from chainrule.errors import OptionError
from chainrule.figure_files import figure_format
from chainrule.safe_files import check_output
from chainrule.words import Text

if TYPE_CHECKING:
    from chainrule.derivatives.derivation import Derivation

EXAMPLES = f"""examples:
  chainrule derive "1/(1+exp(-x))"
  chainrule derive "tanh(x)" --order 2 --plot tanh.svg
  chainrule derive "a*x**2 + b" --wrt x --at a=2 --at b=-1 --json
  chainrule derive "log(x)" --range 0.5 4 --markdown
  chainrule derive "sigmoid(x)" --saturation 0.05 --slope-at 2
  chainrule derive "sigmoid(x)" --from-definition
  chainrule derive "x**2/(1+exp(-x))" --quotient textbook
  chainrule derive "sigmoid(x)" --lang uk

With several variables, --wrt picks the one to differentiate by; the others stay
symbols in the results and are held at {DEFAULT_AT:g} (or their --at value) for the
proof, the properties and the plot.

An expression may start with a minus ("-x**2", "-h*x"). Only -h alone is the help:
'chainrule derive -h' shows this text, while 'chainrule derive -h --wrt h' (more
words after it) and 'chainrule derive -- -h' derive -h."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "derive",
        help="analytical derivative step by step, proven and described",
        description="Differentiate EXPRESSION step by step, naming each rule; simplify the "
        "result in the function's own terms where it can; prove it against sympy.diff, "
        "autodiff and finite differences; and describe the function: domain, limits, "
        "asymptotes, monotonicity, steepest slope and saturation region.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("expression", help='the expression, e.g. "1/(1+exp(-x))"')
    parser.add_argument("--wrt", metavar="NAME", help="variable to differentiate by")
    parser.add_argument(
        "--order", type=int, default=1, help=f"which derivative, 1 to {MAX_ORDER} (default 1)"
    )
    parser.add_argument(
        "--at",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=f"value of another variable for the numeric parts (default {DEFAULT_AT:g}); "
        "repeatable",
    )
    parser.add_argument(
        "--range",
        nargs=2,
        type=float,
        metavar=("LOW", "HIGH"),
        dest="x_range",
        help="range of the variable for the proof, properties and plot "
        "(default [-8, 8] or the part of the domain next to its end)",
    )
    parser.add_argument(
        "--points",
        type=int,
        default=DEFAULT_POINTS,
        help=f"points of the numeric proof (default {DEFAULT_POINTS})",
    )
    parser.add_argument(
        "--saturation",
        type=float,
        default=DEFAULT_SATURATION,
        metavar="FRACTION",
        help="|f'| below this fraction of its peak counts as flat "
        f"(default {DEFAULT_SATURATION:g})",
    )
    parser.add_argument(
        "--slope-at",
        type=float,
        action="append",
        default=[],
        metavar="X",
        help="also report |f'(X)| as a fraction of its peak; repeatable",
    )
    parser.add_argument(
        "--from-definition",
        action="store_true",
        help="write sigmoid, tanh, softplus, sinh, cosh and silu through exp first, so their "
        "derivatives come from their definitions (with the algebra back to their own terms) "
        "rather than from their own rules",
    )
    parser.add_argument(
        "--quotient",
        choices=("rule", "textbook"),
        default="rule",
        help="how a quotient-rule step is written: as the rule's terms (default) or the "
        "textbook's (u'v - uv')/v^2",
    )
    parser.add_argument("--plot", metavar="FILE", help="draw f and f' to FILE (.svg or .png)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object instead")
    output.add_argument("--markdown", action="store_true", help="print Markdown with LaTeX math")
    add_lang_option(parser, what="the text, Markdown and plot (--json is the same in any)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from chainrule.derivatives.derivation import derive  # SymPy loads here, not for every command

    if args.plot is not None:  # a bad file name fails before any work
        check_output(args.plot, option="--plot")
        figure_format(args.plot)
    if any(not math.isfinite(v) for v in args.slope_at):
        raise OptionError("--slope-at needs finite numbers")
    result = derive(
        args.expression,
        wrt=args.wrt,
        order=args.order,
        at=parse_assignments(args.at),
        x_range=tuple(args.x_range) if args.x_range else None,
        points=args.points,
        saturation=args.saturation,
        from_definition=args.from_definition,
    )
    textbook = args.quotient == "textbook"
    words = Text(args.lang)
    fractions = {where: result.slope_fraction(where) for where in args.slope_at}
    if args.plot is not None:
        _plot(result, args.plot, words)
    if args.json:
        data = result.to_dict()
        data["slope_fractions"] = {str(k): v for k, v in fractions.items()}
        print(dumps(data))
    elif args.markdown:
        markdown = result.to_markdown(lang=args.lang, textbook=textbook)
        print(markdown + "".join(_fraction_lines(result, fractions, "- ", words)), end="")
    else:
        text = result.to_text(lang=args.lang, textbook=textbook)
        print(text + "".join(_fraction_lines(result, fractions, "  ", words)), end="")
    print_warnings(result.warnings)
    return 0


def _plot(result: Derivation, path: str, words: Text) -> None:
    from chainrule.derivatives.plot import plot_derivation  # matplotlib only for a picture
    from chainrule.figure_files import new_figure, save_figure, style

    with style():
        figure = new_figure(7.5, 4.8)
        plot_derivation(result, ax=figure.add_subplot(), words=words)
        save_figure(figure, path, option="--plot")


def _fraction_lines(
    result: Derivation, fractions: dict[float, float], bullet: str, words: Text
) -> list[str]:
    x = result.variable
    return [
        bullet
        + (
            words("derive.slope_at", x=x, where=f"{where:g}", percent=f"{100 * share:.3g}")
            if math.isfinite(share)
            else words("derive.slope_at.no_peak", x=x, where=f"{where:g}")
        )
        + "\n"
        for where, share in fractions.items()
    ]
