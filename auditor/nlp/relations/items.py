"""Numbered items (（一）… 1、… ①…) in the narrative, joined over paragraphs
(``_narrative_stream``): a total broken down by its items' head amounts
(``_item_lists``; an intro that prints no amount names its total earlier,
``_named_earlier``), an item broken down by numbered sub-items (``_nested_items``),
the items' changes against the total's (``change_sum``, also for the parts of a
one-sentence 其中 breakdown, ``_part_change_sums``) or their rates against the
total's (``rate_sum``, ``_rate_sum``), an item new this year (``_new_item_change``)
or unchanged (``_flat_change``)."""

from __future__ import annotations

import bisect

import regex

from auditor.lexicons import alternation, load_lexicons
from auditor.nlp.claims import Claim, Relation
from auditor.nlp.enumerations import depth_at, item_markers, ordinal
from auditor.nlp.relations.common import _SKIP_ROLES, _compatible, direction_words, same_scale
from auditor.tolerance import check_sum, list_decimals


# The intro of a breakdown by numbered items ends with a cue and a colon:
# "…支出27,596.62万元，比上年决算数增加…，具体情况如下(按项级科目分类统计)："
_LIST_INTRO = regex.compile(r"(?:如下|其中|包括|具体情况|分别为|分别是|构成为|明细为)[^，,。；;：:]{0,16}[：:]\s*$")


# A part's share right after its amount (…3,080元，占11.81%)
_SHARE_AFTER = regex.compile(r"\s*[，,]?\s*占")
# A 科目 code right after an item's number: "（五十三）2081105残疾人…", "（一）〔2070405〕…"
_ITEM_CODE = regex.compile(r"\s*[〔\[【(（]?\s*(2\d{2}(?:\s?\d{2}){0,2})(?!\d)")


def _narrative_stream(cs):
    """The narrative paragraphs joined in reading order, with each paragraph's
    offset: numbered items run on over paragraphs in a Word file and within one
    paragraph in a web page's text, and are read the same way from both."""
    seen, parts, offsets, pos = set(), [], {}, 0
    for sent in cs.sentences:
        p = sent.paragraph
        if id(p) in seen:
            continue
        seen.add(id(p))
        offsets[p.location] = pos
        parts.append(p.text)
        pos += len(p.text) + 1
    return "\n".join(parts), offsets


