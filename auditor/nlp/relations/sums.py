"""Sums: a total and its parts.

``其中`` introduces parts that may cover only part of the total (``_qizhong_sums``); a
total stated first and broken down after a cue, 分三次/分别/包括 or "X中，"
(``_enumerated_sums``); 共计/合计 closing an itemised list (``_listed_sums``); a figure
broken down in the brackets right after it (``_bracket_sums``); a 科目 and the 科目 its
code nests (207 › 2070101, ``_code_nested_sums``); a whole made of named parts by definition,
its parts found in the sentences after it (``_named_breakdowns``)."""

from __future__ import annotations

from functools import lru_cache

import regex

from auditor.lexicons import alternation, load_lexicons
from auditor.nlp.bounds import NAMED_AS
from auditor.nlp.claims import Claim, Relation
from auditor.nlp.relations.common import (
    RATE_BASE_AFTER, _CLAUSE_DELIM, _CLOSE, _OPEN, _SKIP_ROLES, _clause_before, _compatible, _in_brackets, _value, same_scale,
)
from auditor.tolerance import check_sum, list_decimals


# A breakdown cue, or 中 right after an amount ("“三公经费”财政拨款预算79.69亿元中，因公出国（境）费21.36亿元，…"),
# or a cue that opens one only right after an amount and a comma or bracket (…4,471.22万元,含…).
_QIZHONG = regex.compile(rf"(?:{alternation(load_lexicons().relations['breakdown_cues'])})[：:]?|(?<=元)中(?=[，,：:])"
                         rf"|(?<=[元人个]\s*[，,（(]\s*)(?:{alternation(load_lexicons().relations['breakdown_cues_after_amount'])})"
                         r"(?=\p{Han})")


_INCLUDES = frozenset(load_lexicons().relations['breakdown_cues_after_amount'])


def _siblings_of(total: Claim) -> regex.Pattern | None:
    """The names of the amounts of ``total``'s level (lexicons/relations.yaml ``siblings``), or None."""
    return _sibling_pattern(_amount_name(total))


@lru_cache(maxsize=256)
def _sibling_pattern(name: str) -> regex.Pattern | None:
    """``_siblings_of`` by the whole's name: built once a name, not once a 其中."""
    others = [w for group in load_lexicons().relations.get("siblings") or []
              if any(name.endswith(str(g)) for g in group) for w in group if not name.endswith(str(w))]
    return regex.compile(rf"(?:{alternation(others)})[^，,。；;、]*$") if others else None


def _cue_word(m) -> str:
    """The word a ``_QIZHONG`` match opens a breakdown with, as a message names it: the cue without its
    colon; 其中 for the 中 right after an amount."""
    cue = m.group(0).rstrip("：:")
    return "其中" if cue == "中" else cue


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


def _counted_whole(total: Claim, parts: list[Claim], by_sent, pos: int) -> bool:
    """Does the whole's own sentence count its members, and the 其中 list name that
    many ("编报绩效目标的项目共4个，涉及项目预算资金598.46万元。其中：…" with four
    amounts)? Then the list is the whole of it, not a selection. The count must be
    the only one before the list, so that it cannot count something else."""
    here = total.extra.get("sentence")
    near = [c for i in (here, here + 1) if here is not None for c in by_sent.get(i, [])
            if c.location == total.location and c.quantity.dimension == "count"]
    counts = [c for c in near if c.extra.get("sentence") == here and c.quantity.end <= total.quantity.start]
    between = [c for c in near if total.quantity.end <= c.quantity.start < pos]
    return (len(counts) == 1 and not between and counts[0].quantity.is_exact
            and counts[0].quantity.value == len(parts))


