"""BG13: a table noted as empty (本表为空表) that prints figures."""

from __future__ import annotations

from auditor.checks.budget.common import _finding, _tname
from auditor.checks.registry import check
from auditor.findings import Evidence, Severity
from auditor.nlp.budget import budget_vocab, norm_label


@check("BG13", "空表说明与表中数据矛盾", "a table said to be empty carries figures", Severity.ERROR, "budget")
def empty_note_with_figures(ctx):
    """A note under a table says it is empty (本表为空表 / 本表无数据) while the table prints non-zero figures.

    Cases (failing and passing report fragments): tests/cases/BG13.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    words = budget_vocab().empty_notes
    for t in bd.tables:
        note = next((n for n in t.notes if any(w in norm_label(n.text) for w in words)), None)
        if note is None:
            continue
        ctx.count()
        row = next((r for r in t.data_rows() if any(x.value for x in r.nums)), None)
        if row is None:
            continue
        nz = [x for x in row.nums if x.value]
        cited = [nz[0]] + ([nz[-1]] if len(nz) > 1 else [])
        note_ev = Evidence(location=note.loc, text=note.text, role="说明")
        yield _finding(
            "BG13", Severity.ERROR,
            f"{_tname(t)}下注明“{note.text.strip()}”，但表中列有数据（如{'、'.join(x.printed for x in cited)}）。请核实表格或说明。",
            f"{_tname(t)} is said to be empty, yet it prints {', '.join(x.printed for x in cited)}.",
            [note_ev] + [x.evidence("表中数据") for x in cited], unit=t.unit,
            explanation="注明为空表的表格不应有数据。", explanation_en="A table noted as empty has no figures.")
