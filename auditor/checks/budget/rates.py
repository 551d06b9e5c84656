"""BG07–BG10: the narrative's year-on-year changes (their rates, and statements of a change that
cannot hold), shares and completion rates against the amounts they are computed from."""

from __future__ import annotations

from auditor.checks.budget.common import _sev, _finding, _same_num, _w
from auditor.checks.common import fmt
from auditor.checks.registry import check
from auditor.findings import Severity
from auditor.nlp.budget import BudgetDoc, Num, Passage
from auditor.tolerance import Comparison, Verdict, check_ratio, check_sum, convention_decimals


def _ratio_ok(num: Num, den: Num, rate: float, rate_dec: int) -> Comparison:
    """num ÷ den against a rate, both amounts in 万元 when their units are known."""
    if num.wan is not None and den.wan is not None:
        return check_ratio(num.wan, num.wan_decimals, den.wan, den.wan_decimals, rate, rate_dec)
    return check_ratio(num.value, num.decimals, den.value, den.decimals, rate, rate_dec)


@check("BG07", "增减率与前后年度数不符", "year-on-year percentage does not fit the figures", Severity.ERROR, "budget")
def yoy_percent(ctx):
    """"上年执行数A万元，本年预算安排B万元，比上年增加P%" needs B ÷ A − 1 = P; "X万元，比上年增加C万元，增长P%" needs C ÷ (X − C) = P.

    Cases (failing and passing report fragments): tests/cases/BG07.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for it in bd.items:
        a, b = it.prior, it.plan
        if a is None or b is None or not a.value:
            continue
        ctx.count()
        if it.flat:
            cmp = _same_num(a, b)
            if cmp is None or cmp.ok:
                continue
            yield _finding(
                "BG07", _sev(cmp),
                f"“{it.names[-1]}”上年执行数{_w(a)}、本年预算{_w(b)}，文中却称持平。请核实。",
                f"{it.names[-1]}: {a.printed} last year and {b.printed} this year are called unchanged.",
                [a.evidence("上年执行数"), b.evidence("本年预算")], cmp)
            continue
        p = it.pct
        if p is None:
            continue
        target = 100.0 + it.direction * p.value
        cmp = _ratio_ok(b, a, target, p.decimals)
        if cmp.ok:
            continue
        # Fits the heading's own amount instead: BG06 reports the two amounts.
        if it.amount is not None and it.amount.wan != b.wan and _ratio_ok(it.amount, a, target, p.decimals).ok:
            continue
        actual = cmp.expected - 100.0
        word = "增加" if it.direction > 0 else "减少"
        # When the paragraph's own amount differs from the 预算安排, the rate fits neither: say so.
        own = it.amount if it.amount is not None and it.amount.wan != b.wan else None
        own_note = ""
        if own is not None:
            alt = (own.wan or own.value) / (a.wan or a.value) * 100.0 - 100.0
            own_note = f"（按段首金额{_w(own)}计为{fmt(alt, 2)}%，亦不符）"
        elif a.unit != b.unit and check_ratio(b.value, b.decimals, a.value, a.decimals, target, p.decimals).ok:
            own_note = f"（两数同按{b.unit}计则相符，疑为单位笔误）"
        yield _finding(
            "BG07", _sev(cmp),
            f"“{it.names[-1]}”上年执行数{_w(a)}，本年预算{_w(b)}，实际{'增加' if actual >= 0 else '减少'}"
            f"{fmt(abs(actual), 2)}%，文中写{word}{p.printed}%{own_note}。请核实。",
            f"{it.names[-1]}: {a.printed} → {b.printed} is a change of {fmt(actual, 2)}%, not {'+' if it.direction > 0 else '-'}{p.printed}%.",
            [p.evidence("增减率"), a.evidence("上年执行数"), b.evidence("本年预算")]
            + ([own.evidence("段首金额")] if own is not None else []),
            unit="%", expected=round(actual, 4), found=it.direction * p.value,
            difference=round(it.direction * p.value - actual, 4), tolerance=cmp.tolerance,
            explanation="增减率 = 本年预算 ÷ 上年执行数 − 1。", explanation_en="Change = this year ÷ last year − 1.")
    for p in bd.passages:
        for ch in p.changes:
            if ch.pct is None or ch.change is None or ch.direction == 0:
                continue
            prior = ch.amount.value - ch.direction * ch.change.value
            if prior <= 0:
                continue
            ctx.count()
            dec = convention_decimals([ch.amount.printed, ch.change.printed])
            cmp = check_ratio(ch.change.value, dec, prior, dec, ch.pct.value, ch.pct.decimals)
            if cmp.ok:
                continue
            yield _finding(
                "BG07", _sev(cmp),
                f"{ch.label or '该项'}{_w(ch.amount)}，较上年{'增加' if ch.direction > 0 else '减少'}{_w(ch.change)}，"
                f"变动率应为{fmt(cmp.expected, 2)}%，文中写{ch.pct.printed}%。请核实。",
                f"{ch.amount.printed} after a change of {ch.change.printed} is {fmt(cmp.expected, 2)}%, not {ch.pct.printed}%.",
                [ch.pct.evidence("增减率"), ch.change.evidence("增减额"), ch.amount.evidence("本年")], cmp, unit="%",
                explanation="增减率 = 增减额 ÷（本年数 − 增减额）。", explanation_en="Change % = change ÷ (this year − change).")


@check("BG08", "占比与金额不符", "share does not fit the amounts", Severity.ERROR, "budget")
def share_percent(ctx):
    """"A X万元，主要用于：B y万元，占P%" needs y ÷ X = P (and "占本年支出合计的P%" the named total).

    Cases (failing and passing report fragments): tests/cases/BG08.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for p in bd.passages:
        for sh in p.shares:
            base = sh.base
            if sh.base_label:
                base = _named_amount(bd, p, sh.base_label, sh.part)
            if base is None or not base.value or base is sh.part:
                continue
            ctx.count()
            cmp = check_ratio(sh.part.value, sh.part.decimals, base.value, base.decimals, sh.pct.value, sh.pct.decimals)
            if cmp.ok:
                continue
            yield _finding(
                "BG08", _sev(cmp),
                f"{_w(sh.part)}占{_w(base)}应为{fmt(cmp.expected, 2)}%，文中写{sh.pct.printed}%。请核实。",
                f"{sh.part.printed} of {base.printed} is {fmt(cmp.expected, 2)}%, not {sh.pct.printed}%.",
                [sh.pct.evidence("占比"), sh.part.evidence("分项"), base.evidence("总额")], cmp, unit="%",
                explanation="占比 = 分项 ÷ 总额。", explanation_en="Share = part ÷ whole.")


