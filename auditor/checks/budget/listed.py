"""BG16: X万元，其中：… — the parts of one standard breakdown the narrative lists add up to X."""

from __future__ import annotations

from auditor.checks.budget.common import _sev, _finding, _sum_check, _w
from auditor.checks.common import fmt
from auditor.checks.registry import check
from auditor.findings import Severity
from auditor.tolerance import Verdict


@check("BG16", "情况说明分项之和与总额不符", "narrative parts do not add up to their total", Severity.ERROR, "budget")
def narrative_decomposition(ctx):
    """"X万元，其中：财政拨款收入a万元…；其他收入b万元" (or 基本支出/项目支出, 人员经费/公用经费, the “三公” parts):
    when every part is a component of one standard breakdown, the parts add up to X.

    Cases (failing and passing report fragments): tests/cases/BG16.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for p in bd.passages:
        for lp in p.listed_parts:
            total, parts = lp.total, lp.parts
            nums = [x for _, x in parts]
            ctx.count()
            cmp = _sum_check(nums, total)
            if cmp.ok:
                continue
            sev = _sev(cmp)
            if cmp.verdict is Verdict.INCONSISTENT and cmp.difference > 0:
                sev = Severity.WARNING  # fewer parts than the whole: one may be left unsaid
            yield _finding(
                "BG16", sev,
                f"{_w(total)}其中各项（{'＋'.join(lab + x.printed for lab, x in parts)}）之和为{fmt(cmp.expected, 2)}万元，"
                f"与总额相差{fmt(abs(cmp.difference), 2)}万元。请核实。",
                f"The parts listed under {total.printed} add up to {fmt(cmp.expected, 2)}.",
                [total.evidence("总额")] + [x.evidence("分项") for x in nums], cmp,
                explanation="总额应等于其中所列各组成部分之和。", explanation_en="A total equals the sum of its listed components.",
                **({"severity_reason": "所列分项少于总额，可能有未列出的部分",
                    "severity_reason_en": "the parts fall short of the total: one may be left unsaid"}
                   if sev is Severity.WARNING else {}))
