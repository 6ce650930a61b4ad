"""The playground page as Python builds it: what it embeds, its size, its words, the command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import chainrule
from chainrule.descent.momentum_theory import momentum_theory
from chainrule.descent.surface import loss_surface
from chainrule.errors import ConfigError, ExpressionTooLargeError, OptionError, ParseError
from chainrule.playground.page import Playground, build_playground
from conftest import run_cli as run

#: A function whose derivation is quick, for the tests that are not about the sigmoid.
QUICK = "x**3"


@pytest.fixture(scope="module")
def lab() -> Playground:
    return build_playground()


@pytest.fixture
def quick_config(tmp_path: Path) -> Path:
    config = tmp_path / "lab.toml"
    config.write_text(f'[task1]\nexpression = "{QUICK}"\n')
    return config


def embedded(page: Playground) -> dict:
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', page.html, re.S)
    assert match is not None
    return json.loads(match.group(1))


def test_one_small_page_that_fetches_nothing(lab: Playground) -> None:
    assert lab.size < 500_000
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", lab.html)
    assert "<link" not in lab.html and "@import" not in lab.html
    assert lab.html.count("<script") == 2 and "<script src" not in lab.html


def test_the_page_embeds_chainrules_numbers(lab: Playground) -> None:
    data = embedded(lab)
    s = loss_surface(chainrule.lab_data())
    descent = data["descent"]
    assert (descent["m_opt"], descent["b_opt"], descent["mse_opt"]) == (s.m_opt, s.b_opt, s.mse_opt)
    assert descent["lr_max_text"] == "0.0291941"
    assert [p[0] for p in descent["presets"]] == [0.01, 0.01, 0.001, 0.01, 0.1, 0.1]
    grads = {g["name"]: g["gradient"] for g in data["graph"]["gradients"]}
    assert grads == {"dL/da": "-2", "dL/db": "-1", "dL/dc": "10", "dL/dd": "-10"}
    edge = data["graph"]["edges"][-1]
    assert (edge["edge"], edge["upstream"], edge["local"], edge["contribution"]) == (
        "n2 -> n1 (a)",
        "-1",
        "2",
        "-2",
    )
    steps = data["derivative"]["steps"]
    assert [s["number"] for s in steps[:3]] == ["1", "1.1", "1.2"]
    assert steps[0]["rule"] == "chain rule" and steps[0]["math"].startswith("<math")
    middle = len(data["derivative"]["x"]) // 2
    assert (data["derivative"]["x"][middle], data["derivative"]["f"][middle]) == (0.0, 0.5)
    assert data["derivative"]["slope"][middle] == 0.25


def test_the_page_embeds_momentums_tuned_setting(lab: Playground) -> None:
    tuned = embedded(lab)["descent"]["momentum"]
    theory = momentum_theory(surface=loss_surface(chainrule.lab_data()))
    assert (tuned["lr_opt"], tuned["beta_opt"]) == (theory.lr_opt, theory.beta_opt)
    assert tuned["epochs"] == 85  # train(optimizer=momentum at this setting) converges at 85


def test_ukrainian_page(lab: Playground) -> None:
    uk = build_playground(lang="uk", expression=QUICK)
    assert '<html lang="uk">' in uk.html and "Градієнтний спуск" in uk.html
    assert embedded(uk)["words"]["pg.status.overflow"] == "переповнення на епосі {epoch}"
    assert embedded(uk)["derivative"]["steps"][0]["rule"] == "правило степеня"
    assert embedded(lab)["words"].keys() == embedded(uk)["words"].keys()


def test_a_variant_of_the_lab() -> None:
    page = build_playground(
        data=chainrule.lab_data(n=20, seed=3),
        m0=1.0,
        b0=-1.0,
        presets=[(0.02, 50)],
        expression="t**3",
        variable="t",
        graph_expression="x*x*x - 3*x",
        graph_values={"x": 2},
    )
    data = embedded(page)
    assert data["descent"]["n"] == 20 and data["descent"]["presets"] == [[0.02, 50]]
    assert {g["name"]: g["gradient"] for g in data["graph"]["gradients"]} == {"dL/dx": "9"}
    assert data["derivative"]["variable"] == "t"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"lang": "fr"}, OptionError),
        ({"presets": [(-0.1, 10)]}, ConfigError),
        ({"presets": [(0.1, 0)]}, ConfigError),
        ({"graph_expression": "</script><script>alert(1)"}, ParseError),
        ({"expression": "x +* 2"}, ParseError),
        (
            {  # 201 inputs and 200 sums: one node more than the page steps through
                "graph_expression": "+".join(f"x{i}" for i in range(201)),
                "graph_values": {f"x{i}": 1.0 for i in range(201)},
            },
            ExpressionTooLargeError,
        ),
    ],
)
def test_bad_settings_are_one_line_errors(kwargs: dict, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        build_playground(**kwargs)
    assert "\n" not in str(info.value)


def test_the_command_writes_the_page(
    tmp_path: Path, quick_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pg.html"
    argv = ["--out", str(out), "--lang", "uk", "--config", str(quick_config)]
    code, stdout, err = run(capsys, "playground", *argv)
    assert code == 0 and err == ""
    assert stdout.startswith(f"wrote {out} (") and stdout.endswith(" KB)\n")
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_the_command_opens_the_page(
    tmp_path: Path,
    quick_config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    out = tmp_path / "pg.html"
    argv = ["--out", str(out), "--open", "--config", str(quick_config)]
    assert run(capsys, "playground", *argv)[0] == 0
    assert opened == [out.resolve().as_uri()]


def test_the_command_reads_a_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "lab.toml"
    config.write_text(
        f'[task1]\nexpression = "{QUICK}"\n[task3]\nexpression = "a*b"\nvalues = {{a = 2, b = 5}}\n'
    )
    out = tmp_path / "pg.html"
    assert run(capsys, "playground", "--config", str(config), "--out", str(out))[0] == 0
    grads = embedded(Playground(out.read_text(encoding="utf-8"), {}, "en"))["graph"]["gradients"]
    assert [(g["name"], g["gradient"]) for g in grads] == [("dL/da", "5"), ("dL/db", "2")]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--out", "pg.txt"], "use a name ending in .html or .htm"),
        (["--config", "missing.toml"], "missing.toml: no such file"),
        (["--out", "nowhere/pg.html"], "does not exist"),
    ],
)
def test_command_errors_are_one_line(
    argv: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "playground", *argv)
    assert (code, out) == (2, "")
    assert err.startswith("chainrule: error: ") and message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_file_is_replaced_whole(
    tmp_path: Path, quick_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pg.html"
    out.write_text("old")
    assert run(capsys, "playground", "--out", str(out), "--config", str(quick_config))[0] == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lab.toml", "pg.html"]
