"""Step-by-step analytical derivatives, proven and described: the library call behind
``chainrule derive``.

:func:`derive` derives an expression by the rules of the op table (see
:mod:`chainrule.derivatives.steps`), simplifies the result in the function's own terms where it
can (``S*(1 - S)`` for the sigmoid), proves it against ``sympy.diff``, the engine's
autodiff and finite differences, and computes the function's properties.

With several variables, the others are constants: the symbolic results keep them
as symbols, and the numeric parts (checks, properties, plot) hold them at the
values of ``at`` (1 unless given).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import sympy

from chainrule import arguments
from chainrule.budget import budgeted, quoted
from chainrule.derivatives import printing
from chainrule.derivatives.algebra import RECIPES, AlgebraStep, simplification
from chainrule.derivatives.algebra import from_definition as from_definition_of
from chainrule.derivatives.bounded_sympy import attempt
from chainrule.derivatives.curves import curve
from chainrule.derivatives.own_terms import in_own_terms, recognise
from chainrule.derivatives.proof import (
    PROVED,
    UNDECIDED,
    Checks,
    against_sympy,
    check,
    defined,
    sample_points,
)
from chainrule.derivatives.properties import Properties, properties, slope_fraction
from chainrule.derivatives.settings import (
    DEFAULT_AT,
    DEFAULT_POINTS,
    DEFAULT_SATURATION,
    MAX_ORDER,
    MAX_POINTS,
    MIN_POINTS,
)
from chainrule.derivatives.special_points import default_range, domain, special_points
from chainrule.derivatives.steps import Step, derivation_steps
from chainrule.errors import (
    AmbiguousVariableError,
    DomainError,
    ExpressionTooLargeError,
    NotDifferentiableError,
    OptionError,
    UnknownVariableError,
)
from chainrule.expressions.expr import (
    MAX_DEPTH,
    Expr,
    as_expr,
    constant_values,
    constant_warnings,
    nesting,
    nodes,
    symbol,
    sympy_nodes,
    to_text,
    variables,
)
from chainrule.expressions.from_sympy import from_sympy
from chainrule.expressions.math_text import text
from chainrule.expressions.symbolic import simplest
from chainrule.words import Text

#: Most operations a derivative may have to be derived again (each order grows it).
MAX_NODES = 150
#: Largest constant exponent worked with exactly (x**n is expanded as exact numbers).
MAX_EXPONENT = 1000
#: Seconds SymPy may spend simplifying a derivative.
SIMPLIFY_SECONDS = 3.0


@dataclass(frozen=True)
class Derivation:
    """The result of :func:`derive`: steps, result, proof and properties.

    ``derivative`` is the raw result of the steps; ``simplified`` is the shortest
    form, written through the function itself when it can be (``in_own_terms``);
    ``sympy_simplified`` is what SymPy's simplification alone gives. ``steps`` holds
    one derivation per order. ``first`` is f' (simplified), used by the properties.
    ``algebra`` holds the moves, each proven, from the first derivative the rules give to
    the function's own rule (``S(1 - S)`` for the sigmoid written out or derived from its
    definition); ``defined_through`` names the functions written through their definitions
    before deriving (``from_definition=True``).
    """

    expression: str
    variable: str
    order: int
    at: dict[str, float]
    function: sympy.Expr
    recognised: sympy.Expr | None  # the function written with a table function (sigmoid)
    derivative: sympy.Expr
    simplified: sympy.Expr
    sympy_simplified: sympy.Expr
    in_own_terms: bool
    first: sympy.Expr
    steps: tuple[Step, ...]
    sympy_diff_agrees: bool | None  # None: not proven symbolically (see sympy_diff_points)
    sympy_diff_points: int  # if not proven: points where the two agree at high precision
    checks: Checks
    properties: Properties
    _substitution: dict[sympy.Symbol, sympy.Expr] = field(repr=False, compare=False)
    warnings: tuple[str, ...] = ()  # e.g. a variable named e, which is then not Euler's number
    algebra: tuple[AlgebraStep, ...] = ()
    defined_through: tuple[str, ...] = ()

    @property
    def outcome(self) -> str:
        """The proof's outcome: ``"proved"`` (equal to sympy.diff symbolically, or agreeing at
        some points with none confirmed different) or ``"undecided"``; a confirmed
        difference is an error, never an outcome."""
        if self.sympy_diff_agrees or self.sympy_diff_points or self.checks.points:
            return PROVED
        return UNDECIDED

    @property
    def constant(self) -> bool:
        """The function does not depend on the variable (its derivative is 0)."""
        return not self.function.has(symbol(self.variable))

    def numeric(self, which: str) -> Any:
        """``"function"``, ``"first"`` or ``"derivative"`` as a NumPy function of the variable
        (other variables at ``at``; NaN where undefined)."""
        expr = {"function": self.function, "first": self.first, "derivative": self.simplified}
        return curve(expr[which].subs(self._substitution), symbol(self.variable))

    def slope_fraction(self, where: float) -> float:
        """|f'(where)| as a fraction of the peak |f'| on the range (NaN if there is none).

        Raises :class:`~chainrule.errors.DomainError` for a point outside f's domain.
        """
        point = sympy.Rational(repr(arguments.number("where", where, error=OptionError)))
        domain, x = self.properties.domain, symbol(self.variable)
        if domain.reals is not None:
            outside = domain.reals.contains(point) is sympy.false
        else:
            outside = any(c.subs(x, point) is sympy.false for c in domain.conditions)
        if outside:
            raise DomainError(
                f"{self.variable} = {where:g} is outside the domain of {self.expression},"
                f" which is {domain.text}"
            )
        peak = self.properties.peak
        return slope_fraction(self.numeric("first"), peak or 0.0, where)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data; expressions as strings SymPy can read back."""
        return {
            "expression": self.expression,
            "variable": self.variable,
            "order": self.order,
            "at": dict(self.at),
            "function": text(self.function),
            "recognised_as": None if self.recognised is None else text(self.recognised),
            "derivative": text(self.derivative),
            "simplified": text(self.simplified),
            "sympy_simplified": text(self.sympy_simplified),
            "in_own_terms": self.in_own_terms,
            "outcome": self.outcome,
            "sympy_diff_agrees": self.sympy_diff_agrees,
            "sympy_diff_points": self.sympy_diff_points,
            "steps": [s.to_dict() for s in self.steps],
            "algebra": [s.to_dict() for s in self.algebra],
            "defined_through": list(self.defined_through),
            "checks": self.checks.to_dict(),
            "properties": self.properties.to_dict(),
            "warnings": list(self.warnings),
        }

    def to_text(self, *, lang: str = "en", textbook: bool = False) -> str:
        """Steps, result, proof and properties as plain text for a terminal; ``textbook``
        writes the quotient rule as ``(u'v - uv')/v**2``."""
        return printing.text(self, words=Text(lang), textbook=textbook)

    def to_markdown(self, *, lang: str = "en", textbook: bool = False) -> str:
        """Steps, result, proof and properties as Markdown with LaTeX math."""
        return printing.markdown(self, words=Text(lang), textbook=textbook)

    def _repr_markdown_(self) -> str:  # Jupyter renders the math
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        return f"$${printing.result_latex(self)}$$"


