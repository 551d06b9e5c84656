"""Relations the narrative asserts between its figures.

* sum: a total and its parts. ``其中`` introduces parts that may cover only
  part of the total (partial); 共计/合计 after an itemised list closes a full
  sum.
* change: a figure, last year's figure, the change and the change in %
  (较上年7.54万元减少1.36万元，降低18.04%).
* rate: a rate with its operands stated nearby (排查159处，整改155处，整改率97.5%).

Only exact figures take part (约, 余, 以上 make a relation unverifiable), and
parts share the total's dimension (money with money; counts with the same
unit), so 63人 is never summed with 213人次.
"""

from __future__ import annotations

import bisect

import regex

from auditor.lexicons import alternation, load_lexicons
from auditor.nlp.bounds import NAMED_AS, part_bounds
from auditor.nlp.claims import Claim, Relation
from auditor.nlp.enumerations import depth_at, enclosing_item, inside_closed_bracket, item_markers, ordinal
from auditor.nlp.fleet import fleet_counts
from auditor.nlp.unit_tables import unit_counts
from auditor.tolerance import check_sum, list_decimals

_QIZHONG = regex.compile(rf"(?:{alternation(load_lexicons().relations['breakdown_cues'])})[：:]?")
_SKIP_ROLES = {"change", "change_pct", "prior", "rate"}


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


def _prefix_that_sums(total: Claim, parts: list[Claim]) -> list[Claim] | None:
    """The shortest prefix of ``parts`` that adds up to ``total`` to within one unit of its
    last printed place: the rounding of many whole 万元 (8 × ½) must not make a prefix that
    misses by 4万元 "add up"."""
    for k in range(1, len(parts)):
        pre = parts[:k]
        dec = list_decimals([*pre, total])
        unit_ok = len({p.quantity.unit for p in pre} | {total.quantity.unit}) == 1
        cmp = check_sum([p.quantity.value for p in pre], total.quantity.value, dec)
        if unit_ok and cmp.ok and abs(cmp.difference) <= 10.0 ** -(dec or 0) + 1e-9:
            return pre
    return None


def _suffix_that_sums(total: Claim, parts: list[Claim]) -> list[Claim] | None:
    for k in range(len(parts) - 1, 1, -1):
        tail = parts[-k:]
        dec = list_decimals([*tail, total])
        if len({p.quantity.unit for p in tail} | {total.quantity.unit}) == 1 and \
                check_sum([p.quantity.value for p in tail], total.quantity.value, dec).ok:
            return tail
    return None


def _in_brackets(text: str, start: int, end: int) -> bool:
    """Is text[start:end] inside a （…） opened after ``start``-free context?"""
    depth = 0
    for ch in text[start:end]:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
    return depth > 0


_COMPARISON_CUE = regex.compile(r"比|较|同比|相比|上年|去年|上一年")
_CLAUSE_DELIM = regex.compile(r"[，,、；;：:。（）()]")


def _change_word_in_name(c: Claim, sentence: str, offset: int) -> bool:
    """Is a figure read as a change really an item whose name ends in a change
    word (支持商销稳增长30.00万)? Its clause names something before the word
    and compares with nothing."""
    from auditor.nlp.extract import roles

    if c.role != "change":
        return False
    end = c.quantity.start - offset
    start = 0
    for m in _CLAUSE_DELIM.finditer(sentence, 0, end):
        start = m.end()
    clause = sentence[start:end]
    words = list(roles().inc.finditer(clause)) + list(roles().dec.finditer(clause))
    if not words or _COMPARISON_CUE.search(clause):
        return False
    w = max(words, key=lambda m: m.end())
    return w.end() >= len(clause.rstrip()) - 1 and len(regex.findall(r"\p{Han}", clause[:w.start()])) >= 2


def _with_named_changes(total: Claim, parts: list[Claim], between: list[Claim], sentence: str, offset: int
                        ) -> list[Claim]:
    """``parts`` plus the items misread as changes, when only then the list adds up."""
    extra = [c for c in between if _change_word_in_name(c, sentence, offset) and _compatible(total, c)]
    if not extra:
        return parts
    dec = list_decimals([*parts, *extra, total])
    if check_sum([p.quantity.value for p in parts], total.quantity.value, dec).ok:
        return parts
    alt = sorted(parts + extra, key=lambda c: c.quantity.start)
    if len({p.quantity.unit for p in alt} | {total.quantity.unit}) == 1 and \
            check_sum([p.quantity.value for p in alt], total.quantity.value, dec).ok:
        for c in extra:
            c.role = "part"
            c.direction = 0
        return alt
    return parts


def _by_sentence(cs) -> dict[int, list[Claim]]:
    out: dict[int, list[Claim]] = {}
    for c in cs.narrative:
        out.setdefault(c.extra["sentence"], []).append(c)
    for v in out.values():
        v.sort(key=lambda c: c.quantity.start)
    return out


