"""The Value engine: every primitive against two oracles, accumulation, deep graphs, arrays."""

from __future__ import annotations

import itertools
import math
import operator

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from chainrule.engine.ops import CALLABLE, FUNCTIONS, OPS, SCALAR
from chainrule.engine.sympy_ops import SYMBOLIC, written_out
from chainrule.engine.value import Value, _on_floats
from chainrule.errors import DomainError
from chainrule.expressions.expr import Expr, build, parse, symbol, to_sympy, variables
from conftest import central_difference
from strategies import expressions
from test_functions import POINTS as FUNCTION_POINTS

# A point inside each primitive's domain, for each input.
POINTS = {
    "add": (0.7, -1.3),
    "sub": (0.7, -1.3),
    "mul": (0.7, -1.3),
    "div": (0.7, -1.3),
    "pow": (1.7, 2.3),
    "neg": (0.7,),
    "exp": (0.7,),
    "log": (0.7,),
    "sqrt": (0.7,),
    "sin": (0.7,),
    "cos": (0.7,),
    "tan": (0.7,),
    "tanh": (0.7,),
    "sigmoid": (-0.7,),
    "relu": (0.7,),
    "abs": (-0.7,),
    **FUNCTION_POINTS,
}


def test_every_primitive_has_a_test_point() -> None:
    assert set(POINTS) | {"sum", "mean"} == set(OPS)


@pytest.mark.parametrize("name", sorted(POINTS))
def test_primitive_gradient_matches_central_differences(name: str) -> None:
    op = OPS[name]
    point = POINTS[name]
    for i in range(op.arity):
        inputs = [Value(x) for x in point]
        out = Value.apply(op, *inputs)
        out.backward()

        def f(t: float, i: int = i) -> float:
            shifted = [Value(t if k == i else x) for k, x in enumerate(point)]
            return Value.apply(op, *shifted).data

        assert inputs[i].grad == pytest.approx(central_difference(f, point[i]), rel=1e-7)


def _numeric_partial(
    xs: list[sympy.Symbol], expr: sympy.Expr, point: tuple[float, ...], i: int
) -> mpmath.mpf:
    """d expr / d xs[i] at ``point``, by mpmath's numerical differentiation."""
    f = sympy.lambdify(xs, expr, "mpmath")
    at = [mpmath.mpf(v) for v in point]
    return mpmath.diff(lambda t: f(*(t if k == i else v for k, v in enumerate(at))), at[i])


@pytest.mark.parametrize("name", sorted(POINTS))
def test_primitive_local_derivative_matches_sympy_diff(name: str) -> None:
    op = OPS[name]
    xs = [symbol(n) for n in "uv"[: op.arity]]
    out = op.forward(SYMBOLIC, *xs)
    # The oracle differentiates the op's definition in SymPy's own functions (sigmoid
    # through exp, relu as a Piecewise): chainrule's functions take their derivative
    # from the table, so sympy.diff of them would check the table against itself.
    defined = written_out(out)
    for i, x in enumerate(xs):
        local = written_out(op.local[i](SYMBOLIC, out, *xs))
        difference = sympy.simplify((local - sympy.diff(defined, x)).rewrite(sympy.exp))
        if difference == 0:
            continue
        # SymPy leaves floor' unevaluated and cbrt' with a DiracDelta: differentiate the
        # definition numerically instead, at 30 digits, at the op's test point.
        with mpmath.workdps(30):
            expected = _numeric_partial(xs, defined, POINTS[name], i)
            got = sympy.N(local.subs(dict(zip(xs, POINTS[name], strict=True))), 30)
            assert abs(got - expected) < 1e-12, f"{name}: d/d{x} = {local}"


def test_reused_variable_accumulates() -> None:
    a = Value(2.0)
    loss = a * a * a - 3 * a
    loss.backward()
    assert loss.data == 2.0
    assert a.grad == 9.0  # 3a^2 - 3


def test_backward_twice_adds_and_zero_grad_resets() -> None:
    a, b = Value(3.0), Value(4.0)
    loss = a * b + a
    loss.backward()
    loss.backward()
    assert (a.grad, b.grad, loss.grad) == (10.0, 6.0, 2.0)
    loss.zero_grad()
    assert (a.grad, b.grad, loss.grad) == (0.0, 0.0, 0.0)
    loss.backward()
    assert (a.grad, b.grad) == (5.0, 3.0)


