"""部门预算 / 部门决算 documents: the balances their standard tables promise, the
code roll-ups, and the narrative (情况说明 / 编制说明) that restates them.

All checks read the budget reading extraction made (``ctx.claims.budget``,
:func:`auditor.nlp.budget_reading.read_budget`) and do nothing on other
documents. Tolerances are decided by :mod:`auditor.tolerance`: a figure
printed with d decimals stands for its rounding interval; a failure that one
unit in the last place excuses is a rounding-level slip (info). Two printings
of one figure at the same precision must be identical: 326.71 in one table and
326.72 in another is a rounding-level slip even though both could round
326.715.
"""

from __future__ import annotations

from auditor.checks.common import fmt, fmt_like
from auditor.checks.registry import check, finding
from auditor.findings import Evidence, Finding, Severity
from auditor.nlp.budget import (
    UNIT_FACTORS,
    BRow,
    BTable,
    BudgetDoc,
    Num,
    Passage,
    budget_vocab,
    norm_label,
)
from auditor.tolerance import (
    Comparison,
    Interval,
    Verdict,
    check_ratio,
    check_sum,
    compare,
    convention_decimals,
    money_convention,
)

_SEV = {Verdict.ROUNDING: Severity.INFO, Verdict.INCONSISTENT: Severity.ERROR}


def _finding(code: str, severity: Severity, message: str, message_en: str, evidence: list[Evidence],
             cmp: Comparison | None = None, unit: str | None = "万元", explanation: str = "",
             explanation_en: str = "", key: str | None = None, **fields) -> Finding:
    """A BG finding through the registry's factory, with a comparison's figures."""
    if cmp is not None:
        fields.setdefault("expected", round(cmp.expected, 6))
        fields.setdefault("found", cmp.found)
        fields.setdefault("difference", round(cmp.difference, 6))
        fields.setdefault("tolerance", cmp.tolerance)
    return finding(code, severity, message, evidence, message_en=message_en, unit=unit, explanation=explanation,
                   explanation_en=explanation_en or None, key=key, **fields)


def same_figure(ref_v: float, ref_d: int, v: float, d: int) -> Comparison:
    """Is ``v`` (printed with ``d`` decimals) a printing of ``ref_v`` (``ref_d``)?

    Interval test; a difference between two printings at the same precision
    is at least a rounding-level slip (the same value rounds the same way).
    """
    cmp = compare(Interval.printed(ref_v, ref_d), v, d, Interval.slack(ref_v, ref_d), expected=ref_v)
    if cmp.verdict is Verdict.CONSISTENT and ref_d == d and abs(ref_v - v) > 1e-9:
        return Comparison(Verdict.ROUNDING, cmp.expected, cmp.found, cmp.difference, cmp.tolerance)
    return cmp


def _same_num(ref: Num, n: Num) -> Comparison | None:
    """Compare two money figures in 万元 (None when a unit is unknown)."""
    if ref.wan is None or n.wan is None:
        return None
    return same_figure(ref.wan, ref.wan_decimals, n.wan, n.wan_decimals)


def _w(n: Num) -> str:
    """A money figure for messages, in 万元."""
    if n.unit == "万元":
        return f"{n.printed}万元"
    if n.wan is None:
        return n.printed
    return f"{n.printed}{n.unit or ''}（{fmt(n.wan, 2)}万元）"


def _sum_check(parts: list[Num], total: Num) -> Comparison:
    """Parts against their total, each part read in the total's unit (a part printed in 元 among 万元
    counts as the 元 it says)."""
    dec = money_convention([p.printed for p in parts] + [total.printed], [p.unit for p in [*parts, total]])
    return check_sum([_in_unit_of(p, total) for p in parts], total.value, dec)


def _in_unit_of(p: Num, total: Num) -> float:
    if p.unit == total.unit or p.wan is None or total.unit not in UNIT_FACTORS:
        return p.value
    return p.wan / UNIT_FACTORS[total.unit]


def _tname(t: BTable) -> str:
    return t.name


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
                        "BG01", _SEV[cmp.verdict],
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
                "BG01", _SEV[cmp.verdict],
                f"{_tname(t)}{side}方各项之和为{fmt(cmp.expected, s.total.total.decimals)}，"
                f"但{s.total.nlabel}为{s.total.total.printed}，相差{fmt(abs(cmp.difference), 2)}。请核实。",
                f"{_tname(t)}: the {s.side} rows add up to {fmt(cmp.expected, 2)}, but {s.total.nlabel} is "
                f"{s.total.total.printed}.",
                [s.total.total.evidence(s.total.nlabel)] + [r.total.evidence(r.nlabel) for r in s.parts], cmp,
                unit=t.unit, explanation=f"收支总表{side}方各项（一、二、……）之和应等于{s.total.nlabel}。",
                explanation_en=f"The {s.side} rows of the summary table add up to its total.")
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
                "BG01", _SEV[cmp.verdict],
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
                        "BG01", _SEV[cmp.verdict],
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
                    "BG01", _SEV[cmp.verdict],
                    f"{_tname(t)}“{r.describe()}”行：年初结转和结余{begin.printed}＋本年收入{inc.printed}－本年支出{out.printed}"
                    f"＝{fmt(cmp.expected, 2)}，但年末结转和结余为{end.printed}。请核实。",
                    f"{_tname(t)}, {r.describe()}: {begin.printed} + {inc.printed} − {out.printed} = {fmt(cmp.expected, 2)}, "
                    f"not the {end.printed} carried forward.",
                    [end.evidence("年末结转和结余"), begin.evidence("年初结转和结余"), inc.evidence("本年收入"),
                     out.evidence("本年支出")], cmp, unit=t.unit,
                    explanation="年初结转和结余＋本年收入－本年支出＝年末结转和结余。",
                    explanation_en="Brought forward + income − spending = carried forward.")


