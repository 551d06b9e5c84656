"""Extraction: every figure in the report becomes a Claim; sentences that
assert arithmetic become Relations.

Narrative: paragraphs are split into sentences; sentences holding figures go
through the spaCy pipeline (auditor.nlp.pipeline) for quantities and
indicator phrases; roles (total, part, change, prior, rate) come from the
relation words in lexicons/relations.yaml.

Tables: auditor.nlp.tables analyses each table (headers, row paths, column
year/measure) and every numeric cell becomes a Claim with its context.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import regex

from auditor.document import Document, Paragraph
from auditor.lexicons import alternation, load_lexicons
from auditor.nlp.claims import LIST_GAP, Claim, Relation

if TYPE_CHECKING:  # for the annotations only: the extraction steps import their modules when they run
    from auditor.nlp.assertions import CountedList, Statement
    from auditor.nlp.budget import BudgetDoc
    from auditor.nlp.budget_statements import TargetCoverage
    from auditor.nlp.tables.changes import TableChange
    from auditor.nlp.dates import DateMention
    from auditor.nlp.numbering import NumberingSlip
    from auditor.nlp.scores import ScoreSheet

_SENT_END = regex.compile(r"[。！？!?]+|\n+")
_YEAR = regex.compile(r"((?:19|20)\d{2})\s*年")
_CLOSED = regex.compile(r"[。！？!?；;：:）)”]\s*$")
_TOP_HEADING = regex.compile(r"^\s*[一二三四五六七八九十]+[、.．]")
_PROJECT_NAME = regex.compile(r"项目[\s“\"「『]+([^”\"」』]{2,40})[”\"」』]")
_COMPARE_BEFORE = regex.compile(r"(?:同比|较|比|与|相比)\s*$")
# "上年项目支出50万元": a figure its own clause gives to last year, unless 上年 only
# names the comparison (比上年减少50万元) or money carried into this year (上年结转).
_LAST_YEAR = regex.compile(r"(?<!同比|[较比与同跟])(?:上年|去年|上一年)(?!度?(?:结转|结余|同期相比|相比|比较))")
_CLAUSE_CUT = regex.compile(r"[，,。；;：:]")


@dataclass
class Sentence:
    """A sentence of a paragraph, with its offset in the paragraph."""

    text: str
    offset: int
    paragraph: Paragraph
    index: int  # position among all sentences of the document
    continued: bool = False  # starts mid-sentence: the previous paragraph wrapped into this one
    runs_on: bool = False  # ends mid-sentence: this paragraph wraps into the next one


@dataclass
class ClaimSet:
    """Everything extraction learnt about one document."""

    document: Document
    claims: list[Claim] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    tables: list[Any] = field(default_factory=list)  # AnalyzedTable
    scores: ScoreSheet | None = None  # score tables, their rules, the scores and grades the text states
    sentences: list[Sentence] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)  # claims in words: 全部到位, 未超支 …
    counted_lists: list[CountedList] = field(default_factory=list)  # 13个内设机构：A、B、…
    numbering_slips: list[NumberingSlip] = field(default_factory=list)  # item numbers skipped or given twice
    year: int | None = None
    unit: str | None = None
    budget: BudgetDoc | None = None  # a 部门预算/决算 document's standard tables and statements
    dates: list[DateMention] = field(default_factory=list)  # 2017年12月31日 …
    target_coverage: list[TargetCoverage] = field(default_factory=list)  # 设置绩效目标N个，涉及资金X万元
    table_changes: list[TableChange] = field(default_factory=list)  # a 增减% row under two years' rows

    @property
    def narrative(self) -> list[Claim]:
        return [c for c in self.claims if c.source == "narrative"]

    @property
    def table_claims(self) -> list[Claim]:
        return [c for c in self.claims if c.source == "table"]

    def figure_count(self) -> int:
        return len(self.claims)

    def report_meta(self) -> dict[str, Any]:
        return {"year": self.year, "unit": self.unit}


_PROSE = regex.compile(r"\p{Han}[，,；;。]")  # a clause closed by punctuation: running text
_HAN = regex.compile(r"\p{Han}")


@lru_cache(maxsize=4)
def _counted_subject(verbs: tuple[str, ...], sub_units: tuple[str, ...]) -> tuple[regex.Pattern, regex.Pattern | None]:
    """(the verb a count of the department's own bodies follows, a subject that is one of its units)."""
    verb = alternation(verbs)
    sub = regex.compile(rf"(?:{alternation(sub_units)})(?:\s*(?:{verb}))?\s*$") if sub_units else None
    return regex.compile(rf"(?:{verb})\s*$"), sub


def _counted_concept(c: Claim, text: str, clause: str, lex) -> None:
    """A count whose noun follows its 个 names its concept there ("区环土局包括8个内设机构"): the
    department's own figure (``counted`` in lexicons/indicators.yaml), after a verb of having and
    unless its subject is one of the department's units (…中心内设3个科室: ``counted_subjects``)."""
    q = c.quantity
    if q.dimension != "count" or q.unit != "个" or not lex.counted_nouns or not lex.counted_verbs:
        return
    after = text[q.end:q.end + 12]
    noun = next((w for w in lex.counted_nouns if after.startswith(w)), None)
    if noun is None:
        return
    has, sub_unit = _counted_subject(lex.counted_verbs, lex.counted_sub_units)
    if not has.search(clause) or (sub_unit is not None and sub_unit.search(clause)):
        return
    c.concept = lex.counted_nouns[noun]
    c.indicator = c.concept
    c.concept_score = 100.0


def split_sentences(p: Paragraph, start_index: int) -> list[Sentence]:
    """Sentences of a paragraph, ends kept with the sentence they close."""
    out = []
    pos = 0
    text = p.text
    for m in _SENT_END.finditer(text):
        seg = text[pos:m.end()]
        if seg.strip():
            out.append(Sentence(seg, pos, p, start_index + len(out)))
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        out.append(Sentence(text[pos:], pos, p, start_index + len(out)))
    return out


_HEADING_START = regex.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.．](?![0-9])|[①-⑳])")


