"""``chainrule check graph`` and ``check train``: judge a learner's Task 3 and Task 2 answers."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from chainrule.check.item_checks import overall
from chainrule.cli.descent_args import add_data_options, add_start_options, data_from
from chainrule.cli.format import dumps, printable
from chainrule.cli.graph import parse_assignments
from chainrule.errors import ConfigError
from chainrule.words import LANGUAGES, Text

if TYPE_CHECKING:
    from chainrule.check.item_checks import ItemCheck

GRAPH_EXAMPLES = """examples:
  chainrule check graph "(2*a+b)*(c-d)" a=3 b=4 c=5 d=6 \\
      --answer "L=-10, dL/da=-2, dL/db=-1, dL/dc=10, dL/dd=-10"
  chainrule check graph "(2*a+b)*(c-d)" a=3 b=4 c=5 d=6 --answer "dL/da = 2*(c-d)"

exit status: 0 every item right, 1 an item wrong, 3 undecided, 2 bad input."""

TRAIN_EXAMPLES = """examples:
  chainrule check train --lr 0.01 --epochs 1000 --answer "m=2.0032, b=3.3249, mse=1.0242"
  chainrule check train --answer "lr_max=0.0292, status=slow" --lang uk
  chainrule check train --epochs 1000 --lrs 0.001,0.01,0.1 --answer "best=0.01"

Numbers are judged at the digits written (at most 10 significant digits); a whole
number is taken as exact. exit status: 0 right, 1 wrong, 3 undecided, 2 bad input."""


def register(kinds: argparse._SubParsersAction) -> None:
    """Add the kinds ``graph`` and ``train`` to ``chainrule check``."""
    graph = kinds.add_parser(
        "graph",
        help="Task 3: a graph's value and partial derivatives (numbers or formulas)",
        description="Judge each item of a Task 3 answer list against one forward and one"
        " backward pass; a wrong partial is explained from the backward table.",
        epilog=GRAPH_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    graph.add_argument("expression", help='the expression, e.g. "(2*a+b)*(c-d)"')
    graph.add_argument(
        "values", nargs="*", metavar="NAME=VALUE", help="a value for every variable, e.g. a=3"
    )
    _add_common(graph)
    graph.set_defaults(run=run_graph)
    train = kinds.add_parser(
        "train",
        help="Task 2: a run's m, b, mse, lr_max, lr_opt, status and the best learning rate",
        description="Judge each item of a Task 2 answer list against chainrule's own run;"
        " a wrong number is compared with common slips, each run for real.",
        epilog=TRAIN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    train.add_argument("--lr", type=float, default=0.01, help="learning rate (default 0.01)")
    train.add_argument("--epochs", type=int, default=1000, help="number of updates (default 1000)")
    train.add_argument(
        "--lrs",
        metavar="LR,LR,...",
        help="the candidates of 'best' (default: the lab's experiments' learning rates)",
    )
    add_start_options(train)
    add_data_options(train)
    _add_common(train)
    train.set_defaults(run=run_train)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--answer", required=True, help='the answers, e.g. "L=-10, dL/da=-2" (name=value, ...)'
    )
    parser.add_argument("--show-answer", action="store_true", help="also show the right values")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language (default en)")


def _rates(text: str | None) -> list[float] | None:
    if text is None:
        return None
    try:
        return [float(part) for part in text.split(",")]
    except ValueError:
        raise ConfigError(f"--lrs must be numbers separated by commas, got {text!r}") from None


def run_graph(args: argparse.Namespace) -> int:
    from chainrule.check.trace_answers import check_trace  # SymPy loads here

    result = check_trace(
        expression=args.expression,
        values=parse_assignments(args.values),
        answer=args.answer,
        lang=args.lang,
    )
    text = Text(args.lang)
    values = ", ".join(f"{k}={v:g}" for k, v in result.values.items())
    title = text("ca.title.graph", expression=result.expression, values=values)
    return show(args, title, result.to_dict(), result.items, result.exit_code)


def run_train(args: argparse.Namespace) -> int:
    from chainrule.check.training_answers import check_training

    result = check_training(
        answer=args.answer,
        lr=args.lr,
        epochs=args.epochs,
        data=data_from(args),
        m0=args.m0,
        b0=args.b0,
        tol=args.tol,
        lrs=_rates(args.lrs),
        lang=args.lang,
    )
    text = Text(args.lang)
    recipe = result.data.recipe
    if recipe["source"] == "lab":
        data = text("ca.data.lab", n=result.data.n, seed=recipe["seed"])
    else:
        data = text("ca.data.points", n=result.data.n)
    title = text("ca.title.train", lr=f"{args.lr:g}", epochs=args.epochs, data=data)
    return show(args, title, result.to_dict(), result.items, result.exit_code)


def show(args: argparse.Namespace, title: str, data: dict[str, Any], items: Any, code: int) -> int:
    """Print the result as text or JSON (right values only with --show-answer)."""
    if not args.show_answer:
        for item in data["items"]:
            item["expected"] = None
    if args.json:
        print(dumps(data))
    else:
        print(render(Text(args.lang), title, items, show_answer=args.show_answer))
    return code


def render(text: Text, title: str, items: tuple[ItemCheck, ...], *, show_answer: bool) -> str:
    """The verdicts as text: the verdict first, then the mistakes, the right value if asked."""
    marks = {"equivalent": "✓", "not equivalent": "✗", "undecided": "?"}
    width = max(len(f"{i.name} = {i.answer}") for i in items)
    lines = [printable(title), ""]
    for item in items:
        said = printable(f"{item.name} = {item.answer}").ljust(width)
        verdict = text(f"ca.verdict.{item.verdict}")
        lines.append(f"  {marks[item.verdict]} {said}  {verdict} ({item.method})")
        for mistake in item.mistakes:
            where = (
                mistake.step if mistake.rule == mistake.step else f"{mistake.step} ({mistake.rule})"
            )
            lines.append(f"      {where}: {mistake.description}")
        if show_answer and item.verdict != "equivalent":
            lines.append(f"      {text('ca.expected', expected=printable(item.expected))}")
    right = sum(item.verdict == "equivalent" for item in items)
    verdict = overall(items)
    lines += [
        "",
        text("ca.overall", verdict=text(f"ca.verdict.{verdict}"), right=right, total=len(items)),
    ]
    if verdict != "equivalent" and not show_answer:
        lines.append(text("ca.retry"))
    return "\n".join(lines)
