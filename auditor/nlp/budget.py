"""部门预算 / 部门决算 documents: their standard tables and the narrative that restates them.

Every department publishes, each year, a budget (部门预算 / 单位预算) and a final
account (部门决算) on a national template: 收支总表, 收入表, 支出表, 财政拨款收支总表,
一般公共预算(财政拨款)支出表 by 功能分类科目 (类 › 款 › 项), 基本支出表 by 经济分类
(301 / 302 / 303 …), 政府性基金 and 国有资本经营 tables, the “三公”经费 table and
project 绩效目标 tables, followed (决算) or preceded (预算) by a narrative
(情况说明 / 编制说明) restating them.

One reading for every input format
----------------------------------
A text export (``pdftotext -raw``) flattens the tables: one visual line per
line, empty cells vanish, long labels and cells wrap onto the next line, and
narrative sentences wrap mid-word. A PDF read by pdfplumber gives ruled tables
as tables and joined paragraphs. So that both give the same findings, both are
first turned into the same *line stream*: a paragraph is a line (a text
export's paragraph is already one printed line), a table row is a line of its
non-empty cells joined by spaces (each character remembers its cell, so
evidence points at the cell). A web page saved as text, whose 附件 tables run
into its one paragraph, is first cut into lines (:mod:`auditor.nlp.flat_pages`).
Everything below reads that stream only; column
positions of empty cells are never relied on.

Tables
    A table starts at a title line (short, ends in 表, not numbered like a
    table of contents entry) and runs to the next title, a 第N部分 heading or
    the first line of prose (a sentence with a full stop or an amount in
    万元 followed by a comma); notes (注 / 说明) under it are kept. The title
    names the kind (lexicons/budget.yaml ``table_kinds``); the unit comes
    from a "单位：元/万元" line near the title.

    Rows are rebuilt from tokens: a 功能分类 code (3, 5 or 7 digits starting
    with 2, or split "201 06 01") or 经济分类 code (30x, 31x, 5xx …) starts a
    row, so does a numbered label (一、…), a total (合计, 总计, 人员经费合计 …)
    or a label after a row that already has figures; a label fragment with no
    figures yet continues the label it wrapped from; figures are appended in
    reading order. Header text before the first row with figures names the
    columns (合计 / 基本支出 / 项目支出 …).

Narrative
    Lines outside tables are joined into passages: a passage starts at a
    heading (一、… / （一）… / 第N部分) or a numbered item (1. / 1、), and a
    heading without figures is a passage of its own, so a sentence wrapped
    over lines, or split into paragraphs by a PDF reader, is read whole.
    Whitespace is removed (except between two digits). Each character keeps
    the location of the line it came from.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Iterable, Iterator

import regex

from auditor.document import Document, Location, Paragraph, Table
from auditor.findings import Evidence
from auditor.nlp.flat_pages import page_lines

__all__ = [
    "BudgetDoc",
    "BTable",
    "BRow",
    "Num",
    "Passage",
    "SLine",
    "SideSum",
    "analyze_budget",
    "budget_vocab",
    "norm_label",
    "num_re",
    "summary_sides",
]

# ------------------------------------------------------------------ vocabulary


@dataclass(frozen=True)
class BudgetVocab:
    min_standard_tables: int
    table_kinds: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]
    kind_names: dict
    scopes: dict
    row_starts: tuple[str, ...]
    label_ends: tuple[str, ...]
    total_rows: frozenset
    col_total: tuple[str, ...]
    col_parts: tuple[str, ...]
    restatements: tuple[dict, ...]
    empty_notes: tuple[str, ...]
    sangong_layouts: dict
    sangong_labels: dict
    decompositions: tuple[tuple[str, ...], ...]
    listed_parts: dict  # intro / not_parts -> words (nlp/budget_statements.py)
    procurement: dict  # total, amount_words, parts, part_words -> words; sme -> {reserved, other, won, amount}
    perf_targets: dict  # intro / amount_words -> words
    annual_plan: dict  # headings / total_words -> words
    vehicle_lists: dict  # verbs -> words
    summary_sides: dict  # spending_ends / carry -> words; totals -> {income, spending} -> words

    def scope_of(self, kind: str) -> str | None:
        for scope, kinds in self.scopes.items():
            if kind in kinds:
                return scope
        return None


@lru_cache(maxsize=1)
def budget_vocab() -> BudgetVocab:
    """lexicons/budget.yaml, loaded and schema-checked with every lexicon."""
    from auditor.lexicons import load_lexicons

    d = load_lexicons().budget
    kinds = [(str(spec["kind"]), tuple(tuple(str(w) for w in alt) for alt in spec["any"])) for spec in d["table_kinds"]]
    return BudgetVocab(
        min_standard_tables=int(d.get("min_standard_tables", 2)),
        table_kinds=tuple(kinds),
        kind_names=dict(d.get("kind_names", {})),
        scopes={str(k): tuple(v) for k, v in (d.get("scopes") or {}).items()},
        row_starts=tuple(sorted((str(w) for w in d["row_starts"]), key=len, reverse=True)),
        label_ends=tuple(str(w) for w in d["label_ends"]),
        total_rows=frozenset(str(w) for w in d["total_rows"]),
        col_total=tuple(str(w) for w in d["columns"]["total"]),
        col_parts=tuple(str(w) for w in d["columns"]["parts"]),
        restatements=tuple(d["restatements"]),
        empty_notes=tuple(str(w) for w in d["empty_notes"]),
        sangong_layouts={str(k): tuple(str(x) for x in v) for k, v in d["sangong_layouts"].items()},
        sangong_labels={str(k): tuple(norm_label(str(x)) for x in v) for k, v in d["sangong_labels"].items()},
        decompositions=tuple(tuple(norm_label(str(x)) for x in ws) for ws in d["decompositions"]),
        listed_parts=_word_lists(d["listed_parts"]),
        procurement=_word_lists(d["procurement"]),
        perf_targets=_word_lists(d["perf_targets"]),
        annual_plan=_word_lists(d["annual_plan"]),
        vehicle_lists=_word_lists(d["vehicle_lists"]),
        summary_sides=_word_lists(d["summary_sides"]),
    )


def _word_lists(d: dict) -> dict:
    """A lexicon block of word lists (nested blocks too), as tuples of strings."""
    return {str(k): _word_lists(v) if isinstance(v, dict) else tuple(str(w) for w in v) for k, v in d.items()}


# ------------------------------------------------------------------ numbers

_NUM_TXT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
num_re = regex.compile(rf"(?<![\d.,])(?:{_NUM_TXT})(?![\d])")
_NUM_PIECE = regex.compile(rf"^-?(?:{_NUM_TXT})$")
_WS = regex.compile(r"[\s\u3000\u00a0]+")

UNIT_FACTORS = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}  # to 万元


def norm_label(s: str | None) -> str:
    """A label without whitespace, quotes, colons; half-width brackets; 其它 → 其他."""
    s = _WS.sub("", s or "")
    s = s.replace("(", "（").replace(")", "）").replace("其它", "其他")
    return _QUOTES.sub("", s)


_QUOTES = regex.compile(r"[“”\"‘’'：:]")


@lru_cache(maxsize=1)
def _row_starts() -> tuple[str, ...]:
    """``budget_vocab().row_starts`` normalised once (norm_label per piece and word was most of the time)."""
    return tuple(norm_label(w) for w in budget_vocab().row_starts)


def _decimals(printed: str) -> int:
    return len(printed.split(".", 1)[1]) if "." in printed else 0


@dataclass(slots=True)
class SLine:
    """One line of the stream: a paragraph line, or a table row's cells joined."""

    text: str
    loc: Location
    cells: tuple[tuple[int, int, Location], ...] = ()
    in_table_block: bool = False
    span: tuple[int, int] | None = None  # where a paragraph line sits in its paragraph's text (None: unknown)

    def loc_at(self, i: int) -> Location:
        for s, e, loc in self.cells:
            if s <= i < e:
                return loc
        return self.loc


