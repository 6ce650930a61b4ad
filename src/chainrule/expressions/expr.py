"""Expressions: parse text into an :class:`Expr` tree, print it, evaluate it, hand it to SymPy.

The grammar is Python's arithmetic: ``+ - * / **`` (``**`` binds tighter than unary
minus and is right-associative), parentheses, numbers (``2``, ``0.5``, ``1e-3``),
the constants ``pi`` and ``e`` (or ``E``), variables, and the functions of
:data:`chainrule.engine.ops.CALLABLE` and :data:`chainrule.engine.ops.COMPOSED`. Text is tokenised
and parsed here; nothing is ever passed to ``eval`` or to SymPy's string parser.
"""

from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from operator import attrgetter
from typing import Any

import sympy

from chainrule.arguments import shown
from chainrule.engine.graph_walks import postorder
from chainrule.engine.ops import CALLABLE, COMPOSED, CONSTANTS, FOLDED, OPS, SCALAR, Op, watch
from chainrule.engine.sympy_ops import SYMBOLIC, SYMBOLIC_CONSTANTS
from chainrule.engine.value import Value
from chainrule.errors import (
    ArgumentTypeError,
    DomainError,
    ExpressionTooLargeError,
    ParseError,
    UnknownVariableError,
)

#: Longest expression text accepted.
MAX_LENGTH = 5_000
#: Deepest nesting accepted: parentheses, function calls, powers and unary signs each open
#: a level; a flat chain such as ``a+b+c`` or ``a*b/c`` does not (its tree is deep, but
#: every walk over a tree is iterative, so only the length limit bounds it).
MAX_DEPTH = 100

_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*)"
    r"|(?P<op>\*\*|[-+*/(),^]))"
)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
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

    def __repr__(self) -> str:
        return f"parse({to_text(self)!r})"

    # Equality and hashing walk the tree with a stack: a flat chain of a few thousand
    # operators is a tree that deep, too deep for the recursive methods of a dataclass.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Expr):
            return NotImplemented
        stack: list[tuple[Expr, Expr]] = [(self, other)]
        while stack:
            a, b = stack.pop()
            if a is b:
                continue
            if (a.op, a.name, a.value, len(a.args)) != (b.op, b.name, b.value, len(b.args)):
                return False
            stack.extend(zip(a.args, b.args, strict=True))
        return True

    def __hash__(self) -> int:
        return hash(to_text(self))  # equal trees print alike

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


def nesting(expr: Expr) -> int:
    """How deeply the printed text nests: parentheses, calls, powers and signs (a leaf: 0).

    A flat chain such as ``a+b+c`` or ``a*b/c`` adds no level, though its tree is deep.
    """
    levels: dict[int, int] = {}
    for n in nodes(expr):
        if n.is_leaf:
            levels[id(n)] = 0
        elif len(n.args) == 1:  # a call, or a sign (and parentheses when its input needs them)
            (arg,) = n.args
            wrap = not OPS[n.op].is_function and _precedence(arg) < OPS[n.op].precedence
            levels[id(n)] = 1 + wrap + levels[id(arg)]
        else:
            left, right = n.args
            left_wrap, right_wrap = _wraps(OPS[n.op], _precedence(left), _precedence(right))
            levels[id(n)] = max(
                levels[id(left)] + left_wrap,
                levels[id(right)] + (right_wrap or n.op == "pow"),
            )
    return levels[id(expr)]


# --- printing ---------------------------------------------------------------------
_LEAF = 10  # precedence of leaves and calls: never parenthesised


def _precedence(n: Expr) -> int:
    op = OPS.get(n.op)
    return _LEAF if op is None or op.is_function else op.precedence


def _wraps(op: Op, left: int, right: int) -> tuple[bool, bool]:
    """Whether a binary ``op``'s inputs, of these precedences, need parentheses."""
    right_assoc = op.name == "pow"
    return (
        left < op.precedence or (right_assoc and left == op.precedence),
        right < op.precedence or (not right_assoc and right == op.precedence),
    )


def to_text(expr: Expr) -> str:
    """Print with the fewest parentheses that parse back to the same tree."""
    return texts(expr)[id(expr)]


def texts(expr: Expr) -> dict[int, str]:
    """The text of every node of ``expr`` (as :func:`to_text` prints it), keyed by ``id``."""
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
            left_wrap, right_wrap = _wraps(op, lp, rp)
            lt = f"({lt})" if left_wrap else lt
            rt = f"({rt})" if right_wrap else rt
            sep = f" {op.symbol} " if op.precedence == 1 else op.symbol
            done[id(n)] = (f"{lt}{sep}{rt}", op.precedence)
    return {key: text for key, (text, _) in done.items()}


# --- parsing ----------------------------------------------------------------------
def parse(text: str, *, variables: Collection[str] = ()) -> Expr:
    """Parse ``text`` into an :class:`Expr`; raise :class:`ParseError` with the column.

    A name in ``variables`` is a variable even if it names a constant (``e`` given a value).
    """
    if not isinstance(text, str):
        raise ArgumentTypeError(f"the expression must be a string, got {shown(text)}")
    if len(text) > MAX_LENGTH:
        raise ExpressionTooLargeError(
            f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}"
        )
    return _Parser(text, variables).parse()


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
            raise ExpressionTooLargeError(
                f"expression is nested deeper than {MAX_DEPTH} levels "
                "(parentheses, function calls, powers and signs each open a level)"
            )

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


def _index_calls() -> None:
    _CALLS.clear()
    for name in CALLABLE:
        _CALLS.setdefault(OPS[name].call, {})[OPS[name].arity] = name
    for name, (inputs, _) in COMPOSED.items():
        _CALLS.setdefault(name, {})[len(inputs)] = name


