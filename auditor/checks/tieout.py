"""Narrative against tables: the same indicator, year and measure must carry
the same figure wherever the report states it."""

from __future__ import annotations

from rapidfuzz import fuzz

from auditor.checks.common import diff_unit, fmt, in_unit, quoted, register_recheck, slip_severity, val, with_unit
from auditor.checks.registry import check, finding
from auditor.findings import Finding, Severity
from auditor.link.concepts import clean_label, concept_match
from auditor.nlp.claims import Claim
from auditor.nlp.scope import DocumentScope, label_core, measure_class, names_an_amount
from auditor.nlp.scope import topic as topic_of
from auditor.tolerance import Verdict, check_equal, convention_decimals, decimals

_SKIP_ROLES = {"change", "change_pct", "prior"}


def _narrative_class(c: Claim) -> str:
    return measure_class(c.measure) or "actual"


_CLASS_ZH = {"actual": "实际/执行数", "budget": "预算数", "target": "目标值", "other": "比率或分值"}


def class_zh(cls: str | None) -> str:
    """A measure class as reviewers read it (口径: 预算数, 实际/执行数 …)."""
    return _CLASS_ZH.get(cls or "", cls or "未注明")


def _same_name(a: Claim, b: Claim) -> bool:
    """Both places name the indicator with the same words, not merely with
    synonyms: 三公经费支出合计 and 三公经费 do (both say 三公经费); 日常公用经费
    and 公用经费 do not, and may legitimately measure different things."""
    sa = concept_match(a.indicator or "")[2]
    sb = concept_match(b.indicator or "")[2]
    return sa is not None and sa == sb


def _comparable(n: Claim, t: Claim) -> bool:
    qn, qt = n.quantity, t.quantity
    if qn.dimension != qt.dimension:
        # a table cell printed without unit in a 万元 table has dimension from the table
        if not (qt.dimension is None and qn.dimension in ("money", "count")):
            return False
    if n.year and t.year and n.year != t.year:
        return False
    mt = measure_class(t.measure)
    mn = _narrative_class(n)
    if mt in ("target", "other"):
        return False
    if mt is not None and mt != mn:
        return False
    return True


def _values(n: Claim, t: Claim) -> tuple[float, float]:
    """Both figures in the narrative's unit."""
    if t.quantity.unit is None:
        return n.quantity.value, t.quantity.value
    return n.quantity.value, in_unit(t, n.quantity.unit)


def _compare(n: Claim, t: Claim, nv: float | None = None, tv: float | None = None):
    a, b = _values(n, t)
    a = a if nv is None else nv
    b = b if tv is None else tv
    dn, dt = decimals(n), decimals(t)
    if dn is None and dt is None:
        return check_equal(b, None, a, None)
    dec = max(d for d in (dn, dt) if d is not None)
    return check_equal(b, dec, a, dec, same_form=dn == dt and n.quantity.unit == t.quantity.unit)


def _candidates(ctx, n: Claim, by_concept: dict[str, list[Claim]] | None = None) -> list[Claim]:
    if not n.concept or n.role in _SKIP_ROLES or not n.quantity.is_exact:
        return []
    pool = _tables(ctx) if by_concept is None else by_concept.get(n.concept, [])
    return [t for t in pool if t.concept == n.concept and _comparable(n, t)]


def _running_text(ctx) -> list[Claim]:
    """Narrative claims of the running text. Prose inside a table cell (完成交易项目
    1268宗，…) is the table's own wording: NT01/NT05 do not hold it against the
    tables; NT04 does, but only against an indicator row its own clause names.
    In a 预算/决算 document a line the budget reading took as a row of a standard
    table is the table's too (a text or PDF export prints rows as lines)."""
    budget = ctx.claims.budget
    return [c for c in ctx.claims.narrative if c.location.table is None
            and (budget is None or not budget.in_table(c.location, _at(c)))]


def _at(c: Claim) -> int:
    """Where a narrative figure sits in its paragraph."""
    return c.offset + c.quantity.start


