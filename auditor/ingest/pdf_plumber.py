"""The earlier PDF engine: pdfplumber (pdfminer.six) instead of PDFium.

Kept, while both exist, as the reference that :mod:`auditor.ingest.pdf`
must match (``tests/test_pdf_engines.py`` compares their Documents and
findings on the corpus); it is not used to read reports. pdfplumber is an
optional dependency (the ``test`` extra): ``read_pdf_plumber`` raises
ImportError without it. Both engines share :func:`auditor.ingest.pdf.assemble`,
so they differ only in how characters, ruling lines and tables are found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from auditor.document import Document
from auditor.errors import EncryptedError, UnreadableError

__all__ = ["read_pdf_plumber"]


class _Page:
    def __init__(self, page: Any) -> None:
        self._page = page
        self.chars = page.chars
        self.n_chars = len(self.chars)
        self.n_cid = sum(1 for c in self.chars if c.get("text", "").startswith("(cid:"))
        self.height = page.height

    def tables(self) -> list[Any]:
        return self._page.find_tables()

    def outside(self, boxes: list[tuple]) -> list[dict]:
        def keep(obj: dict) -> bool:
            if obj.get("object_type") != "char":
                return True
            cx = (obj["x0"] + obj["x1"]) / 2
            cy = (obj["top"] + obj["bottom"]) / 2
            return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

        return self._page.filter(keep).chars

    def close(self) -> None:
        self._page.close()


def read_pdf_plumber(path: str | Path) -> Document:
    """Read a text PDF with pdfplumber into the same :class:`Document` as :func:`auditor.ingest.pdf.read_pdf`."""
    import pdfplumber
    from pdfplumber.utils import extract_text

    from auditor.ingest.pdf import DAMAGED_EN, DAMAGED_ZH, LOCKED_EN, LOCKED_ZH, assemble

    p = Path(path)
    try:
        pdf = pdfplumber.open(str(p))
    except Exception as e:
        if _is_password_error(e):
            raise EncryptedError(str(p), LOCKED_ZH, LOCKED_EN) from e
        raise UnreadableError(str(p), DAMAGED_ZH, DAMAGED_EN) from e

    def pages() -> Iterator[Any]:
        for page in pdf.pages:
            try:
                yield _Page(page)
            except Exception as e:  # noqa: BLE001 - reported as an unreadable page
                page.close()
                yield e

    def text_lines(chars: list[dict]) -> list[dict]:
        from pdfplumber.utils import chars_to_textmap

        return chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True) if chars else []

    with pdf:
        return assemble(p, len(pdf.pages), pages(), text_lines, extract_text)


def _is_password_error(e: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause: BaseException | None = e
    while cause is not None:
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            return True
        inner = cause.args[0] if cause.args and isinstance(cause.args[0], BaseException) else None
        cause = inner or cause.__cause__
    return False
