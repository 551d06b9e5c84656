"""BG05, BG06: the 科目 paragraphs of the narrative (``BudgetDoc.items``) against the 一般公共预算
(财政拨款)支出表 and against themselves."""

from __future__ import annotations

from auditor.checks.budget.common import _sev, _class_name, _finding, _same_num, _tname, _w
from auditor.checks.common import fmt
from auditor.checks.registry import check
from auditor.findings import Severity
from auditor.nlp.budget import BRow, BTable, BudgetDoc, norm_label


def _gpb_row(bd: BudgetDoc, names: list[str], codes: tuple[str, ...]) -> tuple[BTable, BRow] | None:
    t = bd.table("gpb_expense")
    if t is None or t.unit is None:
        return None
    rows = [r for r in t.code_rows() if r.nums]
    by_code = {r.codes: r for r in rows}
    if codes and len(codes) == len(names):
        r = by_code.get(codes)
        return (t, r) if r is not None else None
    level = len(names)
    want = [norm_label(n) for n in names]
    cands = [r for r in rows if r.level == level and _class_name(r.nlabel) == want[-1]]
    if level >= 2:
        cands = [r for r in cands if (par := by_code.get(r.codes[:level - 1])) is not None
                 and _class_name(par.nlabel) == want[-2]]
    if len(cands) > 1 and level == 3:
        cands = [r for r in cands if (top := by_code.get(r.codes[:1])) is not None and _class_name(top.nlabel) == want[0]]
    return (t, cands[0]) if len(cands) == 1 else None


@check("BG05", "科目说明与功能分类表不符", "a heading's amount in the narrative differs from the table", Severity.ERROR, "budget")
def item_vs_table(ctx):
    """Each 科目 the narrative explains (“社会保障和就业支出（类）行政事业单位养老支出（款）…（项）”X万元, or 支出决算为X万元)
    must carry the amount of that row of the 一般公共预算(财政拨款)支出表.

    Cases (failing and passing report fragments): tests/cases/BG05.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    seen = set()
    for it in bd.items:
        n = it.amount if it.amount is not None else it.actual
        if n is None or n.wan is None:
            continue
        found = _gpb_row(bd, it.names, it.codes)
        if found is None:
            continue
        t, row = found
        ref = row.total
        ctx.count()
        cmp = _same_num(ref, n)
        if cmp is None or cmp.ok:
            continue
        k = (row.codes, n.value)
        if k in seen:
            continue
        seen.add(k)
        yield _finding(
            "BG05", _sev(cmp),
            f"正文“{it.names[-1]}”为{_w(n)}，但{_tname(t)}“{row.describe()}”为{_w(ref)}，"
            f"相差{fmt(abs(cmp.difference), 2)}万元。请核实。",
            f"The narrative gives {it.names[-1]} as {n.printed}; {_tname(t)} row {row.describe()} gives {ref.printed} {ref.unit or ''}.",
            [n.evidence("正文"), ref.evidence(_tname(t))], cmp,
            explanation="科目说明的金额应与一般公共预算支出功能分类表中该科目的金额一致。",
            explanation_en="A heading explained in the narrative carries the table's amount.")


@check("BG06", "科目说明前后金额不一", "a heading's paragraph states two amounts for it", Severity.ERROR, "budget")
def item_amount_vs_plan(ctx):
    """A 科目 paragraph opens with the heading's amount and later says "本年预算安排X万元": the two are the same figure.

    Cases (failing and passing report fragments): tests/cases/BG06.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for it in bd.items:
        if it.amount is None or it.plan is None or it.amount.wan is None:
            continue
        ctx.count()
        cmp = _same_num(it.amount, it.plan)
        if cmp is None or cmp.ok:
            continue
        yield _finding(
            "BG06", _sev(cmp),
            f"“{it.names[-1]}”段首金额为{_w(it.amount)}，同段又称本年预算安排{_w(it.plan)}，两者不一致。请核实。",
            f"{it.names[-1]}: the paragraph opens with {it.amount.printed} but then says the budget is {it.plan.printed}.",
            [it.amount.evidence("科目金额"), it.plan.evidence("预算安排")], cmp,
            explanation="同一科目的本年预算金额应前后一致。", explanation_en="One heading, one budget figure.")
