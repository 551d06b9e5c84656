"""Plain-text exports (.txt) of reports, with their tables rebuilt.

Encoding
    Decided without asking, in this order: a BOM (UTF-8, UTF-16, UTF-32);
    UTF-16 without BOM, recognised by NUL bytes that sit on one byte parity
    only; strict UTF-8; strict GB18030 (a superset of GBK and GB2312);
    charset-normalizer as a last resort. Anything else is an
    :class:`~auditor.errors.EncodingError`.

    A damaged file is still read rather than lost: runs of NUL bytes (padding
    or a zeroed block from an interrupted copy) are dropped, and when at most 0.5 % of the
    bytes are invalid in the chosen encoding (a cut-off last character, a
    few flipped bytes) each bad sequence becomes U+FFFD. The number of bytes
    dropped or replaced is ``Document.meta["damaged_bytes"]``.

Tables
    Word's "save as text" writes tables in one of two layouts. Which one a
    file uses is decided once per file by counting its lines.

    Layout A — one cell per TAB-led line (seeds 000, 002, 003). A line that
    begins with a TAB (after optional spaces) starts a new cell; any further
    TAB on the line starts another. Rows end with an empty line, so a
    TAB-led line after one or more empty lines starts a new row. A line
    without a TAB continues the current cell (a multi-line cell) when:

    (a) it directly follows a line of the table (no empty line between);
    (b) it is pushed far right (12+ columns of leading spaces): the
        right-aligned signature and date lines of form cells
        ("年  月  日");
    (c) it follows exactly one empty line, is a single line, and the chain
        of single lines separated by single empty lines that it starts
        reaches a TAB-led line: a cell whose paragraphs are separated by
        empty lines ("年度预算 / 申请（万元）", "偏差原因 / 分析及 / 改进措施").

    Otherwise the table has ended and the line is a paragraph: after two or
    more empty lines (Word leaves one more after a table: "说明：…",
    "填表人：…"), or when the line starts a run of consecutive lines
    (narrative after the table, "五、评价报告综述" in 003), or when the chain
    runs into the end of the file.

    Layout B — one row per line, cells separated by TABs (seed 004). Empty
    strings are empty cells and keep their positions (leading and trailing).
    Consecutive lines containing a TAB form one table; any line without a TAB
    (an empty line included) ends it. We do not guess at wrapped fragments.

    In both layouts a row with fewer cells than the table is wide gets its
    last cell spanned to the full width (``col_span``); no vertical merges
    are invented (empty cells stay empty cells). Empty lines inside a cell
    are dropped and each line of a cell is stripped at both ends.

Paragraphs
    Every non-empty line outside tables is one paragraph, stripped at both
    ends (ASCII and full-width spaces); the text in between is kept as
    printed. A file exported from a PDF (pdftotext and the like) instead
    breaks its paragraphs into lines the width of the page: it is told by
    its lines, as over a third of its long lines of prose (30+ characters) run into
    the next one, where a Word export's paragraphs end their sentences. In
    such a file a long line that does not close a sentence (。；：！？ or a
    closing bracket) and reaches near the page width (0.8 of the width most
    long lines reach; a table title before its 编制单位 line does not)
    continues into the next line unless that one is
    numbered ("一、", "（二）", "3.", "①" …); lines holding two or more
    figures set apart by spaces are the rows of a flattened table and are
    never joined. Joined lines meet without a space (Chinese text), except
    between two Latin letters, as the PDF reader joins them. An "empty" line is one with nothing but ASCII spaces: a line
    holding a full-width space is an (empty-looking) paragraph of a cell.

Anchors are "line:N", the 1-based line where a paragraph or cell starts.
"""

from __future__ import annotations

import codecs
import functools
import re
import threading
from pathlib import Path

from auditor.document import Document
from auditor.errors import EncodingError, UnreadableError
from auditor.ingest import DocumentBuilder, RawCell, is_page_marker, join_wrapped, require_content
from auditor.lexicons import load_lexicons
from auditor.normalize import normalize_figures