def _item_lists(cs, rels: list[Relation]) -> list[Relation]:
    """A total whose intro ends "具体情况如下：" / "其中：" followed by numbered
    items, each opening with its own amount: the total is broken down by the
    items' heads (X = A + B for "基本支出X万元，其中：（一）人员经费A万元，主要包括…
    （二）公用经费B万元…"). The items' year-on-year changes, when every item
    states one, break the total's change down too (a ``change_sum``).

    Replaces a 其中 sum with the same total that read the items' own
    breakdowns as parts of the total."""
    stream, offsets = _narrative_stream(cs)
    if not stream:
        return []
    claims = sorted((c for c in cs.narrative if c.location in offsets),
                    key=lambda c: offsets[c.location] + c.quantity.start)
    pos_of = {id(c): offsets[c.location] + c.quantity.start for c in claims}
    starts = [pos_of[id(c)] for c in claims]
    markers = item_markers(stream)
    m_starts = [n.start for n in markers]

    def claims_in(lo, hi):
        """The claims printed in stream[lo:hi], in order."""
        return claims[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]

    def markers_in(lo, hi):
        return markers[bisect.bisect_left(m_starts, lo):bisect.bisect_left(m_starts, hi)]

    changes = _first_changes(rels)
    pending: list[tuple] = []  # item lists whose total states a change and some item none (below)
    sums_by_total = {id(r.members["total"]): r for r in rels if r.kind == "sum"}
    part_of = {id(p): r.members["total"] for r in rels if r.kind == "sum" and r.extra.get("trigger") == "其中"
               for p in r.members["parts"]}
    out: list[Relation] = []
    done: set[int] = set()
    for k, m in enumerate(markers):
        if k in done:
            continue
        sibs, j = [m], k + 1
        while j < len(markers) and markers[j].level >= m.level:
            if markers[j].level == m.level:
                a, b = ordinal(sibs[-1]), ordinal(markers[j])
                if a is not None and b is not None and b < a and any(
                        ordinal(x) == b and stream[x.end:x.end + _SAME_ITEM] == stream[markers[j].end:markers[j].end + _SAME_ITEM]
                        for x in sibs):
                    break  # items printed a second time (… 11. then 7. again, word for word): not more items
                sibs.append(markers[j])
                done.add(j)
            j += 1
        if len(sibs) < 2:
            continue
        list_end = markers[j].start if j < len(markers) else len(stream)
        # the intro: the last sentence before the first item, after any earlier marker
        prev_end = markers[k - 1].end if k else 0  # markers are in order and never overlap
        head_end = m.start  # the intro may end its own line ("…减少10万元。其中：" / "（一）…")
        while head_end > prev_end and stream[head_end - 1] in "\n \u3000":
            head_end -= 1
        cut = max(stream.rfind(ch, prev_end, head_end) for ch in "。；;\n")
        intro_start = max(prev_end, cut + 1)
        if not _LIST_INTRO.search(stream[intro_start:m.start]):
            continue
        def first_amount(lo, hi):
            return next((c for c in claims_in(lo, hi) if c.quantity.is_exact
                         and c.quantity.dimension == "money" and c.role not in _SKIP_ROLES
                         and depth_at(stream, lo, pos_of[id(c)]) == 0), None)

        total = first_amount(intro_start, m.start)
        if total is None and intro_start > prev_end:
            # "…“三公”经费一般公共预算拨款51.82万元，同比下降23.36%。具体情况如下：": the cue
            # stands alone, the total closes the sentence before it
            # (the whole sentence: a ； there parts its items, "…决算中，因公出国（境）费0万元，占0%；…公务
            # 接待费3,080元，占11.81%。具体情况如下：" names no whole, each amount is a part with its share)
            cut = max(stream.rfind(ch, prev_end, intro_start - 1) for ch in "。\n")
            # a sentence with no figures between (主要原因是…) is passed over ("…57.55万元,与上年对比减少24.55万元。
            # 主要原因是八项规定厉行节约及公务用车改革。其中:1、…")
            end = intro_start
            for _ in range(_WORDY_SENTENCES):
                if cut < prev_end or stream[cut:cut + 1] == "\n" or any(
                        c.quantity.dimension in ("money", "percent") for c in claims_in(max(prev_end, cut + 1), end)):
                    break
                end = cut + 1
                cut = max(stream.rfind(ch, prev_end, cut) for ch in "。\n")
            total = first_amount(max(prev_end, cut + 1), end)
            # …and when that sentence is a 其中 list ("…决算为68.3万元。其中:因公出国(境)费…0万元,…;公务接待费
            # …26.4万元,…。具体情况如下:"), the items go through its parts again: their whole is the total
            total = part_of.get(id(total), total)
            if total is not None and _SHARE_AFTER.match(stream, pos_of[id(total)] + total.quantity.end
                                                        - total.quantity.start):
                total = None
        if total is None:
            total = _named_earlier(stream[intro_start:m.start], claims_in(max(prev_end, intro_start - _NAMED_BACK),
                                                                           intro_start))
        if total is None:
            continue
        def heads_of(sib, stop, depth=0):
            """The amount an item opens with; for an item that only groups
            numbered sub-items (（一）20129 群众团体事务 1、…79.97万元 2、…), theirs."""
            subs = [n for n in markers_in(sib.end, stop) if n.level > sib.level]
            first_stop = _first_sentence_end(stream, sib.end, stop, subs)
            head = next((c for c in claims_in(sib.end, first_stop) if _compatible(total, c)
                         and c.role not in _SKIP_ROLES and depth_at(stream, sib.end, pos_of[id(c)]) == 0), None)
            if head is not None or not subs or depth:
                return [head] if head is not None else []
            lvl = subs[0].level
            kids = [n for n in subs if n.level == lvl]
            out = []
            for b, kid in enumerate(kids):
                got = heads_of(kid, kids[b + 1].start if b + 1 < len(kids) else stop, depth + 1)
                if not got:
                    return []
                out += got
            return out

        heads, headless, seen_items, duplicates, span_of = [], 0, {}, [], {}
        for a, sib in enumerate(sibs):
            stop = sibs[a + 1].start if a + 1 < len(sibs) else list_end
            got = heads_of(sib, stop)
            if len(got) == 1:
                span_of[id(got[0])] = (sib.end, stop)
            if not got:
                # "2. 事业收入 /万元。": an item whose amount is left blank has none (nil), not one unknown
                first = stream.find("。", sib.end, stop)
                headless += not _BLANK_AMOUNT.search(stream, sib.end, stop if first == -1 else first)
            elif any(not h.quantity.is_exact for h in got):
                heads = []
                break
            else:
                # the same 科目 with the same amount printed as a second item is listed twice
                code = _ITEM_CODE.match(stream, sib.end)
                key = (code.group(1), got[0].quantity.value) if code and len(got) == 1 else None
                if key is not None and key in seen_items:
                    duplicates.append((seen_items[key], got[0]))
                    continue
                if key is not None:
                    seen_items[key] = got[0]
                heads += got
        if len(heads) < 2:
            continue
        old = sums_by_total.get(id(total))
        if old is not None:
            if {id(p) for p in old.members["parts"]} == {id(h) for h in heads}:
                continue
            if any(pos_of.get(id(p), m.start) >= m.start for p in old.members["parts"]):
                rels.remove(old)  # it read the items' own breakdowns as parts of the total
            # else: its parts are stated in the intro ("支出总计2681.55万元，其中：基本支出2609.57万元，项目支出
            # 71.98万元。具体情况分析如下：（1）…"), a breakdown of its own: both stand
        for h in heads:
            h.role = h.role or "part"
        total.role = total.role or "total"
        loc = total.location
        # A list that prints its empty categories ("3.上缴上级支出0万元。4.经营支出0万元。") goes
        # through every category there is: its items add up to the whole, not to part of it.
        exhaustive = len(heads) >= 3 and not headless and any(h.quantity.value == 0 for h in heads)
        rel = Relation("sum", {"total": total, "parts": heads}, partial=not exhaustive, sentence=stream[intro_start:m.start],
                       location=loc, extra={"trigger": "分项列举", "headless_items": headless,
                                            **({"exhaustive": True} if exhaustive else {})})
        out.append(rel)
        column = _other_year_column(rel, claims, span_of, claims_in, stream)
        if column is not None:
            out.append(column)
        for first, again in duplicates:
            out.append(Relation("repeated_item", {"first": first, "again": again, "total": total,
                                                  "first_change": changes.get(id(first)),
                                                  "again_change": changes.get(id(again))},
                                sentence=rel.sentence, location=again.location, extra={"trigger": "重复列示"}))
        def end_of(c):
            return pos_of[id(c)] + c.quantity.end - c.quantity.start

        def figures_between(lo, hi, same_as=None):
            # a figure that restates the item's own amount ("11.9万元，全部为公务用车运行维护费11.9万元，
            # 与2016年持平") says nothing new
            return any(c.quantity.dimension in ("money", "percent") and not _restates(c, same_as)
                       for c in claims_in(lo, hi))

        def flat(c, hi):
            return _flat_change(c, stream, end_of(c), hi, figures_between)

        tc = changes.get(id(total)) or flat(total, m.start)
        item_changes = [changes.get(id(h)) or _new_item_change(h, stream, span_of.get(id(h)))
                        or (flat(h, span_of[id(h)][1]) if id(h) in span_of else None) for h in heads]
        if tc is not None and not headless and all(r is not None for r in item_changes):
            out.append(Relation("change_sum", {"total": tc, "items": item_changes, "sum": rel},
                                sentence=rel.sentence, location=loc, extra={"trigger": "分项增减"}))
        elif tc is not None and not headless:
            pending.append((rel, tc, heads, item_changes))
        elif not headless:
            rs = _rate_sum(rel, total, heads, changes, span_of, claims_in, pos_of, (intro_start, m.start), flat,
                           stream)
            if rs is not None:
                out.append(rs)
    out += _nested_items(stream, markers, claims_in, markers_in, pos_of, rels + out)
    out += _changes_through_parts(pending, rels + out, changes)
    return out