def _tables(ctx) -> list[Claim]:
    """The table claims the tie-outs hold the narrative against. A 预算/决算 document's
    standard tables (收支总表, 支出决算表 …) are not among them: their rows have scopes
    (all funds or 财政拨款, 预算 or 决算 column, one 科目 in several tables) that the budget
    reading knows and the generic reading does not, and BG04/BG05 hold the narrative
    against them there; its other tables (a 项目绩效目标表, an attached 自评表) are."""
    budget = ctx.claims.budget
    if budget is None:
        return ctx.claims.table_claims
    if "tieout_tables" not in ctx.memo:  # NT01, NT02, NT04 and NT05 share one pass
        ctx.memo["tieout_tables"] = [t for t in ctx.claims.table_claims if not budget.in_table(t.location)]
    return ctx.memo["tieout_tables"]


@check("NT01", "文表数据不一致", "narrative differs from table", Severity.ERROR, "narrative")
def narrative_vs_table(ctx):
    """A narrative figure and the table cell for the same indicator, year and measure must agree.

    Cases (failing and passing report fragments): tests/cases/NT01.yaml.
    """
    reported: dict[tuple, Finding] = {}
    scope = DocumentScope(ctx.document)
    by_concept: dict[str, list[Claim]] = {}
    for t in _tables(ctx):
        by_concept.setdefault(t.concept, []).append(t)
    for n in _running_text(ctx):
        cands = _candidates(ctx, n, by_concept)
        if not cands:
            continue
        ctx.count()
        # Each table is a separate statement: the text must agree with every
        # table that states the figure (the self-evaluation table agreeing
        # does not excuse the basic data table).
        by_table: dict[int | None, list[Claim]] = {}
        for t in cands:
            if not _in_scope(ctx, n, t, scope):
                continue
            by_table.setdefault(t.table, []).append(t)
        for tcands in by_table.values():
            f = _tieout_finding(ctx, n, tcands)
            if f is None:
                continue
            key = (id(f.evidence[1].location), f.evidence[1].location, n.quantity.value)
            if key in reported:
                # The same figure restated elsewhere in the text: one finding, more evidence,
                # and no recheck of its own (a root-cause hint counts relations, and
                # restating pairs every copy of a long report with every other).
                reported[key].evidence.insert(-1, f.evidence[0])
                rechecks = ctx.rechecks
                if rechecks and rechecks[-1].finding is f:
                    rechecks.pop()
                continue
            reported[key] = f
            yield f


def _in_scope(ctx, n: Claim, t: Claim, scope: DocumentScope | None = None) -> bool:
    """A project table speaks only of its project: link it to text that names
    the project in the same paragraph or the few before it."""
    scope = scope or DocumentScope(ctx.document)
    name = scope.project_name(t.table)
    if n.extra.get("scope") == "project":
        # A figure about one project (extraction marks its section) is held
        # only against that project's own table, never the department's.
        own = clean_label(n.extra.get("project") or "")
        return bool(name) and bool(own) and (own[:8] in name or name[:8] in own)
    if not name:
        return True
    core = name[:8]
    return any(core in text for text in scope.clean_paragraphs_before(n.location.paragraph or 0))