__all__ = ["read_text", "parse_text", "decode_text", "decode_text_damaged", "guess_utf16", "nul_padding_only",
           "detect_layout"]

FAR_RIGHT_COLUMNS = 12  # leading spaces of a right-aligned signature/date line

_LINE_SPLIT = re.compile(r"\r\n|\r|\n|\f")
_TAB_LED = re.compile(r"^[ \u3000]*\t")
_A_CELL_LINE = re.compile(r"^[ \u3000]*\t[^\t]*$")

# Hard-wrapped exports (see Paragraphs above)
WRAP_MIN_CHARS = 30  # a line this long that closes no sentence ran into the next
HARD_WRAPPED_SHARE = 0.35  # of a file's long prose lines, that wrap: the file is hard-wrapped (Word exports: under 0.1)
HARD_WRAPPED_MIN_LINES = 10
WRAP_WIDTH_QUANTILE = 0.9  # the page width: this quantile of the long prose lines' printed widths
WRAP_NEAR_WIDTH = 0.8  # a line that runs on reaches this share of the page width (a title, a 编制单位 line does not)
_CLOSES = re.compile(r"[。！？!?；;：:）)”]$")
_RUNS_ON_END = re.compile(r"[，,、的]$")  # a clause no paragraph ends with
_NO_OPENING = re.compile(r"[的，,。、；;：:）)”%％]")  # what no paragraph opens with
_NUMBERED = re.compile(
    r"^(?:\d{1,3}\s*[.．、)）](?!\d)|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}\s*、"
    r"|第[一二三四五六七八九十百\d]{1,4}[条章节部分]|[①-⑳])"
)
_FIGURE_TOKEN = re.compile(r"(?<!\S)[-+]?\d[\d,]*(?:\.\d+)?%?(?!\S)")


@functools.lru_cache(maxsize=1)
def _unit_patterns() -> tuple[re.Pattern, re.Pattern]:
    """Built from lexicons/units.yaml: a unit of money or a percent sign opening a line (the unit of a
    figure that ended the line before, "…增加 307.82" / "万元，增长…"); a figure set apart by spaces that
    no unit, scale or date word follows: a cell ("171,915,169 一、…", "2,946.25 2,940.05"). A sentence
    that spaces its figures gives each its unit ("支出总计 2681.55 万元，其中：基本支出 2609.57 万元")."""
    lex = load_lexicons()
    units = "|".join(re.escape(w) for w in lex.unit_words("money", "percent", scales=False))
    # a scale word alone (万，增长…) is a unit only when no word goes on from it (万众一心 is not)
    scales = "|".join(re.escape(w) for w in lex.bare_scale_unit)
    after = sorted({*lex.unit_words(), *lex.scales, *lex.date_words}, key=len, reverse=True)
    bare = "|".join(re.escape(w) for w in after)
    return (re.compile(rf"^(?:(?:{units})(?![\d])|(?:{scales})(?![\d\u4e00-\u9fff]))"),
            re.compile(rf"(?<!\S)[-+]?\d[\d,]*(?:\.\d+)?%?\s+(?!{bare})"))


# ------------------------------------------------------------------ encoding


