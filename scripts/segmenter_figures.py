#!/usr/bin/env python
"""Print the figures of the shipped compact pkuseg model.

1. size on disk of the model files (features.msgpack + weights.npz);
2. load time: from the start of ``load_nlp()`` to its return, each run in a
   fresh interpreter (nothing cached), median of 3;
3. token agreement with the full default pkuseg model over the sample reports:
   tokens whose (start, end) span is identical in both segmentations, divided
   by the larger token count of the two (so extra splits and missed splits
   both count against it);
4. segmentation speed in words (tokens) per second for both models.

The full model comes from the same pkuseg wheel the compact one was derived
from (see build_pkuseg_model.py); it is downloaded with pip once and cached in
``--full-model DIR`` (default: a directory under the system temp dir).

Usage::

    python scripts/segmenter_figures.py [--full-model DIR] [--seeds DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
REPO_ROOT = SCRIPTS.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(SCRIPTS))

import build_pkuseg_model  # noqa: E402
from spacy.lang.zh import Chinese  # noqa: E402

from auditor.nlp.segmenter import load_nlp, model_dir  # noqa: E402

DEFAULT_SEEDS = Path("/work/shared/seeds")
DEFAULT_FULL = Path(tempfile.gettempdir()) / f"auditor-pkuseg-full-{build_pkuseg_model.PKUSEG_VERSION}"
MODEL_FILES = ("features.msgpack", "weights.npz")

_LOAD_SNIPPET = """\
import time
from auditor.nlp.segmenter import load_nlp
t = time.perf_counter()
load_nlp()
print(time.perf_counter() - t)
"""


def model_size_mb(directory: Path) -> float:
    """Size in MB (10**6 bytes) of the files spacy-pkuseg loads from ``directory``."""
    return sum((directory / name).stat().st_size for name in MODEL_FILES) / 1e6


def load_seconds(runs: int = 3) -> float:
    """Median load_nlp() time over ``runs`` fresh interpreters, so no cache helps."""
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _LOAD_SNIPPET], cwd=REPO_ROOT,
                             check=True, capture_output=True, text=True).stdout
        times.append(float(out.strip().splitlines()[-1]))
    return statistics.median(times)


def full_nlp(directory: Path):
    """Pipeline segmenting with the full default model, fetched on first use."""
    if not all((directory / name).is_file() for name in MODEL_FILES):
        print(f"fetching the full pkuseg model into {directory} ...", file=sys.stderr)
        build_pkuseg_model.write_full_model(directory)
    nlp = Chinese.from_config({"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(directory))
    return nlp


def segment(nlp, texts: list[str]) -> tuple[list[set[tuple[int, int]]], float]:
    """Token spans per text (whitespace tokens ignored) and the seconds it took."""
    t = time.perf_counter()
    docs = [nlp(text) for text in texts]
    elapsed = time.perf_counter() - t
    spans = [{(tok.idx, tok.idx + len(tok)) for tok in doc if not tok.is_space} for doc in docs]
    return spans, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full-model", type=Path, default=DEFAULT_FULL,
                        help="directory caching the full model in spacy-pkuseg format (default %(default)s)")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS,
                        help="directory of sample report *.txt files (default %(default)s)")
    args = parser.parse_args(argv)

    paths = sorted(args.seeds.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no *.txt files in {args.seeds}")
    texts = [p.read_text(encoding="utf-8") for p in paths]

    print(f"model size:  {model_size_mb(model_dir()):.2f} MB (features.msgpack + weights.npz)")
    print(f"load time:   {load_seconds():.3f} s (load_nlp() in a fresh process, median of 3)")

    full_spans, full_s = segment(full_nlp(args.full_model), texts)
    compact_spans, compact_s = segment(load_nlp(), texts)
    n_full = sum(map(len, full_spans))
    n_compact = sum(map(len, compact_spans))
    common = sum(len(a & b) for a, b in zip(full_spans, compact_spans))
    print(f"agreement:   {100 * common / max(n_full, n_compact):.2f} % "
          f"({common}/{max(n_full, n_compact)} tokens; full {n_full}, compact {n_compact}; "
          f"{len(paths)} files, {sum(map(len, texts))} chars)")
    for path, a, b in zip(paths, full_spans, compact_spans):
        print(f"  {path.name}: {100 * len(a & b) / max(len(a), len(b), 1):.2f} %")
    print(f"speed:       {n_compact / compact_s:,.0f} words/s compact, "
          f"{n_full / full_s:,.0f} words/s full")
    return 0


if __name__ == "__main__":
    sys.exit(main())
