"""BG14: the “三公”经费表 adds up."""

from __future__ import annotations

from auditor.checks.budget.common import _sev, _finding, _sum_check, _tname
from auditor.checks.common import fmt
from auditor.checks.registry import check
from auditor.findings import Severity


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
                "BG14", _sev(cmp),
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
                    "BG14", _sev(cmp),
                    f"{_tname(t)}{which}：{'合计' if total == '合计' else '公务用车购置及运行费'}为{vals[total].printed}，"
                    f"但分项之和为{fmt(cmp.expected, vals[total].decimals)}（{'＋'.join(vals[k].printed for k in parts)}）。请核实。",
                    f"{_tname(t)} ({which}): {vals[total].printed} is not the sum of its parts, {fmt(cmp.expected, 2)}.",
                    [vals[total].evidence(total)] + [vals[k].evidence(k) for k in parts], cmp, unit=t.unit,
                    explanation="“三公”经费 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费；后者 = 购置费 + 运行费。",
                    explanation_en="The three public expenses add up; vehicle costs = purchase + running.")
