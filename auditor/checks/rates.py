"""Rates and year-on-year changes the narrative states with their operands."""

from __future__ import annotations

from auditor.checks.common import fmt, in_unit, register_recheck, slip_severity, val
from auditor.checks.registry import check, finding
from auditor.findings import Severity
from auditor.nlp.claims import Claim
from auditor.nlp.relations import same_scale
from auditor.tolerance import (
    Verdict,
    check_derived_growth,
    check_difference,
    check_ratio,
    check_same_base,
    check_sum,
    convention_decimals,
)
from auditor.tolerance import decimals as _dec


def _pair_dec(a: Claim, b: Claim) -> tuple[int | None, int | None]:
    """Decimals of a ratio's operands by the pair's convention: 20万元 beside
    19.89万元 is 20.00, not 19.5–20.5; whole counts stay exact."""
    da, db = _dec(a), _dec(b)
    if da is None or db is None:
        return da, db
    d = max(da, db)
    return d, d


def _sev(verdict: Verdict) -> Severity:
    return Severity.INFO if verdict is Verdict.ROUNDING else Severity.ERROR


# Why a rate only truncation explains is a warning in a report that rounds its other rates.
TRUNCATED_REASON = ("本报告其他比率均为四舍五入所得，此处只有截尾才能得出所写数值，疑为末位有误")
TRUNCATED_REASON_EN = ("the report's other rates are rounded; only truncation gives this one, so its last digit "
                       "is suspect")


def _rate_pairs(rel) -> tuple[Claim, list[tuple[Claim, Claim]]]:
    """A rate relation's rate and the (numerator, denominator) readings NR01 judges it by: operands in
    different money units (1698.40元 over 1710.50万元) are US01's business, a zero denominator nobody's."""
    pairs = rel.extra.get("alternatives") or [(rel.members["numerator"], rel.members["denominator"])]
    return rel.members["rate"], [(a, b) for a, b in pairs if same_scale(a, b) and b.quantity.value]


def _pair_ratio(rate: Claim, num: Claim, den: Claim):
    """``check_ratio`` of a rate against one reading of its operands."""
    n_dec, d_dec = _pair_dec(num, den)
    return check_ratio(num.quantity.value, n_dec, den.quantity.value, d_dec, rate.quantity.value,
                       rate.quantity.decimals)


def _growth_operands(rel) -> tuple:
    """``_growth_ok``'s arguments for a change relation whose rate NR02 judges against its amounts:
    (cur, ch, prior printed in this year's unit or None, pct, direction, cur_dec, ch_dec, base_dec,
    pct_dec), and last year as a figure (printed, or derived as cur − direction·ch)."""
    cur, prior, ch, pct = (rel.members[k] for k in ("current", "prior", "change", "pct"))
    d = rel.extra.get("direction") or 1
    dec = convention_decimals([cur.quantity.number_text, ch.quantity.number_text]
                              + ([prior.quantity.number_text] if prior else []))
    printed_base = prior is not None and prior.quantity.unit == cur.quantity.unit
    base = prior.quantity.value if printed_base else cur.quantity.value - d * ch.quantity.value
    base_dec = prior.quantity.decimals if prior is not None else dec
    return (cur.quantity.value, ch.quantity.value, prior.quantity.value if printed_base else None,
            pct.quantity.value, d, dec, ch.quantity.decimals, base_dec, pct.quantity.decimals), base


def _judged_growth(rel) -> tuple | None:
    """``_growth_ok``'s arguments when NR02 judges this change relation's rate against its amounts (not
    a 倍, not on a nil base), else None."""
    cur, ch, pct = (rel.members[k] for k in ("current", "change", "pct"))
    if pct is None or pct.quantity.unit == "倍" or cur.quantity.unit != ch.quantity.unit:
        return None
    operands, base = _growth_operands(rel)
    dec = operands[5]
    return operands if operands[2] is not None or base > 10.0 ** -(dec or 0) / 2 else None


def _rate_convention(ctx) -> tuple[int, int]:
    """How the report makes its rates: (rates only rounding explains, rates only truncation explains),
    over the rates NR01 and NR02 judge against their operands, judged as they judge them."""
    rounded = truncated = 0
    for rel in ctx.claims.relations:
        cmp = None
        if rel.kind == "rate":
            rate, pairs = _rate_pairs(rel)
            if pairs:
                cmp = _pair_ratio(rate, *pairs[0])
        elif rel.kind == "change" and (operands := _judged_growth(rel)) is not None:
            cmp = _growth_ok(*operands)
        if cmp is not None:
            rounded += cmp.methods == (True, False)
            truncated += cmp.methods == (False, True)
    return rounded, truncated


