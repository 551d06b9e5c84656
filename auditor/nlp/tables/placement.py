"""Rows placed on a section's effective columns.

A header row with fewer cells than the section is wide (a text export
collapsed its merged cells) is fitted over the row below (``_place_header``,
``_header_fit``); a collapsed body row is placed where its figures fit the
columns' kinds (``_place_row``); both try the compositions of the row's cells
over the columns (``_compositions``). A complete row a text export shifted by
one or two cells is moved back (``_realign_shifted``)."""

from __future__ import annotations

import itertools
import math
from typing import Iterator

from auditor.document import Cell
from auditor.nlp.tables.cells import _RawRow, _numeric_cell
from auditor.nlp.tables.model import Column, TableRow
from auditor.nlp.tables.vocab import _QIZHONG, _vocab, measure_of, norm_text


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


def _place_row(rr: _RawRow, width: int, text_export: bool, columns: list[Column], figures_from: int | None = None
               ) -> tuple[list[Cell | None], list[bool], bool]:
    """The row's cells placed on the columns. ``figures_from``: the column the row above begins its
    figures in; of two placements the columns fit equally well, the one that begins this row's figures
    there wins (the rows of a block are laid out alike)."""
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
        # the row above's layout, then the reader's own placement (last cell spans), wins ties
        natural = comp[-1] == width - len(cells) + 1
        alike = 0
        if figures_from is not None and True in nums:
            first = nums.index(True)
            alike = 1 if sum(comp[:first]) == figures_from else 0
        key = (round(score, 6), alike, 1 if natural else 0)
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
