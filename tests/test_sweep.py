"""Sweeps: every run at once, equal to the runs made one by one."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from chainrule.cli.format import dumps
from chainrule.descent.data import lab_data
from chainrule.descent.stability import stability
from chainrule.descent.surface import loss_surface
from chainrule.descent.sweep import lr_grid, sweep
from chainrule.descent.training import train
from chainrule.errors import ConfigError

LR_MAX = stability(surface=loss_surface(lab_data())).lr_max


def test_sweep_equals_individual_runs() -> None:
    lrs = np.array([0.001, 0.01, 0.02, 0.028, LR_MAX * 0.9995, LR_MAX * 1.01, 0.05, 0.1])
    epochs = [1, 2, 50, 400]
    result = sweep(lrs=lrs, epochs=epochs)
    for i, lr in enumerate(lrs):
        run = train(lr=float(lr), epochs=max(epochs))
        assert np.array_equal(np.isnan(result.history[i]), np.arange(401) > run.last_epoch)
        assert np.allclose(result.history[i, : run.last_epoch + 1], run.history, rtol=1e-13, atol=0)
        assert result.overflow_epoch[i] == (
            -1 if run.overflow_epoch is None else run.overflow_epoch
        )
        assert result.epochs_to_tol[i] == (-1 if run.epochs_to_tol is None else run.epochs_to_tol)
        for j, e in enumerate(epochs):
            short = train(lr=float(lr), epochs=e)
            assert result.status[i, j] == short.status, (lr, e)
            if short.overflow_epoch is None:
                assert result.final_mse[i, j] == pytest.approx(short.final_mse, rel=1e-13)
                assert result.m[i, j] == pytest.approx(short.m, rel=1e-13)
                assert result.b[i, j] == pytest.approx(short.b, rel=1e-13)
            else:
                assert np.isnan(result.final_mse[i, j]) and np.isnan(result.m[i, j])


def test_many_runs_take_the_row_by_row_path_and_agree() -> None:
    lrs = lr_grid(start=1e-3, stop=0.1, num=300)  # several blocks of epochs
    result = sweep(lrs=lrs, epochs=[250])
    for i in (0, 150, 220, 299):
        run = train(lr=float(lrs[i]), epochs=250)
        assert np.allclose(result.history[i, : run.last_epoch + 1], run.history, rtol=1e-13)
        assert result.status[i, 0] == run.status


def test_boundary_is_where_lr_max_predicts() -> None:
    result = sweep(lrs=lr_grid(start=1e-3, stop=0.06, num=500), epochs=[10, 3000])
    boundary = result.boundary
    assert boundary.agrees
    assert boundary.last_stable is not None and boundary.first_unstable is not None
    assert boundary.last_stable <= LR_MAX <= boundary.first_unstable
    assert boundary.first_unstable / boundary.last_stable < 1.01  # neighbours on the grid
    assert "as predicted" in boundary.describe()
    statuses = set(result.status[:, -1])
    assert {"converged", "diverged", "overflow"} <= statuses


def test_best_runs_are_the_fastest_to_tol() -> None:
    result = sweep(lrs=lr_grid(start=0.001, stop=0.04, num=200), epochs=[2000])
    best = result.best(3)
    assert [row["epochs_to_tol"] for row in best] == sorted(row["epochs_to_tol"] for row in best)
    reached = result.epochs_to_tol[result.epochs_to_tol >= 0]
    assert best[0]["epochs_to_tol"] == reached.min()
    assert best[0]["lr"] < LR_MAX and best[0]["status"] == "converged"


def test_csv_and_json_of_the_grid() -> None:
    result = sweep(lrs=[0.01, 0.1], epochs=[100, 300])
    rows = list(csv.DictReader(io.StringIO(result.to_csv())))
    assert len(rows) == 4
    assert rows[0]["lr"] == "0.01" and rows[0]["epochs"] == "100"
    assert float(rows[1]["final_mse"]) == result.final_mse[0, 1]
    assert rows[3]["status"] == "overflow" and rows[3]["final_mse"] == ""
    data = json.loads(dumps(result.to_dict(histories=True)))
    assert data["epochs"] == [100, 300] and len(data["grid"]) == 4
    assert len(data["histories"][1]) == 301 and data["histories"][1][-1] is None
    assert data["boundary"]["lr_max"] == pytest.approx(LR_MAX)


def test_progress_is_reported() -> None:
    seen: list[tuple[int, int]] = []
    sweep(
        lrs=lr_grid(start=1e-3, stop=0.02, num=100),
        epochs=[5000],
        progress=lambda d, t: seen.append((d, t)),
    )
    assert len(seen) > 1 and seen[-1] == (5000, 5000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_lr_grid() -> None:
    assert lr_grid(start=1e-3, stop=1e-1, num=3).tolist() == pytest.approx([1e-3, 1e-2, 1e-1])
    assert lr_grid(start=0.1, stop=0.3, num=3, spacing="linear").tolist() == pytest.approx(
        [0.1, 0.2, 0.3]
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: lr_grid(start=0, stop=1, num=5),
            r"start \(the first learning rate\) must be a number above 0, got 0",
        ),
        (
            lambda: lr_grid(start=1, stop=0.5, num=5),
            r"the first learning rate \(start\) must be below the last \(stop\): 1, 0.5",
        ),
        (
            lambda: lr_grid(start=0.1, stop=1, num=1),
            r"num \(learning rates\) must be a whole number from 2 to 10,000,000, got 1",
        ),
        (
            lambda: lr_grid(start=0.1, stop=1, num=5, spacing="cubic"),
            "spacing must be one of log, linear, got .cubic.",
        ),
        (lambda: sweep(lrs=[0.01, -1.0], epochs=[10]), "lr must be a positive number"),
        (lambda: sweep(lrs=[0.01], epochs=[0, 10]), "epochs must be from 1"),
        (lambda: sweep(lrs=[], epochs=[10]), "at least one learning rate"),
        (
            lambda: sweep(lrs=np.full(20_000, 0.01), epochs=[1000]),
            "20,000 learning rates x 1,001 epochs \\(0 to 1,000\\) need 20,020,000 stored values;"
            " at most 10,000,000",
        ),
    ],
)
def test_bad_sweeps(call: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        call()  # type: ignore[operator]


def test_one_epoch_count_may_be_given_as_an_int() -> None:
    from chainrule.descent.sweep import lr_grid, sweep

    rates = lr_grid(start=1e-3, stop=0.05, num=20)
    assert sweep(lrs=rates, epochs=300).to_dict() == sweep(lrs=rates, epochs=[300]).to_dict()
