"""The budget vocabulary: lexicons/budget.yaml read into :class:`BudgetVocab` (:func:`budget_vocab`,
loaded once), and the row-start words normalised once (``_row_starts``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from auditor.nlp.budget.lines import norm_label


@dataclass(frozen=True)
class BudgetVocab:
    min_standard_tables: int
    table_kinds: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]
    kind_names: dict
    scopes: dict
    row_starts: tuple[str, ...]
    label_ends: tuple[str, ...]
    total_rows: frozenset
    col_total: tuple[str, ...]
    col_parts: tuple[str, ...]
    restatements: tuple[dict, ...]
    empty_notes: tuple[str, ...]
    sangong_layouts: dict
    sangong_labels: dict
    decompositions: tuple[tuple[str, ...], ...]
    listed_parts: dict  # intro / not_parts -> words (nlp/budget_statements.py)
    procurement: dict  # total, amount_words, parts, part_words -> words; sme -> {reserved, other, won, amount}
    perf_targets: dict  # intro / amount_words -> words
    annual_plan: dict  # headings / total_words -> words
    vehicle_lists: dict  # verbs -> words
    summary_sides: dict  # spending_ends / carry -> words; totals -> {income, spending} -> words

    def scope_of(self, kind: str) -> str | None:
        for scope, kinds in self.scopes.items():
            if kind in kinds:
                return scope
        return None


@lru_cache(maxsize=1)
def budget_vocab() -> BudgetVocab:
    """lexicons/budget.yaml, loaded and schema-checked with every lexicon."""
    from auditor.lexicons import load_lexicons

    d = load_lexicons().budget
    kinds = [(str(spec["kind"]), tuple(tuple(str(w) for w in alt) for alt in spec["any"])) for spec in d["table_kinds"]]
    return BudgetVocab(
        min_standard_tables=int(d.get("min_standard_tables", 2)),
        table_kinds=tuple(kinds),
        kind_names=dict(d.get("kind_names", {})),
        scopes={str(k): tuple(v) for k, v in (d.get("scopes") or {}).items()},
        row_starts=tuple(sorted((str(w) for w in d["row_starts"]), key=len, reverse=True)),
        label_ends=tuple(str(w) for w in d["label_ends"]),
        total_rows=frozenset(str(w) for w in d["total_rows"]),
        col_total=tuple(str(w) for w in d["columns"]["total"]),
        col_parts=tuple(str(w) for w in d["columns"]["parts"]),
        restatements=tuple(d["restatements"]),
        empty_notes=tuple(str(w) for w in d["empty_notes"]),
        sangong_layouts={str(k): tuple(str(x) for x in v) for k, v in d["sangong_layouts"].items()},
        sangong_labels={str(k): tuple(norm_label(str(x)) for x in v) for k, v in d["sangong_labels"].items()},
        decompositions=tuple(tuple(norm_label(str(x)) for x in ws) for ws in d["decompositions"]),
        listed_parts=_word_lists(d["listed_parts"]),
        procurement=_word_lists(d["procurement"]),
        perf_targets=_word_lists(d["perf_targets"]),
        annual_plan=_word_lists(d["annual_plan"]),
        vehicle_lists=_word_lists(d["vehicle_lists"]),
        summary_sides=_word_lists(d["summary_sides"]),
    )


def _word_lists(d: dict) -> dict:
    """A lexicon block of word lists (nested blocks too), as tuples of strings."""
    return {str(k): _word_lists(v) if isinstance(v, dict) else tuple(str(w) for w in v) for k, v in d.items()}


@lru_cache(maxsize=1)
def _row_starts() -> tuple[str, ...]:
    """``budget_vocab().row_starts`` normalised once (norm_label per piece and word was most of the time)."""
    return tuple(norm_label(w) for w in budget_vocab().row_starts)
