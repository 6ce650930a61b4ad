"""A learner's answer list, ``"L=-10, dL/da=-2"``, split into items; numbers with their digits.

Items are ``name = value``, separated by commas, semicolons or new lines outside
parentheses. A plain decimal number keeps the digits it was written with: the
precision it is judged at (:func:`agrees`); a whole number (no point, no exponent)
is taken as exact, as Task 3's values usually are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from chainrule.errors import OptionError

#: Longest answer list accepted (a few dozen items take a few hundred characters).
MAX_ANSWER = 10_000
#: Powers of ten beyond this are refused: no float64 is that large or that small.
MAX_EXPONENT = 400
#: Digits beyond these are not judged: float rounding differs between correct programs.
MAX_DIGITS = 10
#: What learners type for minus, times and approximately, and what chainrule reads.
_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u00b7": "*", "\u00d7": "*"})
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True)
class AnswerItem:
    """One ``name = value`` of the list; ``column`` (1-based) is where its value starts."""

    name: str
    text: str
    column: int


def normalised(text: str) -> str:
    """``text`` with Unicode minus and times signs as ASCII, ``^`` as ``**``."""
    return text.translate(_SIGNS).replace("^", "**")


def split_answers(answer: str, *, option: str = "answer") -> list[AnswerItem]:
    """The items of ``answer``; OptionError for a blank list, an item without ``=`` or twice."""
    if not isinstance(answer, str) or not answer.strip():
        raise OptionError(f"{option} is empty: give items like name=value, separated by commas")
    if len(answer) > MAX_ANSWER:
        raise OptionError(f"{option} is {len(answer)} characters long; the limit is {MAX_ANSWER}")
    items: list[AnswerItem] = []
    depth, start = 0, 0
    for k, ch in enumerate(answer + "\n"):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch in ",;\n" and (depth <= 0 or k == len(answer)):  # the end closes every item
            piece = answer[start:k]
            if piece.strip():
                items.append(_item(piece, start + 1 + len(piece) - len(piece.lstrip()), option))
            start, depth = k + 1, 0
    seen: set[str] = set()
    for item in items:
        if item.name in seen:
            raise OptionError(f"{option}: {item.name} is given twice")
        seen.add(item.name)
    return items


def _item(piece: str, column: int, option: str) -> AnswerItem:
    name, sep, value = piece.strip().partition("=")
    shown = piece.strip()[:40]
    if not sep:
        raise OptionError(f"{option}: expected name=value at column {column}, got {shown!r}")
    if not name.strip():
        raise OptionError(f"{option}: no name before '=' at column {column}")
    if not value.strip():
        raise OptionError(f"{option}: {name.strip()} has no value (column {column})")
    start = column + piece.strip().index(value.strip(), len(name) + 1)
    return AnswerItem(re.sub(r"\s+", "", name), value.strip(), start)


@dataclass(frozen=True)
class Written:
    """A number as written: its exact decimal value and its last written digit's place."""

    value: Decimal
    digits: int  # significant digits written, e.g. 5 for 2.0032
    exact: bool  # a whole number: judged to rounding error, not to its last digit

    @property
    def judged(self) -> int:
        """The significant digits it is judged at: those written, at most :data:`MAX_DIGITS`."""
        return max(1, min(self.digits, MAX_DIGITS))


def written_number(text: str) -> Written | None:
    """``text`` as a plain decimal number with its significant digits; None if it is not one."""
    text = normalised(text).strip().lstrip("≈~").strip()
    if not _NUMBER.fullmatch(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None
    if abs(value.adjusted()) > MAX_EXPONENT:
        raise OptionError(f"answer: {text[:40]!r} is far outside float64's range (1e±308)")
    mantissa = re.split("[eE]", text)[0].lstrip("+-").replace(".", "").lstrip("0")
    exact = not re.search("[.eE]", text)
    return Written(value, max(len(mantissa), 1), exact)


def _unit(written: Written) -> Decimal:
    """One unit in the last judged place (a whole number's: its rounding error)."""
    if written.exact:
        return Decimal("2e-9") * max(Decimal(1), abs(written.value))
    if written.value == 0:
        return Decimal(10) ** written.value.as_tuple().exponent  # type: ignore[operator]
    top = written.value.adjusted()  # place of the leading digit
    return Decimal(10) ** (top - written.judged + 1)


def agrees(written: Written, true: float) -> bool:
    """Whether ``true`` rounds to ``written`` at its judged digits (within half a unit)."""
    if true != true or true in (float("inf"), float("-inf")):
        return False
    return abs(Decimal(true) - written.value) <= _unit(written) / 2


def truncated(written: Written, true: float) -> bool:
    """Whether ``written`` is ``true`` cut off (not rounded) at its last digit."""
    if written.exact or agrees(written, true) or true != true or abs(true) == float("inf"):
        return False
    gap = Decimal(true) - written.value
    return abs(gap) < _unit(written) and (gap > 0) == (written.value > 0)
