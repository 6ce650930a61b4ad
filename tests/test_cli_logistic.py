"""``chainrule train --model logistic`` and ``chainrule lr-range`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli as run


def test_train_logistic_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "train", "--model", "logistic")
    assert code == 0 and err == ""
    assert "two-class set: 200 points (100 of class 0 from N(-1, 1)" in out
    assert "safe lr for gd (theory: 8/lambda_max(X^T X/n)) = 3.59689" in out
    assert "limit at the optimum = 21.9112" in out
    assert "gd runs stop decreasing between lr = 18.03 and 20.23" in out
    assert "  w              2.3946778490050433\n" in out
    assert "  accuracy       86.5% (173 of 200 on their class's side)\n" in out
    assert "  status         converged\n" in out
    assert "(Newton's method, 7 steps)" in out


def test_train_logistic_several_rates_every_and_ukrainian(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys, "train", "--model", "logistic", "--lr", "1,30", "--print-every", "500"
    )
    assert code == 1 and err == "chainrule: error: lr = 30: diverged\n"
    assert "2 learning rates, 1000 epochs, optimizer gd" in out
    assert "loss (lr 1)" in out and "loss (lr 30)" in out
    assert "      0   0.6931471805599452   0.6931471805599452\n" in out
    code, out, _ = run(capsys, "train", "--model", "logistic", "--lang", "uk")
    assert code == 0 and "лог-втрата" in out and "збігся" in out


def test_train_logistic_json_and_plot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    svg = tmp_path / "logistic.svg"
    code, out, _ = run(
        capsys, "train", "--model", "logistic", "--epochs", "50", "--json", "--plot", str(svg)
    )
    data = json.loads(out)
    assert code == 0
    runs = data["runs"]
    assert runs["model"] == "logistic" and len(runs["history"]) == 51
    assert runs["optimizer"]["name"] == "gd" and runs["data"]["source"] == "two-class"
    assert data["sweep"]["safe_holds"] is True
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "boundary x = " in text


def test_train_logistic_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("x,y\n-1,0\n0,1\n1,0\n2,1\n", encoding="utf-8")
    code, out, _ = run(capsys, "train", "--model", "logistic", "--csv", str(path))
    assert code == 0 and f"{path}: 4 points (2 of class 0, 2 of class 1)" in out
    path.write_text("x,y\n-1,0\n0,1\n1,0.5\n", encoding="utf-8")
    code, _, err = run(capsys, "train", "--model", "logistic", "--csv", str(path))
    assert code == 2
    assert err == (
        f"chainrule: error: {path}: data row 3 (x = 1): the label y must be 0 or 1, got 0.5\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--slope", "3"), "--slope sets the line's generated data"),
        (("--method", "loop"), "--method chooses how the line is fitted"),
        (("--m0", "1"), "--m0/--b0 start the line"),
        (("--lr", "0"), "learning rate must be positive"),
        (("--epochs", "0"), "epochs"),
        (("--n", "2"), "n must be"),
        (("--decimal", ","), "--decimal describes a CSV file"),
        (("--print-every", "0"), "--print-every must be at least 1"),
    ],
)
def test_train_logistic_bad_options(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "train", "--model", "logistic", *argv)
    assert code == 2 and out == ""
    assert err.startswith("chainrule: error: ") and message in err and err.count("\n") == 1


def test_optimizer_flags_reach_logistic_regression(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("train", "--model", "logistic", "--optimizer", "momentum", "--beta", "0.9")
    code, out, err = run(capsys, *args, "--lr", "0.5", "--epochs", "300")
    assert code == 0 and err == ""
    assert "300 epochs, optimizer momentum, schedule constant" in out
    assert "  epochs to tol  82\n" in out
    code, _, err = run(capsys, "train", "--model", "logistic", "--data", "big.parquet")
    assert (code, err) == (
        2,
        "chainrule: error: big.parquet: no such file\n",
    )
    code, _, err = run(capsys, "train", "--model", "logistic", "--beta", "0.9")
    assert code == 2
    assert err == "chainrule: error: --beta is for --optimizer momentum or nesterov, not gd\n"


def test_lr_range(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "lr-range")
    assert code == 0 and err == ""
    assert "learning-rate range test (line): 76 steps from lr = 1e-06 up to 0.201" in out
    assert "lr = 0.001789 (steepest fall of the smoothed loss); lr_opt = 0.02898" in out
    assert "at lr = 0.2009 the loss passed 4 times its smallest value" in out
    png = tmp_path / "range.png"
    code, out, _ = run(capsys, "lr-range", "--model", "logistic", "--json", "--plot", str(png))
    data = json.loads(out)
    assert code == 0 and data["reference"] == "safe_lr" and data["blowup_lr"] is None
    assert png.read_bytes().startswith(b"\x89PNG")
    code, _, err = run(capsys, "lr-range", "--lr-min", "1", "--lr-max", "1")
    assert code == 2 and "lr_min must be below lr_max" in err
