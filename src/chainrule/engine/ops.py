"""The one table of primitive operations.

Every primitive is one :class:`Op` entry: its forward formula, its local derivative
for each input, the rule a person would cite, how it prints, and where it is
defined. Formulas take a *namespace* ``m`` first (``SCALAR`` for Python floats,
``ARRAY`` for NumPy arrays, ``SYMBOLIC`` for SymPy expressions, in
:mod:`chainrule.engine.sympy_ops` so that the engine loads without SymPy), so the same
line serves the autodiff engine, the symbolic derivative, the derivation steps and
the graph picture. Adding an op means adding one entry to ``OPS`` (and, for a
function, nothing else: the parser reads the names from here).

Constant local derivatives are :class:`Constant` integers (``1``, ``-1``): the
symbolic pass stays exact, on floats and arrays they behave as ``1.0``, and the
engine multiplies by them without a call.

Conventions at non-differentiable points: ``relu'(0) = 0`` and ``abs'(0) = 0``
(the subgradient PyTorch and JAX pick), so gradients stay finite and deterministic;
``leaky_relu'(0)`` is its left slope (0.01 unless given, PyTorch's); ``min`` and ``max`` give each
input half the gradient at a tie (as PyTorch's ``maximum`` and JAX do); ``floor``,
``ceil`` and ``sign`` have derivative 0 everywhere, their jumps included. Each op's
``note`` says it, and its ``kink`` marks the points.

Primitive or composed: a function is composed from the table (:data:`COMPOSED`, a
formula in the expression language) when it reads as well that way and needs no
care in floats: ``ln`` is ``log``, ``log10(x)`` is ``log(x, 10)``, ``exp2(x)`` is
``2**x``, ``mish(x)`` is ``x*tanh(softplus(x))``, ``clip(x, lo, hi)`` is
``min(max(x, lo), hi)``. It is a primitive when a teacher cites its own rule (asin,
sinh, sec, ...), when floats need a stable form (softplus via logaddexp, log1p,
expm1, logsumexp), or when it prints better as itself (softplus, silu, gelu, elu,
leaky_relu: SymPy functions of :mod:`chainrule.engine.sympy_ops`, kept whole). Two-input
``min``, ``max`` and ``logsumexp`` take more inputs by folding (:data:`FOLDED`).
softmax is not an op (its output is a vector): its components are logsumexp's partials.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.errors import DomainError

# --- namespaces: the same formula on floats, arrays and symbols -------------------
#: leaky_relu's slope for x < 0 when the call leaves it out (PyTorch's default).
LEAKY_SLOPE = 0.01


def _scalar_sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _array_sigmoid(x: np.ndarray) -> np.ndarray:
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def _scalar_softplus(x: float) -> float:
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _scalar_logaddexp(a: float, b: float) -> float:
    big = max(a, b)
    return big + math.log1p(math.exp(-abs(a - b)))


def _scalar_sign(x: float) -> float:
    return (x > 0.0) - (x < 0.0) + 0.0


def _heaviside(x: float, at_zero: float) -> float:
    return 1.0 if x > 0.0 else at_zero if x == 0.0 else 0.0


_SQRT2 = math.sqrt(2.0)
_array_erf = np.vectorize(math.erf, otypes=[float])
_array_erfc = np.vectorize(math.erfc, otypes=[float])


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
    pi: Any
    half: Any  # min's and max's gradient share at a tie
    asin: Callable[[Any], Any]
    acos: Callable[[Any], Any]
    atan: Callable[[Any], Any]
    atan2: Callable[[Any, Any], Any]
    sinh: Callable[[Any], Any]
    cosh: Callable[[Any], Any]
    asinh: Callable[[Any], Any]
    acosh: Callable[[Any], Any]
    atanh: Callable[[Any], Any]
    sec: Callable[[Any], Any]
    csc: Callable[[Any], Any]
    cot: Callable[[Any], Any]
    log1p: Callable[[Any], Any]
    expm1: Callable[[Any], Any]
    cbrt: Callable[[Any], Any]
    hypot: Callable[[Any, Any], Any]
    erf: Callable[[Any], Any]
    erfc: Callable[[Any], Any]
    min: Callable[[Any, Any], Any]
    max: Callable[[Any, Any], Any]
    floor: Callable[[Any], Any]
    ceil: Callable[[Any], Any]
    signum: Callable[[Any], Any]  # sign as a function of the table (0 at 0)
    heaviside: Callable[[Any, Any], Any]  # (x, value at 0): the kinks' one-sided rules
    softplus: Callable[[Any], Any]
    logsumexp: Callable[[Any, Any], Any]
    normal_cdf: Callable[[Any], Any]  # Phi, gelu's derivative's first term
    gelu: Callable[[Any], Any]
    silu: Callable[[Any], Any]
    elu: Callable[[Any, Any], Any]  # (x, alpha)
    leaky_relu: Callable[[Any, Any], Any]  # (x, slope)


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
    sign=_scalar_sign,
    any=bool,
    ne=operator.ne,
    sum=lambda x: x,
    size=lambda x: 1,
    pi=math.pi,
    half=0.5,
    asin=math.asin,
    acos=math.acos,
    atan=math.atan,
    atan2=math.atan2,
    sinh=math.sinh,
    cosh=math.cosh,
    asinh=math.asinh,
    acosh=math.acosh,
    atanh=math.atanh,
    sec=lambda x: 1.0 / math.cos(x),
    csc=lambda x: 1.0 / math.sin(x),
    cot=lambda x: math.cos(x) / math.sin(x),
    log1p=math.log1p,
    expm1=math.expm1,
    cbrt=math.cbrt,
    hypot=math.hypot,
    erf=math.erf,
    erfc=math.erfc,
    min=lambda a, b: float(min(a, b)),
    max=lambda a, b: float(max(a, b)),
    floor=lambda x: float(math.floor(x)),
    ceil=lambda x: float(math.ceil(x)),
    signum=_scalar_sign,
    heaviside=_heaviside,
    softplus=_scalar_softplus,
    logsumexp=_scalar_logaddexp,
    normal_cdf=lambda x: 0.5 * math.erfc(-x / _SQRT2),
    gelu=lambda x: 0.5 * x * math.erfc(-x / _SQRT2),
    silu=lambda x: x * _scalar_sigmoid(x),
    elu=lambda x, a: x if x > 0.0 else a * math.expm1(x),
    leaky_relu=lambda x, a: x if x > 0.0 else a * x,
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
    pi=math.pi,
    half=0.5,
    asin=np.arcsin,
    acos=np.arccos,
    atan=np.arctan,
    atan2=np.arctan2,
    sinh=np.sinh,
    cosh=np.cosh,
    asinh=np.arcsinh,
    acosh=np.arccosh,
    atanh=np.arctanh,
    sec=lambda x: 1.0 / np.cos(x),
    csc=lambda x: 1.0 / np.sin(x),
    cot=lambda x: np.cos(x) / np.sin(x),
    log1p=np.log1p,
    expm1=np.expm1,
    cbrt=np.cbrt,
    hypot=np.hypot,
    erf=_array_erf,
    erfc=_array_erfc,
    min=np.minimum,
    max=np.maximum,
    floor=np.floor,
    ceil=np.ceil,
    signum=np.sign,
    heaviside=np.heaviside,
    softplus=lambda x: np.logaddexp(0.0, x),
    logsumexp=np.logaddexp,
    normal_cdf=lambda x: 0.5 * _array_erfc(-x / _SQRT2),
    gelu=lambda x: 0.5 * x * _array_erfc(-x / _SQRT2),
    silu=lambda x: x * _array_sigmoid(x),
    elu=lambda x, a: np.where(x > 0.0, x, a * np.expm1(np.minimum(x, 0.0))),
    leaky_relu=lambda x, a: np.where(x > 0.0, x, a * x),
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


ZERO, ONE, MINUS_ONE = Constant(0), Constant(1), Constant(-1)


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

    For constants computed exactly: ``digits(xs, sizes)`` estimates from above the digits
    of the exact result from the inputs' values and digits (``None``: SymPy keeps the
    result whole, as ``exp(2)``, so it adds none).
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
    written: str = ""  # the name it is called by, when not its own (log_base is log(x, b))
    digits: Callable[[Sequence[float], Sequence[float]], float] | None = None

    @property
    def arity(self) -> int:
        return len(self.local)

    @property
    def is_function(self) -> bool:
        return self.symbol is None

    @property
    def call(self) -> str:
        """The name an expression calls this function by."""
        return self.written or self.name

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


def _unit_domain(m: Namespace, x: Any) -> str | None:
    return "a number outside [-1, 1]" if m.any((x < -1) | (x > 1)) else None


def _open_unit_domain(m: Namespace, x: Any) -> str | None:
    return "a number outside (-1, 1)" if m.any((x <= -1) | (x >= 1)) else None


def _acosh_domain(m: Namespace, x: Any) -> str | None:
    return "a number below 1" if m.any(x < 1) else None


def _sin_domain(m: Namespace, x: Any) -> str | None:
    return "a multiple of pi" if m.any(m.sin(x) == 0) else None


def _log1p_domain(m: Namespace, x: Any) -> str | None:
    return "log of a non-positive number (1 + x <= 0)" if m.any(x <= -1) else None


def _log_base_domain(m: Namespace, x: Any, b: Any) -> str | None:
    if m.any(x <= 0):
        return "log of a non-positive number"
    if m.any((b <= 0) | (b == 1)):
        return "a logarithm's base must be positive and not 1"
    return None


def _right(m: Namespace, x: Any) -> Any:
    """1 for x > 0, else 0: which side of a kink at 0 (the left one at 0 itself)."""
    return m.heaviside(x, 0)


_LOG10_2 = math.log10(2)


def _sum_digits(xs: Sequence[float], sizes: Sequence[float]) -> float:
    """Sums of decimals share their denominators: one more bit than the larger."""
    return max(sizes) + _LOG10_2


def _product_digits(xs: Sequence[float], sizes: Sequence[float]) -> float:
    return sizes[0] + sizes[1]


def _same_digits(xs: Sequence[float], sizes: Sequence[float]) -> float:
    """The result is the input, or its negation, or 0."""
    return sizes[0]


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
            digits=_sum_digits,
        ),
        Op(
            "sub",
            lambda m, a, b: a - b,
            (ONE, MINUS_ONE),
            "difference rule",
            symbol="-",
            precedence=1,
            digits=_sum_digits,
        ),
        Op(
            "mul",
            lambda m, a, b: a * b,
            (lambda m, out, a, b: b, lambda m, out, a, b: a),
            "product rule",
            symbol="*",
            precedence=2,
            rules=(("cv", "constant multiple rule"), ("vc", "constant multiple rule")),
            digits=_product_digits,
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
            digits=_product_digits,
        ),
        Op(
            "neg",
            lambda m, x: -x,
            (MINUS_ONE,),
            "constant multiple rule",
            symbol="-",
            precedence=3,
            digits=_same_digits,
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
            digits=lambda xs, sizes: abs(xs[1]) * sizes[0],  # (p/q)**n: n times the digits
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
            digits=lambda xs, sizes: sizes[0] / 2,
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
            digits=_same_digits,
        ),
        Op(
            "abs",
            lambda m, x: m.abs(x),
            (lambda m, out, x: m.sign(x),),
            "absolute value rule",
            note="abs'(0) is taken as 0",
            kink=lambda m, x: x,
            digits=_same_digits,
        ),
        Op(
            "asin",
            lambda m, x: m.asin(x),
            (lambda m, out, x: 1 / m.sqrt(1 - x * x),),
            "inverse sine rule",
            domain=_unit_domain,
            note="asin' is infinite at -1 and 1",
            condition=lambda m, x: 1 - x * x >= 0,
            kink=lambda m, x: 1 - x * x,
        ),
        Op(
            "acos",
            lambda m, x: m.acos(x),
            (lambda m, out, x: -1 / m.sqrt(1 - x * x),),
            "inverse cosine rule",
            domain=_unit_domain,
            note="acos' is infinite at -1 and 1",
            condition=lambda m, x: 1 - x * x >= 0,
            kink=lambda m, x: 1 - x * x,
        ),
        Op(
            "atan",
            lambda m, x: m.atan(x),
            (lambda m, out, x: 1 / (1 + x * x),),
            "inverse tangent rule",
        ),
        Op(
            "atan2",
            lambda m, y, x: m.atan2(y, x),
            (lambda m, out, y, x: x / (x * x + y * y), lambda m, out, y, x: -y / (x * x + y * y)),
            "two-argument arctangent rule",
            note="atan2 has no derivative at (0, 0) and jumps by 2*pi across y = 0, x < 0",
            kink=lambda m, y, x: y * y + m.relu(x),  # zero at the origin and on the cut
        ),
        Op("sinh", lambda m, x: m.sinh(x), (lambda m, out, x: m.cosh(x),), "hyperbolic sine rule"),
        Op(
            "cosh", lambda m, x: m.cosh(x), (lambda m, out, x: m.sinh(x),), "hyperbolic cosine rule"
        ),
        Op(
            "asinh",
            lambda m, x: m.asinh(x),
            (lambda m, out, x: 1 / m.sqrt(x * x + 1),),
            "inverse hyperbolic sine rule",
        ),
        Op(
            "acosh",
            lambda m, x: m.acosh(x),
            (lambda m, out, x: 1 / (m.sqrt(x - 1) * m.sqrt(x + 1)),),
            "inverse hyperbolic cosine rule",
            domain=_acosh_domain,
            note="acosh'(1) is infinite",
            condition=lambda m, x: x >= 1,
            kink=lambda m, x: x - 1,
        ),
        Op(
            "atanh",
            lambda m, x: m.atanh(x),
            (lambda m, out, x: 1 / (1 - x * x),),
            "inverse hyperbolic tangent rule",
            domain=_open_unit_domain,
            condition=lambda m, x: 1 - x * x > 0,
        ),
        Op(
            "sec",
            lambda m, x: m.sec(x),
            (lambda m, out, x: out * m.tan(x),),
            "secant rule",
            domain=_tan_domain,
            condition=lambda m, x: m.ne(m.cos(x), 0),
        ),
        Op(
            "csc",
            lambda m, x: m.csc(x),
            (lambda m, out, x: -out * m.cot(x),),
            "cosecant rule",
            domain=_sin_domain,
            condition=lambda m, x: m.ne(m.sin(x), 0),
        ),
        Op(
            "cot",
            lambda m, x: m.cot(x),
            (lambda m, out, x: -1 - out * out,),
            "cotangent rule",
            domain=_sin_domain,
            condition=lambda m, x: m.ne(m.sin(x), 0),
        ),
        Op(
            "log_base",
            lambda m, x, b: m.log(x) / m.log(b),
            (
                lambda m, out, x, b: 1 / (x * m.log(b)),
                lambda m, out, x, b: -out / (b * m.log(b)),
            ),
            "change of base rule",
            domain=_log_base_domain,
            rules=(("vc", "logarithm rule"),),
            condition=lambda m, x, b: (x > 0) & (b > 0) & m.ne(b, 1),
            written="log",
        ),
        Op(
            "log1p",
            lambda m, x: m.log1p(x),
            (lambda m, out, x: 1 / (1 + x),),
            "logarithm rule",
            domain=_log1p_domain,
            condition=lambda m, x: x + 1 > 0,
        ),
        Op("expm1", lambda m, x: m.expm1(x), (lambda m, out, x: out + 1,), "exponential rule"),
        Op(
            "cbrt",
            lambda m, x: m.cbrt(x),
            (lambda m, out, x: 1 / (3 * out * out),),
            "cube root rule",
            note="cbrt'(0) is infinite",
            kink=lambda m, x: x,
        ),
        Op(
            "hypot",
            lambda m, a, b: m.hypot(a, b),
            (lambda m, out, a, b: a / out, lambda m, out, a, b: b / out),
            "hypotenuse rule",
            note="hypot has no derivative at (0, 0)",
            kink=lambda m, a, b: a * a + b * b,
        ),
        Op(
            "erf",
            lambda m, x: m.erf(x),
            (lambda m, out, x: 2 / m.sqrt(m.pi) * m.exp(-x * x),),
            "error function rule",
        ),
        Op(
            "erfc",
            lambda m, x: m.erfc(x),
            (lambda m, out, x: -2 / m.sqrt(m.pi) * m.exp(-x * x),),
            "complementary error function rule",
        ),
        Op(
            "min",
            lambda m, a, b: m.min(a, b),
            (
                lambda m, out, a, b: m.heaviside(b - a, m.half),
                lambda m, out, a, b: m.heaviside(a - b, m.half),
            ),
            "minimum rule",
            note="at a tie each input is given half the gradient",
            kink=lambda m, a, b: a - b,
        ),
        Op(
            "max",
            lambda m, a, b: m.max(a, b),
            (
                lambda m, out, a, b: m.heaviside(a - b, m.half),
                lambda m, out, a, b: m.heaviside(b - a, m.half),
            ),
            "maximum rule",
            note="at a tie each input is given half the gradient",
            kink=lambda m, a, b: a - b,
        ),
        Op(
            "floor",
            lambda m, x: m.floor(x),
            (ZERO,),
            "step function rule",
            note="floor' is taken as 0 at its jumps too",
            kink=lambda m, x: m.sin(m.pi * x),
        ),
        Op(
            "ceil",
            lambda m, x: m.ceil(x),
            (ZERO,),
            "step function rule",
            note="ceil' is taken as 0 at its jumps too",
            kink=lambda m, x: m.sin(m.pi * x),
        ),
        Op(
            "sign",
            lambda m, x: m.signum(x),
            (ZERO,),
            "step function rule",
            note="sign'(0) is taken as 0",
            kink=lambda m, x: x,
        ),
        Op(
            "softplus",
            lambda m, x: m.softplus(x),
            (lambda m, out, x: m.sigmoid(x),),
            "softplus rule",
        ),
        Op(
            "logsumexp",
            lambda m, a, b: m.logsumexp(a, b),
            (lambda m, out, a, b: m.exp(a - out), lambda m, out, a, b: m.exp(b - out)),
            "log-sum-exp rule",
        ),
        Op(
            "gelu",
            lambda m, x: m.gelu(x),
            (lambda m, out, x: m.normal_cdf(x) + x * m.exp(-x * x / 2) / m.sqrt(2 * m.pi),),
            "GELU rule",
        ),
        Op(
            "silu",
            lambda m, x: m.silu(x),
            (lambda m, out, x: out + m.sigmoid(x) * (1 - out),),
            "SiLU rule",
        ),
        Op(
            "elu",
            lambda m, x, a: m.elu(x, a),
            (
                # 1 for x > 0, a*exp(x) = out + a below; SymPy drops the step when a = 1
                lambda m, out, x, a: (1 - a) * _right(m, x) + a + m.min(out, 0),
                lambda m, out, x, a: m.expm1(m.min(x, 0)),
            ),
            "ELU rule",
            note="elu'(0) is taken as alpha (the left slope; with alpha = 1 it is smooth)",
            kink=lambda m, x, a: None if a == 1 else x,
        ),
        Op(
            "leaky_relu",
            lambda m, x, a: m.leaky_relu(x, a),
            (
                lambda m, out, x, a: _right(m, x) * (1 - a) + a,
                lambda m, out, x, a: m.min(x, 0),
            ),
            "leaky ReLU rule",
            note=f"leaky_relu'(0) is taken as its slope (the left slope; {LEAKY_SLOPE} if unsaid)",
            kink=lambda m, x, a: x,
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

#: Functions of the table a user may call in an expression (of any number of inputs).
CALLABLE: list[str] = []
#: The one-input ones.
FUNCTIONS: list[str] = []
#: What rebuilds an index read from the table (the parser's names, Value's methods).
_WATCHERS: list[Callable[[], None]] = []


def _index() -> None:
    """Fill the lists above from ``OPS`` (in place: modules hold them), then the watchers."""
    CALLABLE[:] = [n for n, op in OPS.items() if op.is_function and n not in ("sum", "mean")]
    FUNCTIONS[:] = [n for n in CALLABLE if OPS[n].arity == 1]
    for rebuild in _WATCHERS:
        rebuild()


def watch(rebuild: Callable[[], None]) -> None:
    """Run ``rebuild`` now and whenever the table changes: for an index read from it."""
    _WATCHERS.append(rebuild)
    rebuild()


@contextmanager
def registered(op: Op) -> Iterator[Op]:
    """The table with ``op`` in it for the block: a throwaway op, as the tests add one.

    The engine, the parser, the derivation and the graph read the table, so they take
    the op up; its rule's name in another language is the words' business.
    """
    if op.name in OPS:
        raise ValueError(f"the table has an op named {op.name} already")
    OPS[op.name] = op
    _index()
    try:
        yield op
    finally:
        del OPS[op.name]
        _index()


_index()

#: Functions written with the table's ops (compose when you can): name -> (inputs, formula).
COMPOSED: dict[str, tuple[tuple[str, ...], str]] = {
    "ln": (("x",), "log(x)"),
    "arcsin": (("x",), "asin(x)"),
    "arccos": (("x",), "acos(x)"),
    "arctan": (("x",), "atan(x)"),
    "log10": (("x",), "log(x, 10)"),
    "log2": (("x",), "log(x, 2)"),
    "exp2": (("x",), "2**x"),
    "swish": (("x",), "silu(x)"),
    "mish": (("x",), "x*tanh(softplus(x))"),
    "clip": (("x", "lo", "hi"), "min(max(x, lo), hi)"),
    # The parameter left out: leaky_relu(x, slope) and elu(x, alpha) are the entries.
    "leaky_relu": (("x",), f"leaky_relu(x, {LEAKY_SLOPE})"),
    "elu": (("x",), "elu(x, 1)"),
}
#: Two-input functions that take two or more, folded from the left: min(a, b, c) is
#: min(min(a, b), c), one edge per input (log-sum-exp is associative the same way).
FOLDED: tuple[str, ...] = ("min", "max", "logsumexp")

#: Named constants of the expression language.
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e, "E": math.e}
