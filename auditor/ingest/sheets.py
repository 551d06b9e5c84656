"""Spreadsheets (.xlsx with openpyxl, .xls with xlrd): every sheet a table.

A 绩效自评表 attachment is a sheet laid out like the Word form: a title row
merged across the width ("2022年度部门整体支出绩效自评表"), perhaps a
"（2022年度）" row and a "填报单位：…  单位：万元" row, then the form itself
with merged cells. Both readers turn a sheet into a text grid plus its
merged regions and hand it to :func:`add_sheet`, which keeps the title rows
above the header as paragraphs before the table (where a Word report has
them, so the builder takes the first as the table's caption and the unit
line is read as in every other format) and adds the rest as one table.

Numbers are printed as the sheet shows them: the cell's number format gives
the decimals (``0.00`` shows 71.9 as ``71.90``), thousands separators and
percent (``0.0%`` shows 0.975 as ``97.5%``); "General" shows the shortest
form of the value. Hidden sheets are not read.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass

from auditor.ingest import DocumentBuilder, RawCell, looks_like_title

__all__ = ["Merge", "add_sheet", "format_number"]


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged region, 0-based and inclusive."""

    row0: int
    col0: int
    row1: int
    col1: int


_SHEET_MAX_ROWS = 100_000
_TITLE_MAX_CHARS = 80
# Rows above a form's header that describe it rather than belong to it.
_ABOUT_ROW = re.compile(r"^[（(]?\s*(?:填报|填表|编制|报送|部门|单位|金额单位|计量单位|评价|自评|[0-9]{4}\s*年)")
_DECIMALS = re.compile(r"\.(0+)")


def format_number(value: float, number_format: str | None) -> str:
    """``value`` as a spreadsheet with ``number_format`` displays it."""
    fmt = (number_format or "General").split(";")[0]
    fmt_plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", fmt)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if not math.isfinite(value):
        return str(value)
    if fmt_plain.lower() in ("general", "@", "") or not re.search(r"[0#?]", fmt_plain):
        return _general(value)
    percent = "%" in fmt_plain
    v = value * 100 if percent else value
    m = _DECIMALS.search(fmt_plain)
    decimals = len(m.group(1)) if m else 0
    grouped = "," in fmt_plain.split(".")[0]
    s = f"{v:,.{decimals}f}" if grouped else f"{v:.{decimals}f}"
    return s + ("%" if percent else "")


def _general(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"


def cell_text(value, number_format: str | None = None) -> str:
    """Any cell value as displayed text."""
    if value is None:
        return ""
    if isinstance(value, (_dt.datetime, _dt.date)):
        if isinstance(value, _dt.datetime) and value.time() != _dt.time(0):
            return value.strftime("%Y-%m-%d %H:%M")
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(float(value), number_format)
    return str(value)


def add_sheet(builder: DocumentBuilder, name: str, grid: list[list[str]], merges: list[Merge]) -> None:
    """Add one sheet: title rows above the header as paragraphs, the rest as a table."""
    n_rows = min(len(grid), _SHEET_MAX_ROWS)
    covered: dict[tuple[int, int], Merge] = {}
    for m in merges:
        if m.row0 >= n_rows:
            continue
        for r in range(m.row0, min(m.row1, n_rows - 1) + 1):
            for c in range(m.col0, m.col1 + 1):
                covered[(r, c)] = m
    # Trim empty rows and columns around the used range (formatting alone
    # makes a sheet report thousands of rows).
    used = [(r, c) for r in range(n_rows) for c, t in enumerate(grid[r]) if t.strip()]
    if not used:
        return
    top, bottom = min(r for r, _ in used), max(r for r, _ in used)
    left, right = min(c for _, c in used), max(c for _, c in used)
    for m in merges:
        if top <= m.row0 <= bottom and left <= m.col0 <= right:
            right = max(right, m.col1)  # a title merged across the whole form

    def row_texts(r: int) -> list[str]:
        out = []
        for c in range(left, right + 1):
            m = covered.get((r, c))
            if m is not None and (m.row0, m.col0) != (r, c):
                continue  # inside a merge: the text is at its top-left
            t = grid[r][c].strip() if c < len(grid[r]) else ""
            if t:
                out.append(t)
        return out

    # Title rows: one short text across the row, or a line about the form
    # (填报单位：… 单位：万元), before the first row of the form itself.
    start = top
    while start <= bottom:
        texts = row_texts(start)
        if not texts:
            start += 1
            continue
        if len(texts) == 1 and len(texts[0]) <= _TITLE_MAX_CHARS and "\n" not in texts[0] and start < bottom:
            start += 1
            continue
        if all(_ABOUT_ROW.match(t) for t in texts) and start < bottom:
            start += 1
            continue
        break
    title = None
    for r in range(top, start):
        texts = row_texts(r)
        if not texts:
            continue
        line = "  ".join(texts)
        builder.add_paragraph(line, anchor=f"sheet:{name}!{r + 1}")
        if title is None and looks_like_title(line):
            title = line
    if title is None and looks_like_title(name):
        title = name  # a sheet named "部门整体支出绩效自评表"
    cells: list[RawCell] = []
    for r in range(start, bottom + 1):
        for c in range(left, right + 1):
            m = covered.get((r, c))
            if m is not None and (m.row0, m.col0) != (r, c):
                if r == start and m.row0 < start and m.col0 == c:
                    pass  # a merge reaching up into the title rows starts here instead
                else:
                    continue
            text = grid[r][c] if c < len(grid[r]) else ""
            if m is not None:
                r0 = max(m.row0, start)
                cells.append(RawCell(row=r0 - start, col=c - left, text=text,
                                     row_span=min(m.row1, bottom) - r0 + 1, col_span=min(m.col1, right) - c + 1,
                                     anchor=f"sheet:{name}!{r + 1}:{c + 1}"))
            else:
                cells.append(RawCell(row=r - start, col=c - left, text=text, anchor=f"sheet:{name}!{r + 1}:{c + 1}"))
    if any(c.text.strip() for c in cells):
        builder.add_table(cells, n_rows=bottom - start + 1, n_cols=right - left + 1, anchor=f"sheet:{name}",
                          title=title)
