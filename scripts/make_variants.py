"""Render one report in the ordinary layouts reviewers receive it in.

The metamorphic suite (``tests/test_variants.py``) audits each variant and
expects the same findings as the text export. A variant changes how the
report is typed or laid out, never what it says:

==================  ===========================================================
``merged``          Word, as ``scripts/build_samples.py`` builds it: an empty
                    first-column cell under a label is merged into that label
``blank``           Word, those cells left empty instead (no vertical merge)
``header2``         each table's header row over two rows ("年度" over "指标值",
                    "2021年" over "决算数"; one-line headers and the row label
                    merged down over both)
``units_in_cells``  "（万元）" taken out of a header or row label and printed
                    after every amount it governs ("2558.63万元")
``total_moved``     a 合计/总计/总分 row moved from the end of its block to just
                    under its header, or from there to the end
``thousands``       amounts with thousands separators (2,778.76; 12,345万元)
``fullwidth``       full-width digits, points and percent signs (２７７８．７６, ９７．５％)
``title_in_row``    a caption above a table moved into its first row (spanning
                    the width), or a caption typed in the first row moved above
``split_header``    each long table broken into two Word tables, the second one
                    starting with a copy of the header row(s)
``split_cell``      each long table broken inside a row: a multi-line cell's
                    first lines end the first table, its other lines (every
                    other cell empty) start the second, as Word breaks a row
                    over a page
``blank_split``     ``blank`` and ``split_cell`` together
``lines``           every paragraph broken into Word paragraphs of one printed
                    line each (76 columns, no number broken), as a PDF
                    converted to Word comes
``autonum``         item markers at the start of a paragraph ("一、", "（二）",
                    "3.") not typed but printed by Word's automatic numbering
                    (``w:numPr``), as most Word reports number their headings
==================  ===========================================================

Each variant is a list of blocks (:class:`~auditor.document.Paragraph`,
:class:`~auditor.document.Table`) rendered to .docx by the same writer as the
samples; ``--pdf`` also prints every .docx to PDF with LibreOffice (one
``soffice`` run for all files). A variant that would not change a report (no
合计 row to move, no long table) is not produced for it.

    python scripts/make_variants.py ../shared/seeds/*.txt -o /tmp/variants [--pdf] [--only blank,split_cell]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
if str(REPO / "scripts") not in sys.path:
    sys.path.insert(0, str(REPO / "scripts"))

from build_samples import _normalise_zip, docx_bytes_from_blocks  # noqa: E402

from auditor.document import Cell, Document, Location, Paragraph, Table  # noqa: E402
from auditor.ingest.text import printed_width, read_text  # noqa: E402

Block = Paragraph | Table

LONG_TABLE_ROWS = 16  # a table this long is one a printer or an editor breaks in two
_UNIT_BRACKET = re.compile(r"\s*[（(]\s*(万元|元|亿元|千元)\s*[)）]?\s*$|\s*[（(]\s*(万元|元|亿元|千元)\s*[)）]")
_TOTAL_LABEL = re.compile(r"^\s*(合\s*计|总\s*计|总\s*分)\s*$")
_PLAIN_NUMBER = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")
_YEAR_LIKE = re.compile(r"^(19|20)\d{2}$")


@dataclass
class Variant:
    """One layout of one report: its blocks and how the .docx merges labels."""

    name: str
    blocks: list[Block]
    merge_labels: bool = True
    autonumber: bool = False  # item markers printed by Word's automatic numbering, not typed

    def html_text(self) -> str:
        """The report as a government web page: the article inside site navigation,
        tables as ``<table>`` with rowspan/colspan (labels merged down as in Word)."""
        return html_page(self.blocks, self.merge_labels)

    def md_text(self) -> str:
        """The report as Markdown: paragraphs, and pipe tables (merged positions left empty)."""
        return markdown_text(self.blocks)

    def docx_bytes(self) -> bytes:
        """The .docx, byte for byte the same on every run (fixed zip timestamps)."""
        return _normalise_zip(docx_bytes_from_blocks(self.blocks, merge_labels=self.merge_labels,
                                                     autonumber=self.autonumber))


# ------------------------------------------------------------------ helpers


def _table(cells: list[tuple[int, int, str, int, int]], n_rows: int, n_cols: int, like: Table) -> Table:
    """A fresh Table from (row, col, text, row_span, col_span) tuples."""
    out = [Cell(row=r, col=c, text=t, location=Location(), row_span=rs, col_span=cs) for r, c, t, rs, cs in cells]
    out.sort(key=lambda c: (c.row, c.col))
    return Table(index=like.index, n_rows=n_rows, n_cols=n_cols, cells=out, location=Location(), title=like.title)


def _tuples(t: Table) -> list[tuple[int, int, str, int, int]]:
    return [(c.row, c.col, c.text, c.row_span, c.col_span) for c in t.cells]


def _para(text: str) -> Paragraph:
    return Paragraph(index=0, text=text, location=Location())


def _map_tables(blocks: list[Block], fn: Callable[[Table, Document], list[Block] | Table | None], doc: Document) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Table):
            got = fn(b, doc)
            if got is None:
                out.append(b)
            elif isinstance(got, Table):
                out.append(got)
            else:
                out.extend(got)
        else:
            out.append(b)
    return out


def _map_text(blocks: list[Block], fn: Callable[[str], str]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(_para(fn(b.text)))
        else:
            out.append(_table([(r, c, fn(t), rs, cs) for r, c, t, rs, cs in _tuples(b)], b.n_rows, b.n_cols, b))
    return out


def _sections(t: Table, doc: Document):
    from auditor.nlp.tables import analyze_table

    return analyze_table(t, doc).sections


def _header_rows(t: Table, doc: Document) -> list[list[int]]:
    """Per section, the grid rows of its header (rows of ``t`` only)."""
    out = []
    for s in _sections(t, doc):
        rows = sorted(r for tb, r in s.header_rows if tb is t)
        if rows:
            out.append(rows)
    return out


def _rows_cross(t: Table, r: int) -> bool:
    """Does a merged cell run across the boundary above row ``r``?"""
    return any(c.row < r < c.row + c.row_span for c in t.cells)


# ------------------------------------------------------------------ variants


def header_two_rows(t: Table, doc: Document) -> Table | None:
    """The last header row of each section typed over two rows."""
    headers = _header_rows(t, doc)
    if not headers:
        return None
    cells = _tuples(t)
    n_rows = t.n_rows
    changed = False
    for rows in sorted(headers, key=lambda rs: -rs[-1]):  # bottom-up: inserts do not move the rows above
        h = rows[-1]
        if _rows_cross(t, h + 1) or _rows_cross(t, h):
            continue
        if not any(_split_header_text(text)[1] for r, c, text, rs, cs in cells if r == h and c > 0):
            continue
        new: list[tuple[int, int, str, int, int]] = []
        for r, c, text, rs, cs in cells:
            if r > h:
                new.append((r + 1, c, text, rs, cs))
            elif r == h:
                # the row label (first column) stays one cell over both rows
                top, bottom = _split_header_text(text) if c > 0 else (text, "")
                if bottom:
                    new.append((r, c, top, 1, cs))
                    new.append((r + 1, c, bottom, 1, cs))
                    changed = True
                else:
                    new.append((r, c, text, rs + 1, cs))
            elif r + rs > h:
                new.append((r, c, text, rs + 1, cs))
            else:
                new.append((r, c, text, rs, cs))
        cells = new
        n_rows += 1
    return _table(cells, n_rows, t.n_cols, t) if changed else None


def _split_header_text(text: str) -> tuple[str, str]:
    if "\n" in text:
        lines = text.split("\n")
        k = (len(lines) + 1) // 2
        return "".join(lines[:k]), "".join(lines[k:])
    m = re.match(r"^((?:19|20)\d{2}\s*年(?:度)?)\s*(\S.+)$", text)
    if m:
        return m.group(1), m.group(2)
    return text, ""


_NOT_MONEY = {"分值", "得分", "执行率", "控制率", "评分标准", "说明", "目标", "实际"}


def units_in_cells(t: Table, doc: Document) -> Table | None:
    """"（万元）" moved from a column header or a row label into every amount it governs."""
    secs = _sections(t, doc)
    grid_text = t.value_grid()
    add_unit: dict[tuple[int, int], str] = {}
    strip: set[tuple[int, int]] = set()
    by_pos = {(c.row, c.col): c for c in t.cells}
    for c in t.cells:
        m = _UNIT_BRACKET.search(c.text)
        if not m:
            continue
        unit = m.group(1) or m.group(2)
        targets: list[tuple[int, int]] = []
        if c.col == 0 and c.col_span == 1:
            # a row label: the rows down to the next label
            end = c.row + c.row_span
            while end < t.n_rows and not grid_text[end][0]:
                end += 1
            for r in range(c.row, end):
                for k in range(1, t.n_cols):
                    targets.append((r, k))
        else:
            for r in range(c.row + c.row_span, t.n_rows):
                below = by_pos.get((r, c.col))
                if below is not None and _UNIT_BRACKET.search(below.text):
                    break  # the next block's own header
                for k in range(c.col, c.col + c.col_span):
                    targets.append((r, k))
        hits = [(r, k) for r, k in targets
                if _PLAIN_NUMBER.match(grid_text[r][k]) and not _YEAR_LIKE.match(grid_text[r][k].strip())
                and _money_column(secs, t, r, k)]
        if hits:
            strip.add((c.row, c.col))
            for pos in hits:
                add_unit[pos] = unit
    if not strip:
        return None
    cells = []
    for r, c, text, rs, cs in _tuples(t):
        if (r, c) in strip:
            text = _UNIT_BRACKET.sub("", text, count=1)
        elif (r, c) in add_unit:
            text = text.strip() + add_unit[(r, c)]
        cells.append((r, c, text, rs, cs))
    return _table(cells, t.n_rows, t.n_cols, t)


def _money_column(secs, t: Table, r: int, k: int) -> bool:
    """The cell's column (in the section holding row ``r``) is not a score, rate or count."""
    for s in secs:
        for row in s.rows:
            if row.table is t and row.grid_row == r:
                for col in s.columns:
                    cell = row.cells[col.index] if col.index < len(row.cells) else None
                    if cell is not None and cell.row == r and cell.col == k:
                        return col.measure not in _NOT_MONEY and "人" not in (col.header or "") \
                            and "率" not in (col.header or "")
                return False
    return False


