"""Balances the narrative states: what was left equals what came in minus
what was spent, and "未超支" means spending stayed within the budget."""

from __future__ import annotations

from auditor.checks.common import fmt, in_unit, register_recheck, slip_severity, val
from auditor.checks.registry import check, finding
from auditor.findings import Severity
from auditor.nlp.claims import Claim
from auditor.tolerance import Verdict, check_difference, check_sum, convention_decimals

_WINDOW = 3  # paragraphs back that may still speak of the same money


def _kind(c: Claim) -> str | None:
    """funding, spending, adjustment or balance: what the words before the figure
    say it is (read in extraction, auditor.nlp.figure_words)."""
    return c.wording.flow if c.wording is not None else None


def _nearby(ctx, balance: Claim) -> list[Claim]:
    p = balance.location.paragraph or 0
    return [c for c in ctx.claims.narrative
            if c.location.paragraph is not None and p - _WINDOW <= c.location.paragraph <= p
            and (c.location.paragraph < p or c.quantity.start < balance.quantity.start)]


def _order(c: Claim) -> tuple[int, int]:
    return (c.location.paragraph or 0, c.quantity.start)


def _flows(ctx, bal: Claim, keep) -> tuple[list[Claim], list[Claim], list[Claim]]:
    """The figures before a balance that ``keep`` admits, and among them the funds
    and the spending it is left from (a part of the spending, 其中项目支出…, is not)."""
    near = [c for c in _nearby(ctx, bal) if keep(c)]
    funds = [c for c in near if _kind(c) == "funding"]
    spends = [c for c in near if _kind(c) == "spending" and c.role != "part"]
    return near, funds, spends


def _holds(fund: Claim, spend: Claim, bal: Claim, ov=None, adj: Claim | None = None):
    """funds (± an adjustment stated between funds and spending) − spending = balance.
    The adjustment's sign is taken either way (调增（减）7万元 does not say which)."""
    ov = ov or {}
    members = (fund, spend, bal) + ((adj,) if adj is not None else ())
    dec = convention_decimals([x.quantity.number_text for x in members])
    if adj is None:
        return check_difference(val(fund, ov), val(spend, ov), dec, val(bal, ov))
    results = [check_difference(val(fund, ov) + k * val(adj, ov), val(spend, ov), dec, val(bal, ov)) for k in (1, -1)]
    return next((r for r in results if r.ok), min(results, key=lambda r: abs(r.difference)))


def _adjustment(near: list[Claim], fund: Claim, spend: Claim) -> Claim | None:
    """The adjustment (调增/追加…) stated after ``fund`` and before ``spend``: the
    funds it changes are what the balance is left from."""
    between = [c for c in near if _kind(c) == "adjustment" and _order(fund) < _order(c) < _order(spend)]
    return between[-1] if len(between) == 1 else None


def balance_unit_slips(ctx):
    """(slipped claim, unit it should have, anchor) for balances whose money
    figures are printed in two units and hold only when read in one: 金额20万元，
    实际支出19.89万元，结余结转0.11元. Used by US01 (unit slips)."""
    for bal in ctx.claims.narrative:
        if _kind(bal) != "balance":
            continue
        _, funds, spends = _flows(ctx, bal, lambda c: c.quantity.dimension == "money")
        pairs = [(f, s) for f in reversed(funds) for s in reversed(spends)]
        if not pairs:
            continue
        same = [(f, s) for f, s in pairs if f.quantity.unit == s.quantity.unit == bal.quantity.unit]
        if any(_holds(f, s, bal).ok for f, s in same):
            continue
        for f, s in pairs:
            units = [f.quantity.unit, s.quantity.unit, bal.quantity.unit]
            if len(set(units)) != 2:
                continue
            unit = max(set(units), key=units.count)
            odd = next(c for c in (f, s, bal) if c.quantity.unit != unit)
            if not _holds(f, s, bal).ok:  # read as printed digits, in one unit
                continue
            # and as printed units it fails
            conv = [in_unit(c, unit) for c in (f, s, bal)]
            dec = convention_decimals([x.quantity.number_text for x in (f, s, bal)])
            if check_difference(conv[0], conv[1], dec, conv[2]).ok:
                continue
            yield odd, unit, (f if odd is not f else bal)
            break
    yield from _carry_over_unit_slips(ctx)


_TERM_LABELS = {"opening": "年初结转和结余", "income": "本年收入", "spending": "本年支出",
                "plus": "事业基金弥补", "minus": "结余分配（上解）"}


_TERM_ORDER = ("opening", "income", "income_items", "spending", "plus", "minus")


