"""The department's cars, counted twice.

The 三公 section of a 部门决算/预算说明 states the cars in use ("年末公务用车保有量
8辆"); the section on state assets lists the fleet ("共有车辆17辆，其中：一般公务用车
3辆、…特种专业技术用车12辆、其他用车2辆"). The cars in use are the fleet or a
part of it made of whole categories, so the first count equals the total or the
sum of some of the categories.

Words in ``lexicons/relations.yaml`` ``fleet``.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from auditor.lexicons import alternation, load_lexicons
from auditor.nlp.claims import Claim, Relation



@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern, regex.Pattern]:
    lex = load_lexicons().relations["fleet"]
    held = regex.compile(rf"(?:{alternation(lex['held'])})\s*(?:为|是|：|:|达)?\s*$")
    total = regex.compile(rf"(?:{alternation(lex['total'])})\s*(?:为|是|：|:)?\s*$")
    return held, total


def _vehicles(c: Claim) -> bool:
    q = c.quantity
    return q.unit == "辆" and q.is_exact and q.value is not None and q.value == int(q.value)


def fleet_counts(cs) -> list[Relation]:
    """One ``fleet_count`` relation per stated number of cars in use, with every
    fleet listed by category in the document."""
    held_pat, total_pat = _patterns()
    by_sentence: dict[int, list[Claim]] = {}
    for c in cs.narrative:
        if _vehicles(c):
            by_sentence.setdefault(c.extra.get("sentence"), []).append(c)
    held, fleets = [], []
    for claims in by_sentence.values():
        for k, c in enumerate(claims):
            before = c.text[max(0, c.quantity.start - 16):c.quantity.start]
            if held_pat.search(before):
                held.append(c)
            elif total_pat.search(before):
                # the categories follow in the same clause list, up to the next ；or 。
                stop = len(c.text)
                for ch in "；;。":
                    i = c.text.find(ch, c.quantity.end)
                    if i != -1:
                        stop = min(stop, i)
                cats = [x for x in claims[k + 1:] if x.quantity.start < stop]
                if cats:
                    fleets.append((c, cats))
    if not fleets:
        return []
    return [Relation(kind="fleet_count", members={"held": h, "fleets": fleets}, sentence=h.text,
                     location=h.location, extra={"trigger": "公务用车保有量"}) for h in held]
