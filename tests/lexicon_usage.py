"""Which lexicon entries the code never reads (run by tests/test_lexicons.py).

    python tests/lexicon_usage.py REPO_ROOT

Loads the lexicons with every mapping wrapped so that reading a key marks it,
audits every sample and every cases fragment (each check's fail and pass
reports, so every check runs on the kind of report it was written for), and
prints the entries never read, as a JSON list of paths. Entries of a mapping
with free keys (concepts, units, rates …) are paths by name; their fields are
pooled under ``*`` (``indicators.yaml.concepts.*.kind`` is read if any
concept's kind is).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import yaml

import auditor.lexicons as lexicons

used: set[str] = set()
every: set[str] = set()


class Tracked(dict):
    """A dict that records which of its keys were read."""

    __slots__ = ("_path",)

    def __init__(self, data: dict, path: str):
        super().__init__(data)
        self._path = path

    def _mark(self, key) -> None:
        used.add(f"{self._path}.{key}")

    def _mark_all(self) -> None:
        for key in dict.keys(self):
            self._mark(key)

    def __getitem__(self, key):
        self._mark(key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        self._mark(key)
        return dict.get(self, key, default)

    def keys(self):
        self._mark_all()
        return dict.keys(self)

    def items(self):
        self._mark_all()
        return dict.items(self)

    def values(self):
        self._mark_all()
        return dict.values(self)

    def __iter__(self):
        self._mark_all()
        return dict.__iter__(self)


def wrap(value, schema, path: str, top: bool = False):
    if isinstance(value, dict):
        free = isinstance(schema, dict) and "*" in schema
        out = {}
        for key, sub in value.items():
            if top and key == "schema":
                continue  # read by the loader itself
            every.add(f"{path}.{key}")
            sub_schema = schema["*"] if free else (schema.get(key, schema.get(f"{key}?")) if isinstance(schema, dict) else None)
            out[key] = wrap(sub, sub_schema, f"{path}.*" if free else f"{path}.{key}")
        return Tracked(out, path)
    if isinstance(value, list):
        return [wrap(v, schema[0] if isinstance(schema, list) else None, f"{path}[]") for v in value]
    return value


def main(root: Path) -> None:
    schemas = lexicons._SCHEMAS
    lexicons._observe = lambda name, data: wrap(data, schemas[data["schema"]], name, top=True)
    from auditor.audit import audit_path

    files = sorted((root / "samples").glob("*.txt")) + sorted((root / "samples").glob("*.docx"))
    tmp = Path(tempfile.mkdtemp())
    for path in sorted((root / "tests" / "cases").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for kind in ("fail", "pass"):
            for i, case in enumerate(spec.get(kind) or []):
                f = tmp / f"{spec['code']}-{kind}-{i}.txt"
                f.write_text(case["text"], encoding="utf-8")
                files.append(f)
    for f in files:
        result = audit_path(f)
        if result.error is not None:
            raise SystemExit(f"{f}: {result.error}")
    print(json.dumps(sorted(every - used), ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
