"""SC10, SC11: the points a 评分标准 gives, against themselves and the 分值: a rule's own
bands (monotone, within and reaching the 分值, no gap; ladders not in percent read in
written order; a deduction rule starts from the 分值), and the points of its enumerated
items (①…1分；②…0.5分) adding up to the 分值."""

from __future__ import annotations

import math
from typing import Iterable

from auditor.checks.registry import CheckContext, check, finding
from auditor.checks.scores.common import _FAMILY, score_tables
from auditor.checks.tables import ev, fmt, table_name
from auditor.findings import Evidence, Finding, Severity
from auditor.nlp.score_rules import Band


# ---------------------------------------------------------------- SC10: the rule's own bands


def _band_order(b: Band) -> tuple[float, float]:
    return (b[0], b[2])


def _monotone(pts: list[float]) -> bool:
    up = all(a <= b + 1e-9 for a, b in zip(pts, pts[1:]))
    down = all(a >= b - 1e-9 for a, b in zip(pts, pts[1:]))
    return up or down


def _overlapping(bands: list[Band]
                 ) -> Band | None:
    """The points of the band that overlaps others with different points (59%以上计5分 beside
    85%-95%计3分), when dropping that one band removes every overlap; else None."""
    def clashes(bs):
        return [(i, j) for i in range(len(bs)) for j in range(i + 1, len(bs))
                if max(bs[i][0], bs[j][0]) < min(bs[i][2], bs[j][2]) - 1e-9 and abs(bs[i][4] - bs[j][4]) > 1e-9]
    if not clashes(bands):
        return None
    for k in range(len(bands)):
        if not clashes(bands[:k] + bands[k + 1:]):
            return bands[k]
    return None


def _gap(bands: list[Band]) -> tuple[float, float] | None:
    """The first stretch of values no band covers between two bands ("低于57%计0分" beside
    "75%（含）-85%，计1分"); a step of one point or less is how whole percents are written
    ("80%-89%" then "90%以上") and is no gap."""
    reach = None
    for lo, _, hi, _, _ in sorted(bands, key=_band_order):
        if reach is not None and math.isfinite(lo) and lo - reach > 1 + 1e-9:
            return reach, lo
        reach = hi if reach is None else max(reach, hi)
    return None


def _odd_one(pts: list[float], cap: float | None = None) -> float | None:
    """The band whose points, left out, make the rest monotone; among several, one above the
    分值 first, then one that is not the 分值 (the top band giving full marks is the sound one)."""
    cands = [pts[i] for i in range(len(pts)) if _monotone(pts[:i] + pts[i + 1:])]
    if not cands:
        return None
    if cap is not None:
        cands.sort(key=lambda p: (not p > cap + 1e-9, abs(p - cap) < 1e-9))
    return cands[0]


