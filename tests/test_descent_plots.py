"""Plot helpers draw on the ax they are given, make their point, and take their words."""

from __future__ import annotations

import warnings

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure

from chainrule.descent.data import lab_data
from chainrule.descent.plots import plot_fits, plot_mse, plot_surface, plot_sweep
from chainrule.descent.sweep import lr_grid, sweep
from chainrule.descent.training import train
from chainrule.words import Text

# still descending, overflows at epoch 199, oscillating
RUNS = [train(lr=0.01, epochs=300), train(lr=0.1, epochs=1000), train(lr=0.0292, epochs=3000)]


def _drawn(fig: Figure) -> RendererAgg:
    canvas = FigureCanvasAgg(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no matplotlib warning either
        canvas.draw()
    return canvas.get_renderer()


def test_all_runs_plot_keeps_the_converging_scale_and_clips_the_diverging_run() -> None:
    ax = Figure().add_subplot()
    assert plot_mse(ax, RUNS, labels=["a"]) is ax
    first, overflow, marker, *_ = ax.get_lines()
    low, high = ax.get_ylim()
    start = np.log10(RUNS[0].history[0])
    assert start < high < start + 0.2  # the scale of the runs that converge, not 10^308
    assert low < np.log10(RUNS[0].surface.mse_opt)
    assert first.get_label() == "a"
    assert overflow.get_label() == (
        "lr = 0.1, 1000 epochs (overflow):\noff the scale at epoch 1; overflow at epoch 199"
    )
    assert list(overflow.get_xdata()) == [0, 1]  # drawn until it leaves the scale
    assert overflow.get_ydata()[-1] > high
    assert marker.get_marker() == "^" and marker.get_ydata() == [high]
    _drawn(ax.figure)


def test_a_run_that_overflows_alone_is_shown_whole_with_its_label_inside() -> None:
    ax = Figure().add_subplot()
    plot_mse(ax, [RUNS[1]])
    line = ax.get_lines()[0]
    assert line.get_xdata()[-1] == 198  # up to the last finite epoch
    assert line.get_ydata()[-1] == np.log10(RUNS[1].history[-1])
    (note,) = ax.texts
    assert note.get_text() == "overflow at epoch 199"
    renderer = _drawn(ax.figure)
    box, frame = note.get_window_extent(renderer), ax.get_window_extent(renderer)
    assert frame.x0 < box.x0 and box.x1 < frame.x1  # the label stays off the tick labels


def test_fitted_lines_legend_names_only_what_can_be_seen() -> None:
    ax = Figure().add_subplot()
    runs = [train(lr=0.01, epochs=5000), train(lr=0.001, epochs=100), RUNS[1]]
    plot_fits(ax, lab_data(), runs, labels=["on top", "short", "away"])
    entries = [t.get_text() for t in ax.get_legend().get_texts()]
    assert entries == [
        "data",
        "short",
        "least squares, covering:\non top",
        "not drawn (the line runs off the plot):\naway",
    ]
    drawn = [line for line in ax.get_lines() if len(line.get_xdata())]
    assert [line.get_label() for line in drawn] == entries[1:3]
    _drawn(ax.figure)


def test_surface_contours_carry_values_and_diverging_paths_are_marked() -> None:
    ax = Figure().add_subplot()
    assert plot_surface(ax, RUNS[0].surface, RUNS) is ax
    values = [float(t.get_text()) for t in ax.texts]
    assert len(values) >= 3 and min(values) > RUNS[0].surface.mse_opt
    path = next(line for line in ax.get_lines() if line.get_label().startswith("lr = 0.1"))
    assert path.get_label().endswith("leaves the view at epoch 1")
    assert (path.get_linestyle(), path.get_marker()) == ("--", "x")
    assert len(path.get_xdata()) == 2  # the start, and the first point outside the view
    low, high = ax.get_xlim()
    assert low < RUNS[0].surface.m_opt < high and low < 0.33 < high
    _drawn(ax.figure)


def test_sweep_heatmap_marks_lr_max_and_the_labs_rates() -> None:
    ax = Figure().add_subplot()
    result = sweep(lrs=lr_grid(start=1e-4, stop=0.06, num=40), epochs=[10, 500])
    assert plot_sweep(ax, result, lab_lrs=(0.001, 0.01, 0.1)) is ax
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    lines = [line.get_xdata()[0] for line in ax.get_lines()]
    assert lines == [result.stability.lr_max, 0.001, 0.01]
    assert [t.get_text() for t in ax.texts] == [
        f"lr_max = {result.stability.lr_max:.4g}",
        "lab: 0.001",
        "lab: 0.01",
        "lab: 0.1 → beyond the sweep",
    ]
    _drawn(ax.figure)


def test_plots_speak_the_language_they_are_given() -> None:
    fig = Figure()
    left, right = fig.subplots(1, 2)
    plot_mse(left, RUNS, words=Text("uk"))
    plot_surface(right, RUNS[0].surface, RUNS, words=Text("uk"))
    assert left.get_xlabel() == "епоха" and right.get_xlabel() == "m (нахил)"
    assert left.get_lines()[0].get_label() == "lr = 0.01, епох: 300 (ще спускається)"


def test_runs_on_one_path_are_one_line_with_one_entry() -> None:
    ax = Figure().add_subplot()
    runs = [train(lr=0.01, epochs=100), train(lr=0.01, epochs=1000)]
    plot_surface(ax, runs[0].surface, runs, labels=["short", "long"])
    (path,) = [line for line in ax.get_lines() if line.get_marker() == "."]
    assert path.get_label() == "short\nlong"
    assert path.get_xdata()[-1] == runs[1].m  # the longer run's path, to its end