_COMPARISON_CUE = regex.compile(r"比|较|同比|相比|上年|去年|上一年")


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
            # a breakdown of a part of an earlier 其中 ends with that part's item ("其中:财政拨款收入751.8万元,…,
            # 包括一般公共预算收入751.8万元;其他收入7000万元,…")
            if _QIZHONG.search(sent.text, 0, m.start()):
                semi = _SEGMENT.search(sent.text, m.end(), stop_rel)
                if semi is not None:
                    stop_rel = semi.start()
            stop = sent.offset + stop_rel
            after = [c for c in claims if pos <= c.quantity.start < stop]
            # …never the base of a rate printed inside the sentence ("累计完成61646万元,占年初预算数109466万元的
            # 56.3%,…。其中税务部门完成28684万元"): that is what the whole is compared with
            cands = [c for c in reversed(before) if c.role not in _SKIP_ROLES
                     and not RATE_BASE_AFTER.match(c.text, c.quantity.end)]
            if not cands or not after:
                continue
            # the items of a table in prose may run on in the next sentences ("…工程类…24380.43万元…。
            # 服务类采购项目148个，…16973.33万元…")
            following = []
            if stop_rel == len(sent.text):
                for s2 in cs.sentences[sent.index + 1:sent.index + 1 + _MAX_ROW_SENTENCES]:
                    if s2.paragraph is not sent.paragraph:
                        break
                    following.append((s2, by_sent.get(s2.index, [])))
            columns = _column_sums(sent, before, after, pos, stop, following)
            if columns is not None:
                rels.extend(columns)
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
            details_end = -1
            siblings = _siblings_of(total)
            for i, c in enumerate(after):
                # A part's share of the whole (货物支出781.8万元，占政府采购支出总额的54.9%；…)
                # keeps the list going: it is read as part ÷ whole.
                if parts and c.quantity.dimension == "percent" and (sm := _SHARE_OF.search(
                        c.text[prev_end:c.quantity.start])):
                    # …unless it names another base the report printed before ("授予中小企业合同金额…，
                    # 其中：授予小微企业合同金额1931.86万元，占政府采购支出总额的6.7%")
                    earlier = [*before, *(by_sent.get(sent.index - 1, []) if sent.index else [])]
                    if not _names_other_base(cs, sm.group(0), total, earlier):
                        shares.append((c, parts[-1]))
                    prev_end = c.quantity.end
                    continue
                # A rate after the parts closes the list: what follows it (年末结余6.15万元)
                # speaks of the whole again, not of a part.
                # a part's own details, up to the ； that ends its item (below)
                if c.quantity.start < details_end:
                    prev_end = c.quantity.end
                    continue
                if parts and (c.role == "rate" or c.quantity.dimension == "percent"):
                    # …except a part's own change ending its item: "其中：公务用车购置费决算414万元，比上年增长
                    # 7.5%；公务用车运行费决算1204万元，…" goes on after the ；, and so does one whose item
                    # goes on with its share or what it is spent on ("财力安排支出68.4亿元,比上年预算数增长
                    # 10.1%,主要支出事项:一般公共服务支出7.1亿元、…等;上级专项、上年结转安排支出13.2亿元").
                    nxt_start = after[i + 1].quantity.start if i + 1 < len(after) else stop
                    # A part's own completion rate ending its item goes on too ("其中:因公出国(境)费支出决算为
                    # 0万元,完成年初预算的100%;公务接待费支出决算为26.4万元,完成年初预算的75.43%;…").
                    seg = _SEGMENT.search(c.text, c.quantity.end, stop)
                    if seg is not None and (seg.start() <= nxt_start and c.quantity.dimension == "percent"
                                            or c.role == "change_pct" and _own_details(c, after[i + 1:], seg.start())):
                        prev_end = c.quantity.end
                        details_end = seg.end()
                        continue
                    break
                if c.role in _SKIP_ROLES:
                    continue
                # 共/合计 before a figure closes the 其中 list (项目资金共301.1万元), and so does an amount of the
                # whole's own level (…基本支出…，其中…；项目支出2897260元)
                if c.role == "total" or R.total_any.search(c.text[prev_end:c.quantity.start]) \
                        or (siblings is not None and siblings.search(c.text, prev_end, c.quantity.start)):
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
            variants = _adjusted_variants(total, parts, before)
            for total, parts in variants:
                # A list that ends in 其他… names the rest of the whole: it runs to its end and is complete;
                # else a shorter prefix that adds up is the list.
                complete = len(parts) >= 2 and (_names_rest(parts[-1], sent)
                                                or _counted_whole(total, parts, by_sent, pos))
                pre = None if complete else _prefix_that_sums(total, parts)
                if pre is not None:
                    parts = pre
                elif not complete and stop_rel == len(sent.text) and (rest := _rest_next(total, parts, sent, by_sent)):
                    parts, complete = [*parts, rest], True
                for p in parts:
                    p.role = p.role or "part"
                total.role = total.role or "total"
                rels.append(Relation("sum", {"total": total, "parts": parts}, partial=not complete, sentence=sent.text,
                                     location=sent.paragraph.location,
                                     # 含… names what the amount includes, not all of it
                                     extra={"trigger": "其中", "cue": _cue_word(m), "may_fall_short": m.group(0) in _INCLUDES}))
            for pct, part in shares:
                if pct.quantity.is_exact and total.quantity.value and same_scale(part, total):
                    pct.role = pct.role or "rate"
                    rels.append(Relation("rate", {"rate": pct, "numerator": part, "denominator": total},
                                         sentence=sent.text, location=sent.paragraph.location,
                                         extra={"trigger": "占…的"}))
    return rels


