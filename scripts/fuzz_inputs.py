#!/usr/bin/env python3
"""Fuzz the whole read → audit → JSON path with mutated sample reports.

    python scripts/fuzz_inputs.py --cases 10000 --seed 1 --jobs 2
    python scripts/fuzz_inputs.py --seed 1 --case 4711        # rebuild one mutant, run it, show the traceback
    python scripts/fuzz_inputs.py --seed 1 --case 4711 --write bad.docx

Every case starts from one file of samples/ (.docx or .txt) and applies one
mutation chosen from the case's own random stream (``Random(f"{seed}:{case}")``),
so a case number and a seed rebuild the same bytes on any machine:

bytes       flip 1-32 bytes, truncate, insert or duplicate a chunk, zero a run
zip         (.docx) corrupt a member's compressed bytes, replace a member with
            junk, drop or rename a member, lie about a member's size
xml         (.docx) 1-6 random edits of word/document.xml (or styles.xml):
            cut or duplicate a span, insert table/row/cell/merge markup,
            absurd gridSpan/gridBefore/vMerge values, entity declarations,
            unbalanced tags, very long digit runs
text        (.txt) TABs, line breaks, full-width spaces, long digit runs,
            control characters, re-encoding (GBK, UTF-16, UTF-32, BOM lies)
suffix      any of the above saved under another extension

Each mutant is written to a temporary file and given to
:func:`auditor.audit.audit_path`, and the result to the JSON renderer. An
:class:`~auditor.errors.AuditorError` (raised or stored on the result) is a
handled outcome; any other exception, or a case that runs past --timeout
seconds, is a failure: the mutant and its traceback are saved under
--crash-dir/<signature>/ so ``audit FILE --debug`` reproduces it.

Exit status: 0 when no case failed, 1 otherwise. The last line printed is a
JSON summary.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SUFFIXES = (".docx", ".txt", ".doc", ".pdf", ".bin")


# ------------------------------------------------------------------ mutators


def _flip(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        if b:
            b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(max(1, len(data)))]


def _insert_chunk(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    chunk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 512)))
    return data[:at] + chunk + data[at:]


def _duplicate_chunk(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 2:
        return data * 2
    a = rng.randrange(len(data) - 1)
    b = min(len(data), a + rng.randint(1, 4096))
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[a:b] + data[at:]


def _zero_run(rng: random.Random, data: bytes) -> bytes:
    a = rng.randrange(max(1, len(data)))
    n = rng.randint(1, 2048)
    return data[:a] + b"\0" * n + data[a + n :]


BYTE_MUTATORS = (_flip, _truncate, _insert_chunk, _duplicate_chunk, _zero_run)


def _rewrite_zip(data: bytes, change) -> bytes:
    """Copy a zip, letting ``change(name, payload)`` return new bytes or None to drop."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = change(info.filename, src.read(info.filename))
            if payload is None:
                continue
            name, body = payload if isinstance(payload, tuple) else (info.filename, payload)
            dst.writestr(name, body)
    return out.getvalue()


def _zip_corrupt_compressed(rng: random.Random, data: bytes) -> bytes:
    """Flip bytes inside one member's compressed data (CRC/inflate errors)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = rng.choice(zf.infolist())
    # Local header: 30 bytes + name + extra, then the compressed data.
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if info.compress_size:
            b[start + rng.randrange(info.compress_size)] = rng.randrange(256)
    return bytes(b)


def _zip_replace_member(rng: random.Random, data: bytes) -> bytes:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    victim = rng.choice(names)
    junk = rng.choice([b"", b"<", b"not xml at all", bytes(rng.randrange(256) for _ in range(200)),
                       b"<?xml version='1.0'?><root/>", "\u4e2d\u6587".encode("gb18030")])
    return _rewrite_zip(data, lambda n, body: junk if n == victim else body)


def _zip_drop_member(rng: random.Random, data: bytes) -> bytes:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    victim = rng.choice(names + ["word/document.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"])
    return _rewrite_zip(data, lambda n, body: None if n == victim else body)


def _zip_rename_member(rng: random.Random, data: bytes) -> bytes:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    victim = rng.choice(names)
    new = rng.choice(["word/document2.xml", "WORD/DOCUMENT.XML", "../evil.xml", "/abs.xml", victim + "\u4e2d"])
    return _rewrite_zip(data, lambda n, body: (new, body) if n == victim else body)


def _zip_lie_size(rng: random.Random, data: bytes) -> bytes:
    """Change a central-directory uncompressed size (and so the declared ratio)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    b = bytearray(data)
    pos = data.rfind(b"PK\x01\x02")
    headers = []
    while pos != -1:
        headers.append(pos)
        pos = data.rfind(b"PK\x01\x02", 0, pos)
    if not headers:
        return data
    h = rng.choice(headers)
    value = rng.choice([0, 1, 2**31 - 1, 2**32 - 1, rng.randrange(2**32)])
    b[h + 24 : h + 28] = value.to_bytes(4, "little")
    del zf
    return bytes(b)


