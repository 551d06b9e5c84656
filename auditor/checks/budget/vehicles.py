"""BG15: 共有车辆N辆，其中：… — the categories add up to the count."""

from __future__ import annotations

from auditor.checks.budget.common import _finding
from auditor.checks.registry import check
from auditor.findings import Severity


@check("BG15", "车辆数与分类数不符", "vehicle count differs from its categories", Severity.ERROR, "budget")
def vehicle_counts(ctx):
    """国有资产占有使用情况: "共有车辆N辆，其中：…用车a辆、…用车b辆…" — the categories add up to N.

    Cases (failing and passing report fragments): tests/cases/BG15.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for p in bd.passages:
        for vl in p.vehicle_lists:
            ctx.count()
            n = int(vl.total.value)
            total = sum(int(x.value) for x in vl.items)
            if total == n:
                continue
            tot, parts, what = vl.total, vl.items, vl.what
            yield _finding(
                "BG15", Severity.ERROR,
                f"{what}车辆{n}辆，但所列各类车辆合计{total}辆。请核实。",
                f"{n} vehicles in all, but the categories add up to {total}.",
                [tot.evidence("车辆总数")] + [x.evidence("分类") for x in parts if x.value], unit="辆",
                expected=float(total), found=float(n), difference=float(n - total),
                explanation="车辆总数应等于各类车辆之和。", explanation_en="The vehicle total equals the sum of its categories.")
