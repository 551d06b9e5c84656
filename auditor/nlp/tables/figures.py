"""Every figure of a table with what it means (:class:`TableFigure`).

``_figures_of`` walks a table's rows: a figure under a column header, a
"key：value" cell, or the figures of a "人员编制|12|实有人数|14" row
(``_kv_figures``), each with its row path, column header, year, measure,
concept and unit (the column's, row's, block's or table's when the cell
prints none: ``_default_unit``)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Iterator

import regex

from auditor.document import Cell
from auditor.lexicons import load_lexicons
from auditor.link.concepts import clean_label, match_concept
from auditor.nlp.quantities import Quantity, date_like_amount
from auditor.nlp.tables.cells import _cell_quantity, _inline_kv
from auditor.nlp.tables.model import Column, Section, TableFigure, TableRow
from auditor.nlp.tables.vocab import _COLUMNS, _vocab, measure_of, norm_text, unit_of, year_of

if TYPE_CHECKING:  # annotations only: AnalyzedTable.figures() calls _figures_of
    from auditor.nlp.tables.analysis import AnalyzedTable


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


def _header_concept(header: str) -> str | None:
    """The concept a column header names: the whole header's, else its last level's; a last level that only
    totals ("公车购置及运行维护费 › 合计") names its parent's. A sub-column named by a word of its own
    (› 车辆购置) is not its parent."""
    c = match_concept(header)[0]
    if c is not None or " › " not in header:
        return c
    *up, leaf = header.split(" › ")
    c = match_concept(leaf)[0]
    if c is None and norm_text(leaf) in _vocab().total_rows:
        c = match_concept(up[-1])[0]
    return c


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
                if got is None and col is not None and col.kind == "num" \
                        and not any(w in "".join(col.path) for w in _COLUMNS["dates"]):
                    # 2030.12 in a column of amounts is an amount, not December 2030
                    dq = date_like_amount(cell.text)
                    got = (dq, (dq.start, dq.end)) if dq is not None else None
                if got is None:
                    continue
                q, span = got
                measure = (col.measure if col else None) or row_measure
                header = col.header if col else ""
                # along the label columns (三级 › 二级 › 一级), not up the numbering:
                # 水费、电费、差旅费 under 公用经费 is not 公用经费
                concept = _concept_along(row.label_path or row.path, None)
                if concept is None and header:
                    concept = _header_concept(header)
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


# ---------------------------------------------------------------- queries


def figures_of(tables: list[AnalyzedTable]) -> list[TableFigure]:
    """Every figure of every analysed table."""
    return [f for t in tables for f in t.figures()]