def _carry_over_terms(m: dict) -> list[tuple[Claim, int]]:
    """The signed terms of 年初结转和结余 + 本年收入 − 本年支出 (+ 事业基金弥补 − 结余分配); the year's
    income may be given as its sources (``income_items``)."""
    return [(c, 1 if k in ("opening", "income", "income_items", "plus") else -1)
            for k in _TERM_ORDER if k in m for c in (m[k] if isinstance(m[k], list) else [m[k]])]


def _carry_over_words(m: dict) -> str:
    """How the message names the formula: the final account's words, or, where the balance has other
    terms (上解支出) or its income in parts, the treasury's."""
    if "income_items" in m or "minus" in m and "结余分配" not in (m["minus"].indicator or ""):
        return "上年结余加各项收入、减各项支出"
    return "年初结转和结余加本年收入减本年支出"


def _carry_over_labels(m: dict) -> list[str]:
    return [_TERM_LABELS["income" if k == "income_items" else k]
            for k in _TERM_ORDER if k in m for _ in (m[k] if isinstance(m[k], list) else [m[k]])]


def _carry_over_unit_slips(ctx):
    """年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余 with one figure in another
    unit (年末结转和结余893.82元 among 万元) that holds only when read in the others' unit."""
    for rel in ctx.claims.relations:
        odd = rel.extra.get("odd_unit") if rel.kind == "carry_over" else None
        if odd is None:
            continue
        m = rel.members
        signed = _carry_over_terms(m)
        closing = m["closing"]
        unit = next(c.quantity.unit for c, _ in [*signed, (closing, 1)] if c is not odd)
        dec = convention_decimals([c.quantity.number_text for c, _ in signed] + [closing.quantity.number_text])
        if not check_sum([k * c.quantity.value for c, k in signed], closing.quantity.value, dec).ok:
            continue  # not even as printed digits: no slip of the unit alone
        yield odd, unit, (closing if odd is not closing else m["opening"])


@check("BL01", "结余与收支不符", "balance differs from funds minus spending", Severity.ERROR, "balances")
def balance_vs_flows(ctx):
    """A balance (结余/结转) stated after the funds received and the spending must equal funds − spending.

    Cases (failing and passing report fragments): tests/cases/BL01.yaml.
    """
    # a balance that closes (or opens) a 年初结转和结余 + 收入 − 支出 … = 年末结转和结余 relation is BL03's
    in_carry_over = {id(c) for r in ctx.claims.relations if r.kind == "carry_over"
                     for k in ("opening", "closing") if (c := r.members.get(k)) is not None}
    for bal in ctx.claims.narrative:
        if _kind(bal) != "balance" or id(bal) in in_carry_over or bal.role == "part":
            continue  # an item of a breakdown (…债劵结余1亿 among the 总支出's items) is the sum's
        near, funds, spends = _flows(ctx, bal, lambda c: c.quantity.unit == bal.quantity.unit)
        if not funds or not spends:
            continue
        # The nearest statement of each, and any pairing that holds excuses the balance.
        pairs = [(f, s) for f in reversed(funds) for s in reversed(spends) if f.quantity.value >= s.quantity.value * 0.5]
        if not pairs:
            continue
        ctx.count()
        results = [(f, s, _adjustment(near, f, s)) for f, s in pairs]
        results = [(f, s, a, _holds(f, s, bal, adj=a)) for f, s, a in results]
        if any(r.ok for *_, r in results):
            continue
        f, s, adj, cmp = min(results, key=lambda r: abs(r[3].difference))
        unit = bal.quantity.unit or ""
        f_ = finding(
            ctx, severity=Severity.INFO if cmp.verdict is Verdict.ROUNDING else Severity.ERROR,
            message=(f"资金{f.quantity.printed.strip()}"
                     + (f"（调整{adj.quantity.printed.strip()}）" if adj is not None else "")
                     + f"、支出{s.quantity.printed.strip()}，结余应为"
                     f"{fmt(cmp.expected, 4)}{unit}，文中写{bal.quantity.printed.strip()}。请核实。"),
            message_en=f"Funds {f.quantity.printed.strip()} less spending {s.quantity.printed.strip()} leave {fmt(cmp.expected, 4)}{unit}, not {bal.quantity.printed.strip()}.",
            evidence=[f.evidence("资金")] + ([adj.evidence("调整")] if adj is not None else [])
            + [s.evidence("支出"), bal.evidence("结余")],
            expected=round(cmp.expected, 6), found=bal.quantity.value, difference=round(cmp.difference, 6),
            tolerance=cmp.tolerance, unit=unit,
            explanation="结余 = 资金（拨入/预算）" + ("± 调整额" if adj is not None else "") + "− 支出。",
        )
        register_recheck(ctx, f_, [f, s, bal] + ([adj] if adj is not None else []),
                         lambda ov, f=f, s=s, b=bal, a=adj: _holds(f, s, b, ov, adj=a).ok)
        yield f_


