"""One place per op: a throwaway op added to the table reaches every part that reads it."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
import sympy

from chainrule.derivatives.derivation import derive
from chainrule.derivatives.steps import Step
from chainrule.engine.ops import OPS, Op, registered
from chainrule.engine.value import Value
from chainrule.errors import ParseError
from chainrule.expressions.expr import parse, symbol
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
