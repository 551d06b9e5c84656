"""What every renderer shares: labels, number formatting, quotations,
table excerpts, summaries and safe file writing.

Renderers read :class:`~auditor.findings.AuditResult` and
:class:`~auditor.findings.Finding` records only; nothing here knows a check.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from auditor.errors import OutputError
from auditor.findings import AuditResult, Evidence, Finding, Severity

# --------------------------------------------------------------------- labels

_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "预算绩效报告数字核查结果",
        "unit": "单位",
        "year": "年度",
        "format": "格式",
        "figures": "读取数字",
        "relations": "核对关系",
        "findings": "问题",
        "files": "文件",
        "expected": "期望",
        "found": "实际",
        "difference": "差额",
        "tolerance": "容差",
        "hint": "提示",
        "explanation": "依据",
        "location": "位置",
        "quote": "引文",
        "no_findings": "未发现问题。",
        "failed": "无法读取",
        "ask": "请核实并更正，或说明差异原因。",
        "see_also": "另见",
        "unlocated": "未能在原文中定位",
        "summary": "汇总",
        "status": "状态",
        "ok": "已核查",
        "code": "代码",
        "name": "名称",
        "severity": "严重程度",
        "message": "说明/提示",
        "expected_value": "期望值",
        "found_value": "实际值",
        "sheet_findings": "问题清单",
        "sheet_summary": "汇总",
        "error_col": "错误信息 / 说明",
        "total": "合计",
        "whole_document": "全文",
        "skipped": "已跳过",
        "hidden": "未显示",
        "wrote": "已写入",
    },
    "en": {
        "title": "Budget performance report: figure check",
        "unit": "unit",
        "year": "year",
        "format": "format",
        "figures": "figures read",
        "relations": "relations checked",
        "findings": "findings",
        "files": "files",
        "expected": "expected",
        "found": "found",
        "difference": "difference",
        "tolerance": "tolerance",
        "hint": "Hint",
        "explanation": "Basis",
        "location": "location",
        "quote": "quote",
        "no_findings": "No findings.",
        "failed": "could not be read",
        "ask": "Please check and correct the figures, or explain the difference.",
        "see_also": "see also",
        "unlocated": "could not be located in the source",
        "summary": "Summary",
        "status": "status",
        "ok": "checked",
        "code": "Code",
        "name": "Name",
        "severity": "Severity",
        "message": "Message / hint",
        "expected_value": "Expected",
        "found_value": "Found",
        "sheet_findings": "Findings",
        "sheet_summary": "Summary",
        "error_col": "Error / note",
        "total": "Total",
        "whole_document": "document",
        "skipped": "skipped",
        "hidden": "hidden",
        "wrote": "wrote",
    },
}


def label(key: str, lang: str = "zh") -> str:
    """A user-facing word in ``lang`` (Chinese unless ``lang == "en"``)."""
    return _LABELS["en" if lang == "en" else "zh"][key]


def severity_label(sev: Severity, lang: str = "zh") -> str:
    """错误/警告/提示, or error/warning/info."""
    return sev.label_en if lang == "en" else sev.label_zh


SEVERITIES_DESC = (Severity.ERROR, Severity.WARNING, Severity.INFO)

# One colour per severity, shared by every visual format.
SEVERITY_COLOURS = {
    Severity.ERROR: "#c62828",
    Severity.WARNING: "#b26a00",
    Severity.INFO: "#1565c0",
}


def finding_name(f: Finding, lang: str) -> str:
    return (f.name_en or f.name) if lang == "en" else f.name


def finding_message(f: Finding, lang: str) -> str:
    return (f.message_en or f.message) if lang == "en" else f.message


def plain_finding_line(f: Finding, lang: str = "zh") -> str:
    """The finding in one line: what a renderer shows when it cannot show more."""
    sep = ": " if lang == "en" else "："
    return f"{f.code} {finding_name(f, lang)}{sep}{finding_message(f, lang)}"


def finding_hint(f: Finding, lang: str) -> str | None:
    return (f.hint_en or f.hint) if lang == "en" else f.hint


def severity_note(f: Finding, lang: str = "zh") -> str | None:
    """Why this finding is shown at another severity than its check's default:
    "定为警告：人数、个数等计数常因统计口径不同而不一致…"."""
    reason = (f.severity_reason_en or f.severity_reason) if lang == "en" else f.severity_reason
    if not reason:
        return None
    if lang == "en":
        return f"Severity {f.severity.label_en}: {reason}."
    return f"定为{f.severity.label_zh}：{reason}。"


def finding_explanation(f: Finding, lang: str) -> str:
    return (f.explanation_en or f.explanation) if lang == "en" else f.explanation


# -------------------------------------------------------------------- numbers


def _decimals(v: float, cap: int = 4) -> int:
    """Fewest decimals that print ``v`` without losing digits (float noise aside)."""
    for d in range(cap + 1):
        if abs(round(v, d) - v) < 1e-9 * max(1.0, abs(v)):
            return d
    return cap


def finding_decimals(f: Finding) -> int:
    """One number of decimals for all of a finding's figures, so they line up.

    Differences are excluded: 2609.67 − 2609.57 is 0.0999999… in floats.
    """
    vals = [v for v in (f.expected, f.found) if isinstance(v, (int, float)) and not isinstance(v, bool)]
    vals += [e.value for e in f.evidence if e.value is not None]
    ds = [_decimals(float(v)) for v in vals if math.isfinite(float(v))]
    return max(ds, default=2)


def format_number(v: Any, unit: str | None = None, *, decimals: int | None = None, signed: bool = False) -> str:
    """2609.67万元, 99.04%, +0.10万元; strings pass through with the unit added."""
    if v is None:
        return "—"
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        s = str(v)
    elif not math.isfinite(float(v)):
        s = str(v)
    else:
        d = _decimals(float(v)) if decimals is None else decimals
        s = f"{float(v):{'+' if signed else ''}.{d}f}"
        if s.lstrip("+-").strip("0.") == "":  # no "-0.00" / "+0.00"
            s = s.lstrip("+-")
    if unit and not s.endswith(unit):
        s += unit
    return s


@dataclass(slots=True)
class ValueItem:
    key: str  # expected | found | difference | tolerance
    label: str
    text: str


def difference_unit(unit: str | None, lang: str = "zh") -> str | None:
    """Two percentages differ by percentage points: 97.5% − 100% is −2.5个百分点."""
    if unit == "%":
        return "个百分点" if lang != "en" else " percentage points"
    return unit


def tolerance_decimals(f: Finding) -> int:
    d = finding_decimals(f)
    if isinstance(f.tolerance, (int, float)) and math.isfinite(float(f.tolerance)):
        return max(d, _decimals(float(f.tolerance)))
    return d


def rounded_values(f: Finding) -> dict[str, Any]:
    """expected/found/difference/tolerance rounded to the precision they are
    printed with (no 0.04999999999999982 in the JSON)."""
    d, td = finding_decimals(f), tolerance_decimals(f)
    out = {}
    for key, places in (("expected", d), ("found", d), ("difference", d), ("tolerance", td)):
        v = getattr(f, key)
        if isinstance(v, float) and math.isfinite(v):
            v = round(v, places)
            if v == 0:
                v = 0.0  # not -0.0
        out[key] = v
    return out


def value_items(f: Finding, lang: str = "zh") -> list[ValueItem]:
    """期望/实际/差额/容差 of a finding, formatted with its unit; absent ones left out."""
    d = finding_decimals(f)
    du = difference_unit(f.unit, lang)
    out: list[ValueItem] = []
    if f.expected is not None:
        out.append(ValueItem("expected", label("expected", lang), format_number(f.expected, f.unit, decimals=d)))
    if f.found is not None:
        out.append(ValueItem("found", label("found", lang), format_number(f.found, f.unit, decimals=d)))
    if f.difference is not None:
        out.append(
            ValueItem("difference", label("difference", lang), format_number(f.difference, du, decimals=d, signed=True))
        )
    if f.tolerance is not None:
        tol = format_number(f.tolerance, du, decimals=tolerance_decimals(f))
        out.append(ValueItem("tolerance", label("tolerance", lang), "±" + tol.lstrip("±")))
    return out


def values_sentence(f: Finding, lang: str = "zh") -> str:
    """期望 2609.67万元，实际 2609.57万元，差额 -0.10万元，容差 ±0.01万元"""
    sep = "，" if lang != "en" else ", "
    return sep.join(f"{v.label} {v.text}" for v in value_items(f, lang))


# ----------------------------------------------------------------- quotations


def display_width(s: str) -> int:
    """Terminal/spreadsheet cell width: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else (0 if unicodedata.combining(ch) else 1) for ch in s)


