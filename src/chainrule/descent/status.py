"""What became of a run, computed from its last epochs, never guessed.

The criteria, checked in this order at the run's last epoch ``e``:

``overflow``
    The MSE's sum of squares or a parameter left the float64 range; the run stopped
    there (``overflow_epoch``) and kept its finite history.
``converged``
    The MSE is within the tolerance of the optimum:
    ``MSE_e - mse_opt <= tol * max(mse_opt, 1e-12 * var(y))`` (the floor keeps a
    perfect fit, ``mse_opt = 0``, reachable).
``diverged``
    The loss grows: ``MSE_e > MSE_{e-1}`` by more than rounding (relative ``1e-12``).
    Below ``lr_max`` the MSE of gradient descent on a quadratic never grows, so
    this also catches a learning rate just above the limit, whose numbers stay finite
    for a long time.
``oscillating``
    The loss still falls but the parameters zigzag: the last two steps point in
    opposite directions, ``(θ_e - θ_{e-1}) · (θ_{e-1} - θ_{e-2}) < 0``.
``slow``
    None of these: still descending, steadily, towards the optimum.
"""

from __future__ import annotations

from typing import Any

import numpy as np

STATUSES = ("converged", "slow", "oscillating", "diverged", "overflow")
#: The statuses of a run that left the optimum for good.
DIVERGENT = ("diverged", "overflow")
#: Default tolerance: converged once the MSE is within a millionth (relative) of its minimum.
TOL = 1e-6
#: The lab's starting point of every run: the initial slope and intercept.
M0, B0 = 0.33, 0.48
#: Relative growth of the MSE per epoch above which a run is ``diverged``, not rounding noise.
GROWTH = 1e-12


def threshold(*, mse_opt: float, y_var: float, tol: float) -> float:
    """The largest excess MSE over the optimum that counts as ``converged``."""
    return tol * max(mse_opt, 1e-12 * y_var, float(np.finfo(np.float64).tiny))


def classify(
    *,
    mse: Any,
    m: Any,
    b: Any,
    overflow: Any,
    limit: float,
    mse_opt: float,
) -> np.ndarray:
    """Status of runs from their last three epochs (rows ``e-2, e-1, e``; columns are runs).

    ``mse``, ``m`` and ``b`` have shape ``(k, ...)`` with ``k`` = 1 to 3 rows (a run of
    fewer than two epochs cannot zigzag); ``overflow`` is a boolean per run; ``limit``
    is the :func:`threshold`. Returns an array of status strings with the runs' shape.
    """
    mse, m, b = np.asarray(mse, float), np.asarray(m, float), np.asarray(b, float)
    shape = mse.shape[1:]
    status = np.full(shape, "slow", dtype=object)
    if mse.shape[0] >= 3:
        step = (m[2] - m[1], b[2] - b[1])
        before = (m[1] - m[0], b[1] - b[0])
        status[step[0] * before[0] + step[1] * before[1] < 0] = "oscillating"
    if mse.shape[0] >= 2:
        status[mse[-1] > mse[-2] * (1.0 + GROWTH)] = "diverged"
    status[mse[-1] - mse_opt <= limit] = "converged"
    status[np.asarray(overflow, bool)] = "overflow"
    return status
