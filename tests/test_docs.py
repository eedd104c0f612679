"""Every Python example in the README and the docs runs.

The ```` ```python ```` blocks of one page run in order in one fresh namespace, as a
reader would paste them into one session. Generated pages (``docs/_generated``) and the
build output (``docs/_build``) are not sources and are skipped.
"""

from __future__ import annotations

import re
import shlex
import textwrap
import tomllib
from pathlib import Path

import pytest

from retention import cli

ROOT = Path(__file__).parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# An opening fence of three or more backticks whose info string is exactly "python", up
# to the first closing fence of at least as many backticks. A fence may be indented (a
# block inside a list item); the code is dedented by the fence's indentation.
PYTHON_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,})python[ \t]*\n(?P<code>.*?)^[ \t]*(?P=fence)`*[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def python_blocks(page: Path) -> list[tuple[int, str]]:
    """Return the first line number and the code of each python block in ``page``."""
    text = page.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start()) + 2, textwrap.dedent(match.group("code")))
        for match in PYTHON_BLOCK.finditer(text)
    ]


def test_readme_and_docs_have_python_examples() -> None:
    """The README and the tutorial hold python blocks, so the page test checks something."""
    assert python_blocks(ROOT / "README.md")
    assert python_blocks(ROOT / "docs" / "tutorial.md")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_python_blocks_run_in_order(page: Path) -> None:
    """Each python block of a page runs after the previous ones, in one shared namespace."""
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    filename = str(page.relative_to(ROOT))
    for line, code in python_blocks(page):
        # Pad with blank lines so a traceback points at the page's own line numbers.
        compiled = compile("\n" * (line - 1) + code, filename, "exec", dont_inherit=True)
        exec(compiled, namespace)  # noqa: S102 - running the project's own examples is the test


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
