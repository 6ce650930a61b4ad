# ruff: noqa: RUF001, RUF002 - learners type the minus sign, the Greek sigma and the like
"""Learner syntax: how people write math, rewritten token by token into chainrule's grammar.

Accepted on top of :func:`chainrule.expressions.expr.parse`: ``^`` for powers, ``x²``,
implicit multiplication (``2x``, ``x(1-x)``, ``(x+1)(x-1)``, ``2sin(x)``), the Unicode
minus and multiplication signs (``−``, ``×``, ``·``, ``÷``), ``σ(x)`` for the sigmoid and,
when the task defines it, another name for it (``S(x)``). ``e^x`` and ``ln`` already
parse. The rewritten text goes to chainrule's own parser: nothing is evaluated and
nothing reaches SymPy as text. An error keeps the column of the learner's own text,
and an unknown word gets a suggestion (``sinx`` -> ``sin(x)``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection

from chainrule.arguments import shown
from chainrule.engine.ops import CONSTANTS
from chainrule.errors import ArgumentTypeError, ExpressionTooLargeError, ParseError
from chainrule.expressions.expr import MAX_LENGTH, Expr, function_names, parse

#: Characters a learner types for an operator, and what chainrule writes.
_SIGNS = {"−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "∙": "*", "÷": "/", "^": "**"}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789", strict=True))
_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?![A-Za-z_0-9.]))"
    r"|(?P<integer>\d+\.?\d*|\.\d+)"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*|σ)"
    r"|(?P<power>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
    r"|(?P<op>\*\*|[-+*/(),^−–×·⋅∙÷]))"
)
SIGMOID_SIGN = "σ"


def parse_learner(
    text: str,
    *,
    variables: Collection[str] = (),
    sigmoid: Collection[str] = (),
    what: str = "",
) -> Expr:
    """Parse ``text`` as a learner writes it; ``variables`` are the task's variable names
    (a word made of them is their product: ``xy``), ``sigmoid`` extra names of the sigmoid.

    Raises :class:`~chainrule.errors.ParseError` with the column in ``text``, its message
    starting with ``what`` (``"the answer"``) when given.
    """
    try:
        return _parse(text, frozenset(variables), {SIGMOID_SIGN, *sigmoid})
    except ParseError as exc:
        if not what:
            raise
        message = str(exc).rsplit(" at column ", 1)[0]
        raise ParseError(f"{what}: {message}", text=exc.text, position=exc.position) from None


def _parse(text: str, variables: frozenset[str], sigmoid: set[str]) -> Expr:
    if not isinstance(text, str):
        raise ArgumentTypeError(f"the expression must be a string, got {shown(text)}")
    if len(text) > MAX_LENGTH:
        raise ExpressionTooLargeError(
            f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}"
        )
    out, columns = _rewrite(text, variables, sigmoid)
    try:
        return parse(out, variables=variables)
    except ParseError as exc:
        message = str(exc).rsplit(" at column ", 1)[0]
        at = columns[exc.position] if exc.position < len(columns) else len(text)
        raise ParseError(message, text=text, position=at) from None


def _tokens(text: str) -> list[tuple[str, str, int]]:
    tokens = []
    pos = 0
    while pos < len(text) and text[pos:].strip():
        match = _TOKEN.match(text, pos)
        if match is None or match.lastgroup is None:
            start = len(text) - len(text[pos:].lstrip())
            raise ParseError(f"unexpected character {text[start]!r}", text=text, position=start)
        kind = match.lastgroup
        tokens.append(
            ("number" if kind == "integer" else kind, match.group(kind), match.start(kind))
        )
        pos = match.end()
    return tokens


def _rewrite(text: str, variables: frozenset[str], sigmoid: set[str]) -> tuple[str, list[int]]:
    """chainrule's text for ``text`` and, for each of its characters, the learner's column."""
    functions = function_names()
    pieces: list[tuple[str, int]] = []  # (chainrule text, learner column)
    previous = ""  # kind of the last token: "value" (can be multiplied), "function", "op"
    tokens = _tokens(text)
    for k, (kind, word, pos) in enumerate(tokens):
        after = tokens[k + 1][1] if k + 1 < len(tokens) else ""
        if kind == "name":
            if word in sigmoid and after == "(":
                parts = [("sigmoid", pos, "function")]
            else:
                parts = _name(word, pos, after, variables, functions, text)
        elif kind == "power":
            parts = [("**", pos, "op"), ("".join(_SUPERSCRIPTS[c] for c in word), pos, "value")]
        elif kind == "number":
            parts = [(word, pos, "value")]
        else:
            sign = _SIGNS.get(word, word)
            parts = [(sign, pos, "close" if word == ")" else "open" if word == "(" else "op")]
        for piece, at, what in parts:
            starts = what in ("value", "function", "open")
            if (
                previous in ("value", "close")
                and starts
                and not (previous == "value" and what == "value" and piece[0].isdigit())
            ):
                pieces.append(("*", at))
            pieces.append((piece if what != "op" else f" {piece} " if piece in "+-" else piece, at))
            previous = what
    out = ""
    columns: list[int] = []
    for piece, at in pieces:
        if out[-1:].isalnum() and piece[:1].isalnum():  # "cos x" must not become "cosx"
            out += " "
            columns.append(at)
        out += piece
        columns.extend([at] * len(piece))
    return out, columns


def _name(
    word: str,
    pos: int,
    after: str,
    variables: frozenset[str],
    functions: frozenset[str],
    text: str,
) -> list[tuple[str, int, str]]:
    """A word as chainrule parts: a call, a variable or constant, or a product of them."""
    if word in functions:
        return [(word, pos, "function")]
    if word in variables or word in CONSTANTS or not variables:
        return [(word, pos, "value")]
    split = _split(word, variables)
    if split is not None:
        return [(name, pos + start, "value") for name, start in split]
    reading = _split(word, variables, functions)  # sinx: sin(x)? xcosx: x*cos(x)?
    called = [name in functions for name, _ in reading or ()]
    if after == "(" and called[-1:] == [True] and not any(called[:-1]):  # 2xsin(x)
        return [
            (name, pos + start, "function" if is_function else "value")
            for (name, start), is_function in zip(reading or (), called, strict=True)
        ]
    if reading is not None:
        raise ParseError(
            f"unknown name {word!r}; did you mean {_written(reading, functions)}?",
            text=text,
            position=pos,
        )
    known = sorted(variables | functions | set(CONSTANTS))
    close = difflib.get_close_matches(word, known, n=1)
    call = after == "("
    hint = f"; did you mean {close[0]}?" if close else ""
    what = "function" if call else "name"
    raise ParseError(f"unknown {what} {word!r}{hint}", text=text, position=pos)


def _written(pieces: list[tuple[str, int]], functions: frozenset[str]) -> str:
    """``x cos x`` pieces as ``x*cos(x)``: each function called on the piece after it."""
    out: list[str] = []
    opened = 0
    for name, _ in pieces:
        if name in functions:
            out.append(f"{name}(")
            opened += 1
        else:
            out.append(name + ")" * opened + "*")
            opened = 0
    return "".join(out).rstrip("*(") + ")" * opened


def _split(
    word: str, names: Collection[str], functions: Collection[str] = ()
) -> list[tuple[str, int]] | None:
    """``word`` as consecutive names of ``names``, constants or ``functions`` (longest
    first), or None."""
    known = sorted({*names, *CONSTANTS, *functions}, key=len, reverse=True)
    out: list[tuple[str, int]] = []
    at = 0
    while at < len(word):
        name = next((n for n in known if word.startswith(n, at)), None)
        if name is None:
            return None
        out.append((name, at))
        at += len(name)
    return out
