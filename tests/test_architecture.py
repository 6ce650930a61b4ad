"""The house: each folder imports only the folders below it, and no modules import in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "chainrule"
TASKS = ("derivatives", "descent", "graph")
PARTS = ("engine", "expressions", *TASKS, "check", "playground", "report", "teacher", "cli")
# Each part and the parts it may import; "base" is the package's top-level modules.
ALLOWED = {
    "base": {"base"},
    "engine": {"base", "engine"},
    "expressions": {"base", "engine", "expressions"},
    "derivatives": {"base", "engine", "expressions", "derivatives"},
    "descent": {"base", "engine", "descent"},
    "graph": {"base", "engine", "expressions", "graph"},
    "check": {"base", "engine", "expressions", *TASKS, "check"},
    "playground": {"base", "engine", "expressions", *TASKS, "playground"},
    "report": {"base", "engine", "expressions", *TASKS, "check", "playground", "report"},
    "teacher": {
        "base",
        "engine",
        "expressions",
        *TASKS,
        "check",
        "playground",
        "report",
        "teacher",
    },
    "cli": {"base", *PARTS},
}
FACES = {"chainrule", "chainrule.__main__"}  # the package's face hands names on


def module_name(path: Path) -> str:
    parts = ("chainrule", *path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part(module: str) -> str:
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 and pieces[1] in PARTS else "base"


def imports(path: Path, modules: set[str]) -> set[str]:
    """The chainrule modules ``path`` imports, anywhere in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("chainrule")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("chainrule"):
                continue
            for alias in node.names:
                inner = f"{node.module}.{alias.name}"
                found.add(inner if inner in modules else node.module)
    return found


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}
GRAPH = {name: imports(path, set(MODULES)) - {name} for name, path in MODULES.items()}


@pytest.mark.parametrize("module", sorted(set(MODULES) - FACES))
def test_each_module_imports_only_what_its_part_may(module: str) -> None:
    allowed = ALLOWED[part(module)]
    wrong = sorted(m for m in GRAPH[module] if m not in FACES and part(m) not in allowed)
    assert wrong == [], f"{module} ({part(module)}) may not import {wrong}"


def test_no_module_imports_in_a_circle() -> None:
    state: dict[str, int] = {}  # 1 on the path, 2 done
    circles = []
    for start in sorted(GRAPH):
        stack = [(start, iter(sorted(GRAPH[start])))]
        path = [start]
        state.setdefault(start, 1)
        if state[start] == 2:
            continue
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif child in FACES or child not in GRAPH or state.get(child) == 2:
                continue
            elif state.get(child) == 1:
                circles.append([*path[path.index(child) :], child])
            else:
                state[child] = 1
                stack.append((child, iter(sorted(GRAPH[child]))))
                path.append(child)
    assert circles == []


def test_every_part_is_a_folder() -> None:
    assert all((SRC / name / "__init__.py").is_file() for name in PARTS)
