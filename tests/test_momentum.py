"""Optimizers and schedules on the line fit: train, sweep, experiments, the momentum theory, CLI."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.descent.data import lab_data
from chainrule.descent.experiments import LAB_EXPERIMENTS, run_experiments
from chainrule.descent.momentum_theory import heavy_ball_rate, lr_limit, momentum_theory
from chainrule.descent.optimizers import OPTIMIZERS, Optimizer, Schedule
from chainrule.descent.plots import plot_stability
from chainrule.descent.status import B0, M0, STATUSES, TOL, threshold
from chainrule.descent.surface import loss_surface
from chainrule.descent.sweep import sweep
from chainrule.descent.training import METHODS, lab_gradient, train
from chainrule.errors import ConfigError
from conftest import run_cli as run

LAB = lab_data()
SURFACE = loss_surface(LAB)
THEORY = momentum_theory(surface=SURFACE)
LIMIT = threshold(mse_opt=SURFACE.mse_opt, y_var=SURFACE.y_var, tol=TOL)


def polyak_loop(lr: float, beta: float, epochs: int) -> tuple[list[float], list[float]]:
    """Heavy ball as Polyak wrote it, on the lab's gradient: p' = p - lr*g + beta*(p - p_prev)."""
    m, b = M0, B0
    m_prev, b_prev = m, b
    ms, bs = [m], [b]
    for _ in range(epochs):
        dm, db = lab_gradient(x=LAB.x, y=LAB.y, m=m, b=b)
        m, m_prev = m - lr * dm + beta * (m - m_prev), m
        b, b_prev = b - lr * db + beta * (b - b_prev), b
        ms.append(m)
        bs.append(b)
    return ms, bs


@pytest.mark.parametrize("method", METHODS)
def test_momentum_follows_polyaks_loop_at_every_epoch(method: str) -> None:
    run = train(optimizer=Optimizer("momentum", beta=0.8), lr=0.03, epochs=300, method=method)
    ms, bs = polyak_loop(0.03, 0.8, 300)
    assert np.allclose(run.m_history, ms, rtol=1e-10, atol=1e-12)
    assert np.allclose(run.b_history, bs, rtol=1e-10, atol=1e-12)
    assert run.status == "converged" and run.epochs_to_tol == 72
    theory = THEORY.epochs_to(surface=SURFACE, lr=0.03, beta=0.8, m0=M0, b0=B0, limit=LIMIT)
    assert theory == 72


def test_plain_descent_keeps_its_closed_form_bit_for_bit() -> None:
    lab = train(lr=0.01, epochs=1000)
    named = train(lr=0.01, epochs=1000, optimizer=Optimizer("gd"), schedule="constant")
    assert np.array_equal(lab.history, named.history)
    assert np.array_equal(lab.m_history, named.m_history)
    assert lab.m == 2.0032225098104837  # the closed form's own last bits, as before
    # the same steps taken one by one (a step schedule that never drops) agree to rounding
    stepped = train(lr=0.01, epochs=1000, schedule=Schedule("step", gamma=1.0))
    assert np.allclose(stepped.history, lab.history, rtol=1e-12, atol=0)


def test_adams_first_steps_by_hand() -> None:
    run = train(optimizer="adam", lr=0.1, epochs=2, method="loop")
    g1 = lab_gradient(x=LAB.x, y=LAB.y, m=M0, b=B0)
    # step 1: m_hat = g, s_hat = g**2, so each parameter moves by lr*g/(|g| + eps)
    m1 = M0 - 0.1 * g1[0] / (abs(g1[0]) + 1e-8)
    b1 = B0 - 0.1 * g1[1] / (abs(g1[1]) + 1e-8)
    assert (run.m_history[1], run.b_history[1]) == (m1, b1)
    assert m1 == pytest.approx(M0 + 0.1, abs=1e-9)  # the gradient points down: a step of +lr
    g2 = lab_gradient(x=LAB.x, y=LAB.y, m=m1, b=b1)
    mean = 0.9 * 0.1 * g1[0] + 0.1 * g2[0]
    square = 0.999 * 0.001 * g1[0] ** 2 + 0.001 * g2[0] ** 2
    m2 = m1 - 0.1 * (mean / (1 - 0.9**2)) / (math.sqrt(square / (1 - 0.999**2)) + 1e-8)
    assert run.m_history[2] == pytest.approx(m2, rel=1e-14)
    fast = train(optimizer="adam", lr=0.1, epochs=2)
    assert fast.m_history[2] == pytest.approx(m2, rel=1e-12)


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_every_method_agrees_for_every_optimizer(optimizer: str) -> None:
    runs = [
        train(optimizer=optimizer, lr=0.02, epochs=200, method=m, schedule="cosine")
        for m in METHODS
    ]
    for other in runs[1:]:
        assert np.allclose(other.history, runs[0].history, rtol=1e-9, atol=0)
        assert other.status == runs[0].status


@pytest.mark.parametrize("optimizer", ["momentum", "nesterov"])
def test_overflow_epochs_agree_between_the_fast_path_and_the_loop(optimizer: str) -> None:
    fast = train(optimizer=optimizer, lr=0.2, epochs=1000)
    loop = train(optimizer=optimizer, lr=0.2, epochs=1000, method="loop")
    assert fast.status == loop.status == "overflow"
    assert fast.overflow_epoch == loop.overflow_epoch == (143 if optimizer == "momentum" else 110)
    assert np.isfinite(fast.history).all() and fast.last_epoch == fast.overflow_epoch - 1


def test_schedules_change_the_rate_as_documented() -> None:
    run = train(lr=0.01, epochs=3, schedule=Schedule("exponential", gamma=0.5), method="loop")
    m, b = M0, B0
    for k in range(3):
        dm, db = lab_gradient(x=LAB.x, y=LAB.y, m=m, b=b)
        m, b = m - 0.01 * 0.5**k * dm, b - 0.01 * 0.5**k * db
        assert run.m_history[k + 1] == m and run.b_history[k + 1] == b


def test_tuned_momentum_needs_a_seventeenth_of_the_labs_epochs() -> None:
    assert THEORY.lr_opt == pytest.approx(
        4 / (68.50696883269646**0.5 + 0.4963981706705369**0.5) ** 2
    )
    assert THEORY.beta_opt == pytest.approx(0.7108323935972132, rel=1e-12)
    assert THEORY.rate_opt == pytest.approx(0.8431087673587633, rel=1e-12)
    tuned = train(optimizer=Optimizer("momentum", beta=THEORY.beta_opt), lr=THEORY.lr_opt)
    plain = train(lr=0.01, epochs=2000)
    assert (tuned.epochs_to_tol, plain.epochs_to_tol) == (85, 1437)
    assert tuned.epochs_to_tol < plain.epochs_to_tol / 10
    predicted = THEORY.epochs_to(
        surface=SURFACE, lr=THEORY.lr_opt, beta=THEORY.beta_opt, m0=M0, b0=B0, limit=LIMIT
    )
    assert predicted == 85


@pytest.mark.parametrize(("lr", "beta"), [(0.02, 0.9), (0.04, 0.5), (0.01, 0.3)])
def test_the_rate_is_the_largest_root(lr: float, beta: float) -> None:
    run = train(optimizer=Optimizer("momentum", beta=beta), lr=lr, epochs=600, tol=1e-15)
    distance = np.hypot(run.m_history - SURFACE.m_opt, run.b_history - SURFACE.b_opt)
    measured = (distance[500] / distance[300]) ** (1 / 200)
    assert measured == pytest.approx(THEORY.rate(lr, beta), rel=0.03)


def test_the_rate_at_polyaks_point_is_sqrt_beta_for_both_modes() -> None:
    for lam in (THEORY.lambda_max, THEORY.lambda_min):
        rate = heavy_ball_rate(lr=THEORY.lr_opt, beta=THEORY.beta_opt, lam=lam)
        assert rate == pytest.approx(THEORY.rate_opt, rel=1e-6)
    assert THEORY.rate_opt < THEORY.gd_rate_opt


def test_the_swept_boundary_is_the_predicted_one_within_a_grid_step() -> None:
    lrs = np.geomspace(0.02, 0.07, 60)
    betas = np.linspace(0.0, 0.95, 12)
    result = sweep(lrs=lrs, epochs=2000, optimizer="momentum", betas=betas)
    found = result.boundaries()
    assert [beta for beta, _ in found] == pytest.approx(list(betas))
    for beta, boundary in found:
        assert boundary.lr_max == pytest.approx(2 * (1 + beta) / SURFACE.lambda_max)
        assert boundary.agrees, (beta, boundary)
        assert boundary.first_unstable / boundary.last_stable == pytest.approx(lrs[1] / lrs[0])
    assert result.status.shape == (60 * 12, 1)
    assert set(np.unique(result.status)) <= set(STATUSES)
    assert "beta" in result.rows()[0] and result.to_csv().startswith("lr,beta,epochs,")


@settings(max_examples=15, deadline=None)
@given(beta=st.floats(0.0, 0.95), name=st.sampled_from(["momentum", "nesterov"]))
def test_just_inside_the_limit_is_stable_and_just_outside_is_not(beta: float, name: str) -> None:
    limit = lr_limit(name, beta=beta, lambda_max=SURFACE.lambda_max)
    result = sweep(
        lrs=[0.97 * limit, 1.03 * limit], epochs=3000, optimizer=Optimizer(name, beta=beta)
    )
    assert result.status[0, -1] not in ("diverged", "overflow")
    assert result.status[1, -1] in ("diverged", "overflow")


def test_sweep_without_betas_runs_one_optimizer_at_every_rate() -> None:
    result = sweep(lrs=[0.01, 0.05, 0.06], epochs=[10, 500], optimizer="momentum")
    assert result.lr_limit == pytest.approx(2 * 1.9 / SURFACE.lambda_max)
    assert list(result.status[:, -1]) == ["converged", "converged", "diverged"]
    assert result.to_dict()["optimizer"]["name"] == "momentum"


def test_experiments_take_an_optimizer() -> None:
    result = run_experiments(experiments=list(LAB_EXPERIMENTS[:1]), optimizer="nesterov")
    run = result.runs[0].result
    assert run.optimizer.name == "nesterov" and run.epochs_to_tol == 112
    assert result.runs[0].reproduces is False  # the lab's numbers are plain descent's


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: train(optimizer="sgd"), "optimizer must be one of gd, momentum"),
        (lambda: train(schedule=3), "schedule must be one of constant"),
        (lambda: train(optimizer=Optimizer("momentum", beta=np.array([0.1, 0.2]))), "one beta"),
        (lambda: sweep(lrs=[0.01], epochs=10, betas=[0.5]), "betas sweep momentum or nesterov"),
        (
            lambda: sweep(lrs=[0.1], epochs=9, optimizer=Optimizer("adam", beta1=np.zeros(3))),
            "beta1 must be one number; sweep betas with betas=",
        ),
        (lambda: sweep(lrs=[0.01], epochs=10, optimizer="momentum", betas=[[0.5]]), "1-D"),
        (lambda: sweep(lrs=[0.01], epochs=10, optimizer="momentum", betas=[]), "at least one"),
        (lambda: sweep(lrs=[0.01], epochs=10, optimizer="momentum", betas=[1.0]), "beta must"),
        (lambda: sweep(lrs=[0.01], epochs=10, optimizer="momentum", betas="0.5"), "betas must"),
        (
            lambda: sweep(lrs=[0.01] * 1000, epochs=100, optimizer="momentum", betas=[0.1] * 200),
            "200,000 \\(lr, beta\\) runs",
        ),
    ],
)
def test_bad_settings_are_one_line_errors(call: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        call()  # type: ignore[operator]


def test_cli_train_with_momentum(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "train", "--optimizer", "momentum", "--lr", "0.0496", "--beta", "0.711"
    )
    assert code == 0 and err == ""
    assert "(method fast, momentum(beta=0.711) + constant)" in out
    assert "from epoch 90 on" in out


def test_cli_train_above_the_momentum_limit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "train", "--optimizer", "momentum", "--lr", "0.2")
    assert code == 1
    assert err == (
        "chainrule: error: lr = 0.2 is above momentum's limit lr < 0.0554688 at a constant"
        " rate; the run diverges\n"
    )
    assert "overflow: the MSE leaves the float64 range at epoch 143" in out


def test_cli_sweep_draws_the_region(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    picture = tmp_path / "region.svg"
    code, out, err = run(
        capsys,
        "sweep",
        "--optimizer",
        "momentum",
        "--beta",
        "0:0.9:4",
        "--num",
        "30",
        "--epochs",
        "500",
        "--plot",
        str(picture),
    )
    assert code == 0 and err == ""
    assert "grid       30 learning rates" in out
    assert "stability region: the predicted limit lr < 2(1 + beta)/lambda_max" in out
    assert out.count(" yes\n") == 4
    assert picture.read_text().startswith("<?xml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "--beta", "0.5"], "--beta is for --optimizer momentum or nesterov, not gd"),
        (["train", "--every", "5"], "--every is for --schedule step, not constant"),
        (["sweep", "--optimizer", "momentum", "--beta", "0:1:x"], "--beta takes numbers"),
        (["sweep", "--optimizer", "momentum", "--beta", "0:0.5:0"], "NUM must be from 1"),
        (["sweep", "--optimizer", "momentum", "--beta", "nan"], "beta must be a number"),
        (["experiments", "--optimizer", "adam", "--eps", "0"], "eps must be a positive number"),
    ],
)
def test_cli_bad_optimizer_settings(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith("chainrule: error: ") and message in err and err.count("\n") == 1


def test_the_further_section_is_off_by_default_and_says_the_measured_epochs() -> None:
    from chainrule.figure_files import style
    from chainrule.report.config import LabConfig, config_from_dict
    from chainrule.report.further import section
    from chainrule.words import Text

    assert LabConfig().further.enabled is False
    assert config_from_dict({"further": {"enabled": True}}).further.enabled is True
    with pytest.raises(ConfigError, match=r"further\.enabled: expected true or false"):
        config_from_dict({"further": {"enabled": 1}})
    with style():
        part = section(LabConfig(), Text("en"))
    assert part.markdown.startswith("## Further: beyond plain gradient descent")
    assert "Theory predicts 85 epochs to the tolerance 1e-06; the run takes 85, against 1437" in (
        part.markdown
    )
    assert "| momentum | `lr = 0.04959, momentum(beta=0.710832) + constant` | 85 |" in part.markdown
    assert "24 of 24 betas" in part.markdown
    assert set(part.figures) == {
        "further-optimizers",
        "further-region",
        "further-logistic-boundary",
        "further-logistic-loss",
    }


@pytest.mark.parametrize("optimizer", ["gd", "momentum"])
def test_a_denormal_rate_is_slow_not_a_crash(optimizer: str) -> None:
    run = train(lr=1e-320, epochs=10, optimizer=optimizer)
    assert run.status == "slow" and run.prediction.epochs_to_tol is None
    assert run.m == M0


def test_the_region_picture_of_runs_that_never_reach_tol() -> None:
    from chainrule.figure_files import new_figure

    result = sweep(lrs=[0.001, 0.002], betas=[0.0, 0.5], optimizer="nesterov", epochs=5)
    assert (result.epochs_to_tol == -1).all()
    assert "<img" in result._repr_html_()
    ax = plot_stability(new_figure(6.4, 4.0).add_subplot(), result)
    assert ax.get_ylabel() == "momentum beta"
