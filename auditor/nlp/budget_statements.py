"""What the narrative of a 部门预算 / 部门决算 document states in so many words.

The BG checks (``auditor/checks/budget/``) judge these records and read no
text: each reader below takes a :class:`~auditor.nlp.budget.Passage` and
returns the figures one kind of sentence states, as :class:`~auditor.nlp.budget.Num`
records that quote the passage.

- every money amount with the words printed right before it
  (:func:`labelled_amounts`), for the restatements of table figures;
- “三公”经费预算为B万元，决算为A万元 (:func:`sangong_totals_of`);
- 政府采购金额 with its 货物 / 工程 / 服务 parts and the amounts won by 中小企业
  (:func:`procurement_of`);
- 编报绩效目标的项目N个，涉及资金X万元 (:func:`perf_targets_of`), and the same
  statement in any document's paragraphs, with its amount as a claim
  (:func:`target_coverage`, for BG18: it needs no standard tables);
- a project's 年度预算安排: one amount, a total and its parts, or parts alone
  (:func:`annual_plan_of`);
- 共有车辆N辆，其中：…用车a辆、… (:func:`vehicle_lists_of`);
- X万元，其中：财政拨款收入a万元…；其他收入b万元, when the parts form one
  standard breakdown (:func:`listed_parts_of`).

The words are in ``lexicons/budget.yaml`` (``procurement``, ``perf_targets``, ``annual_plan``,
``vehicle_lists``, ``listed_parts``, ``decompositions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from auditor.document import Document
from auditor.lexicons import alternation
from auditor.nlp.budget import Num, Passage, _strip_numbering, budget_vocab, iter_amounts, label_before, norm_label
from auditor.nlp.claims import Claim

__all__ = [
    "AnnualPlan",
    "LabelledAmount",
    "ListedParts",
    "PerfTargets",
    "Procurement",
    "SangongTotals",
    "TargetCoverage",
    "VehicleList",
    "annual_plan_of",
    "labelled_amounts",
    "listed_parts_of",
    "perf_targets_of",
    "procurement_of",
    "sangong_totals_of",
    "strip_year",
    "target_coverage",
    "vehicle_lists_of",
]

_AMOUNT = r"\d[\d,]*(?:\.\d+)?"  # a figure as these sentences print it (1,234.56)
_YEAR_LEAD = regex.compile(r"^.*?(?:19|20)\d{2}年(?:度)?")


def strip_year(label: str) -> str:
    """A label without the words up to its year (“2024年一般公共预算财政拨款支出” → “一般公共预算财政拨款支出”)."""
    return _YEAR_LEAD.sub("", label)


# ------------------------------------------------------------------ amounts and their labels


@dataclass(slots=True)
class LabelledAmount:
    """A money amount in a passage (its span and unit), read with its label on demand."""

    passage: Passage
    start: int
    end: int
    unit: str

    @property
    def label(self) -> str:
        """The words printed right before the amount, normalised (:func:`~auditor.nlp.budget.norm_label`)."""
        return norm_label(label_before(self.passage.text, self.start))

    @property
    def stem(self) -> str:
        """The label without a leading year (:func:`strip_year`)."""
        return strip_year(self.label)

    def num(self) -> Num:
        return self.passage.num(self.start, self.end, self.unit)


def labelled_amounts(p: Passage) -> list[LabelledAmount]:
    """Every money amount (万元, 亿元, 元) of the passage, in order."""
    return [LabelledAmount(p, s, e, u) for s, e, u in iter_amounts(p)]


# ------------------------------------------------------------------ patterns


@dataclass(frozen=True)
class _Patterns:
    sangong_totals: regex.Pattern
    procurement_total: regex.Pattern
    procurement_parts: tuple[tuple[str, regex.Pattern], ...]
    sme_reserved: regex.Pattern
    sme_other: regex.Pattern
    perf_targets: regex.Pattern
    vehicles: regex.Pattern
    vehicle_item: regex.Pattern
    listed_parts: regex.Pattern
    list_intro: tuple[str, ...]
    not_parts: tuple[str, ...]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    voc = budget_vocab()
    proc, sme = voc.procurement, voc.procurement["sme"]
    amount = alternation(proc["amount_words"])
    part_words = alternation(proc["part_words"])

    def won(where: str) -> regex.Pattern:
        return regex.compile(rf"(?:{alternation(sme[where])})[，,]?(?:{alternation(sme['won'])})[，,]?"
                             rf"(?:{alternation(sme['amount'])})(?:为)?(?P<n>{_AMOUNT})\s?万元")

    perf = voc.perf_targets
    return _Patterns(
        sangong_totals=regex.compile(
            rf"三公”?经费(?:财政拨款)?(?:支出)?(?:年初)?预算(?:数)?为(?P<b>{_AMOUNT})万元[，,]\s*(?:支出)?决算(?:数)?为"
            rf"(?P<a>{_AMOUNT})万元"),
        procurement_total=regex.compile(
            rf"(?:{alternation(proc['total'])})(?:{amount})[^，。；\d]{{0,16}}?(?:为)?(?P<n>{_AMOUNT})\s?万元"),
        procurement_parts=tuple(
            (str(name), regex.compile(rf"{regex.escape(str(name))}(?:{part_words})?(?:{amount})(?:为)?(?P<n>{_AMOUNT})\s?(?P<u>万元|元)"))
            for name in proc["parts"]),
        sme_reserved=won("reserved"),
        sme_other=won("other"),
        perf_targets=regex.compile(
            rf"(?:{alternation(perf['intro'])})(?:[^，。；\d]{{0,12}}?项目)?(?:共)?(?P<c>\d+)个[，,]\s*涉及[^，。；\d]{{0,10}}?"
            rf"(?:{alternation(perf['amount_words'])})(?:为)?(?P<n>{_AMOUNT})\s?万元"),
        vehicles=regex.compile(
            rf"(?P<what>{alternation(voc.vehicle_lists['verbs'])})?车辆(?P<n>\d+)辆[，,]?\s*(?:其中[：:]|[（(])"
            r"(?P<list>(?:[^。；;（）()\d]{0,30}\d+辆[、，,；;]?){1,40})"),
        vehicle_item=regex.compile(r"([^、，,；;：:]*?)(\d+)辆"),
        listed_parts=regex.compile(
            rf"(?P<amt>{_AMOUNT})\s?万元[。，,]?\s*(?:{alternation(voc.listed_parts['intro'])})[：:，,]?"),
        list_intro=tuple(str(w) for w in voc.listed_parts["intro"]),
        not_parts=tuple(str(w) for w in voc.listed_parts["not_parts"]),
    )


def _num(p: Passage, m, group: str, unit: str | None = "万元") -> Num:
    return p.num(m.start(group), m.end(group), unit)


# ------------------------------------------------------------------ the “三公” totals


@dataclass(slots=True)
class SangongTotals:
    """“三公”经费财政拨款支出年初预算为B万元，支出决算为A万元 (a 决算 narrative)."""

    budget: Num
    actual: Num


def sangong_totals_of(p: Passage) -> list[SangongTotals]:
    return [SangongTotals(_num(p, m, "b"), _num(p, m, "a")) for m in _patterns().sangong_totals.finditer(p.text)]


# ------------------------------------------------------------------ 政府采购


@dataclass(slots=True)
class Procurement:
    """政府采购金额X万元, its parts (货物 / 工程 / 服务 采购金额, each named at most once,
    after the total) and what 中小企业 won in the reserved and in the other projects."""

    total: Num
    parts: list[tuple[str, Num]]  # (part name, amount) in the lexicon's order
    complete: bool  # every part the lexicon names is printed
    sme_reserved: Num | None
    sme_other: Num | None


def procurement_of(p: Passage) -> Procurement | None:
    """The passage's first 政府采购 total and what it says of it (None without one)."""
    pats = _patterns()
    tm = pats.procurement_total.search(p.text)
    if not tm:
        return None
    # a part printed in 元 among 万元 is kept in its own unit: the sum then shows the slip
    parts = [(name, _num(p, m, "n", m.group("u"))) for name, pat in pats.procurement_parts
             if (m := pat.search(p.text, tm.end()))]
    rm = pats.sme_reserved.search(p.text)
    om = pats.sme_other.search(p.text)
    return Procurement(_num(p, tm, "n"), parts, len(parts) == len(pats.procurement_parts),
                       _num(p, rm, "n") if rm else None, _num(p, om, "n") if om else None)


