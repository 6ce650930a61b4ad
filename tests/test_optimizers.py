"""The update rules of chainrule.descent.optimizers against their textbook forms."""

import numpy as np
import pytest

from chainrule.descent.optimizers import Optimizer, Schedule
from chainrule.errors import ConfigError

H = 2.0  # f(p) = H p^2 / 2, gradient H p


def run(opt: Optimizer, lr: float, steps: int, p0: float = 1.0) -> float:
    params = (np.array([p0]),)
    state = opt.start(params)
    for t in range(1, steps + 1):
        params, state = opt.step(params, (H * params[0],), state, lr=lr, t=t)
    return float(params[0][0])


def test_momentum_is_polyaks_heavy_ball():
    lr, beta = 0.1, 0.5
    prev = p = 1.0
    for _ in range(7):
        prev, p = p, p - lr * H * p + beta * (p - prev)
    assert run(Optimizer("momentum", beta=beta), lr, 7) == pytest.approx(p, rel=1e-15)


def test_nesterov_first_steps_by_hand():
    # v1 = g0 = 2; p1 = 1 - 0.1*(2 + 0.5*2) = 0.7; g1 = 1.4; v2 = 1 + 1.4 = 2.4;
    # p2 = 0.7 - 0.1*(1.4 + 0.5*2.4) = 0.44
    assert run(Optimizer("nesterov", beta=0.5), 0.1, 2) == pytest.approx(0.44, rel=1e-15)


def test_adam_first_step_moves_by_lr():
    # bias-corrected m/sqrt(s) is sign(g) on step 1: p1 = p0 - lr (up to eps)
    assert run(Optimizer("adam"), 0.01, 1, p0=3.0) == pytest.approx(2.99, rel=1e-9)


def test_constants_broadcast_over_runs():
    opt = Optimizer("momentum", beta=np.array([0.0, 0.9]))
    params = (np.array([1.0, 1.0]),)
    new, _ = opt.step(params, (H * params[0],), opt.start(params), lr=0.1, t=1)
    assert new[0].tolist() == pytest.approx([0.8, 0.8])


def test_schedules():
    assert Schedule("step", gamma=0.5, every=3).rate(1.0, 7, 10) == 0.25
    assert Schedule("exponential", gamma=0.9).rate(2.0, 2, 10) == pytest.approx(1.62)
    assert [Schedule("cosine").rate(1.0, e, 10) for e in (0, 5, 10)] == pytest.approx([1, 0.5, 0])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Optimizer("sgd"), "optimizer"),
        (lambda: Optimizer("adam", beta1=1.0), "beta1 must be a number with 0 <= beta1 < 1"),
        (lambda: Optimizer("momentum", beta=-0.1), "beta must be"),
        (lambda: Optimizer("adam", eps=0.0), "eps must be a positive number"),
        (lambda: Schedule("cosine", floor=2), "floor must be"),
        (lambda: Schedule("step", gamma=1.5), "gamma must be"),
    ],
)
def test_bad_settings_are_config_errors(make, message):
    with pytest.raises(ConfigError, match=message):
        make()
