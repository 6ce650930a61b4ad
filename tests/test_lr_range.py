"""The learning-rate range test: its rates, its losses step by step, its suggestion."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chainrule.descent.data import dataset, lab_data
from chainrule.descent.logistic import log_loss
from chainrule.descent.logistic_data import two_class_data
from chainrule.descent.lr_range import lr_range_test
from chainrule.descent.stability import stability
from chainrule.descent.status import B0, M0
from chainrule.descent.surface import loss_surface
from chainrule.errors import ConfigError, DataError


def test_three_steps_on_three_points_by_hand() -> None:
    # x = (0, 1, 2), y = (1, 3, 5); from (m, b) = (0.33, 0.48) the rates are 0.1, 0.2, 0.4.
    data = dataset(x=[0.0, 1.0, 2.0], y=[1.0, 3.0, 5.0])
    test = lr_range_test(data=data, lr_min=0.1, lr_max=0.4, steps=3)
    assert test.lrs.tolist() == pytest.approx([0.1, 0.2, 0.4], rel=1e-15)
    m, b, losses = M0, B0, []
    for lr in (0.1, 0.2, 0.4):
        r = [y - (m * x + b) for x, y in zip(data.x, data.y, strict=True)]
        losses.append(sum(e * e for e in r) / 3)
        dm = -2 / 3 * sum(x * e for x, e in zip(data.x, r, strict=True))
        db = -2 / 3 * sum(r)
        m, b = m - lr * dm, b - lr * db
    assert test.losses.tolist() == pytest.approx(losses, rel=1e-14)
    # The moving average with factor 0.8, bias-corrected: the first value is the first loss.
    assert test.smoothed[0] == test.losses[0]
    second = (0.8 * 0.2 * losses[0] + 0.2 * losses[1]) / (1 - 0.8**2)
    assert test.smoothed[1] == pytest.approx(second, rel=1e-15)


def test_the_line_suggestion_beside_lr_opt() -> None:
    test = lr_range_test()
    lr_opt = stability(surface=loss_surface(lab_data())).lr_opt
    assert test.reference == "lr_opt" and test.reference_lr == lr_opt
    ratio = (10 / 1e-6) ** (1 / 99)
    np.testing.assert_allclose(test.lrs[1:] / test.lrs[:-1], ratio, rtol=1e-12)
    assert test.lrs[0] == 1e-6
    # The loss blows up at step 75 (lr = 0.2009, past lr_max = 0.0292), where the run stops.
    assert test.lrs.size == 76 and test.blowup_lr == test.lrs[-1]
    assert test.blowup_lr == pytest.approx(0.2009233002565, rel=1e-12)
    assert test.losses[-1] > 4 * test.losses.min()
    assert test.suggested_lr == pytest.approx(0.001788649529057, rel=1e-12)
    assert test.ratio == pytest.approx(test.suggested_lr / lr_opt)


def test_the_logistic_suggestion_beside_the_safe_rate() -> None:
    test = lr_range_test(model="logistic")
    data = two_class_data()
    assert test.reference == "safe_lr"
    assert test.losses[0] == log_loss(x=data.x, y=data.y, w=0.0, c=0.0)[0]
    assert test.blowup_lr is None and test.lrs.size == 100  # the log-loss grows slowly
    assert test.suggested_lr == pytest.approx(0.3274549162877726, rel=1e-12)
    assert test.suggested_lr < test.reference_lr


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"model": "tree"}, "model"),
        ({"lr_min": 1.0, "lr_max": 0.5}, "lr_min must be below lr_max"),
        ({"lr_min": 0}, "lr_min must be a number above 0"),
        ({"lr_max": math.inf}, "lr_max must be a finite number"),
        ({"steps": 2}, "steps"),
        ({"smoothing": 1.0}, "smoothing"),
    ],
)
def test_bad_settings(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        lr_range_test(**settings)


def test_the_logistic_model_wants_labels() -> None:
    with pytest.raises(DataError, match="label y must be 0 or 1"):
        lr_range_test(model="logistic", data=lab_data())
