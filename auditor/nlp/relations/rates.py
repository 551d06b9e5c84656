"""Rates: a rate with its operands stated nearby (排查159处，整改155处，整改率97.5%, ``_rates``),
or named after the count before it (``_named_share``); a percentage of the figure printed
right before it (为年度预算数8.00万元的75.00%, ``_shares_of``) or of a base the sentence
named earlier (完成年初预算的92.80%, ``_named_base_shares``)."""

from __future__ import annotations

import regex

from auditor.nlp.claims import Claim, Relation
from auditor.nlp.relations.common import _CLOSE, _OPEN, _SKIP_ROLES, _clause_before, _compatible, same_scale
from auditor.nlp.relations.sums import _QIZHONG, TARGET_BASE


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
        # a word of the operand's role in its indicator, or in its clause ("2021年下达财政专项扶贫资金
        # 108万元": the verb that makes it the funds given stands before the indicator)
        return [o for o in others
                if (concept and o.concept == concept)
                or (words and any(w in (o.indicator or "") or w in o.clause_before() for w in words))]

    nums = pick(spec.get("numerator"), spec.get("numerator_concept"))
    dens = pick(spec.get("denominator"), spec.get("denominator_concept"))
    pairs = [(a, b) for a in nums for b in dens if a is not b and (
        same_scale(a, b) or a.quantity.dimension == b.quantity.dimension == "money")]
    return sorted(pairs, key=lambda p: not same_scale(*p))  # operands of one unit first


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
            # a sentence of several items each with its rate ("货物类…节约资金9017.78万元，节约率为18%；工程类…
            # 节约资金5625.51万元，节约率为18%"): a rate's operands are those since the previous rate
            # of its kind, when they hold a pair
            since = [o for o in claims if o.quantity.start < c.quantity.start]
            last = max((k for k, o in enumerate(since) if o.role == "rate" and _rate_spec(o, specs) is spec),
                       default=None)
            pairs = _rate_pairs(c, since[last + 1:], spec) if last is not None else []
            pairs = pairs or _rate_pairs(c, claims, spec)
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


# "完成年初预算的92.80%": a percentage of a base the sentence named before ("占基本支出预算81.45%": the 的
# may be left out after 占)
_OF_NAMED = regex.compile(r"(?:(?:完成|达到|占|为|是)(?:了)?(?P<name>[\p{Han}“”]{2,12}?)(?:数|额|金额)?的"
                          r"|占(?P<bare>[\p{Han}“”]{3,12}?))\s*$")
_NAME_END = regex.compile(r"(?:为|是|：|:|数)+$")  # after the name of a share's base, in its clause
_BASE_BACK = 12  # sentences before a share in which the base it names may have been stated
_SAME_BASE_SPAN = 12  # sentences apart that two shares of one unstated base may be


def _named_base_shares(cs, by_sent) -> list[Relation]:
    """"年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的92.80%": the
    percentage is the figure before it over the figure whose clause the
    percentage names (年初预算). Two shares of one base the report does not print
    ("基本支出…占一般公共预算支出的84.06%" / "项目支出…占一般公共预算支出的19.62%") must
    imply the same base (``same_base``)."""
    rels = []
    unstated: list[tuple] = []
    for sent in cs.sentences:
        claims = by_sent.get(sent.index, [])
        for k, pct in enumerate(claims):
            if k < 1 or pct.quantity.dimension != "percent" or not pct.quantity.is_exact or pct.role in _SKIP_ROLES:
                continue
            prev_end = claims[k - 1].quantity.end
            m = _OF_NAMED.search(pct.text[prev_end:pct.quantity.start])
            if not m:
                continue
            name = (m.group("name") or m.group("bare")).strip("“”")
            # a share of a share is not printed: "完成14,717万元,占调整预算110.14%,占一般公共预算收入的
            # 51.49%" gives two shares of the 14,717万元
            j = k - 1
            while j > 0 and claims[j].quantity.dimension == "percent":
                j -= 1
            num = claims[j]
            if num.quantity.dimension == "percent":
                continue
            # the sentence may have begun on the line before (a text export wraps lines)
            before = [(c, sent) for c in claims[:j]]
            if sent.continued and sent.index > 0:
                prev = cs.sentences[sent.index - 1]
                before = [(c, prev) for c in by_sent.get(prev.index, [])] + before
            cands = [(c, _NAME_END.sub("", _clause_before(c, s_))) for c, s_ in before
                     if c.quantity.dimension == num.quantity.dimension and c.quantity.is_exact and c.quantity.value
                     and (same_scale(c, num) or c.quantity.dimension == "money")]  # 元 beside 万元: US01's
            # the clause ends with the name (年初预算为…), else names it before its verb (预算投入1000万元)
            dens = [c for c, clause in cands if clause.endswith(name)] or \
                [c for c, clause in cands if name in clause] or \
                [c for c, clause in cands if c is not num and len(clause) >= 2 and name.endswith(clause)]
            # (the last: a line wrapped inside the name, "年\n初预算为45.00万元")
            if not num.quantity.is_exact or num.role in _SKIP_ROLES:
                continue
            if not dens and (not any(c for c, _ in cands if c is not num) or (
                    m.group("name") and not any(c is not num and _common_tail(clause, name) >= 2
                                                for c, clause in cands))):
                # a sentence that gives only the part and its share, of a base named in an earlier
                # sentence ("1. 基本支出预算2476260.58元…其中：" / "工资福利支出预算2016908.34元，占基本
                # 支出预算81.45%"): the nearest figure whose clause ends with the name
                dens = _named_before(cs, by_sent, sent, name, num)
                if not dens:
                    # "完成年度预算的98.4%" is each subject's rate on its own budget: two subjects' budgets
                    # are two bases, however they are named; only shares (占…的) name one base
                    # …and so is "税务部门完成21334万元,为年预算的28.9%": an executed amount on a target
                    if not _EXECUTED.match(m.group(0)) and not (TARGET_BASE.search(name)
                                                                and _DONE.search(_clause_before(num, sent))):
                        unstated.append((name, pct, num, sent))
                    continue
            if len(dens) != 1:
                continue
            if _part_against_whole(cs, m.group(0), dens[0], num, sent):
                continue
            rels.append(Relation("rate", {"rate": pct, "numerator": num, "denominator": dens[0]},
                                 sentence=sent.text, location=sent.paragraph.location,
                                 extra={"trigger": f"{m.group(0).strip()}"}))
    rels += _same_base(unstated)
    return rels