def _qizhong_sums(cs, by_sent) -> list[Relation]:
    from auditor.nlp.extract import roles

    R = roles()
    rels: list[Relation] = []
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        for m in _QIZHONG.finditer(sent.text):
            pos = sent.offset + m.start()
            before = [c for c in claims if c.quantity.end <= pos]
            if not before and m.start() < 3:
                # "…基本支出2609.57万元。其中人员经费…": the total closes the previous sentence.
                prev = by_sent.get(sent.index - 1, [])
                if prev:
                    before = prev
            # Parts run from 其中 to the next 其中 or a new total, within the sentence.
            nxt = _QIZHONG.search(sent.text, m.end())
            stop_rel = nxt.start() if nxt else len(sent.text)
            # （其中…）: a bracketed 其中 ends with its bracket.
            if m.start() > 0 and sent.text[m.start() - 1] in "（(":
                close = regex.search(r"[）)]", sent.text[m.end():])
                if close:
                    stop_rel = min(stop_rel, m.end() + close.start())
            stop = sent.offset + stop_rel
            after = [c for c in claims if pos <= c.quantity.start < stop]
            cands = [c for c in reversed(before) if c.role not in _SKIP_ROLES]
            if not cands or not after:
                continue
            # a bare number without a unit (科目编码2120501-…) is no part of anything
            parts_all = [c for c in after if c.role not in _SKIP_ROLES and c.quantity.dimension is not None]
            # The whole is the nearest earlier figure large enough to hold the
            # first part ("项目支出71.98万元，结余结转0万元，其中：…" means 71.98).
            total = None
            for c in cands:
                if parts_all and _compatible(c, parts_all[0]) and _value(c) >= _value(parts_all[0]):
                    total = c
                    break
            if total is None:
                total = next((c for c in cands if parts_all and _compatible(c, parts_all[0])), None)
            if total is None:
                continue
            parts: list[Claim] = []
            shares: list[tuple[Claim, Claim]] = []
            prev_end = pos
            for c in after:
                # A part's share of the whole (货物支出781.8万元，占政府采购支出总额的54.9%；…)
                # keeps the list going: it is read as part ÷ whole.
                if parts and c.quantity.dimension == "percent" and _SHARE_OF.search(
                        c.text[prev_end:c.quantity.start]):
                    shares.append((c, parts[-1]))
                    prev_end = c.quantity.end
                    continue
                # A rate after the parts closes the list: what follows it (年末结余6.15万元)
                # speaks of the whole again, not of a part.
                if parts and (c.role == "rate" or c.quantity.dimension == "percent"):
                    break
                if c.role in _SKIP_ROLES:
                    continue
                # 共/合计 before a figure closes the 其中 list (项目资金共301.1万元).
                if c.role == "total" or R.total_any.search(c.text[prev_end:c.quantity.start]):
                    break
                prev_end = c.quantity.end
                # A bracket after a part breaks that part down further: skip it.
                if parts and _in_brackets(c.text, parts[-1].quantity.end, c.quantity.start):
                    continue
                if _compatible(total, c):
                    parts.append(c)
            if not parts or any(not p.quantity.is_exact for p in parts) or not total.quantity.is_exact:
                continue
            parts = _with_named_changes(total, parts, [c for c in after if c.role == "change"], sent.text, sent.offset)
            # A list that ends in 其他… names the rest of the whole: it runs to its end and is complete;
            # else a shorter prefix that adds up is the list.
            complete = len(parts) >= 2 and _names_rest(parts[-1], sent)
            pre = None if complete else _prefix_that_sums(total, parts)
            if pre is not None:
                parts = pre
            for p in parts:
                p.role = p.role or "part"
            total.role = total.role or "total"
            rels.append(Relation("sum", {"total": total, "parts": parts}, partial=not complete, sentence=sent.text,
                                 location=sent.paragraph.location,
                                 extra={"trigger": "其中", "cue": m.group(0).rstrip("：:")}))
            for pct, part in shares:
                if pct.quantity.is_exact and total.quantity.value and same_scale(part, total):
                    pct.role = pct.role or "rate"
                    rels.append(Relation("rate", {"rate": pct, "numerator": part, "denominator": total},
                                         sentence=sent.text, location=sent.paragraph.location,
                                         extra={"trigger": "占…的"}))
    return rels


# "占政府采购支出总额的54.9%": the share of the whole a part is
_SHARE_OF = regex.compile(r"[，,]?\s*占[^，,。；;：:\d]{0,24}?的?(?:比重|比例)?(?:为|是)?\s*$")


_REST = regex.compile(r"^(?:[和及以、，,]|以及)?其他|^其余")


def _clause_before(c: Claim, sent) -> str:
    """The clause that names figure ``c``: from the last delimiter before it."""
    end = c.quantity.start - sent.offset
    start = 0
    for m in _CLAUSE_DELIM.finditer(sent.text, 0, max(0, end)):
        start = m.end()
    return sent.text[start:end].strip()


def _names_rest(c: Claim, sent) -> bool:
    """Is ``c`` the 其他… item that closes a breakdown (其他商品和服务支出46.60万元)?"""
    return bool(_REST.search(_clause_before(c, sent)))


_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# A total followed by a cue that the figures after it break it down:
# 共计拨入资金110万元，分三次拨款，1月…40万元，2月…20万元，8月…50万元.
_ENUM_CUE = regex.compile(r"^[^，,。；;]{0,12}?[，,：:]?\s*(?:(分([一二两三四五六七八九十\d]{1,2})[次批笔期项个])|分别(?:为|是|用于)?|具体(?:为|是|包括)|包括)")
# A clause opening with "X中，" breaks down the X of the previous sentence (公用经费中，办公经费…).
_OF_WHOLE = regex.compile(r"^\s*([\p{Han}“”\"（）()]{2,16}?)中[，,：:]")


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if len(word) == 1:
        return _CN_DIGITS.get(word)
    if len(word) == 2 and word[0] == "十":
        return 10 + _CN_DIGITS.get(word[1], 0)
    return None


def _run_of_parts(total: Claim, claims: list[Claim], start: int, used: set[int]) -> list[Claim]:
    """The compatible figures from paragraph offset ``start`` on, until a rate,
    a change, another total or an inexact figure closes the run."""
    parts = []
    for c in claims:
        if c.quantity.start < start:
            continue
        if id(c) in used or c.role in _SKIP_ROLES or c.role == "total" or c.quantity.dimension == "percent":
            break
        if not c.quantity.is_exact:
            return []
        if _compatible(total, c):
            parts.append(c)
    return parts


def _enumerated_sums(cs, by_sent, used: set[int]) -> list[Relation]:
    """A total stated first and broken down after a cue (分三次/分别/包括), and a
    sentence opening with "X中，" that breaks down the X just stated."""
    rels = []
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        for i, c in enumerate(claims):
            if id(c) in used or c.role in _SKIP_ROLES or not c.quantity.is_exact:
                continue
            after = sent.text[c.quantity.end - sent.offset:]
            m = _ENUM_CUE.match(after)
            if not m or regex.search(r"\d", after[:m.start(1) if m.group(1) else m.end()]):
                continue
            parts = _run_of_parts(c, claims[i + 1:], c.quantity.end + m.end(), used)
            if len(parts) < 2:
                continue
            n = _count(m.group(2)) if m.group(2) else None
            partial = m.group(0).endswith("包括") and n is None
            if n is not None and n != len(parts):
                continue  # the count names other things than the figures read here
            for p in parts:
                p.role = p.role or "part"
                used.add(id(p))
            c.role = c.role or "total"
            used.add(id(c))
            rels.append(Relation("sum", {"total": c, "parts": parts}, partial=partial, sentence=sent.text,
                                 location=sent.paragraph.location,
                                 extra={"trigger": m.group(1) or m.group(0).strip("，,：: "), "count": n}))
        m = _OF_WHOLE.match(sent.text)
        if m and claims:
            name = m.group(1)
            prev = [c for c in by_sent.get(sent.index - 1, [])
                    if c.location == sent.paragraph.location and c.quantity.is_exact and c.role not in _SKIP_ROLES]
            whole = [c for c in prev if _clause_before(c, cs.sentences[sent.index - 1]).endswith(name)]
            if len(whole) != 1:
                continue
            total = whole[0]
            parts = _run_of_parts(total, claims, sent.offset + m.end(), used)
            if len(parts) < 2:
                continue
            for p in parts:
                p.role = p.role or "part"
            complete = _names_rest(parts[-1], sent)
            rels.append(Relation("sum", {"total": total, "parts": parts}, partial=not complete, sentence=sent.text,
                                 location=sent.paragraph.location, extra={"trigger": f"{name}中"}))
    return rels


