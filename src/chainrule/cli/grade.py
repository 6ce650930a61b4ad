"""``chainrule grade``: grade a class's answer sheets from the answer key."""

from __future__ import annotations

import argparse
from pathlib import Path

from chainrule.cli.format import printable
from chainrule.errors import OutputError
from chainrule.safe_files import check_output, write_output

#: The default --timeout of a whole class's work (other commands: one lab, 60 s).
CLASS_SECONDS = 600.0

EXAMPLES = """examples:
  chainrule grade --key class/key.json --answers submitted/ --out grades.csv
  chainrule grade --key class/key.json --answers submitted/ --out grades.csv --feedback fb/

A sheet is found by the student's id in its name (ID.toml, ID_lab.toml, lab-ID.toml).
grades.csv has one row per student and one column per item; a missing or unreadable
sheet is a row with the reason. The feedback (FOLDER/ID.md, default: feedback/ beside
the grades) names each mistake and its step, in the student's language. A class may
take longer than one lab: --timeout is 600 s here unless given."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grade",
        help="teacher mode: grade every answer sheet against the answer key",
        description="Judge every item of every student's answer sheet with chainrule's"
        " checker, and write the grades (CSV) and a feedback file per student.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--key", required=True, metavar="JSON", help="key.json from 'chainrule variants'"
    )
    parser.add_argument("--answers", required=True, metavar="FOLDER", help="the handed-in sheets")
    parser.add_argument("--out", required=True, metavar="CSV", help="the grades to write")
    parser.add_argument("--feedback", metavar="FOLDER", help="where the feedback files go")
    parser.set_defaults(run=run, default_timeout=CLASS_SECONDS)


def run(args: argparse.Namespace) -> int:
    from chainrule.teacher.grading import grade, read_key

    check_output(args.out, option="--out", suffixes=(".csv",))
    feedback = Path(args.feedback) if args.feedback else Path(args.out).parent / "feedback"
    grades = grade(key=read_key(args.key), answers=args.answers)
    try:
        feedback.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"--feedback: cannot make {str(feedback)!r} ({exc.strerror or exc})"
        ) from None
    write_output(args.out, grades.to_csv(), option="--out", suffixes=(".csv",))
    for student in grades.students:
        write_output(feedback / f"{student.id}.md", student.feedback(), option="--feedback")
    missing = sum(bool(s.reason) for s in grades.students)
    print(
        printable(
            f"graded {len(grades.students) - missing} of {len(grades.students)} students"
            f" ({missing} without a gradable sheet): {args.out}, feedback in {feedback}"
        )
    )
    return 0
