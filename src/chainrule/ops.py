"""The one table of primitive operations.

Every primitive is one :class:`Op` entry: its forward formula, its local derivative
for each input, the rule a person would cite, how it prints, and where it is
defined. Formulas take a *namespace* ``m`` first (``SCALAR`` for Python floats,
``ARRAY`` for NumPy arrays, ``SYMBOLIC`` for SymPy expressions, in
:mod:`chainrule.sympy_ops` so that the engine loads without SymPy), so the same
line serves the autodiff engine, the symbolic derivative, the derivation steps and
the graph picture. Adding an op means adding one entry to ``OPS`` (and, for a
function, nothing else: the parser reads the names from here).

Constant local derivatives are :class:`Constant` integers (``1``, ``-1``): the
symbolic pass stays exact, on floats and arrays they behave as ``1.0``, and the
engine multiplies by them without a call.

Conventions at non-differentiable points: ``relu'(0) = 0`` and ``abs'(0) = 0``
(the subgradient PyTorch and JAX pick), so gradients stay finite and deterministic.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.errors import DomainError


# --- namespaces: the same formula on floats, arrays and symbols -------------------
def _scalar_sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _array_sigmoid(x: np.ndarray) -> np.ndarray:
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


@dataclass(frozen=True)
class Namespace:
    """Elementary functions for one kind of data (floats, arrays or SymPy)."""

    name: str
    exp: Callable[[Any], Any]
    log: Callable[[Any], Any]
    sqrt: Callable[[Any], Any]
    sin: Callable[[Any], Any]
    cos: Callable[[Any], Any]
    tan: Callable[[Any], Any]
    tanh: Callable[[Any], Any]
    sigmoid: Callable[[Any], Any]
    relu: Callable[[Any], Any]
    abs: Callable[[Any], Any]
    step: Callable[[Any], Any]  # relu's derivative
    sign: Callable[[Any], Any]  # abs's derivative
    any: Callable[[Any], Any]  # for domain checks
    ne: Callable[[Any, Any], Any]  # for conditions: a != b
    sum: Callable[[Any], Any]
    size: Callable[[Any], Any]


SCALAR = Namespace(
    "scalar",
    exp=math.exp,
    log=math.log,
    sqrt=math.sqrt,
    sin=math.sin,
    cos=math.cos,
    tan=math.tan,
    tanh=math.tanh,
    sigmoid=_scalar_sigmoid,
    relu=lambda x: x if x > 0.0 else 0.0,
    abs=abs,
    step=lambda x: 1.0 if x > 0.0 else 0.0,
    sign=lambda x: (x > 0.0) - (x < 0.0) + 0.0,
    any=bool,
    ne=operator.ne,
    sum=lambda x: x,
    size=lambda x: 1,
)
ARRAY = Namespace(
    "array",
    exp=np.exp,
    log=np.log,
    sqrt=np.sqrt,
    sin=np.sin,
    cos=np.cos,
    tan=np.tan,
    tanh=np.tanh,
    sigmoid=_array_sigmoid,
    relu=lambda x: np.maximum(x, 0.0),
    abs=np.abs,
    step=lambda x: (x > 0.0).astype(float),
    sign=np.sign,
    any=np.any,
    ne=np.not_equal,
    sum=lambda x: float(x.sum()) if type(x) is np.ndarray else x,
    size=lambda x: x.size if type(x) is np.ndarray else 1,
)
# --- the table -------------------------------------------------------------------
Formula = Callable[..., Any]


class Constant:
    """A local derivative that is the same number everywhere (1 and 1 for a sum).

    Called like any other formula; the engine reads ``value`` instead of calling it.
    """

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value

    def __call__(self, m: Namespace, out: Any, *xs: Any) -> int:
        return self.value

    def __repr__(self) -> str:
        return f"Constant({self.value})"


ONE, MINUS_ONE = Constant(1), Constant(-1)


@dataclass(frozen=True, slots=True)
class Op:
    """One primitive: forward, local derivatives, the rule it cites, how it prints.

    ``forward(m, *xs)`` gives the value; ``local[i](m, out, *xs)`` gives d out / d xs[i]
    (``out`` is the forward value, so exp and sigmoid reuse it); ``domain(m, *xs)``
    returns why the inputs are outside the domain, or ``None``. ``symbol`` and
    ``precedence`` are for infix operators; functions print as ``name(x)``.

    For the step-by-step derivation: ``rules`` renames ``rule`` by which inputs vary
    (``"v"``) and which are constant (``"c"``), e.g. ``("cv", "reciprocal rule")`` for
    ``c/u``; ``condition(SYMBOLIC, *xs)`` is the SymPy condition on the inputs for the
    op to be defined (``x > 0`` for log); ``kink(SYMBOLIC, *xs)`` is an expression whose
    zeros are points where the op is defined but has no finite derivative (``x`` for
    abs), or ``None``.
    """

    name: str
    forward: Formula
    local: tuple[Formula, ...]
    rule: str
    symbol: str | None = None
    precedence: int = 9  # function call binds tightest
    domain: Formula | None = None
    note: str = ""
    rules: tuple[tuple[str, str], ...] = ()
    condition: Formula | None = None
    kink: Formula | None = None

    @property
    def arity(self) -> int:
        return len(self.local)

    @property
    def is_function(self) -> bool:
        return self.symbol is None

    def rule_for(self, varying: Sequence[bool]) -> str:
        """The rule's name when the inputs marked True depend on the variable."""
        key = "".join("v" if v else "c" for v in varying)
        return dict(self.rules).get(key, self.rule)


