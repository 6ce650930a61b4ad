"""Printing SymPy results for people: plain text (``d/dx(u)``) and LaTeX.

``keep_order`` prints a top-level sum term by term in the order it was built, so a
rule written out reads ``d/dx(u) - d/dx(v)`` rather than in SymPy's sorted order.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import precedence
from sympy.printing.str import StrPrinter


def _factors_first(expr: sympy.Mul) -> tuple[int, list[sympy.Expr]] | None:
    """Integer coefficient and factors of a product, sums after the rest (``S*(1 - S)``);
    ``None`` to leave the product to SymPy (no sum among its factors, or a fraction)."""
    coefficient, rest = expr.as_coeff_Mul()
    factors = sympy.Mul.make_args(rest)
    if (
        not coefficient.is_Integer
        or not any(isinstance(f, sympy.Add) for f in factors)
        or any(f.is_Pow and f.exp.is_negative for f in factors)
    ):
        return None
    ordered = sorted(
        rest.as_ordered_factors(), key=lambda f: (isinstance(f, sympy.Add), sympy.count_ops(f))
    )
    return int(coefficient), ordered


class _TextPrinter(StrPrinter):
    def _print_Mul(self, expr: sympy.Mul) -> str:  # noqa: N802 - SymPy's hook
        split = _factors_first(expr)
        if split is None:
            return str(super()._print_Mul(expr))
        coefficient, factors = split
        lead = {1: "", -1: "-"}.get(coefficient, f"{coefficient}*")
        return lead + "*".join(self.parenthesize(f, precedence(expr)) for f in factors)

    def _print_Abs(self, expr: sympy.Abs) -> str:  # noqa: N802 - SymPy's hook
        return f"abs({self._print(expr.args[0])})"  # the parser's name

    def _print_Min(self, expr: sympy.Min) -> str:  # noqa: N802 - SymPy's hook
        return f"min({self.stringify(expr.args, ', ')})"  # the parser's names

    def _print_Max(self, expr: sympy.Max) -> str:  # noqa: N802 - SymPy's hook
        return f"max({self.stringify(expr.args, ', ')})"

    def _print_Unequality(self, expr: sympy.Ne) -> str:  # noqa: N802 - SymPy's hook
        return f"{self._print(expr.lhs)} != {self._print(expr.rhs)}"

    def _print_Derivative(self, expr: sympy.Derivative) -> str:  # noqa: N802 - SymPy's hook
        (var, count), *_ = expr.variable_count
        power = "" if count == 1 else f"^{count}"
        return f"d{power}/d{self._print(var)}{power}({self._print(expr.expr)})"


class _LatexPrinter(LatexPrinter):
    def _print_Mul(self, expr: sympy.Mul) -> str:  # noqa: N802 - SymPy's hook
        split = _factors_first(expr)
        if split is None:
            return str(super()._print_Mul(expr))
        coefficient, factors = split
        out = {1: "", -1: "- "}.get(coefficient, f"{coefficient} ")
        for k, f in enumerate(factors):
            part = self.parenthesize(f, precedence(expr))
            out += (r" \cdot " if k and part[:1].isdigit() else " " if k else "") + part
        return out


_text = _TextPrinter().doprint
_latex = _LatexPrinter({"inv_trig_style": "full"}).doprint  # \arcsin, as textbooks write it


def _in_order(expr: sympy.Expr, doprint: Callable[[sympy.Expr], str], keep_order: bool) -> str:
    if not (keep_order and isinstance(expr, sympy.Add)):
        return doprint(expr)
    out = ""
    for k, term in enumerate(expr.args):
        negative = term.could_extract_minus_sign()
        body = doprint(-term if negative else term)
        if isinstance(-term if negative else term, sympy.Add):
            body = f"({body})" if doprint is _text else rf"\left({body}\right)"
        sign = ("-" if negative else "") if k == 0 else (" - " if negative else " + ")
        out += sign + body
    return out


def text(expr: sympy.Expr, *, keep_order: bool = False) -> str:
    """``expr`` as one line of text; derivatives as ``d/dx(...)``."""
    return _in_order(expr, _text, keep_order)


def latex(expr: sympy.Expr, *, keep_order: bool = False) -> str:
    """``expr`` as LaTeX math (no dollar signs); the sigmoid as ``\\sigma``."""
    return _in_order(expr, _latex, keep_order)
