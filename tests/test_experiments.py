"""The lab's experiment table, a lab config's experiments, and the computed conclusion."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainrule.descent.conclusion import conclude
from chainrule.descent.data import lab_data
from chainrule.descent.experiments import LAB_EXPERIMENTS, RTOL, fingerprint, run_experiments
from chainrule.descent.stability import predict, stability
from chainrule.descent.surface import loss_surface
from chainrule.errors import ConfigError
from chainrule.report.config import load_config


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


def test_a_lab_config_runs_its_experiments_on_its_data(tmp_path: Path) -> None:
    path = tmp_path / "runs.toml"
    path.write_text(
        """
[task2]
m0 = 0.0

[task2.data]
n = 50
noise = 0.5
seed = 7

[[task2.experiments]]
name = "baseline"
lr = 0.01
epochs = 1000
lab = { m = 2.003222509810484 }

[[task2.experiments]]
name = "fast"
lr = 0.1
epochs = 300

[[task2.experiments]]
name = "1"
lr = 1
epochs = 200
lab = { overflow_epoch = 3 }
""",
        encoding="utf-8",
    )
    task = load_config(path).task2
    data = task.data.dataset()
    runs = [task.experiment(e, data) for e in task.experiments]
    assert [r.name for r in runs] == ["baseline", "fast", "1"]
    assert runs[0].m0 == 0.0 and runs[0].b0 == 0.48
    assert data.recipe == {**lab_data(n=50, noise=0.5, seed=7).recipe}
    result = run_experiments(experiments=runs, source=str(path))
    # Numbers without a fingerprint belong to the file's own data: they are compared.
    assert result.runs[0].experiment.expect.data == fingerprint(data)  # type: ignore[union-attr]
    assert result.runs[0].reproduces is False  # the lab's m, not these data's
    assert result.runs[1].reproduces is None
    assert result.runs[2].result.status == "overflow"
    assert result.runs[2].reproduces is False  # it overflows, but not at epoch 3
    assert result.reproduced == (0, 2) and result.other_data == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lr = ", "not valid TOML"),
        ("x = 1\n", "unknown key 'x'"),
        ("[task2]\nexperiments = []\n", "experiments: expected one or more runs"),
        ("[[task2.experiments]]\nname = 'a'\nlr = 0.1\n", "missing key 'epochs'"),
        (
            "[[task2.experiments]]\nname = 'a'\nlr = 0.1\nepochs = 5.5\n",
            "task2.experiments[0].epochs: expected an integer, got a number",
        ),
        (
            "[[task2.experiments]]\nname = 'a'\nlr = '0.1'\nepochs = 5\n",
            "task2.experiments[0].lr: expected a number, got a string",
        ),
        (
            "[[task2.experiments]]\nname = 'a'\nlr = 0.1\nepochs = 5\nspeed = 1\n",
            "unknown key 'task2.experiments[0].speed'",
        ),
        ("[task2.data]\nnoise = -1\n", "task2.data: noise must be >= 0"),
        ("[task2.data]\nn = 5\ncsv = 'a.csv'\n", "csv and n: the data are a CSV file or"),
        ("[task2.data]\ncsv = 'nope.csv'\n", "nope.csv: no such file"),
        ("[task2.data]\nsize = 5\n", "unknown key 'task2.data.size'"),
        (
            "[[task2.experiments]]\nname = 'a'\nlr = 0.1\nepochs = 5\nlab = { m = 0 }\n",
            "lab.m: must be non-zero",
        ),
        (
            "[[task2.experiments]]\nname = 'a'\nlr = 0.1\nepochs = 5\nlab = { slope = 2 }\n",
            "unknown key 'task2.experiments[0].lab.slope'",
        ),
        ("[[run]]\nlr = 0.1\nepochs = 5\n", "'run' at the top is the old experiments file form"),
    ],
)
def test_lab_config_errors_name_the_file_and_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "runs.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_lab_config_missing_and_bad_settings(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "none.toml")
    path = tmp_path / "runs.toml"
    path.write_text(
        "[[task2.experiments]]\nname = 'neg'\nlr = -0.1\nepochs = 5\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"experiments\[0\]: lr must be a positive number"):
        load_config(path)


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
