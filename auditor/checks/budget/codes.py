"""BG17: a 科目 code printed twice with two names, or out of the order of its siblings."""

from __future__ import annotations

from bisect import bisect_left

from auditor.checks.budget.common import _finding, _tname
from auditor.checks.registry import check
from auditor.findings import Evidence, Severity
from auditor.nlp.budget import BRow, BTable

# Siblings must be this many for their order to say anything, and at most this share of them out of
# place: more means the table is not printed in code order (a layout the reading did not undo).
_MIN_SIBLINGS = 3
_MAX_OUT_OF_PLACE = 1 / 3


def _longest_rising(keys: list[int]) -> set[int]:
    """Indices of one longest strictly rising subsequence of ``keys`` (patience sorting)."""
    tails: list[int] = []  # tails[k]: index of the smallest last key of a rising run of length k + 1
    tail_keys: list[int] = []  # keys[tails[k]], kept beside tails for the search
    prev: list[int | None] = [None] * len(keys)
    for i, k in enumerate(keys):
        j = bisect_left(tail_keys, k)
        prev[i] = tails[j - 1] if j else None
        if j == len(tails):
            tails.append(i)
            tail_keys.append(k)
        else:
            tails[j] = i
            tail_keys[j] = k
    out: set[int] = set()
    i = tails[-1] if tails else None
    while i is not None:
        out.add(i)
        i = prev[i]
    return out


def _siblings(t: BTable) -> dict[str, list[BRow]]:
    """A table's code rows by parent code (301 for 30112, 20103 for 2010301), in printed order.
    A row printed again with the same code and name (a repeated page) is left out."""
    out: dict[str, list[BRow]] = {}
    seen: set[tuple[str, str]] = set()
    for r in t.code_rows():
        code = "".join(r.codes)
        if len(code) <= 3 or (code, r.nlabel) in seen:
            continue
        seen.add((code, r.nlabel))
        out.setdefault(code[:-2], []).append(r)
    return out


def _row_evidence(r: BRow, role: str) -> Evidence:
    if r.total is not None:
        return r.total.evidence(role)
    return Evidence(location=r.line.loc, text=r.line.text, role=role)


@check("BG17", "科目编码重复或次序颠倒", "a classification code printed twice or out of order", Severity.WARNING, "budget")
def code_order(ctx):
    """In a standard table the codes under one parent (30101, 30102 … under 301) are printed once each and
    in rising order: a code given to two names, or one out of its siblings' order, is a slip in the code.

    Cases (failing and passing report fragments): tests/cases/BG17.yaml.
    """
    bd = ctx.claims.budget
    if bd is None:
        return
    for t in bd.tables:
        for parent, rows in _siblings(t).items():
            if len(rows) < _MIN_SIBLINGS:
                continue
            ctx.count()
            codes = ["".join(r.codes) for r in rows]
            keep = _longest_rising([int(c) for c in codes])
            out = [i for i in range(len(rows)) if i not in keep]
            if not out or len(out) > _MAX_OUT_OF_PLACE * len(rows):
                continue
            for i in out:
                r, code = rows[i], rows[i].printed_code
                before = next((rows[j].printed_code for j in range(i - 1, -1, -1) if j in keep), None)
                after = next((rows[j].printed_code for j in range(i + 1, len(rows)) if j in keep), None)
                twin = next((rows[j] for j in range(len(rows)) if j != i and codes[j] == codes[i]), None)
                where = "、".join(x for x in (f"{before}之后" if before else "", f"{after}之前" if after else "") if x)
                if twin is not None:
                    msg = (f"{_tname(t)}中科目编码{code}出现两次：“{twin.label}”和“{r.label}”；后者排在{where}，"
                           f"疑为编码写错。请核实。")
                    msg_en = f"{_tname(t)} gives code {code} to two rows, “{twin.label}” and “{r.label}”."
                else:
                    msg = (f"{_tname(t)}中“{r.label}”的科目编码为{code}，却排在{where}，与同级科目的编码次序不符，"
                           f"疑为编码写错。请核实。")
                    msg_en = f"In {_tname(t)}, “{r.label}” is coded {code} but printed out of its siblings' order."
                ev = [_row_evidence(r, "编码存疑")] + ([_row_evidence(twin, "同一编码")] if twin is not None else [])
                yield _finding(
                    "BG17", Severity.WARNING, msg, msg_en, ev, unit=t.unit, key=f"BG17:{t.title}:{codes[i]}:{r.nlabel}",
                    explanation=f"同一上级科目（{parent}）下的科目编码各不相同，按编码由小到大排列。",
                    explanation_en="Codes under one parent are unique and printed in rising order.",
                    severity_reason="编码次序也可能是表格本身的排法，需要核实",
                    severity_reason_en="the order may be the table's own choice: it needs checking")