def figure_span(ev: Evidence) -> tuple[int, int] | None:
    """Where the printed figure sits in ``ev.text``: ``span`` if it is valid,
    else the first occurrence of ``printed``."""
    text = ev.text or ""
    if ev.span is not None:
        a, b = ev.span
        if 0 <= a < b <= len(text):
            return (a, b)
    if ev.printed:
        i = text.find(ev.printed)
        if i >= 0:
            return (i, i + len(ev.printed))
    return None


_SENTENCE_ENDS = "。；;！？!?\n"


def _is_token(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".,%")


# A quotation is a list of segments: ("text", s), ("figure", s) or ("cut", "…").
Segment = tuple[str, str]


def _sentence_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    s0 = max((text.rfind(ch, 0, a) for ch in _SENTENCE_ENDS), default=-1) + 1
    ends = [i for i in (text.find(ch, b) for ch in _SENTENCE_ENDS) if i >= 0]
    return s0, (min(ends) + 1) if ends else len(text)


def _no_split_start(text: str, start: int, limit: int) -> int:
    # Never cut through a number or a Latin word ("…022 年" reads as a figure).
    while 0 < start < limit and _is_token(text[start - 1]) and _is_token(text[start]):
        start += 1
    return start


def _no_split_end(text: str, end: int, limit: int) -> int:
    while limit < end < len(text) and _is_token(text[end - 1]) and _is_token(text[end]):
        end -= 1
    return end


