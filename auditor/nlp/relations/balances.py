"""Balances and figures printed twice: 年初结转和结余 + 本年收入 − 本年支出 … = 年末结转和结余
(``_carry_over``); its 本年收入 / 本年支出 printed again at the head of their own section
(``restated``, ``_restated_totals``); two amounts printed back to back, one allocation given
two values (``juxtaposed``, ``_juxtaposed_amounts``)."""

from __future__ import annotations

import regex

from auditor.lexicons import load_lexicons
from auditor.nlp.claims import Claim, Relation
from auditor.nlp.relations.common import _SKIP_ROLES, _clause_before, _in_brackets


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
        if "income" not in found:
            # "本年税收收入A万元，上级补助收入B万元；本年支出…": the year's income given as its
            # sources, each a …收入 outside brackets, and no one figure for all of it
            items = [c for c in claims if c not in found.values() and c.quantity.dimension == "money"
                     and c.quantity.is_exact and _INCOME_ITEM.search(_clause_before(c, sent))
                     and not _in_brackets(sent.text, 0, c.quantity.start - sent.offset)]
            if len(items) >= 2:
                found["income_items"] = items
        if not all(k in found for k in ("opening", "spending", "closing")) or \
                not ("income" in found or "income_items" in found):
            continue
        if not (_order_ok(found)):
            continue
        money = [x for c in found.values() for x in (c if isinstance(c, list) else [c])]
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


_RESPECTIVE = regex.compile(r"(?:各|分别)(?:是|为)?\s*$")
_SIDE_PREFIX = regex.compile(r"[^，,；;。：:、（）()“”\"]*$")


def _side_words(c: Claim) -> str:
    """The figure's clause up to it, a 、 inside it kept (收、支总计各是)."""
    head = c.text[: c.quantity.start].rstrip()
    cut = max(head.rfind(ch) for ch in "，,。；;：:（(")
    return regex.sub(r"(?:为|是|达|共计|合计)\s*$", "", head[cut + 1:].strip())


def _side_scope(name: str, word: str, year: int | None) -> str:
    """The words before a side's name, its year dropped: "财政拨款" of 2022年财政拨款收入总计."""
    stem = name[: name.rfind(word)]
    return _year_free_name(_SIDE_PREFIX.search(stem).group(), year).replace("本年", "")


def _balanced_sides(cs, by_sent) -> list[Relation]:
    """收入总计 and 支出总计 of one scope, the two sides of a 收支总表 (``balanced_sides``): printed with
    two values they cannot both be right (``restated``, trigger ``balanced_sides``). Named one after
    the other in a paragraph or the next two, of one year and fund and with the same words before the
    side's name; or named at once, "收、支总计各是4125.49，4143.91万元"."""
    words = load_lexicons().relations["balanced_sides"]
    inc_w = sorted((str(w) for w in words["income"]), key=len, reverse=True)
    sp_w = sorted((str(w) for w in words["spending"]), key=len, reverse=True)
    pair_w = [str(w) for w in words["pair"]]
    rels: list[Relation] = []
    sides: list[tuple[str, str, Claim]] = []  # (side, scope, claim) in reading order
    for sent in cs.sentences:
        claims = [c for c in by_sent.get(sent.index, []) if c.quantity.dimension == "money"
                  and c.quantity.is_exact and c.role not in _SKIP_ROLES and c.source == "narrative"]
        for i, c in enumerate(claims):
            before = c.text[: c.quantity.start].rstrip()
            m = _RESPECTIVE.search(before)
            if m and i + 1 < len(claims) and any(before[:m.start()].endswith(w) for w in pair_w):
                rels.append(Relation("restated", {"first": c, "again": claims[i + 1]}, sentence=sent.text,
                                     location=c.location, extra={"trigger": "balanced_sides"}))
                continue
            name = _side_words(c)
            for side, ws in (("income", inc_w), ("spending", sp_w)):
                w = next((w for w in ws if name.endswith(w)), None)
                if w is not None:
                    sides.append((side, _side_scope(name, w, cs.year), c))
                    break
    for k, (side, scope, inc) in enumerate(sides):
        if side != "income":
            continue
        for side2, scope2, sp in sides[k + 1:]:
            if side2 == "income":
                break  # another income total opens the next pair
            gap = (sp.location.paragraph or 0) - (inc.location.paragraph or 0)
            if gap > 2:
                break
            if scope2 == scope and sp.year == inc.year and sp.extra.get("fund") == inc.extra.get("fund") \
                    and sp.quantity.unit == inc.quantity.unit:
                rels.append(Relation("restated", {"first": inc, "again": sp}, sentence=sp.text,
                                     location=sp.location, extra={"trigger": "balanced_sides"}))
            break
    return rels


