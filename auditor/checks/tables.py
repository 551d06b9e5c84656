"""In-table arithmetic: footing (TB01), cross-footing (TB02), parts that
exceed their whole (TB03).

Every tolerance decision goes through :mod:`auditor.tolerance`: a
figure printed with ``d`` decimals (the column's convention) stands for an
interval, a failing relation that rounding-level slack excuses is reported
as info, anything beyond it as an error.

Rows that legitimately do not foot are only held to "no more than": 其中
rows (a partial breakdown), lists with a "……" row (items left out), and a
single item under its total.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from auditor.checks.common import fmt, slip_severity
from auditor.checks.registry import CheckContext, check, finding
from auditor.findings import Evidence, Finding, Severity
from auditor.lexicons import load_lexicons
from auditor.nlp.row_labels import names_a_total, names_the_rest, total_kind
from auditor.nlp.tables import AnalyzedTable, InlineList, Section, TableFigure, TableRow
from auditor.nlp.tables.vocab import norm_text
from auditor.tolerance import Verdict, check_difference, check_equal, check_ratio, check_sum, convention_decimals

# Measures whose figures never add up across rows.
_COLUMNS = load_lexicons().relations["table_columns"]
_NON_ADDITIVE = frozenset([*_COLUMNS["rates_and_scores"], *_COLUMNS["not_totals"], *_COLUMNS["not_footed"]])
_MONEY_UNITS = frozenset(u for u, spec in load_lexicons().units.items() if spec.dimension == "money")


# ---------------------------------------------------------------- shared helpers


def tables_of(ctx: CheckContext) -> list[AnalyzedTable]:
    """The tables extraction analysed."""
    return ctx.claims.tables


def table_name(at: AnalyzedTable) -> str:
    """How a message names a table: its title, or 表N."""
    return at.title or f"表{at.index}"


def label_of(row: TableRow) -> str:
    """The row's own label as a reviewer reads it."""
    return row.path[-1] if row.path else (row.label or "")


def column_name(fig: TableFigure) -> str:
    return fig.column_header or (fig.measure or "")


def ev(fig: TableFigure, role: str) -> Evidence:
    return fig.evidence(role)


def unit_text(unit: str | None) -> str:
    return unit if unit and unit not in ("分",) else ("分" if unit == "分" else "")


# ---------------------------------------------------------------- values


@dataclass
class _Part:
    """A child's value in one column: printed, or the sum of its own children."""

    row: TableRow
    value: float
    figures: list[TableFigure]
    derived: bool

    def shown(self, d: int) -> str:
        if not self.derived:
            return self.figures[0].cell.text[self.figures[0].span[0]:self.figures[0].span[1]].strip()
        return "(" + "+".join(fmt(f.value, d) for f in self.figures) + ")"


def _figure(at: AnalyzedTable, row: TableRow, col: int) -> TableFigure | None:
    f = at.figure_at(row, col)
    if f is None or not f.quantity.is_exact:
        return None
    return f


def _derived(at: AnalyzedTable, row: TableRow, col: int) -> _Part | None:
    f = _figure(at, row, col)
    if f is not None:
        return _Part(row, f.value, [f], False)
    kids = [k for k in row.children if k.marker != "ellipsis"]
    parts = [p for p in (_derived(at, k, col) for k in kids) if p is not None]
    if not parts:
        return None
    figs = [g for p in parts for g in p.figures]
    return _Part(row, round(sum(p.value for p in parts), 10), figs, True)


def _column_decimals(at: AnalyzedTable, sec: Section, col: int) -> int:
    texts = []
    for r in sec.rows:
        f = at.figure_at(r, col)
        if f is not None:
            texts.append(f.quantity.number_text)
    return convention_decimals(texts)


def _additive_columns(sec: Section) -> list[int]:
    """Numeric columns that belong to the row labels: those before the next text
    column (a 收支总表 prints a second list, with its own labels, to the right)."""
    out = []
    seen_num = False
    for c in sec.columns:
        if c.index in sec.label_cols:
            continue
        if c.kind in ("text", "label", "code") and seen_num:
            break
        if c.kind != "num":
            continue
        seen_num = True
        if c.unit == "%" or norm_text(c.header).endswith("率"):
            continue  # rates (增减率, 完成率) of the parts do not add up to the whole's
        if c.measure in _NON_ADDITIVE and c.unit not in _MONEY_UNITS:
            # a planned or actual amount in money (计划支出数(万元), 实际支出数(万元)) adds up like any
            # other; a target or an achieved value (年度指标值, 实际完成值) does not
            continue
        out.append(c.index)
    return out


def _implicit_subtotals(at: AnalyzedTable, members: list[TableRow], cols: list[int]) -> bool:
    """A flat list whose rows hide a hierarchy: a row equal to the sum of the
    next few rows, or a row named 合计/小计 among the items."""
    if any(names_a_total(m) for m in members):
        return True
    for col in cols:
        vals = [(f.value if (f := _figure(at, m, col)) is not None else None) for m in members]
        for i, v in enumerate(vals):
            if v is None or v == 0:
                continue
            run = 0.0
            for k in range(i + 1, min(len(vals), i + 8)):
                if vals[k] is None:
                    break
                run += vals[k]
                if abs(run - v) <= 1e-6 * max(1.0, abs(v)) + 0.005 and (k > i + 1 or vals[k] != 0):
                    return True
                if run > v:
                    break
    return False


# ---------------------------------------------------------------- footing groups


@dataclass
class _Group:
    total: TableRow
    members: list[TableRow]
    partial: bool  # only "no more than" holds
    why_partial: str