@check("BL02", "称未超支但支出超预算", "'not overspent' but spending exceeds the budget", Severity.ERROR, "balances")
def not_overspent(ctx):
    """"本年度未超支" (or "控制在预算范围内") while the spending stated beside it exceeds the funds.

    Cases (failing and passing report fragments): tests/cases/BL02.yaml.
    """
    seen = set()
    for m in ctx.claims.statements:
        if m.kind != "not_overspent" or m.location in seen:
            continue  # the first such phrase of each paragraph
        seen.add(m.location)
        claims = [c for c in ctx.claims.narrative if c.location == m.location and c.quantity.end <= m.start]
        funds = [c for c in claims if _kind(c) == "funding"]
        spends = [c for c in claims if _kind(c) == "spending"]
        if not funds or not spends:
            continue
        f, s = funds[-1], spends[-1]
        if f.quantity.unit != s.quantity.unit:
            continue
        ctx.count()
        if s.quantity.value <= f.quantity.value + 1e-9:
            continue
        unit = f.quantity.unit or ""
        yield finding(
            ctx, severity=Severity.ERROR,
            message=(f"文中称“{m.words}”，但支出{s.quantity.printed.strip()}超过资金{f.quantity.printed.strip()}，"
                     f"超出{fmt(s.quantity.value - f.quantity.value, 4)}{unit}。请核实。"),
            message_en=f"The text says spending stayed within budget, but {s.quantity.printed.strip()} exceeds {f.quantity.printed.strip()}.",
            evidence=[f.evidence("资金"), s.evidence("支出")], expected=f.quantity.value, found=s.quantity.value,
            difference=round(s.quantity.value - f.quantity.value, 6), tolerance=0.0, unit=unit,
            explanation="“未超支”意味着支出不超过资金。",
        )


@check("BL03", "年末结转和结余与年初及收支不符", "closing balance differs from opening plus income minus spending",
       Severity.ERROR, "balances")
def carry_over_balance(ctx):
    """年初结转和结余 + 本年收入 − 本年支出（+ 事业基金弥补收支差额 − 结余分配）应等于年末结转和结余."""

    for rel in ctx.claims.relations:
        if rel.kind != "carry_over":
            continue
        m = rel.members
        signed = _carry_over_terms(m)
        closing: Claim = m["closing"]
        ctx.count()
        dec = convention_decimals([c.quantity.number_text for c, _ in signed] + [closing.quantity.number_text])
        odd = rel.extra.get("odd_unit")
        unit = next(c.unit for c, _ in [*signed, (closing, 1)] if c is not odd) or ""

        def v(c: Claim) -> float:  # a figure printed in another unit is read in the others' unit
            return in_unit(c, unit) if c is odd else c.quantity.value

        cmp = check_sum([k * v(c) for c, k in signed], v(closing), dec)
        if cmp.ok:
            continue
        terms = "".join(("+" if k > 0 and i else ("−" if k < 0 else "")) + c.quantity.printed.strip()
                        for i, (c, k) in enumerate(signed))
        sev, why, why_en = slip_severity(cmp, Severity.ERROR)
        f = finding(
            ctx, severity=sev,
            message=(f"{_carry_over_words(m)}（{terms}）为{fmt(cmp.expected, dec)}{unit}，"
                     f"文中{'年终结余' if _carry_over_words(m).startswith('上年') else '年末结转和结余'}"
                     f"为{closing.quantity.printed.strip()}，相差"
                     f"{fmt(v(closing) - cmp.expected, dec)}{unit}。请核实。"),
            message_en=(f"Opening balance plus income minus spending ({terms}) is {fmt(cmp.expected, dec)}{unit}, "
                        f"but the closing balance is {closing.quantity.printed.strip()}."),
            evidence=[c.evidence(r) for c, r in zip([x for x, _ in signed], _carry_over_labels(m))]
            + [closing.evidence("年末结转和结余")],
            expected=round(cmp.expected, 6), found=round(v(closing), 6),
            difference=round(v(closing) - cmp.expected, 6), tolerance=cmp.tolerance, unit=unit,
            explanation="年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出（+ 事业基金弥补收支差额 − 结余分配）。",
            severity_reason=why, severity_reason_en=why_en,
        )
        members = [c for c, _ in signed] + [closing]
        if odd is None:
            register_recheck(ctx, f, members, lambda ov, s=signed, cl=closing, d=dec: check_sum(
                [k * val(c, ov) for c, k in s], val(cl, ov), d).ok)
        yield f
