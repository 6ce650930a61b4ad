"""The Python API's misuses: each a ChainruleError whose one-line message names the argument."""

from __future__ import annotations

import math
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy

import chainrule as cr
from chainrule.descent.data import dataset
from chainrule.descent.experiments import Experiment
from chainrule.errors import (
    ArgumentTypeError,
    ChainruleError,
    ConfigError,
    DataError,
    DomainError,
    OptionError,
)

NAN, INF = math.nan, math.inf
BAD_RUN = Experiment("a", 0.01, 10, data="lab")  # type: ignore[arg-type]

# (call, error class, the start of its message). Each call fails before any work.
CASES: list[tuple[Callable[[], Any], type[ChainruleError], str]] = [
    # derive
    (lambda: cr.derive(None), ArgumentTypeError, "the expression must be a string, got None"),
    (lambda: cr.derive(2), ArgumentTypeError, "the expression must be a string, got 2"),
    (lambda: cr.derive("x", order=True), OptionError, "the order must be a whole number"),
    (lambda: cr.derive("x", order=2.0), OptionError, "the order must be a whole number"),
    (lambda: cr.derive("x", order="2"), OptionError, "the order must be a whole number"),
    (lambda: cr.derive("x", wrt=3), OptionError, "wrt must be a string, got 3"),
    (lambda: cr.derive("x*a", at=[1]), OptionError, "at must map variable names to numbers"),
    (lambda: cr.derive("x*a", at={"a": NAN}), OptionError, "at: the value of a is NaN"),
    (lambda: cr.derive("x*a", at={"a": INF}), OptionError, "at: the value of a is infinite"),
    (lambda: cr.derive("x*a", at={"a": "1"}), OptionError, "at: the value of a must be a number"),
    (lambda: cr.derive("x", x_range=5), OptionError, "x_range must be two numbers"),
    (lambda: cr.derive("x", x_range=("a", 1)), OptionError, "x_range must be two numbers"),
    (lambda: cr.derive("x", x_range=(0, NAN)), OptionError, "the range needs two finite"),
    (lambda: cr.derive("x", points=None), OptionError, "points must be a whole number"),
    (lambda: cr.derive("x", points=True), OptionError, "points must be a whole number"),
    (lambda: cr.derive("x", saturation="0.1"), OptionError, "the saturation fraction must be"),
    (lambda: cr.derive("x", saturation=NAN), OptionError, "the saturation fraction must be"),
    # trace
    (lambda: cr.trace(None, values={}), ArgumentTypeError, "the expression must be a string"),
    (lambda: cr.trace("a", values=None), OptionError, "values must map variable names to"),
    (lambda: cr.trace("a", values=[1]), OptionError, "values must map variable names to"),
    (lambda: cr.trace("a", values={"a": NAN}), OptionError, "values: the value of a is NaN"),
    (lambda: cr.trace("a", values={"a": -INF}), OptionError, "values: the value of a is infinite"),
    (lambda: cr.trace("a", values={"a": True}), OptionError, "values: the value of a must be"),
    (lambda: cr.trace("a", values={"a": "2"}), OptionError, "values: the value of a must be"),
    (lambda: cr.trace("a", values={1: 2.0}), OptionError, "values must map variable names"),
    # train
    (lambda: cr.train(data="lab"), DataError, "data must be a Dataset"),
    (lambda: cr.train(data={"x": [1, 2]}), DataError, "data must be a Dataset"),
    (lambda: cr.train(lr=None), ConfigError, "lr must be a positive number, got None"),
    (lambda: cr.train(lr="0.1"), ConfigError, "lr must be a positive number, got '0.1'"),
    (lambda: cr.train(lr=True), ConfigError, "lr must be a positive number, got True"),
    (lambda: cr.train(lr=NAN), ConfigError, "lr must be a positive number, got nan"),
    (lambda: cr.train(lr=-1), ConfigError, "lr must be a positive number, got -1"),
    (lambda: cr.train(epochs="10"), ConfigError, "epochs must be a whole number, got '10'"),
    (lambda: cr.train(epochs=None), ConfigError, "epochs must be a whole number, got None"),
    (lambda: cr.train(epochs=10**30), ConfigError, "epochs must be from 1 to 1e+07"),
    (lambda: cr.train(m0=None), ConfigError, "m0 must be a number of size at most 1e+100"),
    (lambda: cr.train(b0=INF), ConfigError, "b0 must be a number of size at most 1e+100"),
    (lambda: cr.train(tol="small"), ConfigError, "tol must be a number between 0 and 1"),
    (lambda: cr.train(method=None), ConfigError, "method must be one of fast, autodiff, loop"),
    (lambda: cr.train(method=["fast"]), ConfigError, "method must be one of fast, autodiff"),
    # sweep and lr_grid
    (lambda: cr.sweep(lrs=None, epochs=10), ConfigError, "lrs must be a list or 1-D array"),
    (lambda: cr.sweep(lrs="0.1", epochs=10), ConfigError, "lrs must be a list or 1-D array"),
    (lambda: cr.sweep(lrs=True, epochs=10), ConfigError, "lrs must be a list or 1-D array"),
    (lambda: cr.sweep(lrs={"a": 1}, epochs=10), ConfigError, "lrs must be a list or 1-D array"),
    (lambda: cr.sweep(lrs=[0.1, NAN], epochs=10), ConfigError, "lrs[1]: lr must be a pos"),
    (lambda: cr.sweep(lrs=[0.1], epochs="10"), ConfigError, "epochs must be a whole number or"),
    (lambda: cr.sweep(lrs=[0.1], epochs=None), ConfigError, "epochs must be a whole number or"),
    (lambda: cr.sweep(lrs=[0.1], epochs=1.5), ConfigError, "epochs must be a whole number or"),
    (lambda: cr.sweep(lrs=[0.1], epochs=[]), ConfigError, "epochs must be a whole number or"),
    (lambda: cr.sweep(lrs=[0.1], epochs=True), ConfigError, "epochs must be a whole number or"),
    (lambda: cr.sweep(lrs=[0.1], epochs=5, data=[1]), DataError, "data must be a Dataset"),
    (lambda: cr.sweep(lrs=[0.1], epochs=5, progress=1), ConfigError, "progress must be a func"),
    (lambda: cr.lr_grid(start=None, stop=1, num=5), ConfigError, "start (the first learning"),
    (lambda: cr.lr_grid(start=0.1, stop=INF, num=5), ConfigError, "stop (the last learning"),
    (lambda: cr.lr_grid(start=0.1, stop=1, num=5.0), ConfigError, "num (learning rates)"),
    (lambda: cr.lr_grid(start=0.1, stop=1, num=True), ConfigError, "num (learning rates)"),
    (lambda: cr.lr_grid(start=0.1, stop=1, num=3, spacing=None), ConfigError, "spacing must be"),
    # experiments and conclude
    (lambda: cr.run_experiments(experiments=None), ConfigError, "experiments must be a list of"),
    (lambda: cr.run_experiments(experiments="lab"), ConfigError, "experiments must be a list of"),
    (lambda: cr.run_experiments(experiments=[1]), ConfigError, "experiments must be a list of"),
    (lambda: cr.run_experiments(source=None), ConfigError, "source must be a string, got None"),
    (lambda: cr.run_experiments(method="magic"), ConfigError, "method must be one of fast"),
    (lambda: cr.run_experiments(experiments=[BAD_RUN]), ConfigError, "experiment a: data must"),
    (lambda: cr.conclude(data="lab"), DataError, "data must be a Dataset"),
    (lambda: cr.conclude(m0="0"), ConfigError, "m0 must be a number"),
    (lambda: cr.conclude(tol=NAN), ConfigError, "tol must be a number between 0 and 1"),
    (lambda: cr.conclude(lab_lrs=None), ConfigError, "lab_lrs must be a list or 1-D array"),
    (lambda: cr.conclude(lab_lrs=[0.1, -1]), ConfigError, "lab_lrs[1]: lr must be"),
    (lambda: cr.conclude(lab_choice=None), ConfigError, "lab_choice must be a number above 0"),
    (lambda: cr.conclude(lab_choice=INF), ConfigError, "lab_choice must be a finite number"),
    # data
    (lambda: cr.lab_data(n=True), DataError, "n must be an integer from 2"),
    (lambda: cr.lab_data(noise="1"), DataError, "noise must be a number, got '1'"),
    (lambda: cr.load_csv(None), DataError, "path must be a file path"),
    (lambda: cr.load_csv(""), DataError, "path must be a file path"),
    (lambda: dataset(x="lab", y=[1, 2]), DataError, "x must be numbers"),
    (lambda: dataset(x=[1, 2], y=[object(), 1]), DataError, "y must be numbers"),
    (lambda: dataset(x=[1, 2], y=[1, 2], recipe="lab"), DataError, "recipe must be a mapping"),
    # expressions
    (lambda: cr.parse(None), ArgumentTypeError, "the expression must be a string, got None"),
    (lambda: cr.to_sympy("x"), ArgumentTypeError, "expr must be an Expr"),
    # the report: refused before any work
    (lambda: cr.build_report(out=None), ConfigError, "out must be a file path"),
    (lambda: cr.build_report(out="r", config={}), ConfigError, "config must be a LabConfig"),
    (lambda: cr.build_report(out="r", lang="fr"), ConfigError, "lang must be one of en, uk"),
    (lambda: cr.build_report(out="r", lang=None), ConfigError, "lang must be one of en, uk"),
    (lambda: cr.build_report(out="r", format="docx"), ConfigError, "format must be one of md"),
    (lambda: cr.build_report(out="r", force="yes"), ConfigError, "force must be True or False"),
    (lambda: cr.build_report(out="r", progress=3), ConfigError, "progress must be a function"),
    # Value
    (lambda: cr.Value(None), ArgumentTypeError, "a Value's data must be a number, an array"),
    (lambda: cr.Value("2"), ArgumentTypeError, "a Value's data must be a number, an array"),
    (lambda: cr.Value(True), ArgumentTypeError, "a Value's data must be a number, an array"),
    (lambda: cr.Value(1j), ArgumentTypeError, "a Value's data must be a number, an array"),
    (lambda: cr.Value(object()), ArgumentTypeError, "a Value's data must be a number, an array"),
    (lambda: cr.Value(["1.5"]), ArgumentTypeError, "a Value's data must be numbers of one shape"),
    (lambda: cr.Value([[1], [2, 3]]), ArgumentTypeError, "a Value's data must be numbers of"),
    (lambda: cr.Value(np.array([1j])), ArgumentTypeError, "a Value's data must be numbers of"),
    (lambda: cr.Value(NAN), DomainError, "a Value's data is NaN"),
    (lambda: cr.Value(-INF), DomainError, "a Value's data is infinite"),
    (lambda: cr.Value(10**400), DomainError, "a Value's data 1000"),
    (lambda: cr.Value([1.0, NAN]), DomainError, "an array of data holds NaN"),
    (lambda: cr.Value(2.0) * NAN, DomainError, "a Value's data is NaN"),
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_a_misuse_is_a_one_line_error_naming_the_argument(
    call: Callable[[], Any],
    error: type[ChainruleError],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # build_report(out="r") would write here
    with pytest.raises(error, match="^" + re.escape(message)) as caught:
        call()
    assert type(caught.value) is error and "\n" not in str(caught.value)
    assert not tmp_path.joinpath("r").exists()


def test_type_errors_stay_catchable_as_type_errors() -> None:
    with pytest.raises(TypeError):
        cr.parse(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cr.Value("abc")


def test_numbers_of_every_kind_still_work() -> None:
    assert cr.Value(np.float32(2.5)).data == 2.5 and cr.Value(np.int64(3)).data == 3.0
    assert cr.Value([True, False]).data.tolist() == [1.0, 0.0]
    assert cr.Value(sympy.Symbol("x")).data == sympy.Symbol("x")
    run = cr.train(lr=np.float64(0.01), epochs=np.int64(200), m0=np.float32(0.33))
    assert run.epochs == 200
    result = cr.sweep(lrs=np.array([0.01, 0.02]), epochs=(10, np.int64(20)))
    assert result.epochs == (10, 20)


def test_an_operation_on_nan_names_it() -> None:
    """Data set to NaN after the Value was made: the operation says NaN, not overflow."""
    a = cr.Value(2.0)
    a.data = math.nan
    with pytest.raises(DomainError, match=r"^mul of NaN$"):
        a * 3.0
    a.data = math.inf
    with pytest.raises(DomainError, match=r"^sin of an infinite number$"):
        a.sin()


def test_a_graph_pickles_with_its_values_grads_and_structure() -> None:
    a, b = cr.Value(2.0, name="a"), cr.Value(np.array([1.0, -3.0]), name="b")
    out = ((a * b + a).tanh() * b - 3.0).sum() / 2.0
    out.backward()
    copy = pickle.loads(pickle.dumps(out))
    old, new = out.topo(), copy.topo()
    assert [n.op and n.op.name for n in new] == [n.op and n.op.name for n in old]
    assert [n.name for n in new] == [n.name for n in old]
    for x, y in zip(old, new, strict=True):
        assert np.array_equal(x.data, y.data) and np.array_equal(x.grad, y.grad)
        assert [old.index(p) for p in x.parents] == [new.index(p) for p in y.parents]
    for node in new:
        node.grad = 0.0
    copy.backward()  # the copy is a working graph: the same gradients again
    assert new[0].grad == old[0].grad and np.array_equal(new[1].grad, old[1].grad)


def test_a_deep_chain_pickles_without_recursion() -> None:
    x = cr.Value(1.0, name="x")
    y = x
    for _ in range(100_000):
        y = y * 1.000001
    copy = pickle.loads(pickle.dumps(y))
    assert copy.data == y.data
    copy.backward()
    leaf = copy.topo()[0]
    assert leaf.name == "x" and leaf.grad == pytest.approx(1.000001**100_000, rel=1e-12)


def test_slope_at_a_point_outside_the_domain_says_so() -> None:
    result = cr.derive("log(x)")
    with pytest.raises(DomainError, match=r"^x = -1 is outside the domain of log\(x\)"):
        result.slope_fraction(-1.0)
    with pytest.raises(OptionError, match=r"^where must be a number, got 'a'"):
        result.slope_fraction("a")  # type: ignore[arg-type]
    assert math.isnan(result.slope_fraction(2.0))  # |f'| = 1/x has no peak on (0, 8]
