"""The shipped pkuseg model: present, loads offline, segments report text, caches."""

from __future__ import annotations

import socket

import pytest

from auditor.nlp import segmenter
from auditor.nlp.segmenter import load_nlp, model_dir

SENTENCE = "2021年我办基本支出2558.63万元，其中人员经费支出2399.37万元"


def _tokens(nlp, text):
    return [t.text for t in nlp(text)]


@pytest.fixture
def fresh_caches():
    """Force a real load from disk, and leave no half-state for other tests."""
    segmenter._load_nlp.cache_clear()
    segmenter._base_segmenter.cache_clear()
    yield
    segmenter._load_nlp.cache_clear()
    segmenter._base_segmenter.cache_clear()


def test_model_files_ship_with_package():
    directory = model_dir()
    for name in ("features.msgpack", "weights.npz", "LICENSE", "README.md"):
        assert (directory / name).is_file(), name
    size = sum((directory / n).stat().st_size for n in ("features.msgpack", "weights.npz"))
    assert size <= 25_000_000
    assert "MIT License" in (directory / "LICENSE").read_text(encoding="utf-8")


def test_loads_without_network(monkeypatch, fresh_caches):
    def no_network(*args, **kwargs):
        raise AssertionError("segmenter tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    nlp = load_nlp()
    assert _tokens(nlp, "基本支出")  # really segments, not just constructed


def test_segments_report_sentence():
    tokens = _tokens(load_nlp(), SENTENCE)
    assert "".join(tokens) == SENTENCE
    # Amounts must stay whole: splitting "2558.63" would break number extraction.
    assert "2558.63万" in tokens and "2399.37万" in tokens
    assert {"基本", "支出", "其中"} <= set(tokens)


def test_user_words_become_single_tokens():
    nlp = load_nlp(["人员经费", "在职人员控制率"])
    tokens = _tokens(nlp, SENTENCE + "，在职人员控制率为95%")
    assert "人员经费" in tokens
    assert "在职人员控制率" in tokens
    assert "2558.63万" in tokens


def test_user_words_do_not_leak_between_pipelines():
    load_nlp(["人员经费"])
    assert "人员经费" not in _tokens(load_nlp(), SENTENCE)


def test_load_nlp_is_cached():
    assert load_nlp() is load_nlp(None) is load_nlp([])
    a = load_nlp(["人员经费", "在职人员控制率"])
    assert load_nlp(("在职人员控制率", " 人员经费 ", "人员经费")) is a
    assert load_nlp(["人员经费"]) is not a


def test_single_string_is_rejected():
    with pytest.raises(TypeError):
        load_nlp("人员经费")


def test_missing_model_says_reinstall(monkeypatch, tmp_path, fresh_caches):
    monkeypatch.setattr(segmenter, "model_dir", lambda: tmp_path)
    with pytest.raises(RuntimeError, match="reinstall"):
        load_nlp()
