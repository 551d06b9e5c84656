"""BG04: the 情况说明 restates the standard tables (lexicons/budget.yaml restatements) and the
“三公”经费表."""

from __future__ import annotations

from auditor.checks.budget.common import _sev, _finding, _same_num, _tname, _w, same_figure
from auditor.checks.common import fmt
from auditor.checks.registry import check
from auditor.findings import Severity
from auditor.nlp.budget import BTable, BudgetDoc, Num, budget_vocab, norm_label
from auditor.tolerance import Verdict


def _lookup(bd: BudgetDoc, kind: str, alternatives: list[list[str]], column: str | None = None
            ) -> tuple[BTable, list[Num]] | None:
    """The figures of the first alternative whose rows the table prints: each row's first figure, or its figure
    in ``column`` when the row prints a figure for every column (a flattened row that lost its blank cells does
    not say which column a figure is in)."""
    t = bd.table(kind)
    if t is None:
        return None

    def value(label: str) -> Num | None:
        if column is None:
            return t.value_of(label)
        if column not in t.columns:
            return None
        rows = [r for r in t.rows_labelled(label) if len(r.nums) == len(t.columns)]
        return rows[0].nums[t.columns.index(column)] if rows else None

    for labels in alternatives:
        vals = [value(lab) for lab in labels]
        if all(v is not None for v in vals):
            return t, vals
    return None


def _num_from_parts(vals: list[Num]) -> tuple[float, int] | None:
    """Value (万元) and decimals of a figure or a sum of figures."""
    if any(v.wan is None for v in vals):
        return None
    return sum(v.wan for v in vals), max(v.wan_decimals for v in vals)


