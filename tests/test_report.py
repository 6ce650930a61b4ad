"""`chainrule report` end to end: the default report is built once per language per session."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from matplotlib.text import Text as Label

from chainrule.cli import main
from chainrule.descent.experiments import LAB_EXPERIMENTS
from chainrule.errors import ReportError
from chainrule.figure_files import style
from chainrule.graph.tracing import trace
from chainrule.report import LabConfig, Report, build_report, config_from_dict
from chainrule.report import task1 as task1_section
from chainrule.report import task2 as task2_section
from chainrule.report import task3 as task3_section
from chainrule.report.output import MARKER
from chainrule.report.part import Part
from chainrule.words import EN, UK, Text


@pytest.fixture(scope="session")
def en(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return build_report(out=tmp_path_factory.mktemp("en") / "report", format="all", timeout=600)


@pytest.fixture(scope="session")
def uk(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return build_report(out=tmp_path_factory.mktemp("uk") / "report", lang="uk")


#: A teacher's variant: another function, other data and runs, another graph.
VARIANT = {
    "task1": {"expression": "tanh(2*t)", "variable": "t"},
    "task2": {
        "data": {"n": 40, "slope": -1.0, "seed": 7},
        "experiments": [{"name": "fast", "lr": 0.02, "epochs": 300}],
        "lab_lrs": [0.02],
        "lab_choice": 0.02,
        "sweep": {"num": 20, "epochs": [50, 300]},
    },
    "task3": {"expression": "x*y + sin(x)", "values": {"x": 0, "y": 2}},
}


@pytest.fixture(scope="session")
def variant(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, list[tuple[str, int, int]]]:
    steps: list[tuple[str, int, int]] = []
    report = build_report(
        out=tmp_path_factory.mktemp("variant") / "report",
        config=config_from_dict(VARIANT),
        format="md",
        progress=lambda *step: steps.append(step),
    )
    return report, steps


def _headings(markdown: str) -> list[str]:
    return [line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith("#")]


# --- what is written ------------------------------------------------------------------
def test_the_folder_holds_markdown_html_figures_and_the_marker(en: Report) -> None:
    names = {p.relative_to(en.out).as_posix() for p in en.out.rglob("*") if p.is_file()}
    assert names == {*en.files, MARKER}
    assert {"report.md", "report.html", "report.pdf"} <= names
    assert (en.out / "report.md").read_text(encoding="utf-8") == en.markdown
    for figure in re.findall(r"\]\((figures/[^)]+)\)", en.markdown):
        assert (en.out / figure).is_file(), figure


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_every_section_is_present(lang: str, en: Report, uk: Report) -> None:
    report, table = (en, EN) if lang == "en" else (uk, UK)
    headings = _headings(report.markdown)
    keys = ["title", "header.title", "task1.title", "task2.title", "task3.title"]
    keys += ["task1.steps", "task1.result", "task1.check", "task1.properties", "task1.plot"]
    keys += ["task2.data", "task2.experiments", "task2.mse", "task2.fits", "task2.surface"]
    keys += ["task2.stability", "task2.sweep", "task2.conclusion"]
    keys += ["task3.graph", "task3.forward", "task3.backward", "task3.gradients"]
    for key in keys:
        assert table[key] in headings, key
    titles = ("title", "task1.title", "task2.title", "task3.title", "header.title")
    order = [headings.index(table[k]) for k in titles]
    assert order == sorted(order)


def test_format_md_writes_no_html(variant: tuple[Report, list]) -> None:
    report = variant[0]
    assert "report.md" in report.files and "report.html" not in report.files
    assert not (report.out / "report.html").exists()


# --- Task 1 ---------------------------------------------------------------------------
def test_task1_derives_the_sigmoid_as_the_lab_did(en: Report) -> None:
    start = en.markdown.index(f"## {EN['task1.title']}")
    text = en.markdown[start : en.markdown.index(f"## {EN['task2.title']}")]
    assert "\\sigma\\left(x\\right) \\left(1 - \\sigma\\left(x\\right)\\right)\n$$" in text
    assert r"$S'(x) = S\left(x\right) \left(1 - S\left(x\right)\right)$" in text
    assert "**chain rule**" in text and "**reciprocal rule**" in text
    assert EN["task1.check.proven"] in text
    assert r"$\max |f'| = \frac{1}{4} = 0.25$ at $x = 0$" in text
    assert "$y = 0$ and $y = 1$" in text
    assert "at |x| = 2 the slope is still 42% of its peak" in text


def test_a_variant_config_changes_task1(variant: tuple[Report, list]) -> None:
    report = variant[0]
    start = report.markdown.index(f"## {EN['task1.title']}")
    text = report.markdown[start : report.markdown.index(f"## {EN['task2.title']}")]
    assert r"\tanh" in text and "d}{dt}" in text
    assert "presses itself to the axes" not in text  # the lab's words are about the sigmoid
    assert r"$\max |f'| = 2$ at $t = 0$" in text


# --- Task 2 ---------------------------------------------------------------------------
def test_task2_reproduces_the_labs_numbers_beside_them(en: Report) -> None:
    rows = _table_rows(en.markdown, EN["col.experiment"] + " | " + EN["col.quantity"])
    quantities = {"$m$": "m", "$b$": "b", EN["col.final_mse"]: "final_mse"}
    quantities[EN["col.overflow_epoch"]] = "overflow_epoch"
    seen = set()
    for name, quantity, ours, lab, difference in rows:
        expect = next(e.expect for e in LAB_EXPERIMENTS if e.name == name)
        want = getattr(expect, quantities[quantity])
        assert float(lab) == want  # the lab's number, as printed
        assert float(ours) == pytest.approx(want, rel=1e-9, abs=0)
        assert float(difference) == pytest.approx(abs(float(ours) - want) / abs(want), rel=0.1)
        seen.add((name, quantities[quantity]))
    wanted = {
        (e.name, k)
        for e in LAB_EXPERIMENTS
        for k in ("m", "b", "final_mse", "overflow_epoch")
        if getattr(e.expect, k) is not None
    }
    assert seen == wanted
    assert EN["task2.lab.summary"].format(done=6, checked=6, rtol="1e-09") in en.markdown


def test_task2_conclusion_is_computed_and_sets_itself_against_the_lab(en: Report) -> None:
    conclusion = task2_section.compute(en.config.task2).conclusion
    start = en.markdown.index(f"### {EN['task2.conclusion']}")
    text = en.markdown[start : en.markdown.index("## ", start + 5)]
    assert f"lr = {conclusion.best.lr:.4g}" in text
    assert f"at epoch {conclusion.best.epochs_to_tol}" in text
    assert EN["verdict.agrees"] in text and EN["verdict.disagrees"] in text
    assert f"{conclusion.speedup:.1f} times faster" in text


def test_a_variant_config_changes_task2(variant: tuple[Report, list]) -> None:
    report = variant[0]
    assert EN["task2.lab.none"] in report.markdown
    rows = _table_rows(report.markdown, EN["col.experiment"] + " | " + "$\\mathrm{lr}$")
    assert [r[0] for r in rows] == ["fast"]
    assert "40 points" in report.markdown and "seed 7" in report.markdown
    assert "20 learning rates from" in report.markdown


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_figure_labels_are_in_the_reports_language(lang: str) -> None:
    text = Text(lang)
    with style():
        parts = [s.section(LabConfig(), text) for s in (task1_section, task2_section)]
    words = [
        label.get_text()
        for part in parts
        for figure in part.figures.values()
        if not isinstance(figure, str)
        for label in figure.findobj(Label)
    ]
    assert any(words)
    english = [w for w in words if ENGLISH.search(w)]
    assert (english == []) == (lang == "uk"), english


# --- Task 3 ---------------------------------------------------------------------------
def _table_rows(markdown: str, header_start: str) -> list[list[str]]:
    """The body rows of the first table whose header row starts with ``header_start``."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header_start} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def test_task3_tables_are_the_traces_numbers(en: Report) -> None:
    result = trace("(2*a+b)*(c-d)", values={"a": 3, "b": 4, "c": 5, "d": 6})
    forward = _table_rows(en.markdown, EN["col.node"])
    assert [float(r[-1]) for r in forward] == [row.value for row in result.nodes]
    backward = _table_rows(en.markdown, EN["col.step"])
    assert [float(r[-1]) for r in backward] == [e.contribution for e in result.edges]
    gradients = _table_rows(en.markdown, EN["col.input"])
    assert [float(r[-1]) for r in gradients] == list(result.gradients.values())
    assert [float(r[-2]) for r in gradients] == list(result.gradients.values())
    assert [r[2] for r in gradients] == [
        r"$2 \left(c - d\right)$",
        "$c - d$",
        "$2 a + b$",
        "$- (2 a + b)$",
    ]


