"""Inline SVG charts for the results people look at, drawn by the library itself.

Each function takes plain numbers and labels (never a domain type) and returns one
``<svg>`` element as a string, ready to put in an HTML page or a notebook cell: no
plotting library, no script, no external file. The output is deterministic (the same
arguments give the same text) and every text in it is escaped.

Every chart's root element carries ``role="img"``, a ``<title>``,
``class="retention-chart"`` and ``data-chart="<name>"``, and every value it plots is in
the markup as it was given (``data-value`` and the like, written exactly: an int as an
int, a ``Decimal`` in full, a float as ``repr`` writes it), so a test or a script can read
the numbers back and check them against the result they came from.

The charts:

* :func:`pareto_curve`: cumulative share of spend against cumulative share of
  customers, biggest spenders first, with cut-off lines (the ABC Pareto curve);
* :func:`stacked_bars`: a stacked bar per category (the plan's contacts per day, by
  channel or by purpose);
* :func:`bars`: one horizontal bar per item (customers by stage, complaints by cause);
* :func:`histogram`: counts of values in equal bins of 0..1 (P(alive));
* :func:`diverging_bars`: bars either side of zero (satisfaction gaps per item);
* :func:`split_bar`: one bar split into parts (the NPS split);
* :func:`sla_clocks`: the SLA clocks of open cases, time used against time allowed.
"""

from __future__ import annotations

import html
import math
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

from retention.exceptions import InvalidInputError

__all__ = [
    "Number",
    "bars",
    "diverging_bars",
    "histogram",
    "pareto_curve",
    "safe_text",
    "sla_clocks",
    "split_bar",
    "stacked_bars",
]

#: A value a chart plots: an int, a float or a Decimal (finite; bools are refused).
Number = int | float | Decimal

#: Colours that colour-blind readers can tell apart (Okabe and Ito), in the order used.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#999999",
    "#F0E442",
    "#000000",
)
_GOOD = "#0072B2"
_BAD = "#D55E00"
_AXIS = "#666666"
_GRID = "#dddddd"

_WIDTH = 640
_TITLE_HEIGHT = 28
_ROW = 22  # the height of a row of a horizontal bar chart
_FONT = 11
_MARGIN = 8.0

_NONCHARACTERS = range(0xFDD0, 0xFDF0)
_LAST_TWO = 0xFFFE  # U+xFFFE and U+xFFFF of every plane are noncharacters too
_SIX_PLACES = Decimal("0.000001")
_ROUNDING = Context(prec=60, rounding=ROUND_HALF_EVEN)


# --- text and numbers -----------------------------------------------------------------


def _allowed(char: str) -> bool:
    """Whether HTML5 takes ``char`` in text without a parse error."""
    point = ord(char)
    if point in _NONCHARACTERS or (point & _LAST_TWO) == _LAST_TWO:
        return False
    return char in "\t\n" or unicodedata.category(char) not in ("Cc", "Cs")


def safe_text(text: str) -> str:
    """Return ``text`` escaped for HTML text and attributes, control characters replaced.

    ``<``, ``>``, ``&`` and both quotes become references; a control character, a lone
    surrogate or a noncharacter (which an HTML5 parser reports as an error) becomes
    U+FFFD, the replacement character.
    """
    if not all(map(_allowed, text)):
        text = "".join(char if _allowed(char) else "\ufffd" for char in text)
    return html.escape(text, quote=True)


def _number(field: str, value: object) -> Number:
    """Return ``value`` if it is a finite int, float or Decimal (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        msg = f"{field}: expected a number, got {value!r}"
        raise InvalidInputError(msg)
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        msg = f"{field}: expected a finite number, got {value!r}"
        raise InvalidInputError(msg)
    return value


def _is_count(value: object) -> bool:
    """Whether ``value`` is an int (a bool is not)."""
    return type(value) is int


def _exact(value: Number) -> str:
    """The value as the markup keeps it: exactly, readable back with its own type."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _fraction(value: Number) -> Fraction:
    return Fraction(value)