def _rate_severity(cmp, convention: tuple[int, int]) -> tuple[Severity, str | None, str | None]:
    """A rate's severity: ``slip_severity`` (a mixed one is a warning), and a warning for one only
    truncation explains in a report whose other rates are rounded (two or more that only rounding
    explains, no other that only truncation does)."""
    if cmp.truncated_only:
        rounded, truncated = convention
        if rounded >= 2 and truncated <= 1:
            return Severity.WARNING, TRUNCATED_REASON, TRUNCATED_REASON_EN
    return slip_severity(cmp, Severity.ERROR)


# Why a share one unit off in its last place is only a note when the shares of its base were made to add to 100%.
BALANCED_REASON = ("同一基数的各项占比按所写数值合计恰为100%，按分子分母四舍五入则不足或超过100%；此处末位相差1，"
                   "系为使合计为100%所作的尾差调整，只作提示")
BALANCED_REASON_EN = ("the shares of this base add up to exactly 100% as printed but not as rounded; one unit off in "
                      "its last place, this one was adjusted to make them add up: a note only")


def _balanced_to_100(ctx, rel, rate: Claim, num: Claim, den: Claim) -> bool:
    """Is ``rate`` a share one unit of its last place off the rounded ratio, among shares of the same base
    printed to add to exactly 100% where the rounded ratios do not (35.39% for 35.38% so that
    35.39 + 20.74 + 43.51 + 0.36 = 100)?"""
    d = rate.quantity.decimals
    if d is None or not den.quantity.value:
        return False
    unit = 10.0 ** -d
    exact = 100 * num.quantity.value / den.quantity.value
    if abs(abs(rate.quantity.value - round(exact, d)) - unit) > unit / 10:
        return False
    shares = [r for r in ctx.claims.relations if r.kind == "rate" and r.members["denominator"] is den
              and r.members["numerator"] is not den and r.members["rate"].quantity.unit == "%"]
    seen: set[int] = set()
    shares = [r for r in shares if not (id(r.members["numerator"]) in seen or seen.add(id(r.members["numerator"])))]
    if len(shares) < 2 or not any(r is rel for r in shares):
        return False
    printed = sum(r.members["rate"].quantity.value for r in shares)
    rounded = sum(round(100 * r.members["numerator"].quantity.value / den.quantity.value, d) for r in shares)
    return abs(printed - 100) < unit / 10 and abs(rounded - 100) > unit / 10


@check("NR01", "比率与其分子分母不符", "rate differs from its operands", Severity.ERROR, "rates")
def rate_vs_operands(ctx):
    """A rate stated with its operands (到位率, 整改率, 控制率, 办结率, 执行率) must equal numerator ÷ denominator.

    Cases (failing and passing report fragments): tests/cases/NR01.yaml.
    """
    convention = None  # the report's way of making rates, read when a rate first fails
    yield from _same_base_shares(ctx)
    for rel in ctx.claims.relations:
        if rel.kind != "rate":
            continue
        rate, pairs = _rate_pairs(rel)
        if not pairs:
            continue
        ctx.count()
        num, den = pairs[0]
        cmp = _pair_ratio(rate, num, den)
        if cmp.ok or any(_pair_ratio(rate, a, b).ok for a, b in pairs[1:]):
            rate.extra["verified"] = True
            continue
        if convention is None:
            convention = _rate_convention(ctx)
        sev, why, why_en = _rate_severity(cmp, convention)
        if sev is Severity.ERROR and _balanced_to_100(ctx, rel, rate, num, den):
            sev, why, why_en = Severity.INFO, BALANCED_REASON, BALANCED_REASON_EN
        f = finding(
            ctx, severity=min(sev, Severity.WARNING) if rel.extra.get("inferred") else sev,
            severity_reason=why, severity_reason_en=why_en,
            message=(f"{rate.indicator or '比率'}写为{rate.quantity.printed.strip()}，但按文中数据"
                     f"{num.quantity.printed.strip()}÷{den.quantity.printed.strip()}计算应为{fmt(cmp.expected, 2)}%。请核实。"),
            message_en=f"{rate.quantity.printed.strip()} is stated, but {num.quantity.printed.strip()} / {den.quantity.printed.strip()} = {fmt(cmp.expected, 2)}%.",
            evidence=[rate.evidence("比率"), num.evidence("分子"), den.evidence("分母")],
            expected=round(cmp.expected, 4), found=rate.quantity.value, difference=round(cmp.difference, 4),
            tolerance=cmp.tolerance, unit="%", explanation="比率 = 分子 ÷ 分母 × 100%，按各数印刷精度取区间比较。",
        )
        register_recheck(ctx, f, [rate, num, den], lambda ov, a=num, b=den, r=rate: check_ratio(
            val(a, ov), _pair_dec(a, b)[0], val(b, ov), _pair_dec(a, b)[1], val(r, ov), r.quantity.decimals).ok)
        yield f


