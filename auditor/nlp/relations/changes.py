"""Changes: a figure, last year's figure, the change and the change in %
(较上年7.54万元减少1.36万元，降低18.04%, ``_changes``); a change rate stated without its
amount or on a nil base (``_orphan_change_rates``); a fall of more than 100% of what cannot
turn negative (``_falls_over_full``); a balanced budget's income and spending, whose changes
are one change printed twice (``_balanced_changes``)."""

from __future__ import annotations

import bisect

import regex

from auditor.lexicons import alternation, load_lexicons
from auditor.nlp.bounds import NAMED_AS
from auditor.nlp.claims import LIST_GAP, Claim, Relation
from auditor.nlp.enumerations import depth_at, enclosing_item, inside_closed_bracket, item_markers
from auditor.nlp.relations.common import RATE_BASE_AFTER, _SKIP_ROLES, _compatible, _value, direction_words
from auditor.nlp.relations.sums import _QIZHONG, _SEGMENT


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


def _subject_concept(sent, ch: Claim, min_score: float = 95) -> str | None:
    """The concept a change's sentence names before its comparison ("其中：因公出国（境）费同口径比2018年
    减少9万元": 因公出国境费), or None."""
    from auditor.link.concepts import match_concept
    from auditor.nlp.extract import roles

    head = regex.split(r"[。；;]", sent.text[:ch.quantity.start - sent.offset])[-1]
    # the change's own clause first ("…增加1.68万元,其中公务接待较上年同期减少0.58万元": 公务接待)
    for part in (regex.split(r"[，,：:]", head)[-1], head):
        cues = [m.start() for m in (roles().compares.search(part), _YEAR_COMPARED.search(part)) if m]
        if cues:
            break
    else:
        return None
    words = regex.split(r"[，,：:]", part[:min(cues)])[-1]
    words = regex.sub(r"同口径$|^其中", "", words.strip())
    concept, score = match_concept(words) if words else (None, 0.0)
    if score < min_score and (bare := _MEASURE_TAIL.sub("", words)) != words and bare:
        concept, score = match_concept(bare)  # 公务用车购置及运行费支出决算数: the item, without its measure
    return concept if score >= min_score else None


_MEASURE_TAIL = regex.compile(r"(?:支出)?(?:年初|全年|调整后?)?(?:决算|预算|执行)数?$")


# "决算数比预算数减少17.54万元": a change on the budget, not on last year (what the messages name)
_BUDGET_BASE = regex.compile(r"(?:比|较|相比|与)(?P<b>(?:年初|全年|调整后?)?预算数?)[^，,。；;]*$")
_PARAGRAPHS_UP = 4  # paragraphs back in which a change's named subject may have been given its amount


def _named_paragraphs_up(cs, sent, concept: str, ch: Claim) -> Claim | None:
    """The last amount of ``concept`` in the change's unit in the few paragraphs before the change's, when
    one paragraph there gives it (two that give it are two scopes: no guess)."""
    here = sent.paragraph.location.paragraph
    if here is None:
        return None
    found = [c for c in cs.narrative if c.concept == concept and c.role not in _SKIP_ROLES and c.quantity.is_exact
             and _compatible(c, ch)
             and c.location.paragraph is not None and here - _PARAGRAPHS_UP <= c.location.paragraph < here
             and c.location.table is None]
    return found[-1] if found and len({c.location.paragraph for c in found}) == 1 else None


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


# "收、支总计各是4125.49，4143.91万元" / "…各减少1267.86，2570.97万元，各下降23.51%、38.28%": a list of
# figures, one per subject, after 各/分别 (and a change word)
_EACH_HANDED = regex.compile(rf"(?:各|分别)(?:是|为)?\s*{direction_words()}?(?:了)?\s*$")
_EACH_SUBJECT = regex.compile(r"([^，,。；;：:（）()]*?)(?:各|分别)")


