"""plot_derivation draws on the ax it is given: curves, dashed asymptotes, shaded saturation."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from chainrule.derivatives.derivation import derive
from chainrule.derivatives.plot import plot_derivation
from chainrule.errors import UnsupportedFormatError
from chainrule.figure_files import figure_bytes, figure_format
from chainrule.words import Text


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


def test_a_long_expression_is_wrapped_not_cropped_and_raises_no_warning() -> None:
    import warnings

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from chainrule.figure_files import new_figure

    x = "a_long_variable_name"
    expression = f"{x}*({x} + 1)*({x} + 2)*({x} + 3)"  # 117 characters once printed
    figure = new_figure(6.4, 4.2)
    ax = figure.add_subplot()
    plot_derivation(derive(expression, wrt=x), ax=ax, words=Text("uk"))
    lines = ax.get_title().split("\n")
    assert len(lines) == 3 and all(len(line) <= 60 for line in lines)
    assert " ".join(lines).endswith("та її похідна")
    assert ax.get_lines()[0].get_label() == f"f({x})"  # the legend does not carry it
    canvas = FigureCanvasAgg(figure)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        canvas.draw()
    title = ax.title.get_window_extent(canvas.get_renderer())
    assert title.x0 >= 0 and title.x1 <= figure.bbox.width  # inside the picture