def _same_base_shares(ctx):
    """NR01 on two shares of one base the report does not print: the base the first implies
    (amount ÷ share) makes the second amount another share than the one printed."""
    for rel in ctx.claims.relations:
        if rel.kind != "same_base":
            continue
        p, a, p0, a0 = (rel.members[k] for k in ("rate", "amount", "anchor_rate", "anchor_amount"))
        ctx.count()
        d0, d = _pair_dec(a0, a)
        cmp = check_same_base(a0.quantity.value, d0, p0.quantity.value, p0.quantity.decimals, a.quantity.value, d,
                              p.quantity.value, p.quantity.decimals)
        if cmp.ok:
            continue
        base = rel.extra.get("base") or "同一基数"
        implied = a0.quantity.value / p0.quantity.value * 100
        unit = a0.quantity.unit or ""
        sev, why, why_en = slip_severity(cmp, Severity.ERROR)
        f = finding(
            ctx, severity=sev, severity_reason=why, severity_reason_en=why_en,
            message=(f"{a.quantity.printed.strip()}写为占{base}的{p.quantity.printed.strip()}；但"
                     f"{a0.quantity.printed.strip()}占{base}的{p0.quantity.printed.strip()}，{base}约为"
                     f"{fmt(implied, 2)}{unit}，{a.quantity.printed.strip()}应占{fmt(cmp.expected, 2)}%。"
                     f"两个比例不能同时成立，请核实。"),
            message_en=(f"{a.quantity.printed.strip()} is said to be {p.quantity.printed.strip()} of {base}, but "
                        f"{a0.quantity.printed.strip()} at {p0.quantity.printed.strip()} puts {base} at about "
                        f"{fmt(implied, 2)}{unit}, of which it is {fmt(cmp.expected, 2)}%."),
            evidence=[p.evidence("比率"), a.evidence("金额"), p0.evidence("比率"), a0.evidence("金额")],
            expected=round(cmp.expected, 4), found=p.quantity.value, difference=round(cmp.difference, 4),
            tolerance=cmp.tolerance, unit="%",
            explanation="同一基数的两个占比：基数 = 金额 ÷ 占比，两者推算的基数应一致。",
        )
        register_recheck(ctx, f, [p, a, p0, a0], lambda ov, p=p, a=a, p0=p0, a0=a0, d0=d0, d=d: check_same_base(
            val(a0, ov), d0, val(p0, ov), p0.quantity.decimals, val(a, ov), d, val(p, ov), p.quantity.decimals).ok)
        yield f


def _growth_ok(cur, ch, prior, pct, direction, cur_dec, ch_dec, base_dec, pct_dec):
    """Is ``pct`` the change over last year, printed (``prior``) or derived from this
    year's figure and the change (``prior`` None: the two roundings are not independent)?"""
    if prior is not None:
        return check_ratio(ch, ch_dec, prior, base_dec, pct, pct_dec)
    return check_derived_growth(cur, cur_dec, ch, ch_dec, direction, pct, pct_dec)


def _change_ok(cur, prior, ch, direction, dec):
    """Is current − prior = ±change?"""
    return check_difference(cur, prior, dec, direction * ch)


