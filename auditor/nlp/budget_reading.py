"""Everything a budget document states, read once during extraction.

:func:`read_budget` turns a 部门预算/决算 document into its
:class:`~auditor.nlp.budget.BudgetDoc` (standard tables and narrative
passages, :mod:`auditor.nlp.budget`) and fills in what each part states:
a summary table's sides, the “三公”经费 table's columns, the narrative's
numbered 科目 items, and each passage's amounts, changes, shares, completion
rates, procurement, performance targets, vehicle counts and 其中 breakdowns
(:mod:`auditor.nlp.budget_statements`). The BG checks judge these records;
they read no text.

Each reading is isolated (:func:`auditor.stages.guard`): one that fails on an
odd document costs its own records, never the others.
"""

from __future__ import annotations

from typing import Callable

from auditor.document import Document
from auditor.nlp.budget import (
    BudgetDoc,
    analyze_budget,
    carry_breakdowns,
    changes_of,
    completions_of,
    items_of,
    rows_foot,
    sangong_of,
    shares_of,
    summary_sides,
)
from auditor.nlp.budget_statements import (
    annual_plan_of,
    labelled_amounts,
    listed_parts_of,
    perf_targets_of,
    procurement_of,
    sangong_totals_of,
    vehicle_lists_of,
)

# Passage attribute -> its reader (a passage and the document's year in, records out).
_PASSAGE_READERS: dict[str, Callable] = {
    "amounts": lambda p, year: labelled_amounts(p),
    "changes": changes_of,
    "shares": lambda p, year: shares_of(p),
    "completions": lambda p, year: completions_of(p),
    "sangong_totals": lambda p, year: sangong_totals_of(p),
    "procurement": lambda p, year: procurement_of(p),
    "perf_targets": lambda p, year: perf_targets_of(p),
    "annual_plan": lambda p, year: annual_plan_of(p),
    "vehicle_lists": lambda p, year: vehicle_lists_of(p),
    "listed_parts": lambda p, year: listed_parts_of(p),
}


def read_budget(doc: Document) -> BudgetDoc | None:
    """The budget reading of ``doc`` with every statement read; None when it
    is not a budget document."""
    from auditor.stages import guard

    bd = analyze_budget(doc)
    if bd is None:
        return None
    bd.items = guard("extract", "budget.items", items_of, bd, default=[])

    def tables() -> None:
        for t in bd.tables:
            t.sides = summary_sides(t) if t.kind in ("summary", "fiscal_summary") else []
            t.carries = carry_breakdowns(t) if t.kind in ("summary", "fiscal_summary") else []
            t.rows_foot = t.kind in ("summary", "fiscal_summary") and not t.columns and rows_foot(t)
            t.sangong = sangong_of(t) if t.kind == "sangong" else None

    guard("extract", "budget.tables", tables)
    for attr, reader in _PASSAGE_READERS.items():
        guard("extract", f"budget.{attr}", _read_passages, bd, attr, reader)
    return bd


def _read_passages(bd: BudgetDoc, attr: str, reader: Callable) -> None:
    for p in bd.passages:
        setattr(p, attr, reader(p, bd.year))
