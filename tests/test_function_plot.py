"""plot_derivation draws on the ax it is given: curves, dashed asymptotes, shaded saturation."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from chainrule.derivatives.derivation import derive
from chainrule.derivatives.plot import plot_derivation
from chainrule.errors import UnsupportedFormatError
from chainrule.figure_files import figure_bytes, figure_format


def test_sigmoid_picture() -> None:
    d = derive("1/(1+exp(-x))")
    figure = Figure()
    ax = figure.add_subplot()
    assert plot_derivation(d, ax=ax) is ax
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == ["1/(1 + exp(-x))", "f'(x)"]
    asymptotes = [line for line in ax.get_lines() if line.get_label().startswith("asymptote")]
    assert [line.get_linestyle() for line in asymptotes] == ["--", "--"]
    assert sorted(line.get_ydata()[0] for line in asymptotes) == [0.0, 1.0]
    shaded = [p for p in ax.patches if (p.get_label() or "").startswith("saturation")]
    assert len(shaded) == 1 and len(ax.patches) == 2  # two regions, one legend entry
    assert ax.get_xlabel() == "x" and ax.get_ylabel() == "y"
    assert ax.get_xlim() == (-8.0, 8.0)
    assert ax.get_legend() is not None
    f, slope = ax.get_lines()[0].get_ydata(), ax.get_lines()[1].get_ydata()
    assert np.nanmax(slope) == pytest.approx(0.25, abs=1e-5)
    assert f[0] == pytest.approx(1 / (1 + np.exp(8)), rel=1e-12)


def test_second_derivative_is_drawn_too() -> None:
    ax = Figure().add_subplot()
    plot_derivation(derive("tanh(x)", order=2), ax=ax)
    assert [line.get_label() for line in ax.get_lines()][:3] == ["tanh(x)", "f'(x)", "f''(x)"]


def test_poles_break_the_line_and_clip_the_view() -> None:
    ax = Figure().add_subplot()
    plot_derivation(derive("1/x"), ax=ax)
    ys = ax.get_lines()[0].get_ydata()
    assert np.isnan(ys).sum() == 1
    low, high = ax.get_ylim()
    assert -100 < low < 0 < high < 100


def test_formats_from_file_names() -> None:
    assert figure_format("a/b.SVG") == "svg" and figure_format("plot.png") == "png"
    with pytest.raises(UnsupportedFormatError):
        figure_format("plot.jpg")
    assert figure_bytes(Figure(), "png").startswith(b"\x89PNG")
