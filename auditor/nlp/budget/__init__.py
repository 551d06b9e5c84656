"""部门预算 / 部门决算 documents: their standard tables and the narrative that restates them.

Every department publishes, each year, a budget (部门预算 / 单位预算) and a final
account (部门决算) on a national template: 收支总表, 收入表, 支出表, 财政拨款收支总表,
一般公共预算(财政拨款)支出表 by 功能分类科目 (类 › 款 › 项), 基本支出表 by 经济分类
(301 / 302 / 303 …), 政府性基金 and 国有资本经营 tables, the “三公”经费 table and
project 绩效目标 tables, followed (决算) or preceded (预算) by a narrative
(情况说明 / 编制说明) restating them.

One reading for every input format
----------------------------------
A text export (``pdftotext -raw``) flattens the tables: one visual line per
line, empty cells vanish, long labels and cells wrap onto the next line, and
narrative sentences wrap mid-word. A PDF read by pdfplumber gives ruled tables
as tables and joined paragraphs. So that both give the same findings, both are
first turned into the same *line stream*: a paragraph is a line (a text
export's paragraph is already one printed line), a table row is a line of its
non-empty cells joined by spaces (each character remembers its cell, so
evidence points at the cell). A web page saved as text, whose 附件 tables run
into its one paragraph, is first cut into lines (:mod:`auditor.nlp.flat_pages`).
Everything in this package reads that stream only; column
positions of empty cells are never relied on.

Tables
    A table starts at a title line (short, ends in 表, not numbered like a
    table of contents entry) and runs to the next title, a 第N部分 heading or
    the first line of prose (a sentence with a full stop or an amount in
    万元 followed by a comma); notes (注 / 说明) under it are kept. The title
    names the kind (lexicons/budget.yaml ``table_kinds``); the unit comes
    from a "单位：元/万元" line near the title.

    Rows are rebuilt from tokens: a 功能分类 code (3, 5 or 7 digits starting
    with 2, or split "201 06 01") or 经济分类 code (30x, 31x, 5xx …) starts a
    row, so does a numbered label (一、…), a total (合计, 总计, 人员经费合计 …)
    or a label after a row that already has figures; a label fragment with no
    figures yet continues the label it wrapped from; figures are appended in
    reading order. Header text before the first row with figures names the
    columns (合计 / 基本支出 / 项目支出 …).

Narrative
    Lines outside tables are joined into passages: a passage starts at a
    heading (一、… / （一）… / 第N部分) or a numbered item (1. / 1、), and a
    heading without figures is a passage of its own, so a sentence wrapped
    over lines, or split into paragraphs by a PDF reader, is read whole.
    Whitespace is removed (except between two digits). Each character keeps
    the location of the line it came from.

The reading is split into one module a family, each importing only those
listed before it (``tables``, ``passages`` and ``statements`` name the records
of a later module in annotations only), and this package re-exports what its
importers use:

* ``lines``: the line stream (:class:`SLine`, :func:`line_stream`, a PDF's
  split baselines refilled), :class:`Num`, ``num_re``, ``UNIT_FACTORS``,
  :func:`norm_label`.
* ``vocab``: lexicons/budget.yaml as :class:`BudgetVocab` (:func:`budget_vocab`).
* ``tables``: titles and their kinds, rows rebuilt from tokens, columns,
  :class:`BRow`, :class:`BTable`, a 收支总表's sides (:func:`summary_sides`) and carry-over
  breakdowns (:func:`carry_breakdowns`).
* ``sangong``: the “三公”经费 table by column (:func:`sangong_of`).
* ``passages``: the narrative joined into :class:`Passage` records.
* ``statements``: what the narrative states: amounts, 科目 items
  (:func:`items_of`), changes, shares, completion rates.
* ``document``: :func:`analyze_budget`, which cuts the stream into tables and
  passages, and :class:`BudgetDoc`.
"""

from __future__ import annotations

from auditor.nlp.budget.document import BudgetDoc, analyze_budget
from auditor.nlp.budget.lines import (  # noqa: F401  (re-exported: importers and tests use them)
    UNIT_FACTORS,
    Num,
    SLine,
    _refill_split_baselines,
    line_stream,
    norm_label,
    num_re,
)
from auditor.nlp.budget.passages import Passage
from auditor.nlp.budget.sangong import Sangong, sangong_of  # noqa: F401  (re-exported)
from auditor.nlp.budget.statements import (  # noqa: F401  (re-exported)
    Change,
    Completion,
    Item,
    Share,
    changes_of,
    completions_of,
    items_of,
    iter_amounts,
    label_before,
    parse_item,
    shares_of,
)
from auditor.nlp.budget.tables import (  # noqa: F401  (re-exported)
    BRow,
    BTable,
    CarrySum,
    SideSum,
    Tok,
    _strip_numbering,
    carry_breakdowns,
    is_title,
    rows_foot,
    summary_sides,
    table_kind,
)
from auditor.nlp.budget.vocab import BudgetVocab, budget_vocab  # noqa: F401  (re-exported)

__all__ = [
    "BudgetDoc",
    "BTable",
    "BRow",
    "CarrySum",
    "Num",
    "Passage",
    "SLine",
    "SideSum",
    "analyze_budget",
    "budget_vocab",
    "carry_breakdowns",
    "norm_label",
    "num_re",
    "summary_sides",
]
