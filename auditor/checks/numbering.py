"""EN01: an item number skipped or given twice in a run of numbered items."""

from __future__ import annotations

from auditor.checks.registry import check, finding
from auditor.findings import Evidence, Severity


@check("EN01", "序号跳号或重复", "an item number skipped or given twice", Severity.WARNING, "claims")
def item_numbering(ctx):
    """A run of numbered headings or items (一、二、…, （一）（二）…, 1. 2. …) goes up by one: a number that
    jumps by two after three in order, or one given to two different items, is a slip in the numbering
    (an item left out, or one counted twice by a reader who sums the list).

    Cases (failing and passing report fragments): tests/cases/EN01.yaml.
    """
    for s in ctx.claims.numbering_slips:
        ctx.count()
        ev = [Evidence(location=s.prev_location, text=s.prev_text, span=s.prev_span, printed=s.previous,
                       value=float(s.prev_number), role="前一序号"),
              Evidence(location=s.location, text=s.text, span=s.span, printed=s.printed, value=float(s.number),
                       role="序号")]
        if s.kind == "skip":
            msg = (f"编号由“{s.previous}”直接跳到“{s.printed}”，中间缺少一个序号，疑为漏列一项或编号有误。请核实。")
            msg_en = f"The numbering goes from “{s.previous}” straight to “{s.printed}”: one number is missing."
        else:
            where = (f"{s.prev_location.label()}与{s.location.label()}" if s.prev_location != s.location
                     else f"均在{s.location.label()}")
            msg = (f"编号“{s.printed}”连续用了两次（{where}），分别标在两个不同的项目上，疑为序号重复；"
                   f"汇总各项时易重复计算。请核实。")
            msg_en = f"The number “{s.printed}” is given to two different items in a row."
        expected = float(s.prev_number + 1)  # the number the run called for, skipped or repeated alike
        yield finding(
            ctx, severity=Severity.WARNING, message=msg, message_en=msg_en, evidence=ev,
            expected=expected, found=float(s.number), difference=float(s.number) - expected, tolerance=0.0,
            explanation="同一级编号逐项加一；跳号或重号出现在至少三项按序编号之后。",
            explanation_en="Numbers of one level go up by one; a skip or a repeat after three in order.",
            severity_reason="编号可能是有意为之（如删去一项后未重排），需要核实",
            severity_reason_en="the numbering may be deliberate (an item removed and not renumbered): it needs checking",
        )
