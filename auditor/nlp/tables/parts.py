"""A total and its parts among a section's columns, and lists of parts that name the whole.

``_column_groups`` reads (total column, part columns) from "X | 其中：" headers
and, without 其中, from a "…合计" column followed by the parts of one standard
breakdown (``_named_part_groups``: "支出合计 | 基本支出 | 项目支出 | 结余").
``_completeness`` tells whether a list of keys names every part (it ends with
其他…, or its keys are one breakdown of lexicons/budget.yaml
``decompositions``); the inline lists use it too."""

from __future__ import annotations

from functools import lru_cache

import regex

from auditor.document import Cell
from auditor.nlp.tables.model import Column
from auditor.nlp.tables.vocab import _QIZHONG, clean_header, norm_text


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


_REST_KEY = regex.compile(r"^(?:其他|其余)")


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