@check("SC10", "评分标准分档分值不合理", "Scoring bands out of order", Severity.WARNING, _FAMILY)
def band_points_out_of_order(ctx: CheckContext) -> Iterable[Finding]:
    """评分标准按区间分档给分时，各档分值应随指标值单调变化，最高一档应等于、任何一档不得超过
    该指标的分值，各档区间应首尾相接；不按百分比分档的（“无结余，3分；有结余……，2分；……不得分”），
    各档按书写顺序检查；扣分规则（“≦100%，计5分；每超过一个百分点扣0.5分”）达标时所给分数应等于分值。

    Cases (failing and passing report fragments): tests/cases/SC10.yaml.
    """
    for st in score_tables(ctx):
        at, rows = st.table, st.rows
        pooled = st.pooled_heads
        for sr in rows:
            if not sr.standard:
                continue
            # the row's own 分值, when it is its own (not shared through a merged cell)
            mx = sr.max_value if sr.pooled_into is None and id(sr) not in pooled else None
            cap = sr.max_value if sr.pooled_into is None else None  # no band may exceed it
            rule = sr.rule
            bounds: list[float] = []
            odd: float | None = None
            why = ""
            clash = None
            if rule is not None and rule.shape == "bands":
                has_full = any(math.isnan(b[4]) for b in rule.bands)
                bands = sorted((b for b in rule.bands if not math.isnan(b[4])), key=_band_order)
                if len(bands) < 3:
                    continue
                ctx.count()
                pts = [b[4] for b in bands]
                clash = _overlapping(bands)
                gap = _gap(bands)
                inverted = next((b for b in bands if math.isfinite(b[0]) and math.isfinite(b[2]) and b[0] > b[2]), None)
                if inverted is not None:
                    clash, odd = inverted, inverted[4]
                    bounds = [inverted[0], inverted[2]]
                    why = f"有一档区间下限{fmt(inverted[0])}%高于上限{fmt(inverted[2])}%"
                elif clash is not None:
                    odd = clash[4]
                    bounds = [b for b in (clash[0], clash[2]) if math.isfinite(b)]
                    lo_t = "" if not math.isfinite(clash[0]) else f"{fmt(clash[0])}%"
                    hi_t = "" if not math.isfinite(clash[2]) else f"{fmt(clash[2])}%"
                    span = f"{lo_t}–{hi_t}" if lo_t and hi_t else (f"{lo_t}以上" if lo_t else f"{hi_t}以下")
                    why = f"各档区间相互重叠且给分不同（{span}一档与其他档重叠）"
                elif not _monotone(pts):
                    odd = _odd_one(pts, sr.max_value)
                    why = "各档分值未随指标值单调变化"
                elif cap is not None and max(pts) > cap + 1e-9:
                    odd = max(pts)
                    why = f"最高一档给分超过该指标分值{fmt(cap)}分"
                elif mx is not None and not has_full and max(pts) < mx - 1e-9:
                    odd = max(pts)
                    why = f"最高一档给分低于该指标分值{fmt(mx)}分，按此标准无法得满分"
                elif gap is not None:
                    bounds = list(gap)
                    why = f"各档区间不连续，{fmt(gap[0])}%–{fmt(gap[1])}%之间未规定给分"
                    clash = gap  # no single band to blame
            elif rule is None:
                steps = sr.ladder
                if steps is None:
                    continue
                ctx.count()
                has_full = any(math.isnan(p) for p in steps)
                pts = [p for p in steps if not math.isnan(p)]
                zero_at_end = pts[0] == 0 or pts[-1] == 0
                if cap is not None and max(pts) > cap + 1e-9:
                    odd = max(pts)
                    why = f"有一档给分{fmt(odd)}分，超过该指标分值{fmt(cap)}分"
                elif len(pts) >= 3 and zero_at_end and not _monotone(pts):
                    odd = _odd_one(pts, sr.max_value)
                    why = "各档分值未随书写顺序单调变化"
                elif mx is not None and not has_full and max(pts) < mx - 1e-9:
                    odd = max(pts)
                    why = f"最高一档给分低于该指标分值{fmt(mx)}分，按此标准无法得满分"
            elif rule.shape in ("deduct_over", "deduct_under") and rule.full is not None:
                # "≦100%，计5分；每超过一个百分点扣0.5分": the rule starts from the 分值
                if mx is None:
                    continue
                ctx.count()
                pts = [rule.full]
                if abs(rule.full - mx) > 1e-9:
                    odd = rule.full
                    why = (f"达标时给{fmt(rule.full)}分，"
                           + ("超过" if rule.full > mx else "低于") + f"该指标分值{fmt(mx)}分")
            else:
                continue
            if not why:
                continue
            std_cell = sr.standard_cell
            if std_cell is None:
                continue
            shown = "、".join(fmt(p) for p in pts)
            order = "按指标值由低到高" if rule is not None else "按书写顺序"
            head = f"评分标准{order}各档给分为{shown}分，" if rule is None or rule.shape == "bands" else "评分标准"
            tname = table_name(at)
            evidence = [Evidence(location=std_cell.location, text=std_cell.text, role="评分标准",
                                 printed=f"{fmt(odd)}分" if odd is not None else None, value=odd,
                                 context=[at.title] + list(sr.row.path))]
            evidence += [Evidence(location=std_cell.location, text=std_cell.text, role="分档界限", printed=f"{fmt(b)}%",
                                  value=b, context=[at.title] + list(sr.row.path)) for b in bounds]
            if sr.max_fig is not None and "该指标分值" in why:
                evidence.append(ev(sr.max_fig, "分值"))
            yield finding(
                ctx, severity=Severity.WARNING,
                message=(f"{tname}中“{sr.name}”的{head}{why}"
                         + (f"（疑为“{fmt(odd)}分”{'一档' if len(pts) > 1 else ''}有误）"
                            if odd is not None and clash is None else "")
                         + "。请核实。"),
                message_en=(f"In {tname}, the scoring bands of '{sr.name}' give {shown} points: not in order, "
                            f"above or short of the indicator's maximum, a band upside down, or leaving a gap. Please verify."),
                evidence=evidence,
                found=odd, unit="分",
                explanation="分档评分标准中，每档区间下限不高于上限，指标值越好得分应越高（或越低），"
                            "最高一档等于且任何一档不超过分值，各档区间首尾相接。",
                explanation_en="In a banded rule, better values earn more points, the top band gives the maximum "
                               "and no band more, and the bands leave no gap.",
                key=f"SC10:{at.index}:{sr.row.grid_row}",
            )