@dataclass(slots=True)
class Num:
    """A figure as printed, where it was printed, and in which unit."""

    value: float
    printed: str
    decimals: int
    unit: str | None  # 元 / 万元 / 亿元 / % / None
    text: str  # the line or sentence it is quoted from
    span: tuple[int, int]  # in ``text``
    loc: Location
    context: tuple[str, ...] = ()

    @property
    def wan(self) -> float | None:
        """The value in 万元 (None for a figure without a money unit)."""
        f = UNIT_FACTORS.get(self.unit or "")
        return None if f is None else self.value * f

    @property
    def wan_decimals(self) -> int:
        """Decimals of the value expressed in 万元 (2,206,272元 → 4)."""
        f = UNIT_FACTORS.get(self.unit or "", 1.0)
        shift = {1e-4: 4, 1.0: 0, 1e4: -4}.get(f, 0)
        return max(self.decimals + shift, 0)

    def evidence(self, role: str | None = None) -> Evidence:
        unit = self.unit if self.unit and self.unit != "%" else None
        printed = self.printed + ("%" if self.unit == "%" else (self.unit or ""))
        return Evidence(
            location=self.loc,
            text=self.text,
            span=self.span,
            printed=printed,
            value=self.value,
            unit=self.unit,
            normalized=self.value * 10000 * UNIT_FACTORS[unit] if unit in UNIT_FACTORS else None,
            role=role,
            context=list(self.context),
        )


# ------------------------------------------------------------------ stream


def line_stream(doc: Document) -> list[SLine]:
    """Paragraph lines and table rows, in reading order (see module docstring)."""
    out: list[SLine] = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            cursor = 0
            for line in b.text.split("\n"):
                for part in page_lines(line):  # a web page's tables, run into its text, cut into lines
                    part = part.strip(" \t\u3000")
                    if part:
                        at = b.text.find(part, cursor)
                        if at >= 0:
                            cursor = at + len(part)
                        out.append(SLine(part, b.location, span=(at, at + len(part)) if at >= 0 else None))
        elif isinstance(b, Table):
            for row in b.rows():
                texts, spans = [], []
                pos = 0
                for c in row:
                    t = _WS.sub(" ", c.text.replace("\n", "")).strip()
                    if not t:
                        continue
                    if texts:
                        pos += 1
                    texts.append(t)
                    spans.append((pos, pos + len(t), c.location))
                    pos += len(t)
                if texts:
                    out.append(SLine(" ".join(texts), spans[0][2], tuple(spans), True))
    if doc.format == "pdf":
        out = _refill_split_baselines(out)
    return out


_GAP = regex.compile(r"(?<=[^\s\d.,%])[ \u3000](?=[^\s\d])|(?<=[^\s\d.,%])[ \u3000]$")
_LEAD_NUMS = regex.compile(rf"^((?:{_NUM_TXT})%?(?![.．、，,）)\d]))((?:[ \u3000](?:{_NUM_TXT})%?(?![.．、，,）)\d]))*)")


def _refill_split_baselines(lines: list[SLine]) -> list[SLine]:
    """Put figures back into the sentence they were printed in.

    Some PDFs print digits in a Latin font whose baseline sits a few points
    lower than the Chinese text of the same visual line; pdfplumber then
    reads the line as two: the Chinese with a gap where each figure stood
    ("总计 万元。与 年度相比"), and the figures alone on the next line
    ("2995.39 2023"). When a paragraph line has k gaps and the next line
    starts with exactly k figures, the figures fill the gaps in order and the
    rest of the next line continues the sentence.
    """
    out: list[SLine] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        while (not ln.in_table_block and i + 1 < len(lines) and not lines[i + 1].in_table_block):
            text = ln.text
            # A line that opens with a unit lost the figure before it.
            lead = 1 if regex.match(r"^(?:万元|亿元|元|%|％)", text) else 0
            gaps = [(0, 0)] * lead + [(g.start(), g.end()) for g in _GAP.finditer(text)]
            nxt = lines[i + 1]
            m = _LEAD_NUMS.match(nxt.text)
            if not gaps or not m:
                break
            nums = m.group(0).split()
            if len(nums) != len(gaps):
                break
            pieces, pos = [], 0
            for (gs, ge), n in zip(gaps, nums):
                pieces.append(text[pos:gs])
                pieces.append(n)
                pos = ge
            pieces.append(text[pos:])
            rest = nxt.text[m.end():].lstrip()
            ln = SLine("".join(pieces) + rest, ln.loc, ln.cells, False)
            i += 1
            if rest and _GAP.search(rest):
                continue
            break
        out.append(ln)
        i += 1
    return out


# ------------------------------------------------------------------ tables

