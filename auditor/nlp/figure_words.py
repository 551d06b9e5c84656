"""What the words around a figure say it is, read once in extraction
(``Claim.wording``) so the checks judge the figure without re-reading text.

- a money figure's *flow*: funds received (拨入, 预算, 到位…), spending (支出,
  使用…), an adjustment (调增（减）…) or a balance left (结余, 结转…): the words
  right before it, from ``flows`` in lexicons/relations.yaml (BL01, BL02, US01);
- a percentage's *name* (its indicator, else the words right before it), and
  whether that name is a share of a whole (``shares``) or a satisfaction rate
  (``satisfaction_rates``) (NR03);
- a count's clause naming an average (``averages``: 人均2.5次), or a one-character
  "unit" that is really the start of the next word (307.82 本年…) (US02);
- a money figure printed with a scale word (10.00 万 元) (US03).
"""

from __future__ import annotations

from dataclasses import dataclass
import regex

from auditor.lexicons import Lexicons, alternation

_SKIP_ROLES = frozenset({"change", "change_pct", "prior", "rate"})
_CLAUSE_BREAK = regex.compile(r"[，,；;。：:]")
_NAME_TAIL = regex.compile(r"[为是在达到：:（(）)\s\u3000]+$")  # 满意度为 / 达到 / （ before the figure
_NAME_TAIL_INDICATOR = regex.compile(r"[为是在达到：:（(）)\s]+$")
_NAME_BREAK = regex.compile(r"[，,、；;。]")
_HAN = regex.compile(r"\p{Han}")
_DIGITS_THEN_SPACE = regex.compile(r"\d\s+\S$")


@dataclass(frozen=True, slots=True)
class Wording:
    """What a figure is said to be, by the words around it."""

    flow: str | None = None  # opening | funding | spending | adjustment | balance (exact money figures in the narrative)
    rate_name: str | None = None  # percentages: the name the rate is stated for
    share: bool = False  # that name is a share of a whole (满意度, 办结率…): never above 100%
    satisfaction: bool = False  # that name is a satisfaction rate (满意度, 满意率)
    averaged: bool = False  # counts: the clause before names an average (人均, 平均)
    unit_opens_word: bool = False  # counts: the one-character unit opens the next word (12 项目…)
    scale_in_print: bool = False  # money: a scale word printed with the figure (10.00 万 元)



class _Patterns:
    """The lexicon words as patterns, built once per lexicon."""

    def __init__(self, lex: Lexicons):
        rel = lex.relations
        self.flows = []  # (kind, pattern, on the words since the last comma?)
        for kind, spec in rel["flows"].items():
            sign = r"[（(]?[增减]?[）)]?" if spec.get("bracketed_sign") else ""
            pat = regex.compile(rf"(?:{alternation(spec['words'])}){sign}(?:{alternation(spec['tails'])})?"
                                rf"\s*(?:{alternation(spec['copulas'])})?\s*$")
            self.flows.append((str(kind), pat, bool(spec.get("bracketed_sign"))))
        self.share = regex.compile(rf"(?:{alternation(rel['shares'])})\s*$")
        self.satisfaction = regex.compile(rf"(?:{alternation(rel['satisfaction_rates'])})\s*$")
        self.average = regex.compile(alternation(rel["averages"]))
        self.scales = regex.compile(alternation(lex.bare_scale_unit))


_BUILT: dict[int, tuple[Lexicons, _Patterns]] = {}


def _patterns(lex: Lexicons) -> _Patterns:
    hit = _BUILT.get(id(lex))
    if hit is None or hit[0] is not lex:
        hit = _BUILT[id(lex)] = (lex, _Patterns(lex))
    return hit[1]


def _flow(c, P: _Patterns) -> str | None:
    q = c.quantity
    if c.source != "narrative" or c.role in _SKIP_ROLES or not q.is_exact or q.dimension != "money":
        return None
    clause = c.clause_before()
    start = q.start - c.offset
    # 调增（减）0万元: brackets inside the name, so matched on the words since the last comma
    since_comma = _CLAUSE_BREAK.split(c.text[max(0, start - 16):start])[-1]
    for kind, pat, on_since_comma in P.flows:
        if pat.search(since_comma if on_since_comma else clause):
            return kind
    return None


def _rate_name(c, P: _Patterns) -> str:
    """The name a percentage is stated for: its indicator, else the words right before it."""
    start = c.quantity.start - c.offset
    # the words right before the figure (a cell may print its own name: 办结率100%)
    before = _NAME_TAIL.sub("", c.text[max(0, start - 12):start])
    before = _NAME_BREAK.split(before)[-1]
    name = (c.indicator or "").replace(" ", "")
    if P.share.search(before) or not name:
        return before
    return _NAME_TAIL_INDICATOR.sub("", name)


def wording_of(c, lex: Lexicons) -> Wording:
    """What the words around claim ``c`` say it is."""
    P = _patterns(lex)
    q = c.quantity
    if q.dimension == "percent":
        name = _rate_name(c, P)
        return Wording(rate_name=name, share=bool(P.share.search(name)), satisfaction=bool(P.satisfaction.search(name)))
    if q.dimension == "count":
        after = c.text[q.end - c.offset:q.end - c.offset + 1]
        opens = (len(q.unit or "") == 1 and bool(_HAN.match(after))
                 and bool(_DIGITS_THEN_SPACE.search(q.printed.strip())))
        return Wording(averaged=bool(P.average.search(c.clause_before())), unit_opens_word=opens)
    if q.dimension == "money":
        return Wording(flow=_flow(c, P), scale_in_print=bool(P.scales.search(q.printed)))
    return Wording()


def read_wording(claims, lex: Lexicons) -> None:
    """Set ``Claim.wording`` on every claim."""
    for c in claims:
        c.wording = wording_of(c, lex)