def _groups(sec: Section) -> Iterable[_Group]:
    rows = sec.rows
    for r in rows:
        if r.children:
            members = [k for k in r.children if k.marker != "ellipsis"]
            why = ""
            if any(k.marker == "qizhong" for k in r.children):
                why = "其中"
            elif r.incomplete:
                why = "……"
            yield _Group(r, members, bool(why), why)
    if sec.coded:
        return  # rows named by codes (类/款/项): the hierarchy is in the codes, not modelled here
    # 合计 / 总计 rows at the top level. A subtotal (本年收入合计, 小计) covers the
    # rows since the last total; a grand total (总计) covers the last subtotal and
    # the rows after it (年初结转和结余 …); a total printed first covers the rows below.
    roots = [r for r in rows if r.parent is None and r.label and not r.kv]
    segment: list[TableRow] = []
    for i, r in enumerate(roots):
        kind = total_kind(r)
        if kind is None:
            segment.append(r)
            continue
        members = [k for k in segment if k.marker != "ellipsis"]
        if not members and not segment:
            members = []
            for k in roots[i + 1:]:
                if total_kind(k) is not None:
                    break
                if k.marker != "ellipsis":
                    members.append(k)
        incomplete = any(k.marker == "ellipsis" for k in segment)
        if members:
            yield _Group(r, members, incomplete, "……" if incomplete else "")
        segment = [r] if kind == "sub" else []


def _footing_findings(ctx: CheckContext) -> list[tuple[str, Finding]]:
    """TB01 and TB03 findings, computed once per context (both checks read them)."""
    if "tables.footing" not in ctx.memo:
        ctx.memo["tables.footing"] = list(_footing_pass(ctx))
    return ctx.memo["tables.footing"]


def _footing_pass(ctx: CheckContext) -> Iterable[tuple[str, Finding]]:
    for at in tables_of(ctx):
        for sec in at.sections:
            if not sec.single_label:
                continue
            cols = _additive_columns(sec)
            if not cols:
                continue
            for g in _groups(sec):
                if all(m.marker is None for m in g.members) and _implicit_subtotals(at, g.members, cols):
                    continue  # a hierarchy we cannot see: no verdict
                yield from _check_group(ctx, at, sec, g, cols)
        yield from _inline_pass(ctx, at)


def _names_rest(at: AnalyzedTable, g: _Group) -> bool:
    """Does the 其中 list end with an 其他… row (其他资金, 其他商品和服务支出)? Then it
    names every part of the whole."""
    labelled = [m for m in g.members if m.label]
    return len(labelled) >= 2 and names_the_rest(labelled[-1])


def _sums_exactly_somewhere(at: AnalyzedTable, sec: Section, g: _Group, cols: list[int], min_parts: int = 2) -> bool:
    """Do two or more printed parts add up exactly to a nonzero total in some column?
    A 其中 list that is exact in one column is the complete breakdown in all."""
    for col in cols:
        tf = _figure(at, g.total, col)
        if tf is None or tf.value == 0:
            continue
        parts = [p for p in (_derived(at, m, col) for m in g.members) if p is not None]
        if len(parts) < min_parts:
            continue
        if check_sum([p.value for p in parts], tf.value, _column_decimals(at, sec, col)).verdict is Verdict.CONSISTENT:
            return True
    return False


def _check_group(ctx: CheckContext, at: AnalyzedTable, sec: Section, g: _Group, cols: list[int]):
    rest = g.why_partial == "其中" and _names_rest(at, g)
    partial = g.partial and not (rest or (g.why_partial == "其中" and _sums_exactly_somewhere(at, sec, g, cols)))
    full_fail: list[tuple] = []
    excess_fail: list[tuple] = []
    near_fail: list[tuple] = []
    # a list with "……" rows whose printed items add up exactly in some column: the elided rows
    # are empty, so a column where the items fall short is suspect (a warning, not an error)
    elided = g.why_partial == "……" and _sums_exactly_somewhere(at, sec, g, cols, min_parts=1)
    soft_fail: list[tuple] = []
    for col in cols:
        tf = _figure(at, g.total, col)
        if tf is None:
            continue
        parts = [p for p in (_derived(at, m, col) for m in g.members) if p is not None]
        if not parts:
            continue
        units = {f.quantity.unit for p in parts for f in p.figures} | {tf.quantity.unit}
        if len(units) > 1:
            continue
        # an item blank here but filled in another column may have been left out
        missing = any(_derived(at, m, col) is None and any(_derived(at, m, c) is not None for c in cols)
                      for m in g.members)
        d = _column_decimals(at, sec, col)
        # a complete list: a gap only rounding errors all leaning one way allow is a slip
        cmp = check_sum([p.value for p in parts], tf.value, d, odds=not g.partial)
        ctx.count()
        if cmp.verdict is Verdict.CONSISTENT:
            continue
        excess = cmp.expected > tf.value
        if elided and not excess and not missing and cmp.verdict is not Verdict.ROUNDING:
            soft_fail.append((col, tf, parts, cmp, d, missing))
            continue
        if partial or (len(parts) == 1 and not rest) or (g.partial and excess):
            # a 其中 list read as complete still reports an excess as a part exceeding its whole
            if excess:
                excess_fail.append((col, tf, parts, cmp, d, missing))
            elif len(parts) >= 2 and not missing and tf.value - cmp.expected <= 0.01 * abs(tf.value):
                # a "partial" list that falls short by less than 1%: most likely meant to be complete
                near_fail.append((col, tf, parts, cmp, d, missing))
            continue
        if g.partial and not excess and len(parts) >= 2 and not missing \
                and tf.value - cmp.expected <= 0.01 * abs(tf.value):
            # a 其中 list read as complete that falls short by a hair: flagged, not asserted
            near_fail.append((col, tf, parts, cmp, d, missing))
            continue
        full_fail.append((col, tf, parts, cmp, d, missing))
    if full_fail:
        yield "TB01", _footing_finding(at, g, full_fail, partial=False)
    if near_fail:
        yield "TB01", _footing_finding(at, g, near_fail, partial=False, near=True)
    if soft_fail:
        yield "TB01", _footing_finding(at, g, soft_fail, partial=False, elided=True)
    if excess_fail:
        yield "TB03", _footing_finding(at, g, excess_fail, partial=True)