def _other_year_column(rel: Relation, claims: list[Claim], span_of: dict, claims_in, stream: str) -> Relation | None:
    """A total printed for two years, then items each printed for the same two years ("2016年三公经费预算拨入
    33万元,2015年三公经费预算拨入57.55万元…。其中:1、公务接待费2016年预算8万元,2015年预算12.5万元;…2、公务
    车辆运行2016年预算25万元,2015年预算45.2万元"): the other year's items add up to its total too, the
    items of that year in the items' own first sentences. None when the shape is not this one."""
    total, heads = rel.members["total"], rel.members["parts"]
    if total.year is None:
        return None
    own = [c for c in claims if c.location == total.location and c.extra.get("sentence") == total.extra.get("sentence")
           and c is not total and c.role not in _SKIP_ROLES and c.quantity.is_exact and _compatible(c, total)
           and c.measure == total.measure and c.year is not None and c.year != total.year]
    if len(own) != 1:
        return None
    other = own[0]
    parts = []
    for h in heads:
        if id(h) not in span_of:
            return None
        lo, hi = span_of[id(h)]
        end = stream.find("。", lo, hi)
        got = [c for c in claims_in(lo, hi if end == -1 else end) if c is not h and c.year == other.year
               and c.role not in _SKIP_ROLES and c.quantity.is_exact and _compatible(c, other) and c.measure == other.measure]
        if len(got) != 1 or h.year != total.year:
            return None
        parts.append(got[0])
    for p in parts:
        p.role = p.role or "part"
    other.role = other.role or "total"
    return Relation("sum", {"total": other, "parts": parts}, partial=rel.partial, sentence=rel.sentence,
                    location=other.location, extra={**rel.extra, "other_year": True})