def _segments(t: BTable) -> list[list[BRow]]:
    """Code rows (and total rows) cut where a code repeats (two tables read as
    one, or a repeated page)."""
    valid = {id(r) for r in t.code_rows()}
    rows = [r for r in t.rows if id(r) in valid or not r.codes]
    out: list[list[BRow]] = [[]]
    seen: set[tuple[str, ...]] = set()
    for r in rows:
        if r.codes:
            if r.codes in seen:
                out.append([])
                seen = set()
            seen.add(r.codes)
        out[-1].append(r)
    return [s for s in out if s]


def _consistent_prefix(nums: list[Num]) -> bool:
    """Do the first k ≥ 2 figures of a row foot (total = the rest), for some k < len?"""
    for k in range(2, len(nums)):
        if _sum_check(nums[1:k], nums[0]).verdict is not Verdict.INCONSISTENT:
            return True
    return False


@check("BG02", "科目合计与明细不符", "classification subtotal differs from its items", Severity.ERROR, "budget")
def code_rollups(ctx):
    """功能分类 (类 › 款 › 项) and 经济分类 (301 › 30101) rows roll up: a 类 equals the sum of its 款, a 款 the sum of its 项,
    the 合计 row the sum of the 类; and in a row the 合计 column equals the sum of the other columns (基本支出 + 项目支出 …).

    Cases (failing and passing report fragments): tests/cases/BG02.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    voc = budget_vocab()
    for t in bd.tables:
        if t.kind in ("summary", "fiscal_summary"):
            yield from _row_sums(ctx, t)  # a side broken down by columns (合计, 基本支出, 项目支出 …)
            continue
        if t.kind not in ("income", "expense", "gpb_expense", "gpb_basic", "fund", "soe"):
            continue
        for seg in _segments(t):
            by_code = {r.codes: r for r in seg if r.codes and r.nums}
            # parents and children
            for code, parent in by_code.items():
                if len(code) >= 3:
                    continue
                kids = [r for c, r in by_code.items() if len(c) == len(code) + 1 and c[:len(code)] == code]
                if not kids:
                    continue
                ctx.count()
                cmp = _sum_check([k.total for k in kids], parent.total)
                if cmp.ok:
                    continue
                level = "款" if len(code) == 1 else "项"
                yield _finding(
                    "BG02", _SEV[cmp.verdict],
                    f"{_tname(t)}中“{parent.describe()}”为{parent.total.printed}，其下各{level}之和为"
                    f"{fmt(cmp.expected, parent.total.decimals)}，相差{fmt(abs(cmp.difference), 2)}。请核实。",
                    f"{_tname(t)}: {parent.describe()} is {parent.total.printed}; its items add up to {fmt(cmp.expected, 2)}.",
                    [parent.total.evidence("合计")] + [k.total.evidence("明细") for k in kids], cmp, unit=t.unit,
                    explanation="上级科目金额应等于其下级科目金额之和。",
                    explanation_en="A classification heading equals the sum of its sub-headings.")
            # the 合计 row against the 类 rows
            classes = [r for c, r in by_code.items() if len(c) == 1]
            tot = [r for r in seg if not r.codes and r.nums and r.nlabel in voc.total_rows]
            if classes and tot:
                total = tot[0]
                ctx.count()
                cmp = _sum_check([c.total for c in classes], total.total)
                if not cmp.ok:
                    yield _finding(
                        "BG02", _SEV[cmp.verdict],
                        f"{_tname(t)}合计为{total.total.printed}，各类科目之和为{fmt(cmp.expected, total.total.decimals)}，"
                        f"相差{fmt(abs(cmp.difference), 2)}。请核实。",
                        f"{_tname(t)}: the total is {total.total.printed}; the classes add up to {fmt(cmp.expected, 2)}.",
                        [total.total.evidence("合计")] + [c.total.evidence("类") for c in classes], cmp, unit=t.unit,
                        explanation="合计行应等于各类科目之和。", explanation_en="The total row equals the sum of the classes.")
        if t.kind not in ("fund", "soe"):
            yield from _row_sums(ctx, t)


def _row_sums(ctx, t: BTable):
    """In a row the 合计 column equals the sum of the other columns, when the header opens with 合计 and
    breaks it down (no 其中 column); a flattened row lost its empty cells, so its first figure is the total
    and the rest are parts. A row whose first k figures already foot carries more than one breakdown."""
    if "其中" in t.header or not t.columns or t.columns[0] not in budget_vocab().col_total:
        return
    for r in t.data_rows():
        if len(r.nums) < 2 or len(r.nums) > len(t.columns):
            continue
        ctx.count()
        cmp = _sum_check(r.nums[1:], r.nums[0])
        if cmp.ok or _consistent_prefix(r.nums):
            continue
        yield _finding(
            "BG02", _SEV[cmp.verdict],
            f"{_tname(t)}“{r.describe()}”行合计为{r.nums[0].printed}，但各列之和为"
            f"{fmt_like(cmp.expected, r.nums[0].printed, r.nums[0].decimals)}（{'＋'.join(x.printed for x in r.nums[1:])}）。请核实。",
            f"{_tname(t)}, row {r.describe()}: the total is {r.nums[0].printed}; the columns add up to {fmt(cmp.expected, 2)}.",
            [x.evidence("合计" if i == 0 else "分项") for i, x in enumerate(r.nums)], cmp, unit=t.unit,
            explanation="合计列应等于各明细列之和。", explanation_en="The total column equals the sum of the other columns.")


def _class_figures(bd: BudgetDoc) -> dict[str, list[tuple[BTable, Num]]]:
    """Each 支出功能分类 类's total, per table that prints it."""
    out: dict[str, list[tuple[BTable, Num]]] = {}
    for t in bd.tables:
        if t.kind in ("income", "expense", "gpb_expense"):
            for r in t.code_rows():
                if len(r.codes) == 1 and r.nums:
                    out.setdefault(_class_name(r.nlabel), []).append((t, r.total))
        elif t.kind in ("summary", "fiscal_summary"):
            for r in t.data_rows():
                name = _class_name(r.nlabel)
                if name.endswith("支出") and "合计" not in name and "总计" not in name:
                    out.setdefault(name, []).append((t, r.total))
    return out


