"""The narrative: lines outside the tables joined into :class:`Passage` records (``_passages``),
each under its 一、… and （一）… headings, with a location per character."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from auditor.document import Location
from auditor.nlp.budget.lines import Num, SLine, _decimals, num_re

if TYPE_CHECKING:  # annotations only: the readings of statements fill these fields in
    from auditor.nlp.budget.statements import Change, Completion, Share


@dataclass
class Passage:
    """Narrative lines joined (whitespace removed), with a location per character."""

    text: str
    starts: list[tuple[int, SLine]]  # (offset in text, line) in order
    section: str = ""  # the 一、… heading it sits under
    subsection: str = ""  # the （一）… heading it sits under
    is_heading: bool = False
    # What the passage states, read by auditor.nlp.budget_reading.read_budget:
    amounts: list = field(default_factory=list)  # LabelledAmount: every money amount, in order
    changes: list[Change] = field(default_factory=list)  # 较上年增加X万元，增长P%
    shares: list[Share] = field(default_factory=list)  # 占X的P%
    completions: list[Completion] = field(default_factory=list)  # 完成年初预算的P%
    sangong_totals: list = field(default_factory=list)  # SangongTotals: “三公”经费预算为B，决算为A
    procurement: object = None  # Procurement: 政府采购 total, parts and 中小企业 shares
    perf_targets: object = None  # PerfTargets: 编报绩效目标的项目N个，涉及资金X万元
    annual_plan: object = None  # AnnualPlan: a project's 年度预算安排 (its year's money)
    vehicle_lists: list = field(default_factory=list)  # VehicleList: 共有车辆N辆，其中…
    listed_parts: list = field(default_factory=list)  # ListedParts: a total, 其中 and its parts

    def loc_at(self, i: int) -> Location:
        k = bisect.bisect_right([off for off, _ in self.starts], i) - 1
        return self.starts[max(k, 0)][1].loc

    def sentence_at(self, i: int, window: int = 600) -> tuple[str, int]:
        """The sentence holding offset ``i`` and its start offset (a sentence is
        looked for within ``window`` characters either side)."""
        lo = max(0, i - window)
        s = max(self.text.rfind(c, lo, i) for c in "。！？") + 1 or lo
        hi = min(len(self.text), i + window)
        ends = [e for e in (self.text.find(c, i, hi) for c in "。！？") if e >= 0]
        e = min(ends) + 1 if ends else hi
        return self.text[s:e], s

    def num(self, start: int, end: int, unit: str | None) -> Num:
        printed = self.text[start:end]
        sent, s0 = self.sentence_at(start)
        v = float(printed.replace(",", ""))
        return Num(v, printed, _decimals(printed), unit, sent, (start - s0, end - s0), self.loc_at(start),
                   (self.section,) if self.section else ())


_HEADING = regex.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*、|[（(]\s*[一二三四五六七八九十]+\s*[)）])")
_ITEM = regex.compile(r"^\d{1,3}\s*[.．、](?!\d)")
_LEVEL1 = regex.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*、)")
_LEVEL2 = regex.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]")


def _compact(text: str) -> str:
    """Whitespace removed, except one space between two digits."""
    return regex.sub(r"(?<=\d)[\s\u3000]+(?=\d)", " ", regex.sub(r"(?<!\d)[\s\u3000]+|[\s\u3000]+(?!\d)", "", text))


def _passages(lines: list[SLine]) -> list[Passage]:
    out: list[Passage] = []
    cur: Passage | None = None
    section = subsection = ""
    for ln in lines:
        t = _compact(ln.text)
        if not t:
            continue
        heading = (bool(_HEADING.match(t)) and len(t) <= 40
                   and not num_re.search(regex.sub(r"(?:19|20)\d{2}年度?", "", t))
                   and "，" not in t and "：" not in t.rstrip("：:"))
        starts = heading or bool(_HEADING.match(t)) or bool(_ITEM.match(t)) or cur is None or (cur.is_heading)
        if heading:
            if _LEVEL1.match(t):
                section, subsection = t, ""
            elif _LEVEL2.match(t):
                subsection = t
        if starts:
            cur = Passage(t, [(0, ln)], section, subsection, heading)
            out.append(cur)
        else:
            if cur.text[-1:].isdigit() and t[:1].isdigit():
                cur.text += " "  # two figures must not fuse across the line break
            cur.starts.append((len(cur.text), ln))
            cur.text += t
    return out
