"""The import graph follows the layers of DESIGN.md: imports point down, never up, and nothing
forms a cycle — counting every import in the code, inside functions and under TYPE_CHECKING too.

The layer of each module is declared here, by dotted prefix; a new module must be placed before
this test passes, which is the point: where a module sits is a decision, not an accident.
"""

from __future__ import annotations

import ast
import pathlib

import mosaia

PACKAGE = pathlib.Path(mosaia.__file__).parent

#: Layers bottom up, by module prefix (the longest matching prefix wins). "beside" is 9: it may
#: import anything, and nothing in the package may import it.
LAYERS: dict[str, int] = {
    "mosaia._redact": 1,
    "mosaia._types": 2,
    "mosaia._version": 2,
    "mosaia.http": 3,
    "mosaia.errors": 3,
    "mosaia.request": 4,
    "mosaia.retry": 4,
    "mosaia.session": 4,
    "mosaia.pkce": 4,
    "mosaia.sse": 4,
    "mosaia.multipart": 4,
    "mosaia.config": 5,
    "mosaia.curl": 5,
    "mosaia.api": 5,
    "mosaia.decode": 5,
    "mosaia._tolerant": 5,
    "mosaia.paging": 5,
    "mosaia.relay": 5,
    "mosaia.executors": 6,
    "mosaia.otel": 6,
    "mosaia.run": 7,
    "mosaia._runner": 7,
    "mosaia._progress": 7,
    "mosaia.stream": 7,
    "mosaia.batch": 7,
    "mosaia.aio": 7,
    "mosaia.refresh": 7,
    "mosaia.jsonl": 7,
    "mosaia.watch": 7,
    "mosaia.files": 7,
    "mosaia.client": 8,
    "mosaia._login": 8,
    "mosaia.groups": 8,
    "mosaia.oauth": 8,
    "mosaia.types": 8,
    "mosaia": 8,
    "mosaia.testing": 9,
    "mosaia.scale": 9,
    "mosaia.cli": 9,
    "mosaia.__main__": 9,
}


def module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int | None:
    best = max(
        (p for p in LAYERS if module == p or module.startswith(p + ".")), key=len, default=None
    )
    return None if best is None else LAYERS[best]


def imports(module: str) -> set[str]:
    """Every mosaia module ``module`` imports, anywhere in its code."""
    path = MODULES[module]
    return imports_in(path.read_text(), module, is_package=path.name == "__init__.py")


def imports_in(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """The mosaia modules ``source`` (the text of ``module``) imports, at any depth."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from mosaia.api import agents` imports the module mosaia.api.agents.
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        else:
            continue
        found.update(n for n in names if n == "mosaia" or n.startswith("mosaia."))
    found.discard(module)
    return found


GRAPH = {module: imports(module) for module in MODULES}


def test_every_module_has_a_layer() -> None:
    unplaced = sorted(m for m in MODULES if layer(m) is None)
    assert not unplaced, f"place these modules in LAYERS (tests/test_layers.py): {unplaced}"


def test_imports_point_down_the_layers() -> None:
    upward = [
        f"{source} (layer {layer(source)}) imports {target} (layer {layer(target)})"
        for source, targets in GRAPH.items()
        for target in sorted(targets)
        if (layer(source) or 0) < (layer(target) or 0)
    ]
    assert not upward, "imports that point up:\n" + "\n".join(upward)


def test_no_module_imports_the_root_package_from_inside() -> None:
    # `import mosaia` from inside the package runs the face (client, groups) from below it.
    inside = sorted(m for m, targets in GRAPH.items() if "mosaia" in targets and m != "mosaia")
    assert not [m for m in inside if (layer(m) or 0) < 9], inside


def test_the_import_graph_has_no_cycle() -> None:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target in GRAPH and target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_checker_counts_nested_type_checking_and_relative_imports() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from mosaia.client import Mosaia\n"
        "def f():\n    from mosaia.stream import Stream\n"
        "from . import agents\n"
        "from ._crud import Resource\n"
        "import mosaia.errors\n"
    )
    assert imports_in(source, "mosaia.api.tools") == {
        "mosaia.client",
        "mosaia.stream",
        "mosaia.api.agents",
        "mosaia.api._crud",
        "mosaia.errors",
    }
