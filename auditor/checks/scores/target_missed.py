"""SC08: a target missed with full marks."""

from __future__ import annotations

from typing import Iterable

from auditor.checks.registry import CheckContext, check, finding
from auditor.checks.scores.common import _FAMILY, _ptxt, _status, _target_evidence, score_tables
from auditor.checks.tables import ev, fmt, table_name
from auditor.findings import Finding, Severity


# ---------------------------------------------------------------- SC08: target vs actual


@check("SC08", "未达目标却得满分", "Target missed with full marks", Severity.WARNING, _FAMILY)
def target_missed_full_marks(ctx: CheckContext) -> Iterable[Finding]:
    """实际完成值未达到年度指标值（按指标方向：数量、比率越高越好，成本、时限越低越好；
    “不少于”“以上”“以内”等限定词优先），得分却为满分。

    “每月一次”按全年12次比较。

    Cases (failing and passing report fragments): tests/cases/SC08.yaml.
    """
    for st in score_tables(ctx):
        at, rows = st.table, st.rows
        for sr in rows:
            ta = sr.target_actual
            if ta is None:
                continue
            ctx.count()
            if ta.direction is None or _status(ta) != "missed":
                continue
            t, a, tv, av, full, direction = ta.t, ta.a, ta.tv, ta.av, ta.full, ta.direction
            sc = sr.score_fig.value
            if abs(sc - full) > 1e-9:
                continue
            tname = table_name(at)
            per = f"（全年{fmt(tv, 0)}次）" if t.per_year is not None else ""
            word = "未达到" if direction == "ge" else "超出"
            msg = (f"{tname}中“{sr.name}”年度指标值为“{sr.target_text}”{per}，实际完成值为"
                   f"{sr.actual_cell.text.strip()}，{word}目标，但得分{_ptxt(sr.score_fig)}为满分（分值"
                   f"{fmt(full, 2)}）。请核实评分或说明原因。")
            msg_en = (f"In {tname}, '{sr.name}' targets '{sr.target_text}' but achieved "
                      f"'{sr.actual_cell.text.strip()}', yet scores full marks ({fmt(full, 2)}).")
            t_ev, a_ev = _target_evidence(at, sr, ta)
            evidence = [t_ev, a_ev, ev(sr.score_fig, "得分")]
            if sr.max_fig is not None:
                evidence.append(ev(sr.max_fig, "分值"))
            yield finding(
                ctx, severity=Severity.WARNING, message=msg, message_en=msg_en, evidence=evidence,
                expected=tv, found=av, difference=round(av - tv, 10), unit=t.unit or a.unit,
                explanation=f"指标方向：{'越高越好' if direction == 'ge' else '越低越好'}；实际{fmt(av, 2)}对目标{fmt(tv, 2)}",
                explanation_en=f"Direction {'higher is better' if direction == 'ge' else 'lower is better'}: "
                               f"actual {fmt(av, 2)} vs target {fmt(tv, 2)}.",
                key=f"SC08:{at.index}:{sr.row.grid_row}",
            )