watch(_index_calls)  # the table's functions, and any op registered later


def function_names() -> frozenset[str]:
    """Every name the parser calls as a function (``sin``, ``ln``, ``sigmoid``, ...)."""
    return frozenset(_CALLS)


def _count(n: int) -> str:
    return "one argument" if n == 1 else f"{n} arguments"


def _called(name: str, args: list[Expr]) -> Expr:
    """The tree of a call: an op node, a fold of a two-input op, or a composed formula."""
    if name in COMPOSED and len(args) == len(COMPOSED[name][0]):  # not leaky_relu(x, a)
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
    if symbolic:
        constant_values(expr)  # refuse a constant too large to compute exactly, before SymPy does
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


#: log10 of the largest and of the smallest positive float64: exact constants must lie between.
_LOG10_MAX, _LOG10_MIN = math.log10(sys.float_info.max), math.log10(5e-324)
#: Most digits (numerator and denominator together) of a constant computed exactly.
MAX_DIGITS = 1_000
#: Sub-expressions longer than this are shortened in error messages.
_SHOWN = 60


def constant_values(expr: Expr) -> dict[int, float]:
    """The float64 value of every constant sub-expression of ``expr``, keyed by ``id``.

    Sizes are estimated with logarithms before anything is computed (``9**9**9`` is
    about 10**369693099), so nothing huge ever is: a constant beyond the float64 range
    (above about 1.8e308, or nonzero below about 4.9e-324), or whose exact value would
    take more than :data:`MAX_DIGITS` digits (``1.0000001**10**6``), raises
    :class:`ExpressionTooLargeError` naming it, before SymPy or Python's integers could
    spend hours or gigabytes on it. Constants outside an op's domain (``log(-1)``) are
    left out, for the evaluation to name.
    """
    values: dict[int, float] = {}
    digits: dict[int, float] = {}  # estimated digits of each constant's exact value
    for n in nodes(expr):
        if n.op == "const":
            values[id(n)] = n.value or 0.0
            digits[id(n)] = _written_digits(n.name or "")
            if digits[id(n)] <= MAX_DIGITS:
                continue
            raise _too_large(n, f" has more than {MAX_DIGITS} digits")
        if n.op == "var" or any(id(a) not in values for a in n.args):
            continue
        xs = [values[id(a)] for a in n.args]
        sizes = [digits[id(a)] for a in n.args]
        size = _log10_size(n.op, xs)
        if size is None or _LOG10_MIN <= size <= _LOG10_MAX:
            try:
                value = math.pow(*xs) if n.op == "pow" else OPS[n.op].forward(SCALAR, *xs)
            except OverflowError:
                value = math.inf
            except (ValueError, ZeroDivisionError):
                continue  # outside the domain: the evaluation says so
            size = math.log10(abs(value)) if value else None
            if size is None or _LOG10_MIN <= size <= _LOG10_MAX:
                values[id(n)] = float(value)
                rule = OPS[n.op].digits  # None: SymPy keeps exp(2), sin(1) whole
                digits[id(n)] = rule(xs, sizes) if rule is not None else 0.0
                if digits[id(n)] <= MAX_DIGITS:
                    continue
                raise _too_large(
                    n,
                    f" would take about {digits[id(n)]:.0f} digits exactly "
                    f"(the limit is {MAX_DIGITS})",
                )
        about = f" (about 10**{size:.0f})" if size is not None and math.isfinite(size) else ""
        raise _too_large(n, f"{about} is beyond the float64 range")
    return values


def _too_large(n: Expr, why: str) -> ExpressionTooLargeError:
    text = to_text(n)
    shown = text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."
    return ExpressionTooLargeError(
        f"the constant {shown}{why}; chainrule refuses it rather than compute it exactly"
    )


def _log10_size(op: str, xs: list[float]) -> float | None:
    """log10 of ``|op(*xs)|`` for the ops that can leave float64's range at once; else None."""
    logs = [math.log10(abs(x)) if x else -math.inf for x in xs]
    if op == "pow" and logs[0] != -math.inf:
        return xs[1] * logs[0]
    if op in ("mul", "div") and -math.inf not in logs:
        return logs[0] + logs[1] if op == "mul" else logs[0] - logs[1]
    return None


def _written_digits(text: str) -> float:
    """log10 of ``|p| * q`` for a written number's exact fraction p/q; 0 for pi and e."""
    if text in CONSTANTS:
        return 0.0  # SymPy keeps them whole
    mantissa, _, exponent = text.lower().partition("e")
    rough = len(mantissa) + abs(int(exponent or 0))
    if rough > MAX_DIGITS:
        return rough  # 1e-5000: too many digits, without making 10**5000
    exact = Fraction(text)
    return math.log10(abs(exact.numerator) or 1) + math.log10(exact.denominator)


def symbol(name: str) -> sympy.Symbol:
    """The SymPy symbol chainrule uses for a variable (real-valued)."""
    return sympy.Symbol(name, real=True)


def _symbolic_constant(n: Expr) -> sympy.Expr:
    """The exact SymPy number of a constant leaf (``0.5`` -> 1/2, ``pi`` -> pi)."""
    return SYMBOLIC_CONSTANTS.get(n.name or "") or sympy.Rational(n.name or "0")


def sympy_nodes(expr: Expr) -> dict[int, sympy.Expr]:
    """The SymPy expression of every node of ``expr``, keyed by ``id`` of the node."""
    constant_values(expr)  # refuse a constant too large to compute exactly, before SymPy does
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
    if not isinstance(expr, Expr):
        raise ArgumentTypeError(f"expr must be an Expr (from parse), got {shown(expr)}")
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