_TOC_NUMBER = regex.compile(r"^(?:\d{1,2}\s*[.．、]|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）]|第)")
_PART_HEADING = regex.compile(r"^第[一二三四五六七八九十]+部分")
_UNIT_LINE = regex.compile(r"单位\s*[:：]\s*(亿元|万元|元)")
_UNIT_PAREN = regex.compile(r"[（(]\s*(亿元|万元|元)\s*[)）]")
_NUMBERING = regex.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[、.．](?!\d)|[（(][一二三四五六七八九十\d]+[)）])")
_NOTE = regex.compile(r"^(?:注|说明|备注)\s*\d?\s*[:：]")
_YEAR_PREFIX = regex.compile(r"^(?:(?:19|20)\d{2}\s*年(?:度)?)")


_TITLE_NO = regex.compile(r"^(?:附表|表)\s*[\d一二三四五六七八九十]{1,3}\s*[-－—.．、：:]?\s*")


def table_kind(title: str) -> str | None:
    t = _TITLE_NO.sub("", norm_label(title))
    t = regex.sub(r"(?:19|20)\d{2}年度?", "", t)
    for kind, alts in budget_vocab().table_kinds:
        if any(all(w in t for w in alt) for alt in alts):
            return kind
    return None


def is_title(text: str) -> bool:
    """A table's title: short, ends in 表, not a numbered contents entry
    ("表3 …" and "附表3 …" are titles)."""
    t = _TITLE_NO.sub("", _WS.sub("", text))
    if not (4 <= len(t) <= 48) or not t.endswith("表"):
        return False
    if _TOC_NUMBER.match(t) or "，" in t or "。" in t or "…" in t or t.startswith(("详见", "见", "参见", "附")):
        return False
    return not num_re.search(regex.sub(r"(?:19|20)\d{2}年度?", "", t))


def _is_narrative_heading(t: str) -> bool:
    """其他相关情况说明 / 一、2024年“三公”经费预算情况说明: a heading of the narrative."""
    return (not _NOTE.match(t) and len(t) <= 40 and t.endswith(("说明", "情况", "说明。", "情况。"))
            and not num_re.search(regex.sub(r"(?:19|20)\d{2}年度?", "", t)) and "，" not in t)


def _is_prose(text: str) -> bool:
    """A line of narrative (ends a table region): a sentence, a lead-in ending
    in a colon, a 科目 path, or an amount in 万元 followed by more words."""
    t = _WS.sub("", text)
    if _NOTE.match(t):
        return False
    if "。" in t or t.endswith(("：", ":")):
        return True
    if regex.search(r"[（(]\d{0,3}(?:类|款|项)[)）]|主要用于", t):
        return True
    return bool(regex.search(r"万元[，,；]", t)) or (len(t) >= 30 and t.count("，") >= 2)


@dataclass(slots=True)
class Tok:
    kind: str  # "num" | "label"
    text: str
    line: SLine
    start: int
    end: int


@dataclass
class BRow:
    """A table row rebuilt from the stream: codes, label, figures in reading order."""

    codes: tuple[str, ...]
    label: str
    nums: list[Num] = field(default_factory=list)
    line: SLine | None = None
    bad_code: bool = False

    @property
    def nlabel(self) -> str:
        return norm_label(self.label)

    @property
    def total(self) -> Num | None:
        return self.nums[0] if self.nums else None

    @property
    def level(self) -> int:
        return len(self.codes)

    def describe(self) -> str:
        return (" ".join(self.codes) + " " if self.codes else "") + self.label

    @property
    def printed_code(self) -> str:
        """The row's code as its line prints it ("30214", "301 52"), else its pieces joined."""
        joined = "".join(self.codes)
        if self.line is not None and self.codes:
            m = regex.search(r"(?<!\d)" + r"[ \u3000]*".join(regex.escape(c) for c in self.codes) + r"(?!\d)", self.line.text)
            if m:
                return m.group(0)
        return joined


@dataclass
class BTable:
    """A standard table of a budget document."""

    kind: str | None
    title: str
    title_line: SLine | None
    unit: str | None
    header: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[BRow] = field(default_factory=list)
    notes: list[SLine] = field(default_factory=list)
    lines: list[SLine] = field(default_factory=list)
    # What the table states, read by auditor.nlp.budget_reading.read_budget:
    sides: list[SideSum] = field(default_factory=list)  # a 收支总表's sides and their totals
    sangong: Sangong | None = None  # a “三公”经费 table's figures by column

    @property
    def name(self) -> str:
        return norm_label(self.title) or budget_vocab().kind_names.get(self.kind or "", "表")

    def data_rows(self) -> list[BRow]:
        return [r for r in self.rows if r.nums]

    @property
    def code_family(self) -> str:
        """Which classification the table's codes belong to: the one its header
        names (经济分类科目编码 / 功能分类科目编码: a 支出决算明细表 is by 经济分类),
        else 经济分类 for 基本支出 tables and 功能分类 otherwise."""
        head = norm_label(self.header)
        if ("经济分类" in head) != ("功能分类" in head):
            return "econ" if "经济分类" in head else "function"
        return "econ" if self.kind == "gpb_basic" else "function"

    def code_rows(self) -> list[BRow]:
        """Rows with a valid code of the table's own classification (a row of
        another classification is a stray from a neighbouring table)."""
        first = "2" if self.code_family == "function" else "35"
        return [r for r in self.rows if r.codes and not r.bad_code and r.codes[0][:1] in first]

    def rows_labelled(self, label: str) -> list[BRow]:
        want = _strip_numbering(norm_label(label))
        return [r for r in self.rows if r.nums and _strip_numbering(r.nlabel) == want]

    def value_of(self, label: str) -> Num | None:
        rows = self.rows_labelled(label)
        return rows[0].total if rows else None

    def has_figures(self) -> bool:
        return any(n.value for r in self.rows for n in r.nums)


def _strip_numbering(label: str) -> str:
    return _NUMBERING.sub("", label).strip()


def _is_code_piece(piece: str) -> bool:
    if not piece.isdigit():
        return False
    n = len(piece)
    if n == 3:
        return piece[0] in "235"
    if n in (5, 7):
        return piece[0] in "235"
    return False


def _split_code(piece: str) -> list[str]:
    if len(piece) == 3:
        return [piece]
    return [piece[:3]] + [piece[i:i + 2] for i in range(3, len(piece), 2)]


_BRACKET_CODE = regex.compile(r"^[\[【]\s*(\d{3}|\d{5}|\d{7})\s*[\]】]")


