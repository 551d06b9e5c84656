"""评分标准 read into records: the rule a score table's row states.

A row's 评分标准 is one of three shapes the SC checks judge:

- a :class:`Rule` from the named phrasings of ``lexicons/scoring_rules.yaml``
  (``patterns``, ``band_clause``): full marks up to a limit with a deduction per
  point over it (``deduct_over``), per point under it (``deduct_under``), or
  points by the band the indicator value falls in (``bands``);
- items that add up (``①…1分；②…0.5分``), :func:`additive_items`;
- a ladder not in percent, read in written order (``无结余，3分；…；不得分``),
  :func:`ladder_steps`.

Only reading happens here; what a rule gives for a value, and whether its
bands make sense, is judged in :mod:`auditor.checks.scores`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from auditor.lexicons import load_lexicons
from auditor.nlp.tables import norm_text

# (lower bound, lower bound included, upper bound, upper bound included, points);
# points are ``nan`` for 满分 (the row's 分值).
Band = tuple[float, bool, float, bool, float]

_CLAUSE_BREAK = regex.compile(r"[；;。\n]")


@dataclass
class Rule:
    """A parsed 评分标准: its shape and the figures the phrasing names."""

    name: str  # the pattern it matched (lexicons/scoring_rules.yaml)
    shape: str  # deduct_over | deduct_under | bands
    text: str
    full: float | None = None  # the points at the limit, when the rule says them
    limit: float | None = None  # the limit in percent (deductions)
    step: float | None = None  # points off per percentage point (deductions)
    bands: list[Band] = field(default_factory=list)


@dataclass
class RuleItem:
    """One enumerated item of an additive rule, with the points it gives."""

    text: str
    points: float
    printed: str


@lru_cache(maxsize=1)
def _rule_patterns():
    sc = load_lexicons().scoring or {}
    pats = [(p["name"], p["shape"], regex.compile(p["regex"])) for p in sc.get("patterns", [])]
    clause = {k: regex.compile(v) for k, v in (sc.get("band_clause") or {}).items()}
    return pats, clause


def parse_rule(text: str) -> Rule | None:
    """The rule a 评分标准 states, if it is one of the known phrasings."""
    # Figures are ASCII already: the builder normalised every cell (auditor.normalize).
    t = norm_text(text)
    if not t:
        return None
    pats, clause = _rule_patterns()
    for name, shape, rx in pats:
        m = rx.search(t)
        if not m:
            continue
        g = m.groupdict()
        if shape == "deduct_over":
            return Rule(name, shape, text, full=_f(g.get("full")), limit=_f(g.get("limit")), step=_f(g.get("step")))
        if shape == "deduct_under":
            limit = _f(g.get("limit")) or _f(g.get("limit0"))
            if limit is None:
                continue  # "每下降一个百分点" from what? the rule does not say
            return Rule(name, shape, text, full=_f(g.get("full")), limit=limit, step=_f(g.get("step")))
        if shape == "bands":
            bands = _parse_bands(t, clause)
            if len(bands) >= 2:
                return Rule(name, shape, text, bands=bands)
    return None


def _f(x) -> float | None:
    return float(x) if x not in (None, "") else None


def _parse_bands(t: str, clause: dict) -> list[Band]:
    out = []
    for part in _CLAUSE_BREAK.split(t):
        if not part:
            continue
        pm = clause["points"].search(part)
        if not pm:
            continue
        if pm.group("zero"):
            pts = 0.0
        elif pm.groupdict().get("fullmark"):
            pts = math.nan  # 满分: the row's 分值
        else:
            pts = float(pm.group("pts"))
        cond = part[: pm.start()] or part
        m = clause["range"].search(cond)
        if m:
            lo, hi = float(m.group("lo")), float(m.group("hi"))
            # "80%（含）-90%": lower bound in, upper out; "0-10%（含）": upper in, lower out
            lo_inc = bool(m.group("lo_inc")) or not m.group("hi_inc")
            hi_inc = bool(m.group("hi_inc"))
            out.append((lo, lo_inc, hi, hi_inc, pts))
            continue
        for kind in ("ge", "gt", "le", "lt", "eq"):
            m = clause[kind].search(cond)
            if not m:
                continue
            v = float(m.group("v") if m.groupdict().get("v") else m.group("v2"))
            if kind == "ge":
                out.append((v, True, math.inf, False, pts))
            elif kind == "gt":
                out.append((v, False, math.inf, False, pts))
            elif kind == "le":
                out.append((-math.inf, False, v, True, pts))
            elif kind == "lt":
                out.append((-math.inf, False, v, False, pts))
            else:
                out.append((v, True, v, True, pts))
            break
    return out


# ---------------------------------------------------------------- items and ladders


def _item_text(s: str) -> str:
    """Rule text with spaces removed but line breaks kept (figures are ASCII
    already: the builder normalised every cell, auditor.normalize)."""
    lines = (regex.sub(r"[^\S\n]+", "", ln) for ln in (s or "").splitlines())
    return "\n".join(ln for ln in lines if ln)


@lru_cache(maxsize=1)
def _item_lex():
    sc = (load_lexicons().scoring or {}).get("items") or {}
    after = sc.get("marker_after", r"^|(?<=[\n；;。：:，,\s])")
    return {
        "circled": sc.get("circled", ""),
        "numbered": [regex.compile(f"(?:{after})(?:{rx})") for rx in sc.get("numbered", [])],
        "after": regex.compile(f"(?:{after})$"),
        "points": regex.compile(sc.get("points", r"(?P<pts>\d+(?:\.\d+)?)分")),
        "deduct": [str(w) for w in sc.get("deduction_words", [])],
        "alt": [str(w) for w in sc.get("alternative_words", [])],
        "not_sum": regex.compile(sc.get("not_a_sum") or r"(?!x)x"),
        "zero": regex.compile(sc.get("ladder_zero", "不得分")),
        "full": regex.compile(sc.get("ladder_full", "满分")),
    }


def _markers(t: str) -> list[tuple[int, int]]:
    """(start, end) of the enumeration markers of ``t`` when they number items
    1, 2, 3 … in order (one kind of marker, at least two items); else []."""
    lx = _item_lex()
    found: list[list[tuple[int, int, int]]] = []
    circ = lx["circled"]
    if circ:
        found.append([(circ.index(ch), i, i + 1) for i, ch in enumerate(t) if ch in circ])
    for rx in lx["numbered"]:
        found.append([(int(m.group("n")) - 1, m.start(), m.end()) for m in rx.finditer(t)])
    for ms in found:
        if len(ms) >= 2 and [n for n, _, _ in ms] == list(range(len(ms))):
            return [(a, b) for _, a, b in ms]
    return []


def additive_items(text: str) -> tuple[list[RuleItem], str] | None:
    """The items of a rule that adds points item by item ("①按规定内容公开预决算信息，1分；
    ②按规定时限公开预决算信息，0.5分"), with the text before the first item; None when the
    rule is not of that shape (bands, deductions, an item without its points)."""
    t = _item_text(text)
    marks = _markers(t)
    if not marks:
        return None
    lx = _item_lex()
    if lx["not_sum"].search(t):
        return None
    head = t[: marks[0][0]]
    items: list[RuleItem] = []
    for k, (a, b) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(t)
        body = t[b:end]
        pts = list(lx["points"].finditer(body))
        if not pts:
            return None
        if k + 1 == len(marks):
            # the last item ends at the first break after its points; what follows is a tail
            m = _CLAUSE_BREAK.search(body, pts[0].end())
            tail = body[m.end():] if m else ""
            body = body[: m.start()] if m else body
            pts = list(lx["points"].finditer(body))
            if lx["points"].search(tail) and not any(w in tail for w in lx["deduct"]):
                return None  # more points after the items: not a plain sum
        if len(pts) != 1 or any(w in body for w in lx["deduct"] + lx["alt"]):
            return None
        if lx["zero"].search(body):
            return None
        v = float(pts[0].group("pts"))
        if v <= 0:
            return None
        items.append(RuleItem(body, v, pts[0].group(0)))
    if lx["points"].search(head) or any(w in head for w in lx["deduct"]):
        return None
    return items, head


def ladder_steps(text: str) -> list[float] | None:
    """Points of a ladder that is not in percent, in written order ("无结余，3分；有结余，但不超过
    上年结转，2分；结余超过上年结转，不得分" → [3, 2, 0]); ``nan`` for 满分. None unless every
    step is a clause with one points phrase and one step gives nothing."""
    t = _item_text(text)
    lx = _item_lex()
    if any(w in t for w in lx["deduct"]):
        return None
    steps: list[float] = []
    zero = False
    for part in _CLAUSE_BREAK.split(t):
        hits = [float(m.group("pts")) for m in lx["points"].finditer(part)]
        z = len(lx["zero"].findall(part))
        f = len(lx["full"].findall(part))
        if len(hits) + z + f == 0:
            continue
        if len(hits) + z + f > 1:
            return None
        if z or (hits and hits[0] == 0):
            zero = True
        steps.append(0.0 if z else (math.nan if f else hits[0]))
    if len(steps) < 2 or not zero:
        return None
    return steps
