"""Score tables (评分表 / 自评表 / 计分表) and the figures around them.

SC01 the 得分 column adds up to 总分; SC02 no 得分 above its 分值; SC03 maxima
in group labels ("产出指标(50分)") equal their members' 分值 and the top
level adds up to the 总分 row's 分值 (100); SC04 a score stated elsewhere
("自评得分93分", "绩效自评综合得分 88.5") agrees with 总分; SC05 the 评价等次
fits the score's band (lexicons/grades.yaml); SC06 执行率 = 执行数 / 预算数
and an execution score = 分值 × 执行率; SC07 a self-score its own 评分标准
does not give (rules parsed from lexicons/scoring_rules.yaml); SC08 a target
missed with full marks; SC09 the self-evaluation table's budget equal to the
basic data table's actuals while that table shows a different budget; SC10 a
rule's own bands (monotone, within and reaching the 分值, no gap; ladders not in
percent read in written order; a deduction rule starts from the 分值); SC11 the
points of a rule's enumerated items (①…1分；②…0.5分) add up to the 分值; SC12 a
quantitative target met, points deducted and no reason given.

The score tables, their rules and the scores and grades the text states are
read once by extraction (:mod:`auditor.nlp.scores`, :mod:`auditor.nlp.score_rules`)
into ``ClaimSet.scores``; this module only judges those records. Tolerances go
through :mod:`auditor.tolerance`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from auditor.checks.registry import CheckContext, check, finding
from auditor.checks.tables import ev, fmt, table_name, tables_of
from auditor.findings import Evidence, Finding, Severity
from auditor.lexicons import load_lexicons
from auditor.nlp.score_rules import Band, Rule
from auditor.nlp.scores import (
    ScoreRow,
    ScoreSheet,
    ScoreTable,
    TargetActual,
    group_label,
    label_groups,
    label_key,
    number_span,
)
from auditor.nlp.tables import AnalyzedTable, Section, TableFigure, TableRow
from auditor.tolerance import Interval, Verdict, check_equal, check_ratio, check_sum, compare, convention_decimals

_FAMILY = "scores"


# ---------------------------------------------------------------- score records


def scores_of(ctx: CheckContext) -> ScoreSheet:
    """The score records extraction read (``ClaimSet.scores``)."""
    return ctx.claims.scores or ScoreSheet()


def score_tables(ctx: CheckContext) -> list[ScoreTable]:
    return scores_of(ctx).score_tables


def _dec(figs: Iterable[TableFigure]) -> int:
    return convention_decimals(f.quantity.number_text for f in figs)


def _ptxt(f: TableFigure) -> str:
    return f.cell.text[f.span[0]:f.span[1]].strip()


# ---------------------------------------------------------------- SC01


@check("SC01", "得分合计与总分不符", "Scores do not add up to the total", Severity.ERROR, _FAMILY)
def score_sum(ctx: CheckContext) -> Iterable[Finding]:
    """评分表“得分”列（含资金执行率一行的得分）之和应等于“总分”行的得分。

    Cases (failing and passing report fragments): tests/cases/SC01.yaml.
    """
    for st in score_tables(ctx):
        at, rows, totals = st.table, st.rows, st.totals
        prev_order = -1
        for tr in totals:
            # a 小计 row adds up the rows since the last total; 总分 / 合计 every row above it
            sub = tr.is_subtotal
            lo = prev_order if sub else -1
            prev_order = tr.order
            if tr.score_fig is None:
                continue
            before = [r for r in rows if lo < r.order < tr.order]
            scored = [r for r in before if r.score_fig is not None]
            if not sub and not any(r.section is tr.section for r in scored):
                # a total printed first, right under its block's header, adds up the rows
                # after it (and the scored rows of the blocks above, as a last total would)
                nxt = min((t.order for t in totals if t.order > tr.order), default=None)
                scored = scored + [r for r in rows if r.order > tr.order and (nxt is None or r.order < nxt)
                                   and r.score_fig is not None]
            if len(scored) < 2:
                continue
            found = tr.score_fig.value
            d = _dec([r.score_fig for r in scored] + [tr.score_fig])
            cands = [scored]
            same_sec = [r for r in scored if r.section is tr.section]
            if 2 <= len(same_sec) < len(scored):
                cands.append(same_sec)
            # scores are awarded, not measured: each printed score is exact
            results = [(check_sum([r.score_fig.value for r in c], found, None), c) for c in cands]
            ctx.count()
            if any(cmp.verdict is Verdict.CONSISTENT for cmp, _ in results):
                continue
            cmp, used = min(results, key=lambda x: abs(x[0].difference))
            sev = Severity.INFO if cmp.verdict is Verdict.ROUNDING else Severity.ERROR
            tname = table_name(at)
            total_txt = _ptxt(tr.score_fig)
            colname = tr.score_fig.column_header or "得分"
            tail = "，属舍入误差。" if sev is Severity.INFO else "。请核实各项得分或总分。"
            msg = (f"{tname}中“{colname}”各项合计为{fmt(cmp.expected, d)}，但总分为{total_txt}，"
                   f"相差{fmt(abs(cmp.difference), d)}{tail}")
            msg_en = (f"In {tname}, the '{colname}' column adds up to {fmt(cmp.expected, d)}, but the total says "
                      f"{total_txt} (difference {fmt(abs(cmp.difference), d)}).")
            evidence = [ev(tr.score_fig, "合计")] + [ev(r.score_fig, "分项") for r in used]
            yield finding(
                ctx, severity=sev, message=msg, message_en=msg_en, evidence=evidence,
                expected=round(cmp.expected, 10), found=found, difference=round(cmp.difference, 10),
                tolerance=cmp.tolerance, unit="分",
                explanation=f"逐行相加{len(used)}个得分（{'+'.join(fmt(r.score_fig.value, d) for r in used)}），"
                            f"与总分{total_txt}比较",
                explanation_en=f"Added the {len(used)} scores of the table and compared with the total row.",
                key=f"SC01:{at.index}:{tr.row.grid_row}",
            )


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

    Cases (failing and passing report fragments): tests/cases/SC03.yaml.
    """
    for st in score_tables(ctx):
        at, rows, totals = st.table, st.rows, st.totals
        if not rows:
            continue
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


# ---------------------------------------------------------------- main total


def _main_totals(ctx: CheckContext, kinds_order=(("score",), ("project_score",))
                 ) -> list[tuple[AnalyzedTable, TableFigure]]:
    """Printed 总分 of the score tables: 部门整体 tables first, project tables if none."""
    out = []
    for kinds in kinds_order:
        for st in score_tables(ctx):
            at = st.table
            if at.kind not in kinds:
                continue
            for tr in st.totals:
                if tr.score_fig is not None:
                    out.append((at, tr.score_fig))
        if out:
            return out
    return out


# ---------------------------------------------------------------- SC04