def guess_utf16(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for BOM-less UTF-16, judged by where NULs sit.

    ASCII characters (newlines, digits) in UTF-16 have a zero high byte, so
    NULs fall on odd offsets (LE) or even offsets (BE) almost exclusively.
    """
    sample = data[: 64 * 1024]
    sample = sample[: len(sample) - len(sample) % 2]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    # CJK characters such as U+3000 and U+4E00 put NULs on the other parity
    # too, so ask for a clear majority, then confirm by decoding.
    if odd > 3 * even:
        codec = "utf-16-le"
    elif even > 3 * odd:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = codecs.getincrementaldecoder(codec)("strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return None
    return codec if _plausible(text) else None


def _plausible(text: str) -> bool:
    """Mostly characters a Chinese report is made of (guards the UTF-16 guess)."""
    if not text:
        return False
    good = sum(
        1
        for ch in text
        if ch.isprintable() or ch in "\t\n\r\f"
        if not ("\ue000" <= ch <= "\uf8ff")  # private use: a wrong byte order's tell
    )
    return good >= 0.95 * len(text)


MAX_DAMAGED_FRACTION = 0.005  # invalid bytes a text may have and still be read


class _BadBytes(threading.local):
    count = 0


_BAD = _BadBytes()


def _count_and_replace(err: UnicodeDecodeError) -> tuple[str, int]:
    _BAD.count += err.end - err.start
    return "\ufffd", err.end


codecs.register_error("auditor-count-replace", _count_and_replace)


def _decode_damaged(data: bytes, codec: str) -> tuple[str, int] | None:
    """``data`` decoded with bad sequences replaced, and how many bytes were bad;
    None when more than MAX_DAMAGED_FRACTION of the bytes are bad."""
    _BAD.count = 0
    try:
        text = data.decode(codec, "auditor-count-replace")
    except (UnicodeError, LookupError):
        return None
    bad = _BAD.count
    return (text, bad) if bad <= max(3, len(data) * MAX_DAMAGED_FRACTION) else None


_NUL_RUN = re.compile(rb"\x00{8,}")


def nul_padding_only(data: bytes) -> bool:
    """True when the NUL bytes of ``data`` come in long runs (padding, a zeroed
    block), not scattered one to three at a time as in UTF-16/UTF-32 text."""
    nuls = data.count(0)
    in_runs = sum(m.end() - m.start() for m in _NUL_RUN.finditer(data))
    return nuls > 0 and in_runs >= 0.9 * nuls


def decode_text(data: bytes, path: str | Path = "<text>") -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with."""
    text, codec, _ = decode_text_damaged(data, path)
    return text, codec


def decode_text_damaged(data: bytes, path: str | Path = "<text>") -> tuple[str, str, int]:
    """Like :func:`decode_text`, also returning how many damaged bytes were dropped or replaced."""
    boms = (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    )
    for bom, codec in boms:
        if data.startswith(bom):
            body = data if codec == "utf-8-sig" else data[len(bom) :]
            try:
                text, bad = body.decode(codec), 0
            except UnicodeDecodeError:
                text, bad = _decode_damaged(body, codec) or (None, 0)
            # UTF-16 decodes almost any bytes: a BOM glued onto other data
            # gives NULs and private-use noise, not a report.
            if text == "":
                return text, codec, 0  # a BOM and nothing else: an empty file, said so later
            if text is None or not _plausible(text[:32768]):
                raise _encoding_error(path, f"文件以 {codec} 标记开头，但内容不符")
            return text, codec, bad
    dropped = 0
    if b"\x00" in data:
        codec = guess_utf16(data)
        if codec:
            try:
                return data.decode(codec), codec, 0
            except UnicodeDecodeError as e:
                damaged = _decode_damaged(data, codec)
                if damaged is not None:
                    return damaged[0], codec, damaged[1]
                raise _encoding_error(path, "文件看起来是 UTF-16 编码，但内容有损坏") from e
        if not nul_padding_only(data):
            raise _encoding_error(path, "文件含有 NUL 字节，不是可识别的文本编码")
        # Runs of NULs in a text are padding from an interrupted copy: drop them.
        dropped = data.count(0)
        data = data.replace(b"\x00", b"")
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec), codec, dropped
        except UnicodeDecodeError:
            continue
    # Damaged: keep the reading with the fewest bad bytes (UTF-8 on a tie).
    readings = [(r[1], i, r[0], codec) for i, codec in enumerate(("utf-8", "gb18030"))
                if (r := _decode_damaged(data, codec)) is not None]
    if readings:
        bad, _, text, codec = min(readings)
        return text, codec, dropped + bad
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # the detector is a courtesy; its failure is just "unknown"
        best = None
    # The detector always names *some* code page; keep its answer only when
    # it reads as Chinese (e.g. Big5), not as Latin-1 noise.
    if best is not None and best.encoding and best.chaos <= 0.2 and _mostly_chinese(str(best)):
        return str(best), best.encoding, dropped
    raise _encoding_error(path, "无法识别文件的文字编码")


