"""Tables run into the text of a web page, cut back into the lines a budget reading needs.

A 决算 published as a web page and saved as its text comes as one paragraph:
the narrative, then each 附件 table with its cells one space apart
("… 附件7 一般公共预算财政拨款基本支出决算表 编制单位：平潭县平原镇人民政府
2017年度 金额单位：万元 项 目 合 计 人员经费 公用经费 … 合 计 1,333.54
1,042.69 290.85 301 工资福利支出 950.91 950.91 30101 基本工资 …").

:func:`page_lines` cuts such a paragraph where a printed page would have
started a line: around each table's title (its number, 附件7 / 附表7, is
dropped, as it would join the last label of the table before),
around the 编制单位 … 单位：万元 line, before its first total row (合 计
followed by figures, which the header's words would otherwise run into) and
before each note (注： / 说明：).
The rows in between stay one run of tokens, which the budget reading rebuilds
into rows itself (codes, totals and labels start rows; see
:mod:`auditor.nlp.budget`). A paragraph with fewer than
``MIN_TABLES`` numbered table titles is not such a page and is left whole.
"""

from __future__ import annotations

import regex

__all__ = ["page_lines", "MIN_TABLES"]

MIN_TABLES = 2  # numbered table titles a paragraph needs to be read as a page of tables
MIN_CHARS = 200  # shorter paragraphs are never a page of tables
HEAD_WITHIN = 80  # characters after a title within which its 编制单位 / 单位 line starts

# "附件7 一般公共预算财政拨款基本支出决算表", "附表3-1 2024年部门收支总表": a number, then a title ending in 表
_NUMBERED_TITLE = regex.compile(
    r"(?<![\p{Han}\w])(?:附件|附表)\s*\d{1,2}(?:\s*[-－]\s*\d{1,2})?\s*[:：、.．]?\s*"
    r"(?P<title>(?:(?:19|20)\d{2}\s*年度?)?\s*\p{Han}[\p{Han}（）()“”\"]{3,40}?表)"
    r"(?=\s|$|编制(?:单位|部门)|(?:金额)?单位\s*[:：])"  # a wrap may drop the space before 编制单位
)
_HEAD = regex.compile(r"编制(?:单位|部门)\s*[:：]")
_UNIT = regex.compile(r"(?:金额)?单位\s*[:：]\s*(?:万元|亿元|元)")
_NOTE = regex.compile(r"(?<=\s)(?:注|说明)\s*[:：]")
# the table's total row, which the header's words run into ("… 科目名称 合 计 1,870.70 301 …")
_TOTAL_ROW = regex.compile(r"(?<=\s)(?:合\s*计|总\s*计)(?=\s+-?\d)")


def page_lines(text: str) -> list[str]:
    """The lines of a paragraph that holds a page of tables (the paragraph itself otherwise)."""
    if len(text) < MIN_CHARS:
        return [text]
    # a title counts when its 编制单位 / 单位 line follows (not "详见附件1 收支决算总表")
    titles = [m for m in _NUMBERED_TITLE.finditer(text) if _heads_a_table(text, m.end())]
    if len(titles) < MIN_TABLES:
        return [text]
    out = [text[: titles[0].start()]]
    for k, m in enumerate(titles):
        end = titles[k + 1].start() if k + 1 < len(titles) else len(text)
        out.append(m.group("title"))  # the title on a line of its own; the number 附件7 is dropped
        out.extend(_body_lines(text[m.end() : end]))
    return [s for s in (p.strip(" \u3000") for p in out) if s]


def _heads_a_table(text: str, end: int) -> bool:
    """Does a 编制单位 or 单位 line follow the title that ends at ``end``?"""
    stop = end + HEAD_WITHIN
    return bool(_HEAD.search(text, end, stop) or _UNIT.search(text, end, stop))


def _body_lines(body: str) -> list[str]:
    """A table's text after its title: the 编制单位/单位 line, the rows, its notes."""
    out = []
    head = _HEAD.search(body)
    unit = _UNIT.search(body, head.end()) if head else _UNIT.search(body)
    if unit is not None and unit.start() - (head.start() if head else unit.start()) <= 80:
        start = head.start() if head else unit.start()
        out += [body[:start], body[start : unit.end()]]
        body = body[unit.end() :]
    total = _TOTAL_ROW.search(body)
    notes = [m.start() for m in _NOTE.finditer(body)]
    cuts = sorted({0, *([total.start()] if total else []), *notes, len(body)})
    out += [body[a:b] for a, b in zip(cuts, cuts[1:])]
    return out
