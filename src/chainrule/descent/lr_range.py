"""The learning-rate range test: one run whose rate grows every step, and the rate it suggests.

Step ``k`` (of ``steps``) uses ``lr_k = lr_min * (lr_max/lr_min)**(k/(steps-1))`` for one
full-batch update, after recording the loss at the current parameters. The run stops
once the loss passes :data:`BLOWUP` times the smallest loss seen (or leaves float64):
that rate is ``blowup_lr``.

The suggestion is the rate where the *smoothed* loss falls fastest against ``log(lr)``
(the steepest descent; the smoothing is an exponential moving average with factor
``smoothing``, bias-corrected, as in fastai's ``lr_find``), taken among the steps before the
blow-up. It is compared with the rate theory prefers: ``lr_opt = 2/(lambda_max + lambda_min)``
for the line (:mod:`chainrule.descent.stability`), ``safe_lr`` for logistic regression
(:mod:`chainrule.descent.logistic`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule import arguments
from chainrule.budget import budgeted
from chainrule.descent.data import Dataset, lab_data
from chainrule.descent.logistic import learning_rates, log_loss, optimum
from chainrule.descent.logistic_data import labelled, two_class_data
from chainrule.descent.stability import stability
from chainrule.descent.status import B0, M0
from chainrule.descent.training import check_settings, lab_gradient, start_surface
from chainrule.errors import ConfigError

MODELS = ("line", "logistic")
#: The run stops once the loss is this many times the smallest loss seen.
BLOWUP = 4.0
#: Most steps of one test.
MAX_STEPS = 100_000


@dataclass(frozen=True, eq=False)
class RangeTest:
    """The rates tried, the loss before each step, and what they suggest."""

    model: str
    data: Dataset
    lrs: np.ndarray  # (k,) the rate of each step taken, k <= steps
    losses: np.ndarray  # (k,) the loss before that step
    smoothed: np.ndarray  # (k,) its bias-corrected moving average
    suggested_lr: float | None  # the steepest descent of the smoothed loss (None: no descent)
    blowup_lr: float | None  # the rate whose step found the loss blown up (None: never)
    reference_lr: float  # lr_opt (line) or safe_lr (logistic)
    reference: str  # "lr_opt" or "safe_lr"

    @property
    def ratio(self) -> float | None:
        """``suggested_lr / reference_lr``."""
        return None if self.suggested_lr is None else self.suggested_lr / self.reference_lr

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "data": self.data.to_dict(),
            "lrs": self.lrs.tolist(),
            "losses": self.losses.tolist(),
            "suggested_lr": self.suggested_lr,
            "blowup_lr": self.blowup_lr,
            "reference": self.reference,
            "reference_lr": self.reference_lr,
            "ratio": self.ratio,
        }


def _line(data: Dataset) -> tuple[Any, float, tuple[float, float]]:
    """The MSE and its gradient at ``(m, b)``, lr_opt, and the lab's start."""
    check_settings(lr=0.01, epochs=1, m0=M0, b0=B0, tol=1e-6)
    surface = start_surface(data, m0=M0, b0=B0)

    def loss(p: np.ndarray) -> tuple[float, np.ndarray]:
        r = data.y - (p[0] * data.x + p[1])
        grad = lab_gradient(x=data.x, y=data.y, m=float(p[0]), b=float(p[1]))
        return float(np.mean(r * r)), np.array(grad)

    return loss, stability(surface=surface).lr_opt, (M0, B0)


def _logistic(data: Dataset) -> tuple[Any, float, tuple[float, float]]:
    """The log-loss and its gradient at ``(w, c)``, safe_lr, and the start ``w = c = 0``."""

    def loss(p: np.ndarray) -> tuple[float, np.ndarray]:
        value, gw, gc = log_loss(x=data.x, y=data.y, w=p[0], c=p[1])
        return float(value), np.array([float(gw), float(gc)])

    return loss, learning_rates(data.x, optimum(data)).safe_lr, (0.0, 0.0)


@budgeted(lambda **_: "the learning-rate range test")
def lr_range_test(
    *,
    data: Dataset | None = None,
    model: str = "line",
    lr_min: float = 1e-6,
    lr_max: float = 10.0,
    steps: int = 100,
    smoothing: float = 0.8,
    timeout: float | None = None,
) -> RangeTest:
    """Run the range test (see the module's docstring) on ``data`` (default: the lab's data
    for ``"line"``, the two-class set for ``"logistic"``) within ``timeout`` seconds."""
    arguments.choice("model", model, MODELS, error=ConfigError)
    low = arguments.number("lr_min", lr_min, error=ConfigError, low=0)
    high = arguments.number("lr_max", lr_max, error=ConfigError, low=0)
    if not low < high:
        raise ConfigError(f"lr_min must be below lr_max, got {low:g} and {high:g}")
    count = arguments.whole("steps", steps, error=ConfigError, low=3, high=MAX_STEPS)
    if not arguments.is_number(smoothing) or not 0 <= smoothing < 1:
        raise ConfigError(f"smoothing must be from 0 up to 1, got {arguments.shown(smoothing)}")
    if model == "line":
        data = lab_data() if data is None else data
        arguments.instance("data", data, Dataset, "a Dataset", error=ConfigError)
        loss, reference, start = _line(data)
    else:
        data = two_class_data() if data is None else labelled(data)
        loss, reference, start = _logistic(data)
    rates = low * (high / low) ** (np.arange(count) / (count - 1))  # (steps,)
    p = np.array(start, dtype=float)
    losses: list[float] = []
    blowup = None
    with np.errstate(all="ignore"):
        for lr in rates:
            value, grad = loss(p)
            losses.append(value)
            if not math.isfinite(value) or value > BLOWUP * min(losses):
                blowup = float(lr)
                break
            p = p - lr * grad
    taken = np.array(losses)
    smoothed = _smooth(taken, float(smoothing))
    return RangeTest(
        model=model,
        data=data,
        lrs=rates[: taken.size],
        losses=taken,
        smoothed=smoothed,
        suggested_lr=_steepest(rates[: taken.size], smoothed, blown=blowup is not None),
        blowup_lr=blowup,
        reference_lr=float(reference),
        reference="lr_opt" if model == "line" else "safe_lr",
    )


def _smooth(values: np.ndarray, factor: float) -> np.ndarray:
    """The bias-corrected exponential moving average of ``values`` (finite ones carried)."""
    out, mean = np.empty(values.size), 0.0
    for k, value in enumerate(values):
        v = value if math.isfinite(value) else out[k - 1] if k else 0.0
        mean = factor * mean + (1 - factor) * v
        out[k] = mean / (1 - factor ** (k + 1))
    return out


def _steepest(lrs: np.ndarray, smoothed: np.ndarray, *, blown: bool) -> float | None:
    """The rate where ``smoothed`` falls fastest against ``log(lr)``, before the blow-up."""
    keep = smoothed.size - 1 if blown else smoothed.size
    if keep < 2:
        return None
    slope = np.gradient(smoothed[:keep], np.log(lrs[:keep]))
    k = int(np.argmin(slope))
    return float(lrs[k]) if slope[k] < 0 else None
