"""Calendar dates as printed: 2017年12月31日, 2023年6月.

Every date with a four-digit year and a month, in the narrative and in table
cells, becomes a :class:`DateMention` carrying its parts as printed and as
numbers. Whether such a date exists is judged by DT01
(:mod:`auditor.checks.dates`).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from auditor.document import Document, Location

# A year, then a month right after 年 (2017年1-12月 is a span of months, no date), then a day.
_DATE = regex.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年\s*(\d+(?:\.\d+)?)\s*月(?:\s*(\d+(?:\.\d+)?)\s*(?:日|号))?")


@dataclass(slots=True)
class DateMention:
    """One printed date: where it is and its parts."""

    text: str  # the paragraph or cell it is printed in
    location: Location
    span: tuple[int, int]  # the whole date in ``text``
    year: int
    month: float
    month_printed: str
    day: float | None = None
    day_printed: str | None = None


def find_dates(doc: Document) -> list[DateMention]:
    """Every date of the document, in reading order."""
    out = []
    for text, loc in doc.iter_text():
        if "年" not in text or "月" not in text:
            continue
        for m in _DATE.finditer(text):
            day = m.group(3)
            out.append(DateMention(text, loc, m.span(), int(m.group(1)), float(m.group(2)), m.group(2),
                                   float(day) if day is not None else None, day))
    return out
