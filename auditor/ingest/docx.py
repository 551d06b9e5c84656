"""Word (.docx) reports via python-docx, walking the body XML in reading order.

The body's children are visited in order: ``w:p`` paragraphs, ``w:tbl``
tables and the content of block-level ``w:sdt`` content controls (and
``w:customXml`` wrappers). Tables are resolved to grid coordinates from the
XML: ``w:gridBefore``/``w:gridAfter`` skip grid columns, ``w:gridSpan``
widens a cell, ``w:vMerge`` (restart/continue) and the legacy ``w:hMerge``
merge cells; each merged region becomes one :class:`~auditor.document.Cell`
at its top-left with its ``row_span``/``col_span``. A table nested in a cell
becomes its own :class:`~auditor.document.Table` with ``nested_in`` set,
placed right after its parent; the parent cell's text is its own paragraphs
only.

Paragraph text: the label of Word's automatic numbering, if any ("（一）",
``auditor.ingest.docx_numbering``), then ``w:t`` runs (including insertions,
hyperlinks, fields' results, smart tags), ``w:br``/``w:cr`` as '\\n', ``w:tab`` as '\\t'.
Deleted text (``w:del``), field instructions, text boxes and
``mc:Fallback`` copies are left out. Cell text is the cell's non-empty
paragraphs joined by '\\n'.

Anchor scheme
    An anchor is a '/'-separated path of ``kind:index`` steps from the body.
    ``p:N``, ``tbl:N``, ``sdt:N`` and ``cx:N`` name the N-th (0-based)
    *element* child of the current container (comments and processing
    instructions are not counted); after ``sdt:N`` the container is that
    content control's ``w:sdtContent``. Inside a table, ``r:N`` is the N-th
    row (``w:tr``, 0-based, in document order) and ``c:N`` the cell whose
    region starts at grid column N of that row; the ``w:tc`` is then the
    container for a nested table's ``tbl:N``. Examples: ``p:37``,
    ``tbl:3/r:4/c:2``, ``sdt:5/p:0``, ``tbl:3/r:1/c:2/tbl:1/r:0/c:0``.
    :func:`resolve_anchor` turns an anchor back into the element.

XML safety: python-docx parses with ``resolve_entities=False`` and lxml's
default ``no_network=True``; the fallback path below uses the same parser.
An entity bomb that libxml2 stops ("billion laughs") is a
:class:`~auditor.errors.TooLargeError`, never expanded.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any, Iterator

from auditor.document import Document
from auditor.errors import AuditorError, TooLargeError, UnreadableError, UnsupportedFormatError
from auditor.ingest import DocumentBuilder, RawCell, join_wrapped, require_content
from auditor.ingest.docx_numbering import Numbering, numbering_of
from auditor.ingest.text import wrap_width, wraps

__all__ = ["read_docx", "resolve_anchor", "iter_rows", "iter_cells"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


W_BODY, W_P, W_TBL, W_TR, W_TC = _w("body"), _w("p"), _w("tbl"), _w("tr"), _w("tc")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
W_T, W_TAB, W_PTAB, W_BR, W_CR = _w("t"), _w("tab"), _w("ptab"), _w("br"), _w("cr")
W_NB_HYPHEN, W_VAL, W_TYPE = _w("noBreakHyphen"), _w("val"), _w("type")

# Subtrees whose text is not the paragraph's reading text.
_SKIP = {
    _w("del"),
    _w("moveFrom"),
    _w("delText"),
    _w("instrText"),
    _w("pPr"),
    _w("rPr"),
    _w("sdtPr"),
    _w("drawing"),  # text boxes live here (w:txbxContent)
    _w("pict"),
    _w("object"),
    _w("rt"),  # ruby annotation text
    _w("footnoteReference"),
    _w("endnoteReference"),
    f"{{{_MC}}}Fallback",
}

_UNREADABLE_ZH = "文件已损坏或不是有效的 Word 文档，请重新导出为 .docx 后再试"
_UNREADABLE_EN = "the file is damaged or not a valid Word document; re-export it as .docx"


# ------------------------------------------------------------------ loading


def _load(path: Path) -> tuple[Any, dict[str, str], Numbering]:
    """The ``w:body`` element, a style-id → style-name map and the automatic numbering."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        document = docx.Document(str(path))
    except ValueError as e:
        # Macro-enabled documents and templates (.docm/.dotx) are refused by
        # python-docx for their content type; their XML is the same.
        if "content type" not in str(e):
            raise UnreadableError(str(path), _UNREADABLE_ZH, _UNREADABLE_EN) from e
        return _load_main_part(path), {}, Numbering(None, None)
    except etree.XMLSyntaxError as e:
        raise _xml_error(path, e) from e
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, OSError, EOFError) as e:
        raise UnreadableError(str(path), _UNREADABLE_ZH, _UNREADABLE_EN) from e
    except Exception as e:  # python-docx raises many kinds for a broken package
        raise UnreadableError(str(path), _UNREADABLE_ZH, f"{_UNREADABLE_EN} ({type(e).__name__}: {e})") from e
    styles: dict[str, str] = {}
    try:
        for style in document.styles:
            if style.style_id and style.name:
                styles[style.style_id] = style.name
    except Exception:  # styles are a nicety; a broken styles part must not stop the read
        styles = {}
    try:
        numbering = numbering_of(document)
    except Exception:  # labels are a nicety too: without them the text is read as it is typed
        numbering = Numbering(None, None)
    return _body_of(document.element, path), styles, numbering


