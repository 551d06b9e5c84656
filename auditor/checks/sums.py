"""Sums stated in the narrative: a total against its listed parts, and unit
slips that break them."""

from __future__ import annotations

from auditor.checks.common import fmt, in_unit, register_recheck, slip_severity, val
from auditor.checks.registry import check, finding
from auditor.findings import Finding, Severity
from auditor.lexicons import load_lexicons
from auditor.nlp.claims import Claim, Relation
from auditor.nlp.relations import same_scale
from auditor.tolerance import Verdict, check_difference, check_ratio, check_sum, convention_decimals
from auditor.tolerance import decimals as _dec
from auditor.tolerance import list_decimals


def _sum_relations(ctx) -> list[Relation]:
    return [r for r in ctx.claims.relations if r.kind == "sum"]


def _qizhong(rel: Relation) -> bool:
    """A breakdown opened by 其中 (包括 …): its parts above the whole are NS02's to report, complete or not."""
    return rel.extra.get("trigger") == "其中"


def _opened(rel: Relation) -> str:
    """How a message names a breakdown's parts: by the cue that opened them ("“其中”所列"), or "所列" when the
    text gives none (a whole's parts by definition listed after a comma)."""
    cue = rel.extra.get("cue", "其中")
    return f"“{cue}”所列" if cue else "所列"


def _opened_en(rel: Relation) -> str:
    cue = rel.extra.get("cue", "其中")
    return f"under {cue}" if cue else "listed"


def _decimals(total: Claim, parts: list[Claim]) -> int | None:
    return list_decimals([*parts, total])


def _evaluate(rel: Relation, overrides: dict[int, float] | None = None, slip_fix: bool = False, odds: bool = False):
    """(parts sum in the total's unit, comparison) for a sum relation; ``odds``: a gap that only rounding
    errors all leaning one way allow is a slip (``tolerance.check_sum``)."""
    total: Claim = rel.members["total"]
    parts: list[Claim] = rel.members["parts"]
    unit = total.quantity.unit
    ov = overrides or {}
    values = []
    for p in parts:
        v = val(p, ov)
        if p.quantity.unit != unit and not slip_fix:
            v = in_unit(p, unit) * (v / p.quantity.value if p.quantity.value else 1)
        values.append(v)
    cmp = check_sum(values, val(total, ov), _decimals(total, parts), odds=odds)
    return sum(values), cmp


def _slipped_parts(rel: Relation) -> list[Claim]:
    """Money parts printed in a unit other than the total's (15元 among 万元)."""
    total: Claim = rel.members["total"]
    if total.quantity.dimension != "money":
        return []
    return [p for p in rel.members["parts"] if p.quantity.unit != total.quantity.unit]


def _slip_explains_excess(rel: Relation) -> bool:
    """Parts under 其中 printed in another unit (84.76亿元 among 万元) that, as printed,
    come to many times the total but, read in the total's unit, stay within it."""
    slipped = _slipped_parts(rel)
    if not rel.partial or not slipped:
        return False
    s, as_printed = _evaluate(rel)
    total = rel.members["total"].quantity.value
    if as_printed.ok or total <= 0 or s < 5 * total:
        return False
    _, fixed = _evaluate(rel, slip_fix=True)
    return fixed.ok or fixed.difference >= 0


def _equal_to_difference(ctx, rel: Relation, diff: float, tol: float) -> Claim | None:
    """A figure printed among the parts, not one of them, that equals what they miss by
    ("财政拨款收入4095.75万元，其中政府性基金114.74万元" when the items miss by 114.74):
    a part stated without the amount its 其中 names."""
    members = {id(rel.members["total"]), *(id(p) for p in rel.members["parts"])}
    parts = rel.members["parts"]
    unit = rel.members["total"].quantity.unit
    lo = min((p.location.sort_key(), p.offset + p.quantity.start) for p in parts)
    hi = max((p.location.sort_key(), p.offset + p.quantity.start) for p in parts)
    for c in ctx.claims.narrative:
        key = (c.location.sort_key(), c.offset + c.quantity.start)
        if id(c) in members or not (lo < key < hi) or c.quantity.unit != unit or not c.quantity.is_exact:
            continue
        if abs(c.quantity.value - diff) <= tol + 1e-9 and c.quantity.value > 0:
            return c
    return None