def _tokens(lines: list[SLine]) -> list[Tok]:
    """Split lines into figures and label runs (label pieces of a line merge
    unless the next piece starts a new row)."""
    out: list[Tok] = []
    for ln in lines:
        prev_label: Tok | None = None
        for m in regex.finditer(r"\S+", ln.text):
            piece = m.group(0)
            bm = _BRACKET_CODE.match(piece)
            if bm:  # "[201]一般公共服务支出" / "【2010101】行政运行": a code glued to its label
                out.append(Tok("num", bm.group(1), ln, m.start() + bm.start(1), m.start() + bm.end(1)))
                prev_label = None
                rest = piece[bm.end():]
                if rest:
                    t = Tok("label", rest, ln, m.start() + bm.end(), m.end())
                    out.append(t)
                    prev_label = t
                continue
            if _NUM_PIECE.match(piece):
                out.append(Tok("num", piece, ln, m.start(), m.end()))
                prev_label = None
                continue
            starts_row = bool(_NUMBERING.match(piece)) or norm_label(piece).startswith(_row_starts())
            if prev_label is not None and not starts_row:
                prev_label.text += piece
                prev_label.end = m.end()
                continue
            t = Tok("label", piece, ln, m.start(), m.end())
            out.append(t)
            prev_label = t
    return out


def _label_continues(cur: BRow, piece: str) -> bool:
    """May a label fragment with no figures continue ``cur``'s label?"""
    voc = budget_vocab()
    lab = norm_label(piece)
    if _NUMBERING.match(lab) or lab.startswith(_row_starts()):
        return False
    if cur.codes:
        return True
    cl = _strip_numbering(cur.nlabel)
    if not cl:
        return True  # "三、" alone, its words on the next line
    if len(lab) <= 3:
        return True
    return not cl.endswith(voc.label_ends)


def _make_num(tok: Tok, unit: str | None, context: tuple[str, ...] = ()) -> Num:
    printed = tok.text.lstrip("-")
    v = float(printed.replace(",", ""))
    if tok.text.startswith("-"):
        v = -v
    return Num(v, tok.text, _decimals(printed), unit, tok.line.text, (tok.start, tok.end),
               tok.line.loc_at(tok.start), context)


def _build_rows(table: BTable, lines: list[SLine], code_table: bool) -> None:
    toks = _tokens(lines)
    rows: list[BRow] = []
    cur: BRow | None = None
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.kind == "num" and code_table and _is_code_piece(t.text) and _code_context(toks, i):
            codes = _split_code(t.text)
            j = i + 1
            while (j < n and toks[j].kind == "num" and toks[j].text.isdigit() and len(toks[j].text) <= 2
                   and len(codes) < 3 and j + 1 < n and (toks[j + 1].kind == "label" or
                                                         (toks[j + 1].text.isdigit() and len(toks[j + 1].text) <= 2))):
                codes.append(toks[j].text.zfill(2))
                j += 1
            cur = BRow(tuple(codes), "", line=t.line)
            rows.append(cur)
            i = j
            continue
        if (t.kind == "num" and code_table and t.text.isdigit() and len(t.text) <= 2 and i + 2 < n
                and toks[i + 1].kind == "num" and toks[i + 1].text.isdigit() and len(toks[i + 1].text) == 2
                and toks[i + 2].kind == "label" and (i == 0 or toks[i - 1].line is not t.line or t.start == 0)
                and t.start == 0):
            # A garbled class code ("7 11 02 事业单位医疗"): keep the row, flag the code.
            codes = ["?", toks[i + 1].text]
            j = i + 2
            if j < n and toks[j].kind == "num" and toks[j].text.isdigit() and len(toks[j].text) == 2:
                codes.append(toks[j].text)
                j += 1
            cur = BRow(tuple(codes), "", line=t.line, bad_code=True)
            rows.append(cur)
            i = j
            continue
        if t.kind == "label":
            if cur is not None and not cur.nums and _label_continues(cur, t.text):
                cur.label += t.text
            else:
                cur = BRow((), t.text, line=t.line)
                rows.append(cur)
            i += 1
            continue
        # a figure
        if cur is None:
            cur = BRow((), "", line=t.line)
            rows.append(cur)
        cur.nums.append(_make_num(t, table.unit, (table.name, cur.describe())))
        i += 1
    # Header: label rows before the first row with figures or codes.
    head: list[str] = []
    for r in rows:
        if r.nums or r.codes or _NUMBERING.match(r.nlabel):
            break
        head.append(r.nlabel)
    table.header = "".join(head)
    table.columns = _columns(head)
    # Rows keep their context label once complete.
    for r in rows:
        for x in r.nums:
            x.context = (table.name, r.describe())
    table.rows = rows
    if code_table:
        _fix_bad_codes(rows)


_TOP_NUMBER = regex.compile(r"^([一二三四五六七八九十]+)\s*[、.．]")


@dataclass
class SideSum:
    """One side of a 收支总表: its top-level rows (一、二、…) and the row that totals them."""

    side: str  # "income" | "spending"
    parts: list[BRow]
    total: BRow


def summary_sides(t: BTable) -> list[SideSum]:
    """The income and the spending side of a 收支总表, each as its numbered rows
    and its total (words in lexicons/budget.yaml ``summary_sides``). Empty cells
    vanish from a flattened row, so a row without figures is a nil part. A side
    whose numbering repeats (two classifications, or two tables read as one) is
    not a sum."""
    voc = budget_vocab().summary_sides
    rows = t.data_rows()
    out = []
    for side in ("income", "spending"):
        total = next((r for name in voc["totals"][side] for r in rows if r.nlabel == name), None)
        if total is None:
            continue
        this_year = total.nlabel.startswith("本年")
        parts, seen = [], set()
        for r in rows:
            m = _TOP_NUMBER.match(r.nlabel)
            if not m:
                continue
            name = _strip_numbering(r.nlabel)
            if name.endswith(voc["spending_ends"]) != (side == "spending"):
                continue
            if this_year and any(w in name for w in voc["carry"]):
                continue
            if m.group(1) in seen:
                parts = []
                break
            seen.add(m.group(1))
            parts.append(r)
        if parts:
            out.append(SideSum(side, parts, total))
    return out


