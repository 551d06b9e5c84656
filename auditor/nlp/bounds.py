"""Amounts that are part of the department's whole budget and so cannot exceed it.

"2018年卫计部门政府采购预算总额63909.65万元" is bought with the department's money:
it cannot exceed what the department spends ("相应安排支出预算26408.77万元"). The
part is named by ``lexicons/relations.yaml`` ``part_of_total.parts``; the whole is
the largest amount the text names as the department's total spending or income
(``part_of_total.wholes``), so only a part above every such total is reported.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from auditor.lexicons import alternation, load_lexicons
from auditor.nlp.claims import Claim, Relation



@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern, regex.Pattern]:
    lex = load_lexicons().relations["part_of_total"]
    tail = r"(?:数|金额)?\s*(?:为|是|共|共计|合计|：|:)?\s*$"
    return regex.compile(f"(?:{alternation(lex['parts'])}){tail}"), regex.compile(f"(?:{alternation(lex['wholes'])}){tail}")


def _money(c: Claim) -> bool:
    q = c.quantity
    return q.dimension == "money" and q.is_exact and q.normalized is not None and q.value > 0


def part_bounds(cs) -> list[Relation]:
    """A ``sum`` relation (partial, one part) from each named part to the largest named whole."""
    part_pat, whole_pat = _patterns()
    parts, wholes = [], []
    for c in cs.narrative:
        if not _money(c) or c.role in ("change", "change_pct", "prior"):
            continue
        before = c.clause_before()
        if m := part_pat.search(before):
            parts.append((c, m.group(0)))
        elif m := whole_pat.search(before):
            wholes.append((c, m.group(0)))
    if not parts or not wholes:
        return []
    whole, whole_name = max(wholes, key=lambda w: w[0].quantity.normalized)
    # A part is held against the whole only when it is also the largest amount the text
    # prints at all: a total named for one fund or one unit ("政府性基金本年收入5万元")
    # must not pass for the department's.
    largest = max((c.quantity.normalized for c in cs.narrative if _money(c)), default=0.0)
    return [Relation("sum", {"total": whole, "parts": [p]}, partial=True, sentence=p.text, location=p.location,
                     extra={"trigger": "part_of_total", "names": (_name(name), _name(whole_name))})
            for p, name in parts if p.quantity.unit == whole.quantity.unit and p.quantity.normalized >= largest]


def _name(matched: str) -> str:
    return regex.sub(r"(?:为|是|共|共计|合计|：|:|\s)+$", "", matched)
