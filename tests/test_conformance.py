"""The conformance runner, run as a third party would run it, on the project's own reader.

    python -m tests.vectors.conformance --reader "python -m sync.reader"
"""
from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from tests.vectors.conformance import conform, table, vector_files

ROOT = Path(__file__).resolve().parent.parent
READER = f"{shlex.quote(sys.executable)} -m sync.reader"


def test_the_projects_own_reader_passes_every_vector():
    results = conform(READER)
    assert len(results) == len(vector_files()) > 100
    assert all(r.passed for r in results), table([r for r in results if not r.passed])


def test_the_runner_is_a_command_with_a_table_and_an_exit_status():
    done = subprocess.run([sys.executable, "-m", "tests.vectors.conformance", "--reader",
                           READER, *map(str, vector_files()[:3])], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "3 passed, 0 failed"


def test_a_reader_that_gets_things_wrong_fails_where_it_is_wrong(tmp_path):
    """A reader that says "success" to everything, with no payload: every failure vector
    and every success (its payload is missing) fails; --one-by-one runs it per file."""
    liar = tmp_path / "liar.py"
    liar.write_text("import sys\nfor _ in sys.argv[1:]:\n    print('{\"outcome\": \"success\"}')\n")
    paths = vector_files()[:4]
    results = conform(f"{shlex.quote(sys.executable)} {shlex.quote(str(liar))}", paths,
                      one_by_one=True)
    assert not any(r.passed for r in results)
    assert "0 passed, 4 failed" in table(results)


def test_a_reader_that_says_nothing_is_reported_not_crashed(tmp_path):
    results = conform(f"{shlex.quote(sys.executable)} -c pass", vector_files()[:2])
    assert [r.got["outcome"] for r in results] == ["(no answer; exit 0)"] * 2
