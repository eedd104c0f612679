"""Shared test set-up: hypothesis profiles.

``make test`` (and CI, which runs it) loads ``repeatable``: derandomized, no example
database, so every run on every machine draws the same examples and gives the same
result; 100 examples a property (hypothesis' own default), which keeps the whole check
within its ten minutes on a shared two-core machine (``make fuzz`` explores further).
Other profiles are picked by ``HYPOTHESIS_PROFILE``:

- ``fuzz`` (``make fuzz``): many more examples (``FUZZ_EXAMPLES``, default 2,000) from a
  random seed, which ``make fuzz`` prints with the command that replays it; failures are
  kept in ``.hypothesis/`` and tried first on the next fuzz run.
- ``mutants`` (``make mutants``): the repeatable profile with few examples, so each of
  the mutation run's thousands of test runs stays short.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_IS_FINE = [HealthCheck.too_slow]  # shared, noisy 2-core machines

settings.register_profile(
    "repeatable",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")),
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.register_profile(
    "mutants",
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# pytester makes host projects (tests/test_testing_kit.py); the library's own fixtures
# are loaded the way a host loads them.
pytest_plugins = ["pytester", "retention.testing.pytest_plugin"]