def _changes_through_parts(pending, rels: list[Relation], changes: dict) -> list[Relation]:
    """Items whose total states its change, where an item states none of its own but its parts each do
    ("（二）公务用车购置及运行费1116.14万元。其中：1、公务用车购置费34.71万元…减少79.4万元 2、公务用车运行费…
    减少596.98万元"): the parts' changes stand in for the item's, and all of them break the total's change
    down (a ``change_sum``)."""
    # the item's numbered parts, or a breakdown that goes through all of it
    complete = {id(r.members["total"]): r for r in rels if r.kind == "sum"
                and (not r.partial or r.extra.get("trigger") == "分项列举")}
    out = []
    for rel, tc, heads, item_changes in pending:
        items: list[Relation] = []
        for h, ch in zip(heads, item_changes):
            if ch is not None:
                items.append(ch)
                continue
            sub = complete.get(id(h))
            got = [changes.get(id(p)) for p in sub.members["parts"]] if sub is not None else [None]
            if any(g is None for g in got):
                break
            items += got
        else:
            out.append(Relation("change_sum", {"total": tc, "items": items, "sum": rel},
                                sentence=rel.sentence, location=rel.location, extra={"trigger": "分项增减"}))
    return out


_SAME_ITEM = 20  # characters after a number that show an item printed twice
_WORDY_SENTENCES = 2  # sentences without figures an item list's intro may sit after its total
_NAMED_BACK = 600  # characters back an intro without an amount may name its total
_INTRO_SUBJECT = regex.compile(r"^\s*(?P<subject>\p{Han}{2,16}?)(?:的)?(?:主要内容|具体内容|具体情况|主要用途|明细)?如下[：:]\s*$")
_AS_PRINTED = regex.compile(r"(?:为|是|：|:|\s)+$")