# A list that should foot (TB01) or, being partial, only not exceed its total (TB03).
_FOOTING = {False: "TB01", True: "TB03"}  # the code of a footing finding, by whether the list is partial


def _footing_finding(at: AnalyzedTable, g: _Group, fails: list[tuple], partial: bool, near: bool = False,
                     elided: bool = False) -> Finding:
    tname = table_name(at)
    parent = label_of(g.total)
    msgs, msgs_en, evidence, expl = [], [], [], []
    sev = Severity.INFO
    first = None
    slip = None  # why a rounding-level gap is a warning after all (checks.common.slip_severity)
    other_warning = False
    for col, tf, parts, cmp, d, missing in fails:
        colname = column_name(tf)
        shown = "+".join(p.shown(d) for p in parts)
        total_txt = tf.cell.text[tf.span[0]:tf.span[1]].strip()
        sum_txt = fmt(cmp.expected, d)
        diff = fmt(abs(cmp.difference), d)
        if cmp.verdict is Verdict.ROUNDING:
            this, why, why_en = slip_severity(cmp, Severity.ERROR)
            if why is not None:
                slip = slip or (why, why_en)
        elif near or elided:
            this = Severity.WARNING
        elif partial:
            this = Severity.ERROR
        elif cmp.expected > tf.value or not missing:
            this = Severity.ERROR
        else:
            this = Severity.WARNING
        other_warning = other_warning or (this is Severity.WARNING and cmp.verdict is not Verdict.ROUNDING)
        sev = max(sev, this)
        u = tf.quantity.unit or ""  # a table prints its unit once, in a header: the message says it
        tu = total_txt if total_txt.endswith(u) else total_txt + u
        if partial:
            msgs.append(f"“{parent}”{colname}为{tu}，但其下所列项目合计已达{sum_txt}{u}（{shown}），比总数多{diff}{u}")
            msgs_en.append(f"'{parent}' {colname} is {tu}, yet the items listed under it already add up to "
                           f"{sum_txt}{u} ({shown}), {diff}{u} more than the total")
        else:
            msgs.append(f"“{parent}”{colname}为{tu}，但其下各项合计为{sum_txt}{u}（{shown}），相差{diff}{u}")
            msgs_en.append(f"'{parent}' {colname} is {tu}, but its items add up to {sum_txt}{u} ({shown}), "
                           f"a difference of {diff}{u}")
        evidence.append(ev(tf, "合计"))
        for p in parts:
            for f in p.figures:
                evidence.append(ev(f, "分项"))
        expl.append(f"{colname}：{' + '.join(label_of(p.row) for p in parts)} = {sum_txt}，"
                    f"与“{parent}”{total_txt}比较（按{d}位小数的舍入区间）")
        if first is None:
            first = (tf, cmp)
    tf, cmp = first
    if other_warning:
        slip = None  # the warning has a reason of its own (blank items, a near or elided list)
    if partial:
        why = "其中所列为部分项目" if g.why_partial == "其中" else "表中以“……”省略了部分项目"
        tail = f"（{why}，分项之和只应小于或等于总数）。请核实。"
        tail_en = " (a partial list: its items may only add up to no more than the total). Please verify."
    else:
        tail = "。请核实。"
        tail_en = ". Please verify."
        if sev is Severity.WARNING and elided:
            tail = "（表中以“……”省略了部分项目，但所列项目在其他列恰好等于总数，本列却不足）。请核实。"
            tail_en = " (rows are elided with “……”, yet the listed items add up exactly in another column). Please verify."
        elif sev is Severity.WARNING and near:
            tail = "（所列虽为“其中”部分项目，但合计与总数仅差不到1%，应是完整分项）。请核实。"
            tail_en = " (listed as a partial breakdown, yet within 1% of the total: most likely meant to be complete). Please verify."
        elif sev is Severity.WARNING and slip is not None:
            pass  # a rounding-level gap that rounding does not explain: the reason says why
        elif sev is Severity.WARNING:
            tail = "（部分分项未填数）。请核实是否有漏填项目。"
            tail_en = " (some items are blank). Please check for items left out."
    if sev is Severity.INFO:
        tail = "，属舍入误差。"
        tail_en = ", a rounding-level difference."
    message = f"{tname}中" + "；".join(msgs) + tail
    message_en = f"In {tname}, " + "; ".join(msgs_en) + tail_en
    unit = tf.quantity.unit
    key = f"{'TB03' if partial else 'TB01'}:{at.index}:{g.total.grid_row}{':near' if near else ''}{':elided' if elided else ''}"
    return finding(
        _FOOTING[partial],
        severity=sev,
        message=message,
        message_en=message_en,
        evidence=evidence,
        expected=round(cmp.expected, 10),
        found=tf.value,
        difference=round(cmp.difference, 10),
        tolerance=cmp.tolerance,
        unit=unit,
        explanation="；".join(expl),
        explanation_en="Sum of the rows under the total, compared with the printed total within rounding intervals.",
        severity_reason=_footing_reason(sev, near, elided, slip=slip),
        severity_reason_en=_footing_reason(sev, near, elided, "en", slip=slip),
        key=key,
    )