@check("NR02", "增减额或增减率不符", "year-on-year change does not add up", Severity.ERROR, "rates")
def change_vs_prior(ctx):
    """"较上年增加/减少X、增长/下降Y%" must agree with this year's and last year's figures.

    Cases (failing and passing report fragments): tests/cases/NR02.yaml.
    """
    convention = None  # the report's way of making rates, read when a rate first fails
    for rel in ctx.claims.relations:
        if rel.kind != "change":
            continue
        cur: Claim = rel.members["current"]
        prior: Claim | None = rel.members["prior"]
        ch: Claim = rel.members["change"]
        pct: Claim | None = rel.members["pct"]
        d = rel.extra.get("direction") or 1
        if cur.quantity.unit != ch.quantity.unit:
            continue
        dec = convention_decimals([cur.quantity.number_text, ch.quantity.number_text]
                                  + ([prior.quantity.number_text] if prior else []))
        same_unit = prior is not None and prior.quantity.unit == cur.quantity.unit
        # last year's money figure printed in another unit (7.54元 beside 6.18万元) is read in
        # this year's unit: a slip of 万元 to 元 then shows as a change that does not add up
        other_money = prior is not None and not same_unit and prior.quantity.dimension == "money" \
            and cur.quantity.dimension == "money" and prior.quantity.normalized is not None
        if same_unit or other_money:
            ctx.count()
            pv = prior.quantity.value if same_unit else in_unit(prior, cur.quantity.unit)
            cmp = _change_ok(cur.quantity.value, pv, ch.quantity.value, d, dec)
            if not cmp.ok:
                word = "增加" if d > 0 else "减少"
                # the base the report names (相比预算数6.1亿元减少…), last year's unless it names another
                base = prior.extra.get("compared_to")
                f = finding(
                    ctx, severity=_sev(cmp.verdict),
                    message=(f"本年{cur.quantity.printed.strip()}较{base or '上年'}{prior.quantity.printed.strip()}{word}应为"
                             f"{fmt(abs(cmp.expected), dec)}{cur.unit or ''}，文中写{ch.quantity.printed.strip()}。请核实。"),
                    message_en=(f"{cur.quantity.printed.strip()} vs {f'the base ({base})' if base else 'last year'}'s"
                                f" {prior.quantity.printed.strip()} is a change of {fmt(abs(cmp.expected), dec)}, not {ch.quantity.printed.strip()}."),
                    evidence=[cur.evidence("本年"), prior.evidence(base or "上年"), ch.evidence("增减额")],
                    expected=round(abs(cmp.expected), 6), found=ch.quantity.value,
                    difference=round(ch.quantity.value - abs(cmp.expected), 6), tolerance=cmp.tolerance,
                    unit=cur.unit, explanation="增减额 = 本年数 − 上年数。",
                )
                if same_unit:
                    register_recheck(ctx, f, [cur, prior, ch], lambda ov, c=cur, p=prior, x=ch, d=d, dec=dec:
                                     _change_ok(val(c, ov), val(p, ov), val(x, ov), d, dec).ok)
                yield f
        if prior is None:
            derived = cur.quantity.value - d * ch.quantity.value
            slack = 10.0 ** -(dec or 0)
            if derived <= slack / 2:
                # A last-year figure of zero or below: no rate can be computed against it.
                f = _impossible_base(ctx, rel, cur, ch, pct, d, dec, derived)
                if f is not None:
                    yield f
                continue
        if pct is not None and d * pct.direction < 0 and pct.quantity.value > 0 and ch.quantity.value > 0:
            yield _opposite_directions(ctx, cur, ch, pct, d)
            continue
        if pct is not None and pct.quantity.unit == "倍":
            f = _multiple(ctx, rel, cur, prior, ch, pct, d, dec)
            if f is not None:
                yield f
            continue
        if pct is not None:
            ctx.count()
            operands, base = _growth_operands(rel)
            printed_base = operands[2] is not None
            base_dec = operands[7]
            cmp = _growth_ok(*operands)
            if not cmp.ok and prior is None and any(
                    alt.quantity.value - d * ch.quantity.value > 0 and check_ratio(
                        ch.quantity.value, ch.quantity.decimals, alt.quantity.value - d * ch.quantity.value,
                        base_dec, pct.quantity.value, pct.quantity.decimals).ok
                    for alt in rel.extra.get("current_alternatives", ())):
                continue  # the change fits the part the breakdown ended with
            if not cmp.ok:
                if convention is None:
                    convention = _rate_convention(ctx)
                sev, why, why_en = _rate_severity(cmp, convention)
                f = finding(
                    ctx, severity=sev, severity_reason=why, severity_reason_en=why_en,
                    message=(f"增减额{ch.quantity.printed.strip()}相对{rel.extra.get('compared_with') or '上年'}"
                             f"{fmt(base, dec)}{cur.unit or ''}应为"
                             f"{fmt(cmp.expected, 2)}%，文中写{pct.quantity.printed.strip()}。请核实。"),
                    message_en=f"A change of {ch.quantity.printed.strip()} on {fmt(base, dec)} is {fmt(cmp.expected, 2)}%, not {pct.quantity.printed.strip()}.",
                    evidence=[ch.evidence("增减额"), pct.evidence("增减率"), cur.evidence("本年")]
                    + ([prior.evidence("上年")] if prior is not None else []),
                    expected=round(cmp.expected, 4), found=pct.quantity.value,
                    difference=round(cmp.difference, 4), tolerance=cmp.tolerance, unit="%",
                    explanation="增减率 = 增减额 ÷ 上年数 × 100%" + ("（上年数由本年数与增减额推得）" if prior is None else "") + "。",
                )
                members = [ch, pct, cur] + ([prior] if prior is not None else [])
                register_recheck(ctx, f, members, lambda ov, c=cur, p=prior if printed_base else None, x=ch, y=pct,
                                 d=d, bd=base_dec: _growth_ok(val(c, ov), val(x, ov), None if p is None else val(p, ov),
                                                              val(y, ov), d, dec, x.quantity.decimals, bd,
                                                              y.quantity.decimals).ok)
                yield f


# Why a growth rate on a zero base is only info (NR02 and NR05 alike).
_ZERO_BASE_REASON = ("数字本身不矛盾，只是以0为基数写了增长率，属表述问题，只作提示",
                     "the figures agree; only a growth rate on a zero base is stated, a wording issue")