# ------------------------------------------------------------------ 绩效目标


@dataclass(slots=True)
class PerfTargets:
    """编报绩效目标的项目N个，涉及项目预算资金X万元."""

    count: int
    count_printed: str
    amount: Num


def perf_targets_of(p: Passage) -> PerfTargets | None:
    """The passage's first statement of how many projects have targets and their funds."""
    m = _patterns().perf_targets.search(p.text)
    if not m:
        return None
    return PerfTargets(int(m.group("c")), m.group("c"), _num(p, m, "n"))


@dataclass(slots=True)
class TargetCoverage:
    """"共设置绩效目标N个，涉及财政拨款资金X万元" in any document's narrative, with the
    amount as the claim extraction read there (what BG18 holds against the 项目支出)."""

    count: int
    count_printed: str
    amount: Claim


def target_coverage(doc: Document, narrative: list[Claim]) -> list[TargetCoverage]:
    """Every statement of how many performance targets are set and the money they cover,
    in paragraph order; one whose amount extraction did not read as a figure is left out."""
    at = {(c.location.paragraph, c.location.table, c.offset + c.quantity.start): c for c in narrative}
    out = []
    for p in doc.paragraphs:
        for m in _patterns().perf_targets.finditer(p.text):
            c = at.get((p.location.paragraph, p.location.table, m.start("n")))
            if c is not None:
                out.append(TargetCoverage(int(m.group("c")), m.group("c"), c))
    return out