def _div_domain(m: Namespace, a: Any, b: Any) -> str | None:
    return "division by zero" if m.any(b == 0) else None


def _log_domain(m: Namespace, x: Any) -> str | None:
    return "log of a non-positive number" if m.any(x <= 0) else None


def _sqrt_domain(m: Namespace, x: Any) -> str | None:
    return "sqrt of a negative number" if m.any(x < 0) else None


def _tan_domain(m: Namespace, x: Any) -> str | None:
    return "tan at an odd multiple of pi/2" if m.any(m.cos(x) == 0) else None


def _pow_domain(m: Namespace, a: Any, b: Any) -> str | None:
    zero = "zero raised to a negative power"
    fraction = "negative number raised to a non-integer power"
    if m is SCALAR:  # the engine's hot path: decide by the base's sign first
        if a > 0.0:
            return None
        if a == 0.0:
            return zero if b < 0.0 else None
        return fraction if b != math.floor(b) else None
    if isinstance(b, np.ndarray):
        zero_to_negative = np.any((a == 0) & (b < 0))
        negative_to_fraction = np.any((a < 0) & (b != np.floor(b)))
    else:  # one exponent: look at the elements only when it matters
        zero_to_negative = b < 0 and np.any(a == 0)
        negative_to_fraction = b != math.floor(b) and np.any(a < 0)
    if zero_to_negative:
        return zero
    if negative_to_fraction:
        return fraction
    return None


def _pow_base(m: Namespace, out: Any, a: Any, b: Any) -> Any:
    if m is SCALAR:
        if a == 0.0 and b < 1.0:
            if b != 0.0:
                raise DomainError("the power's derivative is infinite at a zero base")
            return 0.0
        return b * a ** (b - 1)
    if m is ARRAY and isinstance(b, np.ndarray):
        return np.where(b == 0, 0.0, b * np.power(a, b - 1.0))
    if m is ARRAY:  # one exponent; a square (the usual one) needs no power at all
        return 0.0 if b == 0 else 2.0 * a if b == 2 else b * np.power(a, b - 1.0)
    return b * a ** (b - 1)


def _pow_exponent(m: Namespace, out: Any, a: Any, b: Any) -> Any:
    if (m is SCALAR or m is ARRAY) and m.any(a <= 0):
        raise DomainError("the exponent's gradient needs log of the base, which is not positive")
    return out * m.log(a)


def _pow_condition(m: Namespace, a: Any, b: Any) -> Any:
    if b.is_integer:
        return b >= 0 if b.is_nonnegative else m.ne(a, 0)  # b >= 0 is SymPy's true
    if b.is_number:
        return a >= 0 if b.is_positive else a > 0
    return a > 0  # a variable exponent needs log of the base


def _pow_kink(m: Namespace, a: Any, b: Any) -> Any:
    """x**b with 0 < b < 1 has an infinite slope at x = 0."""
    return a if b.is_number and not b.is_integer and 0 < b < 1 else None