def _listed_sums(cs, by_sent, used: set[int]) -> list[Relation]:
    """共计/合计 closing an itemised list in the same sentence."""
    from auditor.nlp.extract import roles

    R = roles()
    rels = []
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        for i, c in enumerate(claims):
            if id(c) in used or c.role != "total" or not c.quantity.is_exact:
                continue
            left = sent.text[: c.quantity.start - sent.offset]
            lm = list(R.total.finditer(left))
            if not lm:
                continue
            # The list runs back to the previous total, 其中, or the sentence start.
            parts = []
            for p in reversed(claims[:i]):
                if p.role == "total" or id(p) in used:
                    break
                if p.role in _SKIP_ROLES:
                    continue
                if _compatible(c, p):
                    parts.append(p)
            parts.reverse()
            if parts:
                between = [p for p in claims[:i] if p.quantity.start >= parts[0].quantity.start and p.role == "change"]
                parts = _with_named_changes(c, parts, between, sent.text, sent.offset)
            if len(parts) < 2 or any(not p.quantity.is_exact for p in parts):
                continue
            if sent.continued and parts[0] is claims[0] and _suffix_that_sums(c, parts) is None \
                    and not check_sum([p.quantity.value for p in parts], c.quantity.value,
                                      list_decimals([*parts, c])).ok:
                continue  # the list began in the previous (wrapped) paragraph: not verifiable here
            # The itemised list is the run right before the total: when a
            # shorter tail adds up exactly, earlier figures belong elsewhere
            # (核定编制48名，在职45人，离休2人，退休31人，共计78人).
            tail = _suffix_that_sums(c, parts)
            if tail is not None:
                parts = tail
            else:
                # no tail adds up (a slip somewhere): the list is the run of items
                # printed in the total's own unit; a leading figure in another
                # unit is context (核定编制48名 before 在职46人…共计78人)
                k = 0
                while k < len(parts) and parts[k].quantity.unit != c.quantity.unit:
                    k += 1
                if 0 < k <= len(parts) - 2 and all(p.quantity.unit == c.quantity.unit for p in parts[k:]):
                    parts = parts[k:]
            for p in parts:
                p.role = p.role or "part"
            rels.append(Relation("sum", {"total": c, "parts": parts}, partial=False, sentence=sent.text,
                                 location=sent.paragraph.location, extra={"trigger": lm[-1].group(0)}))
    return rels


# What a comparison may name before its cue without naming a subject of its own.
_NO_SUBJECT = regex.compile(r"(?:(?:19|20)\d{2}年度?|该项目?|此项|本项|该科目|该笔|该经费|其|与|和|决算数?|支出|总体|整体|"
                            r"[\s\u3000，,。；;：:、（）()])+")


# "与2016年的运行及保洁经费相比", "跟17年相比": a comparison opened by its base year
_YEAR_COMPARED = regex.compile(r"(?:与|跟|同|比|较)\s*(?:(?:19|20)?\d{2}\s*年|(?:19|20)\d{2}(?!\d)|上年|去年|上一年)")


def _names_own_subject(sent, ch: Claim) -> bool:
    """Does the change's sentence name what it compares before the cue
    (人民体育场保洁经费与2016年…相比，增长1.21万元)? "较2016年决算数减少…",
    "2017年较上年…", "该项目较上年…" name nothing: they speak of the item."""
    from auditor.nlp.extract import roles

    end = ch.quantity.start - sent.offset
    head = sent.text[:end]
    cues = [m.start() for m in (roles().compares.search(head), _YEAR_COMPARED.search(head)) if m]
    cut = min(cues, default=end)
    rest = _NO_SUBJECT.sub("", _outside_brackets(head[:cut]))
    return len(regex.findall(r"\p{Han}", rest)) >= 2


def _outside_brackets(s: str) -> str:
    """The words of ``s`` outside brackets: a bracketed breakdown ("（其中…的金额为54.38万元；…14.28万元），
    较2016年决算数增加3.59万元") names parts of the item, not the change's own subject. A bracket
    that closes without opening in ``s`` opened before it: all before it is inside."""
    out: list[str] = []
    depth = 0
    for ch in s:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth:
                depth -= 1
            else:
                out = []
        elif not depth:
            out.append(ch)
    return "".join(out)


class _Items:
    """Enumerated items of each paragraph, computed once per paragraph."""

    def __init__(self, cs):
        self.cs = cs
        self._markers: dict[int, tuple[list, list[int]]] = {}  # paragraph -> (markers, their ends)
        self._claims: dict = {}  # location -> its narrative claims in order, built on first use
        self._starts: dict = {}  # location -> those claims' offsets

    def of(self, paragraph, pos: int):
        key = id(paragraph)
        if key not in self._markers:
            ms = item_markers(paragraph.text)
            self._markers[key] = (ms, [m.end for m in ms])
        ms, ends = self._markers[key]
        return enclosing_item(ms, pos, len(paragraph.text), ends)

    def head(self, item, ch: Claim, ok, ptext: str) -> Claim | None:
        """The item's first amount at the item's own bracket level, before ``ch``."""
        marker, _ = item
        key = ch.location
        if not self._claims:
            for c in self.cs.narrative:
                self._claims.setdefault(c.location, []).append(c)
            for v in self._claims.values():
                v.sort(key=lambda c: c.quantity.start)
            self._starts = {k: [c.quantity.start for c in v] for k, v in self._claims.items()}
        para, starts = self._claims.get(key, []), self._starts.get(key, [])
        for c in para[bisect.bisect_left(starts, marker.end):]:
            if c.quantity.start >= ch.quantity.start:
                return None
            if ok(c) and depth_at(ptext, marker.end, c.quantity.start) == 0:
                return c
        return None


_TIMES_OF = regex.compile(r"[，,]\s*(?:是|为|相当于)[^，,。；;]{0,14}的\s*$")


