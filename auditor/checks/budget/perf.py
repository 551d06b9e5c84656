"""BG12: the 项目绩效目标表's funds, the narrative's 编报绩效目标的项目 total and each project text's
年度预算安排. BG18: 设置绩效目标0个 beside 项目支出."""

from __future__ import annotations

from auditor.checks.budget.common import _sev, _finding, _sum_check, _w, same_figure
from auditor.checks.common import fmt
from auditor.checks.registry import check
from auditor.findings import Severity
from auditor.nlp.budget import BTable, Num
from auditor.tolerance import check_sum, convention_decimals


def _perf_fields(t: BTable) -> dict[str, list[Num]]:
    keys = ("项目资金总额", "年度资金申请总额", "财政资金", "当年财政拨款", "上年结转资金", "上年结转", "其他资金")
    out: dict[str, list[Num]] = {}
    for r in t.data_rows():
        lab = r.nlabel
        for k in keys:
            if lab.endswith(k):
                out.setdefault(k, []).append(r.total)
                break
    return out


def _plans_before(bd) -> dict[int, object]:
    """Each 绩效目标表 (by id) and the 年度预算安排 of the project text printed between it and the table before it."""
    def at(loc):
        return loc.sort_key() if loc is not None else None
    out: dict[int, object] = {}
    prev = None
    for t in bd.tables_of("perf"):
        first = t.title_line or (t.lines[0] if t.lines else None)
        key = at(first.loc) if first is not None else None
        if key is None:
            continue
        found = [p for p in bd.passages if p.annual_plan is not None
                 and (prev is None or at(p.starts[0][1].loc) > prev) and at(p.starts[0][1].loc) < key]
        # one project text, then its table; with two plans since the last table (every text first, every
        # table after) which plan is whose cannot be told
        if len(found) == 1:
            out[id(t)] = found[0].annual_plan
        prev = key
    return out


def _plan_vs_table(ctx, plan, year_total: Num):
    """The year's money a project's text gives under 年度预算安排 against its table's 年度资金申请总额."""
    amount = plan.amount
    if amount is None:
        return
    figs = plan.figures
    dec = convention_decimals([x.printed for x in figs])
    ctx.count()
    cmp = check_sum([x.wan for x in figs], year_total.wan, dec)
    if cmp.ok:
        return
    said = (f"{figs[0].printed}{figs[0].unit}" if len(figs) == 1
            else f"{amount:,.{dec}f}万元（{'＋'.join(x.printed + (x.unit or '') for x in figs)}）")
    table = f"{year_total.printed}{year_total.unit or ''}" + ("" if year_total.unit == "万元" else f"（{year_total.wan:,.{dec}f}万元）")
    yield _finding(
        "BG12", _sev(cmp),
        f"项目文本“年度预算安排”所列资金为{said}，但其后的项目绩效目标表年度资金申请总额为{table}，"
        f"相差{abs(amount - year_total.wan):,.{dec}f}万元。请核实。",
        f"The project text's annual budget plan gives {amount:,.{dec}f}万元; the project's performance table "
        f"that follows gives {year_total.printed}{year_total.unit or ''} for the year's funds.",
        [x.evidence("年度预算安排") for x in figs] + [year_total.evidence("年度资金申请总额")], cmp,
        explanation="项目文本的年度预算安排（分季度用款计划之和或所写总预算）就是该项目绩效目标表的年度资金申请总额。",
        explanation_en="A project's annual plan (its quarters' sum, or the total it names) is the year's funds of its table.",
        expected=round(year_total.wan, 6), found=round(amount, 6), difference=round(amount - year_total.wan, 6))


