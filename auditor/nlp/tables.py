"""Table understanding: what every row, column and figure of a table means.

:func:`analyze_tables` turns each :class:`~auditor.document.Table` (or a
table continued on the next page, whose repeated header row joins the two
parts) into an :class:`AnalyzedTable`:

* **sections** — a table often holds several blocks, each with its own header
  row(s) (基础数据表: "财政供养人员情况|编制数|…" then "经费控制情况|2020年决算数|…").
  A header row has no figure and is made of header words (years, measures,
  分值, 得分 …). Consecutive header rows combine into column paths; when a text
  export collapsed merged header cells ("机构名称|支出合计|其中：|结余" over
  "||基本支出|其中：|项目支出|当年结余|累计结余"), the spans are inferred from the
  rows below. A total column groups the columns under its 其中, or, without
  其中, the columns right of it that are all parts of one standard breakdown
  ("支出合计 | 基本支出 | 项目支出 | 结余").
* **columns** — each column's header path, year (2021年决算数 → 2021), measure
  (预算 / 年初预算 / 全年预算 / 决算 / 执行 / 执行率 / 实际 / 目标 / 分值 / 得分 /
  评分标准 / 说明 / 控制率) and unit ("（万元）").
* **rows** — label columns (row headers) are filled down over merged or empty
  cells, giving each row its indicator path (一级指标 › 二级指标 › 三级指标).
  In a single label column the hierarchy comes from the labels themselves:
  一、/（一）/1、/(1)/①, 其中, an unnumbered row under a numbered one that it
  fits under ("3、市级专项资金" › "全市工业经济运行调度专项"; judged over the rest
  of the list, so one wrong figure does not tear a row out of a list that adds
  up in the other columns), "……" rows (items left out), 合计/小计/总计 rows.
  Maxima printed in labels ("产出指标(50分)") are kept on the row.
* **figures** — :meth:`AnalyzedTable.figures` lists every figure with its
  row path, column header, year, measure, concept and unit (the table's,
  row's or column's unit when the cell prints none).
* **inline lists** — :meth:`AnalyzedTable.inline_lists` finds breakdowns printed
  as "key：value" cells stacked under a total row ("其中: 一般公共预算: 2681.55 /
  政府性基金拨款: 0 / … / 其他资金: 0"), with the total row's amounts and whether
  the list names every part.

Rows a text export shifted by one cell are realigned on the columns' types,
and rows whose merged cells were collapsed are placed where their figures fit.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

import regex

from auditor.document import Cell, Document, Paragraph, Table
from auditor.findings import Evidence
from auditor.lexicons import load_lexicons
from auditor.link.concepts import clean_label, match_concept
from auditor.nlp.quantities import Quantity, is_cell_value, parse_cell_value, parse_quantities

__all__ = [
    "AnalyzedTable",
    "Column",
    "Section",
    "TableRow",
    "TableFigure",
    "InlineItem",
    "InlineList",
    "analyze_tables",
    "analyze_table",
    "norm_text",
    "label_max_score",
]

# ---------------------------------------------------------------- vocabulary

_WS = regex.compile(r"[\s\u3000]+")
_YEAR = regex.compile(r"((?:19|20)\d{2})\s*年")
_MAX_IN_LABEL = regex.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_UNIT_IN_TEXT = regex.compile(r"(?:单位[:：]\s*|[（(]\s*)(万元|亿元|千元|元|人|%|个|平方米|m\s*²|m2|㎡)\s*[)）]?")
_KV_CELL = regex.compile(
    r"^\s*(?:其中\s*[:：]\s*)?(?P<key>[^\d:：]{2,30}?)\s*[:：]\s*(?P<val>[^:：]*?\d[^:：]*?)\s*$"
)

_MARKERS = [
    ("cn", regex.compile(r"^[一二三四五六七八九十]+\s*[、.．]")),
    ("paren_cn", regex.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]")),
    ("arabic", regex.compile(r"^\d{1,2}\s*[、.．](?!\d)")),
    ("paren_arabic", regex.compile(r"^[（(]\s*\d{1,2}\s*[)）]")),
    ("circled", regex.compile(r"^[①-⑳]")),
]
_MARKER_RANK = {"cn": 0, "paren_cn": 1, "arabic": 2, "paren_arabic": 3, "circled": 4}
_QIZHONG = regex.compile(r"^其中\s*[:：]?")
_ELLIPSIS = regex.compile(r"^[.．。…·⋯\s]{2,}$|^…+$")


def norm_text(s: str | None) -> str:
    """Text without any whitespace (PDF and Word exports break words: "全年执 行数")."""
    return _norm_text(s) if s else ""


@lru_cache(maxsize=65536)
def _norm_text(s: str) -> str:
    # asked for the same cell and header texts again and again while layouts are tried
    return _WS.sub("", s)


def label_max_score(text: str | None) -> float | None:
    """The maximum printed in a label: "产出指标(50分)" → 50, "投入（20分）" → 20."""
    if not text:
        return None
    m = _MAX_IN_LABEL.search(norm_text(text))
    return float(m.group(1)) if m else None


@dataclass(frozen=True)
class _Vocab:
    kinds: list[tuple[str, list[str]]]
    measures: dict[str, str]  # word -> measure
    numeric_measures: frozenset[str]
    text_measures: frozenset[str]
    header_words: tuple[str, ...]
    total_rows: frozenset[str]
    score_total_rows: frozenset[str]
    block_heads: frozenset[str]
    grade_labels: tuple[str, ...]
    budget_labels: tuple[str, ...]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    lex = load_lexicons()
    t = (lex.scoring or {}).get("tables", {})
    measures: dict[str, str] = {}
    for m, words in (lex.relations.get("measures") or {}).items():
        for w in words:
            measures[str(w)] = str(m)
    for m, words in (t.get("measures") or {}).items():
        for w in words:
            measures[str(w)] = str(m)
    return _Vocab(
        kinds=[(k["kind"], list(k["words"])) for k in t.get("kinds", [])],
        measures=measures,
        numeric_measures=frozenset(t.get("numeric_measures", [])),
        text_measures=frozenset(t.get("text_measures", [])),
        header_words=tuple(t.get("header_words", [])),
        total_rows=frozenset(t.get("total_rows", [])),
        score_total_rows=frozenset(norm_text(x) for x in t.get("score_total_rows", [])),
        block_heads=frozenset(t.get("block_heads", [])),
        grade_labels=tuple(t.get("grade_labels", [])),
        budget_labels=tuple(t.get("budget_labels", [])),
    )


def _measure_word(text: str | None) -> tuple[str, str] | None:
    s = norm_text(text)
    if not s:
        return None
    best = None
    for w, m in _vocab().measures.items():
        if w in s and (best is None or len(w) > len(best[0])):
            best = (w, m)
    return best


def measure_of(text: str | None) -> str | None:
    """The measure a header names (longest vocabulary word found), or None."""
    best = _measure_word(text)
    return best[1] if best else None


def _column_measure(path: list[str]) -> str | None:
    """The measure of a column from its header path, bottom row first.

    A header typed over two rows can cut one word in two ("年初" over "预算数"
    is 年初预算数): a longer word across the last two rows wins over the
    bottom row's own.
    """
    if not path:
        return None
    own = _measure_word(path[-1])
    if len(path) >= 2:
        across = _measure_word(norm_text(path[-2]) + norm_text(path[-1]))
        if across is not None and (own is None or len(across[0]) > len(own[0])) \
                and across[0] not in norm_text(path[-2]):
            return across[1]
    if own is not None:
        return own[1]
    return measure_of(" ".join(path))


def year_of(text: str | None) -> int | None:
    m = _YEAR.search(text or "")
    return int(m.group(1)) if m else None


def unit_of(text: str | None) -> str | None:
    """Unit named in a caption or header: "单位：万元", "(万元)", "(人)"."""
    m = _UNIT_IN_TEXT.search(text or "")
    if not m:
        return None
    u = norm_text(m.group(1))
    return {"m²": "平方米", "m2": "平方米", "㎡": "平方米"}.get(u, u)


# ---------------------------------------------------------------- model


@dataclass(slots=True)
class Column:
    """One column of a section, in the section's effective columns."""

    index: int
    path: list[str] = field(default_factory=list)  # header texts, top to bottom (其中 kept)
    year: int | None = None
    measure: str | None = None
    unit: str | None = None
    kind: str = "empty"  # label | num | text | mixed | empty

    @property
    def header(self) -> str:
        """Joined header path without 其中 markers: "基本支出 › 人员支出"."""
        parts = [clean_header(p) for p in self.path if not _QIZHONG.fullmatch(norm_text(p))]
        parts = [p for p in parts if p]
        out: list[str] = []
        for p in parts:
            if not out or out[-1] != p:
                out.append(p)
        return " › ".join(out)