def test_a_variant_config_changes_task3(variant: tuple[Report, list]) -> None:
    report = variant[0]
    gradients = _table_rows(report.markdown, EN["col.input"])
    assert [float(r[-1]) for r in gradients] == [3.0, 0.0]  # d/dx = y + cos x, d/dy = x
    assert 'expression = "x*y + sin(x)"' in report.markdown  # the header's TOML


# --- self-contained HTML --------------------------------------------------------------
class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "poster", "data", "action"):
                self.refs.append((tag, name, value or ""))


def test_html_references_nothing_outside_itself(en: Report) -> None:
    page = (en.out / "report.html").read_text(encoding="utf-8")
    refs = _Refs()
    refs.feed(page)
    assert not {"script", "link", "iframe", "object", "embed", "base"} & set(refs.tags)
    assert refs.refs, "the figures are embedded as data: images"
    links = [r for r in refs.refs if r[0] == "a"]  # the one link: the page written beside it
    assert links == [("a", "href", "playground.html")]
    assert "playground.html" in en.files
    for tag, name, value in set(refs.refs) - set(links):
        assert tag == "img" and name == "src" and value.startswith("data:image/"), value[:60]
    assert "url(" not in page and "@import" not in page
    assert page.count("<img") == en.markdown.count("](figures/")


