"""Hostile and broken input: never crash, never lose anything, never touch the original.

Every case runs the real CLI, in-process (``auditor.cli.main``) or as
``python -m auditor.cli`` in a child process to prove no traceback reaches
the terminal, and checks the one-line Chinese message that names the file and
says what to do, the exit code of its kind, and that the input's bytes and
mtime are unchanged. docs/robustness.md lists the cases; each row is a test
here. Fixtures that need tools the suite does not depend on (msoffcrypto-tool,
LibreOffice) are committed under tests/fixtures/ and rebuilt by
scripts/make_robustness_fixtures.py.
"""

from __future__ import annotations

import difflib
import importlib.util
import io
import json
import math
import os
import re
import subprocess
import sys
import time
import zipfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from auditor.cli import main
from auditor.errors import (
    EXIT_EMPTY,
    EXIT_ENCRYPTED,
    EXIT_FINDINGS,
    EXIT_NO_TEXT,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_TOO_LARGE,
    EXIT_UNREADABLE,
    EXIT_UNSUPPORTED,
)

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_DOCX = SAMPLES / "000_e4b7451ca6ac423e.docx"
SAMPLE_TXT = SAMPLES / "000_e4b7451ca6ac423e.txt"
OLD_MTIME_NS = 1_600_000_000_000_000_000  # any fixed past time: a touched file would show a new one


# ------------------------------------------------------------------ helpers


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def audit(capsys, *args) -> Run:
    """The real CLI in this process."""
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def audit_child(*args, cwd: Path, env: dict | None = None, timeout: float = 300) -> Run:
    """The real CLI as ``python -m auditor.cli`` in a child process."""
    full_env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "auditor.cli", *map(str, args)], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def put(tmp_path: Path, name: str, data: bytes) -> Path:
    """An input file with an old mtime, so that any write to it would show."""
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    os.utime(p, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    return p


@contextmanager
def untouched(*paths: Path):
    """Assert the inputs' bytes and mtimes are unchanged and no stray file appears beside them."""
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}
    listing = {d: sorted(os.listdir(d)) for d in {p.parent for p in paths}}
    yield
    for p, (data, mtime) in before.items():
        assert p.read_bytes() == data, f"{p} was modified"
        assert p.stat().st_mtime_ns == mtime, f"{p} mtime changed"
    for d, names in listing.items():
        assert sorted(os.listdir(d)) == names, f"files appeared beside the input in {d}"


def assert_tool_error(run: Run, path: Path | str, code: int, *phrases: str) -> str:
    """Exit ``code``; exactly one stderr line for ``path``, in Chinese, saying what to do; no traceback."""
    assert run.code == code, run.text
    assert "Traceback" not in run.text
    shown = str(path)
    lines = [ln for ln in run.err.splitlines() if ln.startswith(f"{shown}: ")]
    assert len(lines) == 1, run.err
    line = lines[0]
    assert re.search(r"[\u4e00-\u9fff]", line) and "请" in line, line  # Chinese, and says what to do
    for phrase in phrases:
        assert phrase in line, line
    return line


def findings_of(run: Run) -> list[list[dict]]:
    """Each report's findings from JSON output, without what may vary (file, timing)."""
    doc = json.loads(run.out)
    return [r["findings"] for r in doc["reports"]]


def strip_timing(text: str) -> str:
    return re.sub(r'\n\s*"seconds": [0-9.eE+-]+,?', "", text)


def sample_copy(tmp_path: Path, src: Path, name: str | None = None) -> Path:
    return put(tmp_path, name or src.name, src.read_bytes())


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def rewrite_docx(src: Path, edit) -> bytes:
    """A copy of a .docx whose word/document.xml is ``edit(xml)``."""
    zin = zipfile.ZipFile(src)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info.filename, data)
    return out.getvalue()


# --------------------------------------------------------- broken Word files


