"""A logical table and what it is: :class:`AnalyzedTable`.

Tables are joined with their continuations (the next table repeats a header
row, or goes on after a page break with nothing but page furniture between:
``_logical_tables``); ``analyze_table`` reads one logical table's title, unit,
year and sections, carries a block's money unit down (``_carry_units``) and
tells its kind (``_kind``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from auditor.document import Document, Paragraph, Table
from auditor.lexicons import load_lexicons
from auditor.link.concepts import match_concept
from auditor.nlp.tables.cells import _RawRow, _header_like, _is_figure_text, _raw_rows, _row_signature
from auditor.nlp.tables.figures import _figures_of
from auditor.nlp.tables.inline_lists import InlineList, _find_inline_lists
from auditor.nlp.tables.model import Section, TableFigure, TableRow
from auditor.nlp.tables.sections import _sections
from auditor.nlp.tables.vocab import _vocab, norm_text, unit_of, year_of


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


# ---------------------------------------------------------------- continuation


def _has_figures(rr: _RawRow) -> bool:
    return any(_is_figure_text(t) for t in rr.texts)


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
