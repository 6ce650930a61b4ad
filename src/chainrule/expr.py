"""Expressions: parse text into an :class:`Expr` tree, print it, evaluate it, hand it to SymPy.

The grammar is Python's arithmetic: ``+ - * / **`` (``**`` binds tighter than unary
minus and is right-associative), parentheses, numbers (``2``, ``0.5``, ``1e-3``),
the constants ``pi`` and ``e`` (or ``E``), variables, and the functions of
:data:`chainrule.ops.CALLABLE` and :data:`chainrule.ops.COMPOSED`. Text is tokenised
and parsed here; nothing is ever passed to ``eval`` or to SymPy's string parser.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import sympy

from chainrule.errors import DomainError, ExpressionTooLargeError, ParseError, UnknownVariableError
from chainrule.ops import CALLABLE, COMPOSED, CONSTANTS, FOLDED, OPS
from chainrule.sympy_ops import SYMBOLIC, SYMBOLIC_CONSTANTS
from chainrule.value import Value
from chainrule.walk import postorder

#: Longest expression text accepted.
MAX_LENGTH = 5_000
#: Deepest tree accepted (nesting of parentheses, calls, powers and operator chains).
MAX_DEPTH = 100

_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*)"
    r"|(?P<op>\*\*|[-+*/(),^]))"
)


@dataclass(frozen=True, slots=True)
class Expr:
    """A node of a parsed expression.

    ``op`` is an ``OPS`` name, ``"var"`` or ``"const"``; ``name`` is the variable's
    name, the constant's name (``pi``) or the number as written; ``value`` is a
    constant's float value.
    """

    op: str
    args: tuple[Expr, ...] = ()
    name: str | None = None
    value: float | None = None

    def __str__(self) -> str:
        return to_text(self)

    @property
    def is_leaf(self) -> bool:
        return not self.args


def var(name: str) -> Expr:
    """A variable leaf."""
    return Expr("var", name=name)


def const(value: float, text: str | None = None) -> Expr:
    """A constant leaf; ``text`` is how it prints (defaults to ``repr``-free short form)."""
    return Expr("const", name=text if text is not None else _number_text(value), value=value)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e16 else repr(value)


def node(op: str, *args: Expr) -> Expr:
    """An operation node; checks the op exists and gets the right number of inputs."""
    if op not in OPS:
        raise ValueError(f"unknown operation {op!r}")
    if len(args) != OPS[op].arity:
        raise ValueError(f"{op} takes {OPS[op].arity} input(s), got {len(args)}")
    return Expr(op, tuple(args))


_args = attrgetter("args")


def nodes(expr: Expr) -> list[Expr]:
    """Every node of ``expr``, inputs before the node that uses them."""
    return postorder(expr, _args)


def variables(expr: Expr) -> list[str]:
    """Variable names in order of first appearance, reading left to right."""
    names: dict[str, None] = {}
    for n in nodes(expr):
        if n.op == "var":
            names.setdefault(n.name or "", None)
    return list(names)


def depth(expr: Expr) -> int:
    """Height of the tree (a leaf has depth 1)."""
    heights: dict[int, int] = {}
    for n in nodes(expr):
        heights[id(n)] = 1 + max((heights[id(a)] for a in n.args), default=0)
    return heights[id(expr)]


# --- printing ---------------------------------------------------------------------
_LEAF = 10  # precedence of leaves and calls: never parenthesised


def to_text(expr: Expr) -> str:
    """Print with the fewest parentheses that parse back to the same tree."""
    done: dict[int, tuple[str, int]] = {}
    for n in nodes(expr):
        if n.is_leaf:
            done[id(n)] = (n.name or "", _LEAF)
            continue
        op = OPS[n.op]
        parts = [done[id(a)] for a in n.args]
        if op.is_function:
            done[id(n)] = (f"{op.call}({', '.join(text for text, _ in parts)})", _LEAF)
        elif op.arity == 1:
            text, prec = parts[0]
            done[id(n)] = ("-" + (f"({text})" if prec < op.precedence else text), op.precedence)
        else:
            (lt, lp), (rt, rp) = parts
            right_assoc = op.name == "pow"
            left_wrap = lp < op.precedence or (right_assoc and lp == op.precedence)
            right_wrap = rp < op.precedence or (not right_assoc and rp == op.precedence)
            lt = f"({lt})" if left_wrap else lt
            rt = f"({rt})" if right_wrap else rt
            sep = f" {op.symbol} " if op.precedence == 1 else op.symbol
            done[id(n)] = (f"{lt}{sep}{rt}", op.precedence)
    return done[id(expr)][0]


# --- parsing ----------------------------------------------------------------------
def parse(text: str, *, variables: Collection[str] = ()) -> Expr:
    """Parse ``text`` into an :class:`Expr`; raise :class:`ParseError` with the column.

    A name in ``variables`` is a variable even if it names a constant (``e`` given a value).
    """
    if not isinstance(text, str):
        raise TypeError(f"expected the expression as a string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionTooLargeError(
            f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}"
        )
    expr = _Parser(text, variables).parse()
    if depth(expr) > MAX_DEPTH:
        raise ExpressionTooLargeError(
            f"expression is nested deeper than {MAX_DEPTH} levels "
            "(each operator in a chain such as a+b+c counts as a level)"
        )
    return expr


class _Parser:
    """Recursive descent over the token list; nesting is bounded by ``MAX_DEPTH``."""

    def __init__(self, text: str, variables: Collection[str] = ()) -> None:
        self.text = text
        self.variables = frozenset(variables)
        self.tokens = self._tokenize(text)
        self.i = 0
        self.level = 0

    def _tokenize(self, text: str) -> list[tuple[str, str, int]]:
        tokens = []
        pos = 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            match = _TOKEN.match(text, pos)
            if match is None or match.lastgroup is None:
                start = len(text) - len(text[pos:].lstrip())
                raise ParseError(f"unexpected character {text[start]!r}", text=text, position=start)
            kind = match.lastgroup
            tokens.append((kind, match.group(kind), match.start(kind)))
            pos = match.end()
        tokens.append(("end", "", len(text)))
        return tokens

    # token helpers
    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def error(self, message: str, position: int | None = None) -> ParseError:
        return ParseError(
            message, text=self.text, position=self.peek()[2] if position is None else position
        )

    def describe(self, tok: tuple[str, str, int]) -> str:
        return "end of expression" if tok[0] == "end" else repr(tok[1])

    def parse(self) -> Expr:
        if self.peek()[0] == "end":
            raise self.error("empty expression")
        expr = self.sum()
        tok = self.peek()
        if tok[0] != "end":
            if tok[1] == ")":
                raise self.error("unmatched ')'")
            hint = "; write * for multiplication" if tok[0] in ("name", "number") else ""
            raise self.error(f"unexpected {self.describe(tok)}{hint}")
        return expr

    def enter(self) -> None:
        self.level += 1
        if self.level > MAX_DEPTH:
            raise ExpressionTooLargeError(f"expression is nested deeper than {MAX_DEPTH} levels")

    def sum(self) -> Expr:
        left = self.product()
        while self.peek()[1] in ("+", "-") and self.peek()[0] == "op":
            op = "add" if self.take()[1] == "+" else "sub"
            left = Expr(op, (left, self.product()))
        return left

    def product(self) -> Expr:
        left = self.unary()
        while self.peek()[1] in ("*", "/") and self.peek()[0] == "op":
            op = "mul" if self.take()[1] == "*" else "div"
            left = Expr(op, (left, self.unary()))
        return left

    def unary(self) -> Expr:
        tok = self.peek()
        if tok[0] == "op" and tok[1] in ("-", "+"):
            self.take()
            self.enter()
            operand = self.unary()
            self.level -= 1
            return Expr("neg", (operand,)) if tok[1] == "-" else operand
        return self.power()

    def power(self) -> Expr:
        base = self.atom()
        tok = self.peek()
        if tok[1] == "^":
            raise self.error("'^' is not a power here; write ** (as in x**2)")
        if tok[1] == "**":
            self.take()
            self.enter()
            exponent = self.unary()
            self.level -= 1
            return Expr("pow", (base, exponent))
        return base

    def atom(self) -> Expr:
        kind, text, pos = self.take()
        if kind == "number":
            if float(text) == float("inf"):
                raise self.error(f"the number {text} is beyond the float64 range", pos)
            return const(float(text), text)
        if kind == "name":
            if self.peek()[1] == "(":
                return self.call(text, pos)
            if text in _CALLS:
                raise self.error(f"{text!r} is a function; call it as {text}(...)", pos)
            if text in CONSTANTS and text not in self.variables:
                return const(CONSTANTS[text], text)
            return var(text)
        if text == "(":
            self.enter()
            inner = self.sum()
            self.level -= 1
            self.expect_close(pos)
            return inner
        self.i -= 1
        raise self.error(f"expected a number, a name or '(' but found {self.describe(self.peek())}")

    def call(self, name: str, pos: int) -> Expr:
        """``name(a, b, ...)``, the name read and ``(`` next."""
        arities = _CALLS.get(name)
        if arities is None:
            known = ", ".join(sorted(_CALLS))
            raise self.error(f"unknown function {name!r} (known: {known})", pos)
        most = None if name in FOLDED else max(arities)
        self.take()
        self.enter()
        args: list[Expr] = []
        while self.peek()[1] != ")" or args:
            if args:
                if self.peek()[1] != ",":
                    break
                if len(args) == most:
                    raise self.error(f"{name}() takes {_count(most)}")
                self.take()
            args.append(self.sum())
        self.level -= 1
        if len(args) < min(arities):
            raise self.error(f"{name}() needs {_count(min(arities))}")
        if len(args) not in arities and most is not None:
            raise self.error(f"{name}() takes {' or '.join(map(str, sorted(arities)))} arguments")
        self.expect_close(pos + len(name))
        return _called(name, args)

    def expect_close(self, open_position: int) -> None:
        tok = self.peek()
        if tok[1] != ")":
            if tok[0] == "end":
                raise self.error("missing ')' for the '(' opened", open_position)
            raise self.error(f"expected ')' but found {self.describe(tok)}")
        self.take()


#: Call name -> {number of arguments: op name}; composed functions map to themselves.
_CALLS: dict[str, dict[int, str]] = {}
for _name in CALLABLE:
    _CALLS.setdefault(OPS[_name].call, {})[OPS[_name].arity] = _name
for _name, (_inputs, _) in COMPOSED.items():
    _CALLS.setdefault(_name, {})[len(_inputs)] = _name


def _count(n: int) -> str:
    return "one argument" if n == 1 else f"{n} arguments"


def _called(name: str, args: list[Expr]) -> Expr:
    """The tree of a call: an op node, a fold of a two-input op, or a composed formula."""
    if name in COMPOSED:
        inputs, formula = COMPOSED[name]
        return _substitute(_formula(formula), dict(zip(inputs, args, strict=True)))
    if len(args) > 2 and name in FOLDED:
        out = Expr(name, (args[0], args[1]))
        for arg in args[2:]:
            out = Expr(name, (out, arg))
        return out
    return Expr(_CALLS[name][len(args)], tuple(args))


@functools.cache
def _formula(text: str) -> Expr:
    return _Parser(text).parse()


def _substitute(expr: Expr, inputs: Mapping[str, Expr]) -> Expr:
    """``expr`` with each variable replaced by its input's tree."""
    done: dict[int, Expr] = {}
    for n in nodes(expr):
        if n.op == "var":
            done[id(n)] = inputs[n.name or ""]
        else:
            done[id(n)] = Expr(n.op, tuple(done[id(a)] for a in n.args), n.name, n.value)
    return done[id(expr)]


# --- evaluation -----------------------------------------------------------------------
def build(
    expr: Expr, values: Mapping[str, Any], *, strict: bool = True
) -> tuple[Value, dict[int, Value]]:
    """Build the :class:`Value` graph of ``expr`` with the given variable values.

    Returns the output node and a map from ``id`` of each Expr node to its Value
    (a variable used twice maps to the same Value, so its gradient accumulates).
    With ``strict``, a value for a name the expression does not use is an error.
    """
    names = variables(expr)
    missing = [n for n in names if n not in values]
    if missing:
        raise UnknownVariableError(f"no value given for {', '.join(missing)}")
    if strict:
        extra = [n for n in values if n not in names]
        if extra:
            known = ", ".join(names) or "none"
            raise UnknownVariableError(
                f"{', '.join(extra)} not in the expression (its variables: {known})"
            )
    leaves = {name: Value(values[name], name=name) for name in names}
    symbolic = any(isinstance(v.data, sympy.Basic) for v in leaves.values())
    made: dict[int, Value] = {}
    for n in nodes(expr):
        if n.op == "var":
            made[id(n)] = leaves[n.name or ""]
        elif n.op == "const":
            data = _symbolic_constant(n) if symbolic else n.value
            made[id(n)] = Value(data, name=n.name, requires_grad=False)
        else:
            try:
                made[id(n)] = Value.apply(OPS[n.op], *(made[id(a)] for a in n.args))
            except DomainError as exc:
                raise DomainError(f"{exc}, at {to_text(n)}") from None
    return made[id(expr)], made


def evaluate(expr: Expr, values: Mapping[str, Any]) -> Any:
    """The value of ``expr`` (float or array) at ``values``."""
    return build(expr, values, strict=False)[0].data


def symbol(name: str) -> sympy.Symbol:
    """The SymPy symbol chainrule uses for a variable (real-valued)."""
    return sympy.Symbol(name, real=True)


def _symbolic_constant(n: Expr) -> sympy.Expr:
    """The exact SymPy number of a constant leaf (``0.5`` -> 1/2, ``pi`` -> pi)."""
    return SYMBOLIC_CONSTANTS.get(n.name or "") or sympy.Rational(n.name or "0")


def sympy_nodes(expr: Expr) -> dict[int, sympy.Expr]:
    """The SymPy expression of every node of ``expr``, keyed by ``id`` of the node."""
    done: dict[int, Any] = {}
    for n in nodes(expr):
        if n.op == "var":
            done[id(n)] = symbol(n.name or "")
        elif n.op == "const":
            done[id(n)] = _symbolic_constant(n)
        else:
            done[id(n)] = OPS[n.op].forward(SYMBOLIC, *(done[id(a)] for a in n.args))
    return done


def to_sympy(expr: Expr) -> sympy.Expr:
    """The SymPy expression of ``expr``, built node by node (no string parsing)."""
    return sympy_nodes(expr)[id(expr)]


def as_expr(expression: str | Expr, *, variables: Collection[str] = ()) -> Expr:
    """Accept either text or an already parsed :class:`Expr` (see :func:`parse`)."""
    return expression if isinstance(expression, Expr) else parse(expression, variables=variables)


def constant_warnings(expr: Expr) -> tuple[str, ...]:
    """A warning for each variable named like a constant: ``e`` given a value is no longer e."""
    return tuple(
        f"{name} is a variable here (it was given a value), not the constant "
        f"{name} = {CONSTANTS[name]:.6g}"
        for name in variables(expr)
        if name in CONSTANTS
    )
