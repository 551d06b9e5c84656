"""Score tables (评分表 / 自评表 / 计分表) and the scores and grades a report states, read once into records.

:func:`read_scores` runs once per document, after the tables are analysed
(:mod:`auditor.nlp.tables`), and returns a :class:`ScoreSheet` kept on
``ClaimSet.scores``:

- one :class:`ScoreTable` per analysed table: its score rows and total rows
  (:class:`ScoreRow`: 分值 from the column or the label, 得分, the row's
  评分标准 read by :mod:`auditor.nlp.score_rules`, its 年度指标值 and 实际完成值
  read as one quantity each with the indicator's direction, whether a merged
  分值 cell pools it into the row above), the 评价等次 cells of the table, and
  the budget figures SC09 compares (the self-evaluation table's 年度预算, the
  basic data table's 基本支出 + 项目支出);
- the scores the narrative states (“自评得分93分”, :class:`StatedScore`) and
  its grades with the score and 满分 of the same sentence (:class:`GradeStatement`).

Phrasings come from ``lexicons/scoring_rules.yaml`` (``narrative``,
``lower_is_better``, ``ceiling_words``, ``tables``) and the grade bands from
``lexicons/grades.yaml``. The SC checks (:mod:`auditor.checks.scores`) judge
these records and never read the text again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import regex

from auditor.document import Cell, Document, Location
from auditor.lexicons import load_lexicons
from auditor.link.concepts import clean_label, match_concept
from auditor.nlp.quantities import Quantity, parse_quantities
from auditor.nlp.score_rules import Rule, RuleItem, additive_items, ladder_steps, parse_rule
from auditor.nlp.tables import AnalyzedTable, Section, TableFigure, TableRow, label_max_score, norm_text

__all__ = ["BasicBudget", "GradeStatement", "Rule", "RuleItem", "ScoreRow", "ScoreSheet", "ScoreTable",
           "StatedScore", "TableGrade", "TargetActual", "group_label", "label_groups", "label_key", "number_span",
           "read_scores"]


# ---------------------------------------------------------------- records


@dataclass
class TargetActual:
    """A row's 年度指标值 and 实际完成值 read as one quantity each, in comparable terms."""

    t: Quantity
    a: Quantity
    tv: float  # the target's value (per year for "每月一次"; normalised for money)
    av: float
    full: float  # the row's own 分值
    direction: str | None  # "ge" more is better, "le" less is, None when the row does not say
    t_span: tuple[int, int]  # the figures' offsets within their cells' text
    a_span: tuple[int, int]


@lru_cache(maxsize=1)
def _sign_only() -> "regex.Pattern":
    """A cell that holds a comparison sign only: a target's 指标性质 (≧, ＝, ≤). The signs are the
    symbol qualifiers of units.yaml (≥ ≧ > ＞ ≤ ≦ < ＜) and scoring_rules.yaml ``equal_signs``."""
    lex = load_lexicons()
    signs = {w for w in lex.qualifiers_before if len(w) == 1 and not regex.match(r"\p{Han}", w)}
    signs |= {str(w) for w in lex.scoring["tables"]["equal_signs"]}
    return regex.compile("[" + "".join(regex.escape(c) for c in sorted(signs)) + "]{1,2}")


@dataclass(eq=False)
class ScoreRow:
    """A row of a score table: its 分值 (column or label), 得分, rule and target."""

    table: AnalyzedTable
    section: Section
    row: TableRow
    max_fig: TableFigure | None = None
    max_value: float | None = None
    max_from_label: bool = False
    score_fig: TableFigure | None = None
    standard: str = ""  # the 评分标准 text, "" when the row has none of its own
    standard_cell: Cell | None = None  # the first 评分标准 cell, for evidence
    target_cell: Cell | None = None
    # the 指标性质 sign and the 度量单位 printed in cells of their own beside the target's number
    # (≧ | 100 | %), read with it
    target_affix: tuple[str, str] = ("", "")
    actual_cell: Cell | None = None
    pooled_into: "ScoreRow | None" = None  # shares the 分值 of a row above (merged 分值 cell)
    order: int = 0  # position in the table, continuations included
    is_subtotal: bool = False  # a 小计 row: adds up the rows since the previous total
    explained: bool = False  # a 说明 / 偏差原因 cell is filled
    rule: Rule | None = None  # the 评分标准 as a known phrasing
    items: list[RuleItem] | None = None  # the 评分标准 as items that add up
    ladder: list[float] | None = None  # the 评分标准 as a ladder in written order (no known phrasing)
    indicator: str | None = None  # the concept the row scores, when a rule can be recomputed for it
    target_actual: TargetActual | None = None

    @property
    def target_text(self) -> str:
        """The target as printed, its sign and unit cells included (≧100%)."""
        if self.target_cell is None:
            return ""
        sign, unit = self.target_affix
        return sign + self.target_cell.text.strip() + unit

    @property
    def name(self) -> str:
        """The row's own label as a reviewer reads it."""
        # a 指标性质 column read as a label holds a sign (≧, =): the indicator is named before it
        names = [p for p in self.row.path if not _sign_only().fullmatch(norm_text(p))]
        return names[-1] if names else (self.row.label or "")


