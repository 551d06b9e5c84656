"""Claims in words against the figures beside them: "全部到位", "全部整改到位",
"已全部支付到位", and counts against the items listed.

The phrases and the counted lists are found in extraction
(:mod:`auditor.nlp.assertions`, ``ClaimSet.statements`` / ``counted_lists``);
these checks only judge them.
"""

from __future__ import annotations

from auditor.checks.common import fmt, with_unit
from auditor.checks.registry import check, finding
from auditor.findings import Evidence, Severity
from auditor.nlp.claims import Claim
from auditor.tolerance import check_equal


def _said(ctx, kind: str, first_only: bool = True):
    """The statements of one kind: the first of each paragraph, or all of them."""
    seen = set()
    for st in ctx.claims.statements:
        if st.kind != kind or (first_only and st.location in seen):
            continue
        seen.add(st.location)
        yield st


def _para_claims(ctx, loc) -> list[Claim]:
    return [c for c in ctx.claims.narrative if c.location == loc]


@check("CL01", "“全部整改”与数据不符", "'all rectified' contradicted by the counts", Severity.WARNING, "claims")
def all_rectified(ctx):
    """"全部整改到位" stated while the same paragraph reports fewer rectified than found.

    Cases (failing and passing report fragments): tests/cases/CL01.yaml.
    """
    specs = ctx.lexicons.relations.get("rates", {}).get("整改率", {})
    for m in _said(ctx, "all_rectified"):
        # Prefer the operands of a 整改率 the paragraph states; else the nearest
        # found/rectified pair in the same unit.
        pair = next(((r.members["denominator"], r.members["numerator"]) for r in ctx.claims.relations
                     if r.kind == "rate" and r.location == m.location and r.members["rate"].concept == "整改率"), None)
        if pair is None:
            claims = _para_claims(ctx, m.location)
            starts = lambda c, key: any((c.indicator or "").startswith(w) for w in specs.get(key, []))  # noqa: E731
            pair = next(((a, b) for a in claims for b in claims if a is not b and starts(a, "denominator")
                         and starts(b, "numerator") and a.quantity.unit == b.quantity.unit
                         and a.quantity.dimension == "count"), None)
        if pair is None:
            continue
        found, fixed = pair
        ctx.count()
        if fixed.quantity.value >= found.quantity.value:
            continue
        yield finding(
            ctx, severity=Severity.WARNING,
            message=(f"文中称“{m.words}”，但同段数据为发现{found.quantity.printed.strip()}、整改{fixed.quantity.printed.strip()}，"
                     f"尚有{fmt(found.quantity.value - fixed.quantity.value)}{found.quantity.unit or ''}未整改。请核实或说明。"),
            message_en=f"The text says all were rectified, but {fixed.quantity.printed.strip()} of {found.quantity.printed.strip()} were.",
            evidence=[found.evidence("发现"), fixed.evidence("整改")], expected=found.quantity.value,
            found=fixed.quantity.value, difference=fixed.quantity.value - found.quantity.value, tolerance=0.0,
            unit=found.quantity.unit, explanation="“全部整改”意味着整改数等于发现数。",
        )


@check("CL02", "“全部到位”与比率不符", "'fully in place' contradicted by a rate below 100%", Severity.WARNING, "claims")
def all_in_place(ctx):
    """"资金全部到位" stated next to an 到位率 below 100%.

    Cases (failing and passing report fragments): tests/cases/CL02.yaml.
    """
    for m in _said(ctx, "all_in_place"):
        for c in _para_claims(ctx, m.location):
            if c.concept != "资金到位率" or not c.quantity.is_exact:
                continue
            ctx.count()
            if c.quantity.value >= 100 - 1e-9:
                continue
            yield finding(
                ctx, severity=Severity.WARNING,
                message=f"文中称“{m.words}”，但到位率为{c.quantity.printed.strip()}，低于100%。请核实或说明。",
                message_en=f"The text says funds are fully in place, but the rate is {c.quantity.printed.strip()}.",
                evidence=[c.evidence("到位率")], expected=100.0, found=c.quantity.value,
                difference=c.quantity.value - 100.0, tolerance=0.0, unit="%",
                explanation="“全部到位”意味着到位率为100%。",
            )