_CUT_OFF = regex.compile(r"[，,、]\s*$")


def _wraps_into(prev: str, cur: str) -> bool:
    """Did a line of running text wrap into ``cur``? A heading (short, or
    ``cur`` opening with numbering) ends its line without punctuation too,
    so only a long unclosed line followed by an unnumbered one counts."""
    prev = prev.rstrip()
    return len(prev) >= 30 and not _CLOSED.search(prev) and not _HEADING_START.match(cur)


def detect_year(doc: Document) -> int | None:
    """The report year: the first 'NNNN年度' in the opening paragraphs, else
    the most common year among the first paragraphs."""
    paras = doc.paragraphs
    for p in paras:
        m = regex.search(r"((?:19|20)\d{2})\s*年度", p.text)
        if m:
            return int(m.group(1))
    years = Counter(int(m.group(1)) for p in paras for m in _YEAR.finditer(p.text))
    return years.most_common(1)[0][0] if years else None


class _Roles:
    """Relation words as compiled patterns."""

    def __init__(self):
        rel = load_lexicons().relations
        alt = lambda ws: "|".join(regex.escape(w) for w in sorted(ws, key=len, reverse=True))  # noqa: E731
        self.total = regex.compile(rf"(?:{alt([w for w in rel['total'] if len(w) >= 2])})")
        # A one-character total word (共) only right before its figure: 项目资金共301.1万元,
        # never inside a name (公共资源交易平台).
        short = [w for w in rel["total"] if len(w) < 2]
        self.total_any = regex.compile(rf"(?:{alt([w for w in rel['total'] if len(w) >= 2])})"
                                       + (rf"|(?:{alt(short)})\s*$" if short else ""))
        year = regex.escape("{year}")
        self.prior = regex.compile(rf"(?:{alt(rel['change_prior']).replace(year, r'(?:19|20)[0-9]{2}年度?')})")
        self.inc = regex.compile(rf"(?:{alt(rel['increase'])})")
        self.dec = regex.compile(rf"(?:{alt(rel['decrease'])})")
        soft = rel.get("change_needs_comparison", [])
        self.soft_change = regex.compile(rf"^(?:{alt(soft)})$") if soft else None
        # 比 alone is too common (比例, 比重): it compares before a measure (决算数比预算数减少17.54万元)
        self.compares = regex.compile(rf"{self.prior.pattern}|较|同比|上年|去年|比(?=(?:年初|全年|调整后?)?(?:预算|决算))")
        # 相比预算数6.1亿元减少…: a comparison word, then at most a short name, right before the figure
        self.compared_base = regex.compile(
            rf"(?<!占)(?:{alt(rel.get('comparison_markers', []))})(?P<name>[^，,。；;：:、\d%％（）()]{{0,12}}?)\s*$")
        self.measures = [(m, regex.compile(alt(ws))) for m, ws in rel["measures"].items()]
        self.rates = rel.get("rates", {})


