"""Logistic regression: a step worked by hand, the gradient against autodiff, the safe rate,
every optimizer, the statuses, and agreement with scikit-learn."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.descent.data import dataset
from chainrule.descent.logistic import (
    log_loss,
    logistic_sweep,
    optimum,
    train_logistic,
    train_logistic_runs,
)
from chainrule.descent.logistic_data import load_labelled_csv, separable, two_class_data
from chainrule.descent.optimizers import OPTIMIZERS, Optimizer, Schedule
from chainrule.engine.ops import ARRAY, OPS
from chainrule.engine.value import Value
from chainrule.errors import BudgetExceededError, ConfigError, DataError

# Four points worked by hand (separable: the classes split at x = 0.5).
HAND = dataset(x=[-1.0, 0.0, 1.0, 2.0], y=[0.0, 0.0, 1.0, 1.0])
# Four points whose classes overlap: a finite optimum.
MIXED = dataset(x=[-1.0, 0.0, 1.0, 2.0], y=[0.0, 1.0, 0.0, 1.0])


def test_one_gd_step_on_four_points_worked_by_hand() -> None:
    # At w = c = 0, S = 1/2 everywhere: S - y = (1/2, 1/2, -1/2, -1/2), so
    # dL/dw = mean((S - y)*x) = (-1/2 + 0 - 1/2 - 1)/4 = -1/2 and dL/dc = 0.
    # With lr = 1: w = 1/2, c = 0; z = (-1/2, 0, 1/2, 1) and the log-loss
    # mean(softplus(z) - y*z) = (2*log(1 + e^-1/2) + log 2 + log(1 + e^-1))/4.
    run = train_logistic(data=HAND, lr=1.0, epochs=1)
    assert run.w_history.tolist() == [0.0, 0.5]
    assert run.c_history.tolist() == [0.0, 0.0]
    assert run.history[0] == math.log(2)
    by_hand = (2 * math.log1p(math.exp(-0.5)) + math.log(2) + math.log1p(math.exp(-1))) / 4
    assert run.history[1] == pytest.approx(by_hand, rel=1e-15)
    assert run.accuracy == 0.75  # p >= 1/2 predicts 1: x = 0 (label 0) sits on the boundary
    assert run.boundary == 0.0
    assert run.optimum is None and separable(HAND)
    assert run.status == "slow"  # separable: no minimum to converge to


def test_the_gradient_is_s_minus_y_as_autodiff_finds() -> None:
    # Task 1's sigmoid rule is out*(1 - out); the log-loss's dL/dz = S - y follows from it.
    z = np.array([-3.0, 0.5, 2.0])
    s = ARRAY.sigmoid(z)
    assert np.array_equal(OPS["sigmoid"].local[0](ARRAY, s, z), s * (1 - s))
    x, y = two_class_data(n=40).x, two_class_data(n=40).y
    for w0, c0 in ((0.0, 0.0), (1.7, -0.4), (-25.0, 3.0)):
        w, c = Value(w0), Value(c0)
        zv = w * Value(x, requires_grad=False) + c
        loss = (zv.softplus() - Value(y, requires_grad=False) * zv).mean()
        loss.backward()
        value, gw, gc = log_loss(x=x, y=y, w=w0, c=c0)
        assert value == pytest.approx(float(loss.data), rel=1e-14)
        assert gw == pytest.approx(float(w.grad), rel=1e-12, abs=1e-15)
        assert gc == pytest.approx(float(c.grad), rel=1e-12, abs=1e-15)


def test_the_log_loss_is_finite_far_from_the_data() -> None:
    # log(0) would be -inf here: softplus keeps every term finite, without a warning.
    # z = (800, 0, -800, -1600): the terms are 800, log 2, 800 and 1600; S - y = (1, 1/2, -1, -1).
    value, gw, gc = log_loss(x=HAND.x, y=HAND.y, w=-800.0, c=0.0)
    assert value == pytest.approx(800 + math.log(2) / 4, rel=1e-15)
    assert (gw, gc) == (-1.0, -0.125)


def test_the_built_in_set_follows_its_recipe() -> None:
    data = two_class_data()
    draw = np.random.RandomState(1337).normal(0.0, 1.0, 200)
    assert np.array_equal(data.x[:100], draw[:100] - 1.0)
    assert np.array_equal(data.x[100:], draw[100:] + 1.0)
    assert data.y.tolist() == [0.0] * 100 + [1.0] * 100
    assert data.recipe == {"source": "two-class", "n": 200, "separation": 2.0, "seed": 1337}
    assert not separable(data)


def test_the_optimum_satisfies_the_first_order_conditions() -> None:
    best = optimum(two_class_data())
    assert best is not None
    _, gw, gc = log_loss(x=two_class_data().x, y=two_class_data().y, w=best.w, c=best.c)
    assert abs(gw) < 1e-15 and abs(gc) < 1e-15
    assert best.w == pytest.approx(2.394677849005044, rel=1e-13)
    assert best.c == pytest.approx(-0.001704739280705492, rel=1e-10)
    mixed = optimum(MIXED)
    assert mixed is not None
    _, gw, gc = log_loss(x=MIXED.x, y=MIXED.y, w=mixed.w, c=mixed.c)
    assert abs(gw) < 1e-15 and abs(gc) < 1e-15


def test_the_safe_rate_is_eight_over_the_largest_eigenvalue_of_xtx_over_n() -> None:
    data = two_class_data()
    design = np.column_stack([data.x, np.ones(data.n)])  # (n, 2)
    lam = np.linalg.eigvalsh(design.T @ design / data.n)[-1]
    rates = train_logistic(data=data, epochs=1).rates
    assert rates.safe_lr == pytest.approx(8 / lam, rel=1e-13)
    assert rates.local_lr is not None and rates.local_lr > rates.safe_lr


@settings(max_examples=10, deadline=None)
@given(
    shift=st.floats(-20, 20),
    scale=st.floats(0.05, 30),
    gap=st.floats(0.2, 3),
    seed=st.integers(0, 1000),
)
def test_gd_below_the_safe_rate_never_raises_the_loss(
    shift: float, scale: float, gap: float, seed: int
) -> None:
    base = two_class_data(n=60, separation=gap, seed=seed)
    data = dataset(x=base.x * scale + shift, y=base.y)
    rates = train_logistic(data=data, epochs=1).rates
    run = train_logistic(data=data, lr=0.999 * rates.safe_lr, epochs=60)
    assert np.all(np.diff(run.history) <= 1e-13 * run.history[:-1])


def test_the_sweep_finds_the_boundary_above_the_safe_rate() -> None:
    sweep = logistic_sweep()
    b = sweep.boundary
    assert b.safe_holds
    assert b.last_decreasing == pytest.approx(18.02713131472475, rel=1e-12)
    assert b.first_rising == pytest.approx(20.226774013245976, rel=1e-12)
    assert b.safe_lr < b.last_decreasing < b.first_rising < (b.local_lr or 0)
    assert not sweep.rising[sweep.lrs < b.first_rising].any()


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_every_optimizer_reaches_the_optimum(name: str) -> None:
    lr = {"gd": 10.0, "momentum": 2.0, "nesterov": 2.0, "adam": 0.1}[name]
    run = train_logistic(lr=lr, epochs=1000, optimizer=name, schedule="constant")
    assert run.status == "converged"
    assert run.optimum is not None
    assert abs(run.w - run.optimum.w) < 1e-9 and abs(run.c - run.optimum.c) < 1e-9


def test_a_schedule_changes_the_steps() -> None:
    plain = train_logistic(lr=1.0, epochs=50)
    decayed = train_logistic(lr=1.0, epochs=50, schedule=Schedule(name="step", every=10))
    assert plain.history[10] == decayed.history[10]  # the first ten steps are alike
    assert plain.history[11] < decayed.history[11]  # then the rate halves
    heavy = train_logistic(lr=1.0, epochs=5, optimizer=Optimizer(name="momentum", beta=0.5))
    assert heavy.optimizer.beta == 0.5


def test_runs_step_at_once_as_they_would_alone() -> None:
    # (A diverging run's zigzag would magnify the last bit of the sums' order: left out.)
    together = train_logistic_runs(lrs=[0.5, 3.0, 12.0], epochs=100, optimizer="nesterov")
    for run in together:
        alone = train_logistic(lr=run.lr, epochs=100, optimizer="nesterov")
        np.testing.assert_allclose(run.history, alone.history, rtol=1e-13)
        assert run.status == alone.status


def test_statuses() -> None:
    assert train_logistic(lr=0.01, epochs=100).status == "slow"
    assert train_logistic(lr=1.0, epochs=1000).status == "converged"
    assert train_logistic(lr=30.0, epochs=1000).status == "diverged"
    gone = train_logistic(lr=1e307, epochs=50)
    assert gone.status == "overflow" and gone.overflow_epoch == 1
    assert gone.history == pytest.approx([math.log(2)], rel=1e-15)


def test_labels_must_be_zero_or_one(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("x,y\n0.5,1\n1.5,0\n2.5,2\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"labels.csv: data row 3 \(x = 2.5\).*0 or 1, got 2"):
        load_labelled_csv(path)
    path.write_text("x,y\n0.5,1\n1.5,1\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"every label is 1; .* needs both classes"):
        load_labelled_csv(path)
    path.write_text("x;y\n0,5;1\n1,5;0\n", encoding="utf-8")
    assert load_labelled_csv(path).x.tolist() == [0.5, 1.5]
    with pytest.raises(DataError, match="data must be a Dataset"):
        train_logistic(data=[1, 2])


@pytest.mark.parametrize(
    ("settings_", "message"),
    [
        ({"lr": 0}, "lr must be a number above 0"),
        ({"lr": math.nan}, "lr must be a finite number"),
        ({"epochs": 0}, "epochs"),
        ({"optimizer": "sgd"}, "optimizer"),
        ({"schedule": "linear"}, "schedule"),
        ({"tol": 2}, "tol must be"),
        ({"w0": math.inf}, "w0"),
    ],
)
def test_bad_settings_are_one_line_errors(settings_: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        train_logistic(**settings_)


def test_a_timeout_stops_a_long_run() -> None:
    with pytest.raises(BudgetExceededError):
        train_logistic(data=two_class_data(n=200_000), epochs=100_000, timeout=0.3)


def test_the_result_agrees_with_scikit_learn() -> None:
    sklearn = pytest.importorskip("sklearn", reason="scikit-learn (the test extra) is absent")
    from sklearn.linear_model import LogisticRegression

    data = two_class_data()
    version = tuple(int(p) for p in sklearn.__version__.split(".")[:2])
    # No penalty: penalty=None until 1.8, where C=inf took its place.
    unpenalised = {"C": np.inf} if version >= (1, 8) else {"penalty": None}
    peer = LogisticRegression(**unpenalised, solver="newton-cg", tol=1e-12, max_iter=1000)
    peer.fit(data.x[:, None], data.y)
    run = train_logistic(data=data, lr=20.0, epochs=200)
    assert run.status == "converged"
    assert abs(run.w - peer.coef_[0, 0]) < 1e-6
    assert abs(run.c - peer.intercept_[0]) < 1e-6


def test_x_far_from_zero_still_has_its_optimum() -> None:
    # Uncentred, x**2 ~ 1e16 would make Newton's 2x2 system singular in float64.
    far = dataset(x=MIXED.x + 1e8, y=MIXED.y)
    near, shifted = optimum(MIXED), optimum(far)
    assert near is not None and shifted is not None
    assert shifted.w == pytest.approx(near.w, rel=1e-6)
    assert shifted.c == pytest.approx(near.c - near.w * 1e8, rel=1e-6)
    assert shifted.loss == pytest.approx(near.loss, rel=1e-9)


def test_classes_that_touch_at_one_x_have_no_optimum() -> None:
    touching = dataset(x=[0.0, 1.0, 2.0, 3.0, 3.0], y=[0.0, 0.0, 0.0, 1.0, 0.0])
    assert separable(touching) and optimum(touching) is None
    run = train_logistic(data=touching, epochs=50)
    assert run.rates.local_lr is None and run.status == "slow"
