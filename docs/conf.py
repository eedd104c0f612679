"""Sphinx configuration for the retention documentation.

Besides the usual settings, this file writes ``docs/_generated/rules.md`` (git-ignored)
from :data:`retention.rules.RULES` when the builder starts, so the rule table in the docs
is always the catalogue the code carries. ``rules.md`` includes it.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

from sphinx.application import Sphinx

import retention
from retention.rules import RULES, Rule

DOCS = Path(__file__).parent
GENERATED = DOCS / "_generated"
# The pages that explain rules, one section per rule ID, labelled "(seg-abc)=" etc.
EXPLAINED_PAGES = (
    "segmentation.md",
    "cadence.md",
    "complaints.md",
    "satisfaction.md",
    "churn.md",
)

# -- Project ---------------------------------------------------------------------------

project = "retention"
author = "The retention developers"
copyright = "The retention developers, MIT licence"
release = retention.__version__
version = release

# -- General ---------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
# _generated holds pages that other pages include; they are not documents of their own.
exclude_patterns = ["_build", "_generated"]

myst_enable_extensions = ["colon_fence"]

autodoc_typehints = "description"
autodoc_member_order = "bysource"
# Module-level data such as RULES (35 rules) and RULE_IDS (a frozenset, whose repr has no
# stable order) would print their whole value; the docstring says what they hold.
autodoc_default_options = {"no-value": True}

napoleon_google_docstring = True
napoleon_numpy_docstring = False

# -- HTML ------------------------------------------------------------------------------

html_theme = "alabaster"
html_title = f"retention {release}"

# -- Docstring workarounds -------------------------------------------------------------
#
# 1. Napoleon reads the first line of an attribute, property or data docstring, and the
#    first line of a "Returns:" section, as "type: description" when it holds a colon.
#    The project never writes types there (annotations carry them), so a colon on that
#    line is always prose, and napoleon would turn the words before it into a bogus
#    type. _guard_prose_colons puts an empty comment ("..") before such a line, so
#    napoleon finds no type and the prose renders whole.
# 2. Napoleon writes attribute types from annotations with the defining module, e.g.
#    retention.segmentation._abc.AbcPolicy. _public_types rewrites such a path to the
#    public one (retention.segmentation.AbcPolicy) when that name is re-exported there.

# A colon napoleon splits on: single, and outside ``code``, `text` and :role:`target`.
_CODE_OR_ROLE = re.compile(r"``.+?``|:[\w.+-]+(?::[\w.+-]+)*:`.+?`|`.+?`")
_SINGLE_COLON = re.compile(r"(?<!:):(?!:)")
_PRIVATE_PATH = re.compile(r"\b(retention(?:\.[a-z]\w*)*)((?:\._\w+)+)\.(\w+)\b")
_TYPED_SECTIONS = {"Returns:", "Yields:"}


def _splits_on_colon(line: str) -> bool:
    return bool(_SINGLE_COLON.search(_CODE_OR_ROLE.sub("", line)))


def _guard_prose_colons(
    _app: Sphinx, what: str, _name: str, _obj: object, _options: object, lines: list[str]
) -> None:
    """Stop napoleon from reading prose before a colon as a type (runs before napoleon)."""
    if what in {"attribute", "property", "data"}:
        firsts = [next((i for i, line in enumerate(lines) if line.strip()), len(lines))]
    else:
        firsts = [i + 1 for i, line in enumerate(lines) if line.strip() in _TYPED_SECTIONS]
    for i in reversed(firsts):
        if i < len(lines) and _splits_on_colon(lines[i]):
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            lines[i:i] = [f"{indent}..", ""]


def _public_path(match: re.Match[str]) -> str:
    package, _private, name = match.groups()
    try:
        public = hasattr(importlib.import_module(package), name)
    except ImportError:
        public = False
    return f"{package}.{name}" if public else match.group(0)


def _public_types(
    _app: Sphinx, _what: str, _name: str, _obj: object, _options: object, lines: list[str]
) -> None:
    """Show re-exported types under their public path (runs after napoleon)."""
    for i, line in enumerate(lines):
        if line.lstrip().startswith(":type:"):
            lines[i] = _PRIVATE_PATH.sub(_public_path, line)


# -- The generated rule table ----------------------------------------------------------


def _seed_number(seed: str) -> str:
    """Return the short number of a seed file: ``"004_caf4....txt"`` gives ``"004"``."""
    return seed.split("_", 1)[0]


def _cell(text: str) -> str:
    """Make ``text`` safe inside one cell of a Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


def _module_cell(module: str) -> tuple[str, str]:
    """Return the home-module cell (a link once the module exists) and the status cell."""
    if importlib.util.find_spec(module) is not None:
        return f"{{py:mod}}`{module}`", "yes"
    return f"`{module}`", "not yet"


def _id_cell(rule_id: str, explained: str) -> str:
    """Link the ID to its section of a rules page when one has it."""
    label = rule_id.lower()
    if f"({label})=" in explained:
        return f"{{ref}}`{rule_id} <{label}>`"
    return f"`{rule_id}`"


def _row(rule: Rule, explained: str) -> str:
    module, exists = _module_cell(rule.module)
    seeds = ", ".join(_seed_number(seed) for seed in rule.seeds)
    cells = [_id_cell(rule.id, explained), rule.title, seeds, module, rule.summary, exists]
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def rules_markdown() -> str:
    """Return the Markdown table of every rule in :data:`retention.rules.RULES`."""
    explained = "\n".join((DOCS / page).read_text(encoding="utf-8") for page in EXPLAINED_PAGES)
    lines = [
        "<!-- Generated by docs/conf.py from retention.rules.RULES; do not edit. -->",
        "",
        f"The catalogue holds {len(RULES)} rules.",
        "",
        "| ID | Title | Seeds | Home module | Summary | Module exists |",
        "|---|---|---|---|---|---|",
        *(_row(rule, explained) for rule in RULES),
        "",
    ]
    return "\n".join(lines)


def write_rules_page(_app: Sphinx) -> None:
    """Write ``_generated/rules.md``, touching it only when its text changes."""
    GENERATED.mkdir(exist_ok=True)
    target = GENERATED / "rules.md"
    text = rules_markdown()
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, bool]:
    """Generate the rule table at start-up and hook the docstring workarounds in."""
    app.connect("builder-inited", write_rules_page)
    # napoleon processes docstrings at the default priority, 500.
    app.connect("autodoc-process-docstring", _guard_prose_colons, priority=400)
    app.connect("autodoc-process-docstring", _public_types, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
