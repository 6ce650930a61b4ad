"""Plot helpers draw on the ax they are given and return it; no warnings, no pyplot."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from chainrule.descent.data import lab_data
from chainrule.descent.plots import plot_fits, plot_mse, plot_surface, plot_sweep
from chainrule.descent.sweep import lr_grid, sweep
from chainrule.descent.training import train

RUNS = [train(lr=0.01, epochs=300), train(lr=0.1, epochs=1000), train(lr=0.0292, epochs=3000)]


def test_mse_plot_shows_overflow_where_it_happened() -> None:
    ax = Figure().add_subplot()
    assert plot_mse(ax, RUNS, labels=["a"]) is ax
    first, overflow, *_ = ax.get_lines()
    assert first.get_label() == "a"
    assert overflow.get_label() == "lr=0.1, 1000 epochs (overflow)"
    assert overflow.get_xdata()[-1] == 198  # up to the last finite epoch
    assert overflow.get_ydata()[-1] == np.log10(RUNS[1].history[-1])
    assert any("overflow at epoch 199" in t.get_text() for t in ax.texts)
    ax.figure.canvas.draw()  # tick labels up to 1e308 must not overflow


def test_fit_surface_and_sweep_plots_draw() -> None:
    fig = Figure()
    axes = fig.subplots(1, 3)
    assert plot_fits(axes[0], lab_data(), RUNS) is axes[0]
    assert plot_surface(axes[1], RUNS[0].surface, RUNS) is axes[1]
    result = sweep(lrs=lr_grid(start=1e-3, stop=0.06, num=40), epochs=[10, 500])
    assert plot_sweep(axes[2], result) is axes[2]
    assert axes[2].get_xscale() == "log" and axes[2].get_yscale() == "log"
    assert [line.get_xdata()[0] for line in axes[2].get_lines()] == [result.stability.lr_max]
    low, high = axes[1].get_xlim()
    assert low < RUNS[0].surface.m_opt < high and low < 0.33 < high
    fig.canvas.draw()
