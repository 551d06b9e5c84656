"""SC06: 执行率 = 执行数 / 预算数, and an execution score = 分值 × 执行率."""

from __future__ import annotations

from typing import Iterable

from auditor.checks.registry import CheckContext, check, finding
from auditor.checks.scores.common import _FAMILY, _ptxt
from auditor.checks.tables import ev, fmt, table_name, tables_of
from auditor.findings import Finding, Severity
from auditor.nlp.tables import AnalyzedTable, Section, TableFigure, TableRow
from auditor.tolerance import Interval, Verdict, check_ratio, compare


# ---------------------------------------------------------------- SC06


@check("SC06", "执行率或执行得分不符", "Execution rate or its score is off", Severity.ERROR, _FAMILY)
def execution_rate(ctx: CheckContext) -> Iterable[Finding]:
    """执行率应等于全年执行数 ÷ 全年预算数；按执行率计分的，得分应等于分值 × 执行率。

    执行率与其两个数不符为错误（舍入级差异为提示）；得分与“分值×执行率”不符为警告
    （评分办法可能不同）。

    Cases (failing and passing report fragments): tests/cases/SC06.yaml.
    """
    for at in tables_of(ctx):
        for sec in at.sections:
            rate_cols = sec.col("执行率")
            if not rate_cols:
                continue
            for row in sec.rows:
                rf = at.figure_at(row, rate_cols[0])
                if rf is None or not rf.quantity.is_exact or rf.quantity.unit != "%" or _shifted(at, row):
                    continue
                actual = _first(at, row, sec, ("执行",))
                budgets = [b for b in (_first(at, row, sec, ("全年预算",)), _row_budget(at, row),
                                       _first(at, row, sec, ("预算",)), _first(at, row, sec, ("年初预算",)))
                           if b is not None]
                seen = set()
                budgets = [b for b in budgets if not (id(b) in seen or seen.add(id(b)))]
                # an amount printed as a rate (100.00% under 预算执行数) means the columns are not the
                # header's: nothing to divide
                if actual is not None and actual.quantity.dimension == "percent":
                    actual = None
                budgets = [b for b in budgets if b.quantity.dimension != "percent"]
                rate_ok_cmp = None
                if actual is not None and budgets:
                    results = []
                    for b in budgets:
                        if b.value == 0:
                            continue
                        # the row's convention: a budget of 20 beside 19.89 is 20.00, not 19.5–20.5
                        d = max(actual.quantity.decimals, b.quantity.decimals)
                        cmp = check_ratio(actual.value, d, b.value, d, rf.value, rf.quantity.decimals)
                        results.append((cmp, b))
                    if results:
                        ctx.count()
                        good = [x for x in results if x[0].verdict is Verdict.CONSISTENT]
                        if good:
                            rate_ok_cmp = good[0]
                        else:
                            cmp, b = results[0]
                            sev = Severity.INFO if cmp.verdict is Verdict.ROUNDING else Severity.ERROR
                            tname = table_name(at)
                            msg = (f"{tname}中执行率为{_ptxt(rf)}，但{_ptxt(actual)}÷{_ptxt(b)}="
                                   f"{fmt(cmp.expected, max(rf.quantity.decimals, 2))}%，"
                                   f"相差{fmt(abs(cmp.difference), max(rf.quantity.decimals, 2))}个百分点。请核实。")
                            msg_en = (f"In {tname}, the execution rate is {_ptxt(rf)}, but {_ptxt(actual)}/{_ptxt(b)} = "
                                      f"{fmt(cmp.expected, 2)}%.")
                            yield finding(
                                ctx, severity=sev, message=msg, message_en=msg_en,
                                evidence=[ev(rf, "比率"), ev(actual, "执行数"), ev(b, "预算数")],
                                expected=round(cmp.expected, 10), found=rf.value, difference=round(cmp.difference, 10),
                                tolerance=cmp.tolerance, unit="%",
                                explanation=f"执行率 = {column_or(actual, '执行数')} ÷ {column_or(b, '预算数')} × 100%",
                                explanation_en="Execution rate = executed / budget × 100%.",
                                key=f"SC06:{at.index}:{row.grid_row}:rate",
                            )
                # the execution score: 分值 × 执行率
                mx = _first(at, row, sec, ("分值",))
                sc = _first(at, row, sec, ("得分",))
                if mx is None or sc is None:
                    continue
                ds = sc.quantity.decimals
                rate_iv = Interval.printed(rf.value, rf.quantity.decimals).scale(0.01)
                cands = [Interval.printed(mx.value, None) * rate_iv]
                if rate_ok_cmp is not None and actual is not None:
                    b = rate_ok_cmp[1]
                    cands.append(Interval.printed(mx.value, None) *
                                 (Interval.printed(actual.value, actual.quantity.decimals) /
                                  Interval.printed(b.value, b.quantity.decimals)))
                # a rate at or above 100% earns the full 分值
                if rf.value >= 100:
                    cands.append(Interval.exact(mx.value))
                ctx.count()
                cmps = [compare(iv, sc.value, ds) for iv in cands]
                if any(c.verdict is not Verdict.INCONSISTENT for c in cmps):
                    continue
                cmp = cmps[0]
                exp = mx.value * rf.value / 100
                tname = table_name(at)
                msg = (f"{tname}中执行率{_ptxt(rf)}、分值{_ptxt(mx)}，按分值×执行率应得{fmt(exp, max(ds, 2))}分，"
                       f"但得分为{_ptxt(sc)}。请核实评分方法。")
                msg_en = (f"In {tname}, with rate {_ptxt(rf)} and maximum {_ptxt(mx)}, the score would be "
                          f"{fmt(exp, 2)}, but it is {_ptxt(sc)}.")
                yield finding(
                    ctx, severity=Severity.WARNING, message=msg, message_en=msg_en,
                    evidence=[ev(sc, "得分"), ev(mx, "分值"), ev(rf, "比率")], expected=round(exp, 10),
                    found=sc.value, difference=round(sc.value - exp, 10), tolerance=cmp.tolerance, unit="分",
                    explanation="得分 = 分值 × 执行率", explanation_en="Score = maximum × execution rate.",
                    key=f"SC06:{at.index}:{row.grid_row}:score",
                )


def column_or(f: TableFigure, default: str) -> str:
    return f.column_header or f.row_label or default


_NOT_RATES = ("分值", "得分", "预算", "全年预算", "年初预算", "执行")


def _shifted(at: AnalyzedTable, row: TableRow) -> bool:
    """A rate printed under an amount or a score (100% under 分值) means the row's cells are not under
    the header's columns (an empty cell dropped): its 执行率 column holds something else."""
    return any(f.kind == "value" and f.quantity.unit == "%" and f.column is not None and f.column.measure in _NOT_RATES
               for f in at.figures_in_row(row))


def _first(at: AnalyzedTable, row: TableRow, sec: Section, measures: tuple[str, ...]) -> TableFigure | None:
    for m in measures:
        for c in sec.col(m):
            f = at.figure_at(row, c)
            if f is not None and f.quantity.is_exact:
                return f
    return None


def _row_budget(at: AnalyzedTable, row: TableRow) -> TableFigure | None:
    """A "资金总额：2778.76" cell in a 年度预算 row."""
    for f in at.figures_in_row(row):
        if f.kind == "inline" and f.measure in ("预算", "全年预算", "年初预算") and f.quantity.is_exact:
            return f
    return None