def _merge_spans(text: str, spans: Iterable[tuple[int, int] | None]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for sp in sorted({sp for sp in spans if sp and 0 <= sp[0] < sp[1] <= len(text)}):
        if out and sp[0] <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], sp[1]))
        else:
            out.append(sp)
    return out


def excerpt(text: str, spans: Iterable[tuple[int, int] | None], max_chars: int | None = 120, *, gap_max: int = 48) -> list[Segment]:
    """The passage holding the figures at ``spans``, as segments.

    One figure: its sentence, cut to about ``max_chars`` characters, keeping
    more context before the figure (the subject, "基本支出") than after.
    Several figures in one passage: everything from the first to the last,
    with long stretches between them shortened to their ends ("…"), so a
    reader sees 2609.57 … 2355.31 … 254.36 in one quotation. Cuts prefer
    sentence ends (。；) and never split a number.
    """
    text = (text or "").replace("\r", "")
    sp = _merge_spans(text, spans)
    segs: list[Segment] = []
    if not sp:
        if max_chars and len(text) > max_chars:
            return [("text", text[:max_chars].rstrip()), ("cut", "…")]
        return [("text", text)]
    a, b = sp[0][0], sp[-1][1]
    fits = not max_chars or len(text) <= max_chars
    if fits:
        start, end = 0, len(text)
    else:
        s0, s1 = _sentence_bounds(text, a, b)
        if len(sp) == 1:
            budget = max(max_chars - (b - a), 0)
            left = min(a - s0, max(budget * 2 // 3, budget - (s1 - b)))
            right = min(s1 - b, budget - left)
        else:
            left, right = min(a - s0, 24), min(s1 - b, 24)
        start = _no_split_start(text, a - left, a)
        end = _no_split_end(text, b + right, b)
    if start > 0 and text[start - 1] not in _SENTENCE_ENDS:
        segs.append(("cut", "…"))
    before = text[start:a]
    if start > 0:
        before = before.lstrip()
    segs.append(("text", before))
    for i, (x, y) in enumerate(sp):
        segs.append(("figure", text[x:y]))
        if i + 1 < len(sp):
            gap = text[y : sp[i + 1][0]]
            if not fits and len(gap) > gap_max:
                head = _no_split_end(gap, 14, 0)
                tail = _no_split_start(gap, len(gap) - 20, len(gap))
                segs += [("text", gap[:head].rstrip()), ("cut", "…"), ("text", gap[tail:].lstrip())]
            else:
                segs.append(("text", gap))
    after = text[b:end]
    segs.append(("text", after.rstrip() if end < len(text) else after))
    if end < len(text) and text[end - 1] not in _SENTENCE_ENDS:
        segs.append(("cut", "…"))
    return [sg for sg in segs if sg[1]]


@dataclass(slots=True)
class EvidenceGroup:
    """Evidence items that quote the same paragraph or cell, shown once with
    all their figures marked."""

    items: list[Evidence]

    @property
    def first(self) -> Evidence:
        return self.items[0]

    @property
    def location(self):
        return self.first.location

    @property
    def is_cell(self) -> bool:
        return self.first.location.is_cell

    @property
    def text(self) -> str:
        return self.first.text or ""

    def roles(self) -> list[str]:
        return list(dict.fromkeys(e.role for e in self.items if e.role))

    def role_text(self, lang: str = "zh") -> str:
        return ("、" if lang != "en" else ", ").join(self.roles())

    def spans(self) -> list[tuple[int, int] | None]:
        return [figure_span(e) for e in self.items]

    def segments(self, max_chars: int | None = 120) -> list[Segment]:
        return excerpt(self.text, self.spans(), max_chars)

    def label(self, lang: str = "zh") -> str:
        """第35段; 表1 第10行 第6列; 表1 第10/11/12/14行 第6列 for several cells."""
        cells = list(dict.fromkeys((e.location.row, e.location.col) for e in self.items))
        if not self.is_cell or len(cells) == 1:
            return self.location.label(lang)
        loc = self.location
        page = ""
        if loc.page is not None:
            page = f"第{loc.page}页 " if lang != "en" else f"p.{loc.page} "
        rset = sorted({r for r, _ in cells if r is not None})
        cset = sorted({c for _, c in cells if c is not None})

        def span(xs: list[int]) -> str:
            return "/".join(map(str, xs)) if len(xs) <= 4 else f"{xs[0]}–{xs[-1]}"

        if len(cset) == 1 or len(rset) == 1:
            rows, cols = span(rset), span(cset)
            n = f"（{len(cells)}处）" if len(cells) > 4 and lang != "en" else (f" ({len(cells)} cells)" if len(cells) > 4 else "")
            if lang != "en":
                return f"{page}表{loc.table} 第{rows}行 第{cols}列{n}"
            return f"{page}table {loc.table} rows {rows} col{'s' if len(cset) > 1 else ''} {cols}{n}"
        # Cells in several rows and columns: the excerpt shows which.
        return f"{page}表{loc.table} {len(cells)}处" if lang != "en" else f"{page}table {loc.table}, {len(cells)} cells"


@dataclass(slots=True)
class QuoteLine:
    """One quotation for list formats: a passage with all its figures, or
    one table cell; ``location`` names it (with the cell's meaning)."""

    location: str
    segments: list[Segment]


def quote_lines(f: Finding, lang: str = "zh", max_chars: int = 120) -> list[QuoteLine]:
    """The quotations of a finding: one per passage, one per cited cell."""
    out: list[QuoteLine] = []
    sep = "、" if lang != "en" else ", "
    for g in group_evidence(f.evidence):
        if not g.is_cell:
            loc = g.label(lang) + (f" · {g.role_text(lang)}" if g.roles() else "")
            out.append(QuoteLine(loc, g.segments(max_chars)))
            continue
        cells: dict[tuple, list[Evidence]] = {}
        for e in g.items:
            cells.setdefault((e.location.row, e.location.col, e.text), []).append(e)
        if len(cells) > 8:
            # Many cells of one table (a score column, a long list): one line per
            # role, each cell as "row label：figure", so the row stays readable.
            by_role: dict[str | None, list[list[Evidence]]] = {}
            for evs in cells.values():
                by_role.setdefault(evs[0].role, []).append(evs)
            for k, (role, groups) in enumerate(by_role.items()):
                sub = EvidenceGroup([e for evs in groups for e in evs])
                ctx0 = [c for c in groups[0][0].context if c]
                loc = sub.label(lang)
                if ctx0 and k == 0:
                    loc += f"（{ctx0[0]}）" if lang != "en" else f" ({ctx0[0]})"
                loc += f" · {role}" if role else ""
                segs: list[Segment] = []
                for n, evs in enumerate(groups):
                    ctx = [c for c in evs[0].context if c]
                    name = ctx[-2] if len(ctx) >= 3 else ""
                    segs.append(("text", ("；" if lang != "en" else "; ") * (n > 0) + (f"{name} " if name else "")))
                    segs += excerpt(evs[0].text or "", [figure_span(e) for e in evs], 30)
                out.append(QuoteLine(loc, segs))
            continue
        for k, evs in enumerate(cells.values()):
            roles = list(dict.fromkeys(e.role for e in evs if e.role))
            ctx = [c for c in evs[0].context if c]
            # The location names the table (once); the quote says what the cell is: 项目支出 › 2022年决算数：38
            loc = evs[0].location.label(lang)
            if ctx and k == 0:
                loc += f"（{ctx[0]}）" if lang != "en" else f" ({ctx[0]})"
            loc += f" · {sep.join(roles)}" if roles else ""
            meaning = " › ".join(ctx[1:]) if len(ctx) >= 2 else ""
            lead: list[Segment] = [("text", f"{meaning}：" if lang != "en" else f"{meaning}: ")] if meaning else []
            out.append(QuoteLine(loc, lead + excerpt(evs[0].text or "", [figure_span(e) for e in evs], max_chars)))
    return out


def group_evidence(evidence: Iterable[Evidence]) -> list[EvidenceGroup]:
    """Evidence grouped by the passage it quotes (or, for cells, the table
    they sit in), in first-seen order."""
    groups: dict[tuple, EvidenceGroup] = {}
    for ev in evidence:
        loc = ev.location
        if loc.is_cell:
            key: tuple = ("table", loc.table, loc.page)
        else:
            key = ("text", loc.paragraph, loc.page, loc.anchor, ev.text)
        if key in groups:
            groups[key].items.append(ev)
        else:
            groups[key] = EvidenceGroup([ev])
    return list(groups.values())


def context_path(ev: Evidence) -> str:
    """基础数据表 › 项目支出 › 2022年决算数"""
    return " › ".join(c for c in ev.context if c)


def location_text(ev: Evidence, lang: str = "zh", *, with_context: bool = True) -> str:
    """第12段 or 表3 第4行 第2列（基础数据表 › 项目支出 › 2022年决算数）."""
    loc = ev.location.label(lang)
    if with_context and ev.context:
        ctx = context_path(ev)
        loc += f"（{ctx}）" if lang != "en" else f" ({ctx})"
    return loc


# ------------------------------------------------------------ table excerpts


@dataclass(slots=True)
class MiniTable:
    """A few cells of a report table around the cells a finding cites.

    ``rows[0]`` is the header row when ``has_header``; ``highlights`` maps
    each cited cell's (row, col) within ``rows`` to the evidence citing it.
    """

    caption: str
    rows: list[list[str]]
    highlights: dict[tuple[int, int], list[Evidence]]
    has_header: bool = True

    def cell_segments(self, i: int, j: int, max_chars: int | None = 60) -> list[Segment]:
        """A cited cell's text with its figures marked."""
        evs = self.highlights[(i, j)]
        return excerpt(evs[0].text or "", [figure_span(e) for e in evs], max_chars)


def _find_table(document: Any, index: int | None):
    if document is None or index is None:
        return None
    for t in getattr(document, "tables", []) or []:
        if getattr(t, "index", None) == index:
            return t
    return None


def _squash(s: str) -> str:
    return "".join(s.split())


def table_excerpt(evidence: Evidence | list[Evidence], document: Any = None, *, neighbours: int = 0, lang: str = "zh") -> MiniTable:
    """A mini table for cell evidence of one table: the header row and each
    cited row, with the row-label column, the cited columns and
    ``neighbours`` columns either side of each.

    Without the document (or when a cell cannot be found there), the excerpt
    is built from each ``Evidence.context``: row header path against the
    column header.
    """
    evs = [evidence] if isinstance(evidence, Evidence) else list(evidence)
    loc = evs[0].location
    table = _find_table(document, loc.table)
    if table is not None and all(
        e.location.row and e.location.col and e.location.row <= table.n_rows and e.location.col <= table.n_cols for e in evs
    ):
        try:
            return _excerpt_from_table(table, evs, neighbours, lang)
        except Exception:  # a malformed grid must not stop a report
            pass
    return _excerpt_from_context(evs, lang)


def _excerpt_from_context(evs: list[Evidence], lang: str) -> MiniTable:
    ctx0 = [c for c in evs[0].context if c]
    col_head = ctx0[-1] if len(ctx0) >= 2 else ""
    caption = ctx0[0] if len(ctx0) >= 3 else evs[0].location.label(lang)
    rows: list[list[str]] = [["", col_head]]
    highlights: dict[tuple[int, int], list[Evidence]] = {}
    seen: dict[tuple, int] = {}
    for e in evs:
        ctx = [c for c in e.context if c]
        row_head = " › ".join(ctx[1:-1]) if len(ctx) >= 3 else (ctx[0] if len(ctx) == 2 else e.location.label(lang))
        key = (e.location.table, e.location.row, e.location.col)
        if key not in seen:
            rows.append([row_head, e.text])
            seen[key] = len(rows) - 1
        highlights.setdefault((seen[key], 1), []).append(e)
    return MiniTable(caption=caption, rows=rows, highlights=highlights, has_header=bool(col_head))


def _excerpt_from_table(table: Any, evs: list[Evidence], neighbours: int, lang: str) -> MiniTable:
    grid = table.grid()
    cited = [(e.location.row - 1, e.location.col - 1) for e in evs]
    cited_rows = sorted({r for r, _ in cited})
    cited_cols = sorted({c for _, c in cited})

    # The header row: the nearest row above the cited cells whose text in a
    # cited column is the column header named in the context.
    ctx = [x for x in evs[0].context if x]
    col_head = _squash(ctx[-1]) if ctx else ""
    r0, c0 = cited[0]
    header_row = 0
    if col_head:
        for i in range(min(cited_rows) - 1, -1, -1):
            cell = grid[i][c0]
            if cell is not None and _squash(cell.text) == col_head:
                header_row = i
                break
    rows_idx = ([header_row] if header_row < min(cited_rows) else []) + cited_rows

    def has_text(j: int) -> bool:
        for i in rows_idx:
            cell = grid[i][j]
            if cell is not None and cell.text.strip() and (cell.row, cell.col) == (i, j):
                return True
        return False

    # Row labels: the most specific row header named in each cell's context
    # (基础数据表 › 项目支出 › 2022年决算数 → 项目支出), which in score tables is
    # the 三级指标 rather than the merged 绩效指标 of the first column; the
    # grid's first column when a context does not say.
    ctx_label: dict[int, str] = {}
    for e, (r, _) in zip(evs, cited):
        path = [x for x in e.context if x]
        if len(path) >= 3:
            ctx_label.setdefault(r, path[-2])
    use_ctx = all(r in ctx_label for r in cited_rows)
    labels = {_squash(v) for v in ctx_label.values()}

    def repeats_label(j: int) -> bool:
        return use_ctx and all(grid[r][j] is not None and _squash(grid[r][j].text) in labels for r in cited_rows)

    # The label column first (unless a cited cell is there), the cited
    # columns, and up to ``neighbours`` non-empty columns either side of each.
    cols = [0] if (min(cited_cols) > 0 or use_ctx) else []
    for c in cited_cols:
        cols.append(c)
        for step in (-1, 1):
            j, found = c + step, 0
            while 0 < j < table.n_cols and found < neighbours:
                if has_text(j) and not repeats_label(j):
                    cols.append(j)
                    found += 1
                j += step
    cols = sorted(dict.fromkeys(cols))
    if use_ctx and 0 in cited_cols:
        cols = [-1] + cols  # a label column of its own
    label_col = -1 if (use_ctx and 0 in cited_cols) else 0

    def shown(i: int, j: int) -> str:
        if j == label_col and use_ctx and (i in ctx_label or j < 0):
            return ctx_label.get(i, "")
        cell = grid[i][j]
        if cell is None:
            return ""
        if (cell.row, cell.col) == (i, j) or j == 0 or i == header_row:
            # Row labels read across vertical merges, headers across horizontal
            # ones; shown as printed (full-width digits and all), like the quotes.
            printed = getattr(cell, "source_text", None)
            return cell.text if printed is None else printed
        return ""

    rows: list[list[str]] = []
    highlights: dict[tuple[int, int], list[Evidence]] = {}
    for ri, i in enumerate(rows_idx):
        row = []
        for cj, j in enumerate(cols):
            hits = [e for e, (r, c) in zip(evs, cited) if (r, c) == (i, j) and not (j == label_col and use_ctx)]
            if hits:
                highlights[(ri, cj)] = hits
                row.append(hits[0].text)
            else:
                row.append(shown(i, j))
        rows.append([" ".join(x.split()) if x else "" for x in row])
    has_header = header_row < min(cited_rows)
    if has_header:
        # A header that is one merged title across every shown column says nothing.
        heads = [grid[header_row][j] for j in cols if j >= 0]
        if len(heads) > 1 and all(h is not None and h is heads[0] for h in heads):
            rows, has_header = rows[1:], False
            highlights = {(i - 1, j): v for (i, j), v in highlights.items()}
    title = getattr(table, "title", None) or (ctx[0] if ctx else "")
    caption = title or (f"表{table.index}" if lang != "en" else f"table {table.index}")
    return MiniTable(caption=caption, rows=rows, highlights=highlights, has_header=has_header)


# ------------------------------------------------------------------- summary


def summarize(results: Iterable[AuditResult]) -> dict[str, Any]:
    """Totals across files: counts by severity and by code, failed files."""
    results = list(results)
    counts = {"error": 0, "warning": 0, "info": 0}
    by_code: dict[str, int] = {}
    for res in results:
        for f in res.findings:
            counts[f.severity.label_en] += 1
            by_code[f.code] = by_code.get(f.code, 0) + 1
    failed = sum(1 for r in results if r.error is not None)
    return {
        "files": len(results),
        "files_ok": len(results) - failed,
        "files_failed": failed,
        "findings": sum(counts.values()),
        "counts": counts,
        "by_code": dict(sorted(by_code.items())),
    }


def coverage_notes(res: AuditResult, lang: str = "zh") -> list[str]:
    """What could not be checked in a report that was read: no figures, no
    relation among them, no tables for the text-against-table checks.
    Empty when the audit had something to work on."""
    stats = res.stats or {}
    if res.error is not None or not stats:
        return []
    en = lang == "en"
    if stats.get("figures") == 0 and not stats.get("relations_checked"):
        # (a score table's structure is checked from its labels' points, 产出指标(50分), with no figure)
        return ["No figures were found in the report, so nothing could be checked; make sure it is a budget "
                "performance report whose text can be copied." if en else
                "报告中没有找到任何数字，没有可核对的内容；请确认文件是预算绩效报告且文字可复制。"]
    out = []
    if stats.get("relations_checked") == 0:
        out.append("No relation among the figures could be checked (totals, rates, changes, text against tables)."
                   if en else "报告中的数字之间没有找到可核对的关系（合计、比率、增减、文表对应等），未核对任何内容。")
    if stats.get("tables") == 0:
        out.append("The report has no tables: the text-against-table and table checks (NT, TB, SC) did not run."
                   if en else "报告中没有表格，文表一致性与表内核对（NT、TB、SC 类检查）未能进行。")
    return out


def nothing_checked(res: AuditResult) -> bool:
    """Nothing at all was checked: "未发现问题" would mislead."""
    stats = res.stats or {}
    return res.error is None and bool(stats) and not stats.get("relations_checked")


def no_findings_text(res: AuditResult, lang: str = "zh") -> str:
    """未发现问题, unless nothing was checked or findings were hidden."""
    if nothing_checked(res):
        return "Nothing was checked." if lang == "en" else "未核查任何内容。"
    n = sum((res.stats or {}).get("hidden", {}).values())
    if n:
        return (f"No findings shown ({n} below --min-severity hidden)." if lang == "en"
                else f"没有达到显示级别的问题（另有 {n} 条低于 --min-severity，未显示）。")
    return label("no_findings", lang)


def count_parts(res: AuditResult, lang: str = "zh") -> list[tuple[Severity, str]]:
    """错误 4, 警告 8 条未显示 …: the count per severity, saying when findings
    were hidden by --min-severity rather than printing 0."""
    counts = res.counts()
    hidden = (res.stats or {}).get("hidden") or {}
    out = []
    for sev in SEVERITIES_DESC:
        n, h = counts[sev.label_en], hidden.get(sev.label_en, 0)
        text = f"{severity_label(sev, lang)} {n}"
        if h and not n:
            text = (f"{severity_label(sev, lang)} {h} 条未显示" if lang != "en" else f"{severity_label(sev, lang)} {h} hidden")
        elif h:
            text += (f"（另 {h} 条未显示）" if lang != "en" else f" (+{h} hidden)")
        out.append((sev, text))
    return out


def hidden_total(results: Iterable[AuditResult]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for r in results:
        for k, v in ((r.stats or {}).get("hidden") or {}).items():
            out[k] = out.get(k, 0) + v
    return out


Skipped = tuple[str, str, str]  # (path, reason_zh, reason_en)


def skipped_lines(skipped: Iterable[Skipped] | None, lang: str = "zh") -> list[str]:
    """One line per file a folder walk passed over: ``a/issues.xlsx：不支持的格式（.xlsx）…``."""
    out = []
    for path, zh, en in skipped or ():
        out.append(f"{path}：{zh}" if lang != "en" else f"{path}: {en}")
    return out


def skipped_heading(skipped: Iterable[Skipped] | None, lang: str = "zh") -> str:
    n = len(list(skipped or ()))
    return f"已跳过 {n} 个文件" if lang != "en" else f"{n} file{'s' if n != 1 else ''} skipped"


def error_message(res: AuditResult, lang: str = "zh") -> str:
    err = res.error
    if err is None:
        return ""
    if hasattr(err, "message"):
        return err.message(lang)
    return f"{res.file}: {err}"


def error_code(res: AuditResult) -> str:
    return getattr(res.error, "code", "E-READ")


# ----------------------------------------------------------------- file output


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def refuse_inputs(path: Path, results: Iterable[AuditResult]) -> None:
    """Raise :class:`OutputError` when ``path`` is one of the audited inputs."""
    for res in results:
        candidates = [res.file]
        doc_path = getattr(res.document, "path", None)
        if doc_path:
            candidates.append(doc_path)
        for c in candidates:
            if c and _same_file(Path(path), Path(c)):
                raise OutputError(
                    str(path),
                    "输出文件与输入文件相同，拒绝覆盖原文件；请另选输出路径（-o）。",
                    "output is the same file as an input; refusing to overwrite it — choose another output path (-o).",
                )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write to a temporary file in the target directory, then rename into place."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise OutputError(str(path), f"无法写入输出文件：{e.strerror or e}；请检查目录是否存在且可写。",
                          f"cannot write the output: {e.strerror or e}; check that the directory exists and is writable.") from e
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OutputError(str(path), f"无法写入输出文件：{e.strerror or e}。", f"cannot write the output: {e.strerror or e}.") from e
        raise
    return path


def output_file(output: Path | None, default_name: str) -> Path:
    """``output`` itself, or ``default_name`` inside it when it is a directory."""
    if output is None:
        return Path(default_name)
    output = Path(output)
    if output.is_dir():
        return output / default_name
    return output


def emit_text(text: str, output: Path | None, results: list[AuditResult], default_name: str, console: Any = None) -> list[Path]:
    """A text format: to ``output`` (a file, or a directory to put ``default_name`` in)
    or, when ``output`` is None, to the console's file / stdout."""
    if output is None:
        stream = getattr(console, "file", None) or sys.stdout
        stream.write(text if text.endswith("\n") else text + "\n")
        try:
            stream.flush()
        except (AttributeError, ValueError):
            pass
        return []
    path = output_file(output, default_name)
    refuse_inputs(path, results)
    atomic_write(path, text if text.endswith("\n") else text + "\n")
    return [path]