def test_html_math_is_mathml_with_no_latex_left(en: Report) -> None:
    page = (en.out / "report.html").read_text(encoding="utf-8")
    assert page.count("<math") >= en.markdown.count("$$") // 2
    assert 'class="latex"' not in page  # every formula converted
    text = re.sub(r"<math.*?</math>|<code>.*?</code>|<pre>.*?</pre>", "", page, flags=re.S)
    assert "\\frac" not in text and "$" not in text


# --- reproducible ---------------------------------------------------------------------
def test_a_second_run_in_a_new_process_is_byte_identical(en: Report, tmp_path: Path) -> None:
    out = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "chainrule",
            "report",
            "--out",
            str(out),
            "--format",
            "all",
            "--timeout",
            "600",
        ],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.stderr == ""  # no progress display off a terminal
    assert done.stdout.startswith("wrote playground.html, report.html, report.md, report.pdf and ")
    assert str(out) in done.stdout
    for name in en.files:  # Markdown, HTML, PDF and every figure
        assert (out / name).read_bytes() == (en.out / name).read_bytes(), name


# --- Ukrainian ------------------------------------------------------------------------
#: Words of the English prose that Ukrainian prose cannot contain.
ENGLISH = re.compile(
    r"\b(the|and|of|with|each|from|value|values|gradient|derivative|rule|input|inputs|"
    r"step|pass|task|node|table|figure|learning|rate|epochs?|loss|data|experiment)\b",
    re.IGNORECASE,
)