def _respective_runs(sent, claims: list[Claim]) -> list[tuple[str, int, list[Claim]]]:
    """The figure lists of a sentence that 各/分别 hands out, one figure per subject: (the subjects'
    words before 各, direction of the change word after it or 0, figures)."""
    runs = []
    i = 0
    while i < len(claims):
        c = claims[i]
        left = c.text[:c.quantity.start]
        m = _EACH_HANDED.search(left[-12:])
        if m is None:
            i += 1
            continue
        run = [c]
        j = i + 1
        while j < len(claims) and LIST_GAP.fullmatch(c.text[run[-1].quantity.end:claims[j].quantity.start]) \
                and claims[j].quantity.dimension == c.quantity.dimension:
            run.append(claims[j])
            j += 1
        if len(run) >= 2:
            # the subjects: the words of the clause that ends in this 各/分别
            last = list(_EACH_SUBJECT.finditer(left))
            words = last[-1].group(1) if last else ""
            direction = 1 if m.group("up") else -1 if m.group("down") else 0
            runs.append((words.strip(), direction, run))
        i = j
    return runs


def _respective_changes(cs, by_sent) -> list[Relation]:
    """"2022年度收、支总计各是4125.49，4143.91万元。与2021年相比，收、支总计各减少1267.86，2570.97万元，
    各下降23.51%、38.28%": each subject's figure, its change and its change rate, paired by position.
    The change list names the figures' subjects again, or none; the rates follow the changes."""
    rels: list[Relation] = []
    for para_sents in _paragraph_sentences(cs):
        runs = []
        for sent in para_sents:
            runs += [(sent, *r) for r in _respective_runs(sent, by_sent.get(sent.index, []))]
        for a, (sent, subj, d, values) in enumerate(runs):
            if d or values[0].quantity.dimension != "money" or any(v.role in _SKIP_ROLES for v in values):
                continue
            nxt = runs[a + 1] if a + 1 < len(runs) else None
            if nxt is None or not nxt[2] or len(nxt[3]) != len(values) or nxt[3][0].quantity.dimension != "money":
                continue
            if nxt[1] and not (subj.endswith(nxt[1]) or nxt[1].endswith(subj)):
                continue  # the changes name subjects of their own
            changes = nxt[3]
            pcts = None
            after = runs[a + 2] if a + 2 < len(runs) else None
            if after is not None and after[2] and len(after[3]) == len(values) \
                    and after[3][0].quantity.dimension == "percent" and not after[1] and after[0] is nxt[0]:
                pcts = after[3]
            if not all(v.quantity.is_exact for v in [*values, *changes]):
                continue
            for k, (cur, ch) in enumerate(zip(values, changes)):
                if cur.quantity.unit != ch.quantity.unit:
                    break
                ch.role, ch.direction = "change", nxt[2]
                pct = None
                if pcts is not None:
                    pct = pcts[k]
                    pct.role, pct.direction = "change_pct", after[2]
                rels.append(Relation("change", {"current": cur, "prior": None, "change": ch, "pct": pct},
                                     sentence=nxt[0].text, location=nxt[0].paragraph.location,
                                     extra={"direction": nxt[2], "concept": cur.concept, "link": "respective",
                                            "times_of": False, "current_alternatives": []}))
    return rels


def _paragraph_sentences(cs):
    """The sentences of each paragraph, in order."""
    out: dict[object, list] = {}
    for s in cs.sentences:
        out.setdefault(id(s.paragraph), []).append(s)
    return list(out.values())


# "完成全年预算84.82万元的73.2%": the amount is the base a rate is taken of, not a figure
# a later change in the sentence compares (比上年决算数增加38.97万元 is the 62.07万元 决算's).
_BRACKETED_PCT_OPEN = regex.compile(rf"\s*[（(]\s*(?:{direction_words()})?\s*")
_BRACKET_CLOSE = regex.compile(r"\s*[）)]")