# "由年初的80000万元调整为50000万元": an amount and what it was changed to
_ADJUSTED_TO = regex.compile(r"\s*(?:亿元|万元|元)?\s*(?:调整为|调整到|调增为|调减为|调为|变更为|调整至)\s*$")


def _adjusted_pairs(claims: list[Claim]) -> list[tuple[Claim, Claim]]:
    """Consecutive figures of ``claims`` printed "A调整为B" (the first's unit may sit between)."""
    return [(a, b) for a, b in zip(claims, claims[1:])
            if (a.location, a.text) == (b.location, b.text) and _ADJUSTED_TO.match(a.text, a.quantity.end, b.quantity.start)]


def _adjusted_variants(total: Claim, parts: list[Claim], before: list[Claim]) -> list[tuple[Claim, list[Claim]]]:
    """A 其中 whose parts each say what they were and what they became ("政府性基金预算由年初的80000万元调整为
    50000万元,其中:土地出让收入由年初预算的65000万元调整为35000万元,城市建设配套费10000万元、…5000万元不作调整")
    is two breakdowns: the whole as it was of the parts as they were, and as it became of the parts as
    they became (an unchanged part in both). Without the whole's own pair the list says too little: none."""
    pairs = _adjusted_pairs(parts)
    if not pairs:
        return [(total, parts)]
    own = [(a, b) for a, b in _adjusted_pairs(before) if a is total or b is total]
    if not own:
        return []
    was, became = own[-1]
    firsts, seconds = {id(a) for a, _ in pairs}, {id(b) for _, b in pairs}
    return [(was, [p for p in parts if id(p) not in seconds]), (became, [p for p in parts if id(p) not in firsts])]


_SEGMENT = regex.compile(r"[；;]")
_DETAIL_CUE = regex.compile(alternation(load_lexicons().relations["part_detail_cues"]))


def _own_details(c: Claim, rest: list[Claim], end: int) -> bool:
    """Are the figures after a part's change ``c`` up to ``end`` (its item's ；) that part's own: percents (its
    share), and amounts only after a cue that lists what it is spent on (主要支出事项:, 主要用于)?"""
    inside = [x for x in rest if x.quantity.start < end]
    money = next((x for x in inside if x.quantity.dimension != "percent"), None)
    if any(x.role == "total" for x in inside):
        return False
    return money is None or _DETAIL_CUE.search(c.text, c.quantity.end, money.quantity.start) is not None
_LABEL_TAIL = regex.compile(r"[^，,。；;：:、（）()]*$")


def _column_label(text: str) -> str:
    """The words that name an amount in its clause, without 为/是 and spaces."""
    return NAMED_AS.sub("", _LABEL_TAIL.search(text).group(0)).strip()


_MAX_ROW_SENTENCES = 8  # sentences after a 其中 sentence that may carry more rows of its table in prose


def _money_rows(sent, claims: list[Claim], lo: int, hi: int) -> list[list[Claim]]:
    """The money figures of sent.text[lo:hi], one row per ；-separated segment."""
    money = [c for c in claims if c.quantity.dimension == "money"]
    cuts = [lo, *(m.end() for m in _SEGMENT.finditer(sent.text, lo, hi)), hi]
    rows = []
    for a, b in zip(cuts, cuts[1:]):
        row = [c for c in money if a <= c.quantity.start - sent.offset < b]
        if row:
            rows.append(row)
    return rows


