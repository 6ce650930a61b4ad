"""Every sentence of the conclusion follows from the numbers: round bowls, short runs, limits."""

from __future__ import annotations

import pytest

from chainrule.descent.conclusion import conclude
from chainrule.descent.data import lab_data
from chainrule.figure_files import style
from chainrule.report import config_from_dict
from chainrule.report import task2 as task2_section
from chainrule.words import Text

#: x evenly spread over [-sqrt(3), sqrt(3)]: mean 0, mean square 1, so the Hessian is ~2*I.
ROUND = {"x_min": -1.7320508, "x_max": 1.7320508}


@pytest.fixture(scope="module")
def round_bowl():  # type: ignore[no-untyped-def]
    return conclude(data=lab_data(**ROUND))


def test_a_round_bowl_is_not_called_a_narrow_valley(round_bowl) -> None:  # type: ignore[no-untyped-def]
    c = round_bowl
    assert c.condition == pytest.approx(1.0202, abs=1e-4) and c.shape == "round"
    assert c.best.epochs_to_tol == 2 and c.lr_opt_run.epochs_to_tol == 2
    for lang in ("en", "uk"):
        text = " ".join(c.sentences(Text(lang)))
        assert "valley" not in text and "долина" not in text
        assert "crawls" not in text and "повзе" not in text
    last = c.sentences()[-1]
    assert last.endswith(
        "The condition number 1.02 is close to 1: the surface is a nearly round bowl, one rate"
        " suits both directions, and the best rate needs only 2 epochs."
    )
    assert "lr = 0.1 gets there at epoch 37" in c.sentences()[2]  # the lab's fastest rate
    assert "its choice is not the fastest" in c.sentences()[2]


def test_the_search_says_it_is_not_the_sweep(round_bowl) -> None:  # type: ignore[no-untyped-def]
    first = round_bowl.sentences()[0]
    assert first.startswith(
        "To answer the lab's question, chainrule searches a grid of its own (not the sweep's):"
        f" {round_bowl.runs} learning rates up to lr_max"
    )


def test_the_lab_data_is_a_valley() -> None:
    c = conclude()
    assert c.shape == "valley" and round(c.condition) == 138
    assert "long narrow valley" in c.sentences()[-1]


@pytest.mark.parametrize(
    ("epochs", "expected"),
    [
        ([200, 300], "so the lab's runs of 200 and 300 epochs stop short"),
        ([100, 2000], "so runs of 100 epochs stop short and runs of 2000 epochs get there"),
        ([2000], "and the lab's runs of 2000 epochs get there"),
    ],
)
def test_the_verdict_on_epochs_names_only_runs_that_exist(epochs: list[int], expected: str) -> None:
    config = config_from_dict(
        {
            "task2": {
                "data": {"n": 40, "seed": 7},
                "experiments": [{"name": f"e{k}", "lr": 0.01, "epochs": k} for k in epochs],
                "sweep": {"num": 5, "epochs": [10]},
            }
        }
    )
    with style():
        markdown = task2_section.section(config, Text("en")).markdown
    assert expected in markdown
    assert "of - epochs" not in markdown
