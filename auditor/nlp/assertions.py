"""Claims made in words, found once for the checks that judge them.

- ``Statement``: a phrase that asserts something the figures beside it can
  contradict (全部整改到位, 资金已全部到位, 已全部支付到位, 未超支), one kind per
  entry of ``assertions`` in lexicons/relations.yaml (CL01–CL03, BL02).
- ``CountedList``: a count stated with the items it counts, "13个内设机构：A、B、…"
  or "下设A、B、C等3个科室" (CL04); the nouns that may be counted are
  ``enumeration_nouns``, the words that open a list after its verb
  ``counted_lists.intro``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from auditor.lexicons import alternation

from auditor.document import Document, Location


@dataclass(frozen=True, slots=True)
class Statement:
    """A claim in words at a place in a paragraph."""

    kind: str  # the entry of lexicons/relations.yaml ``assertions``: all_rectified, all_in_place, all_paid, not_overspent
    location: Location
    words: str  # as printed: 均已全部整改到位
    start: int  # offsets in the paragraph's text
    end: int
    verb: str | None = None  # what was done with all of it (拨付 in 已全部拨付), from the kind's ``verbs``


@dataclass(frozen=True, slots=True)
class CountedList:
    """A count and the items listed for it, in one paragraph."""

    location: Location
    paragraph: str  # the paragraph's text, for the quote
    count_text: str  # the count as printed: 13, 十三
    count: float | None  # its value (None when the numeral cannot be read)
    count_span: tuple[int, int]
    noun: str  # what is counted: 内设机构
    items: tuple[str, ...]  # the items listed, split at 、，,



@lru_cache(maxsize=16)
def _phrase_pattern(prefixes: tuple[str, ...], words: tuple[str, ...]) -> regex.Pattern:
    """An optional prefix, then one of the words, longest first."""
    return regex.compile((f"(?:{alternation(prefixes)})?" if prefixes else "") + f"(?:{alternation(words)})")


def find_statements(doc: Document, relations: dict) -> list[Statement]:
    """Every phrase of every ``assertions`` kind, in paragraph order."""
    pats = {kind: _phrase_pattern(tuple(str(w) for w in spec.get("prefixes", ())), tuple(str(w) for w in spec["words"]))
            for kind, spec in relations["assertions"].items()}
    verbs = {kind: [str(v) for v in spec.get("verbs", ())] for kind, spec in relations["assertions"].items()}
    out = []
    for p in doc.paragraphs:
        for kind, pat in pats.items():
            out += [Statement(kind, p.location, m.group(0), m.start(), m.end(),
                              next((v for v in verbs[kind] if v in m.group(0)), None)) for m in pat.finditer(p.text)]
    return out


_NUMERAL = r"(?P<n>[0-9]+|[一二两三四五六七八九十]+)"
_ITEM_SEP = regex.compile(r"[、，,]")
_ANOTHER_COUNT = regex.compile(r"[0-9一二两三四五六七八九十]+\s*个")


def _split_items(text: str) -> list[str]:
    """The items of a list, split at 、，, outside brackets: "组织宣传处（人事处、对外联络处）" is one item."""
    out, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif not depth and _ITEM_SEP.match(ch):
            out.append(text[start:k])
            start = k + 1
    out.append(text[start:])
    return out


@lru_cache(maxsize=4)
def _list_patterns(intro: tuple[str, ...]) -> tuple[regex.Pattern, ...]:
    counted = regex.compile(_NUMERAL + r"\s*个(?P<noun>[\p{Han}]{1,6}?)(?P<colon>[:：])(?P<list>[^。；;\n]+)")
    listed = regex.compile(rf"(?:{alternation(intro)})(?P<list>[^。；;\n:：]+?)(?:等)?\s*" + _NUMERAL
                           + r"\s*个(?P<noun>[\p{Han}]{1,6})")
    return counted, listed


def find_counted_lists(doc: Document, relations: dict) -> list[CountedList]:
    """Counts of an enumeration noun with their items listed (at least two)."""
    from auditor.nlp.quantities import parse_chinese_numeral

    nouns = relations.get("enumeration_nouns", [])
    out = []
    for p in doc.paragraphs:
        for pat in _list_patterns(tuple(relations["counted_lists"]["intro"])):
            for m in pat.finditer(p.text):
                noun = m.group("noun")
                if not any(noun.endswith(n) or n.endswith(noun) for n in nouns):
                    continue
                raw = m.group("n")
                items = tuple(x for x in _split_items(m.group("list")) if x.strip())
                if len(items) < 2 or any(_ANOTHER_COUNT.search(x) for x in items):
                    continue  # "包括8个内设机构，其中…中心内设3个科室": a count, not a list of names
                n = float(raw) if raw.isdigit() else parse_chinese_numeral(raw)
                out.append(CountedList(p.location, p.text, raw, n, m.span("n"), noun, items))
    return out
