"""Shared test set-up: hypothesis profiles.

``dev`` is the default; CI (``CI`` set in the environment) loads ``ci``: more examples,
derandomized so a run is repeatable, and no deadline on a shared, noisy machine.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# pytester makes host projects (tests/test_testing_kit.py); the library's own fixtures
# are loaded the way a host loads them.
pytest_plugins = ["pytester", "retention.testing.pytest_plugin"]
