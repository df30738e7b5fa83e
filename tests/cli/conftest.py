"""Fixtures of the CLI tests."""

import pytest

from slimcompat._scan import _installed


@pytest.fixture
def no_served_legacy_python(monkeypatch):
  """The scan takes the legacy Python and NumPy names as not served by
  ``run --tf1``, whatever the runtime does: for tests about findings as such
  (test_scan_patterns covers *served*)."""
  monkeypatch.setattr(_installed.Installed, 'legacy_python_served',
                      lambda self: False)
