"""Relations the narrative asserts between its figures.

* sum: a total and its parts. ``其中`` introduces parts that may cover only
  part of the total (partial); 共计/合计 after an itemised list closes a full
  sum.
* change: a figure, last year's figure, the change and the change in %
  (较上年7.54万元减少1.36万元，降低18.04%).
* rate: a rate with its operands stated nearby (排查159处，整改155处，整改率97.5%).

Only exact figures take part (约, 余, 以上 make a relation unverifiable), and
parts share the total's dimension (money with money; counts with the same
unit), so 63人 is never summed with 213人次.

The finders live in one module a family, and ``build_relations`` runs them in a
fixed order (later finders read what earlier ones found):

* ``common``: what the families share (``_compatible``, ``same_scale``,
  ``_by_sentence``, ``_clause_before``, ``_SKIP_ROLES``).
* ``sums``: 其中 sums, sums after a cue (分三次/分别/包括) or closed by 共计/合计,
  breakdowns in brackets, 科目 codes that nest, wholes made of named parts.
* ``changes``: year-on-year changes, change rates without their amount or over
  100%, a balanced budget's two changes.
* ``rates``: rates with their operands, shares of a figure printed right before
  or named earlier.
* ``items``: numbered item lists and nested items, their changes and rates
  against the total's.
* ``balances``: 年初结转和结余 … 年末结转和结余, its totals printed again, two
  amounts printed back to back.
"""

from __future__ import annotations

from auditor.nlp.bounds import part_bounds
from auditor.nlp.claims import Relation
from auditor.nlp.fleet import fleet_counts
from auditor.nlp.relations.balances import (_balanced_sides, _carry_over, _juxtaposed_amounts, _repeated_lists,
                                             _restated_totals)
from auditor.nlp.relations.changes import _balanced_changes, _changes, _falls_over_full, _orphan_change_rates
from auditor.nlp.relations.common import _by_sentence, same_scale
from auditor.nlp.relations.items import _item_lists, _part_change_sums
from auditor.nlp.relations.rates import _named_base_shares, _rates, _shares_of
from auditor.nlp.relations.sums import (
    _bracket_sums, _code_nested_sums, _enumerated_sums, _listed_sums, _named_breakdowns, _qizhong_sums,
    complete_breakdowns,
)
from auditor.nlp.unit_tables import unit_counts

__all__ = ["build_relations", "same_scale"]


def build_relations(cs) -> list[Relation]:
    """All narrative relations of a claim set."""
    from auditor.stages import guard

    by_sent = _by_sentence(cs)
    # Each kind of relation is isolated: one finder that fails costs its own relations.
    rels = guard("extract", "qizhong_sums", _qizhong_sums, cs, by_sent, default=[])
    used = {id(r.members["total"]) for r in rels if r.kind == "sum"}
    # a 其中 whole may itself be an item of a list closed by 合计, or the 合计 itself
    nested = {id(r.members["total"]): r for r in rels if r.kind == "sum"}
    rels += guard("extract", "enumerated_sums", _enumerated_sums, cs, by_sent, used, default=[])
    rels += guard("extract", "listed_sums", _listed_sums, cs, by_sent, used, nested, default=[])
    rels += guard("extract", "bracket_sums", _bracket_sums, cs, by_sent, used, default=[])
    rels += guard("extract", "code_nested_sums", _code_nested_sums, cs, used, default=[])
    rels += guard("extract", "named_breakdowns", _named_breakdowns, cs, by_sent, rels, default=[])
    changes = guard("extract", "changes", _changes, cs, by_sent, rels, default=[])
    rels += changes
    rels += guard("extract", "item_lists", _item_lists, cs, rels, default=[])
    guard("extract", "complete_breakdowns", complete_breakdowns, rels)
    rels += guard("extract", "part_change_sums", _part_change_sums, cs, rels, default=[])
    rels += guard("extract", "rates", _rates, cs, by_sent, default=[])
    rels += guard("extract", "shares_of", _shares_of, cs, by_sent, changes, default=[])
    carry = guard("extract", "carry_over", _carry_over, cs, by_sent, default=[])
    rels += carry
    rels += guard("extract", "restated_totals", _restated_totals, cs, carry, default=[])
    rels += guard("extract", "balanced_changes", _balanced_changes, cs, changes, default=[])
    rels += guard("extract", "balanced_sides", _balanced_sides, cs, by_sent, default=[])
    rels += guard("extract", "orphan_change_rates", _orphan_change_rates, cs, by_sent, changes, default=[])
    rels += guard("extract", "falls_over_full", _falls_over_full, cs, changes, default=[])
    rels += guard("extract", "unit_counts", unit_counts, cs, default=[])
    rels += guard("extract", "fleet_counts", fleet_counts, cs, default=[])
    rels += guard("extract", "part_bounds", part_bounds, cs, default=[])
    rels += guard("extract", "juxtaposed_amounts", _juxtaposed_amounts, cs, by_sent, default=[])
    rels += guard("extract", "repeated_lists", _repeated_lists, cs, by_sent, default=[])
    taken = {id(r.members["rate"]) for r in rels if r.kind == "rate"}
    rels += [r for r in guard("extract", "named_base_shares", _named_base_shares, cs, by_sent, default=[])
             if id(r.members["rate"]) not in taken]
    return rels
