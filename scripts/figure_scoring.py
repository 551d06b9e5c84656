"""Scoring figure extraction against the hand-made gold in tests/gold/figures.

The gold (one YAML per sample report) lists every figure of the narrative
paragraphs: its text as printed, offset in the paragraph, value in the printed
unit, canonical unit, bound and indicator concept. Its conventions are written
at the top of each file and in docs/extraction.md.

Matching rules (one gold figure matches at most one prediction, and back):

``match``       spans overlap, values agree and units agree (the headline score)
``exact``       the same, and the span is exactly the gold span
``detect``      spans overlap, whatever the value and unit
``normalized``  spans overlap, same dimension (money, percent, area ...) and the
                same value in the dimension's base unit (6.18万元 == 61800元);
                used to compare systems that do not keep the printed unit

Indicator linking is scored over the gold figures matched (``match``) by a
narrative claim of :func:`auditor.nlp.extract.extract_claims`: accuracy where
the gold names a concept, and how often a concept is predicted where the gold
says null.

Used by scripts/extraction_eval.py and tests/test_extraction_gold.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

import yaml

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "tests" / "gold" / "figures"

MODES = ("match", "exact", "detect")


# ---------------------------------------------------------------- model


@dataclass(frozen=True)
class Figure:
    """A figure in a paragraph: a gold annotation or a system's prediction."""

    doc: str  # sample stem, e.g. "000"
    paragraph: int  # paragraph number as read_document gives it
    start: int  # offsets in the paragraph text
    end: int
    text: str
    value: float | None  # in the printed unit (None: the system gave no value)
    unit: str | None  # canonical unit (万元, %, 人 ...)
    bound: str = "eq"
    indicator: str | None = None  # canonical concept of lexicons/indicators.yaml
    indicator_raw: str | None = None
    dimension: str | None = None  # money, percent, area, count ...
    normalized: float | None = None  # value in the dimension's base unit (元 for money)

    def overlaps(self, other: "Figure") -> bool:
        return (self.doc == other.doc and self.paragraph == other.paragraph
                and self.start < other.end and other.start < self.end)

    def where(self) -> str:
        return f"{self.doc} ¶{self.paragraph}@{self.start}"


@dataclass
class GoldDoc:
    stem: str
    path: Path  # the sample file
    figures: list[Figure]
    guards: dict[int, str]  # paragraph -> first 12 chars
    paragraph_count: int | None = None


class GoldMismatch(RuntimeError):
    """The gold no longer lines up with how the document is read."""


# ---------------------------------------------------------------- units


def _unit_table() -> dict[str, tuple[str, float]]:
    """canonical unit -> (dimension, factor to the base unit), from lexicons/units.yaml."""
    from auditor.lexicons import load_lexicons

    out: dict[str, tuple[str, float]] = {}
    for surface, info in load_lexicons().units.items():
        out[surface] = (info.dimension, info.factor)
        out[info.name] = (info.dimension, info.factor)
    return out


def canonical_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    return {"％": "%"}.get(unit, unit)


def with_dimension(f: Figure) -> Figure:
    """Fill dimension and normalized value from the unit, when the lexicon knows it."""
    if f.dimension is not None and f.normalized is not None:
        return f
    info = _unit_table().get(f.unit or "")
    if info is None:
        dim = f.dimension or ("count" if f.unit else None)
        return replace(f, dimension=dim, normalized=f.normalized if f.normalized is not None else f.value)
    dim, factor = info
    norm = f.normalized if f.normalized is not None else (None if f.value is None else f.value * factor)
    return replace(f, dimension=f.dimension or dim, normalized=norm)


def values_close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# ---------------------------------------------------------------- gold