@check("SC04", "自评得分与总分不符", "Stated score differs from the total", Severity.ERROR, _FAMILY)
def stated_score(ctx: CheckContext) -> Iterable[Finding]:
    """报告正文或其他表格中写明的自评得分（“自评综合得分93分”、“绩效自评综合得分 88.5”）
    应等于评分表总分。

    只有一张部门整体评分表时不符为错误；有多张评分表而与任何一张都不符时为警告。

    Cases (failing and passing report fragments): tests/cases/SC04.yaml.
    """
    overall = _main_totals(ctx)
    projects = _main_totals(ctx, (("project_score",),))
    if not overall:
        return
    statements: list[tuple[Evidence, float, int, list]] = []
    for s in scores_of(ctx).stated:
        v = s.value
        if v > 100:
            continue
        # a project's score is checked against the project tables only
        cands = projects if s.about_project else overall
        if not cands:
            continue
        statements.append((_stated_evidence(s, "自评得分"), v, s.decimals, cands))
    total_tables = {id(at) for at, _ in overall + projects}
    for at in tables_of(ctx):
        if id(at) in total_tables:
            continue
        for f in at.figures():
            if f.kind in ("kv", "inline") and f.concept == "总分" and f.quantity.is_exact and f.value <= 100:
                statements.append((ev(f, "自评得分"), f.value, f.quantity.decimals, overall))
    for evd, v, dv, totals in statements:
        best = None
        for at, tf in totals:
            cmp = check_equal(tf.value, tf.quantity.decimals, v, dv)
            ctx.count()
            if cmp.verdict is Verdict.CONSISTENT:
                best = None
                break
            if best is None or abs(cmp.difference) < abs(best[2].difference):
                best = (at, tf, cmp)
        else:
            pass
        if best is None:
            continue
        at, tf, cmp = best
        sev = Severity.INFO if cmp.verdict is Verdict.ROUNDING else (
            Severity.ERROR if len(totals) == 1 else Severity.WARNING)
        where = evd.location.label("zh")
        msg = (f"{where}所写自评得分{fmt(v, dv)}分，与{table_name(at)}总分{_ptxt(tf)}分不符，"
               f"相差{fmt(abs(cmp.difference), max(dv, tf.quantity.decimals))}分。请核实。")
        msg_en = (f"The score stated at {evd.location.label('en')} ({fmt(v, dv)}) differs from the total "
                  f"{_ptxt(tf)} of {table_name(at)}.")
        yield finding(
            ctx, severity=sev,
            message=msg, message_en=msg_en, evidence=[evd, ev(tf, "总分")], expected=tf.value, found=v,
            difference=round(v - tf.value, 10), tolerance=cmp.tolerance, unit="分",
            explanation="正文（或其他表格）所述得分与评分表总分行比较",
            explanation_en="Score stated in the text (or another table) compared with the score table's total row.",
            severity_reason=("报告中有多张评分表，所写得分可能对应另一张" if sev is Severity.WARNING else None),
            severity_reason_en=("the report has several score tables; the stated score may belong to another one"
                                if sev is Severity.WARNING else None),
            key=f"SC04:{where}:{v}",
        )


def _stated_evidence(s, role: str) -> Evidence:
    """A score the text states, as finding evidence."""
    return Evidence(location=s.location, text=s.text, span=s.span, printed=s.printed, value=s.value, unit="分",
                    role=role)


def _decs(num: str) -> int:
    return len(num.split(".", 1)[1]) if "." in num else 0


# ---------------------------------------------------------------- SC05


def _grade_bands(ctx: CheckContext) -> list[dict]:
    lex = ctx.lexicons or load_lexicons()
    return list(lex.grades)


@check("SC05", "评价等次与得分不符", "Grade does not fit the score", Severity.ERROR, _FAMILY)
def grade_band(ctx: CheckContext) -> Iterable[Finding]:
    """评价等次应与得分所在的分数段一致（优≥90，良80–90，中60–80，差<60，见 lexicons/grades.yaml）。

    等次与得分在同一表格或同一句中时，不符为错误；与评分表总分比较时为警告。

    Cases (failing and passing report fragments): tests/cases/SC05.yaml.
    """
    totals = _main_totals(ctx)
    sheet = scores_of(ctx)
    # table statements: a 评价等次 row, with a score in the same table if any
    for st in sheet.tables:
        at = st.table
        score_here = [f for f in at.figures() if f.concept == "总分" and f.kind in ("kv", "inline")]
        if not score_here:
            score_here = [tr.score_fig for tr in st.totals if tr.score_fig is not None]
        for g in st.grades:
            grade_ev = Evidence(location=g.cell.location, text=g.cell.text, printed=g.grade, role="等次",
                                context=[at.title, g.label])
            if score_here:
                for sf in score_here[:1]:
                    yield from _grade_finding(ctx, g.band, grade_ev, sf.value, ev(sf, "得分"), Severity.ERROR,
                                              g.grade)
            elif totals:
                at2, tf = totals[0]
                yield from _grade_finding(ctx, g.band, grade_ev, tf.value, ev(tf, "总分"), Severity.WARNING,
                                          g.grade)
    # narrative: a grade word with a score in the same sentence, else the main total
    for g in sheet.grades:
        grade_ev = Evidence(location=g.location, text=g.text, span=g.span, printed=g.grade, role="等次")
        if g.full_marks is not None and abs(g.full_marks - 100) > 1e-9:
            continue  # 满分20分，得分18分，等级为优: the bands are for a total out of 100
        if g.score is not None:
            yield from _grade_finding(ctx, g.band, grade_ev, g.score.value, _stated_evidence(g.score, "得分"),
                                      Severity.ERROR, g.grade)
        elif len(totals) == 1 and totals[0][0].kind == "score" and g.overall:
            at2, tf = totals[0]
            yield from _grade_finding(ctx, g.band, grade_ev, tf.value, ev(tf, "总分"), Severity.WARNING, g.grade)


def _bands_text(bands: list[dict]) -> str:
    """优≥90，良80–90，中60–80，差<60: the grade bands as a reader writes them."""
    out = []
    for b in bands:
        lo, hi = float(b["min"]), float(b["max"])
        if hi > 100:
            out.append(f"{b['grade']}≥{fmt(lo, 0)}")
        elif lo <= 0:
            out.append(f"{b['grade']}<{fmt(hi, 0)}")
        else:
            out.append(f"{b['grade']}{fmt(lo, 0)}–{fmt(hi, 0)}")
    return "，".join(out)


