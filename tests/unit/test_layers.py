"""The import graph of the engine: layers that only point down, and no cycle.

    domain  ←  runtime  ←  store  ←  activities  ←  workflows
                  ↑          ↑                        (contracts only)
                 web ────────┘
                  ↑
               workers (the processes: CLI, worker, dev) may use everything

Every import counts, also one inside a function or under ``TYPE_CHECKING``: a dependency hidden
in a function body is still a dependency. The test reads the source (``ast``), so it sees what a
newcomer reads, not what happens to be imported at run time.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "runtime", "store", "activities", "workflows", "web", "workers")

# package -> the packages it may import (besides itself)
MAY_IMPORT: dict[str, frozenset[str]] = {
    "domain": frozenset(),
    "runtime": frozenset({"domain"}),
    "store": frozenset({"domain", "runtime"}),
    "activities": frozenset({"domain", "runtime", "store"}),
    "workflows": frozenset({"domain", "runtime", "activities"}),
    "web": frozenset({"domain", "runtime", "store"}),
    "workers": frozenset(PACKAGES) - {"workers"},
}
# What the workflows may take from the activities: their pure contracts, never an adapter.
WORKFLOWS_FROM_ACTIVITIES = frozenset({"activities.contracts", "activities.simulation"})
# The domain is pure: the standard library, pydantic and the holiday table, nothing that does I/O.
DOMAIN_LIBRARIES = frozenset({"pydantic", "chinese_calendar", "annotated_types"})
DOMAIN_FORBIDDEN_STDLIB = frozenset(
    {"asyncio", "os", "random", "socket", "subprocess", "threading", "time", "uuid", "secrets"}
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports (absolute names; relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from pkg import module` names pkg.module; `from module import name`, module
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return found


def _project_target(imported: str) -> str | None:
    """The project module an import names (the longest known prefix), or None for a library."""
    parts = imported.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in MODULES:
            return candidate
    return None


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in MODULES.items():
        for imported in _imports(name, path):
            target = _project_target(imported)
            if target is not None and target != name:
                graph[name].add(target)
    return graph


GRAPH = _graph()


def _package(module: str) -> str:
    return module.split(".")[0]


def test_every_package_is_seen() -> None:
    assert {_package(m) for m in MODULES} == set(PACKAGES)
    assert len(MODULES) > 50


def test_imports_only_point_down() -> None:
    upward = sorted(
        f"{importer} → {target}"
        for importer, targets in GRAPH.items()
        for target in targets
        if _package(target) != _package(importer)
        and _package(target) not in MAY_IMPORT[_package(importer)]
    )
    assert upward == [], "imports that run against the layers:\n" + "\n".join(upward)


def test_workflows_take_only_contracts_from_activities() -> None:
    wrong = sorted(
        f"{importer} → {target}"
        for importer, targets in GRAPH.items()
        if _package(importer) == "workflows"
        for target in targets
        if _package(target) == "activities" and target not in WORKFLOWS_FROM_ACTIVITIES
    )
    assert wrong == [], wrong


def test_no_import_cycle() -> None:
    """Tarjan's strongly connected components: any component of more than one module is a
    cycle (and a module importing itself is one too)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(MODULES):
        if module not in index:
            visit(module)
    assert cycles == [], f"import cycles: {cycles}"


def test_the_domain_is_pure() -> None:
    stdlib = sys.stdlib_module_names
    impure: list[str] = []
    for name, path in MODULES.items():
        if _package(name) != "domain":
            continue
        for imported in _imports(name, path):
            top = imported.split(".")[0]
            if top == "domain":
                continue
            if top in stdlib and top not in DOMAIN_FORBIDDEN_STDLIB:
                continue
            if top in DOMAIN_LIBRARIES:
                continue
            impure.append(f"{name} → {imported}")
    assert impure == [], impure


def test_the_workflows_package_init_imports_nothing() -> None:
    """The sandbox runs a workflow module's package ``__init__`` again for every workflow run:
    whatever it imports is loaded again for every cached case (workflows/__init__.py)."""
    tree = ast.parse((ROOT / "workflows" / "__init__.py").read_text(encoding="utf-8"))
    assert [
        ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)
    ] == []
