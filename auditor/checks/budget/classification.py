"""BG02, BG03: the 科目 (类 › 款 › 项, 301 › 30101) roll-ups of the standard tables, a row's 合计
column against its other columns, and one 类 printed alike in every table."""

from __future__ import annotations

from auditor.checks.budget.common import _sev, _class_name, _finding, _same_num, _sum_check, _tname
from auditor.checks.common import fmt, fmt_like
from auditor.checks.registry import check
from auditor.findings import Severity
from auditor.nlp.budget import BRow, BTable, BudgetDoc, Num, budget_vocab
from auditor.tolerance import Verdict


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
                    "BG02", _sev(cmp),
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
                        "BG02", _sev(cmp),
                        f"{_tname(t)}合计为{total.total.printed}，各类科目之和为{fmt(cmp.expected, total.total.decimals)}，"
                        f"相差{fmt(abs(cmp.difference), 2)}。请核实。",
                        f"{_tname(t)}: the total is {total.total.printed}; the classes add up to {fmt(cmp.expected, 2)}.",
                        [total.total.evidence("合计")] + [c.total.evidence("类") for c in classes], cmp, unit=t.unit,
                        explanation="合计行应等于各类科目之和。", explanation_en="The total row equals the sum of the classes.")
        if t.kind not in ("fund", "soe"):
            yield from _row_sums(ctx, t)


def _row_sums(ctx, t: BTable):
    """In a row the 合计 column equals the sum of the other columns, when the header opens with 合计 and
    breaks it down (no 其中 column), or when the table's own full rows total across (``BTable.rows_foot``,
    a flattened page whose header words were not read); a flattened row lost its empty cells, so its first
    figure is the total and the rest are parts. A row whose first k figures already foot carries more
    than one breakdown."""
    by_header = bool(t.columns) and t.columns[0] in budget_vocab().col_total and "其中" not in t.header
    if not (by_header or t.rows_foot):
        return
    for r in t.data_rows():
        if len(r.nums) < 2 or (by_header and len(r.nums) > len(t.columns)):
            continue
        ctx.count()
        cmp = _sum_check(r.nums[1:], r.nums[0])
        if cmp.ok or _consistent_prefix(r.nums):
            continue
        yield _finding(
            "BG02", _sev(cmp),
            (f"{_tname(t)}“{r.describe()}”行合计为{r.nums[0].printed}，但其余各栏中只有一栏有数，为"
             f"{r.nums[1].printed}。请核实。" if len(r.nums) == 2 else
             f"{_tname(t)}“{r.describe()}”行合计为{r.nums[0].printed}，但各列之和为"
             f"{fmt_like(cmp.expected, r.nums[0].printed, r.nums[0].decimals)}（{'＋'.join(x.printed for x in r.nums[1:])}）。请核实。"),
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
