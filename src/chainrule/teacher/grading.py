"""Grading a class from its answer key: every student's sheet, item by item, by the checker.

Each item is judged by :mod:`chainrule.check` (``check_derivative`` for Task 1,
``check_training`` for Task 2, ``check_trace`` for Task 3) and earns its weight when
right. A number that agrees with the key at the digits written is right at once, as the
checker would say; only the others are sent to the checker, which names the slip. A
missing or unreadable sheet is a row with its reason, an unreadable item a wrong item
with the reason: never a crash.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.budget import budgeted
from chainrule.check.answer_lists import agrees, written_number
from chainrule.check.derivative import check_derivative, check_work
from chainrule.check.item_checks import ItemCheck
from chainrule.check.trace_answers import check_trace
from chainrule.check.training_answers import check_training
from chainrule.check.verdict import Mistake, Verdict
from chainrule.descent.data import Dataset, dataset
from chainrule.errors import BudgetExceededError, ChainruleError, ConfigError
from chainrule.safe_files import read_bytes
from chainrule.teacher.roster import check_id
from chainrule.words import Text

#: Largest key read (300 students with 150 points each take about 10 MB).
MAX_KEY_BYTES = 256 << 20
#: Largest answer sheet read.
MAX_SHEET_BYTES = 1 << 16
#: Longest answer of one item (or worked derivation).
MAX_ANSWER = 2000
#: Seconds one item may take to judge: a pathological answer is not judged, the rest are.
ITEM_SECONDS = 10.0
#: What a sheet file may be called, besides ``<id>.toml``: ``<id>_...``, ``..._<id>`` and so on.
SEPARATORS = "_-. "
#: Characters of an answer the feedback repeats.
SHOWN = 120
#: An item's outcome: the checker's verdicts, and two of the sheet's own.
BLANK, UNREADABLE = "blank", "unreadable"


@dataclass(frozen=True)
class ItemGrade:
    """One item of one student: the answer, the outcome, the points and the named slips."""

    name: str
    answer: str
    outcome: str  # "equivalent", "not equivalent", "undecided", "blank" or "unreadable"
    points: float
    weight: float
    mistakes: tuple[Mistake, ...] = ()
    note: str = ""  # why an answer could not be read


@dataclass(frozen=True)
class StudentGrade:
    """One row of the grades: the student, each item, the total, or why there is none."""

    id: str
    name: str
    group: str
    lang: str
    variant: str
    items: tuple[ItemGrade, ...]
    reason: str = ""  # why the sheet was not graded ("" when it was)

    @property
    def total(self) -> float:
        return sum(item.points for item in self.items)

    @property
    def out_of(self) -> float:
        return sum(item.weight for item in self.items)

    def feedback(self) -> str:
        """The student's feedback in their language, as Markdown: each item and its slips."""
        text = Text(self.lang)
        lines = [
            f"# {text('teacher.feedback.title', name=self.name)}",
            "",
            text("teacher.feedback.variant", variant=self.variant, group=self.group or "-"),
            "",
        ]
        if self.reason:
            return "\n".join([*lines, text("teacher.feedback.reason", reason=self.reason), ""])
        lines += [
            text("teacher.feedback.total", total=f"{self.total:g}", out_of=f"{self.out_of:g}")
        ]
        lines.append("")
        for item in self.items:
            said = " ".join(item.answer.split())[:SHOWN] or "—"
            outcome = text(f"teacher.outcome.{item.outcome}")
            lines.append(
                f"- **{item.name}** = `{said}`: {outcome} ({item.points:g}/{item.weight:g})"
            )
            for m in item.mistakes:
                where = m.step if m.step == m.rule else f"{m.step}, {m.rule}"
                lines.append(f"  - {where}: {m.description}")
            if item.note:
                lines.append(f"  - {item.note}")
            if item.outcome == Verdict.NOT_EQUIVALENT and not item.mistakes and not item.note:
                lines.append(f"  - {text('teacher.feedback.no_slip')}")
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Grades:
    """The result of :func:`grade`: one row per student of the key, in its order."""

    students: tuple[StudentGrade, ...]

    def columns(self) -> list[str]:
        """Every item's name, in the order first met (a class shares most of them)."""
        return list(dict.fromkeys(i.name for s in self.students for i in s.items))

    def to_csv(self) -> str:
        """``grades.csv``: id, name, group, variant, one column per item, total, reason (a
        cell a spreadsheet would run as a formula, ``=...``, starts with ``'``)."""
        columns = self.columns()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "name", "group", "variant", *columns, "total", "out_of", "reason"])
        for s in self.students:
            points = {} if s.reason else {i.name: f"{i.points:g}" for i in s.items}
            row = [s.id, _cell(s.name), _cell(s.group), s.variant]
            row += [points.get(c, "") for c in columns]
            writer.writerow([*row, f"{s.total:g}", f"{s.out_of:g}", _cell(s.reason)])
        return out.getvalue()