@dataclass
class TableGrade:
    """A 评价等次 cell beside its label ("评价等次 | 优")."""

    cell: Cell
    label: str
    grade: str  # as printed
    band: dict  # the lexicons/grades.yaml band it names


@dataclass
class BasicBudget:
    """基本支出 + 项目支出 of a basic data table in the report year, as budget and as actuals."""

    year: int | None
    budget: tuple[float, list[TableFigure]] | None
    actual: tuple[float, list[TableFigure]] | None


@dataclass(eq=False)
class ScoreTable:
    """What one analysed table holds for the score checks."""

    table: AnalyzedTable
    rows: list[ScoreRow] = field(default_factory=list)
    totals: list[ScoreRow] = field(default_factory=list)
    grades: list[TableGrade] = field(default_factory=list)
    row_grades: list[RowGrade] = field(default_factory=list)  # a score and a grade on each row of a list
    self_budget: TableFigure | None = None  # a self-evaluation table's 年度预算 / 资金总额
    basic: BasicBudget | None = None  # a basic data table's budget and actuals

    @property
    def pooled_heads(self) -> set[int]:
        """ids of the rows whose 分值 other rows share."""
        return {id(r.pooled_into) for r in self.rows if r.pooled_into is not None}


@dataclass
class RowGrade:
    """One row of a table that lists projects with a score and a grade each ("…项目 | 460 | 90.1 | 优")."""

    row: TableRow
    score_cell: Cell
    score: float
    grade_cell: Cell
    grade: str  # as printed
    band: dict  # the lexicons/grades.yaml band it names


@dataclass
class StatedScore:
    """A score the text states ("自评综合得分93分")."""

    location: Location
    text: str  # the paragraph
    span: tuple[int, int]  # the number within ``text``
    printed: str  # the whole phrase, "自评得分93分"
    value: float
    decimals: int
    about_project: bool = False  # its sentence speaks of a project


@dataclass
class GradeStatement:
    """A grade the text states ("评价等级为优"), with what its sentence says beside it."""

    location: Location
    text: str  # the paragraph
    span: tuple[int, int]  # the grade word within ``text``
    grade: str
    band: dict  # the lexicons/grades.yaml band it names
    score: StatedScore | None = None  # a score in the same sentence
    full_marks: float | None = None  # "满分20分" in the same sentence
    overall: bool = False  # the sentence is about the whole department, not a project


@dataclass
class StatedWeight:
    """The points (or %) the text fixes for one 一级指标 ("分值统一设置为:产出指标50分、效益指标30分…")."""

    location: Location
    text: str  # the paragraph
    span: tuple[int, int]  # the number within ``text``
    name: str  # 产出指标
    value: float
    unit: str  # 分 | %
    table: int | None = None  # the score table it speaks of (AnalyzedTable.index): the nearest before it, else after


@dataclass
class ScoreSheet:
    """Every score record of one document."""

    tables: list[ScoreTable] = field(default_factory=list)  # one per analysed table, in order
    stated: list[StatedScore] = field(default_factory=list)
    grades: list[GradeStatement] = field(default_factory=list)
    weights: list[StatedWeight] = field(default_factory=list)

    def of(self, at: AnalyzedTable) -> ScoreTable:
        for st in self.tables:
            if st.table is at:
                return st
        return ScoreTable(at)

    @property
    def score_tables(self) -> list[ScoreTable]:
        return [st for st in self.tables if st.table.is_score]


# ---------------------------------------------------------------- reading