def _six(share: Fraction) -> str:
    """A share rounded half to even to six decimal places: ``"0.800000"``."""
    quotient = _ROUNDING.divide(Decimal(share.numerator), Decimal(share.denominator))
    return f"{quotient.quantize(_SIX_PLACES, context=_ROUNDING):f}"


def _percent(share: Fraction) -> str:
    """A share as a percentage with one decimal: ``"80.0 %"``."""
    quotient = _ROUNDING.divide(Decimal(share.numerator * 100), Decimal(share.denominator))
    return f"{quotient.quantize(Decimal('0.1'), context=_ROUNDING):f} %"


def _f(value: float) -> str:
    """A coordinate with one decimal (never ``-0.0``)."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _width_of(text: str) -> float:
    """Roughly how wide ``text`` is at the charts' font size, in pixels."""
    return sum(
        _FONT if unicodedata.east_asian_width(char) in "WF" else _FONT * 0.6 for char in text
    )


def _nice(top: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above ``top`` (1 for 0)."""
    if top <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(top))
    for step in (1.0, 2.0, 5.0, 10.0):
        if step * power >= top:
            return step * power
    return 10.0 * power  # pragma: no cover  # 10 * power always reaches top


def _tick(value: float) -> str:
    """An axis label: whole numbers without decimals, the rest with up to three."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.3g}"


def _text(x: float, y: float, text: str, *, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" font-size="{_FONT}" text-anchor="{anchor}"'
        f"{extra}>{safe_text(text)}</text>"
    )


def _svg(name: str, title: str, height: float, body: list[str], *, data: str = "") -> str:
    """The root element around ``body``, with the title drawn at the top."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="retention-chart" '
        f'data-chart="{safe_text(name)}" role="img" width="{_WIDTH}" height="{_f(height)}" '
        f'viewBox="0 0 {_WIDTH} {_f(height)}"{data}>'
    )
    heading = f'<text x="8" y="18" font-size="13" font-weight="bold">{safe_text(title)}</text>'
    return "\n".join([head, f"<title>{safe_text(title)}</title>", heading, *body, "</svg>"])


def _legend(entries: Sequence[tuple[str, str]], top: float) -> tuple[list[str], float]:
    """Swatches and labels in rows from ``top``; returns the parts and the height used."""
    parts: list[str] = []
    x, y = _MARGIN, top
    for colour, label in entries:
        width = 16 + _width_of(label) + 14
        if x > _MARGIN and x + width > _WIDTH - _MARGIN:
            x, y = _MARGIN, y + 16
        parts.append(f'<rect x="{_f(x)}" y="{_f(y)}" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(x + 14, y + 9, label))
        x += width
    return parts, (y - top + 16 if entries else 0)


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


# --- the charts -----------------------------------------------------------------------


def pareto_curve(
    cumulative: Sequence[Number],
    *,
    lines: Sequence[tuple[str, int]] = (),
    title: str,
    x_label: str,
    y_label: str,
    name: str = "abc-pareto",
    max_points: int = 300,
) -> str:
    """The Pareto curve: the share of spend held by the biggest spenders (SEG-ABC).

    Args:
        cumulative: ``cumulative[k]`` is the spend of the ``k`` biggest spenders:
            ``cumulative[0]`` is 0, the values never fall, and the last is the total
            spend, above 0 (one more value than there are customers).
        lines: ``(label, k)`` cut-offs, e.g. ``("A", 61)``: the first ``k`` customers
            are in the class; each is marked exactly, whatever the curve's sampling.
        title: The chart's title.
        x_label: The horizontal axis (share of customers, biggest spenders first).
        y_label: The vertical axis (share of spend).
        name: The ``data-chart`` name.
        max_points: Most points of the curve before the cut-offs are added; a longer
            curve is sampled at evenly spaced customer counts, first and last included.

    The polyline keeps its points as ``data-customers`` (the counts ``k``) and
    ``data-spend`` (``cumulative[k]``, exactly); each cut-off is a ``<g>`` with
    ``data-label``, ``data-customers``, ``data-spend`` and the two shares to six places.

    Raises:
        InvalidInputError: Fewer than two values, a total of 0 or less, a value that is
            not a finite number, or a cut-off outside ``0..n``.
    """
    n = len(cumulative) - 1
    if n < 1:
        msg = f"cumulative: expected at least 2 values, got {len(cumulative)}"
        raise InvalidInputError(msg)
    total = _number("cumulative[-1]", cumulative[-1])
    if total <= 0:
        msg = f"cumulative: expected a last value (the total) above 0, got {total!r}"
        raise InvalidInputError(msg)
    for label, k in lines:
        if not _is_count(k) or not 0 <= k <= n:
            msg = f"lines: expected a count of customers 0..{n} for {label!r}, got {k!r}"
            raise InvalidInputError(msg)
    step = max(1, max_points)
    picked = set(range(n + 1)) if n <= step else {j * n // step for j in range(step + 1)}
    picked.update(k for _, k in lines)
    ks = sorted(picked)
    whole = _fraction(total)
    left, top, right, bottom = 56.0, 40.0, _WIDTH - 16.0, 300.0
    width, height = right - left, bottom - top

    def at(k: int) -> tuple[float, float, Fraction]:
        held = _fraction(_number("cumulative", cumulative[k])) / whole
        return left + width * k / n, bottom - height * float(held), held

    body = [
        (
            f'<rect x="{_f(left)}" y="{_f(top)}" width="{_f(width)}" height="{_f(height)}" '
            f'fill="none" stroke="{_AXIS}"/>'
        )
    ]
    for tenth in range(0, 11, 2):
        x = left + width * tenth / 10
        y = bottom - height * tenth / 10
        body.append(
            f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(right)}" y2="{_f(y)}" stroke="{_GRID}"/>'
        )
        body.append(_text(left - 4, y + 4, f"{tenth * 10} %", anchor="end"))
        body.append(_text(x, bottom + 14, f"{tenth * 10} %", anchor="middle"))
    body.append(_text(left + width / 2, bottom + 32, x_label, anchor="middle"))
    middle = _f(top + height / 2)
    turn = f' transform="rotate(-90 14 {middle})"'
    body.append(_text(14, top + height / 2, y_label, anchor="middle", extra=turn))
    body.append(
        f'<line x1="{_f(left)}" y1="{_f(bottom)}" x2="{_f(right)}" y2="{_f(top)}" '
        f'stroke="{_AXIS}" stroke-dasharray="2 3"/>'
    )
    points = [f"{_f(x)},{_f(y)}" for x, y, _ in map(at, ks)]
    body.append(
        f'<polyline class="curve" fill="none" stroke="{_GOOD}" stroke-width="2" '
        f'points="{" ".join(points)}" '
        f'data-customers="{" ".join(str(k) for k in ks)}" '
        f'data-spend="{" ".join(_exact(cumulative[k]) for k in ks)}"/>'
    )
    for index, (label, k) in enumerate(lines):
        x, y, held = at(k)
        counted = Fraction(k, n)
        colour = _colour(index + 1)
        body.append(
            f'<g class="cutoff" data-label="{safe_text(label)}" data-customers="{k}" '
            f'data-spend="{_exact(cumulative[k])}" '
            f'data-share-of-customers="{_six(counted)}" data-share-of-spend="{_six(held)}">'
        )
        body.append(
            f'<line x1="{_f(x)}" y1="{_f(bottom)}" x2="{_f(x)}" y2="{_f(y)}" '
            f'stroke="{colour}" stroke-dasharray="4 3"/>'
        )
        body.append(
            f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(x)}" y2="{_f(y)}" '
            f'stroke="{colour}" stroke-dasharray="4 3"/>'
        )
        body.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3.5" fill="{colour}"/>')
        body.append(
            _text(
                x + 6,
                y + 14 + 14 * index,
                f"{label}: {_percent(counted)} \u2192 {_percent(held)}",
            )
        )
        body.append("</g>")
    return _svg(name, title, bottom + 44, body, data=f' data-customers="{n}"')


def stacked_bars(
    categories: Sequence[tuple[str, str]],
    series: Sequence[tuple[str, str, Sequence[int]]],
    *,
    title: str,
    name: str,
) -> str:
    """One bar per category, stacked by series (the plan's contacts per day).

    Args:
        categories: ``(key, label)`` of each bar, left to right, e.g.
            ``("2025-12-01", "12-01")``.
        series: ``(key, label, counts)`` of each part of the bars, bottom first; one
            count (an int, 0 or more) per category.
        title: The chart's title.
        name: The ``data-chart`` name.

    Each bar is a ``<g>`` with ``data-category`` and ``data-total``; each part a
    ``<rect>`` with ``data-series`` and ``data-value`` (zeros too, with no height).

    Raises:
        InvalidInputError: A series without one count per category, or a count that
            is not an int of 0 or more.
    """
    for key, _, values in series:
        if len(values) != len(categories):
            msg = (
                f"series: expected {len(categories)} values for {key!r} (one per "
                f"category), got {len(values)}"
            )
            raise InvalidInputError(msg)
        for value in values:
            if not _is_count(value) or value < 0:
                msg = f"series: expected counts (ints of 0 or more) for {key!r}, got {value!r}"
                raise InvalidInputError(msg)
    legend, legend_height = _legend(
        [(_colour(i), label) for i, (_, label, _) in enumerate(series)], _TITLE_HEIGHT
    )
    totals = [sum(values[i] for _, _, values in series) for i in range(len(categories))]
    scale = _nice(max(totals, default=0))
    left, right = 48.0, _WIDTH - 12.0
    top = _TITLE_HEIGHT + legend_height + 8
    bottom = top + 200
    width, height = right - left, bottom - top
    body = list(legend)
    for fifth in range(6):
        y = bottom - height * fifth / 5
        body.append(
            f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(right)}" y2="{_f(y)}" stroke="{_GRID}"/>'
        )
        body.append(_text(left - 4, y + 4, _tick(scale * fifth / 5), anchor="end"))
    slot = width / max(1, len(categories))
    every = max(1, math.ceil(len(categories) * 44 / width))
    for i, (key, label) in enumerate(categories):
        x = left + slot * i + slot * 0.15
        body.append(
            f'<g class="bar" data-category="{safe_text(key)}" data-total="{_exact(totals[i])}">'
        )
        base = bottom
        for j, (series_key, _, values) in enumerate(series):
            value = values[i]
            tall = height * value / scale
            base -= tall
            body.append(
                f'<rect x="{_f(x)}" y="{_f(base)}" width="{_f(slot * 0.7)}" '
                f'height="{_f(tall)}" fill="{_colour(j)}" data-series="{safe_text(series_key)}" '
                f'data-value="{_exact(value)}"/>'
            )
        body.append("</g>")
        if i % every == 0:
            body.append(_text(x + slot * 0.35, bottom + 14, label, anchor="middle"))
    body.append(
        f'<line x1="{_f(left)}" y1="{_f(bottom)}" x2="{_f(right)}" y2="{_f(bottom)}" '
        f'stroke="{_AXIS}"/>'
    )
    return _svg(name, title, bottom + 24, body)


def _rows_left(labels: Sequence[str]) -> float:
    """Where the bars of a horizontal chart start: after the widest label, within reason."""
    return 12 + min(220.0, max((_width_of(label) for label in labels), default=0.0))


def bars(
    items: Sequence[tuple[str, str, Number]],
    *,
    title: str,
    name: str,
    shown: Sequence[str] | None = None,
) -> str:
    """One horizontal bar per item, top to bottom in the order given.

    Args:
        items: ``(key, label, value)`` of each bar; values 0 or more.
        title: The chart's title.
        name: The ``data-chart`` name.
        shown: The text written after each bar (default: the value with thousands
            separators).

    Each bar is a ``<rect>`` with ``data-key`` and ``data-value``.

    Raises:
        InvalidInputError: A value below 0 or not a finite number, or ``shown`` of
            another length than ``items``.
    """
    for key, _, value in items:
        if _number(f"items[{key!r}]", value) < 0:
            msg = f"items: expected values of 0 or more, got {value!r} for {key!r}"
            raise InvalidInputError(msg)
    if shown is not None and len(shown) != len(items):
        msg = f"shown: expected {len(items)} texts, got {len(shown)}"
        raise InvalidInputError(msg)
    texts = [f"{value:,}" for _, _, value in items] if shown is None else list(shown)
    left = _rows_left([label for _, label, _ in items])
    room = _WIDTH - left - 90
    scale = _nice(float(max((value for _, _, value in items), default=0)))
    body = []
    for i, (key, label, value) in enumerate(items):
        y = _TITLE_HEIGHT + 6 + _ROW * i
        wide = room * float(value) / scale
        body.append(_text(left - 6, y + 13, label, anchor="end"))
        body.append(
            f'<rect x="{_f(left)}" y="{_f(y + 3)}" width="{_f(wide)}" height="{_ROW - 6}" '
            f'fill="{_colour(0)}" data-key="{safe_text(key)}" data-value="{_exact(value)}"/>'
        )
        body.append(_text(left + wide + 4, y + 13, texts[i]))
    return _svg(name, title, _TITLE_HEIGHT + 12 + _ROW * len(items), body)


def histogram(
    values: Sequence[Number],
    *,
    bins: int = 10,
    title: str,
    x_label: str,
    name: str,
) -> str:
    """Counts of ``values`` in ``bins`` equal bins of 0..1 (P(alive)).

    A value falls in bin ``min(int(value * bins), bins - 1)``: each bin holds its low
    edge, the last one both edges.

    Each bin is a ``<rect>`` with ``data-bin`` (0 first), ``data-low``, ``data-high``
    (four places) and ``data-value`` (the count); the root has ``data-count``.

    Raises:
        InvalidInputError: A value outside 0..1 or not a finite number, or ``bins``
            below 1.
    """
    if not _is_count(bins) or bins < 1:
        msg = f"bins: expected an int >= 1, got {bins!r}"
        raise InvalidInputError(msg)
    counts = [0] * bins
    for value in values:
        if not 0 <= _number("values", value) <= 1:
            msg = f"values: expected values in 0..1, got {value!r}"
            raise InvalidInputError(msg)
        counts[min(int(value * bins), bins - 1)] += 1
    left, right, top = 48.0, _WIDTH - 12.0, _TITLE_HEIGHT + 8.0
    bottom = top + 180
    width, height = right - left, bottom - top
    scale = _nice(float(max(counts)))
    body = []
    for fifth in range(6):
        y = bottom - height * fifth / 5
        body.append(
            f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(right)}" y2="{_f(y)}" stroke="{_GRID}"/>'
        )
        body.append(_text(left - 4, y + 4, _tick(scale * fifth / 5), anchor="end"))
    slot = width / bins
    for i, count in enumerate(counts):
        tall = height * count / scale
        body.append(
            f'<rect x="{_f(left + slot * i + 1)}" y="{_f(bottom - tall)}" '
            f'width="{_f(max(slot - 2, 1))}" height="{_f(tall)}" fill="{_colour(0)}" '
            f'data-bin="{i}" data-low="{i / bins:.4f}" data-high="{(i + 1) / bins:.4f}" '
            f'data-value="{count}"/>'
        )
    every = max(1, math.ceil(bins * 36 / width))
    body.extend(
        _text(left + slot * i, bottom + 14, f"{i / bins:.2g}", anchor="middle")
        for i in range(0, bins + 1, every)
    )
    body.append(_text(left + width / 2, bottom + 30, x_label, anchor="middle"))
    return _svg(name, title, bottom + 40, body, data=f' data-count="{len(values)}"')


def diverging_bars(
    items: Sequence[tuple[str, str, Number]],
    *,
    title: str,
    name: str,
) -> str:
    """One horizontal bar per item from a zero line: left when below 0, right above.

    Args:
        items: ``(key, label, value)`` of each bar, top to bottom (e.g. an item's gap,
            experience minus expectation).
        title: The chart's title.
        name: The ``data-chart`` name.

    Each bar is a ``<rect>`` with ``data-key`` and ``data-value``; bars below 0 are
    drawn in the warning colour, the rest in the main one.

    Raises:
        InvalidInputError: A value that is not a finite number.
    """
    for key, _, value in items:
        _number(f"items[{key!r}]", value)
    left = _rows_left([label for _, label, _ in items])
    half = (_WIDTH - left - 16) / 2
    zero = left + half
    reach = _nice(max((abs(float(value)) for _, _, value in items), default=0.0))
    room = half - 44
    body = []
    for i, (key, label, value) in enumerate(items):
        y = _TITLE_HEIGHT + 6 + _ROW * i
        wide = room * abs(float(value)) / reach
        below = value < 0
        x = zero - wide if below else zero
        body.append(_text(left - 6, y + 13, label, anchor="end"))
        body.append(
            f'<rect x="{_f(x)}" y="{_f(y + 3)}" width="{_f(wide)}" height="{_ROW - 6}" '
            f'fill="{_BAD if below else _GOOD}" data-key="{safe_text(key)}" '
            f'data-value="{_exact(value)}"/>'
        )
        shown = f"{float(value):+.1f}"
        if below:
            body.append(_text(x - 4, y + 13, shown, anchor="end"))
        else:
            body.append(_text(x + wide + 4, y + 13, shown))
    bottom = _TITLE_HEIGHT + 6 + _ROW * len(items)
    body.append(
        f'<line x1="{_f(zero)}" y1="{_TITLE_HEIGHT + 4}" x2="{_f(zero)}" y2="{_f(bottom + 2)}" '
        f'stroke="{_AXIS}"/>'
    )
    return _svg(name, title, bottom + 10, body)


def split_bar(
    parts: Sequence[tuple[str, str, Number]],
    *,
    title: str,
    name: str,
) -> str:
    """One bar split into its parts, left to right (the NPS split).

    Args:
        parts: ``(key, label, value)`` of each part, 0 or more (e.g. promoters,
            passives, detractors).
        title: The chart's title.
        name: The ``data-chart`` name.

    Each part is a ``<rect>`` with ``data-key`` and ``data-value``; the legend gives
    each part's value and share of the whole.

    Raises:
        InvalidInputError: A value below 0 or not a finite number.
    """
    for key, _, value in parts:
        if _number(f"parts[{key!r}]", value) < 0:
            msg = f"parts: expected values of 0 or more, got {value!r} for {key!r}"
            raise InvalidInputError(msg)
    total = sum((_fraction(value) for _, _, value in parts), start=Fraction(0))
    left, room, top = 8.0, _WIDTH - 16.0, _TITLE_HEIGHT + 4.0
    body = []
    x = left
    entries = []
    for i, (key, label, value) in enumerate(parts):
        share = _fraction(value) / total if total else Fraction(0)
        wide = room * float(share)
        body.append(
            f'<rect x="{_f(x)}" y="{_f(top)}" width="{_f(wide)}" height="24" '
            f'fill="{_colour(i)}" data-key="{safe_text(key)}" data-value="{_exact(value)}"/>'
        )
        x += wide
        entries.append((_colour(i), f"{label} {_exact(value)} ({_percent(share)})"))
    legend, height = _legend(entries, top + 34)
    return _svg(name, title, top + 40 + height, [*body, *legend])


def sla_clocks(
    clocks: Sequence[tuple[str, Number, Number, bool]],
    *,
    title: str = "SLA clocks of open cases",
    name: str = "sla-clocks",
    breached_label: str = "breached",
    unit: str = "h",
) -> str:
    """The SLA clocks of open cases: working time used against the time allowed (CMP-NOW).

    One bar per clock, top to bottom in the order given, on a common scale of the share
    of its own target used: a line marks 100 % (the deadline), a bar past it ran over
    (bars stop at 200 %; the text after the bar gives the figures).

    Args:
        clocks: One ``(label, used, allowed, breached)`` per clock:

            * ``label`` (str): what the clock is, e.g. ``"K-17 first response"``;
            * ``used`` (int, float or Decimal, 0 or more): the working time used so
              far, pauses excluded, in ``unit`` (e.g. ``SlaClock.used`` in hours);
            * ``allowed`` (int, float or Decimal, above 0): the working time the target
              allows, in the same unit (``SlaClock.target``);
            * ``breached`` (bool): whether the target ran out (``SlaState.BREACHED``);
              a breached clock is drawn in the warning colour and marked
              ``breached_label``.
        title: The chart's title.
        name: The ``data-chart`` name.
        breached_label: The mark after a breached clock's figures.
        unit: The unit written after the figures.

    Each clock is a ``<g class="clock">`` with ``data-label``, ``data-used``,
    ``data-allowed`` (exactly as given) and ``data-breached`` (``"true"`` or
    ``"false"``).

    Raises:
        InvalidInputError: ``used`` below 0, ``allowed`` not above 0, a figure that is
            not a finite number, or ``breached`` not a bool.
    """
    for label, used, allowed, breached in clocks:
        if _number(f"used of {label!r}", used) < 0:
            msg = f"clocks: expected a used time of 0 or more for {label!r}, got {used!r}"
            raise InvalidInputError(msg)
        if _number(f"allowed of {label!r}", allowed) <= 0:
            msg = f"clocks: expected an allowed time above 0 for {label!r}, got {allowed!r}"
            raise InvalidInputError(msg)
        if not isinstance(breached, bool):
            msg = f"clocks: expected breached to be True or False for {label!r}, got {breached!r}"
            raise InvalidInputError(msg)
    left = _rows_left([clock[0] for clock in clocks])
    room = (_WIDTH - left - 150) / 2  # the width of 100 %
    body = []
    for i, (label, used, allowed, breached) in enumerate(clocks):
        y = _TITLE_HEIGHT + 6 + _ROW * i
        ratio = float(min(Fraction(2), _fraction(used) / _fraction(allowed)))
        wide = room * ratio
        figures = f"{float(used):,.1f} / {float(allowed):,.1f} {unit}"
        if breached:
            figures += f" \u2014 {breached_label}"
        body.append(
            f'<g class="clock" data-label="{safe_text(label)}" data-used="{_exact(used)}" '
            f'data-allowed="{_exact(allowed)}" data-breached="{"true" if breached else "false"}">'
        )
        body.append(_text(left - 6, y + 13, label, anchor="end"))
        body.append(
            f'<rect x="{_f(left)}" y="{_f(y + 3)}" width="{_f(wide)}" height="{_ROW - 6}" '
            f'fill="{_BAD if breached else _GOOD}"/>'
        )
        body.append(_text(left + wide + 4, y + 13, figures))
        body.append("</g>")
    bottom = _TITLE_HEIGHT + 6 + _ROW * len(clocks)
    body.append(
        f'<line x1="{_f(left + room)}" y1="{_TITLE_HEIGHT + 2}" x2="{_f(left + room)}" '
        f'y2="{_f(bottom + 2)}" stroke="{_AXIS}" stroke-dasharray="4 3"/>'
    )
    body.append(_text(left + room, bottom + 14, "100 %", anchor="middle"))
    return _svg(name, title, bottom + 22, body)