def _footing_reason(sev: Severity, near: bool, elided: bool, lang: str = "zh",
                    slip: tuple[str, str] | None = None) -> str | None:
    """Why a table total that does not foot is a warning rather than an error, or a rounding-level gap a
    warning rather than info (``slip``: the reason of ``checks.common.slip_severity``, Chinese and English)."""
    if sev is not Severity.WARNING:
        return None
    if slip is not None and not (elided or near):
        return slip[1] if lang == "en" else slip[0]
    if elided:
        return "表中以“……”省略了部分项目，分项可能未列全" if lang != "en" else "rows are elided with “……”: items may be left out"
    if near:
        return ("所列为“其中”部分项目，只是合计与总数极为接近" if lang != "en"
                else "the items are listed as a partial breakdown, only within 1% of the total")
    return "部分分项未填数，可能是漏填而非算错" if lang != "en" else "some items are blank: possibly left out rather than miscounted"


# ---------------------------------------------------------------- "key：value" breakdowns


def _printed(f: TableFigure) -> str:
    return f.cell.text[f.span[0]:f.span[1]].strip()


def _total_name(L: InlineList, t: TableFigure) -> str:
    """How a message names one of a list's totals: "年度资金总额“全年执行数”"."""
    if t.kind == "value":
        return f"“{label_of(L.total_row)}”{column_name(t)}"
    return f"“{t.row_label}”"


def _inline_pass(ctx: CheckContext, at: AnalyzedTable) -> Iterable[tuple[str, Finding]]:
    """Breakdowns printed as "key：value" cells (:class:`InlineList`): a complete list adds
    up to one of its total row's amounts (TB01); any list adds up to no more than the
    largest of them (TB03)."""
    evals = []
    for L in at.inline_lists():
        figs = [f for f in L.figures if f.quantity.is_exact]
        if len(figs) != len(L.figures) or not figs:
            continue
        d = convention_decimals([f.quantity.number_text for f in figs] + [t.quantity.number_text for t in L.totals])
        values = [f.value for f in figs]
        cmps = [(t, check_sum(values, t.value, d)) for t in L.totals]
        ctx.count()
        ok = [t for t, c in cmps if c.verdict is Verdict.CONSISTENT]
        evals.append((L, figs, d, cmps, ok))
    for L, figs, d, cmps, ok in evals:
        if ok:
            continue
        missing = any(it.figure is None for it in L.items)
        if not L.complete:
            # a partial list: only an excess over every amount of its total is certain
            if all(c.expected > t.value for t, c in cmps):
                t, c = max(cmps, key=lambda tc: tc[0].value)
                sev = Severity.INFO if c.verdict is Verdict.ROUNDING else Severity.ERROR
                yield "TB03", _inline_finding(at, L, figs, d, [(t, c)], sev, partial=True)
            continue
        # which amount the list breaks down: the one another complete breakdown of the same
        # total adds up to; else the only amount printed; else unknown (the nearest is shown)
        mine = {id(t) for t, _ in cmps}
        sibling = [t for L2, _, _, _, ok2 in evals
                   if L2 is not L and L2.complete and L2.total_row is L.total_row for t in ok2 if id(t) in mine]
        distinct = {round(t.value, 6) for t, _ in cmps}
        if sibling:
            ref = [(t, c) for t, c in cmps if t is sibling[0]]
            certain = True
        elif len(distinct) == 1:
            ref = [cmps[0]]
            certain = True
        else:
            ref = sorted(cmps, key=lambda tc: abs(tc[1].difference))
            certain = False
        t, c = ref[0]
        if c.verdict is Verdict.ROUNDING:
            sev = Severity.INFO
        elif not certain or (missing and c.expected < t.value):
            sev = Severity.WARNING
        else:
            sev = Severity.ERROR
        yield "TB01", _inline_finding(at, L, figs, d, ref, sev, partial=False, certain=certain, missing=missing)
    yield from _head_totals(ctx, at)


def _head_totals(ctx: CheckContext, at: AnalyzedTable) -> Iterable[tuple[str, Finding]]:
    """A list's head that prints its total in a row of heads (按支出性质分:1925.67) names one of the
    amounts of the row above (年度资金总额 | 年初预算数 | 全年预算数 | 全年执行数): a warning when it is
    none of them, since which one it breaks down is the reader's inference."""
    for L in at.inline_lists():
        if not L.outer_totals or len(L.totals) != 1:
            continue
        t = L.totals[0]
        ctx.count()
        cmps = [check_equal(o.value, o.quantity.decimals, t.value, t.quantity.decimals) for o in L.outer_totals]
        if any(c.ok for c in cmps):
            continue
        tname = table_name(at)
        shown: dict[float, list[TableFigure]] = {}
        for o in L.outer_totals:
            shown.setdefault(round(o.value, 6), []).append(o)
        names = "、".join("和".join(column_name(o) for o in os_) + _printed(os_[0]) for os_ in shown.values())
        near = min(L.outer_totals, key=lambda o: abs(o.value - t.value))
        yield "TB01", finding(
            "TB01", severity=Severity.WARNING,
            message=(f"{tname}中“{L.head}”为{_printed(t)}，与“{label_of(near.row)}”的{names}均不相等"
                     f"（最接近的相差{fmt(abs(t.value - near.value), t.quantity.decimals)}）。请核实。"),
            message_en=(f"In {tname}, '{L.head}' is {_printed(t)}, none of the amounts of "
                        f"'{label_of(near.row)}' above it."),
            evidence=[ev(t, "分项合计"), *[ev(os_[0], "总额") for os_ in shown.values()]],
            expected=near.value, found=t.value, difference=round(t.value - near.value, 6),
            tolerance=0.5 * 10 ** -max(t.quantity.decimals, near.quantity.decimals), unit=t.quantity.unit,
            explanation="按收入（支出）性质分列的合计应等于年度资金总额的某一栏",
            explanation_en="A breakdown's printed total equals one of the amounts of the row it breaks down.",
            severity_reason="分项合计对应总额的哪一栏是推断的，定为警告",
            severity_reason_en="which amount the breakdown belongs to is inferred",
            key=f"TB01:head:{at.index}:{t.cell.location.label()}",
        )