def _changes(cs, by_sent, sums: list[Relation] = ()) -> list[Relation]:
    """current, prior, change and change % of one indicator."""
    rels = []
    items = _Items(cs)
    # a part's whole, for a change that follows a breakdown (…635.98万元，其中工资386.86万元，
    # 商品服务支出233.39万元，较上年决算数增加102.63万元: the change is the whole's)
    whole_of = {id(p): r.members["total"] for r in sums if r.kind == "sum" and r.extra.get("trigger") == "其中"
                for p in r.members["parts"]}
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        changes = [c for c in claims if c.role == "change"]
        for ch in changes:
            i = claims.index(ch)
            prior = next((c for c in reversed(claims[:i]) if c.role == "prior" and _compatible(c, ch)), None)
            # the change's % comes next, after any bracket that breaks the change down
            # ("增加13.80万元（其中…13.80万元），增长100%")
            nxt = [c for c in claims[i + 1:]
                   if depth_at(sent.paragraph.text, ch.quantity.end, c.quantity.start) == 0
                   and not (c.quantity.dimension or "").startswith("duration")]  # 是16年决算数的…
            pct = nxt[0] if nxt and nxt[0].role == "change_pct" else None
            times_of = False
            if pct is None and nxt and nxt[0].quantity.unit == "倍" and _TIMES_OF.search(
                    sent.paragraph.text[ch.quantity.end:nxt[0].quantity.start]):
                # "增加950.74万元，是16年决算数的180.41倍": this year over last year
                pct, times_of = nxt[0], True
            # The current figure: the nearest earlier figure of the same kind that
            # is neither a change nor a prior; else the last statement of the
            # same concept earlier in the paragraph.
            # A figure in a bracket that closed before the change breaks the
            # current figure down ("3267.25万元（其中…3161.23万元），较上年增加…"): skip it.
            ptext = sent.paragraph.text
            current = next((c for c in reversed(claims[:i]) if c.role not in _SKIP_ROLES and _compatible(c, ch)
                            and c.quantity.is_exact
                            and not inside_closed_bracket(ptext, c.quantity.start, ch.quantity.start)), None)
            link = "sentence"
            alternatives = []
            whole = whole_of.get(id(current)) if current is not None else None
            if whole is not None and whole.extra.get("sentence") == sent.index and any(c is whole for c in claims[:i]) \
                    and _compatible(whole, ch) and whole.quantity.is_exact:
                alternatives = [current]
                current = whole
            subject = prior or ch
            item = None
            if current is None:
                item = items.of(sent.paragraph, ch.quantity.start)
            if current is None and item is not None and not _names_own_subject(sent, ch):
                # "（四十七）…59.14万元，主要用于…。较2016年决算数减少71.6万元": the item's head amount.
                current = items.head(item, ch, lambda c: c.role not in _SKIP_ROLES and _compatible(c, ch)
                                     and c.quantity.is_exact, ptext)
                link = "item"
            if current is None and subject.concept:
                same_para = [c for c in cs.narrative if c.location == sent.paragraph.location
                             and c.extra["sentence"] < sent.index and c.concept == subject.concept
                             and c.role not in _SKIP_ROLES
                             and (item is None or item[0].end <= c.quantity.start)]
                current = same_para[-1] if same_para else None
                link = "concept"
            if current is None:
                continue
            concept = current.concept or (prior.concept if prior else None)
            # A change names no indicator of its own: it is a change of the current figure's.
            from auditor.lexicons import load_lexicons

            concepts = load_lexicons().concepts
            if not ch.concept:
                ch.indicator = ch.indicator or current.indicator
                ch.concept = concept
            if pct is not None and concept:
                # 降低18.04% is the change rate of 三公经费, not an amount of it.
                pct.indicator = pct.indicator or current.indicator
                pct.concept = f"{concept}变动率" if f"{concept}变动率" in concepts else None
            rels.append(Relation("change", {"current": current, "prior": prior, "change": ch, "pct": pct},
                                 sentence=sent.text, location=sent.paragraph.location,
                                 extra={"direction": ch.direction, "concept": concept, "link": link,
                                        "times_of": times_of,
                                        "current_alternatives": alternatives}))
    return rels


def _rate_spec(c: Claim, specs: dict) -> dict | None:
    """The lexicon entry of a rate: by its concept, else by one of its ``names``
    ending the words right before it (整改完成率80.00%)."""
    if c.concept in specs:
        return specs[c.concept]
    name = (c.indicator or "").replace(" ", "")
    for spec in specs.values():
        if any(name.endswith(n) for n in spec.get("names", ())):
            return spec
    return None


def _rate_pairs(rate: Claim, pool: list[Claim], spec: dict) -> list[tuple[Claim, Claim]]:
    """(numerator, denominator) candidates for a rate among ``pool``: same unit,
    or both money (a 万元 operand beside a 元 one is US01's business)."""
    others = [o for o in pool if o is not rate and o.quantity.dimension != "percent" and o.quantity.is_exact]

    def pick(words, concept):
        return [o for o in others
                if (concept and o.concept == concept) or (words and any(w in (o.indicator or "") for w in words))]

    nums = pick(spec.get("numerator"), spec.get("numerator_concept"))
    dens = pick(spec.get("denominator"), spec.get("denominator_concept"))
    pairs = [(a, b) for a in nums for b in dens if a is not b and (
        same_scale(a, b) or a.quantity.dimension == b.quantity.dimension == "money")]
    return sorted(pairs, key=lambda p: not same_scale(*p))  # operands of one unit first


_PERSON_UNITS = frozenset({"人", "名"})


def same_scale(a: Claim, b: Claim) -> bool:
    """Printed in the same unit (人 and 名 both count people)."""
    ua, ub = a.quantity.unit, b.quantity.unit
    return ua == ub or (a.quantity.dimension == b.quantity.dimension == "count" and {ua, ub} <= _PERSON_UNITS)


_RATE_LOOKBACK = 4  # sentences back in which a rate's operands may still have been stated


def _rates(cs, by_sent) -> list[Relation]:
    """A narrative rate with its numerator and denominator from its sentence or,
    failing that, from the earlier sentences of its paragraph (编制48名，实有在职人员45人。
    在职人员控制率为93.75%)."""
    from auditor.nlp.extract import roles

    specs = roles().rates
    rels = []
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        for c in claims:
            spec = _rate_spec(c, specs) if c.role == "rate" else None
            if spec is None:
                if c.role == "rate" and (rel := _named_share(cs, sent, claims, c)) is not None:
                    rels.append(rel)
                continue
            pairs = _rate_pairs(c, claims, spec)
            if not pairs:
                # the operands were stated shortly before: within the last few sentences of the paragraph
                earlier = [o for s2 in cs.sentences[max(0, sent.index - _RATE_LOOKBACK):sent.index]
                           if s2.paragraph is sent.paragraph for o in by_sent.get(s2.index, [])]
                pairs = _rate_pairs(c, earlier + [o for o in claims if o.quantity.start < c.quantity.start], spec)
            if pairs:
                # Several candidate operands: the rate holds if any pairing holds.
                rels.append(Relation("rate", {"rate": c, "numerator": pairs[0][0], "denominator": pairs[0][1]},
                                     sentence=sent.text, location=sent.paragraph.location,
                                     extra={"alternatives": pairs}))
    return rels


