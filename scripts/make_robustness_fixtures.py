#!/usr/bin/env python3
"""Regenerate the two committed fixtures of tests/test_robustness.py.

    pip install msoffcrypto-tool        # dev tool only, not a dependency
    python scripts/make_robustness_fixtures.py

tests/fixtures/encrypted.docx
    A real password-protected Word file (password "auditor"): a small .docx
    with one figure, encrypted by msoffcrypto-tool (ECMA-376 agile
    encryption), i.e. an OLE2 compound file holding "EncryptionInfo" and
    "EncryptedPackage" streams, as Word writes it.
tests/fixtures/old_word.doc
    samples/001_7cb58b6bd76bef60.docx saved as Word 97-2003 (.doc) by
    LibreOffice (soffice --convert-to doc).

Both need tools the test suite must not depend on, hence committed bytes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    "<w:p><w:r><w:t>2021年部门基本支出2558.63万元。</w:t></w:r></w:p>"
    + "<w:p><w:r><w:t>本段仅用于使文件超过 4 KB。</w:t></w:r></w:p>" * 60
    + "</w:body></w:document>"
)


def minimal_docx() -> bytes:
    """A small .docx Word and python-docx open: three parts.

    Stored uncompressed: msoffcrypto-tool cannot decrypt what it encrypted
    when the package is under 4 KB (the OLE mini-stream), and a fixture
    that only our sniffer believes in would prove little.
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", _DOCUMENT)
    return buf.getvalue()


def make_encrypted(dest: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(minimal_docx())).encrypt("auditor", out)
    dest.write_bytes(out.getvalue())


def make_doc(dest: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed to write the .doc fixture")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "old_word.docx"
        shutil.copyfile(REPO / "samples" / "001_7cb58b6bd76bef60.docx", src)
        subprocess.run([soffice, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
                        "--norestore", "--convert-to", "doc", "--outdir", tmp, str(src)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        shutil.copyfile(Path(tmp) / "old_word.doc", dest)


def main() -> int:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    make_encrypted(FIXTURES / "encrypted.docx")
    make_doc(FIXTURES / "old_word.doc")
    for name in ("encrypted.docx", "old_word.doc"):
        print(f"wrote tests/fixtures/{name} ({(FIXTURES / name).stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
