"""The layered house holds: no import points up a layer, and no modules import each other in a
circle (lazy imports inside functions count too: they are arrows all the same).

Layers, top to bottom (a module may import its own layer's siblings and anything below):

    cli | web                  the two front doors (`__main__` modules are entry points too)
    reminders                  the break-reminder runner, started by `backcare remind`
    services                   use-cases shared by the CLI and the web app
    reports | interop | store | desktop    adapters that draw, translate, keep or notify
    content                    loads and caches the YAML library
    config | environment | labels | limits | errors   settings, words, bounds for every layer
    domain                     the pure core (stdlib + pydantic)
    backcare (the package root: `__version__`)

Built from the source with `ast`, so it needs no extra dependency and sees imports that a run
would never reach (TYPE_CHECKING blocks count as well: mypy follows them).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("cli", "web"),
    ("reminders",),
    ("services",),
    ("reports", "interop", "store", "desktop"),
    ("content",),
    ("config", "environment", "labels", "limits", "errors"),
    ("domain",),
    ("",),  # the package root itself
)
# Parts of one layer that must not import each other (the front doors stay independent).
INDEPENDENT: tuple[tuple[str, ...], ...] = (("cli", "web"), ("reports", "interop", "store"))


def module_graph(src: Path, package: str) -> dict[str, set[str]]:
    """Every module of `package` under `src` and the modules of the package it imports."""
    modules: dict[str, tuple[Path, bool]] = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join(parts)] = (path, is_package)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        here = name.split(".") if is_package else name.split(".")[:-1]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                # `from a import b` imports module a.b when there is one, else names in a.
                targets = [
                    f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module
                    for alias in node.names
                ]
            for target in targets:
                # `import a.b.c` names a.b.c; keep the longest prefix that is a module.
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    found.add(target)
        graph[name] = found
    return graph


def layer_of(module: str, package: str) -> str:
    """`backcare.store.repository` -> `store`; `backcare` -> ``."""
    rest = module.removeprefix(package).lstrip(".")
    return rest.split(".")[0]


def upward_imports(
    graph: Mapping[str, Iterable[str]],
    package: str,
    layers: tuple[tuple[str, ...], ...] = LAYERS,
    independent: tuple[tuple[str, ...], ...] = INDEPENDENT,
) -> list[str]:
    """Imports that point to a higher layer, or between parts of a layer kept independent;
    a module of no listed layer is reported too, so a new package gets placed on purpose."""
    rank = {part: i for i, layer in enumerate(layers) for part in layer}
    faults: list[str] = []
    for module in sorted(graph):
        source = layer_of(module, package)
        if source not in rank:
            faults.append(f"{module}: package {source!r} is in no layer")
            continue
        if module.endswith(".__main__"):
            continue  # an entry point wires the layers together, like cli.main
        for target in sorted(graph[module]):
            dest = layer_of(target, package)
            if dest == source or dest not in rank:
                continue
            if rank[dest] < rank[source]:
                faults.append(f"{module} -> {target} (up from {source} to {dest})")
            elif any({source, dest} <= set(group) for group in independent):
                faults.append(f"{module} -> {target} ({source} and {dest} stay independent)")
    return faults


def import_cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        # Iterative DFS: (node, iterator over its successors).
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph.get(succ, ())))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return sorted(groups)


def test_no_import_points_up_a_layer() -> None:
    assert upward_imports(module_graph(SRC, "backcare"), "backcare") == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    assert import_cycles(module_graph(SRC, "backcare")) == []


def _package(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


CLEAN = {
    "pkg/__init__.py": "",
    "pkg/domain/__init__.py": "",
    "pkg/domain/a.py": "X = 1\n",
    "pkg/domain/b.py": "from pkg.domain.a import X\n",
    "pkg/store/__init__.py": "",
    "pkg/store/repo.py": "from pkg.domain import b\nfrom pkg.errors import Bad\n",
    "pkg/errors.py": "class Bad(Exception): ...\n",
    "pkg/services/__init__.py": "",
    "pkg/services/use.py": "from ..store.repo import b\n",
}


def test_the_checker_passes_a_clean_package(tmp_path: Path) -> None:
    graph = module_graph(_package(tmp_path, CLEAN), "pkg")
    assert graph["pkg.services.use"] == {"pkg.store.repo"}, "relative imports are resolved"
    assert upward_imports(graph, "pkg") == []
    assert import_cycles(graph) == []


def test_the_checker_catches_a_planted_upward_import(tmp_path: Path) -> None:
    planted = {**CLEAN, "pkg/store/repo.py": "def f():\n    from pkg.services import use\n"}
    graph = module_graph(_package(tmp_path, planted), "pkg")
    assert upward_imports(graph, "pkg") == [
        "pkg.store.repo -> pkg.services.use (up from store to services)"
    ]


def test_the_checker_catches_a_planted_cycle(tmp_path: Path) -> None:
    planted = {
        **CLEAN,
        "pkg/domain/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from pkg.domain.c import Y\nX = 1\n",
        "pkg/domain/c.py": "import pkg.domain.b\nY = 2\n",
    }
    graph = module_graph(_package(tmp_path, planted), "pkg")
    assert import_cycles(graph) == [["pkg.domain.a", "pkg.domain.b", "pkg.domain.c"]]
    assert upward_imports(graph, "pkg") == []


def test_the_checker_catches_a_crossing_between_independent_parts(tmp_path: Path) -> None:
    planted = {**CLEAN, "pkg/cli/__init__.py": "", "pkg/web/__init__.py": "import pkg.cli\n"}
    graph = module_graph(_package(tmp_path, planted), "pkg")
    assert upward_imports(graph, "pkg") == ["pkg.web -> pkg.cli (web and cli stay independent)"]


def test_a_package_in_no_layer_is_reported(tmp_path: Path) -> None:
    planted = {**CLEAN, "pkg/gadgets/__init__.py": ""}
    graph = module_graph(_package(tmp_path, planted), "pkg")
    assert upward_imports(graph, "pkg") == ["pkg.gadgets: package 'gadgets' is in no layer"]
