# ruff: noqa: RUF001 - Cyrillic names on purpose
"""Teacher mode: variants, hand-outs and keys for a 5-student class, then grading its sheets."""

from __future__ import annotations

import csv
import io
import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from chainrule.cli import build_parser, main
from chainrule.descent.status import DIVERGENT
from chainrule.errors import ConfigError, DataError
from chainrule.report.config import load_config
from chainrule.teacher.grading import grade, read_key
from chainrule.teacher.roster import parse_roster
from chainrule.teacher.template import Template, template_from_dict
from chainrule.teacher.variants import make_variants

ROSTER = (
    "id,name,group,lang\n"
    "s01,Олена Петренко,КН-21,uk\n"
    "s02,Іван Коваль,КН-21,uk\n"
    "s03,John Smith,CS-1,en\n"
    "s04,Марія Шевченко,КН-22,\n"
    "s05,Тарас Бондар,,uk\n"
)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("teacher")
    (root / "class.csv").write_text(ROSTER, encoding="utf-8")
    args = ["variants", "--roster", str(root / "class.csv"), "--out", str(root / "class")]
    assert main([*args, "--seed", "7"]) == 0
    return root


def answers_of(student: dict[str, Any]) -> dict[str, str]:
    return {i["name"]: i["answer"] for i in student["items"]}


def sheet(answers: dict[str, str]) -> str:
    tables: dict[str, list[str]] = {}
    for name, value in answers.items():
        table, _, item = name.partition(".")
        tables.setdefault(table, []).append(f"{json.dumps(item)} = {json.dumps(value)}")
    return "".join(f"[{t}]\n" + "\n".join(rows) + "\n" for t, rows in tables.items())


def test_every_student_gets_the_files_and_the_key_holds_the_answers(made: Path) -> None:
    key = read_key(made / "class" / "key.json")
    assert [s["id"] for s in key["students"]] == ["s01", "s02", "s03", "s04", "s05"]
    assert [s["lang"] for s in key["students"]] == ["uk", "uk", "en", "en", "uk"]
    for student in key["students"]:
        folder = made / "class" / student["id"]
        names = sorted(p.name for p in folder.iterdir())
        assert names == ["answers.toml", "data.csv", "handout.html", "handout.md", "lab.toml"]
        page = (folder / "handout.html").read_text(encoding="utf-8")
        assert student["name"] in page and student["variant"] in page
        assert "<script" not in page and "http" not in page  # self-contained
        assert student["task1"]["expression"] in (folder / "handout.md").read_text("utf-8")
        rows = (folder / "data.csv").read_text(encoding="utf-8").splitlines()
        assert len(rows) == len(student["task2"]["x"]) + 1
        assert [float(c) for c in rows[1].split(",")] == [
            student["task2"]["x"][0],
            student["task2"]["y"][0],
        ]
        form = tomllib.loads((folder / "answers.toml").read_text(encoding="utf-8"))
        filled = {f"{table}.{name}" for table, items in form.items() for name in items}
        assert filled == {*answers_of(student), "task1.work"}
    assert "Олена Петренко" in (made / "class" / "s01" / "handout.md").read_text("utf-8")
    assert "Завдання 1" in (made / "class" / "s01" / "handout.md").read_text("utf-8")
    assert "Task 1" in (made / "class" / "s03" / "handout.md").read_text("utf-8")


def test_each_lab_toml_is_the_variant_config_and_the_commands_allow_a_class_time(
    made: Path,
) -> None:
    roster = parse_roster(ROSTER)
    variants = make_variants(roster=roster, template=Template(), seed=7).variants
    for v in variants:
        assert load_config(made / "class" / v.student.id / "lab.toml") == v.config
    args = build_parser().parse_args(["grade", "--key", "k", "--answers", "a", "--out", "g.csv"])
    assert (args.timeout, args.default_timeout) == (None, 600.0)


def test_variants_are_fair() -> None:
    roster = parse_roster(
        "id,name\n" + "".join(f"p{k},Учень {k}\n" for k in range(12)), where="roster"
    )
    for v in make_variants(roster=roster, template=Template(), seed=3).variants:
        statuses = v.task2["status"]
        assert "slow" in statuses and any(s in DIVERGENT for s in statuses)
        lr_max = v.task2["lr_max"]
        assert any(lr > lr_max for lr in v.rates) and min(v.rates) < lr_max / 10
        assert all(x == round(x) and abs(x) <= 100 for x in v.task3.values())
        assert all(x == round(x) and x != 0 for x in v.config.task3.values.values())
        assert v.task2["best"] in v.rates and v.task2["best"] < lr_max
        assert v.config.task1.expression != "1/(1 + e**(-x))"  # not the lab's own function
    only = template_from_dict(
        {"vary": {"task1": {"functions": ["sigmoid"], "scales": [1], "shifts": [0]}}}
    )
    drawn = make_variants(roster=roster[:3], template=only, seed=3).variants
    assert {v.config.task1.expression for v in drawn} == {"2/(1 + e**(-x))"}


