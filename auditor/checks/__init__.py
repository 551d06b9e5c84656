"""Check families and the runner.

Each family module registers its checks in :mod:`auditor.checks.registry`
on import. The runner calls every selected check, keeps going when one
check fails on an odd document (a check bug must not cost the reviewer the
other findings; see :mod:`auditor.stages`), de-duplicates, and adds root-cause hints.
"""

from __future__ import annotations

import importlib

from auditor.checks.registry import REGISTRY, CheckContext, CheckSpec
from auditor.stages import guard

_FAMILIES = (
    "auditor.checks.sums",
    "auditor.checks.rates",
    "auditor.checks.tieout",
    "auditor.checks.assertions",
    "auditor.checks.balances",
    "auditor.checks.tables",
    "auditor.checks.scores",
    "auditor.checks.budget",
)
_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for mod in _FAMILIES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as e:
            if e.name != mod:
                raise
    _loaded = True


def all_checks() -> list[CheckSpec]:
    """Every registered check, by code."""
    _load()
    return [REGISTRY[c] for c in sorted(REGISTRY)]


def known_codes() -> set[str]:
    _load()
    return set(REGISTRY)


def run_checks(doc, claims, config) -> tuple[list, int]:
    """Run the selected checks; return (findings, relations checked)."""
    from auditor.checks.rootcause import add_root_cause_hints
    from auditor.lexicons import load_lexicons

    _load()
    ctx = CheckContext(document=doc, claims=claims, lexicons=load_lexicons(), options=dict(config.options))
    ctx.options.setdefault("rechecks", [])
    findings = []
    for spec in all_checks():
        if config.only and spec.code not in config.only:
            continue
        if spec.code in config.ignore:
            continue
        # One faulty check must not hide the others: its failure is recorded
        # (auditor.stages) and the run goes on.
        findings.extend(guard("check", spec.code, lambda: list(spec.func(ctx)), default=[]))
    findings = guard("check", "dedupe", _dedupe, findings, default=findings)
    guard("hint", "root_cause", add_root_cause_hints, findings, ctx.options["rechecks"])
    return findings, ctx.relations_checked


def _dedupe(findings: list) -> list:
    """The same contradiction found twice is shown once: per column and per row
    by one check (same key), or by two checks citing exactly the same cells
    (BG02 and TB02 on a 合计 row's cross-footing), where the more severe, else
    the first registered, is kept."""
    seen = set()
    out = []
    for f in findings:
        key = f.key or (f.code, tuple(sorted((e.location.sort_key(), e.printed or e.text[:20]) for e in f.evidence)))
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    by_cells: dict[tuple, object] = {}
    kept = []
    for f in out:
        cells = tuple(sorted({e.location.sort_key() for e in f.evidence}))
        if len(cells) < 2 or any(e.location.table is None for e in f.evidence):
            kept.append(f)  # narrative figures recur in many relations: only table cells pin one down
            continue
        other = by_cells.get(cells)
        if other is None:
            by_cells[cells] = f
            kept.append(f)
        elif f.severity > other.severity:
            kept[kept.index(other)] = f
            by_cells[cells] = f
    return kept