def _grade_finding(ctx, band: dict, grade_ev: Evidence, score: float, score_ev: Evidence, sev: Severity,
                   grade_text: str) -> Iterable[Finding]:
    ctx.count()
    lo, hi = float(band["min"]), float(band["max"])
    if lo <= score < hi:
        return
    bands = _grade_bands(ctx)
    fits = next((b for b in bands if float(b["min"]) <= score < float(b["max"])), None)
    should = fits["grade"] if fits else "?"
    hi_txt = "100" if hi > 100 else fmt(hi, 0)
    msg = (f"评价等次为“{grade_text}”（{fmt(lo, 0)}–{hi_txt}分），但得分为{fmt(score, 2)}分，"
           f"按分数段应为“{should}”。请核实。")
    msg_en = (f"The grade '{grade_text}' ({fmt(lo, 0)}–{hi_txt}) does not fit the score {fmt(score, 2)}; "
              f"the band gives '{should}'.")
    yield finding(
        ctx, severity=sev,
        message=msg, message_en=msg_en, evidence=[grade_ev, score_ev], expected=should, found=grade_text,
        unit="分", explanation=f"得分所在的分数段（{_bands_text(bands)}）与所写等次比较",
        explanation_en=f"The band the score falls in ({_bands_text(bands)}) compared with the stated grade.",
        severity_reason=("等次旁未写得分，按评分表总分比较，等次也可能指别的得分" if sev is Severity.WARNING else None),
        severity_reason_en=("no score stands beside the grade; it was compared with the score table's total, "
                            "which it may not refer to" if sev is Severity.WARNING else None),
        key=f"SC05:{grade_ev.location.label()}:{score}",
    )


# ---------------------------------------------------------------- SC06


@check("SC06", "执行率或执行得分不符", "Execution rate or its score is off", Severity.ERROR, _FAMILY)
def execution_rate(ctx: CheckContext) -> Iterable[Finding]:
    """执行率应等于全年执行数 ÷ 全年预算数；按执行率计分的，得分应等于分值 × 执行率。

    执行率与其两个数不符为错误（舍入级差异为提示）；得分与“分值×执行率”不符为警告
    （评分办法可能不同）。

    Cases (failing and passing report fragments): tests/cases/SC06.yaml.
    """
    for at in tables_of(ctx):
        for sec in at.sections:
            rate_cols = sec.col("执行率")
            if not rate_cols:
                continue
            for row in sec.rows:
                rf = at.figure_at(row, rate_cols[0])
                if rf is None or not rf.quantity.is_exact or rf.quantity.unit != "%":
                    continue
                actual = _first(at, row, sec, ("执行",))
                budgets = [b for b in (_first(at, row, sec, ("全年预算",)), _row_budget(at, row),
                                       _first(at, row, sec, ("预算",)), _first(at, row, sec, ("年初预算",)))
                           if b is not None]
                seen = set()
                budgets = [b for b in budgets if not (id(b) in seen or seen.add(id(b)))]
                rate_ok_cmp = None
                if actual is not None and budgets:
                    results = []
                    for b in budgets:
                        if b.value == 0:
                            continue
                        # the row's convention: a budget of 20 beside 19.89 is 20.00, not 19.5–20.5
                        d = max(actual.quantity.decimals, b.quantity.decimals)
                        cmp = check_ratio(actual.value, d, b.value, d, rf.value, rf.quantity.decimals)
                        results.append((cmp, b))
                    if results:
                        ctx.count()
                        good = [x for x in results if x[0].verdict is Verdict.CONSISTENT]
                        if good:
                            rate_ok_cmp = good[0]
                        else:
                            cmp, b = results[0]
                            sev = Severity.INFO if cmp.verdict is Verdict.ROUNDING else Severity.ERROR
                            tname = table_name(at)
                            msg = (f"{tname}中执行率为{_ptxt(rf)}，但{_ptxt(actual)}÷{_ptxt(b)}="
                                   f"{fmt(cmp.expected, max(rf.quantity.decimals, 2))}%，"
                                   f"相差{fmt(abs(cmp.difference), max(rf.quantity.decimals, 2))}个百分点。请核实。")
                            msg_en = (f"In {tname}, the execution rate is {_ptxt(rf)}, but {_ptxt(actual)}/{_ptxt(b)} = "
                                      f"{fmt(cmp.expected, 2)}%.")
                            yield finding(
                                ctx, severity=sev, message=msg, message_en=msg_en,
                                evidence=[ev(rf, "比率"), ev(actual, "执行数"), ev(b, "预算数")],
                                expected=round(cmp.expected, 10), found=rf.value, difference=round(cmp.difference, 10),
                                tolerance=cmp.tolerance, unit="%",
                                explanation=f"执行率 = {column_or(actual, '执行数')} ÷ {column_or(b, '预算数')} × 100%",
                                explanation_en="Execution rate = executed / budget × 100%.",
                                key=f"SC06:{at.index}:{row.grid_row}:rate",
                            )
                # the execution score: 分值 × 执行率
                mx = _first(at, row, sec, ("分值",))
                sc = _first(at, row, sec, ("得分",))
                if mx is None or sc is None:
                    continue
                ds = sc.quantity.decimals
                rate_iv = Interval.printed(rf.value, rf.quantity.decimals).scale(0.01)
                cands = [Interval.printed(mx.value, None) * rate_iv]
                if rate_ok_cmp is not None and actual is not None:
                    b = rate_ok_cmp[1]
                    cands.append(Interval.printed(mx.value, None) *
                                 (Interval.printed(actual.value, actual.quantity.decimals) /
                                  Interval.printed(b.value, b.quantity.decimals)))
                # a rate at or above 100% earns the full 分值
                if rf.value >= 100:
                    cands.append(Interval.exact(mx.value))
                ctx.count()
                cmps = [compare(iv, sc.value, ds) for iv in cands]
                if any(c.verdict is not Verdict.INCONSISTENT for c in cmps):
                    continue
                cmp = cmps[0]
                exp = mx.value * rf.value / 100
                tname = table_name(at)
                msg = (f"{tname}中执行率{_ptxt(rf)}、分值{_ptxt(mx)}，按分值×执行率应得{fmt(exp, max(ds, 2))}分，"
                       f"但得分为{_ptxt(sc)}。请核实评分方法。")
                msg_en = (f"In {tname}, with rate {_ptxt(rf)} and maximum {_ptxt(mx)}, the score would be "
                          f"{fmt(exp, 2)}, but it is {_ptxt(sc)}.")
                yield finding(
                    ctx, severity=Severity.WARNING, message=msg, message_en=msg_en,
                    evidence=[ev(sc, "得分"), ev(mx, "分值"), ev(rf, "比率")], expected=round(exp, 10),
                    found=sc.value, difference=round(sc.value - exp, 10), tolerance=cmp.tolerance, unit="分",
                    explanation="得分 = 分值 × 执行率", explanation_en="Score = maximum × execution rate.",
                    key=f"SC06:{at.index}:{row.grid_row}:score",
                )


def column_or(f: TableFigure, default: str) -> str:
    return f.column_header or f.row_label or default


def _first(at: AnalyzedTable, row: TableRow, sec: Section, measures: tuple[str, ...]) -> TableFigure | None:
    for m in measures:
        for c in sec.col(m):
            f = at.figure_at(row, c)
            if f is not None and f.quantity.is_exact:
                return f
    return None


def _row_budget(at: AnalyzedTable, row: TableRow) -> TableFigure | None:
    """A "资金总额：2778.76" cell in a 年度预算 row."""
    for f in at.figures_in_row(row):
        if f.kind == "inline" and f.measure in ("预算", "全年预算", "年初预算") and f.quantity.is_exact:
            return f
    return None


