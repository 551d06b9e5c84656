"""Build the Word samples from their plain-text exports.

``samples/NNN_*.txt`` (and ``samples/clean_*.txt``) are the sources: the five
seed reports as exported to text, and one clean report in which every figure
agrees. Each ``.docx`` next to them is rebuilt from the text export with::

    python scripts/build_samples.py            # all samples
    python scripts/build_samples.py --check    # rebuild in memory, fail if a .docx differs

The text is read with :mod:`auditor.ingest.text`; paragraphs become Word
paragraphs (short "一、…"/"（一）…" lines get Heading 1/2), tables become real
Word tables: a cell spanning to the table width (a short text row) is a
horizontal merge, and an empty first-column cell below a non-empty label
(down to the next label) is a vertical merge of that label. Both keep the
text reader's ``value_grid()``, so the .txt and the .docx of one report give
the same paragraph texts and the same ``value_grid()`` for every table (the
tests check this). Zip timestamps are fixed so rebuilding an unchanged sample
reproduces the same bytes.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import docx  # noqa: E402
from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402

from auditor.document import Paragraph, Table  # noqa: E402
from auditor.ingest.text import read_text  # noqa: E402

SAMPLES = REPO / "samples"
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)
_HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
_HEADING_2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_HEADING_MAX = 30


def vertical_merges(table: Table) -> list[tuple[int, int]]:
    """(first row, last row) of first-column labels to merge downwards.

    A label (non-empty, one column wide) absorbs the empty one-column cells
    directly below it, up to the next non-empty first-column cell.
    """
    first_col = {c.row: c for c in table.cells if c.col == 0}
    merges: list[tuple[int, int]] = []
    r = 0
    while r < table.n_rows:
        cell = first_col.get(r)
        if cell is None or not cell.text or cell.col_span != 1 or cell.row_span != 1:
            r += 1
            continue
        end = r
        while end + 1 < table.n_rows:
            below = first_col.get(end + 1)
            if below is None or below.text or below.col_span != 1:
                break
            end += 1
        if end > r:
            merges.append((r, end))
        r = end + 1
    return merges


def _style_document(document: docx.document.Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    props = document.core_properties
    props.author = "auditor samples"
    props.title = ""
    props.comments = "Built from the text export by scripts/build_samples.py"


def _fill_cell(cell, text: str) -> None:
    lines = text.split("\n") if text else [""]
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _add_table(document: docx.document.Document, table: Table, merge_labels: bool = True) -> None:
    wt = document.add_table(rows=table.n_rows, cols=table.n_cols)
    wt.style = "Table Grid"
    wt.alignment = WD_TABLE_ALIGNMENT.CENTER
    # The cells as created, looked up once: wt.cell() rebuilds the whole grid on
    # every call. Merged regions are disjoint, so every top-left and
    # bottom-right cell is still in the table when its region is merged.
    created = wt._cells
    n_cols = table.n_cols

    def at(r: int, c: int):
        return created[r * n_cols + c]

    for c in table.cells:  # horizontal merges first: the text reader only makes these
        if c.col_span > 1 or c.row_span > 1:
            at(c.row, c.col).merge(at(c.row + c.row_span - 1, c.col + c.col_span - 1))
    if merge_labels:
        for top, bottom in vertical_merges(table):
            at(top, 0).merge(at(bottom, 0))
    for c in table.cells:
        if c.text:
            _fill_cell(at(c.row, c.col), c.text)


def _heading(text: str) -> str | None:
    if len(text) <= _HEADING_MAX:
        if _HEADING_1.match(text):
            return "Heading 1"
        if _HEADING_2.match(text):
            return "Heading 2"
    return None


def build_docx_bytes(txt_path: Path) -> bytes:
    """The .docx for one text export, as bytes with fixed zip timestamps."""
    return docx_bytes_from_blocks(read_text(txt_path).blocks)


# Paragraph markers Word's automatic numbering can print: (pattern, number format, level text)
_AUTO_MARKERS = [
    (re.compile(r"^([一二三四五六七八九十]{1,3})、"), "chineseCounting", "%1、"),
    (re.compile(r"^（([一二三四五六七八九十]{1,3})）"), "chineseCounting", "（%1）"),
    (re.compile(r"^\(([一二三四五六七八九十]{1,3})\)"), "chineseCounting", "(%1)"),
    (re.compile(r"^（(\d{1,2})）"), "decimal", "（%1）"),
    (re.compile(r"^\((\d{1,2})\)"), "decimal", "(%1)"),
    (re.compile(r"^(\d{1,2})\.(?!\d)"), "decimal", "%1."),
    (re.compile(r"^(\d{1,2})．"), "decimal", "%1．"),
    (re.compile(r"^(\d{1,2})、"), "decimal", "%1、"),
]


class _AutoNumbering:
    """Turns typed item markers into Word's automatic numbering: one abstract list per marker shape
    (one level, printed with nothing after it), an instance per run of consecutive numbers, which
    restarts at the run's first number. Label and text read back exactly as typed."""

    def __init__(self, document: docx.document.Document) -> None:
        from auditor.numerals import format_number

        self.format_number = format_number
        self.root = document.part.numbering_part.element
        self.abstract: dict[tuple[str, str], int] = {}
        self.current: dict[tuple[str, str], tuple[int, int]] = {}  # shape -> (numId, last number)
        ids = [int(x) for x in self.root.xpath("./w:abstractNum/@w:abstractNumId | ./w:num/@w:numId")]
        self.next_id = max(ids, default=0) + 100

    def split(self, text: str) -> tuple[str, tuple[str, str], int] | None:
        for pat, fmt, lvl_text in _AUTO_MARKERS:
            m = pat.match(text)
            if m is None or not text[m.end():].strip():
                continue
            printed = m.group(1)
            n = int(printed) if printed.isdigit() else next(
                (k for k in range(1, 100) if self.format_number(k, fmt) == printed), None)
            if n is None or lvl_text.replace("%1", self.format_number(n, fmt)) != m.group(0):
                continue
            return text[m.end():], (fmt, lvl_text), n
        return None

    def _el(self, tag: str, **attrs: str):
        from docx.oxml import OxmlElement

        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
        return el

    def num_id(self, shape: tuple[str, str], n: int) -> int:
        if shape not in self.abstract:
            aid = self.next_id
            self.next_id += 1
            an = self._el("w:abstractNum", **{"w:abstractNumId": str(aid)})
            lvl = self._el("w:lvl", **{"w:ilvl": "0"})
            for tag, val in (("w:start", "1"), ("w:numFmt", shape[0]), ("w:suff", "nothing"), ("w:lvlText", shape[1])):
                lvl.append(self._el(tag, **{"w:val": val}))
            an.append(lvl)
            first_num = self.root.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(an)  # every abstractNum before the first num (the schema's order)
            else:
                self.root.append(an)
            self.abstract[shape] = aid
        cur = self.current.get(shape)
        if cur is not None and cur[1] + 1 == n:
            self.current[shape] = (cur[0], n)
            return cur[0]
        nid = self.next_id
        self.next_id += 1
        num = self._el("w:num", **{"w:numId": str(nid)})
        num.append(self._el("w:abstractNumId", **{"w:val": str(self.abstract[shape])}))
        ov = self._el("w:lvlOverride", **{"w:ilvl": "0"})
        ov.append(self._el("w:startOverride", **{"w:val": str(n)}))
        num.append(ov)
        self.root.append(num)
        self.current[shape] = (nid, n)
        return nid

    def add(self, document: docx.document.Document, text: str, style: str | None) -> bool:
        parts = self.split(text)
        if parts is None:
            return False
        rest, shape, n = parts
        para = document.add_paragraph(rest, style=style)
        ppr = para._p.get_or_add_pPr()
        npr = self._el("w:numPr")
        npr.append(self._el("w:ilvl", **{"w:val": "0"}))
        npr.append(self._el("w:numId", **{"w:val": str(self.num_id(shape, n))}))
        ppr.append(npr)
        return True


def docx_bytes_from_blocks(blocks: list[Paragraph | Table], merge_labels: bool = True,
                           autonumber: bool = False) -> bytes:
    """A .docx holding ``blocks`` (as :func:`build_docx_bytes` lays them out).

    ``merge_labels=False`` leaves the empty first-column cells under a label
    empty instead of merging them into it (the other way Word files are filled).
    ``autonumber`` types no item marker ("一、", "（二）", "3.") at the start of a
    paragraph but has Word number it (:class:`_AutoNumbering`).
    Two tables in a row are kept apart by one empty paragraph.
    """
    document = docx.Document()
    _style_document(document)
    numbering = _AutoNumbering(document) if autonumber else None
    previous_was_table = False
    for block in blocks:
        if isinstance(block, Paragraph):
            style = _heading(block.text)
            if numbering is None or not numbering.add(document, block.text, style):
                document.add_paragraph(block.text, style=style)
            previous_was_table = False
        else:
            if previous_was_table:
                document.add_paragraph()  # Word joins adjacent tables; the reader skips empty paragraphs
            _add_table(document, block, merge_labels)
            previous_was_table = True
    raw = io.BytesIO()
    document.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def sample_sources(directory: Path = SAMPLES) -> list[Path]:
    """The text exports a .docx is built from."""
    return sorted(p for p in directory.glob("*.txt") if re.match(r"^(\d{3}|clean)_", p.name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a committed .docx is out of date")
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    args = parser.parse_args(argv)
    stale = []
    for txt in sample_sources(args.samples):
        target = txt.with_suffix(".docx")
        data = build_docx_bytes(txt)
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(target.name)
            continue
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
            print(f"wrote {target.relative_to(REPO) if target.is_relative_to(REPO) else target}")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