def read_scores(doc: Document, tables: list[AnalyzedTable]) -> ScoreSheet:
    """The score records of a document whose tables are ``tables``."""
    sheet = ScoreSheet()
    for at in tables:
        rows, totals = _score_rows(at)
        st = ScoreTable(at, rows, totals, grades=list(_table_grades(at)), row_grades=_row_grades(at))
        if at.kind == "score":
            st.self_budget = _self_budget(at)
        if at.kind == "basic_data":
            st.basic = _basic_budget(at)
        sheet.tables.append(st)
    sheet.stated = _narrative_scores(doc)
    sheet.grades = list(_narrative_grades(doc))
    sheet.weights = _stated_weights(doc)
    scored = [at for at in tables if at.is_score]
    for w in sheet.weights:
        before = [at for at in scored if at.table.order < (w.location.order or 0)]
        after = [at for at in scored if at.table.order > (w.location.order or 0)]
        near = before[-1] if before else (after[0] if after else None)
        w.table = near.index if near is not None else None
    return sheet


_WEIGHT_ITEM = regex.compile(r"(?P<name>\p{Han}[\p{Han}（）()]{1,15}?)\s*(?:为|占)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>分|%|％)")


@lru_cache(maxsize=1)
def _weights_rx() -> regex.Pattern:
    return regex.compile(load_lexicons().scoring["narrative"]["weights"])


def _stated_weights(doc: Document) -> list[StatedWeight]:
    """The 一级指标 weights the text fixes, item by item (at least two, each a name and its points)."""
    out = []
    for p in doc.paragraphs:
        for m in _weights_rx().finditer(p.text):
            items = [StatedWeight(p.location, p.text, (it.start("num"), it.end("num")), it.group("name"),
                                  float(it.group("num")), "%" if it.group("unit") in "%％" else "分")
                     for it in _WEIGHT_ITEM.finditer(p.text, m.start("list"), m.end("list"))]
            if len(items) >= 2:
                out += items
    return out


def _score_rows(at: AnalyzedTable) -> tuple[list[ScoreRow], list[ScoreRow]]:
    """(score rows, total rows) of a table, in order."""
    rows: list[ScoreRow] = []
    totals: list[ScoreRow] = []
    for sec in at.sections:
        if not sec.has_scores:
            continue
        c_max = sec.col("分值")
        c_score = sec.col("得分")
        c_std = sec.col("评分标准")
        c_tgt = sec.col("目标")
        c_act = sec.col("实际")
        c_note = sec.col("说明")
        last_with_max: ScoreRow | None = None
        for r in sec.rows:
            sr = ScoreRow(at, sec, r, order=len(rows) + len(totals))
            for c in c_max:
                f = at.figure_at(r, c)
                if f is not None and f.quantity.is_exact:
                    sr.max_fig, sr.max_value = f, f.value
            for c in c_score:
                f = at.figure_at(r, c)
                if f is not None and f.quantity.is_exact:
                    sr.score_fig = f
            if sr.max_value is None and sec.label_cols and not c_max:
                lab = r.labels[-1] if r.labels else ""
                m = label_max_score(lab) if norm_text(lab) else None
                if m is not None and r.cells[sec.label_cols[-1]] is not None:
                    sr.max_value, sr.max_from_label = m, True
            for c in c_std:
                sr.standard = r.text(c) if r.own[c] else ""
            sr.standard_cell = next((r.cells[c] for c in c_std if r.cells[c] is not None), None)
            if c_tgt:
                ct = next((k for k in c_tgt if r.own[k] and regex.search(r"\d", r.text(k))), c_tgt[0])
                sr.target_cell = r.own_cell(ct)
                sr.target_affix = _target_affix(sec, r, ct)
            if c_act:
                sr.actual_cell = r.own_cell(c_act[0])
            sr.explained = any(r.text(c).strip() for c in c_note)
            if r.is_total:
                if sr.score_fig is not None or sr.max_fig is not None:
                    sr.is_subtotal = any(str(w) in norm_text(r.label) for w in _subtotal_words())
                    totals.append(sr)
                continue
            if sr.score_fig is None and sr.max_value is None:
                continue
            if sr.max_value is None and sr.score_fig is not None and last_with_max is not None and c_max:
                sr.pooled_into = last_with_max
            if sr.max_value is not None:
                last_with_max = sr
            rows.append(sr)
    for sr in rows:
        _read_rule(sr)
        sr.target_actual = _target_actual(sr)
    return rows, totals


@lru_cache(maxsize=1)
def _subtotal_words() -> tuple[str, ...]:
    return tuple(str(w) for w in load_lexicons().scoring["tables"]["subtotal_rows"])


