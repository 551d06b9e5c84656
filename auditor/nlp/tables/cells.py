"""What a cell's text holds, and the rows of a grid as read.

A cell holds one figure (``_cell_quantity``), a "资金总额：2778.76" key and
value (``_inline_kv``), a list marker (``_marker``, ``_ordinal``) or a total
label (``_is_total_label``); a row of texts is a header row (``_header_like``)
or a second header row under one (``_header_continuation``). ``_RawRow`` is a
row of a grid with its distinct cells, before it is placed on a section's
columns."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from auditor.document import Cell, Table
from auditor.nlp.quantities import Quantity, date_like_amount, is_cell_value, parse_cell_value, parse_quantities
from auditor.nlp.tables.vocab import _COLUMNS, _ELLIPSIS, _KV_CELL, _MARKERS, _QIZHONG, _vocab, label_max_score, norm_text


def _is_figure_text(s: str) -> bool:
    # only whether there is one: the cached value itself, no copy
    return bool(s) and bool(s.strip()) and is_cell_value(s)


def _cell_quantity(text: str) -> tuple[Quantity, tuple[int, int]] | None:
    """The one figure a cell holds and its span within the raw text."""
    s = text.strip()
    if not s:
        return None
    q = parse_cell_value(s)
    if q is None:
        return None
    off = text.find(s)
    return q, (off + q.start, off + q.end)


def _inline_kv(text: str) -> tuple[str, Quantity, tuple[int, int]] | None:
    """A "资金总额：2778.76" cell: (key, quantity, span). A value that reads as a year and month
    (按收入性质分:2030.12) is the amount it prints unless the key names a date."""
    m = _KV_CELL.match(text or "")
    if not m:
        return None
    val = m.group("val")
    qs = parse_quantities(val)
    if not qs and not any(w in m.group("key") for w in _COLUMNS["dates"]):
        q = date_like_amount(val)
        qs = [q] if q is not None else []
    if len(qs) != 1:
        return None
    q = qs[0]
    rest = (val[: q.start] + val[q.end:]).strip()
    if rest:
        return None
    off = m.start("val")
    return m.group("key").strip(), q, (off + q.start, off + q.end)


def _header_like(texts: list[str]) -> bool:
    """Enough cells, no figure, and most cells made of header words."""
    ne = [norm_text(t) for t in texts if norm_text(t)]
    if len(ne) < 3:
        return False
    if sum(1 for t in ne if label_max_score(t) is not None) * 2 >= len(ne):
        # a score table's body row: most cells name an indicator and its points (综合管理(30分) |
        # 专项资金分配时限(2分) | 市级财力专项预算分配时限(1分)), however many header words they hold
        return False
    words = _vocab().header_words
    hits = 0
    for t in ne:
        if _is_figure_text(t) or regex.fullmatch(r"[\d.,，%\-—]+", t):
            return False
        if len(t) > 40:
            return False
        if any(w in t for w in words):
            hits += 1
    return hits >= 0.6 * len(ne)


def _header_continuation(texts: list[str]) -> bool:
    """A second header row: leading cell empty (merged from above), short header words, no figure."""
    ne = [norm_text(t) for t in texts if norm_text(t)]
    if ne and all(regex.fullmatch(r"[类款项目]", t) for t in ne) and len(ne) >= 2:
        return True  # the 类 | 款 | 项 row under a classification-code header
    if not ne or norm_text(texts[0]):
        return False
    words = _vocab().header_words
    for t in ne:
        if _is_figure_text(t) or len(t) > 16:
            return False
    return sum(1 for t in ne if any(w in t for w in words)) >= 0.6 * len(ne)


def _marker(label: str) -> str | None:
    s = label.strip()
    if not s:
        return None
    if _ELLIPSIS.fullmatch(s):
        return "ellipsis"
    if _QIZHONG.match(norm_text(s)):
        return "qizhong"
    for name, rx in _MARKERS:
        if rx.match(s):
            return name
    return None


def _ordinal(label: str) -> int | None:
    """The number a list marker carries: "二、" → 2, "(3)" → 3, "①" → 1."""
    s = label.strip()
    m = regex.match(r"^[（(]?\s*(\d{1,2}|[一二三四五六七八九十]+)", s)
    if m:
        t = m.group(1)
        if t.isdigit():
            return int(t)
        from auditor.nlp.quantities import parse_chinese_numeral

        v = parse_chinese_numeral(t)
        return int(v) if v is not None else None
    if s and "①" <= s[0] <= "⑳":
        return ord(s[0]) - ord("①") + 1
    return None


def _is_total_label(label: str) -> bool:
    s = norm_text(label)
    s = regex.sub(r"[（(][^)）]*[)）]$", "", s)
    s = s.rstrip(":：")
    return s in _vocab().total_rows or s in _vocab().score_total_rows


def _numeric_cell(c: Cell | None) -> bool:
    return c is not None and _is_figure_text(c.text)


# ---------------------------------------------------------------- row views


@dataclass(eq=False)
class _RawRow:
    table: Table
    r: int
    cells: list[Cell]  # distinct cells of the row, in column order (top-left in this row or covering)
    own: list[bool]
    grid_cols: list[int]  # grid column of each cell
    spans: list[int]  # grid column span of each cell
    collapsed: bool

    @property
    def texts(self) -> list[str]:
        """Cell texts; a cell merged down from a row above reads as empty here."""
        return [c.text if o else "" for c, o in zip(self.cells, self.own)]

    @property
    def nonempty(self) -> list[str]:
        return [t for t in self.texts if norm_text(t)]


def _raw_rows(t: Table, text_export: bool) -> list[_RawRow]:
    g = t.grid()
    out = []
    for r in range(t.n_rows):
        cells: list[Cell] = []
        own: list[bool] = []
        cols: list[int] = []
        spans: list[int] = []
        seen = set()
        for c in range(t.n_cols):
            cell = g[r][c]
            if cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            cells.append(cell)
            own.append(cell.row == r)
            cols.append(c)
            spans.append(cell.col_span - (c - cell.col))
        out.append(_RawRow(t, r, cells, own, cols, spans, False))
    return out


def _row_signature(rr: _RawRow) -> tuple[str, ...]:
    return tuple(norm_text(x) for x in rr.texts if norm_text(x))