@budgeted(lambda expression, **_: f"the derivative of {quoted(expression)}")
def derive(
    expression: str | Expr,
    *,
    wrt: str | None = None,
    order: int = 1,
    at: Mapping[str, float] | None = None,
    x_range: tuple[float, float] | None = None,
    points: int = DEFAULT_POINTS,
    saturation: float = DEFAULT_SATURATION,
    from_definition: bool = False,
    timeout: float | None = None,
) -> Derivation:
    """Derive ``expression`` by ``wrt`` (``order`` times), step by step, and prove it.

    ``at`` gives values to the other variables for the numeric parts (default 1);
    ``x_range`` is where the proof samples ``points`` points and where the numeric
    properties are computed (default: [-8, 8] or the part of the domain next to its
    end); ``saturation`` is the fraction of the peak slope below which f counts as flat;
    ``from_definition`` writes sigmoid, tanh, softplus, sinh, cosh and silu through their
    definitions first, so their derivatives come from the definitions, not their own rules;
    ``timeout`` is the seconds it may take (default: see :mod:`chainrule.budget`).

    Raises :class:`~chainrule.errors.ParseError` and the other
    :class:`~chainrule.errors.ChainruleError` subclasses on bad input, and
    :class:`~chainrule.errors.DerivativeMismatchError` if a check finds a difference
    confirmed at high precision (a check that cannot decide makes the outcome undecided).
    """
    _check_options(wrt, order, at, points, saturation, x_range)
    if not isinstance(from_definition, bool):
        raise OptionError(f"from_definition must be True or False, got {from_definition!r}")
    expr = as_expr(expression, variables=[*([wrt] if wrt else []), *(at or {})])
    _check_exponents(expr)
    variable = _variable(expr, wrt)
    values = _values(expr, variable, at)
    x = symbol(variable)
    substitution = {symbol(n): sympy.Rational(repr(v)) for n, v in values.items()}
    converted = sympy_nodes(expr)  # the one conversion to SymPy, node by node
    written, function = to_text(expr), converted[id(expr)]
    named, whole = recognise(function, x)  # as written: sigmoid(x) stays sigmoid(x)
    defined_through = tuple(dict.fromkeys(n.op for n in nodes(expr) if n.op in RECIPES))
    if from_definition and defined_through:
        expr = from_definition_of(expr)
        converted = sympy_nodes(expr)
        function = converted[id(expr)]

    dom = domain(expr, x, substitution, values=converted)
    lo, hi = x_range if x_range is not None else default_range(dom)
    sample = sample_points(lo, hi, 64)

    steps: list[Step] = []
    forms: list[_Forms] = []
    graph = expr  # the expression whose derivative is the current order
    for k in range(1, order + 1):
        if forms:
            graph = _again(forms[-1], k)
        steps.append(derivation_steps(graph, variable, values=None if forms else converted))
        moves = k == 1 and whole == named  # a table function alone, written out
        forms.append(_simplify(steps[-1].result, named, x, sample, substitution, moves))
    first, last = forms[0], forms[-1]

    proven, agreeing = against_sympy(
        last.raw,
        sympy.diff(function, x, order),
        x,
        sample,
        defined(expr, variable, values, sample),
        substitution,
    )
    special = special_points(expr, x, substitution, lo, hi, values=converted)
    checks = check(
        expr,
        graph,
        last.simplified.subs(substitution),
        wrt=variable,
        order=order,
        at=values,
        x_range=(lo, hi),
        points=points,
        special=special,
        truth=function,
    )
    props = properties(
        function.subs(substitution),
        first.simplified.subs(substitution),
        x,
        domain=dom,
        special=special,
        x_range=(lo, hi),
        saturation=saturation,
        forms=(first.raw.subs(substitution), first.plain.subs(substitution)),
    )
    return Derivation(
        expression=written,
        variable=variable,
        order=order,
        at=values,
        function=function,
        recognised=whole if whole != function else None,
        derivative=last.raw,
        simplified=last.simplified,
        sympy_simplified=last.plain,
        in_own_terms=last.own_terms,
        first=first.simplified,
        steps=tuple(steps),
        sympy_diff_agrees=True if proven else None,
        sympy_diff_points=agreeing,
        checks=checks,
        properties=props,
        _substitution=substitution,
        warnings=constant_warnings(expr),
        algebra=first.algebra,
        defined_through=defined_through if from_definition else (),
    )


