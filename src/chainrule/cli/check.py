"""``chainrule check``: judge a learner's own answer and name the mistake (issue 11)."""

from __future__ import annotations

import argparse

from chainrule.cli import check_answers


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="judge a learner's answer and name the mistake",
        description="Judge a learner's own answer: right, wrong (with the mistake named) or"
        " undecided. Exit status: 0 right, 1 wrong, 3 undecided, 2 bad input.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    check_answers.register(kinds)