def _inline_finding(at: AnalyzedTable, L: InlineList, figs: list[TableFigure], d: int, ref: list[tuple],
                    sev: Severity, partial: bool, certain: bool = True, missing: bool = False) -> Finding:
    tname = table_name(at)
    t, cmp = ref[0]
    listed = "+".join(f"{it.key}{_printed(it.figure)}" for it in L.items if it.figure is not None)
    what = f"“{L.head}”所列" if L.head else "其中所列"
    sum_txt = fmt(cmp.expected, d)
    total_txt = _printed(t)
    diff = fmt(abs(cmp.difference), d)
    if partial:
        msg = (f"{tname}中{what}各项（{listed}）合计为{sum_txt}，已超过{_total_name(L, t)}{total_txt}，"
               f"多出{diff}（所列为“其中”部分项目，分项之和只应小于或等于总数）。请核实。")
        msg_en = (f"In {tname}, the items listed under 其中 ({listed}) add up to {sum_txt}, more than the total "
                  f"{total_txt} by {diff}. Please verify.")
    elif certain:
        msg = f"{tname}中{_total_name(L, t)}为{total_txt}，但{what}各项（{listed}）合计为{sum_txt}，相差{diff}"
        msg_en = (f"In {tname}, the total is {total_txt}, but the items listed under it ({listed}) add up to "
                  f"{sum_txt}, a difference of {diff}")
    else:
        shown: dict[float, TableFigure] = {}
        for x, _ in ref:  # one name per amount, a column's before a label's own
            if round(x.value, 6) not in shown or (x.kind == "value" and shown[round(x.value, 6)].kind != "value"):
                shown[round(x.value, 6)] = x
        names = "、".join(f"{_total_name(L, x)}{_printed(x)}" for x in shown.values())
        msg = f"{tname}中{what}各项（{listed}）合计为{sum_txt}，与{names}均不相等（最接近的相差{diff}）"
        msg_en = (f"In {tname}, the items listed ({listed}) add up to {sum_txt}, which matches none of the "
                  f"total's amounts ({', '.join(_printed(x) for x, _ in ref)})")
    if not partial:
        if sev is Severity.INFO:
            msg, msg_en = msg + "，属舍入误差。", msg_en + ", a rounding-level difference."
        elif missing and cmp.expected < t.value:
            msg, msg_en = msg + "（部分分项未填数）。请核实是否有漏填项目。", msg_en + " (some items are blank). Please verify."
        else:
            msg, msg_en = msg + "。请核实。", msg_en + ". Please verify."
    why = "以“其他…”结尾" if L.why_complete == "其他" else "为同一标准口径的全部组成部分"
    evidence = [ev(x, "合计") for x, _ in ref] + [ev(f, "分项") for f in figs]
    return finding(
        _FOOTING[partial],
        severity=sev,
        message=msg,
        message_en=msg_en,
        evidence=evidence,
        expected=round(cmp.expected, 10),
        found=t.value,
        difference=round(cmp.difference, 10),
        tolerance=cmp.tolerance,
        unit=t.quantity.unit,
        explanation=(f"“键：值”单元格列出的分项之和（{d}位小数舍入区间）与上方总额行的各金额比较；"
                     + ("分项为部分列举，只要求不超过总额" if partial else f"所列分项{why}，应等于总额")),
        explanation_en="The parts printed as 'key: value' cells, summed and compared with the amounts of the "
                       "total row above them, within rounding intervals.",
        severity_reason=(None if sev is not Severity.WARNING else
                         "部分分项未填数，可能是漏填而非算错" if missing else "总额行有多个金额，无法确定分项应等于哪一个"),
        severity_reason_en=(None if sev is not Severity.WARNING else
                            "some items are blank: possibly left out rather than miscounted" if missing else
                            "the total row has several amounts; which one the items should equal is not certain"),
        key=f"{'TB03' if partial else 'TB01'}:{at.index}:inline:{L.items[0].row.grid_row}:{L.column}",
    )


@check("TB01", "表内合计与分项之和不符", "Table total does not foot", Severity.ERROR, "tables")
def table_footing(ctx: CheckContext) -> Iterable[Finding]:
    """表中合计行（或带下级项目的行）应等于其下各项之和（按列逐一核对）。

    分项未印数但有下级项目时，以下级项目之和作为该分项的值；差额在舍入范围内记为提示。
    “其中”行和含“……”的清单只要求分项之和不超过总数（见 TB03）。

    Cases (failing and passing report fragments): tests/cases/TB01.yaml.
    """
    for code, f in _footing_findings(ctx):
        if code == "TB01":
            yield f


@check("TB03", "分项超过总数", "Part exceeds whole", Severity.ERROR, "tables")
def part_exceeds_whole(ctx: CheckContext) -> Iterable[Finding]:
    """“其中”所列分项（或含“……”省略号的部分清单）之和不得超过其总数。

    部分清单不要求相等，只要求不超过；超过舍入范围即为错误。

    Cases (failing and passing report fragments): tests/cases/TB03.yaml.
    """
    for code, f in _footing_findings(ctx):
        if code == "TB03":
            yield f


# ---------------------------------------------------------------- cross-footing


def _label_left_of(sec: Section, row: TableRow, col: int) -> str:
    """The row's label for the figures from ``col`` on: the nearest text cell to the left
    (a 收支总表 prints a second list, with its own labels, right of the first)."""
    from auditor.link.concepts import clean_label
    from auditor.nlp.tables import norm_text

    for k in range(col - 1, -1, -1):
        if k in sec.label_cols:
            break
        c = row.own_cell(k)
        if c is not None and norm_text(c.text) and sec.columns[k].kind in ("text", "label", "mixed"):
            return clean_label(c.text) or label_of(row)
    return label_of(row)