def _code_context(toks: list[Tok], i: int) -> bool:
    """Is the code-like figure at ``i`` a code? It is followed by a label (or a
    款/项 code) that is not a total row."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None:
        return False
    if nxt.kind == "label":
        lab = norm_label(nxt.text)
        if lab in budget_vocab().total_rows or any(lab.startswith(w) for w in ("合计", "总计", "小计")):
            return False
        return True
    if nxt.kind == "num" and nxt.text.isdigit() and len(nxt.text) <= 2:
        return i + 2 < len(toks) and (toks[i + 2].kind == "label"
                                      or (toks[i + 2].text.isdigit() and len(toks[i + 2].text) <= 2))
    return False


def _fix_bad_codes(rows: list[BRow]) -> None:
    """Give a garbled class code the class of the row above when the 款 agrees."""
    last: BRow | None = None
    for r in rows:
        if r.bad_code and last is not None and len(last.codes) >= 2 and last.codes[1] == r.codes[1]:
            r.codes = (last.codes[0],) + r.codes[1:]
            r.bad_code = False
        if r.codes and not r.bad_code:
            last = r


def _columns(head_rows: list[str]) -> list[str]:
    """Column names in the order the header rows print them (a leading 项目,
    the label column's header, is not part of a column name)."""
    voc = budget_vocab()
    names = sorted(set(voc.col_total) | set(voc.col_parts), key=len, reverse=True)
    pat = regex.compile("|".join(regex.escape(w) for w in names))
    out: list[str] = []
    for h in head_rows:
        out.extend(m.group(0) for m in pat.finditer(regex.sub(r"^项目", "", h)))
    # Names before the first total column are captions over the columns
    # (收入预算, 一般公共预算基本支出), not columns.
    first = next((i for i, c in enumerate(out) if c in voc.col_total), None)
    return out[first:] if first is not None else out


# ------------------------------------------------------------------ narrative


@dataclass
class Passage:
    """Narrative lines joined (whitespace removed), with a location per character."""

    text: str
    starts: list[tuple[int, SLine]]  # (offset in text, line) in order
    section: str = ""  # the 一、… heading it sits under
    subsection: str = ""  # the （一）… heading it sits under
    is_heading: bool = False
    # What the passage states, read by auditor.nlp.budget_reading.read_budget:
    amounts: list = field(default_factory=list)  # LabelledAmount: every money amount, in order
    changes: list[Change] = field(default_factory=list)  # 较上年增加X万元，增长P%
    shares: list[Share] = field(default_factory=list)  # 占X的P%
    completions: list[Completion] = field(default_factory=list)  # 完成年初预算的P%
    sangong_totals: list = field(default_factory=list)  # SangongTotals: “三公”经费预算为B，决算为A
    procurement: object = None  # Procurement: 政府采购 total, parts and 中小企业 shares
    perf_targets: object = None  # PerfTargets: 编报绩效目标的项目N个，涉及资金X万元
    annual_plan: object = None  # AnnualPlan: a project's 年度预算安排 (its year's money)
    vehicle_lists: list = field(default_factory=list)  # VehicleList: 共有车辆N辆，其中…
    listed_parts: list = field(default_factory=list)  # ListedParts: a total, 其中 and its parts

    def loc_at(self, i: int) -> Location:
        k = bisect.bisect_right([off for off, _ in self.starts], i) - 1
        return self.starts[max(k, 0)][1].loc

    def sentence_at(self, i: int, window: int = 600) -> tuple[str, int]:
        """The sentence holding offset ``i`` and its start offset (a sentence is
        looked for within ``window`` characters either side)."""
        lo = max(0, i - window)
        s = max(self.text.rfind(c, lo, i) for c in "。！？") + 1 or lo
        hi = min(len(self.text), i + window)
        ends = [e for e in (self.text.find(c, i, hi) for c in "。！？") if e >= 0]
        e = min(ends) + 1 if ends else hi
        return self.text[s:e], s

    def num(self, start: int, end: int, unit: str | None) -> Num:
        printed = self.text[start:end]
        sent, s0 = self.sentence_at(start)
        v = float(printed.replace(",", ""))
        return Num(v, printed, _decimals(printed), unit, sent, (start - s0, end - s0), self.loc_at(start),
                   (self.section,) if self.section else ())


_HEADING = regex.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*、|[（(]\s*[一二三四五六七八九十]+\s*[)）])")
_ITEM = regex.compile(r"^\d{1,3}\s*[.．、](?!\d)")
_LEVEL1 = regex.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*、)")
_LEVEL2 = regex.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]")


def _compact(text: str) -> str:
    """Whitespace removed, except one space between two digits."""
    return regex.sub(r"(?<=\d)[\s\u3000]+(?=\d)", " ", regex.sub(r"(?<!\d)[\s\u3000]+|[\s\u3000]+(?!\d)", "", text))


def _passages(lines: list[SLine]) -> list[Passage]:
    out: list[Passage] = []
    cur: Passage | None = None
    section = subsection = ""
    for ln in lines:
        t = _compact(ln.text)
        if not t:
            continue
        heading = (bool(_HEADING.match(t)) and len(t) <= 40
                   and not num_re.search(regex.sub(r"(?:19|20)\d{2}年度?", "", t))
                   and "，" not in t and "：" not in t.rstrip("：:"))
        starts = heading or bool(_HEADING.match(t)) or bool(_ITEM.match(t)) or cur is None or (cur.is_heading)
        if heading:
            if _LEVEL1.match(t):
                section, subsection = t, ""
            elif _LEVEL2.match(t):
                subsection = t
        if starts:
            cur = Passage(t, [(0, ln)], section, subsection, heading)
            out.append(cur)
        else:
            if cur.text[-1:].isdigit() and t[:1].isdigit():
                cur.text += " "  # two figures must not fuse across the line break
            cur.starts.append((len(cur.text), ln))
            cur.text += t
    return out


# ------------------------------------------------------------------ the document


@dataclass
class BudgetDoc:
    """What a budget document says: its tables and its narrative passages."""

    kind: str  # "预算" | "决算"
    year: int | None
    tables: list[BTable]
    passages: list[Passage]
    lines: list[SLine]
    items: list[Item] = field(default_factory=list)  # numbered 科目 items of the narrative
    _table_places: tuple | None = field(default=None, repr=False, compare=False)  # in_table's index, built once

    def tables_of(self, kind: str) -> list[BTable]:
        return [t for t in self.tables if t.kind == kind]

    def in_table(self, loc: Location, at: int | None = None) -> bool:
        """Is ``loc`` part of one of the standard tables the budget reading read: a paragraph line taken
        as one of its rows (a text or PDF export prints a table's rows as paragraphs: "本年收入合计 2,188.65
        本年支出合计 2,172.26"; ``at``, the offset in the paragraph, tells which line of a paragraph that
        runs a page's narrative and tables together), or a cell of a document table whose rows it read?"""
        if self._table_places is None:
            tables: set[tuple] = set()
            spans: dict[tuple, list] = {}  # paragraph -> the spans of its lines read as table lines
            for t in self.tables:
                for ln in (x for x in [t.title_line, *t.lines, *t.notes] if x is not None):
                    tables.update((c.order, c.table) for c in [ln.loc, *(c for _, _, c in ln.cells)] if c.table is not None)
                    if ln.loc.table is None and ln.loc.paragraph is not None:
                        spans.setdefault((ln.loc.order, ln.loc.paragraph), []).append(ln.span)
            self._table_places = (tables, spans)
        tables, spans = self._table_places
        if loc.table is not None:
            return (loc.order, loc.table) in tables
        lines = spans.get((loc.order, loc.paragraph))
        # a line whose place in its paragraph is unknown (None) stands for the whole paragraph
        return lines is not None and (at is None or any(s is None or s[0] <= at < s[1] for s in lines))

    def table(self, kind: str) -> BTable | None:
        """The first table of ``kind`` that has figures (else the first one)."""
        ts = self.tables_of(kind)
        for t in ts:
            if t.data_rows():
                return t
        return ts[0] if ts else None


