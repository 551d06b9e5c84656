"""Enumerated items inside narrative paragraphs.

决算/预算说明 list their 科目 as numbered items, often all in one paragraph
(a web page's text, a PDF line stream): "（一）2010102一般行政管理事务2.07万元，
…。（二）2010301行政运行1493.36万元，较上年决算数增加272.18万元，增长22.29%。…".
An item's first amount is what the item is about (its *head*); a sentence of
the item that compares without naming a subject of its own ("较上年决算数减少
71.6万元") speaks of that head, even when the item's first sentence ended
before it. A list of items after a total ("支出27,596.62万元，…具体情况如下：
（一）…（二）…") breaks that total down.

Markers, outermost first: 一、 › （一） › 1. / 1、 › (1) / 1） › ①. Only the
marker's shape is read, never what the item says.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

_CN = "一二三四五六七八九十百零〇两"
# (pattern, level): a smaller level is an outer item
_MARKERS = (
    (regex.compile(rf"(?<![\p{{Han}}A-Za-z0-9（(])[{_CN}]{{1,4}}[ \u00a0]?、"), 1),
    (regex.compile(rf"[（(][{_CN}]{{1,4}}[)）]"), 2),
    # "1." before a digit is a decimal, except before a 科目 code and its name ("1.2012301行政运行支出")
    (regex.compile(r"(?<![\d.．,，A-Za-z（(])\d{1,2}(?:[ \u00a0]?、|[.．](?!\d)|[.．](?=[23]\d{2}(?:\d{2}){0,2}\p{Han}))"), 3),
    (regex.compile(r"[（(]\d{1,2}[)）]|(?<![\d.．A-Za-z（(])\d{1,2}[)）]"), 4),
    (regex.compile(r"[①-⑳]"), 5),
)


@dataclass(frozen=True, slots=True)
class Marker:
    """An item's number as printed: where it stands in the paragraph and its level."""

    start: int
    end: int
    level: int
    text: str


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def ordinal(m: Marker) -> int | None:
    """The number a marker prints (（十二） → 12, 7. → 7, ③ → 3); None when unreadable."""
    from auditor.nlp.quantities import parse_chinese_numeral

    if m.text in _CIRCLED:
        return _CIRCLED.index(m.text) + 1
    digits = regex.search(r"\d+", m.text)
    if digits:
        return int(digits.group())
    cn = regex.search(rf"[{_CN}]+", m.text)
    v = parse_chinese_numeral(cn.group()) if cn else None
    return int(v) if v is not None else None


def item_markers(text: str) -> list[Marker]:
    """Every enumeration marker of a paragraph, in order. A marker inside a
    bracket that opened before it (（其中：1.…）) counts too: it numbers the
    items of that bracket."""
    out = []
    for pat, level in _MARKERS:
        for m in pat.finditer(text):
            out.append(Marker(m.start(), m.end(), level, m.group()))
    out.sort(key=lambda m: m.start)
    # a (一) also matches no other pattern; a "1）" inside "（1）" is the same marker
    dedup: list[Marker] = []
    for m in out:
        if dedup and m.start < dedup[-1].end:
            continue
        dedup.append(m)
    return dedup


def enclosing_item(markers: list[Marker], pos: int, text_len: int,
                   ends: list[int] | None = None) -> tuple[Marker, int] | None:
    """The innermost item holding paragraph offset ``pos``: its marker and
    where it ends (the next marker of the same or an outer level). ``ends``,
    the markers' end offsets, saves rebuilding them for a caller that asks often."""
    k = bisect.bisect_right(ends if ends is not None else [m.end for m in markers], pos)
    if k == 0:
        return None
    m = markers[k - 1]
    end = next((n.start for n in markers[k:] if n.level <= m.level), text_len)
    if end < pos:
        return None
    return m, end


def depth_at(text: str, start: int, pos: int) -> int:
    """How many brackets opened in text[start:pos] are still open at ``pos``."""
    depth = 0
    for ch in text[start:pos]:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
    return depth


def inside_closed_bracket(text: str, fig_pos: int, ref_pos: int) -> bool:
    """Does the figure at ``fig_pos`` sit in a bracket that closes before
    ``ref_pos``? "3267.25万元（其中…3161.23万元），较上年增加…": 3161.23 does."""
    depth = 0
    for ch in text[fig_pos:ref_pos]:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
    return depth < 0