def _impossible_base(ctx, rel, cur: Claim, ch: Claim, pct: Claim | None, d: int, dec, derived: float):
    """Last year's figure, derived as this year's minus the increase, is zero or
    negative. Zero: a growth rate on a zero base is undefined, so a printed
    增长100% is wrong wording (info). Negative: the increase exceeds this
    year's amount, which cannot be; reported only when the change is tied to
    its amount by the sentence or the numbered item (a loose link may be a
    misreading, and then it is not the report's error)."""
    unit = cur.unit or ""
    if abs(derived) <= 10.0 ** -(dec or 0) / 2:
        if pct is None or d < 0 or abs(pct.quantity.value - 100) > 1e-9:
            return None
        ctx.count()
        return finding(
            "NR02", severity=Severity.INFO,
            message=(f"本年{cur.quantity.printed.strip()}，较上年增加{ch.quantity.printed.strip()}，上年数为0；"
                     f"以0为基数的增长率无法计算，文中写增长{pct.quantity.printed.strip()}。宜写为“上年无此项支出”。"),
            message_en=(f"{cur.quantity.printed.strip()} with an increase of {ch.quantity.printed.strip()} means last "
                        f"year was 0; growth on a zero base is undefined, yet {pct.quantity.printed.strip()} is stated."),
            evidence=[cur.evidence("本年"), ch.evidence("增减额"), pct.evidence("增减率")],
            expected="上年为0，增长率无定义", found=pct.quantity.value, unit="%",
            explanation="增减率 = 增减额 ÷ 上年数；上年数为0时无定义。",
            severity_reason=_ZERO_BASE_REASON[0], severity_reason_en=_ZERO_BASE_REASON[1],
        )
    if d < 0 or rel.extra.get("link") not in ("sentence", "item"):
        return None
    ctx.count()
    alt = cur.quantity.value + ch.quantity.value
    tail, tail_en = "", ""
    if pct is not None and alt and pct.quantity.unit == "%":
        alt_pct = 100 * ch.quantity.value / alt
        fits = check_ratio(ch.quantity.value, ch.quantity.decimals, alt, dec, pct.quantity.value,
                           pct.quantity.decimals).ok
        tail = (f"若为减少，上年应为{fmt(alt, dec)}{unit}，降幅{fmt(alt_pct, 2)}%，"
                + ("与文中" if fits else "亦与文中") + f"{pct.quantity.printed.strip()}" + ("相符" if fits else "不符") + "。")
        tail_en = f" As a decrease, last year would be {fmt(alt, dec)} and the fall {fmt(alt_pct, 2)}%."
    return finding(
        "NR02", severity=Severity.ERROR,
        message=(f"本年{cur.quantity.printed.strip()}，文中写较上年增加{ch.quantity.printed.strip()}，增加额超过本年数，"
                 f"上年数将为{fmt(derived, dec)}{unit}（负数）。{tail}请核实增减方向或金额。"),
        message_en=(f"An increase of {ch.quantity.printed.strip()} exceeds this year's {cur.quantity.printed.strip()}: "
                    f"last year would be negative ({fmt(derived, dec)}).{tail_en}"),
        evidence=[cur.evidence("本年"), ch.evidence("增减额")] + ([pct.evidence("增减率")] if pct is not None else []),
        expected=f"≤{cur.quantity.printed.strip()}", found=ch.quantity.value, unit=unit,
        explanation="上年数 = 本年数 − 增加额，不能为负。",
    )


@check("NR05", "增长率缺少依据", "a change rate without the figures it rests on", Severity.WARNING, "rates")
def change_rate_without_amount(ctx):
    """A change rate whose amount is left blank (增加 万元，增长7.50%), or a growth rate on a base the text says was
    nil (增长100%，主要原因是上年没有发生此类支出: a rate on a zero base is undefined)."""
    for rel in ctx.claims.relations:
        if rel.kind not in ("blank_change", "zero_base_rate"):
            continue
        ctx.count()
        cur: Claim = rel.members["current"]
        pct: Claim = rel.members["pct"]
        p, c = pct.quantity.printed.strip(), cur.quantity.printed.strip()
        if rel.kind == "blank_change":
            implied = cur.quantity.value - cur.quantity.value / (1 + pct.direction * pct.quantity.value / 100)
            yield finding(
                ctx, severity=Severity.WARNING,
                message=(f"本年{c}，较上年的增减额空缺，只写了{p}；按该比率推算增减额约为"
                         f"{fmt(implied, 2)}{cur.unit or ''}。请补全增减额。"),
                message_en=f"{c}: the change amount is left blank, only {p} is stated (it implies about {fmt(implied, 2)}).",
                evidence=[cur.evidence("本年"), pct.evidence("增减率")], expected="增减额", found="空缺",
                explanation="增减额 = 本年数 − 上年数；文中未填写。",
            )
            continue
        yield finding(
            ctx, severity=Severity.INFO,
            message=(f"本年{c}，文中写增长{p}，又说上年没有此项支出：上年为0时增长率无法计算，宜写为“上年无此项支出”。"),
            message_en=f"{c} is said to grow {p}, but last year had none: growth on a zero base is undefined.",
            evidence=[cur.evidence("本年"), pct.evidence("增减率")], expected="上年为0，增长率无定义", found=pct.quantity.value,
            unit="%", explanation="增减率 = 增减额 ÷ 上年数；上年数为0时无定义。",
            severity_reason=_ZERO_BASE_REASON[0], severity_reason_en=_ZERO_BASE_REASON[1],
        )


