"""First-order optimizers and learning-rate schedules, as update rules on arrays.

Every rule is written once, for parameters held in NumPy arrays of any shape (one entry
per run, so a whole sweep steps at once), and for any model: the caller computes the
gradient at the parameters it is given and applies the step it gets back::

    state = opt.start(params)
    for t in range(1, epochs + 1):
        grads = gradient(params)                  # the model's own gradient
        params, state = opt.step(params, grads, state, lr=schedule.rate(lr, t - 1, epochs), t=t)

The rules, with ``g`` the gradient at the current parameters ``p``:

``gd``
    ``p -= lr * g``.
``momentum`` (heavy ball, Polyak)
    ``v = beta*v + g; p -= lr * v``; with a constant rate this is
    ``p_next = p - lr*g + beta*(p - p_prev)``.
``nesterov``
    ``v = beta*v + g; p -= lr * (g + beta*v)``: the look-ahead step written with the
    gradient at ``p`` (the form PyTorch uses), so no second gradient is needed.
``adam`` (Kingma and Ba)
    ``m = beta1*m + (1-beta1)*g; s = beta2*s + (1-beta2)*g**2``;
    ``p -= lr * m_hat / (sqrt(s_hat) + eps)`` with the bias corrections
    ``m_hat = m/(1-beta1**t)``, ``s_hat = s/(1-beta2**t)``.

``beta`` (and ``beta1``, ``beta2``, ``eps``) may be arrays that broadcast against the
parameters, for a sweep over ``(lr, beta)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule import arguments
from chainrule.errors import ConfigError

OPTIMIZERS = ("gd", "momentum", "nesterov", "adam")
SCHEDULES = ("constant", "step", "exponential", "cosine")

#: Parameters (or gradients, or one part of a state): a tuple of arrays of one shape.
Arrays = tuple[np.ndarray, ...]


def _fraction(name: str, value: Any) -> None:
    """Raise :class:`ConfigError` unless every entry of ``value`` is in ``[0, 1)``."""
    values = np.asarray(value, dtype=float) if _numbers(value) else np.array(np.nan)
    if not np.all((values >= 0) & (values < 1)):
        raise ConfigError(
            f"{name} must be a number with 0 <= {name} < 1, got {arguments.shown(value)}"
        )


def _numbers(value: Any) -> bool:
    """A number, or an array of numbers (not bools, not text)."""
    if arguments.is_number(value):
        return True
    return isinstance(value, np.ndarray) and value.dtype.kind in "iuf"


@dataclass(frozen=True)
class Optimizer:
    """An update rule and its constants (see the module's docstring for the formulas)."""

    name: str = "gd"
    beta: Any = 0.9  # momentum and nesterov: the fraction of the last step kept
    beta1: Any = 0.9  # adam: decay of the gradient's running mean
    beta2: Any = 0.999  # adam: decay of the squared gradient's running mean
    eps: Any = 1e-8  # adam: keeps the division finite

    def __post_init__(self) -> None:
        arguments.choice("optimizer", self.name, OPTIMIZERS, error=ConfigError)
        _fraction("beta", self.beta)
        _fraction("beta1", self.beta1)
        _fraction("beta2", self.beta2)
        eps = np.asarray(self.eps, dtype=float) if _numbers(self.eps) else np.array(np.nan)
        if not np.all((eps > 0) & np.isfinite(eps)):
            raise ConfigError(f"eps must be a positive number, got {arguments.shown(self.eps)}")

    def start(self, params: Arrays) -> tuple[Arrays, ...]:
        """The state before the first step: zeros shaped like each parameter."""
        zeros = tuple(np.zeros(np.broadcast_shapes(np.shape(p), self._shape())) for p in params)
        if self.name == "gd":
            return ()
        if self.name == "adam":
            return (zeros, tuple(z.copy() for z in zeros))
        return (zeros,)

    def _shape(self) -> tuple[int, ...]:
        """The shape the constants broadcast to (``()`` for plain numbers)."""
        return np.broadcast_shapes(*(np.shape(c) for c in (self.beta, self.beta1, self.beta2)))

    def step(
        self, params: Arrays, grads: Arrays, state: tuple[Arrays, ...], *, lr: Any, t: int
    ) -> tuple[Arrays, tuple[Arrays, ...]]:
        """``(new params, new state)`` after step ``t`` (counted from 1) at rate ``lr``.

        Call inside ``np.errstate`` if a run may overflow: a diverging run's numbers grow
        to ``inf`` here and its caller decides what that means.
        """
        if self.name == "gd":
            return tuple(p - lr * g for p, g in zip(params, grads, strict=True)), state
        if self.name in ("momentum", "nesterov"):
            (velocity,) = state
            v = tuple(self.beta * v + g for v, g in zip(velocity, grads, strict=True))
            if self.name == "momentum":
                moves = v
            else:
                moves = tuple(g + self.beta * w for g, w in zip(grads, v, strict=True))
            return tuple(p - lr * d for p, d in zip(params, moves, strict=True)), (v,)
        mean, square = state
        mean = tuple(
            self.beta1 * m + (1 - self.beta1) * g for m, g in zip(mean, grads, strict=True)
        )
        square = tuple(
            self.beta2 * s + (1 - self.beta2) * g * g for s, g in zip(square, grads, strict=True)
        )
        fix1, fix2 = 1 - self.beta1**t, 1 - self.beta2**t
        new = tuple(
            p - lr * (m / fix1) / (np.sqrt(s / fix2) + self.eps)
            for p, m, s in zip(params, mean, square, strict=True)
        )
        return new, (mean, square)


@dataclass(frozen=True)
class Schedule:
    """A learning rate that changes with the epoch.

    ``constant``: ``lr``; ``step``: ``lr * gamma**(epoch // every)``;
    ``exponential``: ``lr * gamma**epoch``; ``cosine``:
    ``lr_min + (lr - lr_min) * (1 + cos(pi * epoch / epochs)) / 2`` with
    ``lr_min = lr * floor``.
    """

    name: str = "constant"
    gamma: float = 0.5  # step and exponential: the factor per drop (per epoch)
    every: int = 100  # step: epochs between drops
    floor: float = 0.0  # cosine: the last rate as a fraction of the first

    def __post_init__(self) -> None:
        arguments.choice("schedule", self.name, SCHEDULES, error=ConfigError)
        gamma = arguments.number("gamma", self.gamma, error=ConfigError, low=0)
        if gamma > 1:
            raise ConfigError(f"gamma must be a number with 0 < gamma <= 1, got {gamma:g}")
        arguments.whole("every", self.every, error=ConfigError, low=1, high=10**9)
        if not arguments.is_number(self.floor) or not 0 <= self.floor <= 1:
            raise ConfigError(
                f"floor must be a number from 0 to 1, got {arguments.shown(self.floor)}"
            )

    def rate(self, lr: Any, epoch: int, epochs: int) -> Any:
        """The rate of the update made after ``epoch`` updates (0-based), of ``epochs``."""
        if self.name == "constant":
            return lr
        if self.name == "step":
            return lr * self.gamma ** (epoch // self.every)
        if self.name == "exponential":
            return lr * self.gamma**epoch
        low = lr * self.floor
        return low + (lr - low) * (1 + math.cos(math.pi * epoch / max(epochs, 1))) / 2


def as_optimizer(value: Any) -> Optimizer:
    """``value`` as an :class:`Optimizer`: one already, or a name with the default constants."""
    if isinstance(value, Optimizer):
        return value
    arguments.choice("optimizer", value, OPTIMIZERS, error=ConfigError)
    return Optimizer(value)


def as_schedule(value: Any) -> Schedule:
    """``value`` as a :class:`Schedule`: one already, or a name with the default constants."""
    if isinstance(value, Schedule):
        return value
    arguments.choice("schedule", value, SCHEDULES, error=ConfigError)
    return Schedule(value)


def is_plain(optimizer: Optimizer, schedule: Schedule) -> bool:
    """Plain gradient descent at a constant rate: the lab's method, with a closed form."""
    return optimizer.name == "gd" and schedule.name == "constant"


def describe(optimizer: Optimizer, schedule: Schedule) -> str:
    """The settings as notation: ``"momentum(beta=0.9) + step(gamma=0.5, every=100)"``."""
    constants = {
        "gd": {},
        "momentum": {"beta": optimizer.beta},
        "nesterov": {"beta": optimizer.beta},
        "adam": {"beta1": optimizer.beta1, "beta2": optimizer.beta2, "eps": optimizer.eps},
    }[optimizer.name]
    rates = {
        "constant": {},
        "step": {"gamma": schedule.gamma, "every": schedule.every},
        "exponential": {"gamma": schedule.gamma},
        "cosine": {"floor": schedule.floor},
    }[schedule.name]
    return f"{_call(optimizer.name, constants)} + {_call(schedule.name, rates)}"


def _call(name: str, values: dict[str, Any]) -> str:
    """``name(key=value, ...)``; an array of values shows as its range."""

    def shown(v: Any) -> str:
        if np.ndim(v) == 0:
            return f"{float(v):g}"
        return f"{float(np.min(v)):g}..{float(np.max(v)):g}"

    inside = ", ".join(f"{k}={shown(v)}" for k, v in values.items())
    return f"{name}({inside})" if inside else name