def test_reflected_operators_with_plain_numbers() -> None:
    x = Value(2.0)
    results = [1 + x, 1 - x, 3 * x, 1 / x, 2**x, x**2, -x, abs(-x)]
    assert [r.data for r in results] == [3.0, -1.0, 6.0, 0.5, 4.0, 4.0, -2.0, 2.0]
    grads = []
    for r in results:
        x.zero_grad()
        r.backward()
        grads.append(x.grad)
    assert grads == [1.0, -1.0, 3.0, -0.25, pytest.approx(4 * math.log(2)), 4.0, -1.0, 1.0]


def test_value_to_the_power_of_value() -> None:
    x, y = Value(2.0), Value(3.0)
    out = x**y
    out.backward()
    assert out.data == 8.0
    assert x.grad == 12.0  # y x^(y-1)
    assert y.grad == pytest.approx(8.0 * math.log(2.0))


def test_constants_get_no_gradient() -> None:
    x = Value(2.0)
    two = Value(5.0, requires_grad=False)
    (two * x).backward()
    assert two.grad == 0.0
    assert x.grad == 5.0


@pytest.mark.parametrize(("name", "expected"), [("relu", 0.0), ("abs", 0.0)])
def test_kinks_use_the_zero_subgradient(name: str, expected: float) -> None:
    x = Value(0.0)
    Value.apply(OPS[name], x).backward()
    assert x.grad == expected


def test_sqrt_at_zero_has_no_finite_gradient() -> None:
    x = Value(0.0)
    out = x.sqrt()
    assert out.data == 0.0
    with pytest.raises(DomainError, match="sqrt"):
        out.backward()


def test_names_belong_to_leaves_and_to_nodes_someone_names() -> None:
    a = Value(2.0, name="a")
    h = a * 3.0
    assert (a.name, h.name) == ("a", None)
    h.name = "h"
    assert h.name == "h"
    assert repr(h) == "Value(h, data=6.0, grad=0.0, op=mul)"


def test_an_operation_needs_a_gradient_when_any_input_does() -> None:
    c, x = Value(2.0, requires_grad=False), Value(3.0)
    const, mixed = c * 4.0, c * x
    assert (const.requires_grad, mixed.requires_grad, (-c).requires_grad) == (False, True, False)
    (const * mixed).backward()
    assert (x.grad, c.grad, const.grad) == (16.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="only a leaf"):
        mixed.requires_grad = False
    c.requires_grad = True
    (c * x).backward()
    assert c.grad == 3.0


def test_a_backward_cut_short_by_an_error_leaves_no_partial_sums() -> None:
    x, y = Value(0.0), Value(2.0)
    h = x * y  # waits in the pass below when sqrt's derivative fails
    bad = h.sqrt() + h * 3.0
    with pytest.raises(DomainError, match="sqrt"):
        bad.backward()
    x.grad = y.grad = 0.0
    (h * 5.0).backward()  # a sum left over from the failed pass would add 3 to dL/dh
    assert (x.grad, y.grad) == (10.0, 0.0)


def test_a_million_node_chain_runs_forward_and_backward() -> None:
    x = Value(0.5)
    node = x
    for _ in range(1_000_000):
        node = node + 1.0
    node.backward()
    assert node.data == 1_000_000.5
    assert x.grad == 1.0


def test_long_chain_of_multiplications_gradient_is_exact() -> None:
    x = Value(1.0)
    node = x
    for _ in range(5_000):
        node = node * 1.0001
    node.backward()
    assert x.grad == pytest.approx(1.0001**5000, rel=1e-12)


def test_traversal_order_is_deterministic() -> None:
    out, _ = build(parse("(a*b + c)*(b - d) + a"), dict(a=1, b=2, c=3, d=4))
    order = [v.name or (v.op.name if v.op else "?") for v in out.topo()]
    assert order == ["a", "b", "mul", "c", "add", "d", "sub", "mul", "add"]


def test_arrays_broadcast_and_reduce_gradients() -> None:
    x = Value(np.array([1.0, 2.0, 3.0]))
    w = Value(2.0)
    b = Value(np.array([[1.0], [2.0]]))  # (2, 1) broadcasts against (3,)
    out = ((w * x + b) ** 2).sum()
    out.backward()
    grid = 2.0 * np.array([1.0, 2.0, 3.0]) + np.array([[1.0], [2.0]])  # (2, 3)
    assert out.data == float((grid**2).sum())
    assert isinstance(w.grad, float)
    assert w.grad == float((2 * grid * np.array([1.0, 2.0, 3.0])).sum())
    assert np.array_equal(x.grad, (2 * grid * 2.0).sum(axis=0))
    assert b.grad.shape == (2, 1)
    assert np.array_equal(b.grad, (2 * grid).sum(axis=1, keepdims=True))