def total_moved(t: Table, doc: Document) -> Table | None:
    """A one-row 合计/总计 moved between the end of its block and just under its header."""
    grid = t.value_grid()
    for s in _sections(t, doc):
        rows = sorted(row.grid_row for row in s.rows if row.table is t)
        heads = sorted(r for tb, r in s.header_rows if tb is t)
        if not rows or not heads:
            continue
        first, last = rows[0], rows[-1]
        for r in (last, first):
            if not _TOTAL_LABEL.match(grid[r][0]):
                continue
            if any(c.row == r and c.row_span > 1 for c in t.cells) or _rows_cross(t, r) or _rows_cross(t, r + 1):
                continue
            if r == last and r != first:
                order = list(range(first)) + [last] + list(range(first, last)) + list(range(last + 1, t.n_rows))
            elif r == first and r != last:
                order = list(range(first)) + list(range(first + 1, last + 1)) + [first] + list(range(last + 1, t.n_rows))
            else:
                continue
            if any(_rows_cross(t, x) for x in range(first, last + 1)):
                continue
            new_row = {old: new for new, old in enumerate(order)}
            cells = [(new_row[r0], c, text, rs, cs) for r0, c, text, rs, cs in _tuples(t)]
            return _table(cells, t.n_rows, t.n_cols, t)
    return None


