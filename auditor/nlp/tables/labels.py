"""Row labels and the hierarchy of rows.

``_fill_labels`` fills the label columns down over merged or empty cells and
sets each row's path, own label, marker, indent, total flag and printed
maxima. In a single label column ``_build_hierarchy`` gives each row its
parent from the labels themselves (一、/（一）/1、/(1)/①, 其中, "……", an
unnumbered row under a numbered one it fits under, judged over the rest of
its list: ``_fits``, ``_fits_mostly``)."""

from __future__ import annotations

from auditor.link.concepts import clean_label, match_concept
from auditor.nlp.tables.cells import _cell_quantity, _inline_kv, _is_total_label, _marker, _numeric_cell, _ordinal
from auditor.nlp.tables.model import Column, TableRow
from auditor.nlp.tables.vocab import _MARKER_RANK, _NOT_SUMMED, _QIZHONG, _vocab, label_max_score, norm_text


def _numbering_after_qizhong(label: str) -> str | None:
    """The list numbering a 其中 row carries after its 其中 ("其中:(1)运转维护费" → paren_arabic)."""
    rest = _QIZHONG.sub("", norm_text(label), count=1).strip()
    m = _marker(rest) if rest else None
    return m if m in _MARKER_RANK else None


def _serial_columns(rows: list[TableRow], label_cols: list[int]) -> set[int]:
    """Label columns that only number the rows (序号 1, 2, 3 …, counted from 1 without a gap): a new number
    opens no new group, so the blank (merged) cells to its right still carry the labels above them. A 类
    code column (201, 204, 207) is not one: its codes do open groups."""
    out = set()
    for k in label_cols[:-1]:
        vals = [norm_text(r.text(k)) for r in rows if r.cells[k] is not None and r.own[k] and norm_text(r.text(k))]
        if len(vals) >= 3 and all(v.isdigit() and len(v) <= 3 for v in vals) and int(vals[0]) == 1 \
                and all(int(b) == int(a) + 1 for a, b in zip(vals, vals[1:])):
            out.add(k)
    return out


def _fill_labels(rows: list[TableRow], label_cols: list[int], columns: list[Column]) -> None:
    prev: list[str] = [""] * len(label_cols)
    serial = _serial_columns(rows, label_cols)
    for row in rows:
        texts = [row.text(k) if row.cells[k] is not None else "" for k in label_cols]
        covered = [False] * len(label_cols)
        for j in range(1, len(label_cols)):
            a, b = row.cells[label_cols[j - 1]], row.cells[label_cols[j]]
            if a is not None and a is b:
                texts[j] = ""
                covered[j] = True
        # a kv row: [label, figure] (or label | value | label | value) with nothing else
        ne = [(k, c) for k, c in enumerate(row.cells) if c is not None and norm_text(c.text) and row.own[k]]
        if row.collapsed and len(ne) == 2 and not _numeric_cell(ne[0][1]) and _numeric_cell(ne[1][1]):
            row.kv = True
        labels: list[str] = []
        inherited = True
        for j, k in enumerate(label_cols):
            t = texts[j]
            if k in serial:
                labels.append("")  # a row number groups nothing
            elif norm_text(t) and not row.own[k] and row.cells[k] is not None and row.cells[k].row != row.grid_row:
                # a cell merged down from a row above: the same label, still inherited
                labels.append(t)
            elif norm_text(t):
                inherited = False
                labels.append(t)
            elif covered[j]:
                labels.append("")
            elif inherited and not row.kv:
                labels.append(prev[j])
            else:
                labels.append("")
        row.labels = labels
        prev = labels
        kv_fix = []
        for t in labels:
            kvm = _inline_kv(t)
            kv_fix.append(kvm[0] if kvm else t)
        # classification codes (201 | 05 | 07) name rows for machines, not readers
        row.path = [cl for cl in (clean_label(t) for t in kv_fix) if cl and not cl.isdigit()]
        own_labels = [t for j, t in enumerate(kv_fix) if norm_text(texts[j])]
        row.label = (own_labels[-1] if own_labels else (kv_fix[-1] if kv_fix else "")).strip()
        if not row.label and row.kv:
            row.label = ne[0][1].text.strip()
            row.path = [clean_label(row.label)]
        row.marker = _marker(row.label)
        raw_label = ""
        for k in label_cols:
            c = row.cells[k]
            if c is not None and norm_text(c.text):
                raw_label = c.text
        row.indent = len(raw_label) - len(raw_label.lstrip(" \u3000"))
        row.is_total = bool(row.label) and _is_total_label(row.label) and len(row.path) <= 1
        row.max_score = label_max_score(row.label)
        for j, k in enumerate(label_cols):
            m = label_max_score(labels[j])
            if m is not None:
                row.group_max[k] = m


