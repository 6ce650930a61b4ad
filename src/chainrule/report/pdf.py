"""The report's Markdown as an A4 PDF: text by ReportLab, math and figures as images.

Pip-only: ReportLab lays out the pages, matplotlib's mathtext draws each formula (at
the size of the text around it) and the figures come as the PNGs the report saves.
The fonts are the DejaVu files matplotlib ships, so Cyrillic text needs nothing from
the system. The same Markdown gives the same bytes (ReportLab's invariant mode).
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
from markdown_it.token import Token
from matplotlib.font_manager import FontProperties
from matplotlib.mathtext import math_to_image

from chainrule.errors import ReportError
from chainrule.report.html import parser

#: Body text size in points; inline math is drawn at the same size.
BODY = 10.0

#: Resolution of formula images: sharp on paper and when zoomed.
MATH_DPI = 300

#: The tallest a figure is drawn (points): with its heading and its sentence it fits
#: on what is left of most pages, so few pages end half empty.
FIGURE_HEIGHT = 330.0

_FONTS = {
    "Body": "DejaVuSans.ttf",
    "Body-Bold": "DejaVuSans-Bold.ttf",
    "Body-Italic": "DejaVuSans-Oblique.ttf",
    "Body-BoldItalic": "DejaVuSans-BoldOblique.ttf",
    "Mono": "DejaVuSansMono.ttf",
}

_HEADINGS = {1: 17.0, 2: 14.0, 3: 11.5, 4: 10.5}


def _register_fonts() -> None:
    """DejaVu (shipped with matplotlib, with Cyrillic) as ReportLab's Body and Mono fonts."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Body" in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file in _FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    for bold, italic, name in ((0, 0, "Body"), (1, 0, "Body-Bold"), (0, 1, "Body-Italic"),
                               (1, 1, "Body-BoldItalic")):  # fmt: skip
        addMapping("Body", bold, italic, name)
    addMapping("Mono", 0, 0, "Mono")


@dataclass
class _Math:
    """Formula images by (LaTeX, size), drawn once each; LaTeX mathtext lacks is counted."""

    cache: dict[tuple[str, float], tuple[bytes, float, float, float] | None] = field(
        default_factory=dict
    )

    def image(self, latex: str, size: float) -> tuple[bytes, float, float, float] | None:
        """PNG bytes, width, height and depth below the baseline (points), or None."""
        key = (latex, size)
        if key not in self.cache:
            self.cache[key] = _draw_math(latex, size)
        return self.cache[key]

    @property
    def failed(self) -> list[str]:
        return sorted({latex for (latex, _), drawn in self.cache.items() if drawn is None})


def _draw_math(latex: str, size: float) -> tuple[bytes, float, float, float] | None:
    text = _mathtext(latex)
    buffer = io.BytesIO()
    try:
        with matplotlib.rc_context({"mathtext.fontset": "cm"}):
            depth = math_to_image(f"${text}$", buffer, prop=FontProperties(size=size),
                                  dpi=MATH_DPI, format="png")  # fmt: skip
    except Exception:  # mathtext raises ValueError and others for LaTeX it lacks
        return None
    from PIL import Image

    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as picture:
        width, height = picture.size
    scale = 72 / MATH_DPI
    return data, width * scale, height * scale, float(depth)


#: LaTeX that mathtext spells otherwise (or not at all): rewritten before drawing.
_MATHTEXT = (
    (re.compile(r"\\(text|operatorname)\{"), r"\\mathrm{"),
    (re.compile(r"\\[,;:]"), r"\\ "),
    (re.compile(r"\\frac(?![a-zA-Z])"), r"\\dfrac"),  # fractions at the text's size
)


#: A \\left( ... \\right) pair around no fraction: mathtext draws it too thin.
_FLAT_PARENS = re.compile(r"\\left\(((?:(?!\\left|\\right|\\frac).)*)\\right\)")


def _mathtext(latex: str) -> str:
    while True:  # innermost pairs first, until none is left
        flat = _FLAT_PARENS.sub(r"(\1)", latex)
        if flat == latex:
            break
        latex = flat
    for pattern, replace in _MATHTEXT:
        latex = pattern.sub(replace, latex)
    return " ".join(latex.split())  # mathtext refuses newlines


