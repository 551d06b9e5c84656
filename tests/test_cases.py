"""Every check's cases (``tests/cases/<CODE>.yaml``) run through the command line.

Each case is a report fragment in the plain-text layout the .txt reader
accepts (tables as TAB-led cell lines or TAB-separated rows). It is written
to a file and audited with ``audit FILE --only CODE --format json``, in
process: a ``fail`` case must raise CODE (at the ``expect``-ed severity, citing
the ``expect``-ed numbers, when given); a ``pass`` case must not raise CODE at
all. A case marked ``xfail: reason`` is a known product bug, run strictly, so
the day it is fixed the mark has to go.
"""

from __future__ import annotations

import json

import pytest
import yaml

from auditor.checks import known_codes
from auditor.checks.cases import cases_dir, first_cases, load_cases
from auditor.cli import main
from gold_scoring import contains_number, numbers_in

pytestmark = pytest.mark.slow

CASES = cases_dir()


def _params():
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for kind in ("fail", "pass"):
            for case in spec.get(kind) or []:
                marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
                out.append(pytest.param(spec["code"], kind, case, id=f"{spec['code']}-{kind}-{case['name']}",
                                        marks=marks))
    return out


def audit_fragment(tmp_path, capsys, code: str, text: str) -> list[dict]:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    rc = main([str(path), "--only", code, "--format", "json", "--fail-on", "none"])
    out = capsys.readouterr().out
    assert rc == 0, out
    return [f for r in json.loads(out)["reports"] for f in r["findings"]]


def cited(f: dict) -> list[float]:
    nums = [f[k] for k in ("expected", "found", "difference") if isinstance(f.get(k), (int, float))]
    nums += numbers_in(f["message"])
    for e in f["evidence"]:
        if isinstance(e.get("value"), (int, float)):
            nums.append(e["value"])
        nums += numbers_in(e.get("printed") or "") + numbers_in(e.get("text") or "")
    return nums


@pytest.mark.parametrize("code,kind,case", _params())
def test_case(tmp_path, capsys, code, kind, case):
    found = [f for f in audit_fragment(tmp_path, capsys, code, case["text"]) if f["code"] == code]
    if kind == "pass":
        assert found == [], [(f["severity"], f["message"]) for f in found]
        return
    assert found, f"{code} did not fire on its fail case"
    exp = case.get("expect") or {}
    if "severity" in exp:
        found = [f for f in found if f["severity"] == exp["severity"]]
        assert found, f"{code} did not fire at {exp['severity']}"
    cites = [float(c) for c in exp.get("cites", [])]
    assert any(all(contains_number(cited(f), c) for c in cites) for f in found), \
        f"no {code} finding cites {cites}: {[f['message'] for f in found]}"
    for f in found:
        assert f["message"] and f["evidence"] and all(e["location"] for e in f["evidence"])


def test_every_registered_check_has_a_cases_file_with_a_fail_and_a_pass_case():
    have = {p.stem for p in CASES.glob("*.yaml")}
    assert have == known_codes()
    for code in sorted(known_codes()):
        spec = load_cases(code)
        assert spec["code"] == code
        assert all(first_cases(code)), f"{code} needs a fail and a pass case not marked xfail"
        for case in spec["fail"] + spec["pass"]:
            assert set(case) <= {"name", "text", "note", "expect", "xfail"}, (code, sorted(case))
            assert case["name"] and case["text"].strip(), code


def test_the_cases_ship_in_the_wheel_and_the_gold_scoring_does_not():
    """`audit explain` reads the cases installed as auditor/cases; scoring code stays in scripts/."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    wheel = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"]["tests/cases"] == "auditor/cases"
    assert wheel["packages"] == ["auditor"]
    assert not list((root / "auditor").rglob("*eval*.py")), "evaluation code belongs in scripts/, not the package"
