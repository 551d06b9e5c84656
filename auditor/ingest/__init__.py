"""Reading reports: every input format becomes one :class:`~auditor.document.Document`.

:func:`read_document` decides the format from the file's *content* first and
its extension second:

========================================  ==========================================
first bytes                               reader
========================================  ==========================================
``PK\\x03\\x04`` with a ``word/`` part      :mod:`auditor.ingest.docx` (python-docx)
``PK\\x03\\x04`` with an ``xl/`` part       :mod:`auditor.ingest.xlsx` (openpyxl)
``%PDF`` (within the first 1 KB)          :mod:`auditor.ingest.pdf` (pypdfium2)
OLE2 ``D0CF11E0`` with ``WordDocument``   old .doc via LibreOffice (:mod:`auditor.ingest.doc`)
OLE2 with a ``Workbook``/``Book`` stream  :mod:`auditor.ingest.xls` (xlrd)
OLE2 with ``EncryptedPackage``            :class:`EncryptedError` (a password-protected
                                          .docx or .xlsx)
text that starts like an HTML page        :mod:`auditor.ingest.html` (lxml), whatever
                                          the name (sites serve HTML tables as .xls)
other text named .md/.markdown            :mod:`auditor.ingest.markdown` (markdown-it-py)
other text                                :mod:`auditor.ingest.text`
========================================  ==========================================

The input is only ever opened for reading. Size limits are checked before any
parsing (200 MB per file; for zip containers 500 MB uncompressed in total and
at most 200:1 compression on any member over 1 MB), so a decompression bomb is
refused rather than expanded. A table wider than 256 columns (Word allows 63)
keeps its first 256 (``Document.meta["clipped_tables"]``); one with more than
4 million grid positions is refused, so no input can make a giant grid.

The readers share :class:`DocumentBuilder`, which numbers paragraphs and
tables, sets their :class:`~auditor.document.Location`, and finds each table's
title, so that every format labels things the same way. Readers are imported
lazily: reading a .txt never loads PDFium.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from auditor.document import Block, Cell, Document, Location, Paragraph, Table
from auditor.ingest.continuation import Piece, join_pieces
from auditor.normalize import normalize_figures
from auditor.errors import (
    AuditorError,
    EmptyInputError,
    EncryptedError,
    TooLargeError,
    UnreadableError,
    UnsupportedFormatError,
)

__all__ = [
    "read_document",
    "sniff_format",
    "DocumentBuilder",
    "RawCell",
    "clean_cell_text",
    "clean_paragraph_text",
    "MAX_INPUT_BYTES",
    "MAX_ZIP_UNCOMPRESSED",
    "MAX_ZIP_RATIO",
    "MAX_TABLE_COLS",
    "MAX_TABLE_CELLS",
]

MAX_INPUT_BYTES = 200 * 1024 * 1024
MAX_ZIP_UNCOMPRESSED = 500 * 1024 * 1024
MAX_ZIP_RATIO = 200
RATIO_CHECK_MIN_MEMBER = 1024 * 1024  # small members compress well legitimately
MAX_TABLE_COLS = 256  # Word allows 63 columns; wider is a broken export
MAX_TABLE_CELLS = 4_000_000  # grid positions (rows x columns) of one table

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_SNIFF_BYTES = 64 * 1024

# Binary formats we recognise by magic only to name them in the error.
_KNOWN_BINARIES = (
    (b"\x89PNG", "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"GIF8", "GIF 图片", "a GIF image"),
    (b"II*\x00", "TIFF 图片", "a TIFF image"),
    (b"MM\x00*", "TIFF 图片", "a TIFF image"),
    (b"Rar!", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf", "7z 压缩包", "a 7z archive"),
    (b"\x1f\x8b", "gzip 压缩包", "a gzip archive"),
    (b"\x7fELF", "可执行程序", "an executable"),
    (b"MZ", "可执行程序", "an executable"),
)


# --------------------------------------------------------------------- dispatch


def read_document(path: str | Path) -> Document:
    """Read a report in any supported format into one :class:`Document`.

    Raises a subclass of :class:`~auditor.errors.AuditorError` (never anything
    else) when the file cannot be read, each with a one-line Chinese message
    that says what to do.
    """
    p = Path(path)
    try:
        kind = sniff_format(p)
        if kind == "docx":
            check_zip_limits(p)
            from auditor.ingest.docx import read_docx

            return read_docx(p)
        if kind == "pdf":
            from auditor.ingest.pdf import read_pdf

            return read_pdf(p)
        if kind == "doc":
            from auditor.ingest.doc import read_doc

            return read_doc(p)
        if kind == "xlsx":
            check_zip_limits(p)
            from auditor.ingest.xlsx import read_xlsx

            return read_xlsx(p)
        if kind == "xls":
            from auditor.ingest.xls import read_xls

            return read_xls(p)
        if kind == "html":
            from auditor.ingest.html import read_html

            return read_html(p)
        if kind == "markdown":
            from auditor.ingest.markdown import read_markdown

            return read_markdown(p)
        from auditor.ingest.text import read_text

        return read_text(p)
    except AuditorError:
        raise
    except MemoryError as e:
        raise TooLargeError(
            str(p), "文件过大，内存不足以读取，请拆分后再试", "file too large to read in memory; split it and retry"
        ) from e
    except RecursionError as e:
        raise UnreadableError(
            str(p), "文件结构嵌套过深，无法读取，请重新导出后再试", "document nesting too deep to read; re-export it"
        ) from e
    except Exception as e:  # last line of defence: a tool error, never a traceback
        raise UnreadableError(
            str(p),
            f"无法读取该文件（{type(e).__name__}），请确认文件完整后重新导出再试",
            f"cannot read this file ({type(e).__name__}: {e}); re-export it and retry",
        ) from e


def sniff_format(path: str | Path) -> str:
    """Decide how to read ``path``: "docx", "xlsx", "pdf", "doc", "xls", "html", "markdown" or "text".

    Checks existence, emptiness and the size limit, then the content; the
    extension only names the error when the content is not a report format.
    Raises the matching :class:`AuditorError` for anything unreadable.
    """
    p = Path(path)
    head, size = _probe(p)
    ext = p.suffix.lower()

    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(p, ext)
    if b"%PDF" in head[:1024]:
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(p, ext)
    if head.startswith(b"{\\rtf"):
        raise UnsupportedFormatError(
            str(p),
            "这是 RTF 文件，请在 Word/WPS 中另存为 .docx 后再试",
            "this is an RTF file; save it as .docx in Word/WPS and retry",
        )
    for magic, zh, en in _KNOWN_BINARIES:
        if head.startswith(magic):
            raise UnsupportedFormatError(
                str(p),
                f"这是{zh}，不是报告文档；请提供 .docx、.pdf 或 .txt 文件",
                f"this is {en}, not a report; provide a .docx, .pdf or .txt file",
            )
    if _looks_like_text(head):
        from auditor.ingest.html import looks_like_html

        if looks_like_html(head) or (ext in (".html", ".htm", ".xhtml", ".shtml") and b"<" in head):
            return "html"
    if not _looks_like_text(head):
        raise UnreadableError(
            str(p),
            "无法识别的二进制文件，请提供 .docx、.pdf 或 .txt 格式的报告",
            "unrecognised binary file; provide the report as .docx, .pdf or .txt",
        )
    if ext in (".docx", ".docm", ".dotx", ".doc", ".pdf", ".wps", ".xlsx", ".xls", ".xlsm"):
        # Text content under a binary format's name: most likely a broken
        # download or a renamed file; reading it as text would mislead.
        raise UnreadableError(
            str(p),
            f"文件扩展名为 {ext}，但内容是纯文本，可能已损坏；请重新导出，或改名为 .txt 后再试",
            f"named {ext} but the content is plain text; re-export it or rename it to .txt",
        )
    if ext in (".md", ".markdown"):
        return "markdown"
    return "text"


def _probe(p: Path) -> tuple[bytes, int]:
    """First bytes and size of ``p``; the checks every format shares."""
    try:
        st = p.stat()
    except FileNotFoundError as e:
        raise UnreadableError(str(p), "文件不存在，请检查路径", "file not found; check the path") from e
    except OSError as e:
        raise UnreadableError(str(p), f"无法访问该文件：{e.strerror}；请检查路径和文件权限", f"cannot access the file: {e.strerror}") from e
    if p.is_dir():
        raise UnreadableError(str(p), "这是一个文件夹，不是文件；请指定其中的报告文件", "this is a directory, not a file")
    if st.st_size == 0:
        raise EmptyInputError(str(p), "文件是空的（0 字节），请确认导出是否成功", "the file is empty (0 bytes)")
    if st.st_size > MAX_INPUT_BYTES:
        raise TooLargeError(
            str(p),
            f"文件过大（{st.st_size / 1024 / 1024:.0f} MB，上限 200 MB），请拆分或压缩图片后再试",
            f"file too large ({st.st_size / 1024 / 1024:.0f} MB, limit 200 MB)",
        )
    try:
        with open(p, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as e:
        raise UnreadableError(str(p), f"无法读取该文件：{e.strerror}；请检查文件权限后再试", f"cannot read the file: {e.strerror}") from e
    return head, st.st_size


def _sniff_zip(p: Path, ext: str) -> str:
    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        if ext in (".xlsx", ".xlsm"):
            raise UnreadableError(
                str(p),
                "Excel 表格已损坏或无法读取，请在 Excel/WPS 中打开后重新另存为 .xlsx 再试",
                "the workbook is damaged; open it in Excel/WPS and save it again as .xlsx",
            ) from e
        raise UnreadableError(
            str(p),
            "文件已损坏或不是有效的 Word 文档，请重新导出为 .docx 后再试",
            "the file is damaged or not a valid Word document; re-export it as .docx",
        ) from e
    if "word/document.xml" in names or (
        "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
    ):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        what_zh, what_en = "PowerPoint 演示文稿（.pptx）", "a PowerPoint deck"
    elif "mimetype" in names or "content.xml" in names:
        what_zh, what_en = "OpenDocument 文档（.odt 等）", "an OpenDocument file"
    elif ext in (".docx", ".docm", ".dotx"):
        raise UnreadableError(
            str(p),
            "文件已损坏或不是有效的 Word 文档，请重新导出为 .docx 后再试",
            "the file is damaged or not a valid Word document (no word/document.xml); re-export it as .docx",
        )
    else:
        what_zh, what_en = "ZIP 压缩包", "a ZIP archive"
    raise UnsupportedFormatError(
        str(p),
        f"这是{what_zh}，不是 Word 文档；请另存为 .docx 或解压后提供报告文件",
        f"this is {what_en}, not a Word document; save the report as .docx",
    )


def _sniff_ole(p: Path, ext: str = "") -> str:
    import olefile

    try:
        with olefile.OleFileIO(str(p)) as ole:
            if (ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage")) and ext in (".xlsx", ".xlsm", ".xls"):
                raise EncryptedError(
                    str(p),
                    "Excel 表格设置了打开密码（已加密），请在 Excel/WPS 中取消密码后另存为 .xlsx 再试",
                    "the workbook is password-protected; remove the password and save it as .xlsx",
                )
            if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
                raise EncryptedError(
                    str(p),
                    "文件设置了打开密码（已加密），请在 Word/WPS 中取消密码后另存为 .docx 再试",
                    "the document is password-protected; remove the password and save as .docx",
                )
            if ole.exists("WordDocument"):
                fib = ole.openstream("WordDocument").read(12)
                # FIB flags at 0x0A; bit 0x0100 is fEncrypted.
                if len(fib) >= 12 and int.from_bytes(fib[10:12], "little") & 0x0100:
                    raise EncryptedError(
                        str(p),
                        "旧版 Word 文件设置了打开密码，请取消密码后另存为 .docx 再试",
                        "the .doc is password-protected; remove the password and save as .docx",
                    )
                return "doc"
            if ole.exists("Workbook") or ole.exists("Book"):
                return "xls"
            if ole.exists("PowerPoint Document"):
                what_zh, what_en = "旧版 PowerPoint 演示文稿（.ppt）", "an old PowerPoint deck (.ppt)"
            else:
                what_zh, what_en = "无法识别的 Office 复合文档", "an unrecognised OLE compound file"
    except AuditorError:
        raise
    except Exception as e:  # olefile raises OSError/various on corrupt containers
        if ext in (".xls", ".xlsx", ".xlsm"):
            raise UnreadableError(
                str(p),
                "Excel 表格已损坏或无法读取，请在 Excel/WPS 中打开后重新另存为 .xlsx 再试",
                "the workbook is damaged; open it in Excel/WPS and save it again as .xlsx",
            ) from e
        raise UnreadableError(
            str(p),
            "文件已损坏或不是有效的 Word 文档，请重新导出为 .docx 后再试",
            "the file is damaged or not a valid Word document",
        ) from e
    raise UnsupportedFormatError(
        str(p),
        f"这是{what_zh}，不是 Word 文档；请提供 .docx、.pdf 或 .txt 格式的报告",
        f"this is {what_en}, not a Word document",
    )


def _looks_like_text(head: bytes) -> bool:
    """True when ``head`` is plausibly text in some encoding we can decode."""
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        # UTF-16 without BOM: NULs sit on one parity only (the high byte of
        # ASCII characters), and decoding succeeds.
        from auditor.ingest.text import guess_utf16, nul_padding_only

        if guess_utf16(head) is not None:
            return True
        # Otherwise runs of NULs can still be padding in a damaged text (the
        # text reader drops them); judge what is left.
        if not nul_padding_only(head):
            return False
        head = head.replace(b"\x00", b"")
        if len(head) < 16:
            return False
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1A))
    return controls <= max(2, len(head) // 100)


def check_zip_limits(path: str | Path) -> None:
    """Refuse a zip container that would expand beyond the limits.

    The central directory's declared sizes bound what :mod:`zipfile` will
    ever decompress (it stops at the declared size and checks the CRC), so
    checking them is enough and costs no decompression.
    """
    p = Path(path)
    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise UnreadableError(
            str(p),
            "文件已损坏或不是有效的 Word 文档，请重新导出为 .docx 后再试",
            "the file is damaged or not a valid Word document",
        ) from e
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_CHECK_MIN_MEMBER:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_ZIP_RATIO:
                raise TooLargeError(
                    str(p),
                    f"文件内部压缩比异常（{info.filename} 达 {ratio:.0f}:1），疑似压缩炸弹，已拒绝读取；请在 Word 中打开后重新另存为 .docx 再试",
                    f"suspicious compression ratio ({info.filename}: {ratio:.0f}:1); refused as a possible zip bomb",
                )
    if total > MAX_ZIP_UNCOMPRESSED:
        raise TooLargeError(
            str(p),
            f"文件解压后过大（{total / 1024 / 1024:.0f} MB，上限 500 MB），已拒绝读取；请压缩文档中的图片或拆分文件后再试",
            f"uncompressed content too large ({total / 1024 / 1024:.0f} MB, limit 500 MB)",
        )


# --------------------------------------------------------------- normalising

_EDGE_SPACE = " \t\r\n\u3000\xa0\ufeff"


# A page number printed as a line of its own: "- 3 -", "—12—", "第3页", "第3页 共10页". A bare
# number is not one (a flattened table prints its cells as lines).
_PAGE_MARKER = re.compile(
    r"^[-—–－─\s]*(?:[-—–－─]\s*\d{1,4}\s*[-—–－─]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[，,]?\s*第\s*\d{1,4}\s*页)[-—–－─\s]*$")


def is_page_marker(text: str) -> bool:
    """A line that only prints a page number, as exports of paged documents keep them."""
    return bool(_PAGE_MARKER.match(text))


def clean_paragraph_text(text: str) -> str:
    """Paragraph text as every reader reports it: ends stripped (incl. U+3000)."""
    return text.strip(_EDGE_SPACE)


_WHOLE_AMOUNT = re.compile(r"(?<![\d.,])(?:\d[\d,]*\.\d{2,}|\d{1,3}(?:,\d{3})+)$")


def join_wrapped(lines: Iterable[str]) -> str:
    """Lines a layout wrapped, joined into one paragraph: no space in Chinese
    text, one between two Latin letters, and one between a line that ends
    with an amount already showing two decimals or grouped in thousands and a
    line that opens with a digit ("6.00" / "2140106 公路养护", "127,886,849" /
    "127,886,849": two figures a space stood between; a layout that breaks
    inside numbers breaks "7.6" / "6万元", which joins)."""
    out = ""
    for ln in (s.strip(_EDGE_SPACE) for s in lines):
        if not ln:
            continue
        if out and out[-1].isascii() and ln[0].isascii() and (
                (out[-1].isalpha() and ln[0].isalpha()) or (ln[0].isdigit() and _WHOLE_AMOUNT.search(out))):
            out += " "
        out += ln
    return out


def clean_cell_text(text: str) -> str:
    """Cell text as every reader reports it.

    Each line stripped at both ends (full-width padding such as "　 100%" is
    layout, not content), empty lines dropped, lines joined by '\\n'. Word
    cells, PDF cells and text exports then agree on the same cell.
    """
    lines = (ln.strip(_EDGE_SPACE) for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


# ------------------------------------------------------------------ building


@dataclass(slots=True)
class RawCell:
    """A cell as a reader found it, before the builder numbers the table."""

    row: int  # 0-based grid row of the top-left corner
    col: int  # 0-based grid column of the top-left corner
    text: str
    row_span: int = 1
    col_span: int = 1
    anchor: str | None = None
    # Left and right edges on the page (PDF readers): pieces of a table split
    # over pages are lined up on them (auditor.ingest.continuation).
    x0: float | None = None
    x1: float | None = None
    page: int | None = None  # set by the builder when a table joins pieces from several pages


# A caption: short, and "表" ends it (before an optional bracket such as
# "（单位：万元）"), or it starts with "表1"/"附表二". "填表人：" does not qualify.
_TITLE_RE = re.compile(
    r"表\s*(?:[（(][^（）()]{0,24}[）)])?\s*$|^(?:附)?表\s*[0-9一二三四五六七八九十]"
)
_TITLE_MAX_CHARS = 40
_TITLE_LOOKBACK = 4  # paragraphs between a caption and its table ("填报单位…", "单位：万元")


def looks_like_title(text: str) -> bool:
    """True for a short table caption such as "部门整体支出绩效自评表"."""
    t = text.strip()
    return 0 < len(t) <= _TITLE_MAX_CHARS and "\n" not in t and bool(_TITLE_RE.search(t))


class DocumentBuilder:
    """Collects blocks in reading order and numbers them the same way for every format.

    Paragraphs are numbered from 1 among non-empty paragraphs, tables from 1
    among tables (nested tables included, right after their parent); each
    block's ``order`` is its 0-based position in ``Document.blocks``.
    """

    def __init__(self, path: str | Path, fmt: str):
        self.path = str(path)
        self.format = fmt
        self.blocks: list[Block] = []
        self._n_paragraphs = 0
        self._n_tables = 0
        self._since_table: list[Paragraph] = []  # caption candidates for the next table
        self.clipped_tables: list[dict] = []  # tables cut to MAX_TABLE_COLS columns
        self._last_piece: Piece | None = None  # the last top-level table as read, for its continuation
        self.joined_tables: list[dict] = []  # tables that continued over pages or pieces

    def add_paragraph(
        self, text: str, *, anchor: str | None = None, style: str | None = None, page: int | None = None
    ) -> Paragraph | None:
        """Add a paragraph; empty ones (after stripping) are skipped and return None."""
        text = clean_paragraph_text(text)
        if not text or is_page_marker(text):
            return None
        self._n_paragraphs += 1
        norm, index = normalize_figures(text)
        para = Paragraph(
            index=self._n_paragraphs,
            text=norm,
            location=Location(paragraph=self._n_paragraphs, page=page, anchor=anchor, order=len(self.blocks)),
            style=style,
            order=len(self.blocks),
            source_text=text if norm != text else None,
            source_map=index,
        )
        self.blocks.append(para)
        self._since_table.append(para)
        return para

    def add_table(
        self,
        cells: list[RawCell],
        *,
        n_rows: int | None = None,
        n_cols: int | None = None,
        anchor: str | None = None,
        page: int | None = None,
        nested_in: int | None = None,
        title: str | None = None,
    ) -> Table | None:
        """Add a table from reader cells (grid coordinates); None if it has no cells."""
        if not cells:
            return None
        n_rows = max(n_rows or 0, max(c.row + c.row_span for c in cells))
        n_cols = max(n_cols or 0, max(c.col + c.col_span for c in cells))
        if n_cols > MAX_TABLE_COLS:
            # A broken export (or a hostile gridSpan) must not cost the whole
            # report nor allocate a giant grid: keep the first columns.
            self.clipped_tables.append({"table": self._n_tables + 1, "columns": n_cols})
            cells = [replace(c, col_span=min(c.col_span, MAX_TABLE_COLS - c.col)) for c in cells if c.col < MAX_TABLE_COLS]
            n_cols = MAX_TABLE_COLS
        self._check_size(n_rows, n_cols)
        if page is not None:
            cells = [c if c.page is not None else replace(c, page=page) for c in cells]
        piece = Piece(cells, n_rows, n_cols, page, page)
        joined = self._join(piece, nested_in)
        if joined is not None:
            return joined
        self._last_piece = piece if nested_in is None else None
        self._n_tables += 1
        t_index = self._n_tables
        out = self._cells(cells, t_index, len(self.blocks))
        table = Table(
            index=t_index,
            n_rows=n_rows,
            n_cols=n_cols,
            cells=out,
            location=Location(table=t_index, page=page, anchor=anchor, order=len(self.blocks)),
            title=normalize_figures(title)[0] if title else None,
            order=len(self.blocks),
            nested_in=nested_in,
        )
        if table.title is None:
            table.title = self._find_title(table)
        self.blocks.append(table)
        self._since_table = []
        return table

    def _check_size(self, n_rows: int, n_cols: int) -> None:
        if n_rows * n_cols > MAX_TABLE_CELLS:
            raise TooLargeError(
                self.path,
                f"文件中的表格过大（{n_rows} 行 × {n_cols} 列），无法核对；请检查表格或拆分文件后再试",
                f"a table is too large to check ({n_rows} rows x {n_cols} columns); check the table or split the file",
            )

    @staticmethod
    def _cells(cells: list[RawCell], t_index: int, order: int) -> list[Cell]:
        return [_cell(c, t_index, c.page, order) for c in sorted(cells, key=lambda c: (c.row, c.col))]

    def _join(self, piece: Piece, nested_in: int | None) -> Table | None:
        """The previous table grown by ``piece`` when ``piece`` continues it; else None."""
        last = self.blocks[-1] if self.blocks else None
        if (nested_in is not None or self._last_piece is None or self._since_table
                or not isinstance(last, Table) or last.nested_in is not None):
            return None
        joined = join_pieces(self._last_piece, piece, wrap_join="" if self.format == "pdf" else "\n")
        if joined is None:
            return None
        self._check_size(joined.n_rows, joined.n_cols)
        self._last_piece = joined
        last.cells = self._cells(joined.cells, last.index, last.order)
        last.n_rows, last.n_cols = joined.n_rows, joined.n_cols
        last._grid = None
        self.joined_tables.append({"table": last.index, "page": piece.first_page})
        return last

    def _find_title(self, table: Table) -> str | None:
        # Nearest short caption above the table (not beyond the previous table) ...
        for para in reversed(self._since_table[-_TITLE_LOOKBACK:]):
            if looks_like_title(para.text):
                return para.text
        # ... else a caption that the form carries as its own first row.
        first = [c for c in table.cells if c.row == 0 and c.text]
        if len(first) == 1 and looks_like_title(first[0].text):
            return first[0].text
        return None

    def build(self, **meta) -> Document:
        """The finished :class:`Document`."""
        if self.clipped_tables:
            meta["clipped_tables"] = self.clipped_tables
        if self.joined_tables:
            meta["joined_tables"] = self.joined_tables
        return Document(path=self.path, format=self.format, blocks=self.blocks, meta=meta)


@lru_cache(maxsize=8192)
def _cell_text(raw: str) -> tuple[str, str, list[int] | None]:
    """A cell's cleaned text, its normalised form and offset map. Cached: tables
    repeat their texts ("0.00", "合计"), and a table that continues over pages
    has all its cells built again at each page it grows by (the map is only read)."""
    text = clean_cell_text(raw)
    return (text, *normalize_figures(text))


def _cell(c: RawCell, t_index: int, page: int | None, order: int) -> Cell:
    text, norm, index = _cell_text(c.text)
    return Cell(
        row=c.row,
        col=c.col,
        text=norm,
        location=Location(table=t_index, row=c.row + 1, col=c.col + 1, page=page, anchor=c.anchor, order=order),
        row_span=c.row_span,
        col_span=c.col_span,
        source_text=text if norm != text else None,
        source_map=index,
    )


def require_content(doc: Document, *, zh: str | None = None, en: str | None = None) -> Document:
    """Raise :class:`EmptyInputError` when a read produced no text at all."""
    if any(True for _ in doc.iter_text()):
        return doc
    raise EmptyInputError(
        doc.path,
        zh or "文件中没有任何文字内容，请确认导出是否成功",
        en or "the file contains no text; check the export",
    )
