"""The arrows between the parts of Ons Plan (docs/architecture.md), checked on the source.

Every .py under family_app/, sync/ and i18n/ is parsed with `ast` (nothing is imported or
run). Each import, also one inside a function, becomes an arrow "module -> imported module":
relative imports are made absolute, and in `from X import y` the arrow goes to `X.y` when
that is one of our modules, else to `X`. One test per rule; a failure lists every offending
arrow with its file and line.

A rule the code breaks today is marked xfail(strict=True): it fails the day it is fixed, so
the mark is then taken off and the rule holds from there on (issue 14).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("family_app", "sync", "i18n")

# The app shell: the modules that start the Flet UI and serve its web client. They sit in
# family_app/ beside the use cases, but they are where Flet and the screens are wired in,
# so they may import family_app.screens and Flet; no other use case may.
SHELL = frozenset({
    "family_app.app",          # the Flet entry point: the page, the router, one context per tab
    "family_app.flet_fixes",   # a fix to Flet's session, installed by app.py
    "family_app.fonts",        # the bundled fonts as an ft.Theme for the page (app.py uses it)
    "family_app.offline_web",  # a copy of Flet's web client (flet_web) without its CDN address
    "family_app.web_server",   # Flet's web app (flet_web.fastapi) behind the localhost guard
})


@dataclass(frozen=True)
class Arrow:
    importer: str  # the module that imports, e.g. "family_app.screens.plan.home"
    target: str    # what it imports, absolute, e.g. "family_app.sharing.sharing" or "flet"
    path: str      # the importer's file, relative to the repository
    line: int
    in_function: bool  # inside a def: runs when called, not when the module is imported

    def __str__(self) -> str:
        where = " (in a function)" if self.in_function else ""
        return f"{self.importer} -> {self.target}   [{self.path}:{self.line}]{where}"


# --- reading the source -------------------------------------------------------------------

def module_name(path: Path, root: Path = ROOT) -> tuple[str, bool]:
    """("family_app.screens.plan.home", False) for family_app/screens/plan/home.py; a package's
    __init__.py is the package itself (True)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def source_files(root: Path = ROOT) -> list[Path]:
    return sorted(p for package in PACKAGES for p in (root / package).rglob("*.py")
                  if "__pycache__" not in p.parts)


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of `from <level dots><name> import ...` written in `module`."""
    if not level:
        return name or ""
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]  # a plain module's `.` is the package it is in
    if level > 1:
        parts = parts[:len(parts) - (level - 1)]
    if not parts:
        raise ValueError(f"{module}: relative import beyond the top-level package")
    return ".".join(parts + ([name] if name else []))


def arrows_in(source: str, module: str, *, is_package: bool = False, path: str = "",
              known: Iterable[str] = ()) -> list[Arrow]:
    """Every import in `source` (the text of `module`) as an arrow, in-function ones too.
    `known` is the set of our module names, to tell `from pkg import module` from
    `from module import name`."""
    known = set(known)
    arrows: list[Arrow] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                arrows.append(Arrow(module, alias.name, path, node.lineno, in_function))
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            targets = set()
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                targets.add(candidate if candidate in known else base)
            for target in sorted(targets):
                arrows.append(Arrow(module, target, path, node.lineno, in_function))
        inside = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                  ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, inside)

    visit(ast.parse(source), False)
    return arrows


@lru_cache(maxsize=1)
def all_arrows() -> tuple[Arrow, ...]:
    files = source_files()
    names = {path: module_name(path) for path in files}
    known = {name for name, _ in names.values()}
    found: list[Arrow] = []
    for path, (name, is_package) in names.items():
        found += arrows_in(path.read_text(encoding="utf-8"), name, is_package=is_package,
                           path=str(path.relative_to(ROOT)), known=known)
    return tuple(found)


# --- the parts and the rules ----------------------------------------------------------------

def within(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def is_flet(name: str) -> bool:
    """Flet and its extension packages (flet_web, flet_camera, flet_charts...)."""
    top = name.split(".")[0]
    return top == "flet" or top.startswith("flet_")


def is_screens(name: str) -> bool:
    return within(name, "family_app.screens")


def is_domain(name: str) -> bool:
    return within(name, "family_app.domain")


def is_vault(name: str) -> bool:
    return within(name, "family_app.vault")


def is_sync(name: str) -> bool:
    return within(name, "sync")


def is_i18n(name: str) -> bool:
    return within(name, "i18n")


def is_use_case(name: str) -> bool:
    """A module of family_app outside its screens, domain and vault: the capability folders
    (family_app/sharing/ ...), the command line and the app shell."""
    return within(name, "family_app") and not (is_screens(name) or is_domain(name)
                                               or is_vault(name))


Rule = Callable[[Arrow], bool]  # True: the arrow is forbidden


def screens_rule(a: Arrow) -> bool:
    return is_screens(a.importer) and (is_vault(a.target) or is_sync(a.target))


def domain_rule(a: Arrow) -> bool:
    return is_domain(a.importer) and (
        (within(a.target, "family_app") and not is_domain(a.target))
        or is_sync(a.target) or is_flet(a.target) or within(a.target, "tinydb")
        or (is_i18n(a.target) and not within(a.target, "i18n.problems")))


def sync_rule(a: Arrow) -> bool:
    # Like the domain, sync only names problems (English ids); the UI translates them.
    # What sync needs of the domain (the schema version, the table names) comes through
    # one narrow module.
    return is_sync(a.importer) and (
        (within(a.target, "family_app") and not within(a.target, "family_app.domain.schema"))
        or is_flet(a.target) or within(a.target, "tinydb")
        or (is_i18n(a.target) and not within(a.target, "i18n.problems")))


def vault_rule(a: Arrow) -> bool:
    return is_vault(a.importer) and (
        (within(a.target, "family_app") and not is_vault(a.target))
        or is_sync(a.target) or is_flet(a.target))


def tinydb_rule(a: Arrow) -> bool:
    # The storage engine is the vault's business: use cases go through vault.records().
    return within(a.target, "tinydb") and not is_vault(a.importer)


def i18n_rule(a: Arrow) -> bool:
    return is_i18n(a.importer) and (within(a.target, "family_app") or is_sync(a.target))


def use_case_rule(a: Arrow) -> bool:
    return (is_use_case(a.importer) and a.importer not in SHELL
            and (is_screens(a.target) or is_flet(a.target)))


# The modules of family_app/screens/ that are not screens (no route, no `build`): what the
# screens share. A screen imports only these, never another screen: screens reach each other
# by name through the router (ctx.go), and the router alone imports them all.
SCREEN_HELPERS = frozenset({
    "family_app.screens.common",                  # the page, buttons, messages, lock and language
    "family_app.screens.context",                 # the state of one browser tab
    "family_app.screens.labels",                  # every code→label table
    "family_app.screens.router",                  # which screen a name stands for
    # shared widgets
    "family_app.screens.forms",                   # fields, choice groups, score radios
    "family_app.screens.folder_form",             # a shared folder's address and password
    "family_app.screens.plan.sections",           # each plan section's form and summary
    "family_app.screens.plan.network_flower",     # the network as a flower (section, shared plan)
    "family_app.screens.plan.score_chart",        # a goal's scores over time
    "family_app.screens.plan.way_back",           # where back leads (goal, section)
    "family_app.screens.sharing.qr_frames",       # a bundle as turning QR pictures
    "family_app.screens.sharing.share_choices",   # for whom and how long (share, youth_share)
    "family_app.screens.sharing.shared_youth_plan",  # a young person's shared plan, as cards
})


def screen_to_screen_rule(a: Arrow) -> bool:
    return (is_screens(a.importer) and a.importer != "family_app.screens.router"
            and is_screens(a.target) and a.target != a.importer
            and a.target not in SCREEN_HELPERS)


def offenders(rule: Rule, arrows: Iterable[Arrow] | None = None) -> list[Arrow]:
    return [a for a in (all_arrows() if arrows is None else arrows) if rule(a)]


def check(rule: Rule, what: str) -> None:
    bad = offenders(rule)
    assert not bad, (f"{what}: {len(bad)} forbidden import(s), importer -> imported:\n  "
                     + "\n  ".join(map(str, bad)))


# --- one test per rule ----------------------------------------------------------------------

def test_screens_import_neither_vault_nor_sync():
    check(screens_rule, "family_app/screens/ may import use cases, i18n, Flet and the "
          "standard library, never family_app.vault or sync")


def test_domain_imports_only_itself_and_i18n_problems():
    check(domain_rule, "family_app/domain/ may import only itself, i18n.problems and the "
          "standard library (no other family_app module, sync, Flet or TinyDB)")


def test_sync_imports_nothing_of_the_app():
    check(sync_rule, "sync/ may import only itself, i18n.problems, the domain's schema "
          "(family_app.domain.schema) and libraries (no other family_app, Flet or TinyDB)")


def test_vault_imports_nothing_of_the_app():
    check(vault_rule, "family_app/vault/ may import only itself, i18n and libraries "
          "(no other family_app module, sync, screens or Flet)")


def test_only_the_vault_imports_tinydb():
    check(tinydb_rule, "only family_app/vault/ may import tinydb; use cases read and write "
          "through vault.records(name) (family_app/vault/records.py)")


def test_i18n_imports_neither_the_app_nor_sync():
    check(i18n_rule, "i18n/ knows nothing of family_app or sync")


def test_use_cases_import_neither_screens_nor_flet():
    check(use_case_rule, "use cases (outside the app shell: "
          + ", ".join(sorted(SHELL)) + ") may not import family_app.screens or Flet")


def test_screens_import_no_other_screen():
    check(screen_to_screen_rule, "a module of family_app/screens/ may import from there only "
          + ", ".join(sorted(SCREEN_HELPERS)) + " (labels from labels.py, screens by name)")


def test_screen_helpers_exist_and_are_no_screens():
    """A renamed helper must not leave a stale exemption behind, and a screen (a module with
    a `build`) may not pass for a helper."""
    known = {module_name(p)[0]: p for p in source_files()}
    assert SCREEN_HELPERS <= set(known), f"not a module any more: {sorted(SCREEN_HELPERS - set(known))}"
    screens = [name for name in sorted(SCREEN_HELPERS) if any(
        isinstance(node, ast.FunctionDef) and node.name == "build"
        for node in ast.parse(known[name].read_text(encoding="utf-8")).body)]
    assert not screens, f"these have a build, so they are screens: {screens}"


def test_shell_modules_exist():
    """A renamed shell module must not leave a stale exemption behind."""
    known = {module_name(p)[0] for p in source_files()}
    assert SHELL <= known, f"not a module any more: {sorted(SHELL - known)}"


# --- cycles among the use-case modules of family_app ----------------------------------------

def top_level(name: str) -> bool:
    """A module the cycle check looks at: every use-case module (the capability folders, the
    command line's modules, the app shell); a folder whose __init__ imports nothing is not
    one."""
    return is_use_case(name) and name not in EMPTY_PACKAGES


EMPTY_PACKAGES = frozenset(
    module_name(p)[0] for p in source_files() if p.name == "__init__.py" and not any(
        isinstance(node, (ast.Import, ast.ImportFrom))
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))))


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The cycles a depth-first search meets (one per back edge), each as a chain that
    starts and ends at the same module, turned to start at its smallest name."""
    cycles: dict[tuple[str, ...], list[str]] = {}
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def dfs(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                loop = stack[stack.index(nxt):]
                start = loop.index(min(loop))
                loop = loop[start:] + loop[:start]
                cycles.setdefault(tuple(loop), loop + [loop[0]])
            elif nxt not in state:
                dfs(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            dfs(node)
    return list(cycles.values())


def module_graph(arrows: Iterable[Arrow], *, in_functions: bool = False) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for a in arrows:
        if top_level(a.importer) and top_level(a.target) and a.importer != a.target \
                and (in_functions or not a.in_function):
            graph.setdefault(a.importer, set()).add(a.target)
    return graph


def reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo += graph.get(node, ())
    return False


def test_no_import_cycles_among_family_app_modules():
    arrows = all_arrows()
    graph = module_graph(arrows)
    cycles = find_cycles(graph)
    # Not a rule, a figure for the report: imports inside functions are how a cycle is
    # usually broken (the command line did so until it became the package family_app/cli/).
    inner = [a for a in arrows if a.in_function]
    app_inner = [a for a in inner if top_level(a.importer) and top_level(a.target)]
    closing = [a for a in app_inner if reaches(graph, a.target, a.importer)]

    def statements(found: list[Arrow]) -> int:
        return len({(a.path, a.line) for a in found})

    print(f"\nimports inside functions in family_app/, sync/, i18n/: {statements(inner)} "
          f"statements; {statements(app_inner)} of them from one use-case module "
          f"to another; {statements(closing)} of those would close a cycle at module level:")
    for a in closing:
        print("  ", a)
    assert not cycles, "import cycles at module level:\n  " + "\n  ".join(
        " -> ".join(c) for c in cycles)


# --- the checker itself can fail --------------------------------------------------------------

KNOWN = {"family_app", "family_app.screens", "family_app.screens.home",
         "family_app.screens.common", "family_app.vault",
         "family_app.vault.keys", "family_app.domain", "family_app.domain.plan",
         "family_app.sharing", "sync", "sync.bundle", "i18n", "i18n.problems"}


def _arrows(source: str, module: str, is_package: bool = False) -> list[Arrow]:
    return arrows_in(source, module, is_package=is_package, path="synthetic.py", known=KNOWN)


@pytest.mark.parametrize("source, target", [
    ("from .. import vault", "family_app.vault"),
    ("from ..vault.keys import validate_secret", "family_app.vault.keys"),
    ("from family_app import vault", "family_app.vault"),
    ("import sync.bundle as b", "sync.bundle"),
    ("def later():\n    from sync.bundle import seal", "sync.bundle"),
    ("from . import common", "family_app.screens.common"),
    ("from family_app import sharing", "family_app.sharing"),
    ("from i18n.problems import N_", "i18n.problems"),
])
def test_relative_and_from_imports_resolve(source, target):
    assert target in {a.target for a in _arrows(source, "family_app.screens.home")}


def test_package_init_resolves_its_own_dot():
    arrows = _arrows("from .plan import Plan\nfrom .. import sharing", "family_app.domain",
                     is_package=True)
    assert {a.target for a in arrows} == {"family_app.domain.plan", "family_app.sharing"}


def test_a_forbidden_import_in_a_synthetic_module_is_caught():
    source = ("import flet as ft\n"
              "from family_app import sharing\n"
              "def scan():\n"
              "    from ..vault.keys import validate_secret\n"
              "    import sync.bundle\n")
    bad = offenders(screens_rule, _arrows(source, "family_app.screens.home"))
    assert [(a.target, a.line, a.in_function) for a in bad] == [
        ("family_app.vault.keys", 4, True), ("sync.bundle", 5, True)]
    with pytest.raises(AssertionError, match="family_app.screens.home -> sync.bundle"):
        assert not bad, "\n".join(map(str, bad))
    # the same arrows under the other rules
    assert offenders(domain_rule, _arrows("from ..sharing import share", "family_app.domain.plan"))
    assert offenders(sync_rule, _arrows("from family_app.domain import TABLES", "sync.bundle"))
    assert offenders(vault_rule, _arrows("from .. import sharing", "family_app.vault.keys"))
    assert offenders(i18n_rule, _arrows("import sync.bundle", "i18n.problems"))
    assert offenders(tinydb_rule, _arrows("from tinydb import Query", "family_app.sharing"))
    assert not offenders(tinydb_rule, _arrows("from tinydb import Query", "family_app.vault.keys"))
    assert offenders(use_case_rule, _arrows("import flet", "family_app.sharing"))
    assert not offenders(use_case_rule, _arrows("import flet", "family_app.app"))
    assert not offenders(domain_rule,
                         _arrows("from i18n.problems import N_", "family_app.domain.plan"))
    assert offenders(domain_rule, _arrows("from i18n import translator", "family_app.domain.plan"))


def test_cycles_are_found_as_chains():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []
