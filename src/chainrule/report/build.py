""":func:`build_report`: the whole lab rebuilt in one call, written as one folder.

Each section module (header, Task 1, Task 2, Task 3, the appendix) turns what a
library call computes into Markdown and figures; this module runs them in order, saves
the figures, renders the HTML and the PDF and publishes the folder. Nothing is written until every
part has been built, so a failure leaves no half-written report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from chainrule import arguments, figure_files
from chainrule.budget import budgeted
from chainrule.descent.data import Dataset
from chainrule.errors import BudgetExceededError, ChainruleError, ConfigError, ReportError
from chainrule.figure_files import style
from chainrule.report import further, header, task1, task2, task3
from chainrule.report.config import LabConfig, Student, header_field
from chainrule.report.html import to_html
from chainrule.report.output import FORMATS, check_target, publish
from chainrule.report.part import FIGURES, Part, figure_path
from chainrule.version import __version__
from chainrule.words import LANGUAGES, Text

#: The sections in reading order, each named as an error message names it, with the
#: module and the name of the function that builds it (looked up when the report runs).
PARTS = (
    ("header", header, "section"),
    ("Task 1", task1, "section"),
    ("Task 2", task2, "section"),
    ("Task 3", task3, "section"),
    ("Further", further, "section"),  # optional: config.further.enabled
    ("appendix", header, "appendix"),
)

#: Which files each ``format`` writes.
WRITES = {
    "md": ("md",),
    "html": ("html",),
    "pdf": ("pdf",),
    "both": ("md", "html"),
    "all": ("md", "html", "pdf"),
}

#: The playground page written beside the report, and linked from its top.
PLAYGROUND = "playground.html"
#: ``progress(step, index, total)``, called as each step starts.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Report:
    """The result of :func:`build_report`: where it went, what it holds, its Markdown."""

    out: Path
    files: tuple[str, ...]  # paths relative to ``out``, sorted
    markdown: str
    lang: str
    config: LabConfig


@budgeted(lambda **_: "the report")
def build_report(
    *,
    out: str | Path,
    config: LabConfig | None = None,
    lang: str = "en",
    format: str = "both",
    force: bool = False,
    student: str = "",
    group: str = "",
    variant: str = "",
    progress: Progress | None = None,
    data: Dataset | None = None,
    timeout: float | None = None,
) -> Report:
    """Compute every part of the lab from ``config`` and write the report folder ``out``.

    Writes ``report.md``, ``report.html`` and ``report.pdf`` as ``format`` says (md,
    html, pdf, both = md and html, all) and ``figures/`` (SVG and PNG). ``student``,
    ``group`` and ``variant`` go at the top (left out: the config's ``[student]``; blank: to
    fill in by hand). An ``out``
    that exists and is not a previous chainrule report (nor an empty folder) is refused
    unless ``force``. Raises :class:`~chainrule.errors.ReportError` naming the part that
    failed; then nothing is written. ``timeout``: seconds the whole build may take (default: see
    :mod:`chainrule.budget`); running out raises
    :class:`~chainrule.errors.BudgetExceededError` naming the part.
    """
    _check_arguments(out, config, lang, format, force, progress)
    arguments.instance("data", data, Dataset, "a Dataset (read_data, load_csv)", error=ConfigError)
    config = config if config is not None else LabConfig()
    given = config.student
    who = Student(
        name=header_field("student", student) or given.name,
        group=header_field("group", group) or given.group,
        variant=header_field("variant", variant) or given.variant,
    )
    config = dataclasses.replace(config, student=who)  # the appendix's TOML names them too
    text = Text(lang)
    target = Path(out)
    check_target(target, force=force)  # before the work, not only after it
    writes = WRITES[format]
    pages = [kind.upper() for kind in writes if kind != "md"]
    parts = [p for p in PARTS if p[0] != "Further" or config.further.enabled]
    steps = [name for name, _, _ in parts] + pages + ["playground", "writing"]

    def step(name: str) -> None:
        if progress is not None:
            progress(name, steps.index(name) + 1, len(steps))

    files: dict[str, bytes] = {}
    chunks: list[str] = []
    with style():
        for name, module, function in parts:
            step(name)
            make: Callable[..., Part] = getattr(module, function)
            if name == "header":
                make = partial(make, student=who)
            if name == "Task 2" and data is not None:
                make = partial(make, data=data)
            try:
                part = make(config, text)
                files.update(_figure_files(part))
            except BudgetExceededError as exc:
                raise BudgetExceededError(f"report: {name}: {exc}") from None
            except Exception as exc:  # any failure names its part; nothing is written
                raise ReportError(f"report: {name} failed: {_describe(exc)}") from exc
            chunks.append(part.markdown)
    markdown = "\n\n".join(chunks) + "\n"
    if "md" in writes:
        files["report.md"] = markdown.encode("utf-8")
    if "html" in writes:
        step("HTML")
        images = {path: data for path, data in files.items() if path.endswith(".svg")}
        try:
            page = to_html(chunks, title=text("title"), lang=lang, images=images)
        except Exception as exc:
            raise ReportError(f"report: HTML failed: {_describe(exc)}") from exc
        files["report.html"] = page.encode("utf-8")
    if "pdf" in writes:
        step("PDF")
        files["report.pdf"] = _pdf(chunks, text, who, files)
    step("playground")
    try:
        files[PLAYGROUND] = playground_page(config, lang, data).encode("utf-8")
    except BudgetExceededError as exc:
        raise BudgetExceededError(f"report: playground: {exc}") from None
    except Exception as exc:
        raise ReportError(f"report: playground failed: {_describe(exc)}") from exc
    step("writing")
    publish(target, files, marker=f"chainrule report {__version__}\n", force=force)
    return Report(
        out=target, files=tuple(sorted(files)), markdown=markdown, lang=lang, config=config
    )


def playground_page(config: LabConfig, lang: str, data: Dataset | None = None) -> str:
    """The playground page (:func:`chainrule.playground.page.build_playground`) of ``config``."""
    from chainrule.playground.page import build_playground

    task1, task2, task3 = config.task1, config.task2, config.task3
    return build_playground(
        data=task2.data.dataset() if data is None else data,
        m0=task2.m0,
        b0=task2.b0,
        tol=task2.tol,
        presets=[(e.lr, e.epochs) for e in task2.experiments],
        expression=task1.expression,
        variable=task1.variable,
        x_range=(task1.x_range[0], task1.x_range[1]) if task1.x_range is not None else None,
        graph_expression=task3.expression,
        graph_values=task3.values,
        lang=lang,
    ).html


def _figure_files(part: Part) -> dict[str, bytes]:
    """The part's figures as files: SVG and PNG of a matplotlib figure, or the files given."""
    files = {}
    for stem, figure in part.figures.items():
        if isinstance(figure, Figure):
            for fmt in figure_files.FORMATS:  # the SVG has no date, so it is reproducible
                files[f"{FIGURES}/{stem}.{fmt}"] = figure_files.figure_bytes(figure, fmt)
        elif isinstance(figure, str):
            files[figure_path(stem)] = figure.encode("utf-8")
        else:
            for suffix, data in figure.items():
                files[f"{FIGURES}/{stem}{suffix}"] = data
    return files