def _class_name(label: str) -> str:
    from auditor.nlp.budget import _strip_numbering

    return _strip_numbering(norm_label(label))


@check("BG03", "同一科目在各表中数额不一", "one heading printed with different amounts", Severity.INFO, "budget")
def same_class_across_tables(ctx):
    """A 类 (社会保障和就业支出 …) printed in several standard tables with amounts that differ in the last digit: rounded differently somewhere.

    Cases (failing and passing report fragments): tests/cases/BG03.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for name, figs in _class_figures(bd).items():
        figs = [(t, n) for t, n in figs if n.wan is not None]
        if len(figs) < 2:
            continue
        ctx.count()
        ref_t, ref = figs[0]
        distinct: dict[float, tuple[BTable, Num]] = {round(ref.wan, 6): (ref_t, ref)}
        slips = []
        for t, n in figs[1:]:
            cmp = _same_num(ref, n)
            if cmp is not None and cmp.verdict is Verdict.ROUNDING:
                slips.append(cmp)
                distinct.setdefault(round(n.wan, 6), (t, n))
        if len(distinct) < 2 or not slips:
            continue
        where = "；".join(f"{n.printed}（{', '.join(sorted({_tname(t) for t, x in figs if abs(x.wan - n.wan) < 1e-9}))}）"
                         for _, (t, n) in distinct.items())
        vals = list(distinct.values())
        yield _finding(
            "BG03", Severity.INFO,
            f"“{name}”在各表中金额不一：{where}。相差在末位，疑为四舍五入不一致，请统一。",
            f"{name} is printed as {' and '.join(n.printed for _, n in vals)} in different tables (a last-digit difference).",
            [n.evidence(_tname(t)) for t, n in vals], slips[0], unit=vals[0][0].unit,
            explanation="同一科目在不同报表中应为同一金额。", explanation_en="One heading should carry one amount in every table.",
            key=f"BG03:{name}")


def _lookup(bd: BudgetDoc, kind: str, alternatives: list[list[str]], column: str | None = None
            ) -> tuple[BTable, list[Num]] | None:
    """The figures of the first alternative whose rows the table prints: each row's first figure, or its figure
    in ``column`` when the row prints a figure for every column (a flattened row that lost its blank cells does
    not say which column a figure is in)."""
    t = bd.table(kind)
    if t is None:
        return None

    def value(label: str) -> Num | None:
        if column is None:
            return t.value_of(label)
        if column not in t.columns:
            return None
        rows = [r for r in t.rows_labelled(label) if len(r.nums) == len(t.columns)]
        return rows[0].nums[t.columns.index(column)] if rows else None

    for labels in alternatives:
        vals = [value(lab) for lab in labels]
        if all(v is not None for v in vals):
            return t, vals
    return None


def _num_from_parts(vals: list[Num]) -> tuple[float, int] | None:
    """Value (万元) and decimals of a figure or a sum of figures."""
    if any(v.wan is None for v in vals):
        return None
    return sum(v.wan for v in vals), max(v.wan_decimals for v in vals)


@check("BG04", "情况说明与报表不一致", "narrative restates a table figure differently", Severity.ERROR, "budget")
def narrative_vs_tables(ctx):
    """The 情况说明 restates the standard tables: 收入支出总计, 本年收入合计, 本年支出合计, 财政拨款收入支出总计,
    一般公共预算财政拨款支出, 基本支出 and its 人员经费 / 公用经费 (and a 预算's 收入预算, 支出预算, 财政拨款收入,
    财政拨款支出预算, 一般公共预算拨款支出预算) must be the tables' figures (lexicons/budget.yaml restatements).
    A bound restates a part of a table figure: a 预算's 机关运行经费 may fall short of the 基本支出表's 公用经费, never
    exceed it.

    Cases (failing and passing report fragments): tests/cases/BG04.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    specs = sorted(budget_vocab().restatements, key=lambda s: len(s["label"]), reverse=True)
    seen = set()
    said = set()  # narrative figures a “三公” restatement already reported: one slip, one finding
    for f in _sangong_restatements(ctx, bd):
        said.update((e.location, e.span) for e in f.evidence)
        yield f
    for p in bd.passages:
        for a in p.amounts:
            label = a.stem
            spec = next((s for s in specs if _restates(label, s, bd.kind)), None)
            if spec is None:
                continue
            if spec.get("section") and not any(w in p.section + p.subsection for w in spec["section"]):
                continue
            found = _lookup(bd, spec["table"], spec["rows"], spec.get("column"))
            if found is None:
                continue
            t, vals = found
            ref = _num_from_parts(vals)
            n = a.num()
            if ref is None or n.wan is None:
                continue
            ctx.count()
            cmp = same_figure(ref[0], ref[1], n.wan, n.wan_decimals)
            bound = spec.get("bound", False)
            if cmp.ok or (bound and (cmp.verdict is not Verdict.INCONSISTENT or n.wan < ref[0])):
                continue
            k = (spec["label"], n.value, round(ref[0], 4))
            if k in seen:
                continue
            seen.add(k)
            what = spec.get("column") or "＋".join(v.context[-1] if v.context else "" for v in vals)
            if bound:
                ev = n.evidence("正文")
                if (ev.location, ev.span) in said:
                    continue
                yield _finding(
                    "BG04", Severity.ERROR,
                    f"情况说明中“{spec['label']}”为{_w(n)}，超过{_tname(t)}的{what}{fmt(ref[0], 2)}万元"
                    f"（超出{fmt(abs(cmp.difference), 2)}万元），而前者是后者的一部分。请核实。",
                    f"The narrative gives {spec['label']} as {n.printed}, more than {_tname(t)}'s {what} "
                    f"({fmt(ref[0], 2)}), of which it is a part.",
                    [ev, *(v.evidence(_tname(t)) for v in vals)], cmp,
                    explanation="机关运行经费是一般公共预算财政拨款基本支出中的日常公用经费，不超过公用经费。",
                    explanation_en="The running costs are the day-to-day part of the basic spending's public costs.",
                    key=f"BG04:bound:{spec['label']}:{n.value}")  # a limit, not the figure's correction
                continue
            yield _finding(
                "BG04", _SEV[cmp.verdict],
                f"情况说明中“{spec['label']}”为{_w(n)}，但{_tname(t)}（{what}）为{fmt(ref[0], 2)}万元，"
                f"相差{fmt(abs(cmp.difference), 2)}万元。请核实。",
                f"The narrative gives {spec['label']} as {n.printed}; {_tname(t)} ({what}) gives {fmt(ref[0], 2)}.",
                [n.evidence("正文")] + [v.evidence(_tname(t)) for v in vals], cmp,
                explanation="情况说明所述金额应与对应报表一致。",
                explanation_en="The narrative restates the tables; the figures must agree.")