def load_gold(gold_dir: Path | str | None = None) -> list[GoldDoc]:
    """Every NNN.yaml in the gold folder, in name order."""
    gold_dir = Path(gold_dir) if gold_dir else GOLD_DIR
    docs = []
    for f in sorted(gold_dir.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        path = Path(data["document"])
        if not path.is_absolute():
            path = REPO / path
        stem = f.stem
        figures: list[Figure] = []
        guards: dict[int, str] = {}
        for para in data.get("paragraphs") or []:
            pno = int(para["paragraph"])
            guards[pno] = para["guard"]
            for e in para.get("figures") or []:
                text = e["text"]
                figures.append(with_dimension(Figure(
                    doc=stem, paragraph=pno, start=int(e["start"]), end=int(e["start"]) + len(text),
                    text=text, value=float(e["value"]), unit=canonical_unit(e["unit"]),
                    bound=e.get("bound", "eq"), indicator=e.get("indicator"),
                    indicator_raw=e.get("indicator_raw"))))
        docs.append(GoldDoc(stem, path, figures, guards, data.get("paragraph_count")))
    return docs


def read_gold_document(g: GoldDoc):
    """The document the gold annotates, after checking the gold still lines up."""
    from auditor.ingest import read_document

    doc = read_document(g.path)
    # The gold annotates the text as printed (full-width ％ and all).
    texts = {p.index: _printed(p) for p in doc.paragraphs}
    problems = []
    for pno, guard in g.guards.items():
        if not texts.get(pno, "").startswith(guard):
            problems.append(f"¶{pno}: expected {guard!r}, read {texts.get(pno, '')[:12]!r}")
    for f in g.figures:
        t = texts.get(f.paragraph, "")
        if t[f.start:f.end] != f.text:
            problems.append(f"¶{f.paragraph}@{f.start}: expected {f.text!r}, read {t[f.start:f.end]!r}")
    if problems:
        raise GoldMismatch(f"gold {g.stem} does not match {g.path.name} as read now: " + "; ".join(problems[:5]))
    return doc


# ---------------------------------------------------------------- systems


def _printed(p) -> str:
    return p.source_text if p.source_text is not None else p.text


def _printed_span(p, start: int, end: int) -> tuple[int, int, str]:
    """Offsets in the normalised paragraph as offsets and text in the printed one."""
    from auditor.normalize import source_span

    src = _printed(p)
    a, b = source_span((start, end), p.source_map, len(src))
    return a, b, src[a:b]


def auditor_quantities(stem: str, document) -> list[Figure]:
    """parse_quantities on every paragraph of the document."""
    from auditor.nlp.quantities import parse_quantities

    out = []
    for p in document.paragraphs:
        for q in parse_quantities(p.text):
            start, end, printed = _printed_span(p, q.start, q.end)
            out.append(Figure(doc=stem, paragraph=p.index, start=start, end=end, text=printed,
                              value=q.value, unit=canonical_unit(q.unit), bound=q.bound,
                              dimension=q.dimension, normalized=q.normalized))
    return out


def auditor_claims(stem: str, document) -> list[Figure]:
    """The narrative claims of extract_claims, with their indicator concept."""
    from auditor.nlp.extract import extract_claims

    cs = extract_claims(document)
    paras = {p.index: p for p in document.paragraphs}
    out = []
    for c in cs.narrative:
        q = c.quantity
        p = paras.get(c.location.paragraph)
        start, end, printed = _printed_span(p, q.start, q.end) if p is not None else (q.start, q.end, q.printed)
        out.append(Figure(doc=stem, paragraph=c.location.paragraph, start=start, end=end,
                          text=printed, value=q.value, unit=canonical_unit(q.unit), bound=q.bound,
                          indicator=c.concept, indicator_raw=c.indicator,
                          dimension=q.dimension, normalized=q.normalized))
    return out


# ---------------------------------------------------------------- scoring


@dataclass
class PRF:
    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"P {self.precision:.1%} ({self.tp}/{self.n_pred})  R {self.recall:.1%} ({self.tp}/{self.n_gold})"
                f"  F1 {self.f1:.1%}")


def _agree(g: Figure, p: Figure, mode: str) -> bool:
    if not g.overlaps(p):
        return False
    if mode == "detect":
        return True
    if mode == "normalized":
        return g.dimension == p.dimension and values_close(g.normalized, p.normalized)
    ok = values_close(g.value, p.value) and canonical_unit(g.unit) == canonical_unit(p.unit)
    if mode == "exact":
        ok = ok and g.start == p.start and g.end == p.end
    return ok