# ---------------------------------------------------------------- SC07: score vs its rule


def _rule_words(rule: "Rule", lang: str) -> str:
    """What a parsed 评分标准 says, in words a reviewer reads (not its pattern name)."""
    lim = fmt(rule.limit, 4) if rule.limit is not None else None
    step = fmt(rule.step, 4) if rule.step is not None else None
    if rule.shape == "deduct_over" and lim is not None and step is not None:
        return (f"不超过{lim}%得满分，每超过一个百分点扣{step}分" if lang != "en"
                else f"full marks up to {lim}%, {step} off per point above")
    if rule.shape == "deduct_under" and lim is not None and step is not None:
        return (f"达到{lim}%得满分，每低于一个百分点扣{step}分" if lang != "en"
                else f"full marks at {lim}%, {step} off per point below")
    if rule.shape == "bands":
        return "按指标值所在区间分档给分" if lang != "en" else "points by the band the value falls in"
    return "该行评分标准" if lang != "en" else "the row's scoring rule"


def score_range(rule: Rule, v: Interval, full_default: float) -> tuple[float, float] | None:
    """The lowest and highest score ``rule`` gives for any value in ``v``."""
    full = rule.full if rule.full is not None else full_default
    if rule.shape == "deduct_over":
        lims = [_deduct(rule, x - rule.limit, full) for x in (v.lo, v.hi)]
        return min(l[0] for l in lims), max(l[1] for l in lims)
    if rule.shape == "deduct_under":
        lims = [_deduct(rule, rule.limit - x, full) for x in (v.lo, v.hi)]
        return min(l[0] for l in lims), max(l[1] for l in lims)
    if rule.shape == "bands":
        pts = [full if math.isnan(p) else p for lo, lo_inc, hi, hi_inc, p in rule.bands
               if _overlaps(v, lo, lo_inc, hi, hi_inc)]
        if not pts:
            return None
        return min(pts), max(pts)
    return None


def _deduct(rule: Rule, points: float, full: float) -> tuple[float, float]:
    # "每…一个百分点扣s分": pro rata at the harsh end, whole points only at the lenient end
    if points <= 1e-9:
        return full, full
    return max(0.0, full - rule.step * points), max(0.0, full - rule.step * math.floor(points + 1e-9))



def _overlaps(v: Interval, lo: float, lo_inc: bool, hi: float, hi_inc: bool) -> bool:
    a_ok = v.hi > lo or (lo_inc and v.hi >= lo - 1e-9)
    b_ok = v.lo < hi or (hi_inc and v.lo <= hi + 1e-9)
    return a_ok and b_ok



@dataclass
class _IndicatorValue:
    value: Interval
    shown: str  # how the message shows it: "14÷12=116.67%"
    evidence: list[Evidence]
    direct: bool  # every input printed in a table
    mid: float = 0.0  # the value as computed from the printed figures


def _figures_with(ctx: CheckContext, concept: str, exclude: AnalyzedTable | None,
                  dims: tuple[str | None, ...]) -> list[TableFigure]:
    out = []
    for at in tables_of(ctx):
        if at is exclude:
            continue
        for f in at.figures():
            if f.concept != concept or not f.quantity.is_exact:
                continue
            if f.measure in ("目标", "预算", "全年预算", "年初预算", "分值", "得分"):
                continue
            if f.quantity.dimension not in dims:
                continue
            out.append(f)
    return out


def _narrative_with(ctx: CheckContext, concept: str, dims: tuple[str | None, ...]) -> list:
    out = []
    for c in getattr(ctx.claims, "claims", None) or []:
        if getattr(c, "source", None) != "narrative" or c.concept != concept:
            continue
        q = c.quantity
        if q.dimension in dims and q.bound in ("eq",) and q.range_to is None:
            out.append(c)
    return out


def _distinct(figs: list, key=lambda f: f.value) -> list:
    vals = {round(key(f), 6) for f in figs}
    return figs if len(vals) == 1 else []


def _indicator_value(ctx: CheckContext, sr: ScoreRow, concept: str) -> _IndicatorValue | None:
    spec = (load_lexicons().scoring or {}).get("indicators", {}).get(concept, {})
    direct = spec.get("certainty") == "direct"
    formula = spec.get("formula")
    # a printed rate elsewhere in the report's tables
    # (a rule applies to a stated rate as printed)
    rates = _distinct(_figures_with(ctx, concept, sr.table, ("percent",)))
    if rates:
        f = rates[0]
        return _IndicatorValue(Interval.exact(f.value), _ptxt(f) if "%" in _ptxt(f) else f"{_ptxt(f)}%",
                               [ev(f, "比率")], direct, f.value)
    if formula == "ratio":
        num_c, den_c = spec["numerator"], spec["denominator"]
        dims = ("count", None, "money")
        nums = _distinct(_figures_with(ctx, num_c, sr.table, dims))
        dens = _distinct(_figures_with(ctx, den_c, sr.table, dims))
        if nums and dens:
            n, d = nums[0], dens[0]
            if d.value == 0 or (n.quantity.dimension != d.quantity.dimension and None not in
                                (n.quantity.dimension, d.quantity.dimension)):
                return None
            nd = None if n.quantity.dimension in ("count", None) and n.quantity.decimals == 0 and n.quantity.unit != "万元" else n.quantity.decimals
            dd = None if d.quantity.dimension in ("count", None) and d.quantity.decimals == 0 and d.quantity.unit != "万元" else d.quantity.decimals
            iv = (Interval.printed(n.value, nd) / Interval.printed(d.value, dd)).scale(100.0)
            mid = n.value / d.value * 100
            shown = f"{_ptxt(n)}÷{_ptxt(d)}={fmt(mid, 2)}%"
            return _IndicatorValue(iv, shown, [ev(n, "分子"), ev(d, "分母")], direct, mid)
        # narrative figures: indirect
        nn = _distinct(_narrative_with(ctx, num_c, ("count",)))
        dn = _distinct(_narrative_with(ctx, den_c, ("count",)))
        if nn and dn and dn[0].value:
            n, d = nn[0], dn[0]
            iv = (Interval.exact(n.value) / Interval.exact(d.value)).scale(100.0)
            mid = n.value / d.value * 100
            shown = f"{fmt(n.value, 2)}÷{fmt(d.value, 2)}={fmt(mid, 2)}%"
            return _IndicatorValue(iv, shown, [n.evidence("分子"), d.evidence("分母")], False, mid)
        return None
    if formula == "stated":
        figs = _figures_with(ctx, concept, sr.table, ("percent",))
        claims = _narrative_with(ctx, concept, ("percent",))
        vals = {round(f.value, 6) for f in figs} | {round(c.value, 6) for c in claims}
        if len(vals) != 1:
            return None
        if figs:
            f = figs[0]
            return _IndicatorValue(Interval.exact(f.value), _ptxt(f), [ev(f, "指标值")], False, f.value)
        c = claims[0]
        q = c.quantity
        return _IndicatorValue(Interval.exact(q.value), q.printed, [c.evidence("指标值")], False, q.value)
    return None


