"""Map a raw indicator phrase to a canonical lexicon concept.

Exact synonym first (after stripping numbering, quotes and filler words),
then the longest synonym contained in the phrase, then rapidfuzz against all
synonyms. Similar names that mean different quantities (行政编制41名 posts vs
行政编制39人 people) are told apart by the callers, which also compare units
and measures.
"""

from __future__ import annotations

from functools import lru_cache

import regex
from rapidfuzz import fuzz, process

from auditor.lexicons import load_lexicons

_NUMBERING = regex.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.．)）]|[①-⑳]|其中[:：]?|其中)\s*"
)
_TRAILING_NOTE = regex.compile(r"[（(][^)）]*[)）]\s*$")
_NOISE = regex.compile(r"[\s\u3000“”\"'‘’「」『』：:（）()]|[（(][^)）]*[)）]$")


def clean_label(text: str) -> str:
    """Strip numbering (一、 1、 (1) ①), 其中, quotes, spaces and a trailing
    parenthesised note: ' 1、公务用车购置和维护经费 ' → '公务用车购置和维护经费'."""
    s = text.strip()
    for _ in range(3):
        t = _NUMBERING.sub("", s)
        if t == s:
            break
        s = t
    s = _TRAILING_NOTE.sub("", s)
    return _NOISE.sub("", s)


_CLEANED: dict[int, tuple[object, dict[str, str]]] = {}


def _clean_synonyms(lex) -> dict[str, str]:
    """The lexicon's synonyms as :func:`clean_label` leaves a phrase: 因公出国（境）经费 → 因公出国境经费."""
    got = _CLEANED.get(id(lex))
    if got is None or got[0] is not lex:
        got = (lex, {clean_label(k) or k: v for k, v in lex.synonyms.items()})
        _CLEANED[id(lex)] = got
    return got[1]


@lru_cache(maxsize=8192)
def concept_match(phrase: str) -> tuple[str | None, float, str | None]:
    """(concept, score 0–100, the synonym that matched) for a raw phrase."""
    lex = load_lexicons()
    synonyms = _clean_synonyms(lex)
    s = clean_label(phrase)
    if not s:
        return None, 0.0, None
    if s in synonyms:
        return synonyms[s], 100.0, s
    # A specific indicator before a generic tail wins: 三公经费支出合计 → 三公经费.
    for tail in lex.generic_tails:
        if s.endswith(tail) and len(s) > len(tail):
            head = s[: -len(tail)]
            if head in synonyms:
                return synonyms[head], 100.0, head
            hit = _longest_ending(head, synonyms, 3)
            if hit:
                return hit[1], 95.0, hit[0]
    # The longest synonym that ends the phrase names what it measures:
    # 部门基本支出 → 基本支出; 2021年我办“三公”经费支出 → 三公经费.
    hit = _longest_ending(s, synonyms, 2)
    if hit:
        return hit[1], 95.0, hit[0]
    fz = process.extractOne(s, list(synonyms), scorer=fuzz.ratio)
    if fz and fz[1] >= lex.min_concept_score:
        return synonyms[fz[0]], float(fz[1]), fz[0]
    return None, 0.0, None


def _longest_ending(s: str, synonyms: dict[str, str], min_len: int) -> tuple[str, str] | None:
    """The longest synonym ending ``s``, unless what precedes it names another
    concept: 公用经费控制率 is 公用经费's control rate, not 在职人员控制率."""
    best = None
    for syn, concept in synonyms.items():
        if len(syn) >= min_len and s.endswith(syn) and (best is None or len(syn) > len(best[0])):
            best = (syn, concept)
    if best is not None:
        head = s[: -len(best[0])]
        for other, concept in synonyms.items():
            if concept != best[1] and len(other) >= 2 and head.endswith(other):
                return None
    return best


def match_concept(phrase: str) -> tuple[str | None, float]:
    """(concept, score 0–100) for a raw phrase; (None, 0) when nothing fits."""
    concept, score, _ = concept_match(phrase)
    return concept, score