@check("BG12", "项目绩效目标表资金不符", "project performance table: funds do not add up", Severity.ERROR, "budget")
def perf_funds(ctx):
    """项目绩效目标表: 年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金; 项目资金总额 = 财政资金 + 其他资金;
    "编报绩效目标的项目N个，涉及项目预算资金X万元" equals the N tables' 项目资金总额 when all N are printed;
    and a project text's 六、年度预算安排 (one amount, a total it names, or quarters' 用款计划 that add up)
    is the 年度资金申请总额 of the table printed after it.

    Cases (failing and passing report fragments): tests/cases/BG12.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    tables = [t for t in bd.tables_of("perf") if t.data_rows()]
    totals: list[Num] = []
    plans = _plans_before(bd)
    for t in tables:
        f = _perf_fields(t)
        if f.get("项目资金总额"):
            totals.append(f["项目资金总额"][0])
        year_total = (f.get("年度资金申请总额") or [None])[0]
        plan = plans.get(id(t))
        if year_total is not None and plan is not None and year_total.wan is not None:
            yield from _plan_vs_table(ctx, plan, year_total)
        cur = (f.get("当年财政拨款") or [None])[0]
        carried = (f.get("上年结转资金") or f.get("上年结转") or [None])[0]
        others = f.get("其他资金") or []
        if year_total is not None and cur is not None:
            parts = [x for x in (cur, carried, others[-1] if len(others) >= 2 else None) if x is not None]
            ctx.count()
            cmp = _sum_check(parts, year_total)
            if not cmp.ok:
                yield _finding(
                    "BG12", _sev(cmp),
                    f"项目绩效目标表年度资金申请总额为{year_total.printed}，但当年财政拨款、上年结转等之和为"
                    f"{fmt(cmp.expected, year_total.decimals)}（{'＋'.join(x.printed for x in parts)}）。请核实。",
                    f"Performance table: the year's funds total {year_total.printed}, its parts add up to {fmt(cmp.expected, 2)}.",
                    [year_total.evidence("年度资金申请总额")] + [x.evidence("分项") for x in parts], cmp, unit=t.unit,
                    explanation="年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金。",
                    explanation_en="The year's funds = this year's appropriation + carry-over + other funds.")
        proj = (f.get("项目资金总额") or [None])[0]
        fiscal = (f.get("财政资金") or [None])[0]
        if proj is not None and fiscal is not None and others:
            parts = [fiscal, others[0]]
            ctx.count()
            cmp = _sum_check(parts, proj)
            if not cmp.ok:
                yield _finding(
                    "BG12", _sev(cmp),
                    f"项目绩效目标表项目资金总额为{proj.printed}，但财政资金与其他资金之和为{fmt(cmp.expected, proj.decimals)}。请核实。",
                    f"Performance table: project funds {proj.printed}, fiscal + other = {fmt(cmp.expected, 2)}.",
                    [proj.evidence("项目资金总额")] + [x.evidence("分项") for x in parts], cmp, unit=t.unit,
                    explanation="项目资金总额 = 财政资金 + 其他资金。", explanation_en="Project funds = fiscal + other funds.")
    if len(totals) < 2 or any(x.wan is None for x in totals):
        return
    for p in bd.passages:
        stated = p.perf_targets
        if stated is None or stated.count != len(totals):
            continue
        n = stated.amount
        s = sum(x.wan for x in totals)
        dec = max(x.wan_decimals for x in totals)
        ctx.count()
        cmp = same_figure(s, dec, n.value, n.decimals)
        if cmp.ok:
            continue
        yield _finding(
            "BG12", _sev(cmp),
            f"正文称编报绩效目标的项目{stated.count_printed}个、涉及资金{_w(n)}，但所附{len(totals)}张项目绩效目标表的项目资金总额合计"
            f"{fmt(s, 2)}万元，相差{fmt(abs(cmp.difference), 2)}万元。请核实。",
            f"The narrative gives {n.printed} for {stated.count_printed} projects; their {len(totals)} performance tables total {fmt(s, 2)}.",
            [n.evidence("正文")] + [x.evidence("项目资金总额") for x in totals], cmp,
            explanation="绩效目标涉及资金应等于各项目绩效目标表项目资金总额之和。",
            explanation_en="The narrative total equals the sum of the projects' tables.")


def _project_spending(ctx) -> list:
    """The narrative's amounts of this year's 项目支出 (not a change, not last year's figure)."""
    year = ctx.claims.year
    return [c for c in ctx.claims.narrative
            if c.concept == "项目支出" and c.quantity.dimension == "money" and c.quantity.is_exact and c.value > 0
            and c.role not in ("change", "change_pct", "prior") and (year is None or c.year in (None, year))]


@check("BG18", "绩效目标设置与项目支出不符", "performance targets do not cover the project spending", Severity.WARNING,
       "budget")
def perf_coverage(ctx):
    """"共设置绩效目标0个，涉及财政拨款资金0万元" in a budget that spends on projects ("项目支出450万元"):
    project spending is what performance targets are set for, so no target and no money under targets
    beside project spending needs an explanation; so does a count of targets whose money is 0, or money
    under 0 targets.

    Cases (failing and passing report fragments): tests/cases/BG18.yaml.
    """
    spending = _project_spending(ctx) if ctx.claims.target_coverage else []
    for stated in ctx.claims.target_coverage:
        n = stated.amount
        ctx.count()
        if (stated.count == 0) != (n.value == 0):
            yield _finding(
                "BG18", Severity.WARNING,
                f"正文称设置绩效目标{stated.count_printed}个，涉及资金{n.quantity.printed}：" +
                ("有资金却没有目标" if stated.count == 0 else "有目标却不涉及资金") + "，二者不能同时成立。请核实。",
                f"The narrative gives {stated.count_printed} performance targets covering {n.quantity.printed}: "
                "one of the two must be wrong.",
                [n.evidence("绩效目标涉及资金")],
                explanation="绩效目标个数为0时所涉及资金也应为0，反之亦然。",
                explanation_en="No targets cover no money, and targets cover some money.")
            continue
        if stated.count != 0 or not spending:
            continue
        top = max(spending, key=lambda c: c.quantity.normalized)
        yield _finding(
            "BG18", Severity.WARNING,
            f"正文称设置绩效目标{stated.count_printed}个、涉及资金{n.quantity.printed}，但本年安排项目支出{top.quantity.printed}："
            "项目支出应设置绩效目标，未设置的应说明原因。请核实。",
            f"The narrative sets {stated.count_printed} performance targets covering {n.quantity.printed}, "
            f"while the budget spends {top.quantity.printed} on projects.",
            [n.evidence("绩效目标涉及资金"), top.evidence("项目支出")],
            explanation="预算绩效管理要求项目支出设置绩效目标；所列绩效目标为0个而项目支出大于0，二者需说明。",
            explanation_en="Project spending is what performance targets are set for; none set beside project spending "
                           "needs an explanation.")