_AMOUNT = re.compile(r"(?<![\d.,，])(\d{4,})(\.\d+)?(?=\s*(?:万元|亿元|千元|元|万)|(?<=\d)(?![\d年月日号]))")


def with_thousands(text: str) -> str:
    """Amounts with thousands separators; years, codes and dates untouched."""

    def sub(m: re.Match) -> str:
        whole, dec = m.group(1), m.group(2) or ""
        follow = text[m.end():m.end() + 2]
        if not dec and not re.match(r"\s*(万元|亿元|千元|元|万)", follow):
            return m.group(0)
        if not dec and _YEAR_LIKE.match(whole):
            return m.group(0)
        return f"{int(whole):,}{dec}"

    return _AMOUNT.sub(sub, text)


_FULL = str.maketrans({**{str(i): chr(0xFF10 + i) for i in range(10)}, ".": "．", "%": "％"})


def fullwidth(text: str) -> str:
    """Digits, decimal points and percent signs typed full-width."""
    return text.translate(_FULL)


def title_in_row(blocks: list[Block], doc: Document) -> list[Block] | None:
    """A caption moved into (or out of) its table's first row."""
    from auditor.ingest import looks_like_title

    out: list[Block] = []
    changed = False
    for b in blocks:
        if not isinstance(b, Table):
            out.append(b)
            continue
        prev = out[-1] if out else None
        first = [c for c in b.cells if c.row == 0]
        if isinstance(prev, Paragraph) and prev.text == b.title and looks_like_title(prev.text):
            out.pop()
            cells = [(r + 1, c, t, rs, cs) for r, c, t, rs, cs in _tuples(b)]
            cells.append((0, 0, prev.text, 1, b.n_cols))
            out.append(_table(cells, b.n_rows + 1, b.n_cols, b))
            changed = True
        elif len(first) == 1 and first[0].col_span == b.n_cols and looks_like_title(first[0].text) and b.n_rows > 1:
            out.append(_para(first[0].text))
            cells = [(r - 1, c, t, rs, cs) for r, c, t, rs, cs in _tuples(b) if r > 0]
            out.append(_table(cells, b.n_rows - 1, b.n_cols, b))
            changed = True
        else:
            out.append(b)
    return out if changed else None


