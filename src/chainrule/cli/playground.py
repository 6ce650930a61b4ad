"""``chainrule playground``: one offline HTML page to move the learning rate and step the lab."""

from __future__ import annotations

import argparse
import webbrowser

from chainrule.cli.format import printable
from chainrule.safe_files import check_output, write_output
from chainrule.words import LANGUAGES

EXAMPLES = """examples:
  chainrule playground                      # playground.html for the lab
  chainrule playground --lang uk --open     # in Ukrainian, opened in the browser
  chainrule playground --config lab.toml --out variant.html

The page is one file (script, style and numbers inline): it fetches nothing and works
from file://. Its numbers come from chainrule; the page replays gradient descent's
epochs in closed form, to the same m, b and MSE as 'chainrule train'."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "playground",
        help="write an interactive offline page: learning-rate sliders, graph and derivative steps",
        description="Write one self-contained HTML page where the learning rate, epochs and"
        " start of gradient descent move with sliders, the lab's graph runs forward and"
        " backward one step at a time, and the derivative's steps are revealed one by one.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out",
        default="playground.html",
        metavar="FILE",
        help="the page to write (default: playground.html; - for standard output)",
    )
    parser.add_argument(
        "--config", metavar="FILE", help="a TOML file with the lab's parameters (a variant)"
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the page (default: en)"
    )
    parser.add_argument(
        "--open", action="store_true", help="open the page in the default web browser"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from chainrule.report.build import playground_page
    from chainrule.report.config import LabConfig, load_config

    check_output(args.out, option="--out", suffixes=(".html", ".htm"))
    config = load_config(args.config) if args.config else LabConfig()
    page = playground_page(config, args.lang)
    path = write_output(args.out, page, option="--out", suffixes=(".html", ".htm"))
    if path is None:
        return 0
    print(printable(f"wrote {path} ({len(page.encode()) / 1024:.0f} KB)"))
    if args.open:
        webbrowser.open(path.resolve().as_uri())
    return 0
