"""The import rule of docs/architecture.md, checked on the source: an app imports only apps on
its own floor or below, never one above (a lower layer that must react to a higher one
offers a hook the higher app registers with). Imports inside functions count too. Apps on one
floor import each other only along the edges named here, so a cycle cannot creep in."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "serdh"

FLOORS = [
    {"core"},
    {"accounts", "network"},
    {"vocabularies"},
    {"people", "cases"},
    {"workflow", "obligations"},
    {"monitoring", "interop", "privacy", "imports", "rma"},
    {"portal"},
    {"web", "demo"},  # the shell and the demo sit on top and may import anything
]
FLOOR = {app: level for level, apps in enumerate(FLOORS) for app in apps}
TOP = len(FLOORS) - 1
# Imports between apps of one floor, each with its reason (docs/architecture.md).
SAME_FLOOR = {
    ("accounts", "network"): "a membership is in an organization",
    ("cases", "people"): "a party is a person (people never imports cases: cases registers "
    "the person policy that depends on them)",
    ("obligations", "workflow"): "obligations use workflow's task registry and services",
    ("imports", "monitoring"): "Disque 100's statistics are monitoring's model",
}


def project_imports(path):
    """(app imported, line) for each ``serdh.<app>`` import of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "serdh" and len(parts) > 1 and parts[1] in FLOOR:
                yield parts[1], node.lineno


def test_every_app_has_a_floor():
    apps = {p.name for p in SRC.iterdir() if (p / "apps.py").exists()}
    assert apps - set(FLOOR) == set(), "add the new app to FLOORS (and docs/architecture.md)"


def violations(root):
    wrong = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        app = relative.parts[0]
        if app not in FLOOR or FLOOR[app] == TOP or "migrations" in relative.parts:
            continue
        for imported, line in project_imports(path):
            if imported == app:
                continue
            if FLOOR[imported] > FLOOR[app]:
                wrong.append(f"{relative}:{line} imports {imported} (a floor above)")
            elif FLOOR[imported] == FLOOR[app] and (app, imported) not in SAME_FLOOR:
                wrong.append(f"{relative}:{line} imports {imported} (same floor, no stated edge)")
    return wrong


def test_no_app_imports_one_above_it():
    assert violations(SRC) == []


def test_the_rule_sees_an_import_inside_a_function(tmp_path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "x.py").write_text(
        "def f():\n    from serdh.monitoring import facts\n", encoding="utf-8"
    )
    (tmp_path / "monitoring").mkdir()
    (tmp_path / "monitoring" / "y.py").write_text("import serdh.rma.rules\n", encoding="utf-8")
    assert violations(tmp_path) == [
        "cases/x.py:2 imports monitoring (a floor above)",
        "monitoring/y.py:1 imports rma (same floor, no stated edge)",
    ]