def _runs_on(ctx, rel: Relation) -> bool:
    """Does the list run on into the next paragraph (a line wrapped by a PDF
    export), so that more items may follow there? Extraction decides what a
    wrapped line is (``Sentence.runs_on``); a heading is not one."""
    sents = getattr(ctx.claims, "sentences", None) or []
    idx = max((c.extra.get("sentence", -1) for c in [rel.members["total"], *rel.members["parts"]]), default=-1)
    return 0 <= idx < len(sents) and sents[idx].runs_on


def _runs_in(ctx, rel: Relation) -> bool:
    """Did the list start in the previous (wrapped) paragraph, so that items
    before its first one may be missing? (``Sentence.continued``)"""
    sents = getattr(ctx.claims, "sentences", None) or []
    parts = rel.members["parts"]
    if not parts:
        return False
    first = min(parts, key=lambda c: (c.extra.get("sentence", -1), c.quantity.start))
    idx = first.extra.get("sentence", -1)
    if not (0 <= idx < len(sents)) or not sents[idx].continued:
        return False
    earlier = [c for c in ctx.claims.narrative if c.extra.get("sentence") == idx and c.quantity.start < first.quantity.start]
    return not earlier


def _evidence(rel: Relation):
    total: Claim = rel.members["total"]
    ev = [total.evidence("合计")]
    ev += [p.evidence("分项") for p in rel.members["parts"]]
    return ev


@check("NS01", "叙述合计与分项不符", "narrative total differs from its items", Severity.ERROR, "sums")
def narrative_sum(ctx):
    """A total stated after an itemised list (共计/合计) must equal the sum of the items.

    Cases (failing and passing report fragments): tests/cases/NS01.yaml.
    """
    for rel in _sum_relations(ctx):
        if rel.partial:
            continue
        if _qizhong(rel) and _evaluate(rel)[1].difference < 0:
            continue  # a 其中 list above its whole, even a complete one, is NS02's
        ctx.count()
        total: Claim = rel.members["total"]
        parts: list[Claim] = rel.members["parts"]
        s, cmp = _evaluate(rel, odds=True)
        if cmp.ok:
            continue
        if cmp.difference > 0 and (_runs_in(ctx, rel) or _runs_on(ctx, rel)):
            continue  # items short of the total: the list may have begun in the previous (wrapped) paragraph,
            # or go on in the next one (or past where the text was cut off)
        unit = total.quantity.unit or ""
        sev, why, why_en = slip_severity(cmp, Severity.ERROR)
        items = "+".join(p.quantity.printed.strip() for p in parts)
        if rel.extra.get("breakdown"):
            # a whole that is its named parts by definition (公务用车购置及运行费 = 购置费 + 运行费)
            msg = (f"{rel.extra['breakdown']}为{total.quantity.printed.strip()}，但其组成部分之和为{fmt(s, 4)}{unit}"
                   f"（{items}），相差{fmt(cmp.difference, 4)}{unit}。请核实总额或各部分金额。")
        else:
            msg = (f"文中合计为{total.quantity.printed.strip()}，但所列各项之和为{fmt(s, 4)}{unit}（{items}），"
                   f"相差{fmt(cmp.difference, 4)}{unit}。请核实合计数或各分项金额。")
        f = finding(
            ctx, severity=sev,
            message=msg,
            message_en=f"The stated total {total.quantity.printed.strip()} differs from the sum of the listed items, {fmt(s, 4)}{unit}.",
            evidence=_evidence(rel), expected=round(s, 6), found=total.quantity.value,
            difference=round(cmp.difference, 6), tolerance=cmp.tolerance, unit=unit,
            explanation=f"按“{rel.extra.get('trigger', '')}”识别为列举求和，各项按{unit}折算后相加。",
            severity_reason=why, severity_reason_en=why_en,
        )
        register_recheck(ctx, f, [total, *parts], lambda ov, rel=rel: _evaluate(rel, ov, odds=True)[1].ok)
        yield f


