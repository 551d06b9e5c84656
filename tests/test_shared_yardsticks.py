"""The shared yardstick (../shared/tools/score.py, strict) on the three shared sets, as floors.

Each report is audited in this process (the pipeline loads once) and its JSON handed to the
shared scorer through a stand-in audit command that prints it, so the figures are exactly the
ones `python ../shared/tools/score.py GOLD DOCS --audit audit` prints. Skips when ../shared is
absent. Raise a floor when the product gets better; never lower one to make a change pass.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.audit import audit_path
from auditor.report.json_out import render_json

pytestmark = pytest.mark.slow

SHARED = Path(__file__).resolve().parents[2] / "shared"

# (gold file, documents, strict recall floor, most unmatched errors allowed)
SETS = [
    ("seed-findings.yaml", "seeds", 24, 0),
    ("corpus-findings.yaml", "corpus/text", 26, 2),
    ("corpus-pingtan-findings.yaml", "corpus-pingtan/text", 58, 0),
]


@pytest.mark.parametrize("gold,docs,floor,max_unmatched", SETS, ids=[s[1] for s in SETS])
def test_strict_recall_on_shared_set_stays_at_its_floor(tmp_path, gold, docs, floor, max_unmatched):
    tool = SHARED / "tools" / "score.py"
    if not tool.exists():
        pytest.skip(f"shared yardsticks not available at {tool} (../shared is outside the repository)")
    pytest.importorskip("yaml")
    for f in sorted((SHARED / docs).glob("*.txt")):
        (tmp_path / (f.name + ".json")).write_text(render_json([audit_path(f)]), encoding="utf-8")
    cat = tmp_path / "cat.py"
    cat.write_text("import sys, pathlib\n"
                   f"sys.stdout.write((pathlib.Path({str(tmp_path)!r}) / (pathlib.Path(sys.argv[1]).name + '.json'))"
                   ".read_text(encoding='utf-8'))\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(tool), str(SHARED / "gold" / gold), str(SHARED / docs),
                          "--audit", f"{sys.executable} {cat}"], capture_output=True, text=True, timeout=600)
    last = out.stdout.strip().splitlines()[-1]
    m = re.fullmatch(r"recall (\d+)/(\d+), unmatched errors (\d+)", last)
    assert m, out.stdout[-2000:] + out.stderr[-2000:]
    hit, unmatched = int(m.group(1)), int(m.group(3))
    missed = [ln for ln in out.stdout.splitlines() if ln.startswith("MISSED")]
    assert hit >= floor, f"strict recall {hit} below the floor {floor}:\n" + "\n".join(missed)
    assert unmatched <= max_unmatched, "\n".join(ln for ln in out.stdout.splitlines() if ln.startswith("unmatched"))