def _restates(stem: str, spec: dict, kind: str) -> bool:
    """Do the words before an amount name the figure ``spec`` restates (in a document of ``kind``)?"""
    label = norm_label(spec["label"])
    if not stem.endswith(label) or spec.get("kind", kind) != kind:
        return False
    before = stem[: len(stem) - len(label)]
    return not any(before.endswith(norm_label(w)) for w in spec.get("not_after", ()))


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
            "BG05", _SEV[cmp.verdict],
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
            "BG06", _SEV[cmp.verdict],
            f"“{it.names[-1]}”段首金额为{_w(it.amount)}，同段又称本年预算安排{_w(it.plan)}，两者不一致。请核实。",
            f"{it.names[-1]}: the paragraph opens with {it.amount.printed} but then says the budget is {it.plan.printed}.",
            [it.amount.evidence("科目金额"), it.plan.evidence("预算安排")], cmp,
            explanation="同一科目的本年预算金额应前后一致。", explanation_en="One heading, one budget figure.")


def _ratio_ok(num: Num, den: Num, rate: float, rate_dec: int) -> Comparison:
    """num ÷ den against a rate, both amounts in 万元 when their units are known."""
    if num.wan is not None and den.wan is not None:
        return check_ratio(num.wan, num.wan_decimals, den.wan, den.wan_decimals, rate, rate_dec)
    return check_ratio(num.value, num.decimals, den.value, den.decimals, rate, rate_dec)


@check("BG07", "增减率与前后年度数不符", "year-on-year percentage does not fit the figures", Severity.ERROR, "budget")
def yoy_percent(ctx):
    """"上年执行数A万元，本年预算安排B万元，比上年增加P%" needs B ÷ A − 1 = P; "X万元，比上年增加C万元，增长P%" needs C ÷ (X − C) = P.

    Cases (failing and passing report fragments): tests/cases/BG07.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for it in bd.items:
        a, b = it.prior, it.plan
        if a is None or b is None or not a.value:
            continue
        ctx.count()
        if it.flat:
            cmp = _same_num(a, b)
            if cmp is None or cmp.ok:
                continue
            yield _finding(
                "BG07", _SEV[cmp.verdict],
                f"“{it.names[-1]}”上年执行数{_w(a)}、本年预算{_w(b)}，文中却称持平。请核实。",
                f"{it.names[-1]}: {a.printed} last year and {b.printed} this year are called unchanged.",
                [a.evidence("上年执行数"), b.evidence("本年预算")], cmp)
            continue
        p = it.pct
        if p is None:
            continue
        target = 100.0 + it.direction * p.value
        cmp = _ratio_ok(b, a, target, p.decimals)
        if cmp.ok:
            continue
        # Fits the heading's own amount instead: BG06 reports the two amounts.
        if it.amount is not None and it.amount.wan != b.wan and _ratio_ok(it.amount, a, target, p.decimals).ok:
            continue
        actual = cmp.expected - 100.0
        word = "增加" if it.direction > 0 else "减少"
        # When the paragraph's own amount differs from the 预算安排, the rate fits neither: say so.
        own = it.amount if it.amount is not None and it.amount.wan != b.wan else None
        own_note = ""
        if own is not None:
            alt = (own.wan or own.value) / (a.wan or a.value) * 100.0 - 100.0
            own_note = f"（按段首金额{_w(own)}计为{fmt(alt, 2)}%，亦不符）"
        elif a.unit != b.unit and check_ratio(b.value, b.decimals, a.value, a.decimals, target, p.decimals).ok:
            own_note = f"（两数同按{b.unit}计则相符，疑为单位笔误）"
        yield _finding(
            "BG07", _SEV[cmp.verdict],
            f"“{it.names[-1]}”上年执行数{_w(a)}，本年预算{_w(b)}，实际{'增加' if actual >= 0 else '减少'}"
            f"{fmt(abs(actual), 2)}%，文中写{word}{p.printed}%{own_note}。请核实。",
            f"{it.names[-1]}: {a.printed} → {b.printed} is a change of {fmt(actual, 2)}%, not {'+' if it.direction > 0 else '-'}{p.printed}%.",
            [p.evidence("增减率"), a.evidence("上年执行数"), b.evidence("本年预算")]
            + ([own.evidence("段首金额")] if own is not None else []),
            unit="%", expected=round(actual, 4), found=it.direction * p.value,
            difference=round(it.direction * p.value - actual, 4), tolerance=cmp.tolerance,
            explanation="增减率 = 本年预算 ÷ 上年执行数 − 1。", explanation_en="Change = this year ÷ last year − 1.")
    for p in bd.passages:
        for ch in p.changes:
            if ch.pct is None or ch.change is None or ch.direction == 0:
                continue
            prior = ch.amount.value - ch.direction * ch.change.value
            if prior <= 0:
                continue
            ctx.count()
            dec = convention_decimals([ch.amount.printed, ch.change.printed])
            cmp = check_ratio(ch.change.value, dec, prior, dec, ch.pct.value, ch.pct.decimals)
            if cmp.ok:
                continue
            yield _finding(
                "BG07", _SEV[cmp.verdict],
                f"{ch.label or '该项'}{_w(ch.amount)}，较上年{'增加' if ch.direction > 0 else '减少'}{_w(ch.change)}，"
                f"变动率应为{fmt(cmp.expected, 2)}%，文中写{ch.pct.printed}%。请核实。",
                f"{ch.amount.printed} after a change of {ch.change.printed} is {fmt(cmp.expected, 2)}%, not {ch.pct.printed}%.",
                [ch.pct.evidence("增减率"), ch.change.evidence("增减额"), ch.amount.evidence("本年")], cmp, unit="%",
                explanation="增减率 = 增减额 ÷（本年数 − 增减额）。", explanation_en="Change % = change ÷ (this year − change).")


@check("BG08", "占比与金额不符", "share does not fit the amounts", Severity.ERROR, "budget")
def share_percent(ctx):
    """"A X万元，主要用于：B y万元，占P%" needs y ÷ X = P (and "占本年支出合计的P%" the named total).

    Cases (failing and passing report fragments): tests/cases/BG08.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for p in bd.passages:
        for sh in p.shares:
            base = sh.base
            if sh.base_label:
                base = _named_amount(bd, p, sh.base_label, sh.part)
            if base is None or not base.value or base is sh.part:
                continue
            ctx.count()
            cmp = check_ratio(sh.part.value, sh.part.decimals, base.value, base.decimals, sh.pct.value, sh.pct.decimals)
            if cmp.ok:
                continue
            yield _finding(
                "BG08", _SEV[cmp.verdict],
                f"{_w(sh.part)}占{_w(base)}应为{fmt(cmp.expected, 2)}%，文中写{sh.pct.printed}%。请核实。",
                f"{sh.part.printed} of {base.printed} is {fmt(cmp.expected, 2)}%, not {sh.pct.printed}%.",
                [sh.pct.evidence("占比"), sh.part.evidence("分项"), base.evidence("总额")], cmp, unit="%",
                explanation="占比 = 分项 ÷ 总额。", explanation_en="Share = part ÷ whole.")