ZIP_MUTATORS = (_zip_corrupt_compressed, _zip_replace_member, _zip_drop_member, _zip_rename_member, _zip_lie_size)

_XML_SNIPPETS = (
    "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>", "<w:p>", "</w:p>",
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    '<w:tc><w:tcPr><w:gridSpan w:val="{n}"/></w:tcPr><w:p><w:r><w:t>{d}</w:t></w:r></w:p></w:tc>',
    '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p/></w:tc>',
    '<w:tc><w:tcPr><w:vMerge/><w:gridSpan w:val="{n}"/></w:tcPr><w:p/></w:tc>',
    '<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>',
    '<w:tr><w:trPr><w:gridBefore w:val="{n}"/><w:gridAfter w:val="{n}"/></w:trPr><w:tc><w:p/></w:tc></w:tr>',
    "<w:r><w:t>{d}万元</w:t></w:r>", "<w:r><w:t>{d}%</w:t></w:r>", "<w:r><w:t>合计{d}</w:t></w:r>",
    "<w:br/>", "<w:tab/>", "<w:cr/>", '<w:br w:type="page"/>', "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>",
    "<w:customXml>", "</w:customXml>", "&amp;", "&lt;", "&#0;", "&#x1;", "&undefined;", "<![CDATA[1]]>", "<!-- c -->",
    "<?pi x?>", "\x00", "\ud800",
)


def _numbers(rng: random.Random) -> tuple[str, str]:
    n = rng.choice(["0", "-1", "1", "2", "63", "64", "1000", "99999999", "2147483648", "1e9", "x", "", "3.5"])
    d = rng.choice(["1", "2558.63", "100%", "9" * rng.randint(10, 400), "1,000,000", "０.５", "-0", "1e308"])
    return n, d