def _tieout_finding(ctx, n: Claim, cands: list[Claim]) -> Finding | None:
    results = [(t, _compare(n, t)) for t in cands]
    if any(cmp.ok for _, cmp in results):
        return None
    # Report against the best-matching cell: same words first, then nearest value.
    results.sort(key=lambda tc: (not _same_name(n, tc[0]), abs(tc[1].difference)))
    t, cmp = results[0]
    same = _same_name(n, t)
    why = why_en = None
    if cmp.last_digit or cmp.verdict is Verdict.ROUNDING:
        sev, why, why_en = slip_severity(cmp, Severity.ERROR)
    elif n.quantity.dimension == "count":
        sev = Severity.WARNING  # staffing and counts often differ by definition: ask
        why = "人数、个数等计数常因统计口径（时点、范围）不同而不一致，需要说明，不一定是错误"
        why_en = "counts (staff, items) often differ by definition (date, scope): this needs an explanation, not necessarily a correction"
    elif same or n.extra.get("verified"):
        sev = Severity.ERROR
    else:
        sev = Severity.WARNING
        why = "正文与表格的指标名称不完全相同，可能口径不同，需要说明"
        why_en = "the text and the table name the indicator differently and may mean different scopes"
    a, b = _values(n, t)
    unit = n.quantity.unit or ""
    where = " › ".join(t.context) if t.context else t.location.label()
    f = finding(
        "NT01", severity=sev,
        message=(f"正文{quoted(n.indicator or n.concept)}为{n.quantity.printed.strip()}，表格（{where}）为"
                 f"{with_unit(t.quantity, unit)}，相差{fmt(abs(a - b), 4)}{diff_unit(unit)}。请核实并统一。"),
        message_en=f"The text gives {n.quantity.printed.strip()} for {n.concept}; the table ({where}) gives {with_unit(t.quantity, unit)}.",
        evidence=[n.evidence("正文"), t.evidence("表格")], expected=b, found=a,
        difference=round(a - b, 6), tolerance=cmp.tolerance, unit=unit,
        explanation=f"按指标“{n.concept}”、年度{n.year or ''}、口径（{class_zh(_narrative_class(n))}）关联正文与表格。",
        severity_reason=why, severity_reason_en=why_en,
    )
    register_recheck(ctx, f, [n, t], lambda ov, n=n, t=t: _compare(
        n, t, val(n, ov) if id(n) in ov else None,
        (in_unit(t, n.quantity.unit) * val(t, ov) / t.quantity.value if t.quantity.value else 0) if id(t) in ov else None).ok)
    return f


@check("NT02", "增减额与上年表格数不符", "change against last year's table figure", Severity.WARNING, "narrative")
def change_vs_table(ctx):
    """"较上年增加X" implies last year's figure; it must match last year's figure in the tables.

    Cases (failing and passing report fragments): tests/cases/NT02.yaml.
    """
    for rel in ctx.claims.relations:
        if rel.kind != "change" or rel.members["prior"] is not None:
            continue
        cur: Claim = rel.members["current"]
        ch: Claim = rel.members["change"]
        if not cur.concept or cur.quantity.unit != ch.quantity.unit:
            continue
        d = rel.extra.get("direction") or 1
        year = (cur.year or ctx.claims.year or 0) - 1
        priors = [t for t in _tables(ctx) if t.concept == cur.concept and t.year == year
                  and measure_class(t.measure) in ("actual", None)]
        if not priors:
            continue
        ctx.count()
        implied = cur.quantity.value - d * ch.quantity.value
        dec = convention_decimals([cur.quantity.number_text, ch.quantity.number_text])

        # Defaults bind this relation's figures now: the recheck runs after the loop.
        def ok(t, c_v=None, ch_v=None, t_v=None, cur=cur, ch=ch, d=d, dec=dec):
            c_v = cur.quantity.value if c_v is None else c_v
            ch_v = ch.quantity.value if ch_v is None else ch_v
            tv = in_unit(t, cur.quantity.unit) if t_v is None else t_v
            return check_equal(tv, max(dec, t.quantity.decimals), c_v - d * ch_v, max(dec, t.quantity.decimals))

        results = [(t, ok(t)) for t in priors]
        if any(cmp.ok for _, cmp in results):
            continue
        t, cmp = min(results, key=lambda tc: abs(tc[1].difference))
        unit = cur.quantity.unit or ""
        tv = in_unit(t, cur.quantity.unit)
        f = finding(
            ctx, severity=Severity.INFO if cmp.verdict is Verdict.ROUNDING else Severity.WARNING,
            message=(f"正文{cur.quantity.printed.strip()}{'较上年增加' if d > 0 else '较上年减少'}{ch.quantity.printed.strip()}，"
                     f"推得上年为{fmt(implied, dec)}{unit}；但表格{year}年数为{with_unit(t.quantity, unit)}，相差{fmt(abs(implied - tv), 4)}{diff_unit(unit)}。请核实。"),
            message_en=f"{cur.quantity.printed.strip()} changed by {ch.quantity.printed.strip()} implies {fmt(implied, dec)}{unit} last year; the table gives {with_unit(t.quantity, unit)}.",
            evidence=[cur.evidence("本年"), ch.evidence("增减额"), t.evidence("上年表格数")],
            expected=tv, found=round(implied, 6), difference=round(implied - tv, 6), tolerance=cmp.tolerance,
            unit=unit, explanation="上年数 = 本年数 − 增加额（或 + 减少额），与表格上年决算数比较。",
        )
        register_recheck(ctx, f, [cur, ch, t], lambda ov, t=t, cur=cur, ch=ch, ok=ok: ok(
            t, val(cur, ov), val(ch, ov), (in_unit(t, cur.quantity.unit) * val(t, ov) / t.quantity.value) if id(t) in ov and t.quantity.value else None).ok)
        yield f


