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

The reading is split by concern, one module each; a module imports only the
ones listed before it (``model``, ``figures`` and ``inline_lists`` name
:class:`AnalyzedTable` in annotations only), and :func:`analyze_tables` below
runs the whole reading:

* ``vocab``: text without whitespace, the measure a header names, years,
  units, label maxima, the table vocabulary, list markers, the measures that
  never add up down a column.
* ``cells``: what a cell's text holds (a figure, "key：value", a list marker, a
  total label), header rows, and the rows of a grid as read (``_RawRow``).
* ``model``: :class:`Column`, :class:`TableRow`, :class:`Section`,
  :class:`TableFigure`.
* ``placement``: header rows and collapsed rows placed on the effective
  columns; rows a text export shifted realigned.
* ``parts``: a total column and its parts (其中 headers, standard
  breakdowns), and whether a list of keys names the whole.
* ``labels``: row labels filled down (markers, totals, maxima) and the
  hierarchy of a single label column.
* ``sections``: the blocks under their header rows, each built into a
  :class:`Section` (columns' kinds, label and code columns, a Markdown
  table's spans).
* ``figures``: every figure with its row path, column, year, measure,
  concept and unit (:class:`TableFigure`), :func:`figures_of`.
* ``inline_lists``: "key：value" breakdowns under a total row
  (:class:`InlineList`).
* ``analysis``: :class:`AnalyzedTable`, tables joined with their
  continuations, :func:`analyze_table` (title, unit, year, kind).
"""

from __future__ import annotations

from auditor.document import Document
from auditor.nlp.tables.analysis import AnalyzedTable, _logical_tables, analyze_table
from auditor.nlp.tables.figures import figures_of  # noqa: F401  (re-exported)
from auditor.nlp.tables.inline_lists import InlineItem, InlineList
from auditor.nlp.tables.model import Column, Section, TableFigure, TableRow
from auditor.nlp.tables.vocab import (  # noqa: F401  (re-exported: importers and tests use them)
    _column_measure,
    clean_header,
    label_max_score,
    measure_of,
    norm_text,
    unit_of,
    year_of,
)

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
