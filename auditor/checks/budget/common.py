"""What the BG checks share: the finding factory with a comparison's figures, the severity of a
verdict, one figure against another printing of it, parts against their total, figures in 万元 for
messages, and a table's or a 类's name."""

from __future__ import annotations

from auditor.checks.common import fmt, slip_severity
from auditor.checks.registry import finding
from auditor.findings import Evidence, Finding, Severity
from auditor.nlp.budget import UNIT_FACTORS, BTable, Num, norm_label
from auditor.tolerance import Comparison, Interval, Verdict, check_sum, compare, money_convention


_SEV = {Verdict.ROUNDING: Severity.INFO, Verdict.INCONSISTENT: Severity.ERROR}


def _sev(cmp: Comparison) -> Severity:
    """A verdict's severity: a rounding-level slip is info, unless rounding does not explain it after all
    (one figure printed twice with another last digit; a sum only mixed rounding and truncation, or rounding
    errors all leaning one way, excuse: a warning, see ``checks.common.slip_severity``); a contradiction is
    an error."""
    if cmp.last_digit or cmp.mixed or cmp.unlikely:
        return Severity.WARNING
    return _SEV[cmp.verdict]


def _finding(code: str, severity: Severity, message: str, message_en: str, evidence: list[Evidence],
             cmp: Comparison | None = None, unit: str | None = "万元", explanation: str = "",
             explanation_en: str = "", key: str | None = None, **fields) -> Finding:
    """A BG finding through the registry's factory, with a comparison's figures."""
    if cmp is not None:
        if (cmp.last_digit or cmp.mixed or cmp.unlikely) and severity is Severity.WARNING:
            _, why, why_en = slip_severity(cmp, severity)
            fields.setdefault("severity_reason", why)
            fields.setdefault("severity_reason_en", why_en)
        fields.setdefault("expected", round(cmp.expected, 6))
        fields.setdefault("found", cmp.found)
        fields.setdefault("difference", round(cmp.difference, 6))
        fields.setdefault("tolerance", cmp.tolerance)
    return finding(code, severity, message, evidence, message_en=message_en, unit=unit, explanation=explanation,
                   explanation_en=explanation_en or None, key=key, **fields)


def same_figure(ref_v: float, ref_d: int, v: float, d: int, same_form: bool = False) -> Comparison:
    """Is ``v`` (printed with ``d`` decimals) a printing of ``ref_v`` (``ref_d``)?

    Interval test; a difference between two printings at the same precision
    is at least a rounding-level slip (the same value rounds the same way).
    ``same_form``: both are printed figures in one unit (not a sum, not a
    conversion), so such a difference is a last digit retyped (``last_digit``).
    """
    cmp = compare(Interval.printed(ref_v, ref_d), v, d, Interval.slack(ref_v, ref_d), expected=ref_v)
    if cmp.verdict is Verdict.CONSISTENT and ref_d == d and abs(ref_v - v) > 1e-9:
        return Comparison(Verdict.ROUNDING, cmp.expected, cmp.found, cmp.difference, cmp.tolerance,
                          last_digit=same_form)
    return cmp


def _same_num(ref: Num, n: Num) -> Comparison | None:
    """Compare two money figures in 万元 (None when a unit is unknown)."""
    if ref.wan is None or n.wan is None:
        return None
    return same_figure(ref.wan, ref.wan_decimals, n.wan, n.wan_decimals,
                       same_form=ref.unit == n.unit and ref.decimals == n.decimals)


def _w(n: Num) -> str:
    """A money figure for messages, in 万元."""
    if n.unit == "万元":
        return f"{n.printed}万元"
    if n.wan is None:
        return n.printed
    return f"{n.printed}{n.unit or ''}（{fmt(n.wan, 2)}万元）"


def _sum_check(parts: list[Num], total: Num) -> Comparison:
    """Parts against their total, each part read in the total's unit (a part printed in 元 among 万元
    counts as the 元 it says); a long row or column that only rounding errors all leaning one way
    would excuse is a slip (``tolerance.check_sum``'s odds)."""
    dec = money_convention([p.printed for p in parts] + [total.printed], [p.unit for p in [*parts, total]])
    carrying = [p for p in parts if p.value != 0]
    if len(carrying) == 1 and dec is not None:
        # A total of one item (the rest printed as zero) is that item printed again: "303 对个人和家庭的
        # 补助 67.97" over "30302 退休费 67.96" and two 0.00 rows differ in the last digit.
        (p,) = carrying
        return same_figure(_in_unit_of(p, total), dec, total.value, dec,
                           same_form=p.unit == total.unit and p.decimals == total.decimals)
    return check_sum([_in_unit_of(p, total) for p in parts], total.value, dec, odds=True)


def _in_unit_of(p: Num, total: Num) -> float:
    if p.unit == total.unit or p.wan is None or total.unit not in UNIT_FACTORS:
        return p.value
    return p.wan / UNIT_FACTORS[total.unit]


def _tname(t: BTable) -> str:
    return t.name


def _class_name(label: str) -> str:
    from auditor.nlp.budget import _strip_numbering

    return _strip_numbering(norm_label(label))