def _column_sums(sent, before: list[Claim], after: list[Claim], pos: int, stop: int,
                 following: list | None = None) -> list[Relation] | None:
    """A 其中 list whose items each give the same attributes, in the same order, as the whole before it
    ("“三公”经费支出2.05万元，年初预算为2.95万元，差值为0.9万元。其中：因公出国（境）支出0万元，年初预算为0万元，
    差值为0万元，…；公务接待费支出2.05万元，年初预算为2万元，差值为0.05万元，…") is a table in prose: each
    attribute of the whole is the sum of that attribute of the items. A difference column (差值, 增加) is
    left alone: its sign is not printed. None when the list is not so built; [] when it is but the whole's
    attributes are not all there to sum to."""
    money = [c for c in after if c.quantity.dimension == "money"]
    if len(money) < 4:
        return None
    rows = _money_rows(sent, after, pos - sent.offset, stop - sent.offset)
    if len(rows) < 2 or len({len(r) for r in rows}) != 1 or len(rows[0]) < 2:
        return None
    width = len(rows[0])

    def labels(row: list[Claim]) -> list[str]:
        return [_column_label(row[j].text[row[j - 1].quantity.end:row[j].quantity.start]) for j in range(1, len(row))]

    heads = labels(rows[0])
    if not all(heads) or any(labels(r) != heads for r in rows[1:]):
        return None
    for s2, claims2 in following or []:
        more = _money_rows(s2, claims2, 0, len(s2.text))
        if not more or any(len(r) != width or labels(r) != heads for r in more):
            break
        rows += more
    if all(r[j].role in _SKIP_ROLES for r in rows for j in range(1, width)):
        return None  # each item's other amounts are its changes: the plain 其中 list skips them
    whole = [c for c in before if c.quantity.dimension == "money"][-width:]
    if len(whole) < width or labels(whole) != heads:
        return []
    # an item of the whole's own level ends its rows ("公务用车…27.46万元…；其中：购置…；运行维护…；
    # 公务接待费支出决算为22.59万元…": 公务接待费 is the car costs' sibling, not their part)
    siblings = _siblings_of(whole[0])
    if siblings is not None:
        k = next((k for k, r in enumerate(rows) if k and siblings.search(
            r[0].text, rows[k - 1][-1].quantity.end, r[0].quantity.start)), len(rows))
        if k < len(rows):
            rows = rows[:k]
            if len(rows) < 2:
                return None
    lex = load_lexicons().relations
    signless = [*lex["increase"], *lex["decrease"], *lex["difference"]]
    # The items cover the whole when their first attribute adds up to the whole's: then every column is
    # complete; else each column is a partial list (its items must not exceed the whole).
    first = [r[0] for r in rows]
    complete = check_sum([_value(p) for p in first], _value(whole[0]), list_decimals([whole[0], *first])).ok
    out: list[Relation] = []
    for j in range(width):
        if j and any(w in heads[j - 1] for w in signless):
            continue
        parts = [r[j] for r in rows]
        if not whole[j].quantity.is_exact or any(not p.quantity.is_exact or p.role in _SKIP_ROLES for p in parts):
            continue
        for p in parts:
            p.role = p.role or "part"
        whole[j].role = whole[j].role or "total"
        out.append(Relation("sum", {"total": whole[j], "parts": parts}, partial=not complete, sentence=sent.text,
                            location=sent.paragraph.location,
                            extra={"trigger": "其中", "cue": "其中", "column": heads[j - 1] if j else None}))
    return out


# "占政府采购支出总额的54.9%": the share of the whole a part is
_SHARE_OF = regex.compile(r"[，,]?\s*占[^，,。；;：:\d]{0,24}?的?(?:比重|比例)?(?:为|是)?\s*$")


_SHARE_BASE = regex.compile(r"占(?P<name>[^，,。；;：:\d]{2,24}?)(?:数|额|金额)?的")
_QUOTES = str.maketrans("", "", "“”\"'‘’")


def _names_other_base(cs, phrase: str, whole: Claim, earlier: list[Claim]) -> bool:
    """Does a part's share phrase (占政府采购支出总额的) name a base other than the 其中 whole: the clause
    of one of the ``earlier`` figures (of this sentence and the one before, in the whole's paragraph),
    or a target (``target_bases``: 任务, 预算) the whole is not, rather than the whole's?"""
    m = _SHARE_BASE.search(phrase)
    if not m:
        return False
    name = m.group("name").translate(_QUOTES)

    def names(c: Claim) -> bool:
        return name in _clause_before(c, cs.sentences[c.extra["sentence"]]).translate(_QUOTES)

    if names(whole):
        return False
    # a part's rate on a target of its own (“其中税务部门完成28684万元,占任务数的56.4%”) names one too
    return bool(TARGET_BASE.search(name)) or any(
        c is not whole and c.location == whole.location and c.quantity.dimension == whole.quantity.dimension
        and names(c) for c in earlier)


# a base that is a target (年预算, 任务数): each subject's own (lexicons/relations.yaml ``target_bases``)
TARGET_BASE = regex.compile(rf"(?:{alternation(load_lexicons().relations['target_bases'])})(?:数|额)?$")


_REST = regex.compile(r"^(?:[和及以、，,]|以及)?其他|^其余")


def _rest_next(total: Claim, parts: list[Claim], sent, by_sent) -> Claim | None:
    """The amount that opens the next sentence of the paragraph when it is exactly what the 其中 list
    leaves of its whole ("全市财政总支出536.7亿元,其中:…调出资金2.2亿。结转下年51.1亿元。"): the
    list's last item, printed as a sentence of its own."""
    nxt = by_sent.get(sent.index + 1, [])
    if not nxt or nxt[0].location != total.location:
        return None
    c = nxt[0]
    if c.role in _SKIP_ROLES or not c.quantity.is_exact or c.quantity.unit != total.quantity.unit \
            or any(p.quantity.unit != total.quantity.unit for p in parts):
        return None
    dec = list_decimals([*parts, c, total])
    cmp = check_sum([p.quantity.value for p in [*parts, c]], total.quantity.value, dec)
    return c if cmp.ok and abs(cmp.difference) < 1e-9 else None


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


