"""BG11: 政府采购金额 against its 货物 / 工程 / 服务 parts and what 中小企业 won."""

from __future__ import annotations

from auditor.checks.budget.common import _sev, _finding, _sum_check, _w
from auditor.checks.common import fmt
from auditor.checks.registry import check
from auditor.findings import Severity
from auditor.tolerance import Interval, convention_decimals


@check("BG11", "政府采购金额构成不符", "government procurement parts do not fit the total", Severity.ERROR, "budget")
def procurement(ctx):
    """政府采购金额 = 货物 + 工程 + 服务; the amounts won by 中小企业 (in reserved and in other projects) cannot exceed the total.

    Cases (failing and passing report fragments): tests/cases/BG11.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for p in bd.passages:
        proc = p.procurement
        if proc is None:
            continue
        total, parts = proc.total, proc.parts
        if proc.complete:
            ctx.count()
            cmp = _sum_check([x for _, x in parts], total)
            if not cmp.ok:
                yield _finding(
                    "BG11", _sev(cmp),
                    f"政府采购{_w(total)}，但货物、工程、服务之和为{fmt(cmp.expected, 2)}万元"
                    f"（{'＋'.join(x.printed for _, x in parts)}），相差{fmt(abs(cmp.difference), 2)}万元。请核实。",
                    f"Procurement {total.printed}; goods + works + services = {fmt(cmp.expected, 2)}.",
                    [total.evidence("总额")] + [x.evidence(n) for n, x in parts], cmp,
                    explanation="政府采购金额 = 货物 + 工程 + 服务。", explanation_en="Procurement = goods + works + services.")
        if proc.sme_reserved is not None and proc.sme_other is not None:
            a, b = proc.sme_reserved, proc.sme_other
            ctx.count()
            dec = convention_decimals([a.printed, b.printed, total.printed])
            lo = Interval.printed(a.value, dec) + Interval.printed(b.value, dec)
            tot = Interval.printed(total.value, dec)
            if lo.lo > tot.hi + 1e-9:
                loose = Interval.slack(a.value, dec) + Interval.slack(b.value, dec)
                sev = Severity.INFO if loose.lo <= Interval.slack(total.value, dec).hi + 1e-9 else Severity.ERROR
                s = a.value + b.value
                yield _finding(
                    "BG11", sev,
                    f"中小企业中标金额（预留项目{_w(a)}＋其他项目{_w(b)}＝{fmt(s, 2)}万元）超过政府采购总额{_w(total)}。请核实。",
                    f"Amounts won by SMEs ({a.printed} + {b.printed} = {fmt(s, 2)}) exceed total procurement {total.printed}.",
                    [total.evidence("采购总额"), a.evidence("预留项目中小企业中标"), b.evidence("其他项目中小企业中标")],
                    expected=total.value, found=round(s, 6), difference=round(s - total.value, 6),
                    explanation="中小企业中标金额是政府采购金额的一部分。",
                    explanation_en="What SMEs won is part of total procurement.")
