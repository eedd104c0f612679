"""The rule catalogue and the :class:`Reason` every decision carries.

The specification (``RULES.md``) restates each rule of the five seed texts with a
stable ID such as ``SEG-ABC`` or ``CAD-GREET``. :data:`RULES` holds one :class:`Rule`
per ID, in the specification's order; :func:`rule` looks one up. Every decision the
library returns carries :class:`Reason` values that name the rule behind it and say, in
a sentence, how it applied to this case.

Example:
    >>> from retention.rules import rule
    >>> rule("SEG-ABC").module
    'retention.segmentation'
"""

from __future__ import annotations

import attrs

from retention._catalogue import CATALOGUE
from retention._validate import check_id, describe, normalising, validator
from retention.exceptions import InvalidInputError, UnknownRuleError

__all__ = ["RULES", "RULE_IDS", "Reason", "Rule", "rule"]


@attrs.frozen
class Rule:
    """One rule of the specification.

    Attributes:
        id: The stable ID, e.g. ``"SEG-ABC"``.
        title: A short title.
        seeds: The seed files the rule comes from.
        module: The module of this library where the rule lives.
        summary: What the rule says and what the library does, in a sentence or two.
    """

    id: str
    title: str = attrs.field(kw_only=True)
    seeds: tuple[str, ...] = attrs.field(kw_only=True)
    module: str = attrs.field(kw_only=True)
    summary: str = attrs.field(kw_only=True)


#: Every rule of the specification, in its order.
RULES: tuple[Rule, ...] = tuple(
    Rule(rid, title=title, seeds=seeds, module=module, summary=summary)
    for rid, title, seeds, module, summary in CATALOGUE
)
_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

#: The set of known rule IDs.
RULE_IDS: frozenset[str] = frozenset(_BY_ID)


def rule(rule_id: str) -> Rule:
    """Return the rule with ID ``rule_id``.

    Raises:
        UnknownRuleError: The catalogue has no such rule.
    """
    try:
        return _BY_ID[rule_id]
    except (KeyError, TypeError):
        msg = (
            "rule_id: expected one of the catalogue's IDs (e.g. 'SEG-ABC'), "
            f"got {describe(rule_id)}"
        )
        raise UnknownRuleError(msg) from None


@normalising
def _check_rule_id(field: str, value: object) -> str:
    rule_id = check_id(field, value)
    rule(rule_id)
    return rule_id


@normalising
def _check_detail(field: str, value: object) -> str:
    detail = check_id(field, value)
    if len(detail.splitlines()) > 1 or detail.endswith(("\n", "\r")):
        msg = f"{field}: expected one line of text, got {detail!r}"
        raise InvalidInputError(msg)
    return detail


@attrs.frozen
class Reason:
    """Why the library decided something: a rule ID and a sentence about this case.

    Attributes:
        rule_id: The ID of the rule that produced the decision (must be in the catalogue).
        detail: One line saying how the rule applied, with the figures that decided.

    Example:
        >>> str(Reason("SEG-ABC", detail="spend 120 is at or above the A cut-off 100"))
        'SEG-ABC: spend 120 is at or above the A cut-off 100'
    """

    rule_id: str = attrs.field(validator=validator(_check_rule_id))
    detail: str = attrs.field(kw_only=True, validator=validator(_check_detail))

    @classmethod
    def _of(cls, rule_id: str, detail: str) -> Reason:
        """A reason the library words itself, in a loop over many customers.

        For a catalogue ID written in the library's code and a one-line detail made of
        figures and days (never a caller's text); the fields are set without their
        validators, which a test holds to the same result.
        """
        reason = object.__new__(cls)
        object.__setattr__(reason, "rule_id", rule_id)
        object.__setattr__(reason, "detail", detail)
        return reason

    @property
    def rule(self) -> Rule:
        """The catalogue entry of :attr:`rule_id`."""
        return _BY_ID[self.rule_id]

    def __str__(self) -> str:
        """Render as ``"RULE-ID: detail"``."""
        return f"{self.rule_id}: {self.detail}"
