"""Derivation steps: rules named from the op table, chain rule shape, and every step true."""

import contextlib

import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chainrule.errors import DomainError
from chainrule.expr import Expr, const, evaluate, node, parse, symbol, to_sympy, var
from chainrule.ops import FUNCTIONS
from chainrule.steps import CHAIN_RULE, CONSTANT_RULE, IDENTITY_RULE, Step, derivation_steps
from chainrule.symbolic import same

x = symbol("x")


def rules(text: str, wrt: str = "x") -> list[str]:
    return [s.rule for s in derivation_steps(parse(text), wrt).walk()]


def test_lab_derivation_of_the_sigmoid() -> None:
    root = derivation_steps(parse("1/(1+exp(-x))"), "x")
    assert rules("1/(1+exp(-x))") == [
        CHAIN_RULE,
        "reciprocal rule",
        "sum rule",
        CONSTANT_RULE,
        CHAIN_RULE,
        "exponential rule",
        "constant multiple rule",
        IDENTITY_RULE,
    ]
    outer, inner = root.substeps
    u = outer.variable
    assert root.inner == 1 + sympy.exp(-x)
    assert outer.expression == 1 / u and outer.result == -1 / u**2
    assert inner.expression == 1 + sympy.exp(-x) and inner.result == -sympy.exp(-x)
    assert root.result == sympy.exp(-x) / (1 + sympy.exp(-x)) ** 2
    assert root.applied == -sympy.Derivative(1 + sympy.exp(-x), x) / (1 + sympy.exp(-x)) ** 2


def test_rule_names_depend_on_which_inputs_vary() -> None:
    assert rules("3*x")[0] == "constant multiple rule"
    assert rules("x*3")[0] == "constant multiple rule"
    assert rules("x*sin(x)")[0] == "product rule"
    assert rules("x/3")[0] == "constant multiple rule"
    assert rules("3/x")[0] == "reciprocal rule"
    assert rules("sin(x)/x")[0] == "quotient rule"
    assert rules("x**3")[0] == "power rule"
    assert rules("2**x")[0] == "exponential rule (a**u)"
    assert rules("x**x")[0] == "general power rule (u**v)"
    assert rules("x - 1")[0] == "difference rule"
    assert rules("-x")[0] == "constant multiple rule"


def test_every_function_names_its_own_rule() -> None:
    names = {
        "exp": "exponential rule",
        "log": "logarithm rule",
        "sqrt": "square root rule",
        "sin": "sine rule",
        "cos": "cosine rule",
        "tan": "tangent rule",
        "tanh": "tanh rule",
        "sigmoid": "sigmoid rule",
        "relu": "ReLU rule",
        "abs": "absolute value rule",
    }
    assert set(names) == set(FUNCTIONS)
    for name, rule in names.items():
        assert rules(f"{name}(x)") == [rule]
        assert rules(f"{name}(2*x)")[:2] == [CHAIN_RULE, rule]


def test_other_variables_are_constants() -> None:
    root = derivation_steps(parse("a*x + b"), "x")
    assert [s.rule for s in root.walk()] == [
        "sum rule",
        "constant multiple rule",
        IDENTITY_RULE,
        CONSTANT_RULE,
    ]
    assert root.result == symbol("a")


def test_inner_variable_avoids_the_expression_names() -> None:
    root = derivation_steps(parse("exp(u*x)"), "x")
    assert root.substeps[0].variable.name == "v"


def test_constant_terms_of_a_sum_get_a_zero_step() -> None:
    root = derivation_steps(parse("1 + x"), "x")
    assert [(s.rule, s.result) for s in root.substeps] == [(CONSTANT_RULE, 0), (IDENTITY_RULE, 1)]


def test_to_dict_has_the_issue_fields() -> None:
    data = derivation_steps(parse("sin(x**2)"), "x").to_dict()
    assert {"rule", "expression", "result", "substeps"} <= set(data)
    assert data["rule"] == CHAIN_RULE and data["inner"] == "x**2"
    assert [s["rule"] for s in data["substeps"]] == ["sine rule", "power rule"]


# --- property: every step's result is the derivative of its own expression -----------
LEAVES = st.sampled_from([var("x"), var("x"), var("a"), const(2.0), const(0.5, "0.5"), const(3.0)])
UNARY = st.sampled_from(["neg", *FUNCTIONS])
BINARY = st.sampled_from(["add", "sub", "mul", "div", "pow"])


def _extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        st.builds(node, UNARY, children),
        st.builds(lambda op, a, b: node(op, a, b), BINARY, children, children),
    )


EXPRESSIONS = st.recursive(LEAVES, _extend, max_leaves=6)


def _domain_sides(expr: Expr) -> set[int]:
    """Signs of x (+1, -1) at which the engine evaluates ``expr`` at some sample point."""
    sides = set()
    for side in (1, -1):
        for value in (0.3, 1.3, 2.7):
            with contextlib.suppress(DomainError):
                evaluate(expr, {"x": side * value, "a": 1.5})
                sides.add(side)
    return sides


def _true(step: Step, sides: set[int]) -> bool:
    """d expression / d variable == result: for all real x, or else on each half-line
    where the expression is defined (SymPy differentiates Abs(log(x)) for complex log)."""
    derivative = sympy.diff(step.expression, step.variable)
    if same(derivative, step.result):
        return True
    if step.variable != x:
        return False
    p = sympy.Symbol("p", positive=True)
    return all(same(derivative.subs(x, s * p), step.result.subs(x, s * p)) for s in sides)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_every_step_is_a_true_derivative(expr: Expr) -> None:
    value = to_sympy(expr)
    assume(not value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I))
    sides = _domain_sides(expr)
    assume(sides)
    root = derivation_steps(expr, "x")
    whole = Step("whole", value, root.result, x)
    assert all(_true(step, sides) for step in [*root.walk(), whole])
