"""The report's top and its appendix.

The top: the title, a place for the student's name, group and variant, and how the
report was built. The appendix: the configuration it was computed from (a table and the
TOML file) and the software versions.
"""

from __future__ import annotations

import platform

import matplotlib
import numpy
import sympy

from chainrule.report import markdown as md
from chainrule.report.config import LabConfig, Student, to_toml
from chainrule.report.part import Part
from chainrule.report.task2 import data_law
from chainrule.version import __version__
from chainrule.words import Text


def versions() -> dict[str, str]:
    """The versions of chainrule and of what computes and draws the report."""
    return {
        "chainrule": __version__,
        "Python": platform.python_version(),
        "NumPy": numpy.__version__,
        "SymPy": sympy.__version__,
        "matplotlib": matplotlib.__version__,
    }


#: Drawn where the student has not given a name, group or variant: a line to write on.
BLANK = md.escape("_" * 16)


def section(config: LabConfig, text: Text, student: Student | None = None) -> Part:
    """The title, the student's name, group and variant (``student``, default: the config's),
    and how the report was built."""
    student = student or config.student
    lang = "" if text.lang == "en" else f" --lang {text.lang}"
    who = [student.name, student.group, student.variant]
    labels = [text("student.name"), text("student.group"), text("student.variant")]
    parts = [
        f"# {text('title')}",
        md.table(labels, [[md.escape(v) if v else BLANK for v in who]], align="lll"),
        text(
            "intro",
            version=__version__,
            file=md.code("lab.toml"),
            command=md.code(f"chainrule report --config lab.toml{lang}"),
        ),
        text("playground.link", page="[playground.html](playground.html)"),
    ]
    return Part("\n\n".join(parts))


def appendix(config: LabConfig, text: Text) -> Part:
    """The configuration in a table and as TOML, and the software versions."""
    task1, task2, task3 = config.task1, config.task2, config.task3
    d, sweep = task2.data, task2.sweep
    values = ", ".join(f"{k} = {md.number(v)}" for k, v in task3.values.items())
    runs = "; ".join(f"{md.escape(e.name)}: lr = {e.lr:g}, {e.epochs}" for e in task2.experiments)
    if d.csv is None:
        data = [
            (text("header.seed"), str(d.seed)),
            (
                text("header.data"),
                text(
                    "header.recipe",
                    n=d.n,
                    x_min=md.number(d.x_min),
                    x_max=md.number(d.x_max),
                    line=md.math(data_law(d)),
                ),
            ),
        ]
    else:
        points = d.dataset().n
        data = [(text("header.data"), text("config.csv", file=md.code(d.csv), n=points))]
    rows = [
        (text("header.task1"), f"{md.code(task1.expression)}, {md.code(task1.variable)}"),
        *data,
        (
            text("header.start"),
            md.math(f"m_0 = {md.number(task2.m0)},\\ b_0 = {md.number(task2.b0)}"),
        ),
        (text("header.experiments"), runs),
        (
            text("header.sweep"),
            text("header.sweep_grid", num=sweep.num, epochs=", ".join(map(str, sweep.epochs))),
        ),
        (text("header.task3"), f"{md.code(task3.expression)}; {md.code(values)}"),
    ]
    software = ", ".join(f"{name} {version}" for name, version in versions().items())
    parts = [
        f"## {text('header.title')}",
        md.table([text("header.parameter"), text("header.value")], rows, align="ll"),
        text("header.versions", versions=software),
        text("header.toml"),
        f"```toml\n{to_toml(config)}```",
    ]
    return Part("\n\n".join(parts))