def _opposite_directions(ctx, cur: Claim, ch: Claim, pct: Claim, d: int):
    """"较2016年决算数减少262.77万元，增加了一倍": the amount and its rate change in opposite directions."""
    ctx.count()
    words = ("增加", "减少") if d > 0 else ("减少", "增加")
    return finding(
        ctx, Severity.ERROR,
        (f"{cur.quantity.printed.strip()}较上年{words[0]}{ch.quantity.printed.strip()}，"
         f"同一句又写{words[1]}{pct.quantity.printed.strip()}，增减方向自相矛盾。请核实。"),
        [cur.evidence("本年"), ch.evidence("增减额"), pct.evidence("增减率")],
        message_en=(f"{cur.quantity.printed.strip()} is said to {'rise' if d > 0 else 'fall'} by "
                    f"{ch.quantity.printed.strip()} and, in the same breath, to {'fall' if d > 0 else 'rise'} by "
                    f"{pct.quantity.printed.strip()}."),
        expected=words[0], found=words[1] + pct.quantity.printed.strip(),
        explanation="增减额与增减率（倍数）应同向。",
    )


def _multiple(ctx, rel, cur: Claim, prior: Claim | None, ch: Claim, pct: Claim, d: int, dec):
    """A change stated as a multiple: "增长15.22倍" is the change over last year (often
    written for this year over last year, which is accepted too); "是上年的N倍" is this
    year over last year. Which one a writer meant is a judgement call: a warning."""
    if d < 0 or not pct.quantity.is_exact:
        return None  # 增加将近13倍: a hedged multiple is not checked
    base = prior.quantity.value if prior is not None and prior.quantity.unit == cur.quantity.unit \
        else cur.quantity.value - ch.quantity.value
    if base <= 0:
        return None
    ctx.count()
    # a base derived from two figures is as coarse as the coarser of them
    base_dec = prior.quantity.decimals if prior is not None else min(cur.quantity.decimals, ch.quantity.decimals)
    ratio = check_ratio(cur.quantity.value, cur.quantity.decimals, base, base_dec, pct.quantity.value,
                        pct.quantity.decimals, percent=False)
    growth = check_ratio(ch.quantity.value, ch.quantity.decimals, base, base_dec, pct.quantity.value,
                         pct.quantity.decimals, percent=False)
    times_of = rel.extra.get("times_of")
    if ratio.ok or (growth.ok and not times_of):
        return None
    unit = cur.unit or ""
    if times_of:
        msg = (f"本年{cur.quantity.printed.strip()}，较上年增加{ch.quantity.printed.strip()}，上年为{fmt(base, dec)}{unit}，"
               f"本年是上年的{fmt(ratio.expected, 2)}倍，文中写{pct.quantity.printed.strip()}"
               + (f"（{fmt(growth.expected, 2)}倍是增长倍数）" if growth.ok else "") + "。请核实。")
        expected = ratio.expected
    else:
        msg = (f"本年{cur.quantity.printed.strip()}，较上年增加{ch.quantity.printed.strip()}，上年为{fmt(base, dec)}{unit}，"
               f"增长{fmt(growth.expected, 2)}倍（本年为上年的{fmt(ratio.expected, 2)}倍），文中写"
               f"{pct.quantity.printed.strip()}。请核实。")
        expected = growth.expected
    return finding(
        "NR02", severity=Severity.WARNING,
        message=msg,
        message_en=(f"{cur.quantity.printed.strip()} up {ch.quantity.printed.strip()} on {fmt(base, dec)}: "
                    f"{fmt(ratio.expected, 2)} times last year (growth {fmt(growth.expected, 2)} times), "
                    f"not {pct.quantity.printed.strip()}."),
        evidence=[cur.evidence("本年"), ch.evidence("增减额"), pct.evidence("倍数")],
        expected=round(expected, 4), found=pct.quantity.value, difference=round(pct.quantity.value - expected, 4),
        unit="倍", explanation="增长倍数 = 增减额 ÷ 上年数；本年是上年的倍数 = 本年数 ÷ 上年数。",
        severity_reason="“增长N倍”与“是上年的N倍”常被混用，按两种读法都不符时提示核实",
        severity_reason_en="'grew N times' and 'N times last year' are often confused; neither reading fits",
    )


def _signed(rel) -> float:
    """A change with its sign; one stated as 持平 (no change amount) is nil."""
    ch = rel.members["change"]
    return 0.0 if ch is None else (rel.extra.get("direction") or 1) * ch.quantity.value


