"""The apps import each other in one direction only: no cycle between apps, and the
organizations app stands on its own (its models need no other app)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "core",
    "organizations",
    "maturity",
    "assessments",
    "workspace",
    "lifecycle",
    "front",
    "api",
)


def imported_apps(app: str) -> set[str]:
    """The other project apps whose modules `app` imports (migrations left out)."""
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            found |= {name.split(".")[0] for name in names} & set(APPS)
    return found - {app}


def test_the_organizations_app_imports_no_other_app() -> None:
    assert imported_apps("organizations") == set()


def test_core_imports_no_other_app_so_that_every_app_may_use_it() -> None:
    assert imported_apps("core") == set()


def test_no_two_apps_import_each_other_even_through_others() -> None:
    graph = {app: imported_apps(app) for app in APPS}

    def reaches(start: str, goal: str, seen: frozenset = frozenset()) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in graph[start]
        )

    cycles = [app for app in APPS if reaches(app, app)]
    assert cycles == [], {app: sorted(graph[app]) for app in cycles}


def test_the_layout_is_as_the_readme_describes() -> None:
    graph = {app: imported_apps(app) for app in APPS}
    assert graph["maturity"] <= {"core"}
    assert "workspace" not in graph["assessments"]
    assert "assessments" not in graph["lifecycle"]