def test_when_a_docx_is_cut_in_half_then_exit_3_names_the_file_and_asks_to_re_export(tmp_path, capsys):
    data = SAMPLE_DOCX.read_bytes()
    bad = put(tmp_path, "report.docx", data[: len(data) // 2])
    with untouched(bad):
        run = audit(capsys, bad, "--format", "json")
    assert_tool_error(run, bad, EXIT_UNREADABLE, "文件已损坏", "请重新导出为 .docx")
    assert json.loads(run.out)["reports"][0]["error"]["code"] == "E-READ"


def test_when_a_zip_is_named_docx_then_exit_3_and_as_zip_then_exit_6(tmp_path, capsys):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "预算执行率100%")
    named_docx = put(tmp_path, "report.docx", buf.getvalue())
    named_zip = put(tmp_path, "archive.zip", buf.getvalue())
    with untouched(named_docx, named_zip):
        docx_run = audit(capsys, named_docx)
        zip_run = audit(capsys, named_zip)
    assert_tool_error(docx_run, named_docx, EXIT_UNREADABLE, "不是有效的 Word 文档")
    assert_tool_error(zip_run, named_zip, EXIT_UNSUPPORTED, "ZIP 压缩包", "另存为 .docx")


def test_when_a_word_file_has_a_password_then_exit_4_and_asks_to_remove_it(tmp_path, capsys):
    import olefile

    src = FIXTURES / "encrypted.docx"
    with olefile.OleFileIO(str(src)) as ole:  # a real encrypted package, as Word writes it
        assert ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")
    enc = sample_copy(tmp_path, src, "加密报告.docx")
    with untouched(enc):
        run = audit(capsys, enc)
    assert_tool_error(run, enc, EXIT_ENCRYPTED, "密码", "取消密码后另存为 .docx")


def test_when_an_old_doc_is_renamed_docx_and_libreoffice_is_missing_then_exit_6(tmp_path, capsys, monkeypatch):
    import auditor.ingest.doc as doc_reader

    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: None)
    old = sample_copy(tmp_path, FIXTURES / "old_word.doc", "report.docx")
    with untouched(old):
        run = audit(capsys, old)
    assert_tool_error(run, old, EXIT_UNSUPPORTED, "旧版 Word (.doc)", "另存为 .docx")


@pytest.mark.skipif(
    not (__import__("shutil").which("soffice") or __import__("shutil").which("libreoffice")),
    reason="LibreOffice not installed",
)
def test_when_an_old_doc_is_renamed_docx_then_it_is_converted_and_audited_like_the_docx(tmp_path, capsys):
    old = sample_copy(tmp_path, FIXTURES / "old_word.doc", "report.docx")  # samples/001 saved as .doc
    with untouched(old):
        run = audit(capsys, old, "--format", "json")
    reference = audit(capsys, SAMPLES / "001_7cb58b6bd76bef60.docx", "--format", "json")
    assert run.code == reference.code == EXIT_FINDINGS and "Traceback" not in run.text
    report = json.loads(run.out)["reports"][0]
    assert report["ok"] and report["meta"]["format"] == "doc"

    def key(findings):
        return [(f["code"], f["found"], f["expected"]) for f in findings]

    assert key(findings_of(run)[0]) == key(findings_of(reference)[0])