_UNIT_NOTE_END = regex.compile(r"[（(](?:万元|亿元|千元|元|人|%|个|m²|m2|㎡|平方米)[)）]$")


@lru_cache(maxsize=16384)
def clean_header(s: str) -> str:
    """Header text without spaces and a trailing unit note: "全年执 行数" → "全年执行数"."""
    return _UNIT_NOTE_END.sub("", norm_text(s))


@dataclass(eq=False)
class TableRow:
    """One data row of a section, with its cells placed on effective columns."""

    table: Table
    grid_row: int  # 0-based row in ``table``
    cells: list[Cell | None]  # per effective column; None when nothing there
    own: list[bool]  # the cell starts at this row and column (values count once)
    labels: list[str] = field(default_factory=list)  # raw label per label column (filled down)
    path: list[str] = field(default_factory=list)  # cleaned labels, outermost first
    label: str = ""  # raw text of the row's own (innermost) label
    label_path: list[str] = field(default_factory=list)  # cleaned labels of the label columns only
    marker: str | None = None  # cn | paren_cn | arabic | paren_arabic | circled | qizhong | ellipsis | None
    indent: int = 0
    is_total: bool = False
    kv: bool = False  # a [label, value] row
    collapsed: bool = False  # a text export dropped merged cells of this row
    max_score: float | None = None  # maximum printed in its own label
    group_max: dict[int, float] = field(default_factory=dict)  # label column -> "(N分)" of that column's label
    parent: "TableRow | None" = None
    children: list["TableRow"] = field(default_factory=list)
    incomplete: bool = False  # a "……" row among its children
    section: "Section | None" = None

    def text(self, col: int) -> str:
        c = self.cells[col] if 0 <= col < len(self.cells) else None
        return c.text if c is not None else ""

    def own_cell(self, col: int) -> Cell | None:
        if 0 <= col < len(self.cells) and self.own[col]:
            return self.cells[col]
        return None

    @property
    def partial(self) -> bool:
        """Its children may cover only part of it (其中 list or "……" row)."""
        return self.incomplete or any(ch.marker == "qizhong" for ch in self.children)

    @property
    def location(self):
        for c in self.cells:
            if c is not None:
                return c.location
        return self.table.location

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"TableRow(t{self.table.index} r{self.grid_row + 1} {' › '.join(self.path)!r})"


@dataclass(eq=False)
class Section:
    """A block of a table under its own header row(s)."""

    index: int
    header_rows: list[tuple[Table, int]] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    label_cols: list[int] = field(default_factory=list)
    caption: str = ""
    unit: str | None = None
    width: int = 0
    # header groups: (total column, [part columns]) from "X | 其中：" headers
    column_groups: list[tuple[int, list[int]]] = field(default_factory=list)
    coded: bool = False  # rows named by classification codes (their hierarchy is in the codes)

    def col(self, measure: str) -> list[int]:
        return [c.index for c in self.columns if c.measure == measure]

    @property
    def has_scores(self) -> bool:
        return any(c.measure == "得分" for c in self.columns)

    # rows are told apart by one label column (the others, if any, only name the block:
    # "项目资金（万元）" merged down beside 年度资金总额 / 其中：当年财政拨款 / …)
    single_label: bool = False


@dataclass(eq=False)
class TableFigure:
    """A figure in a table cell with everything it means.

    ``quantity``
        The cell's figure (:func:`parse_cell_value`, or the value of a
        "资金总额：2778.76" key-value cell). When the cell prints no unit, the
        unit of the column ("预算投资 (万元)"), the row ("年度预算申请（万元）"),
        the block caption or the table ("单位：万元") is filled into ``unit``,
        ``dimension`` and ``normalized``; ``unit_printed`` stays None and
        ``unit_source`` says where it came from (printed | column | row |
        table | score | none). Counts (编制数, 在职人数) and rates never get a
        money unit; 分值 / 得分 figures get 分.
    ``span``
        The figure's offsets within ``cell.text``.
    ``row_path`` / ``row_label``
        Cleaned labels outermost first (一级指标 › 二级指标 › 三级指标, or the
        numbering hierarchy 三公经费 › 公务用车购置和维护经费 › 公务车运行维护);
        ``row_label`` is the row's own label as printed. For key-value cells
        the key ends the path.
    ``column_header``
        The column's header path joined with " › " (其中 markers dropped):
        "2021年决算数", "基本支出 › 人员支出"; empty for key-value figures.
    ``year``
        The column header's year, else the row label's, else the table's
        ("2022 年度…自评表", "（2021年度）"); None when nothing names one.
    ``measure``
        Canonical measure of the column (else of the row label): 预算, 年初预算,
        全年预算, 决算, 执行, 执行率, 实际, 目标, 分值, 得分, 控制率, 评分标准, 说明.
    ``concept``
        :func:`match_concept` of the row label, falling back along the label
        columns (三级 › 二级 › 一级) but never up the numbering (水费 under 公用经费
        is not 公用经费), then on the column header (编制数 | 94).
    ``kind``
        value (a cell under a column header) | kv (label cell, value cell:
        "人员编制 | 12") | inline ("资金总额：2778.76" in one cell).
    """

    cell: Cell
    quantity: Quantity
    span: tuple[int, int]
    row_path: list[str]
    row_label: str
    column_header: str
    year: int | None
    measure: str | None
    concept: str | None
    table_kind: str
    table_title: str
    unit_source: str  # printed | column | row | table | score | none
    kind: str = "value"  # value | kv (label cell + value cell) | inline (label：value in one cell)
    row: TableRow | None = None
    column: Column | None = None
    table: "AnalyzedTable | None" = None

    @property
    def value(self) -> float:
        return self.quantity.value

    @property
    def unit(self) -> str | None:
        return self.quantity.unit

    @property
    def context(self) -> list[str]:
        """Table title, row path, column header: what the figure is."""
        out = [self.table_title] if self.table_title else []
        out += self.row_path
        if self.column_header:
            out.append(self.column_header)
        return out

    def evidence(self, role: str | None = None) -> Evidence:
        """The figure as finding evidence (cell location, text, span, value)."""
        q = self.quantity
        return Evidence(
            location=self.cell.location,
            text=self.cell.text,
            span=self.span,
            printed=self.cell.text[self.span[0]:self.span[1]],
            value=q.value,
            unit=q.unit_printed or q.unit,
            normalized=q.normalized,
            role=role,
            context=self.context,
        )

    def describe(self) -> str:
        """Short Chinese name: "项目支出 2022年决算数"."""
        name = " › ".join(self.row_path[-2:]) if self.row_path else self.row_label
        return f"{name}{('“' + self.column_header + '”') if self.column_header else ''}"


@dataclass(eq=False)
class AnalyzedTable:
    """A logical table (continuations joined) and what it means."""

    tables: list[Table]
    kind: str
    title: str
    unit: str | None
    year: int | None
    sections: list[Section]
    kv_rows: list[TableRow] = field(default_factory=list)
    _figures: list[TableFigure] | None = field(default=None, repr=False)
    _inline_lists: "list[InlineList] | None" = field(default=None, repr=False)

    @property
    def table(self) -> Table:
        return self.tables[0]

    @property
    def index(self) -> int:
        return self.tables[0].index

    @property
    def rows(self) -> list[TableRow]:
        return [r for s in self.sections for r in s.rows]

    def figures(self) -> list[TableFigure]:
        """Every figure in the table, in reading order."""
        if self._figures is None:
            self._figures = list(_figures_of(self))
        return self._figures

    def inline_lists(self) -> "list[InlineList]":
        """Breakdowns printed as "key：value" cells stacked in one column under a total
        (see :class:`InlineList`), in reading order."""
        if self._inline_lists is None:
            self._inline_lists = _find_inline_lists(self)
        return self._inline_lists

    def figures_in_row(self, row: TableRow) -> list[TableFigure]:
        return [f for f in self.figures() if f.row is row]

    def figure_at(self, row: TableRow, col: int) -> TableFigure | None:
        for f in self.figures():
            if f.row is row and f.column is not None and f.column.index == col and f.kind == "value":
                return f
        return None

    @property
    def is_score(self) -> bool:
        return any(s.has_scores for s in self.sections)


# ---------------------------------------------------------------- helpers


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
    """A "资金总额：2778.76" cell: (key, quantity, span)."""
    m = _KV_CELL.match(text or "")
    if not m:
        return None
    val = m.group("val")
    qs = parse_quantities(val)
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


# ---------------------------------------------------------------- continuation


