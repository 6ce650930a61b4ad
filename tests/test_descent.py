"""Training: the lab's table, overflow, the three methods agreeing, statuses, predictions."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest

from chainrule.descent.data import Dataset, dataset, lab_data
from chainrule.descent.stability import predict, stability
from chainrule.descent.status import B0, M0
from chainrule.descent.surface import loss_surface
from chainrule.descent.training import METHODS, TrainResult, lab_gradient, mse_value, train
from chainrule.engine.value import Value
from chainrule.errors import ConfigError

LAB = lab_data()
LIMITS = stability(surface=loss_surface(LAB))

# The lab report's numbers: (lr, epochs, m, b, final MSE).
TABLE = [
    (0.01, 1000, 2.003222509810484, 3.3248920388471914, 1.0241824830839787),
    (0.01, 200, 2.142493733590308, 2.3986413449255664, 1.250220311528887),
    (0.001, 1000, 2.234267465666658, 1.7882820710393608, 1.6372142601852175),
    (0.01, 2000, 2.000591763571137, 3.3423883346618903, 1.0241037070031567),
    (0.1, 100, -1.0801217418175042e77, -1.624073026895325e76, 4.0865746532122445e155),
]


def lab_loop(x: np.ndarray, y: np.ndarray, lr: float, epochs: int) -> tuple[list[float], ...]:
    """The lab's code, typed out again here as the independent reference."""
    m, b, n = 0.33, 0.48, len(x)
    ms, bs, mses = [m], [b], []
    with np.errstate(over="ignore"):  # the lab's run with lr = 0.1 overflows
        for _ in range(epochs):
            yhat = m * x + b
            mses.append(float(np.mean((y - yhat) ** 2)))
            dm = (-2 / n) * np.sum(x * (y - yhat))
            db = (-2 / n) * np.sum(y - yhat)
            m -= lr * dm
            b -= lr * db
            ms.append(float(m))
            bs.append(float(b))
        mses.append(float(np.mean((y - (m * x + b)) ** 2)))
    return ms, bs, mses


def close_paths(run: TrainResult, ms: list[float], bs: list[float], mses: list[float]) -> None:
    """Equal at every epoch: MSE to relative 1e-9, (m, b) to 1e-9 of the vector's size."""
    assert len(run.history) == len(mses)
    assert np.allclose(run.history, mses, rtol=1e-9, atol=0)
    size = np.hypot(ms, bs)
    assert np.all(np.hypot(run.m_history - ms, run.b_history - bs) <= 1e-9 * size)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("lr", "epochs", "m", "b", "mse"), TABLE)
def test_lab_table_to_1e_9(
    method: str, lr: float, epochs: int, m: float, b: float, mse: float
) -> None:
    run = train(lr=lr, epochs=epochs, method=method)
    assert run.m == pytest.approx(m, rel=1e-9)
    assert run.b == pytest.approx(b, rel=1e-9)
    assert run.final_mse == pytest.approx(mse, rel=1e-9)
    assert run.overflow_epoch is None and run.last_epoch == epochs


@pytest.mark.parametrize("method", METHODS)
def test_lab_experiment_4_overflows_at_epoch_199(method: str) -> None:
    run = train(lr=0.1, epochs=1000, method=method)
    assert run.status == "overflow"
    assert run.overflow_epoch == 199
    assert run.last_epoch == 198 and len(run.m_history) == 199
    assert np.all(np.isfinite(run.history)) and np.isfinite(run.m) and np.isfinite(run.b)
    # The lab's loop: mean() is finite at epoch 198 and inf at 199 (its sum of squares overflows).
    *_, mses = lab_loop(LAB.x, LAB.y, 0.1, 199)
    assert np.isfinite(mses[198]) and np.isinf(mses[199])
    assert run.history[-1] == pytest.approx(mses[198], rel=1e-9)
    assert "MSE leaves float64 range at epoch 199" in run.verdict