def _char_cover(core: str, clause: str) -> float:
    """Share (0–100) of the label's distinct characters found in the clause:
    老干党支部学习活动 vs 离退休老干部支部党日活动 shares 老干党支部活动."""
    chars = set(core)
    if len(chars) < 5 or not clause:
        return 0.0
    return 100.0 * len(chars & set(clause)) / len(chars)


@check("NT04", "正文与绩效表指标值不一致", "narrative differs from a performance-table indicator", Severity.WARNING, "narrative")
def narrative_vs_indicator_row(ctx):
    """A figure in the text about the same work as a performance-table indicator row (same unit, closely matching name) must agree with its 实际完成值.

    Cases (failing and passing report fragments): tests/cases/NT04.yaml.
    """
    # Only the achieved-value column of performance tables (实际完成值): money
    # rows of the basic data table are NT01's, linked by concept.
    rows = [t for t in _tables(ctx)
            if t.measure and ("完成" in t.measure or t.measure == "实际") and t.quantity.unit
            and t.quantity.dimension in ("count", "percent", "money") and t.indicator]
    if not rows:
        return
    # Each row's name is cleaned once, rows grouped by unit: a long report has
    # thousands of figures and hundreds of rows.
    by_unit: dict[str | None, list[tuple[Claim, str]]] = {}
    for t in rows:
        core = label_core(t.indicator or "")
        if len(core) >= 3:
            by_unit.setdefault(t.quantity.unit, []).append((t, core))
    budget = ctx.claims.budget
    for n in ctx.claims.narrative:
        q = n.quantity
        if n.role in _SKIP_ROLES or not q.is_exact or q.dimension not in ("count", "percent", "money"):
            continue
        if q.unit not in by_unit or (budget is not None and budget.in_table(n.location, _at(n))):
            continue
        in_cell = n.location.table is not None
        clause = clean_label(n.clause_before())
        # prose inside a table cell lists several results in one breath: only
        # the figure's own clause names what it measures
        topic = clause if in_cell else clean_label(topic_of(n))[-40:]
        if len(topic) < 2:
            continue
        scored = []
        stem = topic[:-1] if in_cell and topic.endswith(("率", "度")) else topic
        for t, core in by_unit[q.unit]:
            if in_cell and t.location.table == n.location.table:
                # its own table's rows: only a row its clause names outright
                # (按期完成率97.63% ↔ 交易项目按期完成率), concept or not
                if len(stem) >= 3 and (stem in core or core in topic) and not (n.year and t.year and n.year != t.year):
                    scored.append((100.0, t))
                continue
            if n.concept and t.concept and n.concept == t.concept:
                continue  # same concept: NT01's business
            if n.year and t.year and n.year != t.year:
                continue
            if q.dimension == "percent":
                if not core.endswith(("率", "度")):
                    continue
                core = core[:-1]
            s = max(fuzz.partial_ratio(core, topic), _char_cover(core, clause))
            if s >= 75 if len(core) >= 5 else s >= 80:
                scored.append((s, t))
        if not scored:
            continue
        best = max(s for s, _ in scored)
        top = [t for s, t in scored if s >= best - 5]
        ctx.count()
        if any(check_equal(t.quantity.value, decimals(t), q.value, decimals(n)).ok for t in top):
            continue
        # A figure the report verifies from its own operands is certainly right.
        t = top[0]
        sev = Severity.ERROR if n.extra.get("verified") else Severity.WARNING
        where = " › ".join(t.context) if t.context else t.location.label()
        yield finding(
            ctx, severity=sev,
            message=(f"{'表中文字' if in_cell else '正文'}写{q.printed.strip()}，绩效表（{where}）实际完成值为{t.quantity.printed.strip()}。"
                     f"两处说的似为同一项工作，请核实并统一口径，或说明差异。"),
            message_en=f"The text gives {q.printed.strip()}; the performance table ({where}) gives {t.quantity.printed.strip()} as achieved.",
            evidence=[n.evidence("表中文字" if in_cell else "正文"), t.evidence("绩效表")], expected=t.quantity.value, found=q.value,
            difference=round(q.value - t.quantity.value, 6), tolerance=0.5 * 10 ** -max(q.decimals, t.quantity.decimals),
            unit=q.unit, explanation="正文所述工作与绩效表指标名称相近、单位相同，按同一指标比较。",
            explanation_en="The text and the performance-table indicator name closely similar work in the same unit.",
            severity_reason=("正文数值已由报告中自身的分子、分母验证无误，与绩效表不符必有一处错误"
                             if sev is Severity.ERROR else None),
            severity_reason_en=("the text's figure is verified by its own operands in the report, so the table "
                                "value must be wrong" if sev is Severity.ERROR else None),
        )


