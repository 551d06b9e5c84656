"""Counts the text states against what the report lists.

CL05: the number of 下属单位 a 部门预算/决算说明 gives for its department equals
the rows of its table of units, less the department's own (本级) row. The
relation is found in :mod:`auditor.nlp.unit_tables`.
"""

from __future__ import annotations

from auditor.checks.common import register_recheck, val
from auditor.checks.registry import check, finding
from auditor.findings import Evidence, Severity


@check("CL05", "下属单位数与单位构成表不符", "count of subordinate units differs from the table of units",
       Severity.WARNING, "claims")
def unit_count_vs_table(ctx):
    """"包括4个机关行政处室及25个下属单位 … 详细情况见下表" — the table lists the
    department's own 本级 row and one row per subordinate unit.

    Cases (failing and passing report fragments): tests/cases/CL05.yaml.
    """
    for rel in ctx.claims.relations:
        if rel.kind != "unit_count":
            continue
        count = rel.members["count"]
        rows, own = rel.extra["rows"], rel.extra["own"]
        ctx.count()
        stated = count.quantity.value
        # Without a row that is plainly the department's own, either reading may be meant.
        allowed = [len(rows) - len(own)] if own else [len(rows) - 1, len(rows)]
        if stated in allowed:
            continue
        expected = allowed[0]
        printed = count.quantity.printed.strip()
        own_zh = f"（含本级“{own[0]}”）" if own else ""
        own_en = f" (including the department's own row “{own[0]}”)" if own else ""
        f = finding(
            ctx, None,
            (f"文中称{printed}下属单位，但单位构成表列出{len(rows)}个单位{own_zh}，"
             f"下属单位应为{expected}个。请核实。"),
            [count.evidence("下属单位数"),
             Evidence(location=rel.extra["table_location"], text="、".join(rows), printed=str(len(rows)),
                      value=float(len(rows)), unit="个", role="表中单位数")],
            message_en=(f"The text states {printed} subordinate units, but the table of units lists "
                        f"{len(rows)} units{own_en}: {expected} subordinate units."),
            expected=float(expected), found=stated, difference=stated - expected, tolerance=0.0, unit="个",
            explanation="单位构成表列出本级及各下属单位，下属单位数 = 表中单位数 − 本级。",
        )
        register_recheck(ctx, f, [count], lambda ov, c=count, a=tuple(allowed): val(c, ov) in a)
        yield f


@check("CL06", "公务用车保有量与车辆构成不符", "cars in use fit neither the fleet nor any of its categories",
       Severity.WARNING, "claims")
def cars_in_use_vs_fleet(ctx):
    """"年末公务用车保有量8辆" against "共有车辆17辆，其中：一般公务用车3辆、特种专业技术用车
    12辆、其他用车2辆": the cars in use are the fleet or some of its categories.

    Cases (failing and passing report fragments): tests/cases/CL06.yaml.
    """
    for rel in ctx.claims.relations:
        if rel.kind != "fleet_count":
            continue
        held = rel.members["held"]
        n = held.quantity.value
        ctx.count()
        if any(n == total.quantity.value or n in _subset_sums([c.quantity.value for c in cats])
               for total, cats in rel.members["fleets"]):
            continue
        total, cats = rel.members["fleets"][0]
        listed = "、".join(f"{c.clause_before().strip()}{c.quantity.printed.strip()}" for c in cats)
        yield finding(
            ctx, None,
            (f"文中称{held.clause_before().strip()}{held.quantity.printed.strip()}，但车辆构成为"
             f"共有{total.quantity.printed.strip()}（{listed}），{held.quantity.printed.strip()}既不是总数，"
             f"也不是其中任何几类之和。请核实。"),
            [held.evidence("公务用车保有量"), total.evidence("车辆总数")] + [c.evidence("分类车辆数") for c in cats],
            message_en=(f"{held.quantity.printed.strip()} cars in use, but the fleet is {total.quantity.printed.strip()} "
                        f"({listed}): neither the total nor the sum of any of its categories."),
            expected=total.quantity.value, found=n, unit="辆",
            explanation="公务用车保有量应等于车辆总数或其中若干类车辆之和。",
            severity_reason="保有量与资产口径可能不同，按任何一种组合都对不上时提示核实",
            severity_reason_en="the two counts may differ in scope; no combination of categories fits",
        )


def _subset_sums(values: list[float]) -> set[float]:
    """The sums of every non-empty set of categories (a category of 0 cars sums to 0)."""
    sums: set[float] = set()
    for v in values[:12]:
        sums |= {v} | {s + v for s in sums}
    return sums
