"""Dates that cannot exist: a month outside 1–12 or with a fraction, a day the month does not have.

The dates are read in :mod:`auditor.nlp.dates`.
"""

from __future__ import annotations

import calendar

from auditor.checks.registry import check, finding
from auditor.findings import Evidence, Severity


@check("DT01", "日期不存在", "a date that does not exist", Severity.ERROR, "dates")
def impossible_date(ctx):
    """"截至2017年21月31日" or "2017年2月30日": a misprinted month or day.

    Cases (failing and passing report fragments): tests/cases/DT01.yaml.
    """
    for d in ctx.claims.dates:
        ctx.count()
        if not d.month.is_integer() or not 1 <= d.month <= 12:
            bad, printed, why, why_en = d.month, f"{d.month_printed}月", "月份应为1至12的整数", "a month is a whole number from 1 to 12"
        elif d.day is not None and (not d.day.is_integer()
                                    or not 1 <= d.day <= calendar.monthrange(d.year, int(d.month))[1]):
            last = calendar.monthrange(d.year, int(d.month))[1]
            bad, printed = d.day, f"{d.day_printed}日"
            why, why_en = f"{d.year}年{int(d.month)}月只有{last}天", f"{d.year}-{int(d.month):02d} has {last} days"
        else:
            continue
        shown = d.text[d.span[0]:d.span[1]]
        yield finding(
            ctx, None,
            f"“{shown}”不是有效日期：{why}。请核实。",
            [Evidence(location=d.location, text=d.text, span=d.span, printed=printed, value=bad, role="日期")],
            message_en=f"“{shown}” is no date: {why_en}.",
            found=bad,
            explanation="日期的月份在1至12之间，日不超过该月天数。",
            explanation_en="A month lies between 1 and 12 and a day within its month.",
        )