def _zip_bomb(path: Path, megabytes: int) -> None:
    """A .docx-looking zip whose document.xml inflates to ``megabytes`` of zeros."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                member.write(chunk)
    os.utime(path, ns=(OLD_MTIME_NS, OLD_MTIME_NS))


def test_when_a_docx_is_a_decompression_bomb_then_exit_7_fast_without_inflating_it(tmp_path, capsys, monkeypatch):
    bomb = tmp_path / "bomb.docx"
    _zip_bomb(bomb, 100)  # 100 MB of zeros in ~100 KB
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    with untouched(bomb):
        t0 = time.perf_counter()
        run = audit(capsys, bomb)
        elapsed = time.perf_counter() - t0
    assert_tool_error(run, bomb, EXIT_TOO_LARGE, "压缩炸弹", "已拒绝读取")
    assert "word/document.xml" not in opened  # refused from the central directory alone
    assert elapsed < 5


def test_when_document_xml_holds_a_billion_laughs_then_it_is_never_expanded(tmp_path, capsys):
    decl = '<!DOCTYPE w:document [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"

    def edit(xml: str) -> str:
        head = xml.index("?>") + 2
        xml = xml[:head] + decl + xml[head:]
        return re.sub(r"(<w:t(?: [^>]*)?>)", r"\1&lol9;", xml, count=1)

    laughs = put(tmp_path, "laughs.docx", rewrite_docx(SAMPLE_DOCX, edit))
    with untouched(laughs):
        t0 = time.perf_counter()
        run = audit(capsys, laughs, "--format", "json")
        elapsed = time.perf_counter() - t0
    assert elapsed < 10 and "lollollol" not in run.out
    if run.code == EXIT_TOO_LARGE:  # libxml2 stops the bomb before expanding it: refused
        assert_tool_error(run, laughs, EXIT_TOO_LARGE, "XML 实体", "另存为 .docx")
    else:  # an older libxml2 reads on without resolving entities
        assert run.code in (EXIT_OK, EXIT_FINDINGS) and json.loads(run.out)["reports"][0]["ok"]


def test_when_a_table_declares_a_billion_columns_then_the_report_is_still_audited(tmp_path, capsys):
    from auditor.ingest import MAX_TABLE_COLS, read_document

    def edit(xml: str) -> str:
        return xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="999999999"/>', 1)

    wide = put(tmp_path, "wide.docx", rewrite_docx(SAMPLE_DOCX, edit))
    with untouched(wide):
        run = audit(capsys, wide, "--format", "json")
    assert run.code in (EXIT_OK, EXIT_FINDINGS) and "Traceback" not in run.text
    assert json.loads(run.out)["reports"][0]["ok"]
    doc = read_document(wide)
    assert doc.meta["clipped_tables"] and max(t.n_cols for t in doc.tables) == MAX_TABLE_COLS


# ------------------------------------------------------------ other formats


def _image_only_pdf_pil(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (595, 842), "white").save(path, "PDF")


def _image_only_pdf_by_hand(path: Path) -> None:
    """One page that paints a 1x1 image XObject and has no text at all."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length 35 >>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length 1 >>\nstream\n\x80\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


@pytest.mark.parametrize("make", [_image_only_pdf_pil, _image_only_pdf_by_hand], ids=["pillow", "by-hand"])
def test_when_a_pdf_has_only_an_image_then_exit_5_and_asks_for_a_text_pdf(tmp_path, capsys, make):
    pdf = tmp_path / "scan.pdf"
    make(pdf)
    os.utime(pdf, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    with untouched(pdf):
        run = audit(capsys, pdf)
    assert_tool_error(run, pdf, EXIT_NO_TEXT, "没有文字层", "可复制文字")


@pytest.mark.parametrize("name", ["empty.txt", "empty.docx", "empty.pdf"])
def test_when_a_file_is_empty_then_exit_8(tmp_path, capsys, name):
    empty = put(tmp_path, name, b"")
    with untouched(empty):
        run = audit(capsys, empty)
    assert_tool_error(run, empty, EXIT_EMPTY, "0 字节", "请确认导出是否成功")


# ------------------------------------------------------------------ big input


BIG_TEST = "test_when_a_report_has_1000_pages_then_txt_and_docx_both_finish"


@pytest.fixture(scope="module", autouse=True)
def big_report_run(request, tmp_path_factory):
    """Start auditing the 1,000-page reports as soon as this module starts.

    The child runs while the quick tests run, so the whole file stays fast;
    the slow test only waits for it. Nothing starts when that test is not
    selected (``-m "not slow"``, ``-k``).
    """
    if not any(getattr(item, "originalname", item.name) == BIG_TEST for item in request.session.items):
        yield None
        return
    bench = load_script("robustness_bench")  # timing and memory are measured there, not asserted here
    where = tmp_path_factory.mktemp("big")
    txt, docx_path = bench.write_reports(where / "in", pages=1000)
    for p in (txt, docx_path):
        os.utime(p, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (txt, docx_path)}
    out = where / "out.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen([sys.executable, "-m", "auditor.cli", str(txt), str(docx_path), "--jobs", "2",
                             "--format", "json", "-o", str(out)], cwd=where, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    yield {"proc": proc, "txt": txt, "docx": docx_path, "out": out, "before": before}
    if proc.poll() is None:
        proc.kill()
    proc.communicate()


