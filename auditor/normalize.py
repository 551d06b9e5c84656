"""The one place where the way a figure is typed becomes the way it is read.

Reports type the same number many ways: ``２６０９．５７万元`` (full-width
digits and point), ``９７．５％``, ``1，234.56`` or ``1 234.56`` (a full-width
comma or a space as the thousands separator), ``12. 5%`` (a stray space).
:func:`normalize_figures` rewrites every figure to its ASCII form
(``2609.57万元``, ``97.5%``, ``1,234.56``, ``12.5%``) before anything reads
it; :class:`~auditor.ingest.DocumentBuilder` applies it to every paragraph
and cell, so extraction, checks and hints only ever see the normalised text
and never mix an ASCII digit into a full-width figure.

The printed form is not lost: the builder keeps the original text on the
block (``source_text``) with an offset map, and :func:`restore_evidence`
puts the quoted text and figure back exactly as printed for the reader.

Letter-spaced text, which PDF exports give a justified line
(``财 政 业 务 费 10.00 万 元 ，``), is closed up (``财政业务费10.00万元，``): a
space is dropped between two characters when either is Chinese or Chinese
punctuation, within a run of single characters and figures one space apart that
spaces at least four Chinese characters from the next. A flattened
table's header (``科目名称 类 款 项 合计``) has fewer and is left alone.

Otherwise only characters in and around figures change. Full-width letters,
punctuation in prose and the enumeration comma 、 are left alone; a comma
between digits counts as a thousands separator only in proper groups of
three (``12，345`` yes, ``2021，2022年`` no).
"""

from __future__ import annotations

import re

__all__ = ["normalize_figures", "source_span", "restore_evidence"]

# Always safe, one character for one: these forms only ever write digits,
# percent signs and the comparison signs of scoring rules.
_ALWAYS = str.maketrans(
    "０１２３４５６７８９％﹪＜＞＝",
    "0123456789%%<>=",
)
# Needed by the conditional rules below, already ASCII after _ALWAYS.
_POINTS = "．"  # a full-width point after/before a digit is a decimal point
_MINUSES = "－−﹣"  # a minus sign before a digit
_SEPS = ",，､﹐"  # thousands separators (ASCII, full-width, half-width ideographic, small)
_SPACES = " \u00a0\u2009\u202f\u2007"  # spaces that may sit inside a number (not U+3000 or TAB)

_SEP_GROUPED = re.compile(rf"(?<![0-9.{_SEPS}])[0-9]{{1,3}}(?:[{_SEPS}][0-9]{{3}})+(?![0-9])")
# Groups split by a space: 1 234 567.89, only with a decimal part: "100 100" is two
# figures side by side in a table row or a PDF line (and 123 456 7890 a phone number).
_SPACE_GROUPED = re.compile(
    rf"(?<![0-9.,{_SPACES}])[0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}})+(?![0-9]|[{_SPACES}][0-9])(?=\.[0-9])"
)
_POINT = re.compile(rf"(?<=[0-9])[{_POINTS}]|[{_POINTS}](?=[0-9])")
_MINUS = re.compile(rf"[{_MINUSES}](?=[0-9])")
# Spaces to drop: around a decimal point between digits, before a percent sign.
_DROP = re.compile(rf"(?<=[0-9])[{_SPACES}]+(?=\.[0-9])|(?<=[0-9]\.)[{_SPACES}]+(?=[0-9])|(?<=[0-9])[{_SPACES}]+(?=%)")
# A space typed after a thousands separator, before a last group with decimals ("1, 537.4万元"): one figure
_SEP_SPACE = re.compile(rf"(?<![0-9.,])[0-9]{{1,3}},([{_SPACES}]+)(?=[0-9]{{3}}\.[0-9])")
# Letter spacing: a run of single Chinese characters (or punctuation marks) and
# figures, one space apart, with at least MIN_SPACED_PAIRS Chinese characters
# spaced from the next; its spaces before a character are closed up.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_CJK = _HAN + "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"  # with CJK and full-width punctuation
_SPACED_RUN = re.compile(rf"(?<![^ ])(?:[{_CJK}]|[0-9][0-9,.]*%?)(?: (?:[{_CJK}]|[0-9][0-9,.]*%?))+(?![^ ])")
_SPACED_PAIR = re.compile(rf"(?<=[{_HAN}]) (?=[{_HAN}])")
# between two characters, and between a figure and its unit; not before a figure,
# which in a flattened table row is the next cell
_CLOSE_UP = re.compile(rf"(?<=[{_CJK}0-9%]) (?=[{_CJK}])")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
MIN_SPACED_PAIRS = 4