def _pdf(chunks: list[str], text: Text, who: Student, files: dict[str, bytes]) -> bytes:
    """report.pdf from the sections' Markdown and the figures' PNGs."""
    try:
        from chainrule.report.pdf import to_pdf
    except ImportError as exc:  # reportlab is a dependency; a broken install names it
        raise ReportError(f"report: PDF needs ReportLab ({exc}); pip install reportlab") from None
    images = {path: data for path, data in files.items() if path.endswith(".png")}
    try:
        pdf = to_pdf(chunks, title=text("title"), author=who.name, images=images)
    except Exception as exc:  # ReportLab's messages quote whole paragraphs: the first line
        why = _describe(exc).strip().splitlines() or [""]
        raise ReportError(f"report: PDF failed: {why[0][:300]}") from exc
    return pdf.data


def _describe(exc: Exception) -> str:
    """A user error as its message; anything else (a bug) with its type, to be reported."""
    if isinstance(exc, (ChainruleError, OSError)):
        return str(exc)
    return f"internal error {type(exc).__name__}: {exc}"


def _check_arguments(
    out: Any, config: Any, lang: Any, format: Any, force: Any, progress: Any
) -> None:
    """Each of :func:`build_report`'s arguments of the right kind, or ConfigError naming it."""
    arguments.path("out", out, error=ConfigError)
    what = "a LabConfig (load_config, config_from_dict)"
    arguments.instance("config", config, LabConfig, what, error=ConfigError)
    arguments.choice("lang", lang, LANGUAGES, error=ConfigError)
    arguments.choice("format", format, FORMATS, error=ConfigError)
    if not isinstance(force, bool):
        raise ConfigError(f"force must be True or False, got {arguments.shown(force)}")
    arguments.function("progress", progress, error=ConfigError)
