"""PDF reports via PDFium (pypdfium2): ruled tables as tables, the rest as paragraphs.

PDFium gives, per page, every character with its box and every path (ruling
lines and cell rectangles); everything after that is ours, in
:mod:`auditor.ingest.pdf_layout`: characters become words and lines, ruling
lines become a grid of cells, cells that share corners become a table. The
layout rules are pdfplumber's (its default "lines" table strategy and its
word/line grouping with 3 pt tolerances), re-implemented on plain tuples with
indexes instead of pairwise scans, so the Document is the one the earlier
pdfplumber reader produced (``tests/test_pdf_engines.py`` compares the two on
the corpus) at a fraction of the time.

A merged cell is reported once, with the positions it covers left empty; we
place every real cell on the grid formed by all cells' left and top edges, so
a merged cell gets the ``col_span``/``row_span`` of the grid lines it
crosses. Text outside the tables' boxes is read line by line (a line split
because its digits sit on a lower baseline is merged back, see
``_merge_split_baselines``) and lines are joined into paragraphs: a line
continues the previous one unless the previous line ends a sentence
(。；：！？), stops short of the right margin, or is followed by a vertical
gap (more than a line's height, or on a page set with wide line spacing
more than half a line over its usual space between lines), or the line
itself is indented or starts with numbering ("一、",
"（二）", "3.", "①" …). Three exceptions: a line that ends inside a bracket
it opened a few characters before (an item marker broken over two lines,
"…支出。（十" / "四）2080199…") always continues; a line that stops short
continues when what opens the next line, with the punctuation after it,
could not have fitted ("下降" / "54.82%。"); and a sentence that ends at
the margin goes on into an unmarked next line when the pages so far mark
their paragraphs, by space between them or by indented first lines.
Wrapped lines are joined without a space (Chinese text), except between
two Latin letters, or after a whole amount ("6.00", "127,886,849") before
a digit (``ingest.join_wrapped``). Bare page numbers in the top and
bottom margins are dropped. Blocks are ordered by their top edge on the page;
a paragraph may continue onto the next page when no table intervenes.

Every location carries its 1-based ``page``. Anchors: ``page:N/line:K``
for the first line of a paragraph (K counts text lines on the page from 0),
``page:N/table:K`` for a page's K-th table and ``…/r:R/c:C`` for a cell.

A PDF without any extractable text is a scan: :class:`NoTextLayerError`.
One that needs a password: :class:`EncryptedError` (PDFs that are only
permission-restricted open with the empty password and are read normally).
Pages are closed as soon as they are read to keep memory flat.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.document import Document
from auditor.errors import AuditorError, EncryptedError, NoTextLayerError, UnreadableError
from auditor.ingest import DocumentBuilder, RawCell, join_wrapped
from auditor.ingest.continuation import EDGE_TOL, cluster_edges, nearest_edge
from auditor.lexicons import load_lexicons

__all__ = ["read_pdf"]

_SENTENCE_END = tuple("。；：！？!?;:")
_NUMBERED = re.compile(
    r"^\s*(?:\d{1,3}\s*[.．、)）](?!\d)|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}\s*、"
    r"|第[一二三四五六七八九十百\d]{1,4}[条章节部分]|[①-⑳])"
)
# A line ending inside an opened bracket of a few characters: an item marker broken over two lines
# ("…物业管理费支出。（十" / "四）2080199…"), which the layout moved on whole with the figure after it.
_OPEN_MARKER = re.compile(r"[（(][^（）()]{0,3}$")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?)[-—–\s]*$")
_MARGIN_BAND = 0.08  # fraction of the page height treated as header/footer band

NO_TEXT_ZH = "该 PDF 没有文字层（可能是扫描件），请提供可复制文字的 PDF 或 Word 文件"
NO_TEXT_EN = "this PDF has no text layer (probably a scan); provide a PDF with selectable text or a Word file"
NO_UNICODE_ZH = "该 PDF 的文字无法提取（字体缺少编码信息），请提供可复制文字的 PDF 或 Word 文件"
NO_UNICODE_EN = "this PDF's text cannot be extracted (fonts without a Unicode map); provide a Word file"
DAMAGED_ZH = "PDF 文件已损坏或格式无效，请重新导出后再试"
DAMAGED_EN = "the PDF is damaged or invalid; re-export it and retry"
LOCKED_ZH = "PDF 文件设置了打开密码（已加密），请去除密码后再试"
LOCKED_EN = "the PDF is password-protected; remove the password and retry"


@dataclass(slots=True)
class _Line:
    page: int
    index: int  # among the page's text lines
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    left: float  # the page's text margins
    right: float
    size: float  # approximate font size (line height)
    # How the page marks where a paragraph begins: by vertical space between paragraphs, by indenting
    # their first lines. Without either, a line that ends a sentence at the margin may end its paragraph.
    spaced: bool = False
    indents: bool = False
    margin: float = 0.0  # the right margin of the pages so far (a page of tables has few text lines to show it)
    leading: float = 0.0  # the page's usual space between two lines of a paragraph (double spacing: a lot)


@dataclass(slots=True)
class _PdfTable:
    page: int
    index: int
    top: float
    cells: list[RawCell]
    n_rows: int
    n_cols: int


def read_pdf(path: str | Path) -> Document:
    """Read a text PDF into a :class:`Document` (paragraphs and ruled tables)."""
    from auditor.ingest import pdf_layout as lay

    p = Path(path)
    try:
        pdf = lay.open_pdf(p)
    except lay.PasswordError as e:
        raise EncryptedError(str(p), LOCKED_ZH, LOCKED_EN) from e
    except Exception as e:
        raise UnreadableError(str(p), DAMAGED_ZH, DAMAGED_EN) from e
    with pdf:
        return assemble(p, pdf.n_pages, pdf.pages(), lay.extract_text_lines, lay.extract_text)


def assemble(p: Path, n_pages: int, pages: Any, text_lines: Any, cell_text: Any) -> Document:
    """The Document from an engine's pages.

    ``pages`` yields, per page number, a page object with ``chars``
    (dicts or objects with text/x0/x1/top/bottom), ``height``, ``tables()``
    (objects with ``rows``/``bbox``/``extract()``), ``outside(boxes)`` (the
    chars outside the tables' boxes) and ``close()``; or an exception for a
    page that could not be parsed. Shared by both engines so that they differ
    only in how they find characters and rules.
    """
    builder = DocumentBuilder(p, "pdf")
    n_chars = n_cid = 0
    failed_pages: list[int] = []
    blank_pages: list[int] = []
    pending: list[_Line] = []  # lines of the paragraph being assembled
    spaced = indents = False  # how the pages so far mark their paragraphs (a page inside one long
    # paragraph shows no mark of its own)
    margin = 0.0
    for page_no, page in zip(range(1, n_pages + 1), pages):
        try:
            if isinstance(page, BaseException):
                raise page
            n_chars += page.n_chars
            n_cid += page.n_cid
            if not page.n_chars:
                blank_pages.append(page_no)
                continue
            items = _page_items(page, page_no, text_lines, cell_text)
        except AuditorError:
            raise
        except Exception:  # one broken page must not lose the rest of the report
            failed_pages.append(page_no)
            continue
        finally:
            if not isinstance(page, BaseException):
                page.close()
        lines = [it for it in items if isinstance(it, _Line)]
        spaced = spaced or any(ln.spaced for ln in lines)
        indents = indents or any(ln.indents for ln in lines)
        margin = max([margin] + [ln.right for ln in lines])
        for ln in lines:
            ln.spaced, ln.indents, ln.margin = spaced, indents, margin
        for item in items:
            if isinstance(item, _PdfTable):
                _flush(builder, pending)
                pending = []
                builder.add_table(
                    item.cells,
                    n_rows=item.n_rows,
                    n_cols=item.n_cols,
                    anchor=f"page:{item.page}/table:{item.index}",
                    page=item.page,
                )
            else:
                if pending and _starts_paragraph(pending[-1], item):
                    _flush(builder, pending)
                    pending = []
                pending.append(item)
    _flush(builder, pending)
    if n_chars == 0:
        raise NoTextLayerError(str(p), NO_TEXT_ZH, NO_TEXT_EN)
    if n_cid > n_chars / 2:
        raise NoTextLayerError(str(p), NO_UNICODE_ZH, NO_UNICODE_EN)
    if failed_pages and len(failed_pages) == n_pages:
        raise UnreadableError(str(p), "PDF 文件已损坏，无法读取任何一页，请重新导出后再试", "no page of this PDF could be read")
    meta: dict[str, Any] = {"pages": n_pages}
    if failed_pages:
        meta["unreadable_pages"] = failed_pages
    if blank_pages:
        meta["pages_without_text"] = blank_pages
    return builder.build(**meta)


# -------------------------------------------------------------------- pages


def _page_items(page: Any, page_no: int, text_lines: Any, cell_text: Any) -> list[Any]:
    """Tables and text lines of one page, ordered by their top edge."""
    tables = [t for t in page.tables() if t.cells]
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, int, Any]] = []
    for k, t in enumerate(tables):
        converted = _convert_table(t, page_no, k)
        if converted is not None:
            items.append((converted.top, 0, converted))
    chars = page.outside(boxes) if boxes else page.chars
    raw = _merge_split_baselines([ln for ln in text_lines(chars) if ln["text"].strip()], cell_text)
    band = page.height * _MARGIN_BAND
    raw = [
        ln
        for ln in raw
        if not (_PAGE_NUMBER.match(ln["text"]) and (ln["top"] < band or ln["bottom"] > page.height - band))
    ]
    if raw:
        left = min(ln["x0"] for ln in raw)
        right = max(ln["x1"] for ln in raw)
        sizes = [max(ln["bottom"] - ln["top"], 1.0) for ln in raw]
        gaps = sorted(g for a, b in zip(raw, raw[1:]) if (g := b["top"] - a["bottom"]) > 0)
        leading = gaps[len(gaps) // 2] if len(gaps) >= 4 else 0.0
        spaced = any(b["top"] - a["bottom"] > _gap_limit(sa, sb, leading)
                     for a, b, sa, sb in zip(raw, raw[1:], sizes, sizes[1:]))
        # an indented line that runs to the margin opens a paragraph (a centred heading does not reach it)
        indents = any(ln["x0"] > left + 1.5 * sz and ln["x1"] >= right - 2 * sz for ln, sz in zip(raw, sizes))
        for i, (ln, size) in enumerate(zip(raw, sizes)):
            items.append(
                (
                    ln["top"],
                    1,
                    _Line(page_no, i, ln["text"], ln["x0"], ln["x1"], ln["top"], ln["bottom"], left, right, size,
                          spaced, indents, 0.0, leading),
                )
            )
    items.sort(key=lambda it: (it[0], it[1]))
    return [it[2] for it in items]


def _merge_split_baselines(lines: list[dict], cell_text: Any) -> list[dict]:
    """One visual line that was split in two: some PDFs set the digits
    in a Latin font whose baseline sits a few points below the Chinese text
    ("第二部分 上海市普陀区财政局 年度部门决算表" at top 221.3 and "2024" at 227.2,
    both 15 pt). Characters are grouped into lines by their top within
    a fixed 3 pt; we merge lines whose vertical extents overlap by at least
    half the smaller height (lines of running text never overlap) and rebuild
    the text from the characters in left-to-right order."""
    out: list[dict] = []
    for ln in sorted(lines, key=lambda x: x["top"]):
        prev = out[-1] if out else None
        if prev is not None:
            overlap = min(prev["bottom"], ln["bottom"]) - max(prev["top"], ln["top"])
            height = min(prev["bottom"] - prev["top"], ln["bottom"] - ln["top"])
            if height > 0 and overlap >= 0.5 * height:
                chars = sorted(prev["chars"] + ln["chars"], key=lambda c: c["x0"])
                tall = max(prev["bottom"], ln["bottom"]) - min(prev["top"], ln["top"])
                prev.update(
                    text=cell_text(chars, y_tolerance=tall + 1).replace("\n", " "),
                    chars=chars,
                    x0=min(prev["x0"], ln["x0"]),
                    x1=max(prev["x1"], ln["x1"]),
                    top=min(prev["top"], ln["top"]),
                    bottom=max(prev["bottom"], ln["bottom"]),
                )
                continue
        out.append(dict(ln))
    return out


def _convert_table(t: Any, page_no: int, k: int) -> _PdfTable | None:
    texts = t.extract()
    real = [
        (bbox, texts[ri][ci] if ri < len(texts) and ci < len(texts[ri]) else None)
        for ri, row in enumerate(t.rows)
        for ci, bbox in enumerate(row.cells)
        if bbox is not None
    ]
    if not real:
        return None
    xs = cluster_edges([b[0] for b, _ in real])
    ys = cluster_edges([b[1] for b, _ in real])
    cells: list[RawCell] = []
    seen: set[tuple[int, int]] = set()
    for (x0, top, x1, bottom), text in real:
        c, r = nearest_edge(xs, x0), nearest_edge(ys, top)
        if (r, c) in seen:
            continue
        seen.add((r, c))
        col_span = max(1, bisect_left(xs, x1 - EDGE_TOL) - bisect_left(xs, x0 - EDGE_TOL))
        row_span = max(1, bisect_left(ys, bottom - EDGE_TOL) - bisect_left(ys, top - EDGE_TOL))
        cells.append(
            RawCell(
                row=r,
                col=c,
                text=join_wrapped((text or "").split("\n")),
                row_span=row_span,
                col_span=col_span,
                anchor=f"page:{page_no}/table:{k}/r:{r}/c:{c}",
                x0=x0,
                x1=x1,
                page=page_no,  # as the builder would set it, without copying every cell
            )
        )
    return _PdfTable(page_no, k, t.bbox[1], cells, len(ys), len(xs))


# --------------------------------------------------------------- paragraphs


@functools.lru_cache(maxsize=1)
def _unbreakable() -> re.Pattern:
    """What a layout does not break across lines: a figure with its unit of money, percent or
    percentage points (lexicons/units.yaml), a Latin word. Punctuation a line may not start with
    goes down with it ("54.82%。" moved on whole)."""
    units = "|".join(re.escape(w) for w in load_lexicons().unit_words("money", "percent", "percentage_point"))
    return re.compile(rf"(?:[-+]?[0-9][0-9.,]*(?:{units})?|[A-Za-z]+)[。，、；：？！）)」』”’]*")


def _width(run: str, size: float) -> float:
    """Roughly how wide ``run`` prints: ASCII about half an em, CJK a full em."""
    return sum(0.55 * size if ch.isascii() else size for ch in run)


def _starts_paragraph(prev: _Line, cur: _Line) -> bool:
    """Does ``cur`` begin a new paragraph after ``prev``? (see module docstring)"""
    if _OPEN_MARKER.search(prev.text.rstrip()) and (
            cur.page != prev.page or cur.top - prev.bottom <= _gap_limit(prev.size, cur.size, cur.leading)):
        return False  # a bracket opened at the end of a line closes on the next: one paragraph
    if _NUMBERED.match(cur.text):
        return True
    if prev.text.rstrip().endswith(_SENTENCE_END):
        return not _runs_on(prev, cur)
    if cur.x0 > cur.left + 1.5 * cur.size:
        return True  # indented first line or centred heading
    if prev.x1 < prev.right - 2 * prev.size:
        # The previous line stopped short: it ended its paragraph, unless what
        # opens this line could not have fitted in the room left (a figure such
        # as "7.68万元" is never broken, so the layout moved it down whole).
        run = _unbreakable().match(cur.text)
        if run is None or prev.right - prev.x1 > _width(run.group(), cur.size) + 0.5 * prev.size:
            return True
    if cur.page == prev.page and cur.top - prev.bottom > _gap_limit(prev.size, cur.size, cur.leading):
        return True
    return False


def _gap_limit(a: float, b: float, leading: float) -> float:
    """The space above a line that marks a new paragraph: a line's height, or on a page set with wide
    line spacing, half a line more than its usual space between lines (Shanghai 07's 决算说明 is
    double-spaced: 16 pt between the lines of a paragraph, 47 pt before a heading)."""
    size = max(a, b)
    return max(1.0 * size, leading + 0.5 * size)


def _runs_on(prev: _Line, cur: _Line) -> bool:
    """Does a paragraph go on after a line that ends a sentence? Only when that line runs to the margin
    and the page marks its paragraphs, and ``cur`` bears no mark: not indented on a page that indents
    first lines, no space above it on a page that spaces paragraphs (a sentence of a long paragraph
    ends at a line's end as often as any character does)."""
    if prev.x1 < max(prev.right, prev.margin) - prev.size or cur.x0 > cur.left + 1.5 * cur.size:
        return False
    if cur.page != prev.page:
        return cur.indents  # the top of a page shows no space above it: only an indent marks a paragraph
    if not (cur.spaced or cur.indents):
        return False
    return cur.top - prev.bottom <= _gap_limit(prev.size, cur.size, cur.leading)


def _flush(builder: DocumentBuilder, lines: list[_Line]) -> None:
    if not lines:
        return
    first = lines[0]
    builder.add_paragraph(
        join_wrapped([ln.text for ln in lines]), anchor=f"page:{first.page}/line:{first.index}", page=first.page
    )