# "X万元,为A a万元,B b万元": what the amount is made of, named right after its comma (not "为上年的95%")
_ENUM_IS = regex.compile(r"^\s*[，,]\s*为(?![^，,。；;]{0,16}?(?:的|倍))")


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
            if m is None and (m := _ENUM_IS.match(after)):
                # "省级资金转移支付124.23万元,为桂花村美丽乡村建设25万元,对村集体组织帮助0.71万元,…;市级…":
                # the items of one clause, up to its ；, that "等" after the last leaves open
                end = _SEGMENT.search(after, m.end())
                seg_end = c.quantity.end + (end.start() if end else len(after))
                parts = [p for p in _run_of_parts(c, claims[i + 1:], c.quantity.end + m.end(), used)
                         if p.quantity.end <= seg_end]
                if len(parts) < 2 or any(p.quantity.unit != c.quantity.unit for p in parts):
                    continue
                partial = sent.paragraph.text.startswith("等", parts[-1].quantity.end)
                extra = {"trigger": "为", "count": None, "may_fall_short": partial}
            else:
                if not m or regex.search(r"\d", after[:m.start(1) if m.group(1) else m.end()]):
                    continue
                parts = _run_of_parts(c, claims[i + 1:], c.quantity.end + m.end(), used)
                if len(parts) < 2:
                    continue
                gap = sent.paragraph.text[c.quantity.end + m.end():parts[0].quantity.start]
                if "、" in gap:
                    # the cue lists names, not figures ("8个内设机构，分别为办公室、委员工作委员会、…，办公室
                    # 下设4个科和1个事业单位"): the figures after them count other things
                    continue
                n = _count(m.group(2)) if m.group(2) else None
                partial = m.group(0).endswith("包括") and n is None
                if n is not None and n != len(parts):
                    continue  # the count names other things than the figures read here
                extra = {"trigger": m.group(1) or m.group(0).strip("，,：: "), "count": n}
            for p in parts:
                p.role = p.role or "part"
                used.add(id(p))
            c.role = c.role or "total"
            used.add(id(c))
            rels.append(Relation("sum", {"total": c, "parts": parts}, partial=partial, sentence=sent.text,
                                 location=sent.paragraph.location, extra=extra))
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


def _closed_before(text: str, start: int, end: int) -> bool:
    """Does text[start:end] close a bracket opened before ``start`` (a figure at
    ``start`` sits in brackets that end before ``end``)?"""
    depth = 0
    for ch in text[start:end]:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
            if depth < 0:
                return True
    return False


def _listed_sums(cs, by_sent, used: set[int], nested: dict | None = None) -> list[Relation]:
    """共计/合计 closing an itemised list in the same sentence.

    An item may carry its own bracketed breakdown ("一批…总投资3374.3万元（其中建筑工程3292万元），
    二批…2069.51万元（其中…），…，合计批复总投资6222.4万元（其中建筑工程6025.215万元）"): the
    bracketed figures are details of their item, not items of the list, and a 其中 whole
    (``nested``) stays an item, or the 合计 itself."""
    from auditor.nlp.extract import roles

    R = roles()
    nested = nested or {}
    rels = []
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        continues = _continues(sent)
        for i, c in enumerate(claims):
            if (id(c) in used and id(c) not in nested) or not c.quantity.is_exact:
                continue
            left = sent.text[: c.quantity.start - sent.offset]
            closes = continues and _closes_continued(sent, c)
            if c.role != "total" and not closes:
                continue
            lm = list(R.total.finditer(left))
            if not lm and not closes:
                continue
            if lm and lm[-1].group(0) in _list_words().own_clause and _CLAUSE_BREAK.search(left, lm[-1].end()):
                continue  # 收入总量 names the figure right after it, not one further on
            trigger = lm[-1].group(0) if lm and not closes else "加上"
            # The list runs back to the previous total, 其中, or the sentence start.
            parts = []
            details: set[int] = set()
            for p in reversed(claims[:i]):
                whole = nested.get(id(p))
                if whole is not None and not R.total.search(_clause_before(p, sent)) \
                        and _compatible(c, p):
                    # an item broken down by its own 其中: the item counts, its parts do not
                    parts.append(p)
                    details.update(id(x) for x in whole.members["parts"])
                    continue
                if p.role == "total" or id(p) in used:
                    break
                if p.role in _SKIP_ROLES:
                    continue
                if _closed_before(sent.text, p.quantity.end - sent.offset, c.quantity.start - sent.offset):
                    continue  # in a bracket that breaks an item down
                if _compatible(c, p):
                    parts.append(p)
            parts = [p for p in parts if id(p) not in details]
            parts.reverse()
            if continues and parts and parts[0] is next((x for x in claims if x.role not in _SKIP_ROLES), None):
                opener = _continued_from(cs, by_sent, sent, c)
                if opener is not None:
                    parts.insert(0, opener)
            if parts:
                between = [p for p in claims[:i] if p.quantity.start >= parts[0].quantity.start and p.role == "change"]
                parts = _with_named_changes(c, parts, between, sent.text, sent.offset)
            if len(parts) < 2 or any(not p.quantity.is_exact for p in parts):
                continue
            if _parts_of_own_whole(parts, nested, c):
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
            c.role = c.role or "total"  # a 总收入 closing a 加上 list has no role of its own
            rels.append(Relation("sum", {"total": c, "parts": parts}, partial=False, sentence=sent.text,
                                 location=sent.paragraph.location, extra={"trigger": trigger}))
            rels.extend(_parallel_details(c, parts, nested, sent, trigger))
    return rels