def _read_rule(sr: ScoreRow) -> None:
    if not sr.standard:
        return
    sr.rule = parse_rule(sr.standard)
    if sr.rule is None:
        sr.ladder = ladder_steps(sr.standard)
    parsed = additive_items(sr.standard)
    sr.items = parsed[0] if parsed is not None else None
    if sr.rule is not None and sr.score_fig is not None:
        sr.indicator = _indicator_for(sr.row)


def label_key(row: TableRow, level: int) -> tuple[str, ...]:
    """The labels of label columns 0..level, as compared (whitespace dropped)."""
    return tuple(norm_text(x) for x in row.labels[: level + 1])


def group_label(row: TableRow, level: int) -> str:
    """How a message names the group a row belongs to at label column ``level``."""
    return clean_label(row.labels[level]) or row.labels[level]


def label_groups(rows: list[ScoreRow], level: int) -> list[list[ScoreRow]]:
    """Consecutive runs of rows sharing the labels of label columns 0..level."""
    out: list[list[ScoreRow]] = []
    key_prev = None
    for r in rows:
        key = label_key(r.row, level)
        if out and key == key_prev:
            out[-1].append(r)
        else:
            out.append([r])
        key_prev = key
    return out


_NUMBER = regex.compile(r"\d+(?:\.\d+)?")


def number_span(text: str) -> tuple[int, int] | None:
    """Where the first number of a label cell stands ("产出指标(50分)"), for evidence."""
    m = _NUMBER.search(text or "")
    return m.span() if m else None


# ---------------------------------------------------------------- indicators of a rule (SC07)


def _indicator_for(row: TableRow) -> str | None:
    """The concept a row scores, when lexicons/scoring_rules.yaml ``indicators`` knows how to compute it."""
    specs = (load_lexicons().scoring or {}).get("indicators", {})
    for phrase in (row.label, *reversed(row.path)):
        c, s = match_concept(phrase)
        if c in specs and _names_only(phrase, c):
            return c
    return None


def _names_only(phrase: str, concept: str) -> bool:
    """The phrase names ``concept`` and nothing else: "三公经费控制率" ends with the
    synonym 控制率 but qualifies it with another concept (三公经费)."""
    lex = load_lexicons()
    s = clean_label(phrase)
    if lex.synonyms.get(s) == concept:
        return True
    syns = [w for w, c in lex.synonyms.items() if c == concept and s.endswith(w)]
    if not syns:
        return True
    head = s[: len(s) - len(max(syns, key=len))]
    other, score = match_concept(head) if len(head) >= 2 else (None, 0.0)
    return other is None or other == concept or score < 95


# ---------------------------------------------------------------- target and actual (SC08, SC12)


@lru_cache(maxsize=1)
def _direction_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    sc = load_lexicons().scoring
    return tuple(str(w) for w in sc["lower_is_better"]), tuple(str(w) for w in sc["ceiling_words"])


def _one_quantity(text: str) -> Quantity | None:
    qs = [q for q in parse_quantities(text or "") if q.range_to is None]
    return qs[0] if len(qs) == 1 else None


def _lead(text: str) -> int:
    s = text or ""
    return len(s) - len(s.lstrip())


def _target_affix(sec: Section, r: TableRow, c: int) -> tuple[str, str]:
    """The sign before a target's number and the unit after it, each in a cell of its own under the
    target's header (年度指标值: 指标性质 | 指标值 | 度量单位): the sign from the column before when it
    holds a comparison sign only, the unit from the column after when that column's header names a unit."""
    def own(k: int) -> str:
        return norm_text(r.text(k)) if 0 <= k < len(r.own) and r.own[k] else ""

    before, after = own(c - 1), own(c + 1)
    sign = before if before and _sign_only().fullmatch(before) else ""
    unit_col = c + 1 < len(sec.columns) and any("单位" in p for p in sec.columns[c + 1].path[-1:])
    unit = after if unit_col and after and not regex.search(r"\d", after) and len(after) <= 6 else ""
    return sign, unit


