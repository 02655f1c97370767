"""The shape of the code a reader meets: modules a reader takes in one sitting, every module
placed in docs/ARCHITECTURE.md, every input check in lime_teach.validation."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
MAX_LINES = 250
SOURCES = sorted([*(ROOT / "lime_teach").rglob("*.py"), *(ROOT / "tools").glob("*.py")])
VALIDATION = ROOT / "lime_teach" / "validation"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_is_read_in_one_sitting(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines (at most {MAX_LINES}): split it by concept"


def test_every_module_has_its_row_in_the_architecture_page():
    page = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    package = ROOT / "lime_teach"
    names = [f"{p.name}/" if p.is_dir() else p.name for p in package.iterdir()
             if (p.suffix == ".py" and p.name != "__init__.py") or (p / "__init__.py").exists()]
    missing = sorted(name for name in names if f"`{name}`" not in page)
    assert not missing, f"docs/ARCHITECTURE.md does not say what these own: {missing}"


def test_every_input_check_lives_in_validation():
    """A function named check_* outside lime_teach/validation/ would be a second place for checks."""
    outside = []
    for path in (ROOT / "lime_teach").rglob("*.py"):
        if VALIDATION in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name.lstrip("_").startswith("check_"):
                outside.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert not outside, f"input checks outside lime_teach/validation/: {outside}"


def test_validation_exports_every_check_of_its_parts():
    import lime_teach.validation as validation

    defined = {node.name for path in VALIDATION.glob("*.py") if path.name != "__init__.py"
               for node in ast.parse(path.read_text()).body
               if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}
    assert defined, "no checks found: the test reads the wrong folder"
    assert sorted(name for name in defined if not hasattr(validation, name)) == []


def test_no_check_is_written_twice():
    """Two checks with the same body are one check with two names."""
    bodies = {}
    for path in VALIDATION.glob("*.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef):
                body = ast.dump(ast.Module(body=[s for s in node.body if not isinstance(s, ast.Expr)],
                                           type_ignores=[]))
                bodies.setdefault(body, []).append(node.name)
    assert [names for names in bodies.values() if len(names) > 1] == []
