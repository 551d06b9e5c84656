"""spaCy Chinese pipeline segmenting with the pkuseg model shipped in this package.

The model in ``pkuseg_model/`` is a pruned copy of pkuseg's default model (see
its README.md and ``scripts/build_pkuseg_model.py``). Loading it never touches
the network: spacy-pkuseg only downloads when given one of its model *names*,
and we always pass it a directory path.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from auditor.nlp.spacy_import import import_pkuseg, spacy  # first: imports spaCy without spacy.cli
from spacy.lang.zh import Chinese  # noqa: E402,I001

# The two files spacy_pkuseg.pkuseg(model_name=DIR) reads.
_MODEL_FILES = ("features.msgpack", "weights.npz")
_CONFIG = {"nlp": {"tokenizer": {"segmenter": "pkuseg"}}}


def model_dir() -> Path:
    """Return the directory holding the shipped pkuseg model files."""
    return Path(__file__).resolve().parent / "pkuseg_model"


@lru_cache(maxsize=1)
def _base_segmenter():
    """Load the pkuseg model once; every pipeline shares its read-only weights.

    The features dict and weight matrix take ~0.2 s and tens of MB, so
    pipelines that differ only in user words reuse them instead of reloading.
    """
    directory = model_dir()
    missing = [name for name in _MODEL_FILES if not (directory / name).is_file()]
    if missing:
        raise RuntimeError(
            f"pkuseg model files missing from {directory}: {', '.join(missing)}. "
            "They ship with the auditor package; reinstall it (pip install --force-reinstall auditor)."
        )
    import_pkuseg()  # before spaCy imports it: no downloader, no requests
    nlp = Chinese.from_config(_CONFIG)
    try:
        nlp.tokenizer.initialize(pkuseg_model=str(directory))
    except FileNotFoundError as exc:
        raise RuntimeError(
            f"cannot load the pkuseg model from {directory} ({exc}); reinstall the auditor package."
        ) from exc
    return nlp.tokenizer.pkuseg_seg


@lru_cache(maxsize=32)
def _load_nlp(words: tuple[str, ...]) -> spacy.Language:
    nlp = Chinese.from_config(_CONFIG)
    # A shallow copy shares the model but lets reset=True give this pipeline
    # its own user-word trie, so word sets never leak between pipelines.
    nlp.tokenizer.pkuseg_seg = copy.copy(_base_segmenter())
    nlp.tokenizer.pkuseg_update_user_dict(list(words), reset=True)
    return nlp


def load_nlp(user_words: Iterable[str] | None = None) -> spacy.Language:
    """Return a spaCy ``Chinese`` pipeline that segments with the shipped pkuseg model.

    ``user_words`` are forced to come out as single tokens (longest match wins),
    e.g. report terms such as "在职人员控制率" that the statistical model would
    split. Works offline; raises ``RuntimeError`` if the model files are missing.

    The result is cached per set of user words (order and duplicates do not
    matter), so repeated calls are free. Callers share the returned object:
    do not add pipes to it or change its user dictionary.
    """
    if isinstance(user_words, str):
        # Iterating a str would add each character as a "word".
        raise TypeError("user_words must be an iterable of words, not a single str")
    words = tuple(sorted({w.strip() for w in user_words or () if w and w.strip()}))
    return _load_nlp(words)
