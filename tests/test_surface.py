"""The loss surface: the exact MSE, its gradient, curvature and optimum from one pass."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.descent.data import dataset, lab_data
from chainrule.descent.surface import FLOAT_MAX, loss_surface
from chainrule.descent.training import lab_gradient

LAB = lab_data()
SURFACE = loss_surface(LAB)


def direct_mse(x: np.ndarray, y: np.ndarray, m: float, b: float) -> float:
    return float(np.mean((y - (m * x + b)) ** 2))


def test_optimum_is_least_squares() -> None:
    design = np.column_stack([LAB.x, np.ones(LAB.n)])
    (m, b), *_ = np.linalg.lstsq(design, LAB.y, rcond=None)
    assert SURFACE.m_opt == pytest.approx(m, rel=1e-14)
    assert SURFACE.b_opt == pytest.approx(b, rel=1e-14)
    assert SURFACE.mse_opt == pytest.approx(direct_mse(LAB.x, LAB.y, m, b), rel=1e-14)
    assert SURFACE.x_mean == 5.0 and SURFACE.n == 100
    assert SURFACE.x_var == pytest.approx(np.var(LAB.x), rel=1e-15)


def test_hessian_and_its_eigen_axes() -> None:
    h = SURFACE.hessian
    expected = (2 / LAB.n) * np.array([[np.sum(LAB.x**2), np.sum(LAB.x)], [np.sum(LAB.x), LAB.n]])
    assert np.allclose(h, expected, rtol=1e-14)
    low, high = np.linalg.eigvalsh(h)
    assert SURFACE.lambda_max == pytest.approx(high, rel=1e-14)
    assert SURFACE.lambda_min == pytest.approx(low, rel=1e-12)
    axis = np.array(SURFACE.axis)
    assert np.allclose(h @ axis, SURFACE.lambda_max * axis, rtol=1e-13)
    m, b = SURFACE.from_axes(*SURFACE.to_axes(0.33, 0.48))
    assert (m, b) == pytest.approx((0.33, 0.48), rel=1e-15)


@settings(max_examples=60, deadline=None)
@given(
    m=st.floats(-1e3, 1e3),
    b=st.floats(-1e3, 1e3),
)
def test_mse_and_gradient_equal_the_direct_formulas(m: float, b: float) -> None:
    mse = direct_mse(LAB.x, LAB.y, m, b)
    assert SURFACE.mse(m, b) == pytest.approx(mse, rel=1e-12)
    gm, gb = SURFACE.gradient(m, b)
    hand_m, hand_b = lab_gradient(x=LAB.x, y=LAB.y, m=m, b=b)
    scale = math.hypot(hand_m, hand_b) + 1e-9
    assert abs(gm - hand_m) <= 1e-10 * scale and abs(gb - hand_b) <= 1e-10 * scale


def test_mse_overflows_when_the_sum_of_squares_does() -> None:
    # mean() adds the squares first: inf once n*MSE passes the float64 maximum.
    m = math.sqrt(0.5 * FLOAT_MAX / LAB.n / np.mean(LAB.x**2))  # MSE about FLOAT_MAX/(2n)
    assert math.isfinite(SURFACE.mse(m, 0.0))
    assert SURFACE.mse(10 * m, 0.0) == math.inf
    assert SURFACE.mse(np.inf, 0.0) == math.inf
    assert SURFACE.mse(np.array([1.0, 10 * m]), np.zeros(2))[1] == math.inf


@pytest.mark.parametrize(
    ("offset", "noise"),
    [(0.0, 1.0), (1e6, 1e-3), (-1e8, 1e-6), (0.0, 0.0)],
)
def test_precise_far_from_the_origin_and_for_near_perfect_fits(offset: float, noise: float) -> None:
    x = np.linspace(offset, offset + 10, 500)
    y = 3.0 * x - 2.0 * offset + np.random.RandomState(4).normal(0, noise, x.size)
    surface = loss_surface(dataset(x=x, y=y))
    # The oracle: the least-squares line in exact rational arithmetic on the stored floats.
    xs, ys = [Fraction(v) for v in x], [Fraction(v) for v in y]
    n = len(xs)
    x_mean, y_mean = sum(xs) / n, sum(ys) / n
    sxx = sum((v - x_mean) ** 2 for v in xs)
    sxy = sum((u - x_mean) * (v - y_mean) for u, v in zip(xs, ys, strict=True))
    syy = sum((v - y_mean) ** 2 for v in ys)
    m = sxy / sxx
    b = y_mean - m * x_mean
    mse = (syy - sxy * m) / n
    floor = 1e-30 * float(np.mean(y**2))  # a perfect fit's MSE is pure rounding
    assert surface.mse_opt == pytest.approx(float(mse), rel=1e-9, abs=floor)
    assert surface.m_opt == pytest.approx(float(m), rel=1e-12)
    assert surface.b_opt == pytest.approx(float(b), abs=1e-12 * float(abs(b) + abs(m * x_mean)))
    assert surface.x_var == pytest.approx(float(sxx / n), rel=1e-13)


def test_large_data_in_blocks_matches_direct_sums() -> None:
    data = lab_data(n=300_001)  # more than two blocks, uneven last block
    surface = loss_surface(data)
    assert surface.x_mean == pytest.approx(np.mean(data.x), rel=1e-14)
    assert surface.mse(0.33, 0.48) == pytest.approx(direct_mse(data.x, data.y, 0.33, 0.48), 1e-12)
    assert surface.mse_opt == pytest.approx(
        direct_mse(data.x, data.y, surface.m_opt, surface.b_opt), rel=1e-11
    )


def test_blocks_merge_as_precisely_as_one_block_on_ill_conditioned_data() -> None:
    # Tiling a dataset changes neither its least-squares line nor its minimum MSE, so the
    # large copy (several blocks, merged) must agree with the small one (one block).
    x = np.linspace(1e6, 1e6 + 10, 500)
    y = 3.0 * x + np.random.RandomState(5).normal(0, 1e-3, x.size)
    small = loss_surface(dataset(x=x, y=y))
    large = loss_surface(dataset(x=np.tile(x, 600), y=np.tile(y, 600)))
    assert large.n == 300_000
    assert large.mse_opt == pytest.approx(small.mse_opt, rel=1e-9)
    assert large.m_opt == pytest.approx(small.m_opt, rel=1e-12)
    assert large.x_var == pytest.approx(small.x_var, rel=1e-12)


def test_the_surface_is_computed_once_per_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    import chainrule.descent.surface as surface_module
    from chainrule.descent.data import lab_data
    from chainrule.descent.sweep import sweep

    passes = []
    real = surface_module.surface_from_stats
    monkeypatch.setattr(surface_module, "surface_from_stats", lambda s: passes.append(1) or real(s))
    data = lab_data(n=50)
    first = surface_module.loss_surface(data)
    sweep(data=data, lrs=[0.001, 0.01], epochs=[5])
    assert surface_module.loss_surface(data) is first
    assert len(passes) == 1  # the one computation
    surface_module.loss_surface(lab_data(n=50))  # another dataset: computed again
    assert len(passes) == 2