def _xml_error(path: Path, e: Exception) -> AuditorError:
    """A parse error; entity bombs ("billion laughs") get their own message.

    libxml2 stops an entity that would expand out of proportion (or refers to
    itself) before expanding it; Word never writes entity declarations.
    """
    msg = str(e).lower()
    if "amplification" in msg or "entity reference loop" in msg:
        return TooLargeError(
            str(path),
            "文档中含有会成倍展开的 XML 实体（疑似“十亿笑声”攻击），已拒绝读取；请在 Word 中重新另存为 .docx 后再试",
            "the document declares XML entities that would expand out of proportion (a 'billion laughs' bomb); "
            "refused — re-save it as .docx in Word",
        )
    return UnreadableError(str(path), _UNREADABLE_ZH, _UNREADABLE_EN)


def _body_of(root: Any, path: Path) -> Any:
    if isinstance(root.tag, str) and root.tag.startswith(f"{{{_STRICT_W}}}"):
        raise UnsupportedFormatError(
            str(path),
            "这是 Strict Open XML 格式的文档，请在 Word 中另存为普通 .docx（Word 文档）后再试",
            "Strict Open XML documents are not supported; save as a regular .docx",
        )
    body = root.find(W_BODY)
    if body is None:
        raise UnreadableError(str(path), _UNREADABLE_ZH, _UNREADABLE_EN)
    return body


def _load_main_part(path: Path) -> Any:
    from docx.opc.package import OpcPackage
    from docx.oxml.parser import parse_xml

    from lxml import etree

    try:
        package = OpcPackage.open(str(path))
        root = parse_xml(package.main_document_part.blob)
    except AuditorError:
        raise
    except etree.XMLSyntaxError as e:
        raise _xml_error(path, e) from e
    except Exception as e:
        raise UnreadableError(str(path), _UNREADABLE_ZH, _UNREADABLE_EN) from e
    return _body_of(root, path)


# ------------------------------------------------------------------ reading


def read_docx(path: str | Path, *, fmt: str = "docx", display_path: str | Path | None = None) -> Document:
    """Read a .docx into a :class:`Document` (blocks in body order).

    ``display_path``/``fmt`` let the .doc reader report the original file.
    """
    p = Path(path)
    shown = str(display_path or p)
    try:
        body, styles, numbering = _load(p)
        builder = DocumentBuilder(shown, fmt)
        walker = _Walker(builder, styles, numbering, _body_wrap_width(body))
        walker.container(body, "")
        walker.flush()
        doc = builder.build()
    except AuditorError as e:
        if e.path != shown:
            e.path = shown
        raise
    except RecursionError as e:
        raise UnreadableError(shown, "文档结构嵌套过深，无法读取，请重新导出后再试", "document nesting too deep") from e
    return require_content(
        doc, zh="文档中没有可读的文字（可能只有图片或扫描件），请提供含文字的文件", en="the document contains no text"
    )


def _body_wrap_width(body: Any) -> int:
    """The page width when the body's paragraphs are the lines of a printed page (a Word file made
    from a PDF: one paragraph a line, a sentence running on from one into the next), else 0."""
    texts = [t for t in (paragraph_text(p) for p in _elements(body) if p.tag == W_P) if t.strip()]
    return wrap_width(texts)


def _elements(parent: Any) -> list[Any]:
    return [c for c in parent if isinstance(c.tag, str)]