def _short_header(header: str) -> str:
    """A column's name in a sum: its last header word, with the one above a bare 小计/合计
    ("基本支出 › 小计" → "基本支出小计")."""
    parts = header.split(" › ")
    if len(parts) >= 2 and parts[-1] in ("小计", "合计"):
        return parts[-2] + parts[-1]
    return parts[-1]


@check("TB02", "表内横向合计不符", "Row total does not cross-foot", Severity.ERROR, "tables")
def cross_footing(ctx: CheckContext) -> Iterable[Finding]:
    """同一行中，“合计”列应等于表头“其中”下各分列之和（如 支出合计 = 基本支出 + 项目支出）。

    表头两层时按列路径识别：基本支出又分“其中：人员支出、公用支出”时，基本支出须等于两者之和；
    分列之和大于合计为错误；小于合计且有分列未填数时为警告（可能只列了部分）。

    Cases (failing and passing report fragments): tests/cases/TB02.yaml.
    """
    for at in tables_of(ctx):
        for sec in at.sections:
            if not sec.column_groups:
                continue
            nested_totals = {t for t, _ in sec.column_groups}
            for row in sec.rows:
                for total_col, part_cols in sec.column_groups:
                    tf = _figure(at, row, total_col)
                    if tf is None:
                        continue
                    parts: list[tuple[int, TableFigure | None, float | None, list[TableFigure]]] = []
                    for pc in part_cols:
                        pf = _figure(at, row, pc)
                        if pf is not None:
                            parts.append((pc, pf, pf.value, [pf]))
                        elif pc in nested_totals:
                            sub = next(p for t, p in sec.column_groups if t == pc)
                            figs = [f for f in (_figure(at, row, c) for c in sub) if f is not None]
                            if figs:
                                parts.append((pc, None, sum(f.value for f in figs), figs))
                    if not parts:
                        continue
                    missing = len(parts) < len(part_cols)
                    texts = [f.quantity.number_text for _, _, _, fs in parts for f in fs] + [tf.quantity.number_text]
                    d = convention_decimals(texts)
                    values = [v for _, _, v, _ in parts]
                    cmp = check_sum(values, tf.value, d)
                    ctx.count()
                    if cmp.verdict is Verdict.CONSISTENT:
                        continue
                    excess = cmp.expected > tf.value
                    if cmp.verdict is Verdict.ROUNDING:
                        sev = Severity.INFO
                    elif excess or not missing:
                        sev = Severity.ERROR
                    else:
                        sev = Severity.WARNING
                    tname = table_name(at)
                    tcol = tf.column_header or "合计"
                    shown = "+".join(
                        (f"{_short_header(fs[0].column_header)}{fmt(v, d)}" if pf is not None else
                         f"{_short_header(sec.columns[pc].header)}({'+'.join(fmt(f.value, d) for f in fs)})")
                        for pc, pf, v, fs in parts)
                    total_txt = tf.cell.text[tf.span[0]:tf.span[1]].strip()
                    rl = _label_left_of(sec, row, total_col)
                    where = f"“{rl}”行" if rl else ""
                    if sev is Severity.INFO:
                        tail, tail_en = "，属舍入误差。", ", a rounding-level difference."
                    elif sev is Severity.WARNING:
                        tail, tail_en = "（部分分列未填数）。请核实。", " (some part columns are blank). Please verify."
                    else:
                        tail, tail_en = "。请核实。", ". Please verify."
                    msg = (f"{tname}中{where}{tcol}为{total_txt}，但其分列合计为{fmt(cmp.expected, d)}"
                           f"（{shown}），相差{fmt(abs(cmp.difference), d)}{tail}")
                    msg_en = (f"In {tname}, {tcol} of row '{rl}' is {total_txt}, but its part columns add up to "
                              f"{fmt(cmp.expected, d)} ({shown}), a difference of {fmt(abs(cmp.difference), d)}{tail_en}")
                    evidence = [ev(tf, "合计")] + [ev(f, "分项") for _, _, _, fs in parts for f in fs]
                    yield finding(
                        ctx, severity=sev, message=msg, message_en=msg_en, evidence=evidence,
                        expected=round(cmp.expected, 10), found=tf.value, difference=round(cmp.difference, 10),
                        tolerance=cmp.tolerance, unit=tf.quantity.unit,
                        explanation=f"表头“{tcol}”下以“其中”列出的分列：{shown}，与合计{total_txt}比较（{d}位小数舍入区间）",
                        explanation_en="Columns listed under the header's 其中 summed and compared with the total column.",
                        key=f"TB02:{at.index}:{row.grid_row}:{total_col}",
                    )


# ---------------------------------------------------------------- in-row rates


def _rate_operands(sec: Section, rate_col: int) -> tuple[int, int] | None:
    """(numerator, denominator) columns left of a rate column: 在职人数 / 编制数,
    实际规模 / 批复规模, 决算 / 预算."""
    from auditor.link.concepts import match_concept

    num = den = None
    for c in reversed(sec.columns[:rate_col]):
        if c.kind != "num":
            continue
        concept = match_concept(c.header)[0] if c.header else None
        if num is None and (concept == "在职人数" or c.measure in ("实际", "执行", "决算")):
            num = c.index
        elif den is None and (concept == "编制数" or c.measure in ("预算", "全年预算")):
            den = c.index
        if num is not None and den is not None:
            return num, den
    return None