def _target_actual(sr: ScoreRow) -> TargetActual | None:
    if sr.target_cell is None or sr.actual_cell is None or sr.score_fig is None:
        return None
    full = sr.max_value if sr.pooled_into is None else None
    if full is None:
        return None
    sign, unit = sr.target_affix
    t = _one_quantity(sign + sr.target_cell.text + unit)
    if t is not None and (sign or unit):  # the span stays inside the target's own cell
        t = dataclasses.replace(t, start=max(0, t.start - len(sign)),
                                end=min(t.end - len(sign), len(sr.target_cell.text)))
    a = _one_quantity(sr.actual_cell.text)
    if t is None or a is None:
        return None
    tv = t.per_year if t.per_year is not None else t.value
    av = a.per_year if a.per_year is not None else a.value
    if t.per_year is not None and a.per_year is None and a.unit not in (None, "次"):
        return None
    if t.dimension != a.dimension and None not in (t.dimension, a.dimension) and not (
            t.dimension == "frequency" and a.unit == "次"):
        return None
    if t.dimension == "money" and a.dimension == "money":
        tv, av = t.normalized, a.normalized
    lt, la = _lead(sr.target_cell.text), _lead(sr.actual_cell.text)
    return TargetActual(t, a, tv, av, full, _direction(t, sr.row), (t.start + lt, t.end + lt),
                        (a.start + la, a.end + la))


def _direction(t: Quantity, row: TableRow) -> str | None:
    """'ge' when more is better, 'le' when less is, None when the row does not say."""
    if t.bound in ("ge", "gt"):
        return "ge"
    if t.bound in ("le", "lt"):
        return "le"
    if t.bound == "approx":
        return None
    lower, ceiling = _direction_words()
    own = norm_text(row.path[-1]) if row.path else ""
    if any(w in own for w in lower):
        return "le"
    if t.dimension in ("percent", "count", "frequency", None):
        return "ge"
    if t.dimension in ("money", "duration_h", "duration_d", "duration_min", "duration_m"):
        # a cost ceiling or a time limit, when the indicator says so
        path = "".join(row.path)
        return "le" if any(w in path for w in ceiling) else None
    return None


# ---------------------------------------------------------------- budget figures (SC09)


def _self_budget(st: AnalyzedTable) -> TableFigure | None:
    """The self-evaluation table's 年度预算 (全年预算数, else a "资金总额：…" cell, else a 预算 column)."""
    labels = tuple(load_lexicons().scoring.get("tables", {}).get("budget_labels", []))
    cands = []
    for f in st.figures():
        if not f.quantity.is_exact or f.quantity.dimension not in ("money", None):
            continue
        named = f.concept == "资金总额" or any(norm_text(l) in norm_text(" ".join(f.row_path)) for l in labels)
        if not named:
            continue
        if f.measure == "全年预算":
            cands.append((0, f))
        elif f.kind == "inline" and f.measure in ("预算", None):
            cands.append((1, f))
        elif f.measure == "预算":
            cands.append((2, f))
    if not cands:
        return None
    return min(cands, key=lambda x: x[0])[1]


def _basic_budget(bt: AnalyzedTable) -> BasicBudget:
    """基本支出 + 项目支出 in the report year (the latest year with both budget and actuals)."""
    def outermost(row) -> bool:
        p = row.parent
        while p is not None:
            if match_concept(p.label)[0] in ("基本支出", "项目支出"):
                return False
            p = p.parent
        return True

    figs = [f for f in bt.figures() if f.kind == "value" and f.row is not None and outermost(f.row)
            and f.concept in ("基本支出", "项目支出") and f.quantity.is_exact and f.year is not None]
    years = {f.year for f in figs if f.measure == "预算"} & {f.year for f in figs if f.measure == "决算"}
    if not years:
        return BasicBudget(None, None, None)
    y = max(years)

    def total(measure):
        chosen = {}
        for f in figs:
            if f.year == y and f.measure == measure and f.concept not in chosen:
                chosen[f.concept] = f
        if set(chosen) != {"基本支出", "项目支出"}:
            return None
        fs = [chosen["基本支出"], chosen["项目支出"]]
        return round(sum(f.value for f in fs), 10), fs

    return BasicBudget(y, total("预算"), total("决算"))


# ---------------------------------------------------------------- grades and stated scores


def _band_of(grade_text: str) -> dict | None:
    """The grades.yaml band a grade word names (the longest name it starts with)."""
    g = norm_text(grade_text).strip("“”\"'「」")
    best = None
    for b in load_lexicons().grades:
        for n in b["names"]:
            if g == n or (g.startswith(n) and (best is None or len(n) > len(best[1]))):
                best = (b, n)
    return best[0] if best else None