_STANDARD = {"summary", "fiscal_summary", "income", "expense", "gpb_expense", "gpb_basic", "fund", "soe", "sangong"}
_CODE_KINDS = {"income", "expense", "gpb_expense", "gpb_basic", "fund", "soe", None}


def _doc_kind_year(lines: list[SLine]) -> tuple[str, int | None]:
    head = "".join(_compact(ln.text) for ln in lines[:12])
    kind = "决算" if "决算" in head and "预算" not in head.split("决算")[0][-6:] else "预算"
    if "决算" not in head:
        kind = "预算"
    m = regex.search(r"((?:19|20)\d{2})年(?:度)?(?:区级|市级|县级)?(?:部门|单位)?(?:预算|决算)", head) or \
        regex.search(r"((?:19|20)\d{2})年", head)
    return kind, (int(m.group(1)) if m else None)


def analyze_budget(doc: Document) -> BudgetDoc | None:
    """The budget reading of ``doc``; None when it is not a budget document."""
    lines = line_stream(doc)
    voc = budget_vocab()
    # Cheap first pass: a document without the standard tables is not one.
    kinds = {table_kind(ln.text) for ln in lines if len(ln.text) <= 60 and is_title(ln.text)}
    if len(kinds & _STANDARD) < voc.min_standard_tables:
        return None
    tables: list[BTable] = []
    narrative: list[SLine] = []
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if is_title(ln.text) and table_kind(ln.text) is not None:
            j = i + 1
            body: list[SLine] = []
            notes: list[SLine] = []
            while j < n:
                nxt = lines[j]
                tt = _WS.sub("", nxt.text)
                if is_title(nxt.text) and table_kind(nxt.text) is not None:
                    break
                if _PART_HEADING.match(tt) or (not nxt.in_table_block and _is_narrative_heading(tt)):
                    break
                if _NOTE.match(tt):
                    notes.append(nxt)
                    j += 1
                    continue
                if not nxt.in_table_block and _is_prose(nxt.text):
                    break
                if notes and not nxt.in_table_block:
                    break
                body.append(nxt)
                j += 1
            kind = table_kind(ln.text)
            unit = _table_unit([ln] + body[:6] + notes)
            t = BTable(kind, _WS.sub("", ln.text), ln, unit, notes=notes, lines=body)
            unit_free = [b for b in body if not _UNIT_LINE.search(b.text) and not regex.match(r"^\s*编制(?:部门|单位)", b.text)]
            _build_rows(t, unit_free, kind in _CODE_KINDS)
            tables.append(t)
            i = j
            continue
        narrative.append(ln)
        i += 1
    standard = {t.kind for t in tables if t.kind in _STANDARD}
    if len(standard) < voc.min_standard_tables:
        return None
    kind, year = _doc_kind_year(lines)
    return BudgetDoc(kind, year, tables, _passages(narrative), lines)


def _table_unit(lines: Iterable[SLine]) -> str | None:
    for ln in lines:
        m = _UNIT_LINE.search(ln.text)
        if m:
            return m.group(1)
    for ln in lines:
        m = _UNIT_PAREN.search(ln.text)
        if m:
            return m.group(1)
    return None


def iter_amounts(p: Passage, units: tuple[str, ...] = ("万元", "亿元", "元")) -> Iterator[tuple[int, int, str]]:
    """(start, end, unit) of every money amount in a passage."""
    pat = regex.compile(rf"(?<![\d.,])({_NUM_TXT})\s?({'|'.join(units)})")
    for m in pat.finditer(p.text):
        yield m.start(1), m.end(1), m.group(2)


# ------------------------------------------------------------------ narrative statements

_N = rf"(?:{_NUM_TXT})"
_MONEY_UNIT = r"(?:万元|亿元|元)"


@dataclass
class Item:
    """A numbered 科目 paragraph of the narrative ("3. “一般公共服务支出（类）…（项）”45.41万元 …")."""

    passage: Passage
    names: list[str]  # 类, 款, 项 names as printed (1 to 3)
    codes: tuple[str, ...]  # codes printed in the path (may be empty)
    amount: Num | None = None  # the figure right after the path
    prior: Num | None = None  # 上年(当年)预算执行数
    plan: Num | None = None  # 本年预算安排
    pct: Num | None = None  # 比上年执行数增减 %
    direction: int = 0  # +1 增加 / -1 减少 / 0 持平
    flat: bool = False
    budget: Num | None = None  # 决算: 年初预算
    full_budget: Num | None = None  # 决算: 全年预算
    actual: Num | None = None  # 决算: 支出决算

    @property
    def label(self) -> str:
        return "".join(f"{n}（{k}）" for n, k in zip(self.names, ("类", "款", "项")))


_PATH_MARK = regex.compile(r"[（(]\s*(\d{0,3})\s*(类|款|项)\s*[)）]")
_DASH_PATH = regex.compile(r"[“\"]([^”\"]{2,90})[”\"]\s*科目")
# Each amount keeps the unit it is printed in: a 元 among 万元 is a slip BG07 then sees.
_YOY = regex.compile(
    rf"((?:19|20)\d{{2}})年(?:当年)?预算执行数(?:为)?({_N})\s*(万元|亿元|元)[，,]\s*((?:19|20)\d{{2}})年预算(?:安排|数)(?:为)?"
    rf"({_N})\s*(万元|亿元|元)[，,]\s*(?:比|较)((?:19|20)\d{{2}})年(?:当年)?预算执行数(?:(增加|减少|增长|下降)({_N})\s*[%％]|持平)")
