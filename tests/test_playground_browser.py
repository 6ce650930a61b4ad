"""The playground page in a real browser: headless Chromium (Debian's), driven by Playwright.

Without Chromium or Playwright these tests are skipped, each saying what is missing
(``.ci/run`` installs Chromium with apt; ``pip install -e '.[test]'`` brings Playwright).
"""

from __future__ import annotations

import math
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import chainrule
from chainrule.descent.momentum_theory import momentum_theory
from chainrule.descent.optimizers import Optimizer
from chainrule.descent.status import B0, M0
from chainrule.descent.surface import loss_surface
from chainrule.playground.page import build_playground

CHROMIUM = "/usr/bin/chromium"


def _missing() -> str | None:
    if shutil.which(CHROMIUM) is None:
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright's Python package is missing (pip install -e '.[browser]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = _missing()
    if missing is not None:
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("playground") / "playground.html"
    path.write_text(build_playground().html, encoding="utf-8")
    return path


@pytest.fixture
def page(browser: Any, page_file: Path) -> Iterator[Any]:
    """The page from file://, failing the test on any script error or network request."""
    tab = browser.new_page(viewport={"width": 1100, "height": 900})
    problems: list[str] = []
    tab.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    tab.on("request", lambda r: r.url.startswith("file:") or problems.append(f"fetch {r.url}"))
    tab.goto(page_file.as_uri())
    yield tab
    tab.close()
    assert problems == []


def test_the_slider_at_0_1_overflows_at_epoch_199(page: Any, tmp_path: Path) -> None:
    slider = page.locator("#lr")
    slider.evaluate("(el) => { el.value = '-1'; el.dispatchEvent(new Event('input')); }")
    assert page.locator("#lr-num").input_value() == "0.1"
    assert page.locator("#status-word").inner_text() == "overflow at epoch 199"
    python = chainrule.train(lr=0.1, epochs=1000)
    assert python.verdict in page.locator("#status").inner_text()
    page.screenshot(path=tmp_path / "overflow.png", full_page=True)


def test_the_slider_moves_by_keyboard(page: Any) -> None:
    page.locator("#lr").focus()
    page.keyboard.press("End")
    assert float(page.locator("#lr-num").input_value()) == 1.0
    assert page.locator("#status-word").inner_text().startswith("overflow at epoch ")
    page.locator("#surface-plot").focus()
    page.keyboard.press("ArrowRight")
    assert float(page.locator("#m0").input_value()) > 0.33


def test_play_and_step_walk_through_the_epochs(page: Any) -> None:
    shown = page.locator("#shown")
    assert shown.inner_text().startswith("epoch 1000 of 1000: m = 2.00322,")
    page.click("#step")  # from the end, Step starts over
    assert shown.inner_text().startswith("epoch 0 of 1000: m = 0.33, b = 0.48,")
    page.click("#step")
    assert shown.inner_text().startswith("epoch 1 of 1000: ")
    page.click("#play")
    page.wait_for_function("document.getElementById('shown').textContent.startsWith('epoch 1000 ')")
    assert page.locator("#play").inner_text() == "Play"
    assert page.locator("#lr").get_attribute("aria-valuetext") == "lr = 0.01"


def test_stepping_the_backward_pass_reads_dl_da(page: Any) -> None:
    row = page.locator("#g-grads tbody tr", has_text="dL/da")
    assert page.locator("#g-backward").is_disabled()
    for _ in range(9):
        page.click("#g-forward")
    assert page.locator("#g-forward").is_disabled()
    assert page.locator("#g-nodes tbody tr").last.inner_text().split("\t")[-1] == "-10"
    for _ in range(6):
        page.click("#g-backward")
    assert row.locator("td").nth(1).inner_text() == "…"  # a's last edge is still to come
    page.click("#g-backward")
    assert row.locator("td").nth(1).inner_text() == "-2"
    assert page.locator("#g-edges tr.now").inner_text().split("\t") == [
        "n2 -> n1 (a)",
        "-1 x 2 = -2",
    ]
    assert page.locator("#g-backward").is_disabled()


def test_derivative_steps_are_revealed_one_by_one(page: Any) -> None:
    steps = page.locator("#d-steps li")
    assert steps.count() == 0 and page.locator("#d-result").is_hidden()
    page.click("#d-next")
    assert steps.count() == 1 and steps.first.locator("math").count() >= 1
    assert steps.first.inner_text().startswith("1. chain rule")
    page.click("#d-all")
    assert steps.count() == 8 and page.locator("#d-result").is_visible()
    page.locator("#d-point").fill("300")
    assert page.locator("#d-at").inner_text() == "f(4) = 0.982014, f'(4) = 0.0176627"


