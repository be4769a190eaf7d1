"""The package layout is the pipeline (ARCHITECTURE.md): imports run only from a later stage to an
earlier one, there are no import loops, and the core imports nothing of MkDocs.

Every import counts, also one inside a function: such an import hides a loop instead of removing it.
"""

from __future__ import annotations

import ast
from pathlib import Path


from conftest import REPO

HOOKS = REPO / "hooks"

# The allowed direction, written once: a module may import from its own stage and from the stages
# listed before it. The shared model (records, problems, settings, urls, …) is every stage's base.
STAGES = (
    "kooplab",            # the shared model: the top-level modules of the package
    "kooplab.load",       # files -> records and problems
    "kooplab.pages",      # catalog -> page models (facets, suggestions, maps, references)
    "kooplab.exports",    # catalog and page models -> data files (JSON, CSV, API, feed, JSON-LD, calendars)
    "kooplab.outputs",    # page models and exports -> the list of generated outputs (the site), the articles
    "kooplab.materialize",  # the adapter for engines without hooks: the site as a tree of files (Zensical)
    "kooplab.imports",    # the way back: spreadsheets -> record files (kooplab import)
    "kooplab.commands",   # the command line: validate, build, new, import, report, linkcheck, bench
    "kooplab_mkdocs",     # the MkDocs adapter (engine-specific machinery)
    "mkdocs_hooks",       # MkDocs' events mapped to calls
)
ENGINES = ("mkdocs", "material", "properdocs", "zensical")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(HOOKS).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> int:
    """The index in STAGES of the longest prefix (the package's top-level modules: the shared model)."""
    best = -1
    for i, stage in enumerate(STAGES):
        if module == stage or module.startswith(stage + ".") and (stage != "kooplab" or module.count(".") == 1):
            best = i
    if best < 0:
        raise AssertionError(f"{module} belongs to no stage: add its folder to STAGES and ARCHITECTURE.md")
    return best


def sources() -> dict[str, Path]:
    found = {module_name(p): p for p in sorted(HOOKS.rglob("*.py")) if "__pycache__" not in p.parts}
    assert "kooplab.load.catalog" in found and "mkdocs_hooks" in found
    return found


def imports(path: Path, module: str) -> set[str]:
    """Every module this file imports, at any depth of the file (functions included)."""
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)  # from package import module
    return found


def graph() -> dict[str, set[str]]:
    mods = sources()
    return {name: {i for i in imports(path, name) if i in mods and i != name} for name, path in mods.items()}


def test_every_module_belongs_to_a_stage():
    for name in sources():
        stage_of(name)


def test_imports_run_only_from_later_stages_to_earlier_ones():
    upward = [f"{a} (stage {STAGES[stage_of(a)]}) imports {b} (stage {STAGES[stage_of(b)]})"
              for a, targets in graph().items() for b in sorted(targets) if stage_of(b) > stage_of(a)]
    assert not upward, "\n".join(upward)


def find_loops(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
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
                loops.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return loops


def test_no_import_loops():
    assert find_loops(graph()) == []


def test_the_loop_finder_finds_a_loop():
    assert find_loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_core_imports_no_engine():
    engine = [f"{name} imports {i}" for name, path in sources().items() if name.startswith("kooplab.")
              or name == "kooplab" for i in sorted(imports(path, name)) if i.split(".")[0] in ENGINES]
    assert not engine, "\n".join(engine)


def test_the_hook_file_only_maps_events():
    """The MkDocs hook file maps events to calls: its machinery lives in kooplab_mkdocs."""
    lines = (HOOKS / "mkdocs_hooks.py").read_text("utf-8").splitlines()
    assert len(lines) < 150
    assert not [line for line in lines if line.startswith(("import ", "from ")) and "kooplab_mkdocs" not in line
                and "__future__" not in line], "the hook file imports only the adapter"


def test_no_module_is_a_grab_bag():
    """About 400 lines at most: a longer module holds more than one concern (ARCHITECTURE.md)."""
    long = {name: n for name, path in sources().items()
            if (n := len(path.read_text("utf-8").splitlines())) > 420}
    assert not long
