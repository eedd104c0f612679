"""Screenshots of the results' HTML in headless Chromium, for the docs.

Renders the sample store's review and each of its parts (the HTML Jupyter shows, charts
included) as a standalone page, opens each page in headless Chromium and saves a PNG in
``docs/_static/screenshots/``. Run it with ``make screenshots`` after changing how a
result looks; the PNGs are committed, so building the docs needs no browser.

Chromium is Debian's ``chromium`` package (``make screenshots`` installs it with apt-get
when it is missing and the user may); ``--chromium PATH`` names another binary.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from retention.sample import sample_store
from retention.store import Store

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "_static" / "screenshots"
WIDTH = 1100

#: Flags for a closed network, as root, with a fresh profile (no first-run, no sync).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def pages() -> dict[str, tuple[str, int]]:
    """Each screenshot's name, its HTML and the height of the window it is taken in."""
    sample = sample_store()
    review = Store.from_sample(sample).review(sample.as_of, days=30)
    assert review.satisfaction is not None  # noqa: S101  # the sample has a survey
    assert review.lessons is not None  # noqa: S101  # and complaints
    return {
        "abc": (review.classes._repr_html_(), 900),
        "plan": (review.plan._repr_html_(), 1000),
        "churn": (review.churn._repr_html_(), 900),
        "satisfaction": (review.satisfaction._repr_html_(), 1000),
        "lessons": (review.lessons._repr_html_(), 800),
        "review": (review._repr_html_(), 1400),
    }


def page(title: str, body: str) -> str:
    """A standalone HTML5 page around ``body``, as a notebook shows it (white, sans-serif)."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        "<style>body{font-family:sans-serif;margin:16px;background:#fff}</style>"
        f"</head><body>{body}</body></html>"
    )


def shoot(chromium: str, html_file: Path, png: Path, height: int) -> None:
    """Open ``html_file`` in headless Chromium and save the window as ``png``."""
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        subprocess.run(  # noqa: S603  # our own binary and files
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{height}",
                f"--screenshot={png}",
                html_file.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main(argv: list[str] | None = None) -> int:
    """Write every screenshot; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        sys.stderr.write(
            f"screenshots: no Chromium at {args.chromium} (apt-get install chromium)\n"
        )
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screens-") as work:
        for name, (body, height) in pages().items():
            html_file = Path(work) / f"{name}.html"
            html_file.write_text(page(name, body), encoding="utf-8")
            png = args.out / f"{name}.png"
            shoot(args.chromium, html_file, png, height)
            sys.stdout.write(f"screenshots: {png}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
