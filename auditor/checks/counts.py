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