def _changes(cs, by_sent, sums: list[Relation] = ()) -> list[Relation]:
    """current, prior, change and change % of one indicator."""
    rels = _respective_changes(cs, by_sent)
    handed_out = {id(r.members["change"]) for r in rels}
    items = _Items(cs)
    # a part's whole, for a change that follows a breakdown (…635.98万元，其中工资386.86万元，
    # 商品服务支出233.39万元，较上年决算数增加102.63万元: the change is the whole's)
    whole_of = {id(p): r.members["total"] for r in sums if r.kind == "sum" and r.extra.get("trigger") == "其中"
                for p in r.members["parts"]}
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        changes = [c for c in claims if c.role == "change" and id(c) not in handed_out]
        for ch in changes:
            i = claims.index(ch)
            prior = next((c for c in reversed(claims[:i]) if c.role == "prior" and _compatible(c, ch)), None)
            # the change's % comes next, after any bracket that breaks the change down
            # ("增加13.80万元（其中…13.80万元），增长100%")
            nxt = [c for c in claims[i + 1:]
                   if depth_at(sent.paragraph.text, ch.quantity.end, c.quantity.start) == 0
                   and not (c.quantity.dimension or "").startswith("duration")]  # 是16年决算数的…
            pct = nxt[0] if nxt and nxt[0].role == "change_pct" else None
            if pct is None and i + 1 < len(claims):
                # the change's rate in brackets right after it: "较上年减少1.5万元（42.86%）", "（下降42.86%）"
                b = claims[i + 1]
                ptext = sent.paragraph.text
                if b.quantity.dimension == "percent" and b.quantity.is_exact \
                        and _BRACKETED_PCT_OPEN.fullmatch(ptext, ch.quantity.end, b.quantity.start) \
                        and _BRACKET_CLOSE.match(ptext, b.quantity.end):
                    pct = b
                    b.role = b.role or "change_pct"
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
                            and not inside_closed_bracket(ptext, c.quantity.start, ch.quantity.start)
                            and not RATE_BASE_AFTER.match(ptext, c.quantity.end)), None)
            link = "sentence"
            if prior is not None and current is not None and prior.quantity.start < current.quantity.start \
                    and _SEGMENT.search(ptext, prior.quantity.end, ch.quantity.start):
                # last year's figure of an earlier item of the list ("…比上年累计支出285万元下降34万元…；
                # 公务用车购置支出56万元比上年增加56万元"): not this change's
                prior = None
            if prior is None and current is not None:
                pair = _two_years(claims, current, ch, ptext, sent.offset)
                if pair is not None:
                    current, prior = pair
                    link = "two years"
            alternatives = []
            whole = whole_of.get(id(current)) if current is not None else None
            # …unless the whole stated its own change before its parts: then each change after a part
            # is that part's ("预算总额1969万元，较2024年…减少221万元；其中：…公务接待费242万元，较上年减少12万元")
            whole_changed = whole is not None and any(
                c.role == "change" and c is not ch and whole.quantity.end <= c.quantity.start < current.quantity.start
                for c in claims)
            if whole is not None and whole.extra.get("sentence") == sent.index and any(c is whole for c in claims[:i]) \
                    and _compatible(whole, ch) and whole.quantity.is_exact and not whole_changed:
                alternatives = [current]
                current = whole
            if prior is not None and current is not None and prior.quantity.start < current.quantity.start \
                    and _QIZHONG.search(sent.paragraph.text, prior.quantity.end, current.quantity.start):
                prior = None  # last year's figure of the whole, before the breakdown: not this part's
            subject = prior or ch
            item = None
            if current is None:
                item = items.of(sent.paragraph, ch.quantity.start)
            if current is None and item is not None and not _names_own_subject(sent, ch):
                # "（四十七）…59.14万元，主要用于…。较2016年决算数减少71.6万元": the item's head amount.
                current = items.head(item, ch, lambda c: c.role not in _SKIP_ROLES and _compatible(c, ch)
                                     and c.quantity.is_exact, ptext)
                link = "item"
            subject_concept = subject.concept or (_subject_concept(sent, ch) if current is None else None)
            if current is None and subject_concept:
                same_para = [c for c in cs.narrative if c.location == sent.paragraph.location
                             and c.extra["sentence"] < sent.index and c.concept == subject_concept
                             and c.role not in _SKIP_ROLES
                             and (item is None or item[0].end <= c.quantity.start)]
                current = same_para[-1] if same_para else None
                if current is None and _names_own_subject(sent, ch):
                    # "(二)公务用车购置及运行费支出57.36万元。其中:" … (its parts, a paragraph each) …
                    # "公务用车购置及运行费支出决算数比预算数减少17.54万元": the item's amount a few paragraphs up
                    current = _named_paragraphs_up(cs, sent, subject_concept, ch)
                link = "concept"
            if current is None and prior is None:
                current = _previous_sentence_figure(cs, by_sent, sent, ch, whole_of)
                link = "previous sentence"
            if current is None and prior is None and not subject.concept:
                # "2022年预算…公务接待11.8万元…。2021年决算…公务接待12.39万元…。其中公务接待较上年同期减少0.58万元":
                # the item's amounts of this year and last, each stated once before (a name as loosely matched
                # as a figure's own, the pair being what ties them)
                named = _subject_concept(sent, ch, load_lexicons().min_concept_score)
                if named:
                    current, prior = _year_pair(cs, sent, ch, named)
                    link = "year pair"
            if current is None:
                continue
            concept = current.concept or (prior.concept if prior else None)
            # A change names no indicator of its own: it is a change of the current figure's.
            concepts = load_lexicons().concepts
            if not ch.concept:
                ch.indicator = ch.indicator or current.indicator
                ch.concept = concept
            if pct is not None and concept:
                # 降低18.04% is the change rate of 三公经费, not an amount of it.
                pct.indicator = pct.indicator or current.indicator
                pct.concept = f"{concept}变动率" if f"{concept}变动率" in concepts else None
            base = _BUDGET_BASE.search(ch.text, max(0, ch.quantity.start - 24), ch.quantity.start)
            rels.append(Relation("change", {"current": current, "prior": prior, "change": ch, "pct": pct},
                                 sentence=sent.text, location=sent.paragraph.location,
                                 extra={"direction": ch.direction, "concept": concept, "link": link,
                                        "compared_with": base.group("b") if base else None,
                                        "times_of": times_of,
                                        "current_alternatives": alternatives}))
    return rels


