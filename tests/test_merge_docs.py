"""The examples in docs/sync.md run, in order, as one session, so the page stays true."""
from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "sync.md"


def test_the_examples_in_docs_sync_md_run():
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 7
    session: dict = {}
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"docs/sync.md example {number}", "exec"), session)  # noqa: S102