def _mostly_chinese(text: str) -> bool:
    chars = [ch for ch in text if not ch.isspace()]
    cjk = sum(1 for ch in chars if "\u4e00" <= ch <= "\u9fff")
    return bool(chars) and cjk >= 0.2 * len(chars)


def _encoding_error(path: str | Path, why: str) -> EncodingError:
    return EncodingError(
        str(path),
        f"{why}；请以 UTF-8 或 GB18030 编码另存后再试",
        "cannot determine the text encoding; save it as UTF-8 or GB18030 and retry",
    )


# -------------------------------------------------------------------- reading


def read_text(path: str | Path) -> Document:
    """Read a plain-text report export (any of the encodings above)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise UnreadableError(str(p), f"无法读取该文件：{e.strerror}；请检查文件权限后再试", f"cannot read the file: {e.strerror}") from e
    text, encoding, damaged = decode_text_damaged(data, p)
    doc = parse_text(text, p)
    doc.meta["encoding"] = encoding
    if damaged:
        doc.meta["damaged_bytes"] = damaged
    return require_content(doc)


def detect_layout(lines: list[str]) -> str | None:
    """"A" (one cell per TAB-led line), "B" (TAB-separated rows) or None (no tables)."""
    a = b = 0
    for ln in lines:
        if "\t" not in ln:
            continue
        if _A_CELL_LINE.match(ln):
            a += 1
        else:
            b += 1
    if not a and not b:
        return None
    return "B" if b > a else "A"


def parse_text(text: str, path: str | Path = "<text>") -> Document:
    """Paragraphs and tables of an already decoded text export."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # a page number on its own line is no paragraph nor table row (blanked: line numbers stay)
    lines = ["" if is_page_marker(ln) else ln for ln in _LINE_SPLIT.split(text)]
    layout = detect_layout(lines)
    builder = DocumentBuilder(path, "txt")
    width = _wrap_width(lines, layout)  # 0: not hard-wrapped
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if "\t" in line and layout == "A" and _TAB_LED.match(line):
            i = _read_table_a(lines, i, builder)
        elif "\t" in line and layout == "B":
            i = _read_table_b(lines, i, builder)
        else:
            # A stray TAB outside a table layout is just whitespace.
            first = i
            run = [line.replace("\t", " ")]
            while width and i + 1 < n and "\t" not in lines[i + 1] and _wraps(run[-1], lines[i + 1], width):
                i += 1
                run.append(lines[i])
            builder.add_paragraph(join_wrapped(run) if len(run) > 1 else run[0], anchor=f"line:{first + 1}")
            i += 1
    return builder.build(layout=layout or "none")


def _table_row(line: str) -> bool:
    """Two or more figures set apart by spaces, one of them with no unit after it: a row of a flattened
    table (a sentence that spaces its figures, "支出总计 2681.55 万元，其中：基本支出 2609.57 万元", is not)."""
    text = normalize_figures(line)[0]
    return len(_FIGURE_TOKEN.findall(text)) >= 2 and bool(_unit_patterns()[1].search(text))


def printed_width(text: str) -> int:
    """Columns ``text`` takes on the page: a CJK character two, ASCII one."""
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


def _printed_width(line: str) -> int:
    """Columns a line takes on the page, without the spaces at its ends."""
    return printed_width(line.strip(" \u3000"))


def _long_prose(lines: list[str]) -> list[int]:
    return [k for k, ln in enumerate(lines[:-1])
            if len(ln.strip(" \u3000")) >= WRAP_MIN_CHARS and "\t" not in ln and not _table_row(ln)]


