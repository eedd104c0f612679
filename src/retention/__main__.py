"""``python -m retention``: the command line (see :mod:`retention.cli`)."""

from __future__ import annotations

import sys

from retention.cli import main

if __name__ == "__main__":
    sys.exit(main())