def test_mean_of_squared_error_matches_the_hand_gradient() -> None:
    rng = np.random.default_rng(0)
    xs, ys = rng.normal(size=50), rng.normal(size=50)
    m, b = Value(0.3), Value(-0.2)
    loss = ((m * xs + b - ys) ** 2).mean()
    loss.backward()
    residual = 0.3 * xs - 0.2 - ys
    assert loss.data == pytest.approx(float(np.mean(residual**2)), rel=1e-15)
    assert m.grad == pytest.approx(float(2 * np.mean(residual * xs)), rel=1e-13)
    assert b.grad == pytest.approx(float(2 * np.mean(residual)), rel=1e-13)


@pytest.mark.parametrize(
    ("text", "values", "message"),
    [
        ("log(x)", {"x": 0.0}, "log of a non-positive number in log, at log(x)"),
        ("1/(a-b)", {"a": 1.0, "b": 1.0}, "division by zero in div, at 1/(a - b)"),
        ("sqrt(x - 3)", {"x": 1.0}, "sqrt of a negative number in sqrt, at sqrt(x - 3)"),
        ("x**0.5", {"x": -4.0}, "negative number raised to a non-integer power in pow, at x**0.5"),
        ("x**-1", {"x": 0.0}, "zero raised to a negative power in pow, at x**(-1)"),
        ("exp(x)", {"x": 1000.0}, "exp overflowed the float64 range, at exp(x)"),
    ],
)
def test_domain_errors_name_the_node(text: str, values: dict[str, float], message: str) -> None:
    with pytest.raises(DomainError) as info:
        build(parse(text), values)
    assert str(info.value) == message


def test_array_domain_error() -> None:
    with pytest.raises(DomainError, match="log of a non-positive number"):
        Value(np.array([1.0, -1.0])).log()


def test_symbolic_data_flows_through_the_same_engine() -> None:
    x = Value(symbol("x"))
    out = (x * x).sin()
    out.backward(sympy.Integer(1))
    assert sympy.simplify(x.grad - 2 * symbol("x") * sympy.cos(symbol("x") ** 2)) == 0


def _smooth_derivative(f, x: float) -> float | None:  # type: ignore[no-untyped-def]
    """Central difference, or None where f is not smooth at x (a kink or a pole).

    Not smooth: two step sizes disagree, or the one-sided slopes do (relu at 0).
    """
    h = 1e-6
    try:
        coarse, fine = central_difference(f, x, 1e-4), central_difference(f, x, h)
        here = f(x)
        left, right = (here - f(x - h)) / h, (f(x + h) - here) / h
    except (DomainError, OverflowError, ZeroDivisionError):
        return None
    slopes = (coarse, fine, left, right)
    if not all(math.isfinite(s) for s in slopes):
        return None
    if max(abs(s - fine) for s in slopes) > 1e-4 * max(1.0, abs(fine)):
        return None
    return fine


@settings(max_examples=150, deadline=None)
# y takes either sign but stays off 1e-3 of zero: at y = 1e-127, y/y sums contributions
# of 1e126 and -1e126, and no float arithmetic recovers the exact 0 from that.
@given(
    expressions,
    st.floats(0.3, 1.7),
    st.floats(-1.5, 1.5).filter(lambda v: abs(v) >= 1e-3),
    st.floats(0.2, 2.0),
)
@example(parse("y/y"), 1.0, 1e-3, 1.0)  # contributions of 1e3 and -1e3 cancel
def test_random_expressions_gradients_match_oracles(
    expr: Expr, x: float, y: float, z: float
) -> None:
    point = {"x": x, "y": y, "z": z}
    names = variables(expr)
    assume(names)
    values = {n: point[n] for n in names}
    try:
        out, made = build(expr, values)
        out.backward()
    except DomainError:
        assume(False)
    assume(abs(out.data) < 1e8)
    leaves = {v.name: v for v in made.values() if v.op is None and v.requires_grad}
    symbolic = to_sympy(expr)
    at = {symbol(n): v for n, v in values.items()}
    # Rounding can hide a pole from the floats: sin(pi) is 1.2e-16, so log(sin(pi)) is
    # finite in floats and -oo exactly. Compare only where the exact value is finite.
    assume(sympy.N(symbolic.subs(at)).is_finite is True)
    # A gradient is a sum of contributions; its rounding error scales with the largest
    # one (y/y at y = 1e-8 sums 1e8 and -1e8), so the exact comparison does too.
    sizes: list[float] = [1.0]
    build(expr, values)[0].backward(on_edge=lambda *edge: sizes.append(abs(edge[-1])))
    for name in names:

        def f(t: float, name: str = name) -> float:
            return build(expr, {**values, name: t})[0].data

        numeric = _smooth_derivative(f, values[name])
        assume(numeric is not None)
        grad = leaves[name].grad
        assert grad == pytest.approx(numeric, rel=1e-4, abs=1e-5)
        exact = sympy.N(sympy.diff(symbolic, symbol(name)).subs(at))
        assume(exact.is_real is True and exact.is_finite is True)
        assert grad == pytest.approx(float(exact), rel=1e-9, abs=1e-9 * max(sizes))


