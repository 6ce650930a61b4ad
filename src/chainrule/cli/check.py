"""``chainrule check``: judge a learner's own work; one sub-command per kind of answer."""

from __future__ import annotations

import argparse

from chainrule.cli import check_answers, check_derive


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="judge your own answer and name the mistake",
        description="Judge a learner's own answer: equivalent, not equivalent or undecided, "
        "with how it was decided, and the likely mistake named from chainrule's own "
        "derivation. Exit status: 0 equivalent, 1 not equivalent, 3 undecided, 2 bad input.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    check_derive.register(kinds)
    check_answers.register(kinds)