@check("NT03", "同一指标前后数值不一", "same indicator stated twice with different values", Severity.WARNING, "narrative")
def narrative_duplicates(ctx):
    """The same indicator (same words, year, measure and unit, under one fund and one level of government: 全市 and
    市本级 are two) stated twice in the narrative with different values.

    Judged in every genre. The year's income and spending of the carry-over sentence, printed again as the head
    of their own section, are a ``restated`` relation of extraction, as are the changes of a budget's equal income
    and spending totals (trigger ``balanced``) and the two sides of a 收支总表, 收入总计 and 支出总计 (trigger
    ``balanced_sides``). In a 预算/决算 document a line the budget reading took as a row
    of a standard table (a text or PDF export prints rows as lines) is the table's, not the narrative's: the
    收支总表's 本年支出合计 and the 财政拨款收支总表's are two scopes, not one figure printed twice.

    Cases (failing and passing report fragments): tests/cases/NT03.yaml.
    """
    yield from _restated(ctx)
    budget = ctx.claims.budget
    seen: dict[tuple, Claim] = {}
    lex = ctx.lexicons
    project_phrases = lex.project_phrases
    for n in ctx.claims.narrative:
        if budget is not None and budget.in_table(n.location, _at(n)):
            continue  # a row of a standard table printed as a line: its scope is the table's (收支总表 vs 财政拨款收支总表)
        q = n.quantity
        if not n.concept or n.role in _SKIP_ROLES or n.role == "part" or not q.is_exact or not n.indicator:
            continue
        if n.extra.get("scope") == "project":
            # Inside one project's section, its 金额 / 实际支出 (实际使用数) are that
            # project's own figures: stated twice, they must agree.
            if n.concept not in project_phrases:
                continue
            key = ("project", n.extra.get("project"), n.concept, n.year, _narrative_class(n), q.unit)
        else:
            # Only department-level indicators named exactly: "核定全额拨款事业编制9名"
            # (a sub-unit) or one project's 资金使用率 are not the department's figure.
            if n.concept not in lex.department_level or lex.synonyms.get(clean_label(n.indicator)) != n.concept:
                continue
            key = (clean_label(n.indicator), n.year, _narrative_class(n), q.unit, n.extra.get("fund"),
                   n.extra.get("level"))
        first = seen.get(key)
        if first is None:
            seen[key] = n
            continue
        if first.location == n.location and first.quantity.start == q.start:
            continue
        ctx.count()
        cmp = check_equal(first.quantity.value, decimals(first), q.value, decimals(n), same_form=True)
        if cmp.ok:
            continue
        sev, why, why_en = slip_severity(cmp, Severity.WARNING)
        yield finding(
            ctx, severity=sev,
            message=(f"{_duplicate_name(n)}在{first.location.label()}为{first.quantity.printed.strip()}，"
                     f"在{n.location.label()}为{q.printed.strip()}。请核实并统一。"),
            message_en=f"“{n.indicator}” is {first.quantity.printed.strip()} in one place and {q.printed.strip()} in another.",
            evidence=[first.evidence("前文"), n.evidence("后文")], expected=first.quantity.value, found=q.value,
            difference=round(q.value - first.quantity.value, 6), tolerance=cmp.tolerance, unit=q.unit,
            explanation="同一指标名称、年度、口径、单位。",
            severity_reason=why, severity_reason_en=why_en,
        )


