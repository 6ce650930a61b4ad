"""``chainrule train``, ``experiments`` and ``sweep`` from the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from chainrule.cli import main
from chainrule.cli.descent_args import ProgressBar
from conftest import run_cli as run


def test_train_defaults_are_the_labs_experiment_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "train", "--method", "loop")
    assert code == 0 and err == ""
    assert "  m          2.003222509810484\n" in out
    assert "  b          3.3248920388471914\n" in out
    assert "  final MSE  1.0241824830839787\n" in out
    assert "  status     slow\n" in out
    assert "lr_max = 0.0291941 (= 2/lambda_max)" in out
    assert "verdict: still descending" in out and "about 1437 epochs reach tol 1e-06" in out


def test_a_divergent_run_is_an_error_and_still_explained(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "train", "--lr", "0.1")
    assert code == 1
    assert err == (
        "chainrule: error: lr = 0.1 is above lr_max = 0.0291941; gradient descent diverges"
        " (predicted overflow at epoch 199)\n"
    )
    assert "overflow      MSE leaves float64 range at epoch 199" in out
    assert "status        overflow" in out


def test_train_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "train", "--lr", "0.1", "--epochs", "100", "--json", "--n", "50")
    data = json.loads(out)
    assert code == 1  # lr 0.1 diverges on this data too
    required = {"lr", "epochs", "m", "b", "final_mse", "history", "status", "overflow_epoch"}
    assert required | {"stability"} <= set(data)
    assert data["lr"] == 0.1 and data["epochs"] == 100 and len(data["history"]) == 101
    assert data["status"] == "diverged" and data["overflow_epoch"] is None
    assert data["data"]["n"] == 50
    assert set(data["stability"]) >= {"lr_max", "lr_opt", "condition", "prediction"}


def test_train_on_a_csv_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.csv"
    path.write_text("x,y\n0,1\n1,3\n2,5\n3,7\n", encoding="utf-8")
    code, out, _ = run(capsys, "train", "--csv", str(path), "--lr", "0.05", "--epochs", "3000")
    assert code == 0
    assert f"data       {path}: 4 points" in out
    assert "status     converged" in out


def test_plots_folder_and_single_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "figs"
    assert run(capsys, "train", "--epochs", "50", "--plot", str(folder))[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == ["fit.svg", "mse.svg", "surface.svg"]
    first = (folder / "mse.svg").read_bytes()
    assert run(capsys, "train", "--epochs", "50", "--plot", str(folder))[0] == 0
    assert (folder / "mse.svg").read_bytes() == first  # deterministic SVG
    png = tmp_path / "all.png"
    assert run(capsys, "experiments", "--plot", str(png))[0] == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    assert (
        run(
            capsys,
            "sweep",
            "--num",
            "20",
            "--epochs",
            "30",
            "--plot",
            str(folder),
            "--plot-format",
            "png",
        )[0]
        == 0
    )
    assert (folder / "sweep.png").read_bytes().startswith(b"\x89PNG")
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_experiments_reproduce_the_lab(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "experiments")
    assert code == 0 and err == ""
    assert "Reproduced 6 of 6 (relative error <= 1e-09)." in out
    assert "overflow at epoch 199" in out and "yes (epoch 199)" in out
    assert "The lab's choice, lr = 0.01, gets there at epoch 1437" in out
    code, out, _ = run(capsys, "experiments", "--json")
    data = json.loads(out)
    assert data["reproduced"] == 6 and len(data["runs"]) == 6
    assert data["runs"][4]["overflow_epoch"] == 199
    assert data["conclusion"]["lab_choice"]["epochs_to_tol"] == 1437


def test_experiments_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "runs.toml"
    path.write_text(
        "[task2]\nlab_choice = 0.02\n[[task2.experiments]]\nname = 'quick'\nlr = 0.02\n"
        "epochs = 50\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "experiments", str(path))
    assert (code, err) == (0, "")
    assert out.startswith(f"Experiments: {path}; lab data: 100 points")
    assert "quick: still descending" in out and "Reproduced" not in out
    assert "The lab's choice, lr = 0.02, gets there at epoch" in out  # the config's choice


def test_the_example_lab_config_is_the_lab(capsys: pytest.CaptureFixture[str]) -> None:
    example = str(Path(__file__).resolve().parents[1] / "examples" / "lab.toml")
    code, out, err = run(capsys, "experiments", example, "--json")
    data = json.loads(out)
    assert (code, err, data["reproduced"], data["checked"], data["not_compared"]) == (
        0, "", 6, 6, []
    )  # fmt: skip
    assert data["source"] == example


def test_sweep_text_and_grid_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    grid = tmp_path / "grid.csv"
    code, out, _ = run(capsys, "sweep", "--num", "300", "--epochs", "10,2000", "--grid", str(grid))
    assert code == 0
    assert "grid      300 learning rates from 2.919e-05 to 0.04379 (log) x epochs 10, 2000" in out
    assert "(as predicted)" in out
    rows = list(csv.DictReader(grid.open()))
    assert len(rows) == 600 and set(rows[0]) == {"lr", "epochs", "m", "b", "final_mse", "status"}
    as_json = tmp_path / "grid.json"
    assert (
        run(
            capsys,
            "sweep",
            "--lr-min",
            "0.001",
            "--lr-max",
            "0.05",
            "--num",
            "5",
            "--spacing",
            "linear",
            "--epochs",
            "20",
            "--grid",
            str(as_json),
        )[0]
        == 0
    )
    data = json.loads(as_json.read_text())
    assert data["lrs"] == pytest.approx([0.001, 0.01325, 0.0255, 0.03775, 0.05])
    assert len(data["histories"]) == 5 and len(data["histories"][0]) == 21
    code, out, _ = run(capsys, "sweep", "--num", "10", "--epochs", "20", "--json")
    assert json.loads(out)["boundary"]["lr_max"] == pytest.approx(0.0291941, rel=1e-5)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "--lr", "-1"], "lr must be a positive number, got -1.0"),
        (["train", "--epochs", "0"], "epochs must be from 1 to 1e+07, got 0"),
        (["train", "--csv", "/nonexistent.csv"], "/nonexistent.csv: no such file"),
        (["train", "--csv", "x.csv", "--seed", "3"], "--seed sets generated data"),
        (["train", "--noise", "-2"], "noise must be >= 0"),
        (["train", "--m0", "1e300"], "m0 must be a number of size at most 1e+100"),
        (["train", "--plot", "out.pdf"], "--plot: cannot write a .pdf file"),
        (["train", "--plot", "/nonexistent/x.svg"], "--plot: folder '/nonexistent' does not exist"),
        (["experiments", "/nonexistent.toml"], "/nonexistent.toml: no such file"),
        (["sweep", "--epochs", "10,x"], "--epochs takes whole numbers separated by commas"),
        (["sweep", "--grid", "grid.txt"], "--grid writes .csv or .json"),
        (["sweep", "--lr-min", "0.1", "--lr-max", "0.01"], "the first learning rate (start) must"),
        (
            ["sweep", "--num", "100000", "--epochs", "1000"],
            "100,000 learning rates x 1,001 epochs (0 to 1,000) need 100,100,000 stored values;"
            " at most 10,000,000",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("chainrule: error: ")
    assert message in err


def test_bad_experiments_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[[task2.experiments]]\nname = 'a'\nlr = 0.1\n", encoding="utf-8")
    code, out, err = run(capsys, "experiments", str(path))
    assert (code, out) == (2, "")
    assert err == f"chainrule: error: {path}: task2.experiments[0]: missing key 'epochs'\n"


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    for command, example in [
        ("train", "chainrule train --lr 0.1 --epochs 1000"),
        ("experiments", "chainrule experiments --plot figures/"),
        ("sweep", "chainrule sweep --plot heatmap.svg"),
    ]:
        with pytest.raises(SystemExit) as info:
            main([command, "--help"])
        assert info.value.code == 0
        assert example in capsys.readouterr().out


def test_progress_bar_draws_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert not ProgressBar.wanted(10**9)  # stdout is not a terminal under pytest
    bar = ProgressBar("sweep", width=10)
    bar(50, 100)
    bar(50, 100)  # unchanged: not redrawn
    bar.finish()
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "\rsweep [#####-----]  50%\n"


def test_experiments_exit_1_when_a_run_misses_its_expectation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = tmp_path / "runs.toml"
    runs.write_text(
        "[[task2.experiments]]\nname = 'a'\nlr = 0.01\nepochs = 100\nlab = { m = 1.0 }\n"
    )
    code, out, _ = run(capsys, "experiments", str(runs))
    assert code == 1
    assert "Reproduced 0 of 1" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sweep", "--top", "0"], "--top must be at least 1, got 0"),
        (["sweep", "--num", "100000000000"], "num (learning rates) must be a whole number from 2"),
        (["train", "--tol", "2"], "tol must be a number between 0 and 1"),
    ],
)
def test_options_out_of_range(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err
