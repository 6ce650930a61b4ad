"""Markdown to one self-contained HTML page: math as MathML, figures as data URIs.

Nothing in the page is fetched: no scripts, no style sheets, no fonts, no images
from elsewhere. LaTeX becomes MathML here, at build time (browsers render MathML
natively); each figure's bytes are embedded where the Markdown names its file.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from typing import Any

from latex2mathml.converter import convert as latex_to_mathml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from chainrule.errors import ReportError

_MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}

_STYLE = """
body { font-family: system-ui, "DejaVu Sans", sans-serif; line-height: 1.5; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
h1, h2, h3 { line-height: 1.2; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .95rem; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; vertical-align: middle; }
th { background: #f3f3f3; }
tbody tr:nth-child(even) { background: #fafafa; }
section:first-of-type > table:first-of-type td { min-width: 10rem; }
img { max-width: 100%; height: auto; display: block; margin: 1rem auto; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; }
pre { background: #f6f6f6; padding: .8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
math { font-family: "Latin Modern Math", "STIX Two Math", "DejaVu Math TeX Gyre", math;
       font-size: 1.1em; math-style: normal; }
div.math { margin: .8rem 0; text-align: center; overflow-x: auto; overflow-y: hidden;
           padding: .3rem 0; }
math[display="block"] { font-size: 1.15em; }
li { margin: .35rem 0; }
.latex { color: #7a1f1f; }
@page { size: A4; margin: 16mm 15mm 18mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  section:nth-of-type(n+3) { break-before: page; }
  h1, h2, h3 { break-after: avoid; }
  img, div.math, tr { break-inside: avoid; }
  img { max-height: 120mm; width: auto; }
  div.math { overflow: visible; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
}
"""


def _math(latex: str, options: dict[str, Any]) -> str:
    """MathML for ``latex``; LaTeX the converter does not know is shown as code."""
    try:
        return str(latex_to_mathml(latex, display="block" if options["display_mode"] else "inline"))
    except Exception:  # the converter raises many types; show the source instead
        return f'<code class="latex">{html.escape(latex)}</code>'


def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    dollarmath_plugin(md, renderer=_math, allow_digits=False, allow_space=False)
    return md


def to_html(sections: Sequence[str], *, title: str, lang: str, images: Mapping[str, bytes]) -> str:
    """The page for the Markdown ``sections``; ``images`` maps each figure path to its bytes.

    Each section is a ``<section>``: in print, the third and later start a new page.
    """
    md = parser()

    def image(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        if src not in images:
            raise ReportError(f"the report names a figure it did not make: {src}")
        suffix = src[src.rfind(".") :]
        data = base64.b64encode(images[src]).decode("ascii")
        alt = html.escape(renderer.renderInlineAsText(token.children or [], options, env))
        return f'<img src="data:{_MEDIA_TYPES[suffix]};base64,{data}" alt="{alt}">'

    md.add_render_rule("image", image)
    body = "".join(f"<section>\n{md.render(text)}</section>\n" for text in sections)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )
