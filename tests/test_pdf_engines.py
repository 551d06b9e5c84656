"""The PDFium reader against the pdfplumber one it replaced, while both exist.

On every PDF of ../shared/corpus/pdf (skipped when absent) the two engines
must give the same Document (block order, tables cell by cell with their
spans and anchors, paragraph anchors and text) and the same findings. The
one difference allowed: PDFium drops some space characters of the content
that pdfplumber keeps ("具体包括： 1. 普陀区" against "具体包括：1.普陀区"),
so paragraph and cell text is compared without spaces, and at most five
paragraphs or cells of a PDF may differ in their spaces at all (13 has five:
"1. 一般公共预算" against "1.一般公共预算" and the like; the others none or one).

The table finder is also checked on a PDF assembled here, byte by byte (a
ruled table with a merged header and a merged row label), so that its rules
are tested without the corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.document import Paragraph
from auditor.ingest.pdf import read_pdf

REPO = Path(__file__).resolve().parents[1]
CORPUS_PDF = REPO.parent / "shared" / "corpus" / "pdf"
PDFS = sorted(CORPUS_PDF.glob("*.pdf")) if CORPUS_PDF.is_dir() else []

pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber (the test extra) is the reference engine")
from auditor.ingest.pdf_plumber import read_pdf_plumber  # noqa: E402


def _shape(doc):
    """Everything a check can see of a Document, spaces of paragraph text aside."""
    out = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            out.append(("p", b.location.page, b.location.anchor, b.text.replace(" ", "")))
        else:
            cells = sorted((c.row, c.col, c.row_span, c.col_span, c.text.replace(" ", ""), c.location.anchor)
                           for c in b.cells)
            out.append(("t", b.location.page, b.location.anchor, b.title, b.n_rows, b.n_cols, tuple(cells)))
    return out


_SPACE_DIFFS: dict[str, int] = {}


@pytest.mark.slow
@pytest.mark.skipif(not PDFS, reason="../shared/corpus/pdf absent")
@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem[:12] for p in PDFS])
def test_when_a_corpus_pdf_is_read_by_both_engines_then_documents_and_findings_agree(pdf):
    from auditor.audit import audit_document

    new, old = read_pdf(pdf), read_pdf_plumber(pdf)
    assert new.meta == old.meta
    assert _shape(new) == _shape(old)
    texts = [[t for t, _ in d.iter_text()] for d in (new, old)]
    spaced = sum(1 for a, b in zip(*texts) if a != b)
    assert spaced <= 5, f"{spaced} paragraphs or cells differ in their spaces"
    findings = [sorted((f.code, f.severity.label_en, f.message) for f in audit_document(d).findings) for d in (new, old)]
    assert findings[0] == findings[1]


# ------------------------------------------------------------ assembled PDF


def _pdf(content: bytes) -> bytes:
    """A one-page PDF (A4) with Helvetica as F1 and ``content`` as its page stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _text(x: float, y: float, s: str, size: int = 10) -> bytes:
    return b"BT /F1 %d Tf %.2f %.2f Td (%s) Tj ET\n" % (size, x, y, s.encode("latin-1"))


def _table_pdf() -> bytes:
    """A caption, a paragraph and a 4 x 3 ruled table: the header spans all
    three columns, the label "Basic" spans two rows; cell borders are drawn
    as thin filled rectangles (as Word exports do) and as stroked lines."""
    xs, ys = [100, 250, 350, 450], [700, 680, 660, 640, 620]  # column and row lines (PDF y grows upwards)
    c = bytearray(_text(100, 760, "Table 1 Spending"))
    c += _text(100, 740, "Total spending was 30 in 2024.")
    c += b"0.5 w\n"
    # horizontal rules: full width, except under "Basic" in column 0 (row 1-2 merged there)
    for k, y in enumerate(ys):
        if k == 2:
            c += b"%d %d m %d %d l S\n" % (xs[1], y, xs[3], y)
        else:
            c += b"%d %.1f %d 0.5 re f\n" % (xs[0], y - 0.25, xs[3] - xs[0])
    # vertical rules: outer ones full height, inner ones below the header row
    for k, x in enumerate(xs):
        top = ys[0] if k in (0, 3) else ys[1]
        c += b"%.1f %d 0.5 %d re f\n" % (x - 0.25, ys[-1], top - ys[-1])
    c += _text(110, 686, "Spending by kind")
    for (col, row), s in {(0, 1): "Basic", (1, 1): "Staff", (2, 1): "10", (1, 2): "Office", (2, 2): "5",
                          (0, 3): "Total", (1, 3): "", (2, 3): "15"}.items():
        if s:
            c += _text(xs[col] + 5, ys[row] - 14 if row != 1 else ys[row] - 14, s)
    return _pdf(bytes(c))


def test_when_a_pdf_has_a_ruled_table_with_merges_then_both_engines_find_the_same_grid(tmp_path):
    path = tmp_path / "table.pdf"
    path.write_bytes(_table_pdf())
    new, old = read_pdf(path), read_pdf_plumber(path)
    assert _shape(new) == _shape(old)
    (table,) = new.tables
    assert (table.n_rows, table.n_cols) == (4, 3)
    cells = {(c.row, c.col): (c.text, c.row_span, c.col_span) for c in table.cells}
    assert cells[(0, 0)] == ("Spending by kind", 1, 3)
    assert cells[(1, 0)] == ("Basic", 2, 1)
    assert cells[(2, 2)] == ("5", 1, 1) and cells[(3, 2)] == ("15", 1, 1)
    assert table.location.anchor == "page:1/table:0" and table.location.page == 1
    assert {c.location.anchor for c in table.cells} >= {"page:1/table:0/r:1/c:0", "page:1/table:0/r:3/c:2"}
    assert [p.text for p in new.paragraphs] == ["Table 1 Spending", "Total spending was 30 in 2024."]
