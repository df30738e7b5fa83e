"""Stand-in for ``tensorflow.contrib`` while `slimcompat.install()` is in force.

The served parts are those of the alias table (`slimcompat._aliases.ALIASES`):
``contrib.slim`` (slimcompat itself), ``framework`` and ``layers`` (slim's
names), ``training`` (with HParams), ``metrics`` and ``losses`` (slim's),
``quantize``, ``tfprof``, ``lookup`` (TF 1.x's vocabulary tables) and
``legacy_seq2seq``.  Any other contrib module raises an
AttributeError that names its TF 2 replacement.  `status` answers, from the
table alone, how slimcompat treats a legacy contrib name.
"""

import importlib

from slimcompat import _aliases
from slimcompat.contrib._missing import missing_name_error
from slimcompat.contrib._missing import refused_error
from slimcompat.contrib._status import status

_PREFIX = 'tensorflow.contrib.'


def _served():
  return {key[len(_PREFIX):]: target
          for key, target in _aliases.ALIASES.items()
          if key.startswith(_PREFIX) and '.' not in key[len(_PREFIX):]
          and isinstance(target, str)}


def __getattr__(name):
  key, entry = _aliases.entry_of(_PREFIX + name)
  if key == _PREFIX + name and isinstance(entry, str):
    return importlib.import_module(entry)
  if isinstance(entry, _aliases.Refused):
    raise refused_error('tf.contrib.' + key[len(_PREFIX):], entry.hint,
                        AttributeError)
  raise missing_name_error('tf.contrib', name)


def __dir__():
  return sorted(_served())