@check("SC07", "自评分与评分标准不符", "Self-score the rule does not give", Severity.ERROR, _FAMILY)
def score_vs_rule(ctx: CheckContext) -> Iterable[Finding]:
    """能从报告中算出指标值的，按该行“评分标准”重算得分，与自评分比较。

    支持的评分标准写法见 lexicons/scoring_rules.yaml（“≦100%计5分，每超过一个百分点扣0.5分，
    扣完为止”“每低于100%一个百分点扣0.1分”“95%（含）以上计5分；85%（含）-95%，计3分…”）。
    在职人员控制率由编制数和实有人数算出（输入直接，不符为错误）；固定资产利用率、满意度等
    由其他数字推得（不符为警告）。

    Cases (failing and passing report fragments): tests/cases/SC07.yaml.
    """
    for st in score_tables(ctx):
        at, rows = st.table, st.rows
        for sr in rows:
            if not sr.standard or sr.score_fig is None:
                continue
            rule = sr.rule
            if rule is None:
                continue
            concept = sr.indicator
            if concept is None:
                continue
            iv = _indicator_value(ctx, sr, concept)
            if iv is None:
                continue
            full = sr.max_value if sr.max_value is not None else (rule.full or 0.0)
            rng = score_range(rule, iv.value, full)
            if rng is None:
                continue
            ctx.count()
            d = max(sr.score_fig.quantity.decimals, 1 if rule.step and rule.step % 1 else 0)
            lo, hi = rng
            got = Interval.printed(sr.score_fig.value, sr.score_fig.quantity.decimals)
            if got.meets(Interval(lo, hi)):
                continue
            sev = Severity.ERROR if iv.direct else Severity.WARNING
            mlo, mhi = score_range(rule, Interval.exact(iv.mid), full) or (lo, hi)
            exp = mlo if sr.score_fig.value < mlo else mhi
            rule_gives = fmt(mlo, d) if abs(mhi - mlo) < 1e-9 else f"{fmt(mlo, d)}–{fmt(mhi, d)}"
            tname = table_name(at)
            msg = (f"{tname}中“{sr.name}”为{iv.shown}，按其评分标准应得{rule_gives}分，但自评得分为"
                   f"{_ptxt(sr.score_fig)}分。请核实。")
            msg_en = (f"In {tname}, '{sr.name}' is {iv.shown}; its scoring rule gives {rule_gives}, but the "
                      f"self-score is {_ptxt(sr.score_fig)}.")
            std_cell = sr.standard_cell
            evidence = [ev(sr.score_fig, "得分")] + iv.evidence
            if std_cell is not None:
                evidence.append(Evidence(location=std_cell.location, text=std_cell.text, role="评分标准",
                                         context=[at.title] + list(sr.row.path)))
            yield finding(
                ctx, severity=sev, message=msg, message_en=msg_en, evidence=evidence, expected=exp,
                found=sr.score_fig.value, difference=round(sr.score_fig.value - exp, 10),
                tolerance=got.width / 2, unit="分",
                explanation=f"按评分标准（{_rule_words(rule, 'zh')}）计算，{iv.shown}应得{rule_gives}分",
                explanation_en=f"The scoring rule ({_rule_words(rule, 'en')}) gives {rule_gives} for {iv.shown}.",
                severity_reason=(None if iv.direct else "指标值取自正文或推算而非表中直接列出，对应关系需要确认"),
                severity_reason_en=(None if iv.direct else "the indicator value comes from the text or a computation, "
                                    "not from the table itself, so the match needs confirming"),
                key=f"SC07:{at.index}:{sr.row.grid_row}",
            )


# ---------------------------------------------------------------- SC08: target vs actual


@check("SC08", "未达目标却得满分", "Target missed with full marks", Severity.WARNING, _FAMILY)
def target_missed_full_marks(ctx: CheckContext) -> Iterable[Finding]:
    """实际完成值未达到年度指标值（按指标方向：数量、比率越高越好，成本、时限越低越好；
    “不少于”“以上”“以内”等限定词优先），得分却为满分。

    “每月一次”按全年12次比较。

    Cases (failing and passing report fragments): tests/cases/SC08.yaml.
    """
    for st in score_tables(ctx):
        at, rows = st.table, st.rows
        for sr in rows:
            ta = sr.target_actual
            if ta is None:
                continue
            ctx.count()
            if ta.direction is None or _status(ta) != "missed":
                continue
            t, a, tv, av, full, direction = ta.t, ta.a, ta.tv, ta.av, ta.full, ta.direction
            sc = sr.score_fig.value
            if abs(sc - full) > 1e-9:
                continue
            tname = table_name(at)
            per = f"（全年{fmt(tv, 0)}次）" if t.per_year is not None else ""
            word = "未达到" if direction == "ge" else "超出"
            msg = (f"{tname}中“{sr.name}”年度指标值为“{sr.target_cell.text.strip()}”{per}，实际完成值为"
                   f"{sr.actual_cell.text.strip()}，{word}目标，但得分{_ptxt(sr.score_fig)}为满分（分值"
                   f"{fmt(full, 2)}）。请核实评分或说明原因。")
            msg_en = (f"In {tname}, '{sr.name}' targets '{sr.target_cell.text.strip()}' but achieved "
                      f"'{sr.actual_cell.text.strip()}', yet scores full marks ({fmt(full, 2)}).")
            t_ev, a_ev = _target_evidence(at, sr, ta)
            evidence = [t_ev, a_ev, ev(sr.score_fig, "得分")]
            if sr.max_fig is not None:
                evidence.append(ev(sr.max_fig, "分值"))
            yield finding(
                ctx, severity=Severity.WARNING, message=msg, message_en=msg_en, evidence=evidence,
                expected=tv, found=av, difference=round(av - tv, 10), unit=t.unit or a.unit,
                explanation=f"指标方向：{'越高越好' if direction == 'ge' else '越低越好'}；实际{fmt(av, 2)}对目标{fmt(tv, 2)}",
                explanation_en=f"Direction {'higher is better' if direction == 'ge' else 'lower is better'}: "
                               f"actual {fmt(av, 2)} vs target {fmt(tv, 2)}.",
                key=f"SC08:{at.index}:{sr.row.grid_row}",
            )


