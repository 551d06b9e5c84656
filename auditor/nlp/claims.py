"""Claims: a figure, what it is a figure of, and how it relates to others.

A :class:`Claim` is one quantity from narrative or a table cell, with the
indicator it measures (raw phrase and canonical concept), its year, its
measure (预算 / 决算 / 执行 / 实际 / 目标 ...) and its role in the sentence
(total, part, change against last year, rate, ...). Sentence-level structure
(a total with its parts, a rate with its operands) is kept as
:class:`Relation` records the checks evaluate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import regex

from auditor.document import Location
from auditor.findings import Evidence
from auditor.nlp.quantities import Quantity

# A short bracketed insertion inside a name (因公出国（境）费, 机关行政处（科）室) is part of the
# name: it opens no clause.
_NAME_BRACKET = regex.compile(r"(?<=\p{Han})[（(]\p{Han}{1,3}[)）](?=\p{Han})")


# What separates the figures of a list ("4125.49，4143.91万元", "0.29亿元、0.33亿元和0.64亿元")
LIST_GAP = regex.compile(r"\s*(?:[、，,]|和|及|与)\s*")


def mask_name_brackets(text: str) -> str:
    """``text`` with the brackets inside names blanked (same length), for finding clause breaks."""
    return _NAME_BRACKET.sub(lambda m: "\u3007" * len(m.group(0)), text)


if TYPE_CHECKING:
    from auditor.nlp.figure_words import Wording


@dataclass(slots=True)
class Claim:
    """One figure with its meaning."""

    quantity: Quantity
    text: str  # the sentence (narrative) or cell text (table) it was read from
    offset: int  # where ``text`` starts within its paragraph / cell
    location: Location
    source: str  # "narrative" | "table"
    indicator: str | None = None  # raw phrase: 日常公用经费
    concept: str | None = None  # canonical: 公用经费
    concept_score: float = 0.0
    year: int | None = None
    measure: str | None = None  # 预算 | 年初预算 | 全年预算 | 决算 | 执行 | 实际 | 目标 | 分值 | 得分
    role: str | None = None  # total | part | change | change_pct | prior | rate | target | actual | score
    direction: int = 0  # +1 increase / -1 decrease, for change roles
    context: list[str] = field(default_factory=list)  # table: row path + column header
    table: int | None = None  # table index for table claims
    extra: dict[str, Any] = field(default_factory=dict)
    wording: Wording | None = None  # what the words around it say it is (auditor.nlp.figure_words)

    @property
    def value(self) -> float:
        return self.quantity.value

    @property
    def unit(self) -> str | None:
        return self.quantity.unit

    def clause_before(self) -> str:
        """The words of this figure's clause before it, back to the previous
        punctuation: what the figure is said to be (实际支出, 结余, 人均)."""
        head = self.text[: self.quantity.start].rstrip()
        masked = mask_name_brackets(head)
        cut = max(masked.rfind(ch) for ch in "，,。；;：:、（(")
        return head[cut + 1:]

    def evidence(self, role: str | None = None) -> Evidence:
        """The claim as a piece of finding evidence (figure span within text)."""
        q = self.quantity
        return Evidence(
            location=self.location,
            text=self.text,
            span=(q.start, q.end),
            printed=q.printed,
            value=q.value,
            unit=q.unit_printed or q.unit,
            normalized=q.normalized,
            role=role or self.role,
            context=list(self.context),
        )


@dataclass(slots=True)
class Relation:
    """A relation a sentence asserts between claims, for the checks to test.

    kind: "sum" (total = Σ parts, or parts cover part of a total when
    ``partial``), "change" (current − prior = change; change/prior = pct),
    "rate" (rate = numerator / denominator), "enumeration" (a count and the
    items listed).
    """

    kind: str
    members: dict[str, Any]  # role name -> Claim or list[Claim]
    partial: bool = False  # introduced by 其中: parts may cover only part of the total
    sentence: str = ""
    location: Location | None = None
    extra: dict[str, Any] = field(default_factory=dict)