@check("CL03", "“全部支付”与支出不符", "'all paid' contradicted by the expenditure", Severity.ERROR, "claims")
def all_paid(ctx):
    """"项目资金共X万元，已全部支付到位" while the report's 项目支出 is a different amount.

    Cases (failing and passing report fragments): tests/cases/CL03.yaml.
    """
    spent = [c for c in ctx.claims.claims if c.concept == "项目支出" and c.quantity.is_exact
             and c.role not in ("change", "prior", "change_pct")]
    for m in _said(ctx, "all_paid", first_only=False):
        before = [c for c in _para_claims(ctx, m.location)
                  if c.quantity.end <= m.start and c.quantity.is_money and m.start - c.quantity.end <= 12]
        if not before:
            continue
        amount = before[-1]
        short = _done_in_part(ctx, m, amount)
        if short is not None:
            yield short
            continue
        if not spent:
            continue
        if "项目" not in (amount.indicator or "") and amount.concept != "项目支出":
            continue
        ctx.count()
        unit = amount.quantity.unit
        if any(check_equal(s.quantity.value, s.quantity.decimals, amount.quantity.value,
                           amount.quantity.decimals).ok for s in spent if s.quantity.unit in (unit, None)):
            continue
        s = next((s for s in spent if s.source == "table"), spent[0])
        yield finding(
            ctx, severity=Severity.ERROR,
            message=(f"文中称项目资金{amount.quantity.printed.strip()}“{m.words}”，但报告中项目支出为"
                     f"{with_unit(s.quantity, unit)}，二者不符。请核实。"),
            message_en=f"{amount.quantity.printed.strip()} is said to be fully paid, but project expenditure is {with_unit(s.quantity, unit)}.",
            evidence=[amount.evidence("称已全部支付"), s.evidence("项目支出")],
            expected=s.quantity.value, found=amount.quantity.value,
            difference=round(amount.quantity.value - s.quantity.value, 6), tolerance=0.0, unit=unit,
            explanation="“全部支付到位”意味着支出等于所述资金。",
        )


def _done_in_part(ctx, st, amount: Claim):
    """"乡村振兴衔接资金2179万元目前已全部拨付" while a rate of those funds says only part was: "项目资金共2179万元，
    已完成拨付2113.63万元，执行率97%" (a rate relation whose base is the amount and whose numerator the
    statement's verb names, below it)."""
    if st.verb is None:
        return None
    for rel in ctx.claims.relations:
        if rel.kind != "rate":
            continue
        num, den, rate = rel.members["numerator"], rel.members["denominator"], rel.members["rate"]
        if den.quantity.unit != amount.quantity.unit or st.verb not in (num.indicator or "") \
                or not check_equal(den.quantity.value, den.quantity.decimals, amount.quantity.value,
                                   amount.quantity.decimals).ok:
            continue
        cmp = check_equal(num.quantity.value, num.quantity.decimals, den.quantity.value, den.quantity.decimals)
        if cmp.ok or num.quantity.value > den.quantity.value:
            continue
        ctx.count()
        return finding(
            ctx, severity=Severity.WARNING,
            severity_reason="两处时点可能不同（如截止日期），但同一笔资金既称全部完成又写只完成一部分，需说明",
            severity_reason_en="the two may speak of different dates, but one sum is said to be done in full and in part",
            message=(f"文中称{amount.quantity.printed.strip()}“{st.words}”，但又写{st.verb}"
                     f"{num.quantity.printed.strip()}（{rate.quantity.printed.strip()}），少于"
                     f"{den.quantity.printed.strip()}。请核实。"),
            message_en=(f"{amount.quantity.printed.strip()} is said to be done in full ({st.words}), but only "
                        f"{num.quantity.printed.strip()} ({rate.quantity.printed.strip()}) of it is."),
            evidence=[amount.evidence("称已全部" + st.verb), num.evidence("已" + st.verb),
                      rate.evidence("比率")],
            expected=den.quantity.value, found=num.quantity.value,
            difference=round(num.quantity.value - den.quantity.value, 6), tolerance=cmp.tolerance,
            unit=amount.quantity.unit,
            explanation=f"“全部{st.verb}”意味着{st.verb}的金额等于所述资金。",
        )
    return None


@check("CL04", "数量与所列名目不符", "count differs from the items listed", Severity.WARNING, "claims")
def count_vs_items(ctx):
    """"13个内设机构：A、B、…" — the count must equal the number of items listed.

    Cases (failing and passing report fragments): tests/cases/CL04.yaml.
    """
    for lst in ctx.claims.counted_lists:
        n, raw, noun, items = lst.count, lst.count_text, lst.noun, lst.items
        if n is None:
            continue
        ctx.count()
        if len(items) == n:
            continue
        yield finding(
            ctx, severity=Severity.WARNING,
            message=f"文中称{raw}个{noun}，但列出了{len(items)}个。请核实。",
            message_en=f"The text says {raw} {noun} but lists {len(items)}.",
            evidence=[Evidence(location=lst.location, text=lst.paragraph, span=lst.count_span, printed=raw, value=n,
                               unit="个", role="数量")],
            expected=float(len(items)), found=n, difference=n - len(items), tolerance=0.0, unit="个",
            explanation="按顿号、逗号计数所列名目。",
        )