def _named_earlier(intro: str, before: list[Claim]) -> Claim | None:
    """The total of an intro that prints no amount ("财政拨款支出主要内容如下："): the last amount shortly before
    it named by the intro's subject (支出预算17,192万元，其中：财政拨款支出预算17,192万元 …), as printed or as
    that year's 预算 / 决算."""
    m = _INTRO_SUBJECT.match(intro)
    if m is None:
        return None
    subject = m["subject"]
    if len(subject) < 4:
        return None  # 支出如下 names no one total
    names = (subject, subject + "预算", subject + "决算", subject + "预算数", subject + "决算数")
    for c in reversed(before):
        q = c.quantity
        if q.is_exact and q.dimension == "money" and c.role not in _SKIP_ROLES \
                and _AS_PRINTED.sub("", c.clause_before()).endswith(names):
            return c
    return None


_RESPECTIVELY = regex.compile(r"分别(?:为|是)?")
_RATE_PIECE = regex.compile(rf"{direction_words()}?\s*(?P<sign>[-−－])?\s*$")


def _respective_rates(stream, lo, hi, parts, claims_in, pos_of):
    """"公务用车购置费74.16万元…运行费24.72万元…与2016年相比，公务用车购置费和运行费分别增长0.00%和-18.51%":
    the item's parts, each with its own rate (claim, direction) or None for 持平, in order; None when
    the clause does not give one per part."""
    m = _RESPECTIVELY.search(stream, lo, hi)
    if m is None:
        return None
    end = min((i for i in (stream.find(ch, m.end(), hi) for ch in "。；;，,") if i != -1), default=hi)
    pieces = regex.split(r"和|、|及|与", stream[m.end():end])
    if len(pieces) != len(parts):
        return None
    pcts = [c for c in claims_in(m.end(), end) if c.quantity.unit == "%" and c.quantity.is_exact]
    out, verb, k, pos = [], 0, 0, m.end()
    for piece in pieces:
        start, pos = pos, pos + len(piece) + 1
        here = [c for c in pcts if start <= pos_of[id(c)] < start + len(piece)]
        if not here:
            if not _FLAT_WORDS.search(piece):
                return None
            out.append(None)
            continue
        c = here[0]
        lead = _RATE_PIECE.search(stream, start, pos_of[id(c)])
        if lead and (lead.group("up") or lead.group("down")):
            verb = 1 if lead.group("up") else -1
        if not verb:
            return None
        out.append((c, -verb if lead and lead.group("sign") else verb))
        k += 1
    return out if k else None


