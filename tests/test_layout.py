"""The package's shape, read statically (ast over gridscore/, imports inside functions included).

- No import cycle between gridscore's modules. Every `import` and `from … import` counts,
  at the top of a module or inside a function (a lazy import hides a cycle, it does not
  break one). `from gridscore.pkg import name` is an edge to gridscore.pkg.name when that is
  a module, else to gridscore.pkg. The implicit import of a package's __init__ when one of
  its modules is imported is not counted: a package re-exporting its modules is the usual
  shape, not a cycle.
- No module over 450 lines (the aim is ~400; STYLE.md: split a module that holds two ideas).
- cli.py touches no file: it parses options, calls the library and chooses the exit code;
  io.py is the one module that reads and writes. Forbidden in cli.py: the builtin open(); the
  modules that reach the file system (os, shutil, tempfile, glob, io, pathlib's I/O through
  any of those); and the path methods that read, write, list, test or change the file system:
  open, read_text, read_bytes, write_text, write_bytes, iterdir, glob, rglob, walk, exists,
  is_file, is_dir, is_symlink, stat, lstat, touch, mkdir, unlink, rmdir, rename, chmod,
  samefile, symlink_to, hardlink_to, readlink. Allowed: building paths (Path(...), /, .parent,
  .name) and .resolve()/.absolute(), which only name a path in a message for the clerk.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "gridscore"
MAX_LINES = 450
FILE_MODULES = {"os", "shutil", "tempfile", "glob", "io", "fileinput"}
FILE_METHODS = {
    "open",
    "read_text",
    "read_bytes",
    "write_text",
    "write_bytes",
    "iterdir",
    "glob",
    "rglob",
    "walk",
    "exists",
    "is_file",
    "is_dir",
    "is_symlink",
    "stat",
    "lstat",
    "touch",
    "mkdir",
    "unlink",
    "rmdir",
    "rename",
    "chmod",
    "samefile",
    "symlink_to",
    "hardlink_to",
    "readlink",
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The gridscore modules that `name` imports, anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                full = f"{source}.{alias.name}"
                found.add(full if full in modules else source)
    return {m for m in found if m in modules and m != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
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
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_the_graph_sees_lazy_imports() -> None:
    graph = _graph()
    assert "gridscore.api" in graph["gridscore.cli"]  # imported inside the command functions
    assert "gridscore.screen.biff" in graph["gridscore.io"]  # imported inside _read_spreadsheet


def test_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_a_cycle_would_be_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_over_450_lines() -> None:
    long = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_pure_modules_do_not_import_io() -> None:
    """Validation, rules, the audit and the workbooks are pure: io is reached only by the loader."""
    graph = _graph()
    pure = [
        m for m in graph if m.startswith(("gridscore.validate", "gridscore.audit", "gridscore.workbooks"))
    ]
    pure += [
        "gridscore.rules",
        "gridscore.rounding",
        "gridscore.model",
        "gridscore.documents",
        "gridscore.problems",
    ]
    assert [m for m in pure if "gridscore.io" in graph[m]] == []


def test_problems_imports_nothing_from_gridscore() -> None:
    assert _graph()["gridscore.problems"] == set()


def _file_access(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
            found.append(f"line {node.lineno}: open()")
        elif isinstance(node, ast.Attribute) and node.attr in FILE_METHODS:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in FILE_MODULES
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Import):
            found += [f"line {node.lineno}: import {a.name}" for a in node.names if a.name in FILE_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "") in FILE_MODULES:
            found.append(f"line {node.lineno}: from {node.module} import")
    return found


def test_cli_touches_no_file() -> None:
    assert _file_access(ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))) == []


def test_the_file_access_check_sees_each_kind() -> None:
    source = (
        "import os\nopen('x')\np.read_text()\nos.replace(a, b)\nroot.iterdir()\nfrom shutil import rmtree\n"
    )
    assert len(_file_access(ast.parse(source))) == 6
