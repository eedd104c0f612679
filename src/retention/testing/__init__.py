"""Testing kit for hosts and for the library's own tests.

* :mod:`retention.testing.strategies`: hypothesis strategies that generate valid
  library inputs, with keyword arguments to narrow them.
* ``st.from_type``: once the package is installed, hypothesis resolves the library's
  public value types (``Purchase``, the policies, ``StoreCalendar``, ``Case``, ...)
  through the ``hypothesis`` entry point, which calls
  ``retention.testing._hypothesis._hypothesis_setup_hook`` when hypothesis is imported.
* :mod:`retention.testing.pytest_plugin`: opt-in fixtures (a sample store, a CN and a
  US calendar, a fixed "today"); load it with
  ``pytest_plugins = ["retention.testing.pytest_plugin"]`` in the top-level conftest.

Nothing here is imported by ``import retention``, and importing this package imports
neither hypothesis nor pytest: only the strategies module and the plugin do.
"""