@check("NS02", "分项超过总额", "part exceeds its whole", Severity.ERROR, "sums")
def part_exceeds_whole(ctx):
    """Parts introduced by 其中 may not add up to more than the whole they belong to; nor may the 科目 under a
    code exceed it, nor a part named by a bound (政府采购, 机关运行经费) exceed its whole.

    Cases (failing and passing report fragments): tests/cases/NS02.yaml.
    """
    for rel in _sum_relations(ctx):
        if not rel.partial and not _qizhong(rel):
            continue
        ctx.count()
        total: Claim = rel.members["total"]
        parts: list[Claim] = rel.members["parts"]
        s, cmp = _evaluate(rel, odds=True)
        if cmp.ok or cmp.difference >= 0 or _slip_explains_excess(rel):
            continue  # parts cover less than the whole (NS03), or exceed it only by a unit slip (US01)
        unit = total.quantity.unit or ""
        sev, why, why_en = slip_severity(cmp, Severity.ERROR)
        items = "+".join(p.quantity.printed.strip() for p in parts)
        cue = rel.extra.get("cue", "其中")  # the word that opened the breakdown (其中, 包括, 包含); "" for none
        msg_en = f"The parts {_opened_en(rel)} add up to {fmt(s, 4)}{unit}, more than the whole {total.quantity.printed.strip()}."
        if rel.extra.get("bound") == "public_costs":
            part_name, whole_name = rel.extra["names"]
            msg = (f"{part_name}{parts[0].quantity.printed.strip()}超过文中的{whole_name}{total.quantity.printed.strip()}。"
                   f"机关运行经费是基本支出中的日常公用经费，不应超过公用经费。疑为单位或数字错误，请核实。")
            msg_en = (f"{part_name} {parts[0].quantity.printed.strip()} exceeds {whole_name} "
                      f"{total.quantity.printed.strip()}, of which it is a part (the day-to-day running costs).")
        elif rel.extra.get("trigger") == "part_of_total":
            part_name, whole_name = rel.extra["names"]
            msg = (f"{part_name}{parts[0].quantity.printed.strip()}出自部门的收支，却超过文中最大的收支总额"
                   f"（{whole_name}{total.quantity.printed.strip()}），是其{fmt(s / total.quantity.value, 2)}倍。"
                   f"疑为单位或数字错误，请核实。")
            msg_en = (f"{part_name} {parts[0].quantity.printed.strip()} is spent out of the department's budget, yet it "
                      f"exceeds its largest total ({whole_name} {total.quantity.printed.strip()}).")
        elif rel.extra.get("trigger") == "科目编码":
            top, *subs = rel.extra["codes"]
            amount = parts[0].quantity.printed.strip() if len(parts) == 1 else f"合计{fmt(s, 4)}{unit}"
            msg = f"科目{top}为{total.quantity.printed.strip()}，其下级科目{'、'.join(subs)}的金额{amount}，超过上级科目。请核实。"
            msg_en = (f"Heading {top} is {total.quantity.printed.strip()}; its sub-headings {', '.join(subs)} come to "
                      f"{fmt(s, 4)}{unit}, more than the heading itself.")
        elif len(parts) == 1:
            msg = f"{_opened(rel)}{parts[0].quantity.printed.strip()}大于其总额{total.quantity.printed.strip()}，分项不可能超过总额。请核实。"
        else:
            # a list opened by 其中/包括 names its cue; an enumeration after its total (具体情况如下：（一）…), or
            # a whole's parts by definition listed with no cue (在职人员81人，专业技术人员57人…), does not
            opened = f"“{cue}”所列" if cue and ("cue" in rel.extra or _qizhong(rel)) else "所列"
            msg = (f"{opened}各项之和{fmt(s, 4)}{unit}（{items}）超过总额{total.quantity.printed.strip()}，"
                   f"超出{fmt(-cmp.difference, 4)}{unit}。请核实总额或分项。")
        f = finding(
            ctx, severity=sev, message=msg,
            message_en=msg_en,
            evidence=_evidence(rel), expected=round(s, 6), found=total.quantity.value,
            difference=round(cmp.difference, 6), tolerance=cmp.tolerance, unit=unit,
            explanation="“其中”引出的分项之和不应超过总额。",
            severity_reason=why, severity_reason_en=why_en,
        )
        register_recheck(ctx, f, [total, *parts], lambda ov, rel=rel: _evaluate(rel, ov)[1].difference >= -1e-9
                         or _evaluate(rel, ov, odds=True)[1].ok)
        yield f


