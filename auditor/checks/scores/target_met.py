"""SC12: a quantitative target met, points deducted and no reason given."""

from __future__ import annotations

from typing import Iterable

from auditor.checks.registry import CheckContext, check, finding
from auditor.checks.scores.common import _FAMILY, _dec, _ptxt, _status, _target_evidence, score_tables
from auditor.checks.tables import ev, fmt, table_name
from auditor.findings import Finding, Severity
from auditor.tolerance import Interval


# ---------------------------------------------------------------- SC12: target met, points deducted


@check("SC12", "完成目标却扣分且未说明", "Target met but points deducted", Severity.WARNING, _FAMILY)
def target_met_points_deducted(ctx: CheckContext) -> Iterable[Finding]:
    """定量指标的实际完成值达到年度指标值（按指标方向比较，同SC08），按“完成指标值的记该指标
    所赋全部分值”应得满分；得分低于分值而偏差原因栏空白的，提示核实。该行有自己的评分标准、
    目标值未写限定词而实际值超出目标（可能因目标偏低扣分）、或分值由合并单元格共用的，不检查。

    Cases (failing and passing report fragments): tests/cases/SC12.yaml.
    """
    for st in score_tables(ctx):
        at, rows = st.table, st.rows
        pooled = st.pooled_heads
        for sr in rows:
            if sr.standard.strip() or id(sr) in pooled:
                continue
            ta = sr.target_actual
            if ta is None or ta.direction is None:
                continue
            ctx.count()
            if _status(ta) != "met":
                continue
            t, a = ta.t, ta.a
            # a bare target exceeded may lose points for being set too low: only "as targeted" counts
            if t.bound not in ("ge", "gt", "le", "lt"):
                ai = Interval.printed(ta.av, a.decimals if a.dimension not in ("count", "frequency", None) else None)
                if not ai.meets(Interval.exact(ta.tv)):
                    continue
            sc = sr.score_fig.value
            if sc >= ta.full - 1e-9:
                continue
            if sr.explained:
                continue  # the deduction is explained
            tname = table_name(at)
            d = _dec([sr.score_fig] + ([sr.max_fig] if sr.max_fig is not None else []))
            msg = (f"{tname}中“{sr.name}”年度指标值为“{sr.target_text}”，实际完成值为"
                   f"“{sr.actual_cell.text.strip()}”，已达到目标，但得分{_ptxt(sr.score_fig)}低于分值"
                   f"{fmt(ta.full, d)}，且未说明扣分原因。请核实评分或说明原因。")
            msg_en = (f"In {tname}, '{sr.name}' targets '{sr.target_text}' and achieved "
                      f"'{sr.actual_cell.text.strip()}', yet scores {_ptxt(sr.score_fig)} of {fmt(ta.full, d)} "
                      f"with no reason given.")
            evidence = [ev(sr.score_fig, "得分")]
            if sr.max_fig is not None:
                evidence.append(ev(sr.max_fig, "分值"))
            evidence += list(_target_evidence(at, sr, ta))
            yield finding(
                ctx, severity=Severity.WARNING, message=msg, message_en=msg_en, evidence=evidence,
                expected=ta.full, found=sc, difference=round(sc - ta.full, 10), tolerance=0.0, unit="分",
                explanation=f"指标方向：{'越高越好' if ta.direction == 'ge' else '越低越好'}；实际{fmt(ta.av, 2)}"
                            f"达到目标{fmt(ta.tv, 2)}，得分{_ptxt(sr.score_fig)}低于分值，偏差原因栏空白",
                explanation_en="A quantitative target met earns the indicator's full marks unless a reason is given.",
                key=f"SC12:{at.index}:{sr.row.grid_row}",
            )
