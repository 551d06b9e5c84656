"""Check families and the runner.

Each family module registers its checks in :mod:`auditor.checks.registry`
on import. The runner calls every selected check, keeps going when one
check fails on an odd document (a check bug must not cost the reviewer the
other findings; see :mod:`auditor.stages`), de-duplicates, and adds root-cause hints.
"""

from __future__ import annotations

import importlib

from auditor.checks.registry import REGISTRY, CheckContext, CheckSpec, context_for
from auditor.stages import guard

_FAMILIES = (
    "auditor.checks.sums",
    "auditor.checks.rates",
    "auditor.checks.tieout",
    "auditor.checks.assertions",
    "auditor.checks.balances",
    "auditor.checks.counts",
    "auditor.checks.tables",
    "auditor.checks.scores",
    "auditor.checks.budget",
    "auditor.checks.dates",
    "auditor.checks.numbering",
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

    _load()
    ctx = context_for(doc, claims, config.options)
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
    findings = guard("check", "fold_unit_slips", _fold_unit_slips, findings, default=findings)
    findings = guard("check", "fold_same_slip", _fold_same_slip, findings, default=findings)
    findings = guard("check", "fold_explained", _fold_explained, findings, ctx.rechecks, default=findings)
    guard("hint", "root_cause", add_root_cause_hints, findings, ctx.rechecks)
    guard("check", "explain_severity", _explain_severity, findings)
    return findings, ctx.relations_checked


def _fold_unit_slips(findings: list) -> list:
    """One slip, one finding: a unit slip (US01) whose figure another finding
    already cites as part of the relation it breaks (a sum that misses its
    total because 15元 was written for 15万元) becomes that finding's hint."""
    from auditor.findings import Severity

    def spot(e):
        return (e.location, e.span)

    out = []
    for f in findings:
        if f.code != "US01" or not f.evidence:
            out.append(f)
            continue
        slip = spot(f.evidence[0])
        host = next((g for g in findings if g is not f and g.code != "US01" and g.severity >= Severity.WARNING
                     and any(spot(e) == slip for e in g.evidence)), None)
        if host is None:
            out.append(f)
            continue
        host.hint = "；".join(x for x in (host.hint, f.hint or f.message) if x)
        host.hint_en = "; ".join(x for x in (host.hint_en, f.hint_en or f.message_en) if x)
        if f.severity > host.severity:
            host.severity = f.severity
            host.severity_reason = "其中一数疑为单位写错（见提示），按单位错误定级"
            host.severity_reason_en = "one of its figures looks like a unit slip (see the hint), graded as that slip"
    return out


def _num(v) -> float | None:
    return round(v, 6) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _wrong_figure(f):
    """The one piece of evidence that prints the figure ``f`` says is wrong (its ``found``, where it expects
    another value), or None."""
    found = _num(f.found)
    if found is None or _num(f.expected) is None or found == _num(f.expected):
        return None
    spots = [e for e in f.evidence if e.value is not None and _num(e.value) == found]
    return spots[0] if len(spots) == 1 else None


def _absorb(host, f) -> None:
    """``f`` said what ``host`` says: its figures join the host's evidence, its message the host's hint."""
    have = {(e.location, e.span) for e in host.evidence}
    host.evidence.extend(e for e in f.evidence if (e.location, e.span) not in have)
    host.hint = "；".join(x for x in (host.hint, f.message) if x)
    host.hint_en = "; ".join(x for x in (host.hint_en, f.message_en) if x)


def _fold_same_slip(findings: list) -> list:
    """One slip, one finding: two findings that cite the same printed figure as the
    wrong one and expect the same value for it (a sum whose parts give 4385.76 for the
    total printed 4165.56, and the same total printed 4385.76 elsewhere) say one thing.
    The first (the more severe) is kept; the other's figures join its evidence and
    its message becomes the kept finding's hint."""
    def key(f):
        # the wrong figure by its place and value, not its span: two readers (the budget reading's lines, the
        # claims' paragraphs) may quote it with different spans
        e = _wrong_figure(f)
        return ((e.location, _num(f.found)), _num(f.expected)) if e is not None else None

    ordered = sorted(range(len(findings)), key=lambda i: -findings[i].severity)
    host_of: dict[tuple, object] = {}
    folded: set[int] = set()
    for i in ordered:
        f = findings[i]
        k = key(f)
        if k is None:
            continue
        host = host_of.get(k)
        if host is None:
            host_of[k] = f
            continue
        _absorb(host, f)
        folded.add(i)
    return [f for i, f in enumerate(findings) if i not in folded]


_SAME_WORDS = 20  # characters of quoted text that show one sentence printed twice
# Checks whose finding's ``expected`` is the value its ``found`` figure should have had (a restated figure, a
# total against its parts, a rate against its operands): only such a finding can explain another. A bound's
# expected is a limit (NS02's parts above their whole, BG04's bounds), not a correction.
_CORRECTIONS = frozenset({"BG01", "BG02", "BG03", "BG04", "BG05", "BG06", "BG07", "BG08", "BG09", "BG11", "BG12",
                          "BG16", "BL01", "BL03", "NR01", "NR02", "NS01", "NT01", "NT03", "NT05", "SC01", "SC04",
                          "SC06", "TB01", "TB02", "TB04", "TB05"})


def _fold_explained(findings: list, rechecks: list) -> list:
    """One slip, one finding: a failed relation that holds once the figure another finding names as wrong
    takes that finding's expected value (the 738.66 of BG05, whose table says 696.48, also breaks the sum of
    the items it is listed with) is that finding's consequence. Its message becomes the finding's hint and
    its figures join the evidence."""
    by_finding = {id(rc.finding): rc for rc in rechecks}
    folded: set[int] = set()
    hosts: set[int] = set()
    for host in sorted(findings, key=lambda f: -f.severity):
        if id(host) in folded or host.code not in _CORRECTIONS or (host.key or "").startswith("BG04:bound"):
            continue
        wrong_ev = _wrong_figure(host)
        if wrong_ev is None:
            continue
        found, expected = _num(host.found), _num(host.expected)
        spot, words = wrong_ev.location, (wrong_ev.text or "").strip()

        def same_place(c) -> bool:
            # where the host quotes it, or the same words printed again (a page a PDF prints twice)
            if c.location == spot:
                return True
            text = c.text.strip()
            return len(words) >= _SAME_WORDS and (words in text or (len(text) >= _SAME_WORDS and text in words))

        for f in findings:
            rc = by_finding.get(id(f))
            if f is host or rc is None or id(f) in folded or id(f) in hosts or f.severity > host.severity:
                continue  # a finding that already explains others stays in view
            wrong = [c for c in rc.claims if _num(c.quantity.value) == found and same_place(c)]
            if len(wrong) != 1:
                continue
            try:
                holds = bool(rc.holds({id(wrong[0]): expected}))
            except (ZeroDivisionError, ValueError, TypeError):
                holds = False
            if not holds:
                continue
            _absorb(host, f)
            folded.add(id(f))
            hosts.add(id(host))
    return [f for f in findings if id(f) not in folded]


def _explain_severity(findings: list) -> None:
    """A finding shown at another severity than its check's default says why.
    Checks give the specific reasons; a rounding-level difference (info) is
    the one reason common to every check."""
    from auditor.findings import Severity

    for f in findings:
        spec = REGISTRY.get(f.code)
        if spec is None or f.severity == spec.severity or f.severity_reason:
            continue
        if f.severity is Severity.INFO:
            f.severity_reason = "差额在各数的舍入误差范围内，只作提示"
            f.severity_reason_en = "the difference is within the rounding of the figures, so it is only info"


def _dedupe(findings: list) -> list:
    """The same contradiction found twice is shown once: per column and per row
    by one check (same key), or by two checks citing exactly the same cells
    (BG02 and TB02 on a 合计 row's cross-footing) or the same three or more
    narrative figures (NR01 and BG09 on one completion rate), where the more
    severe, else the first registered, is kept."""
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
        if any(e.location.table is None for e in f.evidence):
            # narrative figures recur in many relations: only the same three or more values, each in
            # the same paragraph, pin one down (NR01 and BG09 on one completion rate)
            cells = tuple(sorted({(e.location.sort_key(), round(e.value, 6)) for e in f.evidence
                                  if isinstance(e.value, (int, float))}))
            if len(cells) < 3 or len(cells) != len(f.evidence):
                kept.append(f)
                continue
        elif len(cells) < 2:
            kept.append(f)
            continue
        other = by_cells.get(cells)
        if other is None:
            by_cells[cells] = f
            kept.append(f)
        elif f.severity > other.severity:
            kept[kept.index(other)] = f
            by_cells[cells] = f
    return kept
