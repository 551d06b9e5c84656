"""Breakdowns printed as "key：value" cells stacked in one column under a total row
(:class:`InlineList`: "其中: 一般公共预算: 2681.55 / 政府性基金拨款: 0 / … / 其他资金: 0")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from auditor.document import Cell
from auditor.nlp.tables.cells import _inline_kv
from auditor.nlp.tables.model import Section, TableFigure, TableRow
from auditor.nlp.tables.parts import _completeness
from auditor.nlp.tables.vocab import _COLUMNS, _NOT_SUMMED, _QIZHONG, norm_text

if TYPE_CHECKING:  # annotations only: AnalyzedTable.inline_lists() calls _find_inline_lists
    from auditor.nlp.tables.analysis import AnalyzedTable


_KEY_ONLY = regex.compile(r"^\s*(?:其中\s*[:：]\s*)?(?P<key>[^\d:：]{2,30}?)\s*[:：]\s*$")


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
    # when the head prints the list's total in a row of heads, the amounts of the row above it,
    # one of which that total must be (年度资金总额's 全年预算数 / 全年执行数)
    outer_totals: list[TableFigure] = field(default_factory=list)

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
                own_total: TableFigure | None = None
                for back in range(start - 1, max(-1, start - 4), -1):
                    r = rows[back]
                    rfigs = by_row.get(id(r), [])
                    if rfigs:
                        total_row = r
                        above = r.own_cell(k)
                        if _kv_kind(above) == "kv" and by_cell.get(id(above)) is not None \
                                and all(f.kind == "inline" for f in rfigs):
                            # a row of lists' heads, each printing its own list's total
                            # ("按收入性质分:2030.12" over its items, beside "按支出性质分:1925.67" over
                            # another list's); a row that also prints amounts in its columns
                            # (资金总额：1710.50 | 1710.50 | 1692.25) offers them all
                            own_total = by_cell[id(above)]
                            head = head or _kv_key(above)
                        break
                    above = r.own_cell(k)
                    if not head and _kv_kind(above) == "key":
                        head = _kv_key(above)
                if total_row is None:
                    continue
                units = {it.figure.quantity.unit for it in items if it.figure is not None}
                candidates = [own_total] if own_total is not None else by_row.get(id(total_row), [])
                totals = [f for f in candidates
                          if f.quantity.is_exact and f.measure not in _NOT_A_TOTAL
                          and f.quantity.unit in units and len(units) == 1
                          and (f.kind != "value" or (f.column is not None and f.column.kind == "num"))]
                if not totals:
                    continue
                outer: list[TableFigure] = []
                if own_total is not None:
                    # the amounts of the row above the heads (年度资金总额 | 861.10 | 2030.12 | 2030.12):
                    # each head's total is one of them
                    t_at = rows.index(total_row)
                    for back in range(t_at - 1, max(-1, t_at - 3), -1):
                        outer = [f for f in by_row.get(id(rows[back]), [])
                                 if f.kind == "value" and f.quantity.is_exact and f.measure not in _NOT_A_TOTAL
                                 and f.column is not None and f.column.kind == "num" and f.quantity.unit in units]
                        if outer:
                            break
                why = _completeness([it.key for it in items])
                out.append(InlineList(section=sec, column=k, head=head, items=items, total_row=total_row,
                                      totals=totals, complete=bool(why), why_complete=why, outer_totals=outer))
    out.sort(key=lambda L: (L.items[0].row.table.index, L.items[0].row.grid_row, L.column))
    return out