def _split_point(t: Table, heads: list[int]) -> int | None:
    """A row near the middle where no merged cell crosses, below every header."""
    lo = (heads[-1] + 2) if heads else 2
    mid = t.n_rows // 2
    for r in sorted(range(lo, t.n_rows - 1), key=lambda x: abs(x - mid)):
        if not _rows_cross(t, r):
            return r
    return None


def split_with_header(t: Table, doc: Document) -> list[Block] | None:
    """A long table as two Word tables, the second repeating the header row(s)."""
    if t.n_rows < LONG_TABLE_ROWS:
        return None
    headers = _header_rows(t, doc)
    at = _split_point(t, headers[-1] if headers else [])
    if at is None:
        return None
    head = next((rows for rows in reversed(headers) if rows[-1] < at), None)
    if head is None or _rows_cross(t, head[0]) or _rows_cross(t, head[-1] + 1):
        return None
    cells = _tuples(t)
    top = [x for x in cells if x[0] < at]
    head_cells = [(r - head[0], c, text, rs, cs) for r, c, text, rs, cs in cells if head[0] <= r <= head[-1]]
    n_head = head[-1] - head[0] + 1
    bottom = head_cells + [(r - at + n_head, c, text, rs, cs) for r, c, text, rs, cs in cells if r >= at]
    return [_table(top, at, t.n_cols, t), _table(bottom, t.n_rows - at + n_head, t.n_cols, t)]


def split_in_cell(t: Table, doc: Document) -> list[Block] | None:
    """A long table broken inside a row whose cell runs over several lines."""
    if t.n_rows < LONG_TABLE_ROWS:
        return None
    headers = _header_rows(t, doc)
    lo = (headers[-1][-1] + 1) if headers else 1
    mid = t.n_rows // 2
    cells = _tuples(t)
    for r in sorted(range(lo, t.n_rows), key=lambda x: abs(x - mid)):
        if _rows_cross(t, r) or _rows_cross(t, r + 1):
            continue
        row = [x for x in cells if x[0] == r]
        multi = [x for x in row if "\n" in x[2] and x[1] > 0]
        if not multi:
            # no cell of several lines: the longest text cell wraps where the page ends
            long = [x for x in row if x[1] > 0 and len(x[2]) >= 8 and not _PLAIN_NUMBER.match(x[2])]
            if not long:
                continue
            cell = max(long, key=lambda x: len(x[2]))
            half = len(cell[2]) // 2
            wrapped = (cell[0], cell[1], cell[2][:half] + "\n" + cell[2][half:], cell[3], cell[4])
            cells = [wrapped if x == cell else x for x in cells]
            row = [wrapped if x == cell else x for x in row]
            multi = [wrapped]
        top, bottom = [], []
        for x in cells:
            if x[0] < r:
                top.append(x)
            elif x[0] > r:
                bottom.append((x[0] - r, x[1], x[2], x[3], x[4]))
        for rr, c, text, rs, cs in row:
            if (rr, c, text, rs, cs) in multi:
                lines = text.split("\n")
                k = (len(lines) + 1) // 2
                top.append((rr, c, "\n".join(lines[:k]), 1, cs))
                bottom.append((0, c, "\n".join(lines[k:]), 1, cs))
            else:
                top.append((rr, c, text, rs, cs))
                bottom.append((0, c, "", 1, cs))
        return [_table(top, r + 1, t.n_cols, t), _table(bottom, t.n_rows - r, t.n_cols, t)]
    return None