_OWN_YEAR = regex.compile(r"((?:19|20)\d{2})\s*年")


def _two_years(claims: list[Claim], current: Claim, ch: Claim, ptext: str, lo: int) -> tuple[Claim, Claim] | None:
    """Two amounts of one measure, each after its own year a year apart, then their difference with no base of
    its own ("公务接待费2016年预算8万元,2015年预算12.5万元;对比减少4.35万元"): the later year's is the
    current figure, the earlier year's the prior, in either order. None when the shape is not this one."""
    j = next((k for k, c in enumerate(claims) if c is current), 0)
    if j == 0:
        return None
    before = claims[j - 1]
    if before.role in _SKIP_ROLES or not _compatible(before, current) or not before.quantity.is_exact \
            or before.quantity.unit != current.quantity.unit or before.measure != current.measure:
        return None
    start = claims[j - 2].quantity.end if j >= 2 else lo
    y_before = _OWN_YEAR.findall(ptext, start, before.quantity.start)
    y_current = _OWN_YEAR.findall(ptext, before.quantity.end, current.quantity.start)
    if len(y_before) != 1 or len(y_current) != 1 or _OWN_YEAR.search(ptext, current.quantity.end, ch.quantity.start):
        return None
    a, b = int(y_before[0]), int(y_current[0])
    if abs(a - b) != 1:
        return None
    return (before, current) if a > b else (current, before)


