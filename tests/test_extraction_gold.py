"""Figure extraction against the hand-made gold in tests/gold/figures.

The floors are the figures recorded in docs/extraction.md less a small margin
(about one figure), so any regression of the quantity recogniser fails here.
Raise them when the extractor improves.
"""

import pytest

from figure_scoring import (
    Figure,
    evaluate,
    load_gold,
    match,
    prf,
    read_gold_document,
)

# Recorded: quantities P 94.5% (172/182) R 97.7% (172/176); indicators 66.7% (52/78), 0/94 spurious.
MIN_PRECISION = 0.99
MIN_RECALL = 0.99
MIN_INDICATOR_ACCURACY = 0.90
MAX_SPURIOUS_CONCEPT_RATE = 0.03


def fig(start, end, value, unit, paragraph=1, doc="x"):
    return Figure(doc=doc, paragraph=paragraph, start=start, end=end, text="", value=value, unit=unit)


def test_when_gold_loaded_then_at_least_three_reports_and_every_span_lines_up():
    docs = load_gold()
    assert {"000", "001", "004"} <= {d.stem for d in docs}
    for d in docs:
        assert d.figures, d.stem
        read_gold_document(d)  # raises GoldMismatch if a guard or a span no longer matches


def test_when_spans_overlap_and_value_and_unit_agree_then_match_one_to_one():
    gold = [fig(0, 6, 6.18, "万元"), fig(10, 14, 95, "%")]
    pred = [fig(2, 6, 6.18, "万元"), fig(2, 6, 6.18, "万元"), fig(10, 12, 95, None)]
    assert len(match(gold, pred, "match")) == 1  # unit differs on the second; no double use
    assert len(match(gold, pred, "exact")) == 0  # spans differ
    assert len(match(gold, pred, "detect")) == 2
    s = prf(gold, pred)
    assert (s.tp, s.n_pred, s.n_gold) == (1, 3, 2)


def test_when_other_paragraph_then_no_match():
    assert match([fig(0, 4, 1, "人", paragraph=1)], [fig(0, 4, 1, "人", paragraph=2)]) == []


def test_quantity_precision_and_recall_do_not_regress():
    ev = evaluate(with_claims=False)
    s = ev.quantity_scores()["match"]
    assert s.recall >= MIN_RECALL, f"quantity recall fell: {s}"
    assert s.precision >= MIN_PRECISION, f"quantity precision fell: {s}"


@pytest.mark.slow
def test_indicator_linking_does_not_regress():
    ind = evaluate(with_claims=True).indicator_score()
    assert ind.accuracy >= MIN_INDICATOR_ACCURACY, f"{ind.correct}/{ind.linked}"
    assert ind.spurious_rate <= MAX_SPURIOUS_CONCEPT_RATE, f"{ind.spurious}/{ind.null_gold}"