_roles_cache: _Roles | None = None


def roles() -> _Roles:
    global _roles_cache
    if _roles_cache is None:
        _roles_cache = _Roles()
    return _roles_cache


def _measure_of(text: str) -> str | None:
    """The measure (预算/实际/决算…) named closest before the figure: in
    "由市财政预算进行安排，截止2022年底实际使用数为19.89万元" the figure is 实际."""
    best, best_end = None, -1
    for name, pat in roles().measures:
        for m in pat.finditer(text):
            if m.end() > best_end:
                best, best_end = name, m.end()
    return best


def _assign_roles(sent: Sentence, claims: list[Claim]) -> None:
    """Mark totals, prior-year figures, changes and rates within a sentence."""
    R = roles()
    text = sent.text
    prev_end = 0
    for i, c in enumerate(claims):
        q = c.quantity
        s = q.start - sent.offset
        left = text[prev_end:s]
        right = text[q.end - sent.offset: q.end - sent.offset + 6]
        prev_end = q.end - sent.offset
        lm_prior = R.prior.search(left)
        lm_base = None if lm_prior else R.compared_base.search(left)
        if (lm_prior or lm_base) and (R.inc.match(right.lstrip()) or R.dec.match(right.lstrip())):
            # 较上年7.54万元减少1.36万元: the figure after 较上年 is last year's.
            c.role = "prior"
            # 相比预算数6.1亿元减少: the base is named, and it is not last year's figure
            name = lm_base.group("name").strip() if lm_base else ""
            if name and not R.compares.search(name) and not _YEAR.search(name):
                c.extra["compared_to"] = name
            continue
        # the change word nearest the figure counts ("增加 万元，增长7.50%": 增长)
        inc = next(iter(reversed(list(R.inc.finditer(left)))), None)
        dec = next(iter(reversed(list(R.dec.finditer(left)))), None)
        if inc or dec:
            m = max([x for x in (inc, dec) if x], key=lambda x: x.end())
            # The change word must be close to the figure: 增加1.59万元, 增长15.4%;
            # 增长至10.8万元 names the new value, not the change.
            soft = R.soft_change is not None and R.soft_change.match(m.group(0)) and not R.compares.search(text)
            if len(left) - m.end() <= 4 and not regex.match(r"\s*(?:至|到)", left[m.end():]) and not soft:
                # 增长15.22倍 is a growth multiple: a change rate, not an amount
                c.role = "change_pct" if q.dimension == "percent" or q.unit == "倍" else "change"
                c.direction = 1 if m is inc else -1
                if c.role == "change" and i > 0:
                    _inherit_money_unit(c, claims[i - 1], left)
                # 增加-95,200.25万元 is a decrease: a minus sign right before the digits
                if s > 0 and text[s - 1] in "-−－" and (s < 2 or not text[s - 2].isdigit()):
                    c.direction = -c.direction
                continue
        if q.dimension == "percent" and (c.concept and load_lexicons().concepts.get(c.concept, {}).get("kind") == "rate"
                                         or (c.indicator or "").endswith(("率", "度"))):
            c.role = "rate"
            continue
        if R.total.search(left) or (c.indicator and regex.search(r"总计|合计|总额|总数", c.indicator)):
            c.role = "total"