def _rate_sum(rel, total, heads, changes, span_of, claims_in, pos_of, intro, flat, stream) -> Relation | None:
    """A total and its items state change rates ("“三公”经费19.87万元，同比下降13.58%。具体情况如下：
    （一）…0.00万元…与2016年决算数相同 （二）…19.48万元…下降9.77% （三）…0.39万元…下降72.23%"):
    last year's items, each this year's amount over (1 ± its rate), add up to last year's total
    (``rate_sum``). An item may state its change amount instead (last year: amount − change), or say
    it is unchanged; one that states none of these leaves last year unknown, and no relation is made."""
    def first_pct(lo, hi):
        return next((c for c in claims_in(lo, hi) if c.role == "change_pct" and c.quantity.unit == "%"
                     and c.quantity.is_exact), None)

    def change_of(c, lo, hi):
        """(rate, change amount) stated for ``c``: either may be None; both None with ``flat``."""
        r = changes.get(id(c))
        if r is not None and r.members.get("change") is not None:
            return None, r.members["change"], False
        p = r.members.get("pct") if r is not None else None
        if p is None:
            p = first_pct(lo, hi)
        return p, None, p is None and flat(c, hi) is not None

    tp, tch, _ = change_of(total, pos_of[id(total)], intro[1])
    if tp is None or tch is not None:
        return None
    pcts, amounts, split_items, split_heads = [], [], [], set()
    for h in heads:
        span = span_of.get(id(h))
        if span is None:
            return None
        inside = claims_in(pos_of[id(h)], span[1])
        rates = [c for c in inside if c.role == "change_pct"]
        money = [c for c in inside if c is not h and c.quantity.dimension == "money" and c.role not in _SKIP_ROLES]
        others = [c for c in money if c.quantity.value and abs(c.quantity.value - h.quantity.value) > 1e-9]
        if _RESPECTIVELY.search(stream, pos_of[id(h)], span[1]):
            # "购置费74.16万元…运行费24.72万元…分别增长0.00%和-18.51%": the rates are its parts'
            parts = [c for c in money if c.quantity.unit == h.quantity.unit]
            got = _respective_rates(stream, pos_of[id(h)], span[1], parts, claims_in, pos_of)
            dec = list_decimals([h, *parts])
            if got is None or not check_sum([c.quantity.value for c in parts], h.quantity.value, dec).ok:
                return None
            for c, r in zip(parts, got):
                split_items.append((c, r))
            split_heads.add(id(h))
            continue
        if len(rates) > 1 or (rates and others):
            return None
        p, ch, is_flat = change_of(h, pos_of[id(h)], span[1])
        if p is None and ch is None and not is_flat:
            return None
        pcts.append(p)
        amounts.append(ch)
    items = [h for h in heads if id(h) not in split_heads]
    rows = [(h, p, ch, None) for h, p, ch in zip(items, pcts, amounts)]
    rows += [(c, None if r is None else r[0], None, None if r is None else r[1]) for c, r in split_items]
    if all(p is None for _, p, _, _ in rows):
        return None  # no rate at all: the amounts' change_sum is the relation
    return Relation("rate_sum", {"total": total, "total_pct": tp, "items": [r[0] for r in rows],
                                 "pcts": [r[1] for r in rows], "changes": [r[2] for r in rows]},
                    sentence=rel.sentence, location=rel.location,
                    extra={"trigger": "分项增减率", "directions": [r[3] for r in rows]})


def _first_sentence_end(stream: str, lo: int, hi: int, subs=()) -> int:
    """Where an item's first sentence ends: its first full stop, or its first sub-item, or ``hi``."""
    stop = stream.find("。", lo, hi)
    stop = hi if stop == -1 else stop
    return min(stop, subs[0].start) if subs else stop


