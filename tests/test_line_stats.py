"""Mergeable line-fit statistics: any split of the data gives the same numbers."""

import itertools
import math
from fractions import Fraction

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


# --- issue 16: chunks in any tree give the in-memory fit; precision on near-perfect fits ---

SURFACE_KEYS = ("n", "x_mean", "x_var", "m_opt", "mse_opt", "lambda_max", "lambda_min")


def exact_fit(x: np.ndarray, y: np.ndarray) -> tuple[Fraction, Fraction]:
    """``(m_opt, mse_opt)`` of the stored floats in exact integer arithmetic."""

    def scaled(values: np.ndarray) -> tuple[list[int], int]:
        ratios = [v.as_integer_ratio() for v in values.tolist()]
        shift = max(q.bit_length() - 1 for _, q in ratios)
        return [p << (shift - (q.bit_length() - 1)) for p, q in ratios], shift

    (xs, kx), (ys, ky) = scaled(x), scaled(y)
    n = len(xs)
    sx, sy = sum(xs), sum(ys)
    nsxx = n * sum(a * a for a in xs) - sx * sx
    nsxy = n * sum(a * b for a, b in zip(xs, ys, strict=True)) - sx * sy
    nsyy = n * sum(b * b for b in ys) - sy * sy
    m = Fraction(nsxy, nsxx) * Fraction(2**kx, 2**ky)
    return m, (Fraction(nsyy) - Fraction(nsxy * nsxy, nsxx)) / (n * n) / 4**ky


def merged_in_a_tree(x: np.ndarray, y: np.ndarray, edges: list[int], picks: list[int]) -> LineStats:
    """The chunks between ``edges``, merged two at a time: ``picks`` choose which two."""
    parts = [LineStats.of(x[lo:hi], y[lo:hi]) for lo, hi in itertools.pairwise(edges)]
    for pick in itertools.cycle(picks or [0]):
        if len(parts) == 1:
            return parts[0]
        first = parts.pop(pick % len(parts))
        parts.append(parts.pop((pick // 7) % len(parts)).merge(first))
    raise AssertionError  # pragma: no cover


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(3, 300),
    cuts=st.lists(st.floats(0, 1), max_size=8),
    picks=st.lists(st.integers(0, 10**6), max_size=8),
    offset=st.sampled_from([0.0, 1e5, 1e6]),
    noise=st.sampled_from([3.0, 1.0, 1e-3]),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_split_in_any_tree_trains_like_the_in_memory_fit(n, cuts, picks, offset, noise, seed):
    from chainrule.descent.data import dataset
    from chainrule.descent.stability import stability
    from chainrule.descent.surface import loss_surface, surface_from_stats
    from chainrule.descent.training import descend

    rng = np.random.default_rng(seed)
    x = offset + rng.uniform(0, 10, n)
    y = 3 * x - 2 * offset + rng.normal(0, noise, n)
    edges = sorted({0, n, *(int(c * n) for c in cuts)})
    whole = loss_surface(dataset(x=x, y=y))
    merged = surface_from_stats(merged_in_a_tree(x, y, edges, picks))
    for key in SURFACE_KEYS:
        assert getattr(merged, key) == pytest.approx(getattr(whole, key), rel=1e-12), key
    # b = y_mean - m*x_mean cancels when x sits far out: its rounding is relative to m*x_mean
    scale = abs(whole.b_opt) + abs(whole.m_opt * whole.x_mean)
    assert merged.b_opt == pytest.approx(whole.b_opt, abs=1e-12 * scale)
    lrs = np.array([0.3, 0.9]) * stability(surface=whole).lr_max
    ours, theirs = (
        descend(surface=merged, lrs=lrs, epochs=40),
        descend(surface=whole, lrs=lrs, epochs=40),
    )
    np.testing.assert_allclose(ours.mse, theirs.mse, rtol=1e-12)


@pytest.mark.parametrize("offset", [0.0, 1e5, 1e6])
def test_near_perfect_fits_keep_their_residual_in_blocks_and_chunks(monkeypatch, offset):
    # noise 1e-6 on y = 3x: syy - sxy**2/sxx would cancel 13 digits (relative error ~5e-2)
    import chainrule.descent.line_stats as line_stats
    from chainrule.descent.surface import surface_from_stats

    monkeypatch.setattr(line_stats, "BLOCK", 1000)  # 6 blocks, an uneven last one
    rng = np.random.default_rng(16)
    x = offset + rng.uniform(0, 10, 5_500)
    y = 3 * x - 2 * offset + rng.normal(0, 1e-6, x.size)
    m, mse = exact_fit(x, y)
    blocks = surface_from_stats(LineStats.of(x, y))
    tree = surface_from_stats(merged_in_a_tree(x, y, [0, 7, 1500, 1501, 4000, 5_500], [3, 11]))
    for surface in (blocks, tree):
        assert surface.mse_opt == pytest.approx(float(mse), rel=1e-9)
        assert surface.m_opt == pytest.approx(float(m), rel=1e-15)
    # the co-moments alone lose the residual: the second source of lost digits
    stats = LineStats.of(x, y)
    bare = LineStats(stats.n, stats.x_mean, stats.y_mean, stats.sxx, stats.sxy, stats.syy)
    assert surface_from_stats(bare).mse_opt != pytest.approx(float(mse), rel=1e-2, abs=0)


def test_a_far_sample_is_shifted_again_and_costs_no_digits():
    # the block's shift is the mean of every 32nd point: here a sample full of outliers
    x = np.full(3200, 1e6)
    x[::100] = 1e12
    x += np.arange(x.size) * 1e-3
    y = 2 * x + np.arange(x.size) % 3
    stats = LineStats.of(x, y)
    mean = sum(map(Fraction, x.tolist())) / x.size
    sxx = sum((Fraction(v) - mean) ** 2 for v in x.tolist())
    got = Fraction(stats.x_mean) + Fraction(stats.x_low)
    assert abs(got - mean) <= 1e-15 * mean
    assert stats.sxx == pytest.approx(float(sxx), rel=1e-13)


def test_one_point_chunks_and_refusals():
    from chainrule.descent.surface import surface_from_stats
    from chainrule.errors import DataError

    points = [LineStats.of([v], [2 * v + 1]) for v in (1.0, 2.0, 4.0)]
    merged = points[0].merge(points[1]).merge(points[2])
    assert (merged.n, merged.slope, merged.intercept, merged.rss) == (3, 2.0, 1.0, 0.0)
    with pytest.raises(DataError, match="1-D, of equal length"):
        LineStats.of([1.0, 2.0], [1.0])
    with pytest.raises(DataError, match=r"finite; point 1 is \(2, nan\)"):
        LineStats.of([1.0, 2.0, 3.0], [1.0, math.nan, 3.0])
    with pytest.raises(DataError, match="must be numbers"):
        LineStats.of(["a", "b"], [1.0, 2.0])
    with pytest.raises(DataError, match="float64 range"):
        surface_from_stats(LineStats.of([1e200, -1e200, 3e200], [1.0, 2.0, 3.0]))
    with pytest.raises(DataError, match="too close together"):
        surface_from_stats(LineStats.of([5.0, 5.0, 5.0], [1.0, 2.0, 3.0]))
    with pytest.raises(DataError, match="at least 2 points"):
        surface_from_stats(LineStats.of([], []))
    hand = LineStats(n=3, x_mean=7 / 3, y_mean=14 / 3, sxx=14 / 3, sxy=9.0, syy=26.0)
    assert surface_from_stats(hand).mse_opt == pytest.approx((26 - 81 / (14 / 3)) / 3, rel=1e-15)