def _int_val(el: Any, default: int) -> int:
    if el is None:
        return default
    try:
        return max(0, int(el.get(W_VAL, default)))
    except (TypeError, ValueError):
        return default


def iter_rows(tbl: Any) -> Iterator[Any]:
    """A table's ``w:tr`` rows in order, looking through sdt/customXml wrappers."""
    for child in _elements(tbl):
        if child.tag == W_TR:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from iter_rows(content)
        elif child.tag == W_CUSTOM_XML:
            yield from iter_rows(child)


def iter_cells(tr: Any) -> Iterator[Any]:
    """A row's ``w:tc`` cells in order, looking through sdt/customXml wrappers."""
    for child in _elements(tr):
        if child.tag == W_TC:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from iter_cells(content)
        elif child.tag == W_CUSTOM_XML:
            yield from iter_cells(child)


def _tc_props(tc: Any) -> tuple[int, str | None, str | None]:
    """(grid span, vMerge state, hMerge state) of a cell; states are None/"restart"/"continue"."""
    tcPr = tc.find(_w("tcPr"))
    if tcPr is None:
        return 1, None, None
    span = max(1, _int_val(tcPr.find(_w("gridSpan")), 1))
    states = []
    for tag in ("vMerge", "hMerge"):
        el = tcPr.find(_w(tag))
        states.append(None if el is None else ("restart" if el.get(W_VAL) == "restart" else "continue"))
    return span, states[0], states[1]


def _row_grid_skips(tr: Any) -> tuple[int, int]:
    trPr = tr.find(_w("trPr"))
    if trPr is None:
        return 0, 0
    return _int_val(trPr.find(_w("gridBefore")), 0), _int_val(trPr.find(_w("gridAfter")), 0)


def paragraph_text(p: Any) -> str:
    """The reading text of a ``w:p`` element (see the module docstring)."""
    out: list[str] = []

    def walk(el: Any) -> None:
        for ch in el:
            tag = ch.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W_T:
                out.append(ch.text or "")
                # Unresolved entity references (never expanded: see the module
                # docstring) are skipped; the text after them is kept.
                out.extend(sub.tail or "" for sub in ch)
            elif tag in (W_TAB, W_PTAB):
                out.append("\t")
            elif tag == W_BR:
                # Page and column breaks are layout, not line breaks.
                if ch.get(W_TYPE) in (None, "textWrapping"):
                    out.append("\n")
            elif tag == W_CR:
                out.append("\n")
            elif tag == W_NB_HYPHEN:
                out.append("-")
            else:
                walk(ch)

    walk(p)
    return "".join(out)


