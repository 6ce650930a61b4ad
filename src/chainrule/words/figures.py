# ruff: noqa: RUF001 - Ukrainian text is Cyrillic on purpose
"""The words inside the pictures (axes, legends, notes), in English and in Ukrainian.

The plot helpers of :mod:`chainrule.descent.plots` and :mod:`chainrule.derivatives.plot`
take a :class:`~chainrule.words.Text` and ask it for these keys.
"""

from __future__ import annotations

EN: dict[str, str] = {
    "fig.epoch": "epoch",
    "fig.run": "lr = {lr}, {epochs} epochs ({status})",
    "fig.overflow_at": "overflow at epoch {epoch}",
    "fig.left_plot": "{name}:\noff the scale at epoch {epoch}; {fate}",
    "fig.fate_overflow": "overflow at epoch {epoch}",
    "fig.fate_diverged": "still growing at epoch {epoch}",
    "fig.minimum": "least-squares minimum",
    "fig.data": "data",
    "fig.least_squares": "least squares",
    "fig.same_as_least_squares": "least squares, covering:\n{names}",
    "fig.not_drawn": "not drawn (the line runs off the plot):\n{names}",
    "fig.start": "start",
    "fig.optimum": "optimum",
    "fig.slope": "m (slope)",
    "fig.intercept": "b (intercept)",
    "fig.contours": "contours: MSE",
    "fig.leaves": "{name}: leaves the view at epoch {epoch}",
    "fig.mse_colour": "MSE\n(orange: above 10× the start; red: overflow)",
    "fig.lr": "learning rate",
    "fig.lab_rate": "lab: {lr}",
    "fig.lab_beyond": "lab: {lr} → beyond the sweep",
    "fig.lab_below": "← lab: {lr} below the sweep",
    "fig.derivative_title": "{expression} and its derivative",
    "fig.asymptote": "asymptote y = {value}",
    "fig.saturation": "saturation: |f'| < {percent}% of peak",
    "fig.special": "special point",
}

UK: dict[str, str] = {
    "fig.epoch": "епоха",
    "fig.run": "lr = {lr}, епох: {epochs} ({status})",
    "fig.overflow_at": "переповнення на епосі {epoch}",
    "fig.left_plot": "{name}:\nза межами шкали на епосі {epoch}; {fate}",
    "fig.fate_overflow": "переповнення на епосі {epoch}",
    "fig.fate_diverged": "ще зростає на епосі {epoch}",
    "fig.minimum": "мінімум найменших квадратів",
    "fig.data": "дані",
    "fig.least_squares": "найменші квадрати",
    "fig.same_as_least_squares": "найменші квадрати, під ними:\n{names}",
    "fig.not_drawn": "не показано (пряма виходить за межі):\n{names}",
    "fig.start": "початок",
    "fig.optimum": "оптимум",
    "fig.slope": "m (нахил)",
    "fig.intercept": "b (зсув)",
    "fig.contours": "лінії рівня: MSE",
    "fig.leaves": "{name}: виходить за межі на епосі {epoch}",
    "fig.mse_colour": "MSE\n(помаранчеве: понад 10× від початкового;\nчервоне: переповнення)",
    "fig.lr": "швидкість навчання",
    "fig.lab_rate": "лаб.: {lr}",
    "fig.lab_beyond": "лаб.: {lr} → поза перебором",
    "fig.lab_below": "← лаб.: {lr} нижче перебору",
    "fig.derivative_title": "{expression} та її похідна",
    "fig.asymptote": "асимптота y = {value}",
    "fig.saturation": "насичення: |f'| < {percent}% від піку",
    "fig.special": "особлива точка",
}