def _status(ta: TargetActual) -> str | None:
    """"missed" or "met" when the row's actual is below or reaches its target in the
    indicator's direction; None when the comparison is open (or the direction unknown)."""
    if ta.direction is None:
        return None
    t, a, tv, av = ta.t, ta.a, ta.tv, ta.av
    # a target is a threshold, exact as written (98% is not "97.5% to 98.5%")
    ti = Interval.exact(tv)
    ai = Interval.printed(av, a.decimals if a.dimension not in ("count", "frequency", None) else None)
    if ta.direction == "ge":
        if a.bound in ("ge", "gt"):
            return "met" if ai.lo >= ti.lo - 1e-9 else None
        if ai.hi < ti.lo - 1e-9 or (t.bound == "gt" and ai.hi <= ti.lo):
            return "missed"
        if a.bound in ("eq", None) and ((ai.lo >= ti.lo - 1e-9 and not (t.bound == "gt" and ai.lo <= ti.lo))
                                        or (abs(av - tv) < 1e-9 and t.bound != "gt")):
            return "met"  # printed equal to the target (100% of 100%): the report says it was reached
        return None
    if a.bound in ("le", "lt"):
        return "met" if ai.hi <= ti.hi + 1e-9 else None
    if ai.lo > ti.hi + 1e-9 or (t.bound == "lt" and ai.lo >= ti.hi):
        return "missed"
    if a.bound in ("eq", None) and ((ai.hi <= ti.hi + 1e-9 and not (t.bound == "lt" and ai.hi >= ti.hi))
                                    or (abs(av - tv) < 1e-9 and t.bound != "lt")):
        return "met"
    return None


def _target_evidence(at: AnalyzedTable, sr: ScoreRow, ta: TargetActual) -> tuple[Evidence, Evidence]:
    """The row's 年度指标值 and 实际完成值 figures, as finding evidence."""
    t, a = ta.t, ta.a
    t_ev = Evidence(location=sr.target_cell.location, text=sr.target_cell.text, span=ta.t_span,
                    printed=t.printed, value=ta.tv, unit=t.unit_printed or t.unit, role="目标",
                    context=[at.title] + list(sr.row.path) + ["年度指标值"])
    a_ev = Evidence(location=sr.actual_cell.location, text=sr.actual_cell.text, span=ta.a_span,
                    printed=a.printed, value=a.value, unit=a.unit_printed or a.unit, role="实际",
                    context=[at.title] + list(sr.row.path) + ["实际完成值"])
    return t_ev, a_ev


# ---------------------------------------------------------------- SC09: budget in the self-evaluation table


@check("SC09", "自评表预算与基础数据表不符", "Self-evaluation budget vs basic data", Severity.WARNING, _FAMILY)
def budget_vs_basic_data(ctx: CheckContext) -> Iterable[Finding]:
    """自评表的年度预算（资金总额/全年预算数）应与基础数据表当年预算数（基本支出+项目支出）一致；
    若自评表的“预算”恰等于基础数据表的决算数，而基础数据表预算另有其数，多半是把实际支出填成了预算，
    执行率因此失真。

    Cases (failing and passing report fragments): tests/cases/SC09.yaml.
    """
    basics = [at for at in tables_of(ctx) if at.kind == "basic_data"]
    selfs = [at for at in tables_of(ctx) if at.kind == "score"]
    if not basics or not selfs:
        return
    own = _own_basic_data(basics, selfs)
    sheet = scores_of(ctx)
    for bt in basics:
        basic = sheet.of(bt).basic
        if basic is None:
            continue
        year, budget, actual = basic.year, basic.budget, basic.actual
        if budget is None or actual is None:
            continue
        b_val, b_figs = budget
        a_val, a_figs = actual
        for st in selfs:
            if own is not None and own[id(st)] is not bt:
                continue
            sb = sheet.of(st).self_budget
            if sb is None:
                continue
            d = convention_decimals([f.quantity.number_text for f in b_figs + a_figs] + [sb.quantity.number_text])
            eq_actual = check_equal(a_val, d, sb.value, sb.quantity.decimals)
            eq_budget = check_equal(b_val, d, sb.value, sb.quantity.decimals)
            ctx.count(2)
            if eq_actual.verdict is not Verdict.CONSISTENT or eq_budget.verdict is Verdict.CONSISTENT:
                continue
            b_parts = "+".join(_ptxt(f) for f in b_figs)
            a_parts = "+".join(_ptxt(f) for f in a_figs)
            diff = round(sb.value - b_val, 10)
            u = sb.quantity.unit or ""
            msg = (f"{table_name(st)}中年度预算（{sb.row_label or '资金总额'}）为{_ptxt(sb)}{'' if _ptxt(sb).endswith(u) else u}，等于{table_name(bt)}"
                   f"中{year}年决算数合计{fmt(a_val, d)}{u}（{a_parts}），而{table_name(bt)}中{year}年预算数合计为"
                   f"{fmt(b_val, d)}{u}（{b_parts}），相差{fmt(abs(diff), d)}{u}。自评表的预算可能填成了实际支出，"
                   f"执行率因此失真。请核实。")
            msg_en = (f"The self-evaluation table's budget {_ptxt(sb)} equals the basic data table's {year} actuals "
                      f"{fmt(a_val, d)} ({a_parts}), while that table's {year} budget is {fmt(b_val, d)} ({b_parts}).")
            evidence = [ev(sb, "预算")] + [ev(f, "预算数") for f in b_figs] + [ev(f, "决算数") for f in a_figs]
            yield finding(
                ctx, severity=Severity.WARNING, message=msg, message_en=msg_en, evidence=evidence,
                expected=round(b_val, 10), found=sb.value, difference=diff, tolerance=eq_budget.tolerance,
                unit=sb.quantity.unit,
                explanation=f"基础数据表{year}年预算数（基本支出+项目支出）={fmt(b_val, d)}，决算数={fmt(a_val, d)}，"
                            f"与自评表预算{_ptxt(sb)}比较",
                explanation_en="Basic data table budget and actuals (basic + project spending) compared with the "
                               "self-evaluation table's budget.",
                key=f"SC09:{bt.index}:{st.index}",
            )


def _own_basic_data(basics: list[AnalyzedTable], selfs: list[AnalyzedTable]) -> dict[int, AnalyzedTable] | None:
    """With one table of either kind every pair is compared (None). When both
    repeat (several reports in one file) a self-evaluation table is compared
    with the nearest basic data table before it (the first one when none
    precedes): comparing every pair made the findings, and the time, grow with
    the square of the number of reports."""
    if len(basics) < 2 or len(selfs) < 2:
        return None
    ordered = sorted(basics, key=lambda b: b.index)
    out = {}
    for st in selfs:
        before = [b for b in ordered if b.index < st.index]
        out[id(st)] = before[-1] if before else ordered[0]
    return out


# ---------------------------------------------------------------- SC10: the rule's own bands


def _band_order(b: Band) -> tuple[float, float]:
    return (b[0], b[2])


def _monotone(pts: list[float]) -> bool:
    up = all(a <= b + 1e-9 for a, b in zip(pts, pts[1:]))
    down = all(a >= b - 1e-9 for a, b in zip(pts, pts[1:]))
    return up or down


def _overlapping(bands: list[Band]
                 ) -> Band | None:
    """The points of the band that overlaps others with different points (59%以上计5分 beside
    85%-95%计3分), when dropping that one band removes every overlap; else None."""
    def clashes(bs):
        return [(i, j) for i in range(len(bs)) for j in range(i + 1, len(bs))
                if max(bs[i][0], bs[j][0]) < min(bs[i][2], bs[j][2]) - 1e-9 and abs(bs[i][4] - bs[j][4]) > 1e-9]
    if not clashes(bands):
        return None
    for k in range(len(bands)):
        if not clashes(bands[:k] + bands[k + 1:]):
            return bands[k]
    return None


