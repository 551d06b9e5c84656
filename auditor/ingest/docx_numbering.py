"""Word's automatic numbering, rendered as the labels a reader sees ("一、", "（二）", "3.").

A list Word numbers itself keeps its labels out of the text: the paragraph carries
``w:numPr`` (a list instance ``w:numId`` and a level ``w:ilvl``), directly or through
its paragraph style, and ``numbering.xml`` says how each level of the list is
counted (``w:start``, ``w:numFmt``) and printed (``w:lvlText``, "（%1）" or
"%1.%2"). Without the labels, "（一）人员经费…（二）公用经费…" reads as two
unnumbered paragraphs and the breakdown they make is lost.

Counting follows Word: instances (``w:num``) of one abstract list share its
counters, unless an instance overrides a level's start (``w:lvlOverride`` /
``w:startOverride``), which restarts that level the first time the instance is
used; numbering a level restarts every deeper one. Formats: the decimal ones,
Chinese counting (一 … 十一 … 一百), 大写 (壹贰叁), 甲乙丙, circled and
bracketed digits, letters and Roman numerals; bullets and ``none`` print no
label. The label is followed by what ``w:suff`` says: a tab (the default) or a
space become one space, except after a label that ends in its own punctuation
("一、", "（一）", "1."), which needs none.
"""

from __future__ import annotations

from typing import Any

from auditor.numerals import format_number

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_VAL = _w("val")
_LABEL_END = tuple("、.．)）:：]】")


class _Level:
    __slots__ = ("start", "fmt", "text", "suffix", "legal")

    def __init__(self, lvl: Any) -> None:
        def val(tag: str, default: str | None = None) -> str | None:
            el = lvl.find(_w(tag))
            return el.get(_VAL, default) if el is not None else default

        self.start = _int(val("start"), 1)
        self.fmt = val("numFmt", "decimal") or "decimal"
        self.text = val("lvlText", "") or ""
        self.suffix = val("suff", "tab") or "tab"
        legal = lvl.find(_w("isLgl"))
        self.legal = legal is not None and legal.get(_VAL, "true") not in ("0", "false", "off")


def _int(s: str | None, default: int) -> int:
    try:
        return int(s) if s is not None else default
    except ValueError:
        return default


def _levels(parent: Any) -> dict[int, _Level]:
    return {_int(lvl.get(_w("ilvl")), 0): _Level(lvl) for lvl in parent.findall(_w("lvl"))}


class Numbering:
    """The labels of a document's numbered paragraphs, in reading order (call :meth:`label` once per
    paragraph, in order: counting is stateful)."""

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}  # abstract list -> level -> last number given
        self.used: set[str] = set()
        if numbering is not None:
            for an in numbering.findall(_w("abstractNum")):
                self.abstract[an.get(_w("abstractNumId"), "")] = _levels(an)
            for num in numbering.findall(_w("num")):
                ref = num.find(_w("abstractNumId"))
                starts: dict[int, int] = {}
                levels: dict[int, _Level] = {}
                for ov in num.findall(_w("lvlOverride")):
                    ilvl = _int(ov.get(_w("ilvl")), 0)
                    so = ov.find(_w("startOverride"))
                    if so is not None:
                        starts[ilvl] = _int(so.get(_VAL), 1)
                    lvl = ov.find(_w("lvl"))
                    if lvl is not None:
                        levels[ilvl] = _Level(lvl)
                self.nums[num.get(_w("numId"), "")] = (ref.get(_VAL, "") if ref is not None else "", starts, levels)
        if styles is not None:
            based: dict[str, str] = {}
            own: dict[str, tuple[str | None, int | None]] = {}
            for st in styles.findall(_w("style")):
                sid = st.get(_w("styleId"), "")
                b = st.find(_w("basedOn"))
                if b is not None:
                    based[sid] = b.get(_VAL, "")
                npr = st.find(f"{_w('pPr')}/{_w('numPr')}")
                if npr is not None:
                    own[sid] = _num_pr(npr)
            for sid in set(own) | set(based):
                seen, cur = set(), sid
                while cur and cur not in own and cur not in seen:
                    seen.add(cur)
                    cur = based.get(cur, "")
                if cur in own:
                    self.style_num[sid] = own[cur]

    def __bool__(self) -> bool:
        return bool(self.nums)

    def label(self, p: Any) -> str:
        """The label Word prints before paragraph ``p`` ("" when it is not numbered), with the
        separator that follows it."""
        if not self.nums:
            return ""
        ppr = p.find(_w("pPr"))
        num_id, ilvl = None, None
        style_id = None
        if ppr is not None:
            ps = ppr.find(_w("pStyle"))
            style_id = ps.get(_VAL) if ps is not None else None
            npr = ppr.find(_w("numPr"))
            if npr is not None:
                num_id, ilvl = _num_pr(npr)
        if style_id and (num_id is None or ilvl is None) and style_id in self.style_num:
            s_num, s_lvl = self.style_num[style_id]
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_lvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = ilvl or 0
        abstract_id, starts, overrides = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for k, start in starts.items():  # an instance that restarts its list
                counters[k] = start - 1
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = level.text
        for k in range(9):
            tag = f"%{k + 1}"
            if tag not in text:
                continue
            lv = levels.get(k)
            n = counters.get(k, lv.start if lv is not None else 1)
            fmt = "decimal" if (level.legal and k < ilvl) else (lv.fmt if lv is not None else "decimal")
            text = text.replace(tag, format_number(n, fmt))
        if level.fmt in ("bullet", "none") or not text:
            return ""
        if level.suffix == "nothing" or text.endswith(_LABEL_END):
            return text
        return text + " "


def _num_pr(npr: Any) -> tuple[str | None, int | None]:
    n = npr.find(_w("numId"))
    i = npr.find(_w("ilvl"))
    return (n.get(_VAL) if n is not None else None, _int(i.get(_VAL), 0) if i is not None else None)


def numbering_of(document: Any) -> Numbering:
    """The :class:`Numbering` of a python-docx document (empty when it has no numbering part)."""
    try:
        numbering = document.part.numbering_part.element
    except Exception:  # no numbering part, or one python-docx cannot load: no labels
        numbering = None
    try:
        styles = document.styles.element
    except Exception:
        styles = None
    return Numbering(numbering, styles)
