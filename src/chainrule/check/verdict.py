"""What every check returns: a verdict, how it was reached, and the mistakes it names."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    """The three outcomes of a check; ``undecided`` is never guessed into one of the others."""

    EQUIVALENT = "equivalent"
    NOT_EQUIVALENT = "not equivalent"
    UNDECIDED = "undecided"

    @property
    def exit_code(self) -> int:
        """The CLI's exit status: 0 equivalent, 1 not equivalent, 3 undecided (2 is bad input)."""
        return {"equivalent": 0, "not equivalent": 1, "undecided": 3}[self.value]


@dataclass(frozen=True)
class Mistake:
    """A likely slip: where it happened (``"1.2.2"``), under which rule, and what went wrong;
    ``kind`` names the slip (``"inner derivative dropped"``, see chainrule.check.slips)."""

    step: str
    rule: str
    description: str
    kind: str = ""
