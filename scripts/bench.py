#!/usr/bin/env python3
"""Speed and memory of the auditor, with the python-docx floor beside them.

    python scripts/bench.py                 # all measurements
    python scripts/bench.py --batch 200 --rounds 3 --json
    python scripts/bench.py --file samples/004_50f89173955d11d8.docx

Measured, in one run:

cold        `python -m auditor.cli FILE --format json` (or the `audit` console
            script when installed), process start to exit; median of 5 after
            one untimed run, with bytecode caching on as in an installed
            package (PYTHONDONTWRITEBYTECODE is cleared for the child). FILE is
            the largest sample of --format (docx when samples/*.docx exist).
peak memory ru_maxrss of that child process (os.wait4), max over the 5 runs.
warm        per-report time of audit_path inside one process, after a warm-up:
            median over every sample x --rounds.
throughput  a batch of --batch reports (copies of the samples in a temp dir),
            one CLI process with --jobs 1 and --jobs 2 (multiprocessing Pool of
            audit_path when the CLI has no --jobs); reports per second.
floor       python-docx alone on the same .docx: Document(path) and the text of
            every paragraph and table cell. In-process (median of 5) and as a
            cold process.
extraction  auditor.nlp.extract.extract_claims on the largest sample, pipeline
            loaded (median of 5), when that module exists.
pdf         every PDF of --pdf-dir (default ../shared/corpus/pdf), in this
            process: reading by the pdfplumber engine (once) and by the PDFium
            engine (median of 3) side by side with their ratio, and the whole
            warm audit (audit_path: read + checks, as the CLI runs it): the
            first audit of each PDF in the process (pipeline loaded, nothing
            of this file cached) and the median of 3 more; per PDF, with the
            median and the slowest over the folder. CPU seconds of this
            process (time.process_time), which other processes on a shared
            machine disturb far less than the wall clock. Needs pdfplumber for the
            old column (the `test` extra); skipped when the folder is absent.
pages       the robustness report (scripts/robustness_bench.py) as .docx at
            250, 500 and 1,000 pages (--pages), each audited by the CLI in a
            fresh process: wall and CPU seconds, CPU seconds per 100 pages
            (linearity is judged on CPU time: on a shared machine the wall
            clock also counts other processes' work), peak memory.

Targets: cold <= 1.5 s, warm <= 200 ms, peak <= 400 MB; PDF reading >= 5x
the pdfplumber engine, warm audit of a corpus PDF <= 0.5 s; 1,000 pages
<= 30 s, growing linearly (seconds per page within 1.5x of the 250-page run).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TARGETS = {"cold_s": 1.5, "warm_ms": 200.0, "peak_mb": 400.0, "pdf_ratio": 5.0, "pdf_audit_s": 0.5,
           "pages_1000_s": 30.0, "linear": 1.5}
PDF_DIR = REPO.parent / "shared" / "corpus" / "pdf"
PY = sys.executable


def sample_files(inputs: Path | None, fmt: str | None) -> tuple[list[Path], str]:
    dirs = [inputs] if inputs else [REPO / "samples", REPO.parent / "shared" / "seeds"]
    for fm in ([fmt] if fmt else ["docx", "txt"]):
        for d in dirs:
            files = sorted(p for p in d.glob(f"*.{fm}") if not p.name.startswith(("~$", ".")))
            if files:
                return files, fm
    return [], fmt or "txt"


def _env() -> dict:
    env = dict(os.environ)
    # An installed package has its bytecode compiled (pip does it at install time);
    # a sandbox that sets PYTHONDONTWRITEBYTECODE would recompile every module on
    # every cold run and measure something no user sees.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def cli_cmd() -> list[str]:
    # the console script of this interpreter's environment first: another `audit` on PATH may be stale
    own = Path(PY).parent / "audit"
    exe = str(own) if own.exists() else shutil.which("audit")
    return [exe] if exe else [PY, "-m", "auditor.cli"]


def run_child(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit code of one child process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(), cwd=cwd)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
    if p.stderr:
        p.stderr.close()
    if p.returncode not in (0, 1):
        print(f"  note: {' '.join(cmd[:4])}... exited {p.returncode}: {err.strip()[-300:]}", file=sys.stderr)
    kb = ru.ru_maxrss  # kilobytes on Linux
    return dt, kb / 1024.0, p.returncode


def cli_has_jobs() -> bool:
    try:
        out = subprocess.run(cli_cmd() + ["check", "--help"], capture_output=True, text=True, env=_env(), timeout=60)
        return "--jobs" in (out.stdout + out.stderr)
    except Exception:
        return False


def bench_cold(file: Path, runs: int = 5) -> dict:
    run_child(cli_cmd() + [str(file), "--format", "json"])  # untimed: writes bytecode, warms the file cache
    times, peaks, codes = [], [], []
    for _ in range(runs):
        dt, mb, rc = run_child(cli_cmd() + [str(file), "--format", "json"])
        times.append(dt)
        peaks.append(mb)
        codes.append(rc)
    return {"file": file.name, "median_s": statistics.median(times), "runs": times,
            "peak_mb": max(peaks), "exit_codes": codes}


def bench_warm(files: list[Path], rounds: int) -> dict:
    from auditor.audit import AuditConfig, audit_path

    cfg = AuditConfig()
    t0 = time.perf_counter()
    first = audit_path(files[0], cfg)  # warm-up: loads the pipeline
    warmup = time.perf_counter() - t0
    per: dict[str, list[float]] = {f.name: [] for f in files}
    errors = {}
    for _ in range(rounds):
        for f in files:
            t = time.perf_counter()
            r = audit_path(f, cfg)
            per[f.name].append(time.perf_counter() - t)
            if r.error is not None:
                errors[f.name] = str(r.error)[:160]
    allt = [x for v in per.values() for x in v]
    return {
        "warmup_s": warmup,
        "median_ms": statistics.median(allt) * 1000,
        "max_ms": max(allt) * 1000,
        "per_file_ms": {k: statistics.median(v) * 1000 for k, v in per.items()},
        "errors": errors or ({files[0].name: str(first.error)[:160]} if first.error else {}),
    }


def _pool_audit(path: str) -> int:
    from auditor.audit import audit_path

    return len(audit_path(path).findings)


def bench_batch(files: list[Path], n: int, jobs_list: list[int], use_cli: bool) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="auditor-bench-"))
    out = {}
    try:
        batch = []
        for i in range(n):
            src = files[i % len(files)]
            dst = tmp / f"r{i:04d}_{src.name}"
            shutil.copyfile(src, dst)
            batch.append(dst)
        for jobs in jobs_list:
            if use_cli:
                dt, mb, rc = run_child(cli_cmd() + [str(tmp), "--format", "json", "--jobs", str(jobs),
                                                    "--output", str(tmp / "out.json")])
                (tmp / "out.json").unlink(missing_ok=True)
                out[jobs] = {"how": "cli --jobs", "seconds": dt, "per_s": n / dt, "peak_mb": mb, "exit": rc}
            else:
                import multiprocessing as mp

                t0 = time.perf_counter()
                with mp.get_context("spawn").Pool(jobs) as pool:
                    pool.map(_pool_audit, [str(p) for p in batch], chunksize=4)
                dt = time.perf_counter() - t0
                out[jobs] = {"how": "Pool(audit_path)", "seconds": dt, "per_s": n / dt, "peak_mb": None}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


_WALK = """
import sys, time
from docx import Document
def walk(p):
    d = Document(p)
    n = 0
    for para in d.paragraphs:
        n += len(para.text)
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                n += len(c.text)
    return n