def _cell(text: str) -> str:
    """``text`` safe in a spreadsheet: a leading ``= + - @`` would make it a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def read_key(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The answer key written by ``chainrule variants``; :class:`ConfigError` if it is not one."""
    raw = read_bytes(path, error=ConfigError, kind="an answer key", limit=MAX_KEY_BYTES)
    try:
        key = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not an answer key ({exc})") from None
    if not isinstance(key, dict) or not isinstance(key.get("students"), list):
        raise ConfigError(f"{path}: not an answer key (no list of students)")
    return key


@budgeted(lambda **_: "grading the class")
def grade(
    *,
    key: Mapping[str, Any],
    answers: str | os.PathLike[str],
    timeout: float | None = None,
) -> Grades:
    """Grade every student of ``key`` (:func:`read_key`) from their sheet in folder ``answers``
    (``<id>.toml``, or a name with the id as a part of it, such as ``<id>_lab.toml``)."""
    folder = Path(answers)
    if not folder.is_dir():
        raise ConfigError(f"answers: {str(folder)!r} is not a folder")
    # Regular files only: a FIFO or a device named s01.toml would block the read.
    files = sorted(p.name for p in folder.iterdir() if p.suffix.lower() == ".toml" and p.is_file())
    rows = []
    for k, student in enumerate(key["students"]):
        try:
            rows.append(_grade_student(student, folder, files))
        except ChainruleError as exc:
            raise ConfigError(f"key: student {k + 1}: {exc}") from None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"key: student {k + 1} is malformed ({exc!r})") from None
    return Grades(tuple(rows))