# ---------------------------------------------------------------- hierarchy


def _row_values(row: TableRow, columns: list[Column]) -> dict[int, float]:
    out = {}
    for col in columns:
        if col.kind != "num":
            continue
        c = row.own_cell(col.index)
        if c is None:
            continue
        q = _cell_quantity(c.text)
        if q and q[0].is_exact:
            out[col.index] = q[0].value
    return out


def _fits(parent: TableRow, kids: list[TableRow], columns: list[Column]) -> bool:
    """The kids' values add up to no more than the parent's, column by column."""
    pv = _row_values(parent, columns)
    sums: dict[int, float] = {}
    for k in kids:
        for c, v in _row_values(k, columns).items():
            sums[c] = sums.get(c, 0.0) + v
    for c, s in sums.items():
        if c in pv and s > pv[c] + 0.011 + 1e-6 * abs(pv[c]):
            return False
        if c not in pv and _has_any_value(parent, columns):
            # the parent prints other columns but not this one: no evidence either way
            continue
    return True


def _fits_mostly(parent: TableRow, kids: list[TableRow], columns: list[Column]) -> bool:
    """The kids fit their parent (``_fits``), or add up to it exactly in more
    columns than they exceed it: then the columns they exceed hold a broken
    sum, not a row that belongs elsewhere."""
    if _fits(parent, kids, columns):
        return True
    pv = _row_values(parent, columns)
    sums: dict[int, float] = {}
    for k in kids:
        for c, v in _row_values(k, columns).items():
            sums[c] = sums.get(c, 0.0) + v
    exact = over = 0
    # rates and scores do not add up: a merged cell repeated into them says nothing
    additive = {col.index for col in columns if col.measure not in _NOT_SUMMED and col.unit != "%"}
    for c, s in sums.items():
        if c not in pv or c not in additive:
            continue
        tol = 0.011 + 1e-6 * abs(pv[c])
        if s > pv[c] + tol:
            over += 1
        elif abs(s - pv[c]) <= 0.005 + 1e-9 * abs(pv[c]) and pv[c] != 0:
            exact += 1
    return exact >= max(1, over)


def _has_any_value(row: TableRow, columns: list[Column]) -> bool:
    return bool(_row_values(row, columns))


def _is_block_head(row: TableRow) -> bool:
    concept, score = match_concept(row.label)
    return concept is not None and score >= 95 and concept in _vocab().block_heads