def _data_uri(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


@dataclass
class _Writer:
    """Markdown tokens to ReportLab flowables."""

    images: Mapping[str, bytes]
    width: float
    math: _Math = field(default_factory=_Math)
    styles: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle

        base = ParagraphStyle("body", fontName="Body", fontSize=BODY, leading=BODY * 1.45,
                              spaceAfter=5, autoLeading="max")  # fmt: skip
        self.styles["body"] = base
        self.styles["cell"] = ParagraphStyle("cell", base, fontSize=BODY - 1,
                                             leading=(BODY - 1) * 1.35, spaceAfter=0)  # fmt: skip
        self.styles["head"] = ParagraphStyle("head", self.styles["cell"], fontName="Body-Bold")
        self.styles["code"] = ParagraphStyle("code", base, fontName="Mono", fontSize=7.5,
                                             leading=9.5, backColor="#f4f4f4", borderPadding=4,
                                             spaceBefore=4, spaceAfter=8)  # fmt: skip
        self.styles["caption"] = ParagraphStyle("caption", base, alignment=TA_CENTER,
                                                fontSize=BODY - 1, textColor="#555555")  # fmt: skip
        for level, size in _HEADINGS.items():
            self.styles[f"h{level}"] = ParagraphStyle(
                f"h{level}", base, fontName="Body-Bold", fontSize=size, leading=size * 1.25,
                spaceBefore=size * 0.9, spaceAfter=size * 0.45, keepWithNext=1,
            )  # fmt: skip

    def flowables(self, tokens: Sequence[Token]) -> list[Any]:
        """The flowables of a block-token sequence (a whole document or a list item)."""
        from reportlab.platypus import CondPageBreak, ListFlowable, ListItem, Paragraph

        out: list[Any] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "heading_open":
                level = int(token.tag[1])
                if level == 2:
                    out.append(CondPageBreak(self.width * 0.45))
                elif level == 3:
                    out.append(CondPageBreak(90))
                style = self.styles[f"h{min(level, 4)}"]
                out.append(Paragraph(self.inline(tokens[i + 1], style.fontSize), style))
                i += 3
            elif kind == "paragraph_open":
                inline = tokens[i + 1]
                figure = self._figure(inline)
                if figure is not None:
                    out.append(_with_heading(out, figure))
                else:
                    out.append(Paragraph(self.inline(inline), self.styles["body"]))
                i += 3
            elif kind == "math_block":
                out.append(self._display(token.content))
                i += 1
            elif kind == "fence" or kind == "code_block":
                out.append(self._code(token.content))
                i += 1
            elif kind == "table_open":
                end = _closing(tokens, i)
                out.append(self._table(tokens[i:end]))
                i = end + 1
            elif kind in ("bullet_list_open", "ordered_list_open"):
                end = _closing(tokens, i)
                items = []
                for start, stop in _children(tokens, i + 1, end, "list_item_open"):
                    items.append(ListItem(self.flowables(tokens[start + 1 : stop])))
                ordered = kind == "ordered_list_open"
                out.append(ListFlowable(items, bulletType="1" if ordered else "bullet",
                                        bulletFormat="%s." if ordered else None,
                                        bulletFontName="Body", bulletFontSize=BODY,
                                        leftIndent=16, spaceBefore=6))  # fmt: skip
                i = end + 1
            elif kind == "hr":
                from reportlab.platypus.flowables import HRFlowable

                out.append(HRFlowable(width="100%", color="#cccccc"))
                i += 1
            else:  # blockquotes and the like: their content, plainly
                i += 1
        return out

    def inline(self, token: Token, size: float = BODY) -> str:
        """ReportLab paragraph markup for an inline token: text, code, emphasis and math."""
        parts: list[str] = []
        for child in token.children or []:
            kind = child.type
            if kind == "text":
                parts.append(escape(child.content))
            elif kind == "code_inline":
                parts.append(f'<font face="Mono">{escape(child.content)}</font>')
            elif kind == "math_inline":
                parts.append(self._inline_math(child.content, size))
            elif kind in ("softbreak", "hardbreak"):
                parts.append(" " if kind == "softbreak" else "<br/>")
            elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
                tag = "b" if kind.startswith("strong") else "i"
                parts.append(f"<{'/' if kind.endswith('close') else ''}{tag}>")
            elif kind == "image" or (child.children is None and child.content):
                parts.append(escape(child.content))
        return "".join(parts)

    def _inline_math(self, latex: str, size: float) -> str:
        drawn = self.math.image(latex, size)
        if drawn is None:
            return f'<font face="Mono" color="#7a1f1f">{escape(latex)}</font>'
        data, width, height, depth = drawn
        return (
            f'<img src="{_data_uri(data)}" width="{width:.2f}" height="{height:.2f}" '
            f'valign="{-depth:.2f}"/>'
        )

    def _display(self, latex: str) -> Any:
        from reportlab.platypus import Image, Paragraph

        drawn = self.math.image(latex.strip(), BODY * 1.15)
        if drawn is None:
            return Paragraph(self._inline_math(latex.strip(), BODY), self.styles["code"])
        data, width, height, _ = drawn
        scale = min(1.0, self.width / width)  # a long formula shrinks to the line, never past it
        image = Image(io.BytesIO(data), width=width * scale, height=height * scale)
        image.spaceBefore, image.spaceAfter = 4, 8
        return image

    def _code(self, text: str) -> Any:
        from reportlab.platypus import XPreformatted

        return XPreformatted(escape(text.rstrip("\n")), self.styles["code"])

    def _figure(self, inline: Token) -> Any:
        """A paragraph that is one image: the picture, scaled to the page, kept in one piece."""
        from reportlab.platypus import Image, KeepTogether, Paragraph

        children = [c for c in inline.children or [] if c.type != "softbreak"]
        if len(children) != 1 or children[0].type != "image":
            return None
        token = children[0]
        src = str(token.attrGet("src") or "")
        png = src[: src.rfind(".")] + ".png"
        if png not in self.images:
            raise ReportError(f"the report names a figure it has no PNG of: {src}")
        data = self.images[png]
        from PIL import Image as Picture

        with Picture.open(io.BytesIO(data)) as picture:
            w, h = picture.size
        width = min(self.width, w * 72 / 200)  # the figures are saved at 200 dpi
        height = min(width * h / w, FIGURE_HEIGHT)
        width = height * w / h
        caption = Paragraph(escape(token.content), self.styles["caption"])
        return KeepTogether([Image(io.BytesIO(data), width=width, height=height), caption])

    def _table(self, tokens: Sequence[Token]) -> Any:
        """A table whose columns fit the page: narrower, then in a smaller type if need be."""
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.platypus import Paragraph, Table, TableStyle

        cells = [
            [(tokens[c].type == "th_open", "right" in str(tokens[c].attrGet("style") or ""),
              tokens[c + 1]) for c, _ in _children(tokens, r + 1, end, ("th_open", "td_open"))]
            for r, end in _children(tokens, 0, len(tokens), "tr_open")
        ]  # fmt: skip
        columns = max(len(row) for row in cells)
        for size in (BODY - 1, BODY - 2, BODY - 3):  # the first type size whose words fit
            rows: list[list[Any]] = []
            natural: list[list[tuple[float, float]]] = []
            for row in cells:
                rows.append([])
                natural.append([])
                for head, right, inline in row:
                    style = ParagraphStyle(
                        f"cell{size}{head}{right}", self.styles["head" if head else "cell"],
                        fontSize=size, leading=size * 1.35, alignment=2 if right else 0,
                    )  # fmt: skip
                    markup = self.inline(inline, size)
                    rows[-1].append(Paragraph(markup, style))
                    natural[-1].append(_widths(markup, style, stringWidth))
            want = [max(r[j][0] for r in natural if j < len(r)) for j in range(columns)]
            floor = [max(r[j][1] for r in natural if j < len(r)) for j in range(columns)]
            if sum(floor) <= self.width:
                break
        col_widths = _fit(want, floor, self.width)
        table = Table(rows, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ])
        )  # fmt: skip
        table.spaceBefore, table.spaceAfter = 4, 8
        return table