def _xml_edit(rng: random.Random, data: bytes) -> bytes:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    target = "word/document.xml" if rng.random() < 0.85 or "word/styles.xml" not in names else "word/styles.xml"

    def edit(xml: str) -> str:
        for _ in range(rng.randint(1, 6)):
            kind = rng.randrange(8)
            a = rng.randrange(len(xml) + 1)
            if kind == 0:  # cut a span
                xml = xml[:a] + xml[a + rng.randint(1, 2000) :]
            elif kind == 1:  # duplicate a span
                b = min(len(xml), a + rng.randint(1, 5000))
                at = rng.randrange(len(xml) + 1)
                xml = xml[:at] + xml[a:b] + xml[at:]
            elif kind == 2:  # insert markup (usually at a tag boundary)
                n, d = _numbers(rng)
                snippet = rng.choice(_XML_SNIPPETS).format(n=n, d=d)
                tags = [m.end() for m in re.finditer(">", xml)]
                at = rng.choice(tags) if tags and rng.random() < 0.8 else a
                xml = xml[:at] + snippet + xml[at:]
            elif kind == 3:  # absurd attribute values
                n, _ = _numbers(rng)
                xml = re.sub(r'(w:(?:gridSpan|gridBefore|gridAfter|vMerge|hMerge)[^>]*?w:val=")[^"]*"',
                             lambda m: m.group(1) + (n if rng.random() < 0.5 else m.group(0)[len(m.group(1)):-1]) + '"',
                             xml)
                xml = re.sub(r"<w:vMerge/>", lambda m: rng.choice(["<w:vMerge/>", '<w:vMerge w:val="restart"/>', ""]), xml)
            elif kind == 4:  # entity declarations
                head = xml.find("?>") + 2 if "?>" in xml else 0
                decl = rng.choice([
                    '<!DOCTYPE w:document [<!ENTITY a "1234万元">]>',
                    '<!DOCTYPE w:document [<!ENTITY a SYSTEM "file:///etc/passwd">]>',
                    '<!DOCTYPE w:document [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
                    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>',
                ])
                xml = xml[:head] + decl + xml[head:]
                xml = re.sub(r"<w:t>", lambda m: "<w:t>" + rng.choice(["&a;", "&f;", "&c;", ""]), xml, count=rng.randint(1, 20))
            elif kind == 5:  # text content: long digits, control chars, TABs
                _, d = _numbers(rng)
                xml = re.sub(r"(<w:t(?: [^>]*)?>)([^<]*)",
                             lambda m: m.group(1) + (d + m.group(2) if rng.random() < 0.05 else m.group(2)), xml)
            elif kind == 6:  # drop closing tags of one kind
                tag = rng.choice(["</w:tc>", "</w:tr>", "</w:tbl>", "</w:p>", "</w:body>"])
                xml = xml.replace(tag, "", rng.randint(1, 3))
            else:  # swap element names
                a_tag, b_tag = rng.sample(["w:p", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:r", "w:t", "w:body"], 2)
                xml = re.sub(rf"<(/?){a_tag}([ >/])", rf"<\g<1>{b_tag}\g<2>", xml, count=rng.randint(1, 5))
        return xml

    def change(name: str, body: bytes):
        if name != target:
            return body
        return edit(body.decode("utf-8", "replace")).encode("utf-8", "surrogatepass")

    return _rewrite_zip(data, change)


_TEXT_INSERTS = ("\t", "\t\t", "\n", "\n\n", "\n\n\n", "\u3000", " " * 40, "\r", "\f", "\x0b", "\x00", "\ufeff",
                 "合计", "万元", "%", "其中：", "较上年增长", "-", "（", "）", "\ud800", "\U0001f600", "\u202e")


def _text_edit(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    for _ in range(rng.randint(1, 12)):
        kind = rng.randrange(6)
        a = rng.randrange(len(text) + 1)
        if kind == 0:
            text = text[:a] + rng.choice(_TEXT_INSERTS) + text[a:]
        elif kind == 1:
            text = text[:a] + text[a + rng.randint(1, 500) :]
        elif kind == 2:
            b = min(len(text), a + rng.randint(1, 3000))
            text = text[:a] + text[a:b] * rng.randint(2, 20) + text[a:]
        elif kind == 3:
            _, d = _numbers(rng)
            text = text[:a] + d + text[a:]
        elif kind == 4:  # turn line breaks into TABs or the other way round
            if rng.random() < 0.5:
                text = text.replace("\n", "\t", rng.randint(1, 50))
            else:
                text = text.replace("\t", "\n", rng.randint(1, 50))
        else:
            text = text[:a] + "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randint(1, 20))) + text[a:]
    enc = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "big5"])
    out = text.encode(enc, "surrogatepass" if enc.startswith("utf") else "ignore")
    if rng.random() < 0.1:  # a BOM that lies
        out = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]) + out
    return out


def mutate(seed: int, case: int, seeds: list[Path]) -> tuple[bytes, str, str, str]:
    """(mutant bytes, suffix, mutator name, seed file name) for one case."""
    rng = random.Random(f"{seed}:{case}")
    src = rng.choice(seeds)
    data = src.read_bytes()
    suffix = src.suffix.lower()
    if suffix == ".docx":
        pool = [*BYTE_MUTATORS, *ZIP_MUTATORS, _xml_edit, _xml_edit, _xml_edit]
    else:
        pool = [*BYTE_MUTATORS, _text_edit, _text_edit, _text_edit]
    fn = rng.choice(pool)
    out = fn(rng, data)
    if rng.random() < 0.1:  # compound: a second mutation
        fn2 = rng.choice(BYTE_MUTATORS)
        out = fn2(rng, out)
        name = f"{fn.__name__}+{fn2.__name__}"
    else:
        name = fn.__name__
    if rng.random() < 0.05:
        suffix = rng.choice(SUFFIXES)
    return out, suffix, name.lstrip("_"), src.name


# ------------------------------------------------------------------- running


class CaseTimeout(Exception):
    """A case ran past --timeout seconds."""


def _on_alarm(signum, frame):  # noqa: ARG001
    raise CaseTimeout()