def _named_amount(bd: BudgetDoc, p: Passage, label: str, not_this: Num) -> Num | None:
    """The amount printed after ``label`` in the passage (or the document), other than ``not_this``."""
    for q in [p] + [x for x in bd.passages if x is not p]:
        for a in q.amounts:
            if a.label.endswith(label):
                n = a.num()
                if not (n.loc == not_this.loc and n.span == not_this.span and n.text == not_this.text):
                    return n
    return None


@check("BG09", "完成率与预决算数不符", "completion rate does not fit the budget and actual", Severity.ERROR, "budget")
def completion_rate(ctx):
    """"年初预算为B万元，支出决算为Z万元，完成年初预算的P%" needs Z ÷ B = P; a rate on a budget of 0 says nothing.

    Cases (failing and passing report fragments): tests/cases/BG09.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for p in bd.passages:
        for c in p.completions:
            base = c.full if c.base_word == "全年预算" else c.budget
            if base is None:
                base = c.budget or c.full
            ctx.count()
            if not base.value:
                alt = c.full if base is c.budget else None
                fits = alt is not None and alt.value and _ratio_ok(c.actual, alt, c.pct.value, c.pct.decimals).ok
                yield _finding(
                    "BG09", Severity.WARNING,
                    f"{c.base_word}为{_w(base)}，“完成{c.base_word}的{c.pct.printed}%”无从计算"
                    + (f"；{c.pct.printed}% 实为支出决算{_w(c.actual)}÷全年预算{_w(alt)}" if fits else "") + "。请核实表述。",
                    f"A completion rate of {c.pct.printed}% against a budget of {base.printed} is undefined"
                    + (f"; it is {c.actual.printed} / {alt.printed} (the full-year budget)" if fits else "") + ".",
                    [c.pct.evidence("完成率"), base.evidence(c.base_word), c.actual.evidence("决算")]
                    + ([alt.evidence("全年预算")] if fits else []), unit="%", found=c.pct.value,
                    explanation="完成率 = 决算数 ÷ 预算数；预算数为0时无意义。",
                    explanation_en="Completion = actual ÷ budget; undefined for a zero budget.",
                    severity_reason="预算数为0，完成率无从核算，只能请其说明表述",
                    severity_reason_en="the budget is 0, so the rate cannot be recomputed; the wording needs explaining")
                continue
            cmp = _ratio_ok(c.actual, base, c.pct.value, c.pct.decimals)
            if cmp.ok:
                continue
            yield _finding(
                "BG09", _SEV[cmp.verdict],
                f"支出决算{_w(c.actual)}÷{c.base_word}{_w(base)}＝{fmt(cmp.expected, 2)}%，文中写{c.pct.printed}%。请核实。",
                f"{c.actual.printed} / {base.printed} = {fmt(cmp.expected, 2)}%, not {c.pct.printed}%.",
                [c.pct.evidence("完成率"), c.actual.evidence("决算"), base.evidence(c.base_word)], cmp, unit="%",
                explanation="完成率 = 决算数 ÷ 预算数。", explanation_en="Completion = actual ÷ budget.")


def _pair_key(label: str) -> tuple[str, str] | None:
    """财政拨款收入 / 财政拨款支出预算 → ("财政拨款", "收入"/"支出")."""
    lab = norm_label(label)
    for side in ("收入", "支出"):
        if side in lab:
            core = lab.replace(side, "").replace("预算", "").replace("拨款", "").replace("资金", "")
            return core, side
    return None


@check("BG10", "增减表述不可能或自相矛盾", "a year-on-year statement cannot hold", Severity.ERROR, "budget")
def change_statements(ctx):
    """"X万元，比上年增加C万元": the year compared with must be earlier than X's year; an increase cannot exceed X
    (last year would be negative); equal income and spending cannot change by different amounts.

    Cases (failing and passing report fragments): tests/cases/BG10.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for p in bd.passages:
        chs = p.changes
        same_year = [c for c in chs if c.own_year is not None and c.year is not None and c.year >= c.own_year]
        if same_year:
            ctx.count()
            c0 = same_year[0]
            yield _finding(
                "BG10", Severity.WARNING,
                f"{c0.own_year}年的数额与“{c0.year}年”相比（如{c0.label}{_w(c0.amount)}，比{c0.year}年"
                f"{'持平' if not c0.direction else ('增加' if c0.direction > 0 else '减少') + _w(c0.change)}），比较年度应为以前年度。请核实。",
                f"A {c0.own_year} figure is compared with {c0.year}; the base year should be an earlier one.",
                [c.change.evidence("增减额") if c.change is not None else c.amount.evidence("本年") for c in same_year],
                unit="万元", key=f"BG10:year:{p.starts[0][1].loc.sort_key()}",
                explanation="增减比较的基期应早于本期。", explanation_en="A change is measured against an earlier year.",
                severity_reason="比较年度多为笔误，数额本身未必有错",
                severity_reason_en="the base year is most likely a slip of the pen; the amounts may be right")
        for c in chs:
            if c.direction > 0 and c.change is not None:
                ctx.count()
                cmp = check_sum([c.change.value], c.amount.value, convention_decimals([c.amount.printed, c.change.printed]))
                if c.change.value > c.amount.value and cmp.verdict is Verdict.INCONSISTENT:
                    prior = c.amount.value - c.change.value
                    yield _finding(
                        "BG10", Severity.ERROR,
                        f"{c.label or '该项'}{_w(c.amount)}，却称比{f'{c.year}年' if c.year else '上年'}增加{_w(c.change)}，意味着上年为"
                        f"{fmt(prior, 2)}万元（负数），不可能。请核实。",
                        f"{c.amount.printed} cannot be an increase of {c.change.printed}: last year would be {fmt(prior, 2)}.",
                        [c.amount.evidence("本年"), c.change.evidence("增加额")], unit="万元",
                        expected=round(c.amount.value, 6), found=c.change.value,
                        explanation="增加额不能超过本年数。", explanation_en="An increase cannot exceed the new amount.")
        # income and spending of the same money, same amount, different changes
        keyed: dict[str, dict[str, list]] = {}
        for c in chs:
            pk = _pair_key(c.label)
            if pk is None or c.change is None and c.direction != 0:
                continue
            keyed.setdefault(pk[0], {}).setdefault(pk[1], []).append(c)
        for core, sides in keyed.items():
            if "收入" not in sides or "支出" not in sides:
                continue
            a, b = sides["收入"][0], sides["支出"][0]
            if abs(a.amount.value - b.amount.value) > 1e-9:
                continue
            ca = a.direction * (a.change.value if a.change else 0.0)
            cb = b.direction * (b.change.value if b.change else 0.0)
            if abs(ca - cb) < 1e-9:
                continue
            ctx.count()
            yield _finding(
                "BG10", Severity.WARNING,
                f"{a.label}与{b.label}同为{_w(a.amount)}，但较上年的增减额分别为{fmt(ca, 2)}万元和{fmt(cb, 2)}万元，"
                "两者的上年基数不一致。请核实。",
                f"Income and spending are both {a.amount.printed} but change by {fmt(ca, 2)} and {fmt(cb, 2)}.",
                [x.change.evidence("增减额") if x.change else x.amount.evidence("本年") for x in (a, b)]
                + [a.amount.evidence("收入"), b.amount.evidence("支出")], unit="万元",
                expected=ca, found=cb, difference=round(cb - ca, 6),
                explanation="收支相等时，较上年的增减额也应相等。",
                explanation_en="Equal income and spending change by the same amount.",
                severity_reason="上年收支可能本就不等，需要说明",
                severity_reason_en="last year's income and spending may have differed: this needs an explanation")


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
                    "BG11", _SEV[cmp.verdict],
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
        if found:
            out[id(t)] = found[-1].annual_plan
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
        "BG12", _SEV[cmp.verdict],
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
                    "BG12", _SEV[cmp.verdict],
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
                    "BG12", _SEV[cmp.verdict],
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
            "BG12", _SEV[cmp.verdict],
            f"正文称编报绩效目标的项目{stated.count_printed}个、涉及资金{_w(n)}，但所附{len(totals)}张项目绩效目标表的项目资金总额合计"
            f"{fmt(s, 2)}万元，相差{fmt(abs(cmp.difference), 2)}万元。请核实。",
            f"The narrative gives {n.printed} for {stated.count_printed} projects; their {len(totals)} performance tables total {fmt(s, 2)}.",
            [n.evidence("正文")] + [x.evidence("项目资金总额") for x in totals], cmp,
            explanation="绩效目标涉及资金应等于各项目绩效目标表项目资金总额之和。",
            explanation_en="The narrative total equals the sum of the projects' tables.")