def _nested_items(stream, markers, claims_in, markers_in, pos_of, rels: list[Relation]) -> list[Relation]:
    """An item that opens with its own amount and is broken down by numbered sub-items,
    each opening with an amount ("（四）民族事务支出31.76万元。1.2012301行政运行支出21.76万元…
    2.2012399其他民族事务支出10.00万元…"): the item's amount is broken down by the
    sub-items' (a partial sum: it never exceeds its whole; unless the sub-items are named by
    their 科目 codes, the whole breakdown, it may fall short: ``may_fall_short``).
    The numbering itself is the cue; no 其中 / 具体情况如下 is needed."""
    totals = {id(r.members["total"]) for r in rels if r.kind == "sum"}
    parts_of = {id(p) for r in rels if r.kind == "sum" and r.extra.get("trigger") != "分项列举"
                for p in r.members["parts"]}
    out = []

    def opening_amount(lo, hi, like=None):
        """The first money amount of an item's first sentence, before its own sub-items."""
        stop = _first_sentence_end(stream, lo, hi, markers_in(lo, hi))
        return next((c for c in claims_in(lo, stop) if c.quantity.dimension == "money" and c.quantity.is_exact
                     and c.role not in _SKIP_ROLES and depth_at(stream, lo, pos_of[id(c)]) == 0
                     and (like is None or _compatible(like, c))), None)

    def sole_amount(head, lo, hi):
        """The item's amount is what its heading names ("（四）民族事务支出31.76万元。"): no other
        amount stands beside it before the sub-items (a 收支总体情况 sentence lists five)."""
        stop = _first_sentence_end(stream, lo, hi)
        return all(c is head or c.quantity.dimension != "money" or c.role in _SKIP_ROLES
                   for c in claims_in(lo, stop))

    for k, m in enumerate(markers):
        end = next((n.start for n in markers[k + 1:] if n.level <= m.level), len(stream))
        subs = [n for n in markers_in(m.end, end) if n.level > m.level]
        if len(subs) < 2:
            continue
        head = opening_amount(m.end, end)
        if head is None or id(head) in totals or id(head) in parts_of or not sole_amount(head, m.end, subs[0].start):
            continue
        lvl = min(n.level for n in subs)
        kids = [n for n in subs if n.level == lvl]
        if len(kids) < 2 or any(n.level < lvl for n in subs):
            continue
        parts = []
        for b, kid in enumerate(kids):
            got = opening_amount(kid.end, kids[b + 1].start if b + 1 < len(kids) else end, head)
            if got is None:
                parts = []
                break
            parts.append(got)
        if len(parts) < 2 or any(p is head for p in parts):
            continue
        for p in parts:
            p.role = p.role or "part"
        head.role = head.role or "total"
        # sub-items named by their 科目 codes (2012301行政运行) are the item's whole breakdown; others may fall short
        coded = all(_ITEM_CODE.match(stream, kid.end) for kid in kids)
        out.append(Relation("sum", {"total": head, "parts": parts}, partial=True, sentence=stream[m.start:end],
                            location=head.location, extra={"trigger": "分项列举", "nested": True, "headless_items": 0,
                                                           "may_fall_short": not coded}))
    return out


# An amount printed as a blank: "事业收入 /万元", "经营收入/亿元", "上缴上级支出 — 万元"
_BLANK_AMOUNT = regex.compile(r"\p{Han}\s*(?:[/／\-—–]+\s*|\s+)(?:万元|亿元|元)")
_NEW_ITEM = regex.compile(alternation(load_lexicons().relations["new_item"]))
# "比2024年预算持平", "与上年一致", "与2024年预算一致0万元": unchanged on a named base (not 基本持平)
_FLAT = regex.compile(r"(?:比|较|与|同)[^，。；,;：:]{0,16}?(?:相比\s*[，,]\s*[^，。；,;：:]{0,16}?)?(?<!基本)(?:"
                      + alternation(load_lexicons().relations["flat_change"])
                      + r")")
_FLAT_WORDS = regex.compile(alternation(load_lexicons().relations["flat_change"]))


def _new_item_change(head: Claim, stream: str, span: tuple[int, int] | None) -> Relation | None:
    """An item the text calls new this year ("上年无此科目列支", "为新增项目") and that
    states no change of its own changed by its whole amount (last year: nil)."""
    if span is None or not _NEW_ITEM.search(stream, *span):
        return None
    return Relation("change", {"current": head, "prior": None, "change": head, "pct": None},
                    sentence=stream[span[0]:span[1]], location=head.location,
                    extra={"direction": 1, "trigger": "新增科目"})