class _Walker:
    """Visits body content in reading order, feeding a :class:`DocumentBuilder`."""

    def __init__(self, builder: DocumentBuilder, styles: dict[str, str], numbering: Numbering | None = None,
                 wrap_width: int = 0):
        self.builder = builder
        self.styles = styles
        self.numbering = numbering or Numbering(None, None)
        self.wrap_width = wrap_width  # > 0: one paragraph a printed line (see _body_wrap_width)
        self.pending: list[tuple[str, str, str | None]] = []  # (text, anchor, style) of a run being joined

    def flush(self) -> None:
        """Add the buffered paragraphs, the lines of one printed paragraph joined into one."""
        run: list[tuple[str, str, str | None]] = []
        for item in self.pending + [None]:
            if item is not None and run and wraps(run[-1][0], item[0], self.wrap_width, full_sentences=True):
                run.append(item)
                continue
            if run:
                text = join_wrapped([t for t, _, _ in run]) if len(run) > 1 else run[0][0]
                self.builder.add_paragraph(text, anchor=run[0][1], style=run[0][2])
            run = [item] if item is not None else []
        self.pending = []

    def text(self, p: Any) -> str:
        """A paragraph's text with the label Word's automatic numbering prints before it."""
        return self.numbering.label(p) + paragraph_text(p)

    def container(self, parent: Any, prefix: str) -> None:
        for idx, child in enumerate(_elements(parent)):
            tag = child.tag
            if tag == W_P:
                self.paragraph(child, f"{prefix}p:{idx}")
            elif tag == W_TBL:
                self.flush()
                self.table(child, f"{prefix}tbl:{idx}", None)
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    self.container(content, f"{prefix}sdt:{idx}/")
            elif tag == W_CUSTOM_XML:
                self.container(child, f"{prefix}cx:{idx}/")

    def paragraph(self, p: Any, anchor: str) -> None:
        style = None
        ps = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        if ps is not None:
            sid = ps.get(W_VAL)
            style = self.styles.get(sid, sid)
        if self.wrap_width:
            self.pending.append((self.text(p), anchor, style))
        else:
            self.builder.add_paragraph(self.text(p), anchor=anchor, style=style)

    def table(self, tbl: Any, anchor: str, nested_in: int | None) -> None:
        cells: list[RawCell] = []
        nested: list[tuple[Any, str]] = []
        open_v: dict[int, RawCell] = {}  # grid column -> region a vMerge may continue
        n_cols = 0
        rows = list(iter_rows(tbl))
        for r, tr in enumerate(rows):
            before, after = _row_grid_skips(tr)
            col = before
            still_open: dict[int, RawCell] = {}
            last: RawCell | None = None
            for tc in iter_cells(tr):
                span, vmerge, hmerge = _tc_props(tc)
                cell_anchor = f"{anchor}/r:{r}/c:{col}"
                text = self.cell_text(tc, cell_anchor, nested)
                above = open_v.get(col)
                if hmerge == "continue" and last is not None:
                    last.col_span += span  # legacy horizontal merge
                    if text:
                        last.text = f"{last.text}\n{text}"
                elif vmerge == "continue" and above is not None and above.col_span == span:
                    above.row_span = r - above.row + 1
                    if text:
                        above.text = f"{above.text}\n{text}"
                    still_open[col] = above
                    last = above
                else:
                    cell = RawCell(row=r, col=col, text=text, col_span=span, anchor=cell_anchor)
                    cells.append(cell)
                    if vmerge is not None:
                        still_open[col] = cell
                    last = cell
                col += span
            open_v = still_open
            n_cols = max(n_cols, col + after)
        table = self.builder.add_table(cells, n_rows=len(rows), n_cols=n_cols, anchor=anchor, nested_in=nested_in)
        if table is None:
            return
        for child, child_anchor in nested:
            self.table(child, child_anchor, table.index)

    def cell_text(self, tc: Any, cell_anchor: str, nested: list[tuple[Any, str]]) -> str:
        parts: list[str] = []

        def visit(container: Any, prefix: str) -> None:
            for idx, child in enumerate(_elements(container)):
                if child.tag == W_P:
                    parts.append(self.text(child))
                elif child.tag == W_TBL:
                    nested.append((child, f"{prefix}tbl:{idx}"))
                elif child.tag == W_SDT:
                    content = child.find(W_SDT_CONTENT)
                    if content is not None:
                        visit(content, f"{prefix}sdt:{idx}/")
                elif child.tag == W_CUSTOM_XML:
                    visit(child, f"{prefix}cx:{idx}/")

        visit(tc, f"{cell_anchor}/")
        return "\n".join(parts)


# ---------------------------------------------------------------- anchors

_STEP = re.compile(r"([a-z]+):(\d+)")


def resolve_anchor(body: Any, anchor: str) -> Any | None:
    """The element an anchor written by this reader names, or None.

    ``body`` is the ``w:body`` element of the same document (for python-docx:
    ``docx.Document(path).element.body``). Cell anchors resolve to the
    ``w:tc`` whose region starts at the named grid column.
    """
    el = body
    table: Any = None
    row_cells: list[tuple[int, Any]] | None = None
    for step in anchor.split("/"):
        m = _STEP.fullmatch(step.strip())
        if not m:
            return None
        kind, n = m.group(1), int(m.group(2))
        if kind in ("p", "tbl", "sdt", "cx"):
            kids = _elements(el)
            if not 0 <= n < len(kids):
                return None
            el = kids[n]
            expected = {"p": W_P, "tbl": W_TBL, "sdt": W_SDT, "cx": W_CUSTOM_XML}[kind]
            if el.tag != expected:
                return None
            if kind == "sdt":
                el = el.find(W_SDT_CONTENT)
                if el is None:
                    return None
            table = el if kind == "tbl" else None
        elif kind == "r":
            if table is None:
                return None
            rows = list(iter_rows(table))
            if not 0 <= n < len(rows):
                return None
            el = rows[n]
            before, _ = _row_grid_skips(el)
            row_cells, col = [], before
            for tc in iter_cells(el):
                row_cells.append((col, tc))
                col += _tc_props(tc)[0]
        elif kind == "c":
            if row_cells is None:
                return None
            hit = next((tc for start, tc in row_cells if start == n), None)
            if hit is None:
                return None
            el, row_cells, table = hit, None, None
        else:
            return None
    return el
