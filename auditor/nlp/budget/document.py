"""The budget reading of a document: :func:`analyze_budget` cuts the line stream into tables (each
from its title to where prose, a narrative heading or a 第N部分 begins; its unit from a 单位 line)
and narrative passages, and tells the document's kind and year; :class:`BudgetDoc` holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import regex

from auditor.document import Document, Location
from auditor.nlp.budget.lines import _WS, SLine, line_stream, num_re
from auditor.nlp.budget.passages import Passage, _compact, _passages
from auditor.nlp.budget.statements import Item
from auditor.nlp.budget.tables import BTable, _build_rows, is_title, table_kind
from auditor.nlp.budget.vocab import budget_vocab


@dataclass
class BudgetDoc:
    """What a budget document says: its tables and its narrative passages."""

    kind: str  # "预算" | "决算"
    year: int | None
    tables: list[BTable]
    passages: list[Passage]
    lines: list[SLine]
    items: list[Item] = field(default_factory=list)  # numbered 科目 items of the narrative
    _table_places: tuple | None = field(default=None, repr=False, compare=False)  # in_table's index, built once

    def tables_of(self, kind: str) -> list[BTable]:
        return [t for t in self.tables if t.kind == kind]

    def in_table(self, loc: Location, at: int | None = None) -> bool:
        """Is ``loc`` part of one of the standard tables the budget reading read: a paragraph line taken
        as one of its rows (a text or PDF export prints a table's rows as paragraphs: "本年收入合计 2,188.65
        本年支出合计 2,172.26"; ``at``, the offset in the paragraph, tells which line of a paragraph that
        runs a page's narrative and tables together), or a cell of a document table whose rows it read?"""
        if self._table_places is None:
            tables: set[tuple] = set()
            spans: dict[tuple, list] = {}  # paragraph -> the spans of its lines read as table lines
            for t in self.tables:
                for ln in (x for x in [t.title_line, *t.lines, *t.notes] if x is not None):
                    tables.update((c.order, c.table) for c in [ln.loc, *(c for _, _, c in ln.cells)] if c.table is not None)
                    if ln.loc.table is None and ln.loc.paragraph is not None:
                        spans.setdefault((ln.loc.order, ln.loc.paragraph), []).append(ln.span)
            self._table_places = (tables, spans)
        tables, spans = self._table_places
        if loc.table is not None:
            return (loc.order, loc.table) in tables
        lines = spans.get((loc.order, loc.paragraph))
        # a line whose place in its paragraph is unknown (None) stands for the whole paragraph
        return lines is not None and (at is None or any(s is None or s[0] <= at < s[1] for s in lines))

    def table(self, kind: str) -> BTable | None:
        """The first table of ``kind`` that has figures (else the first one)."""
        ts = self.tables_of(kind)
        for t in ts:
            if t.data_rows():
                return t
        return ts[0] if ts else None


_STANDARD = {"summary", "fiscal_summary", "income", "expense", "gpb_expense", "gpb_basic", "fund", "soe", "sangong"}
_CODE_KINDS = {"income", "expense", "gpb_expense", "gpb_basic", "fund", "soe", None}


# ------------------------------------------------------------------ where a table ends

_PART_HEADING = regex.compile(r"^第[一二三四五六七八九十]+部分")
_NOTE = regex.compile(r"^(?:注|说明|备注)\s*\d?\s*[:：]")


def _is_narrative_heading(t: str) -> bool:
    """其他相关情况说明 / 一、2024年“三公”经费预算情况说明: a heading of the narrative."""
    return (not _NOTE.match(t) and len(t) <= 40 and t.endswith(("说明", "情况", "说明。", "情况。"))
            and not num_re.search(regex.sub(r"(?:19|20)\d{2}年度?", "", t)) and "，" not in t)


def _is_prose(text: str) -> bool:
    """A line of narrative (ends a table region): a sentence, a lead-in ending
    in a colon, a 科目 path, or an amount in 万元 followed by more words."""
    t = _WS.sub("", text)
    if _NOTE.match(t):
        return False
    if "。" in t or t.endswith(("：", ":")):
        return True
    if regex.search(r"[（(]\d{0,3}(?:类|款|项)[)）]|主要用于", t):
        return True
    return bool(regex.search(r"万元[，,；]", t)) or (len(t) >= 30 and t.count("，") >= 2)


# ------------------------------------------------------------------ the reading

_UNIT_LINE = regex.compile(r"单位\s*[:：]\s*(亿元|万元|元)")
_UNIT_PAREN = regex.compile(r"[（(]\s*(亿元|万元|元)\s*[)）]")


def _doc_kind_year(lines: list[SLine]) -> tuple[str, int | None]:
    head = "".join(_compact(ln.text) for ln in lines[:12])
    kind = "决算" if "决算" in head and "预算" not in head.split("决算")[0][-6:] else "预算"
    if "决算" not in head:
        kind = "预算"
    m = regex.search(r"((?:19|20)\d{2})年(?:度)?(?:区级|市级|县级)?(?:部门|单位)?(?:预算|决算)", head) or \
        regex.search(r"((?:19|20)\d{2})年", head)
    return kind, (int(m.group(1)) if m else None)


_AMOUNT = regex.compile(r"\d(?![\d,.]*\s*年)")  # a digit that is not part of a year
_ORG_LINE = regex.compile(r"^编制(?:部门|单位)")


def _is_table_title(ln: SLine) -> bool:
    return is_title(ln.text) and table_kind(ln.text) is not None


def _titles_after_bodies(lines: list[SLine]) -> list[SLine]:
    """The stream with each table's title before its body. A text export of some PDFs prints a page's
    rows first and its title block last: "单位：元 / 人员经费 公用经费 / 一、财政拨款收入 171,915,169 … /
    2025年预算单位财务收支预算总表 / 本年收入 本年支出 / … / 编制单位：…", then the next page's 单位 line.

    The document is read so when one title comes after rows that opened with a 单位 line no title came
    before, and its own lines (column words, not only 编制单位) carry no figure up to the next 单位 line; a
    table printed in the usual order has its 单位 line and column words after its title. Then every title
    that follows such untitled rows is moved, with its figure-free lines, to before their 单位 line (a
    page that continues a table without a 单位 line of its own keeps its rows after the moved block)."""
    reversed_ = False
    for strict in (True, False):
        out: list[SLine] = []
        opened: int | None = None  # where in ``out`` an untitled block's 单位 line stands
        rows = False  # has that block printed a figure yet
        i, n = 0, len(lines)
        while i < n:
            ln = lines[i]
            if _UNIT_LINE.search(ln.text) and len(_compact(ln.text)) <= 30:
                back = next((k for k in range(len(out) - 1, -1, -1) if _is_table_title(out[k])
                             or _AMOUNT.search(out[k].text)), None)
                titled = back is not None and _is_table_title(out[back])
                opened, rows = (None if titled else len(out)), False
                out.append(ln)
                i += 1
                continue
            if _is_table_title(ln) and opened is not None and rows:
                j = i + 1
                while j < n and not _UNIT_LINE.search(lines[j].text) and not _is_table_title(lines[j]) \
                        and not _AMOUNT.search(lines[j].text):
                    j += 1
                at_unit = j < n and bool(_UNIT_LINE.search(lines[j].text))
                words = any(not _ORG_LINE.match(_compact(x.text)) for x in lines[i + 1:j])
                if strict and at_unit and words:
                    reversed_ = True
                    break
                if not strict:
                    # the title block ends at its 编制单位 line; column words after it are the next
                    # page's, repeated, and stay where they are
                    end = next((k + 1 for k in range(j - 1, i, -1) if _ORG_LINE.match(_compact(lines[k].text))), j)
                    out[opened:opened] = lines[i:end]
                    opened, rows = None, False
                    i = end
                    continue
            if opened is not None and _AMOUNT.search(ln.text):
                rows = True
            out.append(ln)
            i += 1
        if not reversed_:
            return lines
    return out


def analyze_budget(doc: Document) -> BudgetDoc | None:
    """The budget reading of ``doc``; None when it is not a budget document."""
    stream = line_stream(doc)
    voc = budget_vocab()
    # Cheap first pass: a document without the standard tables is not one.
    kinds = {table_kind(ln.text) for ln in stream if len(ln.text) <= 60 and is_title(ln.text)}
    if len(kinds & _STANDARD) < voc.min_standard_tables:
        return None
    lines = _titles_after_bodies(stream)
    tables: list[BTable] = []
    narrative: list[SLine] = []
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if is_title(ln.text) and table_kind(ln.text) is not None:
            j = i + 1
            body: list[SLine] = []
            notes: list[SLine] = []
            while j < n:
                nxt = lines[j]
                tt = _WS.sub("", nxt.text)
                if is_title(nxt.text) and table_kind(nxt.text) is not None:
                    break
                if _PART_HEADING.match(tt) or (not nxt.in_table_block and _is_narrative_heading(tt)):
                    break
                if _NOTE.match(tt):
                    notes.append(nxt)
                    j += 1
                    continue
                if not nxt.in_table_block and _is_prose(nxt.text):
                    break
                if notes and not nxt.in_table_block:
                    break
                body.append(nxt)
                j += 1
            kind = table_kind(ln.text)
            head = next((k for k, b in enumerate(body) if _AMOUNT.search(b.text)), len(body))
            unit = _table_unit([ln] + body[:max(6, head)] + notes)  # the 单位 line sits above the rows
            t = BTable(kind, _WS.sub("", ln.text), ln, unit, notes=notes, lines=body)
            unit_free = [b for b in body if not _UNIT_LINE.search(b.text) and not regex.match(r"^\s*编制(?:部门|单位)", b.text)]
            _build_rows(t, unit_free, kind in _CODE_KINDS)
            tables.append(t)
            i = j
            continue
        narrative.append(ln)
        i += 1
    standard = {t.kind for t in tables if t.kind in _STANDARD}
    if len(standard) < voc.min_standard_tables:
        return None
    kind, year = _doc_kind_year(lines)
    return BudgetDoc(kind, year, tables, _passages(narrative), lines)


def _table_unit(lines: Iterable[SLine]) -> str | None:
    for ln in lines:
        m = _UNIT_LINE.search(ln.text)
        if m:
            return m.group(1)
    for ln in lines:
        m = _UNIT_PAREN.search(ln.text)
        if m:
            return m.group(1)
    return None
