"""SC02, SC03: no 得分 above its 分值; the maxima in group labels ("产出指标(50分)") equal
their members' 分值, and the top level adds up to the 总分 row's 分值."""

from __future__ import annotations

from typing import Iterable

from auditor.checks.registry import CheckContext, check, finding
from auditor.checks.scores.common import _FAMILY, _dec, score_tables
from auditor.checks.tables import ev, fmt, table_name
from auditor.findings import Evidence, Finding, Severity
from auditor.nlp.scores import ScoreRow, group_label, label_groups, label_key, number_span
from auditor.nlp.tables import AnalyzedTable, TableRow
from auditor.tolerance import Interval, Verdict, check_sum, convention_decimals


# ---------------------------------------------------------------- SC02


@check("SC02", "得分超过分值", "Score above its maximum", Severity.ERROR, _FAMILY)
def score_above_max(ctx: CheckContext) -> Iterable[Finding]:
    """每项指标的得分不得超过其分值（合并单元格共用一个分值时，按合计比较）。

    Cases (failing and passing report fragments): tests/cases/SC02.yaml.
    """
    for st in score_tables(ctx):
        at, rows = st.table, st.rows
        pools: dict[int, list[ScoreRow]] = {}
        for r in rows:
            head = r.pooled_into or r
            pools.setdefault(id(head), []).append(r)
        for members in pools.values():
            head = members[0]
            if head.max_value is None:
                continue
            scored = [m for m in members if m.score_fig is not None]
            if not scored:
                continue
            total = sum(m.score_fig.value for m in scored)
            figs = [m.score_fig for m in scored] + ([head.max_fig] if head.max_fig else [])
            d = _dec(figs)
            ctx.count()
            lim = Interval.printed(head.max_value, None)
            got = Interval.printed(total, None)
            if got.lo <= lim.hi + 1e-9:
                continue
            tname = table_name(at)
            names = "、".join(f"“{m.name}”" for m in scored)
            msg = (f"{tname}中{names}得分{fmt(total, d)}，超过其分值{fmt(head.max_value, d)}。请核实。")
            msg_en = f"In {tname}, {names} scores {fmt(total, d)}, above its maximum {fmt(head.max_value, d)}."
            evidence = [ev(m.score_fig, "得分") for m in scored]
            if head.max_fig is not None:
                evidence.insert(0, ev(head.max_fig, "分值"))
            yield finding(
                ctx, severity=Severity.ERROR,
                message=msg, message_en=msg_en, evidence=evidence, expected=head.max_value, found=total,
                difference=round(total - head.max_value, 10), tolerance=lim.width / 2, unit="分",
                explanation="得分与同一行（或合并单元格）的分值比较", explanation_en="Score compared with the row's maximum.",
                key=f"SC02:{at.index}:{head.row.grid_row}",
            )


# ---------------------------------------------------------------- SC03


def _row_max(r: ScoreRow) -> float | None:
    if r.pooled_into is not None:
        return 0.0
    return r.max_value