def test_functions_list_matches_the_table() -> None:
    assert set(CALLABLE) == {n for n, op in OPS.items() if op.is_function} - {"sum", "mean"}
    assert set(FUNCTIONS) == {n for n in CALLABLE if OPS[n].arity == 1}


#: Python's syntax for each infix op, by the symbol the table prints it with.
SYNTAX = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
SYNTAX["**"] = operator.pow


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_op_of_the_table_is_reachable_on_value(name: str) -> None:
    op = OPS[name]
    point = POINTS.get(name, (0.7,))
    xs = [Value(x) for x in point]
    if op.symbol is None:  # x.exp(), x.atan2(y), x.log_base(b), x.sum()
        calls = [getattr(xs[0], name)(*xs[1:])]
    elif op.arity == 1:
        calls = [operator.neg(xs[0])]
    else:  # x + y, and x + 1.3 / 0.7 + y with a plain number on either side
        calls = [SYNTAX[op.symbol](*xs), SYNTAX[op.symbol](xs[0], point[1])]
        calls.append(SYNTAX[op.symbol](point[0], xs[1]))
    for out in calls:
        assert out.op is op
        assert out.data == op.forward(SCALAR, *point)


def test_array_overflow_is_a_domain_error_without_warnings() -> None:
    big = Value(np.array([1e300, 1.0]))
    with pytest.raises(DomainError, match="mul overflowed the float64 range"):
        big * 1e10
    with pytest.raises(DomainError, match="an array of data holds inf"):
        Value(np.array([1.0, np.inf]))


def test_intermediate_array_gradients_have_their_node_shape() -> None:
    x = Value(np.array([1.0, 2.0, 3.0]))
    r = x * 2.0
    square = r * r
    loss = square.mean()
    loss.backward()
    assert square.grad.shape == (3,)
    assert np.array_equal(square.grad, np.full(3, 1 / 3))
    assert np.array_equal(r.grad, 2 * r.data / 3)
    assert np.array_equal(x.grad, 4 * r.data / 3)


@pytest.mark.parametrize("name", list(OPS))
def test_the_float_fast_path_computes_each_forward_of_the_table(name: str) -> None:
    op = OPS[name]
    fast = _on_floats(op)
    for xs in itertools.product((0.3, 1.7, 2.0), repeat=op.arity):
        if op.domain is not None and op.domain(SCALAR, *xs):
            continue  # outside the domain (asin(1.7)): the next test's business
        assert fast(*xs) == op.forward(SCALAR, *xs), xs


@pytest.mark.parametrize("name", [name for name, op in OPS.items() if op.domain is not None])
def test_the_float_fast_path_leaves_every_domain_error_to_apply(name: str) -> None:
    # The fast path skips the domain check: outside the domain its forward must fail.
    op, fast = OPS[name], _on_floats(OPS[name])
    points = (-2.5, -1.0, -0.0, 0.0, 0.5, 1.0, 3.0, math.pi / 2, -math.pi / 2)
    outside = 0
    for xs in itertools.product(points, repeat=op.arity):
        if not op.domain(SCALAR, *xs):
            continue
        outside += 1
        try:
            result = fast(*xs)
        except (ArithmeticError, ValueError):
            continue
        assert type(result) is not float, (name, xs, result)
    assert outside > 0 or name in ("tan", "sec")  # no float is an odd multiple of pi/2
