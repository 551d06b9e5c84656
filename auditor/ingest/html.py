"""Web pages (.html/.htm): the article, its paragraphs and its tables.

Departments publish their 预算/决算说明 and 绩效自评报告 as pages wrapped in
site navigation: a header with the site's menu, breadcrumbs, a search box,
"上一篇/下一篇", share buttons, a footer with 网站标识码 and 备案号. The reader
parses the page with lxml, drops what is never content (scripts, styles,
forms, hidden elements, nav/header/footer/aside and elements whose class or
id says menu, nav, footer, breadcrumb, share ...), then picks the article:
the element that holds the most text outside links in paragraphs and
tables directly under it (a paragraph's text counts for its parent in full
and its grandparent by half, as readability-style extractors do).

Inside the article, block elements (p, div, h1–h6, li ...) become
paragraphs, ``<br>`` a line break, and every ``<table>`` a grid: ``rowspan``
and ``colspan`` resolved by the HTML table algorithm into merged regions, a
``<caption>`` the table's title. A table used for page layout (one row or
one column of cells holding paragraphs or other tables) is read as the
content it lays out. A table nested in a data cell comes right after its
parent, as in .docx.

The encoding comes from a BOM, else the page's ``<meta charset>`` when the
page decodes in it, else UTF-8, GB18030 (common on government sites, and
under a wrong label) or a detector, as for a text export.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from auditor.document import Document
from auditor.errors import UnreadableError
from auditor.ingest import DocumentBuilder, RawCell, require_content

__all__ = ["read_html", "looks_like_html", "add_html_fragment"]

# Never content.
_DROP_TAGS = {
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "svg",
    "canvas", "form", "input", "select", "option", "button", "textarea", "label", "nav", "aside",
    "header", "footer", "menu", "link", "meta", "head", "title", "map", "audio", "video", "img",
}
# class/id words of site furniture (matched as whole words of the attribute).
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menus|submenu|header|head|top|topbar|footer|foot|bottom|"
    r"breadcrumb|crumbs?|position|location|dqwz|weizhi|sidebar|side|aside|share|bdshare|social|toolbar|"
    r"tools?|search|login|copyright|banner|ad|ads|advert|links?|friendlink|yqlj|pager|pagination|"
    r"prev|next|print|close|skip|hidden|hide|qrcode|ewm|wza|barrier)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Lines of page chrome that sit inside articles too.
_CHROME_LINE = re.compile(
    r"^(?:【?\s*(?:字[体号]|字体大小)[：:].{0,12}】?|【?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏|分享到?[：:]?.{0,20})\s*】?"
    r"|(?:上|下)一(?:篇|条)[：:].*|浏览次数[：:].*|阅读次数[：:].*|访问量[：:].*)$"
)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
    "dt", "dd", "blockquote", "pre", "center", "address", "figure", "figcaption", "tr", "hr", "body", "html",
    "font_block",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_WS = re.compile(r"[ \t\r\n\f\v]+")
_BR = "\u2028"  # a <br>: a line break of the text, unlike the source's own line wrapping
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
# The page source wrapped a line between two Chinese characters: no space was meant.
_WRAP = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v]*\n[ \t\r\n\f\v]*(?=[{_CJK}])")


def _lines(raw: str) -> list[str]:
    """Text collected from the page as lines: source wrapping undone, <br> kept."""
    text = _WS.sub(" ", _WRAP.sub("", raw))
    return [ln.strip(" \xa0\u3000") for ln in text.split(_BR)]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)\b",
                         re.IGNORECASE | re.DOTALL)


def looks_like_html(head: bytes) -> bool:
    """True when the first bytes are an HTML page (any common encoding)."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            try:
                head = head[len(bom):].decode(enc, "ignore").encode("ascii", "ignore")
            except LookupError:  # pragma: no cover
                return False
            break
    return bool(_HTML_START.match(head[:4096]))