def _restated(ctx):
    """"本年收入3,765.87万元" in the carry-over sentence and "（一）2017年收入3,765.88万元" at the head of its section."""
    for rel in ctx.claims.relations:
        if rel.kind != "restated":
            continue
        first: Claim = rel.members["first"]
        again: Claim = rel.members["again"]
        if rel.extra.get("trigger") == "balanced":
            yield from _balanced(ctx, rel, first, again)
            continue
        if rel.extra.get("trigger") == "same_list":
            yield from _same_list(ctx, rel, first, again)
            continue
        if rel.extra.get("trigger") == "balanced_sides":
            yield from _balanced_sides(ctx, first, again)
            continue
        judged = _judge_restated(ctx, first, again, Severity.ERROR)
        if judged is None:
            continue
        cmp, sev, why, why_en = judged
        if sev is Severity.ERROR:
            why = "同一数额两处所写不同，必有一处有误，定为错误"
            why_en = "one amount printed twice with different digits: one of them is wrong"
        what = "本年收入" if rel.extra.get("trigger") == "income" else "本年支出"
        a, b = first.quantity.printed.strip(), again.quantity.printed.strip()
        yield finding(
            ctx, severity=sev,
            message=f"{what}在{first.location.label()}为{a}，在{again.location.label()}（分项说明的开头）为{b}。请核实并统一。",
            message_en=f"The year's {'income' if what == '本年收入' else 'spending'} is {a} in one place and {b} where "
                       f"its breakdown starts.",
            evidence=[first.evidence("收支总体情况"), again.evidence("分项说明")], expected=first.quantity.value,
            found=again.quantity.value, difference=round(again.quantity.value - first.quantity.value, 6),
            tolerance=cmp.tolerance, unit=again.quantity.unit,
            explanation="同一年度的本年收入（支出）只有一个数，两处所写应相同。",
            severity_reason=why, severity_reason_en=why_en,
        )


def _balanced_sides(ctx, first: Claim, again: Claim):
    """收入总计 and 支出总计 of one scope, the two sides of a 收支总表, printed with two values."""
    judged = _judge_restated(ctx, first, again, Severity.ERROR)
    if judged is None:
        return
    cmp, sev, why, why_en = judged
    a, b = with_unit(first.quantity), with_unit(again.quantity)
    yield finding(
        ctx, severity=sev,
        message=f"收入总计为{a}，支出总计为{b}，两者不等。收支总表的收入总计与支出总计应相等，请核实。",
        message_en=f"Total income is {a} but total spending is {b}: the two sides of the summary table must be equal.",
        evidence=[first.evidence("收入总计"), again.evidence("支出总计")], expected=first.quantity.value,
        found=again.quantity.value, difference=round(again.quantity.value - first.quantity.value, 6),
        tolerance=cmp.tolerance, unit=again.quantity.unit,
        explanation="收入总计含上年结转结余，支出总计含年末结转结余，两方总计相等。",
        severity_reason=why, severity_reason_en=why_en,
    )


def _judge_restated(ctx, first: Claim, again: Claim, otherwise: Severity):
    """One amount printed twice, counted and compared: None when the two agree, else the comparison
    with its severity and reason (``slip_severity``)."""
    ctx.count()
    cmp = check_equal(first.quantity.value, decimals(first), again.quantity.value, decimals(again),
                      same_form=first.quantity.unit == again.quantity.unit)
    if cmp.ok:
        return None
    return (cmp, *slip_severity(cmp, otherwise))