@check("BG13", "空表说明与表中数据矛盾", "a table said to be empty carries figures", Severity.ERROR, "budget")
def empty_note_with_figures(ctx):
    """A note under a table says it is empty (本表为空表 / 本表无数据) while the table prints non-zero figures.

    Cases (failing and passing report fragments): tests/cases/BG13.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    words = budget_vocab().empty_notes
    for t in bd.tables:
        note = next((n for n in t.notes if any(w in norm_label(n.text) for w in words)), None)
        if note is None:
            continue
        ctx.count()
        row = next((r for r in t.data_rows() if any(x.value for x in r.nums)), None)
        if row is None:
            continue
        nz = [x for x in row.nums if x.value]
        cited = [nz[0]] + ([nz[-1]] if len(nz) > 1 else [])
        note_ev = Evidence(location=note.loc, text=note.text, role="说明")
        yield _finding(
            "BG13", Severity.ERROR,
            f"{_tname(t)}下注明“{note.text.strip()}”，但表中列有数据（如{'、'.join(x.printed for x in cited)}）。请核实表格或说明。",
            f"{_tname(t)} is said to be empty, yet it prints {', '.join(x.printed for x in cited)}.",
            [note_ev] + [x.evidence("表中数据") for x in cited], unit=t.unit,
            explanation="注明为空表的表格不应有数据。", explanation_en="A table noted as empty has no figures.")


def _sangong_restatements(ctx, bd: BudgetDoc):
    """The narrative's “三公” and 机关运行经费 figures against the “三公”经费 table."""
    sg = next((x for t in bd.tables_of("sangong") if (x := t.sangong) is not None), None)
    if sg is None:
        return
    labels = budget_vocab().sangong_labels
    names = {"合计": "“三公”经费", "因公出国": "因公出国（境）费", "公务接待": "公务接待费", "小计": "公务用车购置及运行费",
             "购置": "公务用车购置费", "运行": "公务用车运行费", "机关运行": "机关运行经费"}
    pairs: list[tuple[Num, Num, str]] = []
    for p in bd.passages:
        where = p.section + p.subsection + p.text[:30]
        if "三公" not in where and "机关运行经费" not in where:
            continue
        if sg.actual:  # 决算: "“三公”经费财政拨款支出年初预算为X万元，支出决算为Y万元"
            for st in p.sangong_totals:
                pairs.append((st.budget, sg.budget["合计"], "“三公”经费预算数"))
                pairs.append((st.actual, sg.actual["合计"], "“三公”经费决算数"))
            continue
        for a in p.amounts:
            lab = a.stem
            key = next((k for k, ws in labels.items() if any(lab.endswith(w) for w in ws)), None)
            if key is None or key not in sg.budget:
                continue
            pairs.append((a.num(), sg.budget[key], names[key]))
    seen = set()
    for n, ref, what in pairs:
        ctx.count()
        cmp = _same_num(ref, n)
        if cmp is None or cmp.ok or (what, n.value) in seen:
            continue
        seen.add((what, n.value))
        yield _finding(
            "BG04", _SEV[cmp.verdict],
            f"情况说明中{what}为{_w(n)}，但{_tname(sg.table)}为{_w(ref)}，相差{fmt(abs(cmp.difference), 2)}万元。请核实。",
            f"The narrative gives {what} as {n.printed}; {_tname(sg.table)} gives {ref.printed}.",
            [n.evidence("正文"), ref.evidence(_tname(sg.table))], cmp,
            explanation="情况说明所述金额应与对应报表一致。", explanation_en="The narrative restates the tables; the figures must agree.")