# ------------------------------------------------------------------ web page, Markdown


def _merged_cells(t: Table, merge_labels: bool) -> list[tuple[int, int, str, int, int]]:
    """The table's cells with the first-column labels merged down (as the Word writer does)."""
    from build_samples import vertical_merges

    cells = {(c.row, c.col): [c.row, c.col, c.text, c.row_span, c.col_span] for c in t.cells}
    if merge_labels:
        for top, bottom in vertical_merges(t):
            cells[(top, 0)][3] = bottom - top + 1
            for r in range(top + 1, bottom + 1):
                cells.pop((r, 0), None)
    return [tuple(v) for v in sorted(cells.values())]


def html_page(blocks: list[Block], merge_labels: bool = True) -> str:
    from html import escape

    out = ['<!DOCTYPE html>', '<html lang="zh-CN"><head><meta charset="utf-8"><title>信息公开</title></head><body>',
           '<div class="header"><nav><a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 部门预决算</nav></div>',
           '<div class="main"><div class="article">']
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(f"<p>{escape(b.text).replace(chr(10), '<br/>')}</p>")
            continue
        out.append('<table border="1" cellspacing="0">')
        by_row: dict[int, list] = {}
        for r, c, text, rs, cs in _merged_cells(b, merge_labels):
            by_row.setdefault(r, []).append((c, text, rs, cs))
        for r in range(b.n_rows):
            tds = []
            for c, text, rs, cs in sorted(by_row.get(r, [])):
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                tds.append(f"<td{attrs}>{escape(text).replace(chr(10), '<br/>')}</td>")
            out.append("<tr>" + "".join(tds) + "</tr>")
        out.append("</table>")
    out += ['</div></div>', '<div class="footer">版权所有：区人民政府办公室 | 网站标识码 0000000000</div>', '</body></html>']
    return "\n".join(out)


def markdown_text(blocks: list[Block]) -> str:
    out = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(b.text.replace("\n", "  \n"))
            continue
        grid = b.value_grid()
        rows = ["| " + " | ".join(x.replace("|", "\\|").replace("\n", "<br>") for x in row) + " |" for row in grid]
        rows.insert(1, "|" + "---|" * b.n_cols)
        out.append("\n".join(rows))
    return "\n\n".join(out) + "\n"


# ------------------------------------------------------------------ catalogue


def _tables_fn(fn):
    def apply(blocks: list[Block], doc: Document) -> list[Block] | None:
        out = _map_tables(blocks, fn, doc)
        return out if _differs(out, blocks) else None

    return apply


def _text_fn(fn):
    def apply(blocks: list[Block], doc: Document) -> list[Block] | None:
        out = _map_text(blocks, fn)
        return out if _differs(out, blocks) else None

    return apply


def _differs(a: list[Block], b: list[Block]) -> bool:
    if len(a) != len(b):
        return True
    for x, y in zip(a, b):
        if type(x) is not type(y):
            return True
        if isinstance(x, Paragraph):
            if x.text != y.text:
                return True
        elif (x.n_rows, x.n_cols, _tuples(x)) != (y.n_rows, y.n_cols, _tuples(y)):
            return True
    return False


LINE_WIDTH = 76  # columns of a printed line (a CJK character two): about 38 characters of A4 body text
_LINE_TOKEN = re.compile(r"[0-9A-Za-z.,%％\-+]+|.")  # a layout breaks no number or word


def one_paragraph_a_line(blocks: list[Block], doc: Document) -> list[Block] | None:
    """Every paragraph broken into lines of the printed width, each its own paragraph (a Word file
    converted from a PDF); None when no paragraph is that long."""
    out: list[Block] = []
    changed = False
    for b in blocks:
        if not isinstance(b, Paragraph):
            out.append(b)
            continue
        line, width = "", 0
        for tok in _LINE_TOKEN.findall(b.text):
            w = printed_width(tok)
            if width + w > LINE_WIDTH and line.strip():
                out.append(_para(line))
                changed = True
                line, width = "", 0
            line += tok
            width += w
        if line.strip() or not b.text:
            out.append(_para(line))
    return out if changed else None