class _ListWords:
    """lexicons/relations.yaml ``list_continues`` and ``total_in_own_clause``, read once."""

    def __init__(self, rel: dict):
        self.continues = tuple(str(w) for w in rel["list_continues"]["words"])
        self.not_continues = tuple(str(w) for w in rel["list_continues"].get("not_words") or [])
        self.totals = tuple(str(w) for w in rel["list_continues"]["totals"])
        self.own_clause = frozenset(str(w) for w in rel["total_in_own_clause"])


@lru_cache(maxsize=1)
def _list_words() -> _ListWords:
    return _ListWords(load_lexicons().relations)


_CLAUSE_BREAK = regex.compile(r"[，,。；;：:、（）()]")
_HEDGE_TAIL = regex.compile(r"(?:预计|约|共|达到|达)+$")


def _continues(sent) -> bool:
    """Does the sentence go on from the one before (加上…, lexicons/relations.yaml ``list_continues``)?"""
    text, words = sent.text.lstrip(), _list_words()
    return text.startswith(words.continues) and not text.startswith(words.not_continues)


def _closes_continued(sent, c: Claim) -> bool:
    """Is ``c``, in a sentence going on from the one before, the total that closes it (加上…，总收入预计为104.05亿元)?"""
    tail = _HEDGE_TAIL.sub("", NAMED_AS.sub("", _clause_before(c, sent)))
    return tail.endswith(_list_words().totals)


def _continued_from(cs, by_sent, sent, total: Claim) -> Claim | None:
    """The amount that opened the sentence before, when this one goes on from it with 加上
    (lexicons/relations.yaml ``list_continues``): the first item of the list this sentence closes."""
    if sent.index == 0:
        return None
    k = sent.index - 1
    if k > 0 and cs.sentences[k].text.lstrip().startswith("其中"):
        k -= 1  # "…收入安排77.6亿元,同比增长5%。其中:税收收入65.7亿元,…。加上…": the whole, not its part
    prev = [c for c in by_sent.get(k, []) if c.location == total.location]
    first = next((c for c in prev if c.role not in _SKIP_ROLES and c.quantity.dimension == total.quantity.dimension), None)
    return first if first is not None and first.quantity.is_exact and _compatible(total, first) else None


def _parts_of_own_whole(parts: list[Claim], nested: dict, total: Claim) -> bool:
    """Are ``parts`` the 其中 list of another whole they add up to ("共计239万元,其中上级资金179.25万元,
    本级59.75万元,……财政安排支出共计87.06万元")? Then a later 共计 of another amount is not their total."""
    owners = [r for r in nested.values() if {id(p) for p in parts} <= {id(x) for x in r.members["parts"]}]
    return any(r.members["total"] is not total and r.members["total"].quantity.value != total.quantity.value
               and check_sum([p.quantity.value for p in r.members["parts"]], r.members["total"].quantity.value,
                             list_decimals([*r.members["parts"], r.members["total"]])).ok
               for r in owners)


_QZ_LABEL = regex.compile(r"^[（(]?\s*(?:其中|含)[：:，,]?\s*")


def _parallel_details(total: Claim, parts: list[Claim], nested: dict, sent, trigger: str) -> list[Relation]:
    """Every item and the 合计 break out one same-named detail ("…3374.3万元（其中建筑工程3292万元），
    …2069.51万元（其中建筑工程1975.775万元），…合计…6222.4万元（其中建筑工程6025.215万元）"):
    the 合计's detail is the sum of the items' details."""
    def detail(c: Claim) -> tuple[Claim, str] | None:
        r = nested.get(id(c))
        if r is None or len(r.members["parts"]) != 1:
            return None
        d = r.members["parts"][0]
        name = _QZ_LABEL.sub("", _clause_before(d, sent))
        return (d, name) if name and d.quantity.is_exact else None

    whole = detail(total)
    items = [detail(p) for p in parts]
    if whole is None or any(x is None for x in items) \
            or any(name != whole[1] or not _compatible(whole[0], d) for d, name in items):
        return []
    for d, _ in items:
        d.role = d.role or "part"
    return [Relation("sum", {"total": whole[0], "parts": [d for d, _ in items]}, partial=False,
                     sentence=sent.text, location=sent.paragraph.location,
                     extra={"trigger": f"{trigger}（其中{whole[1]}）"})]


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


