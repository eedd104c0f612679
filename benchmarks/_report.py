"""Formatting shared by the benchmark scripts: durations and target verdicts."""

from __future__ import annotations

from pathlib import Path

__all__ = ["seconds", "status_kib", "verdict"]


def seconds(value: float) -> str:
    """Format a duration for the tables, e.g. ``"  1.234 s"`` or ``" 12.3 ms"``.

    Args:
        value: A duration in seconds.

    Returns:
        The duration in seconds (one second or more) or milliseconds, right-aligned.
    """
    if value >= 1:
        return f"{value:7.3f} s "
    return f"{value * 1000:7.1f} ms"


def verdict(label: str, value: float, target: float) -> bool:
    """Print one target line, e.g. ``plan/build = 3.20 (target <= 5): PASS``.

    Args:
        label: What the ratio is.
        value: The ratio of medians.
        target: The highest value that passes.

    Returns:
        Whether the target is met.
    """
    ok = value <= target
    print(f"{label} = {value:.2f} (target <= {target:g}): {'PASS' if ok else 'FAIL'}")
    return ok


def status_kib(field: str) -> int:
    """A field of this process's ``/proc/self/status`` in KiB (``VmRSS``, ``VmHWM``).

    Args:
        field: The field's name.

    Returns:
        Its value in KiB.

    Raises:
        RuntimeError: The field is not there (not Linux).
    """
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    msg = f"no {field} in /proc/self/status"
    raise RuntimeError(msg)
