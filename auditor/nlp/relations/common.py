"""What the families of relations share: which figures may be added or compared
(``_compatible``, ``same_scale``), a figure's value, the narrative figures of each
sentence (``_by_sentence``), the clause that names a figure (``_clause_before``),
the roles that never take part in a sum, and the brackets a breakdown opens."""

from __future__ import annotations

import regex

from auditor.lexicons import alternation, load_lexicons
from auditor.nlp.claims import Claim


_SKIP_ROLES = {"change", "change_pct", "prior", "rate"}
# "占年初预算数109466万元的56.3%": an amount printed as the base of the rate right after it
RATE_BASE_AFTER = regex.compile(r"\s*的\s*[+-]?\d[\d,]*(?:\.\d+)?\s*[%％]")


def direction_words() -> str:
    """The lexicon's change words as one regex group, an increase word in group ``up``
    and a decrease word in group ``down`` (增加/增长… | 减少/下降…)."""
    rel = load_lexicons().relations
    return rf"(?:(?P<up>{alternation(rel['increase'])})|(?P<down>{alternation(rel['decrease'])}))"


def _compatible(total: Claim, part: Claim) -> bool:
    a, b = total.quantity, part.quantity
    if a.dimension != b.dimension or a.dimension is None:
        return False
    if a.dimension == "money":
        return True
    if a.dimension == "count":
        same = {a.unit, b.unit}
        return len(same) == 1 or same <= {"人", "名"}
    return a.unit == b.unit


def _value(c: Claim) -> float:
    q = c.quantity
    return q.normalized if q.normalized is not None else q.value


_CLAUSE_DELIM = regex.compile(r"[，,、；;：:。（）()]")


def _by_sentence(cs) -> dict[int, list[Claim]]:
    out: dict[int, list[Claim]] = {}
    for c in cs.narrative:
        out.setdefault(c.extra["sentence"], []).append(c)
    for v in out.values():
        v.sort(key=lambda c: c.quantity.start)
    return out


def _clause_before(c: Claim, sent) -> str:
    """The clause that names figure ``c``: from the last delimiter before it."""
    end = c.quantity.start - sent.offset
    start = 0
    for m in _CLAUSE_DELIM.finditer(sent.text, 0, max(0, end)):
        start = m.end()
    return sent.text[start:end].strip()


_PERSON_UNITS = frozenset({"人", "名"})


def same_scale(a: Claim, b: Claim) -> bool:
    """Printed in the same unit (人 and 名 both count people)."""
    ua, ub = a.quantity.unit, b.quantity.unit
    return ua == ub or (a.quantity.dimension == b.quantity.dimension == "count" and {ua, ub} <= _PERSON_UNITS)


_OPEN = "（("
_CLOSE = "）)"


def _in_brackets(text: str, start: int, end: int) -> bool:
    """Does a bracket opened in text[start:end] stay open at ``end`` (is text[end] inside it)?"""
    depth = 0
    for ch in text[start:end]:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
    return depth > 0