_ACTUAL = regex.compile(rf"(?:支出)?决算(?:数)?为({_N})万元")
_BUDGET = regex.compile(rf"年初预算(?:数)?为({_N})万元")
_FULL = regex.compile(rf"全年预算(?:数)?为({_N})万元")


def _pnum(p: Passage, m, group: int, unit: str | None = "万元") -> Num:
    return p.num(m.start(group), m.end(group), unit)


def parse_item(p: Passage) -> Item | None:
    """The 科目 path and figures of a numbered item paragraph, if it is one."""
    t = p.text
    m = _ITEM.match(t)
    if not m:
        return None
    pos = m.end()
    names: list[str] = []
    codes: list[str] = []
    end = None
    marks = [mk for mk in _PATH_MARK.finditer(t, pos, min(len(t), pos + 160))]
    if marks and marks[0].group(2) == "类":
        cur = pos
        for mk, want in zip(marks, ("类", "款", "项")):
            if mk.group(2) != want:
                break
            names.append(t[cur:mk.start()].strip("“”\"' 、"))
            if mk.group(1):
                codes.append(mk.group(1))
            cur = end = mk.end()
    else:
        dm = _DASH_PATH.match(t, pos)
        if not dm:
            return None
        names = [x for x in regex.split(r"\s*[-－—–]\s*", dm.group(1)) if x][:3]
        end = dm.end()
    if not names or any(not n for n in names) or end is None:
        return None
    if codes and len(codes) != len(names):
        codes = []
    item = Item(p, names, _norm_codes(codes))
    am = regex.match(rf"[”\"]?\s*(?:科目)?\s*(?:为|：|:)?\s*({_N})\s*(万元|亿元|元)", t[end:])
    if am:
        item.amount = p.num(end + am.start(1), end + am.end(1), am.group(2))
    ym = _YOY.search(t, end)
    if ym:
        item.prior = _pnum(p, ym, 2, ym.group(3))
        item.plan = _pnum(p, ym, 5, ym.group(6))
        if ym.group(8):
            item.pct = _pnum(p, ym, 9, "%")
            item.direction = 1 if ym.group(8) in ("增加", "增长") else -1
        else:
            item.flat = True
    for pat, attr in ((_BUDGET, "budget"), (_FULL, "full_budget"), (_ACTUAL, "actual")):
        mm = pat.search(t, end)
        if mm and attr == "actual" and item.amount is not None:
            continue
        if mm:
            setattr(item, attr, _pnum(p, mm, 1))
    return item


def _norm_codes(codes: list[str]) -> tuple[str, ...]:
    if not codes:
        return ()
    if len(codes[0]) != 3:
        return ()
    return (codes[0],) + tuple(c.zfill(2) for c in codes[1:])


def items_of(bd: BudgetDoc) -> list[Item]:
    return [it for p in bd.passages if (it := parse_item(p)) is not None]


@dataclass
class Change:
    """"X万元，比YYYY年…增加/减少C万元" (or 持平) within one clause."""

    passage: Passage
    label: str  # words before the amount
    amount: Num
    year: int | None  # the compared year (None for 上年)
    own_year: int | None  # the year the amount belongs to
    direction: int  # +1 / -1 / 0 (持平)
    change: Num | None
    pct: Num | None = None


_CHANGE = regex.compile(
    rf"(?P<amt>{_N})万元[，,]?\s*(?:比|较|与)(?:(?P<year>(?:19|20)\d{{2}})\s*年(?:度)?|上年(?:度)?|去年)"
    rf"(?P<base>[^，。；,;\d]{{0,14}}?)"
    rf"(?:(?P<dir>增加|减少|增长|下降)(?P<chg>{_N})万元(?:[，,]\s*(?:增长|下降|增加|减少)(?P<pct>{_N})\s*[%％])?|持平)")
_LABEL_STOP = regex.compile(r"[，。；：、（）()“”,;:]")


def label_before(text: str, start: int, limit: int = 40) -> str:
    """The words printed right before offset ``start`` back to the last
    delimiter; a bracket closed within the label belongs to it (因公出国（境）费)."""
    seg = text[max(0, start - limit):start]
    cut = 0
    depth = 0
    for i in range(len(seg) - 1, -1, -1):
        ch = seg[i]
        if ch in "）)”":
            depth += 1
            continue
        if ch in "（(“":
            if depth > 0:
                depth -= 1
                continue
            cut = i + 1
            break
        if depth == 0 and _LABEL_STOP.match(ch):
            cut = i + 1
            break
    seg = seg[cut:]
    nm = None
    for nm in num_re.finditer(seg):
        pass
    if nm is not None:
        seg = seg[nm.end():]
        seg = regex.sub(r"^\s*(?:万元|元|亿元|%|％|年度|年)", "", seg)
    seg = regex.sub(r"(?:为|是|达到|达|约|共计)$", "", seg)
    return seg


def changes_of(p: Passage, doc_year: int | None) -> list[Change]:
    out = []
    for m in _CHANGE.finditer(p.text):
        label = label_before(p.text, m.start("amt"))
        years = [int(y.group(1)) for y in regex.finditer(r"((?:19|20)\d{2})\s*年", p.text[:m.start("amt")])
                 if not regex.search(r"(?:比|较|与)\s*$", p.text[max(0, y.start() - 2):y.start()])]
        own = years[-1] if years else doc_year
        d = 0 if not m.group("dir") else (1 if m.group("dir") in ("增加", "增长") else -1)
        year = int(m.group("year")) if m.group("year") else None
        out.append(Change(p, label, p.num(m.start("amt"), m.end("amt"), "万元"), year, own, d,
                          p.num(m.start("chg"), m.end("chg"), "万元") if m.group("chg") else None,
                          p.num(m.start("pct"), m.end("pct"), "%") if m.group("pct") else None))
    return out


@dataclass
class Share:
    passage: Passage
    part: Num
    pct: Num
    base_label: str  # "本年支出合计" in 占本年支出合计的X%, else ""
    base: Num | None  # the list head ("X万元，其中/主要用于…") when no base is named


_SHARE = regex.compile(rf"(?P<amt>{_N})万元[，,]?\s*占(?P<base>[^，。；,;%％\d]{{0,16}}?)(?:的)?(?P<p>{_N})\s*[%％]")
_HEAD = regex.compile(rf"(?P<amt>{_N})万元[，,。]?\s*(?:其中|主要用于)")


