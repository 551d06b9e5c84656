"""BG01: the balances a 收支总表 / 财政拨款收支总表 promises, and the carry-over rows of the
政府性基金 / 国有资本经营 收入支出决算表."""

from __future__ import annotations

from auditor.checks.budget.common import _sev, _finding, _sum_check, _tname, same_figure
from auditor.checks.common import fmt
from auditor.checks.registry import check
from auditor.findings import Severity
from auditor.nlp.budget import BudgetDoc, Num
from auditor.tolerance import Interval, compare, convention_decimals


# ====================================================================== tables


@check("BG01", "收支总表不平衡", "budget summary table does not balance", Severity.ERROR, "budget")
def summary_balance(ctx):
    """收支总表 / 财政拨款收支总表: 收入总计 = 支出总计; 本年收入合计 + 年初结转和结余 = 总计 = 本年支出合计 + 年末结转和结余;
    each side's numbered rows (一、二、…, read by :func:`~auditor.nlp.budget.summary_sides` into ``BTable.sides``) add up to its total.

    Cases (failing and passing report fragments): tests/cases/BG01.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    yield from _carry_over_rows(ctx, bd)
    for t in bd.tables:
        if t.kind not in ("summary", "fiscal_summary"):
            continue
        rows = t.data_rows()
        totals = [r.total for r in rows if r.nlabel in ("总计",)]
        grand = [r.total for r in rows if r.nlabel in ("收入总计", "支出总计")]
        for group in (totals, grand):
            if len(group) >= 2:
                ctx.count()
                cmp = same_figure(group[0].value, group[0].decimals, group[-1].value, group[-1].decimals)
                if not cmp.ok:
                    yield _finding(
                        "BG01", _sev(cmp),
                        f"{_tname(t)}收入方总计{group[0].printed}与支出方总计{group[-1].printed}不等。请核实。",
                        f"{_tname(t)}: the income side totals {group[0].printed}, the spending side {group[-1].printed}.",
                        [group[0].evidence("收入总计"), group[-1].evidence("支出总计")], cmp, unit=t.unit,
                        explanation="收支总表两方总计应相等。", explanation_en="Both sides of the summary table must total the same.")
        for s in t.sides:
            parts = [r.total for r in s.parts]
            ctx.count()
            cmp = _sum_check(parts, s.total.total)
            if cmp.ok:
                continue
            side = "收入" if s.side == "income" else "支出"
            yield _finding(
                "BG01", _sev(cmp),
                f"{_tname(t)}{side}方各项之和为{fmt(cmp.expected, s.total.total.decimals)}，"
                f"但{s.total.nlabel}为{s.total.total.printed}，相差{fmt(abs(cmp.difference), 2)}。请核实。",
                f"{_tname(t)}: the {s.side} rows add up to {fmt(cmp.expected, 2)}, but {s.total.nlabel} is "
                f"{s.total.total.printed}.",
                [s.total.total.evidence(s.total.nlabel)] + [r.total.evidence(r.nlabel) for r in s.parts], cmp,
                unit=t.unit, explanation=f"收支总表{side}方各项（一、二、……）之和应等于{s.total.nlabel}。",
                explanation_en=f"The {s.side} rows of the summary table add up to its total.")
        for c in t.carries:
            for i, sub, named in c.subs:
                part, kind = c.parts[i], c.kinds[i]
                ctx.count()
                cmp = _sum_check([sub.total], part.total)
                if cmp.ok or cmp.difference >= 0:
                    continue
                yield _finding(
                    "BG01", _sev(cmp),
                    f"{_tname(t)}{kind}为{part.total.printed}，其中{named}却为{sub.total.printed}，其中数不能超过总数。请核实。",
                    f"{_tname(t)}: {kind} is {part.total.printed}, but the part of it that is "
                    f"财政拨款 is {sub.total.printed}.",
                    [part.total.evidence(kind), sub.total.evidence("其中")], cmp, unit=t.unit,
                    explanation="“其中”行是上一行的一部分，不超过上一行。",
                    explanation_en="A 其中 row is part of the row above it.")
            if len(c.parts) < 2:
                continue
            parts = [r.total for r in c.parts]
            ctx.count()
            cmp = _sum_check(parts, c.total.total)
            if cmp.ok:
                continue
            yield _finding(
                "BG01", _sev(cmp),
                f"{_tname(t)}{c.total.nlabel}为{c.total.total.printed}，但其下"
                f"{'、'.join(c.kinds)}之和为{fmt(cmp.expected, c.total.total.decimals)}"
                f"（{'＋'.join(p.printed for p in parts)}），相差{fmt(abs(cmp.difference), 2)}。请核实。",
                f"{_tname(t)}: {c.total.nlabel} is {c.total.total.printed}, but its breakdown by kind of spending "
                f"adds up to {fmt(cmp.expected, 2)}.",
                [c.total.total.evidence(c.total.nlabel)] + [r.total.evidence(k) for r, k in zip(c.parts, c.kinds)],
                cmp, unit=t.unit,
                explanation="结转和结余＝基本支出结转＋项目支出结转和结余（＋经营结余）。",
                explanation_en="A carry-over equals its basic, project (and operating) parts.")
        if not totals:
            continue

        def first(pred) -> Num | None:
            for r in rows:
                if pred(r.nlabel):
                    return r.total
            return None

        inc = first(lambda s: s == "本年收入合计")
        out = first(lambda s: s == "本年支出合计")
        begin = first(lambda s: s.startswith("年初") and "结转" in s)
        end = first(lambda s: s.startswith("年末") and "结转" in s)
        extra_in = first(lambda s: s.startswith("使用非财政拨款结余"))
        extra_out = first(lambda s: s.startswith("结余分配"))
        for side, head, carry, extra, total in (("收入", inc, begin, extra_in, totals[0]),
                                                ("支出", out, end, extra_out, totals[-1])):
            if head is None or carry is None:
                continue
            parts = [x for x in (head, carry, extra) if x is not None]
            ctx.count()
            cmp = _sum_check(parts, total)
            if cmp.ok:
                continue
            yield _finding(
                "BG01", _sev(cmp),
                f"{_tname(t)}{side}方：{'＋'.join(p.printed for p in parts)}＝{fmt(cmp.expected, 2)}，"
                f"但总计为{total.printed}，相差{fmt(abs(cmp.difference), 2)}。请核实。",
                f"{_tname(t)}: {' + '.join(p.printed for p in parts)} = {fmt(cmp.expected, 2)}, but the total is {total.printed}.",
                [total.evidence("总计")] + [p.evidence("分项") for p in parts], cmp, unit=t.unit,
                explanation="本年收入合计＋年初结转和结余＝总计＝本年支出合计＋年末结转和结余。",
                explanation_en="Income of the year + balance brought forward = total = spending + balance carried forward.")


def _carry_over_rows(ctx, bd: BudgetDoc):
    """Rows of a 收入支出 table with carry-overs (政府性基金 / 国有资本经营 决算表):
    年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余, 本年支出 = 基本支出 + 项目支出.
    Only a row printing all six columns is placed (blank cells vanish in a flattened table)."""
    for t in bd.tables:
        h = t.header
        marks = [h.find(w) for w in ("年初结转", "本年收入", "本年支出", "年末结转")]
        if min(marks) < 0 or marks != sorted(marks) or "基本支出" not in h or "项目支出" not in h:
            continue
        for r in t.data_rows():
            if len(r.nums) != 6:
                continue
            begin, inc, out, basic, proj, end = r.nums
            for parts, total, what in (([basic, proj], out, "本年支出＝基本支出＋项目支出"),):
                ctx.count()
                cmp = _sum_check(parts, total)
                if not cmp.ok:
                    yield _finding(
                        "BG01", _sev(cmp),
                        f"{_tname(t)}“{r.describe()}”行：本年支出{total.printed}，基本支出与项目支出之和为"
                        f"{fmt(cmp.expected, total.decimals)}。请核实。",
                        f"{_tname(t)}, {r.describe()}: spending {total.printed} is not basic + project, {fmt(cmp.expected, 2)}.",
                        [total.evidence("本年支出")] + [x.evidence("分项") for x in parts], cmp, unit=t.unit,
                        explanation=what, explanation_en="Spending = basic + project spending.")
            ctx.count()
            dec = convention_decimals([x.printed for x in (begin, inc, out, end)])
            lhs = Interval.printed(begin.value, dec) + Interval.printed(inc.value, dec) - Interval.printed(out.value, dec)
            cmp = compare(lhs, end.value, dec, Interval.slack(begin.value, dec) + Interval.slack(inc.value, dec)
                          - Interval.slack(out.value, dec), expected=round(begin.value + inc.value - out.value, 10))
            if not cmp.ok:
                yield _finding(
                    "BG01", _sev(cmp),
                    f"{_tname(t)}“{r.describe()}”行：年初结转和结余{begin.printed}＋本年收入{inc.printed}－本年支出{out.printed}"
                    f"＝{fmt(cmp.expected, 2)}，但年末结转和结余为{end.printed}。请核实。",
                    f"{_tname(t)}, {r.describe()}: {begin.printed} + {inc.printed} − {out.printed} = {fmt(cmp.expected, 2)}, "
                    f"not the {end.printed} carried forward.",
                    [end.evidence("年末结转和结余"), begin.evidence("年初结转和结余"), inc.evidence("本年收入"),
                     out.evidence("本年支出")], cmp, unit=t.unit,
                    explanation="年初结转和结余＋本年收入－本年支出＝年末结转和结余。",
                    explanation_en="Brought forward + income − spending = carried forward.")
