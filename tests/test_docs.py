"""Every Python example in the README, the docs and the docstrings runs.

Sybil finds the examples. The ```` ```python ```` blocks of one page (MyST) run in
order in one fresh namespace, as a reader would paste them into one session; generated
pages (``docs/_generated``) and the build output (``docs/_build``) are not sources and
are skipped. The ``>>>`` examples of each module's docstrings run as doctests, in order,
in a namespace holding the module's globals.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser
from sybil.parsers.rest import DocTestParser

from retention import cli

ROOT = Path(__file__).parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SOURCE = ROOT / "src" / "retention"
MODULES = sorted(SOURCE.rglob("*.py"))

# ```python blocks (fenced, also inside list items, or as {code-block} python); a block
# that starts with ">>>" would run as a doctest.
PAGE_EXAMPLES = Sybil([PythonCodeBlockParser()])
# The >>> examples of the docstrings (the rest of a module is not read).
DOCSTRING_EXAMPLES = Sybil([DocTestParser()])


def python_blocks(page: Path) -> list[int]:
    """Return the line of each python block's opening fence in ``page``."""
    return [example.line for example in PAGE_EXAMPLES.parse(page)]


def test_readme_and_docs_have_python_examples() -> None:
    """The README and the tutorial hold python blocks, so the page test checks something."""
    assert python_blocks(ROOT / "README.md")
    assert python_blocks(ROOT / "docs" / "tutorial.md")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_python_blocks_run_in_order(page: Path) -> None:
    """Each python block of a page runs after the previous ones, in one shared namespace."""
    document = PAGE_EXAMPLES.parse(page)
    document.namespace["__name__"] = f"docs_{page.stem}"
    for example in document:
        example.evaluate()  # a traceback names the page and its own line numbers


def docstring_examples(module: Path) -> int:
    """Return how many ``>>>`` examples the docstrings of ``module`` hold."""
    return sum(1 for _ in DOCSTRING_EXAMPLES.parse(module))


WITH_EXAMPLES = [module for module in MODULES if docstring_examples(module)]


def test_every_doctest_in_the_source_is_found() -> None:
    """Each module that shows ``>>>`` has docstring examples, so none is left unrun."""
    shown = [module for module in MODULES if ">>> " in module.read_text(encoding="utf-8")]
    assert len(WITH_EXAMPLES) >= 10
    assert shown == WITH_EXAMPLES


@pytest.mark.parametrize(
    "module", WITH_EXAMPLES, ids=lambda module: str(module.relative_to(SOURCE.parent))
)
def test_docstring_examples_run(module: Path) -> None:
    """The ``>>>`` examples of one module's docstrings give the output they show."""
    for example in DOCSTRING_EXAMPLES.parse(module):
        example.evaluate()


# A shell line of the docs that runs the command line: "$ python -m retention ...", with
# backslash continuations joined.
COMMAND_LINE = re.compile(r"^\$ python -m retention (?P<args>(?:[^\n]*\\\n)*[^\n]*)$", re.MULTILINE)


def command_lines(page: Path) -> list[str]:
    """Return the arguments of each ``$ python -m retention`` line of ``page``."""
    text = page.read_text(encoding="utf-8")
    return [match.group("args").replace("\\\n", " ") for match in COMMAND_LINE.finditer(text)]


def test_docs_show_command_lines() -> None:
    """The command-line page shows shell examples, so the check below checks something."""
    assert len(command_lines(ROOT / "docs" / "cli.md")) >= 5


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_shell_examples_parse(page: Path) -> None:
    """Every ``$ python -m retention`` example names a command and options that exist."""
    for line in command_lines(page):
        cli._parser().parse_args(shlex.split(line))


TOML_BLOCK = re.compile(r"^```toml[ \t]*\n(?P<code>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_toml_examples_are_policy_files(page: Path) -> None:
    """Every TOML example is a policy file that retention.config accepts as it stands."""
    from retention.config import Policies, from_dict  # noqa: PLC0415 - cattrs only here

    for match in TOML_BLOCK.finditer(page.read_text(encoding="utf-8")):
        from_dict(Policies, tomllib.loads(match.group("code")))
