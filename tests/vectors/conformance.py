"""Run any reader over every test vector and show expected against got.

    python -m tests.vectors.conformance --reader "python -m sync.reader"
    python -m tests.vectors.conformance --reader "./my-reader" --one-by-one

The reader is a command; it is given vector files as arguments (all at once, or with
--one-by-one one per run) and prints one JSON object per file, one a line, in order:
{"outcome": "..."}; for "success" also "kind", "sender-fingerprint" and "payload" (the
payload's JSON view). docs/bundle-format.md, "Test vectors", says what each vector holds.
The exit status is 0 when every vector gave what it expects.
"""
from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VECTORS = Path(__file__).resolve().parent
PREFIXES = ("bundle_", "frames_", "payload_")


def vector_files(folder: Path = VECTORS) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(PREFIXES) and not p.suffix)


def expected(path: Path) -> dict[str, Any]:
    """What a reader must answer for this vector."""
    head = path.read_bytes().partition(b"\n\n")[0].decode("utf-8")
    header = dict(line.split(": ", 1) for line in head.splitlines())
    want: dict[str, Any] = {"outcome": header["expect"]}
    if header["expect"] == "success":
        want["kind"] = header["kind"]
        want["sender-fingerprint"] = header["sender-fingerprint"]
        want["payload"] = json.loads((path.parent / header["payload-json"]).read_text("utf-8"))
    return want


@dataclass
class Result:
    name: str
    want: dict[str, Any]
    got: dict[str, Any]

    @property
    def passed(self) -> bool:
        return self.got == self.want

    def difference(self) -> str:
        """The first thing that differs, short enough for a table."""
        if self.got.get("outcome") != self.want["outcome"]:
            return ""
        for key in ("kind", "sender-fingerprint", "payload"):
            if self.got.get(key) != self.want.get(key):
                return f"{key} differs"
        extra = sorted(set(self.got) - set(self.want))
        return f"unexpected {', '.join(extra)}" if extra else ""


def run_reader(command: str, paths: list[Path], *, one_by_one: bool = False,
               timeout: float = 300) -> list[dict[str, Any]]:
    """The reader's answers, one per path; a missing or unreadable line is {"outcome": ...}
    naming what went wrong."""
    batches = [[p] for p in paths] if one_by_one else [paths]
    answers: list[dict[str, Any]] = []
    for batch in batches:
        done = subprocess.run([*shlex.split(command), *map(str, batch)], capture_output=True,
                              text=True, timeout=timeout, check=False)
        lines = done.stdout.splitlines()
        for index in range(len(batch)):
            try:
                got = json.loads(lines[index])
            except IndexError:
                got = {"outcome": f"(no answer; exit {done.returncode})"}
            except json.JSONDecodeError:
                got = {"outcome": "(not JSON)"}
            answers.append(got if isinstance(got, dict) else {"outcome": "(not an object)"})
    return answers


def conform(command: str, paths: list[Path] | None = None, *,
            one_by_one: bool = False) -> list[Result]:
    paths = vector_files() if paths is None else paths
    answers = run_reader(command, paths, one_by_one=one_by_one)
    return [Result(p.name, expected(p), got) for p, got in zip(paths, answers)]


def table(results: list[Result]) -> str:
    width = max(len(r.name) for r in results)
    lines = [f"{'vector':<{width}}  {'expected':<24}  {'got':<24}  "]
    for r in results:
        mark = "ok" if r.passed else "FAIL " + r.difference()
        lines.append(f"{r.name:<{width}}  {r.want['outcome']:<24}  "
                     f"{str(r.got.get('outcome')):<24}  {mark}".rstrip())
    passed = sum(r.passed for r in results)
    lines.append(f"{passed} passed, {len(results) - passed} failed")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reader", required=True, help="the reader command, e.g. "
                        '"python -m sync.reader"; vector files are added as arguments')
    parser.add_argument("--one-by-one", action="store_true",
                        help="run the reader once per vector instead of once for all")
    parser.add_argument("vectors", nargs="*", type=Path, help="only these vector files")
    options = parser.parse_args(argv)
    results = conform(options.reader, options.vectors or None, one_by_one=options.one_by_one)
    print(table(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
