"""The line stream every budget reading reads: :class:`SLine` (a paragraph line, or a table row's
cells joined) built by :func:`line_stream`, with a PDF's figures put back into the sentence a
lowered baseline split them from; :class:`Num`, a figure as printed; and the number and label
helpers every module shares (``num_re``, ``UNIT_FACTORS``, :func:`norm_label`)."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from auditor.document import Document, Location, Paragraph, Table
from auditor.findings import Evidence
from auditor.nlp.flat_pages import page_lines


_NUM_TXT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
num_re = regex.compile(rf"(?<![\d.,])(?:{_NUM_TXT})(?![\d])")
_WS = regex.compile(r"[\s\u3000\u00a0]+")

UNIT_FACTORS = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}  # to 万元


def norm_label(s: str | None) -> str:
    """A label without whitespace, quotes, colons; half-width brackets; 其它 → 其他."""
    s = _WS.sub("", s or "")
    s = s.replace("(", "（").replace(")", "）").replace("其它", "其他")
    return _QUOTES.sub("", s)


_QUOTES = regex.compile(r"[“”\"‘’'：:]")


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
    """Paragraph lines and table rows, in reading order (see the package docstring)."""
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