@check("NS03", "其中分项未覆盖总额", "items under 其中 leave part of the total unexplained", Severity.WARNING, "sums")
def partial_cover(ctx):
    """Items listed under 其中 that cover only part of the total: state the uncovered amount.

    Cases (failing and passing report fragments): tests/cases/NS03.yaml.
    """
    for rel in _sum_relations(ctx):
        if not rel.partial:
            continue
        total: Claim = rel.members["total"]
        parts: list[Claim] = rel.members["parts"]
        if len(parts) < 2 or rel.extra.get("headless_items") or rel.extra.get("may_fall_short"):
            continue  # one named part says nothing about the rest; an item without an amount may hold it
        slip = _slip_explains_excess(rel)
        s, cmp = _evaluate(rel, slip_fix=slip)
        if cmp.ok or cmp.difference < 0 or cmp.verdict is Verdict.ROUNDING:
            continue
        if _runs_on(ctx, rel):
            continue  # the rest of the list may sit in the next (wrapped) paragraph
        unit = total.quantity.unit or ""
        items = "+".join(p.quantity.printed.strip() for p in parts)
        read_as = (f"（将{'、'.join(p.quantity.printed.strip() for p in _slipped_parts(rel))}按{unit}计）"
                   if slip else "")
        same = _equal_to_difference(ctx, rel, cmp.difference, cmp.tolerance)
        why = (f"；差额恰为文中“{same.clause_before().strip()}{same.quantity.printed.strip()}”，"
               f"分项可能未计入该数" if same is not None else "")
        why_en = (f"; the gap equals {same.quantity.printed.strip()} printed among them, which a part may leave out"
                  if same is not None else "")
        f = finding(
            ctx, severity=Severity.WARNING,
            message=(f"总额{total.quantity.printed.strip()}，{_opened(rel)}{len(parts)}项{read_as}合计{fmt(s, 4)}{unit}，"
                     f"尚有{fmt(cmp.difference, 4)}{unit}未说明去向{why}。请补充说明。"),
            message_en=(f"The {len(parts)} items {_opened_en(rel)} add up to {fmt(s, 4)}{unit}; {fmt(cmp.difference, 4)}{unit} "
                        f"of {total.quantity.printed.strip()} is not accounted for{why_en}."),
            evidence=_evidence(rel), expected=total.quantity.value, found=round(s, 6),
            difference=round(s - total.quantity.value, 6), tolerance=cmp.tolerance, unit=unit,  # found − expected
            explanation=f"所列分项：{items}。",
        )
        if same is not None:
            f.evidence.append(same.evidence("与差额相等"))
        yield f


def _slip_finding(p: Claim, unit: str, anchor: Claim, because: str, because_en: str,
                  peers: str = "相关各数", anchor_role: str = "相关数") -> Finding:
    printed = p.quantity.printed.strip()
    return finding(
        "US01", severity=Severity.ERROR,
        message=(f"“{printed}”与{peers}（单位{unit}）单位不一致；按{fmt(p.quantity.value)}{unit}理解时，"
                 f"{because}。疑为将“{unit}”误写为“{p.quantity.unit}”，请核实。"),
        message_en=f"“{printed}” is in a different unit from the figures it relates to; read as {fmt(p.quantity.value)}{unit}, {because_en}.",
        evidence=[p.evidence("疑似单位错误"), anchor.evidence(anchor_role)],
        expected=f"{fmt(p.quantity.value)}{unit}", found=printed,
        explanation="将该数按相关各数的单位重读后，关系成立；按所写单位则不成立。",
        hint=f"{printed} 可能应为 {fmt(p.quantity.value)}{unit}",
        hint_en=f"{printed} probably means {fmt(p.quantity.value)}{unit}",
    )