def _gap(bands: list[Band]) -> tuple[float, float] | None:
    """The first stretch of values no band covers between two bands ("低于57%计0分" beside
    "75%（含）-85%，计1分"); a step of one point or less is how whole percents are written
    ("80%-89%" then "90%以上") and is no gap."""
    reach = None
    for lo, _, hi, _, _ in sorted(bands, key=_band_order):
        if reach is not None and math.isfinite(lo) and lo - reach > 1 + 1e-9:
            return reach, lo
        reach = hi if reach is None else max(reach, hi)
    return None


def _odd_one(pts: list[float], cap: float | None = None) -> float | None:
    """The band whose points, left out, make the rest monotone; among several, one above the
    分值 first, then one that is not the 分值 (the top band giving full marks is the sound one)."""
    cands = [pts[i] for i in range(len(pts)) if _monotone(pts[:i] + pts[i + 1:])]
    if not cands:
        return None
    if cap is not None:
        cands.sort(key=lambda p: (not p > cap + 1e-9, abs(p - cap) < 1e-9))
    return cands[0]


@check("SC10", "评分标准分档分值不合理", "Scoring bands out of order", Severity.WARNING, _FAMILY)
def band_points_out_of_order(ctx: CheckContext) -> Iterable[Finding]:
    """评分标准按区间分档给分时，各档分值应随指标值单调变化，最高一档应等于、任何一档不得超过
    该指标的分值，各档区间应首尾相接；不按百分比分档的（“无结余，3分；有结余……，2分；……不得分”），
    各档按书写顺序检查；扣分规则（“≦100%，计5分；每超过一个百分点扣0.5分”）达标时所给分数应等于分值。

    Cases (failing and passing report fragments): tests/cases/SC10.yaml.
    """
    for st in score_tables(ctx):
        at, rows = st.table, st.rows
        pooled = st.pooled_heads
        for sr in rows:
            if not sr.standard:
                continue
            # the row's own 分值, when it is its own (not shared through a merged cell)
            mx = sr.max_value if sr.pooled_into is None and id(sr) not in pooled else None
            cap = sr.max_value if sr.pooled_into is None else None  # no band may exceed it
            rule = sr.rule
            bounds: list[float] = []
            odd: float | None = None
            why = ""
            clash = None
            if rule is not None and rule.shape == "bands":
                has_full = any(math.isnan(b[4]) for b in rule.bands)
                bands = sorted((b for b in rule.bands if not math.isnan(b[4])), key=_band_order)
                if len(bands) < 3:
                    continue
                ctx.count()
                pts = [b[4] for b in bands]
                clash = _overlapping(bands)
                gap = _gap(bands)
                inverted = next((b for b in bands if math.isfinite(b[0]) and math.isfinite(b[2]) and b[0] > b[2]), None)
                if inverted is not None:
                    clash, odd = inverted, inverted[4]
                    bounds = [inverted[0], inverted[2]]
                    why = f"有一档区间下限{fmt(inverted[0])}%高于上限{fmt(inverted[2])}%"
                elif clash is not None:
                    odd = clash[4]
                    bounds = [b for b in (clash[0], clash[2]) if math.isfinite(b)]
                    lo_t = "" if not math.isfinite(clash[0]) else f"{fmt(clash[0])}%"
                    hi_t = "" if not math.isfinite(clash[2]) else f"{fmt(clash[2])}%"
                    span = f"{lo_t}–{hi_t}" if lo_t and hi_t else (f"{lo_t}以上" if lo_t else f"{hi_t}以下")
                    why = f"各档区间相互重叠且给分不同（{span}一档与其他档重叠）"
                elif not _monotone(pts):
                    odd = _odd_one(pts, sr.max_value)
                    why = "各档分值未随指标值单调变化"
                elif cap is not None and max(pts) > cap + 1e-9:
                    odd = max(pts)
                    why = f"最高一档给分超过该指标分值{fmt(cap)}分"
                elif mx is not None and not has_full and max(pts) < mx - 1e-9:
                    odd = max(pts)
                    why = f"最高一档给分低于该指标分值{fmt(mx)}分，按此标准无法得满分"
                elif gap is not None:
                    bounds = list(gap)
                    why = f"各档区间不连续，{fmt(gap[0])}%–{fmt(gap[1])}%之间未规定给分"
                    clash = gap  # no single band to blame
            elif rule is None:
                steps = sr.ladder
                if steps is None:
                    continue
                ctx.count()
                has_full = any(math.isnan(p) for p in steps)
                pts = [p for p in steps if not math.isnan(p)]
                zero_at_end = pts[0] == 0 or pts[-1] == 0
                if cap is not None and max(pts) > cap + 1e-9:
                    odd = max(pts)
                    why = f"有一档给分{fmt(odd)}分，超过该指标分值{fmt(cap)}分"
                elif len(pts) >= 3 and zero_at_end and not _monotone(pts):
                    odd = _odd_one(pts, sr.max_value)
                    why = "各档分值未随书写顺序单调变化"
                elif mx is not None and not has_full and max(pts) < mx - 1e-9:
                    odd = max(pts)
                    why = f"最高一档给分低于该指标分值{fmt(mx)}分，按此标准无法得满分"
            elif rule.shape in ("deduct_over", "deduct_under") and rule.full is not None:
                # "≦100%，计5分；每超过一个百分点扣0.5分": the rule starts from the 分值
                if mx is None:
                    continue
                ctx.count()
                pts = [rule.full]
                if abs(rule.full - mx) > 1e-9:
                    odd = rule.full
                    why = (f"达标时给{fmt(rule.full)}分，"
                           + ("超过" if rule.full > mx else "低于") + f"该指标分值{fmt(mx)}分")
            else:
                continue
            if not why:
                continue
            std_cell = sr.standard_cell
            if std_cell is None:
                continue
            shown = "、".join(fmt(p) for p in pts)
            order = "按指标值由低到高" if rule is not None else "按书写顺序"
            head = f"评分标准{order}各档给分为{shown}分，" if rule is None or rule.shape == "bands" else "评分标准"
            tname = table_name(at)
            evidence = [Evidence(location=std_cell.location, text=std_cell.text, role="评分标准",
                                 printed=f"{fmt(odd)}分" if odd is not None else None, value=odd,
                                 context=[at.title] + list(sr.row.path))]
            evidence += [Evidence(location=std_cell.location, text=std_cell.text, role="分档界限", printed=f"{fmt(b)}%",
                                  value=b, context=[at.title] + list(sr.row.path)) for b in bounds]
            if sr.max_fig is not None and "该指标分值" in why:
                evidence.append(ev(sr.max_fig, "分值"))
            yield finding(
                ctx, severity=Severity.WARNING,
                message=(f"{tname}中“{sr.name}”的{head}{why}"
                         + (f"（疑为“{fmt(odd)}分”{'一档' if len(pts) > 1 else ''}有误）"
                            if odd is not None and clash is None else "")
                         + "。请核实。"),
                message_en=(f"In {tname}, the scoring bands of '{sr.name}' give {shown} points: not in order, "
                            f"above or short of the indicator's maximum, a band upside down, or leaving a gap. Please verify."),
                evidence=evidence,
                found=odd, unit="分",
                explanation="分档评分标准中，每档区间下限不高于上限，指标值越好得分应越高（或越低），"
                            "最高一档等于且任何一档不超过分值，各档区间首尾相接。",
                explanation_en="In a banded rule, better values earn more points, the top band gives the maximum "
                               "and no band more, and the bands leave no gap.",
                key=f"SC10:{at.index}:{sr.row.grid_row}",
            )


