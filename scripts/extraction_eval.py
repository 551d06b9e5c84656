#!/usr/bin/env python3
"""Figure extraction scored on the hand-made gold (tests/gold/figures).

    python scripts/extraction_eval.py              # table, indicator linking, timing
    python scripts/extraction_eval.py --errors     # and every error, for docs/extraction.md
    python scripts/extraction_eval.py --no-others  # auditor only

Systems:

auditor           quantities: parse_quantities on every paragraph; indicators:
                  the narrative claims of extract_claims.
JioNLP            jio.ner.extract_money(text, with_parsing=True), scored on the
                  money figures only (gold units 元/万元/亿元).
Recognizers-Text  Microsoft's recognizers-text-suite, Culture.Chinese:
                  recognize_currency + recognize_percentage + recognize_dimension
                  scored on the money, percent and area figures; recognize_number
                  scored on every figure by value alone (it gives no count units).

JioNLP and Recognizers-Text are optional dev tools, never runtime dependencies:
they are imported lazily and shown as "not installed" when absent.
    pip install jionlp
    pip install recognizers-text-suite "emoji<1.0"   # 1.0.2a2 imports emoji.UNICODE_EMOJI

Matching rules: scripts/figure_scoring.py; conventions: docs/extraction.md.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from figure_scoring import (  # noqa: E402
    PRF,
    Evaluation,
    Figure,
    evaluate,
    prf,
    subset,
    values_close,
)

TARGET_QUANTITIES = 0.97
TARGET_INDICATORS = 0.90
TARGET_MS = 150.0

MONEY = {"money"}
MONEY_PCT_AREA = {"money", "percent", "area"}


# ---------------------------------------------------------------- other systems


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _float(x) -> float | None:
    if isinstance(x, (list, tuple)):  # ranges: the lower end
        x = x[0] if x else None
    try:
        return float(str(x).replace(",", "").rstrip("%"))
    except (TypeError, ValueError):
        return None


def jionlp_money(ev: Evaluation) -> tuple[list[Figure], str]:
    """JioNLP money mentions as Figures (normalized to 元); raises ImportError if absent."""
    with contextlib.redirect_stdout(io.StringIO()):  # its import prints a banner
        import jionlp as jio
    out = []
    for stem, doc in ev.documents.items():
        for p in doc.paragraphs:
            for r in jio.ner.extract_money(p.text, with_parsing=True):
                s, e = _strip(p.text, *r["offset"])
                detail = r.get("detail") or {}
                value = _float(detail.get("num"))
                case = detail.get("case") or "元"
                out.append(Figure(doc=stem, paragraph=p.index, start=s, end=e, text=p.text[s:e],
                                  value=value, unit=case,
                                  dimension="money" if case == "元" else f"money:{case}", normalized=value))
    return out, f"jionlp {_version('jionlp')}"


_RT_DIMENSIONS = {"Square meter": ("area", 1.0, "平方米"), "Square kilometer": ("area", 1e6, "平方公里")}


def recognizers(ev: Evaluation) -> tuple[list[Figure], list[Figure], str]:
    """(currency+percentage+dimension figures, number figures); raises ImportError if absent."""
    from recognizers_suite import (
        Culture,
        recognize_currency,
        recognize_dimension,
        recognize_number,
        recognize_percentage,
    )

    typed: list[Figure] = []
    numbers: list[Figure] = []
    for stem, doc in ev.documents.items():
        for p in doc.paragraphs:
            t = p.text

            def fig(r, dim, value, unit):
                s, e = _strip(t, r.start, r.end + 1)  # its end is inclusive
                return Figure(doc=stem, paragraph=p.index, start=s, end=e, text=t[s:e], value=value,
                              unit=unit, dimension=dim, normalized=value)

            for r in recognize_currency(t, Culture.Chinese):
                res = r.resolution or {}
                unit = res.get("unit")
                dim = "money" if unit == "Chinese yuan" else f"money:{unit}"
                typed.append(fig(r, dim, _float(res.get("value")), "元"))
            for r in recognize_percentage(t, Culture.Chinese):
                typed.append(fig(r, "percent", _float((r.resolution or {}).get("value")), "%"))
            for r in recognize_dimension(t, Culture.Chinese):
                res = r.resolution or {}
                dim, factor, unit = _RT_DIMENSIONS.get(res.get("unit"), (f"dim:{res.get('unit')}", 1.0, None))
                v = _float(res.get("value"))
                f = fig(r, dim, v, unit)
                typed.append(Figure(**{**f.__dict__, "normalized": None if v is None else v * factor}))
            for r in recognize_number(t, Culture.Chinese):
                numbers.append(fig(r, None, _float((r.resolution or {}).get("value")), None))
    return typed, numbers, f"recognizers-text-suite {_version('recognizers-text-suite')}"


def value_only(gold: list[Figure], pred: list[Figure]) -> PRF:
    """Overlap and the same number (printed or normalized value): for unit-less recognisers."""
    tp = 0
    used: set[int] = set()
    for g in gold:
        for i, p in enumerate(pred):
            if i in used or not g.overlaps(p):
                continue
            if values_close(p.value, g.value) or values_close(p.value, g.normalized):
                used.add(i)
                tp += 1
                break
    return PRF(tp, len(pred), len(gold))


# ---------------------------------------------------------------- timing


def time_extraction(runs: int = 5) -> tuple[float, str]:
    """Median ms of extract_claims on the largest .txt sample, pipeline loaded."""
    from auditor.ingest import read_document
    from auditor.nlp.extract import extract_claims

    path = max((REPO / "samples").glob("*.txt"), key=lambda p: p.stat().st_size)
    doc = read_document(path)
    extract_claims(doc)  # load the pipeline and lexicons
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        extract_claims(doc)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), path.name


# ---------------------------------------------------------------- output


def pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def row(system: str, scored_on: str, s: PRF | None, target: str = "", note: str = "") -> str:
    if s is None:
        return f"| {system} | {scored_on} | — | — | — | {target} | {note} |"
    return (f"| {system} | {scored_on} | {pct(s.precision)} ({s.tp}/{s.n_pred}) | "
            f"{pct(s.recall)} ({s.tp}/{s.n_gold}) | {pct(s.f1)} | {target} | {note} |")


def fig_str(f: Figure | None) -> str:
    if f is None:
        return "—"
    v = "?" if f.value is None else f"{f.value:g}"
    return f"“{f.text}” ({v} {f.unit or '∅'})"


def context(ev: Evaluation, f: Figure, width: int = 12) -> str:
    text = {p.index: p.text for p in ev.documents[f.doc].paragraphs}[f.paragraph]
    return text[max(0, f.start - width): f.end + 4].replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=None, help="gold folder (default tests/gold/figures)")
    ap.add_argument("--errors", action="store_true", help="list every error of the auditor")
    ap.add_argument("--no-others", action="store_true", help="skip JioNLP and Recognizers-Text")
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args(argv)

    ev = evaluate(args.gold, with_claims=True)
    gold = ev.gold
    n_docs = len(ev.documents)
    qs = ev.quantity_scores()
    gold_money = subset(gold, lambda f: f.dimension in MONEY)
    gold_mpa = subset(gold, lambda f: f.dimension in MONEY_PCT_AREA)
    aud_money = prf(gold_money, subset(ev.quantities, lambda f: f.dimension in MONEY), "normalized")
    aud_mpa = prf(gold_mpa, subset(ev.quantities, lambda f: f.dimension in MONEY_PCT_AREA), "normalized")

    rows = [
        "| system | scored on | precision | recall | F1 | target | note |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        row("auditor", f"all {len(gold)} figures: overlap + value + unit", qs["match"], "≥ 97%"),
        row("auditor (exact span)", f"all {len(gold)} figures: same span + value + unit", qs["exact"]),
        row("auditor (detection)", f"all {len(gold)} figures: overlap only", qs["detect"]),
        row("auditor", f"money only ({len(gold_money)}): overlap + value in 元", aud_money),
    ]
    if args.no_others:
        rows.append(row("JioNLP", "money only", None, note="skipped (--no-others)"))
        rows.append(row("Recognizers-Text", "money + % + area", None, note="skipped (--no-others)"))
    else:
        try:
            jio_pred, jio_v = jionlp_money(ev)
            rows.append(row("JioNLP (money only)", f"money only ({len(gold_money)}): overlap + value in 元",
                            prf(gold_money, subset(jio_pred, lambda f: f.dimension in MONEY), "normalized"),
                            note=jio_v))
        except ImportError as e:
            rows.append(row("JioNLP (money only)", "money only", None, note=f"not installed ({e.name or e})"))
        rows.append(row("auditor", f"money + % + area ({len(gold_mpa)}): overlap + value in base unit", aud_mpa))
        try:
            typed, numbers, rt_v = recognizers(ev)
            rows.append(row("Recognizers-Text", f"money + % + area ({len(gold_mpa)}): currency/percentage/dimension",
                            prf(gold_mpa, subset(typed, lambda f: f.dimension in MONEY_PCT_AREA), "normalized"),
                            note=rt_v))
            rows.append(row("Recognizers-Text number", f"all {len(gold)} figures: overlap + value, no unit",
                            value_only(gold, numbers), note="recognize_number"))
        except ImportError as e:
            rows.append(row("Recognizers-Text", "money + % + area", None,
                            note=f"not installed ({e.name or e}); 1.0.2a2 needs emoji<1.0 on Python 3.11"))

    print(f"# Figure extraction on the hand-made gold: {n_docs} reports "
          f"({', '.join(ev.documents)}), {len(gold)} figures\n")
    print("\n".join(rows))

    ind = ev.indicator_score()
    print("\n## Indicator linking (extract_claims narrative claims)\n")
    print(f"- accuracy over matched figures whose gold concept is not null: {pct(ind.accuracy)} "
          f"({ind.correct}/{ind.linked})  target ≥ {TARGET_INDICATORS:.0%}")
    print(f"- concept predicted where the gold says null: {pct(ind.spurious_rate)} ({ind.spurious}/{ind.null_gold})")
    print(f"- gold figures with no matching claim: {ind.unmatched_claims}")

    if not args.no_timing:
        ms, name = time_extraction()
        ok = "ok" if ms <= TARGET_MS else "OVER"
        print(f"\n## Speed\n\n- extract_claims on {name}, pipeline loaded, median of 5: "
              f"{ms:.0f} ms (target ≤ {TARGET_MS:.0f} ms: {ok})")

    if args.errors:
        err = ev.errors()
        print("\n## Quantity errors (auditor, rule `match`)\n")
        print("False negatives (gold figure not found with the right value and unit):\n")
        for g, p in err.false_negatives:
            print(f"- {g.where()} gold {fig_str(g)}, predicted {fig_str(p)} — …{context(ev, g)}…")
        print("\nFalse positives (predicted figure not in the gold as such):\n")
        for p, g in err.false_positives:
            print(f"- {p.where()} predicted {fig_str(p)}, gold {fig_str(g)} — …{context(ev, p)}…")
        print("\n## Indicator errors\n")
        print("Wrong concept (gold concept ← predicted concept, predicted raw phrase):\n")
        for g, p in ind.wrong:
            print(f"- {g.where()} {fig_str(g)}: {g.indicator} ← {p.indicator or 'null'} "
                  f"(raw {p.indicator_raw!r}; gold raw {g.indicator_raw!r})")
        print("\nConcept predicted where the gold says null:\n")
        for g, p in ind.spurious_list:
            print(f"- {g.where()} {fig_str(g)}: null ← {p.indicator} (raw {p.indicator_raw!r}; gold raw "
                  f"{g.indicator_raw!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
