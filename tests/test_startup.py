"""Start-up cost: spaCy is imported without its command-line package.

Each case runs in a fresh interpreter: what is imported depends on what was
imported before.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(code: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip()


def test_pipeline_does_not_import_spacy_cli():
    code = (
        "import sys\n"
        "from auditor.nlp.pipeline import claim_pipeline\n"
        "doc = claim_pipeline()('全年支出1692.25万元，预算执行率98.93%。')\n"
        "print(len(doc), sorted(m for m in sys.modules if m.split('.')[0] in ('weasel', 'httpx', 'requests')"
        " or m.startswith('spacy.cli')))\n"
    )
    n_tokens, loaded = _run(code).split(" ", 1)
    assert int(n_tokens) > 3
    assert loaded == "[]"


def test_pkuseg_downloader_refuses():
    code = (
        "from auditor.nlp.pipeline import claim_pipeline\n"
        "claim_pipeline()\n"
        "import spacy_pkuseg.download as d\n"
        "try:\n"
        "    d.download_model('https://example.org/x.zip', '/tmp', 'abc')\n"
        "except RuntimeError as e:\n"
        "    print('refused:', e)\n"
    )
    assert _run(code).startswith("refused: auditor never downloads")


def test_spacy_cli_and_info_still_work_afterwards():
    code = (
        "import auditor.nlp.segmenter\n"
        "import spacy\n"
        "import spacy.cli\n"
        "info = spacy.info()\n"
        "print(type(spacy.cli.app).__name__, info['spacy_version'] == spacy.__version__)\n"
    )
    assert _run(code).endswith("True")


def test_spacy_imported_first_is_left_alone():
    code = (
        "import spacy, spacy.cli\n"
        "from auditor.nlp.spacy_import import spacy as s\n"
        "print(s is spacy, s.cli is spacy.cli)\n"
    )
    assert _run(code) == "True True"
