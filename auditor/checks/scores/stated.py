"""SC04, SC05: a score stated elsewhere ("自评得分93分", "绩效自评综合得分 88.5") agrees with
the score table's 总分, and a 评价等次 fits the band of its score (lexicons/grades.yaml)."""

from __future__ import annotations

from typing import Iterable

from auditor.checks.registry import CheckContext, check, finding
from auditor.checks.scores.common import _FAMILY, _ptxt, score_tables, scores_of
from auditor.checks.tables import ev, fmt, table_name, tables_of
from auditor.findings import Evidence, Finding, Severity
from auditor.lexicons import load_lexicons
from auditor.nlp.tables import AnalyzedTable, TableFigure
from auditor.tolerance import Verdict, check_equal


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
    # a list of projects, each row with its score and its grade
    for st in sheet.tables:
        for rg in st.row_grades:
            name = rg.row.path[0] if rg.row.path else (rg.row.label or "")
            grade_ev = Evidence(location=rg.grade_cell.location, text=rg.grade_cell.text, printed=rg.grade,
                                role="等次", context=[st.table.title, name])
            score_ev = Evidence(location=rg.score_cell.location, text=rg.score_cell.text,
                                printed=rg.score_cell.text.strip(), role="得分", context=[st.table.title, name])
            yield from _grade_finding(ctx, rg.band, grade_ev, rg.score, score_ev, Severity.ERROR, rg.grade,
                                      subject=name)
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
                   grade_text: str, subject: str | None = None) -> Iterable[Finding]:
    ctx.count()
    lo, hi = float(band["min"]), float(band["max"])
    if lo <= score < hi:
        return
    bands = _grade_bands(ctx)
    fits = next((b for b in bands if float(b["min"]) <= score < float(b["max"])), None)
    should = fits["grade"] if fits else "?"
    hi_txt = "100" if hi > 100 else fmt(hi, 0)
    msg = (f"{'“' + subject + '”' if subject else ''}评价等次为“{grade_text}”（{fmt(lo, 0)}–{hi_txt}分），但得分为{fmt(score, 2)}分，"
           f"按分数段应为“{should}”。请核实。")
    msg_en = (f"{subject + ': ' if subject else ''}The grade '{grade_text}' ({fmt(lo, 0)}–{hi_txt}) does not fit the score {fmt(score, 2)}; "
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