@check("BG14", "“三公”经费表合计与分项不符", "three public expenses table does not add up", Severity.ERROR, "budget")
def sangong_table(ctx):
    """“三公”经费表: 合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费; 公务用车购置及运行费 = 购置费 + 运行费
    (for the 预算数 and the 决算数 columns alike).

    Cases (failing and passing report fragments): tests/cases/BG14.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for t in bd.tables_of("sangong"):
        sg = t.sangong
        if sg is None:
            continue
        total = sg.budget.get("合计")
        if sg.misfit and total is not None:
            rest = t.data_rows()[0].nums[1:]  # the row sangong_of read
            shown = "、".join(n.printed for n in rest)
            ctx.count()
            yield _finding(
                "BG14", Severity.WARNING,
                f"{_tname(t)}预算数一行空白栏已省略，合计{total.printed}与其余各数（{shown}）无论对应哪一栏都不能相加。请核实。",
                f"{_tname(t)}: whatever columns its figures ({shown}) belong to, they do not add up to {total.printed}.",
                [total.evidence("合计")] + [n.evidence("分项") for n in rest], None, unit=t.unit,
                explanation="“三公”经费 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费；后者 = 购置费 + 运行费。"
                            "空白栏省略后，按任一栏位对应，分项与合计都对不上。",
                explanation_en="Read into any of the table's columns, the printed figures do not add up.",
                severity_reason="各数所属栏位无法确定，只作警告", severity_reason_en="which column each figure is in is not printed")
        for part in sg.unplaced:  # a flattened row no placement fits: each part still within the 合计
            ctx.count()
            cmp = _sum_check([part], total)
            if cmp.ok or cmp.difference >= 0:
                continue
            yield _finding(
                "BG14", _SEV[cmp.verdict],
                f"{_tname(t)}预算数：合计为{total.printed}，但其中一栏为{part.printed}，分项不可能超过合计。请核实。",
                f"{_tname(t)}: a column shows {part.printed}, more than the total {total.printed}.",
                [total.evidence("合计"), part.evidence("分项")], cmp, unit=t.unit,
                explanation="“三公”经费各分项均不超过其合计。", explanation_en="No part of the three public expenses exceeds their total.")
        for which, vals in (("预算数", sg.budget), ("决算数", sg.actual)):
            if not vals:
                continue
            for total, parts in (("合计", ("因公出国", "公务接待", "小计")), ("小计", ("购置", "运行"))):
                if any(k not in vals for k in (total, *parts)):
                    continue  # a flattened row no single placement fits: its 合计 only
                ctx.count()
                cmp = _sum_check([vals[k] for k in parts], vals[total])
                if cmp.ok:
                    continue
                yield _finding(
                    "BG14", _SEV[cmp.verdict],
                    f"{_tname(t)}{which}：{'合计' if total == '合计' else '公务用车购置及运行费'}为{vals[total].printed}，"
                    f"但分项之和为{fmt(cmp.expected, vals[total].decimals)}（{'＋'.join(vals[k].printed for k in parts)}）。请核实。",
                    f"{_tname(t)} ({which}): {vals[total].printed} is not the sum of its parts, {fmt(cmp.expected, 2)}.",
                    [vals[total].evidence(total)] + [vals[k].evidence(k) for k in parts], cmp, unit=t.unit,
                    explanation="“三公”经费 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费；后者 = 购置费 + 运行费。",
                    explanation_en="The three public expenses add up; vehicle costs = purchase + running.")


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
            sev = _SEV[cmp.verdict]
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
