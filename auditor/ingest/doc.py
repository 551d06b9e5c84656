"""Old Word (.doc) reports: converted to .docx by LibreOffice, then read as .docx.

The original is copied into a private temporary directory and converted
there (``soffice --headless --convert-to docx``) with a throwaway user
profile and a timeout, so the input is never touched (LibreOffice would
otherwise drop a lock file next to it) and a running LibreOffice instance is
not disturbed. Without LibreOffice the user is asked to save as .docx.

The resulting Document reports the original path and ``format == "doc"``;
its anchors refer to the converted .docx and are only meaningful for it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from auditor.document import Document
from auditor.errors import UnreadableError, UnsupportedFormatError

__all__ = ["read_doc", "find_soffice", "CONVERT_TIMEOUT_S"]

CONVERT_TIMEOUT_S = 120

_NO_SOFFICE_ZH = "这是旧版 Word (.doc) 文件，请在 Word/WPS 中另存为 .docx 后再试"
_NO_SOFFICE_EN = "this is an old Word (.doc) file; save it as .docx in Word/WPS and retry"


def find_soffice() -> str | None:
    """Path of the LibreOffice command-line binary, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: str | Path) -> Document:
    """Read a .doc by converting a copy of it to .docx with LibreOffice."""
    from auditor.ingest.docx import read_docx

    p = Path(path)
    soffice = find_soffice()
    if soffice is None:
        raise UnsupportedFormatError(str(p), _NO_SOFFICE_ZH, _NO_SOFFICE_EN)
    with tempfile.TemporaryDirectory(prefix="auditor-doc-") as tmp:
        work = Path(tmp)
        source = work / "input.doc"
        shutil.copyfile(p, source)
        profile = (work / "profile").as_uri()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        _run(cmd, p)
        converted = work / "out" / "input.docx"
        if not converted.exists() or converted.stat().st_size == 0:
            raise UnreadableError(
                str(p),
                "LibreOffice 无法转换该 .doc 文件（可能已损坏），请在 Word/WPS 中另存为 .docx 后再试",
                "LibreOffice could not convert this .doc (it may be damaged); save it as .docx and retry",
            )
        doc = read_docx(converted, fmt="doc", display_path=p)
        doc.meta["converted_with"] = "soffice"
        return doc


def _run(cmd: list[str], original: Path) -> None:
    # Own process group: on timeout the whole LibreOffice tree is stopped,
    # not just the launcher script.
    try:
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
    except OSError as e:
        raise UnsupportedFormatError(str(original), _NO_SOFFICE_ZH, _NO_SOFFICE_EN) from e
    try:
        proc.wait(timeout=CONVERT_TIMEOUT_S)
    except subprocess.TimeoutExpired as e:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
        raise UnreadableError(
            str(original),
            f"转换 .doc 超时（{CONVERT_TIMEOUT_S} 秒），请在 Word/WPS 中另存为 .docx 后再试",
            f"converting the .doc timed out after {CONVERT_TIMEOUT_S}s; save it as .docx and retry",
        ) from e
