"""Helpers shared by the narrative check families: number formatting,
units, and registering a failed relation for root-cause hints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from auditor.findings import Finding, Severity
from auditor.nlp.claims import Claim
from auditor.tolerance import Verdict

# The severity reason of a figure printed twice, in one unit and to the same decimals, with last digits one
# apart (``Comparison.last_digit``): a warning, since one of the two may be a truncation.
LAST_DIGIT_REASON = ("两处同一单位、同一位数，同一数值舍入后数字必然相同；末位相差1，疑为一处录入有误或截尾，"
                     "需核实哪一处正确")
LAST_DIGIT_REASON_EN = ("both are printed in one unit to the same decimals, and one value rounds to the same "
                        "digits each time: one last digit apart means one was retyped or truncated")
# ... and of a sum that only a mix of rounded and truncated figures explains (``Comparison.mixed``).
MIXED_REASON = ("差额超出各数同为四舍五入或同为截尾时的误差，只有部分数字四舍五入、部分截尾才能解释；"
                "同一表格或同一段文字通常用同一种取舍方式，需核实")
MIXED_REASON_EN = ("the gap is more than rounding every figure, or truncating every one, can make; only some figures "
                   "rounded and others truncated explain it, and one table or statement is made one way")
# ... and of a long sum whose gap worst-case rounding allows but chance does not (``Comparison.unlikely``).
UNLIKELY_REASON = ("差额未超出各项舍入误差的上限，但要达到这一差额，各项的舍入误差须几乎全部偏向同一方向，"
                   "四舍五入或截尾出现这种情况的可能性都不到千分之一，疑为某一项数字有误")
UNLIKELY_REASON_EN = ("the gap is within the most the items' rounding could add up to, but only if nearly all of them "
                      "were rounded the same way: less than one chance in a thousand, rounded or truncated")


def slip_severity(cmp, otherwise: Severity) -> tuple[Severity, str | None, str | None]:
    """The severity of a failed comparison and its reason (Chinese, English): ``otherwise`` for a
    contradiction; info for a rounding-level slip, except a warning for one that rounding does not explain
    after all (a figure printed twice with another last digit; a sum only mixed rounding and truncation
    excuse; a long sum only rounding errors all leaning one way excuse)."""
    if cmp.last_digit:
        return Severity.WARNING, LAST_DIGIT_REASON, LAST_DIGIT_REASON_EN
    if cmp.mixed:
        return Severity.WARNING, MIXED_REASON, MIXED_REASON_EN
    if cmp.unlikely:
        return Severity.WARNING, UNLIKELY_REASON, UNLIKELY_REASON_EN
    if cmp.verdict is Verdict.ROUNDING:
        return Severity.INFO, None, None
    return otherwise, None, None


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
