"""What the SC checks share: the family name, the score records extraction read
(``ClaimSet.scores``) and their score tables, the decimals and the printed text of table
figures, and whether a row's target was met, with its target and actual as evidence
(SC08, SC12)."""

from __future__ import annotations

from typing import Iterable

from auditor.checks.registry import CheckContext
from auditor.findings import Evidence
from auditor.nlp.scores import ScoreRow, ScoreSheet, ScoreTable, TargetActual
from auditor.nlp.tables import AnalyzedTable, TableFigure
from auditor.tolerance import Interval, convention_decimals


_FAMILY = "scores"


# ---------------------------------------------------------------- score records


def scores_of(ctx: CheckContext) -> ScoreSheet:
    """The score records extraction read (``ClaimSet.scores``)."""
    return ctx.claims.scores or ScoreSheet()


def score_tables(ctx: CheckContext) -> list[ScoreTable]:
    return scores_of(ctx).score_tables


def _dec(figs: Iterable[TableFigure]) -> int:
    return convention_decimals(f.quantity.number_text for f in figs)


def _ptxt(f: TableFigure) -> str:
    return f.cell.text[f.span[0]:f.span[1]].strip()


# ---------------------------------------------------------------- targets against actuals (SC08, SC12)


def _status(ta: TargetActual) -> str | None:
    """"missed" or "met" when the row's actual is below or reaches its target in the
    indicator's direction; None when the comparison is open (or the direction unknown)."""
    if ta.direction is None:
        return None
    t, a, tv, av = ta.t, ta.a, ta.tv, ta.av
    # a target is a threshold, exact as written (98% is not "97.5% to 98.5%")
    ti = Interval.exact(tv)
    ai = Interval.printed(av, a.decimals if a.dimension not in ("count", "frequency", None) else None)
    if ta.direction == "ge":
        if a.bound in ("ge", "gt"):
            return "met" if ai.lo >= ti.lo - 1e-9 else None
        if ai.hi < ti.lo - 1e-9 or (t.bound == "gt" and ai.hi <= ti.lo):
            return "missed"
        if a.bound in ("eq", None) and ((ai.lo >= ti.lo - 1e-9 and not (t.bound == "gt" and ai.lo <= ti.lo))
                                        or (abs(av - tv) < 1e-9 and t.bound != "gt")):
            return "met"  # printed equal to the target (100% of 100%): the report says it was reached
        return None
    if a.bound in ("le", "lt"):
        return "met" if ai.hi <= ti.hi + 1e-9 else None
    if ai.lo > ti.hi + 1e-9 or (t.bound == "lt" and ai.lo >= ti.hi):
        return "missed"
    if a.bound in ("eq", None) and ((ai.hi <= ti.hi + 1e-9 and not (t.bound == "lt" and ai.hi >= ti.hi))
                                    or (abs(av - tv) < 1e-9 and t.bound != "lt")):
        return "met"
    return None


def _target_evidence(at: AnalyzedTable, sr: ScoreRow, ta: TargetActual) -> tuple[Evidence, Evidence]:
    """The row's 年度指标值 and 实际完成值 figures, as finding evidence."""
    t, a = ta.t, ta.a
    t_ev = Evidence(location=sr.target_cell.location, text=sr.target_cell.text, span=ta.t_span,
                    printed=t.printed, value=ta.tv, unit=t.unit_printed or t.unit, role="目标",
                    context=[at.title] + list(sr.row.path) + ["年度指标值"])
    a_ev = Evidence(location=sr.actual_cell.location, text=sr.actual_cell.text, span=ta.a_span,
                    printed=a.printed, value=a.value, unit=a.unit_printed or a.unit, role="实际",
                    context=[at.title] + list(sr.row.path) + ["实际完成值"])
    return t_ev, a_ev