VARIANTS: dict[str, tuple[Callable[[list[Block], Document], list[Block] | None], bool]] = {
    "merged": (lambda blocks, doc: blocks, True),
    "blank": (lambda blocks, doc: blocks if any(isinstance(b, Table) for b in blocks) else None, False),
    "header2": (_tables_fn(header_two_rows), True),
    "units_in_cells": (_tables_fn(units_in_cells), True),
    "total_moved": (_tables_fn(total_moved), True),
    "thousands": (_text_fn(with_thousands), True),
    "fullwidth": (_text_fn(fullwidth), True),
    "title_in_row": (title_in_row, True),
    "split_header": (_tables_fn(split_with_header), True),
    "split_cell": (_tables_fn(split_in_cell), True),
    "blank_split": (_tables_fn(split_in_cell), False),
    "lines": (one_paragraph_a_line, True),
    "autonum": (lambda blocks, doc: blocks if any(
        isinstance(b, Paragraph) and _AUTO_MARKER.match(b.text) for b in blocks) else None, True),
}
# Variants whose item markers Word numbers itself (build_samples._AutoNumbering)
AUTONUMBERED = {"autonum"}
_AUTO_MARKER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d))")


def variants_of(txt: Path, only: list[str] | None = None) -> list[Variant]:
    """Every variant that changes this report (``merged`` always)."""
    doc = read_text(txt)
    out = []
    for name, (fn, merge) in VARIANTS.items():
        if only and name not in only:
            continue
        blocks = fn(list(doc.blocks), doc)
        if blocks is not None:
            out.append(Variant(name, blocks, merge, autonumber=name in AUTONUMBERED))
    return out


def soffice() -> str | None:
    """The LibreOffice binary, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_files: list[Path], outdir: Path, timeout: int = 600) -> list[Path]:
    """Print .docx files to PDF with one LibreOffice run; the PDFs written."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(outdir), *map(str, docx_files)],
            check=False, capture_output=True, timeout=timeout,
        )
    return [outdir / (p.stem + ".pdf") for p in docx_files if (outdir / (p.stem + ".pdf")).exists()]


def write_variants(txt_files: list[Path], outdir: Path, only: list[str] | None = None,
                   pdf: bool = False) -> dict[tuple[str, str], list[Path]]:
    """Write ``<stem>/<variant>/<stem>.docx`` (and .pdf) under ``outdir``."""
    out: dict[tuple[str, str], list[Path]] = {}
    docx_files = []
    for txt in txt_files:
        for v in variants_of(txt, only):
            target = outdir / v.name / (txt.stem + ".docx")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(v.docx_bytes())
            out[(txt.stem, v.name)] = [target]
            docx_files.append(target)
    if pdf:
        by_dir: dict[Path, list[Path]] = {}
        for p in docx_files:
            by_dir.setdefault(p.parent, []).append(p)
        for d, files in by_dir.items():
            for made in to_pdf(files, d):
                out[(made.stem, d.name)].append(made)
    return out


# ------------------------------------------------------------------ comparing

# ../shared beside the clone (as CI has it); AUDITOR_SHARED names it elsewhere (a worktree)
SHARED = Path(os.environ.get("AUDITOR_SHARED") or REPO.parent / "shared")


