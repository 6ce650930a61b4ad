# ruff: noqa: RUF001 - Cyrillic names on purpose
"""Teacher mode on a 300-student class (issue 13's targets: variants < 2 min, grading < 30 s).

    python bench/bench_teacher.py            # 300 students
    python bench/bench_teacher.py --students 40

Times, in one process: ``chainrule variants`` (the variants, hand-outs, sheets, configs
and key, written to a temporary folder), then ``chainrule grade`` on sheets filled the
way a class fills them: most items right, one student in five with typical slips (a
dropped inner factor, 1/lambda_max for lr_max, a sign in a partial, a diverging rate as
best), one in ten blank, one in twenty garbage, one in twenty missing. The peer measured
in the same run is one ``chainrule check derive`` of a right answer per student (what a
teacher would run by hand), so the ratio says what grading a whole sheet costs beyond it.
Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from chainrule.check.derivative import check_derivative
from chainrule.cli import main

VARIANTS_TARGET, GRADE_TARGET = 120.0, 30.0


def sheet(student: dict, k: int) -> str | None:
    """The sheet student ``k`` hands in (None: none)."""
    answers = {i["name"]: i["answer"] for i in student["items"]}
    if k % 20 == 19:
        return None
    if k % 20 == 18:
        return '[task1]\nderivative = "))(("\n[task2]\nm = "abc"\n[task3]\nL = [1]\n'
    if k % 10 == 7:
        return '[task1]\nderivative = ""\n'
    if k % 5 == 3:  # typical slips
        answers["task1.derivative"] = f"({answers['task1.derivative']})/2"
        answers["task2.lr_max"] = repr(float(answers["task2.lr_max"]) / 2)
        answers["task2.best"] = f"{student['task2']['rates'][-1]:g}"
        answers["task3.dL/da"] = str(-float(answers["task3.dL/da"]) or 1)
    lines: dict[str, list[str]] = {}
    for name, value in answers.items():
        table, _, item = name.partition(".")
        if table == "task2" and item in ("lr_max", "lr_opt", "m", "b", "mse"):
            value = f"{float(value):.6g}"
        lines.setdefault(table, []).append(f"{json.dumps(item)} = {json.dumps(value)}")
    return "".join(f"[{t}]\n" + "\n".join(rows) + "\n" for t, rows in lines.items())


def run(students: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rows = "".join(f"s{k:03d},Студент Номер {k},КН-{k % 4}\n" for k in range(students))
        (root / "class.csv").write_text("id,name,group\n" + rows, encoding="utf-8")
        start = time.perf_counter()
        code = main(["variants", "--roster", str(root / "class.csv"), "--out", str(root / "class")])
        variants_seconds = time.perf_counter() - start
        key = json.loads((root / "class" / "key.json").read_text(encoding="utf-8"))
        (root / "sub").mkdir()
        for k, student in enumerate(key["students"]):
            text = sheet(student, k)
            if text is not None:
                (root / "sub" / f"{student['id']}.toml").write_text(text, encoding="utf-8")
        start, cpu = time.perf_counter(), time.process_time()
        code |= main(
            [
                "grade",
                *("--key", str(root / "class" / "key.json")),
                *("--answers", str(root / "sub"), "--out", str(root / "grades.csv")),
            ]
        )
        grade_seconds, grade_cpu = time.perf_counter() - start, time.process_time() - cpu
        start = time.perf_counter()
        for student in key["students"]:
            check_derivative(student["task1"]["expression"], answer=student["items"][0]["answer"])
        peer = time.perf_counter() - start
    print(f"students: {students}")
    print(
        f"variants, hand-outs, sheets, configs, key: {variants_seconds:.1f} s"
        f" (target < {VARIANTS_TARGET:g} s)"
    )
    print(
        f"grading: {grade_seconds:.1f} s, {grade_cpu:.1f} s of CPU (target < {GRADE_TARGET:g} s);"
        f" peer, one check_derivative per student: {peer:.1f} s;"
        f" ratio {grade_seconds / peer:.1f}"
    )
    scale = 300 / students
    missed = variants_seconds * scale >= VARIANTS_TARGET or grade_seconds * scale >= GRADE_TARGET
    return int(bool(code) or missed)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    sys.exit(run(parser.parse_args().students))