_INCOME_ITEM = regex.compile(r"收入(?:数|金额)?(?:为|是|：|:)?\s*$")


def _order_ok(found: dict) -> bool:
    """The closing balance comes last, as the formula reads; the opening one may stand
    first (年初结转和结余…，本年收入…) or after the year's flows (总收入…，总支出…，上解支出…，
    上年总结余…，年终结余…)."""
    pos = {k: (max(x.quantity.start for x in c) if isinstance(c, list) else c.quantity.start)
           for k, c in found.items()}
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


_NAME_CUT = regex.compile(r"[，,；;。：:、（）()“”\"‘’]")
_NAME_TAIL = regex.compile(r"(?:的金额为|金额为|金额|共计|合计|总计|为|是|计|达)$")


def _item_name(c: Claim, sent) -> str | None:
    """The name an amount of a list is printed under ("中介机构服务费" in "其中：中介机构服务费418.80万元"):
    the words right before it, without an item mark or a linking verb; None for a name too short to
    tell one item from another, or one that carries a year or a code."""
    words = _NAME_CUT.split(_clause_before(c, sent))[-1]
    words = _NAME_TAIL.sub("", _ITEM_MARK.sub("", words.strip()))
    if len(regex.findall(r"\p{Han}", words)) < 3 or regex.search(r"\d", words):
        return None
    return words


def _repeated_lists(cs, by_sent) -> list[Relation]:
    """The same breakdown printed twice: two sentences that list at least two named amounts alike, not zero,
    (财政业务费10.00万元 … 信息化系统日常维护费166.66万元 in the 绩效目标 summary and again in the
    project's 年度预算安排) speak of the same items, so a third name both print must carry one amount
    too (``restated``, trigger ``same_list``). Only amounts of one year, measure, unit and level of
    government (全市 / 市本级), outside the rows of a standard table, are compared."""
    budget = getattr(cs, "budget", None)
    lists: list[tuple[int, dict[str, Claim]]] = []
    for sent in cs.sentences:
        named: dict[str, Claim] = {}
        for c in by_sent.get(sent.index, []):
            q = c.quantity
            if q.dimension != "money" or not q.is_exact or c.role in _SKIP_ROLES or c.source != "narrative":
                continue
            if budget is not None and budget.in_table(c.location, c.offset + q.start):
                continue
            name = _item_name(c, sent)
            if name is not None:
                named.setdefault(name, c)
        if len(named) >= 3:
            lists.append((sent.index, named))
    rels = []
    seen: set[tuple[int, int]] = set()
    for i, (_, a) in enumerate(lists):
        for _, b in lists[i + 1:]:
            shared = [n for n in a if n in b and a[n].quantity.unit == b[n].quantity.unit
                      and a[n].year == b[n].year and a[n].measure == b[n].measure
                      and a[n].extra.get("level") == b[n].extra.get("level")]
            alike = [n for n in shared if a[n].quantity.value == b[n].quantity.value != 0]
            if len(alike) < 2:
                continue
            for n in shared:
                if n in alike or (id(a[n]), id(b[n])) in seen:
                    continue
                seen.add((id(a[n]), id(b[n])))
                rels.append(Relation("restated", {"first": a[n], "again": b[n]}, sentence=b[n].text,
                                     location=b[n].location,
                                     extra={"trigger": "same_list", "name": n,
                                            "alike": [(a[x], b[x]) for x in alike]}))
    return rels