def _rate_slips(ctx):
    """A rate whose money operands are printed in different units (实际到位资金1698.40元 …
    资金到位率99.29% over 1710.50万元) and holds only when both are read in one unit."""
    for rel in ctx.claims.relations:
        if rel.kind != "rate":
            continue
        rate: Claim = rel.members["rate"]
        pairs = rel.extra.get("alternatives") or [(rel.members["numerator"], rel.members["denominator"])]
        if any(same_scale(a, b) for a, b in pairs):
            continue  # NR01 judges the rate on operands of one unit
        for a, b in pairs:
            if a.quantity.dimension != "money" or not b.quantity.value:
                continue
            ctx.count()
            r = rate.quantity
            converted = check_ratio(in_unit(a, b.quantity.unit), None, b.quantity.value, _dec(b), r.value, r.decimals)
            as_one_unit = check_ratio(a.quantity.value, _dec(a), b.quantity.value, _dec(b), r.value, r.decimals)
            if converted.ok or not (as_one_unit.ok or as_one_unit.verdict is Verdict.ROUNDING):
                continue
            # the figure not in the report's money unit is the slip; else the smaller unit
            # (万元 written as 元 is the common slip)
            odd = min((a, b), key=lambda c: (_in_report_unit(ctx, c.quantity.unit), _factor(c)))
            other = b if odd is a else a
            yield _slip_finding(odd, other.quantity.unit, rate,
                                f"{rate.indicator or '比率'}{r.printed.strip()}"
                                + ("正好成立" if as_one_unit.ok else "在舍入误差内成立"),
                                f"the stated rate {r.printed.strip()} holds "
                                + ("exactly" if as_one_unit.ok else "within rounding"))
            break


def _change_slips(ctx):
    """A year-on-year change whose amounts are printed in different money units
    (较上年7.54万元减少1.36元，降低18.04%) and adds up only when read in one unit."""
    for rel in ctx.claims.relations:
        if rel.kind != "change":
            continue
        cur, prior, ch = rel.members["current"], rel.members["prior"], rel.members["change"]
        amounts = [c for c in (cur, prior, ch) if c is not None]
        if len(amounts) < 2 or any(c.quantity.dimension != "money" for c in amounts):
            continue
        units = [c.quantity.unit for c in amounts]
        if len(set(units)) < 2:
            continue
        unit = max(set(units), key=lambda u: (units.count(u), _in_report_unit(ctx, u)))
        odd = [c for c in amounts if c.quantity.unit != unit]
        if len(odd) != 1:
            continue
        ctx.count()
        d = rel.extra.get("direction") or 1
        dec = convention_decimals([c.quantity.number_text for c in amounts])
        pct = rel.members.get("pct")

        def holds(read_odd_in_unit: bool) -> bool:
            def v(c):
                return c.quantity.value if (c.quantity.unit == unit or read_odd_in_unit) else in_unit(c, unit)
            ok = []
            if prior is not None and cur is not None:
                ok.append(check_difference(v(cur), v(prior), dec, d * v(ch)).ok)
            if pct is not None:
                base = v(prior) if prior is not None else v(cur) - d * v(ch)
                if base:
                    ok.append(check_ratio(v(ch), dec, base, dec, pct.quantity.value, pct.quantity.decimals).ok)
            return bool(ok) and all(ok)

        if not holds(False) and holds(True):
            anchor = next(c for c in (prior, cur, pct) if c is not None and c is not odd[0])
            yield _slip_finding(odd[0], unit, anchor, "本年数、上年数与增减额（率）正好对上",
                                "this year's figure, last year's and the change agree exactly")


def _factor(c: Claim) -> float:
    q = c.quantity
    return q.normalized / q.value if q.value and q.normalized is not None else 1.0


def _in_report_unit(ctx, unit: str | None) -> bool:
    """Is ``unit`` the money unit most of the report's figures are printed in (ClaimSet.unit)?"""
    return unit is not None and unit == getattr(ctx.claims, "unit", None)