# ------------------------------------------------------------------ a project's 年度预算安排


@dataclass(slots=True)
class AnnualPlan:
    """The money a project's text gives for its year under 年度预算安排: one amount ("795万元"),
    a total named as such and its parts ("项目总预算1170.00万，其中…"), or parts alone, which
    then add up to it ("第一季度用款计划25.88万元，第二季度用款计划180.74万元，…")."""

    total: Num | None
    parts: list[Num]

    @property
    def amount(self) -> float | None:
        """The year's money in 万元: the total when one is printed, else the parts' sum."""
        if self.total is not None:
            return self.total.wan
        if len(self.parts) < 2 or any(x.wan is None for x in self.parts):
            return None
        return sum(x.wan for x in self.parts)

    @property
    def figures(self) -> list[Num]:
        return [self.total] if self.total is not None else self.parts


def annual_plan_of(p: Passage) -> AnnualPlan | None:
    """The passage's 年度预算安排 when it sits under that heading (None otherwise, or without an amount).
    A total is the first amount when a total word names it or it is the only one."""
    voc = budget_vocab().annual_plan
    # the project text's own heading ("六、年度预算安排"), not a section that speaks of one ("六、2024年度预算安排情况")
    heading = _strip_numbering(norm_label(p.section))
    if p.is_heading or heading not in {norm_label(h) for h in voc["headings"]}:
        return None
    # 万 alone is how some project texts print 万元 ("项目总预算1720.00万")
    spans = list(iter_amounts(p, ("万元", "亿元", "元", "万")))
    if not spans:
        return None
    nums = [p.num(s, e, "万元" if u == "万" else u) for s, e, u in spans]
    named = any(w in label_before(p.text, spans[0][0]) for w in voc["total_words"])
    if len(nums) == 1 or named:
        return AnnualPlan(nums[0], nums[1:])
    if any(any(w in label_before(p.text, s) for w in voc["total_words"]) for s, _, _ in spans[1:]):
        return None  # a total printed after its parts ("…合计1170.00万") is NS01's sum, not a plan of parts
    return AnnualPlan(None, nums)


# ------------------------------------------------------------------ vehicles


@dataclass(slots=True)
class VehicleList:
    """共有车辆N辆，其中：部级领导干部用车a辆、… (or the categories in brackets)."""

    what: str  # the verb before 车辆 (共有, 现有 …), "" when none
    total: Num  # N, unit 辆
    items: list[Num]  # the categories' counts, unit 辆


def vehicle_lists_of(p: Passage) -> list[VehicleList]:
    """Every count of vehicles the passage breaks down into two categories or more."""
    pats = _patterns()
    out = []
    for m in pats.vehicles.finditer(p.text):
        items = list(pats.vehicle_item.finditer(m.group("list")))
        if len(items) < 2:
            continue
        base = m.start("list")
        out.append(VehicleList(m.group("what") or "", _num(p, m, "n", "辆"),
                               [p.num(base + x.start(2), base + x.end(2), "辆") for x in items]))
    return out


# ------------------------------------------------------------------ X万元，其中：…


@dataclass(slots=True)
class ListedParts:
    """X万元，其中：a万元；b万元 … where every part's label ends with a word of one
    standard breakdown (``decompositions``)."""

    total: Num
    parts: list[tuple[str, Num]]  # (normalised label, amount)
    breakdown: tuple[str, ...]  # the breakdown the labels belong to


def listed_parts_of(p: Passage) -> list[ListedParts]:
    """Each total followed by 其中 and two parts or more in 万元, up to the end of the
    sentence or the next 其中 (a sub-list); a label that speaks of a change
    (增加, 比上年 …) is not a part."""
    pats = _patterns()
    sets = budget_vocab().decompositions
    amounts = labelled_amounts(p)
    out = []
    for m in pats.listed_parts.finditer(p.text):
        sent, s0 = p.sentence_at(m.end())
        end = s0 + len(sent)
        subs = [i for w in pats.list_intro if (i := p.text.find(w, m.end(), end)) >= 0]
        stop = min(subs) if subs else end
        parts = []
        for a in amounts:
            if not (m.end() <= a.start < stop) or a.unit != "万元":
                continue
            lab = a.label
            if any(w in lab for w in pats.not_parts):
                continue
            parts.append((lab, a.num()))
        if len(parts) < 2:
            continue
        group = next((g for g in sets if all(any(lab.endswith(w) for w in g) for lab, _ in parts)), None)
        if group is None:
            continue
        out.append(ListedParts(_num(p, m, "amt"), parts, group))
    return out