def test_same_inputs_same_bytes_and_a_rebuild_keeps_other_files(made: Path) -> None:
    again = made / "again"
    again.mkdir()
    (again / "notes.txt").write_text("mine", encoding="utf-8")
    args = ["variants", "--roster", str(made / "class.csv"), "--out", str(again)]
    assert main([*args, "--seed", "7"]) == 0
    first = {p.relative_to(made / "class"): p.read_bytes() for p in (made / "class").rglob("*.*")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.*")}
    assert second.pop(Path("notes.txt")) == b"mine"
    assert first == second


def test_adding_a_student_changes_no_one_else() -> None:
    few = parse_roster("id,name\na1,Анна\nb2,Борис\n")
    more = parse_roster("id,name\nz9,Зоя\na1,Анна\nb2,Борис\n")
    one = make_variants(roster=few, template=Template(), seed=1).variants
    two = make_variants(roster=more, template=Template(), seed=1).variants
    assert [v.key() for v in one] == [v.key() for v in two[1:]]
    other = make_variants(roster=few, template=Template(), seed=2).variants
    assert one[0].variant != other[0].variant


def test_grading_right_answers_typical_mistakes_blanks_garbage_and_missing(made: Path) -> None:
    key = read_key(made / "class" / "key.json")
    s1, s2 = key["students"][:2]
    sub = made / "submitted"
    sub.mkdir()
    right = answers_of(s1)  # as a student writes them: 5 digits, their own form
    right = {
        k: (f"{float(v):.5g}" if k[6:] in ("lr_max", "lr_opt", "m", "b", "mse") else v)
        for k, v in right.items()
    }
    (sub / "s01.toml").write_text(sheet(right), encoding="utf-8")
    wrong = answers_of(s2)
    wrong["task1.work"] = f"{wrong['task1.derivative']}\n({wrong['task1.derivative']})/2"
    wrong["task1.derivative"] = f"({wrong['task1.derivative']})/2"
    wrong["task2.lr_max"] = repr(float(wrong["task2.lr_max"]) / 2)  # 1/lambda_max
    wrong["task2.status_3"] = "converged"  # above lr_max: it diverges
    wrong["task2.best"] = f"{s2['task2']['rates'][2]:g}"  # the diverging rate
    wrong["task3.dL/da"] = str(-int(wrong["task3.dL/da"]))  # a sign in the backward pass
    (sub / "lab_s02.toml").write_text(sheet(wrong), encoding="utf-8")
    (sub / "s03.toml").write_text('[task2]\nlr_max = ""\n', encoding="utf-8")  # blanks
    garbage = '[task1]\nderivative = "))(("\n[task2]\nm = "2, b=3"\nstatus_1 = "maybe"\n'
    garbage += 'best = true\n[task3]\nL = [1]\n"dL/da" = "abc"\n'
    (sub / "s04.toml").write_text(garbage, encoding="utf-8")  # s05 hands nothing in
    out = made / "grades.csv"
    args = ["grade", "--key", str(made / "class" / "key.json"), "--answers", str(sub)]
    assert main([*args, "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["s01", "s02", "s03", "s04", "s05"]
    assert (rows[0]["total"], rows[0]["out_of"], rows[0]["reason"]) == ("18", "18", "")
    assert rows[1]["task1.derivative"] == "0" and rows[1]["task2.lr_max"] == "0"
    assert rows[1]["task2.status_3"] == "0" and rows[1]["task2.best"] == "0"
    assert rows[1]["task3.dL/da"] == "0" and rows[1]["total"] == "10"
    assert rows[2]["total"] == "0" and rows[2]["reason"] == ""
    assert rows[3]["total"] == "0" and rows[3]["task2.m"] == "0"
    assert rows[4]["reason"] == "бланк відповідей не здано" and rows[4]["task1.derivative"] == ""
    feedback = made / "feedback"
    wrong_words = (feedback / "s02.md").read_text(encoding="utf-8")
    assert "Бали: 10 з 18." in wrong_words
    assert "1/lambda_max" in wrong_words  # the lr_max slip is named
    assert "рядок 2 вашого розв'язання — перший неправильний" in wrong_words  # check_work
    assert "lr = " in wrong_words and "розходиться" in wrong_words  # a diverging run
    assert "має хибний знак" in wrong_words  # the backward pass's sign slip, with its edge
    english = (feedback / "s04.md").read_text(encoding="utf-8")
    assert "could not be read" in english and "give one answer here, not a list" in english
    assert "status must be one of" in english
    assert "Не оцінено" in (feedback / "s05.md").read_text(encoding="utf-8")


def test_an_unreadable_sheet_or_two_sheets_are_a_reason(made: Path) -> None:
    key = read_key(made / "class" / "key.json")
    sub = made / "bad"
    sub.mkdir()
    (sub / "s01.toml").write_text("[task1\nderivative = ", encoding="utf-8")
    (sub / "s02.toml").write_bytes(b"\xff\xfe")
    (sub / "s03.toml").write_text("", encoding="utf-8")
    (sub / "s03_v2.toml").write_text("", encoding="utf-8")
    hostile = '[task3]\nL = "1e999999"\n"dL/da" = "10**10**10"\n"dL/db" = "x**x**x"\n'
    (sub / "s04.toml").write_text(hostile, encoding="utf-8")
    os.mkfifo(sub / "s05.toml")  # would block a read: not a sheet
    result = grade(key=key, answers=sub)
    reasons = [s.reason for s in result.students]
    assert reasons[3] == "" and reasons[4] == "бланк відповідей не здано"
    items = result.students[3].items[-5:-2]
    assert [i.outcome for i in items] == ["unreadable"] * 3
    assert items[0].note == "answer: '1e999999' is far outside float64's range (1e±308)"
    assert items[1].note.startswith("the constant 10**10**10 (about 10**10000000000)")
    assert items[2].note.startswith("answer, dL/db: unknown name 'x'")
    assert reasons[0].startswith("не вдалося прочитати бланк s01.toml")
    assert reasons[1].startswith("не вдалося прочитати бланк s02.toml")
    assert reasons[2] == "several answer sheets (s03.toml, s03_v2.toml); hand in one"


def test_template_keys_are_checked_by_name() -> None:
    with pytest.raises(ConfigError, match=r"unknown key 'vary.task2.slop'"):
        template_from_dict({"vary": {"task2": {"slop": [1, 2]}}})
    with pytest.raises(ConfigError, match=r"unknown function 'relu'"):
        template_from_dict({"vary": {"task1": {"functions": ["relu"]}}})
    with pytest.raises(ConfigError, match=r"vary.task3.expressions\[0\]"):
        template_from_dict({"vary": {"task3": {"expressions": ["__import__('os')"]}}})
    with pytest.raises(ConfigError, match=r"weights.partial: expected a number"):
        template_from_dict({"weights": {"partial": "2"}})
    with pytest.raises(ConfigError, match="unknown key 'task9'"):
        template_from_dict({"task9": {}})
    short = template_from_dict({"vary": {"task2": {"rates": [0.02, 0.6, 1.2]}}})
    assert short.vary.task2.rates == (0.02, 0.6, 1.2) and short.vary.task2.epochs == 1000


def test_an_unfair_template_is_an_error_not_an_unfair_class() -> None:
    template = template_from_dict({"vary": {"task2": {"rates": [0.5, 0.9]}}})  # none diverges
    with pytest.raises(ConfigError, match="no fair data"):
        make_variants(roster=parse_roster("id,name\na,Б\n"), template=template)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,name\ns1,Анна\ns1,Борис\n", "line 3: id 's1' is given twice"),
        ("id,name\ns1,Анна\nS1,Борис\n", "line 3: id 'S1' is given twice"),
        ("id,name\n../x,Анна\n", "line 2: id '../x' must be"),
        ("id,name\ns1,\n", "line 2: the name must be"),
        ("id,name,lang\ns1,Анна,fr\n", "line 2: lang must be one of en, uk"),
        ("id,name\ns1,Анна,КН,extra\n", "line 2: 4 cells"),
        ("name,group\nАнна,КН\n", "line 1: the columns must include id and name"),
        ("id,name,email\n", "line 1: unknown column 'email'"),
        ("id,name\n", "no students"),
        ("", "empty"),
    ],
)
def test_bad_roster_rows_are_named(text: str, message: str) -> None:
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse_roster(text)


def test_a_roster_with_semicolons_and_a_byte_order_mark(tmp_path: Path) -> None:
    from chainrule.teacher.roster import read_roster

    path = tmp_path / "class.csv"
    path.write_bytes("\ufeffid;name;group\nк1;Ярина Олійник;КН-1\n".encode())
    assert [(s.id, s.name, s.group) for s in read_roster(path)] == [("к1", "Ярина Олійник", "КН-1")]


def test_cli_errors_are_one_line(made: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = made / "bad.csv"
    bad.write_text("id,name\n,Анна\n", encoding="utf-8")
    assert main(["variants", "--roster", str(bad), "--out", str(made / "x")]) == 2
    assert capsys.readouterr().err == f"chainrule: error: {bad}, line 2: no id\n"
    args = ["grade", "--key", str(bad), "--answers", str(made), "--out", str(made / "g.csv")]
    assert main(args) == 2
    assert "not an answer key" in capsys.readouterr().err
    key = str(made / "class" / "key.json")
    assert main(["grade", "--key", key, "--answers", str(bad), "--out", str(made / "g.csv")]) == 2
    assert "is not a folder" in capsys.readouterr().err