def _settings(rng: random.Random) -> list[tuple[float, int, float, float]]:
    lr_max = chainrule.train(lr=0.01, epochs=1).stability.lr_max
    fixed = [(0.1, 1000, 0.33, 0.48), (lr_max * 1.001, 3000, 0.33, 0.48), (0.0289, 7, -3.0, 9.0)]
    drawn = [
        (
            10 ** rng.uniform(-4.5, -0.5),
            rng.randint(1, 5000),
            round(rng.uniform(-5, 5), 3),
            round(rng.uniform(-5, 10), 3),
        )
        for _ in range(17)
    ]
    return fixed + drawn


def test_javascript_and_python_agree_on_20_settings(page: Any) -> None:
    for lr, epochs, m0, b0 in _settings(random.Random(14)):
        js = page.evaluate(
            "([lr, e, m0, b0]) => window.chainrule.train(lr, e, m0, b0)", [lr, epochs, m0, b0]
        )
        py = chainrule.train(lr=lr, epochs=epochs, m0=m0, b0=b0)
        where = f"lr={lr!r}, epochs={epochs}, start=({m0}, {b0})"
        for key in ("m", "b", "final_mse"):
            assert math.isclose(js[key], getattr(py, key), rel_tol=1e-9, abs_tol=1e-300), where
        assert (js["status"], js["overflow_epoch"], js["last_epoch"]) == (
            py.status,
            py.overflow_epoch,
            py.last_epoch,
        ), where
        assert js["verdict"] == py.verdict, where


def test_a_phone_sized_window(browser: Any, page_file: Path, tmp_path: Path) -> None:
    tab = browser.new_page(viewport={"width": 390, "height": 844})
    tab.goto(page_file.as_uri())
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    tab.screenshot(path=tmp_path / "phone.png", full_page=True)
    tab.close()


def test_the_tuned_momentum_button_reaches_tol_in_pythons_85_epochs(
    page: Any, tmp_path: Path
) -> None:
    tuned = momentum_theory(surface=loss_surface(chainrule.lab_data()))
    page.locator("#tuned-set").click()
    assert page.locator("#optimizer").input_value() == "momentum"
    assert float(page.locator("#beta-num").input_value()) == tuned.beta_opt
    assert float(page.locator("#lr-num").input_value()) == tuned.lr_opt
    assert "85 epochs to tol" in page.locator("#tuned").inner_text()
    setting = [tuned.lr_opt, 300, M0, B0, {"name": "momentum", "beta": tuned.beta_opt}]
    js = page.evaluate("([lr, e, m0, b0, o]) => window.chainrule.train(lr, e, m0, b0, o)", setting)
    opt = Optimizer("momentum", beta=tuned.beta_opt)
    py = chainrule.train(lr=tuned.lr_opt, epochs=300, optimizer=opt)
    assert py.epochs_to_tol == 85 and js["reached"] == 85
    assert js["status"] == py.status == "converged"
    assert "from epoch 85 on" in page.locator("#status").inner_text()
    page.screenshot(path=tmp_path / "momentum.png", full_page=True)


@pytest.mark.parametrize(
    ("name", "lr", "beta"),
    [
        ("momentum", 0.04958692504131674, 0.7108323935972132),
        ("nesterov", 0.02, 0.9),
        ("adam", 0.05, 0.9),
        ("momentum", 0.2, 0.5),
    ],
)
def test_stepped_trajectories_equal_pythons(page: Any, name: str, lr: float, beta: float) -> None:
    opt = Optimizer(name, beta=beta)
    py = chainrule.train(lr=lr, epochs=400, optimizer=opt)
    js = page.evaluate(
        "([lr, n, b, m0, b0]) => window.chainrule.train(lr, 400, m0, b0, {name: n, beta: b})",
        [lr, name, beta, M0, B0],
    )
    assert (js["status"], js["overflow_epoch"], js["last_epoch"]) == (
        py.status,
        py.overflow_epoch,
        py.last_epoch,
    )
    assert js["verdict"] == py.verdict
    for k in (1, 2, 10, 85, py.last_epoch):
        if k <= py.last_epoch:
            assert math.isclose(js["ms"][k], py.m_history[k], rel_tol=1e-12), (name, k)
            assert math.isclose(js["bs"][k], py.b_history[k], rel_tol=1e-12), (name, k)