@check("BG04", "情况说明与报表不一致", "narrative restates a table figure differently", Severity.ERROR, "budget")
def narrative_vs_tables(ctx):
    """The 情况说明 restates the standard tables: 收入支出总计, 本年收入合计, 本年支出合计, 财政拨款收入支出总计,
    一般公共预算财政拨款支出, 基本支出 and its 人员经费 / 公用经费 (and a 预算's 收入预算, 支出预算, 财政拨款收入,
    财政拨款支出预算, 一般公共预算拨款支出预算) must be the tables' figures (lexicons/budget.yaml restatements).
    A bound restates a part of a table figure: a 预算's 机关运行经费 may fall short of the 基本支出表's 公用经费, never
    exceed it.

    Cases (failing and passing report fragments): tests/cases/BG04.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    specs = sorted(budget_vocab().restatements, key=lambda s: len(s["label"]), reverse=True)
    seen = set()
    said = set()  # narrative figures a “三公” restatement already reported: one slip, one finding
    for f in _sangong_restatements(ctx, bd):
        said.update((e.location, e.span) for e in f.evidence)
        yield f
    for p in bd.passages:
        for a in p.amounts:
            label = a.stem
            spec = next((s for s in specs if _restates(label, s, bd.kind)), None)
            if spec is None:
                continue
            if spec.get("section") and not any(w in p.section + p.subsection for w in spec["section"]):
                continue
            found = _lookup(bd, spec["table"], spec["rows"], spec.get("column"))
            if found is None:
                continue
            t, vals = found
            ref = _num_from_parts(vals)
            n = a.num()
            if ref is None or n.wan is None:
                continue
            ctx.count()
            cmp = same_figure(ref[0], ref[1], n.wan, n.wan_decimals)
            bound = spec.get("bound", False)
            if cmp.ok or (bound and (cmp.verdict is not Verdict.INCONSISTENT or n.wan < ref[0])):
                continue
            k = (spec["label"], n.value, round(ref[0], 4))
            if k in seen:
                continue
            seen.add(k)
            what = spec.get("column") or "＋".join(v.context[-1] if v.context else "" for v in vals)
            if bound:
                ev = n.evidence("正文")
                if (ev.location, ev.span) in said:
                    continue
                yield _finding(
                    "BG04", Severity.ERROR,
                    f"情况说明中“{spec['label']}”为{_w(n)}，超过{_tname(t)}的{what}{fmt(ref[0], 2)}万元"
                    f"（超出{fmt(abs(cmp.difference), 2)}万元），而前者是后者的一部分。请核实。",
                    f"The narrative gives {spec['label']} as {n.printed}, more than {_tname(t)}'s {what} "
                    f"({fmt(ref[0], 2)}), of which it is a part.",
                    [ev, *(v.evidence(_tname(t)) for v in vals)], cmp,
                    explanation="机关运行经费是一般公共预算财政拨款基本支出中的日常公用经费，不超过公用经费。",
                    explanation_en="The running costs are the day-to-day part of the basic spending's public costs.",
                    key=f"BG04:bound:{spec['label']}:{n.value}")  # a limit, not the figure's correction
                continue
            yield _finding(
                "BG04", _sev(cmp),
                f"情况说明中“{spec['label']}”为{_w(n)}，但{_tname(t)}（{what}）为{fmt(ref[0], 2)}万元，"
                f"相差{fmt(abs(cmp.difference), 2)}万元。请核实。",
                f"The narrative gives {spec['label']} as {n.printed}; {_tname(t)} ({what}) gives {fmt(ref[0], 2)}.",
                [n.evidence("正文")] + [v.evidence(_tname(t)) for v in vals], cmp,
                explanation="情况说明所述金额应与对应报表一致。",
                explanation_en="The narrative restates the tables; the figures must agree.")


def _restates(stem: str, spec: dict, kind: str) -> bool:
    """Do the words before an amount name the figure ``spec`` restates (in a document of ``kind``)?"""
    label = norm_label(spec["label"])
    if not stem.endswith(label) or spec.get("kind", kind) != kind:
        return False
    before = stem[: len(stem) - len(label)]
    return not any(before.endswith(norm_label(w)) for w in spec.get("not_after", ()))


def _sangong_restatements(ctx, bd: BudgetDoc):
    """The narrative's “三公” and 机关运行经费 figures against the “三公”经费 table."""
    sg = next((x for t in bd.tables_of("sangong") if (x := t.sangong) is not None), None)
    if sg is None:
        return
    labels = budget_vocab().sangong_labels
    names = {"合计": "“三公”经费", "因公出国": "因公出国（境）费", "公务接待": "公务接待费", "小计": "公务用车购置及运行费",
             "购置": "公务用车购置费", "运行": "公务用车运行费", "机关运行": "机关运行经费"}
    pairs: list[tuple[Num, Num, str]] = []
    for p in bd.passages:
        where = p.section + p.subsection + p.text[:30]
        if "三公" not in where and "机关运行经费" not in where:
            continue
        if sg.actual:  # 决算: "“三公”经费财政拨款支出年初预算为X万元，支出决算为Y万元"
            for st in p.sangong_totals:
                pairs.append((st.budget, sg.budget["合计"], "“三公”经费预算数"))
                pairs.append((st.actual, sg.actual["合计"], "“三公”经费决算数"))
            continue
        for a in p.amounts:
            lab = a.stem
            key = next((k for k, ws in labels.items() if any(lab.endswith(w) for w in ws)), None)
            if key is None or key not in sg.budget:
                continue
            pairs.append((a.num(), sg.budget[key], names[key]))
    seen = set()
    for n, ref, what in pairs:
        ctx.count()
        cmp = _same_num(ref, n)
        if cmp is None or cmp.ok or (what, n.value) in seen:
            continue
        seen.add((what, n.value))
        yield _finding(
            "BG04", _sev(cmp),
            f"情况说明中{what}为{_w(n)}，但{_tname(sg.table)}为{_w(ref)}，相差{fmt(abs(cmp.difference), 2)}万元。请核实。",
            f"The narrative gives {what} as {n.printed}; {_tname(sg.table)} gives {ref.printed}.",
            [n.evidence("正文"), ref.evidence(_tname(sg.table))], cmp,
            explanation="情况说明所述金额应与对应报表一致。", explanation_en="The narrative restates the tables; the figures must agree.")