def _list_units(claims: list[Claim]) -> None:
    """"收、支总计各是4125.49，4143.91万元": bare figures listed before one with a money unit, as
    precise as it, are in its unit (from the last back, so a longer list carries it to its head)."""
    for a, b in zip(reversed(claims[:-1]), reversed(claims[1:])):
        q, n = a.quantity, b.quantity
        if q.unit is not None or q.dimension is not None or n.dimension != "money" or not n.value:
            continue
        if n.normalized is None or q.decimals != n.decimals or not q.decimals:
            continue
        if not LIST_GAP.fullmatch(a.text[q.end:n.start]):
            continue
        q.unit, q.dimension = n.unit, "money"
        q.normalized = q.value * (n.normalized / n.value)
        a.extra["unit_from"] = n.printed.strip()


def _inherit_money_unit(change: Claim, before: Claim, between: str) -> None:
    """"90.7万元较上年决算数减少8.37，下降8.45%": a change printed bare, right after the
    amount it changes (no clause break between), is in that amount's unit."""
    q, b = change.quantity, before.quantity
    if q.unit is not None or q.dimension is not None or b.dimension != "money" or not b.value:
        return
    if regex.search(r"[，,。；;：:、（）()]", between) or b.normalized is None:
        return
    q.unit, q.dimension = b.unit, "money"
    q.normalized = q.value * (b.normalized / b.value)
    change.extra["unit_from"] = b.printed.strip()


# "剔除高新区后:", "扣除…因素后": a line that qualifies the levels of the figures under it
_LEVEL_QUALIFIER = regex.compile(r"(?:剔除|扣除|不含)[^，,。；;：:]{1,15}后?")
_SENTENCE_END = regex.compile(r"[。！？!?]")
# A level word speaks of the amounts of its own sentence a few words on ("全市一般公共预算收入安排77.6亿元"),
# and of a paragraph when its opening sentence is short; a page flattened into one paragraph has neither.
_LEVEL_REACH = 40
_LEVEL_OPENING_MAX = 150


def _heading_level(text: str) -> int | None:
    """The marker level of a short numbered heading line ("2.市本级一般公共预算收支", "（一）政府性基金"), else None."""
    from auditor.nlp.enumerations import item_markers

    markers = item_markers(text[:6])
    if markers and markers[0].start == 0 and len(text) <= 40 and not regex.search(r"[。；;：:]", text[:-1]):
        return markers[0].level
    return None


def _first_sentence(text: str) -> str:
    m = _SENTENCE_END.search(text)
    return text[:m.end()] if m else text


