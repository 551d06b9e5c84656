"""Root-cause hints: one printed figure, read with a single plausible slip,
that would make two or more failing relations hold at once.

Slips tried: one digit changed, two adjacent digits swapped, the decimal
point shifted by one place, 元 read as 万元 (and back). A hint never changes
a figure; it is added to the findings it would resolve.
"""

from __future__ import annotations

from collections import defaultdict

from auditor.checks.common import Recheck, fmt
from auditor.normalize import normalize_figures
from auditor.stages import guard


def slip_variants(number_text: str) -> list[tuple[str, float]]:
    """(description, value) for every single-slip reading of a printed number."""
    # Printed numbers reach here normalised (auditor.normalize); normalising
    # again makes the function safe on any printed form.
    s = normalize_figures(number_text)[0].replace(",", "")
    out: dict[float, str] = {}
    digits = [i for i, ch in enumerate(s) if ch.isdigit()]
    for i in digits:
        for d in "0123456789":
            if d != s[i]:
                t = s[:i] + d + s[i + 1:]
                if len(t) > 1 and t[0] == "0" and t[1] != ".":
                    continue
                out.setdefault(float(t), "digit")
    for a, b in zip(digits, digits[1:]):
        if b == a + 1 and s[a] != s[b]:
            t = s[:a] + s[b] + s[a] + s[b + 1:]
            out.setdefault(float(t), "swap")
    v = float(s)
    for k in (10.0, 0.1):
        out.setdefault(round(v * k, 10), "decimal")
    out.pop(v, None)
    return [(kind, val) for val, kind in out.items()]


def add_root_cause_hints(findings, rechecks: list[Recheck]) -> None:
    """Attach a hint to findings when one slip would make ≥2 of them hold."""
    if len(rechecks) < 2:
        return
    by_claim: dict[int, list[Recheck]] = defaultdict(list)
    claims = {}
    for rc in rechecks:
        for c in rc.claims:
            by_claim[id(c)].append(rc)
            claims[id(c)] = c
    for cid, rcs in by_claim.items():
        if len(rcs) < 2:
            continue
        # One figure whose hint cannot be worked out costs that hint only.
        guard("hint", claims[cid].quantity.number_text, _hint_one, cid, claims[cid], rcs)


def _hint_one(cid: int, c, rcs: list[Recheck]) -> None:
    """Attach the best single-slip hint for one figure, if any."""
    best = None
    for kind, v in slip_variants(c.quantity.number_text):
        fixed = [rc for rc in rcs if _safe(rc, {cid: v})]
        if len(fixed) >= 2 and (best is None or len(fixed) > len(best[2])):
            best = (kind, v, fixed)
    if best is None:
        return
    kind, v, fixed = best
    names = "与".join(dict.fromkeys(_relation_label(rc) for rc in fixed))
    printed = c.quantity.number_text
    hint = f"{printed} 可能应为 {fmt(v, c.quantity.decimals)}：这样{names}都能对上"
    hint_en = f"{printed} may be a slip for {fmt(v, c.quantity.decimals)}: that would make {len(fixed)} failing relations hold"
    for rc in fixed:
        f = rc.finding
        f.hint = hint if not f.hint else f"{f.hint}；{hint}"
        f.hint_en = hint_en if not f.hint_en else f"{f.hint_en}; {hint_en}"


def _safe(rc: Recheck, ov) -> bool:
    try:
        return bool(rc.holds(ov))
    except (ZeroDivisionError, ValueError, TypeError):
        return False


def _relation_label(rc: Recheck) -> str:
    """A reviewer's name for the relation: 基本支出合计, 较上年增加额, 三公经费正文与表格."""
    f = rc.finding
    first = rc.claims[0] if rc.claims else None
    name = None
    if first is not None:
        from auditor.link.concepts import concept_match

        name = concept_match(first.indicator or "")[2] or first.concept
    if f.code.startswith("NS") and name:
        return f"{name}合计"
    if f.code in ("NT02", "NR02"):
        return "较上年增减额"
    if f.code.startswith("NT") and name:
        return f"{name}正文与表格"
    if f.code == "NR01" and name:
        return name
    return f.name