@check("TB04", "表内比率与其分子分母不符", "In-row rate differs from its operands", Severity.ERROR, "tables")
def in_row_rate(ctx: CheckContext) -> Iterable[Finding]:
    """同一行中的控制率（或其他以“率”结尾的列）应等于同行的实际数 ÷ 核定（预算）数。

    在职人员控制率 = 实际在职人数 ÷ 编制数；规模控制率 = 实际规模 ÷ 批复规模。按各数印刷精度取区间比较，
    差在舍入范围内为提示。

    Cases (failing and passing report fragments): tests/cases/TB04.yaml.
    """
    for at in tables_of(ctx):
        for sec in at.sections:
            for rc in sec.columns:
                if rc.kind != "num" or not (rc.measure == "控制率" or rc.header.endswith("控制率")):
                    continue
                ops = _rate_operands(sec, rc.index)
                if ops is None:
                    continue
                for row in sec.rows:
                    rf = _figure(at, row, rc.index)
                    nf = _figure(at, row, ops[0])
                    df = _figure(at, row, ops[1])
                    if rf is None or nf is None or df is None or not df.value or rf.quantity.unit != "%":
                        continue
                    # counts are exact; amounts carry their printed decimals
                    nd = None if nf.quantity.dimension in ("count", None) and nf.quantity.decimals == 0 else nf.quantity.decimals
                    dd = None if df.quantity.dimension in ("count", None) and df.quantity.decimals == 0 else df.quantity.decimals
                    cmp = check_ratio(nf.value, nd, df.value, dd, rf.value, rf.quantity.decimals)
                    ctx.count()
                    if cmp.verdict is Verdict.CONSISTENT:
                        continue
                    sev = Severity.INFO if cmp.verdict is Verdict.ROUNDING else Severity.ERROR
                    d = max(rf.quantity.decimals, 2)
                    tname = table_name(at)
                    rate_txt = rf.cell.text[rf.span[0]:rf.span[1]].strip()
                    n_txt = nf.cell.text[nf.span[0]:nf.span[1]].strip()
                    d_txt = df.cell.text[df.span[0]:df.span[1]].strip()
                    tail = "，属舍入误差。" if sev is Severity.INFO else "。请核实。"
                    msg = (f"{tname}中{rc.header}为{rate_txt}，但{nf.column_header}{n_txt}÷{df.column_header}{d_txt}="
                           f"{fmt(cmp.expected, d)}%，相差{fmt(abs(cmp.difference), d)}个百分点{tail}")
                    msg_en = (f"In {tname}, {rc.header} is {rate_txt}, but {n_txt}/{d_txt} = {fmt(cmp.expected, d)}%.")
                    yield finding(
                        ctx, severity=sev, message=msg, message_en=msg_en,
                        evidence=[ev(rf, "比率"), ev(nf, "分子"), ev(df, "分母")],
                        expected=round(cmp.expected, 10), found=rf.value, difference=round(cmp.difference, 10),
                        tolerance=cmp.tolerance, unit="%",
                        explanation=f"{rc.header} = {nf.column_header} ÷ {df.column_header} × 100%（按印刷精度取区间比较）",
                        explanation_en="Rate = numerator column / denominator column × 100%, within printed precision.",
                        key=f"TB04:{at.index}:{row.grid_row}:{rc.index}",
                    )


# ---------------------------------------------------------------- a label's own amount


_MEASURE_FAMILY = dict(_COLUMNS["measure_families"])


@check("TB05", "表内同一数额两处不一", "Amount printed twice in a row differs", Severity.WARNING, "tables")
def label_amount_differs(ctx: CheckContext) -> Iterable[Finding]:
    """行标题单元格自带的数额（“资金总额：1710.50”）应与同一行相应的数值列（全年预算数 / 年初预算数，
    或执行数）一致：同一数额在一行中印了两次。

    按数额的口径比较：标题中的预算数额与该行的预算类列（年初预算数、全年预算数，等于其中之一即可）比较，
    执行数额与执行 / 决算列比较；该行没有同口径的列时不作判断。标题未说明口径时（“资金总额：38”），
    须等于该行预算类或执行类各列之一。差在舍入范围内为提示，否则为警告（请填报单位说明哪一个是对的）。

    Cases (failing and passing report fragments): tests/cases/TB05.yaml.
    """
    for at in tables_of(ctx):
        figs = at.figures()
        if not any(f.kind == "inline" for f in figs):
            continue
        by_row: dict[int, list[TableFigure]] = {}
        for f in figs:
            if f.row is not None:
                by_row.setdefault(id(f.row), []).append(f)
        for sec in at.sections:
            labels = set(sec.label_cols)
            for row in sec.rows:
                rfigs = by_row.get(id(row), [])
                own = [f for f in rfigs if f.kind == "inline" and f.column is not None
                       and f.column.index in labels and f.quantity.is_exact]
                if not own:
                    continue
                values = [f for f in rfigs if f.kind == "value" and f.quantity.is_exact and f.column is not None
                          and f.column.kind == "num" and f.column.index not in labels]
                for f in own:
                    if f.measure is not None and f.measure not in _MEASURE_FAMILY:
                        continue
                    # an amount whose label names no measure ("资金总额：38") is the row's budget
                    # or its spending: it must equal one of them
                    fam = _MEASURE_FAMILY.get(f.measure or "")
                    cands = [v for v in values if v.quantity.unit == f.quantity.unit
                             and (_MEASURE_FAMILY.get(v.measure or "") == fam if fam is not None
                                  else v.measure in _MEASURE_FAMILY)]
                    if not cands:
                        continue
                    d = convention_decimals([f.quantity.number_text] + [v.quantity.number_text for v in cands])
                    # two printings of one amount: check_equal (one unit apart is rounding)
                    cmps = sorted(((v, check_equal(f.value, d, v.value, d)) for v in cands),
                                  key=lambda vc: abs(vc[1].difference))
                    ctx.count()
                    if any(c.verdict is Verdict.CONSISTENT for _, c in cmps):
                        continue
                    v, c = cmps[0]
                    sev = Severity.INFO if c.verdict is Verdict.ROUNDING else Severity.WARNING
                    tname = table_name(at)
                    own_txt = f.cell.text[f.span[0]:f.span[1]].strip()
                    others = "、".join(f"{column_name(x)}{x.cell.text[x.span[0]:x.span[1]].strip()}" for x, _ in cmps)
                    diff = fmt(abs(c.difference), d)
                    tail, tail_en = ((("，属舍入误差。", ", a rounding-level difference.")) if sev is Severity.INFO
                                     else ("。请核实哪一个数额正确。", ". Please check which one is right."))
                    msg = (f"{tname}中行标题“{f.row_label}”所列数额为{own_txt}，与同行{others}不一致，"
                           f"相差{diff}{tail}")
                    msg_en = (f"In {tname}, the label '{f.row_label}' prints {own_txt}, but the same row gives "
                              f"{', '.join(x.cell.text[x.span[0]:x.span[1]].strip() for x, _ in cmps)}, "
                              f"a difference of {diff}{tail_en}")
                    yield finding(
                        ctx, severity=sev, message=msg, message_en=msg_en,
                        evidence=[ev(f, "行标题数额")] + [ev(x, "同行数值") for x, _ in cmps],
                        expected=v.value, found=f.value, difference=round(f.value - v.value, 10),
                        tolerance=c.tolerance, unit=f.quantity.unit,
                        explanation=(f"行标题中的{fam}数额与同行{fam}口径的数值列比较（{d}位小数舍入区间）" if fam
                                     else f"行标题中的数额与同行预算、执行各列比较，应等于其中之一（{d}位小数舍入区间）"),
                        explanation_en="An amount printed in a row's label cell, compared with the row's value "
                                       "columns of the same measure (budget or spending) within rounding.",
                        key=f"TB05:{at.index}:{row.grid_row}:{f.column.index}",
                    )


