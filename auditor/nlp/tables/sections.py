"""The blocks of a table, each under its own header row(s), each built into a :class:`Section`.

``_sections`` cuts the rows into blocks at caption rows and header rows (a
header repeated after a page break stays in its block); ``_build_section``
counts the block's width in cells, places its header and body rows
(``placement``), gives each column its path, year, measure, unit and kind
(classification-code columns: ``_mark_code_columns``), finds the label
columns, fills the labels and builds the hierarchy (``labels``) and the
column groups (``parts``). A Markdown pipe table cannot merge cells: its
spans are empty cells (``_continue_headers``) and its narrower blocks come
padded (``_drop_empty_trailing_columns``)."""

from __future__ import annotations

import regex

from auditor.nlp.tables.cells import (
    _RawRow,
    _header_continuation,
    _header_like,
    _inline_kv,
    _is_figure_text,
    _numeric_cell,
    _row_signature,
)
from auditor.nlp.tables.labels import _build_hierarchy, _fill_labels
from auditor.nlp.tables.model import Column, Section, TableRow
from auditor.nlp.tables.parts import _column_groups
from auditor.nlp.tables.placement import _place_header, _place_row, _realign_shifted
from auditor.nlp.tables.vocab import _QIZHONG, _column_measure, _vocab, norm_text, unit_of, year_of


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
            if cur is not None and header_block and not body and _fills_header(header_block[-1], rr):
                # the second row of a two-row header whose first cells do not leave theirs blank
                # (绩效指标 | | | 年度指标值 | | | 实际完成值 | 分值 | 得分 over 一级指标 | 二级指标 | 三级指标 |
                # 指标性质 | 指标值 | 度量单位 | | |): it names the columns the row above left open
                header_block.append(rr)
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


def _fills_header(above: _RawRow, rr: _RawRow) -> bool:
    """``rr`` names columns the header row above leaves blank, and leaves blank some the row above
    names (their cells merged down over both rows): the two are one header."""
    up = [bool(norm_text(t)) for t in above.texts]
    down = [bool(norm_text(t)) for t in rr.texts]
    width = max(len(up), len(down))  # a text export drops a row's trailing blank cells
    up += [False] * (width - len(up))
    down += [False] * (width - len(down))
    fills = sum(1 for a, b in zip(up, down) if b and not a)
    open_below = sum(1 for a, b in zip(up, down) if a and not b)
    return fills >= 2 and open_below >= 2


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
    figures_from = None  # the column the row above begins its figures in
    for rr in body:
        slots, own, collapsed = _place_row(rr, width, text_export, columns, figures_from)
        row = TableRow(table=rr.table, grid_row=rr.r, cells=slots, own=own, collapsed=collapsed)
        rows.append(row)
        first = next((k for k, c in enumerate(slots) if own[k] and _numeric_cell(c)), None)
        if first is not None:
            figures_from = first
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
