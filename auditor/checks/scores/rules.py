"""SC07: a self-score its own 评分标准 does not give, for the indicator value the report's
figures give (rules parsed in extraction from lexicons/scoring_rules.yaml)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from auditor.checks.registry import CheckContext, check, finding
from auditor.checks.scores.common import _FAMILY, _ptxt, score_tables
from auditor.checks.tables import ev, fmt, table_name, tables_of
from auditor.findings import Evidence, Finding, Severity
from auditor.lexicons import load_lexicons
from auditor.nlp.score_rules import Rule
from auditor.nlp.scores import ScoreRow
from auditor.nlp.tables import AnalyzedTable, TableFigure
from auditor.tolerance import Interval


# ---------------------------------------------------------------- SC07: score vs its rule


def _rule_words(rule: "Rule", lang: str) -> str:
    """What a parsed 评分标准 says, in words a reviewer reads (not its pattern name)."""
    lim = fmt(rule.limit, 4) if rule.limit is not None else None
    step = fmt(rule.step, 4) if rule.step is not None else None
    if rule.shape == "deduct_over" and lim is not None and step is not None:
        return (f"不超过{lim}%得满分，每超过一个百分点扣{step}分" if lang != "en"
                else f"full marks up to {lim}%, {step} off per point above")
    if rule.shape == "deduct_under" and lim is not None and step is not None:
        return (f"达到{lim}%得满分，每低于一个百分点扣{step}分" if lang != "en"
                else f"full marks at {lim}%, {step} off per point below")
    if rule.shape == "bands":
        return "按指标值所在区间分档给分" if lang != "en" else "points by the band the value falls in"
    return "该行评分标准" if lang != "en" else "the row's scoring rule"


def score_range(rule: Rule, v: Interval, full_default: float) -> tuple[float, float] | None:
    """The lowest and highest score ``rule`` gives for any value in ``v``."""
    full = rule.full if rule.full is not None else full_default
    if rule.shape == "deduct_over":
        lims = [_deduct(rule, x - rule.limit, full) for x in (v.lo, v.hi)]
        return min(l[0] for l in lims), max(l[1] for l in lims)
    if rule.shape == "deduct_under":
        lims = [_deduct(rule, rule.limit - x, full) for x in (v.lo, v.hi)]
        return min(l[0] for l in lims), max(l[1] for l in lims)
    if rule.shape == "bands":
        pts = [full if math.isnan(p) else p for lo, lo_inc, hi, hi_inc, p in rule.bands
               if _overlaps(v, lo, lo_inc, hi, hi_inc)]
        if not pts:
            return None
        return min(pts), max(pts)
    return None


def _deduct(rule: Rule, points: float, full: float) -> tuple[float, float]:
    # "每…一个百分点扣s分": pro rata at the harsh end, whole points only at the lenient end
    if points <= 1e-9:
        return full, full
    return max(0.0, full - rule.step * points), max(0.0, full - rule.step * math.floor(points + 1e-9))



def _overlaps(v: Interval, lo: float, lo_inc: bool, hi: float, hi_inc: bool) -> bool:
    a_ok = v.hi > lo or (lo_inc and v.hi >= lo - 1e-9)
    b_ok = v.lo < hi or (hi_inc and v.lo <= hi + 1e-9)
    return a_ok and b_ok



@dataclass
class _IndicatorValue:
    value: Interval
    shown: str  # how the message shows it: "14÷12=116.67%"
    evidence: list[Evidence]
    direct: bool  # every input printed in a table
    mid: float = 0.0  # the value as computed from the printed figures


def _figures_with(ctx: CheckContext, concept: str, exclude: AnalyzedTable | None,
                  dims: tuple[str | None, ...]) -> list[TableFigure]:
    out = []
    for at in tables_of(ctx):
        if at is exclude:
            continue
        for f in at.figures():
            if f.concept != concept or not f.quantity.is_exact:
                continue
            if f.measure in ("目标", "预算", "全年预算", "年初预算", "分值", "得分"):
                continue
            if f.quantity.dimension not in dims:
                continue
            out.append(f)
    return out


def _narrative_with(ctx: CheckContext, concept: str, dims: tuple[str | None, ...]) -> list:
    out = []
    for c in getattr(ctx.claims, "claims", None) or []:
        if getattr(c, "source", None) != "narrative" or c.concept != concept:
            continue
        q = c.quantity
        if q.dimension in dims and q.bound in ("eq",) and q.range_to is None:
            out.append(c)
    return out


def _distinct(figs: list, key=lambda f: f.value) -> list:
    vals = {round(key(f), 6) for f in figs}
    return figs if len(vals) == 1 else []


def _indicator_value(ctx: CheckContext, sr: ScoreRow, concept: str) -> _IndicatorValue | None:
    spec = (load_lexicons().scoring or {}).get("indicators", {}).get(concept, {})
    direct = spec.get("certainty") == "direct"
    formula = spec.get("formula")
    # a printed rate elsewhere in the report's tables
    # (a rule applies to a stated rate as printed)
    rates = _distinct(_figures_with(ctx, concept, sr.table, ("percent",)))
    if rates:
        f = rates[0]
        return _IndicatorValue(Interval.exact(f.value), _ptxt(f) if "%" in _ptxt(f) else f"{_ptxt(f)}%",
                               [ev(f, "比率")], direct, f.value)
    if formula == "ratio":
        num_c, den_c = spec["numerator"], spec["denominator"]
        dims = ("count", None, "money")
        nums = _distinct(_figures_with(ctx, num_c, sr.table, dims))
        dens = _distinct(_figures_with(ctx, den_c, sr.table, dims))
        if nums and dens:
            n, d = nums[0], dens[0]
            if d.value == 0 or (n.quantity.dimension != d.quantity.dimension and None not in
                                (n.quantity.dimension, d.quantity.dimension)):
                return None
            nd = None if n.quantity.dimension in ("count", None) and n.quantity.decimals == 0 and n.quantity.unit != "万元" else n.quantity.decimals
            dd = None if d.quantity.dimension in ("count", None) and d.quantity.decimals == 0 and d.quantity.unit != "万元" else d.quantity.decimals
            iv = (Interval.printed(n.value, nd) / Interval.printed(d.value, dd)).scale(100.0)
            mid = n.value / d.value * 100
            shown = f"{_ptxt(n)}÷{_ptxt(d)}={fmt(mid, 2)}%"
            return _IndicatorValue(iv, shown, [ev(n, "分子"), ev(d, "分母")], direct, mid)
        # narrative figures: indirect
        nn = _distinct(_narrative_with(ctx, num_c, ("count",)))
        dn = _distinct(_narrative_with(ctx, den_c, ("count",)))
        if nn and dn and dn[0].value:
            n, d = nn[0], dn[0]
            iv = (Interval.exact(n.value) / Interval.exact(d.value)).scale(100.0)
            mid = n.value / d.value * 100
            shown = f"{fmt(n.value, 2)}÷{fmt(d.value, 2)}={fmt(mid, 2)}%"
            return _IndicatorValue(iv, shown, [n.evidence("分子"), d.evidence("分母")], False, mid)
        return None
    if formula == "stated":
        figs = _figures_with(ctx, concept, sr.table, ("percent",))
        claims = _narrative_with(ctx, concept, ("percent",))
        vals = {round(f.value, 6) for f in figs} | {round(c.value, 6) for c in claims}
        if len(vals) != 1:
            return None
        if figs:
            f = figs[0]
            return _IndicatorValue(Interval.exact(f.value), _ptxt(f), [ev(f, "指标值")], False, f.value)
        c = claims[0]
        q = c.quantity
        return _IndicatorValue(Interval.exact(q.value), q.printed, [c.evidence("指标值")], False, q.value)
    return None


@check("SC07", "自评分与评分标准不符", "Self-score the rule does not give", Severity.ERROR, _FAMILY)
def score_vs_rule(ctx: CheckContext) -> Iterable[Finding]:
    """能从报告中算出指标值的，按该行“评分标准”重算得分，与自评分比较。

    支持的评分标准写法见 lexicons/scoring_rules.yaml（“≦100%计5分，每超过一个百分点扣0.5分，
    扣完为止”“每低于100%一个百分点扣0.1分”“95%（含）以上计5分；85%（含）-95%，计3分…”）。
    在职人员控制率由编制数和实有人数算出（输入直接，不符为错误）；固定资产利用率、满意度等
    由其他数字推得（不符为警告）。

    Cases (failing and passing report fragments): tests/cases/SC07.yaml.
    """
    for st in score_tables(ctx):
        at, rows = st.table, st.rows
        for sr in rows:
            if not sr.standard or sr.score_fig is None:
                continue
            rule = sr.rule
            if rule is None:
                continue
            concept = sr.indicator
            if concept is None:
                continue
            iv = _indicator_value(ctx, sr, concept)
            if iv is None:
                continue
            full = sr.max_value if sr.max_value is not None else (rule.full or 0.0)
            rng = score_range(rule, iv.value, full)
            if rng is None:
                continue
            ctx.count()
            d = max(sr.score_fig.quantity.decimals, 1 if rule.step and rule.step % 1 else 0)
            lo, hi = rng
            got = Interval.printed(sr.score_fig.value, sr.score_fig.quantity.decimals)
            if got.meets(Interval(lo, hi)):
                continue
            sev = Severity.ERROR if iv.direct else Severity.WARNING
            mlo, mhi = score_range(rule, Interval.exact(iv.mid), full) or (lo, hi)
            exp = mlo if sr.score_fig.value < mlo else mhi
            rule_gives = fmt(mlo, d) if abs(mhi - mlo) < 1e-9 else f"{fmt(mlo, d)}–{fmt(mhi, d)}"
            tname = table_name(at)
            msg = (f"{tname}中“{sr.name}”为{iv.shown}，按其评分标准应得{rule_gives}分，但自评得分为"
                   f"{_ptxt(sr.score_fig)}分。请核实。")
            msg_en = (f"In {tname}, '{sr.name}' is {iv.shown}; its scoring rule gives {rule_gives}, but the "
                      f"self-score is {_ptxt(sr.score_fig)}.")
            std_cell = sr.standard_cell
            evidence = [ev(sr.score_fig, "得分")] + iv.evidence
            if std_cell is not None:
                evidence.append(Evidence(location=std_cell.location, text=std_cell.text, role="评分标准",
                                         context=[at.title] + list(sr.row.path)))
            yield finding(
                ctx, severity=sev, message=msg, message_en=msg_en, evidence=evidence, expected=exp,
                found=sr.score_fig.value, difference=round(sr.score_fig.value - exp, 10),
                tolerance=got.width / 2, unit="分",
                explanation=f"按评分标准（{_rule_words(rule, 'zh')}）计算，{iv.shown}应得{rule_gives}分",
                explanation_en=f"The scoring rule ({_rule_words(rule, 'en')}) gives {rule_gives} for {iv.shown}.",
                severity_reason=(None if iv.direct else "指标值取自正文或推算而非表中直接列出，对应关系需要确认"),
                severity_reason_en=(None if iv.direct else "the indicator value comes from the text or a computation, "
                                    "not from the table itself, so the match needs confirming"),
                key=f"SC07:{at.index}:{sr.row.grid_row}",
            )
