"""The lab's experiment table, TOML experiments files, and the computed conclusion."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainrule.descent.conclusion import conclude
from chainrule.descent.data import lab_data
from chainrule.descent.experiments import LAB_EXPERIMENTS, RTOL, load_experiments, run_experiments
from chainrule.descent.stability import predict, stability
from chainrule.descent.surface import loss_surface
from chainrule.errors import ConfigError


def test_lab_table_is_reproduced() -> None:
    result = run_experiments()
    assert result.reproduced == (6, 6)
    statuses = [r.result.status for r in result.runs]
    assert statuses == ["slow", "slow", "slow", "converged", "overflow", "diverged"]
    deviations = [r.deviation for r in result.runs]
    assert deviations[4] is None  # exp 4 is checked by its overflow epoch
    assert all(d is not None and d <= RTOL for i, d in enumerate(deviations) if i != 4)
    assert result.runs[4].result.overflow_epoch == 199
    assert result.to_dict()["reproduced"] == 6


def test_a_wrong_expectation_is_reported() -> None:
    wrong = [
        LAB_EXPERIMENTS[0].__class__("x", 0.01, 1000, expect=LAB_EXPERIMENTS[1].expect),
        LAB_EXPERIMENTS[0].__class__("y", 0.01, 1000, expect=LAB_EXPERIMENTS[4].expect),
    ]
    result = run_experiments(experiments=wrong)
    assert [r.reproduces for r in result.runs] == [False, False]
    assert result.reproduced == (0, 2)


def test_experiments_file(tmp_path: Path) -> None:
    (tmp_path / "points.csv").write_text("x,y\n0,1\n1,3\n2,5\n3,7.5\n")
    path = tmp_path / "runs.toml"
    path.write_text(
        """
m0 = 0.0
data = { n = 50, noise = 0.5, seed = 7 }

[[run]]
name = "baseline"
lr = 0.01
epochs = 1000
expect = { m = 2.003222509810484 }

[[run]]
lr = 0.1
epochs = 300
b0 = 1
data = { csv = "points.csv" }

[[run]]
lr = 1
epochs = 200
expect = { overflow_epoch = 3 }
""",
        encoding="utf-8",
    )
    runs = load_experiments(path)
    assert [r.name for r in runs] == ["baseline", "2", "3"]
    assert runs[0].m0 == 0.0 and runs[1].b0 == 1.0 and runs[0].b0 == 0.48
    assert runs[0].data is runs[2].data and runs[0].data is not None
    assert runs[0].data.recipe == {**lab_data(n=50, noise=0.5, seed=7).recipe}
    assert runs[1].data is not None and runs[1].data.n == 4
    result = run_experiments(experiments=runs, source=str(path))
    assert result.runs[0].reproduces is False  # other data, other numbers
    assert result.runs[1].reproduces is None
    assert result.runs[2].result.status == "overflow"
    assert result.runs[2].reproduces is False  # it overflows, but not at epoch 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lr = ", "not valid TOML"),
        ("x = 1\n[[run]]\nlr = 0.1\nepochs = 5\n", "unknown key 'x'"),
        ("m0 = 1", "no runs"),
        ("[[run]]\nlr = 0.1\n", "run 1: missing epochs"),
        ("[[run]]\nlr = 0.1\nepochs = 5.5\n", "run 1: epochs must be a whole number, got 5.5"),
        ("[[run]]\nlr = '0.1'\nepochs = 5\n", "run 1: lr must be a number, got '0.1'"),
        (
            "[[run]]\nname = 'a'\nlr = 0.1\nepochs = 5\nspeed = 1\n",
            "run 1 (a): unknown key 'speed'",
        ),
        ("[[run]]\nlr = 0.1\nepochs = 5\ndata = { noise = -1 }\n", "run 1: noise must be >= 0"),
        ("[[run]]\nlr = 0.1\nepochs = 5\ndata = { n = 5, csv = 'a' }\n", "takes nothing else"),
        ("[[run]]\nlr = 0.1\nepochs = 5\ndata = { csv = 'nope.csv' }\n", "nope.csv: no such file"),
        ("[[run]]\nlr = 0.1\nepochs = 5\ndata = { size = 5 }\n", "data: unknown key 'size'"),
        (
            "[[run]]\nlr = 0.1\nepochs = 5\nexpect = { m = 0 }\n",
            "expect.m must be finite and non-zero",
        ),
        ("[[run]]\nlr = 0.1\nepochs = 5\nexpect = { slope = 2 }\n", "expect: unknown key 'slope'"),
    ],
)
def test_experiments_file_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "runs.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_experiments(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_experiments_file_missing_and_bad_settings(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_experiments(tmp_path / "none.toml")
    path = tmp_path / "runs.toml"
    path.write_text("[[run]]\nname = 'neg'\nlr = -0.1\nepochs = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="experiment neg: lr must be a positive number"):
        run_experiments(experiments=load_experiments(path))


def test_conclusion_from_runs() -> None:
    c = conclude()
    surface = loss_surface(lab_data())
    limits = stability(surface=surface)
    assert c.best.epochs_to_tol is not None and c.lab_choice.epochs_to_tol is not None
    assert c.best.epochs_to_tol < c.lab_choice.epochs_to_tol
    assert c.best.lr < limits.lr_max
    assert c.best.epochs_to_tol == c.best.predicted  # the run agrees with the theory
    # No rate does better: the theory's epoch count at finer rates near the best is not lower.
    for factor in (0.98, 0.99, 1.005, 1.01):
        lr = min(c.best.lr * factor, limits.lr_max * 0.9999)
        theory = predict(surface=surface, lr=lr, epochs=1).epochs_to_tol
        assert theory is None or theory >= c.best.epochs_to_tol - 2
    assert c.lab_choice.lr == 0.01 and c.lab_choice.epochs_to_tol == c.lab_choice.predicted
    assert c.lab_pick_best_of_its_rates
    assert [o.overflow_epoch for o in c.lab_rates] == [None, None, 199]
    assert c.speedup == pytest.approx(c.lab_choice.epochs_to_tol / c.best.epochs_to_tol)
    text = " ".join(c.sentences())
    assert f"lr = {c.best.lr:.4g}: it gets there at epoch {c.best.epochs_to_tol}." in text
    assert f"lr = 0.01, gets there at epoch {c.lab_choice.epochs_to_tol}" in text
    assert "lr = 0.1 overflows at epoch 199" in text
    assert c.to_dict()["sentences"] == c.sentences()
