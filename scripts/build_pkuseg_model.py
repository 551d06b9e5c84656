#!/usr/bin/env python
"""Derive the compact pkuseg segmentation model shipped in ``auditor/nlp/pkuseg_model``.

The published default pkuseg model (pkuseg 0.0.25 wheel on PyPI, MIT licence)
is a linear-chain CRF with 2.6 M features x 5 tags (183 MB on disk). Most of its
features barely influence any decision, so this script:

1. downloads the wheel with pip (``pip download``, no install) into a temp dir
   and checks its SHA-256, so a rebuild always starts from the same bytes;
2. reads ``features.pkl`` (a pickle of plain dicts/lists; loaded with an
   unpickler that refuses every class, so the file cannot run code) and
   ``weights.npz``;
3. centres every feature's 5 tag weights on their mean. Viterbi picks exactly
   one tag per character, so adding a constant to all tags of a feature never
   changes the result: this step is exact and makes step 4 measure what matters;
4. drops every feature whose weight range (max - min over the tags) is below
   ``--threshold``;
5. rounds the kept weights to multiples of ``--quantum`` so they compress well.
   spacy-pkuseg's Cython decoder only accepts float64 arrays, so the values stay
   float64 and the saving comes from the compressed npz;
6. keeps only the dictionary words (``unigram``) that a kept feature still
   mentions, and empties ``bigram`` (read by training only);
7. writes ``features.msgpack`` + ``weights.npz`` (the files
   ``spacy_pkuseg.pkuseg(model_name=DIR)`` reads), the pkuseg LICENSE and a
   README.md describing the result.

Usage::

    python scripts/build_pkuseg_model.py [--threshold 0.3] [--quantum 0.01] [--out DIR]

``scripts/segmenter_figures.py`` reuses :func:`write_full_model` from here to
get the unpruned reference model for its agreement figure.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import pickle
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import srsly

PKUSEG_VERSION = "0.0.25"
# The only binary wheel of this release; pinning its hash makes the derived
# model reproducible and guards against a swapped upload.
WHEEL_SHA256 = "6fc2f97d0f66cc6722cf772e65dbcde1b01d8cc53b66ac4aa7bce639de79588f"
WHEEL_MODEL_DIR = "pkuseg/models/default/"
WHEEL_LICENSE = f"pkuseg-{PKUSEG_VERSION}.dist-info/LICENSE"

DEFAULT_THRESHOLD = 0.5
DEFAULT_QUANTUM = 0.01
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "auditor" / "nlp" / "pkuseg_model"


class _PlainDataUnpickler(pickle.Unpickler):
    """Unpickler for data-only pickles: any class or function reference is refused."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"refusing to load {module}.{name} from features.pkl")


def download_wheel(dest: Path) -> Path:
    """Download the pkuseg wheel into ``dest`` with pip and verify its hash.

    The wheel is built for CPython 3.7, so pip is told the target platform
    explicitly; nothing is installed, the wheel is only read as a zip file.
    """
    cmd = [
        sys.executable, "-m", "pip", "download",
        "--no-deps", "--only-binary", ":all:",
        "--python-version", "37", "--platform", "manylinux1_x86_64",
        f"pkuseg=={PKUSEG_VERSION}", "-d", str(dest),
    ]
    subprocess.run(cmd, check=True)
    wheels = sorted(dest.glob(f"pkuseg-{PKUSEG_VERSION}-*.whl"))
    if len(wheels) != 1:
        raise RuntimeError(f"expected one pkuseg wheel in {dest}, found {wheels}")
    digest = hashlib.sha256(wheels[0].read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise RuntimeError(f"{wheels[0].name}: sha256 {digest} != pinned {WHEEL_SHA256}")
    return wheels[0]


def read_full_model(wheel: Path) -> tuple[dict, np.ndarray, str]:
    """Return (features dict, weight vector, licence text) from the pkuseg wheel."""
    with zipfile.ZipFile(wheel) as zf:
        with zf.open(WHEEL_MODEL_DIR + "features.pkl") as fh:
            features = _PlainDataUnpickler(fh).load()
        with zf.open(WHEEL_MODEL_DIR + "weights.npz") as fh:
            npz = np.load(io.BytesIO(fh.read()))
            sizes, w = npz["sizes"], npz["w"]
        licence = zf.read(WHEEL_LICENSE).decode("utf-8")
    n_tag, n_feature = int(sizes[0]), int(sizes[1])
    if len(features["tag_to_idx"]) != n_tag or len(features["feature_to_idx"]) != n_feature:
        raise RuntimeError("features.pkl and weights.npz of the wheel disagree on sizes")
    if w.shape != (n_tag * (n_feature + n_tag),):
        raise RuntimeError(f"unexpected weight vector shape {w.shape}")
    return features, w.astype(np.float64), licence


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write a compressed .npz with fixed zip timestamps.

    np.savez_compressed stamps the current time into the zip, which would make
    every rebuild a binary diff; np.load reads this file the same way.
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue(), compresslevel=9)


def _save_model(out: Path, features: dict, w: np.ndarray) -> None:
    """Save in spacy-pkuseg's on-disk format (FeatureExtractor.save + Model.save)."""
    out.mkdir(parents=True, exist_ok=True)
    data = {
        "unigram": sorted(features["unigram"]),
        "bigram": sorted(features["bigram"]),
        "feature_to_idx": dict(sorted(features["feature_to_idx"].items(), key=lambda kv: kv[1])),
        "tag_to_idx": features["tag_to_idx"],
    }
    srsly.write_msgpack(out / "features.msgpack", data)
    n_tag = len(features["tag_to_idx"])
    sizes = np.array([n_tag, len(features["feature_to_idx"])], dtype=np.int64)
    _write_npz(out / "weights.npz", {"sizes": sizes, "w": w.astype(np.float64)})