def load_score_tool(shared: Path = SHARED):
    """``../shared/tools/score.py`` as a module (the yardstick's own matching rule)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_score", shared / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def audit_records(path: Path) -> list[dict]:
    """The JSON finding records of one audit, in process (as ``--format json`` prints them)."""
    from auditor.audit import audit_path
    from auditor.report.json_out import json_document

    result = audit_path(path)
    if result.error is not None:
        raise RuntimeError(f"{path}: {result.error}")
    return json_document([result])["reports"][0]["findings"]


def signature(record: dict) -> tuple:
    """What a finding says, whatever the layout: code, severity and the figures it cites."""
    values = sorted({round(float(e["value"]), 6) for e in record.get("evidence", []) if e.get("value") is not None})
    return (record["code"], record["severity"], tuple(values))


def strict_score(score_tool, entries: list[dict], records: list[dict]) -> tuple[list[str], list[dict]]:
    """(ids of the gold entries found, error records that match none), by score.py's strict rule."""
    found, used = [], set()
    for e in entries:
        for i, fd in enumerate(records):
            texts, nums = [], []
            score_tool.walk(score_tool.strict_view(fd), texts, nums)
            if all(score_tool.cite_ok(c, texts, nums) for c in e["cites"]):
                found.append(e["id"])
                used.add(i)
                break
    unmatched = [fd for i, fd in enumerate(records) if i not in used and fd.get("severity") == "error"]
    return found, unmatched


def gold_entries(txt: Path, shared: Path = SHARED) -> list[dict]:
    """The gold findings for one shared report (seeds or corpus gold)."""
    import yaml

    out = []
    for name in ("seed-findings.yaml", "corpus-findings.yaml"):
        gold = yaml.safe_load((shared / "gold" / name).read_text(encoding="utf-8"))
        out += [e for e in gold.get("findings", []) if Path(e["file"]).stem == txt.stem]
    return out


@dataclass
class Comparison:
    """A variant's audit against the text export's."""

    missing: list[tuple]  # signatures the text export has and the variant lacks
    extra_errors: list[tuple]  # error signatures the variant adds
    recall: tuple[int, int]  # (variant, text export) strict recall
    total: int
    new_unmatched_errors: int

    @property
    def same(self) -> bool:
        return not self.missing and not self.extra_errors and self.recall[0] == self.recall[1] \
            and self.new_unmatched_errors <= 0


def compare(txt: Path, variant: Path, score_tool, base: list[dict] | None = None) -> Comparison:
    """Audit ``variant`` and compare with the text export ``txt``."""
    from collections import Counter

    base = audit_records(txt) if base is None else base
    got = audit_records(variant)
    want_sigs, got_sigs = Counter(map(signature, base)), Counter(map(signature, got))
    missing = sorted((want_sigs - got_sigs).elements())
    extra = sorted(s for s in (got_sigs - want_sigs).elements() if s[1] == "error")
    entries = gold_entries(txt)
    f0, u0 = strict_score(score_tool, entries, base)
    f1, u1 = strict_score(score_tool, entries, got)
    return Comparison(missing, extra, (len(f1), len(f0)), len(entries), len(u1) - len(u0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", type=Path, help="text exports (.txt)")
    parser.add_argument("-o", "--outdir", type=Path, required=True)
    parser.add_argument("--only", default="", help="comma-separated variant names")
    parser.add_argument("--pdf", action="store_true", help="also print each .docx to PDF (LibreOffice)")
    parser.add_argument("--compare", action="store_true",
                        help="audit every variant and compare with its text export (needs ../shared)")
    args = parser.parse_args(argv)
    only = [x for x in args.only.split(",") if x] or None
    if args.pdf and soffice() is None:
        print("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer", file=sys.stderr)
        return 2
    made = write_variants(args.inputs, args.outdir, only, args.pdf)
    if not args.compare:
        for (stem, name), files in sorted(made.items()):
            print(f"{name:15} {stem}: " + ", ".join(p.suffix for p in files))
        return 0
    tool = load_score_tool()
    by_stem = {p.stem: p for p in args.inputs}
    bases: dict[str, list[dict]] = {}
    for (stem, name), files in sorted(made.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        base = bases.setdefault(stem, audit_records(by_stem[stem]))
        for f in files:
            try:
                c = compare(by_stem[stem], f, tool, base)
            except Exception as e:  # noqa: BLE001 - a measurement run reports and goes on
                print(f"FAIL {name:15}{f.suffix:6} {stem[:40]:40} {type(e).__name__}: {e}")
                continue
            mark = "same" if c.same else "DIFF"
            print(f"{mark} {name:15}{f.suffix:6} {stem[:40]:40} recall {c.recall[0]}/{c.total} (text {c.recall[1]})"
                  f" missing {len(c.missing)} extra errors {len(c.extra_errors)}")
            for sig in c.missing:
                print(f"      - {sig}")
            for sig in c.extra_errors:
                print(f"      + {sig}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