OPS: dict[str, Op] = {
    op.name: op
    for op in (
        Op(
            "add",
            lambda m, a, b: a + b,
            (ONE, ONE),
            "sum rule",
            symbol="+",
            precedence=1,
        ),
        Op(
            "sub",
            lambda m, a, b: a - b,
            (ONE, MINUS_ONE),
            "difference rule",
            symbol="-",
            precedence=1,
        ),
        Op(
            "mul",
            lambda m, a, b: a * b,
            (lambda m, out, a, b: b, lambda m, out, a, b: a),
            "product rule",
            symbol="*",
            precedence=2,
            rules=(("cv", "constant multiple rule"), ("vc", "constant multiple rule")),
        ),
        Op(
            "div",
            lambda m, a, b: a / b,
            (lambda m, out, a, b: 1 / b, lambda m, out, a, b: -a / (b * b)),
            "quotient rule",
            symbol="/",
            precedence=2,
            domain=_div_domain,
            rules=(("cv", "reciprocal rule"), ("vc", "constant multiple rule")),
            condition=lambda m, a, b: m.ne(b, 0),
        ),
        Op(
            "neg",
            lambda m, x: -x,
            (MINUS_ONE,),
            "constant multiple rule",
            symbol="-",
            precedence=3,
        ),
        Op(
            "pow",
            lambda m, a, b: a**b,
            (_pow_base, _pow_exponent),
            "power rule",
            symbol="**",
            precedence=4,
            domain=_pow_domain,
            rules=(("cv", "exponential rule (a**u)"), ("vv", "general power rule (u**v)")),
            condition=_pow_condition,
            kink=_pow_kink,
        ),
        Op("exp", lambda m, x: m.exp(x), (lambda m, out, x: out,), "exponential rule"),
        Op(
            "log",
            lambda m, x: m.log(x),
            (lambda m, out, x: 1 / x,),
            "logarithm rule",
            domain=_log_domain,
            condition=lambda m, x: x > 0,
        ),
        Op(
            "sqrt",
            lambda m, x: m.sqrt(x),
            (lambda m, out, x: 1 / (2 * out),),
            "square root rule",
            domain=_sqrt_domain,
            note="sqrt'(0) is infinite",
            condition=lambda m, x: x >= 0,
            kink=lambda m, x: x,
        ),
        Op("sin", lambda m, x: m.sin(x), (lambda m, out, x: m.cos(x),), "sine rule"),
        Op("cos", lambda m, x: m.cos(x), (lambda m, out, x: -m.sin(x),), "cosine rule"),
        Op(
            "tan",
            lambda m, x: m.tan(x),
            (lambda m, out, x: 1 + out * out,),
            "tangent rule",
            domain=_tan_domain,
            condition=lambda m, x: m.ne(m.cos(x), 0),
        ),
        Op("tanh", lambda m, x: m.tanh(x), (lambda m, out, x: 1 - out * out,), "tanh rule"),
        Op(
            "sigmoid",
            lambda m, x: m.sigmoid(x),
            (lambda m, out, x: out * (1 - out),),
            "sigmoid rule",
        ),
        Op(
            "relu",
            lambda m, x: m.relu(x),
            (lambda m, out, x: m.step(x),),
            "ReLU rule",
            note="relu'(0) is taken as 0",
            kink=lambda m, x: x,
        ),
        Op(
            "abs",
            lambda m, x: m.abs(x),
            (lambda m, out, x: m.sign(x),),
            "absolute value rule",
            note="abs'(0) is taken as 0",
            kink=lambda m, x: x,
        ),
        Op(
            "sum",
            lambda m, x: m.sum(x),
            (ONE,),
            "sum rule",
        ),
        Op(
            "mean",
            lambda m, x: m.sum(x) / m.size(x),
            (lambda m, out, x: 1 / m.size(x),),
            "sum rule",
        ),
    )
}

#: Functions a user may call in an expression, by name (every one-input op but neg).
FUNCTIONS: tuple[str, ...] = tuple(
    name for name, op in OPS.items() if op.is_function and name not in ("sum", "mean")
)

#: Named constants of the expression language.
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
