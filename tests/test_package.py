"""The package surface: light import, sorted re-exports, no printing in the domain."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
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


MAKEFILE = Path(__file__).parents[1] / "Makefile"


def _recipe(makefile: str, target: str) -> list[str]:
    """The recipe lines of the rule whose target is ``target``."""
    lines = makefile.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_make_demo_installs_the_runtime_only() -> None:
    """`make demo` installs the package without extras (a small venv); the tests add them."""
    if not MAKEFILE.is_file():  # an sdist carries no Makefile
        pytest.skip("no Makefile")
    makefile = MAKEFILE.read_text(encoding="utf-8")
    (needs,) = next(
        line.split(":", 1)[1].split() for line in makefile.splitlines() if line.startswith("demo:")
    )
    installs = [line for line in _recipe(makefile, needs) if " pip install " in line]
    assert installs == ["$(PY) -m pip install --quiet -e ."]
    assert "[test,docs]" in " ".join(_recipe(makefile, "$(STAMP)"))


def _runtime_modules() -> set[str]:
    """The top-level import names of retention and its runtime dependencies, transitively."""
    from importlib import metadata  # noqa: PLC0415 - only this test reads metadata

    from packaging.requirements import Requirement  # noqa: PLC0415 - pytest brings it

    project = tomllib.loads(MAKEFILE.with_name("pyproject.toml").read_text(encoding="utf-8"))
    todo = list(project["project"]["dependencies"])
    names: set[str] = set()
    while todo:
        requirement = Requirement(todo.pop())
        if requirement.name in names or not (
            requirement.marker is None or requirement.marker.evaluate({"extra": ""})
        ):
            continue
        names.add(requirement.name)
        todo.extend(metadata.distribution(requirement.name).requires or [])
    wanted = {name.lower().replace("_", "-") for name in names}
    return {
        module
        for module, dists in metadata.packages_distributions().items()
        if any(dist.lower().replace("_", "-") in wanted for dist in dists)
    } | {"retention"}


def test_demo_imports_only_the_runtime_dependencies() -> None:
    """`python -m retention demo` needs no extra: it imports no package outside the runtime."""
    if not MAKEFILE.with_name("pyproject.toml").is_file():
        pytest.skip("no pyproject.toml")
    code = (
        "import contextlib, io, sys\n"
        "before = set(sys.modules)\n"
        "from retention.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['demo'])\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(m for m in new - set(sys.stdlib_module_names)"
        " if not m.startswith('_sysconfigdata')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    imported = set(ast.literal_eval(out))
    assert imported  # the check sees the dependencies it allows
    assert imported <= _runtime_modules(), imported - _runtime_modules()