@check("US01", "单位疑似写错", "unit slip", Severity.ERROR, "units")
def unit_slip(ctx):
    """A figure whose unit differs from the figures it relates to (15元 among 万元), when reading it in their unit makes the relation hold: a sum, a rate, a year-on-year change or a balance.

    Cases (failing and passing report fragments): tests/cases/US01.yaml.
    """
    for rel in _sum_relations(ctx):
        slipped = _slipped_parts(rel)
        if not slipped:
            continue
        ctx.count()
        _, as_printed = _evaluate(rel)
        if as_printed.ok:
            continue
        _, fixed = _evaluate(rel, slip_fix=True)
        total: Claim = rel.members["total"]
        unit = total.quantity.unit or ""
        if fixed.ok:
            because = (f"各项合计正好等于{total.quantity.printed.strip()}",
                       f"the items add up exactly to {total.quantity.printed.strip()}")
        elif _slip_explains_excess(rel):
            s, _ = _evaluate(rel)
            because = (f"各项不再超过总额{total.quantity.printed.strip()}（按所写单位则为其{fmt(s / total.quantity.value, 0)}倍）",
                       f"the items no longer exceed the total {total.quantity.printed.strip()} "
                       f"({fmt(s / total.quantity.value, 0)} times it as printed)")
        else:
            continue
        for p in slipped:
            yield _slip_finding(p, unit, total, *because, peers="同列各项", anchor_role="合计")
    yield from _rate_slips(ctx)
    yield from _change_slips(ctx)
    from auditor.checks.balances import balance_unit_slips

    for odd, unit, anchor in balance_unit_slips(ctx):
        ctx.count()
        yield _slip_finding(odd, unit, anchor, "资金、支出与结余正好对上", "funds, spending and balance agree exactly")


_FRACTIONAL_UNITS = frozenset(load_lexicons().relations.get("fractional_units", []))


@check("US02", "计数出现小数", "count with a fraction", Severity.WARNING, "units")
def fractional_count(ctx):
    """A count of whole things (人, 宗, 件, 份, 次…) cannot have a fraction: a decimal point slipped.

    Cases (failing and passing report fragments): tests/cases/US02.yaml.
    """
    for c in ctx.claims.claims:
        q = c.quantity
        if q.dimension != "count" or q.unit in _FRACTIONAL_UNITS or not q.number_text:
            continue
        v = q.value
        fraction = abs(v - round(v)) > 1e-9
        try:
            as_printed = float(q.number_text.replace(",", ""))
        except ValueError:
            continue
        # "50.0份": a count printed with a decimal point and no scale word (1.5万人 is fine)
        dotted = c.source == "narrative" and "." in q.number_text and abs(q.value - as_printed) < 1e-9
        if not (fraction or dotted):
            continue
        w = c.wording  # what the words around it say (auditor.nlp.figure_words)
        if w is not None and w.unit_opens_word:
            continue  # the "unit" opens a word (307.82 本年…, 12 项目…): not a count
        if w is not None and w.averaged:
            continue  # an average count may be fractional (人均2.5次)
        ctx.count()
        printed = q.printed.strip()
        yield finding(
            ctx, severity=Severity.WARNING,
            message=f"“{printed}”是以{q.unit}计的个数，不应带小数，疑为小数点错位。请核实。",
            message_en=f"“{printed}” counts whole {q.unit}; a fraction suggests a shifted decimal point. Please verify.",
            evidence=[c.evidence("计数")], found=q.value, unit=q.unit,
            explanation="人、宗、件、份、次等计数单位只取整数。",
        )


