"""The report's building blocks: configuration, strings, Markdown pieces, safe output."""

from __future__ import annotations

import html
import json
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from chainrule.engine.ops import OPS
from chainrule.errors import ConfigError, ReportError
from chainrule.report import LabConfig, config_from_dict, load_config, task3, to_toml
from chainrule.report import markdown as md
from chainrule.report.output import MARKER, check_target, publish
from chainrule.words import EN, RULES_UK, UK, Text

EXAMPLE = Path(__file__).parent.parent / "examples" / "lab.toml"


# --- configuration --------------------------------------------------------------------
def test_example_file_is_the_defaults() -> None:
    assert load_config(EXAMPLE) == LabConfig()


def test_config_round_trips_through_toml(tmp_path: Path) -> None:
    variant = config_from_dict({"task3": {"expression": "x*y + y", "values": {"x": 2, "y": -1.5}}})
    path = tmp_path / "lab.toml"
    path.write_text(to_toml(variant), encoding="utf-8")
    assert load_config(path) == variant
    assert variant.task3.values == {"x": 2.0, "y": -1.5}


def test_a_partial_config_keeps_the_other_defaults() -> None:
    config = config_from_dict({"task3": {"values": {"a": 1, "b": 2, "c": 3, "d": 4}}})
    assert config.task3.expression == LabConfig().task3.expression
    assert config.task3.values == {"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"task4": {}}, "unknown key 'task4'"),
        ({"task3": {"expresion": "x"}}, "unknown key 'task3.expresion'"),
        ({"task3": "x"}, "task3: expected a table, got a string"),
        ({"task3": {"expression": 3}}, "task3.expression: expected a string, got an integer"),
        (
            {"task3": {"values": {"a": "3", "b": 4, "c": 5, "d": 6}}},
            "task3.values.a: expected a number, got a string",
        ),
        (
            {"task3": {"values": {"a": True, "b": 4, "c": 5, "d": 6}}},
            "task3.values.a: expected a number, got a boolean",
        ),
        ({"task3": {"values": {"a": 3}}}, "task3: values: no value given for b, c, d"),
        (
            {"task3": {"expression": "x", "values": {"x": 1, "z": 2}}},
            "task3: values: z not in the expression",
        ),
        ({"task3": {"expression": "2*", "values": {}}}, "task3: expected a number"),
    ],
)
def test_config_errors_name_the_key(data: dict, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        config_from_dict(data)
    assert message in str(info.value)


def test_config_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.toml: no such file"):
        load_config(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[task3\nexpression = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml: not valid TOML"):
        load_config(bad)
    inf = tmp_path / "inf.toml"
    inf.write_text("[task3]\nvalues = { a = inf, b = 1, c = 1, d = 1 }", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"task3\.values\.a: expected a finite number"):
        load_config(inf)


# --- strings --------------------------------------------------------------------------
def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_strings_and_placeholders() -> None:
    assert EN.keys() == UK.keys()
    for key in EN:
        assert _placeholders(EN[key]) == _placeholders(UK[key]), key
        assert EN[key] != UK[key], key


def test_every_rule_of_the_op_table_has_a_ukrainian_name() -> None:
    uk = Text("uk")
    for op in OPS.values():
        assert uk.rule(op.rule) == RULES_UK[op.rule]
        assert Text("en").rule(op.rule) == op.rule


def test_text_joins_lists_in_its_language() -> None:
    assert Text("en").join(["a", "b", "c"]) == "a, b and c"
    assert Text("uk").join(["a", "b"]) == "a \u0456 b"  # Ukrainian "and"
    with pytest.raises(ValueError, match="unknown language"):
        Text("de")


# --- Markdown pieces ------------------------------------------------------------------
_INLINE = MarkdownIt("commonmark")


@given(st.text(alphabet=string.printable.replace("\n", "").replace("\r", "")))
def test_escaped_text_renders_as_itself(text: str) -> None:
    rendered = _INLINE.renderInline(md.escape(text))
    assert html.unescape(rendered) == text


@given(st.text(alphabet="ab `*|", min_size=1).filter(lambda t: t.strip(" ") != ""))
def test_code_span_holds_its_text(text: str) -> None:
    rendered = _INLINE.renderInline(md.code(text))
    assert rendered.startswith("<code>")
    inner = html.unescape(rendered.removeprefix("<code>").removesuffix("</code>"))
    assert inner == text


def test_table_cells_keep_pipes_inside_code_and_math() -> None:
    table = md.table(["a", "b"], [[md.code("p|q"), md.math(r"\left|x\right|")]], align="lr")
    rendered = MarkdownIt("commonmark").enable("table").render(table)
    assert "<code>p|q</code>" in rendered
    assert rendered.count("<td") == 2


# --- safe output ----------------------------------------------------------------------
def test_publish_writes_the_folder_with_its_marker(tmp_path: Path) -> None:
    out = tmp_path / "new" / "report"
    publish(out, {"a.md": b"A", "figures/b.svg": b"<svg/>"}, marker="m\n", force=False)
    assert (out / "a.md").read_bytes() == b"A"
    assert (out / "figures" / "b.svg").read_bytes() == b"<svg/>"
    manifest = {"written_by": "m", "files": ["a.md", "figures/b.svg"]}
    assert json.loads((out / MARKER).read_text()) == manifest
    assert sorted(p.name for p in out.parent.iterdir()) == ["report"]  # no staging left


def test_publish_replaces_a_previous_report_whole(tmp_path: Path) -> None:
    out = tmp_path / "report"
    publish(out, {"old.md": b"old"}, marker="m", force=False)
    publish(out, {"new.md": b"new"}, marker="m", force=False)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "new.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_an_empty_folder_may_be_used(tmp_path: Path) -> None:
    check_target(tmp_path, force=False)  # tmp_path exists and is empty


def test_someone_elses_folder_or_file_is_refused_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    with pytest.raises(ReportError, match="exists and is not a chainrule report"):
        publish(folder, {"a.md": b"A"}, marker="m", force=False)
    assert (folder / "mine.txt").read_text() == "keep me"
    file = tmp_path / "file"
    file.write_text("keep me too")
    with pytest.raises(ReportError, match="exists and is not a folder"):
        publish(file, {"a.md": b"A"}, marker="m", force=False)
    assert file.read_text() == "keep me too"
    publish(folder, {"a.md": b"A"}, marker="m", force=True)
    assert sorted(p.name for p in folder.iterdir()) == [MARKER, "a.md", "mine.txt"]  # kept


def test_force_never_replaces_the_current_folder_or_its_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "work"
    here.mkdir()
    (here / "mine.txt").write_text("keep me")
    monkeypatch.chdir(here)
    for target in (Path("."), tmp_path, Path("/")):
        with pytest.raises(ReportError, match="current folder"):
            check_target(target, force=True)
    assert (here / "mine.txt").read_text() == "keep me"


def test_a_table_missing_a_required_key_names_it() -> None:
    from chainrule.errors import ConfigError

    with pytest.raises(ConfigError, match=r"^task2\.experiments\[0\]: missing key 'name'$"):
        config_from_dict({"task2": {"experiments": [{"lr": 0.01, "epochs": 10}]}})


@pytest.mark.parametrize(
    ("lang", "value", "grad"), [("en", "value", "grad"), ("uk", "значення", "градієнт")]
)
def test_the_graph_picture_speaks_the_report_language(lang: str, value: str, grad: str) -> None:
    part = task3.section(LabConfig(), Text(lang))
    files = part.figures["task3-graph"]
    assert isinstance(files, dict) and files[".png"].startswith(b"\x89PNG")
    svg = files[".svg"].decode("utf-8")
    assert f">{value} -10<" in svg and f">{grad} 1<" in svg  # the output L = -10, dL/dL = 1
    if lang == "uk":
        assert ">value " not in svg and ">grad " not in svg
