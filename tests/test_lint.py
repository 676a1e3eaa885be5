"""Pyflakes' rules over the whole project, through ruff: a name used but never defined or
imported fails here, not in the one rare branch that reaches it. (A test helper once caught
an exception class it had not imported; only a misread QR code took that branch, in CI.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pyflakes_rules_pass_everywhere():
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run([str(ruff), "check", "--no-cache", "--select", "F",
                           "--output-format", "concise", "--exclude", ".venv", str(ROOT)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
