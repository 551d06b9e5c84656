"""What the narrative's sentences state, read from a :class:`~auditor.nlp.budget.passages.Passage`:
its money amounts (:func:`iter_amounts`), the numbered 科目 paragraphs (:class:`Item`,
:func:`parse_item`, :func:`items_of`), changes on an earlier year (:class:`Change`,
:func:`changes_of`, with :func:`label_before`), shares (:class:`Share`, :func:`shares_of`) and
completion rates (:class:`Completion`, :func:`completions_of`). The other kinds of statement are
read in :mod:`auditor.nlp.budget_statements`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

import regex

from auditor.nlp.budget.lines import _NUM_TXT, Num, norm_label, num_re
from auditor.nlp.budget.passages import _ITEM, Passage

if TYPE_CHECKING:  # annotations only: items_of reads a BudgetDoc, whose items are these Items
    from auditor.nlp.budget.document import BudgetDoc


def iter_amounts(p: Passage, units: tuple[str, ...] = ("万元", "亿元", "元")) -> Iterator[tuple[int, int, str]]:
    """(start, end, unit) of every money amount in a passage."""
    pat = regex.compile(rf"(?<![\d.,])({_NUM_TXT})\s?({'|'.join(units)})")
    for m in pat.finditer(p.text):
        yield m.start(1), m.end(1), m.group(2)


_N = rf"(?:{_NUM_TXT})"


@dataclass
class Item:
    """A numbered 科目 paragraph of the narrative ("3. “一般公共服务支出（类）…（项）”45.41万元 …")."""

    passage: Passage
    names: list[str]  # 类, 款, 项 names as printed (1 to 3)
    codes: tuple[str, ...]  # codes printed in the path (may be empty)
    amount: Num | None = None  # the figure right after the path
    prior: Num | None = None  # 上年(当年)预算执行数
    plan: Num | None = None  # 本年预算安排
    pct: Num | None = None  # 比上年执行数增减 %
    direction: int = 0  # +1 增加 / -1 减少 / 0 持平
    flat: bool = False
    budget: Num | None = None  # 决算: 年初预算
    full_budget: Num | None = None  # 决算: 全年预算
    actual: Num | None = None  # 决算: 支出决算

    @property
    def label(self) -> str:
        return "".join(f"{n}（{k}）" for n, k in zip(self.names, ("类", "款", "项")))


_PATH_MARK = regex.compile(r"[（(]\s*(\d{0,3})\s*(类|款|项)\s*[)）]")
_DASH_PATH = regex.compile(r"[“\"]([^”\"]{2,90})[”\"]\s*科目")
# Each amount keeps the unit it is printed in: a 元 among 万元 is a slip BG07 then sees.
_YOY = regex.compile(
    rf"((?:19|20)\d{{2}})年(?:当年)?预算执行数(?:为)?({_N})\s*(万元|亿元|元)[，,]\s*((?:19|20)\d{{2}})年预算(?:安排|数)(?:为)?"
    rf"({_N})\s*(万元|亿元|元)[，,]\s*(?:比|较)((?:19|20)\d{{2}})年(?:当年)?预算执行数(?:(增加|减少|增长|下降)({_N})\s*[%％]|持平)")
_ACTUAL = regex.compile(rf"(?:支出)?决算(?:数)?为({_N})万元")
_BUDGET = regex.compile(rf"年初预算(?:数)?为({_N})万元")
_FULL = regex.compile(rf"全年预算(?:数)?为({_N})万元")


def _pnum(p: Passage, m, group: int, unit: str | None = "万元") -> Num:
    return p.num(m.start(group), m.end(group), unit)


def parse_item(p: Passage) -> Item | None:
    """The 科目 path and figures of a numbered item paragraph, if it is one."""
    t = p.text
    m = _ITEM.match(t)
    if not m:
        return None
    pos = m.end()
    names: list[str] = []
    codes: list[str] = []
    end = None
    marks = [mk for mk in _PATH_MARK.finditer(t, pos, min(len(t), pos + 160))]
    if marks and marks[0].group(2) == "类":
        cur = pos
        for mk, want in zip(marks, ("类", "款", "项")):
            if mk.group(2) != want:
                break
            names.append(t[cur:mk.start()].strip("“”\"' 、"))
            if mk.group(1):
                codes.append(mk.group(1))
            cur = end = mk.end()
    else:
        dm = _DASH_PATH.match(t, pos)
        if not dm:
            return None
        names = [x for x in regex.split(r"\s*[-－—–]\s*", dm.group(1)) if x][:3]
        end = dm.end()
    if not names or any(not n for n in names) or end is None:
        return None
    if codes and len(codes) != len(names):
        codes = []
    item = Item(p, names, _norm_codes(codes))
    am = regex.match(rf"[”\"]?\s*(?:科目)?\s*(?:为|：|:)?\s*({_N})\s*(万元|亿元|元)", t[end:])
    if am:
        item.amount = p.num(end + am.start(1), end + am.end(1), am.group(2))
    ym = _YOY.search(t, end)
    if ym:
        item.prior = _pnum(p, ym, 2, ym.group(3))
        item.plan = _pnum(p, ym, 5, ym.group(6))
        if ym.group(8):
            item.pct = _pnum(p, ym, 9, "%")
            item.direction = 1 if ym.group(8) in ("增加", "增长") else -1
        else:
            item.flat = True
    for pat, attr in ((_BUDGET, "budget"), (_FULL, "full_budget"), (_ACTUAL, "actual")):
        mm = pat.search(t, end)
        if mm and attr == "actual" and item.amount is not None:
            continue
        if mm:
            setattr(item, attr, _pnum(p, mm, 1))
    return item


def _norm_codes(codes: list[str]) -> tuple[str, ...]:
    if not codes:
        return ()
    if len(codes[0]) != 3:
        return ()
    return (codes[0],) + tuple(c.zfill(2) for c in codes[1:])


def items_of(bd: BudgetDoc) -> list[Item]:
    return [it for p in bd.passages if (it := parse_item(p)) is not None]


@dataclass
class Change:
    """"X万元，比YYYY年…增加/减少C万元" (or 持平) within one clause."""

    passage: Passage
    label: str  # words before the amount
    amount: Num
    year: int | None  # the compared year (None for 上年)
    own_year: int | None  # the year the amount belongs to
    direction: int  # +1 / -1 / 0 (持平)
    change: Num | None
    pct: Num | None = None


_CHANGE = regex.compile(
    rf"(?P<amt>{_N})万元[，,]?\s*(?:比|较|与)(?:(?P<year>(?:19|20)\d{{2}})\s*年(?:度)?|上年(?:度)?|去年)"
    rf"(?P<base>[^，。；,;\d]{{0,14}}?)"
    rf"(?:(?P<dir>增加|减少|增长|下降)(?P<chg>{_N})万元(?:[，,]\s*(?:增长|下降|增加|减少)(?P<pct>{_N})\s*[%％])?|持平)")
_LABEL_STOP = regex.compile(r"[，。；：、（）()“”,;:]")


def label_before(text: str, start: int, limit: int = 40) -> str:
    """The words printed right before offset ``start`` back to the last
    delimiter; a bracket closed within the label belongs to it (因公出国（境）费)."""
    seg = text[max(0, start - limit):start]
    cut = 0
    depth = 0
    for i in range(len(seg) - 1, -1, -1):
        ch = seg[i]
        if ch in "）)”":
            depth += 1
            continue
        if ch in "（(“":
            if depth > 0:
                depth -= 1
                continue
            cut = i + 1
            break
        if depth == 0 and _LABEL_STOP.match(ch):
            cut = i + 1
            break
    seg = seg[cut:]
    nm = None
    for nm in num_re.finditer(seg):
        pass
    if nm is not None:
        seg = seg[nm.end():]
        seg = regex.sub(r"^\s*(?:万元|元|亿元|%|％|年度|年)", "", seg)
    seg = regex.sub(r"(?:为|是|达到|达|约|共计)$", "", seg)
    return seg


def changes_of(p: Passage, doc_year: int | None) -> list[Change]:
    out = []
    for m in _CHANGE.finditer(p.text):
        label = label_before(p.text, m.start("amt"))
        years = [int(y.group(1)) for y in regex.finditer(r"((?:19|20)\d{2})\s*年", p.text[:m.start("amt")])
                 if not regex.search(r"(?:比|较|与)\s*$", p.text[max(0, y.start() - 2):y.start()])]
        own = years[-1] if years else doc_year
        d = 0 if not m.group("dir") else (1 if m.group("dir") in ("增加", "增长") else -1)
        year = int(m.group("year")) if m.group("year") else None
        out.append(Change(p, label, p.num(m.start("amt"), m.end("amt"), "万元"), year, own, d,
                          p.num(m.start("chg"), m.end("chg"), "万元") if m.group("chg") else None,
                          p.num(m.start("pct"), m.end("pct"), "%") if m.group("pct") else None))
    return out


@dataclass
class Share:
    passage: Passage
    part: Num
    pct: Num
    base_label: str  # "本年支出合计" in 占本年支出合计的X%, else ""
    base: Num | None  # the list head ("X万元，其中/主要用于…") when no base is named


_SHARE = regex.compile(rf"(?P<amt>{_N})万元[，,]?\s*占(?P<base>[^，。；,;%％\d]{{0,16}}?)(?:的)?(?P<p>{_N})\s*[%％]")
_HEAD = regex.compile(rf"(?P<amt>{_N})万元[，,。]?\s*(?:其中|主要用于)")


def shares_of(p: Passage) -> list[Share]:
    out = []
    for m in _SHARE.finditer(p.text):
        sent, s0 = p.sentence_at(m.start("amt"))
        head = None
        for h in _HEAD.finditer(p.text, s0, m.start("amt")):
            head = h
        out.append(Share(p, p.num(m.start("amt"), m.end("amt"), "万元"), p.num(m.start("p"), m.end("p"), "%"),
                         norm_label(m.group("base")),
                         p.num(head.start("amt"), head.end("amt"), "万元") if head else None))
    return out


@dataclass
class Completion:
    """"年初预算为B万元，(全年预算为W万元，)支出决算为Z万元，完成年初预算的P%"."""

    passage: Passage
    budget: Num | None  # 年初预算 (or 预算)
    full: Num | None  # 全年预算
    actual: Num
    pct: Num
    base_word: str  # 年初预算 | 全年预算 | 预算


_COMPLETION = regex.compile(
    rf"(?P<lab>年初预算|全年预算|预算)(?:数)?为(?P<b>{_N})万元[，,]\s*(?:全年预算(?:数)?为(?P<w>{_N})万元[，,]\s*)?"
    rf"(?:支出)?决算(?:数)?为(?P<z>{_N})万元[，,。]?\s*完成(?P<which>年初预算|全年预算|预算)(?:数)?的(?P<p>{_N})\s*[%％]")


def completions_of(p: Passage) -> list[Completion]:
    out = []
    for m in _COMPLETION.finditer(p.text):
        b = p.num(m.start("b"), m.end("b"), "万元")
        w = p.num(m.start("w"), m.end("w"), "万元") if m.group("w") else None
        budget, full = (b, w) if m.group("lab") != "全年预算" else (None, b)
        out.append(Completion(p, budget, full, p.num(m.start("z"), m.end("z"), "万元"),
                              p.num(m.start("p"), m.end("p"), "%"), m.group("which")))
    return out
