"""The algebra from a definition to the function's own terms (issue 12): every move proven,
ending at the op table's own rule; ``--from-definition``; the quotient rule's textbook view."""

import ast
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
import sympy

from chainrule.derivatives.algebra import (
    RECIPES,
    RECOGNISE,
    SPLIT,
    from_definition,
    simplification,
)
from chainrule.derivatives.curves import curve
from chainrule.derivatives.derivation import derive
from chainrule.derivatives.printing import MARKDOWN, TEXT, step_line
from chainrule.derivatives.steps import derivation_steps
from chainrule.engine.ops import OPS
from chainrule.engine.sympy_ops import SYMBOLIC, sigmoid
from chainrule.errors import OptionError
from chainrule.expressions.expr import nodes, parse, symbol, to_text
from conftest import run_cli

X = symbol("x")
XS = np.linspace(-6, 6, 49)


def _moves(name: str) -> tuple[sympy.Expr, tuple]:
    """The rules' derivative of ``name``'s definition and the moves from it to the rule."""
    raw = derivation_steps(from_definition(parse(f"{name}(x)")), "x").result
    return raw, simplification(raw, sympy.sympify(OPS[name].forward(SYMBOLIC, X)), X)


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_each_recipe_leads_from_the_definition_to_the_rule_by_proven_moves(name: str) -> None:
    raw, moves = _moves(name)
    assert moves, f"no moves for {name}"
    assert moves[0].before == raw
    rule = OPS[name].local[0](SYMBOLIC, OPS[name].forward(SYMBOLIC, X), X)
    assert sympy.simplify(moves[-1].after.doit() - rule) == 0
    for before, after in itertools.pairwise(moves):
        assert before.after == after.before  # one chain, no gap between moves
    for move in moves:  # an independent look in float64 at each move, and each identity
        assert move.proof in ("symbolic", "numeric")
        left, right = curve(move.before.doit(), X)(XS), curve(move.after.doit(), X)(XS)
        np.testing.assert_allclose(left, right, rtol=1e-12, atol=1e-15)
        if move.move == RECOGNISE:
            a, b = (curve(e.doit(), X)(XS) for e in move.about)
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_the_sigmoid_moves_are_the_labs_algebra() -> None:
    _, moves = _moves("sigmoid")
    e, s = sympy.exp(-X), sigmoid(X)
    assert [m.move for m in moves] == [SPLIT, RECOGNISE, RECOGNISE]
    assert moves[0].before == e / (1 + e) ** 2
    assert moves[1].about == (s, 1 / (1 + e))
    assert moves[2].about == (1 - s, e / (1 + e))
    assert moves[2].after == s * (1 - s)


def test_a_wrong_start_gets_no_moves() -> None:
    """Twice the sigmoid's derivative is not S(1 - S): no chain is claimed for it."""
    wrong = 2 * sympy.exp(-X) / (1 + sympy.exp(-X)) ** 2
    assert simplification(wrong, sigmoid(X), X) == ()
    assert simplification(sigmoid(X) * (1 - sigmoid(X)), sigmoid(X), X) == ()  # the rule itself
    assert simplification(sympy.cos(X), sympy.sin(X), X) == ()  # no recipe


def test_from_definition_replaces_only_functions_with_a_recipe() -> None:
    written = from_definition(parse("sigmoid(2*x) + sin(tanh(x))"))
    ops = {n.op for n in nodes(written)}
    assert not ops & set(RECIPES) and "sin" in ops
    assert to_text(from_definition(parse("relu(x)"))) == "relu(x)"


def test_sigmoid_from_its_definition_cites_no_sigmoid_rule() -> None:
    d = derive("sigmoid(x)", from_definition=True)
    rules = {s.rule for root in d.steps for s in root.walk()}
    assert "sigmoid rule" not in rules and "chain rule" in rules
    assert d.defined_through == ("sigmoid",)
    assert d.recognised == sigmoid(X)
    assert d.simplified == sigmoid(X) * (1 - sigmoid(X))
    assert [m.move for m in d.algebra] == [SPLIT, RECOGNISE, RECOGNISE]
    data = d.to_dict()
    assert data["defined_through"] == ["sigmoid"] and len(data["algebra"]) == 3
    assert data["algebra"][2]["about"] == ["1 - sigmoid(x)", "exp(-x)/(1 + exp(-x))"]


def test_by_default_sigmoid_keeps_its_rule_and_has_no_moves() -> None:
    d = derive("sigmoid(x)")
    assert d.steps[0].rule == "sigmoid rule" and d.algebra == () and d.defined_through == ()


def test_from_definition_must_be_a_bool() -> None:
    with pytest.raises(OptionError, match="from_definition must be True or False"):
        derive("sigmoid(x)", from_definition="yes")  # type: ignore[arg-type]


def test_the_quotient_rule_in_its_textbook_form() -> None:
    step = derivation_steps(parse("sin(x)/x"), "x")
    assert step.rule == "quotient rule"
    assert step_line(step, TEXT, textbook=True) == (
        "quotient rule: d/dx(sin(x)/x) = (x*d/dx(sin(x)) - sin(x)*d/dx(x))/x**2"
        " = cos(x)/x - sin(x)/x**2"
    )
    assert r"\frac{x \frac{d}{d x} \sin{\left(x \right)} - " in step_line(
        step, MARKDOWN, textbook=True
    )
    assert "d/dx(sin(x))/x - sin(x)*d/dx(x)/x**2" in step_line(step, TEXT)  # the default view
    assert derivation_steps(parse("x*sin(x)"), "x").textbook is None  # no denominator


def test_printing_does_not_import_the_derivation() -> None:
    """The printers read a Record protocol: no derivation <-> printing circle (issue 10)."""
    source = Path(__file__).parents[1] / "src/chainrule/derivatives/printing.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "chainrule.derivatives.derivation" not in imported


def test_cli_from_definition_and_textbook(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "derive", "sigmoid(x)", "--from-definition")
    assert code == 0 and err == ""
    assert out.startswith("f(x) = 1/(1 + exp(-x)) = sigmoid(x)\n")
    assert "\nSimplification:\n  1. split the fraction: " in out
    assert (
        "  3. recognise 1 - sigmoid(x) = exp(-x)/(1 + exp(-x)): sigmoid(x)*(exp(-x)/(1 + "
        "exp(-x))) = sigmoid(x)*(1 - sigmoid(x)) (proven symbolically)" in out
    )
    code, out, _ = run_cli(capsys, "derive", "x/(1+x**2)", "--quotient", "textbook")
    assert code == 0 and (
        "1. quotient rule: d/dx(x/(x**2 + 1)) = (d/dx(x)*(x**2 + 1) - x*d/dx(x**2 + 1))/"
        "(x**2 + 1)**2 = " in out
    )
    code, out, _ = run_cli(capsys, "derive", "x/(1+x**2)", "--json")
    assert json.loads(out)["steps"][0]["textbook"] == (
        "(-x*Derivative(x**2 + 1, x) + (x**2 + 1)*Derivative(x, x))/(x**2 + 1)**2"
    )