def _has_figures(rr: _RawRow) -> bool:
    return any(_is_figure_text(t) for t in rr.texts)


def _row_signature(rr: _RawRow) -> tuple[str, ...]:
    return tuple(norm_text(x) for x in rr.texts if norm_text(x))


def _header_signatures(t: Table, text_export: bool) -> list[tuple[str, ...]]:
    return [_row_signature(rr) for rr in _raw_rows(t, text_export) if _header_like(rr.texts)]


def _logical_tables(doc: Document) -> list[list[Table]]:
    """Tables joined with their continuations (the next table repeats a header row)."""
    text_export = doc.format == "txt"
    groups: list[list[Table]] = []
    blocks = doc.blocks
    prev_table_pos = None
    for pos, b in enumerate(blocks):
        if not isinstance(b, Table) or b.nested_in is not None:
            continue
        if groups and prev_table_pos is not None:
            between = [x for x in blocks[prev_table_pos + 1:pos] if isinstance(x, Paragraph)]
            short_gap = all(len(norm_text(p.text)) <= 40 for p in between) and len(between) <= 3
            if short_gap and _continues(groups[-1], b, text_export, between):
                groups[-1].append(b)
                prev_table_pos = pos
                continue
        groups.append([b])
        prev_table_pos = pos
    return groups


def _continues(group: list[Table], t: Table, text_export: bool, between: list[Paragraph]) -> bool:
    rows = _raw_rows(t, text_export)
    first = next((rr for rr in rows if rr.nonempty), None)
    if first is None:
        return False
    if any("表" in norm_text(p.text) and len(norm_text(p.text)) > 4 for p in between):
        return False  # a new caption: a new table
    if not _header_like(first.texts):
        # no header of its own, nothing but page furniture before it, same width:
        # the rest of the table above after a page break
        prev = group[-1]
        furniture = all(regex.fullmatch(r"[\d\s\-—第页/共]*", p.text or "") for p in between)
        return (furniture and t.n_cols == prev.n_cols and t.title in (None, "", prev.title)
                and _has_figures(first))
    sig = _row_signature(first)
    for prev in group:
        if sig in _header_signatures(prev, text_export):
            return True
    return False


# ---------------------------------------------------------------- analysis


def analyze_tables(doc: Document) -> list[AnalyzedTable]:
    """Analyse every table of ``doc`` (continuations joined), in order."""
    from auditor.stages import guard

    out = []
    for group in _logical_tables(doc):
        # One table that cannot be understood costs its own figures only.
        first = group[0] if isinstance(group, list) else group
        analyzed = guard("extract", f"table {first.index}", analyze_table, group, doc)
        if analyzed is not None:
            out.append(analyzed)
    return out


def _preceding_text(doc: Document | None, t: Table, n: int = 4) -> list[str]:
    if doc is None:
        return []
    out = []
    try:
        pos = next(i for i, b in enumerate(doc.blocks) if b is t)
    except StopIteration:
        return []
    for b in reversed(doc.blocks[max(0, pos - n):pos]):
        if isinstance(b, Paragraph):
            out.append(b.text)
        else:
            break
    return out


