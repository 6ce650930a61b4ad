"""The playground as one self-contained HTML file: :func:`build_playground`.

The page is ``page.html`` with ``page.css`` and ``page.js`` inlined and the numbers of
:mod:`chainrule.playground.content` embedded as JSON: no network, no CDN, works from
``file://``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from string import Template
from typing import Any

from chainrule import arguments
from chainrule.budget import budgeted
from chainrule.descent.data import Dataset, lab_data
from chainrule.descent.experiments import LAB_EXPERIMENTS
from chainrule.descent.status import B0, M0, TOL
from chainrule.descent.training import check_settings
from chainrule.errors import OptionError
from chainrule.playground.content import derivative_part, descent_part, graph_part
from chainrule.version import __version__
from chainrule.words import LANGUAGES, TABLES, Text

#: The lab's graph: Task 3's expression and values.
LAB_GRAPH = ("(2*a+b)*(c-d)", {"a": 3.0, "b": 4.0, "c": 5.0, "d": 6.0})
#: The lab's function: Task 1's sigmoid.
LAB_FUNCTION = ("1/(1 + e**(-x))", "x")


@dataclass(frozen=True, eq=False)
class Playground:
    """The page (``html``) and the numbers it embeds (``data``)."""

    html: str
    data: dict[str, Any]
    lang: str

    @property
    def size(self) -> int:
        """Bytes of the page in UTF-8."""
        return len(self.html.encode("utf-8"))


@budgeted(lambda **_: "the playground")
def build_playground(
    *,
    data: Dataset | None = None,
    m0: float = M0,
    b0: float = B0,
    tol: float = TOL,
    presets: Sequence[tuple[float, int]] = tuple((e.lr, e.epochs) for e in LAB_EXPERIMENTS),
    expression: str = LAB_FUNCTION[0],
    variable: str = LAB_FUNCTION[1],
    x_range: tuple[float, float] | None = None,
    graph_expression: str = LAB_GRAPH[0],
    graph_values: Mapping[str, float] | None = None,
    lang: str = "en",
    timeout: float | None = None,
) -> Playground:
    """The playground page for the lab (default) or a variant of it.

    ``data``, ``m0``, ``b0``, ``tol`` and ``presets`` (the ``(lr, epochs)`` buttons) set the
    gradient descent; ``expression``/``variable``/``x_range`` the derivative;
    ``graph_expression``/``graph_values`` the computation graph; ``lang`` is ``"en"`` or
    ``"uk"``; ``timeout`` the seconds it may take (default: see :mod:`chainrule.budget`).
    """
    arguments.choice("lang", lang, LANGUAGES, error=OptionError)
    for lr, epochs in presets:
        check_settings(lr=lr, epochs=epochs, m0=m0, b0=b0, tol=tol, data=data)
    text = Text(lang)
    data = lab_data() if data is None else data
    values = dict(LAB_GRAPH[1] if graph_values is None else graph_values)
    content = {
        "descent": descent_part(data=data, m0=m0, b0=b0, tol=tol, presets=presets),
        "graph": graph_part(graph_expression, values, text),
        "derivative": derivative_part(
            expression=expression, variable=variable, x_range=x_range, text=text
        ),
        "words": {k: v for k, v in TABLES[lang].items() if k.startswith("pg.")},
    }
    return Playground(html=_page(content, text), data=content, lang=lang)


def _asset(name: str) -> str:
    return files("chainrule.playground").joinpath(name).read_text(encoding="utf-8")


def _page(content: dict[str, Any], text: Text) -> str:
    """Fill ``page.html``: words escaped, JSON made safe inside a ``<script>`` element."""
    words = {
        key.replace(".", "_"): html.escape(value)
        for key, value in TABLES[text.lang].items()
        if key.startswith("pg.") and "{" not in value
    }
    svg = content["graph"].pop("svg")  # markup goes into the page, not into the JSON
    result = content["derivative"].pop("result")
    embedded = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Template(_asset("page.html")).substitute(
        words,
        lang=text.lang,
        intro=html.escape(text("pg.intro", version=__version__)),
        gd_title=html.escape(text("pg.gd.title", n=content["descent"]["n"])),
        graph_title=html.escape(content["graph"]["title"]),
        function=content["derivative"]["function"],
        graph_svg=svg,
        result=result,
        css=_asset("page.css"),
        js=_asset("page.js"),
        data=embedded.replace("</", "<\\/"),
    )