def decode_html(data: bytes, path: str) -> str:
    """The page as text, by BOM, <meta charset>, UTF-8, then detection."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace")
    m = _META_CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        if enc in ("gb2312", "gbk", "x-gbk"):
            enc = "gb18030"  # the superset: pages labelled gb2312 use GBK characters
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    # No usable label (or a wrong one: a GBK page saved under <meta charset=utf-8>):
    # the text reader's order, UTF-8, GB18030, then a detector whose answer
    # must read as Chinese, so a page is never decoded into another script.
    from auditor.ingest.text import decode_text

    return decode_text(data, path)[0]


def read_html(path: str | Path) -> Document:
    """Read a saved web page into a :class:`Document`: the article only."""
    import lxml.html
    from lxml import etree

    p = Path(path)
    text = _XML_DECL.sub("", decode_html(p.read_bytes(), str(p)))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise UnreadableError(str(p), "网页内容为空或已损坏，请在浏览器中重新另存为网页（.html）后再试",
                              "the page is empty or damaged; save it again as .html") from e
    title = _page_title(root)
    _strip_furniture(root)
    article = _find_article(root)
    builder = DocumentBuilder(p, "html")
    _Walker(builder).container(article)
    doc = builder.build(title=title)
    return require_content(doc, zh="网页中没有可读的正文文字，请确认保存的是报告正文页面",
                           en="the page contains no article text; save the report's own page")


def add_html_fragment(builder: DocumentBuilder, markup: str) -> None:
    """Paragraphs and tables of an HTML fragment (a ``<table>`` inside a Markdown
    file, as converters write a table whose cells are merged), read as a page's
    article is: rowspan/colspan resolved, scripts and styles dropped."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in ("script", "style", "template"):
            el.drop_tree()
    _Walker(builder).container(root)


# ------------------------------------------------------------------ cleaning


def _page_title(root: Any) -> str | None:
    t = root.find(".//title")
    return _WS.sub(" ", t.text_content()).strip() or None if t is not None else None


def _is_hidden(el: Any) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None \
        or el.get("aria-hidden") == "true"


def _is_furniture(el: Any) -> bool:
    if el.tag in ("table", "tr", "td", "th", "tbody", "thead", "tfoot"):
        return False  # data tables carry classes such as "top" for borders; judge by content
    words = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    return bool(words) and bool(_FURNITURE.search(words)) and not _CONTENT_HINT.search(words)


_CONTENT_HINT = re.compile(r"content|article|text|zoom|trs_editor|detail|main|body|zw|wenzhang|newsinfo",
                           re.IGNORECASE)


def _strip_furniture(root: Any) -> None:
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)  # comments, processing instructions
        elif el.tag.lower() in _DROP_TAGS or _is_hidden(el) or _is_furniture(el):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        # Keep the tail: it is the parent's text that follows the element.
        if el.tail:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def _link_text_len(el: Any) -> int:
    return sum(len(_WS.sub("", a.text_content())) for a in el.iter("a"))


def _find_article(root: Any) -> Any:
    """The element holding the page's running text (readability-style score)."""
    body = root.find(".//body")
    body = body if body is not None else root
    scores: dict[Any, float] = {}
    for el in body.iter("p", "table", "pre", "h1", "h2", "h3", "h4", "li", "div", "td", "span", "font"):
        if el.tag in ("div", "td", "span", "font"):
            own = _WS.sub("", (el.text or "") + "".join(c.tail or "" for c in el))
            n = len(own)
        elif el.tag == "table" and (el.find(".//table") is not None or el.find(".//div") is not None):
            continue  # a table laying out the page: its parts are scored on their own
        else:
            n = len(_WS.sub("", el.text_content())) - _link_text_len(el)
        if n < 8:
            continue
        parent = el.getparent()
        if parent is None:
            continue
        if el.tag in ("div", "td", "span", "font"):
            scores[el] = scores.get(el, 0) + n
        scores[parent] = scores.get(parent, 0) + n
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + n / 2
    if not scores:
        return body
    best = max(scores, key=lambda e: scores[e])
    # A link list (site menu, related articles) is not the article.
    total = len(_WS.sub("", best.text_content())) or 1
    if _link_text_len(best) / total > 0.5:
        return body
    return best


# ------------------------------------------------------------------ walking


