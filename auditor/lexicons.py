"""Load the domain vocabulary in lexicons/ with a schema check.

The files are data (units, indicators, relation words, grades, scoring-rule
phrasings). Loading rejects duplicate keys and surfaces and files whose
``schema`` tag is unknown, so a typo in a lexicon fails loudly at start-up
instead of silently weakening a check.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class LexiconError(ValueError):
    """A lexicon file is malformed."""


# The C loader when PyYAML has it: lexicons load at every start.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):
    """SafeLoader that refuses duplicate mapping keys."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise LexiconError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return _BaseLoader.construct_mapping(loader, node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def lexicon_dir() -> Path:
    """Where the lexicons live: $AUDITOR_LEXICONS, the installed copy inside
    the package, or the repository's top-level lexicons/."""
    env = os.environ.get("AUDITOR_LEXICONS")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for cand in (here / "lexicons", here.parent / "lexicons"):
        if (cand / "units.yaml").exists():
            return cand
    raise LexiconError("找不到词表目录 lexicons/，请重新安装 auditor")


def _load(name: str, schema: str, base: Path) -> dict[str, Any]:
    path = base / name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except LexiconError as e:
        raise LexiconError(f"{path}: {e}") from None
    except (OSError, yaml.YAMLError) as e:
        raise LexiconError(f"{path}: {e}") from None
    if not isinstance(data, dict) or data.get("schema") != schema:
        raise LexiconError(f"{path}: expected 'schema: {schema}'")
    return data


@dataclass(frozen=True)
class UnitInfo:
    """A unit: canonical name, dimension and factor to the dimension's base."""

    name: str
    dimension: str
    factor: float


@dataclass
class Lexicons:
    """All vocabulary, loaded and checked."""

    units: dict[str, UnitInfo]  # surface -> unit
    scales: dict[str, float]
    bare_scale_unit: dict[str, str]
    qualifiers_before: dict[str, str]
    qualifiers_not_after: dict[str, list[str]]  # before-qualifier -> characters that make it a word's tail
    qualifiers_inside: dict[str, str]
    qualifiers_after: dict[str, str]
    periods: dict[str, int]
    not_quantities: list[str]
    concepts: dict[str, dict[str, Any]]
    synonyms: dict[str, str]  # phrase -> concept
    project_phrases: dict[str, list[str]]  # concept -> generic words with a project meaning
    min_concept_score: float
    relations: dict[str, Any]
    grades: list[dict[str, Any]]
    scoring: dict[str, Any] = field(default_factory=dict)

    def unit_surfaces(self) -> list[str]:
        """Surfaces longest first, for greedy matching."""
        return sorted(self.units, key=len, reverse=True)

    def domain_words(self) -> list[str]:
        """Words the segmenter should keep whole (user dictionary)."""
        words = set(self.synonyms)
        for key in ("total", "parts_intro", "change_prior", "increase", "decrease"):
            words.update(self.relations.get(key, []))
        return sorted(w for w in words if 2 <= len(w) <= 12 and '"' not in w)


def _check_units(data: dict[str, Any]) -> dict[str, UnitInfo]:
    out: dict[str, UnitInfo] = {}
    for name, spec in data["units"].items():
        for key in ("dimension", "factor", "surfaces"):
            if key not in spec:
                raise LexiconError(f"units.yaml: unit {name!r} lacks {key!r}")
        info = UnitInfo(str(name), str(spec["dimension"]), float(spec["factor"]))
        for s in spec["surfaces"]:
            s = str(s)
            if s in out:
                raise LexiconError(f"units.yaml: surface {s!r} belongs to {out[s].name!r} and {name!r}")
            out[s] = info
    return out


@functools.lru_cache(maxsize=4)
def load_lexicons(base: str | None = None) -> Lexicons:
    """Load and validate every lexicon file (cached per directory)."""
    root = Path(base) if base else lexicon_dir()
    units = _load("units.yaml", "units/1", root)
    ind = _load("indicators.yaml", "indicators/1", root)
    rel = _load("relations.yaml", "relations/1", root)
    grades = _load("grades.yaml", "grades/1", root)
    scoring: dict[str, Any] = {}
    if (root / "scoring_rules.yaml").exists():
        scoring = _load("scoring_rules.yaml", "scoring_rules/1", root)

    synonyms: dict[str, str] = {}
    for concept, spec in ind["concepts"].items():
        if "synonyms" not in spec or "kind" not in spec:
            raise LexiconError(f"indicators.yaml: concept {concept!r} needs kind and synonyms")
        for s in [concept, *spec["synonyms"]]:
            if s in synonyms and synonyms[s] != concept:
                raise LexiconError(f"indicators.yaml: {s!r} is a synonym of {synonyms[s]!r} and {concept!r}")
            synonyms[s] = concept
    for band in grades["bands"]:
        for key in ("grade", "min", "max", "names"):
            if key not in band:
                raise LexiconError(f"grades.yaml: band lacks {key!r}")
    q = units["qualifiers"]
    return Lexicons(
        units=_check_units(units),
        scales={str(k): float(v) for k, v in units["scales"].items()},
        bare_scale_unit=dict(units.get("bare_scale_unit", {})),
        qualifiers_before=dict(q["before"]),
        qualifiers_not_after={str(k): [str(c) for c in v] for k, v in (q.get("not_after") or {}).items()},
        qualifiers_inside=dict(q["inside"]),
        qualifiers_after=dict(q["after"]),
        periods={str(k): int(v) for k, v in units["periods"].items()},
        not_quantities=[str(x) for x in units.get("not_quantities", [])],
        concepts=dict(ind["concepts"]),
        synonyms=synonyms,
        project_phrases={str(k): [str(w) for w in v] for k, v in ind.get("project_phrases", {}).items()},
        min_concept_score=float(ind.get("matching", {}).get("min_score", 88)),
        relations=rel,
        grades=list(grades["bands"]),
        scoring=scoring,
    )
