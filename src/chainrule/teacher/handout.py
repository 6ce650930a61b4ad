"""A student's files: the hand-out (Markdown and self-contained HTML), the data, the answer sheet.

Statements only, no solutions: they are quick to write, and the same variant always
gives the same bytes.
"""

from __future__ import annotations

import html
import json

from chainrule.report.config import to_toml
from chainrule.teacher.variants import ClassVariants, Variant
from chainrule.words import Text

#: The names of a student's files in their folder.
HANDOUT_MD, HANDOUT_HTML, DATA_CSV, SHEET, LAB_TOML = (
    "handout.md",
    "handout.html",
    "data.csv",
    "answers.toml",
    "lab.toml",
)

_STYLE = """body{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;
line-height:1.5;color:#222}header{border-bottom:2px solid #335;margin-bottom:1em}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.4em;color:#335}
code{background:#f2f2f6;padding:0 .25em;border-radius:3px;font-size:1.05em}
.who{display:flex;gap:2em;flex-wrap:wrap;font-weight:600}"""


def statements(v: Variant) -> list[tuple[str, list[str]]]:
    """The hand-out's sections: (heading, paragraphs); formulas are marked with backticks."""
    text, c = Text(v.student.lang), v.config
    recipe = v.data.recipe
    numbers = {k: f"{recipe[k]:g}" for k in ("slope", "intercept", "noise", "x_min", "x_max")}
    values = ", ".join(f"`{k} = {x:g}`" for k, x in c.task3.values.items())
    rates = ", ".join(f"`{lr:g}`" for lr in v.rates)
    return [
        (
            text("teacher.handout.task1"),
            [text("teacher.handout.task1.text", function=f"`{c.task1.expression}`")],
        ),
        (
            text("teacher.handout.task2"),
            [
                text("teacher.handout.task2.data", n=v.data.n, csv=f"`{DATA_CSV}`", **numbers),
                text(
                    "teacher.handout.task2.text",
                    m0=f"{c.task2.m0:g}",
                    b0=f"{c.task2.b0:g}",
                    epochs=v.epochs,
                    rates=rates,
                ),
                text(
                    "teacher.handout.task2.items",
                    first=f"{v.rates[0]:g}",
                    count=len(v.rates),
                    tol=f"{c.task2.tol:g}",
                ),
            ],
        ),
        (
            text("teacher.handout.task3"),
            [
                text(
                    "teacher.handout.task3.text",
                    expression=f"`{c.task3.expression}`",
                    values=values,
                )
            ],
        ),
    ]


def _who(v: Variant) -> list[str]:
    text, s = Text(v.student.lang), v.student
    who = [text("teacher.handout.student", name=s.name)]
    if s.group:
        who.append(text("teacher.handout.group", group=s.group))
    return [*who, text("teacher.handout.variant", variant=v.variant)]


def markdown(v: Variant) -> str:
    """The hand-out as Markdown."""
    text = Text(v.student.lang)
    lines = [f"# {text('teacher.handout.title')}", "", *(f"**{w}**  " for w in _who(v)), ""]
    for heading, paragraphs in statements(v):
        lines += [f"## {heading}", ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    lines += [text("teacher.handout.sheet", sheet=f"`{SHEET}`"), ""]
    return "\n".join(lines)


def _inline(paragraph: str) -> str:
    """A paragraph as HTML: escaped, its backticked formulas as ``<code>``."""
    parts = html.escape(paragraph).split("`")
    return "".join(f"<code>{p}</code>" if k % 2 else p for k, p in enumerate(parts))


def page(v: Variant) -> str:
    """The hand-out as one self-contained HTML page (no scripts, no outside files)."""
    text = Text(v.student.lang)
    title = html.escape(text("teacher.handout.title"))
    who = "".join(f"<span>{html.escape(w)}</span>" for w in _who(v))
    body = [f"<header><h1>{title}</h1><p class=who>{who}</p></header>"]
    for heading, paragraphs in statements(v):
        body.append(f"<h2>{html.escape(heading)}</h2>")
        body += [f"<p>{_inline(p)}</p>" for p in paragraphs]
    body.append(f"<p><em>{_inline(text('teacher.handout.sheet', sheet=f'`{SHEET}`'))}</em></p>")
    return (
        f'<!DOCTYPE html>\n<html lang="{v.student.lang}"><head><meta charset="utf-8">'
        f"<title>{title} — {html.escape(v.variant)}</title><style>{_STYLE}</style></head>\n"
        f"<body>\n{chr(10).join(body)}\n</body></html>\n"
    )


def data_csv(v: Variant) -> str:
    """Task 2's points, every digit kept (``repr``): the student's runs match the key's."""
    rows = (f"{x!r},{y!r}" for x, y in zip(v.data.x.tolist(), v.data.y.tolist(), strict=True))
    return "x,y\n" + "\n".join(rows) + "\n"


def answer_sheet(v: Variant) -> str:
    """The TOML form a student fills: one line per item, grouped by task."""
    text = Text(v.student.lang)
    header = text("teacher.sheet.header", name=v.student.name, variant=v.variant)
    lines = [f"# {header}"]
    current = ""
    for item in v.items:
        table, _, name = item.name.partition(".")
        if table != current:
            lines += ["", f"[{table}]"]
            current = table
        note = ""
        if name.startswith("status_"):
            lr = v.rates[int(name.split("_")[1]) - 1]
            note = f"  # {text('teacher.sheet.rate', lr=f'{lr:g}')}"
        key = name if name.replace("_", "").isalnum() else json.dumps(name)
        lines.append(f'{key} = ""{note}')
        if item.name == "task1.derivative":
            lines += [f"# {text('teacher.sheet.work')}", 'work = """', '"""']
    return "\n".join(lines) + "\n"


def lab_toml(v: Variant) -> str:
    """The student's lab config: ``chainrule report --config lab.toml`` runs their variant."""
    return to_toml(v.config)


def class_files(variants: ClassVariants) -> dict[str, str]:
    """Every file of the class folder by its path inside it: ``key.json``, then each
    student's folder (named by id) with the hand-out, the data, the sheet and the config."""
    key = json.dumps(variants.key(), ensure_ascii=False, indent=1, allow_nan=False)
    files = {"key.json": key + "\n"}
    for v in variants.variants:
        for name, make in (
            (HANDOUT_MD, markdown),
            (HANDOUT_HTML, page),
            (DATA_CSV, data_csv),
            (SHEET, answer_sheet),
            (LAB_TOML, lab_toml),
        ):
            files[f"{v.student.id}/{name}"] = make(v)
    return files