def _build_hierarchy(rows: list[TableRow], columns: list[Column]) -> None:
    """Parent/children of the rows of a single-label-column section."""
    has_indent = len({r.indent for r in rows if r.label}) > 1
    prev: TableRow | None = None

    def chain(r: TableRow | None) -> list[TableRow]:
        out = []
        while r is not None:
            out.append(r)
            r = r.parent
        return list(reversed(out))

    def attach(r: TableRow, parent: TableRow | None):
        r.parent = parent
        if parent is not None:
            parent.children.append(r)

    def run_after(i: int) -> list[TableRow]:
        """The unnumbered item rows that follow rows[i] (the rest of its list)."""
        out = []
        for x in rows[i + 1:]:
            if not x.label or x.kv:
                continue
            if x.marker is not None or x.is_total or _is_block_head(x) or len(out) >= 30:
                break
            out.append(x)
        return out

    def fits_with_run(par: TableRow, kids: list[TableRow], i: int) -> bool:
        """``rows[i]`` joins ``kids`` under ``par``: they fit, or — looking ahead over the
        rest of the list — the whole list adds up to ``par`` exactly in more columns than it
        exceeds it (one wrong figure must not tear a row out of its list)."""
        if _fits_mostly(par, kids + [rows[i]], columns):
            return True
        run = run_after(i)
        for end in range(1, len(run) + 1):
            if _fits_mostly(par, kids + [rows[i]] + run[:end], columns):
                return True
        return False

    seen: list[TableRow] = []
    for idx, r in enumerate(rows):
        if not r.label or r.kv:
            continue
        seen.append(r)
        m = r.marker
        if r.is_total:
            attach(r, None)
            prev = r
            continue
        if prev is None:
            attach(r, None)
            prev = r
            continue
        if m in _MARKER_RANK:
            target = None
            ch = chain(prev)
            # 1. the same numbering above: a sibling
            for node in reversed(ch):
                if node.marker == m or (node.marker == "qizhong" and _numbering_after_qizhong(node.label) == m):
                    # "其中:(1)公务用车运转维护费" numbers the first of the list "(2)公务用车购置费" goes on
                    target = node
                    break
            if target is None and _ordinal(r.label) != 1:
                # 2. an earlier row of the same numbering, its list not closed by a higher-level
                #    numbering since: 二、 after 一、's block ("1、" always opens a new list)
                for earlier in reversed(seen[:-1]):
                    if earlier.marker in _MARKER_RANK and _MARKER_RANK[earlier.marker] < _MARKER_RANK[m]:
                        break
                    if earlier.marker == m:
                        target = earlier
                        break
            if target is None:
                # 3. a lower-level numbering above closes: （一） after 1、
                for node in ch:
                    if node.marker in _MARKER_RANK and _MARKER_RANK[node.marker] > _MARKER_RANK[m]:
                        target = node
                        break
            attach(r, target.parent if target is not None else prev)
        elif m == "qizhong":
            if prev.marker == "qizhong" and not _fits(prev, [r], columns):
                attach(r, prev.parent)
            else:
                attach(r, prev)
        elif m == "ellipsis":
            attach(r, prev.parent)
            if prev.parent is not None:
                prev.parent.incomplete = True
            continue  # the row before the ellipsis stays "previous"
        else:
            placed = False
            head = _is_block_head(r)
            # in a 其中 run: a sibling of the 其中 row, if it fits (a row naming a block of its
            # own joins only right after the 其中 row: 其中：人员经费 / 公用经费)
            if prev.parent is not None and (prev.marker == "qizhong" or (not head and
                    prev.marker is None and any(s.marker == "qizhong" for s in prev.parent.children))):
                par = prev.parent
                if fits_with_run(par, [k for k in par.children if k.marker != "ellipsis"], idx):
                    attach(r, par)
                    placed = True
            if not placed and not head:
                # under a numbered row: the numbered row itself, or the parent of an unnumbered child
                numbered = None
                if prev.marker in _MARKER_RANK:
                    numbered = prev
                elif prev.marker is None and prev.parent is not None and prev.parent.marker in _MARKER_RANK:
                    numbered = prev.parent
                if numbered is not None:
                    if has_indent:
                        ok = r.indent > numbered.indent
                    else:
                        ok = fits_with_run(numbered, [k for k in numbered.children if k.marker is None], idx)
                    if ok:
                        attach(r, numbered)
                        placed = True
            if not placed:
                attach(r, None)
        prev = r