def _row_grades(at: AnalyzedTable) -> list[RowGrade]:
    """The rows of a table with a score column and a grade column (``grade_columns``, ``score_columns``):
    each row's score, 0 to 100, and the grade printed beside it."""
    tab = load_lexicons().scoring["tables"]
    grade_w = tuple(str(w) for w in tab["grade_columns"])
    score_w = tuple(str(w) for w in tab["score_columns"])
    out = []
    for sec in at.sections:
        heads = ["".join(norm_text(p) for p in c.path) for c in sec.columns]
        g_cols = [k for k, h in enumerate(heads) if any(w in h for w in grade_w)]
        s_cols = [k for k, h in enumerate(heads) if any(w in h for w in score_w) and k not in g_cols]
        if len(g_cols) != 1 or len(s_cols) != 1:
            continue
        gk, sk = g_cols[0], s_cols[0]
        for row in sec.rows:
            if row.is_total or gk >= len(row.cells) or sk >= len(row.cells):
                continue
            gc, sc = row.cells[gk], row.cells[sk]
            if gc is None or sc is None or not row.own[gk] or not row.own[sk]:
                continue
            band = _band_of(gc.text)
            if band is None or norm_text(gc.text) not in {str(n) for n in band["names"]}:
                continue
            q = _one_quantity(sc.text)
            if q is None or not q.is_exact or q.unit not in (None, "分") or not 0 <= q.value <= 100:
                continue
            out.append(RowGrade(row, sc, q.value, gc, gc.text.strip(), band))
    return out


def _table_grades(at: AnalyzedTable) -> Iterable[TableGrade]:
    """A 评价等次 label cell followed by a grade in the same row."""
    labels = tuple(load_lexicons().scoring.get("tables", {}).get("grade_labels", []))
    for sec in at.sections:
        for row in sec.rows:
            cells = [(k, c) for k, c in enumerate(row.cells) if c is not None and row.own[k] and norm_text(c.text)]
            for (_, c1), (_, c2) in zip(cells, cells[1:]):
                label = clean_label(c1.text)
                if label not in labels:
                    continue
                band = _band_of(c2.text)
                if band is None:
                    continue
                yield TableGrade(c2, label, c2.text.strip(), band)


@lru_cache(maxsize=1)
def _narrative_lex():
    nv = load_lexicons().scoring["narrative"]
    return (regex.compile(nv["score"]), regex.compile(nv["grade"]), regex.compile(nv["full_marks"]),
            tuple(str(w) for w in nv["overall_words"]), tuple(str(w) for w in nv["project_words"]))


def _decimals(num: str) -> int:
    return len(num.split(".", 1)[1]) if "." in num else 0


def _stated(p, m, offset: int, about_project: bool) -> StatedScore:
    num = m.group("num")
    return StatedScore(p.location, p.text, (offset + m.start("num"), offset + m.end("num")), m.group(0),
                       float(num), _decimals(num), about_project)


def _narrative_scores(doc: Document) -> list[StatedScore]:
    """Every score the text states, and whether its sentence is about a project."""
    score_rx, _, _, _, project = _narrative_lex()
    out = []
    for p in doc.paragraphs:
        for m in score_rx.finditer(p.text):
            start = max(p.text.rfind(x, 0, m.start()) for x in "。；;！？\n")
            sentence = p.text[start + 1:m.start()]
            out.append(_stated(p, m, 0, any(w in sentence for w in project)))
    return out


_SENTENCE = regex.compile(r"[^。！？!?\n]+[。！？!?]?")


def _narrative_grades(doc: Document) -> Iterable[GradeStatement]:
    """Every grade word the text states, with the score and 满分 of its sentence."""
    score_rx, grade_rx, full_rx, overall, project = _narrative_lex()
    for p in doc.paragraphs:
        for sm_ in _SENTENCE.finditer(p.text):
            sent_start, sent = sm_.start(), sm_.group(0)
            for gm in grade_rx.finditer(sent):
                band = _band_of(gm.group("g"))
                if band is None:
                    continue
                sm = score_rx.search(sent)
                full = full_rx.search(sent)
                yield GradeStatement(
                    p.location, p.text, (sent_start + gm.start("g"), sent_start + gm.end("g")), gm.group("g"), band,
                    score=_stated(p, sm, sent_start, False) if sm is not None else None,
                    full_marks=float(full.group("num")) if full is not None else None,
                    overall=any(w in sent for w in overall) and not any(w in sent for w in project),
                )
