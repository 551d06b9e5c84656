#!/usr/bin/env python3
"""Regenerate the pictures in docs/ from a real audit of a bundled sample.

    python scripts/make_screenshots.py [--sample samples/004_50f89173955d11d8.docx]

Needs (Debian packages): chromium, libreoffice-writer, xvfb, xdotool, imagemagick, fonts-noto-cjk.
Writes docs/terminal.svg, docs/terminal.png, docs/html-report.png, docs/annotated-docx.png.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def audit(*args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # From the repository, so the view names the sample as a reader types it (samples/…).
    subprocess.run([sys.executable, "-m", "auditor.cli", *args, "--fail-on", "none"], check=True, env=env,
                   stdout=subprocess.DEVNULL, cwd=REPO)


def chromium_shot(url: str, out: Path, size: str) -> None:
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={prof}", f"--screenshot={out}",
                        f"--window-size={size}", url], check=True, capture_output=True, timeout=120)


def docx_shot(docx: Path, out: Path) -> None:
    """LibreOffice Writer under Xvfb shows the comments in the margin; its PDF export does not."""
    with tempfile.TemporaryDirectory() as home:
        cmd = (f"soffice -env:UserInstallation=file://{home} --norestore --nologo --view {docx} & "
               f"sleep 25; xdotool search --name audited windowfocus --sync key --delay 400 Next Next || true; sleep 2; import -window root {out}; kill %1")
        subprocess.run(["xvfb-run", "-s", "-screen 0 1400x1100x24", "bash", "-c", cmd], check=True,
                       capture_output=True, timeout=180)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", default=str(REPO / "samples" / "004_50f89173955d11d8.docx"))
    args = ap.parse_args()
    sample = Path(args.sample).resolve()
    if sample.is_relative_to(REPO):
        sample = sample.relative_to(REPO)
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        audit(str(sample), "--format", "rich", "--color", "-o", str(DOCS / "terminal.svg"))
        # Show the top of the view at its real size, as a reader would see it.
        wrapper = tmp / "terminal.html"
        wrapper.write_text(f'<body style="margin:0;background:#1e1e1e"><img src="{(DOCS / "terminal.svg").as_uri()}" '
                           'style="width:1000px"></body>', encoding="utf-8")
        chromium_shot(wrapper.as_uri(), DOCS / "terminal.png", "1000,1250")
        audit(str(sample), "--format", "html", "-o", str(tmp / "report.html"))
        chromium_shot((tmp / "report.html").as_uri(), DOCS / "html-report.png", "1200,1600")
        if shutil.which("soffice") and shutil.which("xvfb-run") and shutil.which("import"):
            audit(str(sample), "--format", "docx", "-o", str(tmp))
            annotated = next(tmp.glob("*.audited.docx"))
            docx_shot(annotated, DOCS / "annotated-docx.png")
        else:
            print("soffice/xvfb-run/import missing: annotated-docx.png not regenerated", file=sys.stderr)
    print("written:", ", ".join(str(p.relative_to(REPO)) for p in sorted(DOCS.glob("*.png")) + [DOCS / "terminal.svg"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