def _signature(exc: BaseException) -> str:
    """Exception type and the innermost auditor frame: one crash, one signature."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/auditor/" in f.filename.replace(os.sep, "/")]
    f = (ours or frames or [None])[-1]
    where = f"{Path(f.filename).parent.name}/{Path(f.filename).name}:{f.lineno}" if f else "?"
    return f"{type(exc).__name__}@{where}"


def _stage(exc: BaseException) -> str:
    """The auditor package of the innermost auditor frame: ingest, nlp, checks, report ..."""
    for f in reversed(traceback.extract_tb(exc.__traceback__)):
        parts = f.filename.replace(os.sep, "/").split("/auditor/")
        if len(parts) > 1:
            return parts[-1].split("/")[0].removesuffix(".py")
    return "other"


def run_case(seed: int, case: int, seeds: list[Path], workdir: Path, timeout: float, read_only: bool = False) -> dict:
    """Run one case; return its outcome record (no exception escapes).

    ``read_only``: only :func:`auditor.ingest.read_document` (the readers),
    not the checks and the renderer; much faster.
    """
    from auditor.audit import audit_path
    from auditor.errors import AuditorError
    from auditor.ingest import read_document
    from auditor.report.json_out import render_json

    data, suffix, mutator, source = mutate(seed, case, seeds)
    path = workdir / f"case-{case}{suffix}"
    path.write_bytes(data)
    rec = {"case": case, "mutator": mutator, "source": source, "suffix": suffix, "size": len(data)}
    t0 = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        if read_only:
            read_document(path)
            rec["outcome"] = "ok"
        else:
            result = audit_path(path)
            render_json([result])
            rec["outcome"] = result.error.code if result.error is not None else "ok"
    except AuditorError as e:
        rec["outcome"] = f"raised:{e.code}"
    except BaseException as e:  # noqa: BLE001 - what we are here to find
        if isinstance(e, KeyboardInterrupt):
            raise
        rec["outcome"] = "FAIL"
        rec["signature"] = "Timeout" if isinstance(e, CaseTimeout) else _signature(e)
        rec["stage"] = "timeout" if isinstance(e, CaseTimeout) else _stage(e)
        rec["traceback"] = traceback.format_exc()
        rec["data"] = data
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        rec["seconds"] = round(time.perf_counter() - t0, 3)
        try:
            path.unlink()
        except OSError:
            pass
    return rec


_WORKER: dict = {}


def _init_worker(seed: int, seeds: list[str], timeout: float, mem_mb: int, read_only: bool = False) -> None:
    import resource

    if mem_mb:
        # A blow-up becomes a MemoryError we can record, not a dead machine.
        resource.setrlimit(resource.RLIMIT_AS, (mem_mb * 1024 * 1024, resource.RLIM_INFINITY))
    signal.signal(signal.SIGALRM, _on_alarm)
    _WORKER.update(seed=seed, seeds=[Path(s) for s in seeds], timeout=timeout, read_only=read_only,
                   workdir=Path(tempfile.mkdtemp(prefix="auditor-fuzz-")))
    if not read_only:
        from auditor.audit import audit_path

        audit_path(_WORKER["seeds"][0])  # load the pipeline once per worker


def _work(case: int) -> dict:
    w = _WORKER
    return run_case(w["seed"], case, w["seeds"], w["workdir"], w["timeout"], w["read_only"])


def seed_files(samples: Path) -> list[Path]:
    return sorted(p for p in samples.iterdir() if p.suffix.lower() in (".docx", ".txt") and not p.name.startswith("."))


def fuzz(cases: int, seed: int, *, jobs: int = 1, samples: Path = REPO / "samples", crash_dir: Path | None = None,
         timeout: float = 60.0, mem_mb: int = 4096, start: int = 0, progress: bool = False,
         read_only: bool = False) -> dict:
    """Run ``cases`` mutants; return the summary (failures saved under ``crash_dir``)."""
    seeds = seed_files(samples)
    t0 = time.perf_counter()
    outcomes: Counter = Counter()
    mutators: Counter = Counter()
    failures: dict[str, dict] = {}
    slowest = (0.0, None)
    init = (seed, [str(s) for s in seeds], timeout, mem_mb, read_only)
    indices = range(start, start + cases)
    if jobs > 1:
        import multiprocessing as mp

        pool = mp.get_context("fork").Pool(jobs, initializer=_init_worker, initargs=init)
        it = pool.imap_unordered(_work, indices, chunksize=16)
    else:
        pool = None
        old = signal.signal(signal.SIGALRM, _on_alarm)
        _init_worker(seed, init[1], timeout, 0, read_only)
        it = map(_work, indices)
    done = 0
    try:
        for rec in it:
            done += 1
            outcomes[rec["outcome"]] += 1
            mutators[rec["mutator"].split("+")[0]] += 1
            if rec["seconds"] > slowest[0]:
                slowest = (rec["seconds"], rec["case"])
            if rec["outcome"] == "FAIL":
                sig = rec["signature"]
                entry = failures.setdefault(sig, {"count": 0, "stage": rec["stage"], "cases": []})
                entry["count"] += 1
                if len(entry["cases"]) < 5:
                    entry["cases"].append(rec["case"])
                if crash_dir is not None:
                    _save_crash(crash_dir, seed, rec)
            if progress and done % 500 == 0:
                print(f"{done}/{cases} cases, {outcomes['FAIL']} failures, {time.perf_counter() - t0:.0f} s",
                      file=sys.stderr, flush=True)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        else:
            signal.signal(signal.SIGALRM, old)
    return {
        "cases": done,
        "seed": seed,
        "start": start,
        "read_only": read_only,
        "failures": outcomes["FAIL"],
        "distinct_failures": len(failures),
        "failure_signatures": failures,
        "outcomes": dict(sorted(outcomes.items())),
        "mutators": dict(sorted(mutators.items())),
        "slowest_case": {"seconds": slowest[0], "case": slowest[1]},
        "seconds": round(time.perf_counter() - t0, 1),
    }


def _save_crash(crash_dir: Path, seed: int, rec: dict) -> None:
    sig = re.sub(r"[^A-Za-z0-9_.@-]+", "_", rec["signature"])
    d = crash_dir / f"{sig}-{hashlib.sha1(rec['signature'].encode()).hexdigest()[:8]}"
    d.mkdir(parents=True, exist_ok=True)
    name = f"seed{seed}-case{rec['case']}{rec['suffix']}"
    if len(list(d.glob("seed*"))) >= 10:
        return  # enough reproducers of one crash
    (d / name).write_bytes(rec["data"])
    (d / f"{name}.traceback.txt").write_text(
        f"# scripts/fuzz_inputs.py --seed {seed} --case {rec['case']}\n"
        f"# mutator {rec['mutator']} on {rec['source']}\n{rec['traceback']}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--start", type=int, default=0, help="first case number")
    ap.add_argument("--jobs", "-j", type=int, default=1)
    ap.add_argument("--samples", type=Path, default=REPO / "samples")
    ap.add_argument("--crash-dir", type=Path, default=Path("fuzz-crashes"))
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per case before it counts as a hang")
    ap.add_argument("--mem-mb", type=int, default=4096, help="address-space limit per worker (--jobs > 1)")
    ap.add_argument("--read-only", action="store_true", help="only read each mutant (the ingest readers), no checks")
    ap.add_argument("--case", type=int, help="rebuild and run only this case, printing its traceback")
    ap.add_argument("--write", type=Path, help="with --case: write the mutant here instead of running it")
    args = ap.parse_args(argv)

    if args.case is not None:
        data, suffix, mutator, source = mutate(args.seed, args.case, seed_files(args.samples))
        if args.write:
            args.write.write_bytes(data)
            print(f"wrote {args.write} ({len(data)} bytes, {mutator} on {source}, natural suffix {suffix})")
            return 0
        signal.signal(signal.SIGALRM, _on_alarm)
        with tempfile.TemporaryDirectory() as tmp:
            rec = run_case(args.seed, args.case, seed_files(args.samples), Path(tmp), args.timeout, args.read_only)
        rec.pop("data", None)
        print(rec.pop("traceback", ""), end="")
        print(json.dumps(rec, ensure_ascii=False))
        return 1 if rec["outcome"] == "FAIL" else 0

    summary = fuzz(args.cases, args.seed, jobs=args.jobs, samples=args.samples, crash_dir=args.crash_dir,
                   timeout=args.timeout, mem_mb=args.mem_mb, start=args.start, progress=True,
                   read_only=args.read_only)
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