class _Extractor:
    def __init__(self, doc: Document):
        self.doc = doc
        self.lex = load_lexicons()
        self.cs = ClaimSet(document=doc)

    def run(self) -> ClaimSet:
        from auditor.stages import guard

        cs = self.cs
        # Each component is isolated: one that fails costs its own figures only.
        cs.year = guard("extract", "year", detect_year, self.doc)
        # A document we cannot read as a budget is not one (the failure is recorded).
        cs.budget = guard("extract", "budget", self._budget)
        guard("extract", "narrative", self._narrative)
        guard("extract", "project_scope", self._project_scope)
        guard("extract", "fund_scope", self._fund_scope)
        guard("extract", "level_scope", self._level_scope)
        guard("extract", "tables", self._tables)
        cs.table_changes = guard("extract", "table_changes", self._table_changes, default=[])
        guard("extract", "prose_cells", self._prose_cells)
        cs.unit = guard("extract", "report_unit", self._report_unit)
        guard("extract", "relations", self._relations)
        cs.scores = guard("extract", "scores", self._scores)
        guard("extract", "assertions", self._assertions)
        guard("extract", "wording", self._wording)
        cs.dates = guard("extract", "dates", self._dates, default=[])
        cs.target_coverage = guard("extract", "target_coverage", self._target_coverage, default=[])
        return cs

    def _table_changes(self):
        from auditor.nlp.tables.changes import table_changes

        return [ch for at in self.cs.tables for ch in table_changes(at)]

    def _target_coverage(self):
        from auditor.nlp.budget_statements import target_coverage

        return target_coverage(self.doc, self.cs.narrative)

    def _dates(self):
        from auditor.nlp.dates import find_dates

        return find_dates(self.doc)

    def _budget(self):
        from auditor.nlp.budget_reading import read_budget

        return read_budget(self.doc)

    def _scores(self):
        from auditor.nlp.scores import read_scores

        return read_scores(self.doc, self.cs.tables)

    def _wording(self) -> None:
        """What the words around each figure say it is (after roles are final)."""
        from auditor.nlp.figure_words import read_wording

        read_wording(self.cs.claims, self.lex)

    def _assertions(self) -> None:
        """Claims in words (全部到位, 未超支), counts with their items listed, item numbers that slip."""
        from auditor.nlp.assertions import find_counted_lists, find_statements
        from auditor.nlp.numbering import numbering_slips

        self.cs.statements = find_statements(self.doc, self.lex.relations)
        self.cs.counted_lists = find_counted_lists(self.doc, self.lex.relations)
        self.cs.numbering_slips = numbering_slips(self.doc)

    # -- narrative ----------------------------------------------------------

    def _narrative(self) -> None:
        sentences: list[Sentence] = []
        prev_block = None
        for b in self.doc.blocks:
            if isinstance(b, Paragraph):
                sents = split_sentences(b, len(sentences))
                # Text exported from PDF wraps lines mid-sentence: a paragraph
                # that follows one without closing punctuation continues it, so
                # a list that seems to start here may have started before.
                if sents and isinstance(prev_block, Paragraph) and _wraps_into(prev_block.text, b.text):
                    sents[0].continued = True
                    if sentences:
                        sentences[-1].runs_on = True
                sentences.extend(sents)
            prev_block = b
        # A document whose last paragraph breaks off on a comma ("…科技项目监管和科技项目组织经费9万元,")
        # was cut there: its last list may have had more items
        if sentences and isinstance(prev_block, Paragraph) and _CUT_OFF.search(prev_block.text):
            sentences[-1].runs_on = True
        self.cs.sentences = sentences
        self._claims_of(sentences)

    def _claims_of(self, sentences: list[Sentence], source: str = "narrative") -> None:
        """Run the claim pipeline over ``sentences`` and keep their claims."""
        from auditor.nlp.pipeline import claim_pipeline
        from auditor.nlp.quantities import parse_quantities

        parsed = [(s, qs) for s in sentences if (qs := parse_quantities(s.text))]
        if not parsed:
            return
        with_figures = [s for s, _ in parsed]
        from auditor.stages import guard, record

        nlp = claim_pipeline()

        def docs():
            # The figures found while filtering go in with the Doc: not parsed twice.
            for s, qs in parsed:
                d = nlp.make_doc(s.text)
                d._.quantities = qs
                yield d

        done = 0
        try:
            for sent, sdoc in zip(with_figures, nlp.pipe(docs())):
                guard("extract", f"sentence {sent.index}", self._sentence_claims, sent, sdoc, source)
                done += 1
        except Exception as e:  # noqa: BLE001 - one odd sentence must not cost all the others
            # Record it, then go on sentence by sentence: only the sentences that fail are lost.
            record("extract", "claim_pipeline", e)
            for sent in with_figures[done:]:
                sdoc = guard("extract", f"sentence {sent.index}", nlp, sent.text)
                if sdoc is not None:
                    guard("extract", f"sentence {sent.index}", self._sentence_claims, sent, sdoc, source)

    def _sentence_claims(self, sent: Sentence, sdoc, source: str) -> None:
        """The claims of one sentence the pipeline has read."""
        claims = []
        prev_end = 0
        for q, (raw, concept, score) in zip(sdoc._.quantities, sdoc._.indicators):
            # The measure (预算/决算/实际…) is named between the previous figure and this one.
            own_clause = sent.text[prev_end:q.start]
            prev_end = q.end
            q.start += sent.offset
            q.end += sent.offset
            q.num_start += sent.offset
            q.num_end += sent.offset
            p = sent.paragraph
            left = p.text[max(0, q.start - 40 - sent.offset + sent.offset): q.start]
            # The year a figure belongs to: the last year named before it,
            # unless named for comparison (同比2021年增加 is this year's change).
            years = [int(m.group(1)) for m in _YEAR.finditer(sent.text[: q.start - sent.offset])
                     if not _COMPARE_BEFORE.search(sent.text[max(0, m.start() - 3): m.start()])]
            year = years[-1] if years else self.cs.year
            clause = _CLAUSE_CUT.split(own_clause)[-1]
            if year is not None and _LAST_YEAR.search(clause) and not _YEAR.search(clause):
                year -= 1
            c = Claim(
                quantity=q, text=p.text, offset=0, location=p.location, source=source,
                indicator=raw, concept=concept, concept_score=score,
                year=year,
                measure=_measure_of(own_clause[-24:]),
            )
            c.extra["sentence"] = sent.index
            c.extra["left"] = left
            if c.concept is None:
                _counted_concept(c, p.text, own_clause, self.lex)
            claims.append(c)
        _list_units(claims)
        _assign_roles(sent, claims)
        self.cs.claims.extend(claims)

    # -- project sections ---------------------------------------------------

    def _fund_scope(self) -> None:
        """Mark each narrative figure with the fund its section heading names.

        A 决算/预算 report gives each fund its own section, "（一）一般公共预算收支情况" and
        "（二）政府性基金预算收支情况", and repeats the same words in each (支出总计, 本年收入):
        under two funds they are two figures, not one printed twice. A numbered heading that
        names a fund (``tieout.funds``) opens its scope; a heading of the same or an outer level
        closes it.
        """
        funds = sorted(self.lex.relations["tieout"]["funds"], key=len, reverse=True)
        by_para = self._narrative_by_paragraph()
        open_: list[tuple[int, str | None]] = []  # (marker level, fund) of the headings above
        for p in self.doc.paragraphs:
            text = p.text.strip()
            level = _heading_level(text)
            if level is not None:
                while open_ and open_[-1][0] >= level:
                    open_.pop()
                open_.append((level, next((f for f in funds if f in text), None)))
            fund = next((f for _, f in reversed(open_) if f), None)
            if fund is None:
                continue
            for c in by_para.get(p.index, []):
                c.extra["fund"] = fund

    def _narrative_by_paragraph(self) -> dict[int, list[Claim]]:
        by_para: dict[int, list[Claim]] = {}
        for c in self.cs.narrative:
            by_para.setdefault(c.location.paragraph or 0, []).append(c)
        return by_para

    def _level_scope(self) -> None:
        """Mark each narrative amount with the level of government it speaks of, when the report names one.

        A treasury's report gives the whole area and its own level a section each, "1.全市一般公共预算收支" and
        "2.市本级一般公共预算收支", and repeats the same words in each (调入资金, 支出总计): under two levels they
        are two figures, not one printed twice. An amount's level is the last level word (``tieout.levels``)
        in its sentence a few words before it, else in the last numbered heading run into its paragraph
        before it, else in its paragraph's opening sentence (a short one), else in the numbered heading
        above it; a short line such as "剔除高新区后:" qualifies the levels under it until the next heading.
        """
        words = sorted(self.lex.relations["tieout"]["levels"], key=len, reverse=True)
        level_re = regex.compile("|".join(map(regex.escape, words)))
        # a numbered heading run into the paragraph (a page flattened into one): "… 2.区本级一般公共预算收支决算情况 …"
        inline_re = regex.compile(r"(?:^|[\s。；;])(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)"
                                  rf"\s*({level_re.pattern})")
        by_para = self._narrative_by_paragraph()
        open_: list[list] = []  # [marker level, level word, qualifier] of the headings above

        def last_word(text: str) -> str | None:
            found = level_re.findall(text)
            return found[-1] if found else None

        for p in self.doc.paragraphs:
            text = p.text.strip()
            level = _heading_level(text)
            if level is not None:
                while open_ and open_[-1][0] >= level:
                    open_.pop()
                open_.append([level, last_word(text), None])
                continue
            if len(text) <= 20 and text[-1:] in "：:" and (q := _LEVEL_QUALIFIER.search(text)):
                if not open_:
                    open_.append([99, None, None])
                open_[-1][2] = q.group(0)
                continue
            claims = by_para.get(p.index, [])
            if not claims:
                continue
            heading = next((w for _, w, _ in reversed(open_) if w), None)
            qualifier = next((x for _, _, x in reversed(open_) if x), None)
            first = _first_sentence(p.text)
            opening = last_word(first) if len(first) <= _LEVEL_OPENING_MAX else None
            for c in claims:
                if c.quantity.dimension != "money":
                    continue
                own = c.text[:c.quantity.start]
                start = max((m.end() for m in _SENTENCE_END.finditer(own)), default=0)
                own = own[max(start, c.quantity.start - _LEVEL_REACH):]
                inline = [m.group(1) for m in inline_re.finditer(p.text, 0, c.quantity.start)]
                word = last_word(own) or (inline[-1] if inline else None) or opening or heading
                if word or qualifier:
                    c.extra["level"] = f"{qualifier or ''}{word or ''}"

    def _project_scope(self) -> None:
        """Mark figures that speak of one project, not of the department.

        A paragraph naming a project (项目“离退休老干部业务专项资金”) opens its
        section; the next top-level heading (七、…) closes it. Inside, generic
        amount words have project meanings (实际支出 → the project's 项目支出,
        金额 → its 资金总额), and tie-out must not hold them against the
        department's tables.
        """
        phrases = self.lex.project_phrases
        current: str | None = None
        by_para: dict[int, list[Claim]] = {}
        for c in self.cs.narrative:
            by_para.setdefault(c.location.paragraph or 0, []).append(c)
        for p in self.doc.paragraphs:
            if _TOP_HEADING.match(p.text) and not _PROJECT_NAME.search(p.text):
                current = None
            m = _PROJECT_NAME.search(p.text)
            if m:
                current = m.group(1)
            if current is None:
                continue
            for c in by_para.get(p.index, []):
                c.extra["scope"] = "project"
                c.extra["project"] = current
                if c.concept is None and c.quantity.dimension == "money" and c.role not in ("change", "prior"):
                    tail = regex.sub(r"\s", "", c.indicator or "") or regex.sub(r"\s", "", c.extra.get("left") or "")[-6:]
                    for concept, words in phrases.items():
                        if any(tail.endswith(w) for w in words):
                            c.concept, c.concept_score = concept, 90.0
                            if concept == "资金总额" and c.measure is None:
                                c.measure = "预算"  # a project's 金额 is what it was given
                            break

    # -- tables -------------------------------------------------------------

    def _tables(self) -> None:
        try:
            from auditor.nlp.tables import analyze_tables
        except ImportError:  # table understanding not available
            return
        tables = analyze_tables(self.doc)
        self.cs.tables = tables
        for t in tables:
            for f in t.figures():
                q = f.quantity
                c = Claim(
                    quantity=q, text=f.cell.text, offset=0, location=f.cell.location, source="table",
                    indicator=f.row_label, concept=f.concept, concept_score=100.0 if f.concept else 0.0,
                    year=f.year, measure=f.measure,
                    context=[x for x in [f.table_title, *f.row_path, f.column_header] if x],
                    table=f.cell.location.table,
                )
                c.extra["figure"] = f
                self.cs.claims.append(c)

    def _prose_cells(self) -> None:
        """Table cells that hold running text (完成交易项目1268宗，入库专家836人，服务对象
        满意度96.2%，…) state figures the way the narrative does; table
        understanding reads none of them, so they go through the narrative
        pipeline, located at their cell."""
        taken = {id(c.extra["figure"].cell) for c in self.cs.table_claims if "figure" in c.extra}
        sentences = self.cs.sentences
        cells = []
        for t in self.doc.tables:
            for cell in t.cells:
                if id(cell) in taken or not _PROSE.search(cell.text) or len(_HAN.findall(cell.text)) < 8:
                    continue
                para = Paragraph(index=0, text=cell.text, location=cell.location)
                sents = split_sentences(para, len(sentences) + sum(len(x) for x in cells))
                cells.append(sents)
        new = [s for sents in cells for s in sents]
        if not new:
            return
        self.cs.sentences = sentences + new
        self._claims_of(new)

    def _report_unit(self) -> str | None:
        units = Counter(c.quantity.unit for c in self.cs.claims if c.quantity.dimension == "money")
        return units.most_common(1)[0][0] if units else None

    # -- relations ----------------------------------------------------------

    def _relations(self) -> None:
        from auditor.nlp.relations import build_relations

        self.cs.relations = build_relations(self.cs)


def extract_claims(doc: Document) -> ClaimSet:
    """Claims and relations of a whole document."""
    return _Extractor(doc).run()