def _letter_spacing(s: str) -> list[tuple[int, int]]:
    """The spaces of letter-spaced runs of ``s`` to drop, as (start, end) spans."""
    out = []
    for m in _SPACED_RUN.finditer(s):
        run = m.group(0)
        if len(_SPACED_PAIR.findall(run)) >= MIN_SPACED_PAIRS:
            a = m.start()
            if a >= 2 and _CJK_CHAR.match(s, a - 2):  # the space that opens the run, after a character
                out.append((a - 1, a))
            out.extend((a + k.start(), a + k.end()) for k in _CLOSE_UP.finditer(run))
            b = m.end()
            if s[b:b + 1] == " " and _CJK_CHAR.match(s, b + 1) and _CJK_CHAR.match(s, b - 1):
                out.append((b, b + 1))  # the space that closes it, before a character ("同 比 增 加2433505.07")
    return out


def normalize_figures(text: str) -> tuple[str, list[int] | None]:
    """``text`` with every figure in ASCII form, and an offset map.

    The map is None when the result has the same length as ``text`` (every
    change was one character for one, offsets agree); otherwise
    ``map[i]`` is the offset in ``text`` of the result's character ``i``.
    """
    s = text.translate(_ALWAYS)
    if s.isascii() and " " not in s and "," not in s:
        return s, None  # nothing else can apply
    chars = list(s)
    for m in _POINT.finditer(s):
        chars[m.start()] = "."
    for m in _MINUS.finditer(s):
        chars[m.start()] = "-"
    s = "".join(chars)
    for pat in (_SEP_GROUPED, _SPACE_GROUPED):
        chars = list(s)
        for m in pat.finditer(s):
            for i in range(m.start(), m.end()):
                if not chars[i].isdigit():
                    chars[i] = ","
        s = "".join(chars)
    drops = sorted([(m.start(), m.end()) for m in _DROP.finditer(s)] + [m.span(1) for m in _SEP_SPACE.finditer(s)])
    if " " in s and (spaced := _letter_spacing(s)):
        merged: list[tuple[int, int]] = []
        for a, b in sorted(drops + spaced):
            if merged and a < merged[-1][1]:  # overlapping spans drop as one
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        drops = merged
    if not drops:
        return s, None
    out, index, pos = [], [], 0
    for a, b in drops:
        out.append(s[pos:a])
        index.extend(range(pos, a))
        pos = b
    out.append(s[pos:])
    index.extend(range(pos, len(s)))
    return "".join(out), index


def source_span(span: tuple[int, int], index: list[int] | None, n_source: int) -> tuple[int, int]:
    """A span of the normalised text as a span of the source text."""
    a, b = span
    if index is None:
        return max(0, min(a, n_source)), max(0, min(b, n_source))
    if not index:
        return 0, 0
    a = min(max(a, 0), len(index) - 1)
    b = min(max(b, a + 1), len(index))
    return index[a], index[b - 1] + 1


def restore_evidence(findings, document) -> None:
    """Quote every piece of evidence as the report prints it.

    Evidence built from a normalised paragraph or cell (its text is that
    block's text) gets the block's source text back, its span mapped, and
    its printed figure re-read from the source at the same place; anything
    else (a value the check composed) is left as it is.
    """
    if document is None:
        return
    sources: dict[tuple, tuple[str, str, list[int] | None]] = {}
    for b in document.blocks:
        if getattr(b, "cells", None) is not None:
            for c in b.cells:
                if c.source_text is not None:
                    sources[("c", b.index, c.row + 1, c.col + 1)] = (c.text, c.source_text, c.source_map)
        elif b.source_text is not None:
            sources[("p", b.index)] = (b.text, b.source_text, b.source_map)
    if not sources:
        return
    for f in findings:
        for ev in f.evidence:
            loc = ev.location
            key = ("c", loc.table, loc.row, loc.col) if loc.table is not None else ("p", loc.paragraph)
            hit = sources.get(key)
            if hit is None or ev.text != hit[0]:
                continue
            norm, src, index = hit
            span = ev.span
            if ev.printed and (span is None or norm[span[0]:span[1]] != ev.printed):
                k = norm.find(ev.printed)
                printed_span = (k, k + len(ev.printed)) if k >= 0 else None
            else:
                printed_span = span
            if printed_span is not None:
                a, b = source_span(printed_span, index, len(src))
                ev.printed = src[a:b]
            if span is not None:
                ev.span = source_span(span, index, len(src))
            ev.text = src
