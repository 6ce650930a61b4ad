"""The report's Further section: the logistic-regression block (issue 15)."""

from __future__ import annotations

import pytest

from chainrule.figure_files import style
from chainrule.report.config import LabConfig
from chainrule.report.further import BLOCKS, logistic
from chainrule.words import Text


def test_logistic_is_the_second_block_of_the_further_section() -> None:
    assert [block.__name__ for block in BLOCKS] == ["optimizers", "logistic"]


def test_the_logistic_block_holds_the_fit_the_gradient_the_rates_and_two_figures() -> None:
    with style():
        part = logistic(LabConfig(), Text("en"))
    text = part.markdown
    assert text.startswith("### Logistic regression\n\n")
    assert "ends at w = 2.39468, c = -0.00170474, log-loss 0.293333, and puts 86.5%" in text
    assert "optimum w = 2.39468, c = -0.00170474, log-loss 0.293333 in 7 steps" in text
    assert "from epoch 123 on" in text
    assert "dL/dz = S(z) - y" in text and "S'(z) = S(z)(1 - S(z))" in text
    assert "below lr = 3.597 lowers" in text
    assert "up to lr = 18.03 and first rises at lr = 20.23, 5.62 times" in text
    assert "optimum, 21.91." in text
    assert "suggests lr = 0.001789, against the theory's lr_opt = 0.02898 (ratio 0.0617)" in text
    assert "(ratio 0.0617): a quick probe that lands on the safe side of the theory." in text
    assert set(part.figures) == {"further-logistic-boundary", "further-logistic-loss"}
    assert "(figures/further-logistic-boundary.svg)" in text
    assert "(figures/further-logistic-loss.svg)" in text


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_logistic_block_leaves_no_placeholder_in_either_language(lang: str) -> None:
    with style():
        part = logistic(LabConfig(), Text(lang))
    assert "{" not in part.markdown and "86.5%" in part.markdown
    assert ("Логістична регресія" in part.markdown) == (lang == "uk")