"""


def bench_floor(docx_path: Path, runs: int = 5) -> dict:
    ns: dict = {}
    exec(_WALK, ns)
    ns["walk"](str(docx_path))  # warm import and caches
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        ns["walk"](str(docx_path))
        times.append(time.perf_counter() - t)
    cold = [run_child([PY, "-c", _WALK + f"\nwalk({str(docx_path)!r})\n"])[0] for _ in range(runs)]
    return {"file": docx_path.name, "inproc_ms": statistics.median(times) * 1000, "cold_s": statistics.median(cold)}


def bench_extract(files: list[Path], runs: int = 5) -> dict | None:
    try:
        from auditor.nlp.extract import extract_claims
    except Exception as e:  # noqa: BLE001 - module may not exist yet
        return {"skipped": f"auditor.nlp.extract.extract_claims unavailable ({type(e).__name__}: {e})"}
    from auditor.ingest import read_document

    big = max(files, key=lambda p: p.stat().st_size)
    doc = read_document(big)
    extract_claims(doc)  # warm-up
    times = []
    for _ in range(runs):
        d = read_document(big)
        t = time.perf_counter()
        extract_claims(d)
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    read_document(big)
    read_t = time.perf_counter() - t
    return {"file": big.name, "median_ms": statistics.median(times) * 1000, "read_ms": read_t * 1000}


def bench_pdf(pdf_dir: Path, rounds: int = 3) -> dict:
    """Old and new PDF reader side by side, and the warm audit, per corpus PDF."""
    from auditor.audit import AuditConfig, audit_path
    from auditor.ingest.pdf import read_pdf

    try:
        from auditor.ingest.pdf_plumber import read_pdf_plumber

        import pdfplumber  # noqa: F401
    except ImportError:
        read_pdf_plumber = None
    files = sorted(pdf_dir.glob("*.pdf"))
    cfg = AuditConfig()
    # Warm-up: the pipeline loaded by a sample report, PDFium by one page. Not a
    # corpus PDF: the first audit of each must find none of its texts cached.
    samples, _ = sample_files(None, "txt")
    audit_path(samples[0] if samples else files[0], cfg)
    import pypdfium2

    import auditor.ingest.pdf_layout  # noqa: F401  imported by the first PDF read otherwise

    with pypdfium2.PdfDocument(str(files[0])) as pdf:
        pdf[0].get_textpage().get_text_range()
    rows = []
    for f in files:
        gc.collect()
        # first: nothing of this file's texts is in the per-text caches yet
        t = time.process_time()
        first = audit_path(f, cfg)
        first_s = time.process_time() - t
        old = None
        if read_pdf_plumber is not None:
            t = time.process_time()
            read_pdf_plumber(f)
            old = time.process_time() - t
        gc.collect()  # pdfplumber's garbage must not be collected inside the timed runs
        news, audits = [], []
        for _ in range(rounds):
            t = time.process_time()
            doc = read_pdf(f)
            news.append(time.process_time() - t)
            t = time.process_time()
            audit_path(f, cfg)
            audits.append(time.process_time() - t)
        new = statistics.median(news)
        rows.append({"file": f.name, "pages": doc.meta.get("pages"), "old_s": old, "new_s": new,
                     "ratio": (old / new) if old else None, "audit_s": statistics.median(audits),
                     "first_s": first_s, "error": str(first.error)[:160] if first.error else None})
    tot_old = sum(r["old_s"] for r in rows) if read_pdf_plumber is not None else None
    tot_new = sum(r["new_s"] for r in rows)
    slowest = max(rows, key=lambda r: max(r["audit_s"], r["first_s"]))
    return {"dir": str(pdf_dir), "rows": rows, "old_total_s": tot_old, "new_total_s": tot_new,
            "ratio": (tot_old / tot_new) if tot_old else None,
            "audit_median_s": statistics.median(r["audit_s"] for r in rows),
            "audit_max_s": max(r["audit_s"] for r in rows),
            "first_median_s": statistics.median(r["first_s"] for r in rows),
            "first_max_s": max(r["first_s"] for r in rows),
            "slowest": slowest["file"]}


def bench_pages(pages_list: list[int]) -> dict:
    """The robustness .docx at each page count, audited by the CLI in a fresh process."""
    sys.path.insert(0, str(REPO / "scripts"))
    from robustness_bench import big_docx_report, measure

    tmp = Path(tempfile.mkdtemp(prefix="auditor-pages-"))
    runs = []
    try:
        for n in pages_list:
            path = tmp / f"report-{n}p.docx"
            path.write_bytes(big_docx_report(n))
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            rec = measure(path, tmp)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            # CPU seconds of the child: on a shared machine the wall clock also counts others' work
            rec["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            rec["pages"] = n
            runs.append(rec)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    base = runs[0]["cpu_s"] / runs[0]["pages"] if runs and runs[0]["cpu_s"] else None
    for r in runs:
        r["s_per_100p"] = 100 * r["seconds"] / r["pages"]
        r["cpu_per_100p"] = 100 * r["cpu_s"] / r["pages"]
        r["vs_first"] = (r["cpu_s"] / r["pages"]) / base if base else None
    return {"runs": runs}


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "-"
    return "ok" if value <= target else "OVER"


def render(res: dict) -> str:
    L = []
    L.append(f"Benchmark: {res['n_samples']} samples (.{res['format']}), python {res['python']}, {res['cpus']} CPUs, "
             f"load average {res['load_before']} before / {res.get('load_after', '?')} after")
    L.append("")
    L.append("| measurement | figure | target | |")
    L.append("|---|---:|---:|---|")
    c = res.get("cold")
    if c:
        bad = [x for x in c["exit_codes"] if x not in (0, 1)]
        flag = f"INVALID (exit {bad[0]})" if bad else None
        L.append(f"| cold `audit {c['file']} --format json` (median of {len(c['runs'])}) | {c['median_s']:.2f} s | "
                 f"≤ {TARGETS['cold_s']} s | {flag or verdict(c['median_s'], TARGETS['cold_s'])} |")
        L.append(f"| peak memory of that process (maxrss) | {c['peak_mb']:.0f} MB | ≤ {TARGETS['peak_mb']:.0f} MB | "
                 f"{flag or verdict(c['peak_mb'], TARGETS['peak_mb'])} |")
    w = res.get("warm")
    if w:
        flag = "INVALID (audit errors)" if w.get("errors") else None
        L.append(f"| warm per report, in process (median, all samples × {res['rounds']}) | {w['median_ms']:.0f} ms | "
                 f"≤ {TARGETS['warm_ms']:.0f} ms | {flag or verdict(w['median_ms'], TARGETS['warm_ms'])} |")
        L.append(f"| warm, slowest report | {w['max_ms']:.0f} ms | | |")
        L.append(f"| first audit in process (pipeline load) | {w['warmup_s']:.2f} s | | |")
    for jobs, b in (res.get("batch") or {}).items():
        ok = b.get("exit") in (None, 0, 1)
        L.append(f"| batch of {res['batch_n']}, {jobs} worker{'s' if int(jobs) > 1 else ''} ({b['how']}) | "
                 f"{b['seconds']:.1f} s = {b['per_s']:.1f} reports/s | | {'' if ok else 'INVALID (exit %s)' % b.get('exit')} |")
        if b.get("peak_mb"):
            L.append(f"| peak memory, batch with {jobs} worker{'s' if int(jobs) > 1 else ''} (largest process) | "
                     f"{b['peak_mb']:.0f} MB | ≤ {TARGETS['peak_mb']:.0f} MB | {verdict(b['peak_mb'], TARGETS['peak_mb'])} |")
    f = res.get("floor")
    if f:
        L.append(f"| floor: python-docx open + walk {f['file']}, in process | {f['inproc_ms']:.0f} ms | | |")
        L.append(f"| floor: same as a cold process | {f['cold_s']:.2f} s | | |")
    e = res.get("extract")
    if e:
        if "skipped" in e:
            L.append(f"| extraction (extract_claims) | skipped | | {e['skipped'][:80]} |")
        else:
            L.append(f"| extraction of the largest sample {e['file']}, pipeline loaded | {e['median_ms']:.0f} ms "
                     f"(read {e['read_ms']:.0f} ms) | | |")
    pdf = res.get("pdf")
    if pdf and "skipped" not in pdf:
        if pdf["ratio"]:
            L.append(f"| PDF reading, {len(pdf['rows'])} corpus PDFs (CPU s): pdfplumber {pdf['old_total_s']:.1f} s, "
                     f"PDFium {pdf['new_total_s']:.1f} s | {pdf['ratio']:.1f}× faster | ≥ {TARGETS['pdf_ratio']:.0f}× | "
                     f"{'ok' if pdf['ratio'] >= TARGETS['pdf_ratio'] else 'UNDER'} |")
        L.append(f"| warm audit of a corpus PDF (read + checks, CPU s, median of 3; median / slowest) | "
                 f"{pdf['audit_median_s']:.2f} s / {pdf['audit_max_s']:.2f} s | ≤ {TARGETS['pdf_audit_s']} s | "
                 f"{verdict(pdf['audit_max_s'], TARGETS['pdf_audit_s'])} |")
        if "first_max_s" in pdf:
            L.append(f"| first audit of each corpus PDF in the process (pipeline loaded; median / slowest, "
                     f"{pdf['slowest'][:12]}) | {pdf['first_median_s']:.2f} s / {pdf['first_max_s']:.2f} s | "
                     f"≤ {TARGETS['pdf_audit_s']} s | {verdict(pdf['first_max_s'], TARGETS['pdf_audit_s'])} |")
    elif pdf:
        L.append(f"| PDF reading | skipped | | {pdf['skipped'][:80]} |")
    pg = res.get("pages")
    if pg:
        for r in pg["runs"]:
            lin = r.get("vs_first")
            lin_s = f", {lin:.2f}× the {pg['runs'][0]['pages']}-page rate" if lin and r is not pg["runs"][0] else ""
            # the 30 s target is for a quiet machine: judged on CPU time, the wall clock is shown beside it
            target = f"≤ {TARGETS['pages_1000_s']:.0f} s" if r["pages"] == 1000 else ""
            ok = r["exit_code"] in (0, 1)
            flag = (verdict(r["cpu_s"], TARGETS["pages_1000_s"]) if r["pages"] == 1000 else "") if ok else \
                f"INVALID (exit {r['exit_code']})"
            if ok and lin and lin > TARGETS["linear"]:
                flag = (flag + " NOT LINEAR").strip()
            L.append(f"| {r['pages']}-page .docx, CLI (peak {r['peak_mb']} MB) | {r['seconds']:.1f} s wall, "
                     f"{r['cpu_s']:.1f} s CPU = {r['cpu_per_100p']:.2f} s CPU/100 pages{lin_s} | {target} | {flag} |")
    if w and w.get("errors"):
        L.append("")
        for k, v in w["errors"].items():
            L.append(f"note: {k}: audit error: {v}")
    if w:
        L.append("")
        L.append("per report (warm, median): " + ", ".join(f"{k} {v:.0f} ms" for k, v in w["per_file_ms"].items()))
    if pdf and "skipped" not in pdf:
        L.append("")
        L.append("| PDF (CPU seconds) | pages | pdfplumber read | PDFium read | ratio | first audit | warm audit |")
        L.append("|---|---:|---:|---:|---:|---:|---:|")
        for r in pdf["rows"]:
            old = f"{r['old_s']:.2f} s" if r["old_s"] is not None else "-"
            ratio = f"{r['ratio']:.1f}×" if r["ratio"] else "-"
            over = " OVER" if max(r["audit_s"], r.get("first_s", 0)) > TARGETS["pdf_audit_s"] else ""
            L.append(f"| {r['file'][:40]} | {r['pages']} | {old} | {r['new_s']:.2f} s | {ratio} | "
                     f"{r.get('first_s', 0):.2f} s | {r['audit_s']:.2f} s{over} |")
        L.append(f"| max | | | {max(r['new_s'] for r in pdf['rows']):.2f} s | | "
                 f"{pdf.get('first_max_s', 0):.2f} s | {pdf['audit_max_s']:.2f} s |")
    return "\n".join(L)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=Path, default=None, help="directory of samples (default samples/, seeds fallback)")
    ap.add_argument("--format", dest="fmt", default=None, help="docx | txt (default docx when available)")
    ap.add_argument("--file", type=Path, default=None, help="report for the cold run (default: largest sample)")
    ap.add_argument("--rounds", type=int, default=3, help="warm rounds over all samples (default 3)")
    ap.add_argument("--batch", type=int, default=200, help="batch size for throughput (default 200)")
    ap.add_argument("--skip", default="", help="comma list of parts to skip: cold,warm,batch,floor,extract,pdf,pages")
    ap.add_argument("--pdf-dir", type=Path, default=PDF_DIR, help="PDFs for the reader comparison (default ../shared/corpus/pdf)")
    ap.add_argument("--pages", default="250,500,1000", help="page counts of the long .docx runs (default 250,500,1000)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)

    files, fmt = sample_files(a.inputs, a.fmt)
    if not files:
        print("no samples found", file=sys.stderr)
        return 2
    skip = {s.strip() for s in a.skip.split(",") if s.strip()}
    target = a.file or max(files, key=lambda p: p.stat().st_size)
    res: dict = {"format": fmt, "n_samples": len(files), "rounds": a.rounds, "batch_n": a.batch,
                 "python": sys.version.split()[0], "cpus": os.cpu_count(),
                 "load_before": "%.1f" % os.getloadavg()[0]}
    if "cold" not in skip:
        print(f"cold: {target.name} ...", file=sys.stderr)
        res["cold"] = bench_cold(target)
    if "warm" not in skip:
        print("warm ...", file=sys.stderr)
        res["warm"] = bench_warm(files, a.rounds)
    if "batch" not in skip:
        use_cli = cli_has_jobs()
        print(f"batch of {a.batch} ({'cli --jobs' if use_cli else 'Pool'}) ...", file=sys.stderr)
        res["batch"] = bench_batch(files, a.batch, [1, 2], use_cli)
    if "floor" not in skip:
        docx_target = target if target.suffix == ".docx" else None
        if docx_target is None:
            docxs, _ = sample_files(a.inputs, "docx")
            if docxs:
                docx_target = max(docxs, key=lambda p: p.stat().st_size)
        if docx_target is not None:
            print("python-docx floor ...", file=sys.stderr)
            res["floor"] = bench_floor(docx_target)
    if "extract" not in skip:
        print("extraction ...", file=sys.stderr)
        try:
            res["extract"] = bench_extract(files)
        except Exception as e:  # noqa: BLE001
            res["extract"] = {"skipped": f"{type(e).__name__}: {e}"}
    if "pdf" not in skip:
        if a.pdf_dir.is_dir() and any(a.pdf_dir.glob("*.pdf")):
            print(f"PDF readers on {a.pdf_dir} ...", file=sys.stderr)
            res["pdf"] = bench_pdf(a.pdf_dir)
        else:
            res["pdf"] = {"skipped": f"no PDFs in {a.pdf_dir}"}
    if "pages" not in skip:
        counts = [int(x) for x in a.pages.split(",") if x.strip()]
        print(f"long .docx at {counts} pages ...", file=sys.stderr)
        res["pages"] = bench_pages(counts)
    res["load_after"] = "%.1f" % os.getloadavg()[0]
    if a.json:
        print(json.dumps(res, ensure_ascii=False, indent=2, default=str))
    else:
        print(render(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