def _grade_student(student: Mapping[str, Any], folder: Path, files: Sequence[str]) -> StudentGrade:
    text = Text(student["lang"])
    row = {k: str(student[k]) for k in ("id", "name", "group", "lang", "variant")}
    check_id(student["id"], where="key")  # it names the feedback file
    unanswered = tuple(
        ItemGrade(i["name"], "", BLANK, 0.0, float(i["weight"])) for i in student["items"]
    )
    mine = [name for name in files if _names(name, row["id"])]
    if len(mine) != 1:
        why = "teacher.reason.missing" if not mine else "teacher.reason.several"
        return StudentGrade(**row, items=unanswered, reason=text(why, files=", ".join(mine)))
    try:
        raw = read_bytes(
            folder / mine[0], error=ConfigError, kind="an answer sheet", limit=MAX_SHEET_BYTES
        )
        sheet = tomllib.loads(raw.decode("utf-8"))
    except (ChainruleError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        why = text("teacher.reason.unreadable", file=mine[0], error=str(exc).splitlines()[0])
        return StudentGrade(**row, items=unanswered, reason=why)
    said = {i["name"]: _answer(sheet, i["name"]) for i in student["items"]}
    judge = _Judge(student, text, _work(sheet))
    items = tuple(judge.item(i, said[i["name"]]) for i in student["items"])
    return StudentGrade(**row, items=items)


def _names(file: str, sid: str) -> bool:
    """Whether ``file`` is ``<id>.toml`` or has ``id`` as one part of its name."""
    stem = file.rsplit(".", 1)[0]
    if stem == sid:
        return True
    return any(
        stem.startswith(sid + s) or stem.endswith(s + sid) or f"{s}{sid}{s}" in stem
        for s in SEPARATORS
    )


def _answer(sheet: Mapping[str, Any], name: str) -> str | None:
    """The answer to ``task2.m`` (``[task2] m = ...``): text, "" if blank, None if unreadable."""
    table, _, item = name.partition(".")
    section = sheet.get(table, {})
    value = section.get(item, "") if isinstance(section, dict) else None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return value if isinstance(value, str) else repr(value)


def _work(sheet: Mapping[str, Any]) -> str:
    """The worked derivation of Task 1 (``[task1] work``), if the sheet has one."""
    section = sheet.get("task1")
    work = section.get("work", "") if isinstance(section, dict) else ""
    return work.strip() if isinstance(work, str) and len(work) <= MAX_ANSWER else ""


class _Judge:
    """One student's tasks, and the checker's calls on their items."""

    def __init__(self, student: Mapping[str, Any], text: Text, work: str = "") -> None:
        self.text, self.lang, self.work = text, student["lang"], work
        self.task1, self.task2, self.task3 = student["task1"], student["task2"], student["task3"]
        self._data: Dataset | None = None

    @property
    def data(self) -> Dataset:
        """Task 2's points, as the key holds them (not regenerated from a seed)."""
        if self._data is None:
            t2 = self.task2
            self._data = dataset(x=np.array(t2["x"]), y=np.array(t2["y"]), recipe=t2["recipe"])
        return self._data

    def item(self, item: Mapping[str, Any], answer: str | None) -> ItemGrade:
        name, weight = item["name"], float(item["weight"])
        if answer is None:
            return ItemGrade(name, "", UNREADABLE, 0.0, weight, note=self.text("teacher.note.type"))
        answer = answer.strip()
        if not answer:
            return ItemGrade(name, "", BLANK, 0.0, weight)
        if len(answer) > MAX_ANSWER:
            note = self.text("teacher.note.long", limit=MAX_ANSWER)
            return ItemGrade(name, answer[:40] + "…", UNREADABLE, 0.0, weight, note=note)
        start = time.monotonic()
        try:
            if name != "task1.derivative" and _agrees(answer, item["answer"]):
                return ItemGrade(name, answer, Verdict.EQUIVALENT, weight, weight)
            verdict, mistakes = self._check(name, answer)
        except BudgetExceededError:
            if time.monotonic() - start < ITEM_SECONDS:  # the whole grading's budget is spent
                raise
            note = self.text("teacher.note.slow", seconds=f"{ITEM_SECONDS:g}")
            return ItemGrade(name, answer, UNREADABLE, 0.0, weight, note=note)
        except ChainruleError as exc:
            return ItemGrade(name, answer, UNREADABLE, 0.0, weight, note=str(exc))
        note = ""
        if name == "task1.derivative" and verdict == Verdict.NOT_EQUIVALENT and self.work:
            mistakes, note = self._first_wrong_line(mistakes)
        points = weight if verdict == Verdict.EQUIVALENT else 0.0
        return ItemGrade(name, answer, str(verdict), points, weight, mistakes, note)

    def _first_wrong_line(self, mistakes: tuple[Mistake, ...]) -> tuple[tuple[Mistake, ...], str]:
        """The first wrong line of the student's worked derivation, and its slips."""
        try:
            work = check_work(
                self.task1["expression"],
                work=self.work,
                wrt=self.task1["variable"],
                lang=self.lang,
                timeout=ITEM_SECONDS,
            )
        except ChainruleError as exc:
            return mistakes, self.text("teacher.note.work", error=str(exc))
        wrong = work.wrong
        if wrong is None:
            return mistakes, ""
        line = self.text("teacher.note.first_wrong", line=wrong.line, text=wrong.text)
        return wrong.check.mistakes or mistakes, line

    def _check(self, name: str, answer: str) -> tuple[Verdict, tuple[Mistake, ...]]:
        """The checker's verdict on one item, and the slips it names."""
        task, _, item = name.partition(".")
        if task == "task1":
            return _derivative(self.task1["expression"], self.task1["variable"], answer, self.lang)
        if "," in answer or ";" in answer or "\n" in answer:  # one item per answer, never a list
            raise ConfigError(self.text("teacher.note.one"))
        if task == "task3":
            t3 = self.task3
            return _one(
                item,
                lambda: (
                    check_trace(
                        expression=t3["expression"],
                        values=t3["values"],
                        answer=f"{item}={answer}",
                        lang=self.lang,
                        timeout=ITEM_SECONDS,
                    ).items
                ),
            )
        t2, rates = self.task2, self.task2["rates"]
        lr = rates[int(item.split("_")[1]) - 1] if item.startswith("status_") else rates[0]
        said = "status" if item.startswith("status_") else item
        return _one(
            said,
            lambda: (
                check_training(
                    answer=f"{said}={answer}",
                    lr=lr,
                    epochs=t2["epochs"],
                    data=self.data,
                    m0=t2["m0"],
                    b0=t2["b0"],
                    tol=t2["tol"],
                    lrs=rates,
                    lang=self.lang,
                    timeout=ITEM_SECONDS,
                ).items
            ),
        )


@lru_cache(maxsize=4096)
def _derivative(
    expression: str, variable: str, answer: str, lang: str
) -> tuple[Verdict, tuple[Mistake, ...]]:
    """Task 1's check; students who share a function often write the same answer."""
    result = check_derivative(
        expression, answer=answer, wrt=variable, lang=lang, timeout=ITEM_SECONDS
    )
    return result.verdict, result.mistakes


def _one(
    name: str, call: Callable[[], tuple[ItemCheck, ...]]
) -> tuple[Verdict, tuple[Mistake, ...]]:
    """The verdict of the one item ``name`` the checker was given."""
    items = call()
    if len(items) != 1 or items[0].name != name:
        raise ConfigError(f"expected one answer to {name}")
    return items[0].verdict, items[0].mistakes


def _agrees(answer: str, right: str) -> bool:
    """Whether ``answer`` is a number that rounds to the key's at its written digits (the
    checker's own test; a formula, a word or a wrong number goes to the checker)."""
    written = written_number(answer)
    try:
        true = float(right)
    except ValueError:
        return False
    return written is not None and agrees(written, true)
