"""The units a department is made of, counted twice: in words and in the table.

A 部门预算/决算说明 opens with the department's make-up (部门预算单位构成):
"X包括4个机关行政处室及25个下属单位，其中：列入2018年部门预算编制范围的单位
详细情况见下表" and then the table of units (单位名称 | 经费性质 | 人员编制数 |
在职人数). The table lists the department itself (its 本级) and each unit below
it, so the stated number of 下属单位 is the number of rows less the 本级 row.

The table comes either as a real table (Word, HTML, spreadsheet) or, in text
copied from a web page, run into the paragraph: "单位名称经费性质人员编制数在职
人数平潭…局本级本部财政核拨2840平潭…休养所财政核拨44…". There a row ends at its
经费性质 (财政核拨, 财政拨补, 全额拨款 …), which every row has exactly once.

Words in ``lexicons/relations.yaml`` ``unit_composition``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from auditor.document import Paragraph, Table
from auditor.lexicons import alternation, load_lexicons
from auditor.nlp.claims import Claim, Relation

_SECTION = regex.compile(r"[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]+部分")
_WINDOW = 240  # characters after the count within which the table must start


@dataclass(frozen=True)
class _Vocab:
    counted: regex.Pattern  # "14个下属单位": the count's noun
    header: tuple[str, ...]
    funding: regex.Pattern  # a row's 经费性质
    own: tuple[str, ...]
    name_cells: tuple[str, ...]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    lex = load_lexicons().relations["unit_composition"]
    alt = alternation
    return _Vocab(
        counted=regex.compile(r"\s*(?:" + alt(lex["counted"]) + ")"),
        header=tuple(lex["header"]),
        funding=regex.compile("(?:" + alt(lex["funding"]) + ")"),
        own=tuple(lex["own"]),
        name_cells=tuple(lex["name_header"]),
    )


def unit_counts(cs) -> list[Relation]:
    """One ``unit_count`` relation per stated number of 下属单位 followed by its table."""
    v = _vocab()
    blocks = cs.document.blocks
    order = {id(b): i for i, b in enumerate(blocks)}
    out = []
    for c in cs.narrative:
        q = c.quantity
        if q.unit != "个" or not q.is_exact or q.value is None or q.value != int(q.value):
            continue
        after = c.text[q.end:]
        if not v.counted.match(after):
            continue
        rows = _inline_rows(c.text, q.end, v)
        where = c.location
        if rows is None:
            table = _next_unit_table(blocks, order, c, v)
            if table is None:
                continue
            rows = _table_rows(table, v)
            where = table.location
        if len(rows) < 1:
            continue
        own = _own_rows(rows, c, cs.document, v)
        out.append(Relation(kind="unit_count", members={"count": c}, sentence=c.text, location=c.location,
                            extra={"rows": rows, "own": own, "table_location": where}))
    return out


def _inline_rows(text: str, pos: int, v: _Vocab) -> list[str] | None:
    """The unit names of a table run into the paragraph after ``pos``, or None."""
    window = text[pos:pos + _WINDOW]
    heads = [window.find(h) for h in v.name_cells if h in window]
    if not heads:
        return None
    start = pos + min(heads)
    end_m = _SECTION.search(text, start)
    body = text[start:end_m.start() if end_m else len(text)]
    # the header cells, then one row per 经费性质
    # the header cells are at the head of the table: their last one ends where the rows begin
    last = max((body.rfind(h, 0, 80) + len(h) for h in v.header if h in body[:80]), default=0)
    body = body[last:]
    names, prev = [], 0
    for m in v.funding.finditer(body):
        names.append(_trailing_name(body[prev:m.start()]))
        prev = m.end()
    return [n for n in names if n] if names else None


_NAME = regex.compile(r"[\p{Han}A-Za-z（）()]+$")


def _trailing_name(s: str) -> str:
    m = _NAME.search(s.strip())
    return m.group(0) if m else ""


def _next_unit_table(blocks, order, c: Claim, v: _Vocab) -> Table | None:
    """The first table after the count's paragraph whose header names 单位名称,
    with no more than one paragraph between."""
    para = next((b for b in blocks if isinstance(b, Paragraph) and b.location == c.location), None)
    if para is None:
        return None
    gap = 0
    for b in blocks[order[id(para)] + 1:]:
        if isinstance(b, Table):
            head = " ".join(x for x in b.value_grid()[0]) if b.n_rows else ""
            return b if any(h in head for h in v.name_cells) else None
        gap += 1
        if gap > 1:
            return None
    return None


def _table_rows(t: Table, v: _Vocab) -> list[str]:
    grid = t.value_grid()
    names = []
    for row in grid[1:]:
        name = (row[0] if row else "").strip()
        if not name or any(h == name for h in v.header) or name.startswith(("合计", "总计")):
            continue
        names.append(name)
    return names


def _own_rows(rows: list[str], c: Claim, doc, v: _Vocab) -> list[str]:
    """Rows that are the department itself: marked 本级/本部…, or the first row
    when it names the department the text is about."""
    own = [r for r in rows if any(w in r for w in v.own)]
    if own:
        return own
    first = rows[0]
    clause = c.clause_before()
    subject = regex.split(r"包括|下设|共有|共设", clause)[0] if regex.search(r"包括|下设|共有|共设", clause) else ""
    subject = regex.sub(r"^.*(?:基本情况|构成)", "", subject).strip()
    if len(subject) >= 3 and (first.endswith(subject) or subject.endswith(first)):
        return [first]
    head = c.text[:c.quantity.start]
    title = next((b.text for b in doc.paragraphs if b.text.strip()), "")
    if len(first) >= 4 and (first in title or first in head[:400]):
        return [first]
    return []