def test_fast_path_equals_the_explicit_loop_at_every_epoch() -> None:
    for lr, epochs in [(0.01, 1000), (0.001, 300), (0.028, 400), (0.0292, 400), (0.1, 150)]:
        close_paths(train(lr=lr, epochs=epochs), *lab_loop(LAB.x, LAB.y, lr, epochs))
    # Other data: far from the origin, a steep slope, a CSV-like irregular x.
    rng = np.random.RandomState(7)
    x = np.sort(rng.uniform(50, 60, 80))
    data = dataset(x=x, y=-4.0 * x + 250 + rng.normal(0, 0.3, x.size))
    lr = 0.9 * stability(surface=loss_surface(data)).lr_max
    run = train(data=data, lr=lr, epochs=500, m0=0.0, b0=0.0)
    m, b, n = 0.0, 0.0, x.size
    ms, bs, mses = [m], [b], []
    for _ in range(500):
        r = data.y - (m * x + b)
        mses.append(float(np.mean(r**2)))
        m, b = m + lr * 2 / n * np.sum(x * r), b + lr * 2 / n * np.sum(r)
        ms.append(m)
        bs.append(b)
    mses.append(float(np.mean((data.y - (m * x + b)) ** 2)))
    close_paths(run, ms, bs, mses)


def test_fast_path_equals_the_loop_on_a_million_points() -> None:
    data = lab_data(n=10**6)
    close_paths(train(data=data, epochs=15), *lab_loop(data.x, data.y, 0.01, 15))


def exact_descent(data: Dataset, lr: float, epochs: int) -> tuple[float, float]:
    """``(m, b)`` after ``epochs`` steps of the lab's update in 50-digit arithmetic.

    One step is affine in ``(m, b)``, with the data's exact sums in its coefficients, so
    ``epochs`` steps are a power of a 3x3 matrix.
    """
    mpmath.mp.dps = 50
    xs = [Fraction(float(v)) for v in data.x]
    ys = [Fraction(float(v)) for v in data.y]
    sx, sy = sum(xs, Fraction(0)), sum(ys, Fraction(0))
    sxx = sum((v * v for v in xs), Fraction(0))
    sxy = sum((u * v for u, v in zip(xs, ys, strict=True)), Fraction(0))
    n, g = len(xs), Fraction(lr) * 2 / len(xs)  # m += g*(sxy - m*sxx - b*sx), b += g*(...)
    step = [
        [1 - g * sxx, -g * sx, g * sxy],
        [-g * sx, 1 - g * n, g * sy],
        [Fraction(0), Fraction(0), Fraction(1)],
    ]
    matrix = mpmath.matrix([[mpmath.mpf(v.numerator) / v.denominator for v in row] for row in step])
    m, b, _ = matrix**epochs * mpmath.matrix([M0, B0, 1])
    return float(m), float(b)


OFFSET_RUNS = [(offset, share) for offset in (0.0, 1e4, 1e6) for share in ("opt", 0.5)]


@pytest.mark.parametrize(("offset", "share"), OFFSET_RUNS)
def test_fast_path_follows_the_loop_on_offset_data(offset: float, share: object) -> None:
    """x in [offset, offset + 1]: the slow mode's factor 1 - lr*lambda_min rounds to 1."""
    data = lab_data(n=200, x_min=offset, x_max=offset + 1.0)
    limits = stability(surface=loss_surface(data))
    lr = limits.lr_opt if share == "opt" else 0.5 * limits.lr_max
    fast = train(data=data, lr=lr, epochs=20_000)
    loop = train(data=data, lr=lr, epochs=20_000, method="loop")
    assert np.allclose(fast.m_history, loop.m_history, rtol=1e-9, atol=0)
    assert np.allclose(fast.b_history, loop.b_history, rtol=1e-9, atol=0)
    assert np.allclose(fast.history, loop.history, rtol=1e-9, atol=0)


