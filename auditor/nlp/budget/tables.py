"""The standard tables: a title and the kind it names (:func:`is_title`, :func:`table_kind`),
rows rebuilt from the tokens of the stream (:class:`Tok`, :class:`BRow`, ``_build_rows``, garbled
class codes fixed), the header's columns, :class:`BTable`, and a 收支总表's two sides
(:class:`SideSum`, :func:`summary_sides`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from auditor.nlp.budget.lines import _NUM_TXT, _WS, Num, SLine, _decimals, norm_label, num_re
from auditor.nlp.budget.vocab import _row_starts, budget_vocab

if TYPE_CHECKING:  # annotations only: BTable.sangong holds what sangong_of reads from the table
    from auditor.nlp.budget.sangong import Sangong


_TOC_NUMBER = regex.compile(r"^(?:\d{1,2}\s*[.．、]|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）]|第)")
_NUMBERING = regex.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[、.．](?!\d)|[（(][一二三四五六七八九十\d]+[)）])")

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
    carries: list[CarrySum] = field(default_factory=list)  # a 收支总表's carry-over rows and their breakdowns
    rows_foot: bool = False  # its rows' first figure totals the rest, by its own full rows (:func:`rows_foot`)

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
_NUM_PIECE = regex.compile(rf"^-?(?:{_NUM_TXT})$")
# A code or an amount glued to its label where a layout dropped the space at a line's end
# ("204公共安全支出", "行政运行10.83"): a PDF or export of a table printed as running text.
_GLUED_CODE = regex.compile(r"^(\d{3}|\d{5}|\d{7})(?=\p{Han})")
_GLUED_AMOUNT = regex.compile(r"^(.*\p{Han}[）)]?)(-?\d[\d,]*\.\d{1,2})$")


def _pieces(text: str) -> list[tuple[str, int]]:
    """The line's whitespace-separated pieces with their offsets, a label with an amount glued to its
    end cut in two ("行政运行10.83")."""
    out = []
    for m in regex.finditer(r"\S+", text):
        g = _GLUED_AMOUNT.match(m.group(0))
        if g and not _NUM_PIECE.match(m.group(0)):
            out += [(g.group(1), m.start()), (g.group(2), m.start() + g.start(2))]
        else:
            out.append((m.group(0), m.start()))
    return out


def _glued_code(piece: str):
    """A code glued to its label, bracketed ("[201]一般公共服务支出", "【2010101】行政运行") or bare
    where a wrap dropped the space ("204公共安全支出"): the match, its group 1 the code."""
    bm = _BRACKET_CODE.match(piece)
    if bm is None:
        bm = _GLUED_CODE.match(piece)
        if bm is not None and not _is_code_piece(bm.group(1)):
            return None
    return bm


def _tokens(lines: list[SLine]) -> list[Tok]:
    """Split lines into figures and label runs (label pieces of a line merge
    unless the next piece starts a new row)."""
    out: list[Tok] = []
    for ln in lines:
        prev_label: Tok | None = None
        for piece, start in _pieces(ln.text):
            end = start + len(piece)
            bm = _glued_code(piece)
            if bm:
                out.append(Tok("num", bm.group(1), ln, start + bm.start(1), start + bm.end(1)))
                prev_label = None
                rest = piece[bm.end():]
                if rest:
                    t = Tok("label", rest, ln, start + bm.end(), end)
                    out.append(t)
                    prev_label = t
                continue
            if _NUM_PIECE.match(piece):
                out.append(Tok("num", piece, ln, start, end))
                prev_label = None
                continue
            starts_row = bool(_NUMBERING.match(piece)) or norm_label(piece).startswith(_row_starts())
            if prev_label is not None and not starts_row:
                prev_label.text += piece
                prev_label.end = end
                continue
            t = Tok("label", piece, ln, start, end)
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


@dataclass
class CarrySum:
    """A 年初 / 年末 结转和结余 row of a 收支总表 and the rows after it that break it down by kind
    of spending (基本支出结转, 项目支出结转和结余, 经营结余)."""

    total: BRow
    parts: list[BRow]
    kinds: list[str] = field(default_factory=list)  # each part's kind of spending, as its label ends
    # a part's 其中 row (其中：财政拨款结转 under 基本支出结转): (its part's index, the row, what it names)
    subs: list[tuple[int, BRow, str]] = field(default_factory=list)


def carry_breakdowns(t: BTable) -> list[CarrySum]:
    """Each carry-over row of a 收支总表 with its breakdown (words in lexicons/budget.yaml
    ``summary_sides``): the rows after it, up to the next carry-over row or a 合计 / 总计, whose
    label ends in a kind of spending. A flattened two-sided row glues the other side's label before
    it (交纳所得税基本支出结转 6.79); a 其中 row (其中：财政拨款结转) is a part of a part."""
    voc = budget_vocab()
    words = voc.summary_sides
    opens, kinds, carry = words["carry_opens"], words["carry_parts"], words["carry"]
    out: list[CarrySum] = []
    cur: CarrySum | None = None
    for r in t.data_rows():
        label = r.nlabel
        if label.startswith(opens) and any(w in label for w in carry):
            cur = CarrySum(r, [])
            out.append(cur)
            continue
        if label in voc.total_rows or label.endswith(("合计", "总计")):
            cur = None
            continue
        if cur is None:
            continue
        if "其中" in label:
            # 其中：财政拨款结转 under 基本支出结转: a part of the part just read
            named = label.split("其中", 1)[1].lstrip("：:")
            last = len(cur.parts) - 1
            if cur.parts and any(w in named for w in carry) and all(i != last for i, _, _ in cur.subs):
                cur.subs.append((last, r, named))
            continue
        kind = next((k for k in kinds if label.endswith(k)), None)
        if kind is not None and kind not in cur.kinds:
            cur.parts.append(r)
            cur.kinds.append(kind)
    return [c for c in out if len(c.parts) >= 2 or c.subs]


def rows_foot(t: BTable) -> bool:
    """Do the table's rows total across, the first figure the sum of the others, though its header
    does not say so (a web page's flattened 财政拨款收支总表: "本年支出合计 2,171.02 1,870.70 300.32")?
    Read from its full rows: at least three rows of three or more figures, all but one of them adding
    up. A flattened row lost its blank cells, so only such rows tell."""
    from auditor.tolerance import check_sum, convention_decimals

    full = [r.nums for r in t.data_rows() if len(r.nums) >= 3]
    foot = sum(1 for ns in full
               if check_sum([n.value for n in ns[1:]], ns[0].value, convention_decimals([n.printed for n in ns])).ok)
    return foot >= 3 and foot >= len(full) - 1


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
