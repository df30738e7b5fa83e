"""A fixture shared by the scan's tests."""

import pytest

from slimcompat._scan import _installed


@pytest.fixture(autouse=True)
def runner_serves_no_legacy_python(monkeypatch):
  """Python 2 and NumPy names block, whatever the runtime serves: these tests
  are about findings as such (test_scan_patterns covers *served*)."""
  monkeypatch.setattr(_installed.Installed, 'legacy_python_served',
                      lambda self: False)