def _same_list(ctx, rel, first: Claim, again: Claim):
    """One item of a breakdown printed twice (its other items alike in both) with two amounts."""
    judged = _judge_restated(ctx, first, again, Severity.WARNING)
    if judged is None:
        return
    cmp, sev, why, why_en = judged
    if sev is Severity.WARNING:
        why = "两处所列其余分项数额相同，据此判断为同一组分项；是否同一事项请人工确认，定为警告"
        why_en = "the two lists print their other items alike, so they are read as one breakdown; a reviewer confirms"
    name = rel.extra["name"]
    alike = rel.extra["alike"]
    shown = "、".join(f"{a.indicator or ''}{a.quantity.printed.strip()}" for a, _ in alike[:3])
    a, b = first.quantity.printed.strip(), again.quantity.printed.strip()
    yield finding(
        ctx, severity=sev,
        message=(f"“{name}”在{first.location.label()}为{a}，在{again.location.label()}为{b}；两处列出的其余分项"
                 f"（{shown}）数额相同，应是同一组分项。请核实并统一。"),
        message_en=(f"“{name}” is {a} in one list and {b} in another, though both lists print their other "
                    f"items alike ({len(alike)} of them)."),
        evidence=[first.evidence("前文"), again.evidence("后文")]
        + [x.evidence("相同分项") for pair in alike[:2] for x in pair],
        expected=first.quantity.value, found=again.quantity.value,
        difference=round(again.quantity.value - first.quantity.value, 6), tolerance=cmp.tolerance,
        unit=again.quantity.unit,
        explanation="同一组分项在两处列出时，同名分项的数额应相同。",
        explanation_en="A breakdown printed twice gives each item one amount.",
        severity_reason=why, severity_reason_en=why_en,
    )


def _balanced(ctx, rel, first: Claim, again: Claim):
    """A budget's income and spending totals printed equal: their changes on last year are one change."""
    d1, d2 = rel.extra["directions"]
    ctx.count()
    a, b = d1 * first.quantity.value, d2 * again.quantity.value
    cmp = check_equal(a, decimals(first), b, decimals(again))
    if cmp.ok and (d1 == d2 or a == b == 0):
        return
    cur = rel.extra["current"].quantity.printed.strip()
    pa, pb = first.quantity.printed.strip(), again.quantity.printed.strip()
    word = {1: "增加", -1: "减少"}
    yield finding(
        ctx, severity=Severity.INFO if cmp.verdict is Verdict.ROUNDING and d1 == d2 else Severity.WARNING,
        message=(f"收入与支出同为{cur}，但收入比上年{word.get(d1, '变动')}{pa}，"
                 f"支出比上年{word.get(d2, '变动')}{pb}，两者的上年基数不一致。请核实。"),
        message_en=f"Income and spending are both {cur} but change by {pa} and {pb} on last year.",
        evidence=[first.evidence("收入增减额"), again.evidence("支出增减额"), rel.extra["current"].evidence("本年")],
        expected=a, found=b, difference=round(b - a, 6), tolerance=cmp.tolerance, unit=again.quantity.unit,
        explanation="预算收支平衡：收入与支出相等时，较上年的增减额也应相等。",
        severity_reason="上年收支可能本就不等，需要说明",
        severity_reason_en="last year's income and spending may have differed: this needs an explanation",
    )


def _duplicate_name(n: Claim) -> str:
    """How NT03 names the figure: a project's own amount by project and concept
    (项目“…”的项目支出), a department indicator by its words."""
    if n.extra.get("scope") == "project" and n.extra.get("project"):
        return f"项目“{n.extra['project']}”的{n.concept}"
    return f"“{n.indicator}”"