# ------------------------------------------------------------------ wholes made of named parts

_BREAKDOWN_AHEAD = 4  # sentences with figures after the whole's in which its parts may be named
# the money noun closing a kind's name: "因公出国（境）经费费", "因公出国（境）费" and "因公出国（境）费用" name one kind
_KIND_TAIL = regex.compile(r"(?:经费|费用|费|支出|资金)+$")
_KIND_STEM_MIN = 4  # characters a stem keeps for the tail-free comparison (出国 alone names too little)
_BREAKDOWN_DIMENSIONS = ("money", "count")  # amounts, and people (在职人员 by kind of post)
_ITEM_START = regex.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．](?!\d))")
_NAME_NOISE = regex.compile(r"[“”\"‘’'\s]")
_FULL_BRACKETS = str.maketrans("()", "（）")


_MEASURE_TAIL = regex.compile(r"(?:支出)?(?:决算数?|预算数|决算总额|总额)$")


def _amount_name(c: Claim) -> str:
    """The words that name an amount: its clause before it, without 为/是/：, quotes, spaces and a
    trailing 决算/预算数/总额 (公务接待费决算1033万元), brackets full-width. A bracket the clause closes
    without opening names the amount ("…公车运行费（“三公”经费）决算总额2771万元": 三公经费)."""
    name = _NAME_NOISE.sub("", NAMED_AS.sub("", c.clause_before())).translate(_FULL_BRACKETS)
    if "）" in name and "（" not in name.split("）", 1)[0]:
        name = name.replace("）", "", 1)
    return _MEASURE_TAIL.sub("", name) or name


def _breakdowns_of(c: Claim) -> list[tuple[dict, str]]:
    """The ``breakdowns`` specs whose whole ``c`` is an amount of, each with the whole's name, in the
    lexicon's order (a whole may be broken down two ways: 三公 into three parts, or four with the car
    costs split)."""
    name = _amount_name(c)
    out = []
    for sp in load_lexicons().relations.get("breakdowns") or []:
        hits = [str(w) for w in sp["whole"] if name.endswith(str(w))]
        if hits:
            out.append((sp, max(hits, key=len)))
    return out


def complete_breakdowns(rels: list[Relation]) -> None:
    """A partial sum whose parts name the parts of a named breakdown of its total, each once and nothing else,
    is that whole breakdown: "基本支出1,375.23万元，其中：（一）人员经费1,153.67万元…（二）公用经费221.55万元…"
    (the 其中 list runs past its sentence into numbered items, which the sentence-bound search of
    :func:`_named_breakdowns` stops at)."""
    for r in rels:
        if r.kind != "sum" or not r.partial or r.members["total"].quantity.dimension not in _BREAKDOWN_DIMENSIONS:
            continue
        for spec, whole in _breakdowns_of(r.members["total"]):
            if _names_every_part(r.members["parts"], spec):
                r.partial = False
                r.extra["breakdown"] = whole
                break


def _names_every_part(parts: list[Claim], spec: dict) -> bool:
    """Does each of ``parts`` carry the name of a part of ``spec``, the required ones all named? A kind may class
    several of them ("工资福利支出(人员支出)…，对个人和家庭补助支出(人员支出)…")."""
    kinds = [*spec["parts"], *(spec.get("optional") or [])]
    seen: set[int] = set()
    for p in parts:
        nm = _amount_name(p)
        i = next((i for i, alts in enumerate(kinds) if _names_kind(nm, alts)), None)
        if i is None:
            return False
        seen.add(i)
    return all(i in seen for i in range(len(spec["parts"])))


def _kind_stem(name: str) -> str:
    return _KIND_TAIL.sub("", name)


def _names_kind(name: str, alts) -> bool:
    """Does an amount's ``name`` end in one of a kind's names ``alts``, or in one of their stems when the money
    noun closing both is set aside (a report's 因公出国（境）经费费 is the lexicon's 因公出国（境）经费)?"""
    if any(name.endswith(str(a)) for a in alts):
        return True
    stem = _kind_stem(name)
    return stem != name and any(len(st := _kind_stem(str(a))) >= _KIND_STEM_MIN and st != str(a)
                                and stem.endswith(st) for a in alts)


