"""The printed page as a PDF, for `family-app print --out plan.pdf`: Chromium prints it.

Chromium shapes Arabic (HarfBuzz), orders mixed directions by the Unicode bidi algorithm,
isolates dir="auto" texts and draws the page margin boxes with the version on every page,
exactly as the family's own browser prints the same page; docs/decisions.md says why not a
Python PDF library. The page goes to Chromium as a file in a folder only this user can
read, with a throw-away browser profile, and both are removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
            "msedge")
TIMEOUT_SECONDS = 120


class NoBrowser(Exception):
    """No Chromium-based browser on this computer: write the HTML page and print that."""


def find_browser() -> str:
    wanted = os.environ.get("ONSPLAN_CHROMIUM")
    for name in ([wanted] if wanted else []) + list(BROWSERS):
        found = shutil.which(name)
        if found:
            return found
    raise NoBrowser("no Chromium found to write a PDF; write --out plan.html and print it "
                    "from a browser, or install Chromium (Debian: apt-get install chromium)")


def write_pdf(page_html: str, out: Path) -> None:
    """Print `page_html` to `out` with headless Chromium (A4 comes from the page's @page)."""
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="onsplan-print-") as folder:  # mode 0700
        page = Path(folder) / "plan.html"
        page.write_text(page_html, encoding="utf-8")
        target = Path(folder) / "plan.pdf"
        command = [browser, "--headless", "--disable-gpu", "--no-first-run",
                   f"--user-data-dir={Path(folder) / 'profile'}", "--no-pdf-header-footer",
                   f"--print-to-pdf={target}", page.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to start as root otherwise
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              stdin=subprocess.DEVNULL)
        if done.returncode != 0 or not target.is_file():
            last = (done.stderr.strip().splitlines() or ["no PDF written"])[-1]
            raise OSError(f"Chromium could not print the page: {last}")
        shutil.copyfile(target, out)