def analyze_table(tables: Table | list[Table], doc: Document | None = None) -> AnalyzedTable:
    """Analyse one logical table (a table and its continuations)."""
    if isinstance(tables, Table):
        tables = [tables]
    text_export = doc is not None and doc.format == "txt"
    raw: list[_RawRow] = []
    for t in tables:
        raw.extend(_raw_rows(t, text_export))

    before = _preceding_text(doc, tables[0])
    title = (tables[0].title or "").strip()
    captions: list[str] = []
    # caption rows at the top (a title typed into the first row)
    for rr in raw[:3]:
        ne = rr.nonempty
        if len(ne) == 1 and not _is_figure_text(ne[0]) and (rr.spans[0] >= max(2, rr.table.n_cols // 2) or len(rr.cells) == 1):
            captions.append(ne[0])
            if not title and "表" in ne[0] and len(norm_text(ne[0])) <= 40:
                title = norm_text(ne[0])
    if not title:
        for p in before:
            if "表" in p and len(norm_text(p)) <= 40:
                title = norm_text(p)
                break
    head_text = " ".join([title] + captions + before[:2])
    unit = None
    for s in [*captions, *before[:3], title]:
        unit = unit or unit_of(s)
    year = year_of(title) or next((year_of(c) for c in captions if year_of(c)), None)

    # a Markdown pipe table cannot merge cells: its spans are empty cells (see _continue_headers)
    sections = _sections(raw, text_export, unmerged=doc is not None and doc.format == "md")
    for s in sections:
        for r in s.rows:
            r.section = s
    _carry_units(sections)
    kind = _kind(title, head_text, raw, sections)
    at = AnalyzedTable(tables=list(tables), kind=kind, title=title, unit=unit, year=year, sections=sections)
    at.kv_rows = [r for s in sections for r in s.rows if r.kv]
    return at


def _carry_units(sections: list[Section]) -> None:
    """A block without a caption of its own keeps the money unit of the block
    above it when it too holds money ("三公经费合计" under a "（万元）" block)."""
    lex = load_lexicons()
    prev_unit = None
    for s in sections:
        if s.unit is None and not s.caption and prev_unit is not None:
            kinds = set()
            for c in s.columns:
                con = match_concept(c.header)[0] if c.header else None
                if con:
                    kinds.add(lex.concepts.get(con, {}).get("kind"))
            if kinds == {"money"}:
                s.unit = prev_unit
        info = lex.units.get(s.unit) if s.unit else None
        prev_unit = s.unit if info is not None and info.dimension == "money" else (None if s.caption else prev_unit)


def _kind(title: str, head_text: str, raw: list[_RawRow], sections: list[Section]) -> str:
    first_rows = " ".join(norm_text(" ".join(rr.texts)) for rr in raw[:4])
    probe = norm_text(title) + " " + norm_text(head_text) + " " + first_rows
    for kind, words in _vocab().kinds:
        if any(w in probe for w in words):
            return kind
    if any(s.has_scores for s in sections):
        return "score"
    return "other"


# ---------------------------------------------------------------- sections


def _sections(raw: list[_RawRow], text_export: bool, unmerged: bool = False) -> list[Section]:
    sections: list[Section] = []
    cur: Section | None = None
    pending_caption = ""
    header_block: list[_RawRow] = []
    body: list[_RawRow] = []

    def flush():
        nonlocal cur, header_block, body
        if cur is not None or body:
            if cur is None:
                cur = Section(index=len(sections))
            _build_section(cur, header_block, body, text_export, unmerged)
            sections.append(cur)
        cur = None
        header_block = []
        body = []

    i = 0
    n = len(raw)
    while i < n:
        rr = raw[i]
        ne = rr.nonempty
        if not ne:
            i += 1
            continue
        # a caption row: one cell across the table, no figure (a "其中：" cell or a "key：value"
        # cell inside a block is a row of the block: 资金总额 / 其中：财政拨款：80 / 其他资金：20)
        if (len(ne) == 1 and not _is_figure_text(ne[0])
                and not (cur is not None and (_QIZHONG.match(norm_text(ne[0])) or _inline_kv(ne[0]) is not None))
                and (rr.spans[[norm_text(t) != "" for t in rr.texts].index(True)] >= max(2, rr.table.n_cols * 2 // 3)
                     or (len(rr.cells) == 1))):
            flush()
            pending_caption = ne[0]
            i += 1
            continue
        if _header_like(rr.texts):
            sig = _row_signature(rr)
            if cur is not None and header_block and sig in [_row_signature(h) for h in header_block]:
                # the header repeated (a page break inside the table): same section
                i += 1
                while i < n and _header_continuation(raw[i].texts):
                    i += 1
                continue
            flush()
            cur = Section(index=len(sections), caption=pending_caption)
            pending_caption = ""
            header_block = [rr]
            i += 1
            while i < n and _header_continuation(raw[i].texts):
                header_block.append(raw[i])
                i += 1
            continue
        if cur is None:
            cur = Section(index=len(sections), caption=pending_caption)
            pending_caption = ""
        body.append(rr)
        i += 1
    flush()
    return sections


def _cell_count(rr: _RawRow) -> int:
    return len(rr.cells)


def _continue_headers(header: list[_RawRow]) -> None:
    """In a table that cannot merge cells, empty header cells right of a header cell are its span.

    A header cell spans the columns it names: "其中：" its parts "基本支出 |
    项目支出", "结余" its "当年结余 | 累计结余", "完成情况" an indicator and its
    value. A Markdown pipe table cannot merge cells, so the span is left as
    empty cells after the header (typed by a person, converted from Word), or
    the cells come shifted left with the empty ones at the end (converted
    from a text export, one cell per merged region). Either way the row is
    read as the same row merged, and placed over the rows below as a merged
    or a text export's short row is. An empty cell under a header typed in a
    row above is that header merged down, not a continuation; one between
    two headers is a span only over a sub-header typed below it ("其中：" over
    "人员支出 | 公用支出"), else it is a column of its own (the empty corner over
    a label column beside "项目资金（万元）"). (A text export's TAB-separated
    rows keep each empty cell where Word wrote it, so this is for tables that
    cannot merge only.)
    """
    def typed_cols(rr: _RawRow) -> set[int]:
        return {k for g, cs, cell, o in zip(rr.grid_cols, rr.spans, rr.cells, rr.own)
                if o and norm_text(cell.text) for k in range(g, g + cs)}

    typed = [typed_cols(rr) for rr in header]  # as typed, before any span is joined
    named: set[int] = set()  # grid columns of a header cell typed in a row above
    for i, rr in enumerate(header):
        below = set().union(*typed[i + 1:])  # columns with a sub-header of their own
        blank = [o and not norm_text(c.text) for c, o in zip(rr.cells, rr.own)]
        tail = len(blank)
        while tail > 0 and blank[tail - 1]:
            tail -= 1
        keep: list[int] = []
        for k, g in enumerate(rr.grid_cols):
            left = keep[-1] if keep else None
            # the empty cells ending a row, or (between two headers) one over a sub-header
            spans_on = k >= tail or g in below
            if (left is not None and blank[k] and spans_on and g not in named
                    and rr.own[left] and norm_text(rr.cells[left].text)):
                rr.spans[left] += rr.spans[k]
                continue
            keep.append(k)
        if len(keep) < len(rr.cells):
            rr.cells[:] = [rr.cells[k] for k in keep]
            rr.own[:] = [rr.own[k] for k in keep]
            rr.grid_cols[:] = [rr.grid_cols[k] for k in keep]
            rr.spans[:] = [rr.spans[k] for k in keep]
        named |= typed[i]


def _drop_empty_trailing_columns(rows: list[_RawRow]) -> None:
    """Columns right of everything a block types are no columns of it.

    Every row of a pipe table has the table's width, so a block of a form
    with fewer columns than the widest block (a 8-column 支出 block above a
    5-column 固定资产 one) comes padded with empty cells at the end; counted
    as cells they would make its rows look wider than the block is.
    """
    extent = max((g + 1 for rr in rows for g, c, o in zip(rr.grid_cols, rr.cells, rr.own) if o and norm_text(c.text)),
                 default=0)
    for rr in rows:
        k = len(rr.cells)
        while k > 1 and rr.grid_cols[k - 1] >= extent and rr.own[k - 1] and not norm_text(rr.cells[k - 1].text):
            k -= 1
        if k < len(rr.cells):
            del rr.cells[k:], rr.own[k:], rr.grid_cols[k:], rr.spans[k:]


def _build_section(sec: Section, header: list[_RawRow], body: list[_RawRow], text_export: bool,
                   unmerged: bool = False) -> None:
    sec.header_rows = [(h.table, h.r) for h in header]
    rows_all = header + body
    if not rows_all:
        return
    if unmerged:
        _continue_headers(header)
        _drop_empty_trailing_columns(rows_all)
    # Columns are counted in cells, not grid columns: a row with as many cells
    # as the widest row is complete; a shorter one had merged cells collapsed
    # (by a text export, or a form built from one) and is placed by inference.
    width = max(_cell_count(rr) for rr in rows_all)
    sec.width = width
    for rr in rows_all:
        rr.collapsed = len(rr.cells) < width

    complete = [rr for rr in body if not rr.collapsed]
    col_num = [0] * width
    col_txt = [0] * width
    for rr in complete:
        for k, c in enumerate(rr.cells[:width]):
            if c is None or not norm_text(c.text):
                continue
            if not rr.own[k]:
                continue
            if _numeric_cell(c):
                col_num[k] += 1
            elif _inline_kv(c.text) is None:
                col_txt[k] += 1

    # header placement
    header_slots = _place_header(header, width, text_export, col_num, col_txt)
    columns = []
    for k in range(width):
        path = []
        last_id = None
        for slots in header_slots:
            c = slots[k]
            if c is None or not norm_text(c.text) or id(c) == last_id:
                continue
            last_id = id(c)
            path.append(c.text)
        col = Column(index=k, path=path)
        joined = " ".join(path)
        col.year = year_of(joined)
        col.measure = _column_measure(path)
        col.unit = next((unit_of(p) for p in reversed(path) if unit_of(p)), None)
        columns.append(col)
    sec.columns = columns
    vocab = _vocab()
    for col in columns:
        n_, t_ = col_num[col.index], col_txt[col.index]
        if col.measure in vocab.numeric_measures:
            col.kind = "num"
        elif col.measure in vocab.text_measures:
            col.kind = "text"
        elif n_ == 0 and t_ == 0:
            col.kind = "empty"
        elif n_ >= 1 and n_ >= 2 * t_:
            col.kind = "num"
        elif t_ >= 1 and t_ >= 2 * n_:
            col.kind = "text"
        else:
            col.kind = "mixed"
    sec.unit = unit_of(sec.caption) or next((unit_of(c.path[0]) for c in columns[:1] if c.path), None)
    _mark_code_columns(columns, complete, width)

    # label columns: leading columns holding text (or classification codes), before the first value column
    label_cols = []
    for col in columns:
        if col.kind == "code":
            label_cols.append(col.index)
            continue
        if col.measure is not None and col.measure not in ("说明",) and col.index > 0:
            break
        if col.kind in ("num",) and col.index > 0:
            break
        if col.kind in ("text", "empty", "mixed", "label") or col.index == 0:
            label_cols.append(col.index)
        else:
            break
    if not label_cols:
        label_cols = [0]
    # a trailing empty label column adds nothing
    while len(label_cols) > 1 and columns[label_cols[-1]].kind == "empty" and not columns[label_cols[-1]].path:
        label_cols.pop()
    sec.label_cols = label_cols
    sec.coded = any(c.kind == "code" for c in columns)
    for k in label_cols:
        if columns[k].kind != "code":
            columns[k].kind = "label"

    # body rows placed on effective columns
    rows: list[TableRow] = []
    for rr in body:
        slots, own, collapsed = _place_row(rr, width, text_export, columns)
        row = TableRow(table=rr.table, grid_row=rr.r, cells=slots, own=own, collapsed=collapsed)
        rows.append(row)
    _realign_shifted(rows, columns, label_cols)
    # a header cell merged down over the first data row (财政供养人员情况) names the block, not the row
    header_ids = {id(c) for h in header for c in h.cells}
    for row in rows:
        for k in label_cols:
            if row.cells[k] is not None and not row.own[k] and id(row.cells[k]) in header_ids:
                row.cells[k] = None
    _fill_labels(rows, label_cols, columns)
    sec.rows = rows
    sec.column_groups = _column_groups(header_slots, columns)
    outer = {tuple(norm_text(x) for x in r.labels[:-1]) for r in rows if r.label and not r.kv}
    sec.single_label = len(label_cols) == 1 or (len(outer) <= 1 and len(rows) >= 2)
    for r in rows:
        r.label_path = list(r.path)
    if sec.single_label:
        _build_hierarchy(rows, columns)
        # the path runs through the numbering: 三公经费 › 公务用车购置和维护经费 › 公务车运行维护
        for r in rows:
            chain = []
            p = r.parent
            while p is not None:
                if p.label_path:
                    chain.append(p.label_path[-1])
                p = p.parent
            if chain:
                r.path = r.label_path[:-1] + list(reversed(chain)) + r.label_path[-1:]


_CODE_HEADER = regex.compile(r"编码|代码|编号|序号|^[类款项目]$")


def _mark_code_columns(columns: list[Column], rows: list[_RawRow], width: int) -> None:
    """Classification-code columns (功能分类科目编码 类/款/项: 201 | 05 | 07) hold
    numbers that are names, not amounts."""
    for col in columns:
        if any(_CODE_HEADER.search(norm_text(p)) for p in col.path):
            col.kind = "code"
            continue
        vals = []
        for rr in rows:
            if col.index < len(rr.cells) and rr.own[col.index]:
                t = norm_text(rr.cells[col.index].text)
                if t:
                    vals.append(t)
        if vals and all(regex.fullmatch(r"\d{1,9}", v) for v in vals) and any(
                len(v) >= 2 and v.startswith("0") for v in vals):
            col.kind = "code"


def _place_header(header: list[_RawRow], width: int, text_export: bool, col_num: list[int],
                  col_txt: list[int]) -> list[list[Cell | None]]:
    """Each header row as a list of the cell covering each effective column."""
    if not header:
        return []
    placed: list[list[Cell | None] | None] = [None] * len(header)
    # bottom-up: a complete row places itself; a collapsed one is fitted over the row below
    for i in range(len(header) - 1, -1, -1):
        rr = header[i]
        cells = rr.cells
        if len(cells) >= width:
            placed[i] = list(cells[:width])
            continue
        below = placed[i + 1] if i + 1 < len(header) else None
        best = None
        for comp in _compositions(width, len(cells)):
            score = _header_fit(cells, rr.own, comp, below, col_num, col_txt)
            if best is None or score < best[0]:
                best = (score, comp)
        slots: list[Cell | None] = []
        for c, span in zip(cells, best[1]):
            slots.extend([c] * span)
        placed[i] = slots
    return [p or [None] * width for p in placed]


def _compositions(n: int, k: int) -> Iterator[tuple[int, ...]]:
    """All ways to write n as an ordered sum of k positive spans."""
    if k <= 0:
        return
    if k == 1:
        yield (n,)
        return
    if math.comb(n - 1, k - 1) > 3000:  # keep it bounded: the reader's own placement only
        yield tuple([1] * (k - 1) + [n - k + 1])
        return
    for cuts in itertools.combinations(range(1, n), k - 1):
        prev = 0
        spans = []
        for c in (*cuts, n):
            spans.append(c - prev)
            prev = c
        yield tuple(spans)


def _header_fit(cells: list[Cell], own: list[bool], comp: tuple[int, ...], below: list[Cell | None] | None,
                col_num: list[int], col_txt: list[int]) -> float:
    """Penalty of a header placement (lower is better). A cell merged down from
    above reads as empty; the same cell below it is not a sub-header."""
    pen = 0.0
    start = 0
    cell_ids = {id(c) for c in cells}
    if below is not None:
        below = [None if (b is not None and id(b) in cell_ids) else b for b in below]
    if below is not None:
        # a cell below lies under one cell above, never across two
        owner = []
        for idx, span in enumerate(comp):
            owner.extend([idx] * span)
        ranges: dict[int, set[int]] = {}
        for k, b in enumerate(below):
            if b is not None and norm_text(b.text):
                ranges.setdefault(id(b), set()).add(owner[k])
        pen += 2.0 * sum(1 for v in ranges.values() if len(v) > 1)
    for c, o, span in zip(cells, own, comp):
        cols = range(start, start + span)
        empty = not o or not norm_text(c.text)
        is_qz = bool(_QIZHONG.fullmatch(norm_text(c.text)))
        if below is not None:
            under = []
            seen = set()
            for k in cols:
                b = below[k]
                if b is not None and norm_text(b.text) and id(b) not in seen:
                    seen.add(id(b))
                    under.append(b)
            if empty:
                pen += 2 * len(under) + 0.1 * (span - 1)
            elif span > 1:
                if len(under) < 2:
                    pen += 1.0
                if not is_qz:
                    # sub-headers often repeat their parent's word: 结余 over 当年结余 | 累计结余
                    top = norm_text(c.text)
                    for b in under:
                        pen += -0.2 if top in norm_text(b.text) else 0.1
            else:
                if under and not is_qz:
                    pen += 0.5
        else:
            m = measure_of(c.text)
            if empty:
                pen += 0.1 * (span - 1)
            elif m in _vocab().numeric_measures or m in ("实际", "目标"):
                # a measure header sits over figures, alone
                for k in cols:
                    if col_txt[k] > col_num[k]:
                        pen += 1.0
                pen += 0.3 * (span - 1)
            else:
                for k in cols:
                    if col_num[k] > col_txt[k]:
                        pen += 1.0
        if span > 1 and is_qz:
            pen -= 0.05 * (span - 1)
        start += span
    return pen


def _place_row(rr: _RawRow, width: int, text_export: bool, columns: list[Column]
               ) -> tuple[list[Cell | None], list[bool], bool]:
    cells = rr.cells
    if len(cells) >= width:
        return list(cells[:width]), list(rr.own[:width]), False
    # a collapsed row: place its cells where their figures fit the columns
    # What each cell and each column is does not depend on the placement tried:
    # worked out once, not once per composition.
    numeric_measures = _vocab().numeric_measures
    kinds = [columns[k].kind if k < len(columns) else "empty" for k in range(width)]
    # columns a header names as figures (分值, 得分, 预算数) before ones that merely hold them
    num_gain = [1.0 if k < len(columns) and columns[k].measure in numeric_measures else 0.8 for k in range(width)]
    nums = [rr.own[idx] and _numeric_cell(c) for idx, c in enumerate(cells)]
    txts = [rr.own[idx] and bool(norm_text(c.text)) and not nums[idx] for idx, c in enumerate(cells)]
    last_idx = len(cells) - 1
    best = None
    for comp in _compositions(width, len(cells)):
        score = 0.0
        start = 0
        for idx, span in enumerate(comp):
            kind = kinds[start] if start < width else "empty"
            if nums[idx]:
                if kind == "num":
                    score += num_gain[start]
                elif kind in ("text", "label"):
                    score -= 1.0
                if idx != last_idx:
                    score -= 0.1 * (span - 1)
            elif txts[idx]:
                if kind == "num":
                    score -= 1.0
                elif kind == "label":
                    score += 0.2
            start += span
        # the reader's own placement (last cell spans) wins ties
        natural = comp[-1] == width - len(cells) + 1
        key = (score, 1 if natural else 0)
        if best is None or key > best[0]:
            best = (key, comp)
    slots: list[Cell | None] = []
    own: list[bool] = []
    for c, o, span in zip(cells, rr.own, best[1]):
        slots.extend([c] * span)
        own.extend([o] + [False] * (span - 1))
    return slots, own, True


def _realign_shifted(rows: list[TableRow], columns: list[Column], label_cols: list[int]) -> None:
    """Undo a one- or two-cell shift a text export left in a row (004's
    "|||时效指标|…|10|10" under "…|分值|得分|偏差原因")."""
    width = len(columns)
    for row in rows:
        if row.collapsed:
            continue
        nums = [k for k, c in enumerate(row.cells) if row.own[k] and _numeric_cell(c)]
        if not nums:
            continue
        bad = [k for k in nums if columns[k].kind in ("text", "label")]
        if not bad:
            continue
        for off in (-1, 1, -2, 2):
            moved = [k + off for k in nums]
            if any(m < 0 or m >= width for m in moved):
                continue
            if not all(columns[m].kind == "num" for m in moved):
                continue
            # whatever moves out of the row must be empty
            lost = [k for k in range(width) if not (0 <= k + off < width)]
            if any(row.cells[k] is not None and row.own[k] and norm_text(row.cells[k].text) for k in lost):
                continue
            new_cells: list[Cell | None] = [None] * width
            new_own = [False] * width
            for k in range(width):
                if 0 <= k + off < width:
                    new_cells[k + off] = row.cells[k]
                    new_own[k + off] = row.own[k]
            row.cells, row.own = new_cells, new_own
            break


def _fill_labels(rows: list[TableRow], label_cols: list[int], columns: list[Column]) -> None:
    prev: list[str] = [""] * len(label_cols)
    for row in rows:
        texts = [row.text(k) if row.cells[k] is not None else "" for k in label_cols]
        covered = [False] * len(label_cols)
        for j in range(1, len(label_cols)):
            a, b = row.cells[label_cols[j - 1]], row.cells[label_cols[j]]
            if a is not None and a is b:
                texts[j] = ""
                covered[j] = True
        # a kv row: [label, figure] (or label | value | label | value) with nothing else
        ne = [(k, c) for k, c in enumerate(row.cells) if c is not None and norm_text(c.text) and row.own[k]]
        if row.collapsed and len(ne) == 2 and not _numeric_cell(ne[0][1]) and _numeric_cell(ne[1][1]):
            row.kv = True
        labels: list[str] = []
        inherited = True
        for j, k in enumerate(label_cols):
            t = texts[j]
            if norm_text(t) and not row.own[k] and row.cells[k] is not None and row.cells[k].row != row.grid_row:
                # a cell merged down from a row above: the same label, still inherited
                labels.append(t)
            elif norm_text(t):
                inherited = False
                labels.append(t)
            elif covered[j]:
                labels.append("")
            elif inherited and not row.kv:
                labels.append(prev[j])
            else:
                labels.append("")
        row.labels = labels
        prev = labels
        kv_fix = []
        for t in labels:
            kvm = _inline_kv(t)
            kv_fix.append(kvm[0] if kvm else t)
        # classification codes (201 | 05 | 07) name rows for machines, not readers
        row.path = [cl for cl in (clean_label(t) for t in kv_fix) if cl and not cl.isdigit()]
        own_labels = [t for j, t in enumerate(kv_fix) if norm_text(texts[j])]
        row.label = (own_labels[-1] if own_labels else (kv_fix[-1] if kv_fix else "")).strip()
        if not row.label and row.kv:
            row.label = ne[0][1].text.strip()
            row.path = [clean_label(row.label)]
        row.marker = _marker(row.label)
        raw_label = ""
        for k in label_cols:
            c = row.cells[k]
            if c is not None and norm_text(c.text):
                raw_label = c.text
        row.indent = len(raw_label) - len(raw_label.lstrip(" \u3000"))
        row.is_total = bool(row.label) and _is_total_label(row.label) and len(row.path) <= 1
        row.max_score = label_max_score(row.label)
        for j, k in enumerate(label_cols):
            m = label_max_score(labels[j])
            if m is not None:
                row.group_max[k] = m


def _column_groups(header_slots: list[list[Cell | None]], columns: list[Column]) -> list[tuple[int, list[int]]]:
    """(total column, part columns) for headers like "支出合计 | 其中：(基本支出 | 项目支出)"."""
    groups: list[tuple[int, list[int]]] = []
    width = len(columns)
    for i, slots in enumerate(header_slots):
        k = 0
        while k < width:
            c = slots[k]
            if c is None or not _QIZHONG.fullmatch(norm_text(c.text)):
                k += 1
                continue
            start = k
            while k < width and slots[k] is c:
                k += 1
            span = list(range(start, k))
            if start == 0:
                continue
            total_col = start - 1
            # the total is the column left of the 其中 span, at this header level
            tc = slots[total_col]
            if tc is None or not norm_text(tc.text):
                continue
            if i + 1 >= len(header_slots):
                continue
            below = header_slots[i + 1]
            parts: list[int] = []
            seen: set[int] = set()
            for kk in span:
                b = below[kk]
                if b is None or id(b) in seen or not norm_text(b.text):
                    continue
                seen.add(id(b))
                if _QIZHONG.fullmatch(norm_text(b.text)):
                    continue  # a nested 其中 belongs to the part left of it
                # the part's own column: first column it covers
                parts.append(kk)
            if len(parts) >= 1:
                groups.append((total_col, parts))
    have = {t for t, _ in groups}
    for t, parts in _named_part_groups(header_slots, columns):
        if t not in have:
            have.add(t)
            groups.append((t, parts))
    return groups


_TOTAL_HEADER = regex.compile(r"(?:合计|总计|小计)$")


def _named_part_groups(header_slots: list[list[Cell | None]], columns: list[Column]) -> list[tuple[int, list[int]]]:
    """(total column, part columns) for headers without 其中: a "…合计" column followed at
    the same header level by columns that are all parts of one standard breakdown
    ("支出合计 | 基本支出 | 项目支出 | 结余" → 基本支出 + 项目支出; lexicons/budget.yaml
    ``decompositions``). A part is a leaf column (nothing else below it), or a cell spanning
    sub-columns that name a complete breakdown of it (基本支出 over 人员经费 | 公用经费, with or
    without a 小计 column of its own, which then gets a group of its own)."""
    groups: list[tuple[int, list[int]]] = []
    width = len(columns)
    n = len(header_slots)

    def leaf(k: int, level: int, cell: Cell) -> bool:
        """Column k holds ``cell`` alone from ``level`` down, and only in column k."""
        if (k > 0 and header_slots[level][k - 1] is cell) or (k + 1 < width and header_slots[level][k + 1] is cell):
            return False
        for lv in range(level + 1, n):
            b = header_slots[lv][k]
            if b is not None and b is not cell and norm_text(b.text):
                return False
        return True

    def is_part(key: str) -> bool:
        return any(any(_key_norm(key).endswith(w) for w in g) for g in _decompositions())

    def split(cell: Cell, a: int, e: int, level: int) -> tuple[int | None, list[int]] | None:
        """The sub-columns a..e under a spanning part: (its own 小计 column or None, the
        columns of its parts), when they are single leaf columns naming a complete breakdown."""
        if level + 1 >= n or e <= a:
            return None
        cols = list(range(a, e + 1))
        below = [header_slots[level + 1][x] for x in cols]
        if any(b is None or b is cell or not norm_text(b.text) or not leaf(x, level + 1, b)
               or columns[x].kind not in ("num", "empty") for x, b in zip(cols, below)):
            return None
        names = [clean_header(b.text) for b in below]
        own = None
        if _TOTAL_HEADER.search(names[0]) and columns[a].kind == "num":
            own, cols, names = a, cols[1:], names[1:]
        if len(cols) < 2 or not all(is_part(x) for x in names) or not _completeness(names):
            return None
        return own, cols

    for i, slots in enumerate(header_slots):
        for k in range(width):
            c = slots[k]
            if c is None or (k > 0 and slots[k - 1] is c):
                continue
            if not _TOTAL_HEADER.search(clean_header(c.text)) or not leaf(k, i, c):
                continue
            if columns[k].kind != "num":
                continue
            parts: list[int] = []
            keys: list[str] = []
            nested: list[tuple[int, list[int]]] = []
            j = k + 1
            while j < width:
                b = slots[j]
                if b is None or not norm_text(b.text) or _QIZHONG.fullmatch(norm_text(b.text)):
                    break
                key = clean_header(b.text)
                if not is_part(key):
                    break
                if leaf(j, i, b):
                    if columns[j].kind not in ("num", "empty"):
                        break
                    parts.append(j)
                    keys.append(key)
                    j += 1
                    continue
                # a part whose cell spans sub-columns ("基本支出" over "人员经费 | 公用经费", or
                # over "小计 | 人员经费 | 公用经费"): its sub-columns stand for it
                e = j
                while e + 1 < width and slots[e + 1] is b:
                    e += 1
                sub = split(b, j, e, i)
                if sub is None:
                    break
                own, subs = sub
                if own is not None:
                    parts.append(own)
                    nested.append((own, subs))
                else:
                    parts.extend(subs)
                keys.append(key)
                j = e + 1
            if len(keys) >= 2 and _completeness(keys):
                groups.append((k, parts))
                groups.extend(nested)
    return groups


# ---------------------------------------------------------------- hierarchy


def _row_values(row: TableRow, columns: list[Column]) -> dict[int, float]:
    out = {}
    for col in columns:
        if col.kind != "num":
            continue
        c = row.own_cell(col.index)
        if c is None:
            continue
        q = _cell_quantity(c.text)
        if q and q[0].is_exact:
            out[col.index] = q[0].value
    return out


def _fits(parent: TableRow, kids: list[TableRow], columns: list[Column]) -> bool:
    """The kids' values add up to no more than the parent's, column by column."""
    pv = _row_values(parent, columns)
    sums: dict[int, float] = {}
    for k in kids:
        for c, v in _row_values(k, columns).items():
            sums[c] = sums.get(c, 0.0) + v
    for c, s in sums.items():
        if c in pv and s > pv[c] + 0.011 + 1e-6 * abs(pv[c]):
            return False
        if c not in pv and _has_any_value(parent, columns):
            # the parent prints other columns but not this one: no evidence either way
            continue
    return True


_COLUMNS = load_lexicons().relations["table_columns"]
_NOT_SUMMED = frozenset(_COLUMNS["rates_and_scores"])  # measures that never add up down a column


def _fits_mostly(parent: TableRow, kids: list[TableRow], columns: list[Column]) -> bool:
    """The kids fit their parent (``_fits``), or add up to it exactly in more
    columns than they exceed it: then the columns they exceed hold a broken
    sum, not a row that belongs elsewhere."""
    if _fits(parent, kids, columns):
        return True
    pv = _row_values(parent, columns)
    sums: dict[int, float] = {}
    for k in kids:
        for c, v in _row_values(k, columns).items():
            sums[c] = sums.get(c, 0.0) + v
    exact = over = 0
    # rates and scores do not add up: a merged cell repeated into them says nothing
    additive = {col.index for col in columns if col.measure not in _NOT_SUMMED and col.unit != "%"}
    for c, s in sums.items():
        if c not in pv or c not in additive:
            continue
        tol = 0.011 + 1e-6 * abs(pv[c])
        if s > pv[c] + tol:
            over += 1
        elif abs(s - pv[c]) <= 0.005 + 1e-9 * abs(pv[c]) and pv[c] != 0:
            exact += 1
    return exact >= max(1, over)


def _has_any_value(row: TableRow, columns: list[Column]) -> bool:
    return bool(_row_values(row, columns))


def _is_block_head(row: TableRow) -> bool:
    concept, score = match_concept(row.label)
    return concept is not None and score >= 95 and concept in _vocab().block_heads


def _build_hierarchy(rows: list[TableRow], columns: list[Column]) -> None:
    """Parent/children of the rows of a single-label-column section."""
    has_indent = len({r.indent for r in rows if r.label}) > 1
    prev: TableRow | None = None

    def chain(r: TableRow | None) -> list[TableRow]:
        out = []
        while r is not None:
            out.append(r)
            r = r.parent
        return list(reversed(out))

    def attach(r: TableRow, parent: TableRow | None):
        r.parent = parent
        if parent is not None:
            parent.children.append(r)

    def run_after(i: int) -> list[TableRow]:
        """The unnumbered item rows that follow rows[i] (the rest of its list)."""
        out = []
        for x in rows[i + 1:]:
            if not x.label or x.kv:
                continue
            if x.marker is not None or x.is_total or _is_block_head(x) or len(out) >= 30:
                break
            out.append(x)
        return out

    def fits_with_run(par: TableRow, kids: list[TableRow], i: int) -> bool:
        """``rows[i]`` joins ``kids`` under ``par``: they fit, or — looking ahead over the
        rest of the list — the whole list adds up to ``par`` exactly in more columns than it
        exceeds it (one wrong figure must not tear a row out of its list)."""
        if _fits_mostly(par, kids + [rows[i]], columns):
            return True
        run = run_after(i)
        for end in range(1, len(run) + 1):
            if _fits_mostly(par, kids + [rows[i]] + run[:end], columns):
                return True
        return False

    seen: list[TableRow] = []
    for idx, r in enumerate(rows):
        if not r.label or r.kv:
            continue
        seen.append(r)
        m = r.marker
        if r.is_total:
            attach(r, None)
            prev = r
            continue
        if prev is None:
            attach(r, None)
            prev = r
            continue
        if m in _MARKER_RANK:
            target = None
            ch = chain(prev)
            # 1. the same numbering above: a sibling
            for node in reversed(ch):
                if node.marker == m:
                    target = node
                    break
            if target is None and _ordinal(r.label) != 1:
                # 2. an earlier row of the same numbering, its list not closed by a higher-level
                #    numbering since: 二、 after 一、's block ("1、" always opens a new list)
                for earlier in reversed(seen[:-1]):
                    if earlier.marker in _MARKER_RANK and _MARKER_RANK[earlier.marker] < _MARKER_RANK[m]:
                        break
                    if earlier.marker == m:
                        target = earlier
                        break
            if target is None:
                # 3. a lower-level numbering above closes: （一） after 1、
                for node in ch:
                    if node.marker in _MARKER_RANK and _MARKER_RANK[node.marker] > _MARKER_RANK[m]:
                        target = node
                        break
            attach(r, target.parent if target is not None else prev)
        elif m == "qizhong":
            if prev.marker == "qizhong" and not _fits(prev, [r], columns):
                attach(r, prev.parent)
            else:
                attach(r, prev)
        elif m == "ellipsis":
            attach(r, prev.parent)
            if prev.parent is not None:
                prev.parent.incomplete = True
            continue  # the row before the ellipsis stays "previous"
        else:
            placed = False
            head = _is_block_head(r)
            # in a 其中 run: a sibling of the 其中 row, if it fits (a row naming a block of its
            # own joins only right after the 其中 row: 其中：人员经费 / 公用经费)
            if prev.parent is not None and (prev.marker == "qizhong" or (not head and
                    prev.marker is None and any(s.marker == "qizhong" for s in prev.parent.children))):
                par = prev.parent
                if fits_with_run(par, [k for k in par.children if k.marker != "ellipsis"], idx):
                    attach(r, par)
                    placed = True
            if not placed and not head:
                # under a numbered row: the numbered row itself, or the parent of an unnumbered child
                numbered = None
                if prev.marker in _MARKER_RANK:
                    numbered = prev
                elif prev.marker is None and prev.parent is not None and prev.parent.marker in _MARKER_RANK:
                    numbered = prev.parent
                if numbered is not None:
                    if has_indent:
                        ok = r.indent > numbered.indent
                    else:
                        ok = fits_with_run(numbered, [k for k in numbered.children if k.marker is None], idx)
                    if ok:
                        attach(r, numbered)
                        placed = True
            if not placed:
                attach(r, None)
        prev = r


# ---------------------------------------------------------------- figures


def _with_unit(q: Quantity, unit: str | None) -> Quantity:
    """``q`` with a unit the cell did not print (unit_printed stays None)."""
    if unit is None or q.unit is not None:
        return q
    lex = load_lexicons()
    info = lex.units.get(unit)
    if info is None:
        return q
    return dataclasses.replace(q, unit=info.name, dimension=info.dimension, normalized=q.value * info.factor)


_NON_MONEY_KINDS = ("count", "rate", "score")


def _default_unit(at: AnalyzedTable, sec: Section, row: TableRow | None, col: Column | None,
                  concept: str | None, measure: str | None) -> tuple[str | None, str]:
    if measure in ("分值", "得分"):
        return "分", "score"
    if measure in ("执行率", "控制率"):
        return "%", "column"
    if col is not None and col.unit:
        return col.unit, "column"
    row_unit = None
    if row is not None:
        for lab in row.labels:
            row_unit = row_unit or unit_of(lab)
    if row_unit:
        return row_unit, "row"
    lex = load_lexicons()
    kind = lex.concepts.get(concept, {}).get("kind") if concept else None
    col_concept = match_concept(col.header)[0] if col is not None and col.header else None
    col_kind = lex.concepts.get(col_concept, {}).get("kind") if col_concept else None
    if kind in _NON_MONEY_KINDS or col_kind in _NON_MONEY_KINDS:
        if (kind == "count" or col_kind == "count") and sec.unit in ("人", "个"):
            return sec.unit, "row"
        return None, "none"
    if measure in ("目标", "实际", "说明", "评分标准"):
        return None, "none"
    u = sec.unit or at.unit
    if u:
        return u, "table"
    return None, "none"


def _concept_along(path: list[str], fallback: str | None = None) -> str | None:
    for p in reversed(path):
        c, s = match_concept(p)
        if c is not None:
            return c
    if fallback:
        c, s = match_concept(fallback)
        return c
    return None


def _figures_of(at: AnalyzedTable) -> Iterator[TableFigure]:
    for sec in at.sections:
        label_set = set(sec.label_cols)
        for row in sec.rows:
            row_measure = None
            for lab in row.labels:
                row_measure = row_measure or measure_of(lab)
            row_year = next((year_of(l) for l in row.labels if year_of(l)), None)
            if row.kv or (not sec.header_rows and not row.collapsed):
                yield from _kv_figures(at, sec, row)
                continue
            for k, cell in enumerate(row.cells):
                if cell is None or not row.own[k] or not norm_text(cell.text):
                    continue
                col = sec.columns[k] if k < len(sec.columns) else None
                inline = _inline_kv(cell.text)
                if inline is not None:
                    key, q, span = inline
                    ck = clean_label(key)
                    path = _context_path(row, sec, cell) + [ck]
                    concept = _concept_along([ck])
                    measure = measure_of(key) or row_measure
                    unit, src = _default_unit(at, sec, row, None, concept, measure)
                    if q.unit is None and unit is None and at.unit:
                        unit, src = at.unit, "table"
                    if q.unit is not None:
                        src = "printed"
                    yield TableFigure(cell=cell, quantity=_with_unit(q, unit), span=span, row_path=path,
                                      row_label=key, column_header="", year=row_year or at.year,
                                      measure=measure, concept=concept, table_kind=at.kind,
                                      table_title=at.title, unit_source=src, kind="inline", row=row,
                                      column=col, table=at)
                    continue
                if k in label_set:
                    continue
                got = _cell_quantity(cell.text)
                if got is None:
                    continue
                q, span = got
                measure = (col.measure if col else None) or row_measure
                header = col.header if col else ""
                # along the label columns (三级 › 二级 › 一级), not up the numbering:
                # 水费、电费、差旅费 under 公用经费 is not 公用经费
                concept = _concept_along(row.label_path or row.path, None)
                if concept is None and header and measure is None:
                    concept = match_concept(header)[0]
                elif concept is None and header:
                    concept = match_concept(header)[0]
                unit, src = _default_unit(at, sec, row, col, concept, measure)
                if q.unit is not None:
                    src = "printed"
                year = (col.year if col else None) or row_year or at.year
                yield TableFigure(cell=cell, quantity=_with_unit(q, unit), span=span, row_path=list(row.path),
                                  row_label=row.label, column_header=header, year=year, measure=measure,
                                  concept=concept, table_kind=at.kind, table_title=at.title,
                                  unit_source=src, kind="value", row=row, column=col, table=at)


def _context_path(row: TableRow, sec: Section, cell: Cell) -> list[str]:
    """Labels of a row that frame an inline "key：value" cell (other inline cells and
    bare "key：" cells name siblings, not context)."""
    out = []
    for j, k in enumerate(sec.label_cols):
        c = row.cells[k]
        t = row.labels[j] if j < len(row.labels) else ""
        if not norm_text(t):
            continue
        if c is cell:
            break
        if _inline_kv(t) is not None or regex.search(r"[:：]\s*$", t):
            continue
        cl = clean_label(t)
        if cl and (not out or out[-1] != cl):
            out.append(cl)
    return out


def _kv_figures(at: AnalyzedTable, sec: Section, row: TableRow) -> Iterator[TableFigure]:
    """Figures of "人员编制|12|实有人数|14" rows: each figure labelled by the cell before it."""
    label = ""
    for k, cell in enumerate(row.cells):
        if cell is None or not row.own[k]:
            continue
        t = cell.text
        if not norm_text(t):
            continue
        inline = _inline_kv(t)
        got = _cell_quantity(t)
        if got is None and inline is None:
            label = t.strip()
            continue
        if inline is not None and got is None:
            key, q, span = inline
            lab = key
        else:
            q, span = got
            lab = label
        if not lab:
            continue
        concept = _concept_along([clean_label(lab)])
        measure = measure_of(lab)
        unit, src = _default_unit(at, sec, row, None, concept, measure)
        if q.unit is not None:
            src = "printed"
        if concept == "总分" and q.unit is None:
            unit, src = "分", "score"
        col = sec.columns[k] if k < len(sec.columns) else None
        yield TableFigure(cell=cell, quantity=_with_unit(q, unit), span=span, row_path=[clean_label(lab)],
                          row_label=lab, column_header="", year=year_of(lab) or at.year, measure=measure,
                          concept=concept, table_kind=at.kind, table_title=at.title, unit_source=src,
                          kind="kv", row=row, column=col, table=at)
        label = ""


# ---------------------------------------------------------------- inline lists

_KEY_ONLY = regex.compile(r"^\s*(?:其中\s*[:：]\s*)?(?P<key>[^\d:：]{2,30}?)\s*[:：]\s*$")
_REST_KEY = regex.compile(r"^(?:其他|其余)")
# measures whose figures are not amounts a breakdown can add up to
_NOT_A_TOTAL = _NOT_SUMMED | frozenset(_COLUMNS["not_totals"])


@dataclass(eq=False)
class InlineItem:
    """One part of an :class:`InlineList`."""

    key: str  # the key as printed, 其中 dropped: "一般公共预算"
    cell: Cell
    row: TableRow
    figure: TableFigure | None  # None when the cell prints the key only ("政府性基金拨款：")


@dataclass(eq=False)
class InlineList:
    """A breakdown printed as "key：value" cells stacked in one column, one per row,
    opened by 其中, under a row that prints its total::

        年度资金总额 |          | 1661.61 | 2707.46 | 2681.55 | …
        按收入性质分:               | 按支出性质分:
        其中: 一般公共预算: 2681.55 | 其中: 基本支出: 2609.57
        政府性基金拨款: 0           | 项目支出: 71.98
        纳入专户管理的非税收入拨款: 0 |
        其他资金: 0                 |

    ``totals`` are the amounts of the nearest row above that prints any (a
    "资金总额：X" cell, 年初预算数, 全年预算数, 全年执行数 …): the list breaks down
    one of them. ``complete`` when the list names every part: it ends with an
    其他… item, or its keys are all parts of one standard breakdown (基本支出 /
    项目支出; lexicons/budget.yaml ``decompositions``); a list that is not
    complete may only add up to no more than its total.
    """

    section: Section
    column: int
    head: str  # the key-only cell above the list ("按收入性质分"), or ""
    items: list[InlineItem]
    total_row: TableRow
    totals: list[TableFigure]
    complete: bool
    why_complete: str  # "其他" | "decomposition" | ""

    @property
    def figures(self) -> list[TableFigure]:
        return [it.figure for it in self.items if it.figure is not None]


def _kv_kind(c: Cell | None) -> str:
    """"kv" (key：value), "key" (key： and nothing), "empty" or "other"."""
    if c is None or not norm_text(c.text):
        return "empty"
    if _inline_kv(c.text) is not None:
        return "kv"
    if _KEY_ONLY.match(c.text):
        return "key"
    return "other"


def _kv_key(c: Cell) -> str:
    kv = _inline_kv(c.text)
    if kv is not None:
        key = kv[0]
    else:
        m = _KEY_ONLY.match(c.text)
        key = m.group("key") if m else c.text
    return _QIZHONG.sub("", norm_text(key))


@lru_cache(maxsize=1)
def _decompositions() -> tuple[tuple[str, ...], ...]:
    from auditor.nlp.budget import budget_vocab

    return budget_vocab().decompositions


def _key_norm(key: str) -> str:
    from auditor.nlp.budget import norm_label

    return norm_label(key)


def _completeness(keys: list[str]) -> str:
    """Why a list of parts names the whole: "其他" (it ends with the rest),
    "decomposition" (all parts of one standard breakdown), or ""."""
    if len(keys) < 2:
        return ""
    ks = [_key_norm(k) for k in keys]
    if _REST_KEY.match(ks[-1]):
        return "其他"
    for group in _decompositions():
        if all(any(k.endswith(w) for w in group) for k in ks) and len(set(ks)) == len(ks):
            return "decomposition"
    return ""


def _find_inline_lists(at: AnalyzedTable) -> list[InlineList]:
    figs = at.figures()
    by_cell: dict[int, TableFigure] = {}
    by_row: dict[int, list[TableFigure]] = {}
    for f in figs:
        if f.kind in ("inline", "kv") and _inline_kv(f.cell.text) is not None:
            by_cell.setdefault(id(f.cell), f)
        if f.row is not None:
            by_row.setdefault(id(f.row), []).append(f)
    out: list[InlineList] = []
    for sec in at.sections:
        rows = sec.rows
        width = max((len(r.cells) for r in rows), default=0)
        for k in range(width):
            i = 0
            while i < len(rows):
                c = rows[i].own_cell(k)
                kind = _kv_kind(c)
                if kind not in ("kv", "key") or not _QIZHONG.match(norm_text(c.text)):
                    i += 1
                    continue
                start = i
                items: list[InlineItem] = []
                broken = False
                j = i
                while j < len(rows):
                    cj = rows[j].own_cell(k)
                    kj = _kv_kind(cj)
                    if kj not in ("kv", "key") or (j > start and _QIZHONG.match(norm_text(cj.text))):
                        break
                    fig = by_cell.get(id(cj)) if kj == "kv" else None
                    if kj == "kv" and fig is None:
                        broken = True
                    key = _kv_key(cj)
                    if key or kj == "kv":  # a bare "其中：" cell only opens the list
                        items.append(InlineItem(key, cj, rows[j], fig))
                    j += 1
                i = max(j, start + 1)
                if broken or len(items) < 2 or not any(it.figure is not None for it in items):
                    continue
                # a key-only cell right above names the list; the total is the nearest row above
                # that prints amounts, with nothing but such names between
                head = ""
                total_row = None
                for back in range(start - 1, max(-1, start - 4), -1):
                    r = rows[back]
                    rfigs = by_row.get(id(r), [])
                    if rfigs:
                        total_row = r
                        break
                    above = r.own_cell(k)
                    if not head and _kv_kind(above) == "key":
                        head = _kv_key(above)
                if total_row is None:
                    continue
                units = {it.figure.quantity.unit for it in items if it.figure is not None}
                totals = [f for f in by_row.get(id(total_row), [])
                          if f.quantity.is_exact and f.measure not in _NOT_A_TOTAL
                          and f.quantity.unit in units and len(units) == 1
                          and (f.kind != "value" or (f.column is not None and f.column.kind == "num"))]
                if not totals:
                    continue
                why = _completeness([it.key for it in items])
                out.append(InlineList(section=sec, column=k, head=head, items=items, total_row=total_row,
                                      totals=totals, complete=bool(why), why_complete=why))
    out.sort(key=lambda L: (L.items[0].row.table.index, L.items[0].row.grid_row, L.column))
    return out


# ---------------------------------------------------------------- queries


def figures_of(tables: list[AnalyzedTable]) -> list[TableFigure]:
    """Every figure of every analysed table."""
    return [f for t in tables for f in t.figures()]