class _Walker:
    """Feeds the article's paragraphs and tables to the builder in reading order."""

    def __init__(self, builder: DocumentBuilder):
        self.builder = builder
        self.buf: list[str] = []
        self.style: str | None = None

    def flush(self) -> None:
        lines = _lines("".join(self.buf))
        self.buf = []
        lines = [ln for ln in lines if ln and not _CHROME_LINE.match(ln)]
        # A <br> ends a paragraph too: pages often set a whole article in one
        # element with <br> between its paragraphs, as a text export has lines.
        for line in lines:
            self.builder.add_paragraph(line, style=self.style)
        self.style = None

    def container(self, el: Any) -> None:
        self.visit(el)
        self.flush()

    def visit(self, el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "table":
            self.flush()
            self.table(el)
            return
        if tag == "br":
            self.buf.append(_BR)
        else:
            block = tag in _BLOCK_TAGS
            if block:
                self.flush()
                if tag in _HEADINGS:
                    self.style = f"Heading {tag[1]}"
            if el.text:
                self.buf.append(el.text)
            for child in el:
                self.visit(child)
                if child.tail:
                    self.buf.append(child.tail)
            if block:
                self.flush()

    # -- tables ---------------------------------------------------------------

    def table(self, tbl: Any, nested_in: int | None = None) -> None:
        rows = _rows(tbl)
        if _is_layout(tbl, rows):
            for tr in rows:
                for td in _cells(tr):
                    self.container(td)
            return
        caption = tbl.find("caption")
        title = _WS.sub(" ", caption.text_content()).strip() if caption is not None else None
        cells: list[RawCell] = []
        nested: list[Any] = []
        taken: set[tuple[int, int]] = set()
        n_cols = 0
        for r, tr in enumerate(rows):
            c = 0
            for td in _cells(tr):
                while (r, c) in taken:
                    c += 1
                rs = _span(td.get("rowspan"), len(rows) - r)
                cs = _span(td.get("colspan"), 256)
                for dr in range(rs):
                    for dc in range(cs):
                        taken.add((r + dr, c + dc))
                cells.append(RawCell(row=r, col=c, text=_cell_text(td, nested), row_span=rs, col_span=cs))
                c += cs
            n_cols = max(n_cols, c, max((k for (rr, k) in taken if rr == r), default=-1) + 1)
        if not any(cell.text.strip() for cell in cells):
            return
        table = self.builder.add_table(cells, n_rows=len(rows), n_cols=n_cols, title=title or None,
                                       nested_in=nested_in)
        if table is None:
            return
        for child in nested:
            self.table(child, table.index)


def _rows(tbl: Any) -> list[Any]:
    """The table's own rows (not those of nested tables), thead first."""
    out = []
    for part in tbl:
        tag = part.tag.lower() if isinstance(part.tag, str) else ""
        if tag == "tr":
            out.append(part)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(tr for tr in part if isinstance(tr.tag, str) and tr.tag.lower() == "tr")
    return out


def _cells(tr: Any) -> list[Any]:
    return [td for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")]


def _span(v: str | None, limit: int) -> int:
    try:
        n = int(str(v).strip()) if v is not None else 1
    except ValueError:
        n = 1
    if n == 0:
        n = limit  # rowspan="0": to the end of the table section
    return max(1, min(n, max(limit, 1)))


def _is_layout(tbl: Any, rows: list[Any]) -> bool:
    """A table that lays the page out rather than holding figures."""
    cells = [td for tr in rows for td in _cells(tr)]
    if not cells:
        return False
    widest = max(len(_cells(tr)) for tr in rows)
    holds_blocks = any(td.find(".//table") is not None or len(td.findall(".//p")) >= 2 for td in cells)
    return holds_blocks and (len(rows) == 1 or widest == 1)


def _cell_text(td: Any, nested: list[Any]) -> str:
    parts: list[str] = []

    def visit(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "table":
            nested.append(el)
            return
        if tag == "br":
            parts.append(_BR)
        else:
            block = tag in _BLOCK_TAGS
            if block:
                parts.append(_BR)
            if el.text:
                parts.append(el.text)
            for child in el:
                visit(child)
                if child.tail:
                    parts.append(child.tail)
            if block:
                parts.append(_BR)

    if td.text:
        parts.append(td.text)
    for child in td:
        visit(child)
        if child.tail:
            parts.append(child.tail)
    return "\n".join(ln for ln in _lines("".join(parts)) if ln)