def match(gold: list[Figure], pred: list[Figure], mode: str = "match") -> list[tuple[Figure, Figure]]:
    """One-to-one pairs (gold, pred) that agree under ``mode``; largest overlap first."""
    by_para: dict[tuple[str, int], list[int]] = {}
    for i, p in enumerate(pred):
        by_para.setdefault((p.doc, p.paragraph), []).append(i)
    cands = []
    for gi, g in enumerate(gold):
        for pi in by_para.get((g.doc, g.paragraph), []):
            p = pred[pi]
            if _agree(g, p, mode):
                ov = min(g.end, p.end) - max(g.start, p.start)
                cands.append((-ov, gi, pi))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], pred[pi]))
    pairs.sort(key=lambda gp: (gp[0].doc, gp[0].paragraph, gp[0].start))
    return pairs


def prf(gold: list[Figure], pred: list[Figure], mode: str = "match") -> PRF:
    return PRF(len(match(gold, pred, mode)), len(pred), len(gold))


@dataclass
class IndicatorScore:
    linked: int = 0  # matched figures whose gold concept is not null
    correct: int = 0
    null_gold: int = 0  # matched figures whose gold concept is null
    spurious: int = 0  # ... for which a concept was predicted anyway
    unmatched_claims: int = 0  # gold figures with no matching claim
    wrong: list[tuple[Figure, Figure]] = field(default_factory=list)
    spurious_list: list[tuple[Figure, Figure]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.linked if self.linked else 1.0

    @property
    def spurious_rate(self) -> float:
        return self.spurious / self.null_gold if self.null_gold else 0.0


def score_indicators(gold: list[Figure], claims: list[Figure]) -> IndicatorScore:
    s = IndicatorScore()
    pairs = match(gold, claims, "match")
    s.unmatched_claims = len(gold) - len(pairs)
    for g, p in pairs:
        if g.indicator is None:
            s.null_gold += 1
            if p.indicator is not None:
                s.spurious += 1
                s.spurious_list.append((g, p))
        else:
            s.linked += 1
            if p.indicator == g.indicator:
                s.correct += 1
            else:
                s.wrong.append((g, p))
    return s


@dataclass
class Errors:
    false_negatives: list[tuple[Figure, Figure | None]]  # gold, and the overlapping prediction if any
    false_positives: list[tuple[Figure, Figure | None]]  # pred, and the overlapping gold if any


def errors(gold: list[Figure], pred: list[Figure]) -> Errors:
    pairs = match(gold, pred, "match")
    gm = {id(g) for g, _ in pairs}
    pm = {id(p) for _, p in pairs}

    def first_overlap(x: Figure, pool: Iterable[Figure]) -> Figure | None:
        return next((y for y in pool if x.overlaps(y)), None)

    fn = [(g, first_overlap(g, pred)) for g in gold if id(g) not in gm]
    fp = [(p, first_overlap(p, gold)) for p in pred if id(p) not in pm]
    return Errors(fn, fp)


def subset(figs: Iterable[Figure], keep: Callable[[Figure], bool]) -> list[Figure]:
    return [f for f in figs if keep(f)]


def is_money(f: Figure) -> bool:
    return f.dimension == "money"


# ---------------------------------------------------------------- one call


@dataclass
class Evaluation:
    gold: list[Figure]
    quantities: list[Figure]
    claims: list[Figure] | None
    documents: dict[str, object]  # stem -> Document

    def quantity_scores(self) -> dict[str, PRF]:
        return {m: prf(self.gold, self.quantities, m) for m in MODES}

    def indicator_score(self) -> IndicatorScore | None:
        return None if self.claims is None else score_indicators(self.gold, self.claims)

    def errors(self) -> Errors:
        return errors(self.gold, self.quantities)


def evaluate(gold_dir: Path | str | None = None, with_claims: bool = True) -> Evaluation:
    """Read every gold document, run the extractor, keep gold and predictions."""
    gold: list[Figure] = []
    quantities: list[Figure] = []
    claims: list[Figure] | None = [] if with_claims else None
    documents = {}
    for g in load_gold(gold_dir):
        doc = read_gold_document(g)
        documents[g.stem] = doc
        gold.extend(g.figures)
        quantities.extend(auditor_quantities(g.stem, doc))
        if claims is not None:
            claims.extend(auditor_claims(g.stem, doc))
    return Evaluation(gold, quantities, claims, documents)
