"""The words tables are read with: text without whitespace, the measure a header
names (预算 / 决算 / 执行 / 得分 …), years, units, the maximum printed in a label,
the table vocabulary of lexicons/scoring_rules.yaml ``tables`` (``_vocab``), the list markers
(一、/（一）/1、/(1)/①, 其中, "……"), and the measures that never add up down a
column (lexicons/relations.yaml ``table_columns``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from auditor.lexicons import load_lexicons


_WS = regex.compile(r"[\s\u3000]+")
_YEAR = regex.compile(r"((?:19|20)\d{2})\s*年")
_MAX_IN_LABEL = regex.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_UNIT_IN_TEXT = regex.compile(r"(?:单位[:：]\s*|[（(]\s*)(万元|亿元|千元|元|人|%|个|平方米|m\s*²|m2|㎡)\s*[)）]?")
_KV_CELL = regex.compile(
    r"^\s*(?:其中\s*[:：]\s*)?(?P<key>[^\d:：]{2,30}?)\s*[:：]\s*(?P<val>[^:：]*?\d[^:：]*?)\s*$"
)

_MARKERS = [
    ("cn", regex.compile(r"^[一二三四五六七八九十]+\s*[、.．]")),
    ("paren_cn", regex.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]")),
    ("arabic", regex.compile(r"^\d{1,2}\s*[、.．](?!\d)")),
    ("paren_arabic", regex.compile(r"^[（(]\s*\d{1,2}\s*[)）]")),
    ("circled", regex.compile(r"^[①-⑳]")),
]
_MARKER_RANK = {"cn": 0, "paren_cn": 1, "arabic": 2, "paren_arabic": 3, "circled": 4}
_QIZHONG = regex.compile(r"^其中\s*[:：]?")
_ELLIPSIS = regex.compile(r"^[.．。…·⋯\s]{2,}$|^…+$")


def norm_text(s: str | None) -> str:
    """Text without any whitespace (PDF and Word exports break words: "全年执 行数")."""
    return _norm_text(s) if s else ""


@lru_cache(maxsize=65536)
def _norm_text(s: str) -> str:
    # asked for the same cell and header texts again and again while layouts are tried
    return _WS.sub("", s)


def label_max_score(text: str | None) -> float | None:
    """The maximum printed in a label: "产出指标(50分)" → 50, "投入（20分）" → 20."""
    if not text:
        return None
    m = _MAX_IN_LABEL.search(norm_text(text))
    return float(m.group(1)) if m else None


@dataclass(frozen=True)
class _Vocab:
    kinds: list[tuple[str, list[str]]]
    measures: dict[str, str]  # word -> measure
    numeric_measures: frozenset[str]
    text_measures: frozenset[str]
    header_words: tuple[str, ...]
    total_rows: frozenset[str]
    score_total_rows: frozenset[str]
    block_heads: frozenset[str]
    grade_labels: tuple[str, ...]
    budget_labels: tuple[str, ...]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    lex = load_lexicons()
    t = (lex.scoring or {}).get("tables", {})
    measures: dict[str, str] = {}
    for m, words in (lex.relations.get("measures") or {}).items():
        for w in words:
            measures[str(w)] = str(m)
    for m, words in (t.get("measures") or {}).items():
        for w in words:
            measures[str(w)] = str(m)
    return _Vocab(
        kinds=[(k["kind"], list(k["words"])) for k in t.get("kinds", [])],
        measures=measures,
        numeric_measures=frozenset(t.get("numeric_measures", [])),
        text_measures=frozenset(t.get("text_measures", [])),
        header_words=tuple(t.get("header_words", [])),
        total_rows=frozenset(t.get("total_rows", [])),
        score_total_rows=frozenset(norm_text(x) for x in t.get("score_total_rows", [])),
        block_heads=frozenset(t.get("block_heads", [])),
        grade_labels=tuple(t.get("grade_labels", [])),
        budget_labels=tuple(t.get("budget_labels", [])),
    )


def _measure_word(text: str | None) -> tuple[str, str] | None:
    s = norm_text(text)
    if not s:
        return None
    best = None
    for w, m in _vocab().measures.items():
        if w in s and (best is None or len(w) > len(best[0])):
            best = (w, m)
    return best


def measure_of(text: str | None) -> str | None:
    """The measure a header names (longest vocabulary word found), or None."""
    best = _measure_word(text)
    return best[1] if best else None


def _column_measure(path: list[str]) -> str | None:
    """The measure of a column from its header path, bottom row first.

    A header typed over two rows can cut one word in two ("年初" over "预算数"
    is 年初预算数): a longer word across the last two rows wins over the
    bottom row's own.
    """
    if not path:
        return None
    own = _measure_word(path[-1])
    if len(path) >= 2:
        across = _measure_word(norm_text(path[-2]) + norm_text(path[-1]))
        if across is not None and (own is None or len(across[0]) > len(own[0])) \
                and across[0] not in norm_text(path[-2]):
            return across[1]
    if own is not None:
        return own[1]
    return measure_of(" ".join(path))


def year_of(text: str | None) -> int | None:
    m = _YEAR.search(text or "")
    return int(m.group(1)) if m else None


def unit_of(text: str | None) -> str | None:
    """Unit named in a caption or header: "单位：万元", "(万元)", "(人)"."""
    m = _UNIT_IN_TEXT.search(text or "")
    if not m:
        return None
    u = norm_text(m.group(1))
    return {"m²": "平方米", "m2": "平方米", "㎡": "平方米"}.get(u, u)


_UNIT_NOTE_END = regex.compile(r"[（(](?:万元|亿元|千元|元|人|%|个|m²|m2|㎡|平方米)[)）]$")


@lru_cache(maxsize=16384)
def clean_header(s: str) -> str:
    """Header text without spaces and a trailing unit note: "全年执 行数" → "全年执行数"."""
    return _UNIT_NOTE_END.sub("", norm_text(s))


_COLUMNS = load_lexicons().relations["table_columns"]
_NOT_SUMMED = frozenset(_COLUMNS["rates_and_scores"])  # measures that never add up down a column
