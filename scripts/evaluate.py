#!/usr/bin/env python3
"""Score the auditor against a hand-made gold list.

    python scripts/evaluate.py                                  # seeds, .txt samples
    python scripts/evaluate.py --format docx                    # the .docx samples
    python scripts/evaluate.py --gold ../shared/gold/corpus-findings.yaml \
                               --inputs ../shared/corpus/text   # the 部门预算/决算 corpus
    python scripts/evaluate.py --markdown                       # table for the docs
    python scripts/evaluate.py --check-baseline tests/quality_baseline.json
    python scripts/evaluate.py --write-baseline                 # record current figures

The matching rule and the errors-on-consistent heuristic live in
scripts/gold_scoring.py (importable by tests); docs/quality.md explains them.
Exit status: 0, or 1 when --check-baseline finds a regression, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from gold_scoring import (  # noqa: E402
    Gold,
    check_baseline,
    load_gold,
    render_markdown,
    render_text,
    score,
    update_baseline,
)

DEFAULT_GOLD = REPO.parent / "shared" / "gold" / "seed-findings.yaml"
DEFAULT_BASELINE = REPO / "tests" / "quality_baseline.json"


def resolve_inputs(gold: Gold, inputs: Path | None, fmt: str) -> Path:
    """--inputs, else samples/ when it holds the gold's files, else ../shared/seeds."""
    if inputs is not None:
        return inputs
    candidates = [REPO / "samples", REPO.parent / "shared" / "seeds"]
    for c in candidates:
        if any((c / f"{s}.{fmt}").exists() for s in gold.stems):
            return c
    return candidates[0]


def run_audits(paths: list[Path], quiet: bool = False) -> list:
    from auditor.audit import AuditConfig, audit_path
    from auditor.findings import AuditResult

    results = []
    for p in paths:
        t0 = time.perf_counter()
        try:
            r = audit_path(p, AuditConfig())
        except Exception as e:  # the pipeline is under construction: record, go on
            r = AuditResult(file=str(p), error=e)
        if not quiet:
            state = "ok" if r.error is None else f"FAILED: {type(r.error).__name__}: {r.error}"
            print(f"  audited {p.name} in {time.perf_counter() - t0:.2f}s ({len(r.findings)} findings) {state}",
                  file=sys.stderr)
        results.append(r)
    return results


def evaluate(gold_path: Path, inputs: Path | None, fmt: str, quiet: bool = False, clean: bool = True):
    gold = load_gold(gold_path)
    inputs = resolve_inputs(gold, inputs, fmt)
    paths, missing = [], []
    for stem in gold.stems:
        p = inputs / f"{stem}.{fmt}"
        (paths if p.exists() else missing).append(p if p.exists() else stem)
    clean_paths = sorted(inputs.glob(f"clean_*.{fmt}")) if clean else []
    if not quiet:
        print(f"gold {gold_path} ({len(gold.entries)} entries, {len(gold.consistent)} consistent); "
              f"inputs {inputs}/*.{fmt}: {len(paths)} files"
              + (f", {len(missing)} missing" if missing else "")
              + (f", clean: {', '.join(p.name for p in clean_paths)}" if clean_paths else ""),
              file=sys.stderr)
    results = run_audits(paths, quiet)
    clean_results = run_audits(clean_paths, quiet)
    return score(gold, results, fmt=fmt, clean_results=clean_results, missing=missing)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold yaml (default ../shared/gold/seed-findings.yaml)")
    ap.add_argument("--inputs", type=Path, default=None, help="directory of reports (default samples/, else ../shared/seeds)")
    ap.add_argument("--format", default="txt", help="which files to audit: txt | docx | pdf (default txt)")
    ap.add_argument("--json", action="store_true", help="print the full evaluation as JSON")
    ap.add_argument("--markdown", action="store_true", help="print the Markdown table for the docs")
    ap.add_argument("--no-clean", action="store_true", help="do not audit samples/clean_* as well")
    ap.add_argument("--check-baseline", type=Path, nargs="?", const=DEFAULT_BASELINE, default=None,
                    metavar="JSON", help="exit 1 if recall fell or errors on consistent rose vs this baseline")
    ap.add_argument("--write-baseline", type=Path, nargs="?", const=DEFAULT_BASELINE, default=None,
                    metavar="JSON", help="record the current figures as the baseline (default tests/quality_baseline.json)")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)

    fmt = a.format.lstrip(".").lower()
    if fmt not in ("txt", "docx", "pdf", "doc"):
        ap.error(f"--format must be txt, docx or pdf, not {a.format!r}")
    if not a.gold.exists():
        print(f"gold file not found: {a.gold}", file=sys.stderr)
        return 2
    ev = evaluate(a.gold, a.inputs, fmt, quiet=a.quiet, clean=not a.no_clean)

    if a.json:
        print(json.dumps(ev.as_dict(), ensure_ascii=False, indent=2, default=str))
    elif a.markdown:
        print(render_markdown(ev))
    else:
        print(render_text(ev))

    rc = 0
    if a.check_baseline:
        base = json.loads(a.check_baseline.read_text(encoding="utf-8")) if a.check_baseline.exists() else {}
        problems = check_baseline(ev, base)
        for p in problems:
            print(f"REGRESSION: {p}", file=sys.stderr)
        if problems:
            rc = 1
        elif not a.quiet:
            print(f"baseline {a.check_baseline}: no regression", file=sys.stderr)
    if a.write_baseline:
        update_baseline(a.write_baseline, ev)
        print(f"baseline written to {a.write_baseline}", file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main())