def _named_amount(bd: BudgetDoc, p: Passage, label: str, not_this: Num) -> Num | None:
    """The amount printed after ``label`` in the passage (or the document), other than ``not_this``."""
    for q in [p] + [x for x in bd.passages if x is not p]:
        for a in q.amounts:
            if a.label.endswith(label):
                n = a.num()
                if not (n.loc == not_this.loc and n.span == not_this.span and n.text == not_this.text):
                    return n
    return None


@check("BG09", "完成率与预决算数不符", "completion rate does not fit the budget and actual", Severity.ERROR, "budget")
def completion_rate(ctx):
    """"年初预算为B万元，支出决算为Z万元，完成年初预算的P%" needs Z ÷ B = P; a rate on a budget of 0 says nothing.

    Cases (failing and passing report fragments): tests/cases/BG09.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for p in bd.passages:
        for c in p.completions:
            base = c.full if c.base_word == "全年预算" else c.budget
            if base is None:
                base = c.budget or c.full
            ctx.count()
            if not base.value:
                alt = c.full if base is c.budget else None
                fits = alt is not None and alt.value and _ratio_ok(c.actual, alt, c.pct.value, c.pct.decimals).ok
                yield _finding(
                    "BG09", Severity.WARNING,
                    f"{c.base_word}为{_w(base)}，“完成{c.base_word}的{c.pct.printed}%”无从计算"
                    + (f"；{c.pct.printed}% 实为支出决算{_w(c.actual)}÷全年预算{_w(alt)}" if fits else "") + "。请核实表述。",
                    f"A completion rate of {c.pct.printed}% against a budget of {base.printed} is undefined"
                    + (f"; it is {c.actual.printed} / {alt.printed} (the full-year budget)" if fits else "") + ".",
                    [c.pct.evidence("完成率"), base.evidence(c.base_word), c.actual.evidence("决算")]
                    + ([alt.evidence("全年预算")] if fits else []), unit="%", found=c.pct.value,
                    explanation="完成率 = 决算数 ÷ 预算数；预算数为0时无意义。",
                    explanation_en="Completion = actual ÷ budget; undefined for a zero budget.",
                    severity_reason="预算数为0，完成率无从核算，只能请其说明表述",
                    severity_reason_en="the budget is 0, so the rate cannot be recomputed; the wording needs explaining")
                continue
            cmp = _ratio_ok(c.actual, base, c.pct.value, c.pct.decimals)
            if cmp.ok:
                continue
            yield _finding(
                "BG09", _sev(cmp),
                f"支出决算{_w(c.actual)}÷{c.base_word}{_w(base)}＝{fmt(cmp.expected, 2)}%，文中写{c.pct.printed}%。请核实。",
                f"{c.actual.printed} / {base.printed} = {fmt(cmp.expected, 2)}%, not {c.pct.printed}%.",
                [c.pct.evidence("完成率"), c.actual.evidence("决算"), base.evidence(c.base_word)], cmp, unit="%",
                explanation="完成率 = 决算数 ÷ 预算数。", explanation_en="Completion = actual ÷ budget.")


@check("BG10", "增减表述不可能或自相矛盾", "a year-on-year statement cannot hold", Severity.ERROR, "budget")
def change_statements(ctx):
    """"X万元，比上年增加C万元": the year compared with must be earlier than X's year; an increase cannot exceed X
    (last year would be negative). (Equal income and spending that change by different amounts are NT03's, a
    ``balanced`` relation of extraction, in every genre.)

    Cases (failing and passing report fragments): tests/cases/BG10.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for p in bd.passages:
        chs = p.changes
        same_year = [c for c in chs if c.own_year is not None and c.year is not None and c.year >= c.own_year]
        if same_year:
            ctx.count()
            c0 = same_year[0]
            yield _finding(
                "BG10", Severity.WARNING,
                f"{c0.own_year}年的数额与“{c0.year}年”相比（如{c0.label}{_w(c0.amount)}，比{c0.year}年"
                f"{'持平' if not c0.direction else ('增加' if c0.direction > 0 else '减少') + _w(c0.change)}），比较年度应为以前年度。请核实。",
                f"A {c0.own_year} figure is compared with {c0.year}; the base year should be an earlier one.",
                [c.change.evidence("增减额") if c.change is not None else c.amount.evidence("本年") for c in same_year],
                unit="万元", key=f"BG10:year:{p.starts[0][1].loc.sort_key()}",
                explanation="增减比较的基期应早于本期。", explanation_en="A change is measured against an earlier year.",
                severity_reason="比较年度多为笔误，数额本身未必有错",
                severity_reason_en="the base year is most likely a slip of the pen; the amounts may be right")
        for c in chs:
            if c.direction > 0 and c.change is not None:
                ctx.count()
                cmp = check_sum([c.change.value], c.amount.value, convention_decimals([c.amount.printed, c.change.printed]))
                if c.change.value > c.amount.value and cmp.verdict is Verdict.INCONSISTENT:
                    prior = c.amount.value - c.change.value
                    yield _finding(
                        "BG10", Severity.ERROR,
                        f"{c.label or '该项'}{_w(c.amount)}，却称比{f'{c.year}年' if c.year else '上年'}增加{_w(c.change)}，意味着上年为"
                        f"{fmt(prior, 2)}万元（负数），不可能。请核实。",
                        f"{c.amount.printed} cannot be an increase of {c.change.printed}: last year would be {fmt(prior, 2)}.",
                        [c.amount.evidence("本年"), c.change.evidence("增加额")], unit="万元",
                        expected=round(c.amount.value, 6), found=c.change.value,
                        explanation="增加额不能超过本年数。", explanation_en="An increase cannot exceed the new amount.")