#: A table cell's padding, left and right together (ReportLab's default).
_PADDING = 14.0


def _widths(markup: str, style: Any, string_width: Any) -> tuple[float, float]:
    """A cell's width on one line, and its widest word or formula (it cannot be narrower)."""
    images = [float(w) for w in re.findall(r'<img [^>]*?width="([\d.]+)"', markup)]
    text = re.sub(r"<img [^>]*/>", " ", markup)
    plain = re.sub(r"<[^>]+>", "", text)
    plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    font = "Body-Bold" if style.fontName == "Body-Bold" else style.fontName
    words = [string_width(w, font, style.fontSize) * 1.1 for w in plain.split()]  # 1.1: mono
    line = sum(images) + string_width(plain, font, style.fontSize) * 1.02
    return line + _PADDING, max([*words, *images, 0.0]) + _PADDING


def _fit(want: list[float], floor: list[float], total: float) -> list[float]:
    """Column widths: as wanted if they fit, else the wide ones shrunk until they do."""
    if sum(want) <= total:
        return want
    if sum(floor) >= total:  # even the longest words do not fit: shrink them all alike
        return [f * total / sum(floor) for f in floor]
    extra = total - sum(floor)
    give = [w - f for w, f in zip(want, floor, strict=True)]
    share = extra / sum(give) if sum(give) > 0 else 0
    return [f + g * share for f, g in zip(floor, give, strict=True)]


