"""The ``chainrule`` command: a thin layer over the library; every subcommand formats a result.

Each subcommand lives in its own module with ``register(subparsers)``, which adds
its parser and sets ``run(args) -> int`` as the handler.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import warnings
from collections.abc import Sequence
from typing import NoReturn

import numpy as np

from chainrule.budget import DEFAULT, within
from chainrule.cli import (
    check,
    derive,
    experiments,
    grade,
    graph,
    lr_range,
    playground,
    report,
    sweep,
    train,
    variants,
)
from chainrule.cli.format import printable
from chainrule.errors import ChainruleError
from chainrule.version import __version__

COMMANDS = (
    graph,
    derive,
    train,
    experiments,
    sweep,
    report,
    check,
    playground,
    variants,
    grade,
    lr_range,
)

EPILOG = """examples:
  chainrule graph "(2*a+b)*(c-d)" a=3 b=4 c=5 d=6
  chainrule graph "x*x*x - 3*x" x=2 --svg graph.svg
  chainrule report --out report --lang uk

Run 'chainrule COMMAND --help' for each command's options."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (the usage itself is one ``--help`` away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``chainrule`` and all its subcommands."""
    parser = _Parser(
        prog="chainrule",
        description="Computation graphs, derivatives and gradient descent, made visible and exact.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"chainrule {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=_Parser
    )
    for command in COMMANDS:
        command.register(subparsers)
    for sub in subparsers.choices.values():  # one budget for every command
        _add_timeout(sub, default=None)
    return parser


def _add_timeout(parser: argparse.ArgumentParser, *, default: object) -> None:
    """``--timeout`` on ``parser`` and on its own subcommands (``check derive ... --timeout``),
    where it is left out unless given, so as not to undo one given before them."""
    parser.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        default=default,
        help=f"stop with an error after this many seconds (default {DEFAULT.seconds:g})",
    )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _add_timeout(sub, default=argparse.SUPPRESS)


#: Subcommands whose first positional argument is an expression.
_EXPRESSION_COMMANDS = ("derive", "graph")


def _seconds(text: str) -> float:
    """``--timeout``: a positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(
            f"expected a positive number of seconds, got {text.strip()!r}"
        )
    return value


def _protect_leading_minus(argv: Sequence[str]) -> list[str]:
    """Let ``"-x**2"`` or ``--lr -0.5`` through argparse, which would take them for options.

    chainrule has long options only (and ``-h``), so any other word starting with a
    single ``-`` is an expression or a number: a leading space keeps argparse from
    reading it as an option, and the parser and ``float`` both ignore that space.
    ``-h`` is the help, except right after ``derive`` or ``graph`` with more words
    after it (``chainrule derive -h --wrt h``): there it is the expression.
    """
    words = list(argv)
    expression_h = len(words) > 2 and words[0] in _EXPRESSION_COMMANDS and words[1] == "-h"
    return [
        f" {word}"
        if word.startswith("-")
        and not word.startswith("--")
        and (word != "-h" or (k == 1 and expression_h))
        else word
        for k, word in enumerate(words)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse arguments, run the command, turn user errors into one line."""
    parser = build_parser()
    args = parser.parse_args(_protect_leading_minus(sys.argv[1:] if argv is None else argv))
    for key, value in vars(args).items():  # undo the protection: columns in errors stay right
        if isinstance(value, str) and value.startswith(" -"):
            setattr(args, key, value[1:])
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            return within(
                args.timeout
                if args.timeout is not None
                else getattr(args, "default_timeout", None),
                lambda: int(args.run(args)),
                what=lambda: f"chainrule {args.command}",
                hint="(use --timeout SECONDS to allow more)",
            )
    except ChainruleError as exc:
        print(f"chainrule: error: {printable(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `chainrule graph ... | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        print(f"chainrule: error: {printable(f'{exc.strerror or exc}{where}')}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("chainrule: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