def _prose(page: str) -> str:
    """Text of the page body outside math, code and preformatted blocks; alt texts kept."""
    body = page.split("<body>", 1)[1]
    body = re.sub(r"<math.*?</math>|<code.*?</code>|<pre>.*?</pre>", " ", body, flags=re.S)
    alts = " ".join(re.findall(r'alt="([^"]*)"', body))
    return re.sub(r"<[^>]+>", " ", body) + " " + alts


def test_ukrainian_report_has_no_english_prose(uk: Report, en: Report) -> None:
    english = _prose((en.out / "report.html").read_text(encoding="utf-8"))
    assert len(ENGLISH.findall(english)) > 20  # the sentinel words do catch English
    found = ENGLISH.findall(_prose((uk.out / "report.html").read_text(encoding="utf-8")))
    assert found == []
    assert '<html lang="uk">' in (uk.out / "report.html").read_text(encoding="utf-8")


# --- safety ---------------------------------------------------------------------------
def test_an_injected_failure_names_the_part_and_writes_nothing(
    en: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report"
    shutil.copytree(en.out, out)  # a previous report
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(config: LabConfig, text: object) -> None:
        raise OSError("disk on fire")

    def buggy(config: LabConfig, text: object) -> None:
        raise RuntimeError("a bug")

    def quick(config: LabConfig, text: object) -> Part:
        return Part("## quick")

    monkeypatch.setattr(task1_section, "section", quick)
    monkeypatch.setattr(task2_section, "section", broken)
    with pytest.raises(ReportError, match=r"^report: Task 2 failed: disk on fire$"):
        build_report(out=out)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # the previous report untouched
    monkeypatch.setattr(task2_section, "section", quick)
    monkeypatch.setattr(task3_section, "section", buggy)
    with pytest.raises(ReportError, match=r"^report: Task 3 failed: internal error RuntimeError"):
        build_report(out=tmp_path / "fresh")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # no staging, no fresh


def test_a_folder_that_is_not_a_report_is_refused(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("keep")
    with pytest.raises(ReportError, match="not a chainrule report"):
        build_report(out=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.tex"]


def test_progress_is_reported_in_order(variant: tuple[Report, list]) -> None:
    seen = variant[1]
    assert [s[1] for s in seen] == list(range(1, len(seen) + 1))
    assert {s[2] for s in seen} == {len(seen)}
    assert [s[0] for s in seen] == [
        *("header", "Task 1", "Task 2", "Task 3", "appendix", "playground", "writing")
    ]


# --- the command ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "lab.toml: no such file"),
        ("[task3\n", "lab.toml: not valid TOML"),
        ("[task3]\nexpresion = 'x'\n", "unknown key 'task3.expresion'"),
        ("[task3]\nvalues = { a = 'three' }\n", "task3.values.a: expected a number"),
    ],
)
def test_cli_config_errors_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    path = tmp_path / "lab.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["report", "--config", str(path), "--out", str(tmp_path / "r")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("chainrule: error: ") and message in err
    assert not (tmp_path / "r").exists()


def test_cli_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine.txt").write_text("keep")
    assert main(["report", "--out", str(tmp_path), "--format", "md"]) == 2
    assert "--force" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_cli_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    help_text = capsys.readouterr().out
    for option in ("--out", "--config", "--lang", "--format", "--force", "examples:"):
        assert option in help_text


def test_cli_shows_progress_on_stderr_only_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import chainrule.report

    given: list[object] = []

    def fake(**kwargs: object) -> Report:
        given.append(kwargs["progress"])
        progress = kwargs["progress"]
        if callable(progress):
            progress("Task 1", 2, 3)
            progress("writing", 3, 3)
        return Report(tmp_path, ("report.md",), "", "en", LabConfig())

    monkeypatch.setattr(chainrule.report, "build_report", fake)  # what the command calls
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["report", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "[2/3] Task 1" in err and err.endswith("[3/3] writing\n")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert main(["report", "--out", str(tmp_path)]) == 0
    assert given[-1] is None and capsys.readouterr().err == ""