# ---------------------------------------------------------------- SC11: items of a rule vs the 分值


@check("SC11", "评分标准分项分值之和与分值不符", "Rule items do not add up to the maximum", Severity.WARNING,
       _FAMILY)
def rule_items_sum(ctx: CheckContext) -> Iterable[Finding]:
    """评分标准逐项给分（①…1分；②…0.5分 / 1.… / （1）…）时，各项分值之和应等于该指标的分值。
    分档给分（“95%（含）以上计5分；85%（含）-95%，计3分”“……不得分”）、扣分规则（“每超过一个
    百分点扣0.5分”“每出现一例扣1分”）和分值不明（合并单元格共用分值）的不检查。

    Cases (failing and passing report fragments): tests/cases/SC11.yaml.
    """
    for st in score_tables(ctx):
        at, rows = st.table, st.rows
        pooled = st.pooled_heads
        for sr in rows:
            if not sr.standard or sr.max_value is None or sr.pooled_into is not None or id(sr) in pooled:
                continue
            items = sr.items
            if items is None:
                continue
            pts = [it.points for it in items]
            mx = sr.max_value
            # "①…3分；②…2分；③…1分" under a 分值 of 3 reads as alternatives, not a sum
            if abs(pts[0] - mx) < 1e-9 and all(a > b for a, b in zip(pts, pts[1:])):
                continue
            ctx.count()
            total = round(sum(pts), 10)
            if abs(total - mx) < 1e-9:
                continue
            std_cell = sr.standard_cell
            if std_cell is None:
                continue
            d = max([_decs(f"{p:g}") for p in pts] + [_decs(f"{mx:g}")])
            parts = "+".join(fmt(p, d) for p in pts)
            tname = table_name(at)
            ctx_path = [at.title] + list(sr.row.path)
            evidence = [Evidence(location=std_cell.location, text=std_cell.text, role="分项分值",
                                 printed=it.printed, value=it.points, context=ctx_path) for it in items]
            if sr.max_fig is not None:
                evidence.insert(0, ev(sr.max_fig, "分值"))
            yield finding(
                ctx, severity=Severity.WARNING,
                message=(f"{tname}中“{sr.name}”的评分标准分{len(items)}项给分，合计{parts}={fmt(total, d)}分，"
                         f"但该指标分值为{fmt(mx, d)}分。请核实各项分值或该指标分值。"),
                message_en=(f"In {tname}, the scoring rule of '{sr.name}' gives {len(items)} items "
                            f"{parts} = {fmt(total, d)} points, but the indicator's maximum is {fmt(mx, d)}."),
                evidence=evidence, expected=mx, found=total, difference=round(total - mx, 10), tolerance=0.0,
                unit="分",
                explanation=f"评分标准逐项给分，各项相加{parts}={fmt(total, d)}，与分值{fmt(mx, d)}比较",
                explanation_en="The points of the rule's enumerated items added up and compared with the row's maximum.",
                key=f"SC11:{at.index}:{sr.row.grid_row}",
            )


# ---------------------------------------------------------------- SC12: target met, points deducted


@check("SC12", "完成目标却扣分且未说明", "Target met but points deducted", Severity.WARNING, _FAMILY)
def target_met_points_deducted(ctx: CheckContext) -> Iterable[Finding]:
    """定量指标的实际完成值达到年度指标值（按指标方向比较，同SC08），按“完成指标值的记该指标
    所赋全部分值”应得满分；得分低于分值而偏差原因栏空白的，提示核实。该行有自己的评分标准、
    目标值未写限定词而实际值超出目标（可能因目标偏低扣分）、或分值由合并单元格共用的，不检查。

    Cases (failing and passing report fragments): tests/cases/SC12.yaml.
    """
    for st in score_tables(ctx):
        at, rows = st.table, st.rows
        pooled = st.pooled_heads
        for sr in rows:
            if sr.standard.strip() or id(sr) in pooled:
                continue
            ta = sr.target_actual
            if ta is None or ta.direction is None:
                continue
            ctx.count()
            if _status(ta) != "met":
                continue
            t, a = ta.t, ta.a
            # a bare target exceeded may lose points for being set too low: only "as targeted" counts
            if t.bound not in ("ge", "gt", "le", "lt"):
                ai = Interval.printed(ta.av, a.decimals if a.dimension not in ("count", "frequency", None) else None)
                if not ai.meets(Interval.exact(ta.tv)):
                    continue
            sc = sr.score_fig.value
            if sc >= ta.full - 1e-9:
                continue
            if sr.explained:
                continue  # the deduction is explained
            tname = table_name(at)
            d = _dec([sr.score_fig] + ([sr.max_fig] if sr.max_fig is not None else []))
            msg = (f"{tname}中“{sr.name}”年度指标值为“{sr.target_cell.text.strip()}”，实际完成值为"
                   f"“{sr.actual_cell.text.strip()}”，已达到目标，但得分{_ptxt(sr.score_fig)}低于分值"
                   f"{fmt(ta.full, d)}，且未说明扣分原因。请核实评分或说明原因。")
            msg_en = (f"In {tname}, '{sr.name}' targets '{sr.target_cell.text.strip()}' and achieved "
                      f"'{sr.actual_cell.text.strip()}', yet scores {_ptxt(sr.score_fig)} of {fmt(ta.full, d)} "
                      f"with no reason given.")
            evidence = [ev(sr.score_fig, "得分")]
            if sr.max_fig is not None:
                evidence.append(ev(sr.max_fig, "分值"))
            evidence += list(_target_evidence(at, sr, ta))
            yield finding(
                ctx, severity=Severity.WARNING, message=msg, message_en=msg_en, evidence=evidence,
                expected=ta.full, found=sc, difference=round(sc - ta.full, 10), tolerance=0.0, unit="分",
                explanation=f"指标方向：{'越高越好' if ta.direction == 'ge' else '越低越好'}；实际{fmt(ta.av, 2)}"
                            f"达到目标{fmt(ta.tv, 2)}，得分{_ptxt(sr.score_fig)}低于分值，偏差原因栏空白",
                explanation_en="A quantitative target met earns the indicator's full marks unless a reason is given.",
                key=f"SC12:{at.index}:{sr.row.grid_row}",
            )