@check("SC03", "分值结构不符", "Maxima do not add up", Severity.WARNING, _FAMILY)
def maxima_structure(ctx: CheckContext) -> Iterable[Finding]:
    """指标标签中的分值（如“产出指标(50分)”）应等于其下各项分值之和；各一级指标分值
    （连同资金执行率一行）之和应等于总分行的分值。

    一级指标分值也应等于报告规定的统一分值（“一级指标分值统一设置为：产出指标50分、效益指标30分…”）。

    Cases (failing and passing report fragments): tests/cases/SC03.yaml.
    """
    for st in score_tables(ctx):
        at, rows, totals = st.table, st.rows, st.totals
        if not rows:
            continue
        yield from _against_stated_weights(ctx, st)
        by_sec: dict[int, list[ScoreRow]] = {}
        for r in rows:
            by_sec.setdefault(r.section.index, []).append(r)
        top_units: list[tuple[float, object]] = []  # (max, evidence source)
        unit_keys: set = set()
        for sec_rows in by_sec.values():
            sec = sec_rows[0].section
            nlab = len(sec.label_cols)
            relevant = [r for r in sec_rows if r.max_value is not None or r.pooled_into is not None]
            for r in relevant:
                # the outermost labelled maximum is the row's top-level unit
                lv = min(r.row.group_max) if r.row.group_max else None
                if lv is not None and lv != sec.label_cols[-1]:
                    j = sec.label_cols.index(lv)
                    key = (sec.index, j, label_key(r.row, j))
                    if key not in unit_keys:
                        unit_keys.add(key)
                        top_units.append((r.row.group_max[lv], (r, j)))
                else:
                    m = _row_max(r)
                    if m is not None:
                        top_units.append((m, (r, None)))
            for j in range(nlab - 1):
                col = sec.label_cols[j]
                for grp in label_groups(relevant, j):
                    gmax = grp[0].row.group_max.get(col)
                    if gmax is None:
                        continue
                    key = label_key(grp[0].row, j)
                    read = {label_key(r.row, j + 1) for r in grp}
                    if any(label_key(tr, j) == key and label_key(tr, j + 1) not in read
                           and tr.group_max.get(sec.label_cols[j + 1]) is not None for tr in sec.rows):
                        # a member with points in its label whose rows print none (履职成效(20分) |
                        # 部门特性指标 |): its points are not among those read (an empty 经济效益指标 row
                        # without points counts for nothing)
                        continue
                    # members: sub-groups at the next labelled level, else rows
                    members: list[tuple[float | None, ScoreRow]] = []
                    nxt = sec.label_cols[j + 1]
                    if j + 1 < nlab - 1:
                        for sub in label_groups(grp, j + 1):
                            smax = sub[0].row.group_max.get(nxt)
                            if smax is not None:
                                members.append((smax, sub[0]))
                            else:
                                members.extend((_row_max(r), r) for r in sub)
                    else:
                        members.extend((_row_max(r), r) for r in grp)
                    if any(m is None for m, _ in members):
                        continue
                    vals = [m for m, _ in members]
                    d = convention_decimals([fmt(v, 2) for v in vals] + [fmt(gmax, 2)])
                    cmp = check_sum(vals, gmax, None)  # maxima are exact
                    ctx.count()
                    if cmp.verdict is Verdict.CONSISTENT:
                        continue
                    head = grp[0].row
                    glabel = group_label(head, j)
                    evidence = [_label_evidence(at, head, col, f"{gmax:g}分", "分值")]
                    for m, r in members:
                        if r.max_fig is not None and r.pooled_into is None and m == r.max_value:
                            evidence.append(ev(r.max_fig, "分项"))
                        else:
                            evidence.append(_label_evidence(at, r.row, sec.label_cols[min(j + 1, nlab - 1)],
                                                            f"{m:g}", "分项"))
                    tname = table_name(at)
                    msg = (f"{tname}中“{glabel}”标注{fmt(gmax, d)}分，但其下各项分值合计为{fmt(cmp.expected, d)}分"
                           f"（{'+'.join(fmt(v, d) for v in vals)}）。请核实分值设置。")
                    msg_en = (f"In {tname}, '{glabel}' is worth {fmt(gmax, d)} points, but its items' maxima add up to "
                              f"{fmt(cmp.expected, d)}.")
                    yield finding(
                        ctx, severity=Severity.WARNING,
                        message=msg, message_en=msg_en, evidence=evidence, expected=round(cmp.expected, 10),
                        found=gmax, difference=round(gmax - cmp.expected, 10), tolerance=cmp.tolerance, unit="分",
                        explanation="标签中的分值与其下各项分值之和比较",
                        explanation_en="Maximum printed in a group label compared with its members' maxima.",
                        key=f"SC03:{at.index}:{head.grid_row}:{j}",
                    )
        # top level: against the 分值 printed in the total row
        if not totals or not top_units or totals[-1].max_fig is None:
            continue
        tr = totals[-1]
        expected_total = tr.max_value
        vals = [m for m, _ in top_units]
        d = convention_decimals([fmt(v, 2) for v in vals])
        cmp = check_sum(vals, expected_total, None)
        ctx.count()
        if cmp.verdict is Verdict.CONSISTENT:
            continue
        evidence = []
        if tr.max_fig is not None:
            evidence.append(ev(tr.max_fig, "合计"))
        for m, (r, j) in top_units:
            if j is None and r.max_fig is not None:
                evidence.append(ev(r.max_fig, "分项"))
            else:
                col = r.section.label_cols[j if j is not None else -1]
                evidence.append(_label_evidence(at, r.row, col, f"{m:g}", "分项"))
        tname = table_name(at)
        msg = (f"{tname}中各一级指标分值合计为{fmt(cmp.expected, d)}分（{'+'.join(fmt(v, d) for v in vals)}），"
               f"与总分{fmt(expected_total, d)}分不符。请核实分值设置。")
        msg_en = (f"In {tname}, the top-level maxima add up to {fmt(cmp.expected, d)}, not the total "
                  f"{fmt(expected_total, d)}.")
        yield finding(
            ctx, severity=Severity.WARNING,
            message=msg, message_en=msg_en, evidence=evidence, expected=round(cmp.expected, 10),
            found=expected_total, difference=round(expected_total - cmp.expected, 10), tolerance=cmp.tolerance,
            unit="分", explanation="各一级指标（及资金执行率）分值相加，与总分行分值比较",
            explanation_en="Top-level maxima added and compared with the total row's maximum.",
            key=f"SC03:{at.index}:top",
        )


