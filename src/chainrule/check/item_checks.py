"""The verdict on each item of an answer list, and on the list as a whole."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chainrule.check.verdict import Mistake, Verdict
from chainrule.errors import OptionError
from chainrule.words import LANGUAGES, Text

_MARKS = {Verdict.EQUIVALENT: "✓", Verdict.NOT_EQUIVALENT: "✗", Verdict.UNDECIDED: "?"}


@dataclass(frozen=True)
class ItemCheck:
    """One item judged: the learner's text, the verdict, how it was reached, the mistakes."""

    name: str
    answer: str
    verdict: Verdict
    method: str  # e.g. "symbolic proof", "to 5 significant digits (as written)"
    expected: str  # the right answer: shown only when asked for
    mistakes: tuple[Mistake, ...] = ()
    points: int = 1  # points where it was compared (1 for a number, more for a formula)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "answer": self.answer,
            "verdict": str(self.verdict),
            "method": self.method,
            "points": self.points,
            "mistakes": [
                {"step": m.step, "rule": m.rule, "description": m.description}
                for m in self.mistakes
            ],
            "expected": self.expected,
        }


def words(lang: object) -> Text:
    """The words of ``lang``, or OptionError naming the languages there are."""
    if lang not in LANGUAGES:
        raise OptionError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return Text(str(lang))


def overall(items: Sequence[ItemCheck]) -> Verdict:
    """Not equivalent if any item is wrong; otherwise undecided if any is undecided."""
    verdicts = {item.verdict for item in items}
    for verdict in (Verdict.NOT_EQUIVALENT, Verdict.UNDECIDED):
        if verdict in verdicts:
            return verdict
    return Verdict.EQUIVALENT


def markdown(title: str, verdict: Verdict, items: Sequence[ItemCheck]) -> str:
    """A short Markdown summary for Jupyter: the verdict, then one line per item (no answers)."""
    lines = [f"**{title}: {verdict}**", ""]
    for item in items:
        why = "; ".join(m.description for m in item.mistakes)
        lines.append(
            f"- {_MARKS[item.verdict]} `{item.name} = {item.answer}`" + (f" — {why}" if why else "")
        )
    return "\n".join(lines)