_EXECUTED = regex.compile(r"^(?:完成|达到)")
_DONE = regex.compile(r"完成|实现|执行")  # an amount executed, in its own clause


def _part_against_whole(cs, phrase: str, den: Claim, num: Claim, sent) -> bool:
    """An execution share (完成年初预算的95.86%) of an item that a 其中 broke out of the whole
    whose budget is the base found: the item's own budget is meant, and it is not printed
    ("三公经费…年初预算为27,080元…。其中：…公务用车运行维护费支出决算为23,005.58元，完成年初预算的
    95.86%"). A share of the whole (占…的) is the whole's, and stays."""
    if not _EXECUTED.match(phrase.strip()):
        return False
    num_at = num.quantity.start - sent.offset
    den_sent = cs.sentences[den.extra["sentence"]]
    if den_sent is sent:
        between = sent.text[den.quantity.end - sent.offset:num_at]
    else:
        middle = [s.text for s in cs.sentences[den_sent.index + 1:sent.index]]
        between = "".join([den_sent.text[den.quantity.end - den_sent.offset:], *middle, sent.text[:num_at]])
    return bool(_QIZHONG.search(between))


def _names_base(clause: str, name: str) -> bool:
    """Does a figure's clause end with the name a share gives its base ("2021年度政府采购支出总额" for
    占政府采购支出总额的20.5%, the name read without its 额/数/金额)?"""
    return clause.endswith(name) or any(clause.endswith(name + t) for t in _BASE_TAILS)


_BASE_TAILS = ("数", "额", "金额")


def _common_tail(a: str, b: str) -> int:
    """How many characters two names share at their ends (初预算 and 年初预算: 3)."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _named_before(cs, by_sent, sent, name: str, num: Claim) -> list[Claim]:
    """The figure an earlier sentence (up to ``_BASE_BACK`` back) names ``name`` by its clause's end,
    nearest first: one at most."""
    for k in range(sent.index - 1, max(-1, sent.index - 1 - _BASE_BACK), -1):
        prev = cs.sentences[k]
        hits = [c for c in by_sent.get(k, []) if c.quantity.dimension == num.quantity.dimension
                and c.quantity.is_exact and c.quantity.value and c.role not in _SKIP_ROLES
                and same_scale(c, num)
                and _names_base(_NAME_END.sub("", _clause_before(c, prev)), name)]
        if hits:
            return hits[:1] if len(hits) == 1 else []
    return []


def _same_base(unstated: list[tuple]) -> list[Relation]:
    """Shares of one base the report does not print, each of its own amount: every later one against
    the first (``same_base``: amount ÷ rate is the base, the same for both)."""
    rels = []
    for i, (name, pct, num, sent) in enumerate(unstated):
        if num.quantity.dimension != "money" or not pct.quantity.value or pct.quantity.value >= 100:
            continue
        for name0, pct0, num0, sent0 in unstated[:i]:
            if name0 != name or sent.index - sent0.index > _SAME_BASE_SPAN or num0 is num \
                    or not same_scale(num0, num) or not pct0.quantity.value or pct0.quantity.value >= 100:
                continue
            pct.role = pct.role or "rate"
            rels.append(Relation("same_base", {"rate": pct, "amount": num, "anchor_rate": pct0,
                                               "anchor_amount": num0},
                                 sentence=sent.text, location=sent.paragraph.location, extra={"base": name}))
            break
    return rels