def _wraps(line: str, nxt: str, width: int = 0) -> bool:
    """Does ``line`` run on into ``nxt`` (a paragraph broken at the page width)?
    With ``width`` known, a line well short of it ended where its writer ended it
    (a table title before its 编制单位 line)."""
    line, nxt = line.strip(" \u3000"), nxt.strip(" \u3000")
    if _unit_patterns()[0].match(nxt) and line[-1:].isdigit() and not _table_row(line):
        return True  # "…支出增加 307.82" / "万元，增长 100.00%": a figure's unit opens the next line
    if width and line and nxt and not _table_row(line) and not _table_row(nxt) and not _NUMBERED.match(nxt) \
            and (_RUNS_ON_END.search(line) or _NO_OPENING.match(nxt)):
        # on a wrapped page, no paragraph ends with a comma ("一般公共预算财政拨款支出 9746.50 万元，") and
        # none opens with 的 or a closing mark ("的 99.86%。"), however short the line
        return True
    # long enough to have been wrapped: 30 characters, or near the width when it is known (an export
    # that wraps at 59 columns breaks after 28 characters of Chinese)
    long = len(line) >= WRAP_MIN_CHARS or (width and _printed_width(line) >= WRAP_NEAR_WIDTH * width)
    return (bool(long) and bool(nxt) and not _CLOSES.search(line) and not _NUMBERED.match(nxt)
            and not _table_row(line) and not _table_row(nxt)
            and (not width or _printed_width(line) >= WRAP_NEAR_WIDTH * width))


def wrap_width(lines: list[str]) -> int:
    """The page width a layout broke these paragraphs at, one line a paragraph (a Word file converted
    from a PDF, one paragraph per printed line), or 0 when they are whole paragraphs."""
    return _wrap_width(lines, None)


def wraps(line: str, nxt: str, width: int, full_sentences: bool = False) -> bool:
    """Does ``line`` run on into ``nxt`` at page width ``width`` (see :func:`wrap_width`)?

    ``full_sentences``: a line that ends a sentence but fills the page width to its last column or
    two runs on too, unless ``nxt`` is numbered or indented (the lines of one page of a Word file made
    from a PDF, where a long paragraph's sentences end at a line's end as often as anywhere)."""
    if _wraps(line, nxt, width):
        return True
    if not full_sentences or not width or not nxt.strip() or nxt[:1] in " \u3000\t":
        return False
    body, following = line.strip(" \u3000"), nxt.strip(" \u3000")
    # A layout breaks no number or word: a line that ends a sentence short of the width by no more
    # than the figure opening the next line ran on too (the figure did not fit).
    lead = _UNBROKEN_LEAD.match(following)
    slack = 2 + (printed_width(lead.group(0)) if lead else 0)
    return (bool(_CLOSES.search(body)) and _printed_width(body) >= width - slack and not _NUMBERED.match(following)
            and not _table_row(body) and not _table_row(following))


_UNBROKEN_LEAD = re.compile(r"[0-9A-Za-z.,%％\-+]+")


def _wrap_width(lines: list[str], layout: str | None) -> int:
    """The page width an export broke its paragraphs at (most long prose lines reach
    it), or 0 when it is not such an export."""
    if layout is not None:
        return 0  # Word's save-as-text: one line per paragraph
    long = _long_prose(lines)
    if len(long) < HARD_WRAPPED_MIN_LINES:
        return _narrow_wrap_width(lines)
    runs_on = sum(1 for k in long if "\t" not in lines[k + 1] and _wraps(lines[k], lines[k + 1]))
    if runs_on < HARD_WRAPPED_SHARE * len(long):
        return _narrow_wrap_width(lines)
    widths = sorted(_printed_width(lines[k]) for k in long)
    return widths[int(WRAP_WIDTH_QUANTILE * (len(widths) - 1))]


NARROW_MIN_WIDTH = 36  # columns: a page narrower than this is not prose


