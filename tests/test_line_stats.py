"""Mergeable line-fit statistics: any split of the data gives the same numbers."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.descent.line_stats import LineStats


def reference(x: np.ndarray, y: np.ndarray) -> tuple[float, ...]:
    u, v = x - x.mean(), y - y.mean()
    return x.mean(), y.mean(), float(u @ u), float(u @ v), float(v @ v)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(2, 400),
    cuts=st.lists(st.floats(0, 1), max_size=6),
    offset=st.sampled_from([0.0, 1e5, 1e6]),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_split_merges_to_the_whole(n, cuts, offset, seed):
    rng = np.random.default_rng(seed)
    x = offset + rng.uniform(0, 10, n)
    y = 3 * x + rng.normal(0, 1, n)
    edges = sorted({0, n, *(int(c * n) for c in cuts)})
    merged = LineStats()
    for lo, hi in itertools.pairwise(edges):
        merged = merged.merge(LineStats.of(x[lo:hi], y[lo:hi]))
    whole = reference(x, y)
    assert merged.n == n
    got = (merged.x_mean, merged.y_mean, merged.sxx, merged.sxy, merged.syy)
    np.testing.assert_allclose(got, whole, rtol=1e-11)


def test_empty_chunks_are_neutral():
    one = LineStats.of([1.0, 2.0, 4.0], [2.0, 3.0, 9.0])
    assert one.merge(LineStats()) == one == LineStats().merge(one)
    assert (one.x_mean, one.sxx) == pytest.approx((7 / 3, 14 / 3), rel=1e-15)


def test_surface_from_stats_matches_the_in_memory_surface():
    from chainrule.descent.data import lab_data
    from chainrule.descent.surface import loss_surface, surface_from_stats

    data = lab_data()
    whole = loss_surface(data)
    halves = LineStats.of(data.x[:37], data.y[:37]).merge(LineStats.of(data.x[37:], data.y[37:]))
    merged = surface_from_stats(halves)
    for key in ("x_mean", "x_var", "m_opt", "b_opt", "mse_opt", "lambda_max", "lambda_min"):
        assert getattr(merged, key) == pytest.approx(getattr(whole, key), rel=1e-12), key