def _variable(expr: Expr, wrt: str | None) -> str:
    names = variables(expr)
    if wrt is None:
        if len(names) > 1:
            raise AmbiguousVariableError(
                f"{to_text(expr)} has several variables ({', '.join(names)}); "
                "choose one to differentiate by (--wrt)"
            )
        return names[0] if names else "x"
    if not wrt.isidentifier():
        raise UnknownVariableError(f"{wrt!r} is not a variable name")
    if names and wrt not in names:
        raise UnknownVariableError(
            f"{wrt} is not a variable of {to_text(expr)} (its variables: {', '.join(names)})"
        )
    return wrt


def _values(expr: Expr, variable: str, at: Mapping[str, float] | None) -> dict[str, float]:
    """Values of the other variables: given ones, the rest at ``DEFAULT_AT``."""
    given = dict(at or {})
    others = [n for n in variables(expr) if n != variable]
    if variable in given:
        raise UnknownVariableError(
            f"{variable} is the variable differentiated by; it takes no value"
        )
    extra = [n for n in given if n not in others]
    if extra:
        raise UnknownVariableError(
            f"{', '.join(extra)} not in the expression's other variables "
            f"({', '.join(others) or 'none'})"
        )
    values = {n: float(given.get(n, DEFAULT_AT)) for n in others}
    bad = [n for n, v in values.items() if not math.isfinite(v)]
    if bad:
        raise OptionError(f"the value of {bad[0]} must be finite")
    return values