@check("NR04", "分项增减额之和与总增减额不符", "item changes do not add up to the total's change", Severity.WARNING, "rates")
def item_changes_vs_total(ctx):
    """A total broken down by numbered items that each state their change on last year: when the items add up to
    the total, their changes must add up to the total's change (else last year's items do not add up to last year's total).
    When the total and its items state change rates instead (“三公”经费19.87万元，同比下降13.58%，(二)…下降9.77%
    (三)…下降72.23%), last year's items, each this year's amount over (1 ± its rate), add up to last year's total
    (a ``rate_sum`` of extraction, judged by ``tolerance.check_prior_sum``). The parts of a 其中 breakdown count as
    items too, in one sentence or one paragraph each (``_part_change_sums``).

    Cases (failing and passing report fragments): tests/cases/NR04.yaml.
    """
    yield from _rate_sums(ctx)
    for rel in ctx.claims.relations:
        if rel.kind != "change_sum":
            continue
        srel = rel.members["sum"]
        total, heads = srel.members["total"], srel.members["parts"]
        if _items_add_up(total, heads) is None:
            continue  # the items themselves miss the total: NS02/NS03 say so, once
        tc, items = rel.members["total"], rel.members["items"]
        stated = [r for r in [tc, *items] if r.members["change"] is not None]  # 持平: no amount
        if not stated or any(r.members["current"].quantity.unit != r.members["change"].quantity.unit for r in stated) \
                or len({r.members["current"].quantity.unit for r in [tc, *items]}) > 1:
            continue
        ctx.count()
        chs = [r.members["change"] for r in items if r.members["change"] is not None]
        cdec = convention_decimals([r.members["change"].quantity.number_text for r in stated])
        values = [_signed(r) for r in items]
        cmp = check_sum(values, _signed(tc), cdec)
        if cmp.ok:
            continue
        unit = total.unit or ""
        tch = tc.members["change"]
        said = tch.quantity.printed.strip() if tch is not None else tc.extra.get("trigger", "持平")
        s_ = sum(values)
        base = rel.extra.get("base") or "上年"  # 年初预算数 for a breakdown's changes against its budget
        sev, why, why_en = slip_severity(cmp, Severity.WARNING)
        yield finding(
            ctx, severity=sev, severity_reason=why, severity_reason_en=why_en,
            message=(f"{total.quantity.printed.strip()}的{len(items)}个分项之和等于总额，但各分项增减额之和为"
                     f"{'+' if s_ >= 0 else ''}{fmt(s_, cdec)}{unit}，总额增减{'+' if _signed(tc) >= 0 else ''}"
                     f"{fmt(_signed(tc), cdec)}{unit}（文中写{said}），相差{fmt(s_ - _signed(tc), cdec)}{unit}："
                     f"{base}各分项之和与{base}总额不一致，或某项增减额有误。请核实。"),
            message_en=(f"The {len(items)} items add up to {total.quantity.printed.strip()}, but their changes add up to "
                        f"{fmt(s_, cdec)}{unit}, not the total's change {said}."),
            evidence=[total.evidence("总额")] + ([tch.evidence("总额增减")] if tch is not None else [])
            + [c.evidence("分项增减") for c in chs],
            expected=round(s_, 6), found=_signed(tc), difference=round(_signed(tc) - s_, 6), tolerance=cmp.tolerance,
            unit=unit, explanation="总额增减额 = 各分项增减额之和（分项之和等于总额时）。",
        )


def _items_add_up(total: Claim, heads: list[Claim]) -> int | None:
    """The decimals of a breakdown whose items add up to their total; None when they do not."""
    dec = convention_decimals([c.quantity.number_text for c in [total, *heads]])
    return dec if check_sum([h.quantity.value for h in heads], total.quantity.value, dec).ok else None


def _stated_change(p: Claim | None, ch: Claim | None, d: int | None = None) -> str:
    """An item's change as the text gives it: its rate, its amount, or 持平."""
    if p is not None:
        return ("增长" if (d or p.direction) > 0 else "下降") + p.quantity.printed.strip()
    if ch is not None:
        return ("增加" if ch.direction > 0 else "减少") + ch.quantity.printed.strip()
    return "持平"