def _named_share(cs, sent, claims: list[Claim], rate: Claim) -> Relation | None:
    """按期完成1238宗，按期完成率97.63%: a rate named after the count right before it,
    over the count in brackets right after it (…调查率为53.1%（194个）) or else the
    total that opens the paragraph (全年完成…项目1268宗，其中…)."""
    if rate.quantity.dimension != "percent" or not rate.quantity.is_exact:
        return None
    name = regex.sub(r"[为是达到：:\s]+$", "", _clause_before(rate, sent))
    if not name.endswith("率") or len(name) < 3:
        return None
    stem = name[:-1][-4:]
    i = claims.index(rate)
    num = claims[i - 1] if i > 0 else None
    if num is None or num.quantity.dimension != "count" or not num.quantity.is_exact or num.role in _SKIP_ROLES \
            or stem[-2:] not in _clause_before(num, sent):
        return None
    base = _bracketed_base(sent, claims, i, num)
    if base is not None:
        return Relation("rate", {"rate": rate, "numerator": num, "denominator": base}, sentence=sent.text,
                        location=sent.paragraph.location, extra={"trigger": "括注基数"})
    para = [c for c in cs.narrative if c.location == sent.paragraph.location]
    den = next((c for c in para if c.quantity.unit == num.quantity.unit and c.quantity.dimension == "count"), None)
    if den is None or den is num or not den.quantity.is_exact or not den.quantity.value:
        return None
    # the whole must be announced as one: broken down by 其中 or closing a list as a total
    after = den.text[den.quantity.end - den.offset:den.quantity.end - den.offset + 3]
    if den.role != "total" and "其中" not in after:
        return None
    return Relation("rate", {"rate": rate, "numerator": num, "denominator": den}, sentence=sent.text,
                    location=sent.paragraph.location, extra={"inferred": True})


def _bracketed_base(sent, claims: list[Claim], i: int, num: Claim) -> Claim | None:
    """已开展调查102个行政村，已开展调查率为53.1%（194个）: the count in brackets right
    after the rate, in the numerator's unit and other than it, is the rate's base."""
    if i + 1 >= len(claims):
        return None
    rate, base = claims[i], claims[i + 1]
    q = base.quantity
    if q.dimension != "count" or q.unit != num.quantity.unit or not q.is_exact or not q.value \
            or q.value == num.quantity.value:
        return None
    text = sent.paragraph.text
    return base if text[rate.quantity.end:q.start].strip() in _OPEN and text[q.end:q.end + 1] in _CLOSE else None


_OPEN = "（("
_CLOSE = "）)"
_BRACKET_PARTIAL = regex.compile(r"^\s*(?:其中|含|包括|主要|如|例如)")


def _bracket_sums(cs, by_sent, used: set[int]) -> list[Relation]:
    """A figure broken down in the brackets right after it:
    公务用车购置和维护经费4.80万元（公务用车购置费0万元，公务用车运行维护费4.80万元）.
    Two or more compatible figures inside make a sum; one opened by 其中/含/包括
    (or ending in 等) names only some of the parts."""
    rels = []
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        for c in claims:
            if id(c) in used or not c.quantity.is_exact or c.role in _SKIP_ROLES:
                continue
            text, pool = c.text, claims  # text: the paragraph
            i = c.quantity.end - c.offset
            while i < len(text) and text[i] in " \u3000":
                i += 1
            if text[i:i + 1] == "。" and text[i + 1:i + 2] in _OPEN and c is claims[-1]:
                # "（九）住房保障支出68.66万元。（其中…54.38万元；…14.28万元），较2016年…": the
                # breakdown opens the next sentence
                i += 1
                pool = by_sent.get(sent.index + 1, [])
            if i >= len(text) or text[i] not in _OPEN:
                continue
            depth, j = 0, i
            while j < len(text):
                if text[j] in _OPEN:
                    depth += 1
                elif text[j] in _CLOSE:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if depth != 0:
                continue
            # a bare number without a unit (a 科目 code: 科目编码2210201-住房公积金) is no figure of the breakdown
            inner = [p for p in pool if i < p.quantity.start - p.offset < j
                     and (p.quantity.dimension is not None or p.quantity.unit is not None)]
            if any(p.role in _SKIP_ROLES or p.quantity.dimension == "percent" for p in inner):
                continue  # （较上年增加…，增长…%）: a change, not a breakdown
            parts = [p for p in inner if _compatible(c, p)]
            body = text[i + 1:j]
            partial = bool(_BRACKET_PARTIAL.search(body)) or body.rstrip().endswith("等")
            # one figure makes a breakdown only when the bracket says it is a part (（其中…的金额为34.88万元）)
            if len(parts) < (1 if partial else 2) or len(parts) != len(inner) or any(not p.quantity.is_exact for p in parts):
                continue
            for p in parts:
                p.role = p.role or "part"
            rels.append(Relation("sum", {"total": c, "parts": parts}, partial=partial, sentence=sent.text,
                                 location=sent.paragraph.location, extra={"trigger": "括号内分项"}))
            used.add(id(c))
    return rels


# A 科目 code named before a figure: "（科目编码207）2.80万元", "科目编码2070101-文化行政运行的金额为28.0万元",
# "（二十一）2070307体育场馆1561.1万元". 类 codes have 3 digits, 款 5, 项 7 (收入 1…, 支出 2…, 经济分类 3…);
# a bare 3-digit number before a name is read as a code only after 科目编码 (120名 is no 类).
_CODE = regex.compile(r"科目编码\s*[:：]?\s*([123]\d{2}(?:\d{2}){0,2})(?!\d)"
                      r"|(?:^|(?<=[\s、，,；;。：:（(）)]))([123]\d{4}(?:\d{2})?)(?=[-—\s]?\p{Han}{2})(?!\s*(?:万|亿|元|个|人|年))")


def _code_before(text: str, lo: int, hi: int) -> str | None:
    """The last 科目 code printed in ``text[lo:hi]`` (the words between the figure before and this one)."""
    code = None
    for m in _CODE.finditer(text, lo, hi):
        code = m.group(1) or m.group(2)
    return code


