# ruff: noqa: RUF001 - the example has a Cyrillic name on purpose
"""``chainrule report``: the whole lab rebuilt in one command."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from chainrule.cli.descent_args import add_big_data_options, big_data_from
from chainrule.cli.format import printable
from chainrule.errors import OptionError
from chainrule.report.output import FORMATS
from chainrule.safe_files import STDOUT
from chainrule.words import LANGUAGES

EXAMPLES = """examples:
  chainrule report                          # the lab with its own parameters, into report/
  chainrule report --out hw3 --lang uk      # in Ukrainian, into hw3/
  chainrule report --config lab.toml        # a variant of the lab (see examples/lab.toml)
  chainrule report --out notes --force      # write into a folder that is not a report
  chainrule report --format all --student "Олена Коваль" --group КН-21 --variant 7

The folder gets report.md (Markdown with LaTeX math), report.html (one self-contained
page: figures embedded, math as MathML, nothing fetched from the network; it prints on
A4), report.pdf with --format pdf or all (A4, math and figures) and figures/ (SVG and
PNG). --student, --group and --variant fill in the top of the report (or the config's
[student] name, group and variant); without them it has blank lines to fill in by
hand. A rebuild replaces only the files chainrule wrote (listed in the hidden
.chainrule-report); your own files in the folder are kept. A folder that exists and is
not a previous report is left alone unless --force is given; a failure leaves the
folder as it was."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="rebuild the whole lab (derivative, gradient descent, graph) as a report",
        description="Compute the lab's three tasks (the sigmoid's derivative, gradient "
        "descent experiments, a computation graph's forward and backward pass) and write "
        "them as one report, with every number, table and figure computed, none copied.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out", default="report", metavar="DIR", help="the report folder (default: report)"
    )
    parser.add_argument(
        "--config", metavar="FILE", help="a TOML file with the lab's parameters (a variant)"
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the prose (default: en)"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="both",
        help="which files to write: md, html, pdf, both (md and html) or all (default: both)",
    )
    parser.add_argument(
        "--student", default="", metavar="NAME", help="the student's name (default: the config's)"
    )
    parser.add_argument(
        "--group", default="", metavar="G", help="the student's group (default: the config's)"
    )
    parser.add_argument(
        "--variant", default="", metavar="ID", help="the lab variant (default: the config's)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into --out even if it is not a previous report, replacing files of the"
        " same names (other files are kept)",
    )
    parser.add_argument(
        "--further",
        action="store_true",
        help="add the Further section: momentum, Nesterov and Adam against the lab's descent,"
        " then logistic regression"
        " (as [further] enabled = true in --config)",
    )
    add_big_data_options(parser)  # Task 2 on a big file instead of the generator's points
    parser.set_defaults(run=run)


def _show_progress(step: str, index: int, total: int) -> None:
    end = "\n" if index == total else ""
    print(f"\r\033[Kchainrule report [{index}/{total}] {step}", end=end, file=sys.stderr)
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    from chainrule.report import LabConfig, build_report, load_config  # the heavy part
    from chainrule.report.config import FurtherConfig

    if args.out in ("", STDOUT):
        raise OptionError(f"--out needs a folder name, got {args.out!r}")
    config = load_config(args.config) if args.config else LabConfig()
    if args.further:
        config = replace(config, further=FurtherConfig(enabled=True))
    data = big_data_from(args)
    report = build_report(
        out=args.out,
        config=config,
        lang=args.lang,
        format=args.format,
        force=args.force,
        student=args.student,
        group=args.group,
        variant=args.variant,
        progress=_show_progress if sys.stderr.isatty() else None,
        data=data,
    )
    figures = sum(1 for name in report.files if name.startswith("figures/"))
    written = [name for name in report.files if not name.startswith("figures/")]
    print(printable(f"wrote {', '.join(written)} and {figures} figure files to {report.out}/"))
    return 0
