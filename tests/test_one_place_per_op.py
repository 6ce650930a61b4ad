"""One place per op: a throwaway op added to the table reaches every part that reads it."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pytest
import sympy

from chainrule.derivatives.curves import curve, precise_curve
from chainrule.derivatives.derivation import derive
from chainrule.derivatives.special_points import precise
from chainrule.derivatives.steps import Step
from chainrule.engine.ops import OPS, Op, registered
from chainrule.engine.sympy_ops import SYMBOLIC, kept_whole
from chainrule.engine.value import Value
from chainrule.errors import ParseError
from chainrule.expressions.expr import parse, symbol, to_sympy
from chainrule.graph.tracing import trace
from chainrule.report import task1
from chainrule.report.config import LabConfig, Task1Config
from chainrule.words import RULES_UK, Text

#: x**3 as a primitive of its own, with a rule no other op cites.
CUBE = Op("cube", lambda m, x: x * x * x, (lambda m, out, x: 3 * x * x,), "cube rule")


@pytest.fixture
def cube(monkeypatch: pytest.MonkeyPatch) -> Iterator[Op]:
    monkeypatch.setitem(RULES_UK, "cube rule", "похідна куба")  # its words in each language
    with registered(CUBE) as op:
        yield op
    assert "cube" not in OPS and not hasattr(Value, "cube")
    with pytest.raises(ParseError, match="cube"):
        parse("cube(x)")


def _rules(steps: tuple[Step, ...]) -> list[str]:
    found: list[str] = []
    for step in steps:
        found.append(step.rule)
        found += _rules(tuple(step.substeps))
    return found


def test_the_engine_takes_it_up(cube: Op) -> None:
    x = Value(2.0)
    out = x.cube() + x  # a Value method made from the entry; backward through it
    out.backward()
    assert (out.data, x.grad, out.parents[0].op) == (10.0, 13.0, cube)
    xs = Value(np.array([1.0, -2.0]))
    xs.cube().sum().backward()
    assert np.array_equal(xs.grad, [3.0, 12.0])


def test_derive_names_its_rule(cube: Op) -> None:
    d = derive("cube(sin(x))", timeout=60)
    x = symbol("x")
    assert sympy.simplify(d.derivative - 3 * sympy.sin(x) ** 2 * sympy.cos(x)) == 0
    assert d.sympy_diff_agrees is True
    assert "cube rule" in _rules(d.steps)


def test_the_graph_traces_and_labels_it(cube: Op) -> None:
    t = trace("cube(x*y)", values={"x": 2.0, "y": 0.5}, timeout=60)
    assert [row.op for row in t.nodes] == ["input", "input", "mul", "cube"]
    assert t.gradients == {"x": 1.5, "y": 6.0}
    assert ">cube</text>" in t.to_svg()  # the box is titled by the entry's name
    assert 'label="cube\\nvalue 1\\ngrad 1"' in t.to_dot()


def test_the_report_task1_uses_it(cube: Op) -> None:
    config = LabConfig(task1=Task1Config(expression="cube(x)", x_range=(-2.0, 2.0)))
    part = task1.section(config, Text("uk"))
    assert "похідна куба" in part.markdown
    assert "$f(x) = x^{3}$" in part.markdown  # SymPy's side of the entry: x*x*x


#: The Gudermannian function, kept whole in SymPy as the sigmoid is: the parts that evaluate
#: or write out SymPy's functions (special points, curves, limits, high precision, the
#: report) must find it by the table, not by a list of names.
GD = kept_whole(
    "gd",
    r"\operatorname{gd}",
    lambda x: 2 * sympy.atan(sympy.tanh(x / 2)),
    "The Gudermannian function.",
    (-sympy.pi / 2, sympy.pi / 2),
)
GUDERMANN = Op(
    "gd",
    lambda m, x: GD(x) if m is SYMBOLIC else 2 * m.atan(m.tanh(x / 2)),
    (lambda m, out, x: 1 / m.cosh(x),),
    "Gudermann rule",
)


@pytest.fixture
def gd(monkeypatch: pytest.MonkeyPatch) -> Iterator[Op]:
    monkeypatch.setitem(RULES_UK, "Gudermann rule", "похідна функції Гудермана")
    with registered(GUDERMANN) as op:
        yield op


def test_curves_and_high_precision_evaluate_it(gd: Op) -> None:
    x = symbol("x")
    f = to_sympy(parse("gd(x)"))
    gd_1 = 2 * math.atan(math.tanh(0.5))
    assert f == GD(x)
    assert curve(f, x)(np.array([0.0, 1.0]))[1] == pytest.approx(gd_1, rel=1e-12)
    assert float(precise(f, x)(1.0)) == pytest.approx(gd_1, rel=1e-12)
    assert float(precise_curve(f, x, 1)(1.0)) == pytest.approx(1 / math.cosh(1.0), rel=1e-12)


def test_derive_describes_it(gd: Op) -> None:
    d = derive("gd(x)", timeout=120)
    assert d.sympy_diff_agrees is True and "Gudermann rule" in _rules(d.steps)
    p = d.properties
    assert p.limits == {"-oo": -sympy.pi / 2, "oo": sympy.pi / 2}
    assert p.trend == "increasing" and not p.special_points
    assert (p.peak, [q.x for q in p.peak_at]) == (pytest.approx(1.0), [0.0])
    boundary = [q.x for q in p.saturation_boundary]  # 1/cosh(x) = 0.1 of its peak
    assert boundary == pytest.approx([-math.acosh(10), math.acosh(10)], rel=1e-9)


def test_the_report_task1_describes_it(gd: Op) -> None:
    config = LabConfig(task1=Task1Config(expression="gd(x)", x_range=(-4.0, 4.0)))
    part = task1.section(config, Text("uk"))
    assert "похідна функції Гудермана" in part.markdown
    assert r"$\lim_{x \to \infty} f(x) = \frac{\pi}{2}$" in part.markdown
    assert "Лабораторна" not in part.markdown  # the lab's words on its sigmoid: not for gd
