"""The lexicons are strict data: an unknown, missing or mistyped key fails at
load, and every entry in them is read by the code (no dead vocabulary)."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.lexicons import Lexicons, LexiconError, lexicon_dir, load_lexicons

ROOT = Path(__file__).resolve().parents[1]


def _copy(tmp_path: Path) -> Path:
    base = tmp_path / "lexicons"
    shutil.copytree(lexicon_dir(), base)
    return base


def _edit(base: Path, name: str, old: str, new: str) -> None:
    path = base / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_lexicons_load():
    lex = load_lexicons()
    assert lex.units["万元"].factor == 10000
    assert "公用经费" in lex.department_level and "共计" in lex.trailing_filler
    assert lex.budget["kind_names"]["summary"] == "收支总表"


@pytest.mark.parametrize("name,old,new,says", [
    # a typo in a top-level key
    ("relations.yaml", "enumeration_nouns:", "enumeration_noun:", "unknown key 'enumeration_noun'"),
    # a key the checks do not know, nested in an entry
    ("relations.yaml", "    words: [全部整改到位", "    means: {rate: 100}\n    words: [全部整改到位",
     "relations.yaml.assertions.all_rectified: unknown key 'means'"),
    ("units.yaml", "万元: {dimension: money, factor: 10000,", "万元: {dimension: money, factr: 10000,",
     "units.yaml.units.万元: unknown key 'factr'"),
    ("budget.yaml", "min_standard_tables: 2", "min_standard_tables: two", "expected int"),
    ("budget.yaml", "  part_words: [采购]", "  part_word: [采购]", "budget.yaml.procurement: unknown key 'part_word'"),
    ("grades.yaml", "{grade: 良, min: 80, max: 90, names: [良, 良好]}", "{grade: 良, min: 80, names: [良, 良好]}",
     "grades.yaml.bands[1]: missing key 'max'"),
    ("scoring_rules.yaml", "lower_is_better: [", "lower_is_beter: [", "unknown key 'lower_is_beter'"),
])
def test_when_a_lexicon_key_is_unknown_missing_or_mistyped_then_loading_fails(tmp_path, name, old, new, says):
    base = _copy(tmp_path)
    _edit(base, name, old, new)
    with pytest.raises(LexiconError, match=re.escape(says)):
        load_lexicons(str(base))


@pytest.mark.slow
def test_every_lexicon_entry_is_read_by_the_code():
    """Audit the samples and every cases fragment with the lexicons watched: an entry
    nobody reads is dead vocabulary (move it into use or delete it)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env.pop("AUDITOR_LEXICONS", None)
    out = subprocess.run([sys.executable, str(ROOT / "tests" / "lexicon_usage.py"), str(ROOT)],
                         capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_every_lexicons_field_is_read_by_the_code():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "auditor").rglob("*.py")
                       if p.name != "lexicons.py")
    for f in dataclasses.fields(Lexicons):
        assert re.search(rf"\.{f.name}\b", source), f"Lexicons.{f.name} is never read"
