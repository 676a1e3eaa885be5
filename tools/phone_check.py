"""Can a phone build carry our dependencies? `make phone-check`.

    python tools/phone_check.py [--pyproject pyproject.toml] [--lock requirements/lock.txt]
                                [--packages tools/phone_packages.toml]

`flet build apk|ipa` installs pyproject.toml's [project] dependencies (and those of
[tool.flet.android] / [tool.flet.ios]) with pip, prebuilt wheels only, from PyPI and Flet's
index of phone builds, with `platform_system` reporting "Android" or "iOS" (serious_python's
sitecustomize; `sys_platform` stays the build machine's). This check does the same on this
machine: it evaluates those requirements and the ones they pull in (from the installed
packages' metadata, which the lock decided) for each phone, and lists every runtime
dependency with its locked (desktop) version and what it is:

- pure Python (its installed wheel is `Root-Is-Purelib` and `none-any`): any phone runs it;
- a phone build: listed in tools/phone_packages.toml, with the version the phones carry for
  each Python version, which must lie within every range that asks for it;
- neither: the check fails (a desktop-only native package, such as zxing-cpp).

It also fails when no bundled Python version (3.12-3.14) has a phone build of every native
package within range (cryptography >= 47 is built for 3.14 only), and prints which do.
"""
from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PHONES = {"Android": "linux", "iOS": "darwin"}  # platform_system -> the build machine's sys_platform


@dataclass
class Dependency:
    name: str
    locked: str | None = None
    kind: str = ""                       # "pure Python", "phone build", or why it fails
    ranges: list[tuple[str, SpecifierSet]] = field(default_factory=list)  # (asked by, range)
    phones: set[str] = field(default_factory=set)    # the phones whose build pulls it in
    extras: set[str] = field(default_factory=set)    # its extras asked for so far


@dataclass
class Report:
    dependencies: dict[str, Dependency]
    pythons: dict[str, list[str]]        # Python version -> what keeps it from phones ([] = ok)
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def phone_environment(phone: str, python: str) -> dict[str, str]:
    return {"platform_system": phone, "sys_platform": PHONES[phone], "os_name": "posix",
            "python_version": python, "python_full_version": f"{python}.0",
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "platform_machine": "arm64" if phone == "iOS" else "aarch64",
            "platform_release": "", "platform_version": "", "implementation_version": python,
            "extra": ""}


