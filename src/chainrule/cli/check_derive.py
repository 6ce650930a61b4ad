# ruff: noqa: RUF001 - learners type the Greek sigma
"""``chainrule check derive``: a learner's derivative, or worked derivation, judged."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from chainrule.cli.format import dumps, printable
from chainrule.derivatives.settings import MAX_ORDER
from chainrule.errors import OptionError
from chainrule.safe_files import STDOUT, read_bytes
from chainrule.words import LANGUAGES, Text

if TYPE_CHECKING:
    from chainrule.check.derivative import DerivativeCheck, WorkCheck

#: Largest worked-derivation file read.
MAX_WORK_BYTES = 64 * 1024

EXAMPLES = """examples:
  chainrule check derive "1/(1+exp(-x))" --answer "e^(-x)/(1+e^(-x))^2"
  chainrule check derive "1/(1+exp(-x))" --answer "-e^(-x)/(1+e^(-x))^2" --show-answer
  chainrule check derive "x^3" --order 2 --answer "6x"
  chainrule check derive "a*x^2 + b" --wrt x --answer "2ax" --json
  chainrule check derive "sin(x^2)" --work steps.txt      (or --work - to read standard input)

Answers may be written as on paper: ^ for powers, 2x, x(1-x), e^x, ln, σ(x) (or S(x)
when the function is the sigmoid), the Unicode minus. The right answer is shown only
with --show-answer, so that you can try again first."""


def register(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser(
        "derive",
        help="a derivative, or a worked derivation, judged step by step",
        description="Judge ANSWER as the derivative of EXPRESSION: equivalent, not equivalent "
        "or undecided, and how it was decided (symbolic proof, or agreement at N points "
        "with the precision used). A wrong answer gets the step and the likely slip, "
        "numbered as 'chainrule derive' numbers its steps.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("expression", help='the function, e.g. "1/(1+exp(-x))"')
    given = parser.add_mutually_exclusive_group(required=True)
    given.add_argument("--answer", metavar="TEXT", help="your derivative")
    given.add_argument(
        "--work",
        metavar="FILE",
        help="your worked derivation, one expression per line ('= ...' chains allowed); "
        "- reads standard input",
    )
    parser.add_argument("--wrt", metavar="NAME", help="variable to differentiate by")
    parser.add_argument(
        "--order", type=int, default=1, help=f"which derivative, 1 to {MAX_ORDER} (default 1)"
    )
    parser.add_argument(
        "--sigmoid-name",
        action="append",
        default=None,
        metavar="NAME",
        help="another name of the sigmoid when the function is the sigmoid (default S; "
        "σ always names it); repeatable",
    )
    parser.add_argument("--show-answer", action="store_true", help="also show the right answer")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from chainrule.check.derivative import check_derivative, check_work  # SymPy loads here

    options = {
        "wrt": args.wrt,
        "order": args.order,
        "sigmoid": tuple(args.sigmoid_name or ("S",)),
        "lang": args.lang,
    }
    if args.work is not None:
        work = check_work(args.expression, work=_read_work(args.work), **options)
        print(
            dumps(work.to_dict(show_answer=args.show_answer))
            if args.json
            else _work_text(work, args.show_answer)
        )
        return work.exit_code
    result = check_derivative(args.expression, answer=args.answer, **options)
    if args.json:
        print(dumps(result.to_dict(show_answer=args.show_answer)))
    else:
        print(derivative_text(result, args.show_answer))
    return result.exit_code


def _read_work(path: str) -> str:
    if path == STDOUT:
        raw = sys.stdin.buffer.read(MAX_WORK_BYTES + 1)
        if len(raw) > MAX_WORK_BYTES:
            raise OptionError(f"the work on standard input is larger than {MAX_WORK_BYTES} bytes")
    else:
        raw = read_bytes(path, error=OptionError, kind="a worked derivation", limit=MAX_WORK_BYTES)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise OptionError(f"{path}: not a UTF-8 text file") from None


def derivative_text(result: DerivativeCheck, show_answer: bool, indent: str = "") -> str:
    """Verdict first, then how, the mistakes and remarks; the answer only if asked."""
    words = Text(result.lang)
    lines = [
        f"{indent}{words('check.verdict.' + result.verdict.value)}: {printable(result.answer)}",
        f"{indent}  {result.how()}",
    ]
    if result.mistakes:
        lines.append(f"{indent}{words('check.mistakes')}")
        key = "check.mistake" if result.order == 1 else "check.mistake.order"
        lines += [
            f"{indent}  - "
            + words(key, step=m.step, rule=m.rule, description=m.description, order=result.order)
            for m in result.mistakes
        ]
    elif result.verdict.value == "not equivalent":
        lines.append(f"{indent}{words('check.no_mistake')}")
    lines += [f"{indent}  {remark}" for remark in result.remarks]
    if show_answer:
        from chainrule.expressions.math_text import text

        lines.append(f"{indent}{words('check.answer', expected=text(result.expected))}")
    elif result.verdict.value != "equivalent" and not indent:
        lines.append(words("check.retry"))
    return "\n".join(lines)


def _work_text(work: WorkCheck, show_answer: bool) -> str:
    words = Text(work.lang)
    lines = [words(f"check.verdict.{work.verdict.value}")]
    wrong = work.wrong
    if wrong is None:
        if work.verdict.value == "equivalent":
            lines.append(words("check.work.all_right"))
    else:
        why = (
            "check.work.not_previous"
            if wrong.equals_previous is False
            else ("check.work.not_derivative")
        )
        previous = max((c.line for c in work.lines if c.line < wrong.line), default=0)
        reason = words(why, previous=previous)
        lines.append(words("check.work.first_wrong", line=wrong.line, why=reason))
    for c in work.lines:
        lines.append(words("check.work.line", line=c.line, text=printable(c.text)))
        lines.append(derivative_text(c.check, False, indent="    "))
    if show_answer:
        from chainrule.expressions.math_text import text

        lines.append(words("check.answer", expected=text(work.lines[-1].check.expected)))
    return "\n".join(lines)