# ---------------------------------------------------------------- SC11: items of a rule vs the 分值


def _decs(num: str) -> int:
    return len(num.split(".", 1)[1]) if "." in num else 0


@check("SC11", "评分标准分项分值之和与分值不符", "Rule items do not add up to the maximum", Severity.WARNING,
       _FAMILY)
def rule_items_sum(ctx: CheckContext) -> Iterable[Finding]:
    """评分标准逐项给分（①…1分；②…0.5分 / 1.… / （1）…）时，各项分值之和应等于该指标的分值。
    分档给分（“95%（含）以上计5分；85%（含）-95%，计3分”“……不得分”）、扣分规则（“每超过一个
    百分点扣0.5分”“每出现一例扣1分”）和分值不明（合并单元格共用分值）的不检查。

    Cases (failing and passing report fragments): tests/cases/SC11.yaml.
    """
    for st in score_tables(ctx):
        at, rows = st.table, st.rows
        pooled = st.pooled_heads
        for sr in rows:
            if not sr.standard or sr.max_value is None or sr.pooled_into is not None or id(sr) in pooled:
                continue
            items = sr.items
            if items is None:
                continue
            pts = [it.points for it in items]
            mx = sr.max_value
            # "①…3分；②…2分；③…1分" under a 分值 of 3 reads as alternatives, not a sum
            if abs(pts[0] - mx) < 1e-9 and all(a > b for a, b in zip(pts, pts[1:])):
                continue
            ctx.count()
            total = round(sum(pts), 10)
            if abs(total - mx) < 1e-9:
                continue
            std_cell = sr.standard_cell
            if std_cell is None:
                continue
            d = max([_decs(f"{p:g}") for p in pts] + [_decs(f"{mx:g}")])
            parts = "+".join(fmt(p, d) for p in pts)
            tname = table_name(at)
            ctx_path = [at.title] + list(sr.row.path)
            evidence = [Evidence(location=std_cell.location, text=std_cell.text, role="分项分值",
                                 printed=it.printed, value=it.points, context=ctx_path) for it in items]
            if sr.max_fig is not None:
                evidence.insert(0, ev(sr.max_fig, "分值"))
            yield finding(
                ctx, severity=Severity.WARNING,
                message=(f"{tname}中“{sr.name}”的评分标准分{len(items)}项给分，合计{parts}={fmt(total, d)}分，"
                         f"但该指标分值为{fmt(mx, d)}分。请核实各项分值或该指标分值。"),
                message_en=(f"In {tname}, the scoring rule of '{sr.name}' gives {len(items)} items "
                            f"{parts} = {fmt(total, d)} points, but the indicator's maximum is {fmt(mx, d)}."),
                evidence=evidence, expected=mx, found=total, difference=round(total - mx, 10), tolerance=0.0,
                unit="分",
                explanation=f"评分标准逐项给分，各项相加{parts}={fmt(total, d)}，与分值{fmt(mx, d)}比较",
                explanation_en="The points of the rule's enumerated items added up and compared with the row's maximum.",
                key=f"SC11:{at.index}:{sr.row.grid_row}",
            )