# ---------------------------------------------------------------- a table's year-on-year changes


def _change_cmp(ch, sign: int):
    """The printed change (its magnitude taken with ``sign``) against the two figures it compares; a rate
    as this year over last in % (its ``expected`` is 100 + the change rate)."""
    p, c, x = ch.prior.quantity, ch.current.quantity, ch.change.quantity
    v = sign * abs(x.value)
    if ch.kind == "pct":
        return check_ratio(c.value, c.decimals, p.value, p.decimals, 100.0 + v, x.decimals)
    dec = convention_decimals([p.number_text, c.number_text, x.number_text])
    return check_difference(c.value, p.value, dec, v)


@check("TB06", "表内增减额或增减率与两年数不符", "a table's change differs from the two years it compares",
       Severity.ERROR, "tables")
def table_change(ctx: CheckContext) -> Iterable[Finding]:
    """表中的增减行或增减列（“2016年比2015年增减%”，“增减额 | 增减率”）应等于所比较的两年数之差
    （增减率 = 本年 ÷ 上年 − 1）。按各数印刷精度取区间比较，差在舍入范围内为提示。印出正负号的按其符号比较；
    未印符号的只比较大小。

    Cases (failing and passing report fragments): tests/cases/TB06.yaml.
    """
    for ch in ctx.claims.table_changes:
        x = ch.change.quantity
        if ch.kind == "pct" and not ch.prior.value:
            continue  # no rate against nothing
        ctx.count()
        signed = x.number_text.lstrip().startswith(("-", "−", "+")) or x.value < 0
        signs = [1 if x.value >= 0 else -1] if signed else [1, -1]
        results = [_change_cmp(ch, s) for s in signs]
        if any(r.verdict is Verdict.CONSISTENT for r in results):
            continue
        cmp = min(results, key=lambda r: abs(r.difference))
        sev, why, why_en = slip_severity(cmp, Severity.ERROR)
        p, c = ch.prior, ch.current
        unit = "%" if ch.kind == "pct" else (c.quantity.unit or "")
        expected = cmp.expected - 100.0 if ch.kind == "pct" else cmp.expected
        what = "增减率" if ch.kind == "pct" else "增减额"
        d = max(x.decimals, 2 if ch.kind == "pct" else 0)
        at = ch.change.table
        item = ch.change.column_header if ch.change.row is not p.row else ch.change.row_label
        where = f"“{item}”" if item else ""
        tail = "，属舍入误差。" if sev is Severity.INFO else "。请核实。"
        yield finding(
            ctx, severity=sev, severity_reason=why, severity_reason_en=why_en,
            message=(f"{table_name(at)}中{where}{ch.label}为{x.printed.strip()}，但由{p.quantity.printed.strip()}"
                     f"到{c.quantity.printed.strip()}的{what}为{fmt(expected, d)}{unit}{tail}"),
            message_en=(f"In {table_name(at)}, {ch.label} of {item or 'the item'} is {x.printed.strip()}, but from "
                        f"{p.quantity.printed.strip()} to {c.quantity.printed.strip()} it is {fmt(expected, d)}{unit}."),
            evidence=[ev(ch.change, what), ev(p, "上年"), ev(c, "本年")],
            expected=round(expected, 10), found=x.value, difference=round(x.value - expected, 10),
            tolerance=cmp.tolerance, unit=unit,
            explanation=("增减率 = 本年数 ÷ 上年数 − 1（按印刷精度取区间比较）" if ch.kind == "pct"
                         else "增减额 = 本年数 − 上年数（按印刷精度取区间比较）"),
            explanation_en="Change = this year − last year (a rate: this year ÷ last year − 1), within printed precision.",
            key=f"TB06:{at.index}:{ch.change.row.grid_row}:{ch.change.column.index}",
        )