def _code_nested_sums(cs, used: set[int]) -> list[Relation]:
    """A 科目 and the 科目 under it that the narrative names with their amounts: "文化体育与传媒支出（科目编码207）
    2.80万元。按照项级科目统计，科目编码2070101-文化行政运行的金额为2.80万元". The codes nest (2070101 is a 项 of
    the 类 207), so the amounts under a code may not exceed its own; they may fall short, as the narrative need
    not name every 项. The nearest level named is taken (款 before 项), and the run of a code's sub-codes ends at
    the first code outside it."""
    by_par: dict = {}
    for c in cs.narrative:
        if c.quantity.unit and c.quantity.dimension == "money" and c.quantity.is_exact and c.role not in _SKIP_ROLES:
            by_par.setdefault((c.location.paragraph, c.location.table), []).append(c)
    rels = []
    for claims in by_par.values():
        claims.sort(key=lambda c: c.quantity.start)
        coded, prev = [], 0
        for c in claims:
            lo, hi = prev, c.quantity.start - c.offset
            code = _code_before(c.text, lo, hi)
            prev = c.quantity.end - c.offset
            if code is not None:
                coded.append((code, c))
        for i, (code, total) in enumerate(coded):
            if len(code) >= 7 or id(total) in used:
                continue
            under = []
            for sub, c in coded[i + 1:]:
                if not sub.startswith(code) or sub == code:
                    break
                under.append((sub, c))
            if not under:
                continue
            level = min(len(sub) for sub, _ in under)
            parts = [(sub, c) for sub, c in under if len(sub) == level and _compatible(total, c)]
            if not parts:
                continue
            rels.append(Relation("sum", {"total": total, "parts": [c for _, c in parts]}, partial=True,
                                 sentence=total.text, location=total.location,
                                 extra={"trigger": "科目编码", "cue": "下级科目", "may_fall_short": True,
                                        "codes": [code] + [sub for sub, _ in parts]}))
    return rels


_OF = regex.compile(r"^\s*的\s*$")


def _shares_of(cs, by_sent, changes: list[Relation]) -> list[Relation]:
    """"为年度预算数8.00万元的75.00%": a percentage of the figure printed right
    before it, taken of what the sentence speaks of: the current figure of its
    year-on-year change, or an earlier figure of the sentence (完成交易项目1268宗，
    为年度目标1200宗的105.67%)."""
    current = {}
    for r in changes:
        cur = r.members.get("current")
        if cur is not None:
            current.setdefault(r.members["change"].extra.get("sentence"), []).append(cur)
    rels = []
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        for k, pct in enumerate(claims):
            if k == 0 or pct.quantity.dimension != "percent" or not pct.quantity.is_exact \
                    or pct.role in ("change_pct",):
                continue
            whole = claims[k - 1]
            if whole.quantity.dimension == "percent" or not whole.quantity.is_exact or not whole.quantity.value \
                    or not _OF.match(pct.text[whole.quantity.end - whole.offset:pct.quantity.start - pct.offset]):
                continue
            cands = list(current.get(sent.index, []))
            cands += [c for c in claims[:k - 1] if c.role not in _SKIP_ROLES and c.role != "change_pct"
                      and c.quantity.is_exact and _compatible(whole, c)]
            pairs = [(c, whole) for c in cands if c is not whole and same_scale(c, whole)]
            if pairs:
                rels.append(Relation("rate", {"rate": pct, "numerator": pairs[0][0], "denominator": whole},
                                     sentence=sent.text, location=sent.paragraph.location,
                                     extra={"alternatives": pairs, "inferred": True}))
    return rels


# The intro of a breakdown by numbered items ends with a cue and a colon:
# "…支出27,596.62万元，比上年决算数增加…，具体情况如下(按项级科目分类统计)："
_LIST_INTRO = regex.compile(r"(?:如下|其中|包括|分别为|分别是|构成为|明细为)[^，,。；;：:]{0,16}[：:]\s*$")


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

    changes = {id(r.members["current"]): r for r in rels if r.kind == "change"}
    sums_by_total = {id(r.members["total"]): r for r in rels if r.kind == "sum"}
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
            cut = max(stream.rfind(ch, prev_end, intro_start - 1) for ch in "。；;\n")
            total = first_amount(max(prev_end, cut + 1), intro_start)
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
        for first, again in duplicates:
            out.append(Relation("repeated_item", {"first": first, "again": again, "total": total,
                                                  "first_change": changes.get(id(first)),
                                                  "again_change": changes.get(id(again))},
                                sentence=rel.sentence, location=again.location, extra={"trigger": "重复列示"}))
        def end_of(c):
            return pos_of[id(c)] + c.quantity.end - c.quantity.start

        def figures_between(lo, hi):
            return any(c.quantity.dimension in ("money", "percent") for c in claims_in(lo, hi))

        def flat(c, hi):
            return _flat_change(c, stream, end_of(c), hi, figures_between)

        tc = changes.get(id(total)) or flat(total, m.start)
        item_changes = [changes.get(id(h)) or _new_item_change(h, stream, span_of.get(id(h)))
                        or (flat(h, span_of[id(h)][1]) if id(h) in span_of else None) for h in heads]
        if tc is not None and not headless and all(r is not None for r in item_changes):
            out.append(Relation("change_sum", {"total": tc, "items": item_changes, "sum": rel},
                                sentence=rel.sentence, location=loc, extra={"trigger": "分项增减"}))
        elif not headless:
            rs = _rate_sum(rel, total, heads, changes, span_of, claims_in, pos_of, (intro_start, m.start), flat,
                           stream)
            if rs is not None:
                out.append(rs)
    out += _nested_items(stream, markers, claims_in, markers_in, pos_of, rels + out)
    return out


_SAME_ITEM = 20  # characters after a number that show an item printed twice
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
_RATE_PIECE = regex.compile(rf"(?:(?P<up>{alternation(load_lexicons().relations['increase'])})"
                            rf"|(?P<down>{alternation(load_lexicons().relations['decrease'])}))?"
                            r"\s*(?P<sign>[-−－])?\s*$")


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


def _new_item_change(head: Claim, stream: str, span: tuple[int, int] | None) -> Relation | None:
    """An item the text calls new this year ("上年无此科目列支", "为新增项目") and that
    states no change of its own changed by its whole amount (last year: nil)."""
    if span is None or not _NEW_ITEM.search(stream, *span):
        return None
    return Relation("change", {"current": head, "prior": None, "change": head, "pct": None},
                    sentence=stream[span[0]:span[1]], location=head.location,
                    extra={"direction": 1, "trigger": "新增科目"})