def test_fast_path_moves_b_as_exact_descent_does() -> None:
    """The issue's case: b after 20,000 and 100,000 epochs differs by what exact descent says."""
    data = lab_data(n=200, x_min=1e4, x_max=1e4 + 1.0)
    lr = stability(surface=loss_surface(data)).lr_opt
    short, long = (train(data=data, lr=lr, epochs=e) for e in (20_000, 100_000))
    (m1, b1), (m2, b2) = (exact_descent(data, lr, e) for e in (20_000, 100_000))
    assert b1 - b2 == pytest.approx(4.71e-9, rel=0.01)  # the slow mode's true move
    assert short.b - long.b == pytest.approx(b1 - b2, rel=1e-5)
    assert (short.b, long.b) == pytest.approx((b1, b2), rel=1e-14)
    assert (short.m, long.m) == pytest.approx((m1, m2), rel=1e-9)


def test_a_tiny_start_grows_to_overflow_as_the_loop_does() -> None:
    """y near 1e-200 and a start at 0: the powers of the growing mode exceed float64 first."""
    data = dataset(x=[1.0, 2.0, 3.0, 4.0], y=[1e-200, 3e-200, 2e-200, 5e-200])
    for lr in (0.5, 10.0, 1e6):
        fast = train(data=data, lr=lr, epochs=3000, m0=0.0, b0=0.0)
        loop = train(data=data, lr=lr, epochs=3000, m0=0.0, b0=0.0, method="loop")
        assert fast.overflow_epoch == loop.overflow_epoch is not None
        assert np.allclose(fast.history, loop.history, rtol=1e-9, atol=0)
        assert np.allclose(fast.m_history, loop.m_history, rtol=1e-9, atol=0)


def test_a_start_on_an_exact_line_stays_there_at_any_lr() -> None:
    data = dataset(x=[1.0, 2.0, 3.0, 4.0], y=[3.0, 5.0, 7.0, 9.0])
    for lr in (0.01, 10.0):
        run = train(data=data, lr=lr, epochs=300, m0=2.0, b0=1.0)
        assert (run.m, run.b, run.final_mse, run.status) == (2.0, 1.0, 0.0, "converged")


def test_autodiff_gradient_equals_the_hand_gradient() -> None:
    surface = loss_surface(LAB)
    for m0, b0 in [(0.33, 0.48), (2.0, 3.5), (-7.25, 40.0), (1e3, -1e4)]:
        m, b = Value(m0), Value(b0)
        loss = mse_value(
            m=m, b=b, x=Value(LAB.x, requires_grad=False), y=Value(LAB.y, requires_grad=False)
        )
        loss.backward()
        hand = lab_gradient(x=LAB.x, y=LAB.y, m=m0, b=b0)
        assert (m.grad, b.grad) == pytest.approx(hand, rel=1e-12)
        assert surface.gradient(m0, b0) == pytest.approx(hand, rel=1e-9)
        assert loss.data == pytest.approx(np.mean((LAB.y - (m0 * LAB.x + b0)) ** 2), rel=1e-15)


def test_methods_agree_on_every_epoch() -> None:
    runs = {method: train(lr=0.025, epochs=120, method=method) for method in METHODS}
    for method in ("autodiff", "loop"):
        close_paths(
            runs["fast"],
            list(runs[method].m_history),
            list(runs[method].b_history),
            list(runs[method].history),
        )
    assert {r.status for r in runs.values()} == {"slow"}


@pytest.mark.parametrize(
    ("factor", "epochs", "status"),
    [
        (0.5, 3000, "converged"),  # well below lr_max
        (0.999, 60, "oscillating"),  # the steep direction flips sign each step
        (0.3, 20, "slow"),
        (1.02, 1000, "diverged"),  # above lr_max: grows, yet stays finite for 1000 epochs
        (1.0005, 3000, "diverged"),
        (1.5, 5000, "overflow"),
    ],
)
def test_status_on_both_sides_of_lr_max(factor: float, epochs: int, status: str) -> None:
    run = train(lr=factor * LIMITS.lr_max, epochs=epochs)
    assert run.status == status
    assert run.prediction.status == status
    assert (run.overflow_epoch is not None) == (status == "overflow")
    assert run.prediction.stable == (factor < 1)
    if status == "diverged":
        assert run.history[-1] > run.history[-2] and np.all(np.isfinite(run.history))


