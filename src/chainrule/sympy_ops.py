"""The SymPy side of the op table: the ``SYMBOLIC`` namespace and two SymPy functions.

SymPy has no ``sigmoid`` or ``relu``; the classes below are kept whole (not
rewritten as exp or Max) so results read ``sigmoid(x)*(1 - sigmoid(x))``. This
module is apart from :mod:`chainrule.ops` so that the engine, which needs SymPy
only for symbolic data, imports without it (SymPy alone is ~45,000 objects for
the garbage collector to walk).
"""

from __future__ import annotations

from typing import Any

import sympy

from chainrule.ops import Namespace


class sigmoid(sympy.Function):  # noqa: N801 - printed name must match the parser's
    """The logistic function 1/(1 + exp(-x)), kept whole so results read S(x)(1 - S(x))."""

    is_real = True

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        if x.is_zero:
            return sympy.Rational(1, 2)
        if x is sympy.oo:
            return sympy.Integer(1)
        if x is -sympy.oo:
            return sympy.Integer(0)
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-x))

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return (1 / (1 + sympy.exp(-self.args[0])))._eval_evalf(prec)

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        return _call_latex(r"\sigma", printer._print(self.args[0]), exp)


class relu(sympy.Function):  # noqa: N801 - printed name must match the parser's
    """max(x, 0); its derivative is Heaviside(x, 0), i.e. relu'(0) = 0."""

    is_real = True

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        if x.is_number and x.is_real:
            return sympy.Max(x, 0)
        if x.is_nonnegative:
            return x
        if x.is_nonpositive:
            return sympy.Integer(0)
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.Heaviside(self.args[0], 0)

    def _eval_rewrite_as_Max(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:  # noqa: N802
        return sympy.Max(x, 0)

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return sympy.Max(self.args[0], 0)._eval_evalf(prec)

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        return _call_latex(r"\operatorname{relu}", printer._print(self.args[0]), exp)


def _call_latex(name: str, argument: str, exp: str | None) -> str:
    """``name(argument)``, raised to ``exp`` when SymPy prints a power of the call."""
    call = name + r"\left(" + argument + r"\right)"
    return call if exp is None else r"\left(" + call + r"\right)^{" + exp + "}"


def _symbolic_any(x: Any) -> bool:
    raise TypeError("domain checks do not apply to symbols")


SYMBOLIC = Namespace(
    "symbolic",
    exp=sympy.exp,
    log=sympy.log,
    sqrt=sympy.sqrt,
    sin=sympy.sin,
    cos=sympy.cos,
    tan=sympy.tan,
    tanh=sympy.tanh,
    sigmoid=sigmoid,
    relu=relu,
    abs=sympy.Abs,
    step=lambda x: sympy.Heaviside(x, 0),
    sign=sympy.sign,
    any=_symbolic_any,
    ne=sympy.Ne,
    sum=lambda x: x,
    size=lambda x: 1,
)

#: Named constants of the expression language, exact.
SYMBOLIC_CONSTANTS: dict[str, sympy.Expr] = {"pi": sympy.pi, "e": sympy.E}


def sympy_names() -> dict[str, Any]:
    """Names SymPy needs to read chainrule's printed results back (``sigmoid``, ``relu``)."""
    return {"sigmoid": sigmoid, "relu": relu, "abs": sympy.Abs, "e": sympy.E}
