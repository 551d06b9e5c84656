"""The spaCy pipeline that turns a sentence into quantities and indicator phrases.

Components (registered with ``@Language.factory``):

* ``auditor_quantities`` sets ``doc._.quantities``: every figure with offsets
  (auditor.nlp.quantities).
* ``auditor_indicators`` sets ``doc._.indicators``: for each quantity, the raw
  phrase naming what it measures, cut at pkuseg word boundaries, and the
  lexicon concept that phrase maps to.

Tokens come from spaCy's Chinese tokenizer with the shipped pkuseg model and
the lexicon's domain words as user dictionary, so 在职人员控制率 or 公务用车运行
维护费 stay whole and a phrase never starts mid-word.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

import regex

from auditor.nlp.spacy_import import spacy  # noqa: F401  first: imports spaCy without spacy.cli
from spacy.language import Language  # noqa: I001
from spacy.tokens import Doc

from auditor.lexicons import load_lexicons
from auditor.link.concepts import match_concept
from auditor.nlp.claims import mask_name_brackets
from auditor.nlp.quantities import parse_quantities

if not Doc.has_extension("quantities"):
    Doc.set_extension("quantities", default=None)
if not Doc.has_extension("indicators"):
    Doc.set_extension("indicators", default=None)

_CLAUSE_BREAK = regex.compile(r"[，,。；;！？!?：:、\n（）()]")
_YEAR_PREFIX = regex.compile(r"^(?:(?:19|20)\d{2}\s*)?年(?:度|末|底|初)?(?=.)")


@Language.factory("auditor_quantities", assigns=["doc._.quantities"])
def make_quantities(nlp: Language, name: str):
    """Sets doc._.quantities from the lexicon-driven recogniser."""

    def component(doc: Doc) -> Doc:
        # Extraction parses each sentence first to skip those without figures,
        # and hands the result in on the Doc rather than parsing it twice.
        if doc._.quantities is None:
            doc._.quantities = parse_quantities(doc.text)
        return doc

    return component


_WHEN_WORD = regex.compile(r"[0-9.]+|(?:19|20)\d{2}年(?:度|末|底|初)?")
_PUNCT_WORD = regex.compile(r"[\s\p{P}]+")


class _Tokens:
    """A Doc's text and its token texts with their start and end offsets (both
    ascending), read once: ``Doc.text`` joins every token again at each call."""

    __slots__ = ("text", "texts", "starts", "ends")

    def __init__(self, doc: Doc) -> None:
        self.text = doc.text
        self.texts, self.starts, self.ends = [], [], []
        for t in doc:
            text, idx = t.text, t.idx
            self.texts.append(text)
            self.starts.append(idx)
            self.ends.append(idx + len(text))

    def within(self, start: int, end: int) -> list[str]:
        """Texts of the tokens lying wholly inside [start, end)."""
        return self.texts[bisect_left(self.starts, start):bisect_right(self.ends, end)]


def _indicator_for(doc: Doc, q, prev_end: int, tokens: _Tokens | None = None) -> tuple[str | None, str | None, float]:
    """The phrase before ``q`` naming what it measures, cut at word boundaries."""
    if tokens is None:
        tokens = _Tokens(doc)
    text = tokens.text
    left_start = prev_end
    # Stop at the nearest clause break before the figure.
    seg = mask_name_brackets(text[left_start:q.start])
    breaks = list(_CLAUSE_BREAK.finditer(seg))
    if breaks:
        left_start += breaks[-1].end()
    # Years and bare numbers say when, not what: drop them from the phrase.
    words = [t for t in tokens.within(left_start, q.start) if t.strip() and not _WHEN_WORD.fullmatch(t)]
    filler = load_lexicons().trailing_filler  # words between an indicator and its figure
    while words and (words[-1] in filler or _PUNCT_WORD.fullmatch(words[-1])):
        words.pop()
    if not words:
        return None, None, 0.0
    # Try the longest suffix that maps to a concept; prefer exact synonyms.
    best: tuple[str, str, float] | None = None
    for k in range(min(len(words), 8), 0, -1):
        phrase = "".join(words[-k:])
        phrase = _YEAR_PREFIX.sub("", phrase)
        if not phrase:
            continue
        concept, score = match_concept(phrase)
        # The longest phrase that names a concept wins: in 三公经费支出合计 the
        # specific 三公经费 beats the generic tail 支出合计.
        if concept and score >= 95:
            best = (phrase, concept, score)
            break
        if concept and (best is None or score > best[2]):
            best = (phrase, concept, score)
    if best:
        return best
    raw = _YEAR_PREFIX.sub("", "".join(words[-4:]))
    # "按期办结率、息访率100%": rates listed with 、 share the figure; the
    # first one the lexicon knows names it.
    if q.dimension == "percent" and left_start > 0 and text[left_start - 1] == "、":
        prev = _CLAUSE_BREAK.split(text[:left_start - 1])[-1]
        concept, score = match_concept(prev)
        if concept:
            return prev, concept, score
    return (raw or None), None, 0.0


@Language.factory("auditor_indicators", assigns=["doc._.indicators"], requires=["doc._.quantities"])
def make_indicators(nlp: Language, name: str):
    """Sets doc._.indicators: (raw phrase, concept, score) per quantity."""

    def component(doc: Doc) -> Doc:
        out = []
        prev_end = 0
        tokens = _Tokens(doc) if doc._.quantities else None
        for q in doc._.quantities or []:
            out.append(_indicator_for(doc, q, prev_end, tokens))
            prev_end = q.end
        doc._.indicators = out
        return doc

    return component


@lru_cache(maxsize=1)
def claim_pipeline() -> Language:
    """The pipeline used by extraction: pkuseg tokenizer + our components."""
    from auditor.nlp.segmenter import load_nlp

    lex = load_lexicons()
    base = load_nlp(lex.domain_words())
    nlp = type(base).from_config(base.config)
    nlp.tokenizer = base.tokenizer
    nlp.add_pipe("auditor_quantities")
    nlp.add_pipe("auditor_indicators")
    return nlp
