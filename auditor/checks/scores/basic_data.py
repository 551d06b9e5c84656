"""SC09: the self-evaluation table's budget equal to the basic data table's actuals while
that table shows a different budget."""

from __future__ import annotations

from typing import Iterable

from auditor.checks.registry import CheckContext, check, finding
from auditor.checks.scores.common import _FAMILY, _ptxt, scores_of
from auditor.checks.tables import ev, fmt, table_name, tables_of
from auditor.findings import Finding, Severity
from auditor.nlp.tables import AnalyzedTable
from auditor.tolerance import Verdict, check_equal, convention_decimals


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
