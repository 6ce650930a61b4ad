"""A class roster: a UTF-8 CSV of ``id, name`` and optional ``group`` and ``lang`` columns.

The first row names the columns (in any order; ``,`` or ``;`` between them, a spreadsheet's
byte-order mark allowed). An id names the student's files, so it is letters (any script),
digits, ``-`` and ``_``; ids are unique. A bad row is an error naming its line.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from chainrule.errors import DataError
from chainrule.safe_files import read_bytes
from chainrule.words import LANGUAGES

#: Largest roster read (300 students take about 15 kB).
MAX_BYTES = 1 << 20
#: Most students in one roster.
MAX_STUDENTS = 5000
#: Longest id and name.
MAX_ID, MAX_NAME = 40, 200
COLUMNS = ("id", "name", "group", "lang")


@dataclass(frozen=True)
class Student:
    """One row of the roster."""

    id: str
    name: str
    group: str = ""
    lang: str = "en"


def read_roster(path: str | os.PathLike[str], *, lang: str = "en") -> tuple[Student, ...]:
    """The students of the roster at ``path``; ``lang`` for rows without one."""
    raw = read_bytes(path, error=DataError, kind="a roster", limit=MAX_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{path}: not a UTF-8 text file") from None
    return parse_roster(text, where=str(Path(path)), lang=lang)


def parse_roster(text: str, *, where: str = "roster", lang: str = "en") -> tuple[Student, ...]:
    """The students of roster ``text`` (see the module docstring)."""
    if lang not in LANGUAGES:
        raise DataError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise DataError(f"{where}: empty; the first row must name the columns (id, name)")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [cell.strip().lower() for cell in rows[0]]
    for name in header:
        if name not in COLUMNS:
            raise DataError(
                f"{where}, line 1: unknown column {name!r} (known: {', '.join(COLUMNS)})"
            )
    if "id" not in header or "name" not in header or len(set(header)) != len(header):
        raise DataError(f"{where}, line 1: the columns must include id and name, each once")
    students: list[Student] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise DataError(
                f"{where}, line {number}: {len(row)} cells, the header has {len(header)}"
            )
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        student = _student(cells, lang, f"{where}, line {number}")
        if student.id.casefold() in seen:  # S01 and s01 are one folder on some systems
            raise DataError(f"{where}, line {number}: id {student.id!r} is given twice")
        seen.add(student.id.casefold())
        students.append(student)
        if len(students) > MAX_STUDENTS:
            raise DataError(f"{where}: more than {MAX_STUDENTS} students")
    if not students:
        raise DataError(f"{where}: no students (only the header row)")
    return tuple(students)


def check_id(sid: object, *, where: str) -> None:
    """An id names files: 1 to :data:`MAX_ID` letters, digits, ``-`` or ``_``; else DataError."""
    if not isinstance(sid, str) or not sid:
        raise DataError(f"{where}: no id")
    if len(sid) > MAX_ID or not all(ch.isalnum() or ch in "-_" for ch in sid):
        raise DataError(
            f"{where}: id {sid[:MAX_ID]!r} must be at most {MAX_ID} letters, digits, - or _"
        )


def _student(cells: dict[str, str], lang: str, where: str) -> Student:
    sid, name = cells.get("id", ""), cells.get("name", "")
    check_id(sid, where=where)
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise DataError(f"{where}: the name must be 1 to {MAX_NAME} printable characters")
    group = cells.get("group", "")
    if len(group) > MAX_NAME or not group.isprintable():
        raise DataError(f"{where}: the group must be at most {MAX_NAME} printable characters")
    chosen = cells.get("lang", "").lower() or lang
    if chosen not in LANGUAGES:
        raise DataError(f"{where}: lang must be one of {', '.join(LANGUAGES)}, got {chosen!r}")
    return Student(sid, name, group, chosen)