def shares_of(p: Passage) -> list[Share]:
    out = []
    for m in _SHARE.finditer(p.text):
        sent, s0 = p.sentence_at(m.start("amt"))
        head = None
        for h in _HEAD.finditer(p.text, s0, m.start("amt")):
            head = h
        out.append(Share(p, p.num(m.start("amt"), m.end("amt"), "万元"), p.num(m.start("p"), m.end("p"), "%"),
                         norm_label(m.group("base")),
                         p.num(head.start("amt"), head.end("amt"), "万元") if head else None))
    return out


@dataclass
class Completion:
    """"年初预算为B万元，(全年预算为W万元，)支出决算为Z万元，完成年初预算的P%"."""

    passage: Passage
    budget: Num | None  # 年初预算 (or 预算)
    full: Num | None  # 全年预算
    actual: Num
    pct: Num
    base_word: str  # 年初预算 | 全年预算 | 预算


_COMPLETION = regex.compile(
    rf"(?P<lab>年初预算|全年预算|预算)(?:数)?为(?P<b>{_N})万元[，,]\s*(?:全年预算(?:数)?为(?P<w>{_N})万元[，,]\s*)?"
    rf"(?:支出)?决算(?:数)?为(?P<z>{_N})万元[，,。]?\s*完成(?P<which>年初预算|全年预算|预算)(?:数)?的(?P<p>{_N})\s*[%％]")


def completions_of(p: Passage) -> list[Completion]:
    out = []
    for m in _COMPLETION.finditer(p.text):
        b = p.num(m.start("b"), m.end("b"), "万元")
        w = p.num(m.start("w"), m.end("w"), "万元") if m.group("w") else None
        budget, full = (b, w) if m.group("lab") != "全年预算" else (None, b)
        out.append(Completion(p, budget, full, p.num(m.start("z"), m.end("z"), "万元"),
                              p.num(m.start("p"), m.end("p"), "%"), m.group("which")))
    return out


# ------------------------------------------------------------------ the “三公” table


@dataclass
class Sangong:
    """The figures of a “三公”经费 table by leaf column (合计, 因公出国, 公务接待,
    小计, 购置, 运行, 机关运行), for the budget (预算数) and, in a 决算 table,
    the actual (决算数) columns. A flattened 预算 row that lost its blank cells is
    placed where it adds up (:func:`_place_sangong`); the blanks are nil. A row that
    several placements fit equally keeps the columns they all agree on (the 合计 at
    least), the rest as ``unplaced`` parts of the 合计."""

    table: BTable
    budget: dict[str, Num]
    actual: dict[str, Num]
    unplaced: list[Num] = field(default_factory=list)  # parts of the 合计 whose column is unknown
    misfit: bool = False  # a flattened row that adds up in no placement of its figures


def sangong_of(t: BTable) -> Sangong | None:
    if t.kind != "sangong":
        return None
    row = next((r for r in t.data_rows()), None)
    if row is None:
        return None
    voc = budget_vocab()
    head = t.header + row.nlabel  # a data row without a label hangs on the last header line
    i_rec, i_veh = head.find("公务接待"), head.find("公务用车")
    if i_rec < 0 or i_veh < 0:
        return None
    layout = list(voc.sangong_layouts["reception_first" if i_rec < i_veh else "vehicles_first"])
    nums = row.nums
    if "预算数" in head and "决算数" in head:
        if len(nums) != 2 * len(layout):
            return None
        return Sangong(t, dict(zip(layout, nums[0::2])), dict(zip(layout, nums[1::2])))
    if "机关运行" in head:
        layout.append("机关运行")
    if len(nums) == len(layout):
        return Sangong(t, dict(zip(layout, nums)), {})
    placed = _place_sangong(layout, nums)
    if placed is None and nums and len(nums) <= len(layout):
        # no single placement: keep the columns every best placement agrees on (the 合计, printed
        # first whenever any column is, always); every other figure but a last one that may be the
        # 机关运行经费 is a part of the 合计
        fewest, best = _best_placements(layout, nums)
        agreed = {k: v for k, v in best[0].items() if any(v is n for n in nums) and all(b.get(k) is v for b in best)}
        agreed["合计"] = nums[0]
        rest = [n for n in nums if not any(n is v for v in agreed.values())]
        if layout[-1] == "机关运行" and "机关运行" not in agreed and rest and rest[-1] is nums[-1]:
            rest = rest[:-1]
        return Sangong(t, agreed, {}, unplaced=rest, misfit=fewest > 0)
    return Sangong(t, placed, {}) if placed is not None else None


def _sangong_violations(vals: dict[str, Num]) -> int:
    """How many of the table's two sums fail beyond rounding (合计 = 因公出国 + 公务接待 + 小计;
    小计 = 购置 + 运行), by the one tolerance rule."""
    from auditor.tolerance import Verdict, check_sum

    bad = 0
    for total, parts in (("合计", ("因公出国", "公务接待", "小计")), ("小计", ("购置", "运行"))):
        ps = [vals[k] for k in parts]
        dec = max(n.decimals for n in (*ps, vals[total]))
        bad += check_sum([n.value for n in ps], vals[total].value, dec).verdict is Verdict.INCONSISTENT
    return bad


def _best_placements(layout: list[str], nums: list[Num]) -> tuple[int, list[dict[str, Num]]]:
    """The placements of a flattened row's figures that break the fewest of the table's sums,
    and how many they break."""
    dec = max(n.decimals for n in nums)
    fits: dict[int, list[dict[str, Num]]] = {}
    for pos in combinations(range(len(layout)), len(nums)):
        if pos[0] != 0:
            continue  # the 合计 is printed whenever any column is
        vals = {layout[p]: n for p, n in zip(pos, nums)}
        for k in layout:
            if k not in vals:
                vals[k] = Num(0.0, "0", dec, nums[0].unit, nums[0].text, (nums[0].span[0], nums[0].span[0]),
                              nums[0].loc, nums[0].context)
        fits.setdefault(_sangong_violations(vals), []).append(vals)
    fewest = min(fits)
    return fewest, fits[fewest]


def _place_sangong(layout: list[str], nums: list[Num]) -> dict[str, Num] | None:
    """A flattened “三公” row lost its empty cells ("867.50 839.00 28.50 213.28" under seven
    columns): place the printed figures, in order, in the columns where the table adds up, the
    others nil. Read only when one placement adds up, or, when none does, when one alone breaks a
    single sum (that sum is then the table's error); any other row cannot be placed."""
    if not nums or len(nums) > len(layout):
        return None
    fewest, best = _best_placements(layout, nums)
    return best[0] if fewest <= 1 and len(best) == 1 else None
