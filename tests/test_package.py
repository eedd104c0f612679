"""The package surface: light import, sorted re-exports, no printing in the domain."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import retention
import retention.segmentation

SRC = Path(retention.__file__).parent
HEAVY = ("holidays", "cattrs", "hypothesis", "pytest")


def test_import_retention_loads_no_heavy_dependency() -> None:
    """Importing retention and its domain modules loads no holidays, cattrs, hypothesis, pytest."""
    code = (
        "import sys, retention, retention.customers, retention.segmentation, retention.rules\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_import_retention_loads_only_the_exceptions() -> None:
    """``import retention`` alone imports no domain module: re-exports load on first use."""
    code = (
        "import sys, retention\nprint(sorted(m for m in sys.modules if m.startswith('retention')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['retention', 'retention.exceptions']"


def test_lazy_name_is_the_object_of_its_module() -> None:
    """A re-exported name is the very object its module defines, and stays so."""
    import retention.cadence  # noqa: PLC0415 - the point is to compare after the lazy import

    assert retention.plan_contacts is retention.cadence.plan_contacts
    assert retention.plan_contacts is retention.plan_contacts


def test_unknown_name_is_an_attribute_error() -> None:
    """A name the package does not export raises AttributeError naming it (hasattr works)."""
    with pytest.raises(AttributeError, match="'no_such_name'"):
        retention.no_such_name  # noqa: B018 - the attribute access is the test
    assert not hasattr(retention, "plan_contact")


def test_dir_lists_the_lazy_names() -> None:
    """dir(retention) shows every re-exported name before first use, for tab completion."""
    assert set(retention.__all__) <= set(dir(retention))


def test_star_import_gives_every_name() -> None:
    """``from retention import *`` binds each name of ``__all__``."""
    namespace: dict[str, object] = {}
    exec("from retention import *", namespace)  # noqa: S102 - a fixed statement under test
    assert set(retention.__all__) <= set(namespace)


@pytest.mark.parametrize("module", [retention, retention.segmentation])
def test_all_is_complete_without_duplicates(module: object) -> None:
    """__all__ names each public object once and every name exists (ruff RUF022 sorts it)."""
    names = module.__all__  # type: ignore[attr-defined]
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(module, name), name


DOMAIN = [
    p
    for p in SRC.rglob("*.py")
    if p.name not in {"cli.py", "__main__.py"} and "testing" not in p.parts
]
FORBIDDEN_CALLS = {"print", "open", "input"}
FORBIDDEN_ATTRS = {("datetime", "now"), ("date", "today"), ("os", "environ"), ("os", "getenv")}
FORBIDDEN_MODULES = {"logging", "socket", "os", "requests", "urllib"}


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: str(p.relative_to(SRC)))
def test_domain_module_does_no_io(path: Path) -> None:
    """Domain modules never print, open files, read the clock or environment, or log."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno}"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            assert (node.value.id, node.attr) not in FORBIDDEN_ATTRS, f"{path.name}:{node.lineno}"
            assert node.attr not in {"now", "today", "utcnow"}, f"{path.name}:{node.lineno}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                assert alias.name.split(".")[0] not in FORBIDDEN_MODULES, path.name
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.module.split(".")[0] not in FORBIDDEN_MODULES, path.name


def test_domain_modules_were_found() -> None:
    """The no-I/O check above really looks at the domain modules."""
    names = {p.name for p in DOMAIN}
    assert {"customers.py", "_abc.py", "rules.py", "sample.py"} <= names


def test_package_is_typed() -> None:
    """The package ships py.typed for type checkers."""
    assert (SRC / "py.typed").is_file()
