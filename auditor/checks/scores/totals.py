"""SC01: the 得分 column of a score table adds up to its 总分 (a 小计 row: the rows since
the last total)."""

from __future__ import annotations

from typing import Iterable

from auditor.checks.registry import CheckContext, check, finding
from auditor.checks.scores.common import _FAMILY, _dec, _ptxt, score_tables
from auditor.checks.tables import ev, fmt, table_name
from auditor.findings import Finding, Severity
from auditor.tolerance import Verdict, check_sum


# ---------------------------------------------------------------- SC01


@check("SC01", "得分合计与总分不符", "Scores do not add up to the total", Severity.ERROR, _FAMILY)
def score_sum(ctx: CheckContext) -> Iterable[Finding]:
    """评分表“得分”列（含资金执行率一行的得分）之和应等于“总分”行的得分。

    Cases (failing and passing report fragments): tests/cases/SC01.yaml.
    """
    for st in score_tables(ctx):
        at, rows, totals = st.table, st.rows, st.totals
        prev_order = -1
        for tr in totals:
            # a 小计 row adds up the rows since the last total; 总分 / 合计 every row above it
            sub = tr.is_subtotal
            lo = prev_order if sub else -1
            prev_order = tr.order
            if tr.score_fig is None:
                continue
            before = [r for r in rows if lo < r.order < tr.order]
            scored = [r for r in before if r.score_fig is not None]
            if not sub and not any(r.section is tr.section for r in scored):
                # a total printed first, right under its block's header, adds up the rows
                # after it (and the scored rows of the blocks above, as a last total would)
                nxt = min((t.order for t in totals if t.order > tr.order), default=None)
                scored = scored + [r for r in rows if r.order > tr.order and (nxt is None or r.order < nxt)
                                   and r.score_fig is not None]
            if len(scored) < 2:
                continue
            found = tr.score_fig.value
            d = _dec([r.score_fig for r in scored] + [tr.score_fig])
            cands = [scored]
            same_sec = [r for r in scored if r.section is tr.section]
            if 2 <= len(same_sec) < len(scored):
                cands.append(same_sec)
            # scores are awarded, not measured: each printed score is exact
            results = [(check_sum([r.score_fig.value for r in c], found, None), c) for c in cands]
            ctx.count()
            if any(cmp.verdict is Verdict.CONSISTENT for cmp, _ in results):
                continue
            cmp, used = min(results, key=lambda x: abs(x[0].difference))
            sev = Severity.INFO if cmp.verdict is Verdict.ROUNDING else Severity.ERROR
            tname = table_name(at)
            total_txt = _ptxt(tr.score_fig)
            colname = tr.score_fig.column_header or "得分"
            tail = "，属舍入误差。" if sev is Severity.INFO else "。请核实各项得分或总分。"
            msg = (f"{tname}中“{colname}”各项合计为{fmt(cmp.expected, d)}，但总分为{total_txt}，"
                   f"相差{fmt(abs(cmp.difference), d)}{tail}")
            msg_en = (f"In {tname}, the '{colname}' column adds up to {fmt(cmp.expected, d)}, but the total says "
                      f"{total_txt} (difference {fmt(abs(cmp.difference), d)}).")
            evidence = [ev(tr.score_fig, "合计")] + [ev(r.score_fig, "分项") for r in used]
            yield finding(
                ctx, severity=sev, message=msg, message_en=msg_en, evidence=evidence,
                expected=round(cmp.expected, 10), found=found, difference=round(cmp.difference, 10),
                tolerance=cmp.tolerance, unit="分",
                explanation=f"逐行相加{len(used)}个得分（{'+'.join(fmt(r.score_fig.value, d) for r in used)}），"
                            f"与总分{total_txt}比较",
                explanation_en=f"Added the {len(used)} scores of the table and compared with the total row.",
                key=f"SC01:{at.index}:{tr.row.grid_row}",
            )