def _named_parts(c: Claim, spec: dict, idx: int, sent_of: dict, by_sent: dict) -> dict[int, Claim]:
    """The parts of ``spec`` found for whole ``c`` (index of the part's kind → figure): each the first amount
    so named in the whole's sentence or the few after it, up to the next numbered item; in a sentence that
    names the whole again, none after it (and none in the sentences after a later one that does)."""
    kinds = [*spec["parts"], *(spec.get("optional") or [])]  # required parts first
    found: dict[int, Claim] = {}
    ahead = 0
    k = idx - 1
    while ahead <= _BREAKDOWN_AHEAD:
        k += 1
        sent = sent_of.get(k)
        if sent is None or (k > idx and _ITEM_START.match(sent.text)):
            break
        # a sentence without figures (an item's 主要原因是…) is no step away from the whole
        ahead += bool(by_sent.get(k))
        for x in by_sent.get(k, []):
            if k == idx and x.quantity.start <= c.quantity.start or x is c:
                continue
            if x.role in _SKIP_ROLES or not _compatible(c, x):
                continue
            nm = _amount_name(x)
            if any(nm.endswith(str(w)) for w in spec["whole"]):
                if k > idx:
                    # the whole named again in a later sentence: what follows are that amount's parts
                    # ("市本级…收入安排47.8亿元…。剔除高新区后:…收入安排44.2亿元…。其中:税收收入35.8亿元")
                    return found
                break  # …or in its own: the rest of this sentence speaks of another statement
            for i, alts in enumerate(kinds):
                if _names_kind(nm, alts):
                    if i not in found:
                        found[i] = x
                    elif found[i].extra.get("sentence") == k:
                        # a kind named twice in one sentence ("工资福利支出(人员支出)3265013元,…,对个人和家庭补助支出
                        # (人员支出)457838元"): the names class amounts, they do not pick one
                        return {}
                    break
    return found


def _named_breakdowns(cs, by_sent, rels: list[Relation]) -> list[Relation]:
    """A whole that is its named parts and nothing else (lexicons/relations.yaml ``breakdowns``): each part is
    the first amount so named in the whole's sentence or the few after it, up to the next numbered item. With
    every part found the sum is complete (it replaces a 其中 sum that stopped at its sentence's end); with
    some, it is a partial sum, unless a 其中 sum already holds the whole."""
    sent_of = {s.index: s for s in cs.sentences}
    held = {id(r.members["total"]): r for r in rels if r.kind == "sum"}
    # a figure a 其中 list gives as another amount's part ("公务用车购置及运行维护费预算0万元,其中公务用车运行
    # 维护费0万元") is that amount's, not a part of a larger whole named by its kind
    part_of = {id(p): r.members["total"] for r in rels if r.kind == "sum" for p in r.members["parts"]}
    out: list[Relation] = []
    for c in cs.narrative:
        if c.role in _SKIP_ROLES or not c.quantity.is_exact or c.quantity.dimension not in _BREAKDOWN_DIMENSIONS:
            continue
        idx = c.extra.get("sentence", -1)
        # of the ways the whole is broken down, the first whose parts are all found, else the one most found
        best = None
        for spec, whole in _breakdowns_of(c):
            found = _named_parts(c, spec, idx, sent_of, by_sent)
            complete = all(i in found for i in range(len(spec["parts"])))
            if not complete:  # short of some parts, it holds no 其中 part of another amount
                found = {i: p for i, p in found.items() if part_of.get(id(p), c) is c}
            if not found or any(not p.quantity.is_exact for p in found.values()):
                continue
            if best is None or (complete and not best[3]) or (complete == best[3] and len(found) > len(best[2])):
                best = (spec, whole, found, complete)
            if complete:
                break
        if best is None:
            continue
        spec, whole, found, complete = best
        old = held.get(id(c))
        parts = [found[i] for i in sorted(found)]
        if old is not None:
            if not complete or {id(p) for p in old.members["parts"]} == {id(p) for p in parts}:
                if complete and old.partial:
                    old.partial = False
                    old.extra["breakdown"] = whole
                continue
            rels.remove(old)
        for p in parts:
            p.role = p.role or "part"
        c.role = c.role or "total"
        # the cue the text gives between the whole and its first part, if any (a staff of 81 listed by post
        # after a comma has none)
        between = c.text[c.quantity.end:parts[0].quantity.start] if parts[0].location == c.location else ""
        said = _QIZHONG.search(between)
        cue = _cue_word(said) if said else ""
        rel = Relation("sum", {"total": c, "parts": parts}, partial=not complete, sentence=sent_of[idx].text,
                       location=c.location, extra={"trigger": "其中", "cue": cue, "breakdown": whole})
        held[id(c)] = rel
        out.append(rel)
    return out