def _narrow_wrap_width(lines: list[str]) -> int:
    """The width of a page too narrow for :func:`_long_prose`'s 30 characters (a PDF set in a large
    font, "1. 基本支出预算 2476260.58 元，占一般公共预算支出" / "的84.06%，…"): most prose lines reach
    near the same width, and most of those run on. 0 when the lines are not so."""
    prose = [k for k, ln in enumerate(lines[:-1]) if ln.strip(" \u3000") and "\t" not in ln and not _table_row(ln)]
    if len(prose) < HARD_WRAPPED_MIN_LINES:
        return 0
    widths = sorted(_printed_width(lines[k]) for k in prose)
    width = widths[int(WRAP_WIDTH_QUANTILE * (len(widths) - 1))]
    if width < NARROW_MIN_WIDTH:
        return 0
    near = [k for k in prose if _printed_width(lines[k]) >= WRAP_NEAR_WIDTH * width]
    if len(near) < HARD_WRAPPED_MIN_LINES:
        return 0
    runs_on = sum(1 for k in near if "\t" not in lines[k + 1] and _wraps(lines[k], lines[k + 1], width))
    return width if runs_on >= HARD_WRAPPED_SHARE * len(near) else 0


# ---------------------------------------------------------------- layout A


def _is_empty(line: str) -> bool:
    # Only ASCII spaces: a full-width space marks a real (cell) paragraph.
    return not line.strip(" \r\x0b")


def _indent_columns(line: str) -> int:
    cols = 0
    for ch in line:
        if ch == " ":
            cols += 1
        elif ch == "\u3000":
            cols += 2
        else:
            break
    return cols


def _chain_reaches_tab(lines: list[str], i: int) -> bool:
    """From the single line at ``i``: do single lines separated by single
    empty lines lead to a TAB-led line?"""
    n = len(lines)
    j = i
    while True:
        if j + 1 >= n:
            return False
        nxt = lines[j + 1]
        if "\t" in nxt:
            return True
        if not _is_empty(nxt):
            return False  # a run of lines: narrative, not a cell
        k = j + 1
        while k < n and _is_empty(lines[k]):
            k += 1
        if k >= n or k - (j + 1) >= 2:
            return False
        if "\t" in lines[k]:
            return True
        j = k


def _read_table_a(lines: list[str], i: int, builder: DocumentBuilder) -> int:
    """Read one layout-A table starting at line ``i``; return the next line index."""
    n = len(lines)
    rows: list[list[tuple[int, list[str]]]] = [[]]  # row -> [(line no, cell lines)]
    cur: list[str] | None = None
    empties = 0
    while i < n:
        line = lines[i]
        if _is_empty(line):
            empties += 1
            i += 1
            continue
        if "\t" in line:
            if empties and rows[-1]:
                rows.append([])
            head, *pieces = line.split("\t")
            if head.strip(" \u3000") and cur is not None:
                cur.append(head)  # text before the first TAB belongs to the open cell
            for piece in pieces:
                cur = [piece]
                rows[-1].append((i + 1, cur))
            empties = 0
            i += 1
            continue
        # A line without a TAB: continuation of the current cell, or the end.
        assert cur is not None
        if empties == 0 or _indent_columns(line) >= FAR_RIGHT_COLUMNS or (
            empties == 1 and _chain_reaches_tab(lines, i)
        ):
            cur.append(line)
            empties = 0
            i += 1
            continue
        break
    _add_rows(builder, [[(ln, "\n".join(parts)) for ln, parts in row] for row in rows if row])
    return i


# ---------------------------------------------------------------- layout B


def _read_table_b(lines: list[str], i: int, builder: DocumentBuilder) -> int:
    rows: list[list[tuple[int, str]]] = []
    while i < len(lines) and "\t" in lines[i]:
        rows.append([(i + 1, piece) for piece in lines[i].split("\t")])
        i += 1
    _add_rows(builder, rows)
    return i


def _add_rows(builder: DocumentBuilder, rows: list[list[tuple[int, str]]]) -> None:
    """Rows of (line number, text) cells into a table; short rows span their last cell."""
    if not rows:
        return
    width = max(len(r) for r in rows)
    cells: list[RawCell] = []
    for r, row in enumerate(rows):
        for c, (line_no, text) in enumerate(row):
            span = width - c if c == len(row) - 1 else 1
            cells.append(RawCell(row=r, col=c, text=text, col_span=span, anchor=f"line:{line_no}"))
    builder.add_table(cells, n_rows=len(rows), n_cols=width, anchor=f"line:{rows[0][0][0]}")
