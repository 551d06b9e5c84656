"""Amounts that are part of a larger one the text also names, and so cannot exceed it.

"2018年卫计部门政府采购预算总额63909.65万元" is bought with the department's money:
it cannot exceed what the department spends ("相应安排支出预算26408.77万元").
"机关运行经费支出221.55万元" is the 日常公用经费 of the 财政拨款基本支出: it cannot
exceed the 公用经费 the text gives for it. Each bound of ``lexicons/relations.yaml``
``part_bounds`` names its parts and its wholes; the whole is the largest amount the
text names so, so only a part above every such whole is reported. A bound marked
``largest`` also holds a part only when it is the largest amount the text prints.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from auditor.lexicons import alternation, load_lexicons
from auditor.nlp.claims import Claim, Relation

_TAIL = r"(?:数|金额)?\s*(?:为|是|共|共计|合计|：|:)?\s*$"


@lru_cache(maxsize=1)
def _bounds() -> tuple[tuple[dict, regex.Pattern, regex.Pattern], ...]:
    return tuple((b, regex.compile(f"(?:{alternation(b['parts'])}){_TAIL}"),
                  regex.compile(f"(?:{alternation(b['wholes'])}){_TAIL}"))
                 for b in load_lexicons().relations["part_bounds"])


def _money(c: Claim) -> bool:
    q = c.quantity
    return q.dimension == "money" and q.is_exact and q.normalized is not None and q.value > 0


def part_bounds(cs) -> list[Relation]:
    """A ``sum`` relation (partial, one part) from each named part to the largest whole of its bound."""
    claims = [c for c in cs.narrative if _money(c) and c.role not in ("change", "change_pct", "prior")]
    largest = max((c.quantity.normalized for c in cs.narrative if _money(c)), default=0.0)
    rels = []
    for bound, part_pat, whole_pat in _bounds():
        parts, wholes = [], []
        for c in claims:
            before = c.clause_before()
            if m := part_pat.search(before):
                parts.append((c, m.group(0)))
            elif m := whole_pat.search(before):
                wholes.append((c, m.group(0)))
        if not parts or not wholes:
            continue
        whole, whole_name = max(wholes, key=lambda w: w[0].quantity.normalized)
        rels += [Relation("sum", {"total": whole, "parts": [p]}, partial=True, sentence=p.text, location=p.location,
                          extra={"trigger": "part_of_total", "bound": bound["bound"],
                                 "names": (_name(name), _name(whole_name))})
                 for p, name in parts
                 if p.quantity.unit == whole.quantity.unit and (not bound["largest"] or p.quantity.normalized >= largest)]
    return rels


# The words that join a name to its amount (…为, …共计, …：), stripped to leave the name.
NAMED_AS = regex.compile(r"(?:为|是|共|共计|合计|：|:|\s)+$")


def _name(matched: str) -> str:
    return NAMED_AS.sub("", matched)