def _with_heading(out: list[Any], figure: Any) -> Any:
    """The figure kept on one page with a heading just before it."""
    from reportlab.platypus import KeepTogether

    style = getattr(getattr(out[-1], "style", None), "name", "") if out else ""
    if not style.startswith("h"):
        return figure
    return KeepTogether([out.pop(), figure])


def _closing(tokens: Sequence[Token], start: int) -> int:
    """Index of the token that closes the one at ``start``."""
    depth = 0
    for i in range(start, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    raise ReportError("the report's Markdown has an unclosed block")


def _children(
    tokens: Sequence[Token], start: int, stop: int, kinds: str | tuple[str, ...]
) -> list[tuple[int, int]]:
    """(open, close) indices of the blocks of ``kinds`` between ``start`` and ``stop``."""
    found = []
    i = start
    while i < stop:
        if tokens[i].type in ((kinds,) if isinstance(kinds, str) else kinds):
            end = _closing(tokens, i)
            found.append((i, end))
            i = end + 1
        else:
            i += 1
    return found


@contextmanager
def _data_uris() -> Iterator[None]:
    """Let ReportLab read the formulas' data: URIs (it reads them while parsing paragraphs)."""
    from reportlab import rl_config

    hosts = rl_config.trustedHosts
    rl_config.trustedHosts = ["localhost"]
    try:
        yield
    finally:
        rl_config.trustedHosts = hosts


@dataclass(frozen=True)
class Pdf:
    """A PDF made by :func:`to_pdf`: its bytes and the formulas drawn as source text."""

    data: bytes
    unrendered: tuple[str, ...]


def to_pdf(sections: Sequence[str], *, title: str, author: str, images: Mapping[str, bytes]) -> Pdf:
    """An A4 PDF of the Markdown ``sections``; ``images`` maps each figure's PNG path to bytes.

    Each section after the second (the header and Task 1 share the first page) starts a
    new page; a figure is never split; a formula wider than the page is scaled to fit.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    _register_fonts()
    margin = 18 * mm
    width = A4[0] - 2 * margin
    writer = _Writer(images=images, width=width)
    story: list[Any] = []
    md = parser()
    with _data_uris():
        for index, section in enumerate(sections):
            if index >= 2:
                story.append(PageBreak())
            story.extend(writer.flowables(md.parse(section)))

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Body", 8)
        canvas.setFillColor("#777777")
        canvas.drawCentredString(A4[0] / 2, 10 * mm, str(doc.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin, title=title, author=author, creator="chainrule", invariant=True,
    )  # fmt: skip
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return Pdf(buffer.getvalue(), tuple(writer.math.failed))