def write_full_model(dest: Path, wheel: Path | None = None) -> Path:
    """Write the unpruned default model to ``dest`` in spacy-pkuseg format.

    Downloads the wheel first unless ``wheel`` is given. Used as the reference
    for the agreement figure; returns ``dest``.
    """
    with tempfile.TemporaryDirectory() as tmp:
        wheel = wheel or download_wheel(Path(tmp))
        features, w, _ = read_full_model(wheel)
        _save_model(dest, features, w)
    return dest


def _words_in_features(feature_names) -> set[str]:
    """Dictionary words still named by word features (w-1., w1., ww.l., ww.r.)."""
    words: set[str] = set()
    for name in feature_names:
        if name.startswith(("w1.", "w-1.")):
            words.add(name.split(".", 1)[1])
        elif name.startswith(("ww.l.", "ww.r.")):
            pre, post = name[5:].split("*", 1)
            words.update((pre, post))
    return words


def prune(features: dict, w: np.ndarray, threshold: float, quantum: float) -> tuple[dict, np.ndarray, dict]:
    """Return (features, weights, stats) of the compact model; see the module docstring."""
    n_tag = len(features["tag_to_idx"])
    n_feature = len(features["feature_to_idx"])
    node = w[: n_feature * n_tag].reshape(n_feature, n_tag)
    transitions = w[n_feature * n_tag:]  # tag-to-tag weights, always kept as-is

    node = node - node.mean(axis=1, keepdims=True)
    keep = (node.max(axis=1) - node.min(axis=1)) >= threshold
    keep[0] = True  # feature 0 ("$$") is appended for every character by the decoder
    kept_idx = np.flatnonzero(keep)

    names_by_idx = [""] * n_feature
    for name, idx in features["feature_to_idx"].items():
        names_by_idx[idx] = name
    feature_to_idx = {names_by_idx[old]: new for new, old in enumerate(kept_idx)}

    kept = node[kept_idx]
    if quantum > 0:
        kept = np.round(kept / quantum) * quantum

    used_words = _words_in_features(feature_to_idx)
    compact = {
        "unigram": [u for u in features["unigram"] if u in used_words],
        "bigram": [],
        "feature_to_idx": feature_to_idx,
        "tag_to_idx": features["tag_to_idx"],
    }
    stats = {
        "features_total": n_feature,
        "features_kept": len(kept_idx),
        "unigram_total": len(features["unigram"]),
        "unigram_kept": len(compact["unigram"]),
    }
    return compact, np.concatenate([kept.ravel(), transitions]), stats


README_TEMPLATE = """\
# Compact pkuseg model

Chinese word-segmentation model used by `auditor.nlp.segmenter` through spaCy's
`Chinese` tokenizer with `segmenter = "pkuseg"` (spacy-pkuseg). It ships inside
the package so segmentation works offline; nothing is downloaded at run time.

## Origin

Derived from the default model of **pkuseg {version}** (PyPI wheel
`pkuseg-{version}-cp37-cp37m-manylinux1_x86_64.whl`, sha256 `{sha}`),
files `pkuseg/models/default/features.pkl` and `weights.npz`, by the pkuseg
authors (Peking University), MIT licence: see `LICENSE` in this directory.

## Derivation

`scripts/build_pkuseg_model.py` (see its docstring for details):

- each feature's 5 tag weights are centred on their mean (exact: Viterbi
  decoding is unchanged by a per-feature constant);
- features whose weight range (max - min over tags) is below {threshold} are
  dropped: {features_kept:,} of {features_total:,} kept;
- kept weights are rounded to multiples of {quantum} and stored as float64
  (spacy-pkuseg's decoder requires float64) in a compressed `weights.npz`;
- dictionary words no kept feature refers to are dropped: {unigram_kept:,} of
  {unigram_total:,} kept; the training-only `bigram` list is emptied.

Files: `features.msgpack`, `weights.npz` (spacy-pkuseg's own format, read by
`spacy_pkuseg.pkuseg(model_name=<this dir>)`), total {size_mb:.1f} MB.

## Rebuild

    python scripts/build_pkuseg_model.py --threshold {threshold} --quantum {quantum}

Check size, load time and agreement with the full model:

    python scripts/segmenter_figures.py
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help="drop features whose tag-weight range is below this (default %(default)s)")
    parser.add_argument("--quantum", type=float, default=DEFAULT_QUANTUM,
                        help="round kept weights to multiples of this; 0 disables (default %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="output directory (default %(default)s)")
    parser.add_argument("--wheel", type=Path, default=None,
                        help="use this already downloaded pkuseg wheel instead of calling pip")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download_wheel(Path(tmp))
        if args.wheel:
            digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
            if digest != WHEEL_SHA256:
                raise SystemExit(f"{wheel}: sha256 {digest} != pinned {WHEEL_SHA256}")
        features, w, licence = read_full_model(wheel)

    compact, compact_w, stats = prune(features, w, args.threshold, args.quantum)
    out: Path = args.out
    _save_model(out, compact, compact_w)
    (out / "LICENSE").write_text(licence, encoding="utf-8")
    size_mb = sum((out / f).stat().st_size for f in ("features.msgpack", "weights.npz")) / 1e6
    (out / "README.md").write_text(
        README_TEMPLATE.format(version=PKUSEG_VERSION, sha=WHEEL_SHA256, threshold=args.threshold,
                               quantum=args.quantum, size_mb=size_mb, **stats),
        encoding="utf-8",
    )
    print(f"wrote {out}: {stats['features_kept']:,}/{stats['features_total']:,} features, "
          f"{stats['unigram_kept']:,}/{stats['unigram_total']:,} words, {size_mb:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