def _check_options(
    wrt: Any, order: Any, at: Any, points: Any, saturation: Any, x_range: Any
) -> None:
    """Each of :func:`derive`'s options of the right type and range, or OptionError naming it."""
    if wrt is not None:
        arguments.text("wrt", wrt, error=OptionError)
    if isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= MAX_ORDER:
        raise OptionError(f"the order must be a whole number from 1 to {MAX_ORDER}, got {order!r}")
    if at is not None:
        arguments.values("at", at, error=OptionError)
    if isinstance(points, bool) or not isinstance(points, int):
        raise OptionError(f"points must be a whole number, got {arguments.shown(points)}")
    if not MIN_POINTS <= points <= MAX_POINTS:
        raise OptionError(f"points must be from {MIN_POINTS} to {MAX_POINTS}, got {points}")
    if not arguments.is_number(saturation) or not 0 < saturation < 1:
        raise OptionError(
            f"the saturation fraction must be between 0 and 1, got {arguments.shown(saturation)}"
        )
    if x_range is not None:
        pair = isinstance(x_range, (tuple, list)) and len(x_range) == 2
        if not pair or not all(map(arguments.is_number, x_range)):
            raise OptionError(f"x_range must be two numbers (low, high), got {x_range!r}")
        lo, hi = x_range
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise OptionError(f"the range needs two finite numbers, low < high; got {lo}, {hi}")


@dataclass(frozen=True)
class _Forms:
    """One order's derivative: from the steps, shortest, and the one shown."""

    raw: sympy.Expr
    plain: sympy.Expr
    simplified: sympy.Expr
    own_terms: bool
    algebra: tuple[AlgebraStep, ...] = ()


def _simplify(
    raw: sympy.Expr,
    named: sympy.Expr,
    x: sympy.Symbol,
    sample: np.ndarray,
    substitution: dict[sympy.Symbol, sympy.Expr],
    with_moves: bool,
) -> _Forms:
    """The shortest form, or the form through the function itself when that reads better:
    always when the function is one call (sigmoid(x), tanh(x)), else if not longer. The
    first derivative of a table function written out reaches its rule by named moves."""
    plain = attempt(partial(simplest, raw), raw, seconds=SIMPLIFY_SECONDS)
    moves = simplification(raw, named, x) if with_moves else ()
    if moves:
        return _Forms(raw, plain, moves[-1].after.doit(), True, moves)
    own = in_own_terms(raw, named, x, sample=sample, at=substitution)
    if own is not None and (
        isinstance(named, sympy.Function) or sympy.count_ops(own) <= sympy.count_ops(plain)
    ):
        return _Forms(raw, plain, own, True)
    return _Forms(raw, plain, plain, False)


def _check_exponents(expr: Expr) -> None:
    """Refuse a constant exponent, written or computed, too large to work with exactly."""
    values = constant_values(expr)
    for n in nodes(expr):
        exponent = n.args[1] if n.op == "pow" else None
        if exponent is not None and abs(values.get(id(exponent), 0.0)) > MAX_EXPONENT:
            raise ExpressionTooLargeError(
                f"the exponent {to_text(exponent)} in {to_text(n)} is too large to work with "
                f"exactly (the limit is {MAX_EXPONENT})"
            )


def _again(previous: _Forms, order: int) -> Expr:
    """The previous derivative as an expression to derive again (first form that converts)."""
    problem: NotDifferentiableError | None = None
    for form in dict.fromkeys((previous.simplified, previous.plain, previous.raw)):
        try:
            expr = from_sympy(form)
        except NotDifferentiableError as exc:  # try the next form
            problem = problem or exc
            continue
        if nesting(expr) > MAX_DEPTH:
            raise ExpressionTooLargeError(
                f"derivative {order - 1} is nested deeper than {MAX_DEPTH} levels; "
                f"order {order} is out of reach"
            )
        size = len(nodes(expr))
        if size > MAX_NODES:
            raise ExpressionTooLargeError(
                f"derivative {order - 1} has {size} operations (the limit is {MAX_NODES}); "
                f"order {order} is out of reach"
            )
        return expr
    raise NotDifferentiableError(
        f"cannot take derivative {order}: derivative {order - 1} is "
        f"{text(previous.simplified)}, and {problem}"
    )