@pytest.mark.slow
def test_when_a_report_has_1000_pages_then_txt_and_docx_both_finish(big_report_run):
    run = big_report_run
    assert run["txt"].stat().st_size >= 1_400_000
    stdout, stderr = run["proc"].communicate(timeout=600)
    assert run["proc"].returncode in (EXIT_OK, EXIT_FINDINGS), stderr
    assert "Traceback" not in stdout + stderr
    reports = json.loads(run["out"].read_text(encoding="utf-8"))["reports"]
    assert [r["ok"] for r in reports] == [True, True]
    assert all(r["stats"]["paragraphs"] > 1000 and r["stats"]["tables"] > 100 for r in reports)
    for p, (data, mtime) in run["before"].items():
        assert p.read_bytes() == data and p.stat().st_mtime_ns == mtime


# ------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding,bom",
    [("gbk", b""), ("gb18030", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b"")],
    ids=["gbk", "gb18030", "utf-16-bom-le", "utf-16-bom-be", "utf-16-le-no-bom"],
)
def test_when_a_text_report_is_in_another_encoding_then_the_findings_are_the_same(tmp_path, capsys, encoding, bom):
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    other = put(tmp_path, "report.txt", bom + text.encode(encoding))
    reference = audit(capsys, SAMPLE_TXT, "--format", "json")
    with untouched(other):
        run = audit(capsys, other, "--format", "json")
    assert run.code == reference.code == EXIT_FINDINGS and "Traceback" not in run.text
    assert findings_of(run) == findings_of(reference) and findings_of(run)[0]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data + "万".encode("utf-8")[:2],  # cut inside the last character
        lambda data: data + b"\x00" * 4096,  # NUL padding from an interrupted copy
        lambda data: data[:100] + b"\xff" + data[101:],  # one flipped byte in the heading
    ],
    ids=["cut-mid-character", "nul-padding", "flipped-byte"],
)
def test_when_a_utf8_text_is_slightly_damaged_then_it_is_still_audited(tmp_path, capsys, damage):
    from auditor.ingest import read_document

    damaged = put(tmp_path, "report.txt", damage(SAMPLE_TXT.read_bytes()))
    reference = audit(capsys, SAMPLE_TXT, "--format", "json")
    with untouched(damaged):
        run = audit(capsys, damaged, "--format", "json")
    assert run.code == reference.code and "Traceback" not in run.text
    assert len(findings_of(run)[0]) == len(findings_of(reference)[0])
    assert read_document(damaged).meta["damaged_bytes"] > 0


# ------------------------------------------------------------- no figures


def test_when_a_report_has_no_figures_then_it_says_so_and_exits_0(tmp_path, capsys):
    plain = put(tmp_path, "说明.txt", "关于做好绩效自评工作的说明\n各单位要高度重视，认真组织，按时报送。\n".encode())
    with untouched(plain):
        run = audit(capsys, plain, "--format", "json")
    assert run.code == EXIT_OK and "Traceback" not in run.text
    assert json.loads(run.out)["reports"][0]["stats"]["figures"] == 0
    line = next(ln for ln in run.err.splitlines() if ln.startswith(f"{plain}: "))
    assert "没有找到任何数字" in line and "请确认" in line


# ------------------------------------------------------------------ batches


