"""Run `audit` from a snapshot of the tree, not from the editable install.

    git archive COMMIT | tar -x -C /tmp/snap
    python ../shared/tools/mutate_relations.py GOLD DOCS --audit "python scripts/audit_snapshot.py /tmp/snap" ...

With the project installed in editable mode, ``env PYTHONPATH=/tmp/snap python -m auditor``
still imports the working tree (the editable install's import hook comes before
``sys.path``), so a long yardstick run measures whatever the tree holds while it runs.
This launcher drops that hook, puts the snapshot first on the path and runs
``python -m auditor`` with the remaining arguments.
"""

from __future__ import annotations

import runpy
import sys


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: audit_snapshot.py SNAPSHOT_DIR [audit arguments…]")
    snap = sys.argv.pop(1)
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in (getattr(f, "__module__", "") + repr(f)).lower()]
    sys.path.insert(0, snap)
    for name in [m for m in sys.modules if m == "auditor" or m.startswith("auditor.")]:
        del sys.modules[name]
    sys.argv[0] = "auditor"
    runpy.run_module("auditor", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
