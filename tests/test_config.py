# ruff: noqa: RUF001 - Cyrillic names on purpose
"""One lab config for every command: data from a CSV file, expected numbers that belong to
their data, and the student's header."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from pathlib import Path

import pytest

from chainrule.descent.data import lab_data
from chainrule.descent.experiments import (
    LAB_DATA,
    Expected,
    ExperimentsResult,
    fingerprint,
    run_experiments,
)
from chainrule.errors import ConfigError
from chainrule.report import build_report
from chainrule.report.config import (
    DataConfig,
    ExperimentConfig,
    LabConfig,
    Student,
    Task2Config,
    config_from_dict,
    load_config,
    to_toml,
)
from conftest import run_cli

POINTS = "Hours;Score;note\n0;1,5;a\n1;3,25;b\n2;5,5;c\n3;7,75;d\n"


def _runs(task: Task2Config) -> ExperimentsResult:
    points = task.data.dataset()
    return run_experiments(experiments=[task.experiment(e, points) for e in task.experiments])


# --- the fingerprint ------------------------------------------------------------------
def test_the_lab_numbers_carry_the_fingerprint_of_the_lab_data(tmp_path: Path) -> None:
    lab = lab_data()
    assert fingerprint(lab) == LAB_DATA == "b3426b1614f152f5"
    assert fingerprint(lab_data(seed=7)) != LAB_DATA
    assert fingerprint(lab_data(n=101)) != LAB_DATA
    # The same points read from a CSV file (repr round-trips a float64) have the same print.
    path = tmp_path / "lab.csv"
    rows = "".join(f"{x!r},{y!r}\n" for x, y in zip(lab.x.tolist(), lab.y.tolist(), strict=True))
    path.write_text("x,y\n" + rows, encoding="utf-8")
    assert fingerprint(load_config_with_csv(tmp_path, "lab.csv").dataset()) == LAB_DATA


def load_config_with_csv(folder: Path, name: str) -> DataConfig:
    (folder / "lab.toml").write_text(f'[task2.data]\ncsv = "{name}"\n', encoding="utf-8")
    return load_config(folder / "lab.toml").task2.data


# --- data from a CSV file ---------------------------------------------------------------
def test_csv_data_are_read_beside_the_config_with_named_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    variant = tmp_path / "class" / "s01"
    variant.mkdir(parents=True)
    (variant / "points.csv").write_text(POINTS, encoding="utf-8")
    (variant / "lab.toml").write_text(
        '[task2.data]\ncsv = "points.csv"\nx_column = "hours"\ny_column = "SCORE"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)  # not the config's folder
    config = load_config(Path("class/s01/lab.toml"))
    data = config.task2.data.dataset()
    assert data.x.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert data.y.tolist() == [1.5, 3.25, 5.5, 7.75]
    assert data.recipe["path"] == str(Path("class/s01/points.csv"))
    # Written back, the data are the file alone: no generator settings to contradict it.
    text = to_toml(config)
    assert 'csv = "points.csv"\nx_column = "hours"\ny_column = "SCORE"' in text
    assert "seed" not in text and "slope" not in text
    again = config_from_dict(tomllib.loads(text), folder=Path("class/s01"))
    assert again == config
    # Generated data write no column names.
    assert "x_column" not in to_toml(LabConfig())


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[task2.data]\ncsv = "p.csv"\nseed = 7\n', "csv and seed: the data are a CSV file or"),
        ('[task2.data]\ncsv = "p.csv"\nn = 100\n', "csv and n: the data are a CSV file or"),
        ('[task2.data]\nx_column = "t"\n', "x_column: names a column of a csv file"),
        ('[task2.data]\ncsv = ""\n', "csv: expected a file name"),
        ('[task2.data]\ncsv = "p.csv"\nx_column = "a"\ny_column = "A"\n', "same column"),
        (
            '[task2.data]\ncsv = "p.csv"\nx_column = "t"\n',
            "line 1: expected a header naming columns t and y once each",
        ),
        ('[task2.data]\ncsv = "gone.csv"\n', "gone.csv: no such file"),
    ],
)
def test_csv_data_errors_are_one_line(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "p.csv").write_text("x,y\n0,1\n1,3\n", encoding="utf-8")
    (tmp_path / "lab.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "lab.toml")
    assert message in str(info.value) and "\n" not in str(info.value)


def test_a_csv_and_changed_generator_settings_are_refused_in_python_too() -> None:
    with pytest.raises(ConfigError, match="csv and noise, seed: the data are a CSV file"):
        DataConfig(csv="p.csv", seed=3, noise=0.5)


# --- expected numbers belong to their data -------------------------------------------
def test_the_lab_numbers_are_not_compared_on_other_data() -> None:
    result = _runs(Task2Config(data=DataConfig(seed=7)))
    assert result.other_data == ("0", "1", "2", "3", "4", "5")
    assert result.reproduced == (0, 0)
    assert [r.reproduces for r in result.runs] == [None] * 6
    out = result.to_dict()
    assert out["not_compared"] == ["0", "1", "2", "3", "4", "5"] and out["checked"] == 0
    assert out["runs"][0]["expected_for_other_data"] is True
    assert out["runs"][0]["expected"]["data"] == LAB_DATA
    assert out["runs"][0]["data_fingerprint"] == fingerprint(lab_data(seed=7))
    assert _runs(Task2Config()).reproduced == (6, 6)


def test_numbers_given_without_a_fingerprint_belong_to_the_configs_own_data() -> None:
    own = DataConfig(seed=7, n=40)
    measured = _runs(Task2Config(data=own, experiments=(ExperimentConfig("a", 0.01, 300),)))
    r = measured.runs[0].result
    numbers = Expected(m=r.m, b=r.b, final_mse=r.final_mse)
    task = Task2Config(data=own, experiments=(ExperimentConfig("a", 0.01, 300, lab=numbers),))
    assert task.experiments[0].lab == dataclasses.replace(numbers, data=fingerprint(own.dataset()))
    assert _runs(task).reproduced == (1, 1)
    # The same config with other data keeps its numbers' fingerprint: not compared.
    moved = dataclasses.replace(task, data=DataConfig(seed=8, n=40))
    assert moved.experiments == task.experiments
    assert _runs(moved).other_data == ("a",)
    # ... and so does its TOML form, read back.
    text = to_toml(LabConfig(task2=task))
    assert f'data = "{fingerprint(own.dataset())}"' in text
    assert config_from_dict(tomllib.loads(text)).task2 == task


def test_a_bad_fingerprint_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"lab\.data: expected the data's fingerprint"):
        ExperimentConfig("a", 0.01, 10, lab=Expected(m=1.0, data="B3426B1614F152F5"))


def test_cli_warns_once_and_exits_0_when_nothing_is_for_these_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "experiments", "--seed", "7", "--json")
    assert code == 0
    assert err == (
        "chainrule: warning: the expected numbers of runs 0, 1, 2, 3, 4 and 5 were measured "
        "on other data than these; they are not compared\n"
    )
    data = json.loads(out)
    assert (data["checked"], data["not_compared"]) == (0, ["0", "1", "2", "3", "4", "5"])
    # A config that changes the data but keeps the lab's experiments: the same.
    path = tmp_path / "variant.toml"
    path.write_text("[task2.data]\nslope = 3.0\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "experiments", str(path), "--lang", "uk")
    assert code == 0 and err.count("\n") == 1 and "очікувані числа запусків" in err
    assert out.count("немає очікуваних чисел для цих даних") == 6 and "Відтворено" not in out


def test_cli_data_options_change_the_configs_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "p.csv").write_text(POINTS.replace("Hours", "x").replace("Score", "y"))
    path = tmp_path / "v.toml"
    path.write_text(
        "[task2.data]\nnoise = 0.5\n[[task2.experiments]]\nname = 'a'\nlr = 0.01\nepochs = 10\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(capsys, "experiments", str(path), "--seed", "3", "--json")
    recipe = json.loads(out)["runs"][0]["data"]
    assert (code, recipe["noise"], recipe["seed"]) == (0, 0.5, 3)  # merged with the file's
    code, out, _ = run_cli(capsys, "experiments", str(path), "--csv", str(tmp_path / "p.csv"))
    assert code == 0 and out.startswith(f"Experiments: {path}; {tmp_path / 'p.csv'}: 4 points")


# --- the report: other data, and the student from the config ---------------------------
def test_report_takes_the_student_from_the_config_and_marks_other_data(tmp_path: Path) -> None:
    config = config_from_dict(
        {
            "student": {"name": "Олена Коваль", "group": "КН-21", "variant": "7"},
            "task2": {
                "data": {"seed": 7},
                "experiments": [
                    {"name": "lab", "lr": 0.02, "epochs": 50, "lab": {"m": 2.0, "data": LAB_DATA}}
                ],
                "lab_lrs": [0.02],
                "lab_choice": 0.02,
                "sweep": {"num": 5, "epochs": [50]},
            },
        }
    )
    report = build_report(out=tmp_path / "r", config=config, format="md", group="КН-22")
    top = report.markdown.split("\n## ", 1)[0]
    assert "| Олена Коваль | КН\\-22 | 7 |" in top  # the flag overrides the config's group
    assert report.config.student == Student("Олена Коваль", "КН-22", "7")
    assert 'name = "Олена Коваль"\ngroup = "КН-22"' in report.markdown  # the appendix TOML
    assert "The lab's numbers for lab were measured on other data" in report.markdown
    assert "reproduce the lab's numbers" not in report.markdown


def test_a_bad_student_in_the_config_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "lab.toml"
    path.write_text('[student]\nname = "a\\u202eb"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"lab\.toml: student: name must be one line"):
        load_config(path)