def _mixed_folder(tmp_path: Path) -> tuple[Path, list[Path], list[Path]]:
    folder = tmp_path / "reports"
    good = [sample_copy(folder, SAMPLES / "001_7cb58b6bd76bef60.txt", "a_good.txt"),
            sample_copy(folder, SAMPLES / "003_4e9d9af9462a4af4.docx", "b_good.docx")]
    data = SAMPLE_DOCX.read_bytes()
    bad = [put(folder, "c_cut.docx", data[: len(data) // 3]), put(folder, "d_empty.txt", b"")]
    return folder, good, bad


def test_when_a_folder_mixes_good_and_bad_files_then_the_good_are_audited_and_failures_listed(tmp_path, capsys):
    folder, good, bad = _mixed_folder(tmp_path)
    with untouched(*good, *bad):
        run = audit(capsys, folder, "--format", "json")
        md = audit(capsys, folder, "--format", "md")
    assert run.code == EXIT_UNREADABLE  # two kinds of failure: the generic "could not read"
    assert_tool_error(run, bad[0], EXIT_UNREADABLE, "文件已损坏")
    assert_tool_error(run, bad[1], EXIT_UNREADABLE, "文件是空的")
    doc = json.loads(run.out)
    assert doc["summary"]["files"] == 4 and doc["summary"]["files_failed"] == 2
    by_name = {Path(r["file"]).name: r for r in doc["reports"]}
    assert [by_name[p.name]["ok"] for p in good] == [True, True]
    assert all(by_name[p.name]["findings"] for p in good)  # audited, not skipped
    assert [by_name[p.name]["error"]["code"] for p in bad] == ["E-READ", "E-EMPTY"]
    assert "无法读取 2" in md.out.splitlines()[2]


def test_when_a_batch_fails_in_one_way_only_then_the_exit_code_is_that_failure(tmp_path, capsys):
    good = sample_copy(tmp_path, SAMPLES / "001_7cb58b6bd76bef60.txt")
    empty = put(tmp_path, "empty.txt", b"")
    missing = tmp_path / "missing.txt"
    with untouched(good, empty):
        assert audit(capsys, good, empty).code == EXIT_EMPTY
        assert_tool_error(audit(capsys, good, missing), missing, EXIT_UNREADABLE, "文件不存在")


def test_when_a_mixed_folder_is_audited_in_parallel_no_traceback_reaches_the_terminal(tmp_path):
    folder, good, bad = _mixed_folder(tmp_path)
    with untouched(*good, *bad):
        run = audit_child(folder, "--jobs", "2", "--format", "md", cwd=tmp_path)
    assert run.code == EXIT_UNREADABLE and "Traceback" not in run.text
    for p in bad:
        assert sum(ln.startswith(f"{p}: ") for ln in run.err.splitlines()) == 1


# ---------------------------------------------------------- child processes


@pytest.mark.parametrize(
    "name,make,code,phrase",
    [
        ("cut.docx", lambda p: p.write_bytes(SAMPLE_DOCX.read_bytes()[:20000]), EXIT_UNREADABLE, "文件已损坏"),
        ("locked.docx", lambda p: p.write_bytes((FIXTURES / "encrypted.docx").read_bytes()), EXIT_ENCRYPTED, "密码"),
        ("bomb.docx", lambda p: _zip_bomb(p, 20), EXIT_TOO_LARGE, "压缩炸弹"),
        ("scan.pdf", _image_only_pdf_pil, EXIT_NO_TEXT, "没有文字层"),
        ("empty.txt", lambda p: p.write_bytes(b""), EXIT_EMPTY, "文件是空的"),
    ],
    ids=["truncated", "encrypted", "bomb", "image-pdf", "empty"],
)
def test_when_run_as_a_command_a_bad_file_gives_one_line_and_its_exit_code(tmp_path, name, make, code, phrase):
    path = tmp_path / name
    make(path)
    os.utime(path, ns=(OLD_MTIME_NS, OLD_MTIME_NS))
    with untouched(path):
        run = audit_child(name, "--format", "md", cwd=tmp_path)
    assert_tool_error(run, name, code, phrase)


# --------------------------------------------------------------- the --debug door


def test_when_an_unexpected_error_happens_then_one_line_and_debug_shows_the_traceback(tmp_path, capsys, monkeypatch):
    import auditor.audit

    def broken(doc, config=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(auditor.audit, "audit_document", broken)
    report = sample_copy(tmp_path, SAMPLE_TXT)
    with untouched(report):
        run = audit(capsys, report)
        assert_tool_error(run, report, EXIT_UNREADABLE, "RuntimeError: boom", "--debug")
        with pytest.raises(RuntimeError, match="boom"):
            main([str(report), "--debug"])


# ------------------------------------------------------------------ outputs


@pytest.mark.parametrize("fmt", ["json", "md", "html", "xlsx", "rich", "docx"])
def test_when_the_output_path_is_an_input_then_exit_10_and_the_input_is_kept(tmp_path, capsys, fmt):
    report = sample_copy(tmp_path, SAMPLE_DOCX, "report.docx")
    with untouched(report):
        run = audit(capsys, report, "--format", fmt, "-o", report)
    assert_tool_error(run, report, EXIT_OUTPUT, "与输入文件相同", "另选输出路径")


def test_when_the_output_is_an_input_found_inside_a_folder_then_exit_10(tmp_path, capsys):
    folder = tmp_path / "reports"
    report = sample_copy(folder, SAMPLE_TXT)
    with untouched(report):
        run = audit(capsys, folder, "--format", "md", "-o", report)
    assert_tool_error(run, report, EXIT_OUTPUT, "与输入文件相同")


@pytest.mark.parametrize("link", [os.symlink, os.link], ids=["symlink", "hardlink"])
def test_when_the_output_is_another_name_for_an_input_then_exit_10(tmp_path, capsys, link):
    report = sample_copy(tmp_path / "in", SAMPLE_TXT, "report.txt")
    alias = tmp_path / "alias.md"
    link(report, alias)
    with untouched(report):
        run = audit(capsys, report, "--format", "md", "-o", alias)
    assert_tool_error(run, alias, EXIT_OUTPUT, "与输入文件相同")


def test_when_the_output_cannot_be_written_then_exit_10_and_no_temp_file_is_left(tmp_path, capsys):
    report = sample_copy(tmp_path, SAMPLE_TXT)
    blocker = put(tmp_path, "not_a_dir", b"x")
    target = blocker / "out.json"
    with untouched(report, blocker):
        run = audit(capsys, report, "--format", "json", "-o", target)
    assert_tool_error(run, target, EXIT_OUTPUT, "无法写入输出文件")


@pytest.mark.parametrize(
    "fmt,name", [("json", "out.json"), ("md", "out.md"), ("html", "out.html"), ("xlsx", "out.xlsx"),
                 ("rich", "out.txt"), ("docx", "out.docx")],
)
def test_when_an_output_is_replaced_then_it_is_renamed_into_place_not_rewritten(tmp_path, capsys, fmt, name):
    report = sample_copy(tmp_path / "in", SAMPLE_DOCX, "report.docx")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / name
    out.write_bytes(b"previous report")
    os.link(out, out_dir / "previous.bak")  # a second name for the old file's inode
    with untouched(report):
        run = audit(capsys, report, "--format", fmt, "-o", out)
    assert run.code == EXIT_FINDINGS and "Traceback" not in run.text, run.err
    # Written elsewhere and renamed over: the old inode still holds the old bytes.
    assert (out_dir / "previous.bak").read_bytes() == b"previous report"
    assert out.read_bytes() != b"previous report" and out.stat().st_size > 100
    assert sorted(os.listdir(out_dir)) == sorted([name, "previous.bak"])  # no temp file left


def test_when_the_same_inputs_are_audited_twice_then_the_json_is_identical(tmp_path, capsys):
    first = audit(capsys, SAMPLES, "--format", "json")
    second = audit(capsys, SAMPLES, "--format", "json")
    # Another process with another hash seed: no set or dict order may leak into the output.
    child = audit_child(SAMPLES, "--format", "json", cwd=tmp_path, env={"PYTHONHASHSEED": "12345"})
    assert first.code == second.code == child.code == EXIT_FINDINGS
    for name, other in (("second run", second), ("child process", child)):
        a, b = strip_timing(first.out).splitlines(), strip_timing(other.out).splitlines()
        assert a == b, f"{name} differs:\n" + "\n".join(list(difflib.unified_diff(a, b, lineterm="", n=2))[:40])
    assert '"seconds"' in first.out and json.loads(first.out)["summary"]["files"] == 12


# ------------------------------------------------------------- properties

_QUANTITY_TEXT = st.sampled_from(list(
    "0123456789０１２３４５６７８９.,，．%％-－—~～ \t\n（）()年月日万亿元千百十零〇一二两三四五六七八九"
    "约余多以上下不少于超过达到共计其中人次个项分钟平方米㎡公里吨户台第每周季度号届条之点"))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.text(_QUANTITY_TEXT, max_size=40), st.text(max_size=30)))
def test_quantity_parser_never_raises_and_every_figure_is_its_own_span(text):
    from auditor.nlp.quantities import parse_quantities

    for q in parse_quantities(text):
        assert 0 <= q.start <= q.num_start < q.num_end <= q.end <= len(text)
        assert q.printed == text[q.start : q.end]
        assert math.isfinite(q.value)
        # Known: "1.５" at the very start of a text is taken for a list number
        # (see test_when_a_mixed_width_decimal_starts_a_text_then_it_is_a_figure).
        assume(not re.match(r"[0-9]{1,2}[.．][０-９]", q.printed))
        again = parse_quantities(q.printed)
        assert any(r.value == q.value and r.unit == q.unit for r in again), (q, again)


def test_when_a_number_has_400_digits_then_its_value_is_still_finite():
    from auditor.nlp.quantities import parse_quantities

    assert all(math.isfinite(q.value) for q in parse_quantities("9" * 400 + "万元"))


def test_when_a_mixed_width_decimal_starts_a_text_then_it_is_a_figure():
    from auditor.nlp.quantities import parse_quantities

    # value is in the printed unit (万元); normalized is in 元
    assert [(q.value, q.normalized) for q in parse_quantities("1.５万元")] == [(1.5, 15000.0)]


_LAYOUT_PIECES = st.sampled_from(["\t", "\t", "\n", "\n", "\n\n", "\n\n\n", " ", "\u3000", " " * 14, "\r\n", "\f",
                                  "合计", "预算", "100", "2558.63", "98%", "（一）", "万元", "x", "年  月  日"])


def _visible(s: str) -> Counter:
    return Counter(ch for ch in s if not ch.isspace())


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_LAYOUT_PIECES, max_size=80).map("".join))
def test_text_table_reader_never_raises_keeps_every_cell_in_its_grid_and_loses_no_character(text):
    from auditor.ingest.text import parse_text

    doc = parse_text(text)
    kept = Counter()
    for p in doc.paragraphs:
        kept += _visible(p.text)
    for t in doc.tables:
        covered: set[tuple[int, int]] = set()
        for c in t.cells:
            assert 0 <= c.row < c.row + c.row_span <= t.n_rows and 0 <= c.col < c.col + c.col_span <= t.n_cols
            spots = {(r, k) for r in range(c.row, c.row + c.row_span) for k in range(c.col, c.col + c.col_span)}
            assert not spots & covered
            covered |= spots
            kept += _visible(c.text)
        grid = t.value_grid()
        assert len(grid) == t.n_rows and all(len(row) == t.n_cols for row in grid)
    assert kept == _visible(text)


# ------------------------------------------------------------------- fuzzing


def test_when_sample_reports_are_mutated_then_no_exception_escapes(tmp_path):
    fuzz = load_script("fuzz_inputs")  # the full run: scripts/fuzz_inputs.py --cases 10000 (docs/robustness.md)
    readers = fuzz.fuzz(200, seed=7, crash_dir=tmp_path / "crashes", timeout=30, read_only=True)
    audits = fuzz.fuzz(20, seed=7, start=1000, crash_dir=tmp_path / "crashes", timeout=30)
    for summary in (readers, audits):
        assert summary["failures"] == 0, summary["failure_signatures"]
    assert readers["cases"] == 200 and len(readers["outcomes"]) > 2  # both readable and refused mutants
