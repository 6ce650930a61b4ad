"""The SymPy side of the op table: the ``SYMBOLIC`` namespace and two SymPy functions.

SymPy has no ``sigmoid`` or ``relu``; the classes below are kept whole (not
rewritten as exp or Max) so results read ``sigmoid(x)*(1 - sigmoid(x))``. This
module is apart from :mod:`chainrule.engine.ops` so that the engine, which needs SymPy
only for symbolic data, imports without it (SymPy alone is ~45,000 objects for
the garbage collector to walk).
"""

from __future__ import annotations

from typing import Any

import sympy

from chainrule.engine.ops import Namespace


def _table_local(call: Any, argindex: int = 1) -> sympy.Expr:
    """A function's derivative in SymPy (its ``fdiff``): the op table's local derivative.

    The rule is stated once, in the table; :func:`written_out` gives the independent
    definition that ``sympy.diff`` checks it against.
    """
    from chainrule.engine.ops import OPS

    return OPS[type(call).__name__].local[argindex - 1](SYMBOLIC, call, *call.args)


class TableFunction(sympy.Function):
    """A SymPy function kept whole for an op of the table (``sigmoid(x)``, ``softplus(x)``).

    Its ``definition`` writes it with SymPy's own functions (a Piecewise for a piecewise
    op); its name is the op's, so the op's forward formulas evaluate it in floats and
    arrays. Code that needs it written out asks :func:`written_out`, never its name.
    """

    @staticmethod
    def definition(*args: sympy.Expr) -> sympy.Expr:
        raise NotImplementedError


class sigmoid(TableFunction):  # noqa: N801 - printed name must match the parser's
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

    @staticmethod
    def definition(x: sympy.Expr) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-x))

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return _table_local(self)

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return self.definition(x)

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return (1 / (1 + sympy.exp(-self.args[0])))._eval_evalf(prec)

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        return _call_latex(r"\sigma", printer._print(self.args[0]), exp)