# What opens a sentence that compares: its subject's words, then the comparison
_COMPARISON_OPENING = regex.compile(r"^\s*(?:\d+[.．、]\s*)?(?P<subject>[\p{Han}、]{0,8}?)\s*(?:同口径)?(?:与|比|较|同|跟)\s*"
                                    r"(?:(?:19|20)\d{2}\s*年度?|上年度?|去年|上一年)(?:决算数?)?(?:相比|比较)?\s*[，,]?")


def _year_pair(cs, sent, ch: Claim, concept: str) -> tuple[Claim | None, Claim | None]:
    """This year's and last year's amount of ``concept``, each stated exactly once before the change's
    sentence (a 三公 note that gives the budget's items, then last year's 决算 items, then the items'
    changes), or (None, None)."""
    if ch.year is None:
        return None, None
    before = [c for c in cs.narrative if c.extra.get("sentence", sent.index) < sent.index and c.concept == concept
              and c.role not in _SKIP_ROLES and c.quantity.is_exact and _compatible(c, ch)
              and c.quantity.unit == ch.quantity.unit]
    now = [c for c in before if c.year == ch.year]
    last = [c for c in before if c.year == ch.year - 1]
    if len(now) != 1 or len(last) != 1:
        return None, None
    return now[0], last[0]


def _previous_sentence_figure(cs, by_sent, sent, ch: Claim, whole_of: dict | None = None) -> Claim | None:
    """"2024年度收、支总计均为357.21万元。收、支与2023年度相比，减少17.84万元，下降4.8%": a sentence that
    opens with its comparison and has no figure of its own before the change compares the last figure of
    the sentence before: in its paragraph, or, for the paragraph's first sentence, the prose paragraph
    before it. The subject it names before the comparison (收、支) must be words of that sentence, each of
    them, before the figure, and one named after it (与2023年度相比，一般公共预算财政拨款支出增加…) too. A
    last figure that is a part of a 其中 breakdown speaks for its whole ("预算为3328万元。其中，…公务用车
    购置及运行费2800万元。同口径比2018年减少830万元")."""
    m = _COMPARISON_OPENING.match(sent.text)
    if m is None or sent.index == 0 or ch.quantity.start - sent.offset < m.end():
        return None
    if any(c.quantity.start < ch.quantity.start for c in by_sent.get(sent.index, []) if c is not ch):
        return None
    prev = cs.sentences[sent.index - 1]
    if prev.paragraph is not sent.paragraph and (sent.offset > 0 or not _PROSE_END.search(prev.text)):
        # a paragraph that opens with the comparison may speak of the prose paragraph before it (a text
        # export that broke "…占本年支出合计的100.00%。" / "与 2023 年度相比，…增加 307.82 万元" apart)
        return None
    cands = [c for c in by_sent.get(prev.index, []) if c.role not in _SKIP_ROLES and _compatible(c, ch)
             and c.quantity.is_exact and c.quantity.unit == ch.quantity.unit]
    if not cands:
        return None
    cur = cands[-1]
    # a subject named after the comparison ("与2023年度相比，一般公共预算财政拨款支出增加…") is that figure's
    named = _CHANGE_TAIL.sub("", sent.text[m.end():ch.quantity.start - sent.offset]).strip()
    if len(regex.findall(r"\p{Han}", named)) >= 2 and named not in prev.text[:cur.quantity.start - prev.offset]:
        return None
    whole = (whole_of or {}).get(id(cur))
    if whole is not None and whole.quantity.is_exact and whole.quantity.unit == ch.quantity.unit \
            and whole.location == cur.location:
        return whole
    head = prev.text[:cur.quantity.start - prev.offset]
    words = [w for w in regex.split(r"[、和及与]", m.group("subject")) if w]
    if any(w not in head for w in words):
        return None
    return cur


_PROSE_END = regex.compile(r"[。；;]\s*$")
_CHANGE_TAIL = regex.compile(rf"{direction_words()}了?\s*$")


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