@check("US03", "同一数额单位前后不一", "same amount, different money unit", Severity.WARNING, "units")
def same_amount_other_unit(ctx):
    """A money figure printed in 元 whose digits are a 万元 figure elsewhere in the report: 万元 written as 元.

    Cases (failing and passing report fragments): tests/cases/US03.yaml.
    """
    claims = ctx.claims.claims
    wan: dict[str, Claim] = {}
    for c in claims:
        q = c.quantity
        if q.dimension == "money" and q.unit == "万元" and q.number_text:
            wan.setdefault(q.number_text.replace(",", ""), c)
    for c in claims:
        q = c.quantity
        if c.source != "narrative" or q.dimension != "money" or q.unit != "元" or not q.number_text \
                or (c.wording is not None and c.wording.scale_in_print):
            continue  # "10.00 万 元" is 万元 with spaces
        digits = q.number_text.replace(",", "")
        # distinctive figures only: small round numbers repeat by chance
        if "." not in digits and (q.value < 10 or q.value % 10 == 0):
            continue
        other = wan.get(digits)
        if other is None:
            continue
        ctx.count()
        printed = q.printed.strip()
        yield finding(
            ctx, severity=Severity.WARNING,
            message=(f"“{printed}”与报告别处的“{other.quantity.printed.strip()}”数字相同而单位不同，"
                     f"疑将“万元”误写为“元”。请核实。"),
            message_en=f"“{printed}” has the same digits as “{other.quantity.printed.strip()}” elsewhere; 万元 was probably written as 元.",
            evidence=[c.evidence("疑似单位错误"), other.evidence("别处同数")],
            expected=f"{q.number_text}万元", found=printed, unit="元",
            explanation="同一报告中相同数字分别以元和万元列示，通常为单位笔误。",
            hint=f"{printed} 可能应为 {q.number_text}万元", hint_en=f"{printed} probably means {q.number_text}万元",
        )


@check("NS04", "同一科目重复列示", "one heading listed twice in a breakdown", Severity.WARNING, "sums")
def repeated_item(ctx):
    """A breakdown by numbered items lists the same 科目 (same code, same amount) twice: a reader adding the items
    counts it twice. When the two printings state different changes on last year, they cannot both be right.

    Cases (failing and passing report fragments): tests/cases/NS04.yaml.
    """
    for rel in ctx.claims.relations:
        if rel.kind != "repeated_item":
            continue
        ctx.count()
        first: Claim = rel.members["first"]
        again: Claim = rel.members["again"]
        c1, c2 = rel.members.get("first_change"), rel.members.get("again_change")
        ev = [first.evidence("第一次列示"), again.evidence("再次列示")]
        amount = again.quantity.printed.strip()
        differ = c1 is not None and c2 is not None and (
            c1.members["change"].quantity.value != c2.members["change"].quantity.value
            or (c1.extra.get("direction") or 1) != (c2.extra.get("direction") or 1))
        if differ:
            a, b = c1.members["change"], c2.members["change"]
            ev += [a.evidence("增减额"), b.evidence("增减额")]
            yield finding(
                ctx, severity=Severity.ERROR,
                message=(f"同一科目{amount}在分项中列示两次，两处较上年的增减额不同（{a.quantity.printed.strip()}与"
                         f"{b.quantity.printed.strip()}），上年数分别为{fmt(again.quantity.value - (c1.extra.get('direction') or 1) * a.quantity.value, 2)}"
                         f"和{fmt(again.quantity.value - (c2.extra.get('direction') or 1) * b.quantity.value, 2)}，不能同时成立。请核实。"),
                message_en=(f"The same heading ({amount}) is listed twice with different changes on last year "
                            f"({a.quantity.printed.strip()} and {b.quantity.printed.strip()})."),
                evidence=ev, expected=a.quantity.value, found=b.quantity.value, unit=a.unit or "",
                explanation="同一科目同一金额只应列示一次；两处增减额推得的上年数不同。",
                severity_reason="两处增减额推得的上年数不同，不能同时成立，定为错误",
                severity_reason_en="the two changes imply two different amounts for last year, which cannot both hold",
            )
            continue
        same = ""
        if c1 is not None:
            same = f"（两处均写较上年{'增加' if (c1.extra.get('direction') or 1) > 0 else '减少'}" \
                   f"{c1.members['change'].quantity.printed.strip()}）"
            ev.append(c1.members["change"].evidence("增减额"))
        yield finding(
            ctx, severity=Severity.WARNING,
            message=(f"同一科目{amount}{same}在“{rel.members['total'].quantity.printed.strip()}”的分项中列示两次，"
                     f"按所列各项相加会重复计算。请删除重复项。"),
            message_en=f"The same heading ({amount}) is listed twice in the breakdown; adding the items counts it twice.",
            evidence=ev, expected="列示一次", found="列示两次", unit=again.unit or "",
            explanation="分项列举中同一科目代码、同一金额出现两次。",
        )
