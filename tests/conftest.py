"""Test-session setup: the gold-scoring modules are development code kept in
scripts/ (outside the installed package), so the tests import them from there."""

import sys
from pathlib import Path

_SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
if str(_SCRIPTS) not in sys.path:
    sys.path.insert(0, str(_SCRIPTS))
