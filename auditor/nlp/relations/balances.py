"""Balances and figures printed twice: 年初结转和结余 + 本年收入 − 本年支出 … = 年末结转和结余
(``_carry_over``); its 本年收入 / 本年支出 printed again at the head of their own section
(``restated``, ``_restated_totals``); two amounts printed back to back, one allocation given
two values (``juxtaposed``, ``_juxtaposed_amounts``)."""

from __future__ import annotations

import regex

from auditor.lexicons import load_lexicons
from auditor.nlp.claims import Claim, Relation
from auditor.nlp.relations.common import _SKIP_ROLES, _clause_before


def _carry_over(cs, by_sent) -> list[Relation]:
    """"年初结转和结余A万元，本年收入B万元，本年支出C万元，事业基金弥补收支差额D万元，
    结余分配E万元，年末结转和结余F万元": A + B − C + D − E = F, within one sentence,
    each figure named by the words right before it (lexicons/relations.yaml carry_over)."""
    words = load_lexicons().relations.get("carry_over") or {}
    pats = {k: regex.compile(rf"(?:{'|'.join(regex.escape(w) for w in sorted(ws, key=len, reverse=True))})"
                             r"(?:数|金额)?(?:为|是|：|:)?\s*$")
            for k, ws in words.items() if ws}
    rels = []
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        if len(claims) < 4:
            continue
        found: dict[str, Claim] = {}
        for c in claims:
            if c.quantity.dimension != "money" or not c.quantity.is_exact:
                continue
            name = _clause_before(c, sent)
            name = regex.sub(r"^.*?(?:19|20)\d{2}年度?", "", name) if len(name) > 14 else name
            for k, pat in pats.items():
                if pat.search(name) and k not in found:
                    found[k] = c
                    break
        if not all(k in found for k in ("opening", "income", "spending", "closing")):
            continue
        if not (_order_ok(found)):
            continue
        money = list(found.values())
        units = [c.quantity.unit for c in money]
        # one figure in another unit (年末结转和结余893.82元 among 万元) may be a slip: kept,
        # marked, for the unit-slip check to judge; two or more are another reading
        odd = [c for c in money if units.count(c.quantity.unit) == 1] if len(set(units)) == 2 else []
        if len(set(units)) != 1 and len(odd) != 1:
            continue
        rels.append(Relation("carry_over", dict(found), sentence=sent.text, location=sent.paragraph.location,
                             extra={"trigger": "年初结转和结余", "odd_unit": odd[0] if odd else None}))
    return rels


_ITEM_MARK = regex.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]\s*")
_LEAD_YEAR = regex.compile(r"^((?:19|20)\d{2})\s*年?度?")


def _year_free_name(words: str, year: int | None) -> str:
    """"（一）2017年收入" → "本年收入" in a report on 2017 (a heading names the year's figure
    by the year); "2015本年支出" → "本年支出"; another year's figure keeps its year."""
    words = _ITEM_MARK.sub("", words.strip())
    m = _LEAD_YEAR.match(words)
    if m and year is not None and int(m.group(1)) == year:
        rest = words[m.end():]
        words = rest if rest.startswith(("本年", "当年")) else "本年" + rest
    return words


def _restated_totals(cs, carry_overs: list[Relation]) -> list[Relation]:
    """The year's income and spending of a carry-over sentence ("年初结转和结余…，本年收入B万元，
    本年支出C万元，…") printed again as the head of their own section ("（一）2017年收入B万元，
    具体情况如下"): one quantity printed twice (``restated``), so the two must agree."""
    words = load_lexicons().relations.get("carry_over") or {}
    names = {k: {str(w) for w in words.get(k, ())} for k in ("income", "spending")}
    rels = []
    for r in carry_overs:
        for key in ("income", "spending"):
            first = r.members.get(key)
            if first is None:
                continue
            for c in cs.narrative:
                q = c.quantity
                if c is first or q.dimension != "money" or not q.is_exact or q.unit != first.quantity.unit \
                        or c.role in _SKIP_ROLES:
                    continue
                if c.location == first.location and c.extra.get("sentence") == first.extra.get("sentence"):
                    continue
                if _year_free_name(c.clause_before(), cs.year) in names[key]:
                    rels.append(Relation("restated", {"first": first, "again": c}, sentence=c.text,
                                         location=c.location, extra={"trigger": key}))
                    break
    return rels


def _order_ok(found: dict) -> bool:
    """The closing balance comes last, as the formula reads; the opening one may stand
    first (年初结转和结余…，本年收入…) or after the year's flows (总收入…，总支出…，上解支出…，
    上年总结余…，年终结余…)."""
    pos = {k: c.quantity.start for k, c in found.items()}
    return pos["closing"] > max(p for k, p in pos.items() if k != "closing")


def _juxtaposed_amounts(cs, by_sent) -> list[Relation]:
    """"下达我区…资金16.4万元13万元（闽财建指…）": two amounts of money printed back to
    back, nothing between them, in running text: one allocation given two values."""
    rels = []
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        for a, b in zip(claims, claims[1:]):
            qa, qb = a.quantity, b.quantity
            if qa.dimension == qb.dimension == "money" and qa.end == qb.start and qa.unit_printed \
                    and a.location == b.location:
                rels.append(Relation("juxtaposed", {"first": a, "second": b}, sentence=sent.text,
                                     location=a.location, extra={"trigger": "金额相连"}))
    return rels
