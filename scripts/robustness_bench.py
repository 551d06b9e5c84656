#!/usr/bin/env python3
"""Time and peak memory of auditing a 1,000-page report, .txt and .docx.

    python scripts/robustness_bench.py                 # both formats, table on stdout
    python scripts/robustness_bench.py --pages 2000 --json
    python scripts/robustness_bench.py --keep /tmp/big  # also keep the generated reports

The reports are built from the samples: the narrative and tables of
samples/000, 002 and 004 repeated until the text reaches ~1,500 bytes a page
(~1.5 MB of UTF-8 for 1,000 pages; a page of a Chinese report holds roughly
500 characters). The .docx repeats the same samples' Word bodies (paragraphs
and tables) as often as the .txt repeats their text, in one document.xml.

Each report is audited by the real CLI (``audit FILE --format json -o …``)
in a fresh child process, which reports its own
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` when it ends; the parent times
it. Budget: peak memory <= 1 GB (``--max-mb``); the exit status is 1 when a
run exceeds it or exits with anything but 0/1.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
BASES = ("000_e4b7451ca6ac423e", "002_a0eb83d49e186f2c", "004_50f89173955d11d8")
BYTES_PER_PAGE = 1500

# Runs in the child: audit, then say how much memory this process ever held.
_CHILD = """
import json, resource, sys
from auditor.cli import main
code = main(sys.argv[1:])
kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(json.dumps({"exit_code": code, "peak_mb": round(kb / 1024, 1)}))
"""


def copies_for(pages: int) -> int:
    """How many sample reports make ``pages`` pages of text."""
    target = pages * BYTES_PER_PAGE
    sizes = [len((SAMPLES / f"{b}.txt").read_bytes()) for b in BASES]
    n, total = 0, 0
    while total < target:
        total += sizes[n % len(sizes)]
        n += 1
    return n


def big_text_report(pages: int = 1000) -> str:
    """A ``pages``-page plain-text report (layouts A and B mixed, as in the samples)."""
    texts = [(SAMPLES / f"{b}.txt").read_text(encoding="utf-8") for b in BASES]
    return "".join(texts[i % len(texts)] + "\n\n\n" for i in range(copies_for(pages)))


def big_docx_report(pages: int = 1000) -> bytes:
    """The same report as a .docx: the samples' Word bodies repeated in one document."""
    bodies = []
    for b in BASES:
        xml = zipfile.ZipFile(SAMPLES / f"{b}.docx").read("word/document.xml").decode("utf-8")
        bodies.append(xml[xml.index("<w:body>") + len("<w:body>") : xml.rindex("<w:sectPr")])
    base = zipfile.ZipFile(SAMPLES / f"{BASES[0]}.docx")
    xml = base.read("word/document.xml").decode("utf-8")
    head, tail = xml[: xml.index("<w:body>") + len("<w:body>")], xml[xml.rindex("<w:sectPr") :]
    big = head + "".join(bodies[i % len(bodies)] for i in range(copies_for(pages))) + tail
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in base.infolist():
            dst.writestr(info.filename, big if info.filename == "word/document.xml" else base.read(info.filename))
    return out.getvalue()


def write_reports(directory: Path, pages: int = 1000) -> list[Path]:
    """Write big.txt and big.docx into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    txt = directory / f"report-{pages}p.txt"
    txt.write_text(big_text_report(pages), encoding="utf-8")
    docx = directory / f"report-{pages}p.docx"
    docx.write_bytes(big_docx_report(pages))
    return [txt, docx]


def measure(path: Path, out_dir: Path) -> dict:
    """Audit ``path`` in a child process: seconds, peak MB, exit code, findings."""
    out = out_dir / f"{path.name}.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path), "--format", "json", "-o", str(out)],
                          capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t0
    try:
        child = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        child = {"exit_code": proc.returncode, "peak_mb": None}
    rec = {"file": path.name, "bytes": path.stat().st_size, "seconds": round(seconds, 1), **child,
           "stderr": proc.stderr.strip()[-500:]}
    if out.exists():
        doc = json.loads(out.read_text(encoding="utf-8"))
        rep = doc["reports"][0]
        rec.update(findings=doc["summary"]["findings"], figures=rep.get("stats", {}).get("figures"),
                   paragraphs=rep.get("stats", {}).get("paragraphs"), tables=rep.get("stats", {}).get("tables"))
    return rec


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--max-mb", type=float, default=1024.0, help="peak memory budget per run")
    ap.add_argument("--keep", type=Path, help="write the generated reports here and keep them")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="auditor-robustness-") as tmp:
        where = args.keep or Path(tmp)
        results = [measure(p, Path(tmp)) for p in write_reports(where, args.pages)]
    ok = all(r["exit_code"] in (0, 1) and r["peak_mb"] is not None and r["peak_mb"] <= args.max_mb for r in results)
    if args.json:
        print(json.dumps({"pages": args.pages, "max_mb": args.max_mb, "ok": ok, "runs": results}, ensure_ascii=False))
    else:
        print(f"| {args.pages}-page report | size | seconds | peak memory | exit | paragraphs | tables | figures | findings |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in results:
            print(f"| {r['file']} | {r['bytes'] / 1e6:.2f} MB | {r['seconds']} s | {r['peak_mb']} MB | {r['exit_code']} "
                  f"| {r.get('paragraphs')} | {r.get('tables')} | {r.get('figures')} | {r.get('findings')} |")
        print(f"budget: peak <= {args.max_mb:.0f} MB per run: {'ok' if ok else 'EXCEEDED or failed'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
