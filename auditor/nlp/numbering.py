"""Item numbers in reading order, and where they slip: a number skipped or given twice.

A report numbers its headings and items in runs ("一、二、三、", "（一）（二）", "1. 2. 3.", "（1）（2）").
Each style of marker is followed on its own through the paragraphs: a marker at a paragraph's start,
after a sentence's end or a space (a page that runs its items into one paragraph), or, for the Chinese
styles, right after a table of contents' page number or leader ("……10五、"). A run restarts at 1 under
each new heading, which is no slip. Two shapes are: a number that goes up by two after at least three
in order ("33." then "35.": one item is missing or misnumbered), and a number given twice in a row after
at least three in order, to two different items ("（三十四）2080203机关服务…（三十四）2080204拥军优属…").
The same number before the same words is a block printed twice (a repeated page), not a slip.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from auditor.document import Document, Location
from auditor.numerals import format_number
from auditor.nlp.quantities import parse_chinese_numeral

__all__ = ["NumberingSlip", "numbering_slips"]

_CN = "一二三四五六七八九十"
# (style, pattern of the marker with its number in group "n")
_STYLES = (
    ("cn、", rf"(?P<n>[{_CN}]{{1,3}})、"),
    ("（cn）", rf"[（(](?P<n>[{_CN}]{{1,3}})[）)]"),
    ("d.", r"(?P<n>\d{1,2})[.．](?!\d)"),
    ("d、", r"(?P<n>\d{1,2})、"),
    ("（d）", r"[（(](?P<n>\d{1,2})[）)]"),
)
_MARKER = regex.compile(
    r"(?:^|(?<=[。；;：:\s])|(?<=[\d.…·](?=[（(]?[" + _CN + r"])))\s*(?:"
    + "|".join(f"(?P<s{i}>{p.replace('(?P<n>', f'(?P<n{i}>')})" for i, (_, p) in enumerate(_STYLES)) + ")"
)
MIN_RUN = 3  # items in order before a slip says anything
_SAME_WORDS = 10  # characters after a repeated number that show a block printed twice


@dataclass(slots=True)
class NumberingSlip:
    """One slip in a run of item numbers: ``kind`` "skip" (up by two) or "repeat" (the same twice)."""

    kind: str
    number: int  # the number as it slipped (35, or 34 given again)
    printed: str  # the marker as printed: "35.", "（三十四）"
    location: Location
    text: str  # its paragraph
    span: tuple[int, int]
    previous: str  # the marker before it in the run
    prev_number: int
    prev_location: Location
    prev_text: str
    prev_span: tuple[int, int]


def _number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    v = parse_chinese_numeral(s)
    return int(v) if v is not None and v == int(v) else None


def _printed_as(style: int, n: int) -> str:
    """Number ``n`` as a marker of ``style`` prints it ("（三十四）", "34.")."""
    num = format_number(n, "chineseCounting") if "cn" in _STYLES[style][0] else str(n)
    return {"cn、": f"{num}、", "（cn）": f"（{num}）", "d.": f"{num}.", "d、": f"{num}、", "（d）": f"（{num}）"}[
        _STYLES[style][0]]


def _skipped_in(between: str, style: int, n: int) -> bool:
    """Is the number said to be skipped printed after all, glued where no marker was looked for
    ("…经费（四）2080…")?"""
    want = _printed_as(style, n)
    return want in between or want.replace("（", "(").replace("）", ")") in between or (
        want.endswith(".") and want[:-1] + "．" in between)


_CELL_PROSE = 40  # characters from which a table cell is prose that may number its items


def numbering_slips(doc: Document) -> list[NumberingSlip]:
    """The skipped and repeated item numbers of ``doc``'s paragraphs, and of each table cell that is prose
    (“年度主要工作内容”: 1.…2.…3.…4.…4.…5.…), a cell's numbering a run of its own."""
    out = _slips(list(doc.paragraphs))
    for t in doc.tables:
        for cell in t.cells:
            if len(cell.text) >= _CELL_PROSE:
                out += _slips([cell])
    return out


def _slips(paragraphs: list) -> list[NumberingSlip]:
    """``numbering_slips`` of one run of paragraphs (or of one cell)."""
    out: list[NumberingSlip] = []
    last: dict[int, tuple[int, str, Location, str, tuple[int, int], int]] = {}  # style -> previous marker
    index = {id(p): k for k, p in enumerate(paragraphs)}
    where: dict[int, tuple[int, int]] = {}  # style -> (paragraph index, offset) after its previous marker
    for p in paragraphs:
        for m in _MARKER.finditer(p.text):
            style = next(i for i in range(len(_STYLES)) if m.group(f"s{i}"))
            n = _number(m.group(f"n{style}"))
            if n is None:
                continue
            start, end = m.span(f"s{style}")
            printed = m.group(f"s{style}")
            prev = last.get(style)
            run = 1
            if prev is not None:
                pn, pprinted, ploc, ptext, pspan, prun = prev
                if n == pn + 1:
                    run = prun + 1
                elif prun >= MIN_RUN and n in (pn + 2, pn):
                    same_words = n == pn and (p.text[end:end + _SAME_WORDS].strip()
                                              == ptext[pspan[1]:pspan[1] + _SAME_WORDS].strip())
                    k0, off = where[style]
                    k1 = index[id(p)]
                    between = (paragraphs[k0].text[off:start] if k0 == k1 else
                               "".join([paragraphs[k0].text[off:]] + [q.text for q in paragraphs[k0 + 1:k1]]
                                       + [p.text[:start]]))
                    glued = n == pn + 2 and _skipped_in(between, style, pn + 1)
                    if not same_words and not glued:
                        out.append(NumberingSlip("skip" if n == pn + 2 else "repeat", n, printed, p.location,
                                                 p.text, (start, end), pprinted, pn, ploc, ptext, pspan))
                    run = prun + 1 if n == pn + 2 else prun  # the run goes on past the slip
            last[style] = (n, printed, p.location, p.text, (start, end), run)
            where[style] = (index[id(p)], end)
    return out