class relu(TableFunction):  # noqa: N801 - printed name must match the parser's
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

    @staticmethod
    def definition(x: sympy.Expr) -> sympy.Expr:
        return sympy.Piecewise((x, x > 0), (0, True))

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return _table_local(self)

    def _eval_rewrite_as_Max(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:  # noqa: N802
        return sympy.Max(x, 0)

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return sympy.Max(self.args[0], 0)._eval_evalf(prec)

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        return _call_latex(r"\operatorname{relu}", printer._print(self.args[0]), exp)


_OO = sympy.oo
_UNBOUNDED = (-_OO, _OO)


def kept_whole(
    name: str,
    latex: str,
    definition: Any,
    doc: str,
    ends: tuple[Any, Any] = _UNBOUNDED,
    inputs: int = 1,
) -> Any:
    """A SymPy function for a table op SymPy lacks, kept whole so results read ``softplus(x)``.

    ``latex`` is an operator name, or a template whose ``{}`` takes the argument;
    ``ends`` are its limits at -oo and oo (a function of the parameters, for an op of
    ``inputs`` > 1 whose parameters follow ``x``: elu's alpha, leaky_relu's slope).
    ``definition`` writes it with SymPy's own functions (numbers, ``evalf`` and
    ``rewrite(exp)`` use it); its derivative is the op table's own local derivative.
    """

    def eval(cls: Any, x: sympy.Expr, *parameters: sympy.Expr) -> sympy.Expr | None:
        if x is -sympy.oo or x is sympy.oo:  # the properties' limits
            end = ends[x is sympy.oo]
            return sympy.sympify(end(*parameters) if callable(end) else end)
        if all(a.is_number and a.is_finite for a in (x, *parameters)):
            return definition(x, *parameters)
        return None

    def rewrite_as_exp(self: Any, *args: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return definition(*args)

    def evalf(self: Any, prec: int) -> sympy.Expr:
        return definition(*self.args)._eval_evalf(prec)

    def to_latex(self: Any, printer: Any, exp: str | None = None) -> str:
        argument = ", ".join(printer._print(a) for a in self.args)
        if "{}" not in latex:
            return _call_latex(latex, argument, exp)
        body = latex.replace("{}", "{" + argument + "}")
        return body if exp is None else r"\left(" + body + r"\right)^{" + exp + "}"

    namespace = {
        "__doc__": doc,
        "nargs": inputs,
        "is_real": True,
        "eval": classmethod(eval),
        "definition": staticmethod(definition),
        "fdiff": _table_local,
        "_eval_rewrite_as_exp": rewrite_as_exp,
        "_eval_evalf": evalf,
        "_latex": to_latex,
    }
    return type(name, (TableFunction,), namespace)


_SQRT2 = sympy.sqrt(2)
softplus = kept_whole(
    "softplus",
    r"\operatorname{softplus}",
    lambda x: sympy.log(1 + sympy.exp(x)),
    "log(1 + exp(x)); softplus' = sigmoid.",
    (0, _OO),
)
silu = kept_whole(
    "silu",
    r"\operatorname{SiLU}",
    lambda x: x / (1 + sympy.exp(-x)),
    "x*sigmoid(x) (also called swish).",
    (0, _OO),
)
gelu = kept_whole(
    "gelu",
    r"\operatorname{GELU}",
    lambda x: x * (1 + sympy.erf(x / _SQRT2)) / 2,
    "x*Phi(x), the exact (erf) form.",
    (0, _OO),
)
elu = kept_whole(
    "elu",
    r"\operatorname{ELU}",
    lambda x, a: sympy.Piecewise((x, x > 0), (a * (sympy.exp(x) - 1), True)),
    "elu(x, alpha): x for x > 0, alpha*(exp(x) - 1) otherwise.",
    (lambda a: -a, _OO),
    inputs=2,
)
leaky_relu = kept_whole(
    "leaky_relu",
    r"\operatorname{LeakyReLU}",
    lambda x, a: sympy.Piecewise((x, x > 0), (a * x, True)),
    "leaky_relu(x, slope): x for x > 0, slope*x otherwise.",
    (lambda a: -_OO * sympy.sign(a), _OO),
    inputs=2,
)
cbrt = kept_whole(
    "cbrt",
    r"\sqrt[3]{}",
    lambda x: sympy.real_root(x, 3),
    "The real cube root (negative for x < 0, unlike x**(1/3)).",
)


# Piecewise constant: SymPy's own floor, ceiling and sign have a derivative SymPy
# leaves unevaluated or writes as DiracDelta; the table's is 0 (see its kinks).
floor = kept_whole(
    "floor", r"\left\lfloor{}\right\rfloor", sympy.floor, "The greatest integer <= x."
)
ceil = kept_whole("ceil", r"\left\lceil{}\right\rceil", sympy.ceiling, "The least integer >= x.")
sign = kept_whole("sign", r"\operatorname{sgn}", sympy.sign, "-1, 0 or 1 by its sign.", (-1, 1))

#: The SymPy functions of this module, by the op's name.
NAMED = {
    f.__name__: f
    for f in (sigmoid, relu, softplus, silu, gelu, elu, leaky_relu, cbrt, floor, ceil, sign)
}


def written_out(expr: Any) -> sympy.Expr:
    """``expr`` with this module's functions written with SymPy's own (sigmoid with exp,
    relu as a Piecewise): the oracle the table's derivatives are checked against."""
    return sympy.sympify(expr).replace(
        lambda e: isinstance(e, TableFunction), lambda e: type(e).definition(*e.args)
    )


def _call_latex(name: str, argument: str, exp: str | None) -> str:
    """``name(argument)``, raised to ``exp`` when SymPy prints a power of the call."""
    call = name + r"\left(" + argument + r"\right)"
    return call if exp is None else r"\left(" + call + r"\right)^{" + exp + "}"


def _folded(f: Any, a: Any, b: Any) -> sympy.Expr:
    """``Min(a, b)`` kept as two inputs, as the graph has them: SymPy flattens
    ``Min(Min(a, b), c)`` into a form whose derivative it cannot prove equal to the graph's."""
    a, b = sympy.sympify(a), sympy.sympify(b)
    return f(a, b) if a.is_number and b.is_number else f(a, b, evaluate=False)


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
    pi=sympy.pi,
    half=sympy.Rational(1, 2),
    asin=sympy.asin,
    acos=sympy.acos,
    atan=sympy.atan,
    atan2=sympy.atan2,
    sinh=sympy.sinh,
    cosh=sympy.cosh,
    asinh=sympy.asinh,
    acosh=sympy.acosh,
    atanh=sympy.atanh,
    sec=sympy.sec,
    csc=sympy.csc,
    cot=sympy.cot,
    log1p=lambda x: sympy.log(1 + x),
    expm1=lambda x: sympy.exp(x) - 1,
    cbrt=cbrt,
    hypot=lambda a, b: sympy.sqrt(a * a + b * b),
    erf=sympy.erf,
    erfc=sympy.erfc,
    min=lambda a, b: _folded(sympy.Min, a, b),
    max=lambda a, b: _folded(sympy.Max, a, b),
    floor=floor,
    ceil=ceil,
    signum=sign,
    heaviside=sympy.Heaviside,
    softplus=softplus,
    logsumexp=lambda a, b: sympy.log(sympy.exp(a) + sympy.exp(b)),
    normal_cdf=lambda x: (1 + sympy.erf(x / _SQRT2)) / 2,
    gelu=gelu,
    silu=silu,
    elu=elu,
    leaky_relu=leaky_relu,
)

#: Named constants of the expression language, exact.
SYMBOLIC_CONSTANTS: dict[str, sympy.Expr] = {"pi": sympy.pi, "e": sympy.E, "E": sympy.E}


def sympy_names() -> dict[str, Any]:
    """Names SymPy needs to read chainrule's printed results back (``sigmoid``, ``relu``)."""
    return {**NAMED, "abs": sympy.Abs, "min": sympy.Min, "max": sympy.Max, "e": sympy.E}