def _part_change_sums(cs, rels: list[Relation]) -> list[Relation]:
    """A 其中 breakdown in one sentence whose total and parts each state their year-on-year
    change ("公务用车购置及运行费36.56万元，比2024年预算减少10万元。其中：公务用车购置费15万元，比2024年
    预算减少10万元…；公务用车运行费21.56万元，比2024年预算持平"): the parts' changes break the
    total's change down (a ``change_sum``, as for numbered items). A part's 持平 is read from
    its own clause, up to the next part, before any other figure."""
    changes = {id(r.members["current"]): r for r in rels if r.kind == "change"}
    taken = {id(r.members["sum"]) for r in rels if r.kind == "change_sum"}
    figures: dict[tuple, list[int]] = {}
    for c in cs.narrative:
        if c.quantity.dimension in ("money", "percent"):
            figures.setdefault((c.location, c.text), []).append(c.quantity.start)
    out = []
    for rel in rels:
        if rel.kind != "sum" or id(rel) in taken or rel.extra.get("trigger") != "其中":
            continue
        total, parts = rel.members["total"], rel.members["parts"]
        tc = changes.get(id(total))
        if tc is None or len(parts) < 2 or any((p.location, p.text) != (parts[0].location, parts[0].text) for p in parts):
            continue
        text, starts = parts[0].text, figures.get((parts[0].location, parts[0].text), [])

        def figures_between(lo: int, hi: int) -> bool:
            return any(lo <= x < hi for x in starts)

        items = []
        for k, p in enumerate(parts):
            ch = changes.get(id(p))
            if ch is None:
                hi = parts[k + 1].quantity.start if k + 1 < len(parts) else len(text)
                ch = _flat_change(p, text, p.quantity.end, hi, figures_between)
            if ch is None:
                break
            items.append(ch)
        else:
            if any(not ch.extra.get("flat") for ch in [tc, *items]):
                out.append(Relation("change_sum", {"total": tc, "items": items, "sum": rel},
                                    sentence=rel.sentence, location=rel.location, extra={"trigger": "其中增减"}))
    return out


def _flat_change(head: Claim, stream: str, lo: int, hi: int, figures_between) -> Relation | None:
    """An item (or total) that states no change amount but says it is unchanged on a named
    base (公务接待费1.35万元。比2024年预算持平): its change is nil. Read in ``stream[lo:hi]``,
    from the end of its amount to the end of its item, before any other figure."""
    m = _FLAT.search(stream, lo, hi)
    if m is None or figures_between(lo, m.start()):
        return None
    return Relation("change", {"current": head, "prior": None, "change": None, "pct": None},
                    sentence=stream[lo:hi], location=head.location,
                    extra={"direction": 0, "trigger": m.group(0), "flat": True})


# "完成年初预算的92.80%": a percentage of a base the sentence named before
_OF_NAMED = regex.compile(r"(?:完成|达到|占|为|是)(?:了)?(?P<name>[\p{Han}“”]{2,12}?)(?:数|额|金额)?的\s*$")


def _named_base_shares(cs, by_sent) -> list[Relation]:
    """"年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的92.80%": the
    percentage is the figure before it over the figure whose clause the
    percentage names (年初预算)."""
    rels = []
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        for k, pct in enumerate(claims):
            if k < 1 or pct.quantity.dimension != "percent" or not pct.quantity.is_exact or pct.role in _SKIP_ROLES:
                continue
            prev_end = claims[k - 1].quantity.end
            m = _OF_NAMED.search(pct.text[prev_end:pct.quantity.start])
            if not m:
                continue
            name = m.group("name").strip("“”")
            num = claims[k - 1]
            # the sentence may have begun on the line before (a text export wraps lines)
            before = [(c, sent) for c in claims[:k - 1]]
            if sent.continued and sent.index > 0:
                prev = cs.sentences[sent.index - 1]
                before = [(c, prev) for c in by_sent.get(prev.index, [])] + before
            cands = [(c, regex.sub(r"(?:为|是|：|:|数)+$", "", _clause_before(c, s_))) for c, s_ in before
                     if c.quantity.dimension == num.quantity.dimension and c.quantity.is_exact and c.quantity.value
                     and (same_scale(c, num) or c.quantity.dimension == "money")]  # 元 beside 万元: US01's
            # the clause ends with the name (年初预算为…), else names it before its verb (预算投入1000万元)
            dens = [c for c, clause in cands if clause.endswith(name)] or \
                [c for c, clause in cands if name in clause]
            if len(dens) != 1 or not num.quantity.is_exact or num.role in _SKIP_ROLES:
                continue
            rels.append(Relation("rate", {"rate": pct, "numerator": num, "denominator": dens[0]},
                                 sentence=sent.text, location=sent.paragraph.location,
                                 extra={"trigger": f"{m.group(0).strip()}"}))
    return rels


# "比2014年决算数增加 万元，增长7.50％": the change amount left blank
_BLANK_CHANGE = regex.compile(r"(?:增加|减少|增长|下降|上升|降低)(?:了)?\s*(?:万元|亿元|元)")
# "主要原因是：2017年没有安排此类活动，没有发生经费支出": last year had none
_NONE_LAST_YEAR = regex.compile(r"(?:没有|未|无)(?:安排|发生|开支)(?:此类|此项|该项|相关)?(?:活动|支出|经费)?")


def _orphan_change_rates(cs, by_sent, changes: list[Relation]) -> list[Relation]:
    """A change rate stated without its amount: the amount left blank ("增加 万元，
    增长7.50％"), or a growth on a base the text says was nil ("增长100%，主要原因是：
    2017年没有安排此类活动，没有发生经费支出")."""
    taken = {id(r.members["pct"]) for r in changes if r.members.get("pct") is not None}
    items = _Items(cs)
    rels = []

    def ok(c):
        return c.quantity.dimension == "money" and c.quantity.is_exact and c.role not in _SKIP_ROLES

    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        for k, pct in enumerate(claims):
            if pct.role != "change_pct" or id(pct) in taken or pct.quantity.unit != "%" or not pct.quantity.is_exact:
                continue
            current = next((c for c in reversed(claims[:k]) if ok(c)), None)
            if current is None and not _names_own_subject(sent, pct):
                item = items.of(sent.paragraph, pct.quantity.start)
                current = items.head(item, pct, ok, sent.paragraph.text) if item is not None else None
            if current is None:
                continue
            between = sent.paragraph.text[current.quantity.end:pct.quantity.start]
            if _BLANK_CHANGE.search(between):
                rels.append(Relation("blank_change", {"current": current, "pct": pct}, sentence=sent.text,
                                     location=sent.paragraph.location, extra={"trigger": "增减额空缺"}))
                continue
            nxt = cs.sentences[sent.index + 1].text if sent.index + 1 < len(cs.sentences) else ""
            if pct.direction > 0 and abs(pct.quantity.value - 100) < 1e-9 \
                    and _NONE_LAST_YEAR.search(sent.text[pct.quantity.end - sent.offset:] + nxt):
                rels.append(Relation("zero_base_rate", {"current": current, "pct": pct}, sentence=sent.text,
                                     location=sent.paragraph.location, extra={"trigger": "上年无此项"}))
    return rels