@check("NT05", "正文与表格明细行不一致", "narrative differs from a named table row", Severity.WARNING, "narrative")
def narrative_vs_named_row(ctx):
    """A project or item named in the text (全市工业经济运行调度专项资金) must carry the same amount as its own row in the tables, for the same measure.

    Cases (failing and passing report fragments): tests/cases/NT05.yaml.
    """
    rows: dict[str, list[Claim]] = {}
    for t in _tables(ctx):
        label = clean_label(t.indicator or "")
        if t.concept or len(label) < 5 or measure_class(t.measure) not in ("actual", "budget"):
            continue
        if t.quantity.dimension not in ("money", None):
            continue
        rows.setdefault(label, []).append(t)
    if not rows:
        return
    reported: dict[tuple, Finding] = {}
    for n in _running_text(ctx):
        q = n.quantity
        if q.dimension != "money" or not q.is_exact or n.role in _SKIP_ROLES:
            continue
        if n.concept not in (None, "项目支出", "资金总额", "支出总计"):
            continue  # 结余, 人员经费 …: not the item's amount
        if n.indicator and not names_an_amount(n.indicator):
            continue
        topic = clean_label(topic_of(n))
        hits = [(label, ts) for label, ts in rows.items() if fuzz.partial_ratio(label, topic) >= 92]
        if not hits:
            continue
        label, ts = max(hits, key=lambda h: len(h[0]))
        mn = _narrative_class(n)  # the report year's actuals unless the text says 预算
        cells = [t for t in ts if (n.year is None or t.year in (None, n.year)) and measure_class(t.measure) == mn]
        if not cells:
            continue
        ctx.count()
        results = [(t, _compare(n, t)) for t in cells]
        if any(c.ok for _, c in results):
            continue
        t, cmp = min(results, key=lambda tc: abs(tc[1].difference))
        key = (t.location, q.value)
        if key in reported:
            reported[key].evidence.insert(-1, n.evidence("正文"))
            continue
        a, b = _values(n, t)
        unit = q.unit or ""
        where = " › ".join(t.context) if t.context else t.location.label()
        what = n.indicator if n.indicator and fuzz.partial_ratio(n.indicator, label) < 60 else "金额"
        reported[key] = f = finding(
            ctx, severity=Severity.INFO if cmp.verdict is Verdict.ROUNDING else Severity.WARNING,
            message=(f"正文所述{quoted(label)}{what}为{q.printed.strip()}，表格（{where}）为"
                     f"{with_unit(t.quantity, unit)}，相差{fmt(abs(a - b), 4)}{diff_unit(unit)}。请核实并统一。"),
            message_en=f"The text gives {q.printed.strip()} for {label}; its table row ({where}) gives {with_unit(t.quantity, unit)}.",
            evidence=[n.evidence("正文"), t.evidence("表格")], expected=b, found=a, difference=round(a - b, 6),
            tolerance=cmp.tolerance, unit=unit,
            explanation=f"正文句中出现表格行名“{label}”，按口径（{class_zh(mn)}）比较同年度数值。",
        )
        yield f


@check("NT06", "同一笔资金写了两个金额", "one sum of money printed with two amounts", Severity.WARNING, "narrative")
def juxtaposed_amounts(ctx):
    """"资金16.4万元13万元": two amounts back to back for one allocation; one of them is left over.

    Cases (failing and passing report fragments): tests/cases/NT06.yaml.
    """
    for rel in ctx.claims.relations:
        if rel.kind != "juxtaposed":
            continue
        a, b = rel.members["first"], rel.members["second"]
        ctx.count()
        yield finding(
            ctx, None,
            (f"“{a.clause_before().strip()}”后连写两个金额{a.quantity.printed.strip()}和{b.quantity.printed.strip()}，"
             f"同一笔资金只应有一个数额。请核实并删去多余的一个。"),
            [a.evidence("金额一"), b.evidence("金额二")],
            message_en=(f"Two amounts, {a.quantity.printed.strip()} and {b.quantity.printed.strip()}, are printed back to "
                        f"back for one sum of money."),
            expected=a.quantity.printed.strip(), found=f"{a.quantity.printed.strip()}{b.quantity.printed.strip()}",
            explanation="正文中两个金额之间没有任何文字或标点，通常是修改时漏删了旧数。",
        )