@pytest.mark.parametrize("factor", [0.05, 0.3, 0.7, 0.95, 0.99, 0.9999, 1.0001, 1.01, 1.3, 3.0])
def test_predictions_match_the_runs(factor: float) -> None:
    lr = factor * LIMITS.lr_max
    surface = loss_surface(LAB)
    for epochs in (3, 40, 800):
        theory = predict(surface=surface, lr=lr, epochs=epochs)
        run = train(lr=lr, epochs=epochs)
        assert theory.status == run.status
        if run.overflow_epoch is not None:
            assert theory.overflow_epoch == run.overflow_epoch
        else:
            assert theory.final_mse == pytest.approx(run.final_mse, rel=1e-9)
    horizon = 20_000
    long = train(lr=lr, epochs=horizon)
    theory = predict(surface=surface, lr=lr, epochs=horizon)

    def within(k: int | None) -> int | None:
        return k if k is not None and k <= horizon else None

    assert within(theory.epochs_to_tol) == long.epochs_to_tol
    assert within(theory.overflow_epoch) == long.overflow_epoch


def test_lr_opt_is_the_fastest_worst_case_rate() -> None:
    grid = np.linspace(0.001, LIMITS.lr_max, 2000)
    rates = [LIMITS.rate(lr) for lr in grid]
    assert LIMITS.rate(LIMITS.lr_opt) <= min(rates) + 1e-15
    assert LIMITS.rate(LIMITS.lr_opt) == pytest.approx(LIMITS.rate_opt, rel=1e-14)
    assert LIMITS.rate(LIMITS.lr_max) == pytest.approx(1.0, rel=1e-14)
    assert LIMITS.condition == pytest.approx(LIMITS.lambda_max / LIMITS.lambda_min)


def test_result_to_dict_has_the_documented_keys() -> None:
    out = train(lr=0.1, epochs=1000).to_dict()
    for key in (
        "lr",
        "epochs",
        "m",
        "b",
        "final_mse",
        "history",
        "status",
        "overflow_epoch",
        "stability",
    ):
        assert key in out
    assert out["overflow_epoch"] == 199 and len(out["history"]) == 199
    assert out["stability"]["lr_max"] == pytest.approx(LIMITS.lr_max)
    assert out["stability"]["prediction"]["overflow_epoch"] == 199


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"lr": 0.0}, "lr must be a positive number"),
        ({"lr": float("nan")}, "lr must be a positive number"),
        ({"lr": float("inf")}, "lr must be a positive number"),
        ({"epochs": 0}, "epochs must be from 1 to"),
        ({"epochs": 10**8}, "epochs must be from 1 to"),
        ({"epochs": 10.0}, "epochs must be a whole number"),
        ({"epochs": True}, "epochs must be a whole number"),
        ({"m0": 1e200}, "m0 must be a number of size at most"),
        ({"b0": float("nan")}, "b0 must be a number"),
        ({"tol": 0.0}, "tol must be a number between 0 and 1"),
        ({"tol": 1.0}, "tol must be a number between 0 and 1"),
        ({"method": "magic"}, "method must be one of fast, autodiff, loop"),
    ],
)
def test_bad_settings(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        train(**settings)  # type: ignore[arg-type]


def test_a_start_whose_mse_overflows_is_refused() -> None:
    data = dataset(x=[-1e90, 0.0, 1e90], y=[0.0, 1.0, 2.0])
    with pytest.raises(ConfigError, match=r"the MSE at the start \(m0=1e\+100, b0=0\) leaves"):
        train(data=data, m0=1e100, b0=0.0)
