"""``chainrule variants``: a fair variant of the lab for every student of a roster."""

from __future__ import annotations

import argparse
from pathlib import Path

from chainrule.cli.format import printable
from chainrule.errors import OutputError
from chainrule.safe_files import write_output
from chainrule.words import LANGUAGES

#: The default --timeout of a whole class's work (other commands: one lab, 60 s).
CLASS_SECONDS = 600.0

EXAMPLES = """examples:
  chainrule variants --roster class.csv --template lab.toml --out class/
  chainrule variants --roster class.csv --out class/ --seed 2026 --lang uk

The roster is a UTF-8 CSV with the columns id, name and optionally group and lang.
Each student gets a folder class/ID/ with handout.md, handout.html, data.csv,
answers.toml (to fill in) and lab.toml; class/key.json holds every expected answer.
The same roster, template and seed give the same bytes. Other files in the folder stay.
A class may take longer than one lab: --timeout is 600 s here unless given."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "variants",
        help="teacher mode: a fair variant, hand-out and answer sheet for every student",
        description="Draw a fair variant of the lab for every student of a roster (Task 1's"
        " function, Task 2's data and rates, Task 3's expression and values) and write the"
        " hand-outs, the answer sheets and one answer key for 'chainrule grade'.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--roster", required=True, metavar="CSV", help="the class: id,name[,group][,lang]"
    )
    parser.add_argument(
        "--template",
        metavar="TOML",
        help="a lab config with [vary] and [weights] (default: the lab's)",
    )
    parser.add_argument("--out", required=True, metavar="FOLDER", help="the class folder to write")
    parser.add_argument("--seed", type=int, default=0, help="the class's seed (default 0)")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="language of students without one (default en)",
    )
    parser.set_defaults(run=run, default_timeout=CLASS_SECONDS)


def run(args: argparse.Namespace) -> int:
    from chainrule.teacher.handout import class_files
    from chainrule.teacher.roster import read_roster
    from chainrule.teacher.template import Template, load_template
    from chainrule.teacher.variants import make_variants

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out: {args.out!r} is a file, not a folder")
    roster = read_roster(args.roster, lang=args.lang)
    template = load_template(args.template) if args.template else Template()
    files = class_files(make_variants(roster=roster, template=template, seed=args.seed))
    try:
        out.mkdir(parents=True, exist_ok=True)
        for student in roster:
            (out / student.id).mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--out: cannot make the folders ({exc.strerror or exc})") from None
    for name, content in files.items():
        write_output(out / name, content, option="--out")
    print(printable(f"wrote the variants of {len(roster)} students and the key {out / 'key.json'}"))
    return 0
