"""Year-on-year changes a table prints beside the two years it compares.

Rows: a "2016年比2015年增减%" row under the 2015年 and 2016年 rows (a 三公 comparison table), or
a "增减额" row under "上年决算" and "本年决算". Columns: "2015年决算数 | 2016年决算数 | 增减额 |
增减率" and the same with 上年 / 本年. Each cell of the change row (or column) is a
:class:`TableChange` of the two cells it compares; TB06 judges it. The words are
``table_changes`` in lexicons/relations.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from auditor.lexicons import alternation, load_lexicons
from auditor.nlp.tables.model import Section, TableFigure, TableRow
from auditor.nlp.tables.vocab import _YEAR, norm_text


@dataclass(slots=True)
class TableChange:
    """One printed change of a table and the two figures it is computed from."""

    prior: TableFigure
    current: TableFigure
    change: TableFigure
    kind: str  # "pct": (current − prior) ÷ prior × 100 | "amount": current − prior
    label: str  # the change row's label or column's header, as the message names it


@dataclass(frozen=True)
class _Words:
    change: regex.Pattern
    pct: regex.Pattern
    last: regex.Pattern
    this: regex.Pattern


@lru_cache(maxsize=1)
def _words() -> _Words:
    w = load_lexicons().relations["table_changes"]
    return _Words(change=regex.compile(alternation(w["words"])), pct=regex.compile(alternation(w["pct"])),
                  last=regex.compile(alternation(w["last_year"])), this=regex.compile(alternation(w["this_year"])))


def _period(text: str) -> tuple[str, int] | None:
    """When a label or header says its figures are: ("year", 2016), or ("relative", 0 | 1) for 上年 / 本年."""
    t = norm_text(text)
    years = [int(y) for y in _YEAR.findall(t)]
    if len(years) == 1:
        return ("year", years[0])
    if years:
        return None
    W = _words()
    if W.last.search(t):
        return ("relative", 0)
    if W.this.search(t):
        return ("relative", 1)
    return None


def _change_kind(text: str, figures: list[TableFigure]) -> str | None:
    """"pct" or "amount" for a label that names a change, else None."""
    t = norm_text(text)
    W = _words()
    if not W.change.search(t):
        return None
    if W.pct.search(t) or (figures and all(f.quantity.unit == "%" for f in figures)):
        return "pct"
    return "amount" if not any(f.quantity.unit == "%" for f in figures) else None


def _compared(text: str, periods: dict[int, tuple[str, int]], before: list[int]) -> tuple[int, int] | None:
    """(prior, current) among the candidates ``before`` (nearest last): the two years the change's own
    words name ("2016年比2015年"), else the two nearest of one kind, the earlier being the prior."""
    named = [int(y) for y in _YEAR.findall(norm_text(text))]
    if len(named) == 2:
        by_year = {periods[k][1]: k for k in before if periods[k][0] == "year"}
        if all(y in by_year for y in named):
            a, b = by_year[named[0]], by_year[named[1]]
            return (a, b) if named[0] < named[1] else (b, a)
        return None
    if named:
        return None
    near = list(reversed(before))[:2]
    if len(near) != 2 or periods[near[0]][0] != periods[near[1]][0] or periods[near[0]][1] == periods[near[1]][1]:
        return None
    x, y = near
    return (x, y) if periods[x][1] < periods[y][1] else (y, x)


def _exact(f: TableFigure | None) -> bool:
    return f is not None and f.quantity.is_exact and f.quantity.dimension != "duration"


def table_changes(at) -> list[TableChange]:
    """Every change a table prints in a row or a column of its own, with the figures it compares."""
    out: list[TableChange] = []
    for sec in at.sections:
        out += _row_changes(at, sec)
        out += _column_changes(at, sec)
    return out


def _row_changes(at, sec: Section) -> list[TableChange]:
    out = []
    rows: list[TableRow] = sec.rows
    periods: dict[int, tuple[str, int]] = {}
    for k, r in enumerate(rows):
        label = " ".join(r.label_path) or r.label
        figs = [f for f in at.figures_in_row(r) if f.kind == "value"]
        kind = _change_kind(label, figs)
        if kind is None:
            p = _period(label)
            if p is not None:
                periods[k] = p
            continue
        pair = _compared(label, periods, sorted(periods))
        if pair is None:
            continue
        prior_row, cur_row = rows[pair[0]], rows[pair[1]]
        for ch in figs:
            if ch.column is None or not _exact(ch):
                continue
            p, c = at.figure_at(prior_row, ch.column.index), at.figure_at(cur_row, ch.column.index)
            if _exact(p) and _exact(c) and p.quantity.unit != "%" and c.quantity.unit != "%":
                out.append(TableChange(p, c, ch, kind, label))
    return out


def _column_changes(at, sec: Section) -> list[TableChange]:
    out = []
    periods: dict[int, tuple[str, int]] = {}
    changes: list[tuple[int, str]] = []
    for col in sec.columns:
        if col.kind != "num":
            continue
        figs = [f for r in sec.rows if (f := at.figure_at(r, col.index)) is not None]
        kind = _change_kind(col.header, figs)
        if kind is not None:
            changes.append((col.index, kind))
            continue
        p = _period(col.header)
        if p is not None:
            periods[col.index] = p
    for idx, kind in changes:
        header = next(c.header for c in sec.columns if c.index == idx)
        pair = _compared(header, periods, [k for k in sorted(periods) if k < idx])
        if pair is None:
            continue
        for r in sec.rows:
            ch, p, c = (at.figure_at(r, i) for i in (idx, *pair))
            if _exact(ch) and _exact(p) and _exact(c) and p.quantity.unit != "%" and c.quantity.unit != "%":
                out.append(TableChange(p, c, ch, kind, header))
    return out