def _part_change_sums(cs, rels: list[Relation]) -> list[Relation]:
    """A 其中 breakdown whose total and parts each state their year-on-year
    change ("公务用车购置及运行费36.56万元，比2024年预算减少10万元。其中：公务用车购置费15万元，比2024年
    预算减少10万元…；公务用车运行费21.56万元，比2024年预算持平"): the parts' changes break the
    total's change down (a ``change_sum``, as for numbered items). A part's 持平 is read from
    its own clause, up to the next part, before any other figure."""
    changes = _first_changes(rels)
    based = _changes_on_bases(rels)
    taken = {id(r.members["sum"]) for r in rels if r.kind == "change_sum"}
    figures: dict[tuple, list[Claim]] = {}
    for c in cs.narrative:
        if c.quantity.dimension in ("money", "percent"):
            figures.setdefault((c.location, c.text), []).append(c)
    out = []
    for rel in rels:
        if rel.kind != "sum" or id(rel) in taken or rel.extra.get("trigger") != "其中":
            continue
        total, parts = rel.members["total"], rel.members["parts"]
        tc = changes.get(id(total))
        if tc is None or len(parts) < 2:
            continue

        items = []
        for k, p in enumerate(parts):
            ch = changes.get(id(p))
            if ch is None:
                # a part's 持平, read in its own paragraph up to the next part there
                starts = figures.get((p.location, p.text), [])
                hi = min((q.quantity.start for q in parts if (q.location, q.text) == (p.location, p.text)
                          and q.quantity.start > p.quantity.start), default=len(p.text))
                ch = _flat_change(p, p.text, p.quantity.end, hi, _figures_between(starts))
            if ch is None:
                break
            items.append(ch)
        else:
            if any(not ch.extra.get("flat") for ch in [tc, *items]):
                out.append(Relation("change_sum", {"total": tc, "items": items, "sum": rel},
                                    sentence=rel.sentence, location=rel.location, extra={"trigger": "其中增减"}))
        # the same breakdown against a budget as well ("…41万元,较上年减少19万元,…,较年初预算数减少4万元…。其中:
        # 公务用车购置及运行维护费21万元,较上年减少16万元,较年初预算数减少4万元,…;公务接待费20万元,…较上年减少
        # 2.5万元,较年初预算数减少1万元"): the parts' changes on that base break the total's down too
        for base, tb in based.get(id(total), {}).items():
            pb = [based.get(id(p), {}).get(base) for p in parts]
            if tb is not tc and all(x is not None for x in pb):
                out.append(Relation("change_sum", {"total": tb, "items": pb, "sum": rel}, sentence=rel.sentence,
                                    location=rel.location, extra={"trigger": "其中增减", "base": base}))
    return out


def _changes_on_bases(rels: list[Relation]) -> dict[int, dict[str, Relation]]:
    """Each figure's first change against a named budget base (年初预算数, 调整预算), by the base's words."""
    out: dict[int, dict[str, Relation]] = {}
    for r in rels:
        base = r.extra.get("compared_with") if r.kind == "change" else None
        if base and r.members.get("change") is not None:
            out.setdefault(id(r.members["current"]), {}).setdefault(base, r)
    return out


def _figures_between(starts: list[Claim]):
    def between(lo: int, hi: int, same_as: Claim | None = None) -> bool:
        return any(lo <= x.quantity.start < hi and not _restates(x, same_as) for x in starts)
    return between


def _first_changes(rels: list[Relation]) -> dict[int, Relation]:
    """Each figure's first stated change: the one on last year, when a total is also compared with an
    earlier year after it ("比上年决算数增加38.97万元,增长168.7%;比2019年(疫情前)决算数减少24.87万元"),
    as its items' changes are."""
    out: dict[int, Relation] = {}
    for r in rels:
        if r.kind == "change":
            out.setdefault(id(r.members["current"]), r)
    return out


def _restates(c: Claim, head: Claim | None) -> bool:
    """Is ``c`` the item's own amount printed again (…11.9万元，全部为公务用车运行维护费11.9万元)?"""
    return head is not None and c is not head and c.quantity.value == head.quantity.value and same_scale(c, head)


def _flat_change(head: Claim, stream: str, lo: int, hi: int, figures_between) -> Relation | None:
    """An item (or total) that states no change amount but says it is unchanged on a named
    base (公务接待费1.35万元。比2024年预算持平): its change is nil. Read in ``stream[lo:hi]``,
    from the end of its amount to the end of its item, before any other figure."""
    m = _FLAT.search(stream, lo, hi)
    if m is None or figures_between(lo, m.start(), head):
        return None
    return Relation("change", {"current": head, "prior": None, "change": None, "pct": None},
                    sentence=stream[lo:hi], location=head.location,
                    extra={"direction": 0, "trigger": m.group(0), "flat": True})