def _rate_sums(ctx):
    """NR04 for a breakdown whose total and items state change rates, not amounts: last year's items, each this
    year's amount over (1 ± its rate), add up to last year's total."""
    from auditor.tolerance import check_prior_sum

    for rel in ctx.claims.relations:
        if rel.kind != "rate_sum":
            continue
        total, tp = rel.members["total"], rel.members["total_pct"]
        heads, pcts, amounts = rel.members["items"], rel.members["pcts"], rel.members["changes"]
        dec = _items_add_up(total, heads)
        if dec is None:
            continue  # the items themselves miss the total: NS02/NS03 say so, once
        ctx.count()

        def row(c: Claim, p: Claim | None, ch: Claim | None = None, d: int | None = None):
            sign = d or ((p or ch).direction if (p or ch) is not None else 1)
            return (c.quantity.value, dec, None if p is None else p.quantity.value,
                    0 if p is None else p.quantity.decimals, sign, None if ch is None else ch.quantity.value)

        if any(ch is not None and ch.quantity.unit != h.quantity.unit for h, ch in zip(heads, amounts)):
            continue
        dirs = rel.extra.get("directions") or [None] * len(heads)
        cmp = check_prior_sum([row(h, p, ch, d) for h, p, ch, d in zip(heads, pcts, amounts, dirs)], row(total, tp))
        if cmp is None or cmp.ok:
            continue
        unit = total.unit or ""
        sev, why, why_en = slip_severity(cmp, Severity.WARNING)
        said = "、".join(f"{h.quantity.printed.strip()}（{_stated_change(p, ch, d)}）"
                        for h, p, ch, d in zip(heads, pcts, amounts, dirs))
        yield finding(
            ctx, severity=sev,
            message=(f"{total.quantity.printed.strip()}{'增长' if tp.direction > 0 else '下降'}{tp.quantity.printed.strip()}，"
                     f"推得上年为{fmt(cmp.found, 2)}{unit}；各分项{said}按各自增减率推得的上年数之和为"
                     f"{fmt(cmp.expected, 2)}{unit}，相差{fmt(abs(cmp.difference), 2)}{unit}：某项增减率或金额有误。请核实。"),
            message_en=(f"{total.quantity.printed.strip()} changed by {tp.quantity.printed.strip()}, so last year it was "
                        f"{fmt(cmp.found, 2)}{unit}; the items' own rates put last year's items at {fmt(cmp.expected, 2)}{unit}."),
            evidence=[total.evidence("总额"), tp.evidence("总额增减率")]
            + [x for h, p, ch in zip(heads, pcts, amounts)
               for x in ([h.evidence("分项")] + ([p.evidence("分项增减率")] if p else [])
                         + ([ch.evidence("分项增减额")] if ch else []))],
            expected=round(cmp.expected, 6), found=round(cmp.found, 6), difference=round(cmp.difference, 6),
            tolerance=cmp.tolerance, unit=unit,
            explanation="上年总额 = 各分项上年数之和；上年数 = 本年数 ÷（1 ± 增减率）。",
            severity_reason=why, severity_reason_en=why_en,
        )


@check("NR03", "比率超过100%", "share above 100%", Severity.WARNING, "rates")
def share_above_whole(ctx):
    """A rate that is a share of a whole (满意度, 办结率, 到位率, 执行率…) cannot exceed 100%.

    Cases (failing and passing report fragments): tests/cases/NR03.yaml.
    """
    for c in ctx.claims.claims:
        q = c.quantity
        if q.dimension != "percent" or not q.is_exact or q.value <= 100 + 1e-9:
            continue
        w = c.wording  # the rate's name and what it is (auditor.nlp.figure_words)
        if w is None or not w.share:
            continue
        name = w.rate_name
        ctx.count()
        printed = q.printed.strip()
        sev = Severity.ERROR if w.satisfaction else Severity.WARNING
        yield finding(
            ctx, severity=sev,
            message=f"“{name}”为{printed}，超过100%。该比率是部分占整体的比例，不应超过100%，请核实。",
            message_en=f"'{name}' is {printed}, above 100%; a share of a whole cannot exceed 100%. Please verify.",
            evidence=[c.evidence("比率")], expected="≤100%", found=q.value, unit="%",
            explanation="满意度、办结率、到位率等为部分占整体之比，上限100%。",
            severity_reason="满意度按定义不可能超过100%" if sev is Severity.ERROR else None,
            severity_reason_en="a satisfaction rate cannot exceed 100% by definition" if sev is Severity.ERROR else None,
        )


@check("NR06", "降幅超过100%", "a fall of more than 100%", Severity.ERROR, "rates")
def fall_over_full(ctx):
    """An amount, a count or a spending cannot fall by more than 100% (下降722.3%: at most it falls to nil); a
    quantity that may turn negative (结余, 差额, 利润) is not judged.

    Cases (failing and passing report fragments): tests/cases/NR06.yaml.
    """
    for rel in ctx.claims.relations:
        if rel.kind != "fall_over_full":
            continue
        ctx.count()
        pct: Claim = rel.members["pct"]
        p = pct.quantity.printed.strip()
        yield finding(
            ctx, severity=None,
            message=f"文中写下降{p}，但一项金额或数量至多下降100%（降为零）。请核实该比率。",
            message_en=f"A fall of {p} is stated; an amount or a count falls by at most 100%.",
            evidence=[pct.evidence("降幅")], expected="≤100%", found=pct.quantity.value, unit="%",
            difference=round(pct.quantity.value - 100.0, 10),
            explanation="降幅 = 减少额 ÷ 上年数 × 100%；减少额不能超过上年数，降幅不超过100%。",
        )
