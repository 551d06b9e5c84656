"""Helpers shared by the narrative check families: number formatting,
units, and registering a failed relation for root-cause hints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from auditor.findings import Finding
from auditor.nlp.claims import Claim


def fmt(v: float | None, decimals: int = 2) -> str:
    """A number the way reports print it: no trailing zeros, no float noise."""
    if v is None:
        return "—"
    s = f"{v:.{max(decimals, 0)}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def fmt_like(v: float | None, printed: str, decimals: int = 2) -> str:
    """``fmt`` in the style of a printed figure: grouped by thousands when it is
    (an expected 8,521,164 next to a printed 12,121,164)."""
    s = fmt(v, decimals)
    if "," not in printed or v is None:
        return s
    sign, s = ("-", s[1:]) if s.startswith("-") else ("", s)
    whole, dot, frac = s.partition(".")
    return f"{sign}{int(whole):,}{dot}{frac}"


def diff_unit(unit: str | None) -> str:
    """The unit of a difference: two percentages differ by 个百分点, not by %."""
    return "个百分点" if unit == "%" else (unit or "")


def with_unit(q, unit: str | None = None) -> str:
    """A figure as printed, with its unit when the print leaves it out (a table
    cell "226.06" under a 万元 header reads "226.06万元" in a message)."""
    p = q.printed.strip()
    u = getattr(q, "unit", None) or unit
    if u and not "".join(p.split()).endswith(u):
        p += u
    return p


def quoted(name: str | None) -> str:
    """“name”, with quotation marks inside it turned single so they nest:
    “我办‘三公经费’支出合计”."""
    s = (name or "").replace("“", "‘").replace("”", "’").replace('"', "’")
    return f"“{s}”"


def in_unit(c: Claim, unit: str | None) -> float:
    """The claim's value expressed in ``unit`` (same dimension), else as printed."""
    from auditor.lexicons import load_lexicons

    q = c.quantity
    if unit is None or q.unit is None or q.unit == unit or q.normalized is None:
        return q.value
    lex = load_lexicons()
    target = lex.units.get(unit)
    if target is None or target.dimension != q.dimension:
        return q.value
    return q.normalized / target.factor


@dataclass
class Recheck:
    """A failed relation that can be re-evaluated with one figure read differently.

    ``holds(overrides)`` takes {id(claim): value in the claim's printed unit}
    and says whether the relation would then hold. Root-cause hints use it.
    """

    finding: Finding
    claims: list[Claim]
    holds: Callable[[dict[int, float]], bool]


def register_recheck(ctx, finding: Finding, claims: list[Claim], holds: Callable[[dict[int, float]], bool]) -> None:
    ctx.rechecks.append(Recheck(finding, claims, holds))


def val(c: Claim, overrides: dict[int, float]) -> float:
    return overrides.get(id(c), c.quantity.value)