_SIGNED = regex.compile(alternation(load_lexicons().relations["signed_quantities"]))
_FLAT_WORDS = regex.compile(alternation(load_lexicons().relations["flat_change"]))


def _falls_over_full(cs, changes: list[Relation] = ()) -> list[Relation]:
    """"公务接待费支出下降722.3%": an amount, a count or a spending that cannot turn
    negative falls by at most 100%. A quantity that may (结余, 差额, 利润: words in
    ``signed_quantities``, in the figure's phrase or its sentence before it) is left alone, and so is a
    rate stated with its amount (NR02 judges it against its base)."""
    # a rate with its amount and base is judged against them (NR02): one slip, one finding
    judged = {id(r.members["pct"]) for r in changes if r.members.get("pct") is not None
              and r.members.get("change") is not None}
    rels = []
    for c in cs.narrative:
        q = c.quantity
        if id(c) in judged:
            continue
        if (c.role != "change_pct" or c.direction >= 0 or q.unit != "%"
                or not q.is_exact or q.value <= 100):
            continue
        sent = cs.sentences[c.extra["sentence"]] if c.extra.get("sentence") is not None else None
        before = sent.text[: max(0, q.start - sent.offset)] if sent is not None else c.clause_before()
        if _SIGNED.search(c.indicator or "") or _SIGNED.search(before):
            continue
        rels.append(Relation("fall_over_full", {"pct": c}, sentence=c.text, location=c.location,
                             extra={"trigger": "降幅超过100%"}))
    return rels


def _carry_over(cs, by_sent) -> list[Relation]:
    """"年初结转和结余A万元，本年收入B万元，本年支出C万元，事业基金弥补收支差额D万元，
    结余分配E万元，年末结转和结余F万元": A + B − C + D − E = F, within one sentence,
    each figure named by the words right before it (lexicons/relations.yaml carry_over)."""
    from auditor.lexicons import load_lexicons

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


def _balanced_changes(cs, changes: list[Relation]) -> list[Relation]:
    """A budget's income and spending totals, printed equal with their changes on last year ("收入预算为677.18万元，
    比上年增加117.50万元……相应安排支出预算677.18万元，比上年增加117.5万元"): both totals balanced last year too
    (收支平衡), so the two changes are one change printed twice (``restated``, trigger ``balanced``)."""
    words = load_lexicons().relations["balanced_totals"]
    names = {k: {str(w) for w in words[k]} for k in ("income", "spending")}
    found: dict[str, list[Relation]] = {"income": [], "spending": []}
    for r in changes:
        cur, ch = r.members.get("current"), r.members.get("change")
        if cur is None or ch is None or cur.quantity.dimension != "money":
            continue
        before = NAMED_AS.sub("", cur.clause_before())
        for key in found:
            if any(before.endswith(w) for w in names[key]):
                found[key].append(r)
    rels = []
    for inc in found["income"]:
        spend = next((s for s in found["spending"] if abs(_value(s.members["current"]) - _value(inc.members["current"])) < 1e-9
                      and s.members["change"].quantity.unit == inc.members["change"].quantity.unit), None)
        if spend is None:
            continue
        first, again = inc.members["change"], spend.members["change"]
        rels.append(Relation("restated", {"first": first, "again": again}, sentence=again.text, location=again.location,
                             extra={"trigger": "balanced", "directions": (inc.extra.get("direction", 0),
                                                                          spend.extra.get("direction", 0)),
                                    "current": inc.members["current"]}))
    return rels


def _order_ok(found: dict) -> bool:
    """The opening balance comes first and the closing one last, as the formula reads."""
    pos = {k: c.quantity.start for k, c in found.items()}
    return pos["opening"] < min(pos["income"], pos["spending"]) and pos["closing"] > max(pos["income"], pos["spending"])


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


def build_relations(cs) -> list[Relation]:
    """All narrative relations of a claim set."""
    from auditor.stages import guard

    by_sent = _by_sentence(cs)
    # Each kind of relation is isolated: one finder that fails costs its own relations.
    rels = guard("extract", "qizhong_sums", _qizhong_sums, cs, by_sent, default=[])
    used = {id(r.members["total"]) for r in rels if r.kind == "sum"}
    rels += guard("extract", "enumerated_sums", _enumerated_sums, cs, by_sent, used, default=[])
    rels += guard("extract", "listed_sums", _listed_sums, cs, by_sent, used, default=[])
    rels += guard("extract", "bracket_sums", _bracket_sums, cs, by_sent, used, default=[])
    rels += guard("extract", "code_nested_sums", _code_nested_sums, cs, used, default=[])
    changes = guard("extract", "changes", _changes, cs, by_sent, rels, default=[])
    rels += changes
    rels += guard("extract", "item_lists", _item_lists, cs, rels, default=[])
    rels += guard("extract", "part_change_sums", _part_change_sums, cs, rels, default=[])
    rels += guard("extract", "rates", _rates, cs, by_sent, default=[])
    rels += guard("extract", "shares_of", _shares_of, cs, by_sent, changes, default=[])
    carry = guard("extract", "carry_over", _carry_over, cs, by_sent, default=[])
    rels += carry
    rels += guard("extract", "restated_totals", _restated_totals, cs, carry, default=[])
    rels += guard("extract", "balanced_changes", _balanced_changes, cs, changes, default=[])
    rels += guard("extract", "orphan_change_rates", _orphan_change_rates, cs, by_sent, changes, default=[])
    rels += guard("extract", "falls_over_full", _falls_over_full, cs, changes, default=[])
    rels += guard("extract", "unit_counts", unit_counts, cs, default=[])
    rels += guard("extract", "fleet_counts", fleet_counts, cs, default=[])
    rels += guard("extract", "part_bounds", part_bounds, cs, default=[])
    rels += guard("extract", "juxtaposed_amounts", _juxtaposed_amounts, cs, by_sent, default=[])
    taken = {id(r.members["rate"]) for r in rels if r.kind == "rate"}
    rels += [r for r in guard("extract", "named_base_shares", _named_base_shares, cs, by_sent, default=[])
             if id(r.members["rate"]) not in taken]
    return rels