def locked_versions(lock_text: str) -> dict[str, str]:
    """name -> version of every `name==version` line of a pip-compile lock."""
    return {canonicalize_name(m.group(1)): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", lock_text, re.M)}


def installed_requires(name: str) -> list[str] | None:
    """The Requires-Dist lines of an installed package; None when it is not installed."""
    try:
        return metadata.distribution(name).requires or []
    except metadata.PackageNotFoundError:
        return None


def installed_is_pure(name: str) -> bool | None:
    """Whether the installed wheel is pure Python; None when it is not installed."""
    try:
        wheel = metadata.distribution(name).read_text("WHEEL") or ""
    except metadata.PackageNotFoundError:
        return None
    tags = re.findall(r"^Tag:\s*(\S+)", wheel, re.M)
    return "Root-Is-Purelib: true" in wheel and bool(tags) and all(
        tag.endswith("-none-any") for tag in tags)


def _applies(requirement: Requirement, env: dict[str, str], extras: set[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({**env, "extra": extra}) for extra in extras or {""})


def runtime_requirements(pyproject: dict, phone: str) -> list[str]:
    project = pyproject.get("project", {}).get("dependencies", [])
    flet = pyproject.get("tool", {}).get("flet", {})
    platform = flet.get({"Android": "android", "iOS": "ios"}[phone], {}).get("dependencies", [])
    return list(project) + list(platform)


def check(pyproject: dict, lock_text: str, packages: dict, *,
          requires: Callable[[str], list[str] | None] = installed_requires,
          is_pure: Callable[[str], bool | None] = installed_is_pure) -> Report:
    locked = locked_versions(lock_text)
    builds = {canonicalize_name(name): entry for name, entry in packages["packages"].items()}
    pythons = list(packages["pythons"])
    found: dict[str, Dependency] = {}
    for phone in PHONES:
        env = phone_environment(phone, max(pythons, key=Version))
        todo = [("pyproject.toml", Requirement(text), {""})
                for text in runtime_requirements(pyproject, phone)]
        while todo:
            asker, requirement, extras = todo.pop()
            if not _applies(requirement, env, extras):
                continue
            name = canonicalize_name(requirement.name)
            seen = name in found
            dep = found.setdefault(name, Dependency(name, locked.get(name)))
            dep.ranges.append((asker, requirement.specifier))
            wanted = set(requirement.extras) | {""}
            if phone in dep.phones and wanted <= dep.extras:
                continue  # its requirements are already followed
            dep.phones.add(phone)
            dep.extras |= wanted
            for line in requires(name) or []:
                todo.append((name, Requirement(line), wanted))
            if not seen:
                dep.kind = _kind(name, builds, is_pure)
    problems = [f"{dep.name}: {dep.kind}" for dep in found.values()
                if dep.kind not in ("pure Python", "phone build")]
    problems += [f"{dep.name}: not in the lock" for dep in found.values() if dep.locked is None]
    by_python = {python: _missing(found, builds, python) for python in pythons}
    if not any(not missing for missing in by_python.values()):
        problems.append("no Python version of the phone builds carries every native package "
                        "within range")
    return Report(found, by_python, problems)


def _kind(name: str, builds: dict, is_pure: Callable[[str], bool | None]) -> str:
    if name in builds:
        return "phone build"
    pure = is_pure(name)
    if pure:
        return "pure Python"
    if pure is None:
        return "not installed here, so not known to be pure Python, and no phone build"
    return "native code with no Android/iOS build (desktop only)"


def phone_version(entry: dict, python: str) -> str | None:
    return entry.get(python, entry.get("version"))


def _missing(found: dict[str, Dependency], builds: dict, python: str) -> list[str]:
    """What keeps Python ``python``'s phone builds from carrying the dependencies."""
    missing = []
    for dep in found.values():
        if dep.name not in builds:
            continue
        version = phone_version(builds[dep.name], python)
        outside = sorted({f"{asker} asks {spec}" for asker, spec in dep.ranges
                          if version is None or not spec.contains(version, prereleases=True)})
        if outside:
            missing.append(f"{dep.name} {version or '(none)'}: {'; '.join(outside)}")
    return missing


def render(report: Report, packages: dict) -> str:
    builds = {canonicalize_name(n): e for n, e in packages["packages"].items()}
    pythons = list(packages["pythons"])
    lines = [f"Runtime dependencies of a phone build (Android and iOS), as `flet build` "
             f"resolves them; phone builds checked {packages['checked']} in "
             f"{packages['source']}.", "",
             "| package | locked (desktop) | kind | phone build "
             + " / ".join(f"py{p}" for p in pythons) + " | asked by |",
             "|---|---|---|---|---|"]
    for dep in sorted(report.dependencies.values(), key=lambda d: d.name):
        phone = (" / ".join(phone_version(builds[dep.name], p) or "-" for p in pythons)
                 if dep.name in builds else "")
        askers = ", ".join(sorted({f"{a} {s}".strip() for a, s in dep.ranges}))
        kind = dep.kind if dep.kind in ("pure Python", "phone build") else f"**{dep.kind}**"
        lines.append(f"| {dep.name} | {dep.locked or '-'} | {kind} | {phone} | {askers} |")
    lines.append("")
    for python, missing in report.pythons.items():
        lines.append(f"Python {python} phone builds: "
                     + ("carry every native package within range" if not missing
                        else "cannot: " + "; ".join(missing)))
    lines.append("")
    lines += ([f"FAILED: {problem}" for problem in report.problems] if report.problems
              else ["ok: every runtime dependency is pure Python or has a phone build"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyproject", type=Path, default=ROOT / "pyproject.toml")
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements" / "lock.txt")
    parser.add_argument("--packages", type=Path, default=ROOT / "tools" / "phone_packages.toml")
    args = parser.parse_args(argv)
    packages = tomllib.loads(args.packages.read_text(encoding="utf-8"))
    report = check(tomllib.loads(args.pyproject.read_text(encoding="utf-8")),
                   args.lock.read_text(encoding="utf-8"), packages)
    print(render(report, packages))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
