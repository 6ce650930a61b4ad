"""Issue 12's conveniences: several rates, the loss every N epochs, spreadsheet CSV files,
Ukrainian text, and short summaries of results in Jupyter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import chainrule
from chainrule.cli import main
from chainrule.descent.data import load_csv
from chainrule.errors import DataError
from chainrule.words import Text


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:  # argparse's usage errors
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_several_rates_one_table_and_a_verdict_each(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "train", "--lr", "0.001,0.01,0.1")
    assert code == 1  # 0.1 is above lr_max: one error line, every run still shown
    assert err == (
        "chainrule: error: lr = 0.1 is above lr_max = 0.0291941; gradient descent diverges"
        " (predicted overflow at epoch 199)\n"
    )
    assert "run        3 learning rates, 1000 epochs each from m = 0.33, b = 0.48" in out
    rows = [line.split() for line in out.splitlines() if re.match(r"\s+0\.\d+\s", line)]
    assert [r[0] for r in rows] == ["0.001", "0.01", "0.1"]
    assert [r[-2] for r in rows] == ["slow", "slow", "overflow"]
    assert float(rows[1][1]) == pytest.approx(2.003222509810484, rel=1e-12)
    assert "  lr = 0.1: overflow: MSE leaves float64 range at epoch 199" in out


def test_several_rates_as_json_is_a_list_one_rate_an_object(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "train", "--lr", "0.01, 0.02", "--epochs", "50", "--json")
    runs = json.loads(out)
    assert code == 0 and [r["lr"] for r in runs] == [0.01, 0.02]
    assert [len(r["history"]) for r in runs] == [51, 51]
    _, out, _ = run(capsys, "train", "--lr", "0.01", "--epochs", "50", "--json")
    assert json.loads(out)["lr"] == 0.01


def test_print_every_gives_the_history_at_those_epochs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "train", "--epochs", "250", "--print-every", "100")
    history = chainrule.train(lr=0.01, epochs=250).history
    table = out.split("MSE every 100 epochs:\n")[1].splitlines()
    assert code == 0 and table[0].split() == ["epoch", "MSE", "at", "lr", "=", "0.01"]
    rows = [line.split() for line in table[2:]]
    assert [int(r[0]) for r in rows] == [0, 100, 200, 250]  # and the last epoch
    assert [float(r[1]) for r in rows] == [history[k] for k in (0, 100, 200, 250)]


def test_print_every_marks_a_run_that_overflowed(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "train", "--lr", "0.01,0.1", "--epochs", "300", "--print-every", "150")
    rows = out.split("MSE every 150 epochs:\n")[1].splitlines()
    assert [r.split()[0] for r in rows[2:5]] == ["0", "150", "300"]
    last = [r.split()[-1] for r in rows[2:5]]  # lr = 0.1 grows until it overflows at 199
    assert last[0] == "150.5354246008579" and float(last[1]) > 1e200 and last[2] == "-"
    assert rows[5] == "  lr = 0.1: overflow at epoch 199"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--print-every", "0"], "--print-every must be at least 1, got 0"),
        (["--print-every", "10", "--json"], "--print-every prints text"),
        (["--lr", "0.01,x"], "expected a learning rate or several separated by commas"),
        (["--lr", "0.01,"], "expected a learning rate or several separated by commas"),
        (["--lr", ",".join(["0.01"] * 21)], "at most 20 learning rates, got 21"),
        (["--lr", "0,01"], "commas separate rates, so write the decimal point as '.': 0.01"),
        (["--lr", "0.01,-0.1"], "lr must be a positive number, got -0.1"),
        (["--lr", "0.01,nan"], "lr must be a positive number, got nan"),
        (["--decimal", ","], "--decimal describes a CSV file; give one with --csv"),
    ],
)
def test_bad_train_options_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "train", *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "points.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text",
    [
        "x;y\n1,5;2\n2;4,5\n3,25;7\n",  # a Ukrainian spreadsheet
        "x;y\r\n1.5;2\r\n2;4.5\r\n3.25;7\r\n",  # ';' with decimal points
        "\ufeffx\ty\n1,5\t2\n2\t4,5\n3,25\t7\n",  # tabs, a byte-order mark
        '"x";"y"\n"1,5";"2"\n2;"4,5"\n3,25;7\n',  # quoted
        "x,y\n1.5,2\n2,4.5\n3.25,7\n",  # the usual
    ],
)
def test_csv_separators_and_decimal_commas_are_found(tmp_path: Path, text: str) -> None:
    data = load_csv(_write(tmp_path, text))
    assert data.x.tolist() == [1.5, 2.0, 3.25] and data.y.tolist() == [2.0, 4.5, 7.0]


def test_csv_options_override_the_guess(tmp_path: Path) -> None:
    path = _write(tmp_path, "x;y\n1,5;2\n2;4,5\n")
    assert load_csv(path, sep=";", decimal=",").recipe == {
        "source": "csv",
        "path": str(path),
        "sep": ";",
        "decimal": ",",
    }
    with pytest.raises(DataError, match=r"line 2: x is not a number: '1,5'$"):
        load_csv(path, sep=";", decimal=".")
    with pytest.raises(DataError, match="line 1: expected a header naming columns x and y"):
        load_csv(path, sep=",")
    for sep, decimal, message in (
        ("|", None, "sep must be ',', ';' or a tab, got '|'"),
        (None, ";", "decimal must be one of ., ,, got ';'"),
        (",", ",", "sep and decimal are both ','"),
    ):
        with pytest.raises(DataError, match=re.escape(message)):
            load_csv(path, sep=sep, decimal=decimal)


def test_csv_errors_name_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "x;y\n1,5;2\n\n2;4,5\n3;1,2,3\n")
    code, out, err = run(capsys, "train", "--csv", str(path))
    assert (code, out) == (2, "")
    assert err == f"chainrule: error: {path}: line 5: y is not a number: '1,2,3'\n"


def test_cli_reads_a_spreadsheet_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "x;y\n0;1\n1;3\n2;5\n")
    code, out, _ = run(capsys, "train", "--csv", str(path), "--csv-sep", ";", "--epochs", "5000")
    assert code == 0 and "status     converged" in out
    code, out, _ = run(capsys, "train", "--csv", str(path), "--csv-sep", "tab")
    assert code == 2 and out == ""


#: Each command's text output in Ukrainian, a line that must be there and English that must not.
UK = [
    (["train"], "  стан         ще спускається", "status"),
    (["train", "--lr", "0.01,0.1"], "Висновки:", "Verdicts"),
    (["sweep", "--num", "20", "--epochs", "10,100"], "Запуски за станом:", "Runs by status"),
    (["experiments"], "Відтворено 6 з 6 (відносна похибка <= 1e-09).", "Reproduced"),
    (["graph", "a*b", "a=2", "b=3", "--lang", "uk"], "Прямий прохід", "Forward pass"),
]


@pytest.mark.parametrize("argv, present, absent", UK)
def test_lang_uk_writes_the_text_in_ukrainian(
    capsys: pytest.CaptureFixture[str], argv: list[str], present: str, absent: str
) -> None:
    if "--lang" not in argv:
        argv = [*argv, "--lang", "uk"]
    code, out, _ = run(capsys, *argv)
    assert code in (0, 1) and present in out and absent not in out
    assert "still descending" not in out and "lab data" not in out


def test_experiments_conclusion_in_ukrainian(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "experiments", "--lang", "uk")
    conclusion = out.split("Висновок:\n")[1]
    assert "lr = 0.02886: на епосі 496." in conclusion
    assert "lr = 0.001 досягає його на епосі 14396; lr = 0.1 переповнюється на епосі 199" in (
        conclusion
    )


def test_every_cli_word_has_both_languages() -> None:
    from chainrule.words import cli

    assert set(cli.EN) == set(cli.UK)
    assert Text("uk")("cli.status.converged") == "збігся"


def test_train_result_shows_a_summary_not_its_history() -> None:
    result = chainrule.train(lr=0.01, epochs=1000)
    assert repr(result) == (
        f"TrainResult(lr=0.01, epochs=1000, method='fast', status='slow', m={result.m!r},"
        f" b={result.b!r}, final_mse={result.final_mse!r}, overflow_epoch=None)"
    )
    markdown = result._repr_markdown_()
    assert "| status | slow |" in markdown and len(markdown) < 1000
    html = result._repr_html_()
    assert html.count("<tr>") == 6 and "data:image/png;base64," in html
    assert 5_000 < len(html) < 60_000  # a small picture, not 1001 numbers


def test_sweep_result_shows_a_summary_not_its_histories() -> None:
    grid = chainrule.sweep(lrs=chainrule.lr_grid(start=1e-3, stop=0.05, num=50), epochs=[10, 500])
    assert repr(grid).startswith("SweepResult(runs=50, lr_range=(0.001, 0.05), epochs=(10, 500),")
    assert len(repr(grid)) < 300
    markdown = grid._repr_markdown_()
    assert "| boundary | runs diverge between lr = " in markdown
    assert re.search(r"\| at 500 epochs \| \d+ slow, \d+ diverged", markdown)
    assert "<img alt='Learning-rate sweep'" in grid._repr_html_()


def test_overflowed_run_summary(capsys: pytest.CaptureFixture[str]) -> None:
    result = chainrule.train(lr=0.1, epochs=300)
    assert "| end | overflow at epoch 199 |" in result._repr_markdown_()
