# ruff: noqa: RUF001 - Cyrillic names on purpose
"""The report as a document to hand in: the student's block, the appendix, print CSS, the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from chainrule.errors import ConfigError
from chainrule.report import Report, build_report, config_from_dict
from chainrule.report.html import _STYLE
from chainrule.report.pdf import to_pdf
from chainrule.words import EN, UK
from conftest import run_cli

#: A small variant, so the PDF is quick to build.
SMALL = {
    "task2": {
        "experiments": [{"name": "fast", "lr": 0.02, "epochs": 300}],
        "lab_lrs": [0.02],
        "lab_choice": 0.02,
        "sweep": {"num": 20, "epochs": [50, 300]},
    },
}

NAME = "Олена Коваль-Петренко"


@pytest.fixture(scope="module")
def uk_pdf(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return build_report(
        out=tmp_path_factory.mktemp("print") / "report",
        config=config_from_dict(SMALL),
        lang="uk",
        format="all",
        student=NAME,
        group="КН-21",
        variant="7б",
        timeout=600,
    )


def _pages(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def _images(data: bytes) -> list[int]:
    """Images drawn on each page (formulas and figures)."""
    document = pdfium.PdfDocument(data)
    kind = (pdfium_c.FPDF_PAGEOBJ_IMAGE,)
    return [len(list(document[i].get_objects(filter=kind))) for i in range(len(document))]


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- the top and the appendix ---------------------------------------------------------
def test_the_student_block_is_at_the_top_and_the_configuration_at_the_end(
    uk_pdf: Report,
) -> None:
    markdown = uk_pdf.markdown
    first = markdown.split("\n## ", 1)[0]  # before Task 1
    assert NAME.replace("-", "\\-") in first and "КН\\-21" in first and "7б" in first
    assert UK["student.name"] in first and "[task1]" not in first
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings[-1] == f"## {UK['header.title']}"
    assert markdown.index(UK["task3.title"]) < markdown.index("[task1]")


def test_without_a_student_the_block_has_lines_to_write_on(tmp_path: Path) -> None:
    report = build_report(out=tmp_path / "r", config=config_from_dict(SMALL), format="md",
                          timeout=600)  # fmt: skip
    first = report.markdown.split("\n## ", 1)[0]
    assert first.count("\\_" * 16) == 3 and EN["student.variant"] in first


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("student", "Ann\nBob", "student must be one line"),
        ("group", "a\u202eb", "group must be one line"),  # a bidi override
        ("variant", "x" * 201, "variant is longer than 200"),
        ("student", 7, "student must be a string"),
    ],
)
def test_a_hostile_student_field_is_refused_before_any_work(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        build_report(out=tmp_path / "r", **{field: value})  # type: ignore[arg-type]
    assert not (tmp_path / "r").exists()


def test_markup_in_a_name_stays_text(tmp_path: Path) -> None:
    name = "<script>x</script> *b* $y$ | `z`"
    report = build_report(out=tmp_path / "r", config=config_from_dict(SMALL), format="all",
                          student=name, timeout=600)  # fmt: skip
    page = (report.out / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt; *b* $y$ | `z`" in page
    assert name in _flat(_pages((report.out / "report.pdf").read_bytes())[0])


def test_cli_takes_the_student_and_refuses_a_bad_one_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "report", "--out", str(tmp_path / "r"), "--student",
                             "a\nb")  # fmt: skip
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("chainrule: error: student must be one line")


# --- the HTML -------------------------------------------------------------------------
def test_html_math_is_at_body_size_and_the_page_prints_on_a4(uk_pdf: Report) -> None:
    page = (uk_pdf.out / "report.html").read_text(encoding="utf-8")
    assert page.count("<section>") == 5  # top, three tasks, appendix
    assert "math-style: normal" in _STYLE  # fractions in text and tables at full size
    assert "@page { size: A4" in _STYLE and "@media print" in _STYLE
    assert "section:nth-of-type(n+3) { break-before: page; }" in _STYLE
    assert "break-inside: avoid" in _STYLE
    assert not re.search(r"table \{[^}]*display: block", _STYLE)  # no scrolling tables


# --- the PDF --------------------------------------------------------------------------
def test_the_pdf_has_every_section_the_student_the_math_and_the_figures(
    uk_pdf: Report,
) -> None:
    data = (uk_pdf.out / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    pages = _pages(data)
    text = _flat(" ".join(pages))
    for key in ("task1.title", "task2.title", "task3.title", "header.title", "task1.result"):
        assert _flat(UK[key]) in text, key
    assert NAME in _flat(pages[0]) and "КН-21" in pages[0]
    starts = [_flat(page).split(" ", 1)[1] for page in pages]  # after the page number
    for key in ("task2.title", "task3.title", "header.title"):  # each starts a page
        assert any(start.startswith(_flat(UK[key])) for start in starts), key
    assert UK["header.title"] in _flat(pages[-2] + pages[-1])  # the appendix is last
    assert "[task1]" in text and "lab_choice = 0.02" in text
    figures = len(re.findall(r"\]\(figures/", uk_pdf.markdown))
    images = _images(data)
    assert sum(images) > figures + 40  # the figures and every formula
    assert images[0] > 10  # page 1: Task 1's formulas are drawn, not source text
    assert "\\frac" not in text and "\\left" not in text


def test_every_formula_of_the_default_report_is_drawn_and_the_pdf_is_stable(
    uk_pdf: Report,
) -> None:
    sections = re.split(r"\n\n(?=## )", uk_pdf.markdown)
    images = {f"figures/{p.name}": p.read_bytes() for p in (uk_pdf.out / "figures").glob("*.png")}
    first = to_pdf(sections, title="t", author="a", images=images)
    assert first.unrendered == ()
    again = to_pdf(sections, title="t", author="a", images=images)
    assert again.data == first.data


def test_a_page_renders_with_ink(uk_pdf: Report) -> None:
    document = pdfium.PdfDocument((uk_pdf.out / "report.pdf").read_bytes())
    assert len(document) >= 5
    width, height = document[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    picture = document[0].render(scale=0.5).to_pil().convert("L")
    dark = int((np.asarray(picture) < 128).sum())
    assert 0.005 < dark / (picture.width * picture.height) < 0.3
