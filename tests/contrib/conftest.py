"""`installed`: slimcompat.install() for one test, the reference set aside."""

import sys

import pytest

import slimcompat


@pytest.fixture
def installed():
  reference = {name: module for name, module in sys.modules.items()
               if name == 'tf_slim' or name.startswith('tf_slim.')}
  for name in reference:
    del sys.modules[name]
  slimcompat.install()
  yield
  slimcompat.uninstall()
  sys.modules.update(reference)
