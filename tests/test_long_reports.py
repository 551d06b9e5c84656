"""Long inputs: several reports in one file cost what the reports cost apart.

The 1,000-page robustness case (scripts/robustness_bench.py) repeats the
samples; a check that compares every table of one kind with every table of
another, or every text figure with every table figure, grows with the square
of the repetitions. These tests hold the findings of a report repeated k
times to at most k times its own findings (exactly k for the pairwise
checks NT01 and SC09), which a rule pairing one copy with another breaks.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from auditor.audit import audit_document
from auditor.ingest.text import parse_text

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"

pytestmark = pytest.mark.slow  # loads the spaCy pipeline


def _codes(text: str) -> Counter:
    return Counter(f.code for f in audit_document(parse_text(text)).findings)


@pytest.mark.parametrize(("name", "per_copy"), [("000_e4b7451ca6ac423e.txt", "SC09"), ("004_50f89173955d11d8.txt", "NT01")])
def test_when_a_report_is_repeated_three_times_then_no_finding_pairs_one_copy_with_another(name, per_copy):
    text = (SAMPLES / name).read_text(encoding="utf-8")
    one = _codes(text)
    three = _codes("\n\n\n".join([text] * 3))
    assert one[per_copy], "the sample must have the finding for the test to mean anything"
    assert three[per_copy] == 3 * one[per_copy]
    # a check may merge restatements across copies (NT05), never multiply them
    assert set(three) == set(one) and all(three[c] <= 3 * one[c] for c in three), (one, three)


def test_when_two_reports_share_a_file_then_each_self_evaluation_table_meets_its_own_basic_data_table():
    # 000: the self-evaluation table's budget 2778.76 equals the basic data table's actuals (SC09).
    text = (SAMPLES / "000_e4b7451ca6ac423e.txt").read_text(encoding="utf-8")
    doc = parse_text(text + "\n\n\n" + text)
    sc09 = [f for f in audit_document(doc).findings if f.code == "SC09"]
    assert len(sc09) == 2
    tables = sorted(
        {(f.evidence[0].location.table, f.evidence[1].location.table) for f in sc09}
    )
    (self1, basic1), (self2, basic2) = tables
    assert basic1 < self1 < basic2 < self2  # each report's pair, not the other report's