def _against_stated_weights(ctx: CheckContext, st) -> Iterable[Finding]:
    """Each 一级指标 group whose label prints its points (产出指标(70分)) against the points the report fixes
    for it (分值统一设置为：产出指标50分…), in the note of this table (the nearest statement's table: the one before
    it, else after); a weight in % is read as points of a table out of 100."""
    at = st.table
    weights = [w for w in (ctx.claims.scores.weights if ctx.claims.scores is not None else []) if w.table == at.index]
    if not weights:
        return
    out_of = st.totals[-1].max_value if st.totals and st.totals[-1].max_value is not None else None
    seen: set = set()
    for r in st.rows:
        sec = r.section
        col = sec.label_cols[0] if sec.label_cols else None
        gmax = r.row.group_max.get(col) if col is not None else None
        if gmax is None or len(sec.label_cols) < 2:
            continue
        name = group_label(r.row, 0)
        key = (sec.index, label_key(r.row, 0))
        if key in seen:
            continue
        seen.add(key)
        w = next((w for w in weights if name == w.name or name.endswith(w.name)), None)
        if w is None or (w.unit == "%" and out_of != 100):
            continue
        ctx.count()
        if abs(w.value - gmax) < 1e-9:
            continue
        tname = table_name(at)
        yield finding(
            ctx, severity=Severity.WARNING,
            message=(f"{tname}中“{name}”标注{gmax:g}分，但报告规定其分值为{w.value:g}{w.unit}。请核实分值设置。"),
            message_en=(f"In {tname}, '{name}' is worth {gmax:g} points, but the report fixes it at "
                        f"{w.value:g}{w.unit}."),
            evidence=[_label_evidence(at, r.row, col, f"{gmax:g}分", "分值"),
                      Evidence(location=w.location, text=w.text, span=w.span, printed=w.text[w.span[0]:w.span[1]],
                               value=w.value, unit=w.unit, role="规定分值")],
            expected=w.value, found=gmax, difference=round(gmax - w.value, 10), tolerance=0.0, unit="分",
            explanation="一级指标标签中的分值与报告规定的统一分值比较",
            explanation_en="A top-level indicator's points compared with the points the report fixes for it.",
            key=f"SC03:{at.index}:{r.row.grid_row}:weight",
        )


def _label_evidence(at: AnalyzedTable, row: TableRow, col: int, printed: str, role: str) -> Evidence:
    c = row.cells[col] if 0 <= col < len(row.cells) else None
    if c is None:
        c = next((x for x in row.cells if x is not None), None)
    text = c.text if c is not None else ""
    span = number_span(text)
    val = None
    try:
        val = float(printed.replace("分", ""))
    except ValueError:
        pass
    return Evidence(location=c.location if c is not None else row.table.location, text=text, span=span,
                    printed=printed, value=val, unit="分", role=role,
                    context=[at.title] + list(row.path))
