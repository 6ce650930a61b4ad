"""Every word chainrule shows a person, in English and in Ukrainian.

Code never writes prose of its own: it asks :class:`Text` for a string by key and fills
in computed numbers. Each part keeps its words in a module here with two tables, ``EN``
and ``UK``, of the same keys and placeholders (a test checks it); a key lives in one
module only. A new part adds its module to ``SOURCES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

from chainrule.words import (
    big_data,
    check,
    check_answers,
    cli,
    conclusion,
    config,
    derivatives,
    figures,
    logistic,
    logistic_big,
    optimizers,
    playground,
    report,
    teacher,
)

SOURCES: tuple[ModuleType, ...] = (
    report,
    derivatives,
    conclusion,
    figures,
    cli,
    check,
    check_answers,
    playground,
    optimizers,
    config,
    teacher,
    logistic,
    big_data,
    logistic_big,
)
EN: dict[str, str] = {key: s for source in SOURCES for key, s in source.EN.items()}
UK: dict[str, str] = {key: s for source in SOURCES for key, s in source.UK.items()}
RULES_UK = report.RULES_UK
TABLES = {"en": EN, "uk": UK}
LANGUAGES = tuple(TABLES)


@dataclass(frozen=True)
class Text:
    """The strings of one language: ``text("task3.title")``, ``text("intro", version=...)``."""

    lang: str = "en"

    def __post_init__(self) -> None:
        if self.lang not in TABLES:
            raise ValueError(f"unknown language {self.lang!r} (known: {', '.join(LANGUAGES)})")

    def __call__(self, key: str, **values: Any) -> str:
        return TABLES[self.lang][key].format(**values)

    def rule(self, name: str) -> str:
        """A differentiation rule's name in this language."""
        return RULES_UK[name] if self.lang == "uk" else name

    def join(self, items: list[str]) -> str:
        """``a, b and c`` in this language."""
        if len(items) < 2:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self('and')} " + items[-1]
